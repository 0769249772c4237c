#include "plugin/stages.h"

#include <memory>

#include "enrich/event_id_stage.h"
#include "enrich/host_stage.h"
#include "enrich/identity_stage.h"
#include "plugin/nss_resolver.h"

namespace audisp_ima {

EnrichStages make_enrich_stages(const HashResolverOptions& hashes, LocalSystem* system, const std::string& host_name) {
    EnrichStages out;
    auto resolver = std::make_unique<HashResolver>(hashes, system);
    out.hashes = resolver.get();
    out.stages.push_back(std::move(resolver));
    // Names through NSS only for this host's own events (the stage also skips another node's).
    if (system)
        out.stages.push_back(std::make_unique<IdentityStage>(std::make_shared<NssResolver>(), system->node_names));
    // Only for events read from this host (auditd's stream, or a log the user says is this host's).
    if (system) out.stages.push_back(std::make_unique<HostStage>(system->host, system->node_names));
    out.stages.push_back(std::make_unique<EventIdStage>(host_name));
    return out;
}

}  // namespace audisp_ima
