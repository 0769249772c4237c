#include "plugin/cli_options.h"

#include <syslog.h>

#include <array>
#include <charconv>
#include <utility>

namespace audisp_ima {
namespace {

constexpr std::array<std::pair<std::string_view, int>, 12> kFacilities{{
    {"user", LOG_USER}, {"daemon", LOG_DAEMON}, {"auth", LOG_AUTH}, {"authpriv", LOG_AUTHPRIV},
    {"local0", LOG_LOCAL0}, {"local1", LOG_LOCAL1}, {"local2", LOG_LOCAL2}, {"local3", LOG_LOCAL3},
    {"local4", LOG_LOCAL4}, {"local5", LOG_LOCAL5}, {"local6", LOG_LOCAL6}, {"local7", LOG_LOCAL7},
}};

constexpr std::array<std::pair<std::string_view, int>, 8> kPriorities{{
    {"emerg", LOG_EMERG}, {"alert", LOG_ALERT}, {"crit", LOG_CRIT}, {"err", LOG_ERR},
    {"warning", LOG_WARNING}, {"notice", LOG_NOTICE}, {"info", LOG_INFO}, {"debug", LOG_DEBUG},
}};

template <size_t N>
int lookup(const std::array<std::pair<std::string_view, int>, N>& table, std::string_view value,
           std::string_view option) {
    for (const auto& [name, number] : table)
        if (name == value) return number;
    std::string choices;
    for (const auto& entry : table) choices.append(choices.empty() ? "" : "|").append(entry.first);
    throw CliError(std::string(option) + ": unknown value '" + std::string(value) + "' (expected " + choices + ")");
}

uint64_t positive_number(std::string_view value, std::string_view option, uint64_t max) {
    uint64_t number = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), number);
    if (ec != std::errc() || end != value.data() + value.size() || number > max)
        throw CliError(std::string(option) + ": expected a whole number from 0 to " + std::to_string(max) +
                       ", got '" + std::string(value) + "'");
    return number;
}

}  // namespace

std::string usage_text() {
    return "Usage: audisp-ima [OPTIONS]\n"
           "Reads the auditd dispatcher stream (format = string) on stdin, or a saved audit.log,\n"
           "and writes one SIEM message per process execution and per IMA integrity record.\n\n"
           "  --format json|cef         message format (default json: ECS 8.x)\n"
           "  --output syslog|stdout    where messages go (default syslog)\n"
           "  --input FILE              read a saved audit.log instead of stdin (read only)\n"
           "  --facility NAME           syslog facility: user (default), daemon, auth, authpriv, local0..local7\n"
           "  --priority NAME           syslog priority: info (default), notice, warning, err, ... debug\n"
           "  --hash-cache-size N       files whose IMA hash is remembered (default 16384, 0 = off)\n"
           "  --join-timeout SECONDS    how long an incomplete event waits for its records (default 2)\n"
           "  --help                    this text\n"
           "  --version                 print the version\n\n"
           "At exit, counters are printed on stderr.\n";
}

CliOptions parse_cli(const std::vector<std::string>& args) {
    CliOptions options;
    for (size_t i = 0; i < args.size(); ++i) {
        std::string_view arg = args[i];
        std::string_view value;
        bool has_inline_value = false;
        if (auto eq = arg.find('='); arg.substr(0, 2) == "--" && eq != std::string_view::npos) {
            value = arg.substr(eq + 1);
            arg = arg.substr(0, eq);
            has_inline_value = true;
        }
        auto next = [&]() -> std::string_view {
            if (has_inline_value) return value;
            if (i + 1 >= args.size()) throw CliError(std::string(arg) + ": missing value");
            return args[++i];
        };
        if (arg == "--help" || arg == "-h") options.help = true;
        else if (arg == "--version") options.version = true;
        else if (arg == "--format") {
            options.format = next();
            if (options.format != "json" && options.format != "cef")
                throw CliError("--format: unknown format '" + options.format + "' (expected json|cef)");
        } else if (arg == "--output") {
            options.output = next();
            if (options.output != "syslog" && options.output != "stdout")
                throw CliError("--output: unknown output '" + options.output + "' (expected syslog|stdout)");
        } else if (arg == "--input") {
            options.input = std::string(next());
            if (options.input->empty()) throw CliError("--input: empty file name");
        } else if (arg == "--facility") options.syslog_facility = lookup(kFacilities, next(), arg);
        else if (arg == "--priority") options.syslog_priority = lookup(kPriorities, next(), arg);
        else if (arg == "--hash-cache-size") options.hash_cache_size = positive_number(next(), arg, 100'000'000);
        else if (arg == "--join-timeout") {
            auto seconds = positive_number(next(), arg, 3600);
            if (seconds == 0) throw CliError("--join-timeout: must be at least 1 second");
            options.join_timeout = std::chrono::seconds(seconds);
        } else throw CliError("unknown option '" + std::string(args[i]) + "' (see --help)");
    }
    return options;
}

}  // namespace audisp_ima
