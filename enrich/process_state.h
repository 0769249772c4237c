// The process table across a restart of the plugin (auditd restarts it on a reload failure, an
// upgrade, `service auditd restart`): the entries of processes still running, so that their
// children keep the entity id the processes' own execution messages had. /proc alone would seed
// them with another (enrich/process_stage.h). Only valid within the boot it was written in, and
// each entry only while /proc shows its pid held by the same process (ProcessStage::restore).
#pragma once

#include <string>
#include <vector>

#include "enrich/process_table.h"

namespace audisp_ima {

struct ProcessState {
    std::string boot_id;
    std::vector<ProcessEntry> entries;  // least recently used first
};

std::string serialize_process_state(const ProcessState& state);
// Throws std::runtime_error naming the line on anything it does not understand.
ProcessState parse_process_state(const std::string& text);

}  // namespace audisp_ima
