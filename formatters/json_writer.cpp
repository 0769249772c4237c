#include "formatters/json_writer.h"

#include <array>
#include <cstdint>
#include <cstring>

#include "formatters/text_sanitize.h"

namespace audisp_ima {
namespace {

// What an ASCII byte turns into inside a JSON string: 0 for itself, else the letter after the
// backslash ('u' for \u00XX). These are exactly the bytes nlohmann's serializer escapes.
constexpr std::array<char, 128> kEscapes = [] {
    std::array<char, 128> table{};
    for (size_t c = 0; c < 0x20; ++c) table[c] = 'u';
    table['\b'] = 'b';
    table['\t'] = 't';
    table['\n'] = 'n';
    table['\f'] = 'f';
    table['\r'] = 'r';
    table['"'] = '"';
    table['\\'] = '\\';
    return table;
}();

// True when none of the eight bytes in `word` needs a look: each is ASCII, at least 0x20, and
// neither '"' nor '\\' (what kEscapes leaves as it is). The bulk of every value is such bytes,
// and testing eight at once costs about what testing one did. The word tests never miss such a
// byte; they may flag a plain one, and the byte loop then decides.
bool eight_plain_bytes(uint64_t word) {
    constexpr uint64_t kOnes = 0x0101010101010101ULL;
    constexpr uint64_t kHigh = 0x8080808080808080ULL;
    auto has_zero_byte = [](uint64_t x) { return (x - kOnes) & ~x & kHigh; };
    uint64_t below_space = (word - kOnes * 0x20) & ~word & kHigh;
    uint64_t quote = has_zero_byte(word ^ (kOnes * '"'));
    uint64_t backslash = has_zero_byte(word ^ (kOnes * '\\'));
    return ((word & kHigh) | below_space | quote | backslash) == 0;
}

}  // namespace

// Most keys and values are short and plain: a word test per eight bytes (the last word
// overlapping), then one append, instead of the byte loop of append_json_string_contents.
bool is_plain_json_text(std::string_view bytes) {
    uint64_t word;
    size_t size = bytes.size();
    if (size < 8) {  // byte by byte: a copy into a padded word costs a memcpy call
        for (unsigned char c : bytes)
            if (c >= 0x80 || kEscapes[c] != 0) return false;
        return true;
    }
    size_t i = 0;
    for (; i + 8 <= size; i += 8) {
        std::memcpy(&word, bytes.data() + i, 8);
        if (!eight_plain_bytes(word)) return false;
    }
    if (i == size) return true;
    std::memcpy(&word, bytes.data() + size - 8, 8);
    return eight_plain_bytes(word);
}

bool append_json_string_contents(std::string& out, std::string_view bytes) {
    static constexpr char kHex[] = "0123456789abcdef";  // nlohmann writes \u001b, not \u001B
    if (is_plain_json_text(bytes)) {
        out.append(bytes);
        return false;
    }
    bool replaced = false;
    size_t copied = 0;  // bytes before this index are already in `out`
    size_t i = 0;
    // Bytes that stay as they are accumulate into one append rather than one push_back each.
    auto flush = [&] { out.append(bytes.data() + copied, i - copied); };
    while (i < bytes.size()) {
        for (uint64_t word; i + 8 <= bytes.size(); i += 8) {
            std::memcpy(&word, bytes.data() + i, 8);
            if (!eight_plain_bytes(word)) break;
        }
        if (i == bytes.size()) break;
        auto byte = static_cast<unsigned char>(bytes[i]);
        if (byte < 0x80) {
            char escape = kEscapes[byte];
            if (escape == 0) {
                ++i;
                continue;
            }
            flush();
            out.push_back('\\');
            out.push_back(escape);
            if (escape == 'u') {
                out.append("00");
                out.push_back(kHex[byte >> 4]);
                out.push_back(kHex[byte & 0xF]);
            }
            copied = ++i;
            continue;
        }
        Utf8Unit unit = next_utf8_unit(bytes.substr(i));
        if (unit.valid) {
            i += unit.length;
            continue;
        }
        flush();
        out.append(kReplacementCharacter);
        replaced = true;
        i += unit.length;
        copied = i;
    }
    flush();
    return replaced;
}

}  // namespace audisp_ima
