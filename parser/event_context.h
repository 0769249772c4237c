// What enrich stages attach to an event of any kind. The parser leaves it empty.
#pragma once

#include <string>

#include "parser/host_facts.h"

namespace audisp_ima {

struct EventContext {
    // The host the plugin runs on, for this host's own events only (enrich/host_stage); owned by
    // that stage, which outlives every event it marks.
    const HostFacts* host = nullptr;
    // event.id, one per message (enrich/event_id_stage); empty when no stage set it.
    std::string id;
};

}  // namespace audisp_ima
