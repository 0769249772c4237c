// Decoding of raw audit field values, shared by every record decoder.
//
// The kernel writes untrusted strings (file=, comm=, exe=, name=, cwd=, aN=, proctitle=) either in
// double quotes, or — when the value holds a space, a quote, a control byte or any byte >= 0x7f — as
// bare uppercase hex without quotes (kernel/audit.c audit_log_n_untrustedstring). Decoded values are
// arbitrary bytes: they may contain NUL, newlines or invalid UTF-8. Making them safe is the
// formatters' job, not ours.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace audisp_ima::field_value {

// `"abc"` -> abc; `2F746D70` -> /tmp; `(null)`/`(none)`/`?` and other non-hex tokens stay as they are.
std::string decode_untrusted(std::string_view raw);

// Strips one pair of surrounding double quotes if present; no hex decoding. For fields the kernel
// prints with %s inside quotes (key="exec", hash="sha256:...").
std::string_view unquote(std::string_view raw);

// Each byte's value as a hex digit (either case), or kNotHex: one load instead of three range
// tests a digit, for the decoders that read hundreds of digits a record.
inline constexpr uint8_t kNotHex = 0xFF;
inline constexpr std::array<uint8_t, 256> kHexDigitValue = [] {
    std::array<uint8_t, 256> table{};
    table.fill(kNotHex);
    for (int c = '0'; c <= '9'; ++c) table[static_cast<size_t>(c)] = static_cast<uint8_t>(c - '0');
    for (int c = 'a'; c <= 'f'; ++c) table[static_cast<size_t>(c)] = static_cast<uint8_t>(c - 'a' + 10);
    for (int c = 'A'; c <= 'F'; ++c) table[static_cast<size_t>(c)] = static_cast<uint8_t>(c - 'A' + 10);
    return table;
}();
constexpr unsigned hex_digit_value(char c) { return kHexDigitValue[static_cast<unsigned char>(c)]; }
constexpr bool is_hex_digit(char c) { return hex_digit_value(c) != kNotHex; }

// Hex string (either case) to bytes; nullopt when the length is odd or a digit is not hex.
std::optional<std::string> hex_decode(std::string_view hex);
// Bytes to lowercase hex.
std::string hex_encode(std::string_view bytes);

// Whole-field unsigned / signed integers in decimal. Rejects trailing junk, empty input, overflow.
std::optional<uint64_t> to_u64(std::string_view raw);
std::optional<int64_t> to_i64(std::string_view raw);
// Hexadecimal without 0x, as in SYSCALL arch=c000003e.
std::optional<uint64_t> hex_to_u64(std::string_view raw);

}  // namespace audisp_ima::field_value
