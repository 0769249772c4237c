// The stage layer as the pipeline runs it: every stage sees every event the assembler builds,
// wanted or not, in the order assembled, after the hash stage; its counters join the statistics;
// the reader's timer reaches it. Over the bundled sample, whose events examples/README.md lists:
// executions 171 (/opt/sudo, measured), 185 (/opt/sudo again, same dev+inode: cached), 202 (nc,
// measured) and 230 (/tmp/payload, failed, no hash), the standalone measurement 12 and the
// integrity record 240 (the openat 241 is ignored by the assembler: no event).
#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "parser/overloaded.h"
#include "plugin/pipeline.h"
#include "tests/support/sample_log.h"

using namespace audisp_ima;
using audisp_ima::test::sample_log;

namespace {

// Writes "NAME:KIND:SERIAL[:hash source]" for each event it sees into a shared log.
class ProbeStage final : public Stage {
public:
    ProbeStage(std::string name, std::vector<std::string>& log) : name_(std::move(name)), log_(log) {}

    void process(Event& event) override {
        ++seen_;
        log_.push_back(std::visit(
            Overloaded{
                [&](const ExecEvent& exec) {
                    return name_ + ":exec:" + std::to_string(exec.key.serial) + ":" +
                           std::string(to_string(exec.hash_source));
                },
                [&](const FileMeasurementEvent& measured) {
                    return name_ + ":measurement:" + std::to_string(measured.key.serial);
                },
                [&](const IntegrityEvent& integrity) {
                    return name_ + ":integrity:" + std::to_string(integrity.key.serial);
                },
                [&](const ProcessEndEvent& end) { return name_ + ":end:" + std::to_string(end.key.serial); },
                [&](const ForkEvent& fork) { return name_ + ":fork:" + std::to_string(fork.key.serial); },
            },
            event));
    }
    void tick() override { ++ticks_; }
    void append_counters(std::vector<Counter>& out) const override {
        out.push_back({name_ + "_seen", seen_});
        out.push_back({name_ + "_ticks", ticks_});
    }

private:
    std::string name_;
    std::vector<std::string>& log_;
    uint64_t seen_ = 0;
    uint64_t ticks_ = 0;
};

}  // namespace

TEST_CASE("stages: each sees every event in order, after the hash stage, even those not emitted", "[pipeline][stages]") {
    std::vector<std::string> log, sent;
    PipelineOptions options;
    options.emit.standalone_measurements = false;
    options.emit.integrity = false;
    Pipeline pipeline(make_formatter("json", {}), [&](std::string&& m) { sent.push_back(m); },
                      [](const std::string&) {}, options);
    pipeline.add_stage(std::make_unique<ProbeStage>("first", log));
    pipeline.add_stage(std::make_unique<ProbeStage>("second", log));
    pipeline.feed(sample_log());
    pipeline.flush();

    // Both probes per event, the hash already decided when they run, in the order events
    // complete: each execution at its EOE; the lone measurement 12 (stamped 1795714790.118) when
    // record 240's stamp (…830.500) is join_timeout past it; 240 itself, a type that does not end
    // an event (libauparse's rule), at the flush.
    const std::vector<std::string> expected = {
        "first:exec:171:measured",     "second:exec:171:measured",
        "first:exec:185:cached",       "second:exec:185:cached",
        "first:exec:202:measured",     "second:exec:202:measured",
        "first:exec:230:none",         "second:exec:230:none",
        "first:measurement:12",        "second:measurement:12",
        "first:integrity:240",         "second:integrity:240",
    };
    CHECK(log == expected);
    CHECK(sent.size() == 4);  // the executions only: the other two kinds are not wanted

    std::vector<Counter> counters;
    pipeline.append_counters(counters);
    REQUIRE(counters.size() >= 4);
    // The pipeline's own counters first, then each stage's in stage order: hash, first, second.
    CHECK(counters[0].first == "records");
    auto at = [&](const std::string& name) {
        for (size_t i = 0; i < counters.size(); ++i)
            if (counters[i].first == name) return i;
        FAIL("no counter " << name);
        return size_t{0};
    };
    CHECK(at("node_names_lost") < at("hash_measured"));
    CHECK(at("hash_verify_mismatch") < at("first_seen"));
    CHECK(at("first_ticks") < at("second_seen"));
    CHECK(counters[at("first_seen")].second == 6);
    CHECK(counters[at("second_seen")].second == 6);
    CHECK(counters[at("hash_measured")].second == 2);
    CHECK(counters[at("hash_cached")].second == 1);
}

TEST_CASE("stages: the reader's timer reaches every stage", "[pipeline][stages]") {
    std::vector<std::string> log;
    Pipeline pipeline(make_formatter("json", {}), [](std::string&&) {}, [](const std::string&) {});
    pipeline.add_stage(std::make_unique<ProbeStage>("probe", log));
    pipeline.age();
    pipeline.age();
    std::vector<Counter> counters;
    pipeline.append_counters(counters);
    REQUIRE(counters.back().first == "probe_ticks");
    CHECK(counters.back().second == 2);
    CHECK(log.empty());
}
