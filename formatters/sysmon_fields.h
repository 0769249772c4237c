// What each Sysmon-format event holds: its System header values and its EventData items, each an
// item name and the catalogue field (parser/field_catalogue.h) it carries, in the order written.
// Executions that succeeded are Sysmon for Linux's ProcessCreate (EventID 1) and process ends its
// ProcessTerminate (5), with Sysmon's provider, header values and item names and order, so that
// content written for Sysmon for Linux reads them unchanged; audisp-ima's own items (the hash's
// provenance, a script run through "#!") come after Sysmon's. What Sysmon has no event for (a
// failed execution, a standalone measurement, an integrity record, the statistics) is written in
// the same layout under audisp-ima's own provider, channel and event ids, which Sysmon content
// filtering on Linux-Sysmon's provider or EventID 1 and 5 never mistakes for its own.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "parser/field_catalogue.h"

namespace audisp_ima {

enum class SysmonValue : uint8_t {
    text,        // the field as text (cut unless whole); "-" when absent, as Sysmon writes
    constant,    // `constant`, whatever the event: a Sysmon item with no Linux meaning
    utc_time,    // the event's time: "YYYY-MM-DD HH:MM:SS.mmm", UTC
    guid,        // the process GUID of the entity id in `field` (formatters/sysmon_guid.h)
    logon_guid,  // the logon GUID of the uid in `field`
    joined,      // a list joined by spaces (argv), as Sysmon writes a command line
    hashes,      // "SHA256=<digest>": `field` the digest, `second` its algorithm; "-" when absent
    user,        // the name in `field`, else the number in `second`, else "-"
    session,     // `field` (ses=), else 4294967295: the kernel's "unset", which Sysmon writes as is
    outcome,     // success, failure or unknown
    pairs,       // name=value pairs joined by spaces (an integrity record's fields)
};

struct SysmonData {
    std::string_view name;
    SysmonValue value = SysmonValue::text;
    FieldId field = FieldId::event_time;
    FieldId second = FieldId::event_time;
    std::string_view constant = {};
    bool omit_absent = false;  // audisp-ima's additions: left out when the event lacks `field`
};

struct SysmonProvider {
    std::string_view name;
    std::string_view guid;
    std::string_view channel;
};
// Sysmon for Linux's own, as its outputxml.cpp and unit test write them.
inline constexpr SysmonProvider kSysmonProvider{"Linux-Sysmon", "{ff032593-a8d3-4f13-b0d6-01fc615a0f97}",
                                                "Linux-Sysmon/Operational"};
inline constexpr SysmonProvider kAudispImaProvider{"audisp-ima", "{fd48946e-7301-4329-927a-89be0a66ab9d}",
                                                   "audisp-ima/Operational"};

struct SysmonEventType {
    const SysmonProvider* provider;
    int id;
    int version;
    int task;
    std::string_view name;  // Sysmon's rule group name (ProcessCreate), or audisp-ima's
    std::span<const SysmonData> data;
};

// The type of an event of `kind` (EventKindBit); `succeeded` tells a ProcessCreate from a failed
// execution. Throws std::invalid_argument for anything but one kind.
const SysmonEventType& sysmon_event_type(uint8_t kind, bool succeeded);
// audisp-ima's statistics message: its counters are the items.
const SysmonEventType& sysmon_statistics_type();

}  // namespace audisp_ima
