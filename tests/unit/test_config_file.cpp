// plugin/config_file.h: "key = value" lines and '#' comments; every problem reported as
// "file:line: message", all at once; files checked the way auditd checks its own.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "plugin/config_file.h"
#include "plugin/setting_keys.h"
#include "tests/support/settings_picture.h"
#include "tests/support/temp_dir.h"

using audisp_ima::apply_setting;
using audisp_ima::ConfigError;
using audisp_ima::ConfigFileRules;
using audisp_ima::load_config_file;
using audisp_ima::OutputKind;
using audisp_ima::ParserKind;
using audisp_ima::parse_config_text;
using audisp_ima::Settings;
using audisp_ima::setting_keys;
using audisp_ima::setting_value;

using audisp_ima::test::spelled;
using audisp_ima::test::TempDir;

namespace {


std::string parse_error(std::string_view text, Settings base = {}) {
    try {
        parse_config_text(text, "test.conf", std::move(base));
    } catch (const ConfigError& error) {
        return error.what();
    }
    return "(no error)";
}

std::string load_error(const std::string& path, ConfigFileRules rules = {}) {
    try {
        load_config_file(path, Settings{}, rules);
    } catch (const ConfigError& error) {
        return error.what();
    }
    return "(no error)";
}


std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::string shipped_config_path() { return std::string(AUDISP_IMA_SOURCE_DIR) + "/conf/audisp-ima.conf"; }

}  // namespace

// ---------------------------------------------------------------------------------------------
// parse_config_text

TEST_CASE("config text: empty, blank and comment-only texts give the base settings", "[config]") {
    for (std::string text : {"", "\n", "\n\n\n", "# only a comment", "# a\n#b\n   # indented\n\t# tabbed\n",
                             "   \n\t\n \t \n", "\r\n# windows\r\n\r\n", "#format = cef\n# output = stdout\n"}) {
        INFO("text: '" << text << "'");
        Settings parsed;
        REQUIRE_NOTHROW(parsed = parse_config_text(text, "x.conf", Settings{}));
        CHECK(spelled(parsed) == spelled(Settings{}));
    }
}

TEST_CASE("config text: key = value lines set their keys", "[config]") {
    const std::string text =
        "# audisp-ima test file\n"
        "\n"
        "format = cef\n"
        "output = stdout\n"
        "syslog_socket = /run/test.sock\n"
        "syslog_facility = local4\n"
        "syslog_priority = notice\n"
        "syslog_ident = ima-test\n"
        "syslog_header = rfc5424\n"
        "max_message_size = 4096\n"
        "queue_max_events = 10\n"
        "queue_max_bytes = 65536\n"
        "hash_cache_size = 0\n"
        "join_timeout = 5\n"
        "stats_interval = 60\n"
        "emit = executions,integrity\n";
    Settings s = parse_config_text(text, "x.conf", Settings{});
    CHECK(s.format == "cef");
    CHECK(s.output == OutputKind::stdout_lines);
    CHECK(s.syslog_socket == "/run/test.sock");
    CHECK(s.syslog_facility == LOG_LOCAL4);
    CHECK(s.syslog_priority == LOG_NOTICE);
    CHECK(s.syslog_ident == "ima-test");
    CHECK(s.syslog_header == audisp_ima::SyslogHeader::rfc5424);
    CHECK(s.max_message_size == 4096);
    CHECK(s.queue_max_events == 10);
    CHECK(s.queue_max_bytes == 65536);
    CHECK(s.hash_cache_size == 0);
    CHECK(s.join_timeout == std::chrono::seconds(5));
    CHECK(s.stats_interval == std::chrono::seconds(60));
    CHECK(s.emit.executions);
    CHECK_FALSE(s.emit.failed_executions);
    CHECK_FALSE(s.emit.standalone_measurements);
    CHECK(s.emit.integrity);
}

