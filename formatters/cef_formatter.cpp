#include "formatters/cef_formatter.h"

#include <algorithm>
#include <optional>
#include <stdexcept>
#include <utility>
#include <variant>
#include <vector>

#include "formatters/cef_fields.h"
#include "formatters/event_words.h"
#include "formatters/message_fitter.h"
#include "formatters/text_sanitize.h"
#include "parser/field_catalogue.h"

namespace audisp_ima {
namespace {



std::string header(std::string_view signature, std::string_view name, int severity) {
    return "CEF:0|audisp-ima|audisp-ima|" + pipe_header_field(AUDISP_IMA_VERSION) + "|" + pipe_header_field(signature) +
           "|" + pipe_header_field(name) + "|" + std::to_string(severity) + "|";
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
        emit(key, bounded(key, value, scratch));
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
        bool replaced = append_repaired(out_, value, [](std::string& out, char c) { return append_escaped(out, c); });
        if (replaced) replaced_keys_.emplace_back(key);
    }
    // A custom field (cs1..cs6, cn1..cn3, flexString1..2) preceded by its label.
    void add_labeled(std::string_view key, std::string_view label, std::string_view value) {
        std::string scratch;
        value = bounded(key, value, scratch);
        if (value.empty()) return;
        add_whole(std::string(key) + "Label", label);
        emit(key, value);
    }
    void add_labeled_whole(std::string_view key, std::string_view label, std::string_view value) {
        if (value.empty()) return;
        add_whole(std::string(key) + "Label", label);
        add_whole(key, value);
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
    std::string_view bounded(std::string_view key, std::string_view value, std::string& scratch) const {
        std::string_view fitted = shorten(value, shortening_, scratch);
        auto limit = standard_length(key);
        if (limit && fitted.size() > *limit) fitted = cut_to(value, *limit, scratch);
        return fitted;
    }

    // CEF's extension escapes; other control characters have none and become U+FFFD (true).
    static bool append_escaped(std::string& out, char c) {
        switch (c) {
            case '\\': out += "\\\\"; return false;
            case '=': out += "\\="; return false;
            case '\n': out += "\\n"; return false;
            case '\r': out += "\\r"; return false;
            default:
                if (!is_control_byte(c)) {
                    out.push_back(c);
                    return false;
                }
                out += kReplacementCharacter;
                return true;
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

void write_field(Extension& ext, const CefField& field, const FieldValue& v, const Shortening& shortening) {
    switch (field.value) {
        case CefValue::outcome: {
            ext.add(field.key, outcome_word(v.flag()));
            return;
        }
        case CefValue::command_line:
            if (auto list = std::get_if<FieldValue::List>(&v.value))
                ext.add_labeled_whole(field.key, field.label, command_line_value(**list, shortening));
            return;
        case CefValue::joined:
            if (auto list = std::get_if<FieldValue::List>(&v.value)) {
                PrintedList printed(**list, shortening, "argument");
                ext.add(field.key, command_line(printed.items()));
            }
            return;
        case CefValue::fields:
            if (auto pairs = std::get_if<FieldValue::Pairs>(&v.value)) {
                ext.add_labeled_whole(field.key, field.label, list_value(field.key, shortening, [&](const Shortening& s) {
                                          return fields_text(**pairs, s);
                                      }));
            }
            return;
        case CefValue::plain: break;
    }
    if (!v.present()) return;
    std::string text = field_text(v, TimeText::epoch_ms, false);
    if (field.label.empty()) {
        if (v.whole) ext.add_whole(field.key, text);
        else ext.add(field.key, text);
    } else {
        if (v.whole) ext.add_labeled_whole(field.key, field.label, text);
        else ext.add_labeled(field.key, field.label, text);
    }
}

void write_fields(Extension& ext, const Event& event, std::span<const CefField> fields, const FieldContext& context,
                  const Shortening& shortening) {
    for (const CefField& field : fields) {
        FieldValue v = read_field(field.field, event, context);
        if (!v.present() && field.otherwise) v = read_field(*field.otherwise, event, context);
        write_field(ext, field, v, shortening);
    }
}

}  // namespace

// Every key from the event comes from the field catalogue through the tables of cef_fields.cpp.
std::string CefFormatter::format(const Event& event, const Shortening& shortening) const {
    EventClass head = event_class(event);
    const FieldContext context{options_.default_host};
    Extension ext(shortening);
    write_fields(ext, event, cef_fields_before_act(), context, shortening);
    ext.add("act", head.action);
    write_fields(ext, event, cef_fields(event_kind(event)), context, shortening);
    return header(head.signature, head.name, head.severity) + ext.finish();
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

}  // namespace audisp_ima
