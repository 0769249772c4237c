// What a /proc/PID/cgroup text says: the path, the container and the systemd unit. Pure, so that
// each runtime's layout is tested on its own text. The layouts (cgroup v2 "0::PATH" lines, and v1
// "ID:CONTROLLERS:PATH" lines of which name=systemd is the one systemd names units in):
//   docker, systemd driver      /system.slice/docker-<64 hex>.scope
//   docker, cgroupfs driver     /docker/<64 hex>
//   containerd (kubernetes)     /kubepods.slice/.../cri-containerd-<64 hex>.scope
//   CRI-O                       /kubepods.slice/.../crio-<64 hex>.scope
//   kubernetes, cgroupfs driver /kubepods/<qos>/pod<uid>/<64 hex>
//   podman                      /machine.slice/libpod-<64 hex>.scope (rootless: under user@UID.service)
// libpod-conmon-<id>.scope is podman's monitor, not the container: no container id there.
#pragma once

#include <string_view>

#include "parser/cgroup_context.h"

namespace audisp_ima {

CgroupFacts parse_proc_cgroup(std::string_view text);

}  // namespace audisp_ima