TEST_CASE("config text: whitespace, tabs and CR around keys, '=' and values are ignored", "[config]") {
    const std::vector<std::string> spellings{
        "format = cef",     "format=cef",         "  format = cef  ", "\tformat\t=\tcef\t", "format =cef",
        "format= cef",      " \t format \t = \t cef \t ", "format = cef\r", "format = cef \r",
    };
    for (const auto& line : spellings) {
        INFO("line: '" << line << "'");
        for (std::string ending : {"", "\n", "\r\n"}) {
            Settings s;
            REQUIRE_NOTHROW(s = parse_config_text(line + ending, "x.conf", Settings{}));
            CHECK(s.format == "cef");
        }
    }
    // Blanks inside a value are kept (and are then the value's problem).
    CHECK(parse_config_text("syslog_socket = /tmp/a b\n", "x.conf", Settings{}).syslog_socket == "/tmp/a b");
    // Only the first '=' separates: the rest belongs to the value.
    CHECK(parse_config_text("syslog_socket = /tmp/a=b\n", "x.conf", Settings{}).syslog_socket == "/tmp/a=b");
}

TEST_CASE("config text: CRLF files and a last line without newline", "[config]") {
    Settings crlf = parse_config_text("# comment\r\nformat = cef\r\n\r\noutput = stdout\r\nemit = integrity\r\n",
                                      "x.conf", Settings{});
    CHECK(crlf.format == "cef");
    CHECK(crlf.output == OutputKind::stdout_lines);
    CHECK(setting_value(crlf, "emit") == "integrity");

    Settings no_newline = parse_config_text("format = cef\noutput = stdout", "x.conf", Settings{});
    CHECK(no_newline.format == "cef");
    CHECK(no_newline.output == OutputKind::stdout_lines);
    CHECK(parse_config_text("join_timeout = 9", "x.conf", Settings{}).join_timeout == std::chrono::seconds(9));
    CHECK(parse_config_text("parser = native", "x.conf", Settings{}).parser == ParserKind::native);

    // Line numbers in errors count CRLF lines like LF lines, and a last line without newline.
    CHECK(parse_error("# c\r\n\r\nformat = cef\r\nformat = xml") == "test.conf:4: format: already set on line 3");
    CHECK(parse_error("\r\n\r\noutput = file\r\n") == "test.conf:3: output: bad value 'file' (expected syslog|stdout)");
}

TEST_CASE("config text: base settings are kept for keys the file does not set", "[config]") {
    Settings base;
    apply_setting(base, "format", "cef");
    apply_setting(base, "output", "stdout");
    apply_setting(base, "syslog_ident", "from-base");
    apply_setting(base, "queue_max_events", "77");
    apply_setting(base, "emit", "integrity");
    Settings s = parse_config_text("syslog_priority = debug\nqueue_max_events = 5\n", "x.conf", base);
    CHECK(s.syslog_priority == LOG_DEBUG);
    CHECK(s.queue_max_events == 5);
    CHECK(s.format == "cef");
    CHECK(s.output == OutputKind::stdout_lines);
    CHECK(s.syslog_ident == "from-base");
    CHECK(setting_value(s, "emit") == "integrity");
    // Everything else as in base.
    auto expected = spelled(base);
    for (auto& [key, value] : expected) {
        if (key == "syslog_priority") value = "debug";
        if (key == "queue_max_events") value = "5";
    }
    CHECK(spelled(s) == expected);
    // An empty file gives the base back unchanged; a file can set a key back to its default.
    CHECK(spelled(parse_config_text("", "x.conf", base)) == spelled(base));
    CHECK(parse_config_text("format = json", "x.conf", base).format == "json");
}

