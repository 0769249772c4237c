#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>

#include "tests/support/cef_parser.h"

using audisp_ima::test::CefMessage;
using audisp_ima::test::parse_cef;

namespace {

const std::string kHeader = "CEF:0|Vendor|Product|1.0|sig|Name|5|";

using Pairs = std::vector<std::pair<std::string, std::string>>;

}  // namespace

TEST_CASE("CEF parser reads header and extension", "[cefparser]") {
    CefMessage msg = parse_cef(kHeader + "a=1 b=two words c=x\\=y\\\\z\\n\\r d=p|q");
    CHECK(msg.version == "0");
    CHECK(msg.vendor == "Vendor");
    CHECK(msg.product == "Product");
    CHECK(msg.device_version == "1.0");
    CHECK(msg.signature_id == "sig");
    CHECK(msg.name == "Name");
    CHECK(msg.severity == 5);
    CHECK(msg.extensions == Pairs{{"a", "1"}, {"b", "two words"}, {"c", "x=y\\z\n\r"}, {"d", "p|q"}});
    REQUIRE(msg.find("c") != nullptr);
    CHECK(*msg.find("c") == "x=y\\z\n\r");
    CHECK(msg.find("e") == nullptr);
}

TEST_CASE("CEF parser accepts what CEF allows", "[cefparser]") {
    SECTION("header escapes") {
        auto msg = parse_cef("CEF:1|Ven\\|dor|P\\\\|1|s=x|n|10|");
        CHECK(msg.version == "1");
        CHECK(msg.vendor == "Ven|dor");
        CHECK(msg.product == "P\\");
        CHECK(msg.signature_id == "s=x");  // '=' needs no escape in the header
        CHECK(msg.severity == 10);
        CHECK(msg.extensions.empty());
    }
    SECTION("a word without '=' belongs to the value before it") {
        CHECK(parse_cef(kHeader + "a=1 b c=2").extensions == Pairs{{"a", "1 b"}, {"c", "2"}});
    }
    SECTION("an escaped key look-alike stays in the value") {
        CHECK(parse_cef(kHeader + "a=x cs1\\=evil").extensions == Pairs{{"a", "x cs1=evil"}});
    }
    SECTION("empty value, trailing space, UTF-8, underscore and digits in keys") {
        CHECK(parse_cef(kHeader + "a= b_2=pr\xC3\xB6g ").extensions == Pairs{{"a", ""}, {"b_2", "pr\xC3\xB6g "}});
    }
    SECTION("severity 0") {
        CHECK(parse_cef("CEF:0|V|P|1|s|n|0|").severity == 0);
    }
}

TEST_CASE("CEF parser rejects malformed lines", "[cefparser]") {
    const char* bad_lines[] = {
        "",
        "cef:0|V|P|1|s|n|5|a=1",                 // prefix is case-sensitive
        "LEEF:2.0|V|P|1|s|",                     // another format
        "CEF:0|V|P|1|s|n|5",                     // 6 separators
        "CEF:0|V|P|1|s\\|n|5|",                  // escaped '|' does not count
        "CEF:2|V|P|1|s|n|5|",                    // unknown version
        "CEF:|V|P|1|s|n|5|",                     // empty version
        "CEF:0|V\\x|P|1|s|n|5|",                 // bad header escape
        "CEF:0|V\\=|P|1|s|n|5|",                 // \= is not a header escape
        "CEF:0|V|P|1|s|n|11|",                   // severity above 10
        "CEF:0|V|P|1|s|n|-1|",
        "CEF:0|V|P|1|s|n||",
        "CEF:0|V|P|1|s|n|High|",
        "CEF:0|V|P|1|s|n|3.5|",
        "CEF:0|V|P|1|s|n|100|",
        "CEF:0|V|P|1|s|n|5|a=1\nb=2",            // raw LF
        "CEF:0|V|P|1|s|n|5|a=1\r",               // raw CR
        "CEF:0|V\n|P|1|s|n|5|a=1",               // raw LF in the header
        "CEF:0|V|P|1|s|n|5|a=\\t",               // bad extension escape
        "CEF:0|V|P|1|s|n|5|a=\\|",               // '|' is not escaped in extensions
        "CEF:0|V|P|1|s|n|5|a=x\\",               // lone backslash at the end
        "CEF:0|V|P|1|s|n|5|a=b=c",               // '=' inside a value
        "CEF:0|V|P|1|s|n|5|a=http://h/?q=1",     // same, after other text
        "CEF:0|V|P|1|s|n|5|a=x y-z=1",           // '-' is not a key character
        "CEF:0|V|P|1|s|n|5|a=\\\\b=1",           // the key would start inside an escape
        "CEF:0|V|P|1|s|n|5|a=1 =2",              // empty key
        "CEF:0|V|P|1|s|n|5|=1",
        "CEF:0|V|P|1|s|n|5|a=1 a=2",             // duplicate key
        "CEF:0|V|P|1|s|n|5|junk a=1",            // text before the first key
        "CEF:0|V|P|1|s|n|5| a=1",
        "CEF:0|V|P|1|s|n|5|junk",                // no key at all
        "CEF:0|V|P|1|s|n|5|a=\xFF",              // invalid UTF-8: bad byte
        "CEF:0|V|P|1|s|n|5|a=\xC0\xAF",          // overlong
        "CEF:0|V|P|1|s|n|5|a=\xED\xA0\x80",      // surrogate
        "CEF:0|V|P|1|s|n|5|a=\xF4\x90\x80\x80",  // above U+10FFFF
        "CEF:0|V|P|1|s|n|5|a=\xE2\x82",          // truncated at the end
        "CEF:0|V\xE2\x82|P|1|s|n|5|a=1",         // truncated in the header
    };
    for (const char* line : bad_lines) {
        INFO(line);
        CHECK_THROWS_AS(parse_cef(line), std::runtime_error);
    }
}
