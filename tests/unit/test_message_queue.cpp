// plugin/message_queue.h: the bounded hand-off between reader and writer. Full means refused at
// once and counted as dropped; close() lets pop() drain what is left, then return at once.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "plugin/message_queue.h"

using audisp_ima::MessageQueue;
using audisp_ima::QueueCounters;
using namespace std::chrono_literals;
using std::chrono::steady_clock;

namespace {

// Long enough never to be reached in a passing test; pop() with it only returns early.
constexpr std::chrono::milliseconds kLong = 10s;

std::chrono::milliseconds since(steady_clock::time_point start) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(steady_clock::now() - start);
}

}  // namespace

TEST_CASE("queue: FIFO order and counters", "[queue]") {
    MessageQueue queue(100, 1 << 20);
    QueueCounters empty = queue.counters();
    CHECK(empty.pushed == 0);
    CHECK(empty.dropped == 0);
    CHECK(empty.depth == 0);
    CHECK(empty.bytes == 0);
    CHECK(empty.high_water == 0);

    CHECK(queue.push("first"));
    CHECK(queue.push("second!"));
    CHECK(queue.push(""));
    CHECK(queue.push("fourth"));
    QueueCounters c = queue.counters();
    CHECK(c.pushed == 4);
    CHECK(c.dropped == 0);
    CHECK(c.depth == 4);
    CHECK(c.bytes == 5 + 7 + 0 + 6);
    CHECK(c.high_water == 4);

    CHECK(queue.pop(kLong) == std::optional<std::string>("first"));
    c = queue.counters();
    CHECK(c.depth == 3);
    CHECK(c.bytes == 7 + 0 + 6);
    CHECK(c.pushed == 4);
    CHECK(c.high_water == 4);

    CHECK(queue.pop(kLong) == std::optional<std::string>("second!"));
    CHECK(queue.pop(kLong) == std::optional<std::string>(""));
    CHECK(queue.pop(kLong) == std::optional<std::string>("fourth"));
    c = queue.counters();
    CHECK(c.depth == 0);
    CHECK(c.bytes == 0);
    CHECK(c.pushed == 4);
    CHECK(c.high_water == 4);
    CHECK_FALSE(queue.closed_and_empty());
}

TEST_CASE("queue: the limit in messages drops new messages, exactly counted", "[queue]") {
    MessageQueue queue(3, 1 << 20);
    CHECK(queue.push("a"));
    CHECK(queue.push("b"));
    CHECK(queue.push("c"));
    CHECK_FALSE(queue.push("d"));
    CHECK_FALSE(queue.push("e"));
    QueueCounters c = queue.counters();
    CHECK(c.pushed == 3);
    CHECK(c.dropped == 2);
    CHECK(c.depth == 3);
    CHECK(c.bytes == 3);
    CHECK(c.high_water == 3);

    // Room again after one pop; the dropped ones never appear.
    CHECK(queue.pop(kLong) == std::optional<std::string>("a"));
    CHECK(queue.push("f"));
    CHECK_FALSE(queue.push("g"));
    c = queue.counters();
    CHECK(c.pushed == 4);
    CHECK(c.dropped == 3);
    CHECK(c.high_water == 3);
    CHECK(queue.pop(kLong) == std::optional<std::string>("b"));
    CHECK(queue.pop(kLong) == std::optional<std::string>("c"));
    CHECK(queue.pop(kLong) == std::optional<std::string>("f"));
    CHECK_FALSE(queue.pop(0ms));
}

TEST_CASE("queue: the limit in bytes drops new messages, and a message alone over it is dropped", "[queue]") {
    MessageQueue queue(1000, 10);
    // A message larger than the whole limit can never be queued.
    CHECK_FALSE(queue.push(std::string(11, 'x')));
    CHECK(queue.counters().dropped == 1);
    CHECK(queue.counters().depth == 0);
    CHECK(queue.counters().bytes == 0);

    CHECK(queue.push("12345"));     // 5
    CHECK_FALSE(queue.push("123456"));  // 5 + 6 > 10
    CHECK(queue.push("abcde"));     // 10: exactly the limit is allowed
    CHECK_FALSE(queue.push("z"));   // 11 > 10
    QueueCounters c = queue.counters();
    CHECK(c.pushed == 2);
    CHECK(c.dropped == 3);
    CHECK(c.depth == 2);
    CHECK(c.bytes == 10);

    CHECK(queue.pop(kLong) == std::optional<std::string>("12345"));
    CHECK(queue.counters().bytes == 5);
    CHECK(queue.push("vwxyz"));  // fits again
    CHECK(queue.counters().bytes == 10);
    CHECK(queue.pop(kLong) == std::optional<std::string>("abcde"));
    CHECK(queue.pop(kLong) == std::optional<std::string>("vwxyz"));
    c = queue.counters();
    CHECK(c.bytes == 0);
    CHECK(c.depth == 0);
    CHECK(c.pushed == 3);
    CHECK(c.dropped == 3);
    // Exactly the limit, alone, fits.
    CHECK(queue.push(std::string(10, 'y')));
}

