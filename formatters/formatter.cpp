#include "formatters/formatter.h"

#include <stdexcept>

#include "formatters/cef_formatter.h"
#include "formatters/json_formatter.h"
#include "formatters/leef_formatter.h"
#include "formatters/ocsf_formatter.h"
#include "formatters/sysmon_formatter.h"

namespace audisp_ima {

std::unique_ptr<Formatter> make_formatter(std::string_view name, FormatterOptions options) {
    if (name == "json") return std::make_unique<JsonFormatter>(std::move(options));
    if (name == "cef") return std::make_unique<CefFormatter>(std::move(options));
    if (name == "leef") return std::make_unique<LeefFormatter>(std::move(options));
    if (name == "ocsf") return std::make_unique<OcsfFormatter>(std::move(options));
    if (name == "sysmon") return std::make_unique<SysmonFormatter>(std::move(options));
    throw std::invalid_argument("unknown output format '" + std::string(name) + "' (expected json, cef, leef, ocsf or sysmon)");
}

}  // namespace audisp_ima
