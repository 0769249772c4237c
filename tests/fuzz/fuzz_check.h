// What every fuzz target asserts, shared: a broken promise aborts with the input's reason on
// stderr, which libFuzzer reports as a crash and saves the input for.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "tests/support/cef_parser.h"
#include "tests/support/json_keys.h"

namespace audisp_ima::fuzz {

[[noreturn]] inline void broken(std::string_view promise, std::string_view detail = {}) {
    std::fprintf(stderr, "fuzz: broken promise: %.*s\n  %.*s\n", static_cast<int>(promise.size()), promise.data(),
                 static_cast<int>(detail.size() > 600 ? 600 : detail.size()), detail.data());
    std::abort();
}

inline void require(bool condition, std::string_view promise, std::string_view detail = {}) {
    if (!condition) broken(promise, detail);
}

// One line, valid in its format: JSON without a repeated key, or CEF as strict as parse_cef.
inline void require_valid_message(const std::string& message, bool cef) {
    require(message.find('\n') == std::string::npos && message.find('\r') == std::string::npos,
            "a message is one line", message);
    if (cef) {
        try {
            test::parse_cef(message);
        } catch (const std::exception& error) {
            broken(std::string("valid CEF: ") + error.what(), message);
        }
        return;
    }
    require(nlohmann::json::accept(message), "valid JSON", message);
    auto repeated = test::duplicate_key(message);
    require(!repeated, "no key twice in a JSON object", repeated ? *repeated : "");
}

}  // namespace audisp_ima::fuzz