TEST_CASE("config text: each error, with file:line and the exact message", "[config]") {
    CHECK(parse_error("just some words\n") == "test.conf:1: expected 'key = value', got 'just some words'");
    CHECK(parse_error("format\n") == "test.conf:1: expected 'key = value', got 'format'");
    CHECK(parse_error("  format cef  \n") == "test.conf:1: expected 'key = value', got 'format cef'");
    CHECK(parse_error("format: cef\n") == "test.conf:1: expected 'key = value', got 'format: cef'");
    CHECK(parse_error("= json\n") == "test.conf:1: missing key before '='");
    CHECK(parse_error("  \t= json\n") == "test.conf:1: missing key before '='");
    CHECK(parse_error("=\n") == "test.conf:1: missing key before '='");
    CHECK(parse_error("format =\n") == "test.conf:1: format: missing value after '='");
    CHECK(parse_error("format =   \t\n") == "test.conf:1: format: missing value after '='");
    CHECK(parse_error("format=\r\n") == "test.conf:1: format: missing value after '='");
    CHECK(parse_error("format = json\nformat = cef\n") == "test.conf:2: format: already set on line 1");
    CHECK(parse_error("format = json\n\n# x\nformat = json\n") == "test.conf:4: format: already set on line 1");
    CHECK(parse_error("format = xml\n") == "test.conf:1: format: bad value 'xml' (expected json|cef|leef|ocsf|sysmon)");
    CHECK(parse_error("max_message_size = 12x\n") ==
          "test.conf:1: max_message_size: bad value '12x' (expected BYTES (2048..1048576))");
    CHECK(parse_error("syslog_socket = dev/log\n") ==
          "test.conf:1: syslog_socket: bad value 'dev/log' (expected an absolute path of at most 107 bytes, without control characters or a trailing blank)");
    CHECK(parse_error("colour = red\n") == "test.conf:1: unknown key 'colour'");
    // The command-line spelling is not a config-file key.
    CHECK(parse_error("syslog-facility = user\n") == "test.conf:1: unknown key 'syslog-facility'");
    CHECK(parse_error("syslog facility = user\n") == "test.conf:1: unknown key 'syslog facility'");
    // A '#' after a value is not a comment (as in auditd.conf): the value is refused, not cut.
    CHECK(parse_error("format = json # the default\n") ==
          "test.conf:1: format: bad value 'json # the default' (expected json|cef|leef|ocsf|sysmon)");
    // The file name given is the one in the messages.
    try {
        parse_config_text("x = 1", "/etc/audit/audisp-ima.conf", Settings{});
        FAIL("no error");
    } catch (const ConfigError& error) {
        CHECK(std::string(error.what()) == "/etc/audit/audisp-ima.conf:1: unknown key 'x'");
    }
    // ConfigError is a std::runtime_error.
    CHECK_THROWS_AS(parse_config_text("x = 1", "f", Settings{}), std::runtime_error);
}

TEST_CASE("config text: every error is reported, one per line, in file order", "[config]") {
    const std::string text =
        "# header comment\n"           // 1
        "format = xml\n"               // 2  bad value
        "output = stdout\n"            // 3  fine
        "colour = red\n"               // 4  unknown key
        "\n"                           // 5
        "no equals sign here\n"        // 6  missing '='
        "= orphan\n"                   // 7  missing key
        "syslog_ident =\n"             // 8  missing value
        "output = syslog\n"            // 9  duplicate of 3
        "join_timeout = 0\n"           // 10 out of range
        "emit = executions,\n"         // 11 trailing comma
        "syslog_ident = a:b\n"         // 12 ':' in ident
        "queue_max_events = -1";       // 13 negative, no final newline
    const std::string expected =
        "f.conf:2: format: bad value 'xml' (expected json|cef|leef|ocsf|sysmon)\n"
        "f.conf:4: unknown key 'colour'\n"
        "f.conf:6: expected 'key = value', got 'no equals sign here'\n"
        "f.conf:7: missing key before '='\n"
        "f.conf:8: syslog_ident: missing value after '='\n"
        "f.conf:9: output: already set on line 3\n"
        "f.conf:10: join_timeout: bad value '0' (expected SECONDS (1..3600))\n"
        "f.conf:11: emit: bad value '' (expected all|KIND,KIND...)\n"
        "f.conf:12: syslog_ident: bad value 'a:b' (expected 1 to 48 printable characters without blanks, ':', '[' or ']')\n"
        "f.conf:13: queue_max_events: bad value '-1' (expected N (1..10000000))";
    try {
        parse_config_text(text, "f.conf", Settings{});
        FAIL("no error");
    } catch (const ConfigError& error) {
        CHECK(std::string(error.what()) == expected);
    }
}

// ---------------------------------------------------------------------------------------------
// load_config_file

TEST_CASE("config file: a good file is read and applied on top of the base", "[config]") {
    TempDir dir;
    std::string path = dir.write("good.conf", "# test\nformat = cef\nsyslog_priority = err\n");
    Settings base;
    apply_setting(base, "syslog_ident", "kept");
    Settings s = load_config_file(path, base, ConfigFileRules{});
    CHECK(s.format == "cef");
    CHECK(s.syslog_priority == LOG_ERR);
    CHECK(s.syslog_ident == "kept");
    // An empty file is a valid file.
    CHECK(spelled(load_config_file(dir.write("empty.conf", ""), Settings{}, {})) == spelled(Settings{}));
}

