// The checks every message of each format must pass (tests/support/format_checks.h).
#include "tests/support/format_checks.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "tests/support/cef_parser.h"
#include "tests/support/json_keys.h"
#include "tests/support/leef_parser.h"
#include "tests/support/sysmon_xml.h"

namespace audisp_ima::test {
namespace {

// The longest value the CEF standard ("Implementing ArcSight CEF", key table) allows the
// dictionary keys audisp-ima prints, in characters.
std::optional<size_t> cef_standard_length(const std::string& key) {
    static const std::map<std::string, size_t> lengths = {
        {"act", 63}, {"outcome", 63}, {"dvchost", 100}, {"externalId", 40}, {"deviceExternalId", 255},
        {"fileHash", 255}, {"filePath", 1023}, {"fname", 1023}, {"dproc", 1023}, {"sproc", 1023},
        {"suser", 1023}, {"duser", 1023}, {"suid", 1023}, {"duid", 1023}, {"flexString1", 1023},
        {"flexString2", 1023}, {"flexString1Label", 128}, {"flexString2Label", 128}, {"cs1", 4000},
        {"cs2", 4000}, {"cs3", 4000}, {"cs4", 4000}, {"cs5", 4000}, {"cs6", 4000}, {"cs1Label", 1023},
        {"cs2Label", 1023}, {"cs3Label", 1023}, {"cs4Label", 1023}, {"cs5Label", 1023}, {"cs6Label", 1023},
        {"cn1Label", 1023}, {"cn2Label", 1023}, {"cn3Label", 1023}};
    auto it = lengths.find(key);
    if (it == lengths.end()) return std::nullopt;
    return it->second;
}

size_t utf8_characters(const std::string& text) {
    size_t n = 0;
    for (char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
}

bool all_of_class(std::string_view text, std::string_view allowed) {
    return !text.empty() && text.find_first_not_of(allowed) == std::string_view::npos;
}
bool has_shape(std::string_view text, std::string_view shape) {  // '9' a digit, 'x' lower-case hex
    if (text.size() != shape.size()) return false;
    for (size_t i = 0; i < text.size(); ++i) {
        char c = text[i], s = shape[i];
        bool ok = s == '9' ? (c >= '0' && c <= '9') : s == 'x' ? ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')) : c == s;
        if (!ok) return false;
    }
    return true;
}
}  // namespace

// The keys of `line` whose values are over their standard length, "key (N characters)" each.
std::vector<std::string> cef_overlong(const std::string& line) {
    std::vector<std::string> out;
    for (const auto& [key, value] : test::parse_cef(line).extensions) {
        auto limit = cef_standard_length(key);
        if (limit && utf8_characters(value) > *limit) out.push_back(key + " (" + std::to_string(utf8_characters(value)) + " characters)");
    }
    return out;
}

// What every JSON message must hold: ECS's required @timestamp and ecs.version, the event.kind,
// category, type and dataset ECS's categorization fields give every event, and a dataset of the
// four kinds docs/fields.md lists. Empty when it holds them all; else what is missing.
std::string json_missing(const std::string& line) {
    auto m = nlohmann::json::parse(line);
    std::string missing;
    auto need = [&](bool ok, const char* what) { if (!ok) missing += std::string(missing.empty() ? "" : ", ") + what; };
    need(m.contains("@timestamp") && m["@timestamp"].is_string() && m["@timestamp"].get<std::string>().size() == 24,
         "@timestamp (YYYY-MM-DDTHH:MM:SS.mmmZ)");
    need(m.contains("ecs") && m["ecs"].contains("version") && m["ecs"]["version"].is_string(), "ecs.version");
    const auto& e = m.contains("event") ? m["event"] : nlohmann::json();
    need(e.contains("kind") && e["kind"].is_string(), "event.kind");
    need(e.contains("category") && e["category"].is_array() && !e["category"].empty(), "event.category");
    need(e.contains("type") && e["type"].is_array() && !e["type"].empty(), "event.type");
    static const std::set<std::string> datasets = {"audisp_ima.exec", "audisp_ima.measurement", "audisp_ima.integrity",
                                                   "audisp_ima.process_end"};
    need(e.contains("dataset") && e["dataset"].is_string() && datasets.contains(e["dataset"].get<std::string>()),
         "event.dataset of the four kinds");
    return missing;
}

// The CEF header's seven fields (all mandatory in CEF; parse_cef checks the severity), a
// signature id of ours, and the rt and act every message carries.
std::string cef_missing(const std::string& line) {
    auto msg = test::parse_cef(line);
    std::string missing;
    auto need = [&](bool ok, const char* what) { if (!ok) missing += std::string(missing.empty() ? "" : ", ") + what; };
    need(msg.version == "0", "CEF version 0");
    need(msg.vendor == "audisp-ima" && msg.product == "audisp-ima" && !msg.device_version.empty(), "vendor, product, version");
    need(msg.signature_id.rfind("ima-", 0) == 0 && msg.signature_id.size() > 4, "signature id ima-*");
    need(!msg.name.empty(), "name");
    need(msg.find("rt") && msg.find("rt")->find_first_not_of("0123456789") == std::string::npos, "rt in ms");
    need(msg.find("act") != nullptr, "act");
    return missing;
}

// LEEF: the strict parse, QRadar's devTime in the format devTimeFormat names, a category of the
// four kinds, sev 1-10, an event id of ours.
std::string leef_missing(const std::string& line) {
    auto msg = test::parse_leef(line);
    std::string missing;
    auto need = [&](bool ok, const char* what) { if (!ok) missing += std::string(missing.empty() ? "" : ", ") + what; };
    const std::string* time = msg.find("devTime");
    need(time && time->size() == 24 && (*time)[10] == 'T' && time->back() == 'Z', "devTime (yyyy-MM-ddTHH:mm:ss.SSSZ)");
    need(msg.find("devTimeFormat") && *msg.find("devTimeFormat") == "yyyy-MM-dd'T'HH:mm:ss.SSSX", "devTimeFormat");
    static const std::set<std::string> kinds = {"execution", "measurement", "integrity", "process_end"};
    need(msg.find("cat") && kinds.contains(*msg.find("cat")), "cat of the four kinds");
    const std::string* sev = msg.find("sev");
    need(sev && sev->find_first_not_of("0123456789") == std::string::npos && !sev->empty() && std::stoi(*sev) >= 1 &&
             std::stoi(*sev) <= 10,
         "sev 1-10");
    need(msg.event_id.rfind("ima-", 0) == 0, "event id ima-*");
    return missing;
}

// Sysmon XML: Sysmon for Linux's layout (microsoft/SysmonForLinux outputxml.cpp and
// test/linuxRules.cpp; its ProcessCreate and ProcessTerminate items as Sysmon for Linux writes
// them), or audisp-ima's own provider for what Sysmon has no event for.
std::string sysmon_missing(const std::string& line, std::optional<uint64_t> serial) {
    auto ev = test::parse_sysmon_xml(line);
    std::string missing;
    auto need = [&](bool ok, const std::string& what) { if (!ok) missing += (missing.empty() ? "" : ", ") + what; };
    static const std::vector<std::string> kCreate = {
        "RuleName", "UtcTime", "ProcessGuid", "ProcessId", "Image", "FileVersion", "Description", "Product",
        "Company", "OriginalFileName", "CommandLine", "CurrentDirectory", "User", "LogonGuid", "LogonId",
        "TerminalSessionId", "IntegrityLevel", "Hashes", "ParentProcessGuid", "ParentProcessId", "ParentImage",
        "ParentCommandLine", "ParentUser"};
    static const std::vector<std::string> kTerminate = {"RuleName", "UtcTime", "ProcessGuid", "ProcessId", "Image", "User"};
    const std::string guid_shape = "{xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}";
    std::vector<std::string> names = ev.names();
    auto starts_with = [&](const std::vector<std::string>& prefix) {
        return names.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), names.begin());
    };
    bool sysmon = ev.event_id == "1" || ev.event_id == "5";
    if (sysmon) {
        need(ev.provider_name == "Linux-Sysmon" && ev.provider_guid == "{ff032593-a8d3-4f13-b0d6-01fc615a0f97}" &&
                 ev.channel == "Linux-Sysmon/Operational",
             "Sysmon's provider and channel");
        need(ev.version == (ev.event_id == "1" ? "5" : "3"), "Sysmon's version of the event");
        need(starts_with(ev.event_id == "1" ? kCreate : kTerminate), "Sysmon's items in Sysmon's order");
        for (const char* name : {"ProcessGuid", "ParentProcessGuid", "LogonGuid"})
            if (const std::string* g = ev.find(name)) need(has_shape(*g, guid_shape) || *g == "-", std::string(name) + " a GUID");
        if (const std::string* h = ev.find("Hashes"))
            need(*h == "-" || (h->find('=') != std::string::npos && all_of_class(h->substr(0, h->find('=')), "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") &&
                               all_of_class(h->substr(h->find('=') + 1), "0123456789abcdef")),
                 "Hashes ALGORITHM=hex or -");
        const std::string* session = ev.find("TerminalSessionId");
        need(!session || all_of_class(*session, "0123456789"), "TerminalSessionId a number");
    } else {
        need(ev.provider_name == "audisp-ima" && ev.channel == "audisp-ima/Operational", "audisp-ima's provider and channel");
        need(ev.event_id == "4101" || ev.event_id == "4102" || ev.event_id == "4103", "an event id of audisp-ima's");
        if (ev.event_id == "4101") need(starts_with(kCreate), "a failed execution with ProcessCreate's items");
    }
    need(ev.task == ev.event_id && ev.opcode == "0" && ev.keywords == "0x8000000000000000", "Task, Opcode, Keywords");
    need(ev.level == "2" || ev.level == "3" || ev.level == "4", "Level 2-4");
    need(serial ? ev.record_id == std::to_string(*serial) : all_of_class(ev.record_id, "0123456789"), "EventRecordID the audit serial");
    need(has_shape(ev.system_time, "9999-99-99T99:99:99.999999999Z"), "SystemTime with nine digits");
    const std::string* utc = ev.find("UtcTime");
    need(utc && has_shape(*utc, "9999-99-99 99:99:99.999") && utc->substr(0, 10) == ev.system_time.substr(0, 10) &&
             utc->substr(11) == ev.system_time.substr(11, 12),
         "UtcTime, the same time as SystemTime");
    need(names.size() >= 2 && names[0] == "RuleName" && names[1] == "UtcTime", "RuleName and UtcTime first");
    return missing;
}

