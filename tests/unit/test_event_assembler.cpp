#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "enrich/inode_hashes.h"
#include "tests/support/exec_chain.h"

using namespace audisp_ima;
using audisp_ima::test::event_from_lines;
using audisp_ima::test::ExecChain;

namespace {

const std::string kSudoHash = "a3d987dd3f9ec0610dc13b7fdccef84895628065434f44247a65ef0d2a341b3c";

// The /opt/sudo execution of examples/sample-audit.log, serial 171, a real record (EOE left out:
// libauparse eats it).
std::vector<std::string> sudo_event(const std::string& serial, bool with_ima, const std::string& inode = "13525",
                                    const std::string& hash = kSudoHash) {
    std::string ts = "msg=audit(1795714810.720:" + serial + "): ";
    std::vector<std::string> lines;
    if (with_ima)
        lines.push_back("node=vm-e2e type=INTEGRITY_RULE " + ts + "file=\"/opt/sudo\" hash=\"sha256:" + hash +
                        "\" ppid=401 pid=433 auid=4294967295 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 "
                        "fsgid=0 tty=(none) ses=4294967295 comm=\"vm-e2e-runner\" exe=\"/usr/bin/bash\" subj=unconfined");
    lines.push_back("node=vm-e2e type=SYSCALL " + ts +
                    "arch=c000003e syscall=59 success=yes exit=0 a0=5606c8922220 a1=5606c891c540 a2=5606c8918050 "
                    "a3=5d875fef6bf9ad2c items=3 ppid=401 pid=433 auid=4294967295 uid=0 gid=0 euid=0 suid=0 "
                    "fsuid=0 egid=0 sgid=0 fsgid=0 tty=(none) ses=4294967295 comm=\"sudo\" exe=\"/opt/sudo\" "
                    "subj=unconfined key=\"exec\"");
    lines.push_back("node=vm-e2e type=EXECVE " + ts + "argc=2 a0=\"/opt/sudo\" a1=\"-u\"");
    lines.push_back("node=vm-e2e type=CWD " + ts + "cwd=\"/\"");
    for (int item = 0; item < 2; ++item)
        lines.push_back("node=vm-e2e type=PATH " + ts + "item=" + std::to_string(item) + " name=\"/opt/sudo\" inode=" +
                        inode + " dev=fe:00 mode=0100755 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL cap_fp=0 cap_fi=0");
    lines.push_back("node=vm-e2e type=PATH " + ts +
                    "item=2 name=\"/lib64/ld-linux-x86-64.so.2\" inode=7254 dev=fe:00 mode=0100755 ouid=0 ogid=0 "
                    "rdev=00:00 nametype=NORMAL");
    lines.push_back("node=vm-e2e type=PROCTITLE " + ts + "proctitle=2F6F70742F7375646F002D75");
    return lines;
}

}  // namespace

TEST_CASE("execution with its IMA measurement in the same event", "[assembler]") {
    ExecChain chain;
    auto exec = chain.exec(sudo_event("171", true));
    CHECK(exec.syscall);
    CHECK(exec.key.node == "vm-e2e");
    CHECK(exec.key.serial == 171u);
    CHECK(exec.executable == "/opt/sudo");
    REQUIRE(exec.hash);
    CHECK(exec.hash->algorithm == "sha256");
    CHECK(exec.hash->digest == kSudoHash);
    CHECK(exec.hash_source == HashSource::measured);
    CHECK(exec.task.pid == 433);
    CHECK(exec.task.ppid == 401);
    CHECK(exec.task.comm == "sudo");  // SYSCALL: the new image
    CHECK(exec.previous_executable == "/usr/bin/bash");  // IMA: the image that called exec
    CHECK(exec.previous_name == "vm-e2e-runner");
    CHECK(exec.args == std::vector<std::string>{"/opt/sudo", "-u"});
    CHECK(exec.argc == 2u);
    CHECK(exec.cwd == "/");
    CHECK(exec.paths.size() == 3);
    REQUIRE(exec.measurements.size() == 1);
    CHECK(exec.measurements[0].dev == "fe:00");
    CHECK(exec.measurements[0].inode == 13525u);
    CHECK(exec.syscall->key == "exec");
    CHECK(exec.success() == true);
    CHECK(chain.assembler.counters().executions == 1);
    CHECK(chain.hashes.counters().measured == 1);
}