TEST_CASE("config file: errors in a file name the file's path and line", "[config]") {
    TempDir dir;
    std::string path = dir.write("bad.conf", "format = json\nformat = cef\nbogus = 1\n");
    CHECK(load_error(path) == path + ":2: format: already set on line 1\n" + path + ":3: unknown key 'bogus'");
}

TEST_CASE("config file: missing files, directories and devices are refused", "[config]") {
    TempDir dir;
    std::string missing = dir.path() + "/does-not-exist.conf";
    CHECK(load_error(missing) == missing + ": cannot open: No such file or directory");
    CHECK_THROWS_AS(load_config_file(missing, Settings{}, {}), ConfigError);

    CHECK(load_error(dir.path()) == dir.path() + ": not a regular file");
    CHECK(load_error(dir.path(), ConfigFileRules{true}) == dir.path() + ": not a regular file");
    CHECK(load_error("/dev/null") == "/dev/null: not a regular file");
    CHECK(load_error("") == ": cannot open: No such file or directory");
}

TEST_CASE("config file: larger than 1 MiB is refused, 1 MiB exactly is read", "[config]") {
    TempDir dir;
    constexpr size_t kMiB = 1 << 20;
    // Valid content: comment lines of 64 bytes, then a key, padded to the size wanted.
    auto text_of_size = [](size_t size) {
        std::string text = "format = cef\n";
        const std::string comment_line = "# " + std::string(61, 'x') + "\n";  // 64 bytes
        while (text.size() + comment_line.size() <= size) text += comment_line;
        text += "#" + std::string(size - text.size() - 1, 'y');  // last line, no newline
        return text;
    };
    std::string exact = text_of_size(kMiB);
    REQUIRE(exact.size() == kMiB);
    CHECK(load_config_file(dir.write("exact.conf", exact), Settings{}, {}).format == "cef");

    std::string over = text_of_size(kMiB + 1);
    REQUIRE(over.size() == kMiB + 1);
    std::string path = dir.write("over.conf", over);
    CHECK(load_error(path) == path + ": larger than 1 MiB, not a config file");

    std::string huge = dir.write("huge.conf", std::string(3 * kMiB, '#'));
    CHECK_THAT(load_error(huge), Catch::Contains("larger than 1 MiB"));
}

TEST_CASE("config file: with require_root_owner, a world-writable file is refused", "[config]") {
    TempDir dir;
    std::string path = dir.write("ww.conf", "format = cef\n", 0666);
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    REQUIRE((st.st_mode & S_IWOTH) != 0);
    if (st.st_uid == 0) {
        CHECK(load_error(path, ConfigFileRules{true}) == path + ": writable by everyone, refusing it (chmod o-w)");
    } else {
        // Not root: the ownership check comes first; still refused.
        CHECK_THROWS_AS(load_config_file(path, Settings{}, ConfigFileRules{true}), ConfigError);
    }
    // Without the rule (not running as root), the same file is read.
    CHECK(load_config_file(path, Settings{}, ConfigFileRules{false}).format == "cef");

    // Group-writable or world-readable is fine; only world-writable is refused.
    if (st.st_uid == 0) {
        for (mode_t mode : {0600, 0640, 0644, 0660, 0664, 0400}) {
            INFO("mode " << std::oct << mode);
            REQUIRE(::chmod(path.c_str(), mode) == 0);
            CHECK(load_config_file(path, Settings{}, ConfigFileRules{true}).format == "cef");
        }
        REQUIRE(::chmod(path.c_str(), 0602) == 0);
        CHECK_THAT(load_error(path, ConfigFileRules{true}), Catch::Contains("writable by everyone"));
    }
}

