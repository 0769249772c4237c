// Messages as datagrams on the local syslog socket (/dev/log), on a socket of our own rather
// than glibc's syslog(3): syslog(3) blocks when the daemon stops reading and never says that a
// message was lost. This sink never blocks and reports every outcome (see Sink in sink.h).
//
// Connection life: connected at construction if the daemon is there; otherwise, and whenever the
// daemon goes away (it was stopped, or restarted and created a new socket at the same path),
// connecting is tried again on later send() calls after a back-off that doubles from
// reconnect_initial to reconnect_max and starts over after a delivered message. The sink's one
// socket, and the send buffer raised at construction, are kept across those reconnections.
//
// Thread use: send(), retry_delay(), last_error() and take_status_change() from one thread (the
// writer); counters() from any thread.
#pragma once

#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "plugin/backoff.h"
#include "plugin/settings.h"
#include "plugin/sink.h"
#include "plugin/syslog_framing.h"

namespace audisp_ima {

struct SyslogSocketOptions {
    std::string socket_path = "/dev/log";
    SyslogIdentity identity;
    std::chrono::milliseconds reconnect_initial{50};
    std::chrono::milliseconds reconnect_max{5000};
    // After "socket buffer full": the daemon is alive but behind, so look again soon.
    std::chrono::milliseconds busy_retry{10};
    // Largest datagram to be sent (settings.max_message_size). The kernel refuses a datagram
    // larger than the socket's send buffer (EMSGSIZE; 208 KiB by default), so the buffer is
    // raised to fit it. 0 leaves the buffer as it is.
    size_t max_datagram_size = 0;
};

// The options make_syslog_sink uses: settings, this host's name, this process's pid.
SyslogSocketOptions syslog_socket_options(const Settings& settings);

class SyslogSocketSink final : public Sink {
public:
    // Throws std::invalid_argument only for a path that can never be a socket address (too long
    // for sun_path); a daemon that is not there yet is not an error here (see last_error()).
    explicit SyslogSocketSink(SyslogSocketOptions options);
    ~SyslogSocketSink() override;
    SyslogSocketSink(const SyslogSocketSink&) = delete;
    SyslogSocketSink& operator=(const SyslogSocketSink&) = delete;

    SendResult send(std::string_view message) override;
    // One sendmmsg for up to a writer's batch, while connected; stops at the first datagram the
    // socket does not take (send() then handles that one).
    size_t send_all(const std::vector<std::string>& messages, size_t from) override;
    std::chrono::milliseconds retry_delay() const override;
    // Daemon behind (its socket queue is full): poll for room rather than sleep, since
    // net.unix.max_dgram_qlen is often 10 and a fixed sleep would cap us at a few thousand/s.
    void wait_before_retry(std::chrono::milliseconds limit) override;
    SinkCounters counters() const override;

    bool connected() const { return connected_; }
    // Why the last attempt failed, e.g. "cannot connect to /dev/log: No such file or directory";
    // empty until something fails.
    const std::string& last_error() const { return last_error_; }
    // Once per change between connected and disconnected, a line for the plugin's own log
    // ("syslog socket /dev/log: connected again after 3 failed attempts"); nullopt otherwise.
    std::optional<std::string> take_status_change() override;
    const SyslogFraming& framing() const { return framing_; }

private:
    void open_socket();
    bool connect_now();
    void fit_send_buffer(int fd);
    void lose_connection(std::string reason);
    SendResult send_datagram(std::string_view message);
    LocalTime local_now();

    SyslogSocketOptions options_;
    SyslogFraming framing_;
    std::string where_;  // "syslog socket PATH", the start of every status line
    Backoff backoff_;
    int fd_ = -1;
    bool connected_ = false;
    bool ever_connected_ = false;
    bool busy_ = false;  // the last send found the daemon's queue full
    std::chrono::steady_clock::time_point next_connect_{};
    uint64_t failed_since_connected_ = 0;
    std::string last_error_;
    std::optional<std::string> status_change_;
    std::string header_;  // reused: one header per datagram, the message is sent from its own buffer
    // Local time zone offset, looked up once per second of wall-clock time.
    std::chrono::sys_seconds offset_second_{};
    std::chrono::seconds utc_offset_{0};
    bool offset_known_ = false;

    std::atomic<uint64_t> sent_{0};
    std::atomic<uint64_t> rejected_{0};
    std::atomic<uint64_t> errors_{0};
    std::atomic<uint64_t> reconnects_{0};
};

}  // namespace audisp_ima
