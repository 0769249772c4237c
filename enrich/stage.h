// A stage adds context to an event after the assembler has built it and before it is judged and
// formatted. The pipeline (plugin/pipeline.cpp) runs its stages in the order the plugin assembled
// them (plugin/stages.cpp) on every event, wanted or not: a stage that learns from events (the
// hash cache learns from standalone measurements) must see them all. A stage owns its state,
// reaches the system only through an interface a test can replace, and accounts for what it did
// in counters.
#pragma once

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "parser/counter.h"
#include "parser/exec_event.h"

namespace audisp_ima {

class Stage {
public:
    virtual ~Stage() = default;
    // Adds what the stage knows to `event`; a kind it has nothing for passes unchanged.
    virtual void process(Event& event) = 0;
    // The reader's timer: about once a second while the parser holds events open, so that state
    // kept per time window ages even when no event arrives to carry the clock.
    virtual void tick() {}
    // This stage's counters, appended in a fixed order.
    virtual void append_counters(std::vector<Counter>& out) const = 0;
};

using Stages = std::vector<std::unique_ptr<Stage>>;

// An event of this host: no node= name, or one of this host's (the stages that read the system
// answer only for those).
inline bool is_local_node(const std::string& node, const std::vector<std::string>& local_nodes) {
    return node.empty() || std::find(local_nodes.begin(), local_nodes.end(), node) != local_nodes.end();
}

}  // namespace audisp_ima
