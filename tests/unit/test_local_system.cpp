// The real host side of the hash stage: stat as PATH records spell dev=, digests through
// OpenSSL (loaded on the first digest) only of the file that was stat'ed, and the state file
// written and read back.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "plugin/local_system.h"
#include "tests/support/temp_dir.h"

using namespace audisp_ima;
using audisp_ima::test::TempDir;

TEST_CASE("StatFileProbe: dev as the kernel writes it, digests only of the expected file", "[local]") {
    TempDir dir;
    std::string path = dir.write("abc", "abc");
    StatFileProbe probe;
    auto stamp = probe.stat(path);
    REQUIRE(stamp);
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    char dev[32];
    std::snprintf(dev, sizeof dev, "%02x:%02x", major(st.st_dev), minor(st.st_dev));
    CHECK(stamp->id.dev == dev);
    CHECK(stamp->id.inode == st.st_ino);
    CHECK(stamp->size == 3);
    // FIPS 180-2 appendix test vectors for "abc"
    CHECK(probe.digest(path, "sha256", *stamp, 1024) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(probe.digest(path, "sha1", *stamp, 1024) == "a9993e364706816aba3e25717850c26c9cd0d89d");
    CHECK_FALSE(probe.digest(path, "sha256", *stamp, 2));          // larger than allowed
    CHECK_FALSE(probe.digest(path, "no-such-algo", *stamp, 1024));
    FileStamp other = *stamp;
    other.mtime_ns += 1;
    CHECK_FALSE(probe.digest(path, "sha256", other, 1024));         // not the file that was stat'ed
    CHECK_FALSE(probe.stat(dir.file("missing")));

    std::string fifo = dir.file("fifo");
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    auto fifo_stamp = probe.stat(fifo);
    REQUIRE(fifo_stamp);
    CHECK_FALSE(probe.digest(fifo, "sha256", *fifo_stamp, 1024));  // never blocks on, never reads a FIFO

    std::string link = dir.file("link");
    REQUIRE(::symlink(path.c_str(), link.c_str()) == 0);
    CHECK_FALSE(probe.digest(link, "sha256", *stamp, 1024));       // IMA's paths have no symlink in them
}

TEST_CASE("StatFileProbe: without libcrypto no digest, and the reason said once", "[local]") {
    TempDir dir;
    std::string path = dir.write("abc", "abc");
    std::vector<std::string> said;
    StatFileProbe probe([&](const std::string& why) { said.push_back(why); }, "libaudisp-ima-test-absent.so.0");
    auto stamp = probe.stat(path);
    REQUIRE(stamp);  // stat needs no libcrypto
    CHECK_FALSE(probe.digest(path, "sha256", *stamp, 1024));
    CHECK_FALSE(probe.digest(path, "sha1", *stamp, 1024));
    REQUIRE(said.size() == 1);
    CHECK(said[0].find("libaudisp-ima-test-absent.so.0 not loaded") == 0);

    // A library that loads but is not libcrypto: named with the first call it lacks.
    LibcryptoDigests not_crypto("libc.so.6");
    CHECK_FALSE(not_crypto.available());
    CHECK(not_crypto.failure() == "libc.so.6 has no EVP_get_digestbyname");
}

TEST_CASE("state file: written 0600 beside a new directory, read back, refused when broken", "[local][state]") {
    TempDir dir;
    std::string path = dir.file("state/hashes.state");
    CHECK_FALSE(load_hash_state(path));
    HashState state;
    state.boot_id = "b1";
    state.list_entries = 7;
    state.files.push_back(KnownHash{"/usr/bin/id", FileHash{"sha256", std::string(64, 'a'), ""}, HashSource::cached,
                                    FileStamp{FileId{"08:01", 5}, 1, 2, 3}});
    save_hash_state(path, state);
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    REQUIRE(::stat(dir.file("state").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0700);
    auto back = load_hash_state(path);
    REQUIRE(back);
    CHECK(back->boot_id == "b1");
    REQUIRE(back->files.size() == 1);
    CHECK(back->files[0].path == "/usr/bin/id");
    dir.write("state/hashes.state", "garbage\n", 0600);
    CHECK_THROWS_WITH(load_hash_state(path), Catch::Contains("hashes.state") && Catch::Contains("line 1"));
}
