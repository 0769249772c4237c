// Least privilege after start-up. auditd starts its plugins as root with every capability; the
// plugin parses input that any local user can shape (argv, paths, file names) and so should
// not hold what it does not use. Everything that needs a privilege only at start (the syslog
// socket and its forced send buffer, the IMA list in securityfs, the config file) is opened
// before this is called.
//
// Kept, in the effective, permitted and bounding sets:
//   CAP_DAC_READ_SEARCH  stat() and hash-verify executables named by audit records: a path
//                        under another user's 0700 directory, or a file of mode 0700, cannot
//                        be searched or read by uid 0 without it.
// Not kept, on purpose: CAP_DAC_OVERRIDE (no write outside root-owned paths: the state file,
// its directory, the syslog socket are root's or world-writable), CAP_NET_ADMIN (SO_SNDBUFFORCE
// is set once, on a socket the sink keeps across reconnections), CAP_SYS_PTRACE (the plugin
// reads no other process's /proc). uid 0 stays: the config file, the state file and the IMA
// list are root's own files, readable by their owner without a capability.
#pragma once

#include <string>

namespace audisp_ima {

struct PrivilegeOutcome {
    enum class Kind {
        dropped,         // capabilities are exactly the kept set (or less, if we had less)
        unprivileged,    // started with no capabilities (a user running it by hand): nothing to drop
        failed,          // the kernel refused a change: the capabilities may be as they were
    };
    Kind kind = Kind::failed;
    bool no_new_privs = false;  // PR_SET_NO_NEW_PRIVS took effect
    std::string detail;         // for the plugin's log: what is kept, or what failed and why
};

// Drops every capability but the kept ones from the effective, permitted, inheritable, ambient
// and bounding sets, and sets no_new_privs. Capabilities belong to a thread: call it before any
// thread is started, so that every later thread inherits the reduced sets.
PrivilegeOutcome drop_privileges();

}  // namespace audisp_ima
