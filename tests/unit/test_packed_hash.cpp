// The hash cache's packed digests: every FileHash the parser makes comes back exactly, packed
// when the kernel's text can be rebuilt from the bytes and the algorithm, whole otherwise.
#include <catch2/catch.hpp>

#include <string>

#include "enrich/inode_hashes.h"
#include "enrich/packed_hash.h"
#include "parser/ima_record.h"

using namespace audisp_ima;

namespace {

bool same(const FileHash& a, const FileHash& b) { return a.algorithm == b.algorithm && a.digest == b.digest && a.raw == b.raw; }

}  // namespace

TEST_CASE("packed hash: what the kernel writes comes back exactly", "[hash][packed]") {
    // sha256 of the empty file, as an INTEGRITY_RULE record of kernel 6.1 carries it.
    const std::string empty256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    struct Case {
        std::string text;
        bool packed;
    };
    for (const Case& c : {
             Case{"sha256:" + empty256, true},
             Case{"sha1:da39a3ee5e6b4b0d3255bfef95601890afd80709", true},
             Case{"md5:d41d8cd98f00b204e9800998ecf8427e", true},
             Case{"sha512:" + std::string(128, 'f'), true},
             Case{"sm3:" + std::string(64, '0'), true},
             Case{"da39a3ee5e6b4b0d3255bfef95601890afd80709", true},   // RHEL 7: the digest alone
             Case{"DA39A3EE5E6B4B0D3255BFEF95601890AFD80709", false},  // its text is not the lowercase one
             Case{"SHA256:" + empty256, false},
             Case{"blake9:" + empty256, false},                       // not an algorithm IMA names
             Case{"sha256:abc", false},                                // an odd number of digits
             Case{"sha512:" + std::string(130, 'a'), false},           // longer than any digest
             Case{"abcdef", true},                                     // bare, no known length: "unknown"
         }) {
        INFO(c.text);
        auto hash = parse_ima_hash(c.text);
        REQUIRE(hash);
        PackedHash packed(*hash);
        CHECK(packed.packed() == c.packed);
        CHECK(same(packed.unpack(), *hash));
        PackedHash copy = packed;
        CHECK(same(copy.unpack(), *hash));
        PackedHash moved = std::move(copy);
        CHECK(same(moved.unpack(), *hash));
    }
}

TEST_CASE("inode hashes: an entry comes back as it was put, stamp and all, and a stamp of another file is not kept",
          "[hash][packed]") {
    InodeHashes cache(4);
    FileId id{"fd:01", 1234};
    FileStamp stamp{id, 1'700'000'000'000'000'001, 1'700'000'000'000'000'000, 14'720};
    auto hash = parse_ima_hash("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    cache.remember("", id, KnownHash{"/usr/bin/with space\n", *hash, HashSource::ima_list, stamp});
    auto found = cache.find("", id);
    REQUIRE(found);
    CHECK(found->path == "/usr/bin/with space\n");
    CHECK(same(found->hash, *hash));
    CHECK(found->source == HashSource::ima_list);
    REQUIRE(found->stamp);
    CHECK(*found->stamp == stamp);
    CHECK(cache.find("web1", id) == std::nullopt);  // the same inode on another host

    FileId other{"fd:01", 99};
    cache.remember("", other, KnownHash{"/usr/bin/x", *hash, HashSource::cached, stamp});  // stamp of 1234
    auto kept = cache.find("", other);
    REQUIRE(kept);
    CHECK_FALSE(kept->stamp);
    CHECK(cache.stamped().size() == 1);
}
