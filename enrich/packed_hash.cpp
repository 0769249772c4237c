#include "enrich/packed_hash.h"

#include <string_view>

namespace audisp_ima {
namespace {

// The kernel's hash_algo_name[] (include/crypto/hash_info.h), plus parse_ima_hash's "unknown"
// for a bare digest of no known length.
constexpr std::array<std::string_view, 24> kAlgorithms = {
    "md4",    "md5",    "sha1",   "rmd160", "sha256", "sha384",      "sha512",      "sha224",
    "rmd128", "rmd256", "rmd320", "wp256",  "wp384",  "wp512",       "tgr128",      "tgr160",
    "tgr192", "sm3",    "streebog256", "streebog512", "sha3-256", "sha3-384", "sha3-512", "unknown"};

constexpr char kHex[] = "0123456789abcdef";

int nibble(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;  // parse_ima_hash lowercases: anything else is not packed
}

}  // namespace

PackedHash::PackedHash(const FileHash& hash) {
    const std::string& hex = hash.digest;
    size_t algorithm = 0;
    while (algorithm < kAlgorithms.size() && kAlgorithms[algorithm] != hash.algorithm) ++algorithm;
    bool bare = hash.raw.size() == hex.size();
    bool fits = algorithm < kAlgorithms.size() && hex.size() % 2 == 0 && hex.size() / 2 <= kMaxBytes;
    for (size_t i = 0; fits && i < hex.size(); i += 2) {
        int high = nibble(hex[i]), low = nibble(hex[i + 1]);
        if (high < 0 || low < 0) fits = false;
        else bytes_[i / 2] = static_cast<uint8_t>(high << 4 | low);
    }
    if (fits) {
        size_ = static_cast<uint8_t>(hex.size() / 2);
        algorithm_ = static_cast<uint8_t>(algorithm);
        bare_ = bare;
        fits = unpack().raw == hash.raw;  // the kernel's text, exactly as it came
    }
    if (!fits) {
        bytes_ = {};
        size_ = 0;
        whole_ = std::make_unique<FileHash>(hash);
    }
}

PackedHash::PackedHash(const PackedHash& other)
    : bytes_(other.bytes_),
      size_(other.size_),
      algorithm_(other.algorithm_),
      bare_(other.bare_),
      whole_(other.whole_ ? std::make_unique<FileHash>(*other.whole_) : nullptr) {}

PackedHash& PackedHash::operator=(const PackedHash& other) {
    if (this != &other) *this = PackedHash(other);
    return *this;
}

FileHash PackedHash::unpack() const {
    if (whole_) return *whole_;
    FileHash out;
    out.algorithm = std::string(kAlgorithms[algorithm_]);
    out.digest.resize(size_t{size_} * 2);
    for (size_t i = 0; i < size_; ++i) {
        out.digest[2 * i] = kHex[bytes_[i] >> 4];
        out.digest[2 * i + 1] = kHex[bytes_[i] & 0xF];
    }
    if (bare_) {
        out.raw = out.digest;
    } else {
        out.raw.reserve(out.algorithm.size() + 1 + out.digest.size());
        out.raw.append(out.algorithm).append(1, ':').append(out.digest);
    }
    return out;
}

}  // namespace audisp_ima
