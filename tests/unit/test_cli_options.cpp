// plugin/cli_options.h: every setting key as --key-name VALUE or --key-name=VALUE, a bare
// argument as the config file (what auditd passes from plugins.d "args"), errors naming the
// option.
#include <catch2/catch.hpp>

#include <string>
#include <utility>
#include <vector>

#include "plugin/cli_options.h"
#include "plugin/setting_keys.h"

using audisp_ima::apply_overrides;
using audisp_ima::apply_setting;
using audisp_ima::CliError;
using audisp_ima::CliOptions;
using audisp_ima::OutputKind;
using audisp_ima::parse_cli;
using audisp_ima::Settings;
using audisp_ima::setting_keys;
using audisp_ima::setting_value;
using audisp_ima::usage_text;

namespace {

using Overrides = std::vector<std::pair<std::string, std::string>>;

std::string cli_error(const std::vector<std::string>& args) {
    try {
        parse_cli(args);
    } catch (const CliError& error) {
        return error.what();
    }
    return "(no error)";
}

std::string option_for(std::string_view key) {
    std::string option = "--";
    for (char c : key) option.push_back(c == '_' ? '-' : c);
    return option;
}

std::vector<std::pair<std::string, std::string>> spelled(const Settings& settings) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& key : setting_keys()) out.emplace_back(std::string(key.name), setting_value(settings, key.name));
    return out;
}

}  // namespace

TEST_CASE("cli: no arguments, nothing set", "[cli]") {
    CliOptions options = parse_cli({});
    CHECK_FALSE(options.config_path);
    CHECK_FALSE(options.check_config);
    CHECK(options.inputs.empty());
    CHECK(options.overrides.empty());
    CHECK_FALSE(options.help);
    CHECK_FALSE(options.version);
    CHECK(spelled(apply_overrides(options, Settings{})) == spelled(Settings{}));
}

TEST_CASE("cli: --key value and --key=value for setting keys", "[cli]") {
    CHECK(parse_cli({"--format", "cef"}).overrides == Overrides{{"format", "cef"}});
    CHECK(parse_cli({"--format=cef"}).overrides == Overrides{{"format", "cef"}});
    CHECK(parse_cli({"--output", "stdout"}).overrides == Overrides{{"output", "stdout"}});
    CHECK(parse_cli({"--syslog-socket=/run/x.sock"}).overrides == Overrides{{"syslog_socket", "/run/x.sock"}});
    CHECK(parse_cli({"--syslog-ident", "ima"}).overrides == Overrides{{"syslog_ident", "ima"}});
    CHECK(parse_cli({"--syslog-header=rfc5424"}).overrides == Overrides{{"syslog_header", "rfc5424"}});
    CHECK(parse_cli({"--max-message-size", "4096"}).overrides == Overrides{{"max_message_size", "4096"}});
    CHECK(parse_cli({"--queue-max-bytes=65536"}).overrides == Overrides{{"queue_max_bytes", "65536"}});
    CHECK(parse_cli({"--hash-cache-size", "0"}).overrides == Overrides{{"hash_cache_size", "0"}});
    CHECK(parse_cli({"--emit", "executions,integrity"}).overrides == Overrides{{"emit", "executions,integrity"}});
    CHECK(parse_cli({"--emit=executions,integrity"}).overrides == Overrides{{"emit", "executions,integrity"}});
    // The value after '=' is everything after the first '='.
    CHECK(parse_cli({"--syslog-socket=/tmp/a=b"}).overrides == Overrides{{"syslog_socket", "/tmp/a=b"}});
    // A separate value is taken as is, even if it contains '='.
    CHECK(parse_cli({"--syslog-socket", "/tmp/c=d"}).overrides == Overrides{{"syslog_socket", "/tmp/c=d"}});
}

