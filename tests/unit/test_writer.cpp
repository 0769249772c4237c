// plugin/writer.h: the writer thread between the queue and the sink. Real threads, a fake sink,
// generous timeouts: no assertion is tighter than about 2 s.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "plugin/message_queue.h"
#include "plugin/sink.h"
#include "plugin/writer.h"

using audisp_ima::Counter;
using audisp_ima::MessageQueue;
using audisp_ima::SendResult;
using audisp_ima::Sink;
using audisp_ima::SinkCounters;
using audisp_ima::Writer;
using namespace std::chrono_literals;
using std::chrono::steady_clock;

namespace {

// What a fake sink saw; shared with the test so it outlives the sink (replace_sink destroys it).
struct SinkLog {
    mutable std::mutex mutex;
    std::condition_variable changed;
    std::vector<std::string> attempts;  // every send() call
    std::vector<std::string> sent;      // the calls answered `sent`
    int flushes = 0;

    std::vector<std::string> sent_copy() const {
        std::lock_guard lock(mutex);
        return sent;
    }
    std::vector<std::string> attempts_copy() const {
        std::lock_guard lock(mutex);
        return attempts;
    }
    // Waits until `done` holds (under the lock) or the timeout passes.
    template <class Predicate>
    bool wait_for(Predicate done, std::chrono::milliseconds timeout = 10s) {
        std::unique_lock lock(mutex);
        return changed.wait_for(lock, timeout, [&] { return done(*this); });
    }
};

// Decides each send: gets the message and the number of earlier send() calls for the sink.
using Policy = std::function<SendResult(std::string_view message, size_t call)>;

class FakeSink : public Sink {
public:
    FakeSink(std::shared_ptr<SinkLog> log, Policy policy, uint64_t reconnects_per_recovery = 0)
        : log_(std::move(log)), policy_(std::move(policy)), reconnects_per_recovery_(reconnects_per_recovery) {}

    SendResult send(std::string_view message) override {
        SendResult result = policy_(message, calls_++);
        {
            std::lock_guard lock(log_->mutex);
            log_->attempts.emplace_back(message);
            if (result == SendResult::sent) log_->sent.emplace_back(message);
        }
        log_->changed.notify_all();
        switch (result) {
        case SendResult::sent:
            ++counters_.sent;
            if (failing_) counters_.reconnects += reconnects_per_recovery_;
            failing_ = false;
            break;
        case SendResult::rejected: ++counters_.rejected; break;
        case SendResult::retry_later:
            ++counters_.errors;
            failing_ = true;
            break;
        }
        return result;
    }
    void flush() override {
        {
            std::lock_guard lock(log_->mutex);
            ++log_->flushes;
        }
        log_->changed.notify_all();
    }
    std::chrono::milliseconds retry_delay() const override { return 5ms; }
    SinkCounters counters() const override { return counters_; }

private:
    std::shared_ptr<SinkLog> log_;
    Policy policy_;
    uint64_t reconnects_per_recovery_;
    size_t calls_ = 0;
    bool failing_ = false;
    SinkCounters counters_;
};

SendResult always_sent(std::string_view, size_t) { return SendResult::sent; }
SendResult never_sent(std::string_view, size_t) { return SendResult::retry_later; }

uint64_t counter(const Writer& writer, const std::string& name) {
    std::vector<Counter> counters;
    writer.append_counters(counters);
    for (const auto& [key, value] : counters)
        if (key == name) return value;
    FAIL("no counter named " << name);
    return 0;
}

// run() on its own thread; stop_and_join() makes sure it ends even when a test fails.
class WriterThread {
public:
    WriterThread(Writer& writer, MessageQueue& queue) : writer_(writer), queue_(queue) {
        auto task = std::packaged_task<void()>([&writer] { writer.run(); });
        done_ = task.get_future();
        thread_ = std::thread(std::move(task));
    }
    ~WriterThread() {
        if (thread_.joinable()) {
            writer_.give_up_when_stalled(0ms);
            queue_.close();
            thread_.join();
        }
    }
    // True when run() returned within the timeout.
    bool finished_within(std::chrono::milliseconds timeout) {
        bool finished = done_.wait_for(timeout) == std::future_status::ready;
        if (finished) {
            thread_.join();
            done_.get();  // rethrows what run() threw
        }
        return finished;
    }

private:
    Writer& writer_;
    MessageQueue& queue_;
    std::future<void> done_;
    std::thread thread_;
};

std::vector<std::string> numbered(const std::string& prefix, int count) {
    std::vector<std::string> out;
    for (int i = 0; i < count; ++i) out.push_back(prefix + std::to_string(i));
    return out;
}

}  // namespace

