// The control group an execution ran in and what it tells (enrich/container_stage): the container
// (docker, containerd, CRI-O, podman, kubernetes layouts) and the systemd unit. The parser leaves
// it empty. Best effort: read from /proc at event time, so it is marked with where it was read.
#pragma once

#include <optional>
#include <string>

namespace audisp_ima {

struct CgroupFacts {
    std::string path;                      // "/system.slice/nginx.service"
    std::optional<std::string> container_id;  // 64 hex digits
    std::optional<std::string> runtime;       // docker | containerd | cri-o | podman | kubernetes
    std::optional<std::string> unit;          // the systemd unit: last .service or .scope component
    const char* source = "proc";              // "proc": the process's own; "parent": it was gone
};

}  // namespace audisp_ima
