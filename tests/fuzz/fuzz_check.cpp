// The fuzz targets' oracles. Built without coverage instrumentation (tests/fuzz/CMakeLists.txt):
// the JSON, CEF, LEEF and XML checkers are not under test, and their branches would otherwise be most of
// the features libFuzzer tracks — and most of each run's time.
#include "tests/fuzz/fuzz_check.h"

#include <cstdio>
#include <cstdlib>
#include <exception>

#include "tests/support/cef_parser.h"
#include "tests/support/json_keys.h"
#include "tests/support/leef_parser.h"
#include "tests/support/format_checks.h"
#include "tests/support/sysmon_xml.h"

namespace audisp_ima::fuzz {

void broken(std::string_view promise, std::string_view detail) {
    std::fprintf(stderr, "fuzz: broken promise: %.*s\n  %.*s\n", static_cast<int>(promise.size()), promise.data(),
                 static_cast<int>(detail.size() > 600 ? 600 : detail.size()), detail.data());
    std::abort();
}

void require_valid_message(const std::string& message, MessageFormat format) {
    require(message.find('\n') == std::string::npos && message.find('\r') == std::string::npos,
            "a message is one line", message);
    if (format == MessageFormat::cef) {
        try {
            test::parse_cef(message);
        } catch (const std::exception& error) {
            broken(std::string("valid CEF: ") + error.what(), message);
        }
        return;
    }
    if (format == MessageFormat::leef) {
        try {
            test::parse_leef(message);
        } catch (const std::exception& error) {
            broken(std::string("valid LEEF: ") + error.what(), message);
        }
        return;
    }
    if (format == MessageFormat::ocsf) {
        std::string problem = test::message_problems("ocsf", message);
        require(problem.empty(), "valid OCSF with its required attributes", problem + ": " + message);
        return;
    }
    if (format == MessageFormat::sysmon) {
        try {
            test::parse_sysmon_xml(message);
        } catch (const std::exception& error) {
            broken(std::string("valid Sysmon XML: ") + error.what(), message);
        }
        return;
    }
    auto keys = test::check_json_keys(message);
    require(keys.valid, "valid JSON", message);
    require(!keys.repeated, "no key twice in a JSON object", keys.repeated ? *keys.repeated : "");
}

}  // namespace audisp_ima::fuzz
