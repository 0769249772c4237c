// Test helper: a strict parser for one LEEF 2.0 line, written from the LEEF rules (IBM's LEEF
// guide: "LEEF:2.0|Vendor|Product|Version|EventID|DelimiterCharacter|" then key=value attributes
// separated by the delimiter, given as one character or as hex "x09"/"0x09"), independently of
// the formatter. Anything a lenient receiver might misread is an error here.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace audisp_ima::test {

struct LeefMessage {
    std::string version, vendor, product, product_version, event_id;
    char delimiter = '\t';
    std::vector<std::pair<std::string, std::string>> attributes;  // in line order

    const std::string* find(std::string_view key) const {
        for (const auto& [k, v] : attributes)
            if (k == key) return &v;
        return nullptr;
    }
};

// Throws std::runtime_error (with the reason) on: a missing "LEEF:2.0|" prefix, fewer than six
// header fields, a header escape other than \| and \\, a delimiter that is not one character or
// x/0x and 1-4 hex digits, a control character (other than the delimiter between attributes)
// or invalid UTF-8 anywhere, an attribute without '=', an empty or repeated key, a key that is not
// [A-Za-z0-9_]+, an empty value, an empty attribute (two delimiters in a row, or a trailing one).
LeefMessage parse_leef(std::string_view line);

}  // namespace audisp_ima::test