TEST_CASE("cli: every setting key has its --key-name option", "[cli]") {
    for (const auto& key : setting_keys()) {
        INFO(key.name);
        // The default is a good value for every key.
        const std::string value = setting_value(Settings{}, key.name);
        CliOptions separate = parse_cli({option_for(key.name), value});
        CliOptions joined = parse_cli({option_for(key.name) + "=" + value});
        const Overrides expected{{std::string(key.name), value}};
        CHECK(separate.overrides == expected);
        CHECK(joined.overrides == expected);
        // The config-file spelling with underscores is not an option (for keys with one).
        if (key.name.find('_') != std::string_view::npos)
            CHECK(cli_error({"--" + std::string(key.name), value}) ==
                  "unknown option '--" + std::string(key.name) + "' (see --help)");
    }
}

TEST_CASE("cli: --facility and --priority are aliases of --syslog-facility and --syslog-priority", "[cli]") {
    CHECK(parse_cli({"--facility", "local3"}).overrides == Overrides{{"syslog_facility", "local3"}});
    CHECK(parse_cli({"--facility=auth"}).overrides == Overrides{{"syslog_facility", "auth"}});
    CHECK(parse_cli({"--priority", "debug"}).overrides == Overrides{{"syslog_priority", "debug"}});
    CHECK(parse_cli({"--priority=crit"}).overrides == Overrides{{"syslog_priority", "crit"}});
    Settings s = apply_overrides(parse_cli({"--facility", "local3", "--priority=debug"}), Settings{});
    CHECK(s.syslog_facility == LOG_LOCAL3);
    CHECK(s.syslog_priority == LOG_DEBUG);
    // A bad value through an alias is still an error about the facility / priority option.
    const std::string facility = cli_error({"--facility", "kern"});
    CHECK_THAT(facility, Catch::StartsWith("--"));
    CHECK_THAT(facility, Catch::Contains("facility: bad value 'kern' (expected user|daemon|auth|authpriv|local0..local7)"));
    const std::string priority = cli_error({"--priority=loud"});
    CHECK_THAT(priority, Catch::StartsWith("--"));
    CHECK_THAT(priority, Catch::Contains("priority: bad value 'loud' (expected emerg|alert|crit|err|warning|notice|info|debug)"));
}

TEST_CASE("cli: a bare argument is the config file, as auditd passes plugins.d args", "[cli]") {
    CliOptions options = parse_cli({"/etc/audit/audisp-ima.conf"});
    REQUIRE(options.config_path);
    CHECK(*options.config_path == "/etc/audit/audisp-ima.conf");
    CHECK(options.overrides.empty());
    CHECK_FALSE(options.check_config);

    // With options before and after it.
    CliOptions mixed = parse_cli({"--format", "cef", "relative/file.conf", "--output=stdout"});
    REQUIRE(mixed.config_path);
    CHECK(*mixed.config_path == "relative/file.conf");
    CHECK(mixed.overrides == Overrides{{"format", "cef"}, {"output", "stdout"}});

    // --config FILE is the same thing.
    CliOptions config = parse_cli({"--config", "/tmp/a.conf"});
    REQUIRE(config.config_path);
    CHECK(*config.config_path == "/tmp/a.conf");
    CHECK(*parse_cli({"--config=/tmp/b.conf"}).config_path == "/tmp/b.conf");
}

TEST_CASE("cli: two config files are an error", "[cli]") {
    CHECK(cli_error({"/etc/a.conf", "/etc/b.conf"}) == "more than one config file: '/etc/a.conf' and '/etc/b.conf'");
    CHECK(cli_error({"a.conf", "--format", "cef", "b.conf"}) == "more than one config file: 'a.conf' and 'b.conf'");
    CHECK(cli_error({"--config", "a.conf", "b.conf"}) == "more than one config file: 'a.conf' and 'b.conf'");
    CHECK(cli_error({"a.conf", "--config", "b.conf"}) == "more than one config file: 'a.conf' and 'b.conf'");
    CHECK(cli_error({"--config=a.conf", "--config=b.conf"}) == "more than one config file: 'a.conf' and 'b.conf'");
    CHECK(cli_error({"--config="}) == "--config: empty file name");
    CHECK(cli_error({"--check-config", ""}) == "--check-config: empty file name");
    CHECK_THROWS_AS(parse_cli({"x", "y"}), CliError);
    CHECK_THROWS_AS(parse_cli({"x", "y"}), std::runtime_error);
}

