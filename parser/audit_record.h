// The raw shape of audit data after tokenising: records made of name=value fields, grouped into
// events by (node, sec, ms, serial). Produced by an EventSource (libauparse today), consumed by the
// decoders. Values are kept exactly as the kernel wrote them (quotes kept, hex left encoded) so that
// decoding rules live in one place (field_value.h) and are tested without libauparse.
#pragma once

#include <cstdint>
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

struct AuditField {
    std::string name;
    std::string value;  // raw: `"quoted"`, bare hex, or a bare token such as `(none)`
};

struct AuditRecord {
    int type = 0;               // numeric record type, e.g. 1805 for INTEGRITY_RULE
    std::string type_name;      // e.g. "INTEGRITY_RULE"
    std::vector<AuditField> fields;

    // Raw value of the first field called `name`, or nullptr.
    const std::string* find(std::string_view name) const {
        for (const auto& f : fields)
            if (f.name == name) return &f.value;
        return nullptr;
    }
};

struct AuditEvent {
    EventKey key;
    std::vector<AuditRecord> records;  // in arrival order
};

}  // namespace audisp_ima
