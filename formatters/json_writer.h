// Compact JSON written straight into a string, token by token, with no document in memory. The
// bytes are exactly those nlohmann::json::dump() (no indent, ensure_ascii off) gives for the same
// values, so the JSON formatter could drop its DOM without changing a byte of output:
//   - strings escape '"', '\\', \b \f \n \r \t, and every other byte below 0x20 as \u00XX with
//     lowercase hex; '/', DEL (0x7F) and non-ASCII UTF-8 are copied as they are;
//   - integers are plain decimal, booleans true/false.
// Where nlohmann would throw on invalid UTF-8, this writer replaces each maximal invalid subpart
// by U+FFFD exactly as to_valid_utf8 does, and tells the caller.
#pragma once

#include <charconv>
#include <concepts>
#include <string>
#include <string_view>

namespace audisp_ima {

// The escaped, sanitized contents of `bytes` as they go between the quotes of a JSON string,
// appended to `out`. Returns true when invalid UTF-8 was replaced.
bool append_json_string_contents(std::string& out, std::string_view bytes);
// True when every byte of `bytes` is written as it is (printable ASCII other than '"' and '\\').
bool is_plain_json_text(std::string_view bytes);

// The caller keeps the structure well formed (a key before each value inside objects, matching
// begin/end): the writer only places commas and colons.
class JsonWriter {
public:
    explicit JsonWriter(std::string& out) : out_(out) {}

    void begin_object() { open('{'); }
    void end_object() { close('}'); }
    void begin_array() { open('['); }
    void end_array() { close(']'); }

    // An object key. Returns true when invalid UTF-8 was replaced.
    bool key(std::string_view bytes) {
        if (bytes.size() <= kShortKey && is_plain_json_text(bytes)) {
            plain_key(bytes);
            return false;
        }
        return long_key(bytes);
    }

    // A key the caller knows is plain (is_plain_json_text): a short one is written without a look.
    void plain_key(std::string_view bytes) {
        if (bytes.size() > kShortKey) {
            long_key(bytes);
            return;
        }
        // The comma, the quoted key and the colon in one append: keys run ~50 times a message.
        char text[kShortKey + 4];
        size_t n = 0;
        if (need_comma_) text[n++] = ',';
        text[n++] = '"';
        for (char c : bytes) text[n++] = c;  // at most kShortKey: a loop, not a memcpy call
        text[n++] = '"';
        text[n++] = ':';
        out_.append(text, n);
        need_comma_ = false;
    }

    // A string value. Returns true when invalid UTF-8 was replaced.
    bool string(std::string_view bytes) {
        separate();
        need_comma_ = true;
        return append_quoted(bytes);
    }

    template <std::integral T>
        requires(!std::same_as<T, bool>)
    void number(T value) {
        separate();
        need_comma_ = true;
        char digits[24];  // 20 digits of UINT64_MAX, or a sign and 19
        auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
        out_.append(digits, end);
    }

    // An integer as a string value ("1000"), as ECS keyword ids are: digits need no escaping.
    template <std::integral T>
        requires(!std::same_as<T, bool>)
    void number_string(T value) {
        separate();
        need_comma_ = true;
        char text[24];  // the quotes and 20 digits, or a sign and 19
        text[0] = '"';
        auto end = std::to_chars(text + 1, text + sizeof text - 1, value).ptr;
        *end++ = '"';
        out_.append(text, end);
    }

    void boolean(bool value) {
        separate();
        need_comma_ = true;
        out_.append(value ? "true" : "false");
    }

    // One string value: `pieces` joined by `separator`, without building the joined text. The
    // separator must be ASCII: it ends any UTF-8 sequence, so sanitizing piece by piece gives the
    // same bytes as sanitizing the whole. Returns true when invalid UTF-8 was replaced.
    template <typename Pieces>
    bool joined_string(const Pieces& pieces, char separator) {
        separate();
        need_comma_ = true;
        out_.push_back('"');
        bool replaced = false;
        bool first = true;
        for (const auto& piece : pieces) {
            if (!first) append_json_string_contents(out_, std::string_view(&separator, 1));
            first = false;
            replaced |= append_json_string_contents(out_, piece);
        }
        out_.push_back('"');
        return replaced;
    }

private:
    static constexpr size_t kShortKey = 32;

    bool long_key(std::string_view bytes) {
        separate();
        bool replaced = append_quoted(bytes);
        out_.push_back(':');
        need_comma_ = false;
        return replaced;
    }

    void separate() {
        if (need_comma_) out_.push_back(',');
    }
    void open(char bracket) {
        separate();
        out_.push_back(bracket);
        need_comma_ = false;
    }
    void close(char bracket) {
        out_.push_back(bracket);
        need_comma_ = true;
    }
    bool append_quoted(std::string_view bytes) {
        out_.push_back('"');
        bool replaced = append_json_string_contents(out_, bytes);
        out_.push_back('"');
        return replaced;
    }

    std::string& out_;
    bool need_comma_ = false;  // a value or a closed container came last at this level
};

}  // namespace audisp_ima
