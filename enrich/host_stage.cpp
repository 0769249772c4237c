#include "enrich/host_stage.h"

#include <algorithm>
#include <variant>

namespace audisp_ima {

void HostStage::process(Event& event) {
    std::visit(
        [this](auto& kind) {
            const std::string& node = kind.key.node;
            if (!node.empty() && std::find(local_nodes_.begin(), local_nodes_.end(), node) == local_nodes_.end()) return;
            kind.context.host = &facts_;
            ++marked_;
        },
        event);
}

void HostStage::append_counters(std::vector<Counter>& out) const { out.push_back({"host_marked", marked_}); }

}  // namespace audisp_ima
