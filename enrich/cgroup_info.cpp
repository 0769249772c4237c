#include "enrich/cgroup_info.h"

#include <algorithm>
#include <vector>

namespace audisp_ima {
namespace {

bool is_container_id(std::string_view s) {
    return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

// The path systemd names units in: v2's "0::" line, else v1's name=systemd line, else the first.
std::string_view pick_path(std::string_view text) {
    std::string_view first, systemd, unified;
    bool have_first = false;
    while (!text.empty()) {
        auto end = text.find('\n');
        std::string_view line = text.substr(0, end);
        text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
        auto c1 = line.find(':');
        if (c1 == std::string_view::npos) continue;
        auto c2 = line.find(':', c1 + 1);
        if (c2 == std::string_view::npos) continue;
        std::string_view controllers = line.substr(c1 + 1, c2 - c1 - 1);
        std::string_view path = line.substr(c2 + 1);
        if (!have_first) first = path, have_first = true;
        if (line.substr(0, c1) == "0" && controllers.empty()) unified = path;
        if (controllers == "name=systemd") systemd = path;
    }
    // On a hybrid host the unified line is "/" while name=systemd holds the units.
    if (!unified.empty() && unified != "/") return unified;
    if (!systemd.empty()) return systemd;
    if (!unified.empty()) return unified;
    return first;
}

}  // namespace

CgroupFacts parse_proc_cgroup(std::string_view text) {
    CgroupFacts out;
    std::string_view path = pick_path(text);
    out.path = std::string(path);
    std::string_view previous;
    while (!path.empty()) {
        auto slash = path.find('/');
        std::string_view part = path.substr(0, slash);
        path = slash == std::string_view::npos ? std::string_view() : path.substr(slash + 1);
        if (part.empty()) continue;
        if (part.ends_with(".service") || part.ends_with(".scope")) out.unit = std::string(part);
        std::string_view name = part;
        if (name.ends_with(".scope")) name.remove_suffix(6);
        struct Prefix {
            std::string_view text;
            const char* runtime;
        };
        static constexpr Prefix kPrefixes[] = {
            {"docker-", "docker"}, {"cri-containerd-", "containerd"}, {"crio-", "cri-o"}, {"libpod-", "podman"}};
        bool matched = false;
        for (const Prefix& p : kPrefixes) {
            if (name.starts_with(p.text) && is_container_id(name.substr(p.text.size()))) {
                out.container_id = std::string(name.substr(p.text.size()));
                out.runtime = p.runtime;
                matched = true;
            }
        }
        if (!matched && is_container_id(name)) {  // cgroupfs drivers: a bare id under its runtime's folder
            out.container_id = std::string(name);
            if (previous == "docker") out.runtime = "docker";
            else if (previous.starts_with("pod") || previous.starts_with("kubepods")) out.runtime = "kubernetes";
            else out.runtime.reset();
        }
        previous = part;
    }
    return out;
}

}  // namespace audisp_ima
