// The exec calls libaudit cannot name. Debian 12's libaudit 3.0.9 has syscall tables for x86_64,
// i386, aarch64, arm, ppc, ppc64, ppc64le, s390 and s390x only; newer releases add riscv, none
// adds mips or loongarch, and none knows x32's numbers. Only the two calls this plugin reports are
// listed here, for the architectures the kernel audits with a syscall table libaudit lacks.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace audisp_ima {

struct FallbackArch {
    uint32_t audit_arch;    // AUDIT_ARCH_* value as printed in arch=
    std::string_view name;  // what arch= is reported as
    int64_t execve;         // syscall= values as the kernel writes them (MIPS: with the ABI offset)
    int64_t execveat;
};

// nullptr when the table does not have `audit_arch`.
const FallbackArch* find_fallback_arch(uint32_t audit_arch);

// x32 shares AUDIT_ARCH_X86_64 and marks its calls with __X32_SYSCALL_BIT (0x40000000) in syscall=.
bool has_x32_bit(int64_t number);
// "execve" / "execveat" for an x32 syscall= value (the bit set); nullopt for any other call.
std::optional<std::string_view> x32_exec_name(int64_t number);

}  // namespace audisp_ima