TEST_CASE("writer: every message sent once, in queue order", "[writer]") {
    MessageQueue queue(10000, 1 << 20);
    auto log = std::make_shared<SinkLog>();
    Writer writer(queue, std::make_unique<FakeSink>(log, always_sent));
    const auto messages = numbered("message-", 1000);

    WriterThread thread(writer, queue);
    // Pushed while the writer runs, in bursts with pauses so it also goes idle in between.
    for (size_t i = 0; i < messages.size(); ++i) {
        REQUIRE(queue.push(messages[i]));
        if (i % 250 == 249) std::this_thread::sleep_for(20ms);
    }
    queue.close();
    REQUIRE(thread.finished_within(10s));

    CHECK(log->sent_copy() == messages);
    CHECK(log->attempts_copy() == messages);
    CHECK(counter(writer, "sent") == messages.size());
    CHECK(counter(writer, "rejected") == 0);
    CHECK(counter(writer, "abandoned") == 0);
    CHECK(counter(writer, "sink_errors") == 0);
    CHECK(counter(writer, "sink_reconnects") == 0);
    CHECK(log->flushes >= 1);  // at exit at least
    CHECK(queue.closed_and_empty());
}

TEST_CASE("writer: the counters it reports", "[writer]") {
    MessageQueue queue(10, 1000);
    Writer writer(queue, std::make_unique<FakeSink>(std::make_shared<SinkLog>(), always_sent));
    std::vector<Counter> counters;
    writer.append_counters(counters);
    std::vector<std::string> names;
    for (const auto& [name, value] : counters) {
        names.push_back(name);
        CHECK(value == 0);
    }
    CHECK(names == std::vector<std::string>{"sent", "rejected", "abandoned", "sink_errors", "sink_reconnects"});
    // Appends, does not replace.
    std::vector<Counter> more{{"earlier", 7}};
    writer.append_counters(more);
    REQUIRE(more.size() == 6);
    CHECK(more[0] == Counter{"earlier", 7});
}

TEST_CASE("writer: a busy destination is retried with the same message, sent once, order kept", "[writer]") {
    MessageQueue queue(100, 1 << 20);
    auto log = std::make_shared<SinkLog>();
    constexpr int kBusy = 4;
    // "m2" is answered retry_later kBusy times, then taken; everything else at once.
    auto busy_count = std::make_shared<int>(0);
    Policy policy = [busy_count](std::string_view message, size_t) {
        if (message == "m2" && *busy_count < kBusy) {
            ++*busy_count;
            return SendResult::retry_later;
        }
        return SendResult::sent;
    };
    Writer writer(queue, std::make_unique<FakeSink>(log, policy, 1));
    const auto messages = numbered("m", 6);
    for (const auto& m : messages) REQUIRE(queue.push(m));
    queue.close();

    WriterThread thread(writer, queue);
    REQUIRE(thread.finished_within(10s));

    CHECK(log->sent_copy() == messages);
    auto attempts = log->attempts_copy();
    CHECK(attempts.size() == messages.size() + kBusy);
    CHECK(std::count(attempts.begin(), attempts.end(), "m2") == kBusy + 1);
    // The retries came right after each other: nothing overtook m2.
    std::vector<std::string> expected_attempts{"m0", "m1"};
    for (int i = 0; i <= kBusy; ++i) expected_attempts.push_back("m2");
    for (const auto& m : {"m3", "m4", "m5"}) expected_attempts.push_back(m);
    CHECK(attempts == expected_attempts);
    CHECK(counter(writer, "sent") == messages.size());
    CHECK(counter(writer, "sink_errors") == kBusy);
    CHECK(counter(writer, "sink_reconnects") == 1);
    CHECK(counter(writer, "rejected") == 0);
    CHECK(counter(writer, "abandoned") == 0);
}

