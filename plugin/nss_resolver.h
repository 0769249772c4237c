// The identity stage's NameResolver on this host: the user and group databases through NSS
// (getpwuid_r, getgrgid_r), so files, LDAP, SSSD or systemd-userdb alike, as nsswitch.conf says.
// Runs on the identity stage's worker thread only; a slow or hung NSS never holds the reader.
#pragma once

#include "enrich/name_resolver.h"

namespace audisp_ima {

class NssResolver final : public NameResolver {
public:
    // Asks for uid 0 once, at start-up: glibc reads nsswitch.conf and loads its modules on the
    // first lookup, which would otherwise fall on the first event and overrun its bound.
    NssResolver();
    std::optional<std::string> user_name(uint32_t uid) override;
    std::optional<std::string> group_name(uint32_t gid) override;
};

}  // namespace audisp_ima
