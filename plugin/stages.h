// Which enrich stages run, and in what order: the one place the plugin assembles them from its
// settings: the hash stage, the host stage (for events read from this host), the event id stage,
// which names a host's events by the machine id the host stage gave them, the process stage,
// whose entity ids are the event ids of the executions that started each image, the container
// stage (control group, container id, systemd unit) and the identity stage (user and group names
// through NSS), both for events read from this host; the identity stage also names the parent's
// user.
#pragma once

#include <string>

#include "enrich/hash_resolver.h"
#include "enrich/process_stage.h"
#include "enrich/stage.h"

namespace audisp_ima {

struct EnrichStages {
    Stages stages;                  // in the order they run on each event
    HashResolver* hashes = nullptr; // the hash stage among them (its cache is saved across restarts)
    ProcessStage* processes = nullptr;  // the process stage, if any (restored and seeded at start)
};

struct EnrichOptions {
    HashResolverOptions hashes;
    size_t process_table_size = 8192;  // 0: no process stage
    LocalSystem* system = nullptr;      // the running host, when events come from it
    std::string host_name;              // gethostname(): the origin of ids without a node name
};

EnrichStages make_enrich_stages(const EnrichOptions& options);

}  // namespace audisp_ima
