// Test helper: the records of one process's life, written as the kernel writes them (execve,
// then exit_group: audit_log_exit() gives exit_group no success= and no exit=, the call never
// returns), for the lifecycle tests of every format.
#pragma once

#include <string>

namespace audisp_ima::test {

inline constexpr const char* kSleepTask =
    " auid=1000 uid=1000 gid=1000 euid=1000 suid=1000 fsuid=1000 egid=1000 sgid=1000 fsgid=1000 tty=pts0 ses=3";

// sleep 3 run by bash (pid 4000, parent 3000) at 1700000100.000, exiting 3.25 s later with status
// `status` (a0 as the kernel prints the register: %lx).
inline std::string sleep_and_exit(const std::string& status) {
    std::string t = kSleepTask;
    return "type=SYSCALL msg=audit(1700000100.000:500): arch=c000003e syscall=59 success=yes exit=0 a0=55d0 a1=55d8 "
           "a2=55e0 a3=0 items=2 ppid=3000 pid=4000" + t + " comm=\"sleep\" exe=\"/usr/bin/sleep\" key=\"exec\"\n"
           "type=EXECVE msg=audit(1700000100.000:500): argc=2 a0=\"sleep\" a1=\"3\"\n"
           "type=CWD msg=audit(1700000100.000:500): cwd=\"/home/user\"\n"
           "type=PATH msg=audit(1700000100.000:500): item=0 name=\"/usr/bin/sleep\" inode=1234 dev=fd:01 mode=0100755 "
           "ouid=0 ogid=0 rdev=00:00 nametype=NORMAL cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0 cap_frootid=0\n"
           "type=PROCTITLE msg=audit(1700000100.000:500): proctitle=736C6565700033\n"
           "type=EOE msg=audit(1700000100.000:500): \n"
           "type=SYSCALL msg=audit(1700000103.250:501): arch=c000003e syscall=231 a0=" + status +
           " a1=3c a2=0 a3=0 items=0 ppid=3000 pid=4000" + t + " comm=\"sleep\" exe=\"/usr/bin/sleep\" key=\"exit\"\n"
           "type=PROCTITLE msg=audit(1700000103.250:501): proctitle=736C6565700033\n"
           "type=EOE msg=audit(1700000103.250:501): \n";
}

}  // namespace audisp_ima::test
