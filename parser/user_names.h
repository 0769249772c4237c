// Names for the ids of a task block. auditd's ENRICHED format (log_format = ENRICHED, Debian's
// default) appends them after a 0x1D byte, resolved when the event was logged; the identity stage
// (enrich/) fills what is still missing from NSS. Each name is absent when neither knew it.
#pragma once

#include <optional>
#include <string>

namespace audisp_ima {

enum class NameSource {
    none,
    enriched,  // auditd's own ENRICHED text, names as they were at event time
    nss,       // looked up by the plugin (getpwuid_r/getgrgid_r), names as they are now
};

// "enriched", "nss", "none": the words of audisp_ima.names_source.
inline const char* to_string(NameSource source) {
    switch (source) {
        case NameSource::enriched: return "enriched";
        case NameSource::nss: return "nss";
        case NameSource::none: break;
    }
    return "none";
}

struct UserNames {
    std::optional<std::string> auid, uid, euid, suid, fsuid;
    std::optional<std::string> gid, egid, sgid, fsgid;
    NameSource source = NameSource::none;  // where most came from; enriched wins when both
};

}  // namespace audisp_ima
