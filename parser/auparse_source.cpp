// EventSource over libauparse 3.0.9 feed mode. Lines are checked before they are fed because
// libauparse drops unparsable lines without telling anyone, and we must count them; what it holds
// open is bounded here because it is not bounded there.
#include <auparse.h>
#include <libaudit.h>

#include <cstdlib>
#include <stdexcept>
#include <string>

#include "parser/auparse_limits.h"
#include "parser/event_source.h"
#include "parser/line_buffer.h"
#include "parser/open_events.h"
#include "parser/record_fields.h"
#include "parser/record_header.h"
#include "parser/record_types.h"

namespace audisp_ima {
namespace {

// libauparse scans every open event for every record fed: past this many, all are completed. At a
// new event's first record, so in a stream whose events arrive whole nothing is cut in two.
constexpr size_t kMaxOpenEvents = 256;

class AuparseEventSource final : public EventSource {
public:
    AuparseEventSource(EventHandler on_event, MalformedHandler on_malformed, SourceOptions options)
        : on_event_(std::move(on_event)),
          on_malformed_(std::move(on_malformed)),
          lines_(options.max_line),
          join_timeout_(options.join_timeout) {
        au_ = auparse_init(AUSOURCE_FEED, nullptr);
        if (!au_) throw std::runtime_error("auparse_init(AUSOURCE_FEED) failed");
        // The timeout is process-global in libauparse 3.0.9; there is only one source per process.
        auparse_set_eoe_timeout(static_cast<time_t>(options.join_timeout.count()));
        auparse_set_escape_mode(au_, AUPARSE_ESC_RAW);
        auparse_add_callback(au_, &AuparseEventSource::on_ready, this, nullptr);
    }
    ~AuparseEventSource() override { auparse_destroy(au_); }
    AuparseEventSource(const AuparseEventSource&) = delete;
    AuparseEventSource& operator=(const AuparseEventSource&) = delete;

    void feed(std::string_view bytes) override {
        now_ = OpenEvents::Clock::now();
        last_feed_ = now_;
        lines_.feed(bytes, [this](std::string_view line, bool too_long) { accept(line, too_long); });
        push_batch();
    }

    // libauparse ages by the local clock, which never reaches events stamped ahead of it (a remote
    // node whose clock runs fast): with no record for join_timeout, none is coming for them.
    void age() override {
        auparse_feed_age_events(au_);
        if (open_.size() > 0 && OpenEvents::Clock::now() - last_feed_ >= join_timeout_) complete_all(false);
    }

    void flush() override {
        lines_.finish([this](std::string_view line, bool too_long) { accept(line, too_long); });
        push_batch();
        auparse_flush_feed(au_);
        open_.clear();
    }

    bool has_pending() override { return auparse_feed_has_data(au_) != 0; }
    const SourceCounters& counters() const override { return counters_; }

private:
    // `forced`: to bound what is held, counted in events as the native source counts them; not
    // when the input went quiet (then nothing more is coming for them).
    void complete_all(bool forced) {
        if (forced) counters_.forced_completions += open_.size();
        push_batch();
        auparse_flush_feed(au_);
        open_.clear();
    }

    // Before `key`'s first record is fed: past the bound, or with an event open for twice the join
    // timeout of wall time although records keep coming (stream aging normally ends it at one).
    void bound_open_events() {
        if (open_.size() < kMaxOpenEvents) {
            auto oldest = open_.oldest();
            if (!oldest || now_ - *oldest < 2 * join_timeout_) return;
        }
        complete_all(true);
    }

    void accept(std::string_view line, bool too_long) {
        if (too_long) return reject("line longer than the limit", line);
        if (line.empty()) {
            ++counters_.blank;
            return;
        }
        RecordHeader header;
        if (auto error = parse_record_header(line, header)) return reject(error->reason, line);
        // Before the alias (which would hide a 0x1D in a long node name) and before the header
        // window (a long type name holding one is refused for the byte, as the native source says).
        if (header_has_enrichment_separator(header)) return reject(kEnrichmentInHeader, line);
        std::string aliased;
        std::string_view fed = line;
        if (NodeAliases::needs_alias(header.key.node)) {
            const std::string& alias = aliases_.alias_for(header.key.node);
            aliased.append("node=").append(alias).append(line.substr(5 + header.key.node.size()));
            fed = aliased;
            header.key.node = alias;
        }
        if (auto blind = auparse_blind_spot(fed, header)) return reject(*blind, line);
        ++counters_.records;
        // libauparse hands EOE out only when the line has text after "):", so count it here; an
        // EOE never opens an event (a lone one is eaten). By libauparse's reading of the name: an
        // "eoe" it eats would otherwise be neither delivered nor ever closed in open_.
        if (auparse_reads_eoe(header.type_name)) {
            ++counters_.delivered;
        } else {
            if (!open_.contains(header.key)) {  // a new event's first record: one lookup for the rest
                bound_open_events();
                open_.fed(header.key, now_);
            }
        }
        batch_.append(fed).push_back('\n');
    }

