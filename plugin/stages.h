// Which enrich stages run, and in what order: the one place the plugin assembles them from its
// settings: the hash stage, the identity stage (user and group names through NSS, for events
// read from this host), the host stage (likewise), then the event id stage, which names a host's
// events by the machine id the host stage gave them. The process table and container stages join
// them here.
#pragma once

#include <string>

#include "enrich/hash_resolver.h"
#include "enrich/stage.h"

namespace audisp_ima {

struct EnrichStages {
    Stages stages;                  // in the order they run on each event
    HashResolver* hashes = nullptr; // the hash stage among them (its cache is saved across restarts)
};

EnrichStages make_enrich_stages(const HashResolverOptions& hashes, LocalSystem* system, const std::string& host_name);

}  // namespace audisp_ima
