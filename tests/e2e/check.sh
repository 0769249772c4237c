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
e2e_src=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

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
# Execution messages: event.category holds "process" (a standalone measurement is a file event).
def execs: [$msgs[] | .m | select(. != null and .event.kind == "event"
                                  and (.event.category // [] | index(["process"]) != null) and .event.action == "executed")];
def cut_marker: [capture("^(?<head>.*)\\.\\.\\.\\[truncated from (?<n>[0-9]+) bytes\\]$")][0];
def drop_marker: [capture("^\\.\\.\\.\\[(?<n>[0-9]+) arguments? dropped\\]$")][0];
# The argv the plugin printed against the one the scenario passed: equal, except that an
# argument may be cut (its head, then "...[truncated from N bytes]" with N its real length)
# and the list may lose its middle: head and tail kept, one "...[N arguments dropped]" between
# them standing for the N missing ones (formatters/shortening.h).
def arg_ok($e; $a): $a == $e
  or (($a | cut_marker) as $c
      | $c != null and ($e | startswith($c.head)) and ($e | utf8bytelength) == ($c.n | tonumber));
def args_ok($exp; $act):
  if $act == $exp then true
  elif ($act | type) != "array" then false
  else
    [range(0; $act | length) | select(($act[.] | type) == "string" and ($act[.] | drop_marker) != null)] as $at
    | if ($at | length) > 1 then false
      else
        (if ($at | length) == 1 then $at[0] else ($act | length) end) as $k
        | (if ($at | length) == 1 then ($act[$k] | drop_marker | .n | tonumber) else 0 end) as $dropped
        | (($act | length) - $k - (if ($at | length) == 1 then 1 else 0 end)) as $tail
        | ($k + $dropped + $tail == ($exp | length))
          and all(range(0; $k); . as $i | arg_ok($exp[$i]; $act[$i]))
          and all(range(0; $tail); . as $j | arg_ok($exp[$k + $dropped + $j]; $act[$k + 1 + $j]))
      end
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
# Sources a true hash may come from by default ("path" is off by default).
def strong_source: . == "measured" or . == "cached" or . == "standalone" or . == "ima_list";
def hash_ok($r; $m):
  ($m.process.hash.sha256) as $h | ($m.audisp_ima.hash_source) as $s
  | (if $r.hash == "measured" then $s == "measured" and $h == $r.exe_sha256
     elif $r.hash == "cached" then $s == "cached" and $h == $r.exe_sha256
     elif $r.hash == "none" then $s == "none" and $h == null
     elif $r.hash == "known" then $h == $r.exe_sha256 and ($s | strong_source)
     elif $r.hash == "ima_list" then $h == $r.exe_sha256 and $s == "ima_list"
     elif $r.hash == "list-or-cached" then $h == $r.exe_sha256 and ($s == "ima_list" or $s == "cached")
     else ($h == null and $s == "none") or ($h == $r.exe_sha256 and ($s | strong_source))
     end)
    and all($r.measured_files[]; . as $f
            | any($m.audisp_ima.measurements[]?; .path == $f.path and .digest == $f.sha256));
# A script's own file: file.path is the script, file.hash.sha256 its sha256sum (or, unless
# script_hash is "known", absent).
def script_ok($r; $m):
  $m.file.path == $r.script_path
  and ($m.file.hash.sha256 == $r.script_sha256 or ($r.script_hash != "known" and $m.file.hash.sha256 == null));

execs as $execs
| $rec[] as $r
| [$execs[] | select(.process.pid == $r.pid and .process.executable == $r.executable)] as $found
| "\($r.id) (\($r.what))" as $name
| if $r.optional and ($found | length) == 0 then
    "ok\t\($name): not in syslog (allowed: the plugin was stopped; pid \($r.pid))"
  elif ($found | length) != 1 then
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
            + " got \($m.audisp_ima.hash_source) \($m.process.hash.sha256 // "(none)")"
            + (if $r.old_sha256 != "" and $m.process.hash.sha256 == $r.old_sha256 then " = THE OLD FILE'S HASH" else "" end)
            + " measurements \($m.audisp_ima.measurements // [] | map({path, digest}) | tojson | short)"
       end),
      (if $r.script_path == "" then empty
       elif script_ok($r; $m)
       then "ok\t\($r.id): the script in file.path \($m.file.path), file.hash \($m.file.hash.sha256 // "(none)" | .[:16])... (sha256sum \($r.script_sha256[:16])..., \(if $r.script_hash == "known" then "required" else "or none" end))"
       else "FAIL\t\($r.id): the script: expected file.path \($r.script_path) file.hash.sha256 \($r.script_sha256)"
            + (if $r.script_hash == "known" then "" else " (or none)" end)
            + ", got file.path \($m.file.path // "(none)") file.hash.sha256 \($m.file.hash.sha256 // "(none)")"
       end)
  end
JQ

# Lineage (issue 12): every recorded execution's parent against what the scenario read from
# /proc while that parent lived (record.jsonl ppid, parent_exe, parent_args, parent_uid), where
# the plugin must have had it from (parent_source; for exec, parent.entity_id is the parent
# execution's own event.id), entity ids, in-place execs (previous, replaced_id) and, when
# $names is true, user names against getent. One line per assertion, as E2E_JQ_EXECUTIONS.
read -r -d '' E2E_JQ_LINEAGE <<'JQ'
def execs: [$msgs[] | .m | select(. != null and .event.kind == "event"
                                  and (.event.category // [] | index(["process"]) != null) and .event.action == "executed")];
def short: tostring | if length > 200 then .[:200] + "..." else . end;
execs as $execs
| (reduce $rec[] as $r ({}; .[$r.id] = $r)) as $by_id
| def msg($r): [$execs[] | select(.process.pid == $r.pid and .process.executable == $r.executable)];
  def event_id($id): ($by_id[$id] // null) as $p
    | if $p == null then null else (msg($p) | if length == 1 then .[0].event.id else null end) end;
  def cmp($what; $exp; $act): if $exp == $act then empty else "\($what): expected \($exp | tojson) got \($act | tojson)" end;
  $rec[] as $r
  | select($r.ppid != null and ($r.optional | not))
  | msg($r) as $found
  | select(($found | length) == 1)      # E2E_JQ_EXECUTIONS already fails any other count
  | $found[0] as $m
  | "\($r.id)\(if $r.lin then " (lineage part)" else "" end)" as $name
  | ($m.process.parent // {}) as $p
  | ([cmp("parent.pid"; $r.ppid; $p.pid),
      (if $r.parent_source == "proc" and $p.executable == null and $m.audisp_ima.parent_source == "proc" then empty
       else cmp("parent.executable (readlink /proc/\($r.ppid)/exe)"; $r.parent_exe; $p.executable) end),
      cmp("parent.args (/proc/\($r.ppid)/cmdline)"; $r.parent_args; $p.args),
      cmp("parent.command_line"; $r.parent_args | join(" "); $p.command_line),
      cmp("parent.user.id"; $r.parent_uid; $p.user.id),
      # A parent read from /proc whose image was out of reach may be told a fork of its own known
      # parent (parent_source fork): then its image, compared above, must be the true one.
      (if $r.parent_source == "proc" and $m.audisp_ima.parent_source == "fork" then empty
       else cmp("audisp_ima.parent_source"; $r.parent_source; $m.audisp_ima.parent_source) end),
      (if ($r.parent_source == "seeded" or $r.parent_source == "proc") and (($p.entity_id // "") | endswith("-p\($r.ppid)") | not)
       then "parent.entity_id of a process read from /proc ends with -p\($r.ppid): got \($p.entity_id | tojson)" else empty end),
      (if $r.parent_id == "" then empty
       else (event_id($r.parent_id)) as $want
       | if $want == null then "parent \($r.parent_id)'s own message (its event.id) not found"
         else cmp("parent.entity_id = event.id of \($r.parent_id)'s message"; $want; $p.entity_id) end end)]
     | join("; ")) as $parent_diff
  | ([if $r.outcome != "success" then empty
      else cmp("process.entity_id = its event.id"; $m.event.id; $m.process.entity_id),
           (if $m.process.start == null then "process.start missing" else empty end) end,
      (if $r.previous == "" then empty else cmp("process.previous.executable"; $r.previous; $m.process.previous.executable) end),
      (if $r.replaced_id == "" then empty
       else (event_id($r.replaced_id)) as $want
       | if $want == null then "replaced \($r.replaced_id)'s own message (its event.id) not found"
         else cmp("audisp_ima.replaced_entity_id = event.id of \($r.replaced_id)'s message"; $want; $m.audisp_ima.replaced_entity_id) end end)]
     | join("; ")) as $self_diff
  | (if $r.parent_source == "proc" and $p.executable == null and $m.audisp_ima.parent_source == "proc"
     then "info\t\($name): known limit (docs/how-it-works.md \"Process lineage\"): a parent read from /proc at event time has no image, /proc/\($r.ppid)/exe (\($r.parent_exe)) being out of reach of the plugin after its privileges went (the parent holds capabilities it dropped)"
     else empty end),
    (if $parent_diff == ""
     then "ok\t\($name): parent pid \($r.ppid), \($p.executable // "(no image: known limit)"), \($r.parent_args | join(" ") | short), uid \($r.parent_uid), from \($r.parent_source)"
          + (if $r.parent_id != "" then ", entity id = \($r.parent_id)'s event.id" else "" end)
     else "FAIL\t\($name): parent (the scenario read /proc/\($r.ppid) while it lived): \($parent_diff)" end),
    (if $self_diff == ""
     then "ok\t\($name): entity id and start\(if $r.outcome != "success" then " (a failed exec: not required)" else "" end)"
          + (if $r.previous != "" then "; in place: previous \($r.previous)" else "" end)
          + (if $r.replaced_id != "" then ", replaced_entity_id = \($r.replaced_id)'s event.id" else "" end)
     else "FAIL\t\($name): \($self_diff)" end),
    (if $names | not then empty
     else ([cmp("process.user.name (getent passwd \($r.euid))"; $r.user_name; $m.process.user.name),
            cmp("process.real_user.name (getent passwd \($r.uid))"; $r.real_user_name; $m.process.real_user.name),
            cmp("user.name (getent passwd \($r.uid))"; $r.real_user_name; $m.user.name),
            (if $r.auid == "" then empty else cmp("user.audit.name (getent passwd \($r.auid))"; $r.audit_user_name; $m.user.audit.name) end),
            (if $p.user.name == null then empty
             else cmp("process.parent.user.name (getent passwd \($r.parent_uid))"; $r.parent_user_name; $p.user.name) end)]
           | join("; ")) as $names_diff
     | if $names_diff == ""
       then "ok\t\($name): user names \($r.user_name)/\($r.real_user_name)\(if $r.auid != "" then ", login \($r.audit_user_name)" else "" end)"
            + (if $p.user.name != null then ", parent \($p.user.name)" else ", no parent name" end)
       else "FAIL\t\($name): user names: \($names_diff)" end end)
JQ

# Over ALL execution messages of a boot (not only the scenario's), against IMA's measurement
# list of that boot (ima-ascii-measurements.txt, copied at the end: "PCR TEMPLATE-HASH TEMPLATE
# ALGO:DIGEST PATH", and for ima-sig an empty signature field, i.e. one trailing space) and the
# scenario's record. Prints one JSON object.
read -r -d '' E2E_JQ_METRICS <<'JQ'
def entries: [$ascii[]
  | capture("^ *(?<pcr>[0-9]+) (?<th>[0-9a-f]+) (?<tmpl>[^ ]+) (?<alg>[^: ]+):(?<digest>[0-9a-f]*) (?<rest>.*)$")
  | {digest, path: (if (.tmpl | startswith("ima-sig")) or .tmpl == "ima-modsig" then .rest | sub(" $"; "") else .rest end)}];
(reduce entries[] as $e ({}; .[$e.path] += [$e.digest])) as $list
| ([entries[].digest] | unique) as $all_digests
| [$msgs[].m | select(. != null and .event.kind == "event" and (.event.category // [] | index(["process"]) != null) and .event.action == "executed")] as $execs
| [$execs[] | select(.event.outcome == "success")] as $ok
# Runs the scenario marks as unknowable to the plugin (unseen: why) are counted apart.
| [$rec[] | select((.unseen // "") != "") | {pid, executable}] as $unseen
| [$ok[] | select($list[.process.executable // ""] != null)
   | select(. as $m | any($unseen[]; .pid == $m.process.pid and .executable == $m.process.executable) | not)] as $in_list
| [$ok[] | . as $m | select(any($unseen[]; .pid == $m.process.pid and .executable == $m.process.executable))] as $left_out
# Every hash a message reports: the executable's and a script's (file.*), with the path it is for.
| [$execs[] | . as $m
   | ({path: .process.executable, h: .process.hash.sha256}, {path: .file.path, h: .file.hash.sha256})
   | select(.h != null and .path != null) | . + {serial: $m.audisp_ima.serial}] as $hashes
| [$hashes[] | . as $x | select($list[$x.path] != null and ($list[$x.path] | index([$x.h]) == null))] as $wrong_list
| [$hashes[] | select($list[.path] == null)] as $unlisted
# The scenario's own runs: the reported hash must be the recorded truth.
| [$rec[] as $r
   | $execs[] | select(.process.pid == $r.pid and .process.executable == $r.executable)
   | ({id: $r.id, what: "process", h: .process.hash.sha256, truth: $r.exe_sha256},
      (if $r.script_path != "" then {id: $r.id, what: "script", h: .file.hash.sha256, truth: $r.script_sha256} else empty end))
   | select(.h != null and .h != .truth)] as $wrong_truth
| {executions: ($execs | length), successful: ($ok | length),
   with_hash: [$ok[] | select(.process.hash.sha256 != null)] | length,
   in_list: ($in_list | length),
   left_out: [$left_out[] | {path: .process.executable, pid: .process.pid, source: .audisp_ima.hash_source}],
   in_list_with_hash: [$in_list[] | select(.process.hash.sha256 != null)] | length,
   in_list_without_hash: [$in_list[] | select(.process.hash.sha256 == null)
                          | {path: .process.executable, serial: .audisp_ima.serial, pid: .process.pid, source: .audisp_ima.hash_source}],
   wrong_list: $wrong_list, wrong_truth: $wrong_truth,
   unlisted: ($unlisted | length),
   unlisted_digest_elsewhere: [$unlisted[] | . as $x | select($all_digests | index([$x.h]) != null)] | length,
   sources: ([$ok[] | .audisp_ima.hash_source // "(missing)"] | group_by(.) | map({key: .[0], value: length}) | from_entries),
   list_entries: (entries | length)}
JQ

# e2e_metrics LABEL OUTDIR MESSAGES: prints the metric lines for one boot and asserts on them.
e2e_metrics() {
    local label=$1 out=$2 msgs=$3 mj
    mj=$(jq -n --slurpfile rec "$out/record.jsonl" --slurpfile msgs "$msgs" \
            --rawfile asciitext "$out/ima-ascii-measurements.txt" \
            '($asciitext | split("\n") | map(select(length > 0))) as $ascii | '"$E2E_JQ_METRICS")
    m() { jq -r "$1" <<< "$mj"; }
    local n_in n_in_hash ratio
    n_in=$(m .in_list) n_in_hash=$(m .in_list_with_hash)
    ratio=$(m 'if .in_list > 0 then (.in_list_with_hash * 1000 / .in_list | floor) / 10 else 0 end')
    echo "metric: $label: execution messages $(m .executions), successful $(m .successful), with a hash $(m .with_hash); IMA list entries $(m .list_entries)"
    echo "metric: $label: successful executions with a hash / those whose executable IMA measured by that path this boot = $n_in_hash / $n_in = ${ratio}%"
    echo "metric: $label: wrong hashes $(($(m '.wrong_list | length') + $(m '.wrong_truth | length'))) (not among the list's digests for the path: $(m '.wrong_list | length'); not the scenario's sha256sum: $(m '.wrong_truth | length'))"
    echo "metric: $label: hashes for paths not in the list $(m .unlisted) (digest in the list under another path: $(m .unlisted_digest_elsewhere))"
    echo "metric: $label: hash_source of successful executions $(m '.sources | tojson')"
    echo "metric: $label: left out of the ratio as unknowable to the plugin (the scenario's unseen runs): $(m '.left_out | tojson')"
    m '.in_list_without_hash[:25][] | "info - \(.path) (serial \(.serial), pid \(.pid)): measured by IMA by that path, reported with no hash (\(.source))"'
    m '(.wrong_list[:10][] | "info - WRONG: \(.path) serial \(.serial): \(.h) is not among the digests of the list for that path"),
       (.wrong_truth[:10][] | "info - WRONG: \(.id) (\(.what)): \(.h), sha256sum in the guest: \(.truth)")'
    check "$label: no wrong hash: every reported sha256 is among IMA's digests for that path and, for the scenario's runs, its sha256sum" \
        test "$(m '(.wrong_list | length) + (.wrong_truth | length)')" = 0
    check "$label: every successful execution of a file IMA measured by that path this boot carries a hash ($n_in_hash / $n_in = ${ratio}%)" \
        test "$n_in" -gt 0 -a "$n_in_hash" = "$n_in"
}

# check_apparmor LABEL OUTDIR: the shipped AppArmor profile, loaded in enforce mode in the guest
# (scenario.sh "AppArmor"): the plugin auditd starts runs confined by it, with only
# CAP_DAC_READ_SEARCH and no_new_privs, and AppArmor denied it nothing.
check_apparmor() {
    local label=$1 out=$2 facts=$2/facts.json
    fact() { jq -r --arg k "$1" '.[$k] // ""' "$facts"; }
    if [ "$(fact aa)" != yes ]; then
        if [ "${AUDISP_IMA_E2E_REQUIRE:-0}" = 1 ]; then
            check "$label: the AppArmor profile was tested (no apparmor .deb in the payload; AUDISP_IMA_E2E_REQUIRE=1)" false
        else
            echo "**********************************************************************"
            echo "SKIP - $label: AppArmor profile not tested: no apparmor .deb in the payload (see run_e2e.sh's note)"
            echo "**********************************************************************"
        fi
        return 0
    fi
    check "$label: the guest kernel has AppArmor enabled (apparmor.enabled '$(fact aa_enabled)', aa-enabled '$(fact aa_enabled_tool)', LSMs $(fact lsm))" \
        test "$(fact aa_enabled)" = Y -a "$(fact aa_enabled_tool)" = Yes -a -n "$(fact lsm | tr ',' '\n' | grep -x apparmor)"
    local shipped_sha
    shipped_sha=$(sha256sum < "$e2e_src/docs/examples/apparmor-usr.sbin.audisp-ima" 2>/dev/null | cut -d' ' -f1)
    check "$label: the package's profile ($(fact aa_profile_from), sha256 $(fact aa_profile_sha256 | cut -c1-16)... = docs/examples/apparmor-usr.sbin.audisp-ima's) installed in /etc/apparmor.d and loaded in enforce mode (apparmor dpkg -i rc $(fact aa_install_rc), apparmor_parser -r rc $(fact aa_load_rc): $(grep '^audisp-ima ' "$out/apparmor-profiles-loaded.txt" 2>/dev/null))" \
        test "$(fact aa_install_rc)" = 0 -a "$(fact aa_load_rc)" = 0 -a "$(fact aa_profile_sha256)" = "$shipped_sha" \
             -a "$(grep -cx 'audisp-ima (enforce)' "$out/apparmor-profiles-loaded.txt" 2>/dev/null)" = 1
    echo "info - $label: the plugin running when the profile was loaded, after auditd's SIGHUP (pid $(fact after_hup_pid)): AppArmor '$(fact after_hup_attr)' (a profile attaches at exec)"
    # The plugin keeps CAP_DAC_READ_SEARCH alone (plugin/privileges.cpp), in its effective,
    # permitted and bounding sets: capability 2 (linux/capability.h), so the mask 1 << 2. Its
    # inheritable (and with it ambient) set is cleared; no_new_privs is set.
    local cap_dac_read_search=2 kept
    kept=$(printf '%016x' $((1 << cap_dac_read_search)))
    local n pid diag="$out/audisp-ima.diag"
    for n in confined end; do
        pid=$(fact ${n}_pid)
        check "$label: the plugin ($n: pid ${pid:-none}) runs confined by the profile in enforce mode (/proc/PID/attr/current '$(fact ${n}_attr)')" \
            test -n "$pid" -a "$(fact ${n}_attr)" = "audisp-ima (enforce)"
        check "$label: the confined plugin ($n: pid ${pid:-none}) has CapEff $(fact ${n}_capeff) CapPrm $(fact ${n}_capprm) CapBnd $(fact ${n}_capbnd) (expected $kept: CAP_DAC_READ_SEARCH alone), CapInh $(fact ${n}_capinh) CapAmb $(fact ${n}_capamb) (0), NoNewPrivs $(fact ${n}_nonewprivs) (1), and said so (\"capabilities dropped, kept: cap_dac_read_search; no_new_privs set\")" \
            test -n "$pid" -a "$(fact ${n}_capeff)" = "$kept" -a "$(fact ${n}_capprm)" = "$kept" -a "$(fact ${n}_capbnd)" = "$kept" \
                 -a "$(fact ${n}_capinh)" = 0000000000000000 -a "$(fact ${n}_capamb)" = 0000000000000000 -a "$(fact ${n}_nonewprivs)" = 1 \
                 -a "$(grep -c "audisp-ima\[$pid\]: capabilities dropped, kept: cap_dac_read_search; no_new_privs set" "$diag" 2>/dev/null)" = 1
    done
    check "$label: the confined plugin (pid $(fact confined_pid)) wrote execution messages ($(jq -s --arg p "$(fact confined_pid)" '[.[] | select(.syslog_pid == $p and (.m.event.category? // [] | index(["process"]) != null))] | length' "$out/messages.jsonl"))" \
        test "$(jq -s --arg p "$(fact confined_pid)" '[.[] | select(.syslog_pid == $p and (.m.event.category? // [] | index(["process"]) != null))] | length' "$out/messages.jsonl")" -gt 0
    check "$label: no plugin said \"least privilege not reached\" ($(grep -c 'least privilege not reached' "$diag" 2>/dev/null) lines)" \
        test "$(grep -c 'least privilege not reached' "$diag" 2>/dev/null)" = 0
    # What a denial looks like to the plugin: EACCES (or EPERM), which it reports. This also
    # catches what no log keeps: the plugin saves its state file as it exits, while auditd is
    # stopping and no longer reads the kernel's records (seen: a profile without the rule for
    # hashes.state.tmp logged no DENIED line, the plugin said "hash state not saved: ...:
    # Permission denied").
    local eacces
    eacces=$(grep -c 'Permission denied\|Operation not permitted' "$diag" 2>/dev/null)
    [ "$eacces" != 0 ] && grep 'Permission denied\|Operation not permitted' "$diag" | head -5 | sed 's/^/info - /'
    check "$label: the plugin reported no EACCES or EPERM (\"Permission denied\", \"Operation not permitted\" in its diagnostics: $eacces lines)" \
        test "$eacces" = 0
    # Denials: with auditd running AppArmor's records (type=AVC) go to audit.log, without it to
    # the kernel log. The profile's load record there shows the channel works.
    local denied others
    denied=$(cat "$out"/audit.log* "$out/dmesg.txt" "$out/journal.txt" 2>/dev/null | grep 'apparmor="DENIED"' | grep 'profile="audisp-ima"')
    others=$(cat "$out"/audit.log* "$out/dmesg.txt" "$out/journal.txt" 2>/dev/null | grep 'apparmor="DENIED"' | grep -vc 'profile="audisp-ima"')
    [ -n "$denied" ] && head -20 <<< "$denied" | sed 's/^/info - DENIED: /'
    echo "info - $label: AppArmor denials for other profiles: $others"
    check "$label: AppArmor denied the plugin nothing: no apparmor=\"DENIED\" profile=\"audisp-ima\" in audit.log, dmesg or the journal ($(grep -c . <<< "$denied") lines; the load is logged: $(cat "$out"/audit.log* 2>/dev/null | grep -c 'apparmor="STATUS" operation="profile_\(load\|replace\)" .*name="audisp-ima"') STATUS record)" \
        test -z "$denied" -a "$(cat "$out"/audit.log* 2>/dev/null | grep -c 'apparmor="STATUS" operation="profile_\(load\|replace\)" .*name="audisp-ima"')" -gt 0
}

# check_boot LABEL OUTDIR: what holds for every boot: the messages are JSON, the settings were
# taken, every recorded execution is reported as it ran. Leaves the parsed messages in
# OUTDIR/messages.jsonl.
check_boot() {
    local label=$1 out=$2
    local msgs=$out/messages.jsonl rec=$out/record.jsonl facts=$out/facts.json

    # Each syslog line: PID, tab, the message (maybe after a space); parsed or kept as text.
    jq -cR '(split("\t")) as $f
            | {syslog_pid: $f[0], text: ($f[1:] | join("\t") | ltrimstr(" "))}
            | . + {m: (.text | try fromjson catch null)}' "$out/audisp-ima.json" > "$msgs" 2>/dev/null
    local total bad
    total=$(jq -s 'length' "$msgs")
    bad=$(jq -s '[.[] | select(.m == null or (.m | type) != "object")] | length' "$msgs")
    if ! check "$label: syslog holds the plugin's messages, each line one complete JSON object ($total lines, $bad not)" \
        test "$total" -gt 0 -a "$bad" -eq 0; then
        jq -r 'select(.m == null) | "       not JSON (\(.text | utf8bytelength) bytes): \(.text[:100])...\(.text[-60:])"' "$msgs" | head -5
        echo "       (a message cut short: longer than the syslog daemon takes; rsyslog's default maxMessageSize"
        echo "       is 8096 bytes per datagram, header included)"
    fi
    check "$label: the audit rules for execve/execveat (b64 and b32) were loaded" \
        eval "grep -q 'arch=b64 -S execve,execveat' '$out/auditctl-l.txt' && grep -q 'arch=b32 -S execve,execveat' '$out/auditctl-l.txt'"
    fact() { jq -r --arg k "$1" '.[$k] // ""' "$facts"; }
    check "$label: the plugin took the test's settings on SIGHUP (service auditd reload; --check-config exit $(fact check_config_rc); pid $(fact plugin_pid_installed) -> $(fact plugin_pid_start))" \
        test -n "$(fact plugin_pid_start)" -a "$(fact plugin_pid_start)" = "$(fact plugin_pid_installed)" -a "$(fact check_config_rc)" = 0 -a "$(fact config_reloaded)" = yes

    # Every recorded execution.
    local n
    n=$(jq -s length "$rec")
    echo "info - $label: the scenario recorded $n executions; the plugin wrote $(jq -s '[.[] | select(.m.event.category? // [] | index(["process"]) != null)] | length' "$msgs") process (execution) messages in all"
    local status text
    while IFS=$'\t' read -r status text; do
        if [ "$status" = ok ]; then check "$label: $text" true; else check "$label: $text" false; fi
    done < <(jq -nr --slurpfile rec "$rec" --slurpfile msgs "$msgs" "$E2E_JQ_EXECUTIONS")
    # Lineage and user names (issue 12). Names are checked when the build names users: some
    # execution message has process.user.name (the identity stage, branch identity).
    local names=false
    [ "$(jq -s 'any(.[]; .m.process.user.name? != null)' "$msgs")" = true ] && names=true
    [ "$names" = true ] ||
        echo "info - $label: user name checks skipped: no message has process.user.name (a build without the identity stage)"
    echo "info - $label: parent_source of execution messages: $(jq -sc '[.[].m | select(.event.category? // [] | index(["process"]) != null) | .audisp_ima.parent_source // "(none)"] | group_by(.) | map({key: .[0], value: length}) | from_entries' "$msgs")"
    while IFS=$'\t' read -r status text; do
        case $status in
            ok) check "$label: $text" true ;;
            info) echo "info - $label: $text" ;;
            *) check "$label: $text" false ;;
        esac
    done < <(jq -nr --slurpfile rec "$rec" --slurpfile msgs "$msgs" --argjson names "$names" "$E2E_JQ_LINEAGE")
    check "$label: no hash from the path-keyed source (hash_source path is off by default; $(jq -s '[.[] | select(.m.audisp_ima.hash_source? == "path")] | length' "$msgs") messages have it)" \
        test "$(jq -s '[.[] | select(.m.audisp_ima.hash_source? == "path")] | length' "$msgs")" = 0
    check "$label: no standalone measurement is reported as an execution (every event.category process message has an exec syscall; $(jq -s '[.[].m | select(.event.category? // [] | index(["process"]) != null) | select(.audisp_ima.syscall == null)] | length' "$msgs") have none)" \
        test "$(jq -s '[.[].m | select(.event.category? // [] | index(["process"]) != null) | select(.audisp_ima.syscall == null)] | length' "$msgs")" = 0
    check_apparmor "$label" "$out"
}

# check_formats LABEL OUTDIR: the guest's audit.log (the real kernel's records), converted by the
# host's build in every format (JSON, CEF, LEEF, OCSF, Sysmon XML), passes the tests' checks for each (tests/tools/check_messages.cpp),
# with one message per event in each. The build is run_e2e.sh's, else SOURCE_DIR/build.
check_formats() {
    local label=$1 out=$2 b=${build:-$e2e_src/build} fmt inputs=() counts=""
    [ -x "$b/tests/check-messages" ] || { check "$label: $b/tests/check-messages is built" false; return; }
    for f in $(ls "$out"/audit.log* 2>/dev/null | sort -r); do inputs+=(--input "$f"); done
    [ ${#inputs[@]} -gt 0 ] || { check "$label: audit.log was copied out of the guest" false; return; }
    for fmt in json cef leef ocsf sysmon; do
        "$b/audisp-ima" "${inputs[@]}" --format $fmt --output stdout --state-file none >"$out/converted.$fmt" 2>/dev/null
        "$b/tests/check-messages" $fmt "$out/converted.$fmt" >"$out/converted.$fmt.check"
        check "$label: audit.log converted to $fmt, every line valid with its required fields: $(tail -1 "$out/converted.$fmt.check")$(grep '^line' "$out/converted.$fmt.check" | head -3 | sed 's/^/; /' | tr -d '\n')" \
            grep -q ' 0 failed$' "$out/converted.$fmt.check"
        counts+="$(wc -l <"$out/converted.$fmt") "
    done
    check "$label: the same number of messages in every format ($counts)" test "$(tr ' ' '\n' <<<"$counts" | sort -u | grep -c .)" -eq 1
}

# check_results OUTDIR [OUTDIR2]: OUTDIR2 holds the second (measure-only) boot's results.
check_results() {
    local out=$1 out2=${2:-}
    local msgs=$out/messages.jsonl rec=$out/record.jsonl facts=$out/facts.json

    # Debian's kernel cannot show the policy (no CONFIG_IMA_READ_POLICY): the file systemd
    # loaded, its word that it did, and IMA's records and list entries of the scenario's files.
    check "systemd loaded the IMA policy /etc/ima/ima-policy (measure and audit func=BPRM_CHECK mask=MAY_EXEC) at boot; IMA audited (INTEGRITY_RULE file=\"/tmp/e2e/prog\" in audit.log) and measured (list entry) the scenario's programs" \
        eval "grep -q 'Successfully loaded the IMA custom policy /etc/ima/ima-policy' '$out/journal.txt' &&
              grep -qx 'measure func=BPRM_CHECK mask=MAY_EXEC' '$out/etc-ima-policy.txt' &&
              grep -qx 'audit func=BPRM_CHECK mask=MAY_EXEC' '$out/etc-ima-policy.txt' &&
              grep -q 'type=INTEGRITY_RULE .* file=\"/tmp/e2e/prog\" hash=\"sha256:' '$out/audit.log' &&
              grep -q ' /tmp/e2e/prog \$' '$out/ima-ascii-measurements.txt'"
    check_boot "primary boot" "$out"
    check_formats "primary boot" "$out"
    fact() { jq -r --arg k "$1" '.[$k] // ""' "$facts"; }

    # Assertions that need more than one record or message.
    q() { jq -nr --slurpfile rec "$rec" --slurpfile msgs "$msgs" --slurpfile facts "$facts" "$@"; }
    local msg_for='def msg($id): ($rec[] | select(.id == $id)) as $r
        | [$msgs[].m | select((.event.category? // [] | index(["process"]) != null) and .event.action == "executed" and .process.pid == $r.pid
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
    check "long argument list: head and tail kept, one '...[N arguments dropped]' between them with N the missing ones, args_count 2001" \
        test "$(q "$msg_for"'msg("long-argv") | .process.args_count == 2001
              and .process.args[1] == "arg1" and .process.args[-1] == "arg2000"
              and ([.process.args[] | select(test("^\\.\\.\\.\\[[0-9]+ arguments dropped\\]$"))]
                   | length == 1 and (.[0] | capture("(?<n>[0-9]+)").n | tonumber) == 2001 - (msg("long-argv").process.args | length) + 1)')" = true
    check "invalid UTF-8 in the name: U+FFFD in process.executable, listed in audisp_ima.invalid_utf8" \
        test "$(q "$msg_for"'msg("invalid-utf8") | (.process.executable // "" | contains("\ufffd"))
              and (.audisp_ima.invalid_utf8 // [] | index(["process.executable"]) != null)')" = true
    check "failed executions are reported as failures (ENOENT exit -2, EACCES exit -13)" \
        test "$(q "$msg_for"'[msg("fail-enoent"), msg("fail-eacces")] | map(.event.outcome) == ["failure", "failure"]
              and map(.audisp_ima.exit) == [-2, -13]')" = true

    # The lineage part (issue 12) ran as meant: its executions recorded, the daemon re-parented
    # before it exec'd, the early shell started while no plugin ran.
    check "lineage part: the scenario recorded its 13 executions ($(q '[$rec[] | select(.lin)] | length') in $(fact lin_seconds) s: server, CGI + id + uname, sh -c + exec whoami, sh -c + setpriv + script + id, double-forked daemon, child of the pre-plugin shell, child of a forked subshell)" \
        test "$(q '[$rec[] | select(.lin)] | length')" = 13
    check "lineage part: the double-forked daemon was re-parented (to pid $(fact lin_daemon_ppid), $(q -r '$rec[] | select(.id == "lin-daemon") | .parent_exe')) before it exec'd, not to the scenario's shell" \
        test -n "$(fact lin_daemon_ppid)" -a "$(fact lin_daemon_ppid)" != "$(q -r '$rec[] | select(.id == "lin-server") | .ppid')"
    check "lineage part: the shell $(fact early_pid) was started while no plugin ran (pgrep: '$(fact early_plugin_before)')" \
        test -n "$(fact early_pid)" -a -z "$(fact early_plugin_before)"

    # The lifecycle part (optional fork and exit_group rules, issue 12 item 5). The child of the
    # forked subshell is checked with the other lineage records (parent_source fork, the parent's
    # image and arguments as /proc showed them); here the rules and the process end message.
    check "lifecycle part: the fork and exit_group rules were loaded for it (auditctl -l)" \
        eval "grep -q -- '-S clone,fork,vfork' '$out/auditctl-l-lifecycle.txt' && grep -q -- '-S exit_group' '$out/auditctl-l-lifecycle.txt'"
    check "lifecycle part: sh -c 'exit 3' (pid $(fact lc_exit_pid)) ended with status $(fact lc_exit_status) as wait saw it; one process end message says so, with its execution's entity id and start, the image dash, dataset audisp_ima.process_end" \
        test "$(q --arg pid "$(fact lc_exit_pid)" --arg st "$(fact lc_exit_status)" "$msg_for"'
              [$msgs[].m | select(.event.action? == "exited" and .process.pid == ($pid | tonumber))] as $ends
              | ($ends | length) == 1 and ($st | tonumber) == 3 and $ends[0].process.exit_code == 3
                and $ends[0].event.type == ["end"] and $ends[0].event.dataset == "audisp_ima.process_end"
                and $ends[0].process.entity_id == msg("lc-exit").event.id
                and $ends[0].process.start == msg("lc-exit").process.start
                and $ends[0].process.executable == "/usr/bin/dash"')" = true
    check "lifecycle part: that end message and its execution name the control group the scenario's shell is in ($(fact lc_cgroup), from /proc/self/cgroup)" \
        test "$(q --arg pid "$(fact lc_exit_pid)" --arg cg "$(fact lc_cgroup)" "$msg_for"'
              [$msgs[].m | select(.event.action? == "exited" and .process.pid == ($pid | tonumber))] as $ends
              | ($cg | length) > 0 and ($ends | length) == 1 and $ends[0].audisp_ima.cgroup == $cg
                and msg("lc-exit").audisp_ima.cgroup == $cg')" = true
    echo "info - lifecycle part: process end messages in all: $(q '[$msgs[].m | select(.event.action? == "exited")] | length'); executions whose parent came from a fork record: $(q '[$msgs[].m | select(.event.action? == "executed" and .audisp_ima.parent_source? == "fork")] | length')"

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

    # --- hash truth (issue 9) -------------------------------------------------------------
    # The traps are set as intended: each from the guest's own facts and IMA's list.
    local p missing=""
    for p in dash ls cat; do
        [ "$(fact boot_measured_$p)" = yes ] && grep -q " /usr/bin/$p \$" "$out/ima-ascii-at-start.txt" || missing+=" $p"
    done
    check "programs run at boot before the audit rules (/usr/bin/dash, ls, cat) are in IMA's list when the scenario starts (missing:${missing:- none})" \
        test -z "$missing"
    check "the plugin keeps its state file /var/lib/audisp-ima/hashes.state (after the restart: $(fact state_file_after_restart))" \
        test -n "$(fact state_file_after_restart)"
    check "interpreter replaced: sha256 differs each time ($(fact interp_sha_1 | cut -c1-8) -> $(fact interp_sha_2 | cut -c1-8) -> $(fact interp_sha_3 | cut -c1-8)), inode new by rename, kept in place ($(fact interp_inode_1) -> $(fact interp_inode_2) -> $(fact interp_inode_3))" \
        test "$(q '$facts[0] | .interp_sha_1 != .interp_sha_2 and .interp_sha_2 != .interp_sha_3 and .interp_sha_1 != .interp_sha_3
                  and .interp_inode_1 != .interp_inode_2 and .interp_inode_2 == .interp_inode_3')" = true
    check "mount namespace: IMA's list holds two digests for /usr/bin/factor, factor's and the bind-mounted copy of expr's" \
        test "$(q --rawfile a "$out/ima-ascii-measurements.txt" '[$rec[] | select(.id == "ns-in-1" or .id == "ns-out-1") | .exe_sha256] as $want
                  | [$a | split("\n")[] | select(endswith(" /usr/bin/factor ")) | split(" ")[3] | ltrimstr("sha256:")] as $have
                  | ($want | length) == 2 and $want[0] != $want[1] and all($want[]; . as $w | $have | index([$w]) != null)')" = true
    local n stop_ok=yes
    for n in ren-a ren-b inpl-a inpl-b; do
        [ "$(fact stop_${n}_old_sha)" != "$(fact stop_${n}_new_sha)" ] || stop_ok="no ($n: same content)"
        case $n in
            ren-*) [ "$(fact stop_${n}_old_inode)" != "$(fact stop_${n}_new_inode)" ] || stop_ok="no ($n: same inode)" ;;
            inpl-*) [ "$(fact stop_${n}_old_inode)" = "$(fact stop_${n}_new_inode)" ] || stop_ok="no ($n: new inode)" ;;
        esac
    done
    check "auditd stopped ($(fact stop_method), rc $(fact stop_rc)) and the plugin with it (pid $(fact plugin_pid_before_stop), gone: $(fact plugin_stopped)), ran a while without it ($(fact auditd_without_plugin)), started again with it (pid $(fact plugin_pid_after_start)); files replaced meanwhile by rename (new inode) and in place (same inode), new content: $stop_ok" \
        test "$(fact plugin_stopped)" = yes -a "$(fact auditd_without_plugin)" = yes -a -n "$(fact plugin_pid_after_start)" -a "$stop_ok" = yes
    local during_ok=yes
    for n in ren-a inpl-a; do
        grep -q "type=INTEGRITY_RULE .*file=\"/tmp/e2e/$n\" hash=\"sha256:$(fact stop_${n}_new_sha)\" .* pid=$(q -r --arg id "stop-$n-during" '$rec[] | select(.id == $id) | .pid') " "$out/audit.log" ||
            during_ok="no ($n)"
    done
    check "the runs while auditd ran without the plugin: IMA audited the new ren-a and inpl-a then (INTEGRITY_RULE in audit.log, that pid, the new digest), a record the plugin never got: $during_ok" \
        test "$during_ok" = yes
    local helper_msgs
    helper_msgs=$(jq -c --arg p /tmp/e2e/core-helper --arg h "$(fact core_helper_sha)" \
        'select(.m.file.path? == $p or (.m.process.executable? == $p and .m.audisp_ima.syscall == null)) | .m
         | {category: .event.category, hashes: ([.. | strings | select(test("^(sha256:)?[0-9a-f]{64}$")) | ltrimstr("sha256:")] | unique),
            ok: ((.event.category // [] | index(["file"]) != null) and (.event.category // [] | index(["process"]) == null)
                 and all([.. | strings | select(test("^(sha256:)?[0-9a-f]{64}$")) | ltrimstr("sha256:")][]; . == $h))}' "$msgs")
    echo "info - messages about the core-dump helper's standalone measurement: ${helper_msgs:-none}"
    check "a standalone measurement (the core-dump helper the kernel started; INTEGRITY_RULE alone: $(fact core_helper_standalone)) is a file event (event.category file, not process), its hash if any the helper's sha256sum" \
        test "$(fact core_helper_standalone)" = yes -a -n "$helper_msgs" -a "$(jq -s 'all(.[]; .ok)' <<< "$helper_msgs")" = true
    e2e_metrics "primary boot" "$out" "$msgs"

    # --- the second boot: measure-only policy ---------------------------------------------
    [ -n "$out2" ] || return 0
    if ! check "second boot (measure-only) returned its results" test -f "$out2/COMPLETE"; then return 0; fi
    local facts2=$out2/facts.json
    check "second boot: the policy systemd loaded is measure-only (measure func=BPRM_CHECK mask=MAY_EXEC, no audit rule); IMA measured the scenario's programs (list) and audited nothing (INTEGRITY_RULE records in audit.log: $(jq -r '.integrity_rules_m2 // "?"' "$facts2"))" \
        eval "grep -q 'Successfully loaded the IMA custom policy /etc/ima/ima-policy' '$out2/journal.txt' &&
              grep -qx 'measure func=BPRM_CHECK mask=MAY_EXEC' '$out2/etc-ima-policy.txt' &&
              ! grep -q '^audit' '$out2/etc-ima-policy.txt' &&
              grep -q ' /tmp/e2e/fresh \$' '$out2/ima-ascii-measurements.txt' &&
              ! grep -q '^\\(node=[^ ]* \\)\\?type=INTEGRITY_RULE ' '$out2/audit.log'"
    check_boot "second boot" "$out2"
    e2e_metrics "second boot" "$out2" "$out2/messages.jsonl"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    check_results "${1:?usage: check.sh RESULTS_DIR [RESULTS_DIR_OF_THE_SECOND_BOOT]}" "${2:-}"
    summary
    [ "$failed" -eq 0 ]
fi
