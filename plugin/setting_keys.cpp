#include "plugin/setting_keys.h"

#include <sys/un.h>

#include <array>
#include <charconv>
#include <limits>
#include <utility>

namespace audisp_ima {
namespace {

using Named = std::pair<std::string_view, int>;

constexpr std::array<Named, 12> kFacilities{{
    {"user", LOG_USER}, {"daemon", LOG_DAEMON}, {"auth", LOG_AUTH}, {"authpriv", LOG_AUTHPRIV},
    {"local0", LOG_LOCAL0}, {"local1", LOG_LOCAL1}, {"local2", LOG_LOCAL2}, {"local3", LOG_LOCAL3},
    {"local4", LOG_LOCAL4}, {"local5", LOG_LOCAL5}, {"local6", LOG_LOCAL6}, {"local7", LOG_LOCAL7},
}};

constexpr std::array<Named, 8> kPriorities{{
    {"emerg", LOG_EMERG}, {"alert", LOG_ALERT}, {"crit", LOG_CRIT}, {"err", LOG_ERR},
    {"warning", LOG_WARNING}, {"notice", LOG_NOTICE}, {"info", LOG_INFO}, {"debug", LOG_DEBUG},
}};

constexpr std::array<SettingKey, 19> kKeys{{
    {"format", "json|cef|leef|ocsf|sysmon", "message format: ECS-shaped JSON, ArcSight CEF, QRadar LEEF 2.0, OCSF 1.8.0 JSON or Sysmon for Linux XML"},
    {"output", "syslog|stdout", "where messages go: the local syslog socket, or lines on stdout"},
    {"syslog_socket", "PATH", "the syslog daemon's datagram socket"},
    {"syslog_facility", "user|daemon|auth|authpriv|local0..local7", "syslog facility of every message"},
    {"syslog_priority", "emerg|alert|crit|err|warning|notice|info|debug", "syslog priority of event messages"},
    {"syslog_ident", "NAME", "the tag in front of every message"},
    {"syslog_header", "rfc3164|rfc5424", "syslog header written before each message"},
    {"max_message_size", "BYTES (2048..1048576)", "largest datagram sent, header included; longer messages are shrunk"},
    {"queue_max_events", "N (1..10000000)", "messages waiting for the sink before new ones are dropped"},
    {"queue_max_bytes", "BYTES (65536..4294967296)", "bytes waiting for the sink before new messages are dropped"},
    {"hash_cache_size", "N (0..100000000)", "files whose IMA hash is remembered (0 = no cache)"},
    {"process_table_size", "N (0..10000000)", "processes remembered for parent and entity id fields (0 = none)"},
    {"measurement_list", "auto|host|none", "IMA's runtime measurement list as a hash source (auto: only when reading auditd's stream)"},
    {"state_file", "PATH|none", "where hashes are kept across restarts of the plugin (within one boot)"},
    {"path_hashes", "yes|no", "answer from a path alone when only one digest was measured under it (weaker: no inode evidence)"},
    {"join_timeout", "SECONDS (1..3600)", "how long an incomplete event waits for its records"},
    {"parser", "native|auparse", "what groups records into events: the native parser, or libauparse"},
    {"stats_interval", "SECONDS (0..604800)", "how often a statistics message is written (0 = never on a timer)"},
    {"emit", "all|KIND,KIND...", "event kinds to write: executions, failed_executions, standalone_measurements, integrity, process_ends"},
}};

// The value as the operator can read it in a terminal or a log: control bytes as \xNN.
std::string shown(std::string_view value) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (unsigned char c : value) {
        if (c < 0x20 || c == 0x7f) out.append("\\x").append(1, digits[c >> 4]).append(1, digits[c & 15]);
        else out.push_back(static_cast<char>(c));
    }
    return out;
}

[[noreturn]] void bad_value(std::string_view key, std::string_view value, std::string_view expected) {
    throw SettingError(std::string(key) + ": bad value '" + shown(value) + "' (expected " + std::string(expected) + ")");
}

template <size_t N>
int lookup(const std::array<Named, N>& table, std::string_view key, std::string_view value, std::string_view syntax) {
    for (const auto& [name, number] : table)
        if (name == value) return number;
    bad_value(key, value, syntax);
}

template <size_t N>
std::string_view name_of(const std::array<Named, N>& table, int number) {
    for (const auto& [name, n] : table)
        if (n == number) return name;
    return "?";
}

uint64_t number_in(std::string_view key, std::string_view value, uint64_t min, uint64_t max, std::string_view syntax) {
    uint64_t number = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), number);
    if (value.empty() || ec != std::errc() || end != value.data() + value.size() || number < min || number > max)
        bad_value(key, value, syntax);
    return number;
}

