// The container stage: the control group of each execution on this host, and what it says
// (container.id, container.runtime, the systemd unit; enrich/cgroup_info.h). Read from
// /proc/PID/cgroup when the event is processed: a process gone by then (a short command) is
// given its parent's, which it was forked into, marked "parent". A process moved to another
// group between its exec and the read (rare: systemd moving a scope) shows the new one.
#pragma once

#include <string>
#include <vector>

#include "enrich/process_probe.h"
#include "enrich/stage.h"

namespace audisp_ima {

class ContainerStage final : public Stage {
public:
    ContainerStage(ProcessProbe* probe, std::vector<std::string> local_nodes)
        : probe_(probe), local_nodes_(std::move(local_nodes)) {}

    void process(Event& event) override;
    void append_counters(std::vector<Counter>& out) const override;

private:
    ProcessProbe* probe_;
    std::vector<std::string> local_nodes_;
    uint64_t own_ = 0, parent_ = 0, unread_ = 0, containers_ = 0;
};

}  // namespace audisp_ima
