// The host the plugin runs on, as ECS names it (host.name, host.id, host.os.*): read once at
// start by the plugin (plugin/local_system.cpp: /etc/machine-id, /etc/os-release, uname) and
// attached to this host's own events by enrich/host_stage. Empty strings are unknown and left out.
#pragma once

#include <string>
#include <string_view>

namespace audisp_ima {

struct HostFacts {
    std::string name;        // host.name: gethostname()
    std::string id;          // host.id: /etc/machine-id (systemd's and Elastic Agent's host id)
    std::string os_type;     // host.os.type: "linux"
    std::string os_family;   // host.os.family: os-release ID_LIKE's first word, else ID ("debian", "rhel")
    std::string os_name;     // host.os.name: os-release NAME ("Debian GNU/Linux")
    std::string os_version;  // host.os.version: os-release VERSION_ID ("12")
    std::string os_platform; // host.os.platform: os-release ID ("debian", "rocky")
    std::string kernel;      // host.os.kernel: uname -r
};

// Fills os_family, os_name, os_version and os_platform from the text of an os-release file
// (os-release(5): KEY=value lines, values optionally in single or double quotes with shell
// escapes, '#' comments). Unknown keys and malformed lines are ignored.
void read_os_release(std::string_view text, HostFacts& facts);

// /etc/machine-id's content when it is one (32 lowercase hex digits, a newline allowed), else "".
std::string machine_id_from(std::string_view text);

}  // namespace audisp_ima