EmitKinds parse_emit(std::string_view key, std::string_view value, std::string_view syntax) {
    if (value == "all") return EmitKinds{};
    if (value.empty()) bad_value(key, value, syntax);  // an empty list would silently emit nothing
    EmitKinds kinds{false, false, false, false, false};
    while (!value.empty()) {
        auto comma = value.find(',');
        std::string_view word = value.substr(0, comma);
        if (word == "executions") kinds.executions = true;
        else if (word == "failed_executions") kinds.failed_executions = true;
        else if (word == "standalone_measurements") kinds.standalone_measurements = true;
        else if (word == "integrity") kinds.integrity = true;
        else if (word == "process_ends") kinds.process_ends = true;
        else bad_value(key, word, syntax);
        if (comma == std::string_view::npos) break;
        value.remove_prefix(comma + 1);
        if (value.empty()) bad_value(key, "", syntax);  // trailing comma
    }
    return kinds;
}

std::string emit_text(const EmitKinds& kinds) {
    if (kinds.executions && kinds.failed_executions && kinds.standalone_measurements && kinds.integrity &&
        kinds.process_ends)
        return "all";
    std::string out;
    auto add = [&](bool on, std::string_view word) {
        if (on) out.append(out.empty() ? "" : ",").append(word);
    };
    add(kinds.executions, "executions");
    add(kinds.failed_executions, "failed_executions");
    add(kinds.standalone_measurements, "standalone_measurements");
    add(kinds.integrity, "integrity");
    add(kinds.process_ends, "process_ends");
    return out;
}

// A path every way of giving settings can carry and --check-config can print back: a config line
// ends at a newline and loses trailing blanks, so a path with either would mean two things.
bool writable_path(std::string_view value) {
    if (value.empty() || value.front() != '/' || value.back() == ' ' || value.back() == '\t') return false;
    for (unsigned char c : value)
        if (c < 0x20 || c == 0x7f) return false;
    return true;
}

const SettingKey* find_key(std::string_view name) {
    for (const auto& key : kKeys)
        if (key.name == name) return &key;
    return nullptr;
}

}  // namespace

std::span<const SettingKey> setting_keys() { return kKeys; }

