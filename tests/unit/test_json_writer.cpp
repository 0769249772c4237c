#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <stdexcept>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "formatters/json_path_writer.h"
#include "formatters/json_writer.h"
#include "formatters/text_sanitize.h"

using namespace audisp_ima;

namespace {

const std::string R = "\xEF\xBF\xBD";  // U+FFFD

struct Written {
    std::string json;
    bool replaced;
};

// `bytes` written as one string value at the top level.
Written string_value(const std::string& bytes) {
    std::string out;
    JsonWriter writer(out);
    bool replaced = writer.string(bytes);
    return {out, replaced};
}

std::string json_of(const std::string& bytes) { return string_value(bytes).json; }

// What nlohmann::json::dump() gives for the same text once sanitized: the output the JSON
// formatter produced before it wrote its lines itself.
std::string nlohmann_dump(const std::string& bytes) { return nlohmann::json(to_valid_utf8(bytes)).dump(); }

}  // namespace

TEST_CASE("JSON writer: plain text is quoted and otherwise copied", "[json-writer]") {
    CHECK(json_of("") == R"("")");
    CHECK(json_of("/usr/bin/ls -la") == R"("/usr/bin/ls -la")");
    // '/' is not escaped (JSON allows \/, nlohmann does not write it); neither is DEL.
    CHECK(json_of("/a/b") == R"("/a/b")");
    CHECK(json_of("\x7F") == "\"\x7F\"");
    // Non-ASCII UTF-8 stays as bytes (no \u escapes): é, ✓, U+1F600, and U+FFFD itself.
    const std::string utf8 = "pr\xC3\xB6g \xE2\x9C\x93 \xF0\x9F\x98\x80 " + R;
    CHECK(json_of(utf8) == "\"" + utf8 + "\"");
    CHECK_FALSE(string_value(utf8).replaced);
}

