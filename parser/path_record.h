// PATH (1302) records: one per file name the syscall resolved. For execve, item 0 is the name
// passed to the call (relative names are relative to CWD), later items the interpreter and loader.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "parser/audit_record.h"

namespace audisp_ima {

struct PathRecord {
    std::optional<int64_t> item;
    std::optional<std::string> name;  // decoded bytes; absent for (null)
    std::optional<uint64_t> inode;
    std::optional<std::string> dev;   // "fe:00" (major:minor, hex)
    std::optional<uint32_t> mode;     // octal in the record, e.g. 0100755
    std::optional<uint32_t> ouid, ogid;
    std::optional<std::string> nametype;  // NORMAL, PARENT, CREATE, DELETE, UNKNOWN
};

PathRecord decode_path(const AuditRecord& record);

// A record of a file that can run: NORMAL, with dev and inode, and not the inode of a symlink the
// lookup went through (the kernel lists /bin/sh's own link, mode 0120777, beside dash).
bool is_regular_file_record(const PathRecord& path);

}  // namespace audisp_ima
