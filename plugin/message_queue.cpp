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

// Under the lock: queues `message` or counts it dropped. Waiting (push_waiting), an empty queue
// takes any message, however large, so one bigger than max_bytes cannot wait forever; once the
// writer took nothing for `patience`, later pushes do not wait again until it takes one: a dead
// destination costs one patience, not one per message.
bool MessageQueue::offer(std::unique_lock<std::mutex>& lock, std::string& message, bool wait,
                         std::chrono::milliseconds patience) {
    if (wait) {
        while (!closed_ && !fits(message.size()) && !messages_.empty() && !writer_stalled_) {
            uint64_t progress = popped_;
            if (!room_.wait_for(lock, patience, [&] { return closed_ || popped_ != progress; })) writer_stalled_ = true;
        }
    }
    if (closed_ || (!fits(message.size()) && (!wait || !messages_.empty()))) {
        ++counters_.dropped;
        return false;
    }
    add(std::move(message));
    return true;
}

bool MessageQueue::push(std::string message) {
    bool queued;
    {
        std::unique_lock lock(mutex_);
        queued = offer(lock, message, false, {});
    }
    if (queued) ready_.notify_one();
    return queued;
}

bool MessageQueue::push_waiting(std::string message, std::chrono::milliseconds patience) {
    bool queued;
    {
        std::unique_lock lock(mutex_);
        queued = offer(lock, message, true, patience);
    }
    if (queued) ready_.notify_one();
    return queued;
}

size_t MessageQueue::push_all(std::vector<std::string>& messages) {
    size_t queued = 0;
    {
        std::unique_lock lock(mutex_);
        for (auto& message : messages) queued += offer(lock, message, false, {});
    }
    messages.clear();
    if (queued) ready_.notify_one();
    return queued;
}

size_t MessageQueue::push_all_waiting(std::vector<std::string>& messages, std::chrono::milliseconds patience) {
    size_t queued = 0;
    {
        std::unique_lock lock(mutex_);
        for (auto& message : messages) {
            bool full = !messages_.empty() && !fits(message.size());
            if (full && queued) ready_.notify_one();  // the writer must see this batch's first part to make room
            queued += offer(lock, message, true, patience);
        }
    }
    messages.clear();
    if (queued) ready_.notify_one();
    return queued;
}

void MessageQueue::took(size_t messages, size_t bytes) {
    counters_.depth -= messages;
    counters_.bytes -= bytes;
    popped_ += messages;
    writer_stalled_ = false;
    room_.notify_all();
}

std::optional<std::string> MessageQueue::pop(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    if (!ready_.wait_for(lock, timeout, [this] { return !messages_.empty() || closed_; })) return std::nullopt;
    if (messages_.empty()) return std::nullopt;
    std::string message = std::move(messages_.front());
    messages_.pop_front();
    took(1, message.size());
    return message;
}

bool MessageQueue::pop_some(std::vector<std::string>& out, size_t max, std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    if (!ready_.wait_for(lock, timeout, [this] { return !messages_.empty() || closed_; })) return false;
    if (messages_.empty() || max == 0) return false;
    size_t count = std::min(max, messages_.size()), bytes = 0;
    for (size_t i = 0; i < count; ++i) {
        bytes += messages_.front().size();
        out.push_back(std::move(messages_.front()));
        messages_.pop_front();
    }
    took(count, bytes);
    return true;
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