TEST_CASE("hash cache: same inode cached, other inode not, new measurement replaces", "[assembler][cache]") {
    ExecChain chain;
    chain.exec(sudo_event("171", true));

    auto second = chain.exec(sudo_event("180", false));
    REQUIRE(second.hash);
    CHECK(second.hash->digest == kSudoHash);
    CHECK(second.hash_source == HashSource::cached);

    auto other_inode = chain.exec(sudo_event("181", false, "99999"));
    CHECK_FALSE(other_inode.hash);
    CHECK(other_inode.hash_source == HashSource::none);

    const std::string new_hash(64, 'e');
    auto rewritten = chain.exec(sudo_event("190", true, "13525", new_hash));
    CHECK(rewritten.hash->digest == new_hash);
    CHECK(rewritten.hash_source == HashSource::measured);
    auto after = chain.exec(sudo_event("191", false));
    CHECK(after.hash->digest == new_hash);
    CHECK(after.hash_source == HashSource::cached);

    CHECK(chain.hashes.counters().measured == 2);
    CHECK(chain.hashes.counters().cached == 2);
    CHECK(chain.hashes.counters().none == 1);
}

TEST_CASE("hash cache: identities are per node", "[assembler][cache]") {
    ExecChain chain;
    chain.exec(sudo_event("171", true));
    auto lines = sudo_event("172", false);
    for (auto& line : lines) line.replace(0, 12, "node=other ");  // "node=vm-e2e " -> "node=other "
    auto elsewhere = chain.exec(lines);
    CHECK(elsewhere.key.node == "other");
    CHECK_FALSE(elsewhere.hash);
}

TEST_CASE("script: interpreter hash goes on the process, both measurements kept", "[assembler][cache]") {
    const std::string script_hash(64, '1'), dash_hash(64, '2');
    auto script_event = [&](const std::string& serial, bool first_run) {
        std::string ts = "msg=audit(1700000000.000:" + serial + "): ";
        std::vector<std::string> lines;
        if (first_run) {
            lines.push_back("type=INTEGRITY_RULE " + ts + "file=\"/tmp/x.sh\" hash=\"sha256:" + script_hash +
                            "\" ppid=1 pid=50 auid=1000 uid=1000 comm=\"bash\" exe=\"/usr/bin/bash\"");
            lines.push_back("type=INTEGRITY_RULE " + ts + "file=\"/usr/bin/dash\" hash=\"sha256:" + dash_hash +
                            "\" ppid=1 pid=50 auid=1000 uid=1000 comm=\"bash\" exe=\"/usr/bin/bash\"");
        }
        lines.push_back("type=SYSCALL " + ts + "arch=c000003e syscall=59 success=yes exit=0 ppid=1 pid=50 "
                        "auid=1000 uid=1000 comm=\"x.sh\" exe=\"/usr/bin/dash\"");
        lines.push_back("type=EXECVE " + ts + "argc=2 a0=\"/bin/sh\" a1=\"./x.sh\"");
        lines.push_back("type=CWD " + ts + "cwd=\"/tmp\"");
        lines.push_back("type=PATH " + ts + "item=0 name=\"./x.sh\" inode=100 dev=08:01 nametype=NORMAL");
        lines.push_back("type=PATH " + ts + "item=1 name=\"/bin/sh\" inode=200 dev=08:01 nametype=NORMAL");
        lines.push_back("type=PATH " + ts + "item=2 name=\"/lib64/ld-linux-x86-64.so.2\" inode=300 dev=08:01 nametype=NORMAL");
        return lines;
    };
    ExecChain chain;
    auto first = chain.exec(script_event("1", true));
    CHECK(first.executable == "/usr/bin/dash");
    CHECK(first.hash->digest == dash_hash);
    CHECK(first.hash_source == HashSource::measured);
    REQUIRE(first.measurements.size() == 2);
    CHECK(first.measurements[0].record.file == "/tmp/x.sh");
    CHECK(first.measurements[0].inode == 100u);  // "./x.sh" resolved against cwd /tmp
    CHECK(first.measurements[1].inode == 200u);  // /bin/sh symlink: tied as the new image

    auto again = chain.exec(script_event("2", false));
    REQUIRE(again.hash);
    CHECK(again.hash->digest == dash_hash);  // not the script's hash
    CHECK(again.hash_source == HashSource::cached);
}