    void reject(std::string_view reason, std::string_view line) {
        ++counters_.malformed;
        if (on_malformed_) on_malformed_(MalformedLine{reason, line});
    }

    // One auparse_feed per read keeps its per-call overhead off the per-record path.
    void push_batch() {
        if (batch_.empty()) return;
        auparse_feed(au_, batch_.data(), batch_.size());
        batch_.clear();
    }

    static void on_ready(auparse_state_t* au, auparse_cb_event_t type, void* self) {
        if (type == AUPARSE_CB_EVENT_READY) static_cast<AuparseEventSource*>(self)->deliver(au);
    }

    void deliver(auparse_state_t* au) {
        AuditEvent event;
        if (const au_event_t* ts = auparse_get_timestamp(au)) {
            event.key.sec = static_cast<uint64_t>(ts->sec);
            event.key.msec = ts->milli;
            event.key.serial = ts->serial;
            if (ts->host) event.key.node = ts->host;
        }
        open_.closed(event.key);
        if (!aliases_.restore(event.key.node)) {
            event.key.node.clear();
            ++counters_.node_names_lost;
        }
        unsigned records = auparse_get_num_records(au);
        event.records.reserve(records);
        for (unsigned i = 0; i < records; ++i) {
            if (auparse_goto_record_num(au, i) != 1) break;
            AuditRecord record;
            record.type = auparse_get_type(au);
            // libauparse's strings last only until the next record: each record's names and
            // values are copied into one piece of the event's text, and the fields view that.
            if (const char* name = auparse_get_type_name(au)) {
                const char* canonical = audit_msg_type_to_name(record.type);  // static: no copy
                record.type_name = canonical && std::string_view(canonical) == name ? std::string_view(canonical)
                                                                                    : event.text.keep(name);
            }
            std::string bytes;
            std::vector<std::pair<size_t, size_t>> sizes;  // of each name and value in `bytes`, in order
            // A SYSCALL record has ~27 fields: sized once, the vectors are not regrown five times.
            sizes.reserve(auparse_get_num_fields(au));
            if (auparse_first_field(au) == 1) {
                do {
                    const char* name = auparse_get_field_name(au);
                    const char* value = auparse_get_field_str(au);
                    if (!name) continue;
                    std::string_view field_name(name);
                    // libauparse reports the line's own prefix tokens as fields; they are not data.
                    if (field_name == "type" || field_name == "node") continue;
                    std::string_view field_value = value ? value : "";
                    bytes.append(field_name).append(field_value);
                    sizes.emplace_back(field_name.size(), field_value.size());
                } while (auparse_next_field(au) == 1);
            }
            // libauparse cuts the line at its first 0x1D and keeps the rest apart: auditd's
            // ENRICHED text, in the same piece (a record without it costs nothing more).
            const char* interpretations = auparse_get_record_interpretations(au);
            std::string_view enrichment = interpretations ? interpretations : "";
            size_t fields_size = bytes.size();
            bytes.append(enrichment);
            std::string_view kept = event.text.keep(std::move(bytes));
            record.enrichment = kept.substr(fields_size);
            kept = kept.substr(0, fields_size);
            record.fields.reserve(sizes.size());
            for (auto [name_size, value_size] : sizes) {
                record.fields.push_back({kept.substr(0, name_size), kept.substr(name_size, value_size)});
                kept.remove_prefix(name_size + value_size);
            }
            event.records.push_back(std::move(record));
        }
        for (const auto& record : event.records)
            if (record.type_name != "EOE") ++counters_.delivered;  // EOE lines were counted on entry
        on_event_(std::move(event));
    }

    EventHandler on_event_;
    MalformedHandler on_malformed_;
    LineBuffer lines_;
    SourceCounters counters_;
    std::string batch_;
    NodeAliases aliases_;
    OpenEvents open_;
    std::chrono::seconds join_timeout_;
    OpenEvents::Clock::time_point now_{}, last_feed_{};
    auparse_state_t* au_ = nullptr;
};

}  // namespace

std::unique_ptr<EventSource> make_auparse_source(EventSource::EventHandler on_event,
                                                 EventSource::MalformedHandler on_malformed,
                                                 SourceOptions options) {
    return std::make_unique<AuparseEventSource>(std::move(on_event), std::move(on_malformed), options);
}

}  // namespace audisp_ima
