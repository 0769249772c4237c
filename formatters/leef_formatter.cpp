#include "formatters/leef_formatter.h"

#include <stdexcept>
#include <variant>
#include <vector>

#include "formatters/event_words.h"
#include "formatters/leef_fields.h"
#include "formatters/text_sanitize.h"
#include "parser/field_catalogue.h"

namespace audisp_ima {
namespace {

// Java's SimpleDateFormat pattern (which QRadar reads devTime with) of rfc3339_utc's text:
// "2026-11-26T17:40:10.720Z"; X writes Z for UTC.
constexpr std::string_view kTimeFormat = "yyyy-MM-dd'T'HH:mm:ss.SSSX";

std::string header(std::string_view event_id) {
    return "LEEF:2.0|audisp-ima|audisp-ima|" + pipe_header_field(AUDISP_IMA_VERSION) + "|" + pipe_header_field(event_id) + "|x09|";
}

class Attributes {
public:
    explicit Attributes(Shortening shortening = {}) : shortening_(shortening) {}

    void add(std::string_view key, std::string_view value, bool whole) {
        std::string scratch;
        emit(key, whole ? value : shorten(value, shortening_, scratch));
    }
    void emit(std::string_view key, std::string_view value) {
        if (value.empty()) return;
        if (!out_.empty()) out_.push_back('\t');
        out_ += key;
        out_.push_back('=');
        // No escapes in LEEF: a control character (the tab delimiter among them) becomes U+FFFD.
        bool replaced = append_repaired(out_, value, [](std::string& out, char c) {
            if (is_control_byte(c)) {
                out += kReplacementCharacter;
                return true;
            }
            out.push_back(c);
            return false;
        });
        if (replaced) replaced_keys_.emplace_back(key);
    }
    const Shortening& shortening() const { return shortening_; }

    std::string finish() {
        if (!replaced_keys_.empty()) {
            std::string keys;
            for (const auto& key : replaced_keys_) keys += (keys.empty() ? "" : ",") + key;
            emit("invalidUtf8Fields", keys);
        }
        return std::move(out_);
    }

private:
    Shortening shortening_;
    std::string out_;
    std::vector<std::string> replaced_keys_;
};

void write_field(Attributes& out, const LeefField& field, const FieldValue& v) {
    switch (field.value) {
        case LeefValue::outcome: {
            out.emit(field.key, outcome_word(v.flag()));
            return;
        }
        case LeefValue::joined:
            if (auto list = std::get_if<FieldValue::List>(&v.value)) {
                PrintedList printed(**list, out.shortening(), "argument");
                out.emit(field.key, command_line(printed.items()));
            }
            return;
        case LeefValue::pairs:
            if (auto pairs = std::get_if<FieldValue::Pairs>(&v.value)) out.emit(field.key, fields_text(**pairs, out.shortening()));
            return;
        case LeefValue::plain: break;
    }
    if (!v.present()) return;
    bool time = field_spec(field.field).type == FieldType::time_ms;
    out.add(field.key, field_text(v, TimeText::rfc3339, time), v.whole);
}

}  // namespace

std::string LeefFormatter::format(const Event& event, const Shortening& shortening) const {
    EventClass head = event_class(event);
    const FieldContext context{options_.default_host};
    uint8_t kind = event_kind(event);
    Attributes out(shortening);
    auto when = std::get<AuditTime>(read_field(FieldId::event_time, event, context).value);
    out.emit("devTime", rfc3339_utc(when.sec, when.msec));
    out.emit("devTimeFormat", kTimeFormat);
    out.emit("cat", kind_name(kind));
    out.emit("sev", std::to_string(head.severity));
    out.add("act", head.action, false);  // an integrity record's op=, which may be any length
    for (const LeefField& field : leef_fields(kind)) write_field(out, field, read_field(field.field, event, context));
    return header(head.signature) + out.finish();
}

// Every counter is an attribute of its own, so that QRadar can chart and alert on each.
std::string LeefFormatter::format_statistics(const StatisticsReport& report) const {
    Attributes out;
    out.emit("devTime", rfc3339_utc(report.sec, report.msec));
    out.emit("devTimeFormat", kTimeFormat);
    out.emit("cat", "statistics");
    out.emit("sev", "1");
    out.emit("host", report.host);
    out.emit("trigger", report.trigger);
    out.emit("uptimeSeconds", std::to_string(report.uptime_seconds));
    for (const auto& [name, value] : report.counters) out.emit(name, std::to_string(value));
    return header("ima-stats") + out.finish();
}

}  // namespace audisp_ima