TEST_CASE("writer: a destination down for a while, messages pushed meanwhile all arrive in order", "[writer]") {
    MessageQueue queue(1000, 1 << 20);
    auto log = std::make_shared<SinkLog>();
    std::atomic<bool> down{true};
    Policy policy = [&down](std::string_view, size_t) { return down ? SendResult::retry_later : SendResult::sent; };
    Writer writer(queue, std::make_unique<FakeSink>(log, policy, 1));
    WriterThread thread(writer, queue);

    const auto messages = numbered("event-", 50);
    for (const auto& m : messages) REQUIRE(queue.push(m));
    // The writer keeps trying the first message.
    REQUIRE(log->wait_for([](const SinkLog& l) { return l.attempts.size() >= 3; }));
    CHECK(log->sent_copy().empty());
    down = false;
    queue.close();
    REQUIRE(thread.finished_within(10s));

    CHECK(log->sent_copy() == messages);
    const auto attempts = log->attempts_copy();
    // Only the first message was ever retried.
    CHECK(std::all_of(attempts.begin(), attempts.end() - static_cast<long>(messages.size()) + 1,
                      [](const std::string& m) { return m == "event-0"; }));
    CHECK(counter(writer, "sent") == messages.size());
    CHECK(counter(writer, "sink_errors") == attempts.size() - messages.size());
    CHECK(counter(writer, "sink_reconnects") == 1);
    CHECK(counter(writer, "abandoned") == 0);
}

TEST_CASE("writer: rejected messages are dropped and counted, the rest sent in order", "[writer]") {
    MessageQueue queue(100, 1 << 20);
    auto log = std::make_shared<SinkLog>();
    Policy policy = [](std::string_view message, size_t) {
        return message.find("huge") != std::string_view::npos ? SendResult::rejected : SendResult::sent;
    };
    Writer writer(queue, std::make_unique<FakeSink>(log, policy));
    const std::vector<std::string> messages{"a", "huge-1", "b", "c", "huge-2", "huge-3", "d"};
    for (const auto& m : messages) REQUIRE(queue.push(m));
    queue.close();
    WriterThread thread(writer, queue);
    REQUIRE(thread.finished_within(10s));

    CHECK(log->sent_copy() == std::vector<std::string>{"a", "b", "c", "d"});
    CHECK(log->attempts_copy() == messages);  // a rejected message is not retried
    CHECK(counter(writer, "sent") == 4);
    CHECK(counter(writer, "rejected") == 3);
    CHECK(counter(writer, "abandoned") == 0);
    CHECK(counter(writer, "sink_errors") == 0);
}

TEST_CASE("writer: at shutdown, a destination that never accepts is given up after the patience", "[writer]") {
    MessageQueue queue(100, 1 << 20);
    auto log = std::make_shared<SinkLog>();
    Writer writer(queue, std::make_unique<FakeSink>(log, never_sent));
    WriterThread thread(writer, queue);
    const auto messages = numbered("stuck-", 7);
    for (const auto& m : messages) REQUIRE(queue.push(m));
    REQUIRE(log->wait_for([](const SinkLog& l) { return !l.attempts.empty(); }));
    // Before shutdown the writer never gives up, however long the destination is down.
    std::this_thread::sleep_for(400ms);
    CHECK(counter(writer, "abandoned") == 0);

    // Shutdown as the runtime does it: the patience, then close.
    const auto start = steady_clock::now();
    const auto patience = 300ms;
    writer.give_up_when_stalled(patience);
    queue.close();
    REQUIRE(thread.finished_within(10s));
    const auto finished = steady_clock::now();

    CHECK(finished - start >= patience);  // the clock started at shutdown, not at the first failure
    CHECK(finished - start < 5s);
    CHECK(counter(writer, "abandoned") == messages.size());
    CHECK(counter(writer, "sent") == 0);
    CHECK(counter(writer, "rejected") == 0);
    CHECK(counter(writer, "sink_errors") == log->attempts_copy().size());
    CHECK(queue.closed_and_empty());
    CHECK(queue.counters().depth == 0);
    // Only the first message was ever tried: the others were abandoned without an attempt.
    for (const auto& attempt : log->attempts_copy()) CHECK(attempt == "stuck-0");
}

