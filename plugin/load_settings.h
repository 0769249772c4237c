// Defaults, then the config file (if one was named), then the command line: the same steps at
// start-up and on every SIGHUP, so a reload sees exactly what a restart would.
#pragma once

#include "plugin/cli_options.h"
#include "plugin/settings.h"

namespace audisp_ima {

// Throws ConfigError (file problems, with file:line) or SettingError.
Settings load_settings(const CliOptions& cli);

}  // namespace audisp_ima
