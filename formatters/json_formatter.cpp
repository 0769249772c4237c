#include "formatters/json_formatter.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "formatters/event_words.h"
#include "formatters/text_sanitize.h"
#include "parser/path_resolve.h"

namespace audisp_ima {
namespace {

using Json = nlohmann::ordered_json;  // insertion order: @timestamp and event.* come first

constexpr const char* kEcsVersion = "8.11.0";
constexpr const char* kModule = "audisp-ima";

// Builds the document by dotted path ("process.parent.pid"), creating objects on first use, so an
// object only appears once something is put in it. Absent optionals are skipped, never null.
class Document {
public:
    // Valid UTF-8 for `text`; records `path` in audisp_ima.invalid_utf8 when bytes were replaced.
    std::string clean(std::string_view text, std::string_view path) {
        bool replaced = false;
        std::string out = to_valid_utf8(text, &replaced);
        if (replaced && std::find(invalid_.begin(), invalid_.end(), path) == invalid_.end())
            invalid_.emplace_back(path);
        return out;
    }

    Json& at(std::string_view path) {
        Json* node = &root_;
        while (true) {
            auto dot = path.find('.');
            node = &(*node)[std::string(path.substr(0, dot))];
            if (dot == std::string_view::npos) return *node;
            path.remove_prefix(dot + 1);
        }
    }

    void text(std::string_view path, std::string_view value) { at(path) = clean(value, path); }
    void optional_text(std::string_view path, const std::optional<std::string>& value) {
        if (value) text(path, *value);
    }
    template <typename T>
    void number(std::string_view path, const std::optional<T>& value) {
        if (value) at(path) = *value;
    }
    // ECS keyword ids are strings even when numeric.
    template <typename T>
    void id(std::string_view path, const std::optional<T>& value) {
        if (value) at(path) = std::to_string(*value);
    }

