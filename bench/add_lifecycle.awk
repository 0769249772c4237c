# Adds to a gen-audit-stream stream (one record a line, events whole and in order, no --interleave,
# no --node) what the optional lifecycle rules would make the kernel log around every successful
# execution (docs/examples/audisp-ima-lifecycle.rules): the parent's clone() just before it
# (SYSCALL syscall=56 success=yes exit=<child pid> a0=1200011, glibc's fork flags, exe= the
# parent's image as IMA's INTEGRITY_RULE or, without one, bash), and the child's exit_group just
# after (SYSCALL syscall=231 with the execution's task block, no success=/exit=), each with its
# PROCTITLE and EOE. Serials of the added events are the execution's plus 1e9 and 2e9 (unique,
# within 32 bits). Usage: awk -f bench/add_lifecycle.awk STREAM > STREAM.lifecycle
function flush_event(   i) {
    if (exec_line != "") {
        stamp = exec_line; sub(/^.*msg=audit\(/, "", stamp); sub(/\).*$/, "", stamp)
        split(stamp, part, ":"); t = part[1]; serial = part[2]
        pid = exec_line; sub(/^.* pid=/, "", pid); sub(/ .*$/, "", pid)
        ppid = exec_line; sub(/^.* ppid=/, "", ppid); sub(/ .*$/, "", ppid)
        ids = exec_line; sub(/^.* pid=[0-9]+ /, "", ids); sub(/ comm=.*$/, "", ids)
        tail = exec_line; sub(/^.* comm=/, "comm=", tail); sub(/ key=.*$/, "", tail)
        pcomm = "\"bash\""; pexe = "\"/usr/bin/bash\""
        if (ima_line != "") {
            pcomm = ima_line; sub(/^.* comm=/, "", pcomm); sub(/ exe=.*$/, "", pcomm)
            pexe = ima_line; sub(/^.* exe=/, "", pexe); sub(/ .*$/, "", pexe)
        }
        fs = "msg=audit(" t ":" (serial + 1000000000) "):"
        print "type=SYSCALL " fs " arch=c000003e syscall=56 success=yes exit=" pid " a0=1200011 a1=0 a2=0 a3=7f3a2c1e5a10 items=0 ppid=1 pid=" ppid " " ids " comm=" pcomm " exe=" pexe " subj=unconfined key=\"fork\""
        print "type=PROCTITLE " fs " proctitle=2D62617368"
        print "type=EOE " fs " "
    }
    for (i = 1; i <= n; i++) print lines[i]
    if (exec_line != "") {
        es = "msg=audit(" t ":" (serial + 2000000000) "):"
        print "type=SYSCALL " es " arch=c000003e syscall=231 a0=0 a1=3c a2=0 a3=0 items=0 ppid=" ppid " pid=" pid " " ids " " tail " key=\"exit\""
        if (proctitle != "") print "type=PROCTITLE " es " " proctitle
        print "type=EOE " es " "
    }
    n = 0; exec_line = ""; ima_line = ""; proctitle = ""
}
{
    key = $0; sub(/^.*msg=audit\(/, "", key); sub(/\).*$/, "", key)
    if (n > 0 && key != current) flush_event()  # events are whole and in order: a new stamp, a new event
    current = key
    lines[++n] = $0
    if ($0 ~ /^type=SYSCALL / && $0 ~ / syscall=59 success=yes /) exec_line = $0
    else if ($0 ~ /^type=INTEGRITY_RULE /) ima_line = $0
    else if ($0 ~ /^type=PROCTITLE /) { proctitle = $0; sub(/^type=PROCTITLE msg=audit\([^)]*\): /, "", proctitle) }
}
END { flush_event() }
