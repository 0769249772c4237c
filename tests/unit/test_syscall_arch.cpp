// execve/execveat on every architecture the kernel audits with a syscall table auditd knows, and
// on those the issue named (x32, mips, loongarch64). Hand-made SYSCALL records: the arch= values
// are from include/uapi/linux/audit.h (checked against this machine's copy below), the syscall=
// numbers from the kernel file named in each test, never from what the plugin prints.
#include <catch2/catch.hpp>

#include <linux/audit.h>

#include <cstdint>
#include <string>
#include <vector>

#include "parser/event_assembler.h"
#include "parser/syscall_record.h"
#include "tests/support/event_lines.h"
#include "tests/support/record_line.h"

using namespace audisp_ima;
using audisp_ima::test::record_from_line;

namespace {

// The hex below is what the kernel prints; where the build machine's headers have the macro, it
// must agree (older headers lack the newer architectures, so each check is optional).
#ifdef AUDIT_ARCH_X86_64
static_assert(AUDIT_ARCH_X86_64 == 0xc000003e);
#endif
#ifdef AUDIT_ARCH_I386
static_assert(AUDIT_ARCH_I386 == 0x40000003);
#endif
#ifdef AUDIT_ARCH_AARCH64
static_assert(AUDIT_ARCH_AARCH64 == 0xc00000b7);
#endif
#ifdef AUDIT_ARCH_ARM
static_assert(AUDIT_ARCH_ARM == 0x40000028 && AUDIT_ARCH_ARMEB == 0x00000028);
#endif
#ifdef AUDIT_ARCH_PPC64LE
static_assert(AUDIT_ARCH_PPC == 0x00000014 && AUDIT_ARCH_PPC64 == 0x80000015 && AUDIT_ARCH_PPC64LE == 0xc0000015);
#endif
#ifdef AUDIT_ARCH_S390X
static_assert(AUDIT_ARCH_S390 == 0x00000016 && AUDIT_ARCH_S390X == 0x80000016);
#endif
#ifdef AUDIT_ARCH_RISCV64
static_assert(AUDIT_ARCH_RISCV32 == 0x400000f3 && AUDIT_ARCH_RISCV64 == 0xc00000f3);
#endif
#ifdef AUDIT_ARCH_LOONGARCH64
static_assert(AUDIT_ARCH_LOONGARCH64 == 0xc0000102);
#endif
#ifdef AUDIT_ARCH_MIPSEL64N32
static_assert(AUDIT_ARCH_MIPS == 0x00000008 && AUDIT_ARCH_MIPSEL == 0x40000008);
static_assert(AUDIT_ARCH_MIPS64 == 0x80000008 && AUDIT_ARCH_MIPSEL64 == 0xc0000008);
static_assert(AUDIT_ARCH_MIPS64N32 == 0xa0000008 && AUDIT_ARCH_MIPSEL64N32 == 0xe0000008);
#endif

SyscallRecord syscall_on(const std::string& arch, const std::string& number) {
    return decode_syscall(record_from_line("type=SYSCALL msg=audit(1.000:1): arch=" + arch + " syscall=" + number +
                                           " success=yes exit=0 items=2 ppid=1 pid=2 comm=\"true\""));
}

// `other` is a call from the same table that is not an exec.
void check_exec_calls(const std::string& arch, const std::string& name, int64_t execve, int64_t execveat,
                      int64_t other) {
    INFO("arch=" << arch);
    auto ve = syscall_on(arch, std::to_string(execve));
    CHECK(ve.arch == name);
    CHECK(ve.number == execve);
    CHECK(ve.name == "execve");
    CHECK(ve.is_exec());

    auto at = syscall_on(arch, std::to_string(execveat));
    CHECK(at.arch == name);
    CHECK(at.name == "execveat");
    CHECK(at.is_exec());

    auto no = syscall_on(arch, std::to_string(other));
    CHECK(no.arch == name);
    CHECK(no.number == other);
    CHECK_FALSE(no.is_exec());
}

}  // namespace

TEST_CASE("exec calls on x86_64", "[syscall][arch]") {
    // arch/x86/entry/syscalls/syscall_64.tbl: 59 execve, 322 execveat, 257 openat
    check_exec_calls("c000003e", "x86_64", 59, 322, 257);
}

