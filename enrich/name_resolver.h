// Where the identity stage asks for a name it does not know: the system's user and group
// databases (plugin/nss_resolver: getpwuid_r, getgrgid_r through NSS), or a test double. Called
// only on the identity stage's own worker thread, one lookup at a time; it may take as long as
// NSS takes (LDAP, SSSD), the reader never waits on it beyond the stage's bound.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace audisp_ima {

class NameResolver {
public:
    virtual ~NameResolver() = default;
    // The name of `uid` / `gid`, or nullopt when the database has none (or could not answer).
    virtual std::optional<std::string> user_name(uint32_t uid) = 0;
    virtual std::optional<std::string> group_name(uint32_t gid) = 0;
};

}  // namespace audisp_ima