TEST_CASE("queue: high_water is the most messages ever waiting", "[queue]") {
    MessageQueue queue(100, 1 << 20);
    for (int i = 0; i < 5; ++i) REQUIRE(queue.push("m" + std::to_string(i)));
    for (int i = 0; i < 5; ++i) REQUIRE(queue.pop(kLong));
    CHECK(queue.counters().high_water == 5);
    for (int i = 0; i < 3; ++i) REQUIRE(queue.push("n" + std::to_string(i)));
    CHECK(queue.counters().high_water == 5);
    CHECK(queue.counters().depth == 3);
    for (int i = 0; i < 4; ++i) REQUIRE(queue.push("o" + std::to_string(i)));
    CHECK(queue.counters().high_water == 7);
    // Refused pushes do not raise it.
    MessageQueue small(2, 1 << 20);
    for (int i = 0; i < 10; ++i) small.push("x");
    CHECK(small.counters().high_water == 2);
    CHECK(small.counters().dropped == 8);
}

TEST_CASE("queue: pop times out empty on an empty open queue", "[queue]") {
    MessageQueue queue(10, 1000);
    auto start = steady_clock::now();
    CHECK_FALSE(queue.pop(100ms));
    auto waited = since(start);
    CHECK(waited >= 90ms);  // it did wait
    CHECK(waited < 2s);
    start = steady_clock::now();
    CHECK_FALSE(queue.pop(0ms));
    CHECK(since(start) < 2s);
    CHECK_FALSE(queue.closed_and_empty());
}

TEST_CASE("queue: pop wakes up for a message pushed by another thread", "[queue]") {
    MessageQueue queue(10, 1000);
    std::thread producer([&] {
        std::this_thread::sleep_for(50ms);
        queue.push("late");
    });
    auto start = steady_clock::now();
    auto message = queue.pop(kLong);
    auto waited = since(start);
    producer.join();
    CHECK(message == std::optional<std::string>("late"));
    CHECK(waited < 5s);
}

TEST_CASE("queue: close, then pop drains what is left, then returns empty at once", "[queue]") {
    MessageQueue queue(10, 1000);
    REQUIRE(queue.push("one"));
    REQUIRE(queue.push("two"));
    queue.close();
    CHECK_FALSE(queue.closed_and_empty());
    CHECK(queue.pop(kLong) == std::optional<std::string>("one"));
    CHECK_FALSE(queue.closed_and_empty());
    CHECK(queue.pop(kLong) == std::optional<std::string>("two"));
    CHECK(queue.closed_and_empty());
    auto start = steady_clock::now();
    CHECK_FALSE(queue.pop(kLong));
    CHECK_FALSE(queue.pop(kLong));
    CHECK(since(start) < 2s);  // at once, not after the 10 s timeout
    QueueCounters c = queue.counters();
    CHECK(c.depth == 0);
    CHECK(c.bytes == 0);
    CHECK(c.pushed == 2);
    // close() twice is harmless.
    queue.close();
    CHECK(queue.closed_and_empty());
}

TEST_CASE("queue: push after close is refused and counted as dropped", "[queue]") {
    MessageQueue queue(10, 1000);
    REQUIRE(queue.push("before"));
    queue.close();
    CHECK_FALSE(queue.push("after"));
    CHECK_FALSE(queue.push("after again"));
    QueueCounters c = queue.counters();
    CHECK(c.pushed == 1);
    CHECK(c.dropped == 2);
    CHECK(c.depth == 1);
    CHECK(c.bytes == 6);
    CHECK(queue.pop(kLong) == std::optional<std::string>("before"));
    CHECK_FALSE(queue.pop(kLong));
}

