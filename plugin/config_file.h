// The plugin's own config file (/etc/audit/audisp-ima.conf): "key = value" lines and '#'
// comments, as auditd.conf. Every key is one of setting_keys(); every problem is reported with
// file:line, and all of them at once so one --check-config run shows everything to fix.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include "plugin/settings.h"

namespace audisp_ima {

class ConfigError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;  // what(): one "file:line: message" per line
};

// Applies the file's settings on top of `base`. Pure: the text is already read.
Settings parse_config_text(std::string_view text, std::string_view file_name, Settings base);

struct ConfigFileRules {
    // As auditd does for its own files when running as root: the file must belong to root and
    // not be writable by everyone, or anyone could redirect or silence the plugin.
    bool require_root_owner = false;
};

// Reads and parses `path`; throws ConfigError for an unreadable, unsafe or invalid file.
Settings load_config_file(const std::string& path, Settings base, ConfigFileRules rules);

}  // namespace audisp_ima
