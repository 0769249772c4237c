#include "parser/execve_args.h"

#include <charconv>

#include "parser/field_value.h"

namespace audisp_ima {
namespace {

// An argv larger than this is surely a corrupted argc; do not let it size our vectors.
constexpr uint64_t kMaxArgs = 1u << 20;
// The most arguments one lost EXECVE record can hold: a record is at most 8970 bytes
// (MAX_AUDIT_MESSAGE_LENGTH), an argument at least 5 of them (` aN=""` is more).
constexpr uint64_t kMaxGap = 8970 / 5;

struct ArgFieldName {
    uint64_t index = 0;
    enum class Kind { whole, length, chunk } kind = Kind::whole;
};

// "a12" -> {12, whole}; "a12_len" -> {12, length}; "a12[3]" -> {12, chunk}.
std::optional<ArgFieldName> parse_arg_name(std::string_view name) {
    if (name.size() < 2 || name[0] != 'a') return std::nullopt;
    ArgFieldName out;
    const char* begin = name.data() + 1;
    const char* end = name.data() + name.size();
    auto [digits_end, ec] = std::from_chars(begin, end, out.index);
    if (ec != std::errc() || digits_end == begin) return std::nullopt;
    std::string_view rest(digits_end, static_cast<size_t>(end - digits_end));
    if (rest.empty()) out.kind = ArgFieldName::Kind::whole;
    else if (rest == "_len") out.kind = ArgFieldName::Kind::length;
    else if (rest.front() == '[' && rest.back() == ']') out.kind = ArgFieldName::Kind::chunk;
    else return std::nullopt;
    return out;
}

}  // namespace

ExecveArgs::Slot& ExecveArgs::slot(uint64_t index) {
    if (index >= slots_.size()) slots_.resize(index + 1);
    return slots_[index];
}

void ExecveArgs::add(const AuditRecord& record) {
    for (const auto& field : record.fields) {
        if (field.name == "argc") {
            if (!argc_) argc_ = field_value::to_u64(field.value);
            continue;
        }
        auto arg = parse_arg_name(field.name);
        if (!arg || arg->index >= kMaxArgs) continue;
        // The kernel writes a0, a1, ... in order, across records, and never past argc. A missing
        // record leaves a gap (kept as empty arguments, so later ones keep their positions), but
        // an index past argc, or without argc, or far ahead (a1048575 alone would size a
        // million-slot argv and a megabyte message) is corruption or forgery: left out, and the
        // list marked incomplete.
        bool far_ahead = arg->index > slots_.size() + kMaxGap;
        if (!argc_ || arg->index >= *argc_ || far_ahead) {
            out_of_order_ = true;
            continue;
        }
        Slot& s = slot(arg->index);
        s.seen = true;
        switch (arg->kind) {
            case ArgFieldName::Kind::whole:
                s.value = field.value;
                break;
            case ArgFieldName::Kind::length:
                s.expected_chars = field_value::to_u64(field.value);
                s.chunked = true;
                break;
            case ArgFieldName::Kind::chunk:
                s.chunked = true;
                if (!field.value.empty() && field.value.front() == '"') s.chunks_quoted = true;
                s.chunks += field_value::unquote(field.value);
                break;
        }
    }
}

std::vector<std::string> ExecveArgs::args() const {
    std::vector<std::string> out;
    out.reserve(slots_.size());
    for (const auto& s : slots_) {
        if (!s.chunked) {
            out.push_back(field_value::decode_untrusted(s.value));
        } else if (s.chunks_quoted) {
            out.push_back(s.chunks);
        } else {
            // A short (truncated) hex chunk set may have an odd length; keep what decodes.
            std::string_view hex = s.chunks;
            if (hex.size() % 2) hex.remove_suffix(1);
            out.push_back(field_value::hex_decode(hex).value_or(std::string(hex)));
        }
    }
    return out;
}

bool ExecveArgs::incomplete() const {
    if (out_of_order_) return true;
    if (argc_ && *argc_ != slots_.size()) return true;
    for (const auto& s : slots_) {
        if (!s.seen) return true;
        if (s.chunked && s.expected_chars && *s.expected_chars != s.chunks.size()) return true;
    }
    return false;
}

bool proctitle_may_be_cut(const AuditRecord& record) {
    const std::string_view* raw = record.find("proctitle");
    return raw && field_value::decode_untrusted(*raw).size() >= kProctitleMaxBytes;
}

std::vector<std::string> decode_proctitle(const AuditRecord& record) {
    std::vector<std::string> args;
    const std::string_view* raw = record.find("proctitle");
    if (!raw) return args;
    std::string bytes = field_value::decode_untrusted(*raw);
    size_t start = 0;
    while (start <= bytes.size()) {
        size_t nul = bytes.find('\0', start);
        if (nul == std::string::npos) nul = bytes.size();
        if (nul > start || nul < bytes.size()) args.push_back(bytes.substr(start, nul - start));
        start = nul + 1;
    }
    return args;
}

}  // namespace audisp_ima