TEST_CASE("cli: --check-config, --input, --help, --version", "[cli]") {
    CliOptions check = parse_cli({"--check-config", "/etc/audit/audisp-ima.conf"});
    REQUIRE(check.check_config);
    CHECK(*check.check_config == "/etc/audit/audisp-ima.conf");
    CHECK_FALSE(check.config_path);
    CHECK(*parse_cli({"--check-config=x.conf"}).check_config == "x.conf");

    CliOptions input = parse_cli({"--input", "examples/sample-audit.log", "--output", "stdout"});
    CHECK(input.inputs == std::vector<std::string>{"examples/sample-audit.log"});
    CHECK(input.overrides == Overrides{{"output", "stdout"}});
    CHECK(parse_cli({"--input=/var/log/audit/audit.log"}).inputs == std::vector<std::string>{"/var/log/audit/audit.log"});
    // Several, in the order given (oldest rotated log first is the user's to choose); "-" is stdin.
    CHECK(parse_cli({"--input", "audit.log.2.gz", "--input", "-", "--input=audit.log"}).inputs ==
          std::vector<std::string>{"audit.log.2.gz", "-", "audit.log"});

    CHECK(parse_cli({"--help"}).help);
    CHECK(parse_cli({"-h"}).help);
    CHECK(parse_cli({"--version"}).version);
    CHECK_FALSE(parse_cli({"--version"}).help);
}

TEST_CASE("cli: --input with an empty file name is an error", "[cli]") {
    CHECK(cli_error({"--input", ""}) == "--input: empty file name");
    CHECK(cli_error({"--input="}) == "--input: empty file name");
}

TEST_CASE("cli: an option without its value at the end is an error naming it", "[cli]") {
    CHECK(cli_error({"--format"}) == "--format: missing value");
    CHECK(cli_error({"--output", "stdout", "--syslog-socket"}) == "--syslog-socket: missing value");
    CHECK(cli_error({"--config"}) == "--config: missing value");
    CHECK(cli_error({"--check-config"}) == "--check-config: missing value");
    CHECK(cli_error({"--input"}) == "--input: missing value");
    CHECK(cli_error({"/etc/audit/audisp-ima.conf", "--emit"}) == "--emit: missing value");
    CHECK_THAT(cli_error({"--facility"}), Catch::EndsWith("facility: missing value"));
}

TEST_CASE("cli: unknown options are errors naming them", "[cli]") {
    CHECK(cli_error({"--colour", "red"}) == "unknown option '--colour' (see --help)");
    CHECK(cli_error({"--colour=red"}) == "unknown option '--colour=red' (see --help)");
    CHECK(cli_error({"-x"}) == "unknown option '-x' (see --help)");
    CHECK(cli_error({"-"}) == "unknown option '-' (see --help)");
    CHECK(cli_error({"--"}) == "unknown option '--' (see --help)");
    CHECK(cli_error({"--FORMAT", "json"}) == "unknown option '--FORMAT' (see --help)");
    CHECK(cli_error({"--format", "json", "--verbose"}) == "unknown option '--verbose' (see --help)");
}

