#!/bin/bash
# The plugin's syslog output as a real systemd-journald receives it: the journald that owns
# /dev/log on a Debian 12 host without rsyslog. Usage: run_journald_tests.sh BIN SRC. Prints
# "ok"/"FAIL" per check and, last, exactly "N passed, N failed"; exits non-zero when anything
# failed, 77 (ctest SKIP_RETURN_CODE) with a "SKIPPED: reason" line when it cannot run here.
#
# The daemon is this host's /lib/systemd/systemd-journald, private to the test:
#   - The script re-runs itself under `unshare --mount --pid --fork --kill-child --mount-proc`:
#     a mount namespace (private propagation) and a PID namespace whose processes the kernel
#     kills when the script ends, however it ends (a ctest timeout included).
#   - In it, tmpfs over /run and /var/log: journald's sockets and its runtime journal
#     (/run/log/journal/MACHINE-ID/) and a would-be persistent one live and die there; the host's
#     /run, /var/log, journal and sockets are never seen. Its runtime directory (the sockets) is
#     moved to /run/audisp-ima-test by RUNTIME_DIRECTORY (honoured by systemd 252's journald).
#   - /dev/kmsg is /dev/null to it (journald logs its own messages to kmsg by default; they go to
#     stderr here, SYSTEMD_LOG_TARGET=console), and so is /dev/log when it exists: the plugin
#     sends its own diagnostics to /dev/log (not to --syslog-socket), and they must reach
#     neither the host's syslog nor this journal, whose every entry the checks account for.
#   - Without CAP_AUDIT_READ/CAP_AUDIT_CONTROL (setpriv --bounding-set): started by hand, with no
#     sockets passed, systemd 252's journald opens the audit netlink socket and would *enable the
#     kernel's audit* (journald-server.c server_init: "Unless we got *some* sockets and not
#     audit, open audit socket"; journald-audit.c server_open_audit then enable_audit()). Without
#     CAP_AUDIT_READ joining the audit multicast group fails and it goes on without audit.
#   - A journald.conf drop-in in the private /run (read after /etc's, by name): Storage=volatile,
#     no /dev/kmsg reading, no forwarding (syslog, kmsg, console, wall), no rate limit.
# Needs root, unshare (util-linux), setpriv (util-linux), systemd-journald and journalctl (the
# systemd package: not in a minimal Debian container) and jq.
#
# What journald keeps of a long syslog datagram (systemd 252, Debian 12), from its source
# (src/journal/journald-server.c server_process_datagram, journald-syslog.c
# server_process_syslog_message) and measured here (checks (g) and (h)):
#   - the receive buffer is sized for each datagram (ioctl SIOCINQ, at least LINE_MAX) before
#     recvmsg(), so a datagram is read whole, however long; the socket's receive buffer is set
#     large (SO_RCVBUF 8 MiB);
#   - the priority, the RFC 3164 timestamp and "ident[pid]: " are parsed off; MESSAGE is all the
#     rest, whole (strjoin("MESSAGE=", msg)); only trailing whitespace is stripped (and SYSLOG_RAW
#     then stored too, as when the timestamp does not parse);
#   - LineMax= (journald.conf(5): "The maximum line length to permit when converting stream logs
#     into record logs", default 48K) applies to stdout/stderr streams only, not to datagrams;
#   - `journalctl -o json` prints a field over 4096 bytes as null unless -a (--all) is given.
# So journald keeps a datagram whole far beyond the plugin's default max_message_size (8096); the
# limit comes from rsyslog (tests/rsyslog (f)), which gets journald's messages when both run.
#
# Counters read from the line the plugin prints on stderr at exit (NAME=N fields), as in
# tests/rsyslog: sent, shrunk, unfit, rejected, emitted.
set -u
bin=$1 src=$2
journald=/lib/systemd/systemd-journald

skip() {
    echo "******************************************************************"
    echo "SKIPPED: $*"
    echo "******************************************************************"
    exit 77
}

