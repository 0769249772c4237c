// The host the plugin runs on, as ECS names it (host.name, host.id, host.os.*): read once at
// start by the plugin (plugin/local_system.cpp: /etc/machine-id, /etc/os-release, uname; parsed by
// enrich/host_facts.h) and attached to this host's own events by enrich/host_stage. Part of the
// event model, so that the field catalogue can read it. Empty strings are unknown and left out.
#pragma once

#include <string>

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

}  // namespace audisp_ima
