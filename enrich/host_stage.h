// The host stage: marks this host's own events with the host's identity (host.name, host.id,
// host.os.*), so that a SIEM can correlate on host.id and filter on host.os.type. An event from
// another node (auditd forwarding, name_format) keeps only its node name: the facts of the host
// that converts it would be wrong there.
#pragma once

#include <string>
#include <vector>

#include "enrich/host_facts.h"
#include "enrich/stage.h"

namespace audisp_ima {

class HostStage final : public Stage {
public:
    // `local_nodes`: the node= names of this host's own events (an event without one always is).
    HostStage(HostFacts facts, std::vector<std::string> local_nodes)
        : facts_(std::move(facts)), local_nodes_(std::move(local_nodes)) {}

    void process(Event& event) override;
    void append_counters(std::vector<Counter>& out) const override;

private:
    HostFacts facts_;
    std::vector<std::string> local_nodes_;
    uint64_t marked_ = 0;  // events given the host's facts
};

}  // namespace audisp_ima
