#include "enrich/host_stage.h"

#include <algorithm>
#include <variant>

namespace audisp_ima {

void HostStage::process(Event& event) {
    std::visit(
        [this](auto& kind) {
            if (!is_local_node(kind.key.node, local_nodes_)) return;
            kind.context.host = &facts_;
            ++marked_;
        },
        event);
}

void HostStage::append_counters(std::vector<Counter>& out) const { out.push_back({"host_marked", marked_}); }

}  // namespace audisp_ima
