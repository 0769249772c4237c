#include "parser/syscall_names.h"

#include <libaudit.h>

#include <limits>

#include "parser/exec_syscall_fallback.h"

namespace audisp_ima {
namespace {

constexpr uint32_t kAuditArchX86_64 = 0xc000003e;
constexpr uint32_t kAuditArchArm = 0x40000028;

// audit_elf_to_machine answers -1 for an AUDIT_ARCH value it has no syscall table for.
std::optional<int> libaudit_machine(uint32_t audit_arch) {
    const int machine = audit_elf_to_machine(audit_arch);
    if (machine < 0) return std::nullopt;
    return machine;
}

}  // namespace

std::optional<std::string_view> arch_name(uint32_t audit_arch) {
    // libaudit 3.0.9 names MACH_ARM "armeb" (its machine table lists that name first for it, and
    // still does in 4.x), although AUDIT_ARCH_ARM is the little-endian one. This plugin has
    // always printed "arm" for it, and "armeb" for the big-endian value (fallback table).
    if (audit_arch == kAuditArchArm) return "arm";
    if (auto machine = libaudit_machine(audit_arch))
        if (const char* name = audit_machine_to_name(*machine)) return name;
    if (const FallbackArch* arch = find_fallback_arch(audit_arch)) return arch->name;
    return std::nullopt;
}

std::optional<std::string_view> syscall_name(uint32_t audit_arch, int64_t number) {
    // Before libaudit: it does not know the x32 numbers, and must not be asked with the bit
    // stripped (x32 has no call 59, x86_64's execve).
    if (audit_arch == kAuditArchX86_64 && has_x32_bit(number)) return x32_exec_name(number);
    if (number < 0 || number > std::numeric_limits<int>::max()) return std::nullopt;
    if (auto machine = libaudit_machine(audit_arch))
        if (const char* name = audit_syscall_to_name(static_cast<int>(number), *machine)) return name;
    if (const FallbackArch* arch = find_fallback_arch(audit_arch)) {
        if (number == arch->execve) return "execve";
        if (number == arch->execveat) return "execveat";
    }
    return std::nullopt;
}

}  // namespace audisp_ima
