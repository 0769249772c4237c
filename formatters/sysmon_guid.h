// The GUIDs of Sysmon for Linux's events, made from what audisp-ima knows. Sysmon writes them as
// {MMMMMMMM-xxxx-xxxx-xxxx-xxxxxxxxxxxx} (Windows' StringFromGUID2 layout), MMMMMMMM the first 8
// hex digits of /etc/machine-id; its process GUIDs come from kernel facts audit records do not
// carry, so audisp-ima's are a hash of the process's entity id instead: the same process (its
// execution, its end, its children's ParentProcessGuid) always gets the same GUID, as content
// that joins Sysmon events by GUID expects. The hash is for joining, not a secret.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace audisp_ima {

// Sysmon's value for a process it does not know (a parent nobody recorded).
inline constexpr std::string_view kNullGuid = "{00000000-0000-0000-0000-000000000000}";

// Which host a GUID belongs to: host.id (/etc/machine-id) for this host's own events, else the
// node's name, so that two nodes' processes do not share GUIDs.
struct GuidHost {
    std::string_view machine_id;
    std::string_view hostname;
};

// The 8 hex digits that begin every GUID of `host`: machine-id's first 8 when it has them, else
// the top 32 bits of a hash of the host name; "00000000" when neither is known.
std::string guid_prefix(const GuidHost& host);

// The ProcessGuid of the process with `entity_id` (process.entity_id); kNullGuid when empty.
std::string process_guid(const GuidHost& host, std::string_view entity_id);

// The LogonGuid Sysmon for Linux writes for a uid: the prefix, two zero groups, then the uid's
// four bytes little-endian and four zero bytes ({277d2fec-0000-0000-2100-000000000000} for 33).
std::string logon_guid(const GuidHost& host, uint32_t uid);

}  // namespace audisp_ima
