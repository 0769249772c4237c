// The one table of configurable keys, shared by the config file ("key = value") and the command
// line ("--key value", '_' written as '-'), so both accept the same names and values and give
// the same error messages.
#pragma once

#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

#include "plugin/settings.h"

namespace audisp_ima {

class SettingError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct SettingKey {
    std::string_view name;          // as in the config file: syslog_facility
    std::string_view value_syntax;  // for messages and --help: "json|cef"
    std::string_view description;
};

std::span<const SettingKey> setting_keys();

// Sets one key from its text value. Throws SettingError naming the key, the bad value and what
// was expected; an unknown key is an error too.
void apply_setting(Settings& settings, std::string_view key, std::string_view value);

// The value as the config file would spell it (for --help, docs and the shipped config file).
std::string setting_value(const Settings& settings, std::string_view key);

}  // namespace audisp_ima
