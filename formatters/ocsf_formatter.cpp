#include "formatters/ocsf_formatter.h"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <variant>
#include <vector>

#include "formatters/event_words.h"
#include "formatters/ocsf_fields.h"
#include "formatters/text_sanitize.h"
#include "parser/field_catalogue.h"
#include "parser/path_resolve.h"

namespace audisp_ima {
namespace {

using Json = nlohmann::ordered_json;

// base_event.json's severity_id: 1 Informational, 2 Low, 4 High, from the CEF severity (3, 5, 7).
std::pair<int, std::string_view> severity_of(int severity) {
    if (severity >= 7) return {4, "High"};
    if (severity >= 5) return {2, "Low"};
    return {1, "Informational"};
}

class Document {
public:
    explicit Document(Shortening shortening = {}) : shortening_(shortening) {}

    Json& at(std::string_view path) {
        Json* node = &root_;
        while (true) {
            size_t dot = path.find('.');
            node = &(*node)[std::string(path.substr(0, dot))];
            if (dot == std::string_view::npos) return *node;
            path.remove_prefix(dot + 1);
        }
    }
    bool has(std::string_view path) const {
        const Json* node = &root_;
        while (!path.empty()) {
            size_t dot = path.find('.');
            auto it = node->find(std::string(path.substr(0, dot)));
            if (it == node->end()) return false;
            node = &*it;
            path = dot == std::string_view::npos ? std::string_view() : path.substr(dot + 1);
        }
        return true;
    }
    // Text from the event: valid UTF-8 (what was replaced is listed), cut unless whole.
    void text(std::string_view path, std::string_view value, bool whole = true) {
        std::string scratch;
        if (!whole) value = shorten(value, shortening_, scratch);
        bool replaced = false;
        std::string valid = to_valid_utf8(value, &replaced);
        if (replaced) replaced_.emplace_back(path);
        at(path) = std::move(valid);
    }
    const Shortening& shortening() const { return shortening_; }

    // A process object names at least one of pid, uid and cpid (process_entity.json); records
    // without pid= (corrupt or hostile: a kernel always writes it) leave one with only a name
    // or a file, which gets uid "unknown".
    void name_unidentified_processes() { name_unidentified(root_); }

    std::string finish() {
        if (!replaced_.empty()) at("unmapped.invalid_utf8") = replaced_;
        return root_.dump();
    }

private:
    static void name_unidentified(Json& node) {
        for (auto& [key, value] : node.items()) {
            if (!value.is_object() || key == "unmapped") continue;
            if ((key == "process" || key == "parent_process") && !value.contains("pid") && !value.contains("uid") &&
                !value.contains("cpid"))
                value["uid"] = "unknown";
            name_unidentified(value);
        }
    }