TEST_CASE("queue: close wakes a pop that is waiting", "[queue]") {
    MessageQueue queue(10, 1000);
    std::atomic<bool> returned{false};
    std::optional<std::string> result{"not set"};
    auto start = steady_clock::now();
    std::thread consumer([&] {
        result = queue.pop(kLong);
        returned = true;
    });
    std::this_thread::sleep_for(50ms);
    queue.close();
    consumer.join();
    CHECK(returned);
    CHECK_FALSE(result);
    CHECK(since(start) < 5s);
}

TEST_CASE("queue: set_limits changes the bounds, and messages already queued stay", "[queue]") {
    MessageQueue queue(2, 1000);
    CHECK(queue.push("a"));
    CHECK(queue.push("b"));
    CHECK_FALSE(queue.push("c"));

    queue.set_limits(4, 1000);
    CHECK(queue.push("d"));
    CHECK(queue.push("e"));
    CHECK_FALSE(queue.push("f"));
    CHECK(queue.counters().depth == 4);

    // Lowered below what is waiting: nothing is thrown away, new messages are refused until
    // the queue has drained below the new limit.
    queue.set_limits(1, 1000);
    CHECK(queue.counters().depth == 4);
    CHECK_FALSE(queue.push("g"));
    CHECK(queue.pop(kLong) == std::optional<std::string>("a"));
    CHECK(queue.pop(kLong) == std::optional<std::string>("b"));
    CHECK(queue.pop(kLong) == std::optional<std::string>("d"));
    CHECK_FALSE(queue.push("h"));  // one still waiting: full at 1
    CHECK(queue.pop(kLong) == std::optional<std::string>("e"));
    CHECK(queue.push("i"));
    CHECK(queue.counters().dropped == 4);  // c, f, g, h

    // The byte limit too.
    queue.set_limits(100, 3);
    CHECK_FALSE(queue.push("1234"));
    CHECK(queue.push("12"));  // "i" (1) + 2 = 3
    CHECK_FALSE(queue.push("x"));
    queue.set_limits(100, 1000);
    CHECK(queue.push("x"));
    CHECK(queue.pop(kLong) == std::optional<std::string>("i"));
    CHECK(queue.pop(kLong) == std::optional<std::string>("12"));
    CHECK(queue.pop(kLong) == std::optional<std::string>("x"));
    QueueCounters c = queue.counters();
    CHECK(c.dropped == 6);
    CHECK(c.pushed == 7);
    CHECK(c.depth == 0);
    CHECK(c.bytes == 0);
}

TEST_CASE("queue: a producer and a consumer thread, 100000 messages", "[queue]") {
    constexpr int kMessages = 100000;
    MessageQueue queue(1000, 64 * 1024);
    uint64_t accepted = 0;
    uint64_t refused = 0;
    std::thread producer([&] {
        for (int i = 0; i < kMessages; ++i) {
            if (queue.push("message " + std::to_string(i))) ++accepted;
            else ++refused;
        }
        queue.close();
    });

    uint64_t popped = 0;
    long last = -1;
    bool in_order = true;
    auto start = steady_clock::now();
    for (;;) {
        auto message = queue.pop(kLong);
        if (!message) {
            if (queue.closed_and_empty()) break;
            if (since(start) > 60s) break;  // should never happen; the checks below will fail
            continue;
        }
        ++popped;
        long index = std::stol(message->substr(8));
        if (index <= last) in_order = false;
        last = index;
    }
    producer.join();

    QueueCounters c = queue.counters();
    CHECK(accepted + refused == kMessages);
    CHECK(c.pushed == accepted);
    CHECK(c.dropped == refused);
    CHECK(c.pushed + c.dropped == kMessages);
    CHECK(popped == c.pushed);
    CHECK(in_order);
    CHECK(c.depth == 0);
    CHECK(c.bytes == 0);
    CHECK(c.high_water <= 1000);
    CHECK(c.high_water >= 1);
    CHECK(queue.closed_and_empty());
}

TEST_CASE("queue: push_waiting waits for a slow writer and loses nothing", "[queue]") {
    MessageQueue queue(2, 1 << 20);
    std::vector<std::string> got;
    std::thread writer([&] {
        while (got.size() < 50) {
            std::this_thread::sleep_for(2ms);  // slower than the reader
            if (auto m = queue.pop(kLong)) got.push_back(*m);
        }
    });
    for (int i = 0; i < 50; ++i) CHECK(queue.push_waiting("m" + std::to_string(i), 1s));
    writer.join();
    REQUIRE(got.size() == 50);
    for (int i = 0; i < 50; ++i) CHECK(got[i] == "m" + std::to_string(i));
    CHECK(queue.counters().dropped == 0);
    CHECK(queue.counters().high_water == 2);
}

