#include "tests/support/leef_parser.h"

#include <set>
#include <stdexcept>

namespace audisp_ima::test {
namespace {

[[noreturn]] void fail(const std::string& why) { throw std::runtime_error("LEEF: " + why); }

void check_utf8(std::string_view s) {
    for (size_t i = 0; i < s.size();) {
        auto c = static_cast<unsigned char>(s[i]);
        size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        if (n == 0 || i + n > s.size()) fail("invalid UTF-8");
        for (size_t k = 1; k < n; ++k)
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) fail("invalid UTF-8");
        if (n == 2 && c < 0xC2) fail("overlong UTF-8");
        i += n;
    }
}

bool is_control(char c) {
    auto b = static_cast<unsigned char>(c);
    return b < 0x20 || b == 0x7f;
}

}  // namespace

LeefMessage parse_leef(std::string_view line) {
    constexpr std::string_view kPrefix = "LEEF:2.0|";
    if (line.substr(0, kPrefix.size()) != kPrefix) fail("no LEEF:2.0| prefix");
    check_utf8(line);
    LeefMessage msg;
    msg.version = "2.0";
    size_t at = kPrefix.size();
    std::vector<std::string> header;
    while (header.size() < 5) {
        std::string field;
        for (;; ++at) {
            if (at >= line.size()) fail("fewer than six header fields");
            char c = line[at];
            if (c == '\\') {
                if (at + 1 >= line.size() || (line[at + 1] != '|' && line[at + 1] != '\\')) fail("bad header escape");
                field.push_back(line[++at]);
            } else if (c == '|') {
                ++at;
                break;
            } else if (is_control(c)) {
                fail("control character in the header");
            } else {
                field.push_back(c);
            }
        }
        header.push_back(field);
    }
    msg.vendor = header[0];
    msg.product = header[1];
    msg.product_version = header[2];
    msg.event_id = header[3];
    const std::string& delimiter = header[4];
    if (delimiter.size() == 1) {
        msg.delimiter = delimiter[0];
    } else {
        std::string_view hex = delimiter;
        if (hex.substr(0, 2) == "0x") hex.remove_prefix(2);
        else if (hex.substr(0, 1) == "x") hex.remove_prefix(1);
        else fail("delimiter is neither one character nor hex");
        if (hex.empty() || hex.size() > 4 || hex.find_first_not_of("0123456789abcdefABCDEF") != std::string_view::npos)
            fail("bad hex delimiter");
        msg.delimiter = static_cast<char>(std::stoul(std::string(hex), nullptr, 16));
    }
    if (msg.vendor.empty() || msg.product.empty() || msg.product_version.empty() || msg.event_id.empty())
        fail("empty header field");
    std::string_view rest = line.substr(at);
    std::set<std::string> keys;
    while (!rest.empty()) {
        size_t end = rest.find(msg.delimiter);
        std::string_view attribute = rest.substr(0, end);
        if (attribute.empty()) fail("empty attribute");
        for (char c : attribute)
            if (is_control(c)) fail("control character in an attribute");
        size_t eq = attribute.find('=');
        if (eq == std::string_view::npos) fail("attribute without '='");
        std::string key(attribute.substr(0, eq));
        if (key.empty() || key.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") !=
                               std::string::npos)
            fail("bad key '" + key + "'");
        if (!keys.insert(key).second) fail("repeated key '" + key + "'");
        if (eq + 1 == attribute.size()) fail("empty value of '" + key + "'");
        msg.attributes.emplace_back(key, std::string(attribute.substr(eq + 1)));
        if (end == std::string_view::npos) break;
        rest.remove_prefix(end + 1);
        if (rest.empty()) fail("trailing delimiter");
    }
    return msg;
}

}  // namespace audisp_ima::test
