// plugin/setting_keys.h: the one table of keys shared by the config file and the command line.
// Expected values come from the header's contract and the configuration table of
// docs/operations.md.
#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "plugin/setting_keys.h"
#include "tests/support/settings_picture.h"

using audisp_ima::apply_setting;
using audisp_ima::EmitKinds;
using audisp_ima::OutputKind;
using audisp_ima::ParserKind;
using audisp_ima::SettingError;
using audisp_ima::Settings;
using audisp_ima::setting_keys;
using audisp_ima::setting_value;
using audisp_ima::SyslogHeader;

using audisp_ima::test::spelled;

namespace {


std::string error_of(std::string_view key, std::string_view value) {
    Settings settings;
    try {
        apply_setting(settings, key, value);
    } catch (const SettingError& error) {
        return error.what();
    }
    return "(no error)";
}

struct Case {
    std::string key;
    std::string value;
};

}  // namespace

TEST_CASE("setting_keys: the nineteen keys of docs/operations.md, in its order, each described", "[config]") {
    const std::vector<std::string> expected{
        "format",           "output",          "syslog_socket",   "syslog_facility", "syslog_priority",
        "syslog_ident",     "syslog_header",   "max_message_size", "queue_max_events", "queue_max_bytes",
        "hash_cache_size",  "process_table_size", "measurement_list", "state_file",  "path_hashes",
        "join_timeout",     "parser",           "stats_interval",   "emit",
    };
    std::vector<std::string> names;
    for (const auto& key : setting_keys()) {
        INFO(key.name);
        names.emplace_back(key.name);
        CHECK_FALSE(key.value_syntax.empty());
        CHECK_FALSE(key.description.empty());
        for (char c : key.name) CHECK(((c >= 'a' && c <= 'z') || c == '_'));
    }
    CHECK(names == expected);
    CHECK(std::set<std::string>(names.begin(), names.end()).size() == names.size());
}

TEST_CASE("setting_value: the defaults of a fresh Settings, as documented", "[config]") {
    const Settings defaults;
    CHECK(setting_value(defaults, "format") == "json");
    CHECK(setting_value(defaults, "output") == "syslog");
    CHECK(setting_value(defaults, "syslog_socket") == "/dev/log");
    CHECK(setting_value(defaults, "syslog_facility") == "user");
    CHECK(setting_value(defaults, "syslog_priority") == "info");
    CHECK(setting_value(defaults, "syslog_ident") == "audisp-ima");
    CHECK(setting_value(defaults, "syslog_header") == "rfc3164");
    CHECK(setting_value(defaults, "max_message_size") == "8096");
    CHECK(setting_value(defaults, "queue_max_events") == "20000");
    CHECK(setting_value(defaults, "queue_max_bytes") == "33554432");
    CHECK(setting_value(defaults, "hash_cache_size") == "16384");
    CHECK(setting_value(defaults, "process_table_size") == "8192");
    CHECK(setting_value(defaults, "measurement_list") == "auto");
    CHECK(setting_value(defaults, "state_file") == "/var/lib/audisp-ima/hashes.state");
    CHECK(setting_value(defaults, "path_hashes") == "no");
    CHECK(setting_value(defaults, "join_timeout") == "2");
    CHECK(setting_value(defaults, "parser") == "native");
    CHECK(setting_value(defaults, "stats_interval") == "3600");
    CHECK(setting_value(defaults, "emit") == "all");
}

