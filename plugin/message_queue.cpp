#include "plugin/message_queue.h"

#include <algorithm>

namespace audisp_ima {

MessageQueue::MessageQueue(size_t max_messages, size_t max_bytes) : max_messages_(max_messages), max_bytes_(max_bytes) {}

void MessageQueue::add(std::string message) {
    counters_.bytes += message.size();
    ++counters_.depth;
    ++counters_.pushed;
    counters_.high_water = std::max(counters_.high_water, counters_.depth);
    messages_.push_back(std::move(message));
}

bool MessageQueue::push(std::string message) {
    {
        std::lock_guard lock(mutex_);
        if (closed_ || !fits(message.size())) {
            ++counters_.dropped;
            return false;
        }
        add(std::move(message));
    }
    ready_.notify_one();
    return true;
}

bool MessageQueue::push_waiting(std::string message, std::chrono::milliseconds patience) {
    {
        std::unique_lock lock(mutex_);
        // An empty queue takes any message, however large, so one bigger than max_bytes cannot
        // wait forever.
        // Once the writer took nothing for `patience`, later pushes do not wait again until it
        // takes one: a dead destination costs one patience, not one per message.
        while (!closed_ && !fits(message.size()) && !messages_.empty() && !writer_stalled_) {
            uint64_t progress = popped_;
            if (!room_.wait_for(lock, patience, [&] { return closed_ || popped_ != progress; })) writer_stalled_ = true;
        }
        if (closed_ || (!fits(message.size()) && !messages_.empty())) {
            ++counters_.dropped;
            return false;
        }
        add(std::move(message));
    }
    ready_.notify_one();
    return true;
}

std::optional<std::string> MessageQueue::pop(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    if (!ready_.wait_for(lock, timeout, [this] { return !messages_.empty() || closed_; })) return std::nullopt;
    if (messages_.empty()) return std::nullopt;
    std::string message = std::move(messages_.front());
    messages_.pop_front();
    --counters_.depth;
    counters_.bytes -= message.size();
    ++popped_;
    writer_stalled_ = false;
    room_.notify_all();
    return message;
}

void MessageQueue::close() {
    {
        std::lock_guard lock(mutex_);
        closed_ = true;
    }
    ready_.notify_all();
    room_.notify_all();
}

bool MessageQueue::closed_and_empty() const {
    std::lock_guard lock(mutex_);
    return closed_ && messages_.empty();
}

void MessageQueue::set_limits(size_t max_messages, size_t max_bytes) {
    std::lock_guard lock(mutex_);
    max_messages_ = max_messages;
    max_bytes_ = max_bytes;
}

QueueCounters MessageQueue::counters() const {
    std::lock_guard lock(mutex_);
    return counters_;
}

}  // namespace audisp_ima
