// The writer thread: takes formatted messages from the queue and hands them to the sink,
// retrying a busy or absent destination with the sink's back-off while the queue absorbs the
// input. Only this thread touches the sink.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "plugin/message_queue.h"
#include "plugin/pipeline.h"
#include "plugin/sink.h"

namespace audisp_ima {

class Writer {
public:
    using StatusReport = std::function<void(const std::string&)>;

    // `report` receives the sink's state changes (connection lost, connected again).
    Writer(MessageQueue& queue, std::unique_ptr<Sink> sink, StatusReport report = {});

    // Runs until the queue is closed and drained. After give_up_when_stalled(), a destination
    // that takes nothing for that long ends the run: messages still unsent are counted as
    // abandoned. A slow destination that keeps taking messages is waited for.
    void run();
    // Thread-safe: the new sink is taken between two messages (SIGHUP with a new destination).
    void replace_sink(std::unique_ptr<Sink> sink);
    // Thread-safe: at shutdown, stop waiting for a destination that has accepted nothing for
    // `patience`.
    void give_up_when_stalled(std::chrono::milliseconds patience);

    // Thread-safe snapshot: sent, rejected, abandoned, sink errors and reconnects.
    void append_counters(std::vector<Counter>& out) const;
    // A sink that threw: every message from then on is counted as abandoned until the queue is
    // closed, so the books balance; the runtime stops on it and reports `failure()`.
    bool failed() const { return failed_; }
    std::string failure() const;

private:
    void fail(const std::string& why);
    void take_new_sink();
    bool deliver(const std::string& message);  // false when abandoned
    bool past_deadline() const;

    void report_status();

    MessageQueue& queue_;
    std::unique_ptr<Sink> sink_;
    StatusReport report_;

    std::mutex replacement_mutex_;
    std::unique_ptr<Sink> replacement_;
    std::atomic<bool> has_replacement_{false};
    std::atomic<bool> failed_{false};
    mutable std::mutex failure_mutex_;
    std::string failure_;
    std::atomic<bool> shutting_down_{false};
    std::atomic<std::chrono::milliseconds::rep> patience_ms_{0};
    std::atomic<std::chrono::steady_clock::rep> last_progress_{0};  // time of the last send that went through

    std::atomic<uint64_t> sent_{0}, rejected_{0}, abandoned_{0};
    // Counters of sinks already replaced, so a reload does not reset the totals.
    std::atomic<uint64_t> past_errors_{0}, past_reconnects_{0};
    std::atomic<uint64_t> errors_{0}, reconnects_{0};
};

}  // namespace audisp_ima
