#include "plugin/nss_resolver.h"

#include <grp.h>
#include <pwd.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

namespace audisp_ima {
namespace {

const char* entry_name(const passwd& entry) { return entry.pw_name; }
const char* entry_name(const group& entry) { return entry.gr_name; }

// Calls a get*id_r function with a buffer that grows on ERANGE (a group with many members needs
// more than sysconf's hint), up to 1 MiB; EINTR is asked again. Any other error is "no name".
template <typename Entry, typename Lookup>
std::optional<std::string> lookup(long size_hint, Lookup call) {
    std::vector<char> buffer(size_hint > 0 ? static_cast<size_t>(size_hint) : 1024);
    for (int attempt = 0; attempt < 32; ++attempt) {
        Entry entry{};
        Entry* result = nullptr;
        int error = call(&entry, buffer.data(), buffer.size(), &result);
        if (error == 0) {
            const char* name = result ? entry_name(entry) : nullptr;
            if (!name || *name == '\0') return std::nullopt;
            return std::string(name);
        }
        if (error == EINTR) continue;
        if (error != ERANGE || buffer.size() >= (size_t{1} << 20)) return std::nullopt;
        buffer.resize(buffer.size() * 2);
    }
    return std::nullopt;
}

}  // namespace

NssResolver::NssResolver() { (void)user_name(0); }

std::optional<std::string> NssResolver::user_name(uint32_t uid) {
    auto call = [uid](passwd* entry, char* buffer, size_t size, passwd** result) {
        return getpwuid_r(static_cast<uid_t>(uid), entry, buffer, size, result);
    };
    return lookup<passwd>(sysconf(_SC_GETPW_R_SIZE_MAX), call);
}

std::optional<std::string> NssResolver::group_name(uint32_t gid) {
    auto call = [gid](group* entry, char* buffer, size_t size, group** result) {
        return getgrgid_r(static_cast<gid_t>(gid), entry, buffer, size, result);
    };
    return lookup<group>(sysconf(_SC_GETGR_R_SIZE_MAX), call);
}

}  // namespace audisp_ima
