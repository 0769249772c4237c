// Events the pipeline cannot send whole are counted and described, never sent broken and never
// lost silently: an unfit message (its identity alone over the limit) and a formatter that throws.
#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>
#include <vector>

#include "plugin/pipeline.h"
#include "tests/support/sample_log.h"

using namespace audisp_ima;
using audisp_ima::test::sample_log;

namespace {

uint64_t counter(const Pipeline& pipeline, const std::string& name) {
    std::vector<Counter> counters;
    pipeline.append_counters(counters);
    for (const auto& [key, value] : counters)
        if (key == name) return value;
    FAIL("no counter " << name);
    return 0;
}

class ThrowingFormatter : public Formatter {
public:
    using Formatter::format;
    std::string format(const Event&, const Shortening&) const override { throw std::logic_error("key written twice"); }
    std::string format_statistics(const StatisticsReport&) const override { return "{}"; }
};

}  // namespace

TEST_CASE("pipeline: a message whose identity is over the limit is counted unfit and described, not sent",
          "[pipeline]") {
    std::vector<std::string> sent, said;
    PipelineOptions options;
    options.max_message_size = 100;  // below any event's identity (the floor of 2048 is the setting's)
    options.message_reports = 2;
    Pipeline pipeline(make_formatter("json", {}), [&](std::string&& m) { sent.push_back(m); },
                      [&](const std::string& m) { said.push_back(m); }, options);
    pipeline.feed(sample_log());
    pipeline.flush();
    // The sample makes 6 event messages (tests/cli: emitted=6): none fits in 100 bytes.
    CHECK(sent.empty());
    CHECK(counter(pipeline, "unfit") == 6);
    CHECK(counter(pipeline, "emitted") == 0);
    CHECK(counter(pipeline, "shrunk") == 0);
    REQUIRE(said.size() == 2);  // message_reports: the rest only counted
    CHECK(said[0].find(" not sent: ") != std::string::npos);
    CHECK(said[0].find("the limit is 100") != std::string::npos);
    CHECK(said[0].find("audit(") != std::string::npos);
    CHECK(said[1].find("[further unfit messages are only counted]") != std::string::npos);
}

TEST_CASE("pipeline: a formatter that throws costs that message, counted, and the run goes on", "[pipeline]") {
    std::vector<std::string> sent, said;
    Pipeline pipeline(std::make_unique<ThrowingFormatter>(), [&](std::string&& m) { sent.push_back(m); },
                      [&](const std::string& m) { said.push_back(m); });
    REQUIRE_NOTHROW(pipeline.feed(sample_log()));
    pipeline.flush();
    CHECK(sent.empty());
    CHECK(counter(pipeline, "format_errors") == 6);
    CHECK(counter(pipeline, "events") == 7);  // every event was still assembled
    REQUIRE_FALSE(said.empty());
    CHECK(said[0].find("key written twice") != std::string::npos);
}

// options.parser picks the source: a record whose header is past libauparse's 80-byte window (a
// 60-character type name) is refused as malformed by the libauparse source and read by the native one.
TEST_CASE("pipeline: options.parser picks the event source", "[pipeline]") {
    std::string line = "type=" + std::string(60, 'T') + " msg=audit(1795714810.720:171): pid=1\n";
    for (ParserKind parser : {ParserKind::auparse, ParserKind::native}) {
        PipelineOptions options;
        options.parser = parser;
        Pipeline pipeline(make_formatter("json", {}), [](std::string&&) {}, [](const std::string&) {}, options);
        pipeline.feed(line);
        pipeline.flush();
        INFO(static_cast<int>(parser));
        CHECK(counter(pipeline, "malformed") == (parser == ParserKind::auparse ? 1u : 0u));
        CHECK(counter(pipeline, "records") == (parser == ParserKind::native ? 1u : 0u));
    }
}
