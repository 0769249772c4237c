#include "formatters/sysmon_guid.h"

#include <array>

namespace audisp_ima {
namespace {

// FNV-1a, 64 bits (offset basis and prime from the FNV reference), with a chosen basis so two
// passes give independent halves; the splitmix64 finalizer spreads short inputs over all bits.
uint64_t fnv1a(std::string_view bytes, uint64_t basis) {
    uint64_t h = basis;
    for (unsigned char c : bytes) {
        h ^= c;
        h *= 0x100000001b3ULL;
    }
    return h;
}
uint64_t mix(uint64_t x) {
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}
constexpr uint64_t kBasis = 0xcbf29ce484222325ULL;

bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

void append_hex(std::string& out, uint64_t value, int digits) {
    static constexpr char kDigits[] = "0123456789abcdef";
    for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) out.push_back(kDigits[(value >> shift) & 15]);
}

// {prefix-AAAA-BBBB-CCCC-DDDDDDDDDDDD} from 96 bits: a (16), b (16), c (64, first 16 then 48).
std::string guid(const std::string& prefix, uint64_t a, uint64_t b, uint64_t c) {
    std::string out = "{" + prefix + "-";
    append_hex(out, a, 4);
    out.push_back('-');
    append_hex(out, b, 4);
    out.push_back('-');
    append_hex(out, c >> 48, 4);
    out.push_back('-');
    append_hex(out, c, 12);
    out.push_back('}');
    return out;
}

}  // namespace

std::string guid_prefix(const GuidHost& host) {
    std::string_view id = host.machine_id;
    if (id.size() >= 8) {
        bool hex = true;
        for (char c : id.substr(0, 8)) hex = hex && is_hex(c);
        if (hex) return std::string(id.substr(0, 8));
    }
    std::string out;
    append_hex(out, host.hostname.empty() ? 0 : mix(fnv1a(host.hostname, kBasis)) >> 32, 8);
    return out;
}

std::string process_guid(const GuidHost& host, std::string_view entity_id) {
    if (entity_id.empty()) return std::string(kNullGuid);
    std::string key;
    key.reserve(host.machine_id.size() + host.hostname.size() + entity_id.size() + 2);
    // machine-id and node name both: entity ids are made per host, and a node has no machine-id.
    key.append(host.machine_id).push_back('\0');
    key.append(host.hostname).push_back('\0');
    key.append(entity_id);
    uint64_t high = mix(fnv1a(key, kBasis));
    uint64_t low = mix(fnv1a(key, kBasis ^ 0x9e3779b97f4a7c15ULL));
    return guid(guid_prefix(host), high >> 48, (high >> 32) & 0xffff, low);
}

std::string logon_guid(const GuidHost& host, uint32_t uid) {
    // Data4's bytes in order: the uid little-endian, then four zeros.
    uint64_t c = 0;
    for (int i = 0; i < 4; ++i) c |= uint64_t{(uid >> (8 * i)) & 0xff} << (56 - 8 * i);
    return guid(guid_prefix(host), 0, 0, c);
}

}  // namespace audisp_ima
