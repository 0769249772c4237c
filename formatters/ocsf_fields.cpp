#include "formatters/ocsf_fields.h"

#include <array>
#include <stdexcept>

#include "formatters/event_words.h"

namespace audisp_ima {
namespace {

using F = FieldId;
using V = OcsfValue;

constexpr OcsfField file_of(std::string_view path, F field, F digest, F algorithm) {
    return {path, field, V::file, true, digest, algorithm};
}
constexpr OcsfField file_of(std::string_view path, F field) { return {path, field, V::file}; }

// Process Activity (1007), Launch with launch_type Exec: `process` is the new image, `actor` the
// same process before the exec (the image that called execve), as OCSF's Launch describes an
// actor launching a process.
constexpr std::array kExecutionAttributes = {
    OcsfField{"process.pid", F::process_pid, V::number},
    OcsfField{"process.uid", F::process_entity_id},
    OcsfField{"process.name", F::process_name},
    OcsfField{"process.cmd_line", F::process_args, V::joined},
    OcsfField{"process.created_time", F::process_start, V::number},
    OcsfField{"process.working_directory", F::process_working_directory},
    file_of("process.file", F::process_executable, F::process_hash_digest, F::process_hash_algorithm),
    OcsfField{"process.user.uid", F::user_real_id, V::id_text},
    OcsfField{"process.user.name", F::user_real_name},
    OcsfField{"process.session.uid", F::audit_session, V::id_text},
    OcsfField{"process.session.terminal", F::process_tty},
    OcsfField{"process.parent_process.pid", F::parent_pid, V::number},
    OcsfField{"process.parent_process.uid", F::parent_entity_id},
    OcsfField{"process.parent_process.cmd_line", F::parent_args, V::joined},
    file_of("process.parent_process.file", F::parent_executable),
    OcsfField{"process.parent_process.user.name", F::parent_user_name},
    OcsfField{"actor.process.pid", F::process_pid, V::number},
    file_of("actor.process.file", F::process_previous_executable),
    OcsfField{"actor.user.uid", F::user_real_id, V::id_text},
    OcsfField{"actor.user.name", F::user_real_name},
    OcsfField{"unmapped.hash_source", F::process_hash_source},
    OcsfField{"unmapped.audit_serial", F::event_serial, V::number},
    OcsfField{"unmapped.audit_key", F::audit_key},
    OcsfField{"unmapped.audit_user_id", F::user_audit_id, V::id_text},
    OcsfField{"unmapped.effective_user_id", F::user_effective_id, V::id_text},
    OcsfField{"unmapped.effective_user_name", F::user_effective_name},
    OcsfField{"unmapped.subj", F::audit_subj},
    OcsfField{"unmapped.parent_source", F::parent_source},
    // The script of a "#!" run, whose interpreter is process.file.
    file_of("unmapped.script", F::file_path, F::file_hash_digest, F::file_hash_algorithm),
    OcsfField{"unmapped.script_hash_source", F::file_hash_source},
    OcsfField{"unmapped.container_id", F::container_id},
    OcsfField{"unmapped.systemd_unit", F::systemd_unit},
};

// File System Activity (1001), Other ("Measure"): IMA measured `file` when `actor.process` ran,
// mapped or read it.
constexpr std::array kMeasurementAttributes = {
    file_of("file", F::file_path, F::file_hash_digest, F::file_hash_algorithm),
    OcsfField{"actor.process.pid", F::process_pid, V::number},
    OcsfField{"actor.process.name", F::process_name},
    file_of("actor.process.file", F::process_executable),
    OcsfField{"actor.process.parent_process.pid", F::parent_pid, V::number},
    OcsfField{"actor.process.session.uid", F::audit_session, V::id_text},
    OcsfField{"actor.process.session.terminal", F::process_tty},
    OcsfField{"actor.user.uid", F::user_real_id, V::id_text},
    OcsfField{"unmapped.hash_source", F::file_hash_source},
    OcsfField{"unmapped.audit_serial", F::event_serial, V::number},
    OcsfField{"unmapped.audit_user_id", F::user_audit_id, V::id_text},
    OcsfField{"unmapped.effective_user_id", F::user_effective_id, V::id_text},
    OcsfField{"unmapped.subj", F::audit_subj},
};

// File System Activity (1001), Other (the record's action), or a Base Event without a file.
constexpr std::array kIntegrityAttributes = {
    file_of("file", F::file_path),
    OcsfField{"actor.process.pid", F::process_pid, V::number},
    OcsfField{"actor.process.name", F::process_name},
    OcsfField{"actor.user.uid", F::user_real_id, V::id_text},
    OcsfField{"unmapped.record_type", F::integrity_type},
    OcsfField{"unmapped.cause", F::integrity_cause},
    OcsfField{"unmapped.device", F::file_device},
    OcsfField{"unmapped.inode", F::file_inode, V::number},
    OcsfField{"unmapped.fields", F::integrity_fields, V::pairs},
    OcsfField{"unmapped.audit_serial", F::event_serial, V::number},
    OcsfField{"unmapped.audit_user_id", F::user_audit_id, V::id_text},
};

// Process Activity (1007), Terminate: the process ended itself (exit_group), so `actor.process`
// is the process too, as OCSF says of the reflexive case.
constexpr std::array kProcessEndAttributes = {
    OcsfField{"process.pid", F::process_pid, V::number},
    OcsfField{"process.uid", F::process_entity_id},
    OcsfField{"process.name", F::process_name},
    OcsfField{"process.cmd_line", F::process_args, V::joined},
    OcsfField{"process.created_time", F::process_start, V::number},
    OcsfField{"process.terminated_time", F::process_end, V::number},
    file_of("process.file", F::process_executable),
    OcsfField{"process.user.uid", F::user_real_id, V::id_text},
    OcsfField{"process.user.name", F::user_real_name},
    OcsfField{"process.session.uid", F::audit_session, V::id_text},
    OcsfField{"process.session.terminal", F::process_tty},
    OcsfField{"process.parent_process.pid", F::parent_pid, V::number},
    OcsfField{"process.parent_process.uid", F::parent_entity_id},
    file_of("process.parent_process.file", F::parent_executable),
    OcsfField{"process.parent_process.user.name", F::parent_user_name},
    OcsfField{"actor.process.pid", F::process_pid, V::number},
    OcsfField{"actor.process.uid", F::process_entity_id},
    OcsfField{"actor.user.uid", F::user_real_id, V::id_text},
    OcsfField{"exit_code", F::process_exit_code, V::number},
    OcsfField{"unmapped.uptime_seconds", F::process_uptime, V::number},
    OcsfField{"unmapped.audit_serial", F::event_serial, V::number},
    OcsfField{"unmapped.audit_key", F::audit_key},
    OcsfField{"unmapped.audit_user_id", F::user_audit_id, V::id_text},
    OcsfField{"unmapped.effective_user_id", F::user_effective_id, V::id_text},
    OcsfField{"unmapped.subj", F::audit_subj},
    OcsfField{"unmapped.container_id", F::container_id},
    OcsfField{"unmapped.systemd_unit", F::systemd_unit},
};

}  // namespace

// OCSF 1.8.0: categories.json (System Activity 1, Uncategorized 0), events/system/
// process_activity.json (uid 7: class 1007; activities 1 Launch, 2 Terminate),
// file_activity.json (uid 1: class 1001; 99 Other is every class's), base_event.json (class 0).
OcsfClass ocsf_class(uint8_t kind, bool has_file) {
    switch (kind) {
        case kExecution: return {1, "System Activity", 1007, "Process Activity", 1, "Launch"};
        case kProcessEnd: return {1, "System Activity", 1007, "Process Activity", 2, "Terminate"};
        case kMeasurement: return {1, "System Activity", 1001, "File System Activity", 99, "Measure"};
        case kIntegrity:
            if (has_file) return {1, "System Activity", 1001, "File System Activity", 99, "Other"};
            return {0, "Uncategorized", 0, "Base Event", 99, "Other"};
        default: throw std::invalid_argument("ocsf_class: not one kind of event");
    }
}

std::span<const OcsfField> ocsf_fields(uint8_t kind) {
    switch (kind) {
        case kExecution: return kExecutionAttributes;
        case kMeasurement: return kMeasurementAttributes;
        case kIntegrity: return kIntegrityAttributes;
        case kProcessEnd: return kProcessEndAttributes;
        default: throw std::invalid_argument("ocsf_fields: not one kind of event");
    }
}

// objects/fingerprint.json's algorithm_id: 1 MD5, 2 SHA-1, 3 SHA-256, 4 SHA-512, 8 SHA-224,
// 9 SHA-384, 13 SHA3-256, 14 SHA3-384, 15 SHA3-512; the kernel's other algorithms (md4, rmd*,
// wp*, tgr*, sm3, streebog*) are not in it.
OcsfAlgorithm ocsf_algorithm(std::string_view name) {
    static constexpr std::pair<std::string_view, OcsfAlgorithm> kIds[] = {
        {"md5", {1, "MD5"}},           {"sha1", {2, "SHA-1"}},        {"sha256", {3, "SHA-256"}},
        {"sha512", {4, "SHA-512"}},    {"sha224", {8, "SHA-224"}},    {"sha384", {9, "SHA-384"}},
        {"sha3-256", {13, "SHA3-256"}}, {"sha3-384", {14, "SHA3-384"}}, {"sha3-512", {15, "SHA3-512"}},
    };
    for (const auto& [kernel, algorithm] : kIds)
        if (kernel == name) return algorithm;
    return {is_kernel_hash_algorithm(name) ? 99 : 0, {}};
}

}  // namespace audisp_ima
