#include "formatters/cef_fields.h"

#include <array>
#include <stdexcept>

namespace audisp_ima {
namespace {

using F = FieldId;
using V = CefValue;

constexpr std::array kBeforeAct = {
    CefField{"rt", "", F::event_time},
    CefField{"dvchost", "", F::host_hostname},
    // CEF's "uniquely identifies the device": the machine id, for this host's own events.
    CefField{"deviceExternalId", "", F::host_id},
    CefField{"externalId", "", F::event_id},
};

// s* is the parent, as ArcSight reads Sysmon's ParentImage/ParentProcessId; suid/suser the user
// who ran the program (real uid), duid/duser the one it runs as (effective uid, which differs
// after a setuid exec). The audispIma* keys have no dictionary key to go to: the execution uses
// all of cs1-cs6, cn1-cn3 and flexString1-2, the oldFile* keys describe a file before a change,
// and cfp*, c6a*, deviceCustomDate* are typed. They are named as the CEF guide asks for custom
// keys ("VendornameProductnameExplanatoryKeyName"; vendor and product are both audisp-ima).
constexpr std::array kExecutionKeys = {
    CefField{"outcome", "", F::event_outcome, V::outcome},
    // The image that runs is the execution's identity; filePath/fname/fileHash describe it.
    CefField{"filePath", "", F::process_executable},
    CefField{"fname", "", F::process_name},
    CefField{"fileHash", "", F::process_hash_digest},
    CefField{"dproc", "", F::process_executable},
    CefField{"dpid", "", F::process_pid},
    CefField{"spid", "", F::parent_pid},
    CefField{"sproc", "", F::parent_executable},
    CefField{"suid", "", F::user_real_id},
    CefField{"suser", "", F::user_real_name},
    CefField{"duid", "", F::user_effective_id},
    CefField{"duser", "", F::user_effective_name},
    CefField{"cs1", "hashAlgorithm", F::process_hash_algorithm},
    CefField{"cs2", "commandLine", F::process_args, V::command_line},
    CefField{"cs3", "workingDirectory", F::process_working_directory},
    CefField{"cs4", "hashSource", F::process_hash_source},
    CefField{"cs5", "auditKey", F::audit_key},
    CefField{"cs6", "tty", F::process_tty},
    CefField{"cn1", "auditSerial", F::event_serial},
    CefField{"cn2", "auid", F::user_audit_id},
    CefField{"cn3", "session", F::audit_session},
    CefField{"flexString1", "subj", F::audit_subj},
    // The script of a "#!" run, whose interpreter is the process image above.
    CefField{"audispImaScriptPath", "", F::file_path},
    CefField{"audispImaScriptHash", "", F::file_hash_digest},
    CefField{"audispImaScriptHashAlgorithm", "", F::file_hash_algorithm},
    CefField{"audispImaScriptHashSource", "", F::file_hash_source},
    CefField{"audispImaScriptDevice", "", F::file_device},
    CefField{"audispImaScriptInode", "", F::file_inode},
    CefField{"audispImaEntityId", "", F::process_entity_id},
    CefField{"audispImaParentEntityId", "", F::parent_entity_id},
    CefField{"audispImaParentCommandLine", "", F::parent_args, V::joined},
    CefField{"audispImaParentSource", "", F::parent_source},
    CefField{"audispImaPreviousImage", "", F::process_previous_executable},
    CefField{"audispImaContainerId", "", F::container_id},
    CefField{"audispImaSystemdUnit", "", F::systemd_unit},
};

// A file event: filePath/fname/fileHash are the file IMA measured; dproc/dpid the process whose
// exec, mmap or read caused the measurement (its exe=, or its comm= for a kernel thread); spid
// its parent. No command line: the record has none.
constexpr std::array kMeasurementKeys = {
    CefField{"outcome", "", F::event_outcome, V::outcome},
    CefField{"filePath", "", F::file_path},
    CefField{"fname", "", F::file_name},
    CefField{"fileHash", "", F::file_hash_digest},
    CefField{"dproc", "", F::process_executable, V::plain, F::process_name},
    CefField{"dpid", "", F::process_pid},
    CefField{"spid", "", F::parent_pid},
    CefField{"suid", "", F::user_real_id},
    CefField{"duid", "", F::user_effective_id},
    CefField{"cs1", "hashAlgorithm", F::file_hash_algorithm},
    CefField{"cs4", "hashSource", F::file_hash_source},
    CefField{"cs6", "tty", F::process_tty},
    CefField{"cn1", "auditSerial", F::event_serial},
    CefField{"cn2", "auid", F::user_audit_id},
    CefField{"cn3", "session", F::audit_session},
    CefField{"flexString1", "subj", F::audit_subj},
};

constexpr std::array kIntegrityKeys = {
    CefField{"outcome", "", F::event_outcome, V::outcome},
    CefField{"dpid", "", F::process_pid},
    CefField{"dproc", "", F::process_name},
    CefField{"suid", "", F::user_real_id},
    CefField{"filePath", "", F::file_path},
    CefField{"fname", "", F::file_name},
    CefField{"cs1", "cause", F::integrity_cause},
    CefField{"cs2", "device", F::file_device},
    CefField{"cn1", "auditSerial", F::event_serial},
    CefField{"cn2", "auid", F::user_audit_id},
    CefField{"cn3", "inode", F::file_inode},
    CefField{"cs3", "recordType", F::integrity_type},
    CefField{"cs4", "fields", F::integrity_fields, V::fields},
};

// Sysmon's ProcessTerminate. start and end (CEF's times of the activity) are when the image began
// and when the process ended; dproc is the image it ran at the end, s* its parent as above.
constexpr std::array kProcessEndKeys = {
    CefField{"outcome", "", F::event_outcome, V::outcome},
    CefField{"dproc", "", F::process_executable, V::plain, F::process_name},
    CefField{"dpid", "", F::process_pid},
    CefField{"spid", "", F::parent_pid},
    CefField{"sproc", "", F::parent_executable},
    CefField{"suid", "", F::user_real_id},
    CefField{"suser", "", F::user_real_name},
    CefField{"duid", "", F::user_effective_id},
    CefField{"duser", "", F::user_effective_name},
    CefField{"start", "", F::process_start},
    CefField{"end", "", F::process_end},
    CefField{"cs2", "commandLine", F::process_args, V::command_line},
    CefField{"cs5", "auditKey", F::audit_key},
    CefField{"cs6", "tty", F::process_tty},
    CefField{"cn1", "auditSerial", F::event_serial},
    CefField{"cn2", "auid", F::user_audit_id},
    CefField{"cn3", "session", F::audit_session},
    CefField{"flexString1", "subj", F::audit_subj},
    CefField{"audispImaEntityId", "", F::process_entity_id},
    CefField{"audispImaExitCode", "", F::process_exit_code},
    CefField{"audispImaUptimeSeconds", "", F::process_uptime},
    CefField{"audispImaParentEntityId", "", F::parent_entity_id},
    CefField{"audispImaParentSource", "", F::parent_source},
    CefField{"audispImaContainerId", "", F::container_id},
    CefField{"audispImaSystemdUnit", "", F::systemd_unit},
};

}  // namespace

std::span<const CefField> cef_fields_before_act() { return kBeforeAct; }

std::span<const CefField> cef_fields(uint8_t kind) {
    switch (kind) {
        case kExecution: return kExecutionKeys;
        case kMeasurement: return kMeasurementKeys;
        case kIntegrity: return kIntegrityKeys;
        case kProcessEnd: return kProcessEndKeys;
        default: throw std::invalid_argument("cef_fields: not one kind of event");
    }
}

}  // namespace audisp_ima