// OCSF: what schema 1.8.0 requires (ocsf/ocsf-schema at tag 1.8.0). events/base_event.json:
// activity_id, category_uid, class_uid, metadata, severity_id, time, type_uid (class_uid * 100 +
// activity_id, dictionary.json); objects/metadata.json: product, version; events/system/
// system.json: actor, device; process_activity.json: process; file_activity.json: actor, file.
// Objects: file name and type_id; fingerprint algorithm_id and value; device type_id and one of
// its endpoint names; os name and type_id; process (process_entity.json) one of pid, uid, cpid;
// user one of account, name, uid; actor one of process, user, invoked_by, session, app_name,
// app_uid. Types: ids and times integers, uid attributes strings (dictionary.json).
namespace {
using nlohmann::json;
bool has_any(const json& object, std::initializer_list<const char*> names) {
    for (const char* name : names)
        if (object.contains(name)) return true;
    return false;
}
void check_objects(const json& node, const std::string& path, std::string& missing) {
    auto need = [&](bool ok, const std::string& what) { if (!ok) missing += (missing.empty() ? "" : ", ") + path + ": " + what; };
    if (!node.is_object()) return;
    for (const auto& [key, value] : node.items()) {
        std::string at = path.empty() ? key : path + "." + key;
        if (path.rfind("unmapped", 0) == 0 || key == "unmapped") continue;  // the source's own attributes
        if (key == "file" || key == "script") {
            need(value.is_object() && value.contains("name") && value["name"].is_string() && value.contains("type_id") &&
                     value["type_id"].is_number_integer(),
                 key + " with name and type_id");
        } else if (key == "process" || key == "parent_process") {
            need(value.is_object() && has_any(value, {"pid", "uid", "cpid"}), key + " with pid, uid or cpid");
            if (value.contains("pid")) need(value["pid"].is_number_integer(), key + ".pid an integer");
            if (value.contains("uid")) need(value["uid"].is_string(), key + ".uid a string");
        } else if (key == "user") {
            need(value.is_object() && has_any(value, {"account", "name", "uid"}), "user with account, name or uid");
            if (value.contains("uid")) need(value["uid"].is_string(), "user.uid a string");
        } else if (key == "hashes") {
            need(value.is_array() && !value.empty(), "hashes a non-empty array");
            for (const auto& hash : value)
                need(hash.is_object() && hash.contains("algorithm_id") && hash["algorithm_id"].is_number_integer() &&
                         hash.contains("value") && hash["value"].is_string(),
                     "fingerprint with algorithm_id and value");
            continue;
        } else if (key == "os") {
            need(value.is_object() && value.contains("name") && value.contains("type_id"), "os with name and type_id");
        }
        for (const char* time : {"time", "created_time", "terminated_time"})
            if (key == time) need(value.is_number_integer(), std::string(time) + " an integer (ms)");
        check_objects(value, at, missing);
    }
}
}  // namespace