// A script run directly (./x.sh with "#!/bin/sh"): the kernel lists the script twice (the
// execve lookup and the binfmt_script reopen) before the interpreter and the loader. The
// interpreter's measurement must not be tied to the second record of the script.
TEST_CASE("script run directly: the repeated script record is not taken for the interpreter", "[assembler][cache]") {
    const std::string script_hash(64, '3'), dash_hash(64, '4');
    auto event = [&](const std::string& serial, bool first_run) {
        std::string ts = "msg=audit(1700000100.000:" + serial + "): ";
        std::vector<std::string> lines;
        if (first_run) {
            lines.push_back("type=INTEGRITY_RULE " + ts + "file=\"/tmp/x.sh\" hash=\"sha256:" + script_hash +
                            "\" ppid=1 pid=60 comm=\"bash\" exe=\"/usr/bin/bash\"");
            lines.push_back("type=INTEGRITY_RULE " + ts + "file=\"/usr/bin/dash\" hash=\"sha256:" + dash_hash +
                            "\" ppid=1 pid=60 comm=\"bash\" exe=\"/usr/bin/bash\"");
        }
        lines.push_back("type=SYSCALL " + ts + "arch=c000003e syscall=59 success=yes exit=0 ppid=1 pid=60 "
                        "comm=\"x.sh\" exe=\"/usr/bin/dash\"");
        // binfmt_script's argv: the interpreter as "#!" names it, then the script as execve was given it
        lines.push_back("type=EXECVE " + ts + "argc=2 a0=\"/bin/sh\" a1=\"./x.sh\"");
        lines.push_back("type=CWD " + ts + "cwd=\"/tmp\"");
        lines.push_back("type=PATH " + ts + "item=0 name=\"./x.sh\" inode=100 dev=08:01 nametype=NORMAL");
        lines.push_back("type=PATH " + ts + "item=1 name=\"./x.sh\" inode=100 dev=08:01 nametype=NORMAL");
        lines.push_back("type=PATH " + ts + "item=2 name=\"/bin/sh\" inode=200 dev=08:01 nametype=NORMAL");
        lines.push_back("type=PATH " + ts + "item=3 name=\"/lib64/ld-linux-x86-64.so.2\" inode=300 dev=08:01 nametype=NORMAL");
        return lines;
    };
    ExecChain chain;
    auto first = chain.exec(event("1", true));
    REQUIRE(first.measurements.size() == 2);
    CHECK(first.measurements[0].inode == 100u);
    CHECK(first.measurements[1].inode == 200u);  // item 2, not item 1
    CHECK(first.hash_source == HashSource::measured);

    auto again = chain.exec(event("2", false));
    REQUIRE(again.hash);
    CHECK(again.hash->digest == dash_hash);
    CHECK(again.hash_source == HashSource::cached);
    CHECK(chain.assembler.counters().unmatched_measurements == 0);
}

TEST_CASE("failed exec: attempted file, caller's image, no hash", "[assembler]") {
    ExecChain chain;
    auto exec = chain.exec({
        "type=SYSCALL msg=audit(1700000000.000:7): arch=c000003e syscall=59 success=no exit=-2 ppid=1 pid=60 "
        "auid=1000 uid=1000 comm=\"bash\" exe=\"/usr/bin/bash\" key=\"exec\"",
        "type=CWD msg=audit(1700000000.000:7): cwd=\"/home/u\"",
        "type=PATH msg=audit(1700000000.000:7): item=0 name=\"./nope\" nametype=UNKNOWN",
        "type=PROCTITLE msg=audit(1700000000.000:7): proctitle=\"bash\"",
    });
    CHECK(exec.success() == false);
    CHECK(exec.executable == "/home/u/nope");
    CHECK(exec.previous_executable == "/usr/bin/bash");
    CHECK(exec.args.empty());  // PROCTITLE is the caller's here
    CHECK_FALSE(exec.hash);
    CHECK(chain.assembler.counters().failed_executions == 1);
}

