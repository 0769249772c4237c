#include "enrich/container_stage.h"

#include <algorithm>

#include "enrich/cgroup_info.h"

namespace audisp_ima {

void ContainerStage::process(Event& event) {
    auto* exec = std::get_if<ExecEvent>(&event);
    if (!exec || !probe_ || !exec->task.pid) return;
    const std::string& node = exec->key.node;
    if (!node.empty() && std::find(local_nodes_.begin(), local_nodes_.end(), node) == local_nodes_.end()) return;
    const char* source = "proc";
    auto text = probe_->cgroup(*exec->task.pid);
    if (!text && exec->task.ppid) {
        text = probe_->cgroup(*exec->task.ppid);
        source = "parent";
    }
    if (!text) {
        ++unread_;
        return;
    }
    CgroupFacts facts = parse_proc_cgroup(*text);
    if (facts.path.empty()) {
        ++unread_;
        return;
    }
    facts.source = source;
    ++(source[0] == 'p' && source[1] == 'r' ? own_ : parent_);
    if (facts.container_id) ++containers_;
    exec->cgroup = std::move(facts);
}

void ContainerStage::append_counters(std::vector<Counter>& out) const {
    out.push_back({"cgroup_own", own_});
    out.push_back({"cgroup_parent", parent_});
    out.push_back({"cgroup_unread", unread_});
    out.push_back({"in_container", containers_});
}

}  // namespace audisp_ima
