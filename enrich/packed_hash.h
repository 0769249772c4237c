// A kernel-measured digest as the hash cache keeps it: the digest's bytes and a one-byte
// algorithm name instead of three strings (algorithm, hex digest, the kernel's text), which took
// 160 bytes of heap beside the 96 of the strings themselves for every cached file. unpack() gives
// back exactly the FileHash that was packed; a hash that this form cannot reproduce exactly (an
// algorithm outside IMA's list, the kernel's text in another form) is kept whole instead.
#pragma once

#include <array>
#include <cstdint>
#include <memory>

#include "parser/ima_record.h"

namespace audisp_ima {

class PackedHash {
public:
    static constexpr size_t kMaxBytes = 64;  // sha512, the longest digest IMA writes

    PackedHash() = default;  // no digest: only a placeholder to assign over
    explicit PackedHash(const FileHash& hash);
    PackedHash(const PackedHash& other);
    PackedHash& operator=(const PackedHash& other);
    PackedHash(PackedHash&&) noexcept = default;
    PackedHash& operator=(PackedHash&&) noexcept = default;
    ~PackedHash() = default;

    FileHash unpack() const;
    bool packed() const { return !whole_; }  // false: kept whole (for tests and the bench)

private:
    std::array<uint8_t, kMaxBytes> bytes_{};
    uint8_t size_ = 0;
    uint8_t algorithm_ = 0;  // index into the algorithm names (packed_hash.cpp)
    bool bare_ = false;      // the kernel wrote the digest alone (old kernels), without "<algo>:"
    std::unique_ptr<FileHash> whole_;
};

}  // namespace audisp_ima
