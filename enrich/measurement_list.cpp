#include "enrich/measurement_list.h"

#include <algorithm>
#include <cstring>

#include "parser/field_value.h"

namespace audisp_ima {
namespace {

constexpr size_t kDigestBytes = 20;            // the template digest is SHA-1 sized in every format
constexpr uint32_t kMaxTemplateName = 255;     // IMA_TEMPLATE_NAME_LEN_MAX is 15; generous
constexpr uint32_t kMaxTemplateData = 1 << 24;  // an ima-buf of a large policy is well below this

uint32_t byteswap(uint32_t v) {
    return (v >> 24) | ((v >> 8) & 0xff00) | ((v << 8) & 0xff0000) | (v << 24);
}

// Templates whose data begins with a file digest (d-ng or d-ngv2) and the file name (n-ng).
// ima-buf (d-ng|n-ng|buf) measures a buffer (kexec command line, keys, critical data), not a file.
struct TemplateShape {
    std::string_view name;
    bool v2;  // d-ngv2: "ima:" or "verity:" before the algorithm
};
constexpr TemplateShape kTemplates[] = {
    {"ima-ng", false}, {"ima-sig", false}, {"ima-modsig", false}, {"evm-sig", false},
    {"ima-ngv2", true}, {"ima-sigv2", true},
};

}  // namespace

uint32_t MeasurementListParser::u32(const char* p) const {
    uint32_t v;
    std::memcpy(&v, p, sizeof v);
    return swapped_.value_or(false) ? byteswap(v) : v;
}

bool MeasurementListParser::parse(std::string& buffer, std::vector<ListEntry>& out) {
    if (!error_.empty()) return false;
    size_t at = 0;
    auto fail = [&](std::string why) {
        error_ = std::move(why) + " at entry " + std::to_string(counters_.entries + 1);
        buffer.erase(0, at);
        return false;
    };
    while (buffer.size() - at >= 4 + kDigestBytes + 4) {
        const char* p = buffer.data() + at;
        if (!swapped_) {
            uint32_t pcr;
            std::memcpy(&pcr, p, sizeof pcr);
            // PCR indexes are small (10 by default); only a list from another-endian host reads big.
            swapped_ = pcr > 0xffff && byteswap(pcr) <= 0xffff;
        }
        if (u32(p) > 0xffff) return fail("PCR index out of range");
        bool violation = std::all_of(p + 4, p + 4 + kDigestBytes, [](char c) { return c == 0; });
        uint32_t name_len = u32(p + 4 + kDigestBytes);
        if (name_len == 0 || name_len > kMaxTemplateName) return fail("template name length out of range");
        size_t head = 4 + kDigestBytes + 4 + name_len;
        if (buffer.size() - at < head + 4) break;
        uint32_t data_len = u32(p + head);
        if (data_len > kMaxTemplateData) return fail("template data length out of range");
        if (buffer.size() - at < head + 4 + data_len) break;
        std::string_view name(p + 4 + kDigestBytes + 4, name_len);
        std::string_view data(p + head + 4, data_len);
        ++counters_.entries;
        if (!parse_entry(data, name, violation, out)) return fail("malformed " + std::string(name) + " entry");
        at += head + 4 + data_len;
    }
    buffer.erase(0, at);
    return true;
}

bool MeasurementListParser::parse_entry(std::string_view data, std::string_view template_name, bool violation,
                                        std::vector<ListEntry>& out) {
    const TemplateShape* shape = nullptr;
    for (const auto& t : kTemplates)
        if (t.name == template_name) shape = &t;
    if (!shape) {
        ++counters_.skipped;  // ima (legacy: names cut at 255 bytes), ima-buf, custom formats
        return true;
    }
    std::vector<std::string_view> fields;
    while (fields.size() < 2) {
        if (data.size() < 4) return false;
        uint32_t len = u32(data.data());
        if (len > data.size() - 4) return false;
        fields.push_back(data.substr(4, len));
        data.remove_prefix(4 + len);
    }
    std::string_view digest_field = fields[0], name_field = fields[1];
    // n-ng is NUL-terminated, its length counting the NUL.
    if (name_field.empty() || name_field.back() != '\0') return false;
    name_field.remove_suffix(1);
    if (name_field == "boot_aggregate") {
        ++counters_.skipped;
        return true;
    }
    if (shape->v2) {
        // d-ngv2: "ima:" for a file digest, "verity:" for an fs-verity digest (another value).
        constexpr std::string_view kIma = "ima:";
        if (digest_field.substr(0, kIma.size()) != kIma) {
            ++counters_.skipped;
            return true;
        }
        digest_field.remove_prefix(kIma.size());
    }
    // d-ng: "<algorithm>:" NUL <raw digest>.
    auto colon = digest_field.find(':');
    if (colon == std::string_view::npos || colon + 1 >= digest_field.size() || digest_field[colon + 1] != '\0')
        return false;
    std::string_view algorithm = digest_field.substr(0, colon);
    std::string_view raw = digest_field.substr(colon + 2);
    ListEntry entry;
    entry.index = counters_.entries - 1;
    entry.path.assign(name_field);
    if (violation) {
        entry.violation = true;
        ++counters_.violations;
    } else {
        auto hash = parse_ima_hash(std::string(algorithm) + ":" + field_value::hex_encode(raw));
        if (!hash || raw.empty()) return false;
        entry.hash = std::move(hash);
        ++counters_.files;
    }
    out.push_back(std::move(entry));
    return true;
}

}  // namespace audisp_ima
