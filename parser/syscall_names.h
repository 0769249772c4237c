// Names for the arch= and syscall= values of SYSCALL records: libaudit's tables (what ausearch
// prints), completed by exec_syscall_fallback.h where libaudit has no table.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace audisp_ima {

// `audit_arch` is an AUDIT_ARCH_* value. nullopt when neither libaudit nor the fallback knows it.
// The views point at static tables and stay valid for the life of the process.
std::optional<std::string_view> arch_name(uint32_t audit_arch);

// Any call libaudit names on that architecture; on architectures only the fallback knows (and for
// x32), only execve and execveat. nullopt when unknown.
std::optional<std::string_view> syscall_name(uint32_t audit_arch, int64_t number);

}  // namespace audisp_ima