TEST_CASE("config file: with require_root_owner, a file not owned by root is refused", "[config]") {
    if (::geteuid() != 0) {
        WARN("not running as root: cannot chown a file to another user, ownership check skipped");
        return;
    }
    TempDir dir;
    std::string path = dir.write("nobody.conf", "format = cef\n", 0644);
    REQUIRE(::chown(path.c_str(), 65534, 65534) == 0);
    CHECK(load_error(path, ConfigFileRules{true}) == path + ": not owned by root (uid 65534), refusing it");
    // Owned by someone else and world-writable: refused too (the owner check names the problem).
    REQUIRE(::chmod(path.c_str(), 0666) == 0);
    CHECK_THROWS_AS(load_config_file(path, Settings{}, ConfigFileRules{true}), ConfigError);
    // Without the rule the file is read (root can read it).
    REQUIRE(::chmod(path.c_str(), 0644) == 0);
    CHECK(load_config_file(path, Settings{}, ConfigFileRules{false}).format == "cef");
    // Root's own file passes.
    REQUIRE(::chown(path.c_str(), 0, 0) == 0);
    CHECK(load_config_file(path, Settings{}, ConfigFileRules{true}).format == "cef");
}

// ---------------------------------------------------------------------------------------------
// The shipped conf/audisp-ima.conf

TEST_CASE("shipped audisp-ima.conf: parses to exactly the defaults", "[config]") {
    const std::string path = shipped_config_path();
    const std::string text = read_text(path);
    REQUIRE_FALSE(text.empty());
    CHECK(text.back() == '\n');
    Settings parsed;
    REQUIRE_NOTHROW(parsed = parse_config_text(text, path, Settings{}));
    CHECK(spelled(parsed) == spelled(Settings{}));
    // Through the file loader as well, starting from a base far from the defaults: the file
    // sets nothing, so the base comes back.
    Settings base;
    apply_setting(base, "format", "cef");
    apply_setting(base, "emit", "integrity");
    CHECK(spelled(load_config_file(path, base, ConfigFileRules{false})) == spelled(base));
}

TEST_CASE("shipped audisp-ima.conf: every key, in setting_keys() order, commented out at its default", "[config]") {
    const std::string path = shipped_config_path();
    const std::string text = read_text(path);
    const std::regex commented_setting(R"(^# ([a-z_]+) = (.*)$)");

    std::vector<std::string> keys_in_file;
    std::string uncommented;
    std::istringstream lines(text);
    size_t comment_lines_before_key = 0;
    for (std::string line; std::getline(lines, line);) {
        INFO(line);
        CHECK(line.find('\r') == std::string::npos);
        CHECK(line.size() <= 100);
        std::smatch match;
        if (std::regex_match(line, match, commented_setting)) {
            std::string key = match[1];
            std::string value = match[2];
            keys_in_file.push_back(key);
            CHECK(value == setting_value(Settings{}, key));
            // Each key's block explains it in one to three lines first.
            CHECK(comment_lines_before_key >= 1);
            CHECK(comment_lines_before_key <= 3);
            comment_lines_before_key = 0;
            uncommented += line.substr(2) + "\n";
            continue;
        }
        // Nothing but comments and blank lines otherwise.
        CHECK((line.empty() || line[0] == '#'));
        if (line.empty()) comment_lines_before_key = 0;
        else ++comment_lines_before_key;
        uncommented += line + "\n";
    }
    std::vector<std::string> expected;
    for (const auto& key : setting_keys()) expected.emplace_back(key.name);
    CHECK(keys_in_file == expected);

    // Uncommenting every "# key = value" line gives a file that parses to the same defaults.
    Settings parsed;
    REQUIRE_NOTHROW(parsed = parse_config_text(uncommented, path + " (uncommented)", Settings{}));
    CHECK(spelled(parsed) == spelled(Settings{}));
    // ... and it really sets every key: from a base far from the defaults, the defaults come back.
    Settings base;
    apply_setting(base, "format", "cef");
    apply_setting(base, "output", "stdout");
    apply_setting(base, "syslog_facility", "local7");
    apply_setting(base, "max_message_size", "2048");
    apply_setting(base, "stats_interval", "0");
    apply_setting(base, "emit", "integrity");
    CHECK(spelled(parse_config_text(uncommented, path, base)) == spelled(Settings{}));
}

TEST_CASE("shipped audisp-ima.conf: mentions every key of setting_keys()", "[config]") {
    const std::string text = read_text(shipped_config_path());
    for (const auto& key : setting_keys()) {
        INFO(key.name);
        CHECK(text.find("# " + std::string(key.name) + " = ") != std::string::npos);
    }
}
