#include "formatters/field_reference.h"

#include <string_view>
#include <vector>

#include "formatters/cef_fields.h"
#include "formatters/leef_fields.h"
#include "formatters/ocsf_fields.h"
#include "formatters/sysmon_fields.h"
#include "parser/field_catalogue.h"

namespace audisp_ima {
namespace {

constexpr uint8_t kKinds[] = {kExecution, kMeasurement, kIntegrity, kProcessEnd};
constexpr uint8_t kEveryKind = kExecution | kMeasurement | kIntegrity | kProcessEnd;

std::string_view type_name(FieldType type) {
    switch (type) {
        case FieldType::text: return "text";
        case FieldType::integer: return "integer";
        case FieldType::time_ms: return "time";
        case FieldType::boolean: return "boolean";
        case FieldType::words: return "word";
        case FieldType::list: return "list of text";
        case FieldType::pairs: return "name=value pairs";
    }
    return "?";
}

std::string kinds_text(uint8_t kinds) {
    if (kinds == 0) return "—";
    if (kinds == kEveryKind) return "all";
    std::string text;
    for (uint8_t kind : kKinds)
        if (kinds & kind) text += (text.empty() ? "" : ", ") + std::string(kind_name(kind));
    return text;
}

// Keys of one format that carry a field, each with the kinds it carries it in.
class KeyUses {
public:
    explicit KeyUses(const FieldSpec& spec) : spec_(spec) {}
    void note(std::string key, uint8_t kind) {
        for (auto& use : uses_)
            if (use.key == key) {
                use.kinds |= kind;
                return;
            }
        uses_.push_back({std::move(key), kind});
    }
    // "`key`" when it carries the field in every kind that has it, else "`key`: kinds".
    std::string text() const;

private:
    struct Use {
        std::string key;
        uint8_t kinds = 0;
    };
    const FieldSpec& spec_;
    std::vector<Use> uses_;
};

std::string KeyUses::text() const {
    std::string text;
    for (const auto& use : uses_) {
        if (!text.empty()) text += "; ";
        text += use.key;
        if ((use.kinds & spec_.kinds) != spec_.kinds) text += ": " + kinds_text(use.kinds);
    }
    return text.empty() ? "—" : text;
}

std::string cef_keys(const FieldSpec& spec) {
    KeyUses uses(spec);
    auto note = [&](const CefField& f, uint8_t kind) {
        if (f.field != spec.id && !(f.otherwise && *f.otherwise == spec.id)) return;
        std::string key = "`" + std::string(f.key) + "`";
        if (!f.label.empty()) key += " (" + std::string(f.label) + ")";
        if (f.field != spec.id) key += " when no " + std::string(field_spec(f.field).name);
        uses.note(std::move(key), kind);
    };
    for (const CefField& f : cef_fields_before_act())
        for (uint8_t kind : kKinds) note(f, kind);
    for (uint8_t kind : kKinds)
        for (const CefField& f : cef_fields(kind)) note(f, kind);
    return uses.text();
}

// devTime (event.time) is written by the formatter itself, before the table.
std::string leef_keys(const FieldSpec& spec) {
    KeyUses uses(spec);
    if (spec.id == FieldId::event_time) uses.note("`devTime`", kEveryKind);
    for (uint8_t kind : kKinds)
        for (const LeefField& f : leef_fields(kind))
            if (f.field == spec.id) uses.note("`" + std::string(f.key) + "`", kind);
    return uses.text();
}

// time, status_id, metadata.uid and device are written by the formatter itself.
std::string ocsf_attributes(const FieldSpec& spec) {
    KeyUses uses(spec);
    if (spec.id == FieldId::event_time) uses.note("`time`", kEveryKind);
    if (spec.id == FieldId::event_id) uses.note("`metadata.uid`", kEveryKind);
    if (spec.id == FieldId::event_outcome) uses.note("`status_id`", kExecution | kIntegrity);
    if (spec.id == FieldId::host_hostname) uses.note("`device.hostname`", kEveryKind);
    if (spec.id == FieldId::host_id) uses.note("`device.uid`", kEveryKind);
    for (uint8_t kind : kKinds)
        for (const OcsfField& f : ocsf_fields(kind)) {
            std::string path(f.path);
            if (f.value != OcsfValue::file) {
                if (f.field == spec.id) uses.note("`" + path + "`", kind);
                continue;
            }
            if (f.field == spec.id) uses.note("`" + path + ".path`", kind);
            if (f.hashed && f.digest == spec.id) uses.note("`" + path + ".hashes[].value`", kind);
            if (f.hashed && f.algorithm == spec.id) uses.note("`" + path + ".hashes[].algorithm_id`", kind);
        }
    return uses.text();
}

// An execution's items are ProcessCreate's (a failed one adds Outcome, which the others carry too).
// The System block's EventRecordID and Computer, and every GUID's first 8 digits, are written by
// the formatter itself; a GUID is made from the entity id (formatters/sysmon_guid.h), not a copy.
std::string sysmon_items(const FieldSpec& spec) {
    KeyUses uses(spec);
    if (spec.id == FieldId::event_serial) uses.note("`EventRecordID`", kEveryKind);
    if (spec.id == FieldId::host_hostname) uses.note("`Computer`", kEveryKind);
    if (spec.id == FieldId::host_id) uses.note("GUIDs' first 8 digits", kEveryKind);
    auto note = [&](const SysmonData& item, uint8_t kind) {
        if (item.value == SysmonValue::constant) return;
        FieldId field = item.value == SysmonValue::utc_time ? FieldId::event_time : item.field;
        if (field == spec.id)
            uses.note("`" + std::string(item.name) + "`" + (item.value == SysmonValue::guid ? " (made from it)" : ""), kind);
        if (item.value == SysmonValue::hashes && item.second == spec.id) uses.note("`" + std::string(item.name) + "` (before =)", kind);
        if (item.value == SysmonValue::user && item.second == spec.id)
            uses.note("`" + std::string(item.name) + "` when no " + std::string(field_spec(item.field).name), kind);
    };
    for (uint8_t kind : kKinds)
        for (bool succeeded : {true, false}) {
            for (const SysmonData& item : sysmon_event_type(kind, succeeded).data) note(item, kind);
            if (kind != kExecution) break;
        }
    return uses.text();
}

}  // namespace

std::string field_reference_markdown() {
    std::string out =
        "# Field reference\n"
        "\n"
        "Every field audisp-ima reads from an event, from its field catalogue\n"
        "(`parser/field_catalogue.cpp`), and the CEF and LEEF keys, OCSF attributes and Sysmon items\n"
        "that carry it (`formatters/cef_fields.cpp`, `leef_fields.cpp`, `ocsf_fields.cpp`,\n"
        "`sysmon_fields.cpp`).\n"
        "Generated: `build/tests/print-field-reference > docs/field-reference.md`; a test fails when this\n"
        "file is not what it prints. The JSON (ECS) names and every message kind, with examples, are in\n"
        "[fields.md](fields.md).\n"
        "\n"
        "- **Events**: the kinds of message that carry the field (execution, measurement: a standalone\n"
        "  IMA measurement, integrity: another IMA integrity record, process_end).\n"
        "- **Never cut in**: where the field is part of the event's identity, which no shortening cuts\n"
        "  (a hash only when a kernel can have written it). Every other text may be cut to fit a size\n"
        "  limit, visibly.\n"
        "- A field without a value in an event is left out of its message; the Sysmon format writes\n"
        "  `-` for it instead, as Sysmon does, except in the items audisp-ima adds.\n"
        "\n"
        "| Field | Type | Events | Never cut in | CEF | LEEF | OCSF | Sysmon | Meaning |\n"
        "|---|---|---|---|---|---|---|---|---|\n";
    for (const FieldSpec& spec : field_catalogue()) {
        out += "| `" + std::string(spec.name) + "` | " + std::string(type_name(spec.type)) + " | " +
               kinds_text(spec.kinds) + " | " + kinds_text(spec.identity) + " | " + cef_keys(spec) + " | " + leef_keys(spec) + " | " + ocsf_attributes(spec) + " | " + sysmon_items(spec) + " | " +
               std::string(spec.summary) + " |\n";
    }
    return out;
}

}  // namespace audisp_ima