void apply_setting(Settings& s, std::string_view key, std::string_view value) {
    const SettingKey* known = find_key(key);
    if (!known) throw SettingError("unknown key '" + std::string(key) + "'");
    std::string_view syntax = known->value_syntax;
    if (key == "format") {
        if (value != "json" && value != "cef" && value != "leef" && value != "ocsf" && value != "sysmon") bad_value(key, value, syntax);
        s.format = value;
    } else if (key == "output") {
        if (value == "syslog") s.output = OutputKind::syslog;
        else if (value == "stdout") s.output = OutputKind::stdout_lines;
        else bad_value(key, value, syntax);
    } else if (key == "syslog_socket") {
        // sockaddr_un's sun_path: 108 bytes on Linux, the terminating NUL included. Checked here so
        // that start, SIGHUP and --check-config refuse the same files.
        constexpr size_t kMaxSocketPath = sizeof(sockaddr_un{}.sun_path) - 1;
        if (!writable_path(value) || value.size() > kMaxSocketPath)
            bad_value(key, value, "an absolute path of at most " + std::to_string(kMaxSocketPath) +
                                      " bytes, without control characters or a trailing blank");
        s.syslog_socket = value;
    } else if (key == "syslog_facility") {
        s.syslog_facility = lookup(kFacilities, key, value, syntax);
    } else if (key == "syslog_priority") {
        s.syslog_priority = lookup(kPriorities, key, value, syntax);
    } else if (key == "syslog_ident") {
        // The ident ends at the first blank or ':' for every syslog parser; keep it a plain word.
        if (value.empty() || value.size() > 48) bad_value(key, value, "1 to 48 printable characters without blanks, ':', '[' or ']'");
        for (unsigned char c : value)
            if (c <= 0x20 || c >= 0x7f || c == ':' || c == '[' || c == ']')
                bad_value(key, value, "1 to 48 printable characters without blanks, ':', '[' or ']'");
        s.syslog_ident = value;
    } else if (key == "syslog_header") {
        if (value == "rfc3164") s.syslog_header = SyslogHeader::rfc3164;
        else if (value == "rfc5424") s.syslog_header = SyslogHeader::rfc5424;
        else bad_value(key, value, syntax);
    } else if (key == "max_message_size") {
        s.max_message_size = number_in(key, value, 2048, 1 << 20, syntax);
    } else if (key == "queue_max_events") {
        s.queue_max_events = number_in(key, value, 1, 10'000'000, syntax);
    } else if (key == "queue_max_bytes") {
        s.queue_max_bytes = number_in(key, value, 65536, uint64_t{1} << 32, syntax);
    } else if (key == "hash_cache_size") {
        s.hash_cache_size = number_in(key, value, 0, 100'000'000, syntax);
    } else if (key == "process_table_size") {
        s.process_table_size = number_in(key, value, 0, 10'000'000, syntax);
    } else if (key == "measurement_list") {
        if (value != "auto" && value != "host" && value != "none") bad_value(key, value, syntax);
        s.measurement_list = value;
    } else if (key == "state_file") {
        if (value != "none" && !writable_path(value))
            bad_value(key, value, "an absolute path without control characters or a trailing blank, or none");
        s.state_file = value;
    } else if (key == "path_hashes") {
        if (value == "yes") s.path_hashes = true;
        else if (value == "no") s.path_hashes = false;
        else bad_value(key, value, syntax);
    } else if (key == "join_timeout") {
        s.join_timeout = std::chrono::seconds(number_in(key, value, 1, 3600, syntax));
    } else if (key == "parser") {
        if (value == "auparse") s.parser = ParserKind::auparse;
        else if (value == "native") s.parser = ParserKind::native;
        else bad_value(key, value, syntax);
    } else if (key == "stats_interval") {
        s.stats_interval = std::chrono::seconds(number_in(key, value, 0, 604800, syntax));
    } else if (key == "emit") {
        s.emit = parse_emit(key, value, syntax);
    }
}

std::string setting_value(const Settings& s, std::string_view key) {
    if (key == "format") return s.format;
    if (key == "output") return s.output == OutputKind::syslog ? "syslog" : "stdout";
    if (key == "syslog_socket") return s.syslog_socket;
    if (key == "syslog_facility") return std::string(name_of(kFacilities, s.syslog_facility));
    if (key == "syslog_priority") return std::string(name_of(kPriorities, s.syslog_priority));
    if (key == "syslog_ident") return s.syslog_ident;
    if (key == "syslog_header") return s.syslog_header == SyslogHeader::rfc3164 ? "rfc3164" : "rfc5424";
    if (key == "max_message_size") return std::to_string(s.max_message_size);
    if (key == "queue_max_events") return std::to_string(s.queue_max_events);
    if (key == "queue_max_bytes") return std::to_string(s.queue_max_bytes);
    if (key == "hash_cache_size") return std::to_string(s.hash_cache_size);
    if (key == "process_table_size") return std::to_string(s.process_table_size);
    if (key == "measurement_list") return s.measurement_list;
    if (key == "state_file") return s.state_file;
    if (key == "path_hashes") return s.path_hashes ? "yes" : "no";
    if (key == "join_timeout") return std::to_string(s.join_timeout.count());
    if (key == "parser") return s.parser == ParserKind::auparse ? "auparse" : "native";
    if (key == "stats_interval") return std::to_string(s.stats_interval.count());
    if (key == "emit") return emit_text(s.emit);
    throw SettingError("unknown key '" + std::string(key) + "'");
}

}  // namespace audisp_ima
