#include "formatters/json_formatter.h"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>
#include <variant>

#include "enrich/host_facts.h"
#include "formatters/event_words.h"
#include "formatters/json_path_writer.h"
#include "formatters/text_sanitize.h"
#include "parser/path_resolve.h"

namespace audisp_ima {
namespace {

constexpr const char* kEcsVersion = "8.11.0";
constexpr const char* kModule = "audisp-ima";
// The line is written into the formatter's buffer, kept from message to message, and copied out
// at its exact size: a message waits in the queue at about 1.2 KiB (the bench stream's typical
// execution; a measurement about 0.8), not in a string reserved for a long one. A buffer grown
// past kKeptLineBytes by a long line is let go after it.
constexpr size_t kKeptLineBytes = 65536;

// Writes the line as it goes, by dotted path ("process.parent.pid"): an object only appears once
// something is put in it, and absent optionals are skipped, never null. There is no DOM: the
// members of one object must be put one after another, and audisp_ima last, since the list of
// fields that held invalid UTF-8 (audisp_ima.invalid_utf8) can only be written at the end.
class Document {
public:
    Document(std::string& buffer, Shortening shortening)
        : out_(cleared(buffer)), paths_(out_), shortening_(shortening) {}
    Document(const Document&) = delete;
    Document& operator=(const Document&) = delete;

    // The writer positioned for the value of `path`.
    JsonWriter& at(const JsonPath& path) { return paths_.member(path); }
    // The writer inside the array or object value just begun.
    JsonWriter& writer() { return paths_.writer(); }

    // Records `path` in audisp_ima.invalid_utf8 (once) when bytes of its value were replaced.
    void note_invalid(std::string_view path) {
        if (std::find(invalid_.begin(), invalid_.end(), path) == invalid_.end()) invalid_.emplace_back(path);
    }

    // Text from the event, shortened as asked and written as valid UTF-8, replaced bytes being
    // noted under `path`.
    void text(const JsonPath& path, std::string_view value) { whole(path, shortened(value)); }
    // Text never cut: the event's identity, words of our own, values already shortened.
    void whole(const JsonPath& path, std::string_view value) {
        if (at(path).string(value)) note_invalid(path.text());
    }
    void optional_text(const JsonPath& path, const std::optional<std::string>& value) {
        if (value) text(path, *value);
    }
    // An array element or inner member of a value begun with at(); replacements noted under `path`.
    void element(std::string_view value, std::string_view path) { whole_element(shortened(value), path); }
    void whole_element(std::string_view value, std::string_view path) {
        if (writer().string(value)) note_invalid(path);
    }
    void inner(std::string_view key, std::string_view value, std::string_view path) {
        writer().key(key);
        element(value, path);
    }
    // The event's identity when plausible, else a value like any other.
    void hash_text(const JsonPath& path, const FileHash& hash, const std::string& value) {
        if (is_plausible_hash(hash)) whole(path, value);
        else text(path, value);
    }
    std::string_view shortened(std::string_view value) { return shorten(value, shortening_, scratch_); }
    const Shortening& shortening() const { return shortening_; }

    template <typename T>
    void number(const JsonPath& path, const std::optional<T>& value) {
        if (value) at(path).number(*value);
    }
    // ECS keyword ids are strings even when numeric.
    template <typename T>
    void id(const JsonPath& path, const std::optional<T>& value) {
        if (value) at(path).number_string(*value);
    }
    // ["word"]: ECS categorization fields are arrays even with one value.
    void word_array(const JsonPath& path, std::string_view word) {
        JsonWriter& array = at(path);
        array.begin_array();
        array.string(word);
        array.end_array();
    }

    std::string finish() {
        if (!invalid_.empty()) {
            JsonWriter& list = at("audisp_ima.invalid_utf8");
            list.begin_array();
            for (const auto& path : invalid_) list.string(path);
            list.end_array();
        }
        paths_.finish();
        std::string line(out_);
        if (out_.capacity() > kKeptLineBytes) std::string().swap(out_);
        return line;
    }

private:
    static std::string& cleared(std::string& buffer) {
        buffer.clear();
        return buffer;
    }

