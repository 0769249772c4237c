// The reader thread's work, the whole pipeline in one place:
//   bytes -> EventSource (parser/) -> EventAssembler (parser/) -> stages (enrich/, in the order
//   plugin/stages.cpp assembles them) -> emit filter -> Formatter (formatters/) -> message out
//   (the queue to the writer thread, plugin/runtime.cpp). Keeps the counters that account for
//   every record.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "formatters/formatter.h"
#include "formatters/statistics_report.h"
#include "enrich/hash_resolver.h"
#include "enrich/stage.h"
#include "parser/event_assembler.h"
#include "parser/event_source.h"
#include "plugin/settings.h"
#include "plugin/stages.h"

namespace audisp_ima {

struct PipelineOptions {
    SourceOptions source;
    ParserKind parser = ParserKind::native;
    EnrichOptions enrich;
    EmitKinds emit;
    size_t max_message_size = 0;  // 0 = no limit (stdout); else messages are shrunk to fit
    // How many malformed lines are described in diagnostics before only counting them.
    uint64_t malformed_reports = 10;
    // The same for messages not sent (unfit, format errors), each kind on its own.
    uint64_t message_reports = 10;
};

class Pipeline {
public:
    using Output = std::function<void(std::string&&)>;
    using Diagnostic = std::function<void(const std::string&)>;

    Pipeline(std::unique_ptr<Formatter> formatter, Output output, Diagnostic diagnostic, PipelineOptions options = {});

    void feed(std::string_view bytes) { source_->feed(bytes); }
    void age();
    void flush() { source_->flush(); }
    bool has_pending() { return source_->has_pending(); }

    // Reload: takes effect from the next event on. (Join timeout and cache size stay as started.)
    void reconfigure(std::unique_ptr<Formatter> formatter, EmitKinds emit, size_t max_message_size);
    const Formatter& formatter() const { return *formatter_; }
    // The hash stage, whose cache the runtime saves and restores across restarts.
    HashResolver& hashes() { return *hashes_; }
    // The process stage, whose table the runtime restores, seeds and saves; nullptr when off.
    ProcessStage* processes() { return processes_; }
    // Appends a stage after those the settings gave (a test's probe; later, the rule stages).
    void add_stage(std::unique_ptr<Stage> stage) { stages_.push_back(std::move(stage)); }

    uint64_t records_read() const { return source_->counters().records; }
    // Every counter, in a fixed order, for the statistics message and the exit summary.
    void append_counters(std::vector<Counter>& out) const;

private:
    void on_event(AuditEvent&& event);
    void on_malformed(const MalformedLine& line);
    bool wanted(const Event& event) const;
    // The count-th message not sent of its kind: described up to message_reports, then only counted.
    void report(uint64_t count, std::string_view what, const std::string& message);

    std::unique_ptr<Formatter> formatter_;
    Output output_;
    Diagnostic diagnostic_;
    PipelineOptions options_;
    EventAssembler assembler_;
    Stages stages_;
    HashResolver* hashes_ = nullptr;  // one of stages_
    ProcessStage* processes_ = nullptr;  // one of stages_, or nullptr
    std::unique_ptr<EventSource> source_;
    std::vector<Event> scratch_;
    uint64_t emitted_ = 0;   // messages handed to the output
    uint64_t filtered_ = 0;  // events not wanted by the emit setting
    uint64_t shrunk_ = 0;    // messages cut to fit max_message_size
    uint64_t unfit_ = 0;     // events not sent: even their identity is over max_message_size
    uint64_t format_errors_ = 0;  // events not sent: the formatter threw
};

}  // namespace audisp_ima
