#include "formatters/cef_formatter.h"

#include <algorithm>
#include <optional>
#include <stdexcept>
#include <utility>
#include <variant>
#include <vector>

#include "enrich/host_facts.h"
#include "formatters/event_words.h"
#include "formatters/message_fitter.h"
#include "formatters/text_sanitize.h"
#include "parser/path_resolve.h"

namespace audisp_ima {
namespace {

constexpr std::string_view kReplacementChar = "\xEF\xBF\xBD";  // U+FFFD

bool is_control(char c) {
    auto b = static_cast<unsigned char>(c);
    return b < 0x20 || b == 0x7f;
}

// CEF has no escape for line breaks or other controls in the header, so they become U+FFFD.
std::string header_field(std::string_view text) {
    std::string out;
    for (char c : to_valid_utf8(text)) {
        if (c == '\\' || c == '|') {
            out.push_back('\\');
            out.push_back(c);
        } else if (is_control(c)) {
            out += kReplacementChar;
        } else {
            out.push_back(c);
        }
    }
    return out;
}

std::string header(std::string_view signature, std::string_view name, int severity) {
    return "CEF:0|audisp-ima|audisp-ima|" + header_field(AUDISP_IMA_VERSION) + "|" + header_field(signature) +
           "|" + header_field(name) + "|" + std::to_string(severity) + "|";
}

// The longest value, in characters, the CEF standard gives each dictionary key printed here
// (ArcSight's "Implementing ArcSight CEF", key table: act and outcome 63, dvchost 100,
// externalId 40, deviceExternalId and fileHash 255, deviceCustomString1-6 4,000, the other
// strings 1,023). Receivers cut longer values themselves, without a mark; cut here, the value
// ends in "...[truncated from N bytes]". Limits are applied to bytes, which are never fewer than
// characters. The plugin's own audispIma* keys have no standard length: only the message size
// bounds them.
// Asked for every key of every message: the custom keys (most of them) leave at the first test.
std::optional<size_t> standard_length(std::string_view key) {
    if (key.empty() || key[0] == 'a') {
        if (key == "act") return 63;
        return std::nullopt;  // audispIma*
    }
    if (key.size() == 3 && key[0] == 'c' && key[1] == 's' && key[2] >= '1' && key[2] <= '6') return 4000;
    static constexpr std::pair<std::string_view, size_t> kLengths[] = {
        {"outcome", 63}, {"dvchost", 100}, {"externalId", 40}, {"deviceExternalId", 255}, {"fileHash", 255},
        {"filePath", 1023}, {"fname", 1023}, {"dproc", 1023}, {"sproc", 1023}, {"suser", 1023},
        {"duser", 1023}, {"suid", 1023}, {"duid", 1023}, {"flexString1", 1023}, {"flexString2", 1023},
    };
    for (const auto& [name, length] : kLengths)
        if (name == key) return length;
    return std::nullopt;
}

// The extension, built key by key. Empty values are left out with their labels: "key=" says
// nothing a missing key does not, and some receivers mis-read an empty value.
class Extension {
public:
    explicit Extension(Shortening shortening = {}) : shortening_(shortening) {}

    // A value from the event, shortened as asked. One cut, the shorter of the fitter's and the
    // key's own length, so that the marker says how long the value really was.
    void add(std::string_view key, std::string_view value) {
        std::string scratch;
        std::string_view fitted = shorten(value, shortening_, scratch);
        auto limit = standard_length(key);
        if (limit && fitted.size() > *limit) fitted = cut_to(value, *limit, scratch);
        emit(key, fitted);
    }
    // A value the fitter never cuts: the event's identity, words of our own, values already
    // shortened. Only the key's standard length bounds it.
    void add_whole(std::string_view key, std::string_view value) {
        std::string scratch;
        auto limit = standard_length(key);
        emit(key, limit ? cut_to(value, *limit, scratch) : value);
    }
    void emit(std::string_view key, std::string_view value) {
        if (value.empty()) return;
        if (!out_.empty()) out_.push_back(' ');
        out_ += key;
        out_.push_back('=');
        bool replaced = false;
        // Repair and escape in one pass, without a repaired copy of every value.
        out_.reserve(out_.size() + value.size());
        while (!value.empty()) {
            Utf8Unit unit = next_utf8_unit(value);
            if (unit.valid) {
                for (char c : value.substr(0, unit.length)) append_escaped(c, replaced);
            } else {
                out_ += kReplacementChar;
                replaced = true;
            }
            value.remove_prefix(unit.length);
        }
        if (replaced) replaced_keys_.emplace_back(key);
    }
    void add_optional(std::string_view key, const std::optional<std::string>& value) {
        if (value) add(key, *value);
    }
    template <typename T>
    void add_number(std::string_view key, const std::optional<T>& value) {
        if (value) add(key, std::to_string(*value));
    }
    // A custom field (cs1..cs6, cn1..cn3, flexString1..2) preceded by its label.
    void add_labeled(std::string_view key, std::string_view label, std::string_view value) {
        std::string scratch;
        add_labeled_whole(key, label, shorten(value, shortening_, scratch));
    }
    void add_labeled_whole(std::string_view key, std::string_view label, std::string_view value) {
        if (value.empty()) return;
        add_whole(std::string(key) + "Label", label);
        add_whole(key, value);
    }
    // The event's identity when plausible, else a value like any other.
    void add_hash(std::string_view key, const FileHash& hash, const std::string& value) {
        if (is_plausible_hash(hash)) add_whole(key, value);
        else add(key, value);
    }

