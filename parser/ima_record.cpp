#include "parser/ima_record.h"

#include <algorithm>

#include "parser/field_value.h"

namespace audisp_ima {
namespace {

bool is_hex(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), field_value::is_hex_digit);
}

// Old kernels printed only the digest; its length is the only clue to the algorithm.
std::string_view algorithm_for_length(size_t hex_digits) {
    switch (hex_digits) {
        case 32: return "md5";
        case 40: return "sha1";
        case 64: return "sha256";
        case 128: return "sha512";
        default: return "unknown";
    }
}

// ASCII, as <cctype> has it in the "C" locale the plugin runs in, without a library call a
// character (a digest is 64 or more of them).
std::string lowercase(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

}  // namespace

std::optional<FileHash> parse_ima_hash(std::string_view unquoted) {
    FileHash hash;
    hash.raw = std::string(unquoted);
    auto colon = unquoted.find(':');
    if (colon == std::string_view::npos) {
        if (!is_hex(unquoted)) return std::nullopt;
        hash.algorithm = std::string(algorithm_for_length(unquoted.size()));
        hash.digest = lowercase(unquoted);
        return hash;
    }
    auto algorithm = unquoted.substr(0, colon);
    auto digest = unquoted.substr(colon + 1);
    if (algorithm.empty() || !is_hex(digest)) return std::nullopt;
    hash.algorithm = lowercase(algorithm);
    hash.digest = lowercase(digest);
    return hash;
}

std::optional<ImaRecord> decode_ima_rule(const AuditRecord& record) {
    const std::string_view* file = record.find("file");
    if (!file) return std::nullopt;
    ImaRecord ima;
    ima.file = field_value::decode_untrusted(*file);
    if (const auto* raw = record.find("hash")) ima.hash = parse_ima_hash(field_value::unquote(*raw));
    ima.task = decode_task_info(record);
    return ima;
}

bool is_plausible_hash(const FileHash& hash) {
    constexpr size_t kMaxDigestHex = 128;
    // The longest name in crypto/hash_info.c is "streebog512" (11); leave room for a future one.
    constexpr size_t kMaxAlgorithmName = 32;
    return hash.digest.size() <= kMaxDigestHex && hash.algorithm.size() <= kMaxAlgorithmName &&
           hash.raw.size() <= kMaxAlgorithmName + 1 + kMaxDigestHex;
}

}  // namespace audisp_ima
