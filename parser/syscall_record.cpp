#include "parser/syscall_record.h"

#include <array>

#include "parser/field_value.h"

namespace audisp_ima {
namespace {

struct ArchExecCalls {
    uint64_t audit_arch;     // AUDIT_ARCH_* value as printed in arch=
    std::string_view name;
    int64_t execve;
    int64_t execveat;
};

// From linux/audit.h (AUDIT_ARCH_*) and each architecture's syscall table. Only the two calls
// this plugin reports are listed; auditd's ENRICHED SYSCALL= interpretation covers the rest.
constexpr std::array<ArchExecCalls, 9> kArchs{{
    {0xc000003e, "x86_64", 59, 322},
    {0x40000003, "i386", 11, 358},
    {0xc00000b7, "aarch64", 221, 281},
    {0x00000028, "armeb", 11, 387},
    {0x40000028, "arm", 11, 387},
    {0x80000015, "ppc64", 11, 362},
    {0xc0000015, "ppc64le", 11, 362},
    {0x80000016, "s390x", 11, 354},
    {0xc00000f3, "riscv64", 221, 281},
}};

const ArchExecCalls* find_arch(uint64_t audit_arch) {
    for (const auto& arch : kArchs)
        if (arch.audit_arch == audit_arch) return &arch;
    return nullptr;
}

}  // namespace

SyscallRecord decode_syscall(const AuditRecord& record) {
    SyscallRecord sc;
    const ArchExecCalls* arch = nullptr;
    if (const auto* raw = record.find("arch")) {
        if (auto value = field_value::hex_to_u64(*raw)) arch = find_arch(*value);
        sc.arch = arch ? std::string(arch->name) : *raw;
    }
    if (const auto* raw = record.find("syscall")) {
        sc.number = field_value::to_i64(*raw);
        if (sc.number && arch) {
            if (*sc.number == arch->execve) sc.name = "execve";
            else if (*sc.number == arch->execveat) sc.name = "execveat";
        }
    }
    if (const auto* raw = record.find("success")) {
        if (*raw == "yes") sc.success = true;
        else if (*raw == "no") sc.success = false;
    }
    if (const auto* raw = record.find("exit")) sc.exit = field_value::to_i64(*raw);
    if (const auto* raw = record.find("key"); raw && *raw != "(null)") sc.key = field_value::decode_untrusted(*raw);
    sc.task = decode_task_info(record);
    return sc;
}

}  // namespace audisp_ima