TEST_CASE("apply_setting: every key with good values, round-tripped through setting_value", "[config]") {
    const std::vector<Case> good{
        {"format", "json"},
        {"format", "cef"},
        {"output", "syslog"},
        {"output", "stdout"},
        {"syslog_socket", "/dev/log"},
        {"syslog_socket", "/run/systemd/journal/dev-log"},
        {"syslog_socket", "/"},
        {"syslog_socket", "/tmp/with space/and=equals"},
        {"syslog_socket", "/" + std::string(106, 'a')},  // 107 bytes: the most sun_path holds
        {"syslog_facility", "user"},
        {"syslog_facility", "daemon"},
        {"syslog_facility", "auth"},
        {"syslog_facility", "authpriv"},
        {"syslog_facility", "local0"},
        {"syslog_facility", "local1"},
        {"syslog_facility", "local2"},
        {"syslog_facility", "local3"},
        {"syslog_facility", "local4"},
        {"syslog_facility", "local5"},
        {"syslog_facility", "local6"},
        {"syslog_facility", "local7"},
        {"syslog_priority", "emerg"},
        {"syslog_priority", "alert"},
        {"syslog_priority", "crit"},
        {"syslog_priority", "err"},
        {"syslog_priority", "warning"},
        {"syslog_priority", "notice"},
        {"syslog_priority", "info"},
        {"syslog_priority", "debug"},
        {"syslog_ident", "audisp-ima"},
        {"syslog_ident", "x"},
        {"syslog_ident", std::string(48, 'a')},
        {"syslog_ident", "ima.exec_log-2/b~!"},
        {"syslog_header", "rfc3164"},
        {"syslog_header", "rfc5424"},
        {"max_message_size", "2048"},
        {"max_message_size", "8192"},
        {"max_message_size", "1048576"},
        {"queue_max_events", "1"},
        {"queue_max_events", "20000"},
        {"queue_max_events", "10000000"},
        {"queue_max_bytes", "65536"},
        {"queue_max_bytes", "33554432"},
        {"queue_max_bytes", "4294967296"},
        {"hash_cache_size", "0"},
        {"hash_cache_size", "16384"},
        {"hash_cache_size", "100000000"},
        {"process_table_size", "0"},
        {"process_table_size", "10000000"},
        {"measurement_list", "auto"},
        {"measurement_list", "host"},
        {"measurement_list", "none"},
        {"state_file", "/var/lib/audisp-ima/hashes.state"},
        {"state_file", "none"},
        {"path_hashes", "yes"},
        {"path_hashes", "no"},
        {"join_timeout", "1"},
        {"join_timeout", "2"},
        {"join_timeout", "3600"},
        {"parser", "auparse"},
        {"parser", "native"},
        {"stats_interval", "0"},
        {"stats_interval", "3600"},
        {"stats_interval", "604800"},
        {"emit", "all"},
        {"emit", "executions"},
        {"emit", "failed_executions"},
        {"emit", "standalone_measurements"},
        {"emit", "integrity"},
        {"emit", "executions,failed_executions"},
        {"emit", "executions,integrity"},
        {"emit", "failed_executions,standalone_measurements,integrity"},
        {"emit", "process_ends"},
        {"emit", "executions,process_ends"},
    };
    std::set<std::string> covered;
    for (const auto& [key, value] : good) {
        INFO(key << " = " << value);
        Settings settings;
        REQUIRE_NOTHROW(apply_setting(settings, key, value));
        CHECK(setting_value(settings, key) == value);
        // Only that key changed.
        const auto before = spelled(Settings{});
        const auto after = spelled(settings);
        for (size_t i = 0; i < before.size(); ++i)
            if (before[i].first != key) CHECK(after[i] == before[i]);
        covered.insert(key);
    }
    for (const auto& key : setting_keys()) CHECK(covered.count(std::string(key.name)) == 1);
}

