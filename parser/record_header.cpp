#include "parser/record_header.h"

#include <charconv>

namespace audisp_ima {
namespace {

bool starts_with(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

template <typename T>
bool take_number(std::string_view& text, T& out) {
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    if (ec != std::errc() || end == text.data()) return false;
    text.remove_prefix(static_cast<size_t>(end - text.data()));
    return true;
}

}  // namespace

std::optional<HeaderError> parse_record_header(std::string_view line, RecordHeader& header) {
    if (line.find('\0') != std::string_view::npos) return HeaderError{"NUL byte in line"};
    std::string_view rest = line;
    header.key.node.clear();
    if (starts_with(rest, "node=")) {
        rest.remove_prefix(5);
        auto space = rest.find(' ');
        if (space == std::string_view::npos || space == 0) return HeaderError{"bad node= prefix"};
        header.key.node.assign(rest.substr(0, space));
        rest.remove_prefix(space + 1);
    }
    if (!starts_with(rest, "type=")) return HeaderError{"no type= at start of line"};
    rest.remove_prefix(5);
    auto space = rest.find(' ');
    if (space == std::string_view::npos || space == 0) return HeaderError{"no msg= after type="};
    header.type_name = rest.substr(0, space);
    rest.remove_prefix(space + 1);
    if (!starts_with(rest, "msg=audit(")) return HeaderError{"no msg=audit( timestamp"};
    rest.remove_prefix(10);
    uint64_t sec = 0;
    uint32_t msec = 0;
    uint64_t serial = 0;
    if (!take_number(rest, sec) || !starts_with(rest, ".")) return HeaderError{"bad timestamp seconds"};
    // RFC 3339 (ECS @timestamp) ends at 9999-12-31T23:59:59Z, and CEF's rt counts milliseconds in
    // 64 bits: a later second is no kernel's clock.
    constexpr uint64_t kLastSecond = 253402300799;
    if (sec > kLastSecond) return HeaderError{"timestamp after the year 9999"};
    rest.remove_prefix(1);
    // The kernel always writes three digits ("%llu.%03lu:%u"); libauparse 3.0.9 silently drops some
    // records with fewer, so they are refused here where they can be counted.
    std::string_view before_msec = rest;
    if (!take_number(rest, msec) || before_msec.size() - rest.size() != 3 || !starts_with(rest, ":"))
        return HeaderError{"bad timestamp milliseconds (need 3 digits)"};
    rest.remove_prefix(1);
    if (!take_number(rest, serial) || !starts_with(rest, "):")) return HeaderError{"bad serial"};
    header.key.sec = sec;
    header.key.msec = msec;
    header.key.serial = serial;
    return std::nullopt;
}

}  // namespace audisp_ima
