#!/bin/bash
# The checker of the end-to-end test: compares the scenario's own record of what it ran
# (record.jsonl, facts.json; see guest/scenario.sh) with the messages the plugin wrote to syslog
# (audisp-ima.json: "PID<TAB>MESSAGE" lines written by the guest's rsyslog).
# Sourced by run_e2e.sh (check_results OUTDIR), or run by hand on a results directory:
#   bash tests/e2e/check.sh build/e2e/out
# Prints "ok"/"FAIL" per assertion; standalone it also prints "N passed, N failed" and exits
# non-zero when anything failed.

passed=${passed:-0}
failed=${failed:-0}

check() {  # check DESCRIPTION COMMAND...
    local what=$1
    shift
    if "$@"; then
        echo "ok   - $what"
        passed=$((passed + 1))
        return 0
    fi
    echo "FAIL - $what"
    failed=$((failed + 1))
    return 1
}
summary() { echo "$passed passed, $failed failed"; }

# The jq program that checks every recorded execution against the messages. Prints one line
# per assertion: "ok<TAB>text" or "FAIL<TAB>text".
read -r -d '' E2E_JQ_EXECUTIONS <<'JQ'
def execs: [$msgs[] | .m | select(. != null and .event.kind == "event"
                                  and .event.dataset == "audisp_ima.exec")];
