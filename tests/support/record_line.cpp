#include "tests/support/record_line.h"

#include <stdexcept>
#include <string>

#include "parser/record_types.h"

namespace audisp_ima::test {

namespace {
// The record's fields view its line: test lines are kept for the life of the test binary, so a
// record made from a temporary string stays valid (a few kilobytes in all).
std::string_view kept(std::string_view line) {
    static EventText lines;
    return lines.keep(std::string(line));
}
}  // namespace

AuditRecord record_from_line(std::string_view line) {
    line = kept(line);
    AuditRecord record;
    // The ENRICHED part after 0x1D holds interpretations, not fields.
    if (auto gs = line.find('\x1d'); gs != std::string_view::npos) line = line.substr(0, gs);
    auto colon = line.find("): ");
    std::string_view header = line.substr(0, colon == std::string_view::npos ? line.size() : colon);
    std::string_view body = colon == std::string_view::npos ? std::string_view{} : line.substr(colon + 3);
    auto type_pos = header.find("type=");
    if (type_pos == std::string_view::npos) throw std::invalid_argument("no type= in test line");
    auto type_end = header.find(' ', type_pos);
    record.type_name = header.substr(type_pos + 5, type_end - type_pos - 5);
    record.type = record_type::from_name(record.type_name).value_or(0);
    while (!body.empty()) {
        auto space = body.find(' ');
        std::string_view token = body.substr(0, space);
        body = space == std::string_view::npos ? std::string_view{} : body.substr(space + 1);
        if (token.empty()) continue;
        auto eq = token.find('=');
        if (eq == std::string_view::npos) continue;
        record.fields.push_back({token.substr(0, eq), token.substr(eq + 1)});
    }
    return record;
}

}  // namespace audisp_ima::test
