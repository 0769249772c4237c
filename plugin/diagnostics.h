// The plugin's own messages (bad input, reload results, the exit summary) as opposed to the
// event stream. auditd points a plugin's stderr at /dev/null, so they also go to the system log
// (/dev/log, facility daemon) — through our own non-blocking socket, not syslog(3), which blocks
// when the daemon stalls: a diagnostic about a malformed line must never hold up the reader.
// Thread-safe. A diagnostic the daemon cannot take at once is dropped (it is also on stderr).
#pragma once

#include <memory>
#include <mutex>
#include <string>

namespace audisp_ima {

class SyslogSocketSink;

class Diagnostics {
public:
    // `to_syslog` false: stderr only (running by hand with --output stdout, tests).
    explicit Diagnostics(bool to_syslog, const std::string& socket_path = "/dev/log");
    ~Diagnostics();
    Diagnostics(const Diagnostics&) = delete;
    Diagnostics& operator=(const Diagnostics&) = delete;

    void error(const std::string& message) const;
    void warning(const std::string& message) const;
    void notice(const std::string& message) const;

private:
    void emit(SyslogSocketSink* sink, const std::string& message) const;

    mutable std::mutex mutex_;
    // One sink per priority: the priority is part of each sink's fixed header.
    std::unique_ptr<SyslogSocketSink> error_, warning_, notice_;
};

}  // namespace audisp_ima