if [ "${AUDISP_IMA_JOURNALD_NAMESPACE:-}" != 1 ]; then
    [ "$(id -u)" = 0 ] || skip "not root: a private systemd-journald needs root (mount namespace, tmpfs /run)"
    command -v unshare >/dev/null || skip "unshare not installed (util-linux)"
    command -v setpriv >/dev/null || skip "setpriv not installed (util-linux)"
    [ -x $journald ] || skip "$journald not installed (apt-get install systemd)"
    command -v journalctl >/dev/null || skip "journalctl not installed (apt-get install systemd)"
    [ -s /etc/machine-id ] || skip "/etc/machine-id missing or empty: journald names its journal directory by it"
    unshare --mount --pid --fork --kill-child --mount-proc true 2>/dev/null ||
        skip "unshare cannot make a mount and PID namespace here (a container without CAP_SYS_ADMIN?)"
    if ! command -v jq >/dev/null; then
        echo "FAIL - jq is not installed (apt-get install jq)"
        echo "0 passed, 1 failed"
        exit 1
    fi
    AUDISP_IMA_JOURNALD_NAMESPACE=1 exec unshare --mount --pid --fork --kill-child --mount-proc \
        bash "${BASH_SOURCE[0]}" "$@"
fi

# --- in the namespaces from here on (this shell is PID 1 of its PID namespace)
# shellcheck source=tests/support/worst_case_checks.sh
. "$src/tests/support/worst_case_checks.sh"
sample=$src/examples/sample-audit.log
tmp=$(mktemp -d)
rundir=/run/audisp-ima-test
sock=$rundir/dev-log
jd_pid=
cleanup() {
    if [ -n "$jd_pid" ]; then kill "$jd_pid" 2>/dev/null; wait "$jd_pid" 2>/dev/null; fi
    rm -rf "$tmp"
}
trap cleanup EXIT
# shellcheck source=tests/support/checks.sh
. "$src/tests/support/checks.sh"

start_journald() {
    mount -t tmpfs -o mode=0755 tmpfs /run && mount -t tmpfs -o mode=0755 tmpfs /var/log &&
        mount --bind /dev/null /dev/kmsg || return 1
    if [ -e /dev/log ] && [ ! -L /dev/log ]; then mount --bind /dev/null /dev/log || return 1; fi
    # (A /dev/log symlink points into /run, now the private tmpfs, where nothing listens.)
    mkdir -p /run/systemd/journald.conf.d "$rundir"
    printf '%s\n' '[Journal]' Storage=volatile ReadKMsg=no ForwardToSyslog=no ForwardToKMsg=no \
        ForwardToConsole=no ForwardToWall=no RateLimitIntervalSec=0 RateLimitBurst=0 \
        >/run/systemd/journald.conf.d/zzzz-audisp-ima-test.conf
    env -u NOTIFY_SOCKET -u LISTEN_FDS -u LISTEN_PID RUNTIME_DIRECTORY=$rundir SYSTEMD_LOG_TARGET=console \
        setpriv --bounding-set=-audit_read,-audit_control,-audit_write $journald >"$tmp/journald.log" 2>&1 &
    jd_pid=$!
    local i
    for ((i = 0; i < 100; i++)); do
        [ -S "$sock" ] && [ -n "$(find /run/log/journal -name '*.journal' 2>/dev/null)" ] && return 0
        kill -0 $jd_pid 2>/dev/null || break
        sleep 0.1
    done
    return 1
}

