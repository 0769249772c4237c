#include "tests/support/source_diff.h"

#include <algorithm>
#include <map>
#include <utility>

#include "parser/auparse_limits.h"
#include "parser/record_fields.h"

namespace audisp_ima::test {
namespace {

using Problems = std::vector<std::string>;

// Takes divergence 1 off libauparse's events; an EOE anywhere but last is a problem.
void strip_eoe(std::vector<AuditEvent>& events, Divergences& seen, Problems& problems) {
    for (auto& e : events) {
        for (size_t i = 0; i + 1 < e.records.size(); ++i)
            if (e.records[i].type_name == "EOE") problems.push_back("libauparse: EOE before the event's end\n" + canonical(e));
        if (!e.records.empty() && e.records.back().type_name == "EOE") {
            e.records.pop_back();
            ++seen.eoe_records;
        }
    }
}

// Takes divergence 2 off the native events.
void strip_type_node_fields(std::vector<AuditEvent>& events, Divergences& seen) {
    for (auto& e : events)
        for (auto& r : e.records)
            std::erase_if(r.fields, [&](const AuditField& f) {
                bool named = f.name == "type" || f.name == "node";
                seen.type_node_fields += named;
                return named;
            });
}

std::vector<std::string> sorted(const std::vector<AuditEvent>& events) {
    std::vector<std::string> out;
    out.reserve(events.size());
    for (const auto& e : events) out.push_back(canonical(e));
    std::sort(out.begin(), out.end());
    return out;
}

void compare_events(SourceRun& auparse, SourceRun& native, Divergences& seen, Problems& problems) {
    strip_eoe(auparse.events, seen, problems);
    strip_type_node_fields(native.events, seen);
    auto want = sorted(auparse.events);
    auto got = sorted(native.events);
    if (got.size() != want.size())
        problems.push_back("event count: native " + std::to_string(got.size()) + ", libauparse " +
                           std::to_string(want.size()));
    auto [g, w] = std::mismatch(got.begin(), got.end(), want.begin(), want.end());
    if (g != got.end() || w != want.end())
        problems.push_back("first difference\n native:   " + (g != got.end() ? *g : std::string("(none)")) +
                           "\n auparse:  " + (w != want.end() ? *w : std::string("(none)")));
}

void expect_equal(uint64_t native, uint64_t auparse, const char* what, Problems& problems) {
    if (native != auparse)
        problems.push_back(std::string(what) + ": native " + std::to_string(native) + ", expected " + std::to_string(auparse));
}

using LineCounts = std::map<std::string, size_t>;

// Matches the native source's refusals against the libauparse source's; what is left over of the
// latter must be blind-spot refusals (divergence 3), returned by line.
LineCounts limit_refusals(const SourceRun& auparse, const SourceRun& native, Problems& problems) {
    std::map<std::pair<std::string, std::string>, size_t> refused;
    for (const auto& r : auparse.refused) ++refused[{r.reason, r.line}];
    for (const auto& r : native.refused) {
        auto it = refused.find({r.reason, r.line});
        if (it == refused.end() || it->second == 0) {
            problems.push_back("native refused a line libauparse's source did not (" + r.reason + "): " + r.line);
            continue;
        }
        --it->second;
    }
    LineCounts lines;
    for (const auto& [refusal, count] : refused) {
        if (count == 0) continue;
        const auto& [reason, line] = refusal;
        if (!is_auparse_blind_spot_reason(reason) || reason == kEnrichmentInHeader)
            problems.push_back("native took a line libauparse's source refused (" + reason + "): " + line);
        else
            lines[line] += count;
    }
    return lines;
}

// `text` without the lines in `drop` (each as often as counted): the stream libauparse was fed.
std::string without_lines(std::string_view text, LineCounts drop, Problems& problems) {
    std::string out;
    out.reserve(text.size());
    while (!text.empty()) {
        size_t nl = text.find('\n');
        size_t end = nl == std::string_view::npos ? text.size() : nl + 1;
        std::string line(text.substr(0, nl == std::string_view::npos ? text.size() : nl));
        auto it = drop.find(line);
        if (it != drop.end() && it->second > 0) --it->second;
        else out.append(text.substr(0, end));
        text.remove_prefix(end);
    }
    for (const auto& [line, count] : drop)
        if (count) problems.push_back("a refused line is not in the stream: " + line);
    return out;
}

}  // namespace

std::string canonical(const AuditEvent& e) {
    std::string out = e.key.node + '\x1f' + std::to_string(e.key.sec) + '.' + std::to_string(e.key.msec) + ':' +
                      std::to_string(e.key.serial);
    for (const auto& r : e.records) {
        out.append("\n  ").append(std::to_string(r.type)).append(" ").append(r.type_name);
        for (const auto& f : r.fields) out.append("\n    ").append(f.name).append("=").append(f.value);
        if (!r.enrichment.empty()) out.append("\n    \x1d").append(r.enrichment);
    }
    return out;
}

SourceRun run_source(bool native, std::string_view text, const std::vector<size_t>& sizes) {
    SourceRun result;
    auto on_event = [&](AuditEvent&& e) { result.events.push_back(std::move(e)); };
    auto on_malformed = [&](const MalformedLine& m) { result.refused.push_back({std::string(m.reason), std::string(m.line)}); };
    auto source = native ? make_native_source(on_event, on_malformed) : make_auparse_source(on_event, on_malformed);
    size_t at = 0;
    for (size_t size : sizes) {
        if (at >= text.size()) break;
        source->feed(text.substr(at, size));
        at += size;
    }
    if (at < text.size()) source->feed(text.substr(at));
    source->flush();
    result.counters = source->counters();
    return result;
}

SourceComparison compare_sources(std::string_view text, const std::vector<size_t>& sizes) {
    SourceComparison out;
    Problems& problems = out.problems;
    SourceRun auparse = run_source(false, text, sizes);
    SourceRun native = run_source(true, text, sizes);
    out.auparse = auparse.counters;
    out.native = native.counters;
    const SourceCounters &a = auparse.counters, &n = native.counters;

    expect_equal(a.malformed, auparse.refused.size(), "libauparse: malformed lines reported", problems);
    expect_equal(n.malformed, native.refused.size(), "malformed lines reported", problems);
    LineCounts limited = limit_refusals(auparse, native, problems);
    size_t limit = 0;
    for (const auto& [line, count] : limited) limit += count;
    out.seen.limit_refusals = limit;

    // The native source takes the blind-spot lines as records and delivers them; all else agrees.
    expect_equal(n.records, a.records + limit, "records", problems);
    expect_equal(n.malformed + limit, a.malformed, "malformed (+ libauparse-only refusals)", problems);
    expect_equal(n.blank, a.blank, "blank", problems);
    expect_equal(n.delivered, a.delivered + limit, "delivered", problems);
    expect_equal(n.delivered, n.records, "delivered = records (native books balance)", problems);
    expect_equal(n.node_names_lost, 0, "node names lost", problems);

    if (a.forced_completions || n.forced_completions) return out;
    if (limit == 0) {
        out.events_compared = true;
        compare_events(auparse, native, out.seen, problems);
        return out;
    }
    std::string fed = without_lines(text, limited, problems);
    SourceRun same = run_source(true, fed, sizes);
    expect_equal(same.counters.records, a.records, "records, without libauparse-only refusals", problems);
    expect_equal(same.counters.malformed + limit, a.malformed, "malformed, without libauparse-only refusals", problems);
    if (same.counters.forced_completions) return out;
    out.events_compared = true;
    compare_events(auparse, same, out.seen, problems);
    return out;
}

}  // namespace audisp_ima::test
