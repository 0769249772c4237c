#include "plugin/privileges.h"

#include <cap-ng.h>
#include <linux/capability.h>
#include <sys/prctl.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace audisp_ima {
namespace {

// Why each is kept: privileges.h.
constexpr unsigned kKept[] = {CAP_DAC_READ_SEARCH};

std::string capability_names(const std::vector<unsigned>& caps) {
    if (caps.empty()) return "none";
    std::string names;
    for (unsigned cap : caps) {
        if (!names.empty()) names += ", ";
        const char* name = capng_capability_to_name(cap);
        names += name ? std::string("cap_") + name : "capability " + std::to_string(cap);
    }
    return names;
}

}  // namespace

PrivilegeOutcome drop_privileges() {
    PrivilegeOutcome out;
    // First and unconditionally: it needs no privilege, and the plugin never executes anything,
    // so nothing it might be tricked into running can gain capabilities or a setuid identity.
    out.no_new_privs = ::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0;
    const std::string nnp = out.no_new_privs ? "no_new_privs set" : std::string("no_new_privs not set: ") + std::strerror(errno);

    if (capng_get_caps_process() != 0) {
        out.detail = "cannot read this process's capabilities: " + std::string(std::strerror(errno)) + "; " + nnp;
        return out;
    }
    if (capng_have_permitted_capabilities() == CAPNG_NONE) {
        out.kind = out.no_new_privs ? PrivilegeOutcome::Kind::unprivileged : PrivilegeOutcome::Kind::failed;
        out.detail = "started without capabilities, none to drop; " + nnp;
        return out;
    }
    // Only what we have can be kept (capset refuses to add to the permitted set), and the
    // bounding set can only be cut while CAP_SETPCAP is still effective.
    std::vector<unsigned> kept;
    for (unsigned cap : kKept)
        if (capng_have_capability(CAPNG_PERMITTED, cap)) kept.push_back(cap);
    const bool bounding = capng_have_capability(CAPNG_EFFECTIVE, CAP_SETPCAP) != 0;

    capng_clear(CAPNG_SELECT_BOTH);  // the inheritable set too, and with it the ambient set
    for (unsigned cap : kept)
        capng_update(CAPNG_ADD, static_cast<capng_type_t>(CAPNG_EFFECTIVE | CAPNG_PERMITTED | CAPNG_BOUNDING_SET), cap);
    // Two calls rather than CAPNG_SELECT_BOTH so that each failure is told apart; a bounding set
    // that cannot be cut (a MAC policy denying CAP_SETPCAP) does not stop the other sets from
    // being reduced, which matters more: the plugin never executes anything.
    std::string bounding_error;
    if (bounding) {
        if (int rc = capng_apply(CAPNG_SELECT_BOUNDS); rc != 0)
            bounding_error = "the bounding set was not reduced (capng_apply " + std::to_string(rc) + ": " +
                             std::strerror(errno) + ")";
    }
    if (int rc = capng_apply(CAPNG_SELECT_CAPS); rc != 0) {
        out.detail = "capabilities not dropped (capset: " + std::string(std::strerror(errno)) + ", capng_apply " +
                     std::to_string(rc) + ")" + (bounding_error.empty() ? "" : "; " + bounding_error) + "; " + nnp;
        return out;
    }
    out.detail = "capabilities dropped, kept: " + capability_names(kept) +
                 (bounding ? "" : " (bounding set left as it was: no CAP_SETPCAP)") +
                 (bounding_error.empty() ? "" : "; " + bounding_error) + "; " + nnp;
    out.kind = out.no_new_privs && bounding_error.empty() ? PrivilegeOutcome::Kind::dropped : PrivilegeOutcome::Kind::failed;
    return out;
}

}  // namespace audisp_ima
