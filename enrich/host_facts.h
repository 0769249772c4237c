// Reading the host's facts (parser/host_facts.h) from the files that hold them.
#pragma once

#include <string>
#include <string_view>

#include "parser/host_facts.h"

namespace audisp_ima {

// Fills os_family, os_name, os_version and os_platform from the text of an os-release file
// (os-release(5): KEY=value lines, values optionally in single or double quotes with shell
// escapes, '#' comments). Unknown keys and malformed lines are ignored.
void read_os_release(std::string_view text, HostFacts& facts);

// /etc/machine-id's content when it is one (32 lowercase hex digits, a newline allowed), else "".
std::string machine_id_from(std::string_view text);

}  // namespace audisp_ima
