#include "formatters/leef_fields.h"

#include <array>
#include <stdexcept>

namespace audisp_ima {
namespace {

using F = FieldId;
using V = LeefValue;

// usrName is QRadar's Username: the user who ran the program (real uid), as CEF's suser.
constexpr std::array kExecutionKeys = {
    LeefField{"usrName", F::user_real_name},
    LeefField{"host", F::host_hostname},
    LeefField{"hostId", F::host_id},
    LeefField{"eventId", F::event_id},
    LeefField{"serial", F::event_serial},
    LeefField{"outcome", F::event_outcome, V::outcome},
    LeefField{"pid", F::process_pid},
    LeefField{"image", F::process_executable},
    LeefField{"imageName", F::process_name},
    LeefField{"hashAlgorithm", F::process_hash_algorithm},
    LeefField{"hash", F::process_hash_digest},
    LeefField{"hashSource", F::process_hash_source},
    LeefField{"commandLine", F::process_args, V::joined},
    LeefField{"cwd", F::process_working_directory},
    LeefField{"entityId", F::process_entity_id},
    LeefField{"start", F::process_start},
    LeefField{"previousImage", F::process_previous_executable},
    LeefField{"ppid", F::parent_pid},
    LeefField{"parentImage", F::parent_executable},
    LeefField{"parentCommandLine", F::parent_args, V::joined},
    LeefField{"parentEntityId", F::parent_entity_id},
    LeefField{"parentSource", F::parent_source},
    LeefField{"uid", F::user_real_id},
    LeefField{"euid", F::user_effective_id},
    LeefField{"euser", F::user_effective_name},
    LeefField{"auid", F::user_audit_id},
    LeefField{"session", F::audit_session},
    LeefField{"tty", F::process_tty},
    LeefField{"auditKey", F::audit_key},
    LeefField{"subj", F::audit_subj},
    // The script of a "#!" run, whose interpreter is the image above.
    LeefField{"scriptPath", F::file_path},
    LeefField{"scriptHashAlgorithm", F::file_hash_algorithm},
    LeefField{"scriptHash", F::file_hash_digest},
    LeefField{"scriptHashSource", F::file_hash_source},
    LeefField{"scriptDevice", F::file_device},
    LeefField{"scriptInode", F::file_inode},
    LeefField{"containerId", F::container_id},
    LeefField{"systemdUnit", F::systemd_unit},
};

// A file event: file* is the file IMA measured; image/pid the process whose exec, mmap or read
// caused the measurement.
constexpr std::array kMeasurementKeys = {
    LeefField{"host", F::host_hostname},
    LeefField{"hostId", F::host_id},
    LeefField{"eventId", F::event_id},
    LeefField{"serial", F::event_serial},
    LeefField{"filePath", F::file_path},
    LeefField{"fileName", F::file_name},
    LeefField{"hashAlgorithm", F::file_hash_algorithm},
    LeefField{"hash", F::file_hash_digest},
    LeefField{"hashSource", F::file_hash_source},
    LeefField{"pid", F::process_pid},
    LeefField{"image", F::process_executable},
    LeefField{"comm", F::process_name},
    LeefField{"ppid", F::parent_pid},
    LeefField{"uid", F::user_real_id},
    LeefField{"euid", F::user_effective_id},
    LeefField{"auid", F::user_audit_id},
    LeefField{"session", F::audit_session},
    LeefField{"tty", F::process_tty},
    LeefField{"subj", F::audit_subj},
};

constexpr std::array kIntegrityKeys = {
    LeefField{"host", F::host_hostname},
    LeefField{"hostId", F::host_id},
    LeefField{"eventId", F::event_id},
    LeefField{"serial", F::event_serial},
    LeefField{"outcome", F::event_outcome, V::outcome},
    LeefField{"recordType", F::integrity_type},
    LeefField{"cause", F::integrity_cause},
    LeefField{"pid", F::process_pid},
    LeefField{"comm", F::process_name},
    LeefField{"uid", F::user_real_id},
    LeefField{"auid", F::user_audit_id},
    LeefField{"filePath", F::file_path},
    LeefField{"fileName", F::file_name},
    LeefField{"fileDevice", F::file_device},
    LeefField{"fileInode", F::file_inode},
    LeefField{"fields", F::integrity_fields, V::pairs},
};

constexpr std::array kProcessEndKeys = {
    LeefField{"usrName", F::user_real_name},
    LeefField{"host", F::host_hostname},
    LeefField{"hostId", F::host_id},
    LeefField{"eventId", F::event_id},
    LeefField{"serial", F::event_serial},
    LeefField{"pid", F::process_pid},
    LeefField{"image", F::process_executable},
    LeefField{"imageName", F::process_name},
    LeefField{"commandLine", F::process_args, V::joined},
    LeefField{"entityId", F::process_entity_id},
    LeefField{"start", F::process_start},
    LeefField{"end", F::process_end},
    LeefField{"exitCode", F::process_exit_code},
    LeefField{"uptime", F::process_uptime},
    LeefField{"ppid", F::parent_pid},
    LeefField{"parentImage", F::parent_executable},
    LeefField{"parentEntityId", F::parent_entity_id},
    LeefField{"parentSource", F::parent_source},
    LeefField{"uid", F::user_real_id},
    LeefField{"euid", F::user_effective_id},
    LeefField{"euser", F::user_effective_name},
    LeefField{"auid", F::user_audit_id},
    LeefField{"session", F::audit_session},
    LeefField{"tty", F::process_tty},
    LeefField{"auditKey", F::audit_key},
    LeefField{"subj", F::audit_subj},
    LeefField{"containerId", F::container_id},
    LeefField{"systemdUnit", F::systemd_unit},
};

}  // namespace

std::span<const LeefField> leef_fields(uint8_t kind) {
    switch (kind) {
        case kExecution: return kExecutionKeys;
        case kMeasurement: return kMeasurementKeys;
        case kIntegrity: return kIntegrityKeys;
        case kProcessEnd: return kProcessEndKeys;
        default: throw std::invalid_argument("leef_fields: not one kind of event");
    }
}

}  // namespace audisp_ima