TEST_CASE("JSON writer: the escapes nlohmann writes", "[json-writer]") {
    CHECK(json_of("say \"hi\"") == R"("say \"hi\"")");
    CHECK(json_of("C:\\dir") == R"("C:\\dir")");
    CHECK(json_of("\b\f\n\r\t") == R"("\b\f\n\r\t")");
    // Other controls as \u00XX, lowercase hex.
    CHECK(json_of(std::string(1, '\0')) == R"("\u0000")");
    CHECK(json_of("\x01") == R"("\u0001")");
    CHECK(json_of("\x0B") == R"("\u000b")");
    CHECK(json_of("\x1B[0m") == R"("\u001b[0m")");
    CHECK(json_of("\x1F") == R"("\u001f")");
    CHECK(json_of(std::string("a\0b", 3)) == R"("a\u0000b")");
    CHECK(json_of("line1\nline2\r\n") == R"("line1\nline2\r\n")");
}

TEST_CASE("JSON writer: invalid UTF-8 becomes U+FFFD per maximal subpart, and is reported", "[json-writer]") {
    auto lone = string_value("a\xFF" "b");
    CHECK(lone.json == "\"a" + R + "b\"");
    CHECK(lone.replaced);
    // A truncated sequence is one subpart: E2 9C without its third byte.
    CHECK(json_of("\xE2\x9C") == "\"" + R + "\"");
    // Overlong C0 AF: C0 can never start a sequence and AF is a stray continuation byte.
    CHECK(json_of("\xC0\xAF") == "\"" + R + R + "\"");
    // Surrogate ED A0 80: ED allows only 80..9F next, so ED, A0 and 80 are three subparts.
    CHECK(json_of("\xED\xA0\x80") == "\"" + R + R + R + "\"");
    // Above U+10FFFF.
    CHECK(json_of("\xF4\x90\x80\x80") == "\"" + R + R + R + R + "\"");
    // The byte that breaks a sequence is examined afresh: here it is a newline to escape.
    CHECK(json_of("\xC3\n") == "\"" + R + "\\n\"");
    CHECK(json_of("\xE2\x9C\"") == "\"" + R + "\\\"\"");
    CHECK_FALSE(string_value("\xC3\xA9").replaced);
}

TEST_CASE("JSON writer: commas, colons and nesting", "[json-writer]") {
    std::string out;
    JsonWriter writer(out);
    writer.begin_object();
    writer.end_object();
    CHECK(out == "{}");

    out.clear();
    JsonWriter nested(out);
    nested.begin_object();
    nested.key("a");
    nested.begin_array();
    nested.end_array();
    nested.key("b");
    nested.begin_array();
    nested.string("x");
    nested.begin_object();
    nested.key("k");
    nested.boolean(true);
    nested.end_object();
    nested.boolean(false);
    nested.end_array();
    nested.key("c");
    nested.string("");
    nested.end_object();
    CHECK(out == R"({"a":[],"b":["x",{"k":true},false],"c":""})");
}

TEST_CASE("JSON writer: integers as plain decimal", "[json-writer]") {
    std::string out;
    JsonWriter writer(out);
    writer.begin_array();
    writer.number(0);
    writer.number(-1);
    writer.number(std::numeric_limits<int64_t>::min());
    writer.number(std::numeric_limits<int64_t>::max());
    writer.number(std::numeric_limits<uint64_t>::max());
    writer.number(uint32_t{4294967295u});
    writer.number(size_t{2});
    writer.end_array();
    CHECK(out == "[0,-1,-9223372036854775808,9223372036854775807,18446744073709551615,4294967295,2]");
    // The same as nlohmann, which keeps signed and unsigned integers apart.
    nlohmann::json same = nlohmann::json::array({0, -1, std::numeric_limits<int64_t>::min(),
                                                 std::numeric_limits<int64_t>::max(),
                                                 std::numeric_limits<uint64_t>::max(), uint32_t{4294967295u}, size_t{2}});
    CHECK(out == same.dump());
}

TEST_CASE("JSON writer: keys are escaped and sanitized like values", "[json-writer]") {
    std::string out;
    JsonWriter writer(out);
    writer.begin_object();
    CHECK_FALSE(writer.key("a\"b"));
    writer.number(1);
    CHECK(writer.key("\xFF"));
    writer.string("v");
    CHECK_FALSE(writer.key(""));
    writer.string("");
    writer.end_object();
    CHECK(out == "{\"a\\\"b\":1,\"" + R + "\":\"v\",\"\":\"\"}");
}

TEST_CASE("JSON writer: joined_string is the string of the pieces joined", "[json-writer]") {
    std::string out;
    JsonWriter writer(out);
    writer.begin_array();
    CHECK_FALSE(writer.joined_string(std::vector<std::string>{"/bin/echo", "a b", "\"q\"", "tab\there"}, ' '));
    CHECK_FALSE(writer.joined_string(std::vector<std::string>{}, ' '));
    CHECK_FALSE(writer.joined_string(std::vector<std::string>{""}, ' '));
    CHECK_FALSE(writer.joined_string(std::vector<std::string>{"", ""}, ' '));
    // A sequence cut at the end of one piece is replaced there: the separator ends it, as it
    // would in the joined text.
    CHECK(writer.joined_string(std::vector<std::string>{"x\xE2\x9C", "\x93y"}, ' '));
    writer.end_array();
    CHECK(out == "[\"/bin/echo a b \\\"q\\\" tab\\there\",\"\",\"\",\" \",\"x" + R + " " + R + "y\"]");

    // Same bytes as sanitizing and escaping the joined text in one go.
    std::vector<std::string> pieces{"\xC3", "\xA9\xFF", "", "\x1F\xF0\x9F\x98", "\x80"};
    std::string joined;
    for (size_t i = 0; i < pieces.size(); ++i) joined += (i ? " " : "") + pieces[i];
    std::string single;
    JsonWriter one(single);
    one.joined_string(pieces, ' ');
    CHECK(single == nlohmann_dump(joined));
}

TEST_CASE("JSON writer: byte for byte the same as nlohmann::json::dump", "[json-writer]") {
    SECTION("tricky strings") {
        const std::vector<std::string> tricky = {
            "", " ", "\"", "\\", "\\\"", "\"\\\"", "/", "\\/", "\x7F", "\b\f\n\r\t", std::string(1, '\0'),
            std::string("\0\0", 2), "\x01\x02\x03\x04\x05\x06\x07\x0B\x0E\x0F\x10\x11\x1A\x1B\x1C\x1D\x1E\x1F",
            "\\u0000", "</script>", "\xC2\x80", "\xC2\xA0", "\xDF\xBF", "\xE0\xA0\x80", "\xE2\x80\xA8\xE2\x80\xA9",
            "\xED\x9F\xBF", "\xEE\x80\x80", "\xEF\xBB\xBF", "\xEF\xBF\xBF", "\xF0\x90\x80\x80", "\xF4\x8F\xBF\xBF", R,
            "/tmp/dir with spaces/pr\xC3\xB6g \xC3\xBCn\xC3\xAF\xE2\x9C\x93", "sha256:0123456789abcdef",
            std::string(5000, 'a') + "\n" + std::string(5000, '\xE2'),
            "\xFF", "\xFE\xFF", "\xC0\x80", "\xE0\x80\x80", "\xED\xBF\xBF", "\xF0\x80\x80\x80", "\xF5\x80\x80\x80",
            "\x80\xBF", "\xC3", "\xE2\x9C", "\xF0\x9F\x98", "a\xF0\x9F\x98" "b", "\xF0\x9F\x98\n",
        };
        for (const auto& text : tricky) {
            INFO("bytes: " << nlohmann::json(to_valid_utf8(text)).dump(-1, ' ', true));
            CHECK(json_of(text) == nlohmann_dump(text));
            bool replaced = false;
            to_valid_utf8(text, &replaced);
            CHECK(string_value(text).replaced == replaced);
        }
    }
    SECTION("every string of one and two bytes") {
        size_t mismatches = 0;
        for (int a = 0; a < 256; ++a) {
            std::string one(1, static_cast<char>(a));
            if (json_of(one) != nlohmann_dump(one)) ++mismatches;
            for (int b = 0; b < 256; ++b) {
                std::string two{static_cast<char>(a), static_cast<char>(b)};
                if (json_of(two) != nlohmann_dump(two)) ++mismatches;
            }
        }
        CHECK(mismatches == 0);
    }
    SECTION("every string of four bytes from the boundaries of the UTF-8 ranges") {
        const std::vector<unsigned char> bytes = {0x00, 0x0A, 0x1F, 0x22, 0x5C, 0x61, 0x7F, 0x80, 0x8F, 0x90, 0x9F,
                                                  0xA0, 0xBF, 0xC0, 0xC2, 0xDF, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5};
        size_t mismatches = 0;
        for (auto a : bytes)
            for (auto b : bytes)
                for (auto c : bytes)
                    for (auto d : bytes) {
                        std::string text{static_cast<char>(a), static_cast<char>(b), static_cast<char>(c),
                                         static_cast<char>(d)};
                        if (json_of(text) != nlohmann_dump(text)) ++mismatches;
                    }
        CHECK(mismatches == 0);
    }
    SECTION("each boundary byte, and each pair, at every place of three 8-byte words") {
        // Long runs go eight bytes at a time: a byte needing a look must be found wherever it
        // sits in a word, and whatever sits beside it.
        const std::vector<unsigned char> bytes = {0x00, 0x1F, 0x20, 0x21, 0x22, 0x5B, 0x5C, 0x5D, 0x7E, 0x7F,
                                                  0x80, 0xBF, 0xC2, 0xE2, 0xF0, 0xFF};
        size_t mismatches = 0, strings = 0;
        for (size_t at = 0; at < 24; ++at)
            for (auto a : bytes) {
                std::string one(24, 'a');
                one[at] = static_cast<char>(a);
                mismatches += json_of(one) != nlohmann_dump(one);
                for (size_t gap = 1; at + gap < 24 && gap <= 9; ++gap)
                    for (auto b : bytes) {
                        std::string two = one;
                        two[at + gap] = static_cast<char>(b);
                        mismatches += json_of(two) != nlohmann_dump(two);
                        ++strings;
                    }
            }
        // A valid multi-byte character across a word's end, and one ending a string of 8n bytes.
        for (size_t at = 0; at < 16; ++at) {
            std::string text(16, 'x');
            text.replace(at, 3, "\xE2\x9C\x93");
            mismatches += json_of(text) != nlohmann_dump(text);
        }
        CHECK(strings > 40000);
        CHECK(mismatches == 0);
    }
    SECTION("keys") {
        for (int a = 0; a < 256; ++a) {
            std::string key(1, static_cast<char>(a));
            std::string out;
            JsonWriter writer(out);
            writer.begin_object();
            writer.key(key);
            writer.number(1);
            writer.end_object();
            nlohmann::ordered_json expected = nlohmann::ordered_json::object();
            expected[to_valid_utf8(key)] = 1;
            CHECK(out == expected.dump());
        }
    }
}

TEST_CASE("JSON path writer: dotted paths open and close objects in first-use order", "[json-writer]") {
    std::string out;
    JsonPathWriter doc(out);
    doc.member("a").number(1);
    doc.member("b.c").number(2);
    doc.member("b.d.e").number(3);
    doc.member("b.d.f").number(4);
    doc.member("b.g").string("x");
    doc.member("h.i.j").boolean(true);
    doc.member("k").number(5);
    JsonWriter& list = doc.member("l.m");
    list.begin_array();
    doc.writer().string("y");
    list.end_array();
    doc.finish();
    CHECK(out == R"({"a":1,"b":{"c":2,"d":{"e":3,"f":4},"g":"x"},"h":{"i":{"j":true}},"k":5,"l":{"m":["y"]}})");

    // ordered_json gives the same for the same assignments in the same order.
    nlohmann::ordered_json dom = nlohmann::ordered_json::object();
    dom["a"] = 1;
    dom["b"]["c"] = 2;
    dom["b"]["d"]["e"] = 3;
    dom["b"]["d"]["f"] = 4;
    dom["b"]["g"] = "x";
    dom["h"]["i"]["j"] = true;
    dom["k"] = 5;
    dom["l"]["m"] = nlohmann::ordered_json::array({"y"});
    CHECK(out == dom.dump());
}

TEST_CASE("JSON path writer: segments are compared whole, not as text prefixes", "[json-writer]") {
    std::string out;
    JsonPathWriter doc(out);
    doc.member("process.parent.pid").number(1);
    doc.member("process.previous.executable").string("/bin/sh");
    doc.member("proc.x").number(2);
    doc.member("processes.y").number(3);
    doc.finish();
    CHECK(out == R"({"process":{"parent":{"pid":1},"previous":{"executable":"/bin/sh"}},"proc":{"x":2},"processes":{"y":3}})");
}

TEST_CASE("JSON path writer: a leaf that needs escaping is escaped like any key", "[json-writer]") {
    std::string out;
    JsonPathWriter doc(out);
    doc.member("a.k\"e\\y").number(1);
    doc.member("a.tab\there").number(2);
    doc.member("a.long_key_of_more_than_thirty_two_bytes").number(3);
    doc.finish();
    CHECK(out == R"({"a":{"k\"e\\y":1,"tab\there":2,"long_key_of_more_than_thirty_two_bytes":3}})");
    CHECK(nlohmann::json::parse(out)["a"]["k\"e\\y"] == 1);
}

