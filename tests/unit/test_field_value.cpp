#include <catch2/catch.hpp>

#include "parser/field_value.h"
#include "parser/path_resolve.h"

using namespace audisp_ima;

TEST_CASE("untrusted strings: quoted, hex and literal tokens", "[parser][field]") {
    CHECK(field_value::decode_untrusted("\"/usr/bin/ls\"") == "/usr/bin/ls");
    // "/tmp/a b.sh" as the kernel hex-encodes it because of the space
    CHECK(field_value::decode_untrusted("2F746D702F6120622E7368") == "/tmp/a b.sh");
    CHECK(field_value::decode_untrusted("2f746d70") == "/tmp");  // lower case accepted too
    CHECK(field_value::decode_untrusted("(null)") == "(null)");
    CHECK(field_value::decode_untrusted("(none)") == "(none)");
    CHECK(field_value::decode_untrusted("ABC") == "ABC");  // odd length: not hex
    CHECK(field_value::decode_untrusted("\"unterminated") == "unterminated");
    CHECK(field_value::decode_untrusted("\"\"") == "");
    // invalid UTF-8 and control bytes come through untouched; making them safe is not our job here
    CHECK(field_value::decode_untrusted("2F746D702F626164FF0A6E616D65") == std::string("/tmp/bad\xff\nname"));
    CHECK(field_value::decode_untrusted("00") == std::string(1, '\0'));
}

TEST_CASE("numbers are whole-field only", "[parser][field]") {
    CHECK(field_value::to_u64("4294967295") == 4294967295u);
    CHECK_FALSE(field_value::to_u64("12x"));
    CHECK_FALSE(field_value::to_u64(""));
    CHECK_FALSE(field_value::to_u64("-1"));
    CHECK_FALSE(field_value::to_u64("99999999999999999999999"));
    CHECK(field_value::to_i64("-2") == -2);
    CHECK(field_value::hex_to_u64("c000003e") == 0xc000003eu);
    CHECK_FALSE(field_value::hex_to_u64("zz"));
    CHECK_FALSE(field_value::hex_decode("4"));
    CHECK_FALSE(field_value::hex_decode("4G"));
    CHECK_FALSE(field_value::hex_decode("G4"));
    CHECK_FALSE(field_value::hex_decode("41 2"));
    // Either case, and every byte value: "4a4B" is "JK", "00ff7F" the bytes 0x00 0xff 0x7f.
    CHECK(field_value::hex_decode("4a4B") == "JK");
    CHECK(field_value::hex_decode("00ff7F") == std::string("\x00\xff\x7f", 3));
    CHECK(field_value::unquote("\"exec\"") == "exec");
    CHECK(field_value::unquote("exec") == "exec");
}

TEST_CASE("lexical path resolution", "[parser][path]") {
    CHECK(normalize_absolute("/usr//bin/./ls") == "/usr/bin/ls");
    CHECK(normalize_absolute("/a/b/../../c") == "/c");
    CHECK(normalize_absolute("/..") == "/");
    // Names already normal come back as they are; each way of not being normal is caught.
    for (const char* normal : {"/", "/usr/bin/ls", "/.hidden/x", "/a/..b/c.", "/...", "/a/.b"})
        CHECK(normalize_absolute(normal) == normal);
    CHECK(normalize_absolute("/usr/") == "/usr");
    CHECK(normalize_absolute("//usr") == "/usr");
    CHECK(normalize_absolute("/usr/.") == "/usr");
    CHECK(normalize_absolute("/usr/..") == "/");
    CHECK(normalize_absolute("/a/./b") == "/a/b");
    CHECK(normalize_absolute("/a/../b") == "/b");
    CHECK(normalize_absolute("usr/bin") == "/usr/bin");
    CHECK(normalize_absolute("") == "/");
    CHECK(resolve_against("./tool", std::string("/home/u")) == "/home/u/tool");
    CHECK(resolve_against("../bin/x", std::string("/opt/app/lib")) == "/opt/app/bin/x");
    CHECK(resolve_against("/bin/sh", std::nullopt) == "/bin/sh");
    CHECK_FALSE(resolve_against("tool", std::nullopt));
    CHECK(base_name("/usr/bin/ls") == "ls");
    CHECK(base_name("ls") == "ls");
    CHECK(base_name("/") == "/");
    CHECK(base_name("/tmp/dir/") == "dir");
}
