#include "plugin/stages.h"

#include <memory>

#include "enrich/container_stage.h"
#include "enrich/event_id_stage.h"
#include "enrich/host_stage.h"
#include "enrich/identity_stage.h"
#include "enrich/process_stage.h"
#include "plugin/nss_resolver.h"

namespace audisp_ima {

EnrichStages make_enrich_stages(const EnrichOptions& options) {
    LocalSystem* system = options.system;
    EnrichStages out;
    auto resolver = std::make_unique<HashResolver>(options.hashes, system);
    out.hashes = resolver.get();
    out.stages.push_back(std::move(resolver));
    // Only for events read from this host (auditd's stream, or a log the user says is this host's).
    if (system) out.stages.push_back(std::make_unique<HostStage>(system->host, system->node_names));
    out.stages.push_back(std::make_unique<EventIdStage>(options.host_name));
    if (options.process_table_size > 0) {
        // This host's entity ids begin as its event ids do (enrich/event_id_stage.h).
        std::string origin = system && !system->host.id.empty() ? system->host.id
                                                                : EventIdStage::origin_of_name(options.host_name);
        ProcessProbe* probe = system ? system->processes : nullptr;
        auto processes = std::make_unique<ProcessStage>(ProcessStageOptions{options.process_table_size}, probe,
                                                        system ? system->node_names : std::vector<std::string>{},
                                                        std::move(origin));
        out.processes = processes.get();
        out.stages.push_back(std::move(processes));
    }
    // The control group of this host's own executions, from its /proc.
    if (system && system->processes)
        out.stages.push_back(std::make_unique<ContainerStage>(system->processes, system->node_names));
    // Names through NSS only for this host's own events (the stage also skips another node's);
    // after the process stage, so that the parent's user is named too.
    if (system)
        out.stages.push_back(std::make_unique<IdentityStage>(std::make_shared<NssResolver>(), system->node_names));
    return out;
}

}  // namespace audisp_ima
