#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "parser/line_buffer.h"
#include "parser/record_header.h"

using namespace audisp_ima;

TEST_CASE("record header: accepted shapes", "[parser][header]") {
    RecordHeader h;
    REQUIRE_FALSE(parse_record_header("node=vm-e2e type=EOE msg=audit(1795714810.720:171): ", h));
    CHECK(h.key.node == "vm-e2e");
    CHECK(h.key.sec == 1795714810u);
    CHECK(h.key.msec == 720u);
    CHECK(h.key.serial == 171u);
    CHECK(h.type_name == "EOE");
    REQUIRE_FALSE(parse_record_header("type=UNKNOWN[1805] msg=audit(1.001:2): x=1", h));
    CHECK(h.key.node.empty());
    CHECK(h.type_name == "UNKNOWN[1805]");
    // the last second RFC 3339 can write: 9999-12-31T23:59:59Z
    REQUIRE_FALSE(parse_record_header("type=EOE msg=audit(253402300799.999:1): ", h));
    CHECK(h.key.sec == 253402300799u);
}

TEST_CASE("record header: rejected shapes", "[parser][header]") {
    RecordHeader h;
    CHECK(parse_record_header("# laurel annotation", h));
    CHECK(parse_record_header("type=SYSCALL arch=c000003e", h));                 // no timestamp
    CHECK(parse_record_header("type=SYSCALL msg=audit(abc.123:4): x", h));       // bad seconds
    CHECK(parse_record_header("type=SYSCALL msg=audit(1.1234:4): x", h));        // 4-digit ms
    CHECK(parse_record_header("type=SYSCALL msg=audit(1.12:4): x", h));          // 2-digit ms
    CHECK(parse_record_header("type=SYSCALL msg=audit(11.2:3): x", h));          // 1-digit ms
    CHECK(parse_record_header("type=SYSCALL msg=audit(1.123:): x", h));          // no serial
    CHECK(parse_record_header("type=SYSCALL msg=audit(1.123:9", h));             // truncated
    CHECK(parse_record_header("node= type=SYSCALL msg=audit(1.123:9): x", h));   // empty node
    CHECK(parse_record_header(std::string("type=X msg=audit(1.100:1): a\0b", 30), h));  // NUL
    CHECK(parse_record_header("Apr 23 14:52:45 fedora audit[994]: INTEGRITY_PCR pid=994", h));  // journald form
    CHECK(parse_record_header("", h));
    // past the year 9999, up to 2^64-1 seconds: no RFC 3339 @timestamp, a CEF rt that overflows
    auto error = parse_record_header("type=SYSCALL msg=audit(253402300800.000:1): x", h);
    REQUIRE(error);
    CHECK(error->reason == std::string("timestamp after the year 9999"));
    CHECK(parse_record_header("type=SYSCALL msg=audit(18446744073709551615.000:1): x", h));
}

TEST_CASE("line buffer: splits, joins and bounds lines", "[parser][lines]") {
    LineBuffer buffer(16);
    std::vector<std::pair<std::string, bool>> lines;
    auto collect = [&](std::string_view line, bool too_long) { lines.emplace_back(std::string(line), too_long); };
    buffer.feed("ab", collect);
    buffer.feed("c\nde", collect);
    buffer.feed("f\n\ng", collect);
    CHECK(lines == std::vector<std::pair<std::string, bool>>{{"abc", false}, {"def", false}, {"", false}});
    buffer.feed("0123456789abcdefXYZ", collect);  // 20 bytes without newline: too long at 16
    buffer.feed("more\nok\n", collect);
    REQUIRE(lines.size() == 5);
    CHECK(lines[3] == std::pair<std::string, bool>{"g0123456789abcde", true});
    CHECK(lines[4] == std::pair<std::string, bool>{"ok", false});
    buffer.feed("tail", collect);
    buffer.finish(collect);
    CHECK(lines.back() == std::pair<std::string, bool>{"tail", false});
}