    std::string dump() {
        if (!invalid_.empty()) at("audisp_ima.invalid_utf8") = invalid_;
        return root_.dump();
    }

private:
    Json root_ = Json::object();
    std::vector<std::string> invalid_;
};

void put_common(Document& doc, const EventKey& key) {
    doc.text("@timestamp", rfc3339_utc(key.sec, key.msec));
    doc.text("ecs.version", kEcsVersion);
    doc.text("event.kind", "event");
}

void put_event_tail(Document& doc, const EventKey& key, const char* dataset, const FormatterOptions& options) {
    doc.at("event.sequence") = key.serial;
    doc.text("event.module", kModule);
    doc.text("event.dataset", dataset);
    const std::string& host = host_of(key, options);
    if (!host.empty()) doc.text("host.hostname", host);
}

void put_process(Document& doc, const ExecEvent& ev) {
    const TaskInfo& task = ev.task;
    doc.number("process.pid", task.pid);
    doc.optional_text("process.executable", ev.executable);
    if (ev.executable) {
        auto name = base_name(*ev.executable);
        if (!name.empty()) doc.text("process.name", name);
    }
    if (!ev.args.empty()) {
        Json& args = doc.at("process.args") = Json::array();
        for (const auto& arg : ev.args) args.push_back(doc.clean(arg, "process.args"));
    }
    if (ev.argc) doc.at("process.args_count") = *ev.argc;
    else if (!ev.args.empty()) doc.at("process.args_count") = ev.args.size();
    if (!ev.args.empty()) doc.text("process.command_line", command_line(ev.args));
    doc.optional_text("process.working_directory", ev.cwd);
    if (ev.hash && ev.hash->algorithm != "unknown")
        doc.at("process.hash")[doc.clean(ev.hash->algorithm, "process.hash")] = doc.clean(ev.hash->digest, "process.hash");
    doc.number("process.parent.pid", task.ppid);
    doc.optional_text("process.previous.executable", ev.previous_executable);
    doc.id("process.user.id", task.euid);
    doc.id("process.real_user.id", task.uid);
    doc.id("process.saved_user.id", task.suid);
    doc.id("process.group.id", task.egid);
    doc.id("process.real_group.id", task.gid);
    doc.id("process.saved_group.id", task.sgid);
    // ECS makes process.tty an object (char_device.*), so the name cannot be process.tty itself.
    doc.optional_text("process.tty.name", task.tty);
}

void put_user(Document& doc, std::optional<uint32_t> uid, std::optional<uint32_t> auid) {
    doc.id("user.id", uid);
    if (is_set_id(auid)) doc.id("user.audit.id", auid);
}

Json measurement_json(Document& doc, const Measurement& m) {
    constexpr std::string_view kPath = "audisp_ima.measurements.";
    auto path = [&](const char* field) { return std::string(kPath) + field; };
    Json out = Json::object();
    out["path"] = doc.clean(m.record.file, path("path"));
    if (m.record.hash) {
        out["hash"] = doc.clean(m.record.hash->raw, path("hash"));
        out["algorithm"] = doc.clean(m.record.hash->algorithm, path("algorithm"));
        out["digest"] = doc.clean(m.record.hash->digest, path("digest"));
    }
    if (m.dev) out["dev"] = doc.clean(*m.dev, path("dev"));
    if (m.inode) out["inode"] = std::to_string(*m.inode);
    return out;
}

void put_exec_extras(Document& doc, const ExecEvent& ev) {
    doc.at("audisp_ima.serial") = ev.key.serial;
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
    doc.text("audisp_ima.hash_source", to_string(ev.hash_source));
    if (ev.hash) doc.text("audisp_ima.hash", ev.hash->raw);
    doc.optional_text("audisp_ima.subj", ev.task.subj);
    doc.optional_text("audisp_ima.previous_comm", ev.previous_name);
    if (!ev.measurements.empty()) {
        Json list = Json::array();
        for (const auto& m : ev.measurements) list.push_back(measurement_json(doc, m));
        doc.at("audisp_ima.measurements") = std::move(list);
    }
    if (ev.args_incomplete) doc.at("audisp_ima.args_incomplete") = true;
}

}  // namespace

std::string JsonFormatter::format(const Event& event) const {
    if (const auto* exec = std::get_if<ExecEvent>(&event)) return format_exec(*exec);
    return format_integrity(std::get<IntegrityEvent>(event));
}

std::string JsonFormatter::format_exec(const ExecEvent& ev) const {
    Document doc;
    put_common(doc, ev.key);
    doc.at("event.category") = Json::array({"process"});
    doc.at("event.type") = Json::array({"start"});
    doc.text("event.action", ev.is_execution() ? "executed" : "measured");
    doc.text("event.outcome", outcome_word(ev.success()));
    put_event_tail(doc, ev.key, ev.is_execution() ? "audisp_ima.exec" : "audisp_ima.measurement", options_);
    put_process(doc, ev);
    put_user(doc, ev.task.uid, ev.task.auid);
    put_exec_extras(doc, ev);
    return doc.dump();
}

std::string JsonFormatter::format_integrity(const IntegrityEvent& ev) const {
    Document doc;
    put_common(doc, ev.key);
    bool policy = is_policy_record(ev);
    doc.at("event.category") = Json::array({policy ? "configuration" : "file"});
    doc.at("event.type") = Json::array({policy ? "change" : "info"});
    doc.text("event.action", integrity_action(ev));
    doc.text("event.outcome", outcome_word(integrity_success(ev)));
    put_event_tail(doc, ev.key, "audisp_ima.integrity", options_);

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

    doc.at("audisp_ima.serial") = ev.key.serial;
    if (!ev.key.node.empty()) doc.text("audisp_ima.node", ev.key.node);
    doc.text("audisp_ima.record_type", integrity_type_name(ev));
    doc.optional_text("audisp_ima.op", ev.op);
    doc.optional_text("audisp_ima.cause", ev.cause);
    doc.number("audisp_ima.res", ev.res);
    doc.number("audisp_ima.errno", ev.error_code);
    if (is_set_id(ev.ses)) doc.number("audisp_ima.session", ev.ses);
    doc.optional_text("audisp_ima.subj", ev.subj);
    if (!ev.fields.empty()) {
        Json fields = Json::object();
        for (const auto& f : ev.fields) {
            std::string name = doc.clean(f.name, "audisp_ima.fields");
            if (fields.contains(name)) continue;  // a repeated name keeps its first value
            fields[name] = doc.clean(f.value, "audisp_ima.fields." + name);
        }
        doc.at("audisp_ima.fields") = std::move(fields);
    }
    return doc.dump();
}

}  // namespace audisp_ima
