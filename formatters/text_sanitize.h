// Text helpers shared by the formatters. Audit values are raw bytes (hex-decoded paths, argv,
// comm) that may be any byte sequence; SIEM formats require UTF-8 text. Everything here is pure.
// (base_name is in parser/path_resolve.h.)
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace audisp_ima {

// `bytes` with each maximal invalid UTF-8 subpart replaced by U+FFFD (Unicode 15 §3.9, "U+FFFD
// Substitution of Maximal Subparts"): bad lead bytes, truncated sequences, overlong forms,
// surrogates (U+D800..DFFF) and code points above U+10FFFF. Valid input comes back unchanged.
// *replaced (when given) is set to whether anything was replaced.
std::string to_valid_utf8(std::string_view bytes, bool* replaced = nullptr);

// The first unit of non-empty `bytes` under the same rule: a whole valid sequence (valid, 1..4
// bytes) or one maximal invalid subpart (not valid, 1..3 bytes), which stands for one U+FFFD.
// Lets writers sanitize while they copy, without an intermediate string.
struct Utf8Unit {
    size_t length;
    bool valid;
};
Utf8Unit next_utf8_unit(std::string_view bytes);

inline constexpr std::string_view kReplacementCharacter = "\xEF\xBF\xBD";  // U+FFFD in UTF-8

// "1970-01-01T00:00:00.000Z" for an audit timestamp (seconds + milliseconds, UTC). Milliseconds
// of 1000 or more carry into the seconds, as in epoch_millis.
std::string rfc3339_utc(uint64_t sec, uint32_t msec);

// Milliseconds since the epoch as decimal text, exact for every input (no overflow).
std::string epoch_millis(uint64_t sec, uint32_t msec);

}  // namespace audisp_ima
