// INTEGRITY_RULE (1805) as written by ima_audit_measurement(): file="<path>" hash="<algo>:<hex>"
// followed by the task block. Old kernels (RHEL 7's 3.10) wrote hash="<hex>" without the algorithm,
// and also used type 1805 for policy rules (action="audit" func=... mask=... res=1), which carry no
// file= and are not measurements.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "parser/audit_record.h"
#include "parser/task_info.h"

namespace audisp_ima {

struct FileHash {
    std::string algorithm;  // "sha256", "sha1", "md5", "sha512", ... ; "unknown" when not inferable
    std::string digest;     // lowercase hex
    std::string raw;        // the value as the kernel wrote it, without quotes: "sha256:ab12…"
};

// Parses "sha256:ab12…" or a bare digest whose algorithm is inferred from its length
// (32 md5, 40 sha1, 64 sha256, 128 sha512). nullopt when the digest is not hex.
std::optional<FileHash> parse_ima_hash(std::string_view unquoted);

struct ImaRecord {
    std::string file;  // the program (or library) measured; decoded bytes, absolute path
    std::optional<FileHash> hash;
    // For BPRM_CHECK the task block describes the process *before* the exec: comm/exe are the
    // calling image (e.g. bash), pid is the process that is about to become `file`.
    TaskInfo task;
};

// nullopt when the record has no file= (an old kernel's policy-rule record).
std::optional<ImaRecord> decode_ima_rule(const AuditRecord& record);

// A digest a kernel hash algorithm can produce (at most 64 bytes: HASH_MAX_DIGESTSIZE, 128 hex
// digits) under an algorithm name of kernel length: part of the event's identity, never cut. A
// longer "digest" is whatever the record held, cut like any other value.
bool is_plausible_hash(const FileHash& hash);

}  // namespace audisp_ima