TEST_CASE("writer: at shutdown, only what is left is abandoned when the destination dies midway", "[writer]") {
    MessageQueue queue(100, 1 << 20);
    auto log = std::make_shared<SinkLog>();
    // The first three messages go through, then the destination is gone for good.
    Policy policy = [](std::string_view, size_t call) { return call < 3 ? SendResult::sent : SendResult::retry_later; };
    Writer writer(queue, std::make_unique<FakeSink>(log, policy));
    const auto messages = numbered("x", 10);
    for (const auto& m : messages) REQUIRE(queue.push(m));
    WriterThread thread(writer, queue);
    REQUIRE(log->wait_for([](const SinkLog& l) { return l.attempts.size() >= 5; }));

    writer.give_up_when_stalled(200ms);
    queue.close();
    REQUIRE(thread.finished_within(10s));

    CHECK(log->sent_copy() == std::vector<std::string>{"x0", "x1", "x2"});
    CHECK(counter(writer, "sent") == 3);
    CHECK(counter(writer, "abandoned") == 7);
    CHECK(counter(writer, "sent") + counter(writer, "abandoned") == messages.size());
    CHECK(queue.closed_and_empty());
}

TEST_CASE("writer: at shutdown, a slow destination that keeps taking messages is waited for", "[writer]") {
    MessageQueue queue(100, 1 << 20);
    auto log = std::make_shared<SinkLog>();
    // Each message is taken only after the destination has been busy with it for ~150 ms: well
    // within the patience for each message, far beyond it for all of them together.
    auto busy_since = std::make_shared<std::optional<steady_clock::time_point>>();
    Policy policy = [busy_since](std::string_view, size_t) {
        auto now = steady_clock::now();
        if (!*busy_since) *busy_since = now;
        if (now - **busy_since < 150ms) return SendResult::retry_later;
        busy_since->reset();
        return SendResult::sent;
    };
    Writer writer(queue, std::make_unique<FakeSink>(log, policy));
    const auto messages = numbered("slow-", 8);
    for (const auto& m : messages) REQUIRE(queue.push(m));
    WriterThread thread(writer, queue);

    const auto start = steady_clock::now();
    const auto patience = 600ms;
    writer.give_up_when_stalled(patience);
    queue.close();
    REQUIRE(thread.finished_within(20s));

    CHECK(steady_clock::now() - start > patience);  // longer than the patience in total
    CHECK(log->sent_copy() == messages);
    CHECK(counter(writer, "sent") == messages.size());
    CHECK(counter(writer, "abandoned") == 0);
}

TEST_CASE("writer: zero patience abandons at once what cannot be sent now", "[writer]") {
    MessageQueue queue(100, 1 << 20);
    auto log = std::make_shared<SinkLog>();
    Writer writer(queue, std::make_unique<FakeSink>(log, never_sent));
    for (const auto& m : numbered("late-", 4)) REQUIRE(queue.push(m));
    writer.give_up_when_stalled(0ms);
    queue.close();
    const auto start = steady_clock::now();
    WriterThread thread(writer, queue);
    REQUIRE(thread.finished_within(10s));
    CHECK(steady_clock::now() - start < 2s);
    CHECK(counter(writer, "abandoned") == 4);
    CHECK(log->attempts_copy() == std::vector<std::string>{"late-0"});
}

TEST_CASE("writer: zero patience does not cut a healthy destination short", "[writer]") {
    MessageQueue queue(10000, 1 << 20);
    auto log = std::make_shared<SinkLog>();
    Writer writer(queue, std::make_unique<FakeSink>(log, always_sent));
    const auto messages = numbered("ok-", 500);
    for (const auto& m : messages) REQUIRE(queue.push(m));
    // Every send succeeds at the first try: nothing is abandoned.
    writer.give_up_when_stalled(0ms);
    queue.close();
    WriterThread thread(writer, queue);
    REQUIRE(thread.finished_within(10s));
    CHECK(log->sent_copy() == messages);
    CHECK(counter(writer, "abandoned") == 0);
}

