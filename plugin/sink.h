// Where finished messages go. The writer thread is the only caller. A sink never blocks for
// long: when it cannot take a message now it says so and the writer retries the same message
// later, while the queue in front of it absorbs the input.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "plugin/settings.h"

namespace audisp_ima {

enum class SendResult {
    sent,         // handed to the destination
    retry_later,  // destination busy or down: call again with the same message after retry_delay()
    rejected,     // this message can never be sent (e.g. larger than the socket accepts): drop and count
};

struct SinkCounters {
    uint64_t sent = 0;
    uint64_t rejected = 0;
    uint64_t errors = 0;      // failed sends (each retry that failed counts once)
    uint64_t reconnects = 0;  // successful connects after the first
};

class Sink {
public:
    virtual ~Sink() = default;
    // One message, no trailing newline.
    virtual SendResult send(std::string_view message) = 0;
    // Sends messages[from], messages[from + 1], ... in one go while they go at once, and says how
    // many went (each counted sent). The first that did not go, if any, is then handed to send(),
    // which deals with it (retry, reject, reconnect). The default sends none this way.
    virtual size_t send_all(const std::vector<std::string>& messages, size_t from) {
        (void)messages;
        (void)from;
        return 0;
    }
    // Push out anything buffered (called when the queue runs empty and at exit).
    virtual void flush() {}
    // How long to wait before retrying after retry_later (grows while the destination is down).
    virtual std::chrono::milliseconds retry_delay() const { return std::chrono::milliseconds(100); }
    // Waits until a retry may succeed, at most `limit`. The default sleeps retry_delay(); a sink
    // that can tell when its destination has room again wakes as soon as it has.
    virtual void wait_before_retry(std::chrono::milliseconds limit) {
        std::this_thread::sleep_for(std::min(retry_delay(), limit));
    }
    virtual SinkCounters counters() const = 0;
    // Once per change of the destination's state ("connection lost", "connected again"), a line
    // for the plugin's own log; nothing otherwise.
    virtual std::optional<std::string> take_status_change() { return std::nullopt; }
};

// Newline-terminated lines on stdout, buffered; a write error throws std::system_error.
std::unique_ptr<Sink> make_stdout_sink();
// The local syslog socket (settings.syslog_socket), datagrams framed per settings.syslog_header.
std::unique_ptr<Sink> make_syslog_sink(const Settings& settings);

}  // namespace audisp_ima