    std::string& out_;  // before paths_, which writes into it from its constructor on
    JsonPathWriter paths_;
    Shortening shortening_;
    std::string scratch_;  // the value last shortened; written before the next one is
    std::vector<std::string> invalid_;
};

void put_common(Document& doc, const EventKey& key) {
    doc.whole("@timestamp", rfc3339_utc(key.sec, key.msec));
    doc.whole("ecs.version", kEcsVersion);
    doc.whole("event.kind", "event");
}

void put_event_tail(Document& doc, const EventKey& key, const EventContext& context, const char* dataset,
                    const FormatterOptions& options) {
    doc.at("event.sequence").number(key.serial);
    doc.whole("event.module", kModule);
    doc.whole("event.dataset", dataset);
    if (!context.id.empty()) doc.whole("event.id", context.id);  // bounded (enrich/event_id_stage): never cut
    const std::string& host = host_of(key, options);
    if (!host.empty()) doc.text("host.hostname", host);
    if (const HostFacts* facts = context.host) {  // this host's own event (enrich/host_stage)
        auto put = [&](const JsonPath& path, const std::string& value) {
            if (!value.empty()) doc.text(path, value);
        };
        put("host.name", facts->name);
        if (!facts->id.empty()) doc.whole("host.id", facts->id);  // 32 hex digits: never cut
        put("host.os.type", facts->os_type);
        put("host.os.family", facts->os_family);
        put("host.os.name", facts->os_name);
        put("host.os.version", facts->os_version);
        put("host.os.platform", facts->os_platform);
        put("host.os.kernel", facts->kernel);
    }
}

// The event.* block every message opens with.
struct EventHeading {
    std::string_view category, type, action;
    const char* dataset;
    std::optional<std::string_view> outcome;  // nullopt: no event.outcome (a process end has none)
};

void put_event(Document& doc, const EventKey& key, const EventContext& context, const EventHeading& heading,
               const FormatterOptions& options) {
    put_common(doc, key);
    doc.word_array("event.category", heading.category);
    doc.word_array("event.type", heading.type);
    doc.text("event.action", heading.action);
    if (heading.outcome) doc.text("event.outcome", *heading.outcome);
    put_event_tail(doc, key, context, heading.dataset, options);
}

// {"<algorithm>": "<hex digest>"} at `path` (ECS hash.*), only for an algorithm the kernel has a
// name for: anything else in the record ("unknown", garbage before the ':') is no key. The digest
// is hex when it comes from parse_ima_hash; the raw value stays in audisp_ima.
void put_hash(Document& doc, const JsonPath& path, const FileHash& hash) {
    if (!is_kernel_hash_algorithm(hash.algorithm)) return;
    JsonWriter& object = doc.at(path);
    object.begin_object();
    object.key(hash.algorithm);
    if (is_plausible_hash(hash)) doc.whole_element(hash.digest, path.text());
    else doc.element(hash.digest, path.text());
    object.end_object();
}

// The user and group ids and the terminal of a task block, after process.parent; each id's name
// beside it when known (`names`: auditd's ENRICHED text or the identity stage).
void put_process_ids(Document& doc, const TaskInfo& task, const UserNames* names = nullptr) {
    auto put = [&](const JsonPath& id_path, const JsonPath& name_path, const std::optional<uint32_t>& id,
                   std::optional<std::string> UserNames::*name) {
        doc.id(id_path, id);
        if (id && names) doc.optional_text(name_path, names->*name);
    };
    put("process.user.id", "process.user.name", task.euid, &UserNames::euid);
    put("process.real_user.id", "process.real_user.name", task.uid, &UserNames::uid);
    put("process.saved_user.id", "process.saved_user.name", task.suid, &UserNames::suid);
    put("process.group.id", "process.group.name", task.egid, &UserNames::egid);
    put("process.real_group.id", "process.real_group.name", task.gid, &UserNames::gid);
    put("process.saved_group.id", "process.saved_group.name", task.sgid, &UserNames::sgid);
    // ECS makes process.tty an object (char_device.*), so the name cannot be process.tty itself.
    doc.optional_text("process.tty.name", task.tty);
}

std::string ms_time(uint64_t ms) { return rfc3339_utc(ms / 1000, static_cast<uint32_t>(ms % 1000)); }

struct CommandPaths {
    JsonPath args, args_count, command_line;
};
constexpr CommandPaths kProcessCommand{"process.args", "process.args_count", "process.command_line"};
constexpr CommandPaths kParentCommand{"process.parent.args", "process.parent.args_count", "process.parent.command_line"};

// args, args_count and command_line of a process.
void put_command(Document& doc, const CommandPaths& paths, const std::vector<std::string>& items,
                 std::optional<uint64_t> argc) {
    PrintedList args(items, doc.shortening(), "argument");
    if (!items.empty()) {
        JsonWriter& array = doc.at(paths.args);
        array.begin_array();
        for (std::string_view arg : args.items()) doc.whole_element(arg, paths.args.text());
        array.end_array();
    }
    if (argc) doc.at(paths.args_count).number(*argc);
    else if (!items.empty()) doc.at(paths.args_count).number(items.size());
    // command_line(items) as the CEF formatter has it, without building the joined string.
    if (!items.empty() && doc.at(paths.command_line).joined_string(args.items(), ' '))
        doc.note_invalid(paths.command_line.text());
}

// What the process table knew of the parent (enrich/process_stage): where it learned it is in
// audisp_ima.parent_source.
void put_parent(Document& doc, const std::optional<int64_t>& ppid, const Lineage& lineage) {
    doc.number("process.parent.pid", ppid);
    const auto& parent = lineage.parent;
    if (!parent) return;
    doc.whole("process.parent.entity_id", parent->entity_id);
    if (parent->executable) {
        doc.text("process.parent.executable", *parent->executable);
        auto name = base_name(*parent->executable);
        if (!name.empty()) doc.text("process.parent.name", name);
    } else if (parent->name) {
        doc.text("process.parent.name", *parent->name);  // the kernel's comm: no image was readable
    }
    put_command(doc, kParentCommand, parent->args, std::nullopt);
    if (parent->start_ms) doc.whole("process.parent.start", ms_time(*parent->start_ms));
    doc.id("process.parent.user.id", parent->user_id);
    doc.optional_text("process.parent.user.name", parent->user_name);
}

void put_process(Document& doc, const ExecEvent& ev) {
    const TaskInfo& task = ev.task;
    doc.number("process.pid", task.pid);
    if (!ev.lineage.entity_id.empty()) doc.whole("process.entity_id", ev.lineage.entity_id);  // bounded: never cut
    if (ev.lineage.start_ms) doc.whole("process.start", ms_time(*ev.lineage.start_ms));
    // The image that runs is the execution's identity: never cut.
    if (ev.executable) {
        doc.whole("process.executable", *ev.executable);
        auto name = base_name(*ev.executable);
        if (!name.empty()) doc.whole("process.name", name);
    }
    put_command(doc, kProcessCommand, ev.args, ev.argc);
    doc.optional_text("process.working_directory", ev.cwd);
    if (ev.hash) put_hash(doc, "process.hash", *ev.hash);
    put_parent(doc, ev.task.ppid, ev.lineage);
    // IMA's pre-exec image, else the image an in-place exec replaced as the process table saw it.
    doc.optional_text("process.previous.executable",
                      ev.previous_executable ? ev.previous_executable : ev.lineage.replaced_executable);
    put_process_ids(doc, task, &ev.names);
}

// user.* is the real user (uid) and the login user (auid), with their names when known.
void put_user(Document& doc, std::optional<uint32_t> uid, std::optional<uint32_t> auid,
              const UserNames* names = nullptr) {
    doc.id("user.id", uid);
    if (uid && names) doc.optional_text("user.name", names->uid);
    if (is_set_id(auid)) {
        doc.id("user.audit.id", auid);
        if (names) doc.optional_text("user.audit.name", names->auid);
    }
}

// One element of audisp_ima.measurements: the record, and the PATH identity it was tied to if any.
void put_measurement(Document& doc, const ImaRecord& record, const std::optional<std::string>& dev,
                     std::optional<uint64_t> inode) {
    JsonWriter& out = doc.writer();
    out.begin_object();
    doc.inner("path", record.file, "audisp_ima.measurements.path");
    if (record.hash) {
        const FileHash& hash = *record.hash;
        bool identity = is_plausible_hash(hash);
        auto put = [&](std::string_view key, const std::string& value, std::string_view path) {
            out.key(key);
            if (identity) doc.whole_element(value, path);
            else doc.element(value, path);
        };
        put("hash", hash.raw, "audisp_ima.measurements.hash");
        put("algorithm", hash.algorithm, "audisp_ima.measurements.algorithm");
        put("digest", hash.digest, "audisp_ima.measurements.digest");
    }
    if (dev) doc.inner("dev", *dev, "audisp_ima.measurements.dev");
    if (inode) {
        out.key("inode");
        out.number_string(*inode);
    }
    out.end_object();
}

// The directory part of an absolute path: "/usr/lib64/ld-2.17.so" -> "/usr/lib64", "/init" -> "/".
// Nothing for a path without '/' (IMA writes the bare dentry name when d_path fails) or for "/".
std::optional<std::string_view> directory_of(std::string_view path) {
    while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
    auto slash = path.rfind('/');
    if (slash == std::string_view::npos || path.size() == 1) return std::nullopt;
    return slash == 0 ? path.substr(0, 1) : path.substr(0, slash);
}

// ECS file.path, file.name, file.directory, file.hash.<algorithm>, and file.inode / file.device
// when the file's identity is known: the one file the event is about.
void put_file(Document& doc, const std::string& path, const std::optional<FileHash>& hash,
              const std::optional<FileId>& id = std::nullopt) {
    if (path.empty()) return;  // file="" says nothing; the hash alone is in audisp_ima
    doc.text("file.path", path);
    auto name = base_name(path);
    if (!name.empty()) doc.text("file.name", name);
    if (auto directory = directory_of(path)) doc.text("file.directory", *directory);
    if (hash) put_hash(doc, "file.hash", *hash);
    if (id) {
        doc.at("file.inode").number_string(id->inode);
        doc.text("file.device", id->dev);
    }
}

// container.*: the container the control group names.
void put_container(Document& doc, const std::optional<CgroupFacts>& cgroup) {
    if (!cgroup || !cgroup->container_id) return;
    doc.whole("container.id", *cgroup->container_id);  // 64 hex digits: never cut
    if (cgroup->runtime) doc.whole("container.runtime", *cgroup->runtime);
}

// The control group itself, inside audisp_ima.*.
void put_cgroup(Document& doc, const std::optional<CgroupFacts>& cgroup) {
    if (!cgroup) return;
    doc.text("audisp_ima.cgroup", cgroup->path);
    doc.optional_text("audisp_ima.systemd_unit", cgroup->unit);
    doc.whole("audisp_ima.cgroup_source", cgroup->source);
}

void put_exec_extras(Document& doc, const ExecEvent& ev) {
    doc.at("audisp_ima.serial").number(ev.key.serial);
    if (!ev.key.node.empty()) doc.text("audisp_ima.node", ev.key.node);
    if (is_set_id(ev.task.ses)) doc.number("audisp_ima.session", ev.task.ses);
    if (ev.syscall) {
        const SyscallRecord& sc = *ev.syscall;
        doc.optional_text("audisp_ima.key", sc.key);
        if (sc.name) doc.text("audisp_ima.syscall", *sc.name);
        else doc.id("audisp_ima.syscall", sc.number);
        doc.optional_text("audisp_ima.arch", sc.arch);
        doc.number("audisp_ima.exit", sc.exit);
    }
    doc.whole("audisp_ima.hash_source", to_string(ev.hash_source));
    if (ev.hash) doc.hash_text("audisp_ima.hash", *ev.hash, ev.hash->raw);
    if (ev.names.source != NameSource::none) doc.whole("audisp_ima.names_source", to_string(ev.names.source));
    if (ev.script) {
        // The script's hash and path are in file.*; where the hash came from, and the value as
        // the kernel wrote it, here beside the image's.
        doc.whole("audisp_ima.script_hash_source", to_string(ev.script->hash_source));
        if (ev.script->hash) doc.hash_text("audisp_ima.script_hash", *ev.script->hash, ev.script->hash->raw);
    }
    doc.optional_text("audisp_ima.subj", ev.task.subj);
    doc.optional_text("audisp_ima.previous_comm", ev.previous_name);
    if (ev.lineage.parent) doc.whole("audisp_ima.parent_source", to_string(ev.lineage.parent->origin));
    if (ev.lineage.replaced_entity_id) doc.whole("audisp_ima.replaced_entity_id", *ev.lineage.replaced_entity_id);
    put_cgroup(doc, ev.cgroup);
    if (!ev.measurements.empty()) {
        KeptItems kept = kept_items(ev.measurements.size(), doc.shortening());
        JsonWriter& list = doc.at("audisp_ima.measurements");
        list.begin_array();
        for (size_t i = 0; i < ev.measurements.size(); ++i) {
            if (i == kept.head) i += kept.dropped;
            const auto& m = ev.measurements[i];
            put_measurement(doc, m.record, m.dev, m.inode);
        }
        list.end_array();
        if (kept.dropped > 0) doc.at("audisp_ima.measurements_dropped").number(kept.dropped);
    }
    if (ev.args_incomplete) doc.at("audisp_ima.args_incomplete").boolean(true);
}

}  // namespace

std::string JsonFormatter::format(const Event& event, const Shortening& shortening) const {
    return std::visit([&](const auto& kind) { return format_kind(kind, shortening); }, event);
}

std::string JsonFormatter::format_kind(const ExecEvent& ev, const Shortening& shortening) const {
    Document doc(line_, shortening);
    put_event(doc, ev.key, ev.context, {"process", "start", "executed", "audisp_ima.exec", outcome_word(ev.success())},
              options_);
    put_process(doc, ev);
    put_user(doc, ev.task.uid, ev.task.auid, &ev.names);
    // A "#!" run: the process image is the interpreter (process.*), the file the execve named and
    // the event is about is the script (file.*).
    if (ev.script) put_file(doc, ev.script->path, ev.script->hash, ev.script->id);
    put_container(doc, ev.cgroup);
    put_exec_extras(doc, ev);
    return doc.finish();
}

// A file event: the file IMA measured, and the process whose exec, mmap or read caused it. The
// measurement has no result of its own (no res=), so the outcome is unknown.
std::string JsonFormatter::format_kind(const FileMeasurementEvent& ev, const Shortening& shortening) const {
    const ImaRecord& m = ev.measurement;
    const TaskInfo& task = m.task;
    Document doc(line_, shortening);
    put_event(doc, ev.key, ev.context,
              {"file", "info", "measured", "audisp_ima.measurement", outcome_word(std::nullopt)}, options_);

    doc.number("process.pid", task.pid);
    doc.optional_text("process.executable", task.exe);
    doc.optional_text("process.name", task.comm);
    doc.number("process.parent.pid", task.ppid);
    put_process_ids(doc, task);
    put_user(doc, task.uid, task.auid);
    put_file(doc, m.file, m.hash);

    doc.at("audisp_ima.serial").number(ev.key.serial);
    if (!ev.key.node.empty()) doc.text("audisp_ima.node", ev.key.node);
    if (is_set_id(task.ses)) doc.number("audisp_ima.session", task.ses);
    doc.whole("audisp_ima.hash_source", to_string(m.hash ? HashSource::measured : HashSource::none));
    if (m.hash) doc.hash_text("audisp_ima.hash", *m.hash, m.hash->raw);
    doc.optional_text("audisp_ima.subj", task.subj);
    // The same list an execution carries, for readers that take every measurement from it.
    JsonWriter& list = doc.at("audisp_ima.measurements");
    list.begin_array();
    put_measurement(doc, m, std::nullopt, std::nullopt);
    list.end_array();
    return doc.finish();
}

std::string JsonFormatter::format_kind(const IntegrityEvent& ev, const Shortening& shortening) const {
    Document doc(line_, shortening);
    bool policy = is_policy_record(ev);
    const std::string action = integrity_action(ev);
    put_event(doc, ev.key, ev.context,
              {policy ? "configuration" : "file", policy ? "change" : "info", action, "audisp_ima.integrity",
               outcome_word(integrity_success(ev))},
              options_);

    doc.number("process.pid", ev.pid);
    doc.optional_text("process.name", ev.comm);
    put_user(doc, ev.uid, ev.auid);
    doc.optional_text("file.path", ev.name);
    if (ev.name) {
        auto name = base_name(*ev.name);
        if (!name.empty()) doc.text("file.name", name);
    }
    doc.optional_text("file.device", ev.dev);
    doc.id("file.inode", ev.ino);
    if (ev.error_code && *ev.error_code != 0) doc.id("error.code", ev.error_code);

    doc.at("audisp_ima.serial").number(ev.key.serial);
    if (!ev.key.node.empty()) doc.text("audisp_ima.node", ev.key.node);
    doc.text("audisp_ima.record_type", integrity_type_name(ev));
    doc.optional_text("audisp_ima.op", ev.op);
    doc.optional_text("audisp_ima.cause", ev.cause);
    doc.number("audisp_ima.res", ev.res);
    doc.number("audisp_ima.errno", ev.error_code);
    if (is_set_id(ev.ses)) doc.number("audisp_ima.session", ev.ses);
    doc.optional_text("audisp_ima.subj", ev.subj);
    if (!ev.fields.empty()) {
        JsonWriter& fields = doc.at("audisp_ima.fields");
        fields.begin_object();
        // Names as written, after replacement: two names that differ only in invalid bytes are
        // one key. Integrity records have a dozen fields, a linear search is enough.
        // A name is shortened like a value; two long names alike up to the cut are then one key.
        KeptItems kept = kept_items(ev.fields.size(), doc.shortening());
        std::vector<std::string> written;
        for (size_t i = 0; i < ev.fields.size(); ++i) {
            if (i == kept.head) i += kept.dropped;
            const DecodedField& f = ev.fields[i];
            bool replaced = false;
            std::string name = to_valid_utf8(doc.shortened(f.name), &replaced);
            if (replaced) doc.note_invalid("audisp_ima.fields");
            if (std::find(written.begin(), written.end(), name) != written.end())
                continue;  // a repeated name keeps its first value
            fields.key(name);
            doc.element(f.value, "audisp_ima.fields." + name);
            written.push_back(std::move(name));
        }
        fields.end_object();
        if (kept.dropped > 0) doc.at("audisp_ima.fields_dropped").number(kept.dropped);
    }
    return doc.finish();
}

// Sysmon's ProcessTerminate: the process that ended, with the entity id of the image it ran
// (the same as that image's execution message), its exit status and how long it ran.
std::string JsonFormatter::format_kind(const ProcessEndEvent& ev, const Shortening& shortening) const {
    const TaskInfo& task = ev.task;
    Document doc(line_, shortening);
    put_event(doc, ev.key, ev.context, {"process", "end", "exited", "audisp_ima.process_end", std::nullopt}, options_);

    doc.number("process.pid", task.pid);
    if (!ev.lineage.entity_id.empty()) doc.whole("process.entity_id", ev.lineage.entity_id);
    if (ev.lineage.start_ms) doc.whole("process.start", ms_time(*ev.lineage.start_ms));
    doc.whole("process.end", rfc3339_utc(ev.key.sec, ev.key.msec));
    doc.number("process.uptime", uptime_seconds(ev.key, ev.lineage));
    doc.number("process.exit_code", ev.exit_code);
    if (task.exe) {
        doc.whole("process.executable", *task.exe);
        auto name = base_name(*task.exe);
        if (!name.empty()) doc.whole("process.name", name);
    } else {
        doc.optional_text("process.name", task.comm);
    }
    put_command(doc, kProcessCommand, ev.args, std::nullopt);
    put_parent(doc, task.ppid, ev.lineage);
    put_process_ids(doc, task, &ev.names);
    put_user(doc, task.uid, task.auid, &ev.names);
    put_container(doc, ev.cgroup);

    doc.at("audisp_ima.serial").number(ev.key.serial);
    if (!ev.key.node.empty()) doc.text("audisp_ima.node", ev.key.node);
    if (is_set_id(task.ses)) doc.number("audisp_ima.session", task.ses);
    doc.optional_text("audisp_ima.key", ev.rule_key);
    doc.whole("audisp_ima.syscall", "exit_group");
    if (ev.names.source != NameSource::none) doc.whole("audisp_ima.names_source", to_string(ev.names.source));
    doc.optional_text("audisp_ima.subj", task.subj);
    doc.optional_text("audisp_ima.comm", task.comm);
    if (ev.lineage.parent) doc.whole("audisp_ima.parent_source", to_string(ev.lineage.parent->origin));
    put_cgroup(doc, ev.cgroup);
    return doc.finish();
}

std::string JsonFormatter::format_kind(const ForkEvent&, const Shortening&) const {
    throw std::logic_error("a fork event feeds the process table and has no message");
}

}  // namespace audisp_ima
