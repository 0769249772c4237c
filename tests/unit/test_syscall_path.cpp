#include <catch2/catch.hpp>

#include "parser/path_record.h"
#include "parser/syscall_record.h"
#include "tests/support/record_line.h"

using namespace audisp_ima;
using audisp_ima::test::record_from_line;

TEST_CASE("SYSCALL of an execve on x86_64", "[parser][syscall]") {
    // laurel/record-execve.txt, ENRICHED part included (0x1D then interpretations)
    auto record = record_from_line(
        "node=work type=SYSCALL msg=audit(1615114232.375:15558): arch=c000003e syscall=59 success=yes exit=0 "
        "a0=63b29337fd18 a1=63b293387d58 a2=63b293375640 a3=fffffffffffff000 items=2 ppid=10883 pid=10884 "
        "auid=1000 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=pts1 ses=1 comm=\"whoami\" "
        "exe=\"/usr/bin/whoami\" key=(null)\x1d" "ARCH=x86_64 SYSCALL=execve AUID=\"user\" UID=\"root\"");
    auto sc = decode_syscall(record);
    CHECK(sc.arch == "x86_64");
    CHECK(sc.number == 59);
    CHECK(sc.name == "execve");
    CHECK(sc.is_exec());
    CHECK(sc.success == true);
    CHECK(sc.exit == 0);
    CHECK_FALSE(sc.key);
    CHECK(sc.task.pid == 10884);
    CHECK(sc.task.ppid == 10883);
    CHECK(sc.task.auid == 1000u);
    CHECK(sc.task.tty == "pts1");
    CHECK(sc.task.comm == "whoami");
    CHECK(sc.task.exe == "/usr/bin/whoami");
}

TEST_CASE("SYSCALL: execveat, 32-bit, failures, keys, other calls", "[parser][syscall]") {
    auto at = decode_syscall(record_from_line(
        "type=SYSCALL msg=audit(1.000:1): arch=c000003e syscall=322 success=no exit=-2 key=\"exec\""));
    CHECK(at.name == "execveat");
    CHECK(at.success == false);
    CHECK(at.exit == -2);
    CHECK(at.key == "exec");

    auto i386 = decode_syscall(record_from_line("type=SYSCALL msg=audit(1.000:2): arch=40000003 syscall=11 success=yes"));
    CHECK(i386.arch == "i386");
    CHECK(i386.name == "execve");

    auto arm64 = decode_syscall(record_from_line("type=SYSCALL msg=audit(1.000:3): arch=c00000b7 syscall=221"));
    CHECK(arm64.name == "execve");

    auto openat = decode_syscall(record_from_line("type=SYSCALL msg=audit(1.000:4): arch=c000003e syscall=257"));
    CHECK(openat.name == "openat");  // libaudit names every call it knows
    CHECK_FALSE(openat.is_exec());

    auto unknown = decode_syscall(record_from_line("type=SYSCALL msg=audit(1.000:5): arch=deadbeef syscall=59"));
    CHECK(unknown.arch == "deadbeef");
    CHECK_FALSE(unknown.is_exec());  // 59 means execve only on x86_64

    auto hex_key = decode_syscall(record_from_line(
        "type=SYSCALL msg=audit(1.000:6): arch=c000003e syscall=59 key=6120622063"));
    CHECK(hex_key.key == "a b c");
}

TEST_CASE("PATH records", "[parser][path]") {
    auto path = decode_path(record_from_line(
        "node=vm-e2e type=PATH msg=audit(1795714810.720:171): item=0 name=\"/opt/sudo\" inode=13525 dev=fe:00 "
        "mode=0100755 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0 cap_frootid=0"));
    CHECK(path.item == 0);
    CHECK(path.name == "/opt/sudo");
    CHECK(path.inode == 13525u);
    CHECK(path.dev == "fe:00");
    CHECK(path.mode == 0100755u);
    CHECK(path.ouid == 0u);
    CHECK(path.nametype == "NORMAL");

    auto failed = decode_path(record_from_line(
        "type=PATH msg=audit(1.000:1): item=0 name=2F746D702F6E6F20737563682066696C65 nametype=UNKNOWN"));
    CHECK(failed.name == "/tmp/no such file");
    CHECK_FALSE(failed.inode);
    CHECK(failed.nametype == "UNKNOWN");

    auto fexecve = decode_path(record_from_line("type=PATH msg=audit(1.000:2): item=0 name=(null) inode=5 dev=08:01"));
    CHECK_FALSE(fexecve.name);
    CHECK(fexecve.inode == 5u);
}
