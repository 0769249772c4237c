// Which enrich stages run, and in what order: the one place the plugin assembles them from its
// settings. Today one, the hash stage; the process table, identity, host and container stages
// join it here, each behind its own setting.
#pragma once

#include "enrich/hash_resolver.h"
#include "enrich/stage.h"

namespace audisp_ima {

struct EnrichStages {
    Stages stages;                  // in the order they run on each event
    HashResolver* hashes = nullptr; // the hash stage among them (its cache is saved across restarts)
};

EnrichStages make_enrich_stages(const HashResolverOptions& hashes, LocalSystem* system);

}  // namespace audisp_ima
