#include "formatters/sysmon_formatter.h"

#include <algorithm>
#include <cctype>
#include <variant>
#include <vector>

#include "formatters/event_words.h"
#include "formatters/sysmon_fields.h"
#include "formatters/sysmon_guid.h"
#include "formatters/text_sanitize.h"
#include "formatters/xml_text.h"
#include "parser/field_catalogue.h"

namespace audisp_ima {
namespace {

// Sysmon's Keywords for every event (the "classic" bit, as its manifest declares them).
constexpr std::string_view kKeywords = "0x8000000000000000";
// The kernel's unset session id, which Sysmon for Linux writes as it is.
constexpr std::string_view kUnsetSession = "4294967295";

// rfc3339_utc's "2026-11-26T17:40:10.720Z" as Sysmon's SystemTime ("...10.720000000Z", nine
// digits) and UtcTime ("2026-11-26 17:40:10.720").
std::string system_time(const AuditTime& t) {
    std::string text = rfc3339_utc(t.sec, t.msec);
    text.insert(text.size() - 1, "000000");
    return text;
}
std::string utc_time(const AuditTime& t) {
    std::string text = rfc3339_utc(t.sec, t.msec);
    text.pop_back();
    std::replace(text.begin(), text.end(), 'T', ' ');
    return text;
}

// "SHA256=<digest>": Sysmon's algorithm names are the kernel's in upper case (SHA1, MD5, SHA256).
std::string hashes_text(std::string_view algorithm, std::string_view digest) {
    std::string out;
    for (char c : algorithm) out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    return out + "=" + std::string(digest);
}

class Document {
public:
    explicit Document(Shortening shortening = {}) : shortening_(shortening) {}

    void system(const SysmonEventType& type, int level, const AuditTime& when, std::string_view record_id,
                std::string_view computer, const FormatterOptions& options) {
        out_ += "<Event><System><Provider Name=\"";
        out_ += type.provider->name;
        out_ += "\" Guid=\"";
        out_ += type.provider->guid;
        out_ += "\"/>";
        element("EventID", std::to_string(type.id));
        element("Version", std::to_string(type.version));
        element("Level", std::to_string(level));
        element("Task", std::to_string(type.task));
        element("Opcode", "0");
        element("Keywords", kKeywords);
        out_ += "<TimeCreated SystemTime=\"" + system_time(when) + "\"/>";
        element("EventRecordID", record_id);
        std::string pid = std::to_string(options.writer_pid);
        out_ += "<Correlation/><Execution ProcessID=\"" + pid + "\" ThreadID=\"" + pid + "\"/>";
        element("Channel", type.provider->channel);
        // The host name is the record's node= and can hold anything.
        out_ += "<Computer>";
        if (append_xml_text(out_, computer)) replaced_.emplace_back("Computer");
        out_ += "</Computer>";
        out_ += "<Security UserId=\"" + std::to_string(options.writer_uid) + "\"/></System><EventData>";
    }

    // A value from the event: cut as the fitter asks unless it is the event's identity.
    void data(std::string_view name, std::string_view value, bool whole) {
        std::string scratch;
        emit(name, whole ? value : shorten(value, shortening_, scratch));
    }
    void emit(std::string_view name, std::string_view value) {
        out_ += "<Data Name=\"";
        out_ += name;
        out_ += "\">";
        if (append_xml_text(out_, value)) replaced_.emplace_back(name);
        out_ += "</Data>";
    }
    const Shortening& shortening() const { return shortening_; }

