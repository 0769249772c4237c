#include "parser/path_record.h"

#include <charconv>

#include "parser/field_value.h"

namespace audisp_ima {

PathRecord decode_path(const AuditRecord& record) {
    PathRecord path;
    if (const auto* raw = record.find("item")) path.item = field_value::to_i64(*raw);
    if (const auto* raw = record.find("name"); raw && *raw != "(null)") path.name = field_value::decode_untrusted(*raw);
    if (const auto* raw = record.find("inode")) path.inode = field_value::to_u64(*raw);
    if (const auto* raw = record.find("dev")) path.dev = *raw;
    if (const auto* raw = record.find("mode")) {
        uint32_t mode = 0;
        auto [end, ec] = std::from_chars(raw->data(), raw->data() + raw->size(), mode, 8);
        if (ec == std::errc() && end == raw->data() + raw->size()) path.mode = mode;
    }
    if (const auto* raw = record.find("ouid")) {
        if (auto v = field_value::to_u64(*raw); v && *v <= 0xffffffffu) path.ouid = static_cast<uint32_t>(*v);
    }
    if (const auto* raw = record.find("ogid")) {
        if (auto v = field_value::to_u64(*raw); v && *v <= 0xffffffffu) path.ogid = static_cast<uint32_t>(*v);
    }
    if (const auto* raw = record.find("nametype")) path.nametype = *raw;
    return path;
}

bool is_regular_file_record(const PathRecord& path) {
    constexpr uint32_t kTypeMask = 0170000, kRegular = 0100000;
    bool normal = !path.nametype || *path.nametype == "NORMAL";
    bool regular = !path.mode || (*path.mode & kTypeMask) == kRegular;
    return normal && regular && path.inode && path.dev;
}

}  // namespace audisp_ima