    std::string finish() {
        if (!replaced_keys_.empty()) {
            std::string keys;
            for (const auto& key : replaced_keys_) keys += (keys.empty() ? "" : ",") + key;
            add_labeled_whole("flexString2", "invalidUtf8Fields", keys);
        }
        return std::move(out_);
    }

private:
    void append_escaped(char c, bool& replaced) {
        switch (c) {
            case '\\': out_ += "\\\\"; break;
            case '=': out_ += "\\="; break;
            case '\n': out_ += "\\n"; break;
            case '\r': out_ += "\\r"; break;
            default:
                if (is_control(c)) {
                    out_ += kReplacementChar;
                    replaced = true;
                } else {
                    out_.push_back(c);
                }
        }
    }

    Shortening shortening_;
    std::string out_;
    std::vector<std::string> replaced_keys_;
};

// A list (argv, an integrity record's fields) printed as one cs* value. Over the key's standard
// length, the fitter's search for a whole message (formatters/message_fitter.cpp: outliers cut,
// then elements dropped from the middle, then every element cut) is made for this value alone,
// never undoing what `outer` cut already; only what even that cannot fit is cut at the end.
std::string list_value(std::string_view key, const Shortening& outer, const ShortenedText& print) {
    std::string text = print(outer);
    auto limit = standard_length(key);
    if (!limit || text.size() <= *limit) return text;
    FittedMessage fitted = fit_shortened(
        [&](const Shortening& inner) {
            return print(Shortening{std::min(inner.max_value, outer.max_value), std::min(inner.max_items, outer.max_items)});
        },
        *limit);
    if (fitted.fits) return std::move(fitted.text);
    std::string scratch;
    return std::string(cut_to(fitted.text, *limit, scratch));
}

std::string command_line_value(const std::vector<std::string>& args, const Shortening& shortening) {
    return list_value("cs2", shortening, [&](const Shortening& s) {
        PrintedList printed(args, s, "argument");
        return command_line(printed.items());
    });
}

void add_common(Extension& ext, const EventKey& key, const EventContext& context, const FormatterOptions& options,
                std::string_view action, std::optional<bool> success) {
    ext.add("rt", epoch_millis(key.sec, key.msec));
    ext.add("dvchost", host_of(key, options));
    // CEF's "uniquely identifies the device": the machine id, for this host's own events.
    if (context.host && !context.host->id.empty()) ext.add("deviceExternalId", context.host->id);
    if (!context.id.empty()) ext.add("externalId", context.id);
    ext.add("act", action);
    ext.add("outcome", outcome_word(success));
}

constexpr int kIntegrityData = 1800;
constexpr int kIntegrityMetadata = 1801;
constexpr int kIntegrityStatus = 1802;
constexpr int kIntegrityHash = 1803;
constexpr int kIntegrityPcr = 1804;
constexpr int kIntegrityRule = 1805;
constexpr int kIntegrityEvmXattr = 1806;
constexpr int kIntegrityPolicyRule = 1807;

const char* integrity_name(const IntegrityEvent& ev) {
    switch (ev.record_type) {
        case kIntegrityData: return "IMA file data integrity";
        case kIntegrityMetadata: return "EVM file metadata integrity";
        case kIntegrityStatus: return "IMA integrity status";
        case kIntegrityHash: return "IMA file hash";
        case kIntegrityPcr: return "IMA PCR violation";
        case kIntegrityRule: return ev.field("file") ? "File measured by IMA" : "IMA policy rule";
        case kIntegrityEvmXattr: return "EVM protected xattr change";
        case kIntegrityPolicyRule: return "IMA policy rule";
        default: return "IMA integrity event";
    }
}

// 7: a file failed appraisal or verification; 5: PCR violations and failed policy changes.
int integrity_severity(const IntegrityEvent& ev) {
    bool failed = ev.res == 0;
    switch (ev.record_type) {
        case kIntegrityData:
        case kIntegrityMetadata:
        case kIntegrityHash:
        case kIntegrityEvmXattr: return failed ? 7 : 3;
        case kIntegrityPcr: return 5;
        default: return is_policy_record(ev) && failed ? 5 : 3;
    }
}

// "name=value ..." of every field, each name and value shortened, the middle dropped past
// max_items.
std::string fields_text(const IntegrityEvent& ev, const Shortening& shortening) {
    KeptItems kept = kept_items(ev.fields.size(), shortening);
    std::string text, scratch;
    for (size_t i = 0; i < ev.fields.size(); ++i) {
        if (!text.empty()) text.push_back(' ');
        if (i == kept.head && kept.dropped > 0) {
            text += dropped_marker(kept.dropped, "field");
            i += kept.dropped - 1;
            continue;
        }
        text += shorten(ev.fields[i].name, shortening, scratch);
        text.push_back('=');
        text += shorten(ev.fields[i].value, shortening, scratch);
    }
    return text;
}

// The script of a "#!" run, whose interpreter is the process image (filePath/fname/fileHash,
// dproc). No dictionary key is left for it: the execution message uses all of cs1-cs6, cn1-cn3,
// flexString1 (subj) and flexString2 (invalidUtf8Fields); the oldFile* keys describe a file
// before a change, and cfp*, c6a*, deviceCustomDate* are typed (float, IPv6, date). So these are
// custom extension keys, named as the CEF guide asks ("VendornameProductnameExplanatoryKeyName",
// one alphanumeric word not in the dictionary; vendor and product are both audisp-ima, written
// once). Receivers keep them as key=value; ArcSight ESM shows them under "Additional Data".
void add_script(Extension& ext, const ScriptFile& script) {
    ext.add("audispImaScriptPath", script.path);
    if (script.hash) {
        ext.add_hash("audispImaScriptHash", *script.hash, script.hash->digest);
        ext.add_hash("audispImaScriptHashAlgorithm", *script.hash, script.hash->algorithm);
    }
    ext.add("audispImaScriptHashSource", to_string(script.hash_source));
    if (script.id) {
        ext.add("audispImaScriptDevice", script.id->dev);
        ext.add("audispImaScriptInode", std::to_string(script.id->inode));
    }
}

// The source user is the one who ran the program (real uid: suid, suser); the destination user
// the one it runs as (effective uid: duid, duser), which differs after a setuid exec.
// The container and systemd unit the control group names (enrich/container_stage).
void add_cgroup(Extension& ext, const std::optional<CgroupFacts>& cgroup) {
    if (!cgroup) return;
    ext.add_optional("audispImaContainerId", cgroup->container_id);
    ext.add_optional("audispImaSystemdUnit", cgroup->unit);
}

void add_users(Extension& ext, const TaskInfo& task, const UserNames& names) {
    ext.add_number("suid", task.uid);
    if (task.uid) ext.add_optional("suser", names.uid);
    ext.add_number("duid", task.euid);
    if (task.euid) ext.add_optional("duser", names.euid);
}

}  // namespace

std::string CefFormatter::format(const Event& event, const Shortening& shortening) const {
    return std::visit([&](const auto& kind) { return format_kind(kind, shortening); }, event);
}

// Drops and emitted counts get their own numeric fields so a SIEM rule can alert on them; the
// whole set follows as one "name=value ..." string.
std::string CefFormatter::format_statistics(const StatisticsReport& report) const {
    Extension ext;
    ext.add("rt", epoch_millis(report.sec, report.msec));
    ext.add("dvchost", report.host);
    ext.add("act", "statistics");
    ext.add_labeled("cs1", "trigger", report.trigger);
    std::string all;
    for (const auto& [name, value] : report.counters) {
        if (name == "dropped") ext.add_labeled("cn1", "dropped", std::to_string(value));
        if (name == "emitted") ext.add_labeled("cn2", "emitted", std::to_string(value));
        all += (all.empty() ? "" : " ") + name + "=" + std::to_string(value);
    }
    ext.add_labeled("cn3", "uptimeSeconds", std::to_string(report.uptime_seconds));
    ext.add_labeled("cs4", "counters", all);
    return header("ima-stats", "audisp-ima statistics", 1) + ext.finish();
}

std::string CefFormatter::format_kind(const ExecEvent& ev, const Shortening& shortening) const {
    const TaskInfo& task = ev.task;
    Extension ext(shortening);
    add_common(ext, ev.key, ev.context, options_, "execute", ev.success());
    // The image that runs is the execution's identity: never cut.
    if (ev.executable) {
        ext.add_whole("filePath", *ev.executable);
        ext.add_whole("fname", base_name(*ev.executable));
    }
    if (ev.hash) ext.add_hash("fileHash", *ev.hash, ev.hash->digest);
    if (ev.executable) ext.add_whole("dproc", *ev.executable);
    ext.add_number("dpid", task.pid);
    // s* is the parent, as ArcSight reads Sysmon's ParentImage/ParentProcessId: the image the
    // process table knew the parent by, never the pre-exec image (that may be the process itself,
    // after an in-place exec).
    ext.add_number("spid", task.ppid);
    const auto& parent = ev.lineage.parent;
    if (parent) ext.add_optional("sproc", parent->executable);
    add_users(ext, task, ev.names);
    if (ev.hash) ext.add_labeled("cs1", "hashAlgorithm", ev.hash->algorithm);
    ext.add_labeled_whole("cs2", "commandLine", command_line_value(ev.args, shortening));
    if (ev.cwd) ext.add_labeled("cs3", "workingDirectory", *ev.cwd);
    ext.add_labeled("cs4", "hashSource", to_string(ev.hash_source));
    if (ev.syscall && ev.syscall->key) ext.add_labeled("cs5", "auditKey", *ev.syscall->key);
    if (task.tty) ext.add_labeled("cs6", "tty", *task.tty);
    ext.add_labeled("cn1", "auditSerial", std::to_string(ev.key.serial));
    if (is_set_id(task.auid)) ext.add_labeled("cn2", "auid", std::to_string(*task.auid));
    if (is_set_id(task.ses)) ext.add_labeled("cn3", "session", std::to_string(*task.ses));
    if (task.subj) ext.add_labeled("flexString1", "subj", *task.subj);
    if (ev.script) add_script(ext, *ev.script);
    if (!ev.lineage.entity_id.empty()) ext.add_whole("audispImaEntityId", ev.lineage.entity_id);
    if (parent) {
        ext.add_whole("audispImaParentEntityId", parent->entity_id);
        if (!parent->args.empty()) {
            PrintedList parent_args(parent->args, shortening, "argument");
            ext.add("audispImaParentCommandLine", command_line(parent_args.items()));
        }
        ext.add("audispImaParentSource", to_string(parent->origin));
    }
    const auto& previous = ev.previous_executable ? ev.previous_executable : ev.lineage.replaced_executable;
    ext.add_optional("audispImaPreviousImage", previous);
    add_cgroup(ext, ev.cgroup);

    bool failed = ev.success() == false;
    return header("ima-exec", failed ? "Process execution failed" : "Process executed", failed ? 5 : 3) +
           ext.finish();
}

// A file event. filePath/fname/fileHash are the file IMA measured; dproc/dpid are the process that
// caused the measurement (the one whose exec, mmap or read IMA saw): dproc is its exe=, or its
// comm= when the kernel wrote exe=(null) (kernel threads), as integrity records use comm=. spid is
// its parent. There is no command line: the record has none.
std::string CefFormatter::format_kind(const FileMeasurementEvent& ev, const Shortening& shortening) const {
    const ImaRecord& m = ev.measurement;
    const TaskInfo& task = m.task;
    Extension ext(shortening);
    add_common(ext, ev.key, ev.context, options_, "measure", std::nullopt);
    ext.add("filePath", m.file);
    ext.add("fname", base_name(m.file));
    if (m.hash) ext.add_hash("fileHash", *m.hash, m.hash->digest);
    ext.add_optional("dproc", task.exe ? task.exe : task.comm);
    ext.add_number("dpid", task.pid);
    ext.add_number("spid", task.ppid);
    add_users(ext, task, UserNames{});
    if (m.hash) ext.add_labeled("cs1", "hashAlgorithm", m.hash->algorithm);
    ext.add_labeled("cs4", "hashSource", to_string(m.hash ? HashSource::measured : HashSource::none));
    if (task.tty) ext.add_labeled("cs6", "tty", *task.tty);
    ext.add_labeled("cn1", "auditSerial", std::to_string(ev.key.serial));
    if (is_set_id(task.auid)) ext.add_labeled("cn2", "auid", std::to_string(*task.auid));
    if (is_set_id(task.ses)) ext.add_labeled("cn3", "session", std::to_string(*task.ses));
    if (task.subj) ext.add_labeled("flexString1", "subj", *task.subj);
    return header("ima-measurement", "File measured by IMA", 3) + ext.finish();
}

std::string CefFormatter::format_kind(const IntegrityEvent& ev, const Shortening& shortening) const {
    std::string type_name = integrity_type_name(ev);
    Extension ext(shortening);
    add_common(ext, ev.key, ev.context, options_, integrity_action(ev), integrity_success(ev));
    ext.add_number("dpid", ev.pid);
    ext.add_optional("dproc", ev.comm);
    ext.add_number("suid", ev.uid);
    ext.add_optional("filePath", ev.name);
    if (ev.name) ext.add("fname", base_name(*ev.name));
    if (ev.cause) ext.add_labeled("cs1", "cause", *ev.cause);
    if (ev.dev) ext.add_labeled("cs2", "device", *ev.dev);
    ext.add_labeled("cn1", "auditSerial", std::to_string(ev.key.serial));
    if (is_set_id(ev.auid)) ext.add_labeled("cn2", "auid", std::to_string(*ev.auid));
    if (ev.ino) ext.add_labeled("cn3", "inode", std::to_string(*ev.ino));
    ext.add_labeled("cs3", "recordType", type_name);
    ext.add_labeled_whole("cs4", "fields",
                          list_value("cs4", shortening, [&](const Shortening& s) { return fields_text(ev, s); }));
    return header("ima-" + integrity_action_word(type_name), integrity_name(ev), integrity_severity(ev)) +
           ext.finish();
}

// Sysmon's ProcessTerminate. start and end (CEF's times of the activity) are when the image began
// and when the process ended; dproc is the image it ran at the end, s* its parent as above.
std::string CefFormatter::format_kind(const ProcessEndEvent& ev, const Shortening& shortening) const {
    const TaskInfo& task = ev.task;
    Extension ext(shortening);
    add_common(ext, ev.key, ev.context, options_, "exit", std::nullopt);
    ext.add_optional("dproc", task.exe ? task.exe : task.comm);
    ext.add_number("dpid", task.pid);
    ext.add_number("spid", task.ppid);
    const auto& parent = ev.lineage.parent;
    if (parent) ext.add_optional("sproc", parent->executable);
    add_users(ext, task, ev.names);
    if (ev.lineage.start_ms) ext.add("start", std::to_string(*ev.lineage.start_ms));
    ext.add("end", epoch_millis(ev.key.sec, ev.key.msec));
    if (!ev.args.empty()) ext.add_labeled_whole("cs2", "commandLine", command_line_value(ev.args, shortening));
    if (ev.rule_key) ext.add_labeled("cs5", "auditKey", *ev.rule_key);
    if (task.tty) ext.add_labeled("cs6", "tty", *task.tty);
    ext.add_labeled("cn1", "auditSerial", std::to_string(ev.key.serial));
    if (is_set_id(task.auid)) ext.add_labeled("cn2", "auid", std::to_string(*task.auid));
    if (is_set_id(task.ses)) ext.add_labeled("cn3", "session", std::to_string(*task.ses));
    if (task.subj) ext.add_labeled("flexString1", "subj", *task.subj);
    if (!ev.lineage.entity_id.empty()) ext.add_whole("audispImaEntityId", ev.lineage.entity_id);
    if (ev.exit_code) ext.add("audispImaExitCode", std::to_string(*ev.exit_code));
    if (auto uptime = uptime_seconds(ev.key, ev.lineage)) ext.add("audispImaUptimeSeconds", std::to_string(*uptime));
    if (parent) {
        ext.add_whole("audispImaParentEntityId", parent->entity_id);
        ext.add("audispImaParentSource", to_string(parent->origin));
    }
    add_cgroup(ext, ev.cgroup);
    return header("ima-process-end", "Process exited", 3) + ext.finish();
}

std::string CefFormatter::format_kind(const ForkEvent&, const Shortening&) const {
    throw std::logic_error("a fork event feeds the process table and has no message");
}

}  // namespace audisp_ima