TEST_CASE("apply_setting: values land in the right Settings fields", "[config]") {
    Settings s;
    apply_setting(s, "format", "cef");
    apply_setting(s, "output", "stdout");
    apply_setting(s, "syslog_socket", "/run/log");
    apply_setting(s, "syslog_facility", "local5");
    apply_setting(s, "syslog_priority", "warning");
    apply_setting(s, "syslog_ident", "ima");
    apply_setting(s, "syslog_header", "rfc5424");
    apply_setting(s, "max_message_size", "4096");
    apply_setting(s, "queue_max_events", "7");
    apply_setting(s, "queue_max_bytes", "4294967296");
    apply_setting(s, "hash_cache_size", "0");
    apply_setting(s, "process_table_size", "5");
    apply_setting(s, "join_timeout", "3600");
    apply_setting(s, "parser", "auparse");
    apply_setting(s, "stats_interval", "0");
    apply_setting(s, "emit", "failed_executions,integrity");
    CHECK(s.format == "cef");
    CHECK(s.output == OutputKind::stdout_lines);
    CHECK(s.syslog_socket == "/run/log");
    CHECK(s.syslog_facility == LOG_LOCAL5);
    CHECK(s.syslog_priority == LOG_WARNING);
    CHECK(s.syslog_ident == "ima");
    CHECK(s.syslog_header == SyslogHeader::rfc5424);
    CHECK(s.max_message_size == 4096);
    CHECK(s.queue_max_events == 7);
    CHECK(s.queue_max_bytes == (size_t{1} << 32));
    CHECK(s.hash_cache_size == 0);
    CHECK(s.process_table_size == 5);
    CHECK(s.join_timeout == std::chrono::seconds(3600));
    CHECK(s.parser == ParserKind::auparse);
    CHECK(s.stats_interval == std::chrono::seconds(0));
    CHECK_FALSE(s.emit.executions);
    CHECK(s.emit.failed_executions);
    CHECK_FALSE(s.emit.standalone_measurements);
    CHECK(s.emit.integrity);

    // Each facility and priority name maps to its <syslog.h> number.
    const std::vector<std::pair<std::string, int>> facilities{
        {"user", LOG_USER},     {"daemon", LOG_DAEMON}, {"auth", LOG_AUTH},     {"authpriv", LOG_AUTHPRIV},
        {"local0", LOG_LOCAL0}, {"local1", LOG_LOCAL1}, {"local2", LOG_LOCAL2}, {"local3", LOG_LOCAL3},
        {"local4", LOG_LOCAL4}, {"local5", LOG_LOCAL5}, {"local6", LOG_LOCAL6}, {"local7", LOG_LOCAL7},
    };
    for (const auto& [name, number] : facilities) {
        Settings f;
        apply_setting(f, "syslog_facility", name);
        CHECK(f.syslog_facility == number);
    }
    const std::vector<std::pair<std::string, int>> priorities{
        {"emerg", LOG_EMERG},   {"alert", LOG_ALERT},   {"crit", LOG_CRIT}, {"err", LOG_ERR},
        {"warning", LOG_WARNING}, {"notice", LOG_NOTICE}, {"info", LOG_INFO}, {"debug", LOG_DEBUG},
    };
    for (const auto& [name, number] : priorities) {
        Settings p;
        apply_setting(p, "syslog_priority", name);
        CHECK(p.syslog_priority == number);
    }
}

TEST_CASE("apply_setting: emit lists are sets, spelled back in a fixed order, all four is 'all'", "[config]") {
    Settings s;
    apply_setting(s, "emit", "integrity,executions");
    CHECK(setting_value(s, "emit") == "executions,integrity");
    apply_setting(s, "emit", "executions,executions");
    CHECK(setting_value(s, "emit") == "executions");
    apply_setting(s, "emit", "integrity,standalone_measurements,failed_executions,executions");
    CHECK(setting_value(s, "emit") == "executions,failed_executions,standalone_measurements,integrity");
    CHECK_FALSE(s.emit.process_ends);
    apply_setting(s, "emit", "integrity,standalone_measurements,failed_executions,executions,process_ends");
    CHECK(setting_value(s, "emit") == "all");
    CHECK(s.emit.process_ends);
    CHECK(s.emit.executions);
    CHECK(s.emit.failed_executions);
    CHECK(s.emit.standalone_measurements);
    CHECK(s.emit.integrity);
    // A list replaces the previous one, it does not add to it.
    apply_setting(s, "emit", "standalone_measurements");
    CHECK_FALSE(s.emit.executions);
    CHECK_FALSE(s.emit.failed_executions);
    CHECK(s.emit.standalone_measurements);
    CHECK_FALSE(s.emit.integrity);
    apply_setting(s, "emit", "all");
    CHECK(setting_value(s, "emit") == "all");
}

