#include "formatters/xml_text.h"

#include "formatters/text_sanitize.h"

namespace audisp_ima {

bool append_xml_text(std::string& out, std::string_view value) {
    bool replaced = false;
    out.reserve(out.size() + value.size());
    while (!value.empty()) {
        Utf8Unit unit = next_utf8_unit(value);
        std::string_view piece = value.substr(0, unit.length);
        value.remove_prefix(unit.length);
        // U+FFFE and U+FFFF (EF BF BE, EF BF BF) are valid UTF-8 but not XML characters.
        if (!unit.valid || piece == "\xEF\xBF\xBE" || piece == "\xEF\xBF\xBF") {
            out += kReplacementCharacter;
            replaced = true;
            continue;
        }
        if (unit.length > 1) {
            out += piece;
            continue;
        }
        char c = piece[0];
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&apos;"; break;
            case '\t': out += "&#9;"; break;
            case '\n': out += "&#10;"; break;
            case '\r': out += "&#13;"; break;
            case '\x7f': out += "&#127;"; break;
            default:
                if (is_control_byte(c)) {
                    out += kReplacementCharacter;
                    replaced = true;
                } else {
                    out.push_back(c);
                }
        }
    }
    return replaced;
}

}  // namespace audisp_ima
