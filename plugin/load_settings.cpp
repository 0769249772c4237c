#include "plugin/load_settings.h"

#include <unistd.h>

#include "plugin/config_file.h"

namespace audisp_ima {

Settings load_settings(const CliOptions& cli) {
    Settings settings;
    if (cli.config_path) settings = load_config_file(*cli.config_path, settings, ConfigFileRules{::geteuid() == 0});
    return apply_overrides(cli, std::move(settings));
}

}  // namespace audisp_ima