TEST_CASE("apply_setting: defaults spelled by setting_value are accepted back", "[config]") {
    // Start far from the defaults, then apply every default spelling: the defaults come back.
    Settings s;
    apply_setting(s, "format", "cef");
    apply_setting(s, "output", "stdout");
    apply_setting(s, "syslog_socket", "/x");
    apply_setting(s, "syslog_facility", "local7");
    apply_setting(s, "syslog_priority", "emerg");
    apply_setting(s, "syslog_ident", "other");
    apply_setting(s, "syslog_header", "rfc5424");
    apply_setting(s, "max_message_size", "2048");
    apply_setting(s, "queue_max_events", "1");
    apply_setting(s, "queue_max_bytes", "65536");
    apply_setting(s, "hash_cache_size", "0");
    apply_setting(s, "process_table_size", "0");
    apply_setting(s, "measurement_list", "none");
    apply_setting(s, "state_file", "/x.state");
    apply_setting(s, "path_hashes", "yes");
    apply_setting(s, "join_timeout", "1");
    apply_setting(s, "parser", "auparse");
    apply_setting(s, "stats_interval", "0");
    apply_setting(s, "emit", "integrity");
    for (const auto& [key, value] : spelled(s)) CHECK(value != setting_value(Settings{}, key));
    for (const auto& key : setting_keys()) apply_setting(s, key.name, setting_value(Settings{}, key.name));
    CHECK(spelled(s) == spelled(Settings{}));
}

