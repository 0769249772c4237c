// What every fuzz target asserts, shared: a broken promise aborts with the input's reason on
// stderr, which libFuzzer reports as a crash and saves the input for.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace audisp_ima::fuzz {

[[noreturn]] void broken(std::string_view promise, std::string_view detail = {});

inline void require(bool condition, std::string_view promise, std::string_view detail = {}) {
    if (!condition) broken(promise, detail);
}

// Lines in a stream as the line reader sees them: a last line without '\n' counts too.
inline size_t line_count(std::string_view stream) {
    size_t lines = 0;
    for (char c : stream) lines += c == '\n';
    if (!stream.empty() && stream.back() != '\n') ++lines;
    return lines;
}

enum class MessageFormat { json, cef, leef, sysmon, ocsf };

// One line, valid in its format: JSON without a repeated key, CEF as strict as parse_cef, LEEF as
// strict as parse_leef, Sysmon XML as expat and parse_sysmon_xml read it, OCSF JSON without a
// repeated key and with the schema's required attributes (format_checks.h's ocsf_missing).
void require_valid_message(const std::string& message, MessageFormat format);

}  // namespace audisp_ima::fuzz