    std::string finish() {
        if (!replaced_.empty()) {
            std::string names;
            for (const auto& name : replaced_) names += (names.empty() ? "" : ",") + name;
            emit("InvalidUtf8Fields", names);
        }
        out_ += "</EventData></Event>";
        return std::move(out_);
    }

private:
    void element(std::string_view tag, std::string_view text) {
        out_.append("<").append(tag).append(">").append(text).append("</").append(tag).append(">");
    }
    Shortening shortening_;
    std::string out_;
    std::vector<std::string> replaced_;
};

void write_item(Document& out, const SysmonData& item, const Event& event, const FieldContext& context,
                const GuidHost& host) {
    auto field = [&](FieldId id) { return read_field(id, event, context); };
    FieldValue v = item.value == SysmonValue::constant || item.value == SysmonValue::utc_time ? FieldValue{} : field(item.field);
    if (item.omit_absent && !v.present()) return;
    auto scalar = [&](const FieldValue& value) {
        bool time = field_spec(item.field).type == FieldType::time_ms;
        return field_text(value, TimeText::rfc3339, time);
    };
    switch (item.value) {
        case SysmonValue::constant: out.emit(item.name, item.constant); return;
        case SysmonValue::utc_time:
            out.emit(item.name, utc_time(std::get<AuditTime>(field(FieldId::event_time).value)));
            return;
        case SysmonValue::guid: out.emit(item.name, process_guid(host, v.view())); return;
        case SysmonValue::logon_guid: {
            auto uid = std::get_if<uint64_t>(&v.value);
            out.emit(item.name, uid ? logon_guid(host, static_cast<uint32_t>(*uid)) : std::string("-"));
            return;
        }
        case SysmonValue::joined:
            if (auto list = std::get_if<FieldValue::List>(&v.value)) {
                PrintedList printed(**list, out.shortening(), "argument");
                out.emit(item.name, command_line(printed.items()));
            } else {
                out.emit(item.name, "-");
            }
            return;
        case SysmonValue::hashes: {
            std::string_view name = field(item.second).view();
            if (v.view().empty() || name.empty()) {
                out.emit(item.name, "-");
                return;
            }
            // A digest no kernel can have written is cut like any text from the record.
            std::string scratch, scratch_name;
            std::string_view digest = v.whole ? v.view() : shorten(v.view(), out.shortening(), scratch);
            out.emit(item.name, hashes_text(v.whole ? name : shorten(name, out.shortening(), scratch_name), digest));
            return;
        }
        case SysmonValue::user: {
            if (v.present()) {
                out.data(item.name, scalar(v), v.whole);
                return;
            }
            FieldValue id = field(item.second);
            out.emit(item.name, id.present() ? field_text(id, TimeText::rfc3339, false) : std::string("-"));
            return;
        }
        case SysmonValue::session:
            out.emit(item.name, v.present() ? field_text(v, TimeText::rfc3339, false) : std::string(kUnsetSession));
            return;
        case SysmonValue::outcome: out.emit(item.name, outcome_word(v.flag())); return;
        case SysmonValue::pairs:
            if (auto pairs = std::get_if<FieldValue::Pairs>(&v.value)) out.emit(item.name, fields_text(**pairs, out.shortening()));
            else out.emit(item.name, "-");
            return;
        case SysmonValue::text:
            if (v.present()) out.data(item.name, scalar(v), v.whole);
            else out.emit(item.name, "-");
            return;
    }
}

// Windows' levels: 2 Error (a file failed appraisal or verification), 3 Warning (a failed
// execution, a PCR violation or a failed policy change), 4 Information (everything else).
int level_of(int severity) { return severity >= 7 ? 2 : severity >= 5 ? 3 : 4; }

}  // namespace

std::string SysmonFormatter::format(const Event& event, const Shortening& shortening) const {
    EventClass head = event_class(event);  // throws for a fork
    const FieldContext context{options_.default_host};
    uint8_t kind = event_kind(event);
    const SysmonEventType& type = sysmon_event_type(kind, read_field(FieldId::event_outcome, event, context).flag() == true);
    FieldValue host_id = read_field(FieldId::host_id, event, context);
    FieldValue hostname = read_field(FieldId::host_hostname, event, context);
    const GuidHost host{host_id.view(), hostname.view()};

    Document out(shortening);
    auto when = std::get<AuditTime>(read_field(FieldId::event_time, event, context).value);
    std::string serial = field_text(read_field(FieldId::event_serial, event, context), TimeText::rfc3339, false);
    std::string scratch;
    out.system(type, level_of(head.severity), when, serial, shorten(host.hostname, shortening, scratch), options_);
    for (const SysmonData& item : type.data) write_item(out, item, event, context, host);
    return out.finish();
}

// Every counter is an item of its own, named as in the other formats.
std::string SysmonFormatter::format_statistics(const StatisticsReport& report) const {
    const SysmonEventType& type = sysmon_statistics_type();
    Document out;
    AuditTime when{report.sec, report.msec};
    out.system(type, 4, when, "0", report.host, options_);
    out.emit("UtcTime", utc_time(when));
    out.emit("Trigger", report.trigger);
    out.emit("UptimeSeconds", std::to_string(report.uptime_seconds));
    for (const auto& [name, value] : report.counters) out.emit(name, std::to_string(value));
    return out.finish();
}

}  // namespace audisp_ima
