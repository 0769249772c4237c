#include "formatters/sysmon_fields.h"

#include <array>
#include <stdexcept>

namespace audisp_ima {
namespace {

using F = FieldId;
using V = SysmonValue;

constexpr SysmonData dash(std::string_view name) { return {name, V::constant, F::event_time, F::event_time, "-"}; }
constexpr SysmonData extra(std::string_view name, V value, F field, F second = F::event_time) {
    return {name, value, field, second, {}, true};
}

// Sysmon's ProcessCreate items in its order (Version 5, as Sysmon for Linux writes it). User and
// LogonId are the real uid (Sysmon reads cred->uid), TerminalSessionId the audit session; the
// Windows version-resource items and IntegrityLevel have no Linux meaning, and Sysmon for Linux
// itself writes "-" and "no level" for them. RuleName waits for the rules stage.
constexpr std::array kProcessCreate = {
    dash("RuleName"),
    SysmonData{"UtcTime", V::utc_time},
    SysmonData{"ProcessGuid", V::guid, F::process_entity_id},
    SysmonData{"ProcessId", V::text, F::process_pid},
    SysmonData{"Image", V::text, F::process_executable},
    dash("FileVersion"),
    dash("Description"),
    dash("Product"),
    dash("Company"),
    dash("OriginalFileName"),
    SysmonData{"CommandLine", V::joined, F::process_args},
    SysmonData{"CurrentDirectory", V::text, F::process_working_directory},
    SysmonData{"User", V::user, F::user_real_name, F::user_real_id},
    SysmonData{"LogonGuid", V::logon_guid, F::user_real_id},
    SysmonData{"LogonId", V::text, F::user_real_id},
    SysmonData{"TerminalSessionId", V::session, F::audit_session},
    SysmonData{"IntegrityLevel", V::constant, F::event_time, F::event_time, "no level"},
    SysmonData{"Hashes", V::hashes, F::process_hash_digest, F::process_hash_algorithm},
    SysmonData{"ParentProcessGuid", V::guid, F::parent_entity_id},
    SysmonData{"ParentProcessId", V::text, F::parent_pid},
    SysmonData{"ParentImage", V::text, F::parent_executable},
    SysmonData{"ParentCommandLine", V::joined, F::parent_args},
    SysmonData{"ParentUser", V::text, F::parent_user_name},
    // audisp-ima's: where the hash came from, and the script of a "#!" run.
    extra("HashSource", V::text, F::process_hash_source),
    extra("ScriptFile", V::text, F::file_path),
    extra("ScriptHashes", V::hashes, F::file_hash_digest, F::file_hash_algorithm),
    extra("ScriptHashSource", V::text, F::file_hash_source),
};

template <size_t N>
constexpr std::array<SysmonData, N + 1> followed_by(const std::array<SysmonData, N>& items, SysmonData last) {
    std::array<SysmonData, N + 1> out{};
    for (size_t i = 0; i < N; ++i) out[i] = items[i];
    out[N] = last;
    return out;
}
// ProcessCreate's items, so that one parser reads both, then the result.
constexpr auto kExecutionFailed = followed_by(kProcessCreate, SysmonData{"Outcome", V::outcome, F::event_outcome});

// Sysmon's ProcessTerminate (Version 3).
constexpr std::array kProcessTerminate = {
    dash("RuleName"),
    SysmonData{"UtcTime", V::utc_time},
    SysmonData{"ProcessGuid", V::guid, F::process_entity_id},
    SysmonData{"ProcessId", V::text, F::process_pid},
    SysmonData{"Image", V::text, F::process_executable},
    SysmonData{"User", V::user, F::user_real_name, F::user_real_id},
    extra("ExitCode", V::text, F::process_exit_code),
};

// Named as Sysmon names the same things in its file events (TargetFilename, Hashes, User).
constexpr std::array kFileMeasured = {
    dash("RuleName"),
    SysmonData{"UtcTime", V::utc_time},
    SysmonData{"ProcessId", V::text, F::process_pid},
    SysmonData{"Image", V::text, F::process_executable},
    SysmonData{"TargetFilename", V::text, F::file_path},
    SysmonData{"Hashes", V::hashes, F::file_hash_digest, F::file_hash_algorithm},
    SysmonData{"HashSource", V::text, F::file_hash_source},
    SysmonData{"User", V::text, F::user_real_id},
    SysmonData{"TerminalSessionId", V::session, F::audit_session},
};

constexpr std::array kIntegrityRecord = {
    dash("RuleName"),
    SysmonData{"UtcTime", V::utc_time},
    SysmonData{"RecordType", V::text, F::integrity_type},
    SysmonData{"Outcome", V::outcome, F::event_outcome},
    SysmonData{"Cause", V::text, F::integrity_cause},
    SysmonData{"ProcessId", V::text, F::process_pid},
    SysmonData{"ProcessName", V::text, F::process_name},
    SysmonData{"User", V::text, F::user_real_id},
    SysmonData{"TargetFilename", V::text, F::file_path},
    SysmonData{"Device", V::text, F::file_device},
    SysmonData{"Inode", V::text, F::file_inode},
    SysmonData{"Fields", V::pairs, F::integrity_fields},
};

// Sysmon's Task is its event id; Level 4 (Information) is set by the formatter from severity.
constexpr SysmonEventType kTypes[] = {
    {&kSysmonProvider, 1, 5, 1, "ProcessCreate", kProcessCreate},
    {&kSysmonProvider, 5, 3, 5, "ProcessTerminate", kProcessTerminate},
    {&kAudispImaProvider, 4101, 1, 4101, "ExecutionFailed", kExecutionFailed},
    {&kAudispImaProvider, 4102, 1, 4102, "FileMeasured", kFileMeasured},
    {&kAudispImaProvider, 4103, 1, 4103, "IntegrityRecord", kIntegrityRecord},
    {&kAudispImaProvider, 4100, 1, 4100, "Statistics", {}},
};

}  // namespace

const SysmonEventType& sysmon_event_type(uint8_t kind, bool succeeded) {
    switch (kind) {
        case kExecution: return succeeded ? kTypes[0] : kTypes[2];
        case kProcessEnd: return kTypes[1];
        case kMeasurement: return kTypes[3];
        case kIntegrity: return kTypes[4];
        default: throw std::invalid_argument("sysmon_event_type: not one kind of event");
    }
}

const SysmonEventType& sysmon_statistics_type() { return kTypes[5]; }

}  // namespace audisp_ima
