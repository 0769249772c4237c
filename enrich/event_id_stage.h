// The event id stage: gives every message an id (ECS event.id, CEF externalId) that is unique
// across hosts, boots and restarts, and the same each time the same record is read, so that a
// SIEM can drop a message delivered twice (a saved log converted again, a replayed spool).
//   <origin>-<seconds><milliseconds>-<serial>[-<n>]
// origin: the host's machine id for this host's own events (the host stage runs first), else 16
// hex digits of a 64-bit FNV-1a hash of the node name (another node's events), else of the host
// name the plugin runs under (a saved log without node names). The audit timestamp and serial
// name the record on its host: the serial restarts at boot, the timestamp does not repeat with
// it. n counts the second and later messages one audit event gives (an execution with an
// INTEGRITY_PCR in the same event), in the order the assembler gives them.
#pragma once

#include <string>
#include <vector>

#include "enrich/stage.h"

namespace audisp_ima {

class EventIdStage final : public Stage {
public:
    explicit EventIdStage(std::string default_host) : default_origin_(origin_of_name(default_host)) {}

    void process(Event& event) override;
    void append_counters(std::vector<Counter>&) const override {}

    // The 16-hex-digit origin of a node or host name (FNV-1a, 64 bits): bounded whatever the name.
    static std::string origin_of_name(std::string_view name);

private:
    std::string default_origin_;
    EventKey last_key_;
    unsigned same_event_ = 0;  // messages given so far for last_key_
};

}  // namespace audisp_ima