TEST_CASE("queue: push_waiting gives up on a writer that takes nothing, counted", "[queue]") {
    MessageQueue queue(1, 1 << 20);
    REQUIRE(queue.push_waiting("a", 50ms));
    auto start = steady_clock::now();
    CHECK_FALSE(queue.push_waiting("b", 50ms));
    CHECK(since(start) >= 50ms);
    CHECK(since(start) < kLong);
    CHECK(queue.counters().dropped == 1);
    // stalled: the next pushes are refused at once, not after another wait each
    start = steady_clock::now();
    for (int i = 0; i < 20; ++i) CHECK_FALSE(queue.push_waiting("x", 200ms));
    CHECK(since(start) < 200ms);
    CHECK(queue.counters().dropped == 21);
    // a message larger than the byte bound still goes into an empty queue: nothing else can free room
    MessageQueue small(10, 4);
    CHECK(small.push_waiting("larger than four bytes", 50ms));
    CHECK(small.counters().dropped == 0);
    // closing wakes a waiting push, which is then refused
    std::thread closer([&] {
        std::this_thread::sleep_for(20ms);
        queue.close();
    });
    REQUIRE(queue.pop(kLong) == "a");  // the writer took one: waiting again is allowed
    REQUIRE(queue.push_waiting("b", kLong));
    CHECK_FALSE(queue.push_waiting("c", kLong));  // waits until close() wakes it
    closer.join();
    CHECK(queue.counters().dropped == 22);
}

TEST_CASE("queue: push_all queues in order what fits, drops the rest counted, and leaves the batch empty", "[queue]") {
    MessageQueue queue(3, 1 << 20);
    std::vector<std::string> batch{"a", "b", "c", "d", "e"};
    CHECK(queue.push_all(batch) == 3);
    CHECK(batch.empty());
    CHECK(queue.counters().dropped == 2);
    CHECK(queue.counters().pushed == 3);
    std::vector<std::string> got;
    REQUIRE(queue.pop_some(got, 2, kLong));
    CHECK(got == std::vector<std::string>{"a", "b"});  // at most `max`, oldest first
    CHECK(queue.counters().depth == 1);
    CHECK(queue.counters().bytes == 1);
    REQUIRE(queue.pop_some(got, 64, kLong));
    CHECK(got == std::vector<std::string>{"a", "b", "c"});  // appended
    CHECK(queue.counters().depth == 0);
    auto start = steady_clock::now();
    CHECK_FALSE(queue.pop_some(got, 64, 20ms));  // empty and open: times out
    CHECK(since(start) >= 20ms);
    queue.close();
    std::vector<std::string> late{"x"};
    CHECK(queue.push_all(late) == 0);
    CHECK(queue.counters().dropped == 3);
    CHECK_FALSE(queue.pop_some(got, 64, kLong));  // closed and drained: at once
}

// The reader hands over batches bigger than the queue: the writer must be woken for the part
// already queued, or both would wait on each other.
TEST_CASE("queue: push_all_waiting hands a batch larger than the queue to a slow writer, losing nothing", "[queue]") {
    MessageQueue queue(4, 1 << 20);
    std::vector<std::string> got;
    std::thread writer([&] {
        while (got.size() < 200) {
            std::this_thread::sleep_for(1ms);
            queue.pop_some(got, 3, kLong);
        }
    });
    for (int round = 0; round < 4; ++round) {
        std::vector<std::string> batch;
        for (int i = 0; i < 50; ++i) batch.push_back("m" + std::to_string(round * 50 + i));
        CHECK(queue.push_all_waiting(batch, 1s) == 50);
    }
    writer.join();
    REQUIRE(got.size() == 200);
    for (int i = 0; i < 200; ++i) CHECK(got[i] == "m" + std::to_string(i));
    CHECK(queue.counters().dropped == 0);
    CHECK(queue.counters().high_water == 4);
}

TEST_CASE("queue: push_all_waiting gives up on a writer that takes nothing after one patience", "[queue]") {
    MessageQueue queue(2, 1 << 20);
    std::vector<std::string> batch{"a", "b", "c", "d", "e", "f"};
    auto start = steady_clock::now();
    CHECK(queue.push_all_waiting(batch, 50ms) == 2);
    CHECK(since(start) >= 50ms);
    CHECK(since(start) < 200ms);  // one patience for the batch, not one per message
    CHECK(queue.counters().dropped == 4);
}
