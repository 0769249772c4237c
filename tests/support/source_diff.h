// The differential comparison of the two event sources, shared by tests/golden/test_differential.cpp
// and tests/fuzz/fuzz_differential.cpp so that what each accepts as "the same" cannot drift apart.
// Free of Catch and of abort(): it reports problems as text, and each caller fails its own way.
//
// The same bytes, cut into the same chunks, go to both sources; the events (key, record types and
// type names, fields by name and raw value, the ENRICHED text after 0x1D) are compared as a sorted
// multiset, and the counters one by one, but for these divergences, each checked to be exactly that
// and counted:
//  1. EOE: libauparse keeps an EOE as the event's last record when the event was still open at it
//     (no PROCTITLE before it); the native source never makes EOE a record (it only ends the
//     event, and the decoders ignore it). Checked: in libauparse's events an EOE is only ever the
//     last record; it is taken off before comparing.
//  2. Fields named "type" or "node" after the header: the libauparse source drops every field so
//     named (it cannot tell the prefix tokens from data by name); the native source drops only the
//     prefixes. Checked: only such fields are taken off the native events.
//  3. Lines libauparse cannot take (parser/auparse_limits.h: a header past its window, a CWD with
//     two cwd=, an AVC permission list past 255 bytes, a stamp at second 0) are refused by the libauparse source and
//     taken by the native one. Checked: every line the native source refuses, the libauparse
//     source refuses for the same reason; each line only the libauparse source refused carries a
//     blind-spot reason (not the 0x1D one, which both refuse); the native source counts exactly
//     those as records and delivers them. Its events are then compared with the native source's
//     on the same stream without those lines: the libauparse source never fed them, so that is
//     the stream libauparse saw, and the native source must group it the same. (Stronger than
//     skipping the comparison: the rest of such an input is still held to libauparse's events.)
// Not compared (the counters still are): the events of a run in which either source completed
// events early (forced_completions: libauparse's source bounds at 256 open events, the native at
// 4096; both also end an event open twice the join timeout of wall time). The two bound by design
// differently, and an event cut at that moment comes out in two.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "parser/event_source.h"

namespace audisp_ima::test {

struct RefusedLine {
    std::string reason;
    std::string line;
};

struct SourceRun {
    std::vector<AuditEvent> events;
    SourceCounters counters;
    std::vector<RefusedLine> refused;  // every malformed line, in order
};

// Feeds `text` in chunks of `sizes` (their sum at least text.size(); the last is clipped), then
// flushes.
SourceRun run_source(bool native, std::string_view text, const std::vector<size_t>& sizes);

struct Divergences {
    size_t eoe_records = 0;       // 1: EOE records libauparse handed out as the event's last
    size_t type_node_fields = 0;  // 2: body fields named type/node that libauparse's source drops
    size_t limit_refusals = 0;    // 3: lines only the libauparse source refused (its blind spots)
};

struct SourceComparison {
    SourceCounters auparse, native;  // the counters of the runs on `text` itself
    Divergences seen;
    bool events_compared = false;    // false when either source completed events early
    std::vector<std::string> problems;  // empty when the two agree but for the divergences
};

SourceComparison compare_sources(std::string_view text, const std::vector<size_t>& sizes);

// One event as text, records and fields in order: what the multiset comparison sorts.
std::string canonical(const AuditEvent& event);

}  // namespace audisp_ima::test