std::string ocsf_missing(const std::string& line) {
    auto m = json::parse(line);
    std::string missing;
    auto need = [&](bool ok, const char* what) { if (!ok) missing += std::string(missing.empty() ? "" : ", ") + what; };
    for (const char* name : {"activity_id", "category_uid", "class_uid", "severity_id", "time", "type_uid"})
        need(m.contains(name) && m[name].is_number_integer(), name);
    if (!missing.empty()) return missing;
    int64_t activity = m["activity_id"], category = m["category_uid"], klass = m["class_uid"];
    need(m["type_uid"] == klass * 100 + activity, "type_uid = class_uid * 100 + activity_id");
    need(category == klass / 1000, "category_uid of the class");
    need(klass == 1007 || klass == 1001 || klass == 0, "class 1007, 1001 or 0");
    int64_t severity = m["severity_id"];
    need((severity >= 0 && severity <= 6) || severity == 99, "severity_id of the enum");
    if (m.contains("status_id")) need(m["status_id"] == 0 || m["status_id"] == 1 || m["status_id"] == 2 || m["status_id"] == 99, "status_id of the enum");
    const json metadata = m.value("metadata", json());
    need(metadata.is_object() && metadata.value("version", "") == "1.8.0", "metadata.version 1.8.0");
    need(metadata.is_object() && metadata.contains("product") && has_any(metadata["product"], {"name", "uid"}), "metadata.product with name or uid");
    if (klass != 0) {
        need(m.contains("actor") && has_any(m["actor"], {"process", "user", "invoked_by", "session", "app_name", "app_uid"}),
             "actor with process, user, session or app");
        need(m.contains("device") && m["device"].contains("type_id") &&
                 has_any(m["device"], {"ip", "uid", "name", "hostname", "instance_uid", "interface_uid", "interface_name"}),
             "device with type_id and a name or uid");
    }
    if (klass == 1007) need(m.contains("process"), "process");
    if (klass == 1001) need(m.contains("file"), "file");
    check_objects(m, "", missing);
    return missing;
}

