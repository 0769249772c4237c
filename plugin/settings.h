// Everything the plugin can be told, with its default. One struct fed by three layers: these
// defaults, then the config file, then the command line (settings_keys.h names every key once
// for both).
#pragma once

#include <syslog.h>

#include <chrono>
#include <cstddef>
#include <string>

namespace audisp_ima {

enum class OutputKind { syslog, stdout_lines };
enum class SyslogHeader { rfc3164, rfc5424 };
// What groups records into events: the native parser (the default), or libauparse, kept
// selectable; tests/golden/test_differential.cpp holds the two to the same events.
enum class ParserKind { auparse, native };

// Which kinds of events become messages. Everything else is counted as ignored.
struct EmitKinds {
    bool executions = true;               // successful execve/execveat
    bool failed_executions = true;        // success=no
    bool standalone_measurements = true;  // INTEGRITY_RULE without an exec SYSCALL
    bool integrity = true;                // other INTEGRITY_* records
    bool process_ends = true;             // exit_group records, when a rule asks for them
};

struct Settings {
    std::string format = "json";  // json | cef
    OutputKind output = OutputKind::syslog;

    std::string syslog_socket = "/dev/log";
    int syslog_facility = LOG_USER;
    int syslog_priority = LOG_INFO;
    std::string syslog_ident = "audisp-ima";
    SyslogHeader syslog_header = SyslogHeader::rfc3164;
    // Whole datagram, header included. Debian 12's stock rsyslog 8.2302 (maxMessageSize unset,
    // "8k") keeps at most 8096 bytes of a message arriving on /dev/log: measured in the QEMU
    // end-to-end test and against a private rsyslogd. Longer ones are cut into broken JSON.
    size_t max_message_size = 8096;

    // Formatted messages waiting for the sink. Full: new messages are dropped and counted.
    size_t queue_max_events = 20000;
    size_t queue_max_bytes = 32 * 1024 * 1024;

    size_t hash_cache_size = 16384;
    // Processes the process stage remembers (enrich/process_table.h); 0: no lineage fields.
    size_t process_table_size = 8192;
    // Hash sources beyond this event and the cache (docs/how-it-works.md "Hash sources").
    // auto: IMA's measurement list of this host when reading auditd's stream; never for --input
    // (a saved log may come from another host or boot). host: this host's list even with
    // --input. none: off.
    std::string measurement_list = "auto";
    // Hashes that outlive a restart of the plugin, valid within one boot. "none" turns it off.
    std::string state_file = "/var/lib/audisp-ima/hashes.state";
    // Answer from a path alone (no inode evidence) when it is the only digest measured under it.
    bool path_hashes = false;
    std::chrono::seconds join_timeout{2};
    ParserKind parser = ParserKind::native;
    std::chrono::seconds stats_interval{3600};  // 0 = only on SIGUSR1 and at exit
    EmitKinds emit;
};

}  // namespace audisp_ima
