// The narrow seam between raw bytes and grouped audit events. libauparse sits behind it by default;
// the native source sits beside it (tests/golden/test_differential.cpp holds them to the same events).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>

#include "parser/audit_record.h"

namespace audisp_ima {

struct SourceCounters {
    uint64_t records = 0;    // well-formed record lines accepted
    uint64_t malformed = 0;  // lines that are not audit records (skipped)
    uint64_t blank = 0;      // empty lines (skipped, not an error)
    // Records handed out inside events, plus the EOE records that ended them. After flush() it
    // equals `records` unless the parser lost some; the difference is reported, not trusted away.
    uint64_t delivered = 0;
    // Events completed early to bound what is held (too many open, or one open too long by the
    // wall clock): libauparse's all at once, the native source's oldest first. An event whose
    // records straddle that moment comes out in two.
    uint64_t forced_completions = 0;
    // Events whose long node name was forgotten before they completed (reported as "").
    uint64_t node_names_lost = 0;
};

struct MalformedLine {
    std::string_view reason;
    std::string_view line;  // possibly truncated; valid only during the callback
};

class EventSource {
public:
    using EventHandler = std::function<void(AuditEvent&&)>;
    using MalformedHandler = std::function<void(const MalformedLine&)>;

    virtual ~EventSource() = default;
    // Any chunking of the stream is fine: records split across calls, many records per call.
    virtual void feed(std::string_view bytes) = 0;
    // Deliver events that waited longer than the join timeout (call when input goes quiet).
    virtual void age() = 0;
    // End of input: deliver everything still held, including a last line without '\n'.
    virtual void flush() = 0;
    // True while events are held back waiting for more records.
    virtual bool has_pending() = 0;
    virtual const SourceCounters& counters() const = 0;
};

struct SourceOptions {
    std::chrono::seconds join_timeout{2};  // how long an incomplete event waits for its records
    size_t max_line = 65536;              // auditd sends at most 8970 bytes plus prefix/enrichment
};

// libauparse in feed mode (AUSOURCE_FEED). All calls must come from one thread.
std::unique_ptr<EventSource> make_auparse_source(EventSource::EventHandler on_event,
                                                 EventSource::MalformedHandler on_malformed,
                                                 SourceOptions options = {});

// Without libauparse: the same checks, fields and grouping (parser/record_fields.h), found by hash
// and emitted as soon as complete; ages by stream time and by the wall clock. One thread.
std::unique_ptr<EventSource> make_native_source(EventSource::EventHandler on_event,
                                                EventSource::MalformedHandler on_malformed,
                                                SourceOptions options = {});

}  // namespace audisp_ima
