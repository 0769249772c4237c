// Test helper: a strict parser for one CEF line, written independently of the formatter so that
// formatter tests check the output against the CEF rules rather than against the formatter's own
// idea of them. Anything a lenient receiver might misread is an error here.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace audisp_ima::test {

struct CefMessage {
    std::string version;
    std::string vendor;
    std::string product;
    std::string device_version;
    std::string signature_id;
    std::string name;
    int severity = 0;
    std::vector<std::pair<std::string, std::string>> extensions;  // in line order, values unescaped

    // The value of `key`, or nullptr.
    const std::string* find(std::string_view key) const {
        for (const auto& [k, v] : extensions)
            if (k == key) return &v;
        return nullptr;
    }
};

// Throws std::runtime_error (with the reason) on: a missing "CEF:" prefix, fewer than 7 header
// separators, a header escape other than \| and \\, LF or CR anywhere, a severity that is not an
// integer 0-10, an extension escape other than \\ \= \n \r, an unescaped '=' that does not end a
// key ([A-Za-z0-9_]+ at the start of the extension or after a space), text before the first key,
// an empty or repeated key, and invalid UTF-8.
CefMessage parse_cef(std::string_view line);

}  // namespace audisp_ima::test
