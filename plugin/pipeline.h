// Wires one stage to the next: bytes -> EventSource -> EventAssembler -> Formatter -> Sink, and
// keeps the counters that let every record be accounted for at exit.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "formatters/formatter.h"
#include "parser/event_assembler.h"
#include "parser/event_source.h"
#include "plugin/sink.h"

namespace audisp_ima {

struct PipelineOptions {
    SourceOptions source;
    size_t hash_cache_size = 16384;
    // How many malformed lines are described in diagnostics before only counting them.
    uint64_t malformed_reports = 10;
};

class Pipeline {
public:
    using Diagnostic = std::function<void(const std::string&)>;

    Pipeline(std::unique_ptr<Formatter> formatter, std::unique_ptr<Sink> sink, Diagnostic diagnostic,
             PipelineOptions options = {});

    void feed(std::string_view bytes) { source_->feed(bytes); }
    void age() { source_->age(); }
    void flush();
    bool has_pending() { return source_->has_pending(); }
    void flush_sink() { sink_->flush(); }

    const SourceCounters& source_counters() const { return source_->counters(); }
    const AssemblerCounters& assembler_counters() const { return assembler_.counters(); }
    uint64_t emitted() const { return emitted_; }
    // One line, key=value, for stderr at exit.
    std::string summary() const;

private:
    void on_event(AuditEvent&& event);
    void on_malformed(const MalformedLine& line);

    std::unique_ptr<Formatter> formatter_;
    std::unique_ptr<Sink> sink_;
    Diagnostic diagnostic_;
    PipelineOptions options_;
    EventAssembler assembler_;
    std::unique_ptr<EventSource> source_;
    std::vector<Event> scratch_;
    uint64_t emitted_ = 0;
};

}  // namespace audisp_ima
