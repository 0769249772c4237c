#include "parser/field_catalogue.h"

#include <array>
#include <stdexcept>

#include "parser/path_resolve.h"

namespace audisp_ima {
namespace {

constexpr uint8_t kEM = kExecution | kMeasurement;
constexpr uint8_t kEP = kExecution | kProcessEnd;
constexpr uint8_t kEMP = kExecution | kMeasurement | kProcessEnd;
constexpr uint8_t kAll = kExecution | kMeasurement | kIntegrity | kProcessEnd;

using T = FieldType;
using F = FieldId;

// In FieldId order (checked by field_spec and the catalogue's test).
constexpr std::array kCatalogue = {
    FieldSpec{F::event_time, "event.time", T::time_ms, kAll, kAll, "When the kernel wrote the event's records"},
    FieldSpec{F::event_serial, "event.serial", T::integer, kAll, kAll, "The kernel's serial number of the audit event"},
    FieldSpec{F::event_id, "event.id", T::text, kAll, kAll, "One id per message, the same each time the record is read (origin, time, serial)"},
    FieldSpec{F::event_outcome, "event.outcome", T::boolean, kAll, 0,
              "The execution (SYSCALL success=) or the integrity check (res=) succeeded; unknown (absent) for "
              "measurements and process ends, which have no result"},
    FieldSpec{F::host_hostname, "host.hostname", T::text, kAll, 0,
              "The node= name of the records, else the name of the host the plugin runs on"},
    FieldSpec{F::host_id, "host.id", T::text, kAll, kAll, "/etc/machine-id, for this host's own events"},
    FieldSpec{F::process_pid, "process.pid", T::integer, kAll, kAll, "The process: pid="},
    FieldSpec{F::process_executable, "process.executable", T::text, kEMP, kEP,
              "The image it runs: an execution's new image, else exe="},
    FieldSpec{F::process_name, "process.name", T::text, kAll, kEP,
              "The image's file name, else the kernel's comm= when no image is known"},
    FieldSpec{F::process_args, "process.args", T::list, kEP, 0, "argv: EXECVE's arguments, else PROCTITLE's"},
    FieldSpec{F::process_working_directory, "process.working_directory", T::text, kExecution, 0, "CWD cwd="},
    FieldSpec{F::process_hash_digest, "process.hash.digest", T::text, kExecution, kExecution,
              "The digest IMA measured for the image, in hex (whole when a kernel can have written it)"},
    FieldSpec{F::process_hash_algorithm, "process.hash.algorithm", T::text, kExecution, kExecution,
              "The digest's algorithm, as the kernel names it (sha256)"},
    FieldSpec{F::process_hash_source, "process.hash.source", T::words, kExecution, kExecution,
              "Where the image's hash came from: measured, cached, standalone, ima_list, path, none"},
    FieldSpec{F::process_entity_id, "process.entity_id", T::text, kEP, kEP,
              "This image of this process: the same in its execution and its end message"},
    FieldSpec{F::process_start, "process.start", T::time_ms, kEP, kEP, "When the image began (its execution)"},
    FieldSpec{F::process_end, "process.end", T::time_ms, kProcessEnd, kProcessEnd, "When the process ended"},
    FieldSpec{F::process_exit_code, "process.exit_code", T::integer, kProcessEnd, kProcessEnd,
              "exit_group's status, as the parent's wait() reads it"},
    FieldSpec{F::process_uptime, "process.uptime", T::integer, kProcessEnd, kProcessEnd,
              "Whole seconds the image ran"},
    FieldSpec{F::process_tty, "process.tty", T::text, kEMP, 0, "tty= (pts0), absent for (none)"},
    FieldSpec{F::process_previous_executable, "process.previous.executable", T::text, kExecution, 0,
              "The image that called exec (IMA's exe=), else the one an in-place exec replaced"},
    FieldSpec{F::parent_pid, "process.parent.pid", T::integer, kEMP, kEMP, "ppid="},
    FieldSpec{F::parent_executable, "process.parent.executable", T::text, kEP, 0,
              "The parent's image, as the process table knew it"},
    FieldSpec{F::parent_args, "process.parent.args", T::list, kEP, 0, "The parent's argv (at most 1 KiB kept)"},
    FieldSpec{F::parent_entity_id, "process.parent.entity_id", T::text, kEP, kEP, "The parent's entity id"},
    FieldSpec{F::parent_source, "process.parent.source", T::words, kEP, 0,
              "Where the table learned the parent: exec, fork, seeded, proc"},
    FieldSpec{F::parent_user_name, "process.parent.user.name", T::text, kEP, 0,
              "The name of the parent's effective uid, as the process table last saw it"},
    FieldSpec{F::user_real_id, "user.real.id", T::integer, kAll, kAll, "uid="},
    FieldSpec{F::user_real_name, "user.real.name", T::text, kEP, 0, "uid='s name (auditd ENRICHED, else NSS)"},
    FieldSpec{F::user_effective_id, "user.effective.id", T::integer, kEMP, kEMP, "euid="},
    FieldSpec{F::user_effective_name, "user.effective.name", T::text, kEP, 0, "euid='s name"},
    FieldSpec{F::user_audit_id, "user.audit.id", T::integer, kAll, kAll, "auid= (the login user), when set"},
    FieldSpec{F::audit_session, "audit.session", T::integer, kEMP, kEMP, "ses=, when set"},
    FieldSpec{F::audit_key, "audit.key", T::text, kEP, 0, "The audit rule's key="},
    FieldSpec{F::audit_subj, "audit.subj", T::text, kEMP, 0, "The LSM label subj="},
    FieldSpec{F::file_path, "file.path", T::text, kEM | kIntegrity, 0,
              "The file the event is about: an execution's script, the file IMA measured, name="},
    FieldSpec{F::file_name, "file.name", T::text, kEM | kIntegrity, 0, "file.path's last component"},
    FieldSpec{F::file_hash_digest, "file.hash.digest", T::text, kEM, kEM, "The file's digest, in hex"},
    FieldSpec{F::file_hash_algorithm, "file.hash.algorithm", T::text, kEM, kEM, "The file's digest's algorithm"},
    FieldSpec{F::file_hash_source, "file.hash.source", T::words, kEM, kEM, "Where the file's hash came from"},
    FieldSpec{F::file_device, "file.device", T::text, kExecution | kIntegrity, 0, "The file's device (fe:00, vda2)"},
    FieldSpec{F::file_inode, "file.inode", T::integer, kExecution | kIntegrity, 0, "The file's inode"},
    FieldSpec{F::container_id, "container.id", T::text, kEP, 0, "The container its control group names"},
    FieldSpec{F::systemd_unit, "systemd.unit", T::text, kEP, 0, "The systemd unit its control group names"},
    FieldSpec{F::integrity_type, "integrity.type", T::text, kIntegrity, 0, "The record type (INTEGRITY_PCR)"},
    FieldSpec{F::integrity_cause, "integrity.cause", T::text, kIntegrity, 0, "cause= (open_writers)"},
    FieldSpec{F::integrity_fields, "integrity.fields", T::pairs, kIntegrity, 0, "Every field of the record, decoded"},
};

constexpr bool in_order() {
    for (size_t i = 0; i < kCatalogue.size(); ++i)
        if (static_cast<size_t>(kCatalogue[i].id) != i) return false;
    return true;
}
static_assert(in_order(), "kCatalogue must list the fields in FieldId order");
static_assert(kCatalogue.size() == static_cast<size_t>(FieldId::integrity_fields) + 1, "a FieldId without its entry");

FieldValue text(const std::optional<std::string>& value, bool whole = false) {
    if (!value) return {};
    return {std::string_view(*value), whole};
}
FieldValue text(std::string_view value, bool whole = false) {
    if (value.empty()) return {};
    return {value, whole};
}
template <typename N>
FieldValue number(const std::optional<N>& value) {
    if (!value) return {};
    if constexpr (std::is_signed_v<N>) return {int64_t{*value}, true};
    else return {uint64_t{*value}, true};
}
FieldValue set_id(const std::optional<uint32_t>& id) {
    if (!id || *id == kUnsetId) return {};
    return number(id);
}
FieldValue time(uint64_t ms) { return {ms, true}; }
FieldValue event_time(const EventKey& key) { return {AuditTime{key.sec, key.msec}, true}; }
FieldValue list(const std::vector<std::string>& items) {
    if (items.empty()) return {};
    return {FieldValue::List{&items}};
}
// A digest or its algorithm: whole when a kernel can have written the hash.
FieldValue hash_part(const std::optional<FileHash>& hash, std::string FileHash::*part) {
    if (!hash) return {};
    return text(std::string_view((*hash).*part), is_plausible_hash(*hash));
}
// The name of the image a path names, else nothing.
FieldValue name_of(const std::optional<std::string>& path, bool whole) {
    if (!path) return {};
    return text(base_name(*path), whole);
}

FieldValue common(FieldId id, const EventKey& key, const EventContext& context, const FieldContext& fields) {
    switch (id) {
        case F::event_time: return event_time(key);
        case F::event_serial: return {key.serial, true};
        case F::event_id: return text(std::string_view(context.id), true);
        case F::host_hostname: return text(key.node.empty() ? fields.default_host : std::string_view(key.node));
        case F::host_id: return context.host ? text(std::string_view(context.host->id), true) : FieldValue{};
        default: return {};
    }
}

FieldValue parent_field(FieldId id, const Lineage& lineage) {
    if (!lineage.parent) return {};
    const ParentProcess& parent = *lineage.parent;
    switch (id) {
        case F::parent_executable: return text(parent.executable);
        case F::parent_args: return list(parent.args);
        case F::parent_entity_id: return text(std::string_view(parent.entity_id), true);
        case F::parent_source: return text(std::string_view(to_string(parent.origin)));
        case F::parent_user_name: return text(parent.user_name);
        default: return {};
    }
}

FieldValue cgroup_field(FieldId id, const std::optional<CgroupFacts>& cgroup) {
    if (!cgroup) return {};
    if (id == F::container_id) return text(cgroup->container_id);
    if (id == F::systemd_unit) return text(cgroup->unit);
    return {};
}

// The ids every task block has, with the names known for them (none for a measurement).
FieldValue task_field(FieldId id, const TaskInfo& task, const UserNames* names) {
    switch (id) {
        case F::process_pid: return number(task.pid);
        case F::parent_pid: return number(task.ppid);
        case F::process_tty: return text(task.tty);
        case F::user_real_id: return number(task.uid);
        case F::user_real_name: return names && task.uid ? text(names->uid) : FieldValue{};
        case F::user_effective_id: return number(task.euid);
        case F::user_effective_name: return names && task.euid ? text(names->euid) : FieldValue{};
        case F::user_audit_id: return set_id(task.auid);
        case F::audit_session: return set_id(task.ses);
        case F::audit_subj: return text(task.subj);
        default: return {};
    }
}

FieldValue read(FieldId id, const ExecEvent& ev) {
    switch (id) {
        case F::event_outcome: {
            auto success = ev.success();
            return success ? FieldValue{*success, true} : FieldValue{};
        }
        case F::process_executable: return text(ev.executable, true);
        case F::process_name: return name_of(ev.executable, true);
        case F::process_args: return list(ev.args);
        case F::process_working_directory: return text(ev.cwd);
        case F::process_hash_digest: return hash_part(ev.hash, &FileHash::digest);
        case F::process_hash_algorithm: return hash_part(ev.hash, &FileHash::algorithm);
        case F::process_hash_source: return text(std::string_view(to_string(ev.hash_source)), true);
        case F::process_entity_id: return text(std::string_view(ev.lineage.entity_id), true);
        case F::process_start: return ev.lineage.start_ms ? time(*ev.lineage.start_ms) : FieldValue{};
        case F::process_previous_executable:
            return text(ev.previous_executable ? ev.previous_executable : ev.lineage.replaced_executable);
        case F::audit_key: return ev.syscall ? text(ev.syscall->key) : FieldValue{};
        case F::parent_executable:
        case F::parent_args:
        case F::parent_entity_id:
        case F::parent_source:
        case F::parent_user_name: return parent_field(id, ev.lineage);
        case F::container_id:
        case F::systemd_unit: return cgroup_field(id, ev.cgroup);
        default: break;
    }
    if (ev.script) {
        const ScriptFile& script = *ev.script;
        switch (id) {
            case F::file_path: return text(std::string_view(script.path));
            case F::file_name: return text(base_name(script.path));
            case F::file_hash_digest: return hash_part(script.hash, &FileHash::digest);
            case F::file_hash_algorithm: return hash_part(script.hash, &FileHash::algorithm);
            case F::file_hash_source: return text(std::string_view(to_string(script.hash_source)), true);
            case F::file_device: return script.id ? text(std::string_view(script.id->dev)) : FieldValue{};
            case F::file_inode: return script.id ? FieldValue{script.id->inode, true} : FieldValue{};
            default: break;
        }
    }
    return task_field(id, ev.task, &ev.names);
}

FieldValue read(FieldId id, const FileMeasurementEvent& ev) {
    const ImaRecord& m = ev.measurement;
    switch (id) {
        case F::process_executable: return text(m.task.exe);
        case F::process_name: return text(m.task.comm);
        case F::file_path: return text(std::string_view(m.file));
        case F::file_name: return text(base_name(m.file));
        case F::file_hash_digest: return hash_part(m.hash, &FileHash::digest);
        case F::file_hash_algorithm: return hash_part(m.hash, &FileHash::algorithm);
        case F::file_hash_source: return text(std::string_view(to_string(m.hash ? HashSource::measured : HashSource::none)), true);
        default: return task_field(id, m.task, nullptr);
    }
}

FieldValue read(FieldId id, const IntegrityEvent& ev) {
    switch (id) {
        case F::event_outcome: {
            auto success = integrity_success(ev);
            return success ? FieldValue{*success, true} : FieldValue{};
        }
        case F::process_pid: return number(ev.pid);
        case F::process_name: return text(ev.comm);
        case F::user_real_id: return number(ev.uid);
        case F::user_audit_id: return set_id(ev.auid);
        case F::file_path: return text(ev.name);
        case F::file_name: return name_of(ev.name, false);
        case F::file_device: return text(ev.dev);
        case F::file_inode: return number(ev.ino);
        case F::integrity_type: return {integrity_type_name(ev), false};
        case F::integrity_cause: return text(ev.cause);
        case F::integrity_fields: return ev.fields.empty() ? FieldValue{} : FieldValue{FieldValue::Pairs{&ev.fields}};
        default: return {};
    }
}

FieldValue read(FieldId id, const ProcessEndEvent& ev) {
    const TaskInfo& task = ev.task;
    switch (id) {
        case F::process_executable: return text(task.exe, true);
        case F::process_name: return task.exe ? name_of(task.exe, true) : text(task.comm);
        case F::process_args: return list(ev.args);
        case F::process_entity_id: return text(std::string_view(ev.lineage.entity_id), true);
        case F::process_start: return ev.lineage.start_ms ? time(*ev.lineage.start_ms) : FieldValue{};
        case F::process_end: return event_time(ev.key);
        case F::process_exit_code: return number(ev.exit_code);
        case F::process_uptime: return number(uptime_seconds(ev.key, ev.lineage));
        case F::audit_key: return text(ev.rule_key);
        case F::parent_executable:
        case F::parent_args:
        case F::parent_entity_id:
        case F::parent_source:
        case F::parent_user_name: return parent_field(id, ev.lineage);
        case F::container_id:
        case F::systemd_unit: return cgroup_field(id, ev.cgroup);
        default: return task_field(id, task, &ev.names);
    }
}

FieldValue read(FieldId, const ForkEvent&) { return {}; }

template <typename E>
constexpr uint8_t kind_of_type() {
    if constexpr (std::is_same_v<E, ExecEvent>) return kExecution;
    else if constexpr (std::is_same_v<E, FileMeasurementEvent>) return kMeasurement;
    else if constexpr (std::is_same_v<E, IntegrityEvent>) return kIntegrity;
    else if constexpr (std::is_same_v<E, ProcessEndEvent>) return kProcessEnd;
    else return 0;
}

}  // namespace

std::span<const FieldSpec> field_catalogue() { return kCatalogue; }

const FieldSpec& field_spec(FieldId id) { return kCatalogue[static_cast<size_t>(id)]; }

FieldValue read_field(FieldId id, const Event& event, const FieldContext& context) {
    return std::visit(
        [&](const auto& ev) -> FieldValue {
            using E = std::decay_t<decltype(ev)>;
            // A field the catalogue does not give this kind is absent, whatever the event holds.
            if (!(field_spec(id).kinds & kind_of_type<E>())) return {};
            if constexpr (!std::is_same_v<E, ForkEvent>) {
                FieldValue shared = common(id, ev.key, ev.context, context);
                if (shared.present()) return shared;
            }
            return read(id, ev);
        },
        event);
}

uint8_t event_kind(const Event& event) {
    return std::visit([](const auto& ev) { return kind_of_type<std::decay_t<decltype(ev)>>(); }, event);
}

std::string_view kind_name(uint8_t kind) {
    switch (kind) {
        case kExecution: return "execution";
        case kMeasurement: return "measurement";
        case kIntegrity: return "integrity";
        case kProcessEnd: return "process_end";
        default: throw std::invalid_argument("kind_name: not one kind");
    }
}

}  // namespace audisp_ima