TEST_CASE("apply_setting: bad values are refused, naming key, value and what was expected", "[config]") {
    const std::vector<Case> bad{
        // enums: unknown words, other cases, blanks, empty
        // paths a config line cannot carry (found by tests/fuzz: --check-config printed a line
        // break into its output, which does not read back)
        {"syslog_socket", "/run/a\nb"},
        {"syslog_socket", "/run/log "},
        {"syslog_socket", "/run/\x7flog"},
        {"state_file", "/var/lib/x\ny"},
        {"state_file", "/var/lib/x\t"},
        {"state_file", std::string("/var/lib/x\0y", 12)},
        {"format", "xml"},
        {"format", "JSON"},
        {"format", " json"},
        {"format", "json "},
        {"format", ""},
        {"format", "json,cef"},
        {"output", "file"},
        {"output", "Syslog"},
        {"output", "stdout_lines"},
        {"output", ""},
        {"syslog_facility", "kern"},
        {"syslog_facility", "local8"},
        {"syslog_facility", "LOCAL0"},
        {"syslog_facility", "8"},
        {"syslog_facility", "security"},
        {"syslog_facility", ""},
        {"syslog_priority", "error"},
        {"syslog_priority", "warn"},
        {"syslog_priority", "panic"},
        {"syslog_priority", "6"},
        {"syslog_priority", "INFO"},
        {"syslog_priority", ""},
        {"syslog_header", "rfc5425"},
        {"syslog_header", "3164"},
        {"syslog_header", "RFC5424"},
        {"syslog_header", ""},
        // syslog_socket: absolute paths only
        {"syslog_socket", "dev/log"},
        {"syslog_socket", "./log"},
        {"syslog_socket", "~/log"},
        {"syslog_socket", " /dev/log"},
        {"syslog_socket", "/" + std::string(107, 'a')},  // 108 bytes: no room for sun_path's NUL
        {"syslog_socket", ""},
        // syslog_ident: 1..48 printable, no blank, ':', '[', ']'
        {"syslog_ident", ""},
        {"syslog_ident", "audisp ima"},
        {"syslog_ident", "audisp:ima"},
        {"syslog_ident", "ima:"},
        {"syslog_ident", "ima[1]"},
        {"syslog_ident", "ima]"},
        {"syslog_ident", "tab\there"},
        {"syslog_ident", "new\nline"},
        {"syslog_ident", "del\x7f"},
        {"syslog_ident", "caf\xc3\xa9"},
        {"syslog_ident", std::string(49, 'a')},
        {"syslog_ident", std::string(200, 'b')},
        // numbers: out of range, not numbers, trailing garbage, signs, blanks, empty, overflow
        {"max_message_size", "2047"},
        {"max_message_size", "1048577"},
        {"max_message_size", "0"},
        {"max_message_size", "12x"},
        {"max_message_size", "8192x"},
        {"max_message_size", "x8192"},
        {"max_message_size", "-8192"},
        {"max_message_size", "+8192"},
        {"max_message_size", " 8192"},
        {"max_message_size", "8192 "},
        {"max_message_size", "8 192"},
        {"max_message_size", "0x2000"},
        {"max_message_size", "8192.0"},
        {"max_message_size", "8k"},
        {"max_message_size", ""},
        {"max_message_size", "99999999999999999999999999"},
        {"queue_max_events", "0"},
        {"queue_max_events", "10000001"},
        {"queue_max_events", "-1"},
        {"queue_max_events", "12x"},
        {"queue_max_events", "many"},
        {"queue_max_events", ""},
        {"queue_max_bytes", "65535"},
        {"queue_max_bytes", "4294967297"},
        {"queue_max_bytes", "18446744073709551615"},
        {"queue_max_bytes", "18446744073709551616"},
        {"queue_max_bytes", "-65536"},
        {"queue_max_bytes", "32M"},
        {"queue_max_bytes", ""},
        {"measurement_list", "yes"},
        {"measurement_list", "/sys/kernel/security/ima/binary_runtime_measurements"},
        {"state_file", "relative/path"},
        {"state_file", ""},
        {"path_hashes", "on"},
        {"path_hashes", "1"},
        {"hash_cache_size", "100000001"},
        {"process_table_size", "10000001"},
        {"process_table_size", "-1"},
        {"hash_cache_size", "-1"},
        {"hash_cache_size", "-0"},
        {"hash_cache_size", "12x"},
        {"hash_cache_size", "off"},
        {"hash_cache_size", ""},
        {"join_timeout", "0"},
        {"join_timeout", "3601"},
        {"join_timeout", "-2"},
        {"join_timeout", "2s"},
        {"join_timeout", "1.5"},
        {"join_timeout", ""},
        {"parser", "libauparse"},
        {"parser", "Native"},
        {"parser", "native "},
        {"parser", ""},
        {"stats_interval", "604801"},
        {"stats_interval", "-1"},
        {"stats_interval", "1h"},
        {"stats_interval", "never"},
        {"stats_interval", ""},
        // emit: unknown words, malformed lists, 'all' inside a list, blanks, empty
        {"emit", "everything"},
        {"emit", "ALL"},
        {"emit", "execution"},
        {"emit", "executions,"},
        {"emit", ",executions"},
        {"emit", "executions,,integrity"},
        {"emit", ","},
        {"emit", "all,executions"},
        {"emit", "executions,all"},
        {"emit", "executions, integrity"},
        {"emit", "executions integrity"},
        {"emit", "executions;integrity"},
        {"emit", "none"},
        {"emit", ""},
    };
    std::set<std::string> covered;
    for (const auto& [key, value] : bad) {
        INFO(key << " = '" << value << "'");
        Settings settings;
        CHECK_THROWS_AS(apply_setting(settings, key, value), SettingError);
        const std::string message = error_of(key, value);
        CHECK_THAT(message, Catch::StartsWith(key + ": bad value '"));
        CHECK_THAT(message, Catch::Contains("(expected "));
        CHECK(message.back() == ')');
        // A refused value leaves every setting as it was.
        CHECK(spelled(settings) == spelled(Settings{}));
        covered.insert(key);
    }
    for (const auto& key : setting_keys()) CHECK(covered.count(std::string(key.name)) == 1);
}

