#include <catch2/catch.hpp>

#include "parser/ima_record.h"
#include "tests/support/record_line.h"

using namespace audisp_ima;
using audisp_ima::test::record_from_line;

TEST_CASE("INTEGRITY_RULE from a 6.1 kernel with sha256 prefix", "[parser][ima]") {
    // examples/sample-audit.log, serial 171: the /opt/sudo execution as a real kernel wrote it
    auto record = record_from_line(
        "node=vm-e2e type=INTEGRITY_RULE msg=audit(1795714810.720:171): file=\"/opt/sudo\" "
        "hash=\"sha256:a3d987dd3f9ec0610dc13b7fdccef84895628065434f44247a65ef0d2a341b3c\" ppid=401 pid=433 "
        "auid=4294967295 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=(none) ses=4294967295 "
        "comm=\"vm-e2e-runner\" exe=\"/usr/bin/bash\" subj=unconfined");
    auto ima = decode_ima_rule(record);
    REQUIRE(ima);
    CHECK(ima->file == "/opt/sudo");
    REQUIRE(ima->hash);
    CHECK(ima->hash->algorithm == "sha256");
    CHECK(ima->hash->digest == "a3d987dd3f9ec0610dc13b7fdccef84895628065434f44247a65ef0d2a341b3c");
    CHECK(ima->hash->raw == "sha256:a3d987dd3f9ec0610dc13b7fdccef84895628065434f44247a65ef0d2a341b3c");
    CHECK(ima->task.pid == 433);
    CHECK(ima->task.ppid == 401);
    CHECK(ima->task.auid == kUnsetId);
    CHECK(ima->task.ses == kUnsetId);
    CHECK(ima->task.uid == 0u);
    CHECK_FALSE(ima->task.tty);  // (none)
    // the calling image, before the exec
    CHECK(ima->task.comm == "vm-e2e-runner");
    CHECK(ima->task.exe == "/usr/bin/bash");
    CHECK(ima->task.subj == "unconfined");
}

TEST_CASE("INTEGRITY_RULE with a hex-encoded file name", "[parser][ima]") {
    // "/tmp/dir with spaces/prög ünï✓", hex-encoded as a real kernel does (tests/e2e/README.md
    // runs it under /tmp/e2e)
    auto record = record_from_line(
        "type=INTEGRITY_RULE msg=audit(1795714811.000:200): "
        "file=2F746D702F6469722077697468207370616365732F7072C3B66720C3BC6EC3AFE29C93 "
        "hash=\"sha256:0000000000000000000000000000000000000000000000000000000000000001\" ppid=1 pid=2 "
        "auid=1000 uid=1000 gid=1000 euid=1000 suid=1000 fsuid=1000 egid=1000 sgid=1000 fsgid=1000 tty=pts0 ses=3 "
        "comm=\"bash\" exe=\"/usr/bin/bash\"");
    auto ima = decode_ima_rule(record);
    REQUIRE(ima);
    CHECK(ima->file == "/tmp/dir with spaces/pr\xc3\xb6g \xc3\xbcn\xc3\xaf\xe2\x9c\x93");
    CHECK(ima->task.tty == "pts0");
    CHECK(ima->task.ses == 3u);
    CHECK_FALSE(ima->task.subj);
}

TEST_CASE("old kernels: bare digest, algorithm from its length", "[parser][ima]") {
    // pasted-ima.log line 69 (CentOS 7): sha1 without prefix
    auto record = record_from_line(
        "type=INTEGRITY_RULE msg=audit(1585509232.130:329): file=\"/usr/bin/mount\" "
        "hash=\"28cf7810e3b4d891dba68f0ccd4f30c5736f2c5c\" ppid=12301 pid=12417 auid=1000 uid=0 gid=0 euid=0 "
        "suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=pts0 ses=1 comm=\"Fd-IMA.sh\" exe=\"/usr/bin/bash\" "
        "subj=unconfined_u:unconfined_r:unconfined_t:s0-s0:c0.c1023");
    auto ima = decode_ima_rule(record);
    REQUIRE(ima);
    REQUIRE(ima->hash);
    CHECK(ima->hash->algorithm == "sha1");
    CHECK(ima->hash->digest == "28cf7810e3b4d891dba68f0ccd4f30c5736f2c5c");
    CHECK(ima->task.subj == "unconfined_u:unconfined_r:unconfined_t:s0-s0:c0.c1023");

    CHECK(parse_ima_hash(std::string(32, 'a'))->algorithm == "md5");
    CHECK(parse_ima_hash(std::string(128, 'B'))->algorithm == "sha512");
    CHECK(parse_ima_hash(std::string(128, 'B'))->digest == std::string(128, 'b'));
    CHECK(parse_ima_hash(std::string(10, 'a'))->algorithm == "unknown");
    CHECK(parse_ima_hash("sm3:" + std::string(64, 'c'))->algorithm == "sm3");
    CHECK_FALSE(parse_ima_hash("sha256:xyz"));
    CHECK_FALSE(parse_ima_hash(":abcd"));
    CHECK_FALSE(parse_ima_hash("not hex"));
}

TEST_CASE("INTEGRITY_RULE without file= is a policy rule, not a measurement", "[parser][ima]") {
    // pasted-ima.log line 66
    auto record = record_from_line(
        "type=INTEGRITY_RULE msg=audit(1585509232.084:289): action=\"audit\" func=\"BPRM_CHECK\" "
        "mask=\"MAY_EXEC\" res=1");
    CHECK_FALSE(decode_ima_rule(record));
}

TEST_CASE("kernel threads have exe=(null), and a truncated record keeps what it has", "[parser][ima]") {
    auto record = record_from_line(
        "type=INTEGRITY_RULE msg=audit(1.000:1): file=\"/usr/sbin/modprobe\" hash=\"sha256:ab\" pid=77 "
        "comm=\"kworker/u4:1\" exe=(null)");
    auto ima = decode_ima_rule(record);
    REQUIRE(ima);
    CHECK(ima->task.comm == "kworker/u4:1");
    CHECK_FALSE(ima->task.exe);
    CHECK(ima->hash->digest == "ab");
    CHECK(ima->hash->algorithm == "sha256");

    auto truncated = record_from_line("type=INTEGRITY_RULE msg=audit(1.000:2): file=\"/usr/bin/x\" hash=\"sha2");
    auto partial = decode_ima_rule(truncated);
    REQUIRE(partial);
    CHECK(partial->file == "/usr/bin/x");
    CHECK_FALSE(partial->hash);  // "sha2 with no colon and not hex
    CHECK_FALSE(partial->task.pid);
}