TEST_CASE("standalone measurements, integrity records and ignored events", "[assembler]") {
    ExecChain chain;
    std::vector<Event> out;
    // pasted-ima.log lines 68 and 77 share one serial: two measurements, two events
    chain.assembler.assemble(event_from_lines({
        "type=INTEGRITY_RULE msg=audit(1585509232.075:292): file=\"/usr/bin/pkla-check-authorization\" "
        "hash=\"533aab6a68d00e7e01611d31acb798c6fc843406\" ppid=680 pid=12410 auid=4294967295 uid=999 "
        "comm=\"polkitd\" exe=\"/usr/lib/polkit-1/polkitd\"",
        "type=INTEGRITY_RULE msg=audit(1585509232.075:292): file=\"/usr/lib64/ld-2.17.so\" "
        "hash=\"681bd8955812d5d452d4fea378051f9fe7e8007e\" ppid=680 pid=12410 auid=4294967295 uid=999 "
        "comm=\"pkla-check-auth\" exe=\"/usr/bin/pkla-check-authorization\"",
    }), out);
    REQUIRE(out.size() == 2);
    // File events, not process starts: the task block is the process that caused the measurement.
    REQUIRE(std::holds_alternative<FileMeasurementEvent>(out[0]));
    REQUIRE(std::holds_alternative<FileMeasurementEvent>(out[1]));
    const auto& first = std::get<FileMeasurementEvent>(out[0]);
    CHECK(first.key.serial == 292u);
    CHECK(first.measurement.file == "/usr/bin/pkla-check-authorization");
    REQUIRE(first.measurement.hash);
    CHECK(first.measurement.hash->algorithm == "sha1");
    CHECK(first.measurement.hash->digest == "533aab6a68d00e7e01611d31acb798c6fc843406");
    CHECK(first.measurement.task.exe == "/usr/lib/polkit-1/polkitd");
    CHECK(first.measurement.task.comm == "polkitd");
    CHECK(first.measurement.task.pid == 12410);
    CHECK(first.measurement.task.ppid == 680);
    const auto& second = std::get<FileMeasurementEvent>(out[1]);
    CHECK(second.measurement.file == "/usr/lib64/ld-2.17.so");
    CHECK(second.measurement.task.exe == "/usr/bin/pkla-check-authorization");
    CHECK(chain.assembler.counters().standalone_measurements == 2);
    CHECK(chain.assembler.counters().executions == 0);

    out.clear();
    chain.assembler.assemble(event_from_lines({
        "type=INTEGRITY_RULE msg=audit(1585509232.084:289): action=\"audit\" func=\"BPRM_CHECK\" mask=\"MAY_EXEC\" res=1"}), out);
    chain.assembler.assemble(event_from_lines({
        "type=INTEGRITY_PCR msg=audit(1670857707.178:126): pid=1438 uid=0 auid=0 ses=3 op=invalid_pcr "
        "cause=open_writers comm=\"grep\" name=\"/var/log/audit/audit.log\" dev=\"vda2\" ino=8182 res=1 errno=0"}), out);
    REQUIRE(out.size() == 2);
    CHECK(std::get<IntegrityEvent>(out[0]).type_name == "INTEGRITY_RULE");
    CHECK(std::get<IntegrityEvent>(out[1]).op == "invalid_pcr");

    out.clear();
    chain.assembler.assemble(event_from_lines({
        "type=SYSCALL msg=audit(1.000:9): arch=c000003e syscall=257 success=yes exit=3 pid=1 comm=\"cat\"",
        "type=PATH msg=audit(1.000:9): item=0 name=\"/etc/shadow\" inode=5 dev=08:01"}), out);
    chain.assembler.assemble(event_from_lines({"type=USER_ACCT msg=audit(1.000:10): pid=1 uid=0 msg='op=PAM:accounting'"}), out);
    CHECK(out.empty());
    CHECK(chain.assembler.counters().ignored == 2);
    CHECK(chain.assembler.counters().standalone_measurements == 2);
    CHECK(chain.assembler.counters().integrity == 2);
    CHECK(chain.assembler.counters().events == 5);
}

