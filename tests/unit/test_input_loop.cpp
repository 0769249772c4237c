#include <catch2/catch.hpp>
#include <unistd.h>

#include <string>
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
    LoopEnd end = run_input_loop(fds[0], pipeline, requests, [&](ReaderRequest& request) {
        if (request.reload) served.push_back("reload:" + request.reload->format);
        for (const auto& trigger : request.statistics) served.push_back("statistics:" + trigger);
    });
    CHECK(end == LoopEnd::stop_requested);
    CHECK(served == std::vector<std::string>{"reload:cef", "statistics:signal"});
    ::close(fds[0]);
    ::close(fds[1]);
}
