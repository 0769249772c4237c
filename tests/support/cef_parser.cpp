#include "tests/support/cef_parser.h"

#include <cstdint>
#include <stdexcept>

namespace audisp_ima::test {
namespace {

[[noreturn]] void fail(const std::string& why) { throw std::runtime_error("invalid CEF: " + why); }

// Plain structural check (RFC 3629): no overlongs, no surrogates, nothing above U+10FFFF.
bool is_valid_utf8(std::string_view s) {
    size_t i = 0;
    while (i < s.size()) {
        auto b = static_cast<unsigned char>(s[i]);
        size_t extra;
        uint32_t cp;
        if (b < 0x80) { ++i; continue; }
        if ((b & 0xE0) == 0xC0) { extra = 1; cp = b & 0x1F; }
        else if ((b & 0xF0) == 0xE0) { extra = 2; cp = b & 0x0F; }
        else if ((b & 0xF8) == 0xF0) { extra = 3; cp = b & 0x07; }
        else return false;
        if (i + extra >= s.size()) return false;  // truncated at the end
        for (size_t k = 1; k <= extra; ++k) {
            auto c = static_cast<unsigned char>(s[i + k]);
            if ((c & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (c & 0x3F);
        }
        static constexpr uint32_t kMinForLength[] = {0, 0x80, 0x800, 0x10000};
        if (cp < kMinForLength[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
        i += extra + 1;
    }
    return true;
}

bool is_key_char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

// Splits the header into its 7 fields (unescaped) and returns where the extension starts.
size_t parse_header(std::string_view line, std::vector<std::string>& fields) {
    std::string current;
    size_t i = 4;  // after "CEF:"
    while (i < line.size() && fields.size() < 7) {
        char c = line[i];
        if (c == '\\') {
            if (i + 1 >= line.size() || (line[i + 1] != '|' && line[i + 1] != '\\'))
                fail("bad escape in header at offset " + std::to_string(i));
            current.push_back(line[i + 1]);
            i += 2;
        } else if (c == '|') {
            fields.push_back(std::move(current));
            current.clear();
            ++i;
        } else {
            current.push_back(c);
            ++i;
        }
    }
    if (fields.size() < 7) fail("fewer than 7 header separators");
    return i;
}

int parse_severity(const std::string& text) {
    if (text.empty() || text.size() > 2) fail("severity '" + text + "'");
    for (char c : text)
        if (c < '0' || c > '9') fail("severity '" + text + "'");
    int value = std::stoi(text);
    if (value > 10) fail("severity '" + text + "'");
    return value;
}

std::string unescape_value(std::string_view raw) {
    std::string out;
    for (size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] != '\\') {
            out.push_back(raw[i]);
            continue;
        }
        // Escapes were validated while scanning; here only their meaning matters.
        char next = raw[++i];
        out.push_back(next == 'n' ? '\n' : next == 'r' ? '\r' : next);
    }
    return out;
}

struct KeyPosition {
    size_t key_begin;  // first character of the key
    size_t equals;     // the '=' after it
};

// Every unescaped '=' must end a key; returns them in order.
std::vector<KeyPosition> find_keys(std::string_view ext) {
    std::vector<KeyPosition> keys;
    for (size_t i = 0; i < ext.size(); ++i) {
        if (ext[i] == '\\') {
            if (i + 1 >= ext.size()) fail("extension ends in a lone backslash");
            char next = ext[i + 1];
            if (next != '\\' && next != '=' && next != 'n' && next != 'r')
                fail("bad escape '\\" + std::string(1, next) + "' in extension at offset " + std::to_string(i));
            ++i;
            continue;
        }
        if (ext[i] != '=') continue;
        size_t begin = i;
        while (begin > 0 && is_key_char(ext[begin - 1])) --begin;
        if (begin == i) fail("empty key or unescaped '=' at offset " + std::to_string(i));
        if (begin != 0 && ext[begin - 1] != ' ')
            fail("unescaped '=' inside a value at offset " + std::to_string(i));
        keys.push_back({begin, i});
    }
    return keys;
}

std::vector<std::pair<std::string, std::string>> parse_extension(std::string_view ext) {
    std::vector<std::pair<std::string, std::string>> out;
    if (ext.empty()) return out;
    auto keys = find_keys(ext);
    if (keys.empty()) fail("extension without any key=value");
    if (keys.front().key_begin != 0) fail("text before the first extension key");
    for (size_t k = 0; k < keys.size(); ++k) {
        std::string key(ext.substr(keys[k].key_begin, keys[k].equals - keys[k].key_begin));
        size_t value_begin = keys[k].equals + 1;
        // A value runs up to the single space that separates it from the next key.
        size_t value_end = k + 1 < keys.size() ? keys[k + 1].key_begin - 1 : ext.size();
        if (value_end < value_begin) fail("key '" + key + "' has no value");
        for (const auto& [seen, value] : out)
            if (seen == key) fail("duplicate key '" + key + "'");
        out.emplace_back(std::move(key), unescape_value(ext.substr(value_begin, value_end - value_begin)));
    }
    return out;
}

}  // namespace

CefMessage parse_cef(std::string_view line) {
    if (!line.starts_with("CEF:")) fail("does not start with 'CEF:'");
    if (line.find_first_of("\r\n") != std::string_view::npos) fail("line break inside the line");
    if (!is_valid_utf8(line)) fail("invalid UTF-8");

    std::vector<std::string> header;
    size_t extension_begin = parse_header(line, header);
    CefMessage msg;
    msg.version = header[0];
    if (msg.version != "0" && msg.version != "1") fail("version '" + msg.version + "'");
    msg.vendor = header[1];
    msg.product = header[2];
    msg.device_version = header[3];
    msg.signature_id = header[4];
    msg.name = header[5];
    msg.severity = parse_severity(header[6]);
    msg.extensions = parse_extension(line.substr(extension_begin));
    return msg;
}

}  // namespace audisp_ima::test
