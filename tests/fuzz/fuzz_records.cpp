// libFuzzer target: the record decoders and the assembler without libauparse in front, so that
// field values libauparse would never pass still reach them: any bytes become one audit event
// (one record per line: a type name, then blank-separated name=value fields, kept raw), which is
// assembled and formatted as JSON and CEF, whole and shrunk to the smallest limit.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "formatters/formatter.h"
#include "formatters/message_fitter.h"
#include "parser/event_assembler.h"
#include "parser/record_types.h"
#include "tests/fuzz/fuzz_check.h"

using namespace audisp_ima;

namespace {

AuditRecord record_from(std::string_view line) {
    AuditRecord record;
    size_t at = 0;
    auto token = [&]() {
        while (at < line.size() && line[at] == ' ') ++at;
        size_t end = line.find(' ', at);
        if (end == std::string_view::npos) end = line.size();
        std::string_view out = line.substr(at, end - at);
        at = end;
        return out;
    };
    record.type_name = token();
    record.type = record_type::from_name(record.type_name).value_or(0);
    while (at < line.size()) {
        std::string_view field = token();
        if (field.empty()) break;
        auto eq = field.find('=');
        if (eq == std::string_view::npos) continue;
        record.fields.push_back({field.substr(0, eq), field.substr(eq + 1)});
    }
    return record;
}

void check(const Formatter& formatter, fuzz::MessageFormat format, const Event& event) {
    for (size_t limit : {size_t(0), size_t(2048)}) {
        FittedMessage fitted = format_within(formatter, event, limit);
        const std::string& text = fitted.text;
        fuzz::require_valid_message(text, format);
        if (limit) fuzz::require(text.size() <= limit || !fitted.fits, "fits, or says it does not", text.substr(0, 300));
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    AuditEvent event;
    event.key = EventKey{"fuzz", 1795714810, 720, 171};
    size_t at = 0;
    while (at <= input.size() && event.records.size() < 64) {
        size_t end = input.find('\n', at);
        if (end == std::string_view::npos) end = input.size();
        if (end > at) event.records.push_back(record_from(input.substr(at, end - at)));
        at = end + 1;
    }
    EventAssembler assembler;
    std::vector<Event> out;
    assembler.assemble(event, out);
    static const auto json = make_formatter("json", FormatterOptions{"fuzzhost"});
    static const auto cef = make_formatter("cef", FormatterOptions{"fuzzhost"});
    static const auto leef = make_formatter("leef", FormatterOptions{"fuzzhost"});
    static const auto sysmon = make_formatter("sysmon", FormatterOptions{"fuzzhost"});
    static const auto ocsf = make_formatter("ocsf", FormatterOptions{"fuzzhost"});
    for (const Event& assembled : out) {
        if (std::holds_alternative<ForkEvent>(assembled)) continue;  // feeds the process table, no message
        check(*json, fuzz::MessageFormat::json, assembled);
        check(*cef, fuzz::MessageFormat::cef, assembled);
        check(*leef, fuzz::MessageFormat::leef, assembled);
        check(*sysmon, fuzz::MessageFormat::sysmon, assembled);
        check(*ocsf, fuzz::MessageFormat::ocsf, assembled);
    }
    return 0;
}