TEST_CASE("exec calls on x32", "[syscall][arch]") {
    // arch/x86/entry/syscalls/syscall_64.tbl, abi x32: 520 execve, 545 execveat; 257 openat is
    // common. x32 shares AUDIT_ARCH_X86_64 and sets __X32_SYSCALL_BIT 0x40000000
    // (arch/x86/include/uapi/asm/unistd.h) in the number.
    check_exec_calls("c000003e", "x86_64", 0x40000000 + 520, 0x40000000 + 545, 0x40000000 + 257);
    // 59 and 322 are abi "64": not calls x32 has. 520 without the bit is not an x86_64 call.
    CHECK_FALSE(syscall_on("c000003e", std::to_string(0x40000000 + 59)).is_exec());
    CHECK_FALSE(syscall_on("c000003e", std::to_string(0x40000000 + 322)).is_exec());
    CHECK_FALSE(syscall_on("c000003e", "520").is_exec());
}

TEST_CASE("exec calls on i386", "[syscall][arch]") {
    // arch/x86/entry/syscalls/syscall_32.tbl: 11 execve, 358 execveat, 5 open
    check_exec_calls("40000003", "i386", 11, 358, 5);
    CHECK_FALSE(syscall_on("40000003", "59").is_exec());  // x86_64's execve is oldolduname here
}

TEST_CASE("exec calls on aarch64", "[syscall][arch]") {
    // include/uapi/asm-generic/unistd.h: 221 execve, 281 execveat, 56 openat
    check_exec_calls("c00000b7", "aarch64", 221, 281, 56);
}

TEST_CASE("exec calls on arm and armeb", "[syscall][arch]") {
    // arch/arm/tools/syscall.tbl (EABI, either endianness): 11 execve, 387 execveat, 5 open
    check_exec_calls("40000028", "arm", 11, 387, 5);
    check_exec_calls("00000028", "armeb", 11, 387, 5);
}

TEST_CASE("exec calls on ppc, ppc64 and ppc64le", "[syscall][arch]") {
    // arch/powerpc/kernel/syscalls/syscall.tbl: 11 execve, 362 execveat, 5 open (32 and 64 bit)
    check_exec_calls("00000014", "ppc", 11, 362, 5);
    check_exec_calls("80000015", "ppc64", 11, 362, 5);
    check_exec_calls("c0000015", "ppc64le", 11, 362, 5);
}

TEST_CASE("exec calls on s390 and s390x", "[syscall][arch]") {
    // arch/s390/kernel/syscalls/syscall.tbl: 11 execve, 354 execveat, 5 open
    check_exec_calls("00000016", "s390", 11, 354, 5);
    check_exec_calls("80000016", "s390x", 11, 354, 5);
}

TEST_CASE("exec calls on riscv32 and riscv64", "[syscall][arch]") {
    // include/uapi/asm-generic/unistd.h: 221 execve, 281 execveat, 56 openat
    check_exec_calls("400000f3", "riscv32", 221, 281, 56);
    check_exec_calls("c00000f3", "riscv64", 221, 281, 56);
}

TEST_CASE("exec calls on loongarch64", "[syscall][arch]") {
    // include/uapi/asm-generic/unistd.h: 221 execve, 281 execveat, 56 openat
    check_exec_calls("c0000102", "loongarch64", 221, 281, 56);
}

TEST_CASE("exec calls on mips o32", "[syscall][arch]") {
    // arch/mips/kernel/syscalls/syscall_o32.tbl: 11 execve, 356 execveat, 5 open; plus the o32
    // base 4000 (arch/mips/include/asm/unistd.h __NR_O32_Linux), which syscall= includes.
    check_exec_calls("00000008", "mips", 4011, 4356, 4005);
    check_exec_calls("40000008", "mipsel", 4011, 4356, 4005);
    CHECK_FALSE(syscall_on("40000008", "11").is_exec());    // the number without the base
    CHECK_FALSE(syscall_on("40000008", "5057").is_exec());  // n64's execve
}

TEST_CASE("exec calls on mips n64", "[syscall][arch]") {
    // arch/mips/kernel/syscalls/syscall_n64.tbl: 57 execve, 316 execveat, 2 open; base 5000
    // (__NR_64_Linux).
    check_exec_calls("80000008", "mips64", 5057, 5316, 5002);
    check_exec_calls("c0000008", "mipsel64", 5057, 5316, 5002);
    CHECK_FALSE(syscall_on("c0000008", "6057").is_exec());  // n32's execve
}

