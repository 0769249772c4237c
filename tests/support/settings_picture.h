// Every key's value as the config file spells it: a comparable, printable picture of a Settings.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "plugin/setting_keys.h"

namespace audisp_ima::test {

inline std::vector<std::pair<std::string, std::string>> spelled(const Settings& settings) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& key : setting_keys()) out.emplace_back(std::string(key.name), setting_value(settings, key.name));
    return out;
}

}  // namespace audisp_ima::test
