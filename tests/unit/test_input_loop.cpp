#include <catch2/catch.hpp>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "formatters/formatter.h"
#include "plugin/input_loop.h"

using namespace audisp_ima;

// The stop and the reload arrive in one batch when SIGHUP and SIGTERM come close together
// (auditd reloads, then restarts its plugins): the reload used to be dropped.
TEST_CASE("input loop: a reload asked together with a stop is served before the loop ends", "[runtime]") {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    Pipeline pipeline(make_formatter("json", FormatterOptions{"h"}), [](std::string&&) {}, [](const std::string&) {});
    ReaderRequests requests;
    Settings changed;
    changed.format = "cef";
    requests.statistics("signal");
    requests.reload(changed);
    requests.stop();
    std::vector<std::string> served;
    FdInput input(fds[0]);
    LoopEnd end = run_input_loop(input, pipeline, requests, [&](ReaderRequest& request) {
        if (request.reload) served.push_back("reload:" + request.reload->format);
        for (const auto& trigger : request.statistics) served.push_back("statistics:" + trigger);
    });
    CHECK(end == LoopEnd::stop_requested);
    CHECK(served == std::vector<std::string>{"reload:cef", "statistics:signal"});
    ::close(fds[0]);
    ::close(fds[1]);
}

// The runtime hands formatted messages to the queue in `after_step`: it must run once the event
// is out (libauparse releases it at its next feed or age call, the loop's tick) and before the
// loop waits for more input, or messages would sit in the reader until the input moves.
TEST_CASE("input loop: after_step runs once an event is out, before the loop waits again", "[runtime]") {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    std::vector<std::string> emitted;
    Pipeline pipeline(make_formatter("json", FormatterOptions{"h"}),
                      [&](std::string&& message) { emitted.push_back(std::move(message)); }, [](const std::string&) {});
    ReaderRequests requests;
    const std::string record =
        "type=INTEGRITY_RULE msg=audit(1700000000.100:7): file=\"/usr/bin/true\" hash=\"sha256:"
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\" ppid=1 pid=2 auid=0 uid=0 gid=0 "
        "euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=(none) ses=1 comm=\"true\" exe=\"/usr/bin/true\"\n"
        "type=EOE msg=audit(1700000000.100:7): \n";
    REQUIRE(::write(fds[1], record.data(), record.size()) == static_cast<ssize_t>(record.size()));
    std::atomic<bool> seen_out{false};
    std::thread fallback([&] {  // a broken loop would wait for input forever: end it, and fail below
        for (int i = 0; i < 100 && !seen_out; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
        if (!seen_out) ::close(fds[1]);
    });
    size_t steps = 0;
    FdInput input(fds[0]);
    LoopEnd end = run_input_loop(
        input, pipeline, requests, [](ReaderRequest&) {},
        [&] {
            ++steps;
            if (emitted.size() == 1 && !seen_out) {
                seen_out = true;
                ::close(fds[1]);  // the input ends only after the step saw the message
            }
        });
    fallback.join();
    CHECK(end == LoopEnd::end_of_input);
    CHECK(seen_out);
    CHECK(steps >= 2);
    ::close(fds[0]);
}

// auditd's plugin socket holds 167 writes of a few hundred bytes (plugin/input_loop.cpp): a read
// of fewer than 120 records and 64 KiB shows it never filled, and the loop may pause again.
TEST_CASE("input loop: a read is busy from 120 records or 64 KiB on", "[runtime]") {
    auto records = [](size_t count, size_t bytes) {
        std::string line(bytes - 1, 'x');
        line += '\n';
        std::string out;
        for (size_t i = 0; i < count; ++i) out += line;
        return out;
    };
    CHECK_FALSE(input_is_busy(""));
    CHECK_FALSE(input_is_busy(records(119, 300)));
    CHECK(input_is_busy(records(120, 300)));
    CHECK(input_is_busy(records(120, 300) + "type=SYSCALL msg=audit(1.0:1): par"));  // a cut record counts no more
    CHECK_FALSE(input_is_busy(records(119, 300) + "type=SYSCALL msg=audit(1.0:1): par"));
    // Long records: the socket fills on bytes first (93 writes of 1,000 bytes).
    CHECK_FALSE(input_is_busy(records(65, 1000)));
    CHECK(input_is_busy(records(66, 1000)));  // 66,000 bytes: over 64 KiB
    CHECK(input_is_busy(std::string(64 * 1024, 'x')));  // one line longer than that, unfinished
}