# --- helpers (each one a check's condition)
# counter FILE NAME: the value from the plugin's last counters line; empty if absent.
counter() { grep -oE "(^|[ :])$2=[0-9]+" "$1" | tail -1 | sed 's/.*=//'; }
is_number() { [[ $1 =~ ^[0-9]+$ ]]; }
equals() { [ "$1" = "$2" ]; }
# entries MATCH OUT WANT: the entries journalctl's MATCH selects (_PID=N: what process N sent;
# journald takes _PID from the sender's SCM_CREDENTIALS, so no other sender's entries can be among
# them), as `journalctl -o json -a` prints them, one JSON object a line. Waits until there are
# WANT of them (up to 10 s), then 0.3 s more for any extra.
entries() {
    local match=$1 out=$2 want=$3 i
    for ((i = 0; i < 100; i++)); do
        journalctl -D /run/log/journal --no-pager -o json -a "$match" >"$out" 2>"$out.err"
        is_number "$want" && [ "$(grep -c . "$out")" -ge "$want" ] && break
        sleep 0.1
    done
    sleep 0.3
    journalctl -D /run/log/journal --no-pager -o json -a "$match" >"$out" 2>"$out.err"
}
count_is() { [ "$(grep -c . "$1")" -eq "$2" ]; }
# Every entry of FILE satisfies the jq condition (and there is one; a jq error fails it too).
every_entry() {
    local bad
    [ -s "$2" ] && bad=$(jq -c "select(($1) | not)" "$2" 2>&1) && [ -z "$bad" ]
}
# MESSAGE of every entry, one a line (a string: journalctl prints a field holding control
# characters or invalid UTF-8 as an array of bytes, which then fails every_entry's string check).
messages() { jq -r '.MESSAGE' "$1"; }
# Every line of FILE is, on its own, one JSON object.
# The datagram journald received was <PRI>TIMESTAMP ident[pid]: MESSAGE; journald keeps
# SYSLOG_TIMESTAMP ("Mmm dd hh:mm:ss ", trailing space included), SYSLOG_IDENTIFIER, SYSLOG_PID
# and MESSAGE of it. Every datagram rebuilt from them is at most MAX bytes.
datagrams_at_most() {
    every_entry "(.MESSAGE | type == \"string\") and (\"<\" + ((.PRIORITY | tonumber) + 8 * (.SYSLOG_FACILITY | tonumber) | tostring) + \">\"
        + .SYSLOG_TIMESTAMP + .SYSLOG_IDENTIFIER + \"[\" + .SYSLOG_PID + \"]: \" + .MESSAGE
        | utf8bytelength) <= $2" "$1"
}
# The syslog fields of every entry: transport syslog, ident audisp-ima, the pid in the header the
# sender's (SYSLOG_PID = _PID = PID), priority and facility as configured, the timestamp parsed
# (no SYSLOG_RAW: journald stores it when the header does not parse, or it stripped anything).
syslog_fields() {
    local file=$1 pid=$2 priority=$3 facility=$4
    every_entry "._TRANSPORT == \"syslog\" and .SYSLOG_IDENTIFIER == \"audisp-ima\"
        and .SYSLOG_PID == \"$pid\" and ._PID == \"$pid\" and .PRIORITY == \"$priority\"
        and .SYSLOG_FACILITY == \"$facility\" and (.SYSLOG_TIMESTAMP | type == \"string\")
        and (has(\"SYSLOG_RAW\") | not) and (.MESSAGE | type == \"string\")" "$file"
}
# run_plugin NAME ARGS...: the plugin on its own, to journald's socket; sets $rc and $pid.
run_plugin() {
    local name=$1
    shift
    "$bin" --state-file none --output syslog --syslog-socket "$sock" "$@" 2>"$tmp/$name.err" &
    pid=$!
    wait $pid
    rc=$?
}

test_harness() {  # journald receives what util-linux logger sends: independent of the plugin
    logger -u "$sock" --id=4242 -p local1.err -t harness-check "hello journald"
    entries SYSLOG_IDENTIFIER=harness-check "$tmp/harness.json" 1  # --id: the header's pid; _PID is logger's
    check "harness: journald keeps logger's datagram: MESSAGE, identifier, pid, priority 3, facility 17" \
        every_entry '.MESSAGE == "hello journald" and .SYSLOG_PID == "4242" and .PRIORITY == "3" and .SYSLOG_FACILITY == "17"' \
        "$tmp/harness.json"
    check "harness: ... exactly one entry" count_is "$tmp/harness.json" 1
}

test_a_json() {  # the bundled sample, plugin defaults: priority info (6), facility user (1)
    local rc pid sent
    "$bin" --state-file none --input "$sample" --format json --output stdout 2>/dev/null >"$tmp/a.stdout"
    json_events "$tmp/a.stdout" >"$tmp/a.expected"
    run_plugin a --input "$sample" --format json
    sent=$(counter "$tmp/a.err" sent)
    entries _PID="$pid" "$tmp/a.json" "$sent"
    messages "$tmp/a.json" >"$tmp/a.messages"
    json_events "$tmp/a.messages" >"$tmp/a.received"
    check "(a) plugin exits 0" test $rc -eq 0
    check "(a) journald keeps one entry for every message the plugin sent (sent=$sent: 6 events + statistics)" \
        eval 'equals "$sent" 7 && count_is "$tmp/a.json" 7'
    check "(a) every entry: syslog transport, audisp-ima[$pid], PRIORITY 6, SYSLOG_FACILITY 1, header parsed" \
        syslog_fields "$tmp/a.json" "$pid" 6 1
    check "(a) every MESSAGE is one JSON object" json_objects "$tmp/a.messages"
    check "(a) ... the 6 event messages identical, in order, to what --output stdout prints" \
        eval 'count_is "$tmp/a.received" 6 && cmp -s "$tmp/a.expected" "$tmp/a.received"'
}

test_a_cef() {  # the sample in CEF, priority warning (4), facility local3 (19)
    local rc pid sent
    "$bin" --state-file none --input "$sample" --format cef --output stdout 2>/dev/null >"$tmp/cef.stdout"
    cef_events "$tmp/cef.stdout" >"$tmp/cef.expected"
    run_plugin cef --input "$sample" --format cef --syslog-priority warning --syslog-facility local3
    sent=$(counter "$tmp/cef.err" sent)
    entries _PID="$pid" "$tmp/cef.json" "$sent"
    messages "$tmp/cef.json" >"$tmp/cef.messages"
    cef_events "$tmp/cef.messages" >"$tmp/cef.received"
    check "(a, cef) plugin exits 0" test $rc -eq 0
    check "(a, cef) one entry for every message sent (sent=$sent)" \
        eval 'equals "$sent" 7 && count_is "$tmp/cef.json" 7'
    check "(a, cef) every entry: audisp-ima[$pid], PRIORITY 4, SYSLOG_FACILITY 19, header parsed" \
        syslog_fields "$tmp/cef.json" "$pid" 4 19
    check "(a, cef) the 6 CEF event messages identical, in order, to --output stdout's" \
        eval 'count_is "$tmp/cef.received" 6 && cmp -s "$tmp/cef.expected" "$tmp/cef.received"'
}

test_g_worst_cases() {  # plugin defaults (max_message_size 8096): the worst cases arrive whole
    local format rc pid sent e m
    "$src/tests/support/worst_cases.sh" "$tmp/g.log"
    for format in json cef; do
        e=$tmp/g-$format.json m=$tmp/g-$format.messages
        run_plugin g-$format --input "$tmp/g.log" --format $format --stats-interval 0
        sent=$(counter "$tmp/g-$format.err" sent)
        entries _PID="$pid" "$e" "$sent"
        messages "$e" >"$m"
        info "(g) $format: the datagrams rebuilt from what journald kept are $(jq -r '"<" + ((.PRIORITY | tonumber) + 8 *
            (.SYSLOG_FACILITY | tonumber) | tostring) + ">" + .SYSLOG_TIMESTAMP + .SYSLOG_IDENTIFIER + "[" + .SYSLOG_PID + "]: "
            + .MESSAGE | utf8bytelength' "$e" 2>/dev/null | tr '\n' ' ')bytes long"
        check "(g) $format: worst cases, plugin exits 0" test $rc -eq 0
        check "(g) $format: ... all 4 sent (none unfit or rejected) and journald keeps 4 entries" eval \
            'equals "$sent" 4 && count_is "$e" 4 && equals "$(counter "$tmp/g-$format.err" unfit)" 0 &&
             equals "$(counter "$tmp/g-$format.err" rejected)" 0'
        # JSON: all four shrunk to fit. CEF: the keys' own lengths (cs2, cs4, cs5 4,000; dvchost 100)
        # bring each within the limit without the fitter (tests/rsyslog (g) says why).
        [ $format = json ] && want_shrunk=4 || want_shrunk=0
        check "(g) $format: ... $want_shrunk shrunk; every datagram, rebuilt from what journald kept, within 8096 bytes" eval \
            'equals "$(counter "$tmp/g-$format.err" shrunk)" $want_shrunk && datagrams_at_most "$e" 8096'
        check "(g) $format: ... every entry: audisp-ima[$pid], PRIORITY 6, SYSLOG_FACILITY 1, header parsed" \
            syslog_fields "$e" "$pid" 6 1
    done
    local j=$tmp/g-json.messages c=$tmp/g-cef.messages
    check "(g) json: every MESSAGE is one JSON object" json_objects "$j"
    check "(g) json: the three executions keep their identity (time, serial, pid, ppid, exe, sha256, uid, auid)" \
        wc_json_identity "$j"
    check "(g) json: 6000 arguments: argc 6001, head and tail kept, one marker for the middle" wc_json_arguments "$j"
    check "(g) json: the 9000-byte key and field name and the 60000-byte node name are cut, marked" wc_json_cuts "$j"
    check "(g) cef: every MESSAGE is one CEF line, whole to its last key" wc_cef_whole "$c"
    check "(g) cef: the three executions keep their identity; the node name cut, marked" wc_cef_identity "$c"
}

test_h_big_datagrams() {  # what journald keeps beyond the default: --max-message-size 262144
    local rc pid sent e=$tmp/h.json m=$tmp/h.messages longest
    run_plugin h --input "$tmp/g.log" --format json --stats-interval 0 --max-message-size 262144
    sent=$(counter "$tmp/h.err" sent)
    entries _PID="$pid" "$e" "$sent"
    messages "$e" >"$m"
    longest=$(jq -r '.MESSAGE | utf8bytelength' "$e" | sort -n | tail -1)
    info "(h) max_message_size 262144: sent=$sent shrunk=$(counter "$tmp/h.err" shrunk) rejected=$(counter "$tmp/h.err" rejected);" \
        "journald kept $(grep -c . "$e") entries, the longest MESSAGE $longest bytes"
    # The 6000 arguments (1.8 MB) are shrunk to the limit; the 9000-byte key and field name and
    # the 60000-byte node name now fit whole. The node name appears twice in JSON (host.hostname,
    # audisp_ima.node), so that message is over 120000 bytes: journald keeps it whole.
    check "(h) 256 KiB limit: plugin exits 0, all 4 sent, journald keeps 4 entries" \
        eval 'test $rc -eq 0 && equals "$sent" 4 && count_is "$e" 4'
    check "(h) ... every MESSAGE one JSON object, none null (journalctl -a)" json_objects "$m"
    check "(h) ... the 60000-byte node name kept whole, twice: a message of over 120000 bytes" \
        eval '[ "$(jq -R -r "fromjson | select(.event.sequence == 703) | [.host.hostname, .audisp_ima.node] | map(length) | join(\" \")" "$m")" = "60000 60000" ] &&
              [ "$longest" -gt 120000 ]'
    check "(h) ... the 9000-byte key kept whole" \
        eval '[ "$(jq -R -r "fromjson | select(.event.sequence == 702) | .audisp_ima.key | length" "$m")" = 9000 ]'
    check "(h) ... every datagram within 262144 bytes" datagrams_at_most "$e" 262144
}

if ! start_journald; then
    check "journald starts in the private namespace (its log: $(tail -3 "$tmp/journald.log" | tr '\n' ' '))" false
    echo "$passed passed, $failed failed"
    exit 1
fi
info "journald of $(journalctl --version | head -1) (pid $jd_pid in the test's PID namespace), socket $sock"
test_harness
test_a_json
test_a_cef
test_g_worst_cases
test_h_big_datagrams
journalctl -D /run/log/journal --no-pager -o json -a _TRANSPORT=syslog >"$tmp/all.json"
check "nothing else reached the journal over syslog: 27 entries (harness 1, (a) 7, (a, cef) 7, (g) 4 + 4, (h) 4)" \
    count_is "$tmp/all.json" 27

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
