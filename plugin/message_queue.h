// The hand-off between the reader thread (parse, assemble, format) and the writer thread (sink).
// Bounded in messages and in bytes so a stalled syslog daemon costs a known amount of memory;
// when full, push() refuses at once and the message is counted as dropped: the reader never
// waits, so auditd never waits on us. Converting a saved log (--input) there is no auditd to
// protect: push_waiting() waits for room instead, as long as the writer makes progress.
// Messages cross in batches (push_all, pop_some): one wake-up per batch, not one context switch
// per message each way, which cost more than formatting the message.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace audisp_ima {

struct QueueCounters {
    uint64_t pushed = 0;
    uint64_t dropped = 0;      // refused because full
    size_t depth = 0;          // messages waiting now
    size_t bytes = 0;          // bytes waiting now
    size_t high_water = 0;     // most messages ever waiting
};

class MessageQueue {
public:
    MessageQueue(size_t max_messages, size_t max_bytes);

    // False (and counted as dropped) when the queue is full or closed.
    bool push(std::string message);
    // Waits for room while the writer takes a message at least every `patience`; false (and
    // counted as dropped) when it took none for that long (then without waiting, until it takes
    // one again), or the queue is closed.
    bool push_waiting(std::string message, std::chrono::milliseconds patience);
    // Each message as push() or push_waiting() takes it, in order, waking the writer once; how
    // many were queued. `messages` is left empty.
    size_t push_all(std::vector<std::string>& messages);
    size_t push_all_waiting(std::vector<std::string>& messages, std::chrono::milliseconds patience);
    // Waits up to `timeout` for a message. Empty when timed out, or when closed and drained.
    std::optional<std::string> pop(std::chrono::milliseconds timeout);
    // Waits up to `timeout` for messages, then appends up to `max` of them, oldest first, to
    // `out`. False when timed out, or when closed and drained.
    bool pop_some(std::vector<std::string>& out, size_t max, std::chrono::milliseconds timeout);
    // No more pushes; pop() drains what is left, then returns empty at once.
    void close();
    bool closed_and_empty() const;
    // Limits can change on reload; messages already queued stay.
    void set_limits(size_t max_messages, size_t max_bytes);
    QueueCounters counters() const;

private:
    bool fits(size_t size) const { return counters_.depth < max_messages_ && counters_.bytes + size <= max_bytes_; }
    void add(std::string message);
    bool offer(std::unique_lock<std::mutex>& lock, std::string& message, bool wait, std::chrono::milliseconds patience);
    void took(size_t messages, size_t bytes);

    mutable std::mutex mutex_;
    std::condition_variable ready_;
    std::condition_variable room_;
    uint64_t popped_ = 0;          // progress of the writer, for push_waiting
    bool writer_stalled_ = false;  // push_waiting timed out, and nothing was taken since
    std::deque<std::string> messages_;
    size_t max_messages_;
    size_t max_bytes_;
    bool closed_ = false;
    QueueCounters counters_;
};

}  // namespace audisp_ima
