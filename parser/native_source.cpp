// EventSource without libauparse: lines are checked as the libauparse source checks them, split
// into fields by libauparse's rules (record_fields.h), and joined into events by the rules of its
// feed mode (auparse/auparse.c), so that both give the same events. Unlike libauparse it finds an
// event's records by hash (not by scanning every open event), emits an event the moment it is
// complete (not after every older one), ages by the wall clock too, and bounds what it holds.
#include <libaudit.h>

#include <algorithm>
#include <list>
#include <set>
#include <unordered_map>

#include "parser/event_source.h"
#include "parser/line_buffer.h"
#include "parser/open_events.h"
#include "parser/record_fields.h"
#include "parser/record_header.h"

namespace audisp_ima {
namespace {

// Far more than auditd's stream holds open (events arrive whole but for standalone measurements,
// which wait join_timeout); past it the oldest is completed, so a flood costs bounded memory.
constexpr size_t kMaxOpenEvents = 4096;
constexpr size_t kExecutionBytes = 2048;
// Field arrays kept for reuse: enough for an execution's records; no bigger than a SYSCALL
// record's (~30 fields) needs with room, so a hostile record's array is not held on to.
constexpr size_t kSpareFieldArrays = 16;
constexpr size_t kSpareFieldCapacity = 64;

class NativeEventSource final : public EventSource {
public:
    NativeEventSource(EventHandler on_event, MalformedHandler on_malformed, SourceOptions options)
        : on_event_(std::move(on_event)),
          on_malformed_(std::move(on_malformed)),
          lines_(options.max_line),
          join_timeout_(options.join_timeout),
          stream_timeout_(static_cast<uint64_t>(options.join_timeout.count())) {}

    void feed(std::string_view bytes) override {
        now_ = Clock::now();
        lines_.feed(bytes, [this](std::string_view line, bool too_long) { accept(line, too_long); });
    }

    // An event open for join_timeout of wall time leaves, whatever its stamp says: stream time
    // cannot end it while the input is quiet, or when it is stamped ahead of every other record.
    void age() override {
        now_ = Clock::now();
        while (!arrivals_.empty() && now_ - open_.find(*arrivals_.front())->second.opened >= join_timeout_)
            complete(open_.find(*arrivals_.front()), false);
    }

    void flush() override {
        lines_.finish([this](std::string_view line, bool too_long) { accept(line, too_long); });
        while (!arrivals_.empty()) complete(open_.find(*arrivals_.front()), false);
    }

    bool has_pending() override { return !open_.empty(); }
    const SourceCounters& counters() const override { return counters_; }

private:
    using Clock = OpenEvents::Clock;
    struct Expiry {  // when stream time ends an event: its second, then arrival order
        uint64_t sec;
        uint64_t sequence;
        const EventKey* key;
        bool operator<(const Expiry& other) const {
            return sec != other.sec ? sec < other.sec : sequence < other.sequence;
        }
    };
    // An open event keeps its lines as they came and is split into fields when it completes: a
    // held standalone measurement costs its ~400 bytes of text, not the ~2 KB of its fields.
    struct Open {
        std::string lines;  // each record's line with its '\n'
        size_t records = 0;
        Clock::time_point opened;
        std::list<const EventKey*>::iterator arrival;
        std::set<Expiry>::iterator expiry;
    };
    // Keys live in the map; the two orders point at them (unordered_map never moves its nodes).
    using OpenMap = std::unordered_map<EventKey, Open, EventKeyHash>;

    void accept(std::string_view line, bool too_long) {
        if (too_long) return reject("line longer than the limit", line);
        if (line.empty()) {
            ++counters_.blank;
            return;
        }
        RecordHeader header;
        if (auto error = parse_record_header(line, header)) return reject(error->reason, line);
        // libauparse cuts a record at its first 0x1D; auditd never writes one in a name, and a
        // header cut there is no record (same reason as the libauparse source, same count).
        if (header_has_enrichment_separator(header)) return reject(kEnrichmentInHeader, line);
        ++counters_.records;
        int type = record_type_number(header.type_name);
        if (type == AUDIT_EOE) return end_of_event(header.key);
        auto it = open_.find(header.key);
        if (it == open_.end()) {
            it = open_event(std::move(header.key));
            // An execution's 5 to 9 records (about 1.5 KB) in one allocation instead of one per
            // doubling; an event begun by another record (most often a lone INTEGRITY_RULE, of
            // which thousands may be open) takes what its lines need.
            if (type == AUDIT_SYSCALL) it->second.lines.reserve(kExecutionBytes);
        }
        std::string& lines = it->second.lines;
        // Room for the line and its '\n' together: appended apart, the '\n' would double an exact
        // first allocation, and a lone INTEGRITY_RULE (thousands may be open) would hold twice
        // its size while it waits.
        size_t need = lines.size() + line.size() + 1;
        if (need > lines.capacity()) lines.reserve(std::max(need, 2 * lines.capacity()));
        lines.append(line).push_back('\n');
        ++it->second.records;
        uint64_t sec = it->first.sec;
        if (ends_event(type)) complete(it, false);
        expire_before(sec);
    }