TEST_CASE("writer: replace_sink switches the destination between messages, and counters add up", "[writer]") {
    MessageQueue queue(100, 1 << 20);
    auto log_a = std::make_shared<SinkLog>();
    auto log_b = std::make_shared<SinkLog>();
    // A: busy twice on its first message (2 errors, then 1 reconnect), then fine.
    Policy a_policy = [](std::string_view, size_t call) { return call < 2 ? SendResult::retry_later : SendResult::sent; };
    // B: busy three times on its first message (3 errors, 2 reconnects counted on recovery).
    Policy b_policy = [](std::string_view, size_t call) { return call < 3 ? SendResult::retry_later : SendResult::sent; };
    Writer writer(queue, std::make_unique<FakeSink>(log_a, a_policy, 1));
    WriterThread thread(writer, queue);

    const auto first = numbered("a", 3);
    for (const auto& m : first) REQUIRE(queue.push(m));
    REQUIRE(log_a->wait_for([](const SinkLog& l) { return l.sent.size() == 3; }));
    CHECK(counter(writer, "sink_errors") == 2);
    CHECK(counter(writer, "sink_reconnects") == 1);
    const int a_flushes_before = [&] {
        std::lock_guard lock(log_a->mutex);
        return log_a->flushes;
    }();

    writer.replace_sink(std::make_unique<FakeSink>(log_b, b_policy, 2));
    const auto second = numbered("b", 4);
    for (const auto& m : second) REQUIRE(queue.push(m));
    queue.close();
    REQUIRE(thread.finished_within(10s));

    CHECK(log_a->sent_copy() == first);
    CHECK(log_a->attempts_copy().size() == 5);  // 2 retries + 3 messages; nothing of the second batch
    CHECK(log_b->sent_copy() == second);
    CHECK(log_b->attempts_copy().size() == 7);  // 3 retries + 4 messages
    // The old sink was flushed when it was replaced (or when the queue ran dry before that).
    CHECK(log_a->flushes >= std::max(a_flushes_before, 1));
    CHECK(log_b->flushes >= 1);
    CHECK(counter(writer, "sent") == 7);
    CHECK(counter(writer, "sink_errors") == 2 + 3);     // summed across sinks
    CHECK(counter(writer, "sink_reconnects") == 1 + 2);  // summed across sinks
    CHECK(counter(writer, "abandoned") == 0);
}

TEST_CASE("writer: a message stuck on a dead sink goes to its replacement, once", "[writer]") {
    MessageQueue queue(100, 1 << 20);
    auto log_a = std::make_shared<SinkLog>();
    auto log_b = std::make_shared<SinkLog>();
    Writer writer(queue, std::make_unique<FakeSink>(log_a, never_sent));
    WriterThread thread(writer, queue);
    const auto messages = numbered("msg", 5);
    for (const auto& m : messages) REQUIRE(queue.push(m));
    REQUIRE(log_a->wait_for([](const SinkLog& l) { return l.attempts.size() >= 3; }));

    writer.replace_sink(std::make_unique<FakeSink>(log_b, always_sent));
    REQUIRE(log_b->wait_for([&](const SinkLog& l) { return l.sent.size() == messages.size(); }));
    queue.close();
    REQUIRE(thread.finished_within(10s));

    CHECK(log_a->sent_copy().empty());
    for (const auto& attempt : log_a->attempts_copy()) CHECK(attempt == "msg0");
    CHECK(log_b->sent_copy() == messages);
    CHECK(log_b->attempts_copy() == messages);
    CHECK(counter(writer, "sent") == messages.size());
    CHECK(counter(writer, "sink_errors") == log_a->attempts_copy().size());
    CHECK(counter(writer, "abandoned") == 0);
}

