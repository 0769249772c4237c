#include "parser/exec_syscall_fallback.h"

#include <array>

namespace audisp_ima {
namespace {

// arch values: include/uapi/linux/audit.h, AUDIT_ARCH_* = EM_* | __AUDIT_ARCH_64BIT (0x80000000)
// | __AUDIT_ARCH_LE (0x40000000) | __AUDIT_ARCH_CONVENTION_MIPS64_N32 (0x20000000).
// Names are the macro names in lower case, so each one can be looked up there.
constexpr std::array<FallbackArch, 10> kArchs{{
    // EM_ARM without LE. libaudit maps only the little-endian AUDIT_ARCH_ARM. Big-endian EABI uses
    // the same table as arm: arch/arm/tools/syscall.tbl.
    {0x00000028, "armeb", 11, 387},
    // EM_RISCV (243). Both use the generic table, include/uapi/asm-generic/unistd.h.
    {0x400000f3, "riscv32", 221, 281},
    {0xc00000f3, "riscv64", 221, 281},
    // EM_LOONGARCH (258): the generic table too.
    {0xc0000102, "loongarch64", 221, 281},
    // EM_MIPS (8). MIPS numbers each ABI from its own base (arch/mips/include/asm/unistd.h:
    // o32 4000, n64 5000, n32 6000) and audit logs the number with it. The tables list the
    // number without the base: arch/mips/kernel/syscalls/syscall_o32.tbl (execve 11, execveat
    // 356), syscall_n64.tbl (57, 316), syscall_n32.tbl (57, 320).
    {0x00000008, "mips", 4011, 4356},
    {0x40000008, "mipsel", 4011, 4356},
    {0x80000008, "mips64", 5057, 5316},
    {0xc0000008, "mipsel64", 5057, 5316},
    {0xa0000008, "mips64n32", 6057, 6320},
    {0xe0000008, "mipsel64n32", 6057, 6320},
}};

// arch/x86/include/uapi/asm/unistd.h
constexpr int64_t kX32SyscallBit = 0x40000000;
// arch/x86/entry/syscalls/syscall_64.tbl, abi "x32". The x86_64 numbers of the same calls (59,
// 322) are abi "64", not valid for x32, which is why the bit cannot just be stripped.
constexpr int64_t kX32Execve = 520;
constexpr int64_t kX32Execveat = 545;

}  // namespace

const FallbackArch* find_fallback_arch(uint32_t audit_arch) {
    for (const auto& arch : kArchs)
        if (arch.audit_arch == audit_arch) return &arch;
    return nullptr;
}

bool has_x32_bit(int64_t number) { return number >= 0 && (number & kX32SyscallBit) != 0; }

std::optional<std::string_view> x32_exec_name(int64_t number) {
    if (!has_x32_bit(number)) return std::nullopt;
    const int64_t call = number & ~kX32SyscallBit;
    if (call == kX32Execve) return "execve";
    if (call == kX32Execveat) return "execveat";
    return std::nullopt;
}

}  // namespace audisp_ima