TEST_CASE("apply_setting: a bad value's control bytes are shown as \\xNN, not written raw", "[config]") {
    try {
        Settings s;
        apply_setting(s, "state_file", std::string("/var/lib/a\nb\0c", 14));
        FAIL("accepted");
    } catch (const SettingError& error) {
        CHECK(std::string(error.what()) == "state_file: bad value '/var/lib/a\\x0ab\\x00c' (expected an absolute path "
                                           "without control characters or a trailing blank, or none)");
    }
}

TEST_CASE("apply_setting: the exact error messages", "[config]") {
    CHECK(error_of("format", "xml") == "format: bad value 'xml' (expected json|cef|leef|ocsf|sysmon)");
    CHECK(error_of("output", "file") == "output: bad value 'file' (expected syslog|stdout)");
    CHECK(error_of("syslog_socket", "dev/log") == "syslog_socket: bad value 'dev/log' (expected an absolute path of at most 107 bytes, without control characters or a trailing blank)");
    CHECK(error_of("syslog_facility", "kern") ==
          "syslog_facility: bad value 'kern' (expected user|daemon|auth|authpriv|local0..local7)");
    CHECK(error_of("syslog_priority", "warn") ==
          "syslog_priority: bad value 'warn' (expected emerg|alert|crit|err|warning|notice|info|debug)");
    CHECK(error_of("syslog_ident", "a b") ==
          "syslog_ident: bad value 'a b' (expected 1 to 48 printable characters without blanks, ':', '[' or ']')");
    CHECK(error_of("syslog_header", "rfc5425") == "syslog_header: bad value 'rfc5425' (expected rfc3164|rfc5424)");
    CHECK(error_of("max_message_size", "12x") ==
          "max_message_size: bad value '12x' (expected BYTES (2048..1048576))");
    CHECK(error_of("queue_max_events", "0") == "queue_max_events: bad value '0' (expected N (1..10000000))");
    CHECK(error_of("queue_max_bytes", "4294967297") ==
          "queue_max_bytes: bad value '4294967297' (expected BYTES (65536..4294967296))");
    CHECK(error_of("hash_cache_size", "-1") == "hash_cache_size: bad value '-1' (expected N (0..100000000))");
    CHECK(error_of("join_timeout", "3601") == "join_timeout: bad value '3601' (expected SECONDS (1..3600))");
    CHECK(error_of("parser", "fast") == "parser: bad value 'fast' (expected native|auparse)");
    CHECK(error_of("stats_interval", "") == "stats_interval: bad value '' (expected SECONDS (0..604800))");
    // For a list, the word at fault is named; a trailing comma leaves an empty word.
    CHECK(error_of("emit", "executions,everything") ==
          "emit: bad value 'everything' (expected all|KIND,KIND...)");
    CHECK(error_of("emit", "executions,") == "emit: bad value '' (expected all|KIND,KIND...)");
    CHECK(error_of("emit", "all,integrity") == "emit: bad value 'all' (expected all|KIND,KIND...)");
}

TEST_CASE("apply_setting and setting_value: an unknown key is an error naming it", "[config]") {
    Settings settings;
    for (std::string key : {"colour", "", "Format", "FORMAT", "syslog-facility", "facility", " format", "format "}) {
        INFO("key '" << key << "'");
        try {
            apply_setting(settings, key, "json");
            FAIL("no error for unknown key");
        } catch (const SettingError& error) {
            CHECK(std::string(error.what()) == "unknown key '" + key + "'");
        }
        CHECK_THROWS_AS(setting_value(settings, key), SettingError);
        CHECK_THROWS_WITH(setting_value(settings, key), "unknown key '" + key + "'");
    }
    CHECK(spelled(settings) == spelled(Settings{}));
    // SettingError is a std::runtime_error, so generic handlers catch it.
    CHECK_THROWS_AS(apply_setting(settings, "colour", "red"), std::runtime_error);
}
