// What survives a restart of the plugin (auditd restarts it on every reload failure, upgrade or
// `service auditd restart`): the stamped inode hashes and how far the measurement list was read.
// IMA audits each file once per boot, so without this every file measured before the restart
// would have no hash until it changed. Only valid within the boot it was written in, and each
// entry only while stat still shows the same file (see HashResolver::restore).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "enrich/inode_hashes.h"

namespace audisp_ima {

struct HashState {
    std::string boot_id;          // /proc/sys/kernel/random/boot_id when written
    uint64_t list_entries = 0;    // measurement-list entries already handled
    int64_t list_read_ns = 0;     // when the list was last read (entries past list_entries came later)
    std::vector<KnownHash> files;  // stamped entries of the local host
};

std::string serialize_hash_state(const HashState& state);
// Throws std::runtime_error naming the line on anything it does not understand.
HashState parse_hash_state(const std::string& text);

}  // namespace audisp_ima