def cut_marker: [capture("^(?<head>.*)\\.\\.\\.\\[truncated from (?<n>[0-9]+) bytes\\]$")][0];
def tail_marker: [capture("^\\.\\.\\.\\[(?<n>[0-9]+) more arguments truncated\\]$")][0];
# The argv the plugin printed against the one the scenario passed: equal, except that an
# argument may be cut (its head, then "...[truncated from N bytes]" with N its real length)
# and the list may end in "...[N more arguments truncated]" standing for the N missing ones.
def args_ok($exp; $act):
  if $act == $exp then true
  elif ($act | type) != "array" then false
  else
    (($act[-1] // "" | tail_marker) // null) as $tail
    | (if $tail then ($tail.n | tonumber) else 0 end) as $dropped
    | (($act | length) - (if $tail then 1 else 0 end)) as $kept
    | ($kept + $dropped == ($exp | length))
      and all(range(0; $kept); . as $i
              | $act[$i] == $exp[$i]
                or (($act[$i] | cut_marker) as $c
                    | $c != null and ($exp[$i] | startswith($c.head))
                      and ($exp[$i] | utf8bytelength) == ($c.n | tonumber)))
  end;
# A failed exec has no EXECVE record (the kernel logs argv only once the new program is
# loaded): its argv must then be left out, or be the one passed.
def argv_unknown($r; $m): $r.outcome == "failure" and $m.process.args == null and $m.process.args_count == null;
def expected($r; $m): {executable: $r.executable, pid: $r.pid, uid: $r.uid, euid: $r.euid,
                   auid: (if $r.auid == "" then null else $r.auid end), outcome: $r.outcome,
                   exit: $r.exit, syscall: $r.syscall,
                   args_count: (if argv_unknown($r; $m) then null else $r.args | length end)};
def actual($m): {executable: $m.process.executable, pid: $m.process.pid,
                 uid: $m.process.real_user.id, euid: $m.process.user.id, auid: $m.user.audit.id,
                 outcome: $m.event.outcome, exit: $m.audisp_ima.exit,
                 syscall: $m.audisp_ima.syscall, args_count: $m.process.args_count};
def diff($e; $a): [$e | keys_unsorted[] | select($e[.] != $a[.])
                   | "\(.): expected \($e[.] | tojson) got \($a[.] | tojson)"] | join("; ");
def short: tostring | if length > 160 then .[:160] + "..." else . end;
def hash_ok($r; $m):
  ($m.process.hash.sha256) as $h | ($m.audisp_ima.hash_source) as $s
  | (if $r.hash == "measured" then $s == "measured" and $h == $r.exe_sha256
     elif $r.hash == "cached" then $s == "cached" and $h == $r.exe_sha256
     elif $r.hash == "none" then $s == "none" and $h == null
     else ($h == null and $s == "none") or ($h == $r.exe_sha256 and ($s == "measured" or $s == "cached"))
     end)
    and all($r.measured_files[]; . as $f
            | any($m.audisp_ima.measurements[]?; .path == $f.path and .digest == $f.sha256));

execs as $execs
| $rec[] as $r
| [$execs[] | select(.process.pid == $r.pid and .process.executable == $r.executable)] as $found
| "\($r.id) (\($r.what))" as $name
| if ($found | length) != 1 then
    "FAIL\t\($name): appears exactly once in syslog (pid \($r.pid), \($r.executable | short)): found \($found | length);"
    + " messages with that pid: \([$execs[] | select(.process.pid == $r.pid) | .process.executable] | tojson | short)"
  else
    $found[0] as $m
    | (expected($r; $m)) as $e | (actual($m)) as $a
    | (argv_unknown($r; $m) or args_ok($r.args; $m.process.args)) as $argv_ok
    | "ok\t\($name): appears exactly once in syslog (pid \($r.pid), serial \($m.audisp_ima.serial))",
      (if $e == $a and $argv_ok
       then "ok\t\($r.id): path, pid, uid/euid/auid, outcome/exit, syscall, argv as run ("
            + (if argv_unknown($r; $m) then "argv not logged by the kernel for a failed exec, left out"
               else "\($r.args | length) arguments" end) + ")"
       else "FAIL\t\($r.id): path, pid, uid/euid/auid, outcome/exit, syscall, argv as run: \(diff($e; $a))"
            + (if $argv_ok then ""
               else "; argv: expected \($r.args | tojson | short) got \($m.process.args | tojson | short)" end)
       end),
      (if hash_ok($r; $m)
       then "ok\t\($r.id): hash \($m.process.hash.sha256 // "(none)" | .[:16])... \($m.audisp_ima.hash_source) (expected: \($r.hash)"
            + (if $r.hash == "none" then "" else ", sha256sum in the guest \($r.exe_sha256[:16])..." end)
            + (if ($r.measured_files | length) > 0 then "; measured \([$r.measured_files[].path] | join(", "))" else "" end) + ")"
       else "FAIL\t\($r.id): hash: expected \($r.hash) \($r.exe_sha256) (measured files \($r.measured_files | tojson)),"
            + " got \($m.audisp_ima.hash_source) \($m.process.hash.sha256 // "(none)") measurements \($m.audisp_ima.measurements // [] | map({path, digest}) | tojson | short)"
       end)
  end
JQ

# check_results OUTDIR
check_results() {
    local out=$1
    local msgs=$out/messages.jsonl rec=$out/record.jsonl facts=$out/facts.json

    # Each syslog line: PID, tab, the message (maybe after a space); parsed or kept as text.
    jq -cR '(split("\t")) as $f
            | {syslog_pid: $f[0], text: ($f[1:] | join("\t") | ltrimstr(" "))}
            | . + {m: (.text | try fromjson catch null)}' "$out/audisp-ima.json" > "$msgs" 2>/dev/null
    local total bad
    total=$(jq -s 'length' "$msgs")
    bad=$(jq -s '[.[] | select(.m == null or (.m | type) != "object")] | length' "$msgs")
    if ! check "syslog holds the plugin's messages, each line one complete JSON object ($total lines, $bad not)" \
        test "$total" -gt 0 -a "$bad" -eq 0; then
        jq -r 'select(.m == null) | "       not JSON (\(.text | utf8bytelength) bytes): \(.text[:100])...\(.text[-60:])"' "$msgs" | head -5
        echo "       (a message cut short: longer than the syslog daemon takes; rsyslog's default maxMessageSize"
        echo "       is 8096 bytes per datagram, header included)"
    fi

    # Debian's kernel cannot show the policy (no CONFIG_IMA_READ_POLICY): systemd's word that it
    # loaded it, and IMA's records of the scenario's files in audit.log.
    check "systemd loaded the IMA policy /etc/ima/ima-policy at boot and IMA audited the scenario's programs (INTEGRITY_RULE file=\"/tmp/e2e/prog\" in audit.log)" \
        eval "grep -q 'Successfully loaded the IMA custom policy /etc/ima/ima-policy' '$out/journal.txt' &&
              grep -q 'type=INTEGRITY_RULE .* file=\"/tmp/e2e/prog\" hash=\"sha256:' '$out/audit.log'"
    check "the audit rules for execve/execveat (b64 and b32) were loaded" \
        eval "grep -q 'arch=b64 -S execve,execveat' '$out/auditctl-l.txt' && grep -q 'arch=b32 -S execve,execveat' '$out/auditctl-l.txt'"
    fact() { jq -r --arg k "$1" '.[$k] // ""' "$facts"; }
    check "the plugin took the test's settings on SIGHUP (service auditd reload; --check-config exit $(fact check_config_rc); pid $(fact plugin_pid_installed) -> $(fact plugin_pid_start))" \
        test -n "$(fact plugin_pid_start)" -a "$(fact plugin_pid_start)" = "$(fact plugin_pid_installed)" -a "$(fact check_config_rc)" = 0 -a "$(fact config_reloaded)" = yes

    # Every recorded execution.
    local n
    n=$(jq -s length "$rec")
    echo "info - the scenario recorded $n executions; the plugin wrote $(jq -s '[.[] | select(.m.event.dataset == "audisp_ima.exec")] | length' "$msgs") execution messages in all"
    local status text
    while IFS=$'\t' read -r status text; do
        if [ "$status" = ok ]; then check "$text" true; else check "$text" false; fi
    done < <(jq -nr --slurpfile rec "$rec" --slurpfile msgs "$msgs" "$E2E_JQ_EXECUTIONS")

    # Assertions that need more than one record or message.
    q() { jq -nr --slurpfile rec "$rec" --slurpfile msgs "$msgs" --slurpfile facts "$facts" "$@"; }
    local msg_for='def msg($id): ($rec[] | select(.id == $id)) as $r
        | [$msgs[].m | select(.event.dataset? == "audisp_ima.exec" and .process.pid == $r.pid
                              and .process.executable == $r.executable)][0];
        def rec($id): $rec[] | select(.id == $id);'
    check "the overwritten file (same inode $(fact tmp_inode_before) -> $(fact tmp_inode_after)) shows the new hash, measured, not the old one from the cache" \
        test "$(q "$msg_for"'rec("tmp-1").sha256 != rec("tmp-3").sha256 and $facts[0].tmp_inode_before == $facts[0].tmp_inode_after
              and msg("tmp-3").process.hash.sha256 == rec("tmp-3").sha256 and msg("tmp-3").audisp_ima.hash_source == "measured"
              and msg("tmp-2").process.hash.sha256 == rec("tmp-1").sha256')" = true
    check "huge argument: cut by the plugin to its head + '...[truncated from 20000 bytes]', args_count 4" \
        test "$(q "$msg_for"'msg("huge-arg") | .process.args_count == 4
              and (.process.args[2] | test("^A+\\.\\.\\.\\[truncated from 20000 bytes\\]$"))
              and .process.args[3] == "tail"')" = true
    check "long argument list: head kept, '...[N more arguments truncated]' for the rest, args_count 2001" \
        test "$(q "$msg_for"'msg("long-argv") | .process.args_count == 2001
              and (.process.args[-1] | test("^\\.\\.\\.\\[[0-9]+ more arguments truncated\\]$"))
              and .process.args[1] == "arg1"')" = true
    check "invalid UTF-8 in the name: U+FFFD in process.executable, listed in audisp_ima.invalid_utf8" \
        test "$(q "$msg_for"'msg("invalid-utf8") | (.process.executable // "" | contains("\ufffd"))
              and (.audisp_ima.invalid_utf8 // [] | index(["process.executable"]) != null)')" = true
    check "failed executions are reported as failures (ENOENT exit -2, EACCES exit -13)" \
        test "$(q "$msg_for"'[msg("fail-enoent"), msg("fail-eacces")] | map(.event.outcome) == ["failure", "failure"]
              and map(.audisp_ima.exit) == [-2, -13]')" = true

    # auditd reload and restart.
    check "service auditd reload: the plugin survived it (pid $(fact plugin_pid_before_reload) -> $(fact plugin_pid_after_reload), reload exit $(fact reload_rc))" \
        test -n "$(fact plugin_pid_before_reload)" -a "$(fact plugin_pid_before_reload)" = "$(fact plugin_pid_after_reload)" -a "$(fact reload_rc)" = 0
    check "auditd restart ($(fact restart_method)): the plugin came back (pid $(fact plugin_pid_before_restart) -> $(fact plugin_pid_after_restart); auditd $(fact auditd_pid_before_restart) -> $(fact auditd_pid_after_restart))" \
        test -n "$(fact plugin_pid_after_restart)" -a "$(fact plugin_pid_after_restart)" != "$(fact plugin_pid_before_restart)" \
             -a "$(fact auditd_pid_after_restart)" != "$(fact auditd_pid_before_restart)"

    # Statistics: every statistics message of every plugin instance.
    local stats='[$msgs[] | select(.m.event.kind? == "metric") | {pid: .syslog_pid, reason: .m.event.reason, s: .m.audisp_ima.statistics}]'
    echo "info - statistics messages: $(q "$stats"' | map("\(.pid)/\(.reason)") | join(" ")')"
    echo "info - last statistics: $(q "$stats"' | last | .s | tojson')"
    check "the plugin's statistics show no drops and no malformed records: dropped, rejected, abandoned, malformed all 0 ($(q "$stats | length") statistics messages)" \
        test "$(q "$stats"' | length > 0 and all(.[]; .s.dropped == 0 and .s.rejected == 0 and .s.abandoned == 0 and .s.malformed == 0)')" = true
    check "at each plugin exit every record accepted was delivered in an event (undelivered 0)" \
        test "$(q "$stats"' | map(select(.reason == "exit")) | length > 0 and all(.[]; .s.undelivered == 0)')" = true
    local unexpected
    unexpected=$(grep -c 'plugin /usr/sbin/audisp-ima terminated unexpectedly' "$out/journal.txt")
    echo "info - auditd logged 'plugin /usr/sbin/audisp-ima terminated unexpectedly' $unexpected time(s)"
    check "the plugin stopped by the restart wrote its exit statistics (pid $(fact plugin_pid_before_restart))" \
        test "$(q --arg p "$(fact plugin_pid_before_restart)" "$stats"' | any(.[]; .pid == $p and .reason == "exit")')" = true
    check "the restarted plugin answered SIGUSR1 with statistics (pid $(fact plugin_pid_after_restart))" \
        test "$(q --arg p "$(fact plugin_pid_after_restart)" "$stats"' | any(.[]; .pid == $p and .reason == "signal")')" = true
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    check_results "${1:?usage: check.sh RESULTS_DIR}"
    summary
    [ "$failed" -eq 0 ]
fi