TEST_CASE("exec calls on mips n32", "[syscall][arch]") {
    // arch/mips/kernel/syscalls/syscall_n32.tbl: 57 execve, 320 execveat, 58 exit; base 6000
    // (__NR_N32_Linux). The arch value has __AUDIT_ARCH_CONVENTION_MIPS64_N32 (0x20000000).
    check_exec_calls("a0000008", "mips64n32", 6057, 6320, 6058);
    check_exec_calls("e0000008", "mipsel64n32", 6057, 6320, 6058);
    CHECK_FALSE(syscall_on("e0000008", "5316").is_exec());  // n64's execveat
}

TEST_CASE("SYSCALL on an architecture nobody here knows", "[syscall][arch]") {
    // AUDIT_ARCH_SPARC64 (EM_SPARCV9 43 | 64BIT) is in audit.h, but neither libaudit nor the
    // fallback has a table for it: no name, whatever the number.
    auto sparc = syscall_on("8000002b", "59");
    CHECK(sparc.arch == "8000002b");
    CHECK_FALSE(sparc.name);
    CHECK_FALSE(sparc.is_exec());

    auto made_up = syscall_on("deadbeef", "221");
    CHECK(made_up.arch == "deadbeef");
    CHECK_FALSE(made_up.is_exec());
}

TEST_CASE("SYSCALL with a garbage arch or number", "[syscall][arch]") {
    auto not_hex = syscall_on("zz", "59");
    CHECK(not_hex.arch == "zz");
    CHECK_FALSE(not_hex.is_exec());

    // Wider than 32 bits: must not be cut down to x86_64's c000003e.
    auto too_wide = syscall_on("1c000003e", "59");
    CHECK(too_wide.arch == "1c000003e");
    CHECK_FALSE(too_wide.is_exec());

    auto empty = syscall_on("", "59");
    CHECK_FALSE(empty.is_exec());

    auto bad_number = syscall_on("c000003e", "59x");
    CHECK(bad_number.arch == "x86_64");
    CHECK_FALSE(bad_number.number);
    CHECK_FALSE(bad_number.is_exec());

    // 2^32 + 59 and -1: not to be narrowed onto a call number.
    CHECK_FALSE(syscall_on("c000003e", "4294967355").is_exec());
    CHECK_FALSE(syscall_on("c000003e", "-1").is_exec());
    CHECK_FALSE(syscall_on("c0000102", "-1").is_exec());

    auto no_arch = decode_syscall(record_from_line("type=SYSCALL msg=audit(1.000:1): syscall=59 success=yes"));
    CHECK_FALSE(no_arch.arch);
    CHECK_FALSE(no_arch.is_exec());
}

TEST_CASE("an exec on loongarch64 is an execution with its arguments", "[syscall][arch][assembler]") {
    // Before libaudit's tables and the fallback, this event became a standalone measurement.
    const std::string ts = "msg=audit(1700000000.100:42): ";
    std::vector<std::string> lines{
        "type=INTEGRITY_RULE " + ts +
            "file=\"/usr/bin/true\" hash=\"sha256:"
            "0000000000000000000000000000000000000000000000000000000000000001\" ppid=1 pid=2 auid=0 uid=0 gid=0 "
            "euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=(none) ses=1 comm=\"sh\" exe=\"/usr/bin/sh\"",
        "type=SYSCALL " + ts +
            "arch=c0000102 syscall=221 success=yes exit=0 a0=1 a1=2 a2=3 a3=4 items=2 ppid=1 pid=2 auid=0 uid=0 "
            "gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=(none) ses=1 comm=\"true\" "
            "exe=\"/usr/bin/true\" key=\"exec\"",
        "type=EXECVE " + ts + "argc=2 a0=\"true\" a1=\"--version\"",
        "type=CWD " + ts + "cwd=\"/\"",
        "type=PATH " + ts + "item=0 name=\"/usr/bin/true\" inode=7 dev=fe:00 mode=0100755 ouid=0 ogid=0 rdev=00:00 "
                            "nametype=NORMAL",
    };
    EventAssembler assembler(16);
    std::vector<Event> out;
    assembler.assemble(audisp_ima::test::event_from_lines(lines), out);
    REQUIRE(out.size() == 1);
    REQUIRE(std::holds_alternative<ExecEvent>(out[0]));
    const auto& exec = std::get<ExecEvent>(out[0]);
    CHECK(exec.is_execution());
    CHECK(exec.syscall->arch == "loongarch64");
    CHECK(exec.syscall->name == "execve");
    CHECK(exec.args == std::vector<std::string>{"true", "--version"});
    CHECK(assembler.counters().standalone_measurements == 0);
}
