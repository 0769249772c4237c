// Numeric audit record types this project looks at (linux/audit.h, kernel 6.1).
#pragma once

#include <optional>
#include <string_view>

namespace audisp_ima::record_type {

inline constexpr int kSyscall = 1300;
inline constexpr int kPath = 1302;
inline constexpr int kCwd = 1307;
inline constexpr int kExecve = 1309;
inline constexpr int kEoe = 1320;
inline constexpr int kProctitle = 1327;

inline constexpr int kIntegrityFirst = 1800;  // INTEGRITY_DATA
inline constexpr int kIntegrityRule = 1805;
inline constexpr int kIntegrityLast = 1807;   // INTEGRITY_POLICY_RULE

inline constexpr bool is_integrity(int type) { return type >= kIntegrityFirst && type <= kIntegrityLast; }

// "SYSCALL" -> 1300, "UNKNOWN[1805]" -> 1805; nullopt for names this project does not know.
std::optional<int> from_name(std::string_view name);
// 1805 -> "INTEGRITY_RULE"; empty for numbers this project does not know.
std::string_view to_name(int type);

}  // namespace audisp_ima::record_type