TEST_CASE("inode hashes are bounded and evict the least recently used", "[cache]") {
    InodeHashes cache(2);
    auto id = [](uint64_t inode) { return FileId{"08:01", inode}; };
    auto known = [](const char* path, const char* digest) {
        return KnownHash{path, FileHash{"sha256", digest, std::string("sha256:") + digest}, HashSource::cached, {}};
    };
    cache.remember("", id(1), known("/a", "aa"));
    cache.remember("", id(2), known("/b", "bb"));
    REQUIRE(cache.find("", id(1)));  // 1 is now the most recent
    cache.remember("", id(3), known("/c", "cc"));
    CHECK(cache.size() == 2);
    CHECK(cache.evictions() == 1);
    CHECK(cache.find("", id(1)));
    CHECK_FALSE(cache.find("", id(2)));
    CHECK(cache.find("", id(3))->path == "/c");
    cache.remember("", id(3), known("/c", "dd"));
    CHECK(cache.find("", id(3))->hash.digest == "dd");
    CHECK(cache.size() == 2);
    CHECK_FALSE(cache.find("other-node", id(3)));
    cache.forget("", id(3));
    CHECK_FALSE(cache.find("", id(3)));

    InodeHashes off(0);
    off.remember("", id(1), known("/a", "aa"));
    CHECK_FALSE(off.find("", id(1)));
}

TEST_CASE("inode hashes: one inode number on two devices or two hosts is two files", "[cache]") {
    InodeHashes cache(16);
    auto known = [](const char* path) {
        return KnownHash{path, FileHash{"sha256", "aa", "sha256:aa"}, HashSource::cached, {}};
    };
    cache.remember("", FileId{"08:01", 42}, known("/root-fs"));
    cache.remember("", FileId{"08:02", 42}, known("/home-fs"));
    cache.remember("web1", FileId{"08:01", 42}, known("/web1"));
    // Asked in turns, so the volume remembered from the previous lookup is never the answer.
    CHECK(cache.find("", FileId{"08:02", 42})->path == "/home-fs");
    CHECK(cache.find("", FileId{"08:01", 42})->path == "/root-fs");
    CHECK(cache.find("web1", FileId{"08:01", 42})->path == "/web1");
    CHECK(cache.find("", FileId{"08:01", 42})->path == "/root-fs");
    CHECK_FALSE(cache.find("web1", FileId{"08:02", 42}));
    CHECK_FALSE(cache.find("", FileId{"08:03", 42}));
    CHECK_FALSE(cache.find("", FileId{"08:01", 43}));
    // A dev that is a prefix of another, and a node that is a prefix of another, are other names.
    CHECK_FALSE(cache.find("", FileId{"08:0", 42}));
    CHECK_FALSE(cache.find("web", FileId{"08:01", 42}));
    CHECK(cache.size() == 3);

    auto stamped = [&](const std::string& node, const FileId& id, const char* path) {
        KnownHash k = known(path);
        k.stamp = FileStamp{id, 1, 2, 3};
        cache.remember(node, id, k);
    };
    stamped("", FileId{"08:01", 7}, "/a");
    stamped("web1", FileId{"08:01", 8}, "/b");
    auto saved = cache.stamped();  // oldest use first, each with its own host
    REQUIRE(saved.size() == 2);
    CHECK(saved[0].first == "");
    CHECK(saved[0].second.path == "/a");
    CHECK(saved[1].first == "web1");
    CHECK(saved[1].second.path == "/b");
}

TEST_CASE("inode hashes: past 65,536 devices a new one is not cached (and the known still are)", "[cache]") {
    InodeHashes cache(100000);
    auto known = KnownHash{"/x", FileHash{"sha256", "aa", "sha256:aa"}, HashSource::cached, {}};
    for (uint64_t dev = 0; dev < 65536; ++dev) cache.remember("", FileId{std::to_string(dev), 1}, known);
    CHECK(cache.size() == 65536);
    cache.remember("", FileId{"one-too-many", 1}, known);
    CHECK(cache.size() == 65536);
    CHECK_FALSE(cache.find("", FileId{"one-too-many", 1}));
    CHECK(cache.find("", FileId{"0", 1}));
    CHECK(cache.find("", FileId{"65535", 1}));
    cache.remember("", FileId{"65535", 2}, known);  // a known device takes new files
    CHECK(cache.find("", FileId{"65535", 2}));
}
