#include "plugin/writer.h"

#include <algorithm>
#include <thread>

namespace audisp_ima {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

// How long pop() waits before the writer checks for a new sink or flushes what it buffered.
constexpr milliseconds kIdleWait{200};
// Messages taken from the queue at a time: one lock and one wake-up of the reader for all of
// them, while what the writer holds outside the queue's bounds stays small.
constexpr size_t kBatch = 64;
// Longest single sleep while retrying, so a replacement sink or the deadline is seen promptly.
constexpr milliseconds kMaxRetrySleep{100};

}  // namespace

Writer::Writer(MessageQueue& queue, std::unique_ptr<Sink> sink, StatusReport report)
    : queue_(queue), sink_(std::move(sink)), report_(std::move(report)) {}

void Writer::report_status() {
    if (auto change = sink_->take_status_change(); change && report_) report_(*change);
}

void Writer::replace_sink(std::unique_ptr<Sink> sink) {
    std::lock_guard lock(replacement_mutex_);
    replacement_ = std::move(sink);
    has_replacement_ = true;
}

void Writer::give_up_when_stalled(milliseconds patience) {
    // Shutdown starts the clock afresh: time spent before it does not count against the drain.
    last_progress_ = steady_clock::now().time_since_epoch().count();
    patience_ms_ = patience.count();
    shutting_down_ = true;
}

bool Writer::past_deadline() const {
    if (!shutting_down_) return false;
    auto last = steady_clock::time_point(steady_clock::duration(last_progress_.load()));
    return steady_clock::now() - last >= milliseconds(patience_ms_.load());
}

void Writer::take_new_sink() {
    if (!has_replacement_) return;
    std::lock_guard lock(replacement_mutex_);
    sink_->flush();
    SinkCounters old = sink_->counters();
    past_errors_ += old.errors;
    past_reconnects_ += old.reconnects;
    sink_ = std::move(replacement_);
    has_replacement_ = false;
}

bool Writer::deliver(const std::string& message) {
    for (;;) {
        take_new_sink();
        SendResult result = sink_->send(message);
        report_status();
        SinkCounters now = sink_->counters();
        errors_ = past_errors_ + now.errors;
        reconnects_ = past_reconnects_ + now.reconnects;
        if (result == SendResult::sent) {
            ++sent_;
            last_progress_ = steady_clock::now().time_since_epoch().count();
            return true;
        }
        if (result == SendResult::rejected) {
            ++rejected_;
            return true;
        }
        if (past_deadline()) return false;
        sink_->wait_before_retry(kMaxRetrySleep);
    }
}

std::string Writer::failure() const {
    std::lock_guard lock(failure_mutex_);
    return failure_;
}

void Writer::run() {
    bool abandoning = false;
    std::vector<std::string> batch;
    for (;;) {
        // Abandoning at shutdown the queue is already closing: drain it at once. After a sink
        // failure the reader may still push until it is stopped: wait for those too.
        batch.clear();
        if (!queue_.pop_some(batch, kBatch, abandoning && !failed_ ? milliseconds(0) : kIdleWait)) {
            if (queue_.closed_and_empty()) break;
            if (failed_) continue;
            try {
                take_new_sink();
                sink_->flush();  // the queue ran dry: push out what the sink buffered
            } catch (const std::exception& error) {
                fail(error.what());
            }
            continue;
        }
        for (size_t next = 0; next < batch.size();) {
            if (abandoning) {
                abandoned_ += batch.size() - next;
                break;
            }
            try {
                // As many as go at once in one call; the one that did not, through deliver().
                take_new_sink();
                if (size_t went = sink_->send_all(batch, next)) {
                    sent_ += went;
                    last_progress_ = steady_clock::now().time_since_epoch().count();
                    next += went;
                    continue;
                }
                if (!deliver(batch[next])) {
                    abandoning = true;
                    ++abandoned_;
                }
            } catch (const std::exception& error) {
                fail(error.what());
                abandoning = true;
                ++abandoned_;
            }
            ++next;
        }
    }
    if (!failed_) sink_->flush();
}

void Writer::fail(const std::string& why) {
    std::lock_guard lock(failure_mutex_);
    if (failure_.empty()) failure_ = why;
    failed_ = true;
}

void Writer::append_counters(std::vector<Counter>& out) const {
    out.insert(out.end(), {
        {"sent", sent_.load()},
        {"rejected", rejected_.load()},
        {"abandoned", abandoned_.load()},
        {"sink_errors", errors_.load()},
        {"sink_reconnects", reconnects_.load()},
    });
}

}  // namespace audisp_ima