TEST_CASE("cli: a bad value is an error that starts with the option name", "[cli]") {
    CHECK(cli_error({"--format", "xml"}) == "--format: bad value 'xml' (expected json|cef|leef|ocsf|sysmon)");
    CHECK(cli_error({"--format=xml"}) == "--format: bad value 'xml' (expected json|cef|leef|ocsf|sysmon)");
    CHECK(cli_error({"--output", "file"}) == "--output: bad value 'file' (expected syslog|stdout)");
    CHECK(cli_error({"--max-message-size=12x"}) ==
          "--max-message-size: bad value '12x' (expected BYTES (2048..1048576))");
    CHECK(cli_error({"--queue-max-events", "0"}) == "--queue-max-events: bad value '0' (expected N (1..10000000))");
    CHECK(cli_error({"--syslog-socket", "dev/log"}) ==
          "--syslog-socket: bad value 'dev/log' (expected an absolute path of at most 107 bytes, without control characters or a trailing blank)");
    CHECK(cli_error({"--syslog-ident", "a b"}) ==
          "--syslog-ident: bad value 'a b' (expected 1 to 48 printable characters without blanks, ':', '[' or ']')");
    CHECK(cli_error({"--emit", "executions,"}) == "--emit: bad value '' (expected all|KIND,KIND...)");
    CHECK(cli_error({"--emit="}) == "--emit: bad value '' (expected all|KIND,KIND...)");
    CHECK(cli_error({"--join-timeout="}) == "--join-timeout: bad value '' (expected SECONDS (1..3600))");
    CHECK(cli_error({"--stats-interval", "-1"}) == "--stats-interval: bad value '-1' (expected SECONDS (0..604800))");
    // A bad value fails even after good options and before later ones are looked at.
    CHECK(cli_error({"--format", "cef", "--output", "nowhere", "--colour"}) ==
          "--output: bad value 'nowhere' (expected syslog|stdout)");
    // Every key: a value no key accepts gives "--key-name: bad value ...".
    for (const auto& key : setting_keys()) {
        INFO(key.name);
        CHECK_THAT(cli_error({option_for(key.name), "no good"}),
                   Catch::StartsWith(option_for(key.name) + ": bad value 'no good' (expected "));
    }
}

TEST_CASE("cli: overrides keep command-line order, and apply_overrides applies them over a base", "[cli]") {
    CliOptions options = parse_cli({"--format", "cef", "--output=stdout", "--priority", "err", "--format=json",
                                    "--emit", "integrity", "--syslog-ident", "cli-ident"});
    CHECK(options.overrides == Overrides{{"format", "cef"},
                                         {"output", "stdout"},
                                         {"syslog_priority", "err"},
                                         {"format", "json"},
                                         {"emit", "integrity"},
                                         {"syslog_ident", "cli-ident"}});

    Settings base;  // as if from a config file
    apply_setting(base, "format", "cef");
    apply_setting(base, "syslog_socket", "/run/from-file.sock");
    apply_setting(base, "syslog_ident", "from-file");
    apply_setting(base, "queue_max_events", "99");
    Settings s = apply_overrides(options, base);
    CHECK(s.format == "json");  // the last one given wins
    CHECK(s.output == OutputKind::stdout_lines);
    CHECK(s.syslog_priority == LOG_ERR);
    CHECK(setting_value(s, "emit") == "integrity");
    CHECK(s.syslog_ident == "cli-ident");          // the command line over the file
    CHECK(s.syslog_socket == "/run/from-file.sock");  // the file's where the command line is silent
    CHECK(s.queue_max_events == 99);
    CHECK(setting_value(s, "syslog_header") == "rfc3164");  // defaults elsewhere

    // The base itself is not modified (taken by value), and no overrides give the base back.
    CHECK(base.format == "cef");
    CHECK(spelled(apply_overrides(parse_cli({"some.conf"}), base)) == spelled(base));
}

TEST_CASE("cli: usage_text mentions every option and each key's default", "[cli]") {
    const std::string usage = usage_text();
    for (const auto& key : setting_keys()) {
        INFO(key.name);
        CHECK_THAT(usage, Catch::Contains(option_for(key.name) + " "));
        CHECK_THAT(usage, Catch::Contains(std::string(key.value_syntax)));
        CHECK_THAT(usage, Catch::Contains("[" + setting_value(Settings{}, key.name) + "]"));
    }
    for (std::string option : {"--config", "--check-config", "--input", "--help", "--version"}) {
        INFO(option);
        CHECK_THAT(usage, Catch::Contains(option));
    }
    CHECK_THAT(usage, Catch::StartsWith("Usage: audisp-ima"));
    CHECK(usage.back() == '\n');
}
