// Test helpers for user and group names: a task block with one id of each kind, and a task's
// names as one line of text ("-" for none, the source last), which a failed CHECK prints whole.
#pragma once

#include <string>

#include "parser/task_info.h"
#include "parser/user_names.h"

namespace audisp_ima::test {

inline TaskInfo ids(uint32_t auid, uint32_t uid, uint32_t gid) {
    TaskInfo t;
    t.auid = auid;
    t.uid = t.euid = t.suid = t.fsuid = uid;
    t.gid = t.egid = t.sgid = t.fsgid = gid;
    return t;
}

inline std::string names_text(const UserNames& n) {
    auto one = [](const std::optional<std::string>& v) { return v ? *v : std::string("-"); };
    return one(n.auid) + " " + one(n.uid) + " " + one(n.euid) + " " + one(n.suid) + " " + one(n.fsuid) + " " +
           one(n.gid) + " " + one(n.egid) + " " + one(n.sgid) + " " + one(n.fsgid) + " " + to_string(n.source);
}

}  // namespace audisp_ima::test
