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

// A control character: C0 (U+0000-U+001F) or DEL.
inline bool is_control_byte(char c) {
    auto b = static_cast<unsigned char>(c);
    return b < 0x20 || b == 0x7f;
}

// A header field of CEF or LEEF ("CEF:0|...|", "LEEF:2.0|...|"): valid UTF-8, '\' and '|' escaped
// with '\'; neither format has an escape for a line break or another control character in the
// header, so those become U+FFFD.
std::string pipe_header_field(std::string_view text);

// Appends `value` to `out` in one pass, without a repaired copy: invalid UTF-8 as U+FFFD, every
// byte of a valid character through `escape(out, byte)`, which appends it (escaped, or replaced)
// and returns true when it replaced it. True when anything was replaced.
template <typename Escape>
bool append_repaired(std::string& out, std::string_view value, Escape&& escape) {
    bool replaced = false;
    out.reserve(out.size() + value.size());
    while (!value.empty()) {
        Utf8Unit unit = next_utf8_unit(value);
        if (unit.valid) {
            for (char c : value.substr(0, unit.length)) replaced |= escape(out, c);
        } else {
            out += kReplacementCharacter;
            replaced = true;
        }
        value.remove_prefix(unit.length);
    }
    return replaced;
}

// "1970-01-01T00:00:00.000Z" for an audit timestamp (seconds + milliseconds, UTC). Milliseconds
// of 1000 or more carry into the seconds, as in epoch_millis.
std::string rfc3339_utc(uint64_t sec, uint32_t msec);

// Milliseconds since the epoch as decimal text, exact for every input (no overflow).
std::string epoch_millis(uint64_t sec, uint32_t msec);

}  // namespace audisp_ima