TEST_CASE("JSON path writer: an empty document is an empty object", "[json-writer]") {
    std::string out;
    JsonPathWriter doc(out);
    doc.finish();
    CHECK(out == "{}");
}

TEST_CASE("JSON path writer: a key written twice, or an object returned to, is refused", "[json-writer]") {
    std::string out;
    JsonPathWriter twice(out);
    twice.member("a").number(1);
    CHECK_THROWS_AS(twice.member("a"), std::logic_error);

    std::string out2;
    JsonPathWriter nested(out2);
    nested.member("process.pid").number(1);
    CHECK_THROWS_AS(nested.member("process.pid"), std::logic_error);

    // "process" was closed when "user" began: going back would make a second "process" key.
    std::string out3;
    JsonPathWriter revisit(out3);
    revisit.member("process.pid").number(1);
    revisit.member("user.id").string("0");
    CHECK_THROWS_AS(revisit.member("process.name"), std::logic_error);

    // Keys alike in their first eight bytes, or in length, are still told apart (and caught when equal).
    std::string out5;
    JsonPathWriter alike(out5);
    alike.member("argument_one").number(1);
    alike.member("argument_two").number(2);
    alike.member("argument").number(3);
    alike.member("argumenX_one").number(4);
    CHECK_THROWS_AS(alike.member("argument_two"), std::logic_error);
    CHECK_THROWS_AS(alike.member("argument"), std::logic_error);
    CHECK_NOTHROW(alike.member("argu").number(5));
    CHECK_THROWS_AS(alike.member("argu"), std::logic_error);

    // A leaf (its filter bit worked out when compiled) meeting an object's key (worked out as
    // written) of the same name: still the same key.
    std::string out6;
    JsonPathWriter mixed(out6);
    mixed.member("process.pid").number(1);
    CHECK_THROWS_AS(mixed.member("process"), std::logic_error);
    std::string out7;
    JsonPathWriter mixed_back(out7);
    mixed_back.member("host").string("h");
    CHECK_THROWS_AS(mixed_back.member("host.name"), std::logic_error);

    // The same leaf name in different objects, and an object reopened under another parent, are fine.
    std::string out4;
    JsonPathWriter fine(out4);
    fine.member("process.user.id").string("0");
    fine.member("process.parent.pid").number(1);
    fine.member("user.id").string("0");
    fine.member("id").string("x");
    fine.finish();
    CHECK(out4 == R"({"process":{"user":{"id":"0"},"parent":{"pid":1}},"user":{"id":"0"},"id":"x"})");
}
