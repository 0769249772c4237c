// libFuzzer target: the native source against libauparse on any bytes. The same stream, cut into
// the same random reads, goes to both; the comparison is the golden differential suite's own
// (tests/support/source_diff.h, so the two cannot drift): events as a sorted multiset (key, record
// types and names, fields by name and raw value, the ENRICHED text after 0x1D) and the counters,
// but for the divergences listed there, each checked to be exactly that. Any other difference is a
// broken promise.
//
// Inputs where the libauparse source refused a line for one of its blind spots
// (parser/auparse_limits.cpp: a header past libauparse's window, a CWD with two cwd=, an AVC
// permission list past 255 bytes, a stamp at second 0) are not skipped: the native source takes such a line by design,
// so its counters must show exactly those lines as records, delivered; and its events on the
// stream without those lines (what libauparse was really fed) must be libauparse's. Skipping them
// would hide every other difference in an input the fuzzer made with one long header.
// Inputs where either source completed events early (forced_completions: libauparse's source
// bounds at 256 open events, the native one at 4096; either ends an event open twice the join
// timeout of wall time) have their events left uncompared, as the two bound differently by
// design; the counters are compared all the same, and this target never calls age().
//
// The first byte seeds the read sizes (1 to 256 bytes, as the stream target cuts them).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "tests/fuzz/fuzz_check.h"
#include "tests/support/source_diff.h"

using namespace audisp_ima;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 1) return 0;
    const uint8_t mode = data[0];
    std::string_view stream(reinterpret_cast<const char*>(data) + 1, size - 1);
    std::vector<size_t> sizes;
    uint32_t state = 0x9e3779b9u ^ mode;
    for (size_t at = 0; at < stream.size();) {
        state = state * 1664525u + 1013904223u;
        size_t take = std::min<size_t>(stream.size() - at, 1 + (state >> 24));
        sizes.push_back(take);
        at += take;
    }
    test::SourceComparison diff = test::compare_sources(stream, sizes);
    if (!diff.problems.empty()) {
        std::string detail;
        for (const auto& problem : diff.problems) detail += problem + "\n";
        fuzz::broken("both sources give the same events and counters, but for the listed divergences", detail);
    }
    // The books balance on the native side whatever was compared: every line is a record,
    // malformed or blank, and every record reached an event.
    const SourceCounters& n = diff.native;
    fuzz::require(n.records + n.malformed + n.blank == fuzz::line_count(stream), "every line is a record, malformed or blank");
    fuzz::require(n.delivered == n.records, "every record reaches an event (native)");
    return 0;
}
