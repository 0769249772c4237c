#include "parser/record_types.h"

#include <array>
#include <charconv>
#include <utility>

namespace audisp_ima::record_type {
namespace {

constexpr std::array<std::pair<int, std::string_view>, 14> kNames{{
    {kSyscall, "SYSCALL"},
    {kPath, "PATH"},
    {kCwd, "CWD"},
    {kExecve, "EXECVE"},
    {kEoe, "EOE"},
    {kProctitle, "PROCTITLE"},
    {1800, "INTEGRITY_DATA"},
    {1801, "INTEGRITY_METADATA"},
    {1802, "INTEGRITY_STATUS"},
    {1803, "INTEGRITY_HASH"},
    {1804, "INTEGRITY_PCR"},
    {1805, "INTEGRITY_RULE"},
    {1806, "INTEGRITY_EVM_XATTR"},
    {1807, "INTEGRITY_POLICY_RULE"},
}};

}  // namespace

std::optional<int> from_name(std::string_view name) {
    for (const auto& [number, text] : kNames)
        if (text == name) return number;
    // auditd writes types it has no name for as UNKNOWN[NNNN].
    constexpr std::string_view prefix = "UNKNOWN[";
    if (name.size() > prefix.size() + 1 && name.substr(0, prefix.size()) == prefix && name.back() == ']') {
        int number = 0;
        auto digits = name.substr(prefix.size(), name.size() - prefix.size() - 1);
        auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
        if (ec == std::errc() && end == digits.data() + digits.size()) return number;
    }
    return std::nullopt;
}

std::string_view to_name(int type) {
    for (const auto& [number, text] : kNames)
        if (number == type) return text;
    return {};
}

}  // namespace audisp_ima::record_type
