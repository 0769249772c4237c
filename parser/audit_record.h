// The raw shape of audit data after tokenising: records made of name=value fields, grouped into
// events by (node, sec, ms, serial). Produced by an EventSource, consumed by the decoders. Values
// are kept exactly as the kernel wrote them (quotes kept, hex left encoded) so that decoding rules
// live in one place (field_value.h) and are tested without libauparse. Fields are views into the
// event's own text (the lines as read), so splitting a record allocates nothing per field; only
// what a message keeps is copied, by the decoders.
#pragma once

#include <cstdint>
#include <forward_list>
#include <string>
#include <string_view>
#include <vector>

namespace audisp_ima {

// Identity of one audit event. Two records belong together when all four parts are equal.
struct EventKey {
    std::string node;       // "node=NAME" prefix, empty when absent
    uint64_t sec = 0;       // seconds since the epoch
    uint32_t msec = 0;      // milliseconds part
    uint64_t serial = 0;    // kernel serial number

    friend bool operator==(const EventKey&, const EventKey&) = default;
};

// The event's audit time in milliseconds since the epoch.
inline int64_t audit_time_ms(const EventKey& key) { return static_cast<int64_t>(key.sec) * 1000 + key.msec % 1000; }

// Views into an AuditEvent's text (or into static storage): valid while the event lives.
struct AuditField {
    std::string_view name;
    std::string_view value;  // raw: `"quoted"`, bare hex, or a bare token such as `(none)`
};

struct AuditRecord {
    int type = 0;                 // numeric record type, e.g. 1805 for INTEGRITY_RULE
    std::string_view type_name;   // e.g. "INTEGRITY_RULE" (libaudit's static name, or the event's text)
    std::vector<AuditField> fields;
    // auditd's ENRICHED text (log_format = ENRICHED): what follows the line's first 0x1D, as
    // written ("ARCH=x86_64 SYSCALL=execve AUID=\"user\" UID=\"root\" ..."); empty without one.
    std::string_view enrichment;

    // Raw value of the first field called `name`, or nullptr.
    const std::string_view* find(std::string_view name) const {
        for (const auto& f : fields)
            if (f.name == name) return &f.value;
        return nullptr;
    }
};

// The bytes an event's fields point into. Each piece lives on the heap by itself, so moving the
// event (or adding a piece) never moves bytes a view points at; copying is refused for the same
// reason (the copy's views would point into the original).
class EventText {
public:
    EventText() = default;
    EventText(EventText&&) noexcept = default;
    EventText& operator=(EventText&&) noexcept = default;
    EventText(const EventText&) = delete;
    EventText& operator=(const EventText&) = delete;

    std::string_view keep(std::string text) {
        pieces_.push_front(std::move(text));
        return pieces_.front();
    }

private:
    // A list, whose nodes never move, so a short string's bytes (held inside it) stay where its
    // views point: one allocation a piece (a vector of unique_ptr took two and a regrowth).
    std::forward_list<std::string> pieces_;
};

struct AuditEvent {
    EventKey key;
    std::vector<AuditRecord> records;  // in arrival order
    EventText text;                    // what the records' fields view
};

}  // namespace audisp_ima