TEST_CASE("writer: replace_sink while idle, and later messages go to the new sink", "[writer]") {
    MessageQueue queue(100, 1 << 20);
    auto log_a = std::make_shared<SinkLog>();
    auto log_b = std::make_shared<SinkLog>();
    auto log_c = std::make_shared<SinkLog>();
    Writer writer(queue, std::make_unique<FakeSink>(log_a, always_sent));
    WriterThread thread(writer, queue);
    REQUIRE(queue.push("to-a"));
    REQUIRE(log_a->wait_for([](const SinkLog& l) { return l.sent.size() == 1; }));
    writer.replace_sink(std::make_unique<FakeSink>(log_b, always_sent));
    // The writer takes the new sink while idle (its pop times out); A is flushed then.
    std::this_thread::sleep_for(500ms);
    REQUIRE(queue.push("to-b"));
    REQUIRE(log_b->wait_for([](const SinkLog& l) { return l.sent.size() == 1; }));
    // Two replacements in a row before the next message: the last one wins.
    writer.replace_sink(std::make_unique<FakeSink>(log_a, always_sent));
    writer.replace_sink(std::make_unique<FakeSink>(log_c, always_sent));
    REQUIRE(queue.push("to-c"));
    queue.close();
    REQUIRE(thread.finished_within(10s));

    CHECK(log_a->sent_copy() == std::vector<std::string>{"to-a"});
    CHECK(log_b->sent_copy() == std::vector<std::string>{"to-b"});
    CHECK(log_c->sent_copy() == std::vector<std::string>{"to-c"});
    CHECK(counter(writer, "sent") == 3);
}

TEST_CASE("writer: a sink that throws: the run goes on counting, every message sent or abandoned", "[writer]") {
    auto log = std::make_shared<SinkLog>();
    MessageQueue queue(100, 1 << 20);
    // The third send fails for good (a write error the sink cannot recover from).
    Writer writer(queue, std::make_unique<FakeSink>(log, [](std::string_view, size_t call) {
        if (call == 2) throw std::runtime_error("write: Input/output error");
        return SendResult::sent;
    }));
    for (int i = 0; i < 5; ++i) REQUIRE(queue.push("m" + std::to_string(i)));
    WriterThread thread(writer, queue);
    for (int i = 0; i < 200 && !writer.failed(); ++i) std::this_thread::sleep_for(5ms);
    REQUIRE(writer.failed());
    CHECK(writer.failure() == "write: Input/output error");
    // the reader may still push after the failure, until it is stopped: counted too
    REQUIRE(queue.push("late"));
    queue.close();
    REQUIRE(thread.finished_within(5s));
    CHECK(counter(writer, "sent") == 2);
    CHECK(counter(writer, "abandoned") == 4);  // the failed one, m3, m4 and the late one
    CHECK(counter(writer, "sent") + counter(writer, "abandoned") == 6);
}

namespace {

// A sink that also takes batches: send_all sends up to `per_call` at once, and every third call
// sends none (a full socket), so the writer must fall back to send() for that message.
class BatchSink : public FakeSink {
public:
    BatchSink(std::shared_ptr<SinkLog> log, size_t per_call) : FakeSink(log, always_sent), log_(log), per_call_(per_call) {}
    size_t send_all(const std::vector<std::string>& messages, size_t from) override {
        if (++calls_ % 3 == 0) return 0;
        size_t n = std::min(per_call_, messages.size() - from);
        {
            std::lock_guard lock(log_->mutex);
            for (size_t i = from; i < from + n; ++i) log_->sent.push_back(messages[i]);
        }
        log_->changed.notify_all();
        batched_ += n;
        return n;
    }
    size_t batched() const { return batched_; }

private:
    std::shared_ptr<SinkLog> log_;
    size_t per_call_;
    size_t calls_ = 0;
    size_t batched_ = 0;
};

}  // namespace

TEST_CASE("writer: a sink taking batches gets them, the rest goes one by one, each message once in order", "[writer]") {
    MessageQueue queue(10000, 1 << 20);
    auto log = std::make_shared<SinkLog>();
    auto sink = std::make_unique<BatchSink>(log, 7);
    BatchSink* batch_sink = sink.get();
    Writer writer(queue, std::move(sink));
    const auto messages = numbered("m", 1000);
    std::vector<std::string> all = messages;
    CHECK(queue.push_all(all) == messages.size());  // one batch of 1000: the writer takes 64 at a time
    WriterThread thread(writer, queue);
    queue.close();
    REQUIRE(thread.finished_within(10s));
    CHECK(log->sent_copy() == messages);
    CHECK(counter(writer, "sent") == messages.size());
    CHECK(batch_sink->batched() > 0);
    CHECK(log->attempts_copy().size() == messages.size() - batch_sink->batched());  // send() for the rest only
    CHECK(counter(writer, "abandoned") == 0);
}