// The plugin's statistics message, in each format: parsed strictly, but it is not an event.
bool is_statistics(std::string_view format, const std::string& line) {
    if (format == "json") return nlohmann::json::parse(line).value("/event/dataset"_json_pointer, "") == "audisp_ima.statistics";
    if (format == "cef") return parse_cef(line).signature_id == "ima-stats";
    if (format == "leef") return parse_leef(line).event_id == "ima-stats";
    if (format == "ocsf") return nlohmann::json::parse(line).value("activity_name", "") == "Statistics";
    auto ev = parse_sysmon_xml(line);
    return ev.provider_name == "audisp-ima" && ev.event_id == "4100";
}

std::string message_problems(std::string_view format, const std::string& line, std::optional<uint64_t> serial) {
    if (line.find('\n') != std::string::npos || line.find('\r') != std::string::npos) return "a line break in the message";
    try {
        if (format == "json") {
            auto keys = check_json_keys(line);
            if (!keys.valid) return "not valid JSON";
            if (keys.repeated) return "key " + *keys.repeated + " twice in an object";
            return is_statistics(format, line) ? "" : json_missing(line);
        }
        if (format == "cef") {
            if (is_statistics(format, line)) return "";
            std::string missing = cef_missing(line);
            for (const auto& key : cef_overlong(line)) missing += (missing.empty() ? "over its length: " : ", ") + key;
            return missing;
        }
        if (format == "leef") return is_statistics(format, line) ? "" : leef_missing(line);
        if (format == "ocsf") {
            auto keys = check_json_keys(line);
            if (!keys.valid) return "not valid JSON";
            if (keys.repeated) return "key " + *keys.repeated + " twice in an object";
            return ocsf_missing(line);
        }
        if (format == "sysmon") return is_statistics(format, line) ? "" : sysmon_missing(line, serial);
    } catch (const std::exception& error) {
        return error.what();
    }
    return "unknown format " + std::string(format);
}

}  // namespace audisp_ima::test
