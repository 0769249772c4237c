#!/bin/bash
# Usage: worst_cases.sh OUT. Writes the worst cases of issue 10 item 4 as audit records, the input
# of the real-receiver tests (tests/rsyslog (g), tests/journald), with awk (the 6000 arguments are
# 1.8 MB). Four events, in this order, each one execution or integrity record:
#   serial 701, pid 7001: an execution with 6000 arguments of 300 bytes ("00001xxx...", argc 6001)
#   serial 702, pid 7002: an execution whose audit key is 9000 bytes ("kkk...")
#   serial 703, pid 7003: an execution whose every record carries a 60000-byte node= name ("nnn...")
#   serial 704, pid 7004: an INTEGRITY_DATA record with a 9000-byte field name ("fff...=v")
# The executions: time 1795716000.00N, ppid 1, uid/auid/euid 1000, exe /usr/bin/printf run from
# /usr/bin/bash, IMA hash sha256 "abab...ab" (32 times "ab"), subj unconfined (the last field).
set -u
out=${1:?usage: worst_cases.sh OUT}
awk -v digest="$(printf 'ab%.0s' $(seq 32))" '
function task(pid) {
    return "ppid=1 pid=" pid " auid=1000 uid=1000 gid=1000 euid=1000 suid=1000 fsuid=1000 egid=1000 sgid=1000 fsgid=1000 tty=pts0 ses=2"
}
function rep(c, n,   s) { s = c; while (length(s) < n) s = s s; return substr(s, 1, n) }
function exec(prefix, stamp, pid, key, argc,   s, i, line, arg) {
    s = "msg=audit(" stamp "):"
    print prefix "type=INTEGRITY_RULE " s " file=\"/usr/bin/printf\" hash=\"sha256:" digest "\" " task(pid) " comm=\"bash\" exe=\"/usr/bin/bash\" subj=unconfined"
    print prefix "type=SYSCALL " s " arch=c000003e syscall=59 success=yes exit=0 a0=1 a1=2 a2=3 a3=0 items=1 " task(pid) " comm=\"printf\" exe=\"/usr/bin/printf\" subj=unconfined key=\"" key "\""
    line = prefix "type=EXECVE " s " argc=" argc + 1 " a0=\"/usr/bin/printf\""
    for (i = 1; i <= argc; i++) {
        arg = sprintf("%05d", i) rep("x", 295)
        if (length(line) + length(arg) > 60000) { print line; line = prefix "type=EXECVE " s }
        line = line " a" i "=\"" arg "\""
    }
    print line
    print prefix "type=CWD " s " cwd=\"/tmp\""
    print prefix "type=PATH " s " item=0 name=\"/usr/bin/printf\" inode=99 dev=fe:00 mode=0100755 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL"
    print prefix "type=EOE " s
}
BEGIN {
    exec("", "1795716000.001:701", 7001, "exec", 6000)                        # 6000 arguments of 300 bytes
    exec("", "1795716000.002:702", 7002, rep("k", 9000), 1)                   # a 9000-byte audit key
    exec("node=" rep("n", 60000) " ", "1795716000.003:703", 7003, "exec", 1)  # a 60000-byte node name
    s = "msg=audit(1795716000.004:704):"                                        # a 9000-byte integrity field name
    print "type=INTEGRITY_DATA " s " pid=7004 uid=0 auid=1000 ses=2 op=appraise_data cause=invalid-signature comm=\"sh\" name=\"/usr/bin/xzmore\" dev=\"vda1\" ino=1137 res=0 errno=0 " rep("f", 9000) "=v"
}' >"$out"