    // EOE ends its event and is no record of it; a lone EOE (its event already ended, typically
    // at PROCTITLE) is dropped, as libauparse drops it. Either way it counts as delivered.
    void end_of_event(const EventKey& key) {
        ++counters_.delivered;
        auto it = open_.find(key);
        if (it == open_.end()) return;  // libauparse does not age by a lone EOE's stamp either
        uint64_t sec = key.sec;
        complete(it, false);
        expire_before(sec);
    }

    OpenMap::iterator open_event(EventKey&& key) {
        // The bound, and an event open twice the join timeout of wall time although records keep
        // coming (stream time normally ends it at one; not if it is stamped ahead of the stream).
        while (!arrivals_.empty()) {
            auto oldest = open_.find(*arrivals_.front());
            if (open_.size() < kMaxOpenEvents && now_ - oldest->second.opened < 2 * join_timeout_) break;
            complete(oldest, true);
        }
        auto [it, added] = open_.try_emplace(std::move(key));
        Open& open = it->second;
        open.opened = now_;
        open.arrival = arrivals_.insert(arrivals_.end(), &it->first);
        // Stamps rarely go back and the sequence only grows: the new event nearly always goes last,
        // and with that hint costs no walk down the tree (each step of which is a cache miss when
        // a quiet input lets the tree go cold between reads).
        open.expiry = expiries_.insert(expiries_.end(), Expiry{it->first.sec, next_sequence_++, &it->first});
        return it;
    }

    // libauparse's eoe_timeout: a record stamped `sec` completes every event stamped
    // join_timeout or more before it. Stamps come from the stream (the record's own, not the
    // newest seen), so a saved log groups the same however fast it is read.
    void expire_before(uint64_t sec) {
        while (!expiries_.empty() && expiries_.begin()->sec + stream_timeout_ <= sec)
            complete(open_.find(*expiries_.begin()->key), false);
    }

    void complete(OpenMap::iterator it, bool forced) {
        arrivals_.erase(it->second.arrival);
        expiries_.erase(it->second.expiry);
        // One event object serves every event: its records keep their field arrays, so a record
        // costs no allocation here (a handler that moves the event out only loses that reuse).
        AuditEvent& event = ready_;
        event.key = it->first;
        event.text = EventText();
        size_records(event.records, it->second.records);
        // The lines become the event's text; the fields are views into them.
        std::string_view lines = event.text.keep(std::move(it->second.lines));
        for (AuditRecord& record : event.records) {
            size_t end = lines.find('\n');
            split_record_fields(lines.substr(0, end), record, event.text);
            lines.remove_prefix(end + 1);
        }
        open_.erase(it);
        counters_.delivered += event.records.size();
        if (forced) ++counters_.forced_completions;
        on_event_(std::move(event));
    }

    // `records` holds `count` records, their field arrays taken from the records dropped earlier
    // (the few, of bounded size, that are worth keeping): events have 1 to 9 records, mostly.
    // Only arrays of up to kSpareFieldCapacity fields are kept, here or in the spares.
    void size_records(std::vector<AuditRecord>& records, size_t count) {
        while (records.size() > count) {
            std::vector<AuditField>& fields = records.back().fields;
            if (spare_fields_.size() < kSpareFieldArrays && fields.capacity() <= kSpareFieldCapacity)
                spare_fields_.push_back(std::move(fields));
            records.pop_back();
        }
        for (AuditRecord& kept : records)  // a hostile record's big array is not held on to
            if (kept.fields.capacity() > kSpareFieldCapacity) std::vector<AuditField>().swap(kept.fields);
        while (records.size() < count) {
            records.emplace_back();
            if (spare_fields_.empty()) continue;
            records.back().fields = std::move(spare_fields_.back());
            spare_fields_.pop_back();
        }
    }

    void reject(std::string_view reason, std::string_view line) {
        ++counters_.malformed;
        if (on_malformed_) on_malformed_(MalformedLine{reason, line});
    }

    EventHandler on_event_;
    MalformedHandler on_malformed_;
    LineBuffer lines_;
    SourceCounters counters_;
    std::chrono::seconds join_timeout_;
    uint64_t stream_timeout_;
    OpenMap open_;
    std::list<const EventKey*> arrivals_;  // open events, oldest first (wall time, the bound)
    std::set<Expiry> expiries_;            // open events by stamp (stream time)
    uint64_t next_sequence_ = 0;
    Clock::time_point now_{};
    AuditEvent ready_;                                   // the event being handed out
    std::vector<std::vector<AuditField>> spare_fields_;  // from records of earlier, longer events
};

}  // namespace

std::unique_ptr<EventSource> make_native_source(EventSource::EventHandler on_event,
                                                EventSource::MalformedHandler on_malformed,
                                                SourceOptions options) {
    return std::make_unique<NativeEventSource>(std::move(on_event), std::move(on_malformed), options);
}

}  // namespace audisp_ima
