// The writer thread: takes formatted messages from the queue and hands them to the sink,
// retrying a busy or absent destination with the sink's back-off while the queue absorbs the
// input. Only this thread touches the sink.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "plugin/message_queue.h"
#include "plugin/pipeline.h"
#include "plugin/sink.h"

namespace audisp_ima {

class Writer {
public:
    Writer(MessageQueue& queue, std::unique_ptr<Sink> sink);

    // Runs until the queue is closed and drained, or until the drain deadline set by
    // abandon_after() passes; messages still unsent then are counted as abandoned.
    void run();
    // Thread-safe: the new sink is taken between two messages (SIGHUP with a new destination).
    void replace_sink(std::unique_ptr<Sink> sink);
    // Thread-safe: at shutdown, give up retrying a dead destination at `deadline`.
    void abandon_after(std::chrono::steady_clock::time_point deadline);

    // Thread-safe snapshot: sent, rejected, abandoned, sink errors and reconnects.
    void append_counters(std::vector<Counter>& out) const;

private:
    void take_new_sink();
    bool deliver(const std::string& message);  // false when abandoned
    bool past_deadline() const;

    MessageQueue& queue_;
    std::unique_ptr<Sink> sink_;

    std::mutex replacement_mutex_;
    std::unique_ptr<Sink> replacement_;
    std::atomic<bool> has_replacement_{false};
    std::atomic<std::chrono::steady_clock::rep> deadline_{std::chrono::steady_clock::time_point::max().time_since_epoch().count()};

    std::atomic<uint64_t> sent_{0}, rejected_{0}, abandoned_{0};
    // Counters of sinks already replaced, so a reload does not reset the totals.
    std::atomic<uint64_t> past_errors_{0}, past_reconnects_{0};
    std::atomic<uint64_t> errors_{0}, reconnects_{0};
};

}  // namespace audisp_ima
