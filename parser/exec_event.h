// The events audisp-ima emits. Formatters turn each into one line; later stages (process tree,
// enrichment, filters, tags) add to these structs rather than re-reading audit records.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "parser/audit_record.h"
#include "parser/cgroup_context.h"
#include "parser/event_context.h"
#include "parser/file_measurement_event.h"
#include "parser/ima_record.h"
#include "parser/lineage.h"
#include "parser/path_record.h"
#include "parser/syscall_record.h"
#include "parser/process_events.h"
#include "parser/user_names.h"

namespace audisp_ima {

// Where a hash came from. Each value is a promise of a different strength; docs/how-it-works.md
// "Hash sources" says exactly what each guarantees and when it can be wrong.
enum class HashSource {
    none,        // no kernel measurement of this file is known
    measured,    // an INTEGRITY_RULE of this very event names the file
    cached,      // an earlier INTEGRITY_RULE tied to the same dev+inode through a PATH record
    standalone,  // an earlier standalone INTEGRITY_RULE (no syscall record), bound to dev+inode by stat
    ima_list,    // IMA's runtime measurement list, the entry bound to dev+inode by stat
    path,        // the only digest measured under this path in this boot; no inode evidence (opt-in)
};

const char* to_string(HashSource source);

// A file as the kernel identifies it: inode numbers are per device, devices per host.
struct FileId {
    std::string dev;  // "fe:00" (major:minor in hex, as PATH records write it)
    uint64_t inode = 0;
    friend bool operator==(const FileId&, const FileId&) = default;
};

// The file an execve named when it is not the image that runs: the script of "#!" (binfmt_script),
// whose interpreter becomes the process image.
struct ScriptFile {
    std::string path;                // IMA's name for it when measured, else the PATH name resolved
    std::optional<FileId> id;        // from its PATH record
    std::optional<FileHash> hash;
    HashSource hash_source = HashSource::none;
};

// One ImaRecord plus where it was tied to a PATH record of the event (dev+inode), when it could be.
struct Measurement {
    ImaRecord record;
    std::optional<std::string> dev;
    std::optional<uint64_t> inode;
};

// One program execution (execve/execveat). An IMA measurement without an exec SYSCALL is a
// FileMeasurementEvent, not one of these.
struct ExecEvent {
    EventKey key;
    std::optional<SyscallRecord> syscall;  // the exec SYSCALL; the assembler always sets it

    // The image now running: SYSCALL exe, else PATH item 0 resolved against cwd, else IMA file=.
    std::optional<std::string> executable;
    std::optional<FileHash> hash;  // hash of `executable`
    HashSource hash_source = HashSource::none;
    std::optional<FileId> image_id;   // the PATH record that is `executable`, when there is evidence
    std::optional<ScriptFile> script;  // the script, when the image is its interpreter

    // The process, from the SYSCALL record's task block.
    TaskInfo task;
    // The image that called exec (IMA's comm/exe, recorded before the exec took effect).
    std::optional<std::string> previous_executable;
    std::optional<std::string> previous_name;

    std::vector<std::string> args;  // from EXECVE, else from PROCTITLE
    std::optional<uint64_t> argc;
    bool args_incomplete = false;
    std::optional<std::string> cwd;
    std::vector<PathRecord> paths;
    std::vector<Measurement> measurements;  // every INTEGRITY_RULE of the event (script + interpreter)
    UserNames names;     // names of task's ids (ENRICHED text, then the identity stage)
    Lineage lineage;     // entity ids and the parent (enrich/process_stage)
    std::optional<CgroupFacts> cgroup;  // container and systemd unit (enrich/container_stage)
    EventContext context;

    // ok (true), failed (false) or unknown (nullopt) — a failed execve still has the attempted name.
    std::optional<bool> success() const { return syscall ? syscall->success : std::nullopt; }
};

// A field as a message keeps it: its own copy, the value decoded.
struct DecodedField {
    std::string name;
    std::string value;
};

// Any other INTEGRITY_* record (1800-1807, and 1805 without file=): appraisal failures, violations,
// policy loads. One event per record.
struct IntegrityEvent {
    EventKey key;
    int record_type = 0;
    std::string type_name;  // INTEGRITY_DATA, ...
    // Every field of the record in order, values decoded (unquoted / hex-decoded).
    std::vector<DecodedField> fields;

    // Typed view of the common ones (integrity_audit_msg: pid uid auid ses [subj] op cause comm
    // [name] [dev ino] res errno).
    std::optional<int64_t> pid;
    std::optional<uint32_t> uid, auid, ses;
    std::optional<std::string> op, cause, comm, name, dev, subj;
    std::optional<uint64_t> ino;
    std::optional<int64_t> res;
    std::optional<int64_t> error_code;  // errno=
    EventContext context;

    const std::string* field(std::string_view field_name) const {
        for (const auto& f : fields)
            if (f.name == field_name) return &f.value;
        return nullptr;
    }
};

IntegrityEvent decode_integrity(const EventKey& key, const AuditRecord& record);
// The record type name, falling back to the number's name ("INTEGRITY_PCR") or "UNKNOWN[n]".
std::string integrity_type_name(const IntegrityEvent& ev);
// res=1 succeeded, res=0 failed (the kernel writes res=!result); anything else is unknown.
std::optional<bool> integrity_success(const IntegrityEvent& ev);

using Event = std::variant<ExecEvent, FileMeasurementEvent, IntegrityEvent, ProcessEndEvent, ForkEvent>;

}  // namespace audisp_ima
