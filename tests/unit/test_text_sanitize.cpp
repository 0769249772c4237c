#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <string>

#include "formatters/text_sanitize.h"

using namespace audisp_ima;

namespace {

const std::string R = "\xEF\xBF\xBD";  // U+FFFD

std::string sanitized(const std::string& bytes, bool expect_replaced) {
    bool replaced = !expect_replaced;
    std::string out = to_valid_utf8(bytes, &replaced);
    CHECK(replaced == expect_replaced);
    return out;
}

}  // namespace

TEST_CASE("to_valid_utf8 keeps valid text byte for byte", "[sanitize]") {
    CHECK(sanitized("/usr/bin/ls -la", false) == "/usr/bin/ls -la");
    CHECK(sanitized("", false).empty());
    // "/tmp/dir with spaces/prög ünï✓": a name a real kernel hex-encoded (tests/e2e/README.md
    // runs it under /tmp/e2e)
    std::string accented = "/tmp/dir with spaces/pr\xC3\xB6g \xC3\xBCn\xC3\xAF\xE2\x9C\x93";
    CHECK(sanitized(accented, false) == accented);
    // Control characters and NUL are valid UTF-8; escaping them is the formats' job.
    std::string controls("a\0b\n\r\x1d\x7f", 7);
    CHECK(sanitized(controls, false) == controls);
}

TEST_CASE("to_valid_utf8 accepts every boundary of the well-formed ranges", "[sanitize]") {
    for (const std::string s : {"\x7F", "\xC2\x80", "\xDF\xBF", "\xE0\xA0\x80", "\xED\x9F\xBF", "\xEE\x80\x80",
                                "\xEF\xBF\xBF", "\xF0\x90\x80\x80", "\xF4\x8F\xBF\xBF", "\xF0\x9F\x98\x80"}) {
        INFO(s.size() << " bytes");
        CHECK(sanitized(s, false) == s);
    }
}

TEST_CASE("to_valid_utf8 replaces each maximal invalid subpart by one U+FFFD", "[sanitize]") {
    SECTION("bad single bytes") {
        CHECK(sanitized("/tmp/bad\xFFname", true) == "/tmp/bad" + R + "name");
        CHECK(sanitized("\x80", true) == R);           // continuation byte without a lead
        CHECK(sanitized("\xC1\xBF", true) == R + R);   // C0 and C1 can only start overlongs
        CHECK(sanitized("\xF5\x80", true) == R + R);   // F5..FF never start a sequence
    }
    SECTION("truncated sequences: the started part is one subpart") {
        CHECK(sanitized("a\xE2\x82", true) == "a" + R);             // 3-byte sequence cut at the end
        CHECK(sanitized("\xE2\x82z", true) == R + "z");             // ... or by an ASCII byte
        CHECK(sanitized("\xF0\x9F\x98", true) == R);                // 4-byte sequence missing its last byte
        CHECK(sanitized("\xE2\x82\xE2\x82\xAC", true) == R + "\xE2\x82\xAC");  // then a valid euro sign
    }
    SECTION("overlong forms") {
        CHECK(sanitized("\xC0\xAF", true) == R + R);          // '/' in two bytes
        CHECK(sanitized("\xE0\x80\xAF", true) == R + R + R);  // '/' in three bytes: E0 needs A0..BF next
        CHECK(sanitized("\xF0\x80\x80\xAF", true) == R + R + R + R);
    }
    SECTION("surrogates and code points above U+10FFFF") {
        CHECK(sanitized("\xED\xA0\x80", true) == R + R + R);  // U+D800: ED needs 80..9F next
        CHECK(sanitized("\xED\xBF\xBF", true) == R + R + R);  // U+DFFF
        CHECK(sanitized("\xF4\x90\x80\x80", true) == R + R + R + R);  // U+110000
    }
    SECTION("the example of Unicode 15 Table 3-8") {
        // 61 F1 80 80 E1 80 C2 62 80 63 80 BF 64: "F1 80 80", "E1 80" and "C2" are cut short by a
        // byte that cannot continue them; lone 80 and BF are subparts of their own.
        CHECK(sanitized("\x61\xF1\x80\x80\xE1\x80\xC2\x62\x80\x63\x80\xBF\x64", true) ==
              "a" + R + R + R + "b" + R + "c" + R + R + "d");
    }
    SECTION("the flag is optional") {
        CHECK(to_valid_utf8("\xFF") == R);
    }
}

TEST_CASE("rfc3339_utc from audit seconds and milliseconds", "[sanitize]") {
    CHECK(rfc3339_utc(0, 0) == "1970-01-01T00:00:00.000Z");
    // 1795714810 = 20783 days + 63610 s; 20783 - 20454 (days to 2026-01-01: 56*365 + 14 leap
    // days) = day 329 of 2026 = Nov 26 (304 days before November); 63610 s = 17:40:10.
    CHECK(rfc3339_utc(1795714810, 720) == "2026-11-26T17:40:10.720Z");
    // 1670857707 = 19338 days + 54507 s; 2022-01-01 is day 18993 (52*365 + 13); 345 - 334 = Dec 12.
    CHECK(rfc3339_utc(1670857707, 178) == "2022-12-12T15:08:27.178Z");
    SECTION("leap days") {
        // 2024-01-01 is day 19723 (54*365 + 13); + 31 + 28 = 19782 -> 19782 * 86400.
        CHECK(rfc3339_utc(1709164800, 0) == "2024-02-29T00:00:00.000Z");
        CHECK(rfc3339_utc(1709251199, 999) == "2024-02-29T23:59:59.999Z");
        CHECK(rfc3339_utc(1709251200, 1) == "2024-03-01T00:00:00.001Z");
        // 2000 is a leap year (divisible by 400): day 10957 + 59 = 11016.
        CHECK(rfc3339_utc(951782400, 0) == "2000-02-29T00:00:00.000Z");
        // 2100 is not (divisible by 100): 2100-01-01 is day 47482 (130*365 + 32); + 59 = March 1st.
        CHECK(rfc3339_utc(4107542399, 0) == "2100-02-28T23:59:59.000Z");
        CHECK(rfc3339_utc(4107542400, 0) == "2100-03-01T00:00:00.000Z");
    }
    SECTION("last second of year 9999 and far beyond") {
        CHECK(rfc3339_utc(253402300799, 0) == "9999-12-31T23:59:59.000Z");
        std::string far = rfc3339_utc(std::numeric_limits<uint64_t>::max() - 1, 0);
        CHECK(far.back() == 'Z');
    }
    SECTION("milliseconds of 1000 or more carry into the seconds") {
        CHECK(rfc3339_utc(59, 1500) == "1970-01-01T00:01:00.500Z");
    }
}

TEST_CASE("epoch_millis is exact decimal text", "[sanitize]") {
    CHECK(epoch_millis(0, 0) == "0");
    CHECK(epoch_millis(0, 7) == "7");
    CHECK(epoch_millis(1, 5) == "1005");
    CHECK(epoch_millis(1795714810, 720) == "1795714810720");
    CHECK(epoch_millis(1, 1234) == "2234");
    CHECK(epoch_millis(std::numeric_limits<uint64_t>::max() - 1, 999) == "18446744073709551614999");
}