    Shortening shortening_;
    Json root_ = Json::object();
    std::vector<std::string> replaced_;
};

// timestamp_t: milliseconds since the epoch. A corrupt header's seconds can exceed what 64 bits of
// milliseconds hold; such a time is the largest one, and metadata.original_time keeps the record's.
uint64_t millis(uint64_t sec, uint32_t msec) {
    uint64_t ms = 0;
    if (__builtin_mul_overflow(sec, uint64_t{1000}, &ms) || __builtin_add_overflow(ms, uint64_t{msec}, &ms))
        return UINT64_MAX;
    return ms;
}

// "1795714810.720": the record's seconds and milliseconds as its header has them.
std::string original_time(uint64_t sec, uint32_t msec) {
    std::string ms = std::to_string(msec);
    if (ms.size() < 3) ms.insert(0, 3 - ms.size(), '0');
    return std::to_string(sec) + "." + ms;
}

void write_file(Document& out, const OcsfField& field, const Event& event, const FieldContext& context) {
    FieldValue path = read_field(field.field, event, context);
    if (!path.present()) return;
    std::string prefix(field.path);
    out.text(prefix + ".path", path.view(), path.whole);
    std::string_view name = base_name(path.view());
    out.text(prefix + ".name", name.empty() ? path.view() : name, path.whole);
    out.at(prefix + ".type_id") = 1;
    out.at(prefix + ".type") = "Regular File";
    if (!field.hashed) return;
    FieldValue digest = read_field(field.digest, event, context);
    FieldValue algorithm = read_field(field.algorithm, event, context);
    if (!digest.present() || !algorithm.present()) return;
    Json hash = Json::object();
    OcsfAlgorithm known = ocsf_algorithm(algorithm.view());
    hash["algorithm_id"] = known.id;
    std::string scratch;
    hash["algorithm"] = !known.caption.empty() ? std::string(known.caption)
                        : to_valid_utf8(algorithm.whole ? algorithm.view() : shorten(algorithm.view(), out.shortening(), scratch));
    hash["value"] = to_valid_utf8(digest.whole ? digest.view() : shorten(digest.view(), out.shortening(), scratch));
    out.at(prefix + ".hashes") = Json::array({std::move(hash)});
}

void write_field(Document& out, const OcsfField& field, const Event& event, const FieldContext& context) {
    if (field.value == OcsfValue::file) {
        write_file(out, field, event, context);
        return;
    }
    FieldValue v = read_field(field.field, event, context);
    if (!v.present()) return;
    switch (field.value) {
        case OcsfValue::joined:
            if (auto list = std::get_if<FieldValue::List>(&v.value)) {
                PrintedList printed(**list, out.shortening(), "argument");
                out.text(field.path, command_line(printed.items()));
            }
            return;
        case OcsfValue::pairs:
            if (auto pairs = std::get_if<FieldValue::Pairs>(&v.value)) out.text(field.path, fields_text(**pairs, out.shortening()));
            return;
        case OcsfValue::number:
            if (auto n = std::get_if<uint64_t>(&v.value)) out.at(field.path) = *n;
            else if (auto i = std::get_if<int64_t>(&v.value)) out.at(field.path) = *i;
            else if (auto t = std::get_if<AuditTime>(&v.value)) out.at(field.path) = millis(t->sec, t->msec);
            return;
        case OcsfValue::id_text: out.at(field.path) = field_text(v, TimeText::epoch_ms, false); return;
        case OcsfValue::text: {
            bool time = field_spec(field.field).type == FieldType::time_ms;
            if (auto text = std::get_if<std::string_view>(&v.value)) out.text(field.path, *text, v.whole);
            else out.text(field.path, field_text(v, TimeText::rfc3339, time), v.whole);
            return;
        }
        case OcsfValue::file: return;
    }
}

void write_metadata(Document& out, std::string_view event_id) {
    out.at("metadata.version") = std::string(kOcsfVersion);
    out.at("metadata.product.name") = "audisp-ima";
    out.at("metadata.product.vendor_name") = "audisp-ima";
    out.at("metadata.product.version") = AUDISP_IMA_VERSION;
    out.at("metadata.log_name") = "audit";
    if (!event_id.empty()) out.text("metadata.uid", event_id);
}

// device (System Activity's, required): an endpoint with type_id (required) and at least one of
// its names; os (name and type_id required) is Linux: every audit record comes from a Linux kernel.
void write_device(Document& out, std::string_view hostname, std::string_view host_id) {
    out.at("device.type_id") = 0;
    out.at("device.type") = "Unknown";
    if (!hostname.empty()) out.text("device.hostname", hostname, false);
    if (!host_id.empty()) out.text("device.uid", host_id);
    if (hostname.empty() && host_id.empty()) out.at("device.name") = "unknown";
    out.at("device.os.type_id") = 200;
    out.at("device.os.type") = "Linux";
    out.at("device.os.name") = "Linux";
}

void write_class(Document& out, const OcsfClass& c) {
    out.at("activity_id") = c.activity_id;
    out.at("activity_name") = c.activity_name;
    out.at("category_uid") = c.category_uid;
    out.at("category_name") = c.category_name;
    out.at("class_uid") = c.class_uid;
    out.at("class_name") = c.class_name;
    out.at("type_uid") = int64_t{c.class_uid} * 100 + c.activity_id;
    out.at("type_name") = std::string(c.class_name) + ": " + std::string(c.activity_name);
}

}  // namespace

std::string OcsfFormatter::format(const Event& event, const Shortening& shortening) const {
    EventClass head = event_class(event);  // throws for a fork
    const FieldContext context{options_.default_host};
    uint8_t kind = event_kind(event);
    OcsfClass c = ocsf_class(kind, read_field(FieldId::file_path, event, context).present());
    Document out(shortening);
    write_class(out, c);
    if (kind == kExecution) {
        out.at("launch_type_id") = 3;
        out.at("launch_type") = "Exec";
    }
    auto [severity_id, severity] = severity_of(head.severity);
    out.at("severity_id") = severity_id;
    out.at("severity") = severity;
    FieldValue outcome = read_field(FieldId::event_outcome, event, context);
    if (auto success = outcome.flag()) {
        out.at("status_id") = *success ? 1 : 2;
        out.at("status") = *success ? "Success" : "Failure";
    }
    auto when = std::get<AuditTime>(read_field(FieldId::event_time, event, context).value);
    out.at("time") = millis(when.sec, when.msec);
    out.at("timezone_offset") = 0;
    out.text("message", head.name, false);
    // Other activities are named for what the record says happened (invalid_pcr, appraise_data).
    if (kind == kIntegrity) out.text("activity_name", head.action, false);
    write_metadata(out, read_field(FieldId::event_id, event, context).view());
    out.at("metadata.original_time") = original_time(when.sec, when.msec);
    write_device(out, read_field(FieldId::host_hostname, event, context).view(), read_field(FieldId::host_id, event, context).view());
    for (const OcsfField& field : ocsf_fields(kind)) write_field(out, field, event, context);
    // The constraints the schema puts on required objects, for records that lack ids: an actor
    // names at least one of process, user, app...; a process at least one of pid, uid, cpid.
    if (!out.has("actor")) out.at("actor.app_name") = "unknown";
    if (c.class_uid == 1007 && !out.has("process")) out.at("process.uid") = "unknown";
    out.name_unidentified_processes();
    if (c.class_uid == 1001 && !out.has("file")) {
        out.at("file.name") = "unknown";
        out.at("file.type_id") = 0;
    }
    return out.finish();
}

std::string OcsfFormatter::format_statistics(const StatisticsReport& report) const {
    Document out;
    write_class(out, OcsfClass{0, "Uncategorized", 0, "Base Event", 99, "Statistics"});
    out.at("severity_id") = 1;
    out.at("severity") = "Informational";
    out.at("time") = millis(report.sec, report.msec);
    out.at("timezone_offset") = 0;
    out.at("message") = "audisp-ima statistics";
    write_metadata(out, "");
    write_device(out, report.host, "");
    out.text("unmapped.trigger", report.trigger);
    out.at("unmapped.uptime_seconds") = report.uptime_seconds;
    for (const auto& [name, value] : report.counters) out.at("unmapped.counters." + name) = value;
    return out.finish();
}

}  // namespace audisp_ima
