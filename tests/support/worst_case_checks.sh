# Conditions on the messages the real receivers kept of tests/support/worst_cases.sh's events,
# shared by tests/rsyslog (g) and tests/journald. Each takes a file of messages, one a line (a
# message cut short, or split by a receiver, fails them). Sourced; bash.
# The expected values are those worst_cases.sh writes (see its header): serials 701-704, pids
# 7001-7004, ppid 1, uid and auid 1000, /usr/bin/printf run from /usr/bin/bash, hash "abab...ab".

wc_digest=$(printf 'ab%.0s' $(seq 32))

# JSON: the three executions keep their identity, whatever was cut around it.
# 1795716000 is 2026-11-26T18:00:00Z (date -u -d @1795716000); .001-.003 the records' milliseconds.
wc_json_identity() {
    [ "$(jq -R -c --arg digest "$wc_digest" 'fromjson | select(.event.dataset == "audisp_ima.exec")
        | [."@timestamp", .event.sequence, .process.pid, .process.parent.pid, .process.executable,
           .process.hash.sha256 == $digest, .user.id, .user.audit.id]' "$1")" = \
        '["2026-11-26T18:00:00.001Z",701,7001,1,"/usr/bin/printf",true,"1000","1000"]
["2026-11-26T18:00:00.002Z",702,7002,1,"/usr/bin/printf",true,"1000","1000"]
["2026-11-26T18:00:00.003Z",703,7003,1,"/usr/bin/printf",true,"1000","1000"]' ]
}
# JSON: 6000 arguments: argc 6001, the first and the last kept, one marker for the dropped middle.
wc_json_arguments() {
    jq -R 'fromjson | select(.event.sequence == 701) | .process.args_count == 6001
        and .process.args[0] == "/usr/bin/printf" and (.process.args[-1] | startswith("06000x"))
        and ([.process.args[] | select(test("^[.][.][.]\\[[0-9]+ arguments dropped\\]$"))] | length == 1)' "$1" | grep -qx true
}
# JSON: the 9000-byte key, the 9000-byte field name and the 60000-byte node name are cut and
# marked with their original length; the integrity record keeps its pid.
wc_json_cuts() {
    jq -R 'fromjson | select(.event.sequence == 702) | .audisp_ima.key | endswith("...[truncated from 9000 bytes]")' \
        "$1" | grep -qx true &&
        jq -R 'fromjson | select(.event.sequence == 704) | .process.pid == 7004 and
            (.audisp_ima.fields | to_entries | any(.key | endswith("...[truncated from 9000 bytes]")))' "$1" | grep -qx true &&
        jq -R 'fromjson | select(.event.sequence == 703) | [.host.hostname, .audisp_ima.node]
            | all(test("^n+[.][.][.]\\[truncated from 60000 bytes\\]$"))' "$1" | grep -qx true
}
# CEF: every message is one CEF line, whole to its last key: an execution ends with
# audispImaPreviousImage (IMA's pre-exec image), the integrity record with cs4 (its fields, the long name last; CEF escapes '=' in a value).
wc_cef_whole() {
    [ -s "$1" ] && ! grep -qv '^CEF:0[|]audisp-ima[|]' "$1" &&
        [ "$(grep -c 'flexString1=unconfined audispImaEntityId=[0-9a-f]*-[0-9]*-70[123] audispImaPreviousImage=/usr/bin/bash$' "$1")" = 3 ] &&
        [ "$(grep -c 'truncated from 9000 bytes\]\\=v$' "$1")" = 1 ]
}
# CEF: the three executions keep their identity; the node name is cut and marked in dvchost.
wc_cef_identity() {
    [ "$(grep -cE "fileHash=$wc_digest dproc=/usr/bin/printf dpid=700[123] spid=1 suid=1000 " "$1")" = 3 ] &&
        grep -q 'rt=1795716000001 ' "$1" && grep -q ' cn1=701 ' "$1" && grep -q ' cn1=702 ' "$1" &&
        grep -qE 'rt=1795716000003 dvchost=n+\.\.\.\[truncated from 60000 bytes\] .* cn1=703 ' "$1"
}
