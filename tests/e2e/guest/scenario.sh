#!/bin/bash
# The end-to-end scenario, run in the guest by e2e-scenario.service once auditd and rsyslog are
# up. It installs audisp-ima, executes programs and keeps its own record of each execution it
# caused: /run/e2e/out/record.jsonl, one JSON object per line, written from what the scenario
# itself knows (the path it ran, the sha256sum of the file computed here, the argv it passed,
# the pid of the process, the ids it ran under) and never from what the plugin printed:
#   id, what          name and description of the step
#   path, path_hex    the file executed (as passed to exec); its bytes in hex when not ASCII
#   executable        what the kernel reports as the new image (the interpreter for a script;
#                     the attempted path for a failed exec)
#   sha256            sha256sum of the file executed (the script for a script); "" if none
#   exe_sha256        sha256sum of `executable`
#   args              the argv the kernel logs (for a script: interpreter, script, arguments)
#   pid               pid of the process that called exec
#   uid, euid, auid   expected real, effective and login uid ("" auid = unset)
#   outcome, exit     success/failure, and the syscall's return value (0, -2, -13)
#   syscall           execve or execveat
#   hash              what process.hash / audisp_ima.hash_source must be: measured | cached |
#                     known (the true hash, from any source but path) | any (the true hash from
#                     any source but path, or none) | ima_list (the true hash, from the IMA
#                     measurement list) | list-or-cached | none (a failed exec)
#   exe_file          the file that really ran as `executable` (its sha256 is exe_sha256): differs
#                     from it when a bind mount in another mount namespace hides the path's file
#   old_sha256        a hash the file had before it was replaced (must never be reported)
#   script_path, script_sha256, script_hash   a script run through its #!: its path (file.path),
#                     its sha256 (file.hash.sha256) and whether that must be there (known) or
#                     may be missing (any)
#   optional          "yes": the plugin may never see this execution (run while auditd was
#                     stopped); if it reports it, once, the hash rules hold
#   measured_files    [{path, sha256}]: files IMA must measure in this event (a script)
#   lineage           the process's parent as the scenario saw it (issue 12), read by the scenario
#                     itself from /proc while that parent was alive:
#     ppid            the parent's pid (the kernel's ppid at exec)
#     parent_exe      readlink /proc/PPID/exe;  parent_args  /proc/PPID/cmdline
#     parent_uid      its effective uid (/proc/PPID/status)
#     parent_source   where the plugin must have it from: exec (an execution it saw; then
#                     parent_id names that execution's record, whose message's event.id must be
#                     process.parent.entity_id) | seeded (running before the plugin started)
#     previous, replaced_id   an in-place exec: the image it replaced and that image's record
#   user_name, real_user_name, audit_user_name, parent_user_name
#                     `getent passwd` of euid, uid, auid and the parent's euid ("" = none)
#   lin               true for the lineage part's own executions
# plus /run/e2e/out/facts.json (how the package was installed, plugin pids around reload and
# restart, how auditd was restarted)
# and the logs: the plugin's messages (/var/log/audisp-ima.json), syslog, audit.log, journal.
# At the end everything goes as a tar onto /dev/vdc and the machine powers off.
set -u
out=/run/e2e/out
payload=/run/e2e/payload
mkdir -p "$out"
exec > >(tee -a "$out/scenario.log") 2>&1
say() { echo "e2e-scenario: $*"; }
say "start $(date -u +%FT%TZ)"

record=$out/record.jsonl
: > "$record"
declare -A fact=()

# Which boot this is: the primary one (policy measure + audit) or the second, short one with a
# measure-only policy (run_e2e.sh boots with init=/usr/local/sbin/e2e-init-measure-only
# e2e.boot=measure-only).
boot=primary
read -r cmdline < /proc/cmdline
[[ " $cmdline " == *" e2e.boot=measure-only "* ]] && boot=measure-only
fact[boot]=$boot
say "boot: $boot"

# Programs setup.sh ran at boot, before auditd loaded the audit rules (and before the plugin is
# installed): IMA measured them then, so they must be in its list now. The list as it is here,
# for check.sh.
ima_ascii=/sys/kernel/security/ima/ascii_runtime_measurements
cat "$ima_ascii" > "$out/ima-ascii-at-start.txt" 2>/dev/null
for p in /usr/bin/dash /usr/bin/ls /usr/bin/cat; do
    grep -qF " $p " "$out/ima-ascii-at-start.txt" && fact[boot_measured_${p##*/}]=yes
done
fact[ima_entries_at_start]=$(wc -l < "$out/ima-ascii-at-start.txt")
say "IMA list at start: ${fact[ima_entries_at_start]} entries; boot-measured: dash ${fact[boot_measured_dash]:-no} ls ${fact[boot_measured_ls]:-no} cat ${fact[boot_measured_cat]:-no}"

finish() {
    say "collecting results"
    # The plugin running now (after the scenario's restart; on the second boot the one started
    # under the profile) as it runs at the end, and what AppArmor and the kernel said.
    plugin_status "$(plugin_pid)" end
    dmesg > "$out/dmesg.txt" 2>&1
    cat /sys/kernel/security/apparmor/profiles > "$out/apparmor-profiles.txt" 2>&1
    aa-status > "$out/aa-status.txt" 2>&1
    # Facts as a JSON object (values are strings).
    local args=() k
    for k in "${!fact[@]}"; do args+=(--arg "$k" "${fact[$k]}"); done
    jq -n '$ARGS.named' "${args[@]}" > "$out/facts.json"
    cp /var/log/audisp-ima.json "$out/" 2>/dev/null
    cp /var/log/audisp-ima.diag "$out/" 2>/dev/null
    cp /var/log/syslog "$out/syslog" 2>/dev/null
    cp /var/log/audit/audit.log* "$out/" 2>/dev/null
    journalctl -b --no-pager -o short-precise > "$out/journal.txt" 2>&1
    auditctl -l > "$out/auditctl-l.txt" 2>&1
    auditctl -s > "$out/auditctl-s.txt" 2>&1
    cat /sys/kernel/security/ima/policy > "$out/ima-policy.txt" 2>&1
    cat /proc/cmdline > "$out/cmdline.txt"
    uname -a > "$out/uname.txt"
    cat /var/run/auditd.state > "$out/auditd.state" 2>/dev/null
    # IMA's runtime measurement list as it is now (binary, the one to parse; ascii for people
    # and for check.sh), the policy file systemd loaded, the plugin's state file.
    cat /sys/kernel/security/ima/binary_runtime_measurements > "$out/ima-binary-measurements" 2>/dev/null
    cat /sys/kernel/security/ima/ascii_runtime_measurements > "$out/ima-ascii-measurements.txt" 2>/dev/null
    cat /etc/ima/ima-policy > "$out/etc-ima-policy.txt" 2>&1
    ls -l /var/lib/audisp-ima/ > "$out/state-dir.txt" 2>&1
    cp /var/lib/audisp-ima/hashes.state "$out/" 2>/dev/null
    say "done $(date -u +%FT%TZ)"
    touch "$out/COMPLETE"
    sync
    tar -cf /dev/vdc -C "$out" . && sync
    systemctl --no-block poweroff
}
trap finish EXIT

# --- helpers -------------------------------------------------------------------------------

sha() { local h; [ -f "$1" ] && h=$(sha256sum < "$1") && echo "${h%% *}"; }
hex() { printf '%s' "$1" | od -An -tx1 -v | tr -d ' \n'; }
# Every process costs a lot under QEMU without KVM: sleep with a read timeout on a pipe nobody
# writes instead of running sleep(1).
exec {nap_fd}<> <(:)
nap() { read -r -t "$1" -u "$nap_fd" _ || true; }
# wait_until SECONDS COMMAND...: until COMMAND succeeds (checked every 0.25 s) or time is up.
wait_until() {
    local deadline=$((SECONDS + $1))
    shift
    while ((SECONDS < deadline)); do
        "$@" && return 0
        nap 0.25
    done
    "$@"
}

# Lineage truth (issue 12), read by the scenario itself, never from the plugin's output.
# proc_truth PID NAME: PID's image (readlink /proc/PID/exe), argv (/proc/PID/cmdline, kept joined
# by 0x1f) and effective uid (/proc/PID/status) now, kept under NAME for `record parent=NAME`.
# Call it while the process is alive and runs the image its children will see.
declare -A truth_pid=() truth_exe=() truth_args=() truth_uid=()
proc_truth() {
    local pid=$1 name=$2 key eff rest
    local -a argv=()
    truth_pid[$name]=$pid
    truth_exe[$name]=$(readlink "/proc/$pid/exe")
    mapfile -d '' argv < "/proc/$pid/cmdline"
    truth_args[$name]=$(IFS=$'\x1f'; echo "${argv[*]}")
    truth_uid[$name]=""
    while read -r key _ eff rest; do
        [ "$key" = Uid: ] && truth_uid[$name]=$eff
    done < "/proc/$pid/status"
}
# stat_ppid PID: the kernel's ppid of PID now (field 4 of /proc/PID/stat, after the name).
stat_ppid() { local line; read -r line < "/proc/$1/stat" && line=${line##*) } && set -- $line && echo "$2"; }
# name_of UID: sets NAME to `getent passwd UID`'s name, "" for none (asked once per uid).
declare -A user_names=()
name_of() {
    local uid=$1 line
    NAME=""
    [ -n "$uid" ] || return 0
    if [ -z "${user_names[$uid]+set}" ]; then
        line=$(getent passwd "$uid")
        user_names[$uid]=${line%%:*}
    fi
    NAME=${user_names[$uid]}
}
# The parent of every `launch`: this shell, started by systemd long before the plugin (seeded).
proc_truth $$ self

# launch CMD [ARG...]: runs CMD in a subshell that writes its pid ($BASHPID) and then execs CMD,
# so the exec happens in a process whose pid the scenario knows, without any wrapper program.
# Sets PID and RC.
launch() {
    local pidfile=$out/.pid
    ( echo "$BASHPID" > "$pidfile"; exec "$@" ) < /dev/null > /dev/null 2>> "$out/stderr.txt"
    RC=$?
    PID=$(cat "$pidfile")
}

# record ID key=value... -- ARGV...: one line of the record for the last launch (PID, RC).
# Keys: what, path (required), executable (default: path), file (whose sha256 is
# recorded; default path), hash, outcome, exit, syscall, uid, euid, auid, script (a file IMA
# must measure in the same event), unseen (why the plugin cannot know this file's hash: the run
# is left out of the "every measured file has its hash" count, and still may not have a wrong
# one). ARGV is the argv the kernel will log.
record() {
    local id=$1
    shift
    local what="" path="" executable="" file="" hash=any outcome=success exit=0 syscall=execve
    local uid=0 euid=0 auid="" script="" exe_file="" old_sha256="" script_path="" script_hash=any
    local optional=no unseen="" parent=self parent_source=seeded parent_id="" previous="" replaced_id=""
    local lin=no
    while [ "$1" != "--" ]; do
        local key=${1%%=*} value=${1#*=}
        case $key in
            what) what=$value ;; path) path=$value ;; executable) executable=$value ;;
            file) file=$value ;; hash) hash=$value ;; outcome) outcome=$value ;;
            exit) exit=$value ;; syscall) syscall=$value ;; uid) uid=$value ;;
            euid) euid=$value ;; auid) auid=$value ;; script) script=$value ;;
            exe_file) exe_file=$value ;; old_sha256) old_sha256=$value ;;
            script_path) script_path=$value ;; script_hash) script_hash=$value ;;
            optional) optional=$value ;; unseen) unseen=$value ;;
            parent) parent=$value ;; parent_source) parent_source=$value ;; parent_id) parent_id=$value ;;
            previous) previous=$value ;; replaced_id) replaced_id=$value ;; lin) lin=$value ;;
            *) say "record: unknown key $key"; exit 1 ;;
        esac
        shift
    done
    shift
    [ -n "$file" ] || file=$path
    [ -n "$executable" ] || executable=$path
    [ -n "$exe_file" ] || exe_file=$executable
    local measured='[]'
    [ -n "$script" ] && measured=$(jq -cn --arg p "$script" --arg h "$(sha "$script")" '[{path: $p, sha256: $h}]')
    local sha256 exe_sha256 path_hex="" script_sha256=""
    sha256=$(sha "$file")
    if [ "$exe_file" = "$file" ]; then exe_sha256=$sha256; else exe_sha256=$(sha "$exe_file"); fi
    [ -n "$script_path" ] && script_sha256=$(sha "$script_path")
    [[ $path == *[![:print:]]* || $path == *[$'\x80'-$'\xff']* ]] && path_hex=$(hex "$path")
    [ -n "${truth_pid[$parent]:-}" ] || { say "record $id: NOT RECORDED: no truth for its parent ($parent)"; return 1; }
    local n_user n_real n_audit n_parent
    name_of "$euid"; n_user=$NAME
    name_of "$uid"; n_real=$NAME
    name_of "$auid"; n_audit=$NAME
    name_of "${truth_uid[$parent]}"; n_parent=$NAME
    jq -cn --arg id "$id" --arg what "$what" --arg path "$path" --arg path_hex "$path_hex" \
        --argjson ppid "${truth_pid[$parent]}" --arg parent_exe "${truth_exe[$parent]}" \
        --arg parent_args "${truth_args[$parent]}" --arg parent_uid "${truth_uid[$parent]}" \
        --arg parent_source "$parent_source" --arg parent_id "$parent_id" --arg previous "$previous" \
        --arg replaced_id "$replaced_id" --arg user_name "$n_user" --arg real_user_name "$n_real" \
        --arg audit_user_name "$n_audit" --arg parent_user_name "$n_parent" --arg lin "$lin" \
        --arg executable "$executable" --arg sha256 "$sha256" --arg exe_sha256 "$exe_sha256" \
        --argjson pid "$PID" --argjson rc "$RC" --arg uid "$uid" --arg euid "$euid" --arg auid "$auid" \
        --arg outcome "$outcome" --argjson exit "$exit" --arg syscall "$syscall" --arg hash "$hash" \
        --argjson measured_files "$measured" --arg exe_file "$exe_file" --arg old_sha256 "$old_sha256" \
        --arg script_path "$script_path" --arg script_sha256 "$script_sha256" \
        --arg script_hash "$script_hash" --arg optional "$optional" --arg unseen "$unseen" \
        '{id: $id, what: $what, path: $path, path_hex: $path_hex, executable: $executable,
          exe_file: $exe_file, sha256: $sha256, exe_sha256: $exe_sha256, old_sha256: $old_sha256,
          pid: $pid, rc: $rc,
          uid: $uid, euid: $euid, auid: $auid, outcome: $outcome, exit: $exit, syscall: $syscall,
          hash: $hash, measured_files: $measured_files, script_path: $script_path,
          script_sha256: $script_sha256, script_hash: $script_hash, optional: ($optional == "yes"),
          unseen: $unseen, args: $ARGS.positional,
          ppid: $ppid, parent_exe: $parent_exe, parent_args: ($parent_args | split("\u001f")),
          parent_uid: $parent_uid, parent_source: $parent_source, parent_id: $parent_id,
          previous: $previous, replaced_id: $replaced_id, user_name: $user_name,
          real_user_name: $real_user_name, audit_user_name: $audit_user_name,
          parent_user_name: $parent_user_name, lin: ($lin == "yes")}' \
        --args -- "$@" >> "$record"
    say "$id: pid $PID rc $RC $path"
}

plugin_pid() { pgrep -x audisp-ima | head -1; }

# has_message PID: a plugin message with that pid is in the syslog file.
has_message() { grep -q "\"pid\":$1," /var/log/audisp-ima.json 2>/dev/null; }
wait_for_message() { wait_until "$2" has_message "$1" || say "no message for pid $1 after $2 s"; }

# --- lineage: a program started before the plugin exists ----------------------------------
# A shell started now, before the package is installed: the plugin never sees its exec and
# knows it only from /proc when it starts (seeded). It waits on a FIFO until the lineage part
# below lets it start a child. Its FIFOs and pid files are in $lin (primary boot only).
lin=/run/e2e/lin
if [ "$boot" = primary ]; then
    mkdir -p "$lin"
    chmod 0777 "$lin"
    mkfifo -m 0666 "$lin/early.go" "$lin/cgi.go" "$lin/svc.go" "$lin/server.fifo"
    /bin/sh -c "echo \$\$ > $lin/early.pid; read go < $lin/early.go; /usr/bin/id -g & echo \$! > $lin/early-child.pid; wait" \
        < /dev/null > /dev/null 2>> "$out/stderr.txt" &
    early_started() { [ -s "$lin/early.pid" ]; }
    wait_until 10 early_started
    fact[early_pid]=$(cat "$lin/early.pid" 2>/dev/null)
    fact[early_plugin_before]=$(pgrep -x audisp-ima)
    say "lineage: shell ${fact[early_pid]} started before the plugin (plugin running: '${fact[early_plugin_before]}')"
fi

# --- install audisp-ima on the running system ----------------------------------------------
# The payload holds the project's .deb (deb/*.deb): dpkg -i, whose postinst tells the running
# auditd to reload, which starts the plugin. Without a .deb (no packaging in the tree), the
# files of `cmake --install --prefix /usr` (install.tar) and `service auditd reload`, as the
# README says. Then the test's settings (audisp-ima.conf: statistics every 5 s) and another
# reload, which the plugin takes as SIGHUP.

services_up() { systemctl -q is-active auditd.service && systemctl -q is-active rsyslog.service; }
wait_until 60 services_up
debs=("$payload"/deb/*.deb)
if [ -e "${debs[0]}" ]; then
    fact[install_method]=deb
    say "installing ${debs[*]##*/} with dpkg -i"
    timeout 180 dpkg -i "${debs[@]}" > "$out/dpkg-install.txt" 2>&1
    fact[install_rc]=$?
    cat "$out/dpkg-install.txt"
    dpkg-query -W -f '${Package} ${Version} ${Status}\n' audisp-ima > "$out/dpkg-status.txt" 2>&1
    dpkg -L audisp-ima >> "$out/dpkg-status.txt" 2>&1
elif [ -f "$payload/install.tar" ]; then
    fact[install_method]=cmake-install
    say "no .deb in the payload: unpacking the cmake --install tree, then service auditd reload"
    tar -xpf "$payload/install.tar" -C / --no-overwrite-dir
    fact[install_rc]=$?
    service auditd reload
else
    fact[install_method]=none
fi
plugin_up() { [ -n "$(plugin_pid)" ]; }
auditd_stopped() { ! systemctl -q is-active auditd.service; }
wait_until 30 plugin_up
fact[plugin_pid_installed]=$(plugin_pid)
say "install: ${fact[install_method]} rc ${fact[install_rc]:-}; plugin pid ${fact[plugin_pid_installed]:-NONE}"
ls -l /usr/sbin/audisp-ima /etc/audit/plugins.d/ /etc/audit/audisp-ima.conf
cat /etc/audit/plugins.d/audisp-ima.conf

# --- AppArmor: the shipped profile, enforced -------------------------------------------------
# The image has no AppArmor userspace (the kernel has AppArmor); run_e2e.sh puts Debian's
# apparmor .deb (the version of the image's libapparmor1) in the payload, installed here. The
# profile is the package's own examples/apparmor-usr.sbin.audisp-ima, installed as
# docs/install.md says in /etc/apparmor.d/ and loaded with apparmor_parser -r (enforce mode).
# The image's dpkg leaves out /usr/share/doc (path-exclude), so the file is taken from the .deb
# itself. The plugin already runs (unconfined: a profile attaches at exec); the settings reload
# below is the SIGHUP that docs/install.md says leaves it unconfined, after which its
# confinement is recorded; then auditd is restarted so that the plugin starts under the
# profile, and runs the whole scenario confined.
# plugin_status PID NAME: the plugin process's AppArmor label (/proc/PID/attr/current),
# capability sets and no_new_privs (/proc/PID/status) as facts NAME_*.
plugin_status() {
    local pid=$1 n=$2
    [ -n "$pid" ] || return 0
    fact[${n}_pid]=$pid
    fact[${n}_attr]=$(tr -d '\0\n' < "/proc/$pid/attr/current" 2>&1)
    grep -E '^(Cap|NoNewPrivs|Seccomp)' "/proc/$pid/status" > "$out/status-$n.txt" 2>&1
    local key value
    while read -r key value; do
        case $key in
            CapInh:|CapPrm:|CapEff:|CapBnd:|CapAmb:|NoNewPrivs:) key=${key%:}; fact[${n}_${key,,}]=$value ;;
        esac
    done < "$out/status-$n.txt"
    say "plugin $pid ($n): AppArmor '${fact[${n}_attr]}', CapEff ${fact[${n}_capeff]:-?} CapPrm ${fact[${n}_capprm]:-?} CapBnd ${fact[${n}_capbnd]:-?} NoNewPrivs ${fact[${n}_nonewprivs]:-?}"
}
# dropped_privileges PID: the plugin has said it dropped its privileges (its start-up is done).
dropped_privileges() { grep -q "audisp-ima\[$1\]: .*\(capabilities dropped\|least privilege not reached\)" /var/log/audisp-ima.diag 2>/dev/null; }
# Audit records the kernel cannot give to auditd (it is stopped) go to the kernel log, at most
# 10 per 5 s (printk_ratelimit): unlimited here, so that no AppArmor denial is left out of it.
echo 0 > /proc/sys/kernel/printk_ratelimit
aa_debs=("$payload"/apparmor/*.deb)
aa_profile=/etc/apparmor.d/usr.sbin.audisp-ima
aa_example=usr/share/doc/audisp-ima/examples/apparmor-usr.sbin.audisp-ima
fact[aa_enabled]=$(cat /sys/module/apparmor/parameters/enabled 2>&1)
fact[lsm]=$(cat /sys/kernel/security/lsm 2>&1)
if [ -e "${aa_debs[0]}" ]; then
    fact[aa]=yes
    say "AppArmor: installing ${aa_debs[*]##*/}; kernel: module enabled '${fact[aa_enabled]}', LSMs '${fact[lsm]}'"
    DEBIAN_FRONTEND=noninteractive timeout 180 dpkg -i "${aa_debs[@]}" > "$out/apparmor-install.txt" 2>&1
    fact[aa_install_rc]=$?
    fact[aa_enabled_tool]=$(aa-enabled 2>&1)
    if [ -f "/$aa_example" ]; then
        fact[aa_profile_from]="/$aa_example"
        cp "/$aa_example" "$aa_profile"
    elif [ -e "${debs[0]}" ]; then
        fact[aa_profile_from]="${debs[0]##*/}: ./$aa_example (dpkg here excludes /usr/share/doc)"
        dpkg-deb --fsys-tarfile "${debs[0]}" | tar -xO "./$aa_example" > "$aa_profile"
    else
        fact[aa_profile_from]="install.tar: ./$aa_example"
        tar -xOf "$payload/install.tar" "./$aa_example" > "$aa_profile"
    fi
    fact[aa_profile_sha256]=$(sha256sum < "$aa_profile" | cut -d' ' -f1)
    cp "$aa_profile" "$out/apparmor-profile.txt"
    apparmor_parser -r "$aa_profile" > "$out/apparmor-load.txt" 2>&1
    fact[aa_load_rc]=$?
    cat /sys/kernel/security/apparmor/profiles > "$out/apparmor-profiles-loaded.txt" 2>&1
    say "AppArmor: aa-enabled '${fact[aa_enabled_tool]}'; profile from ${fact[aa_profile_from]}; apparmor_parser -r rc ${fact[aa_load_rc]}: $(grep audisp-ima "$out/apparmor-profiles-loaded.txt")"
else
    fact[aa]=no
    say "AppArmor: no apparmor .deb in the payload: the profile is not tested (see run_e2e.sh)"
fi

install -o root -g root -m 0640 "$payload/audisp-ima.conf" /etc/audit/audisp-ima.conf
/usr/sbin/audisp-ima --check-config /etc/audit/audisp-ima.conf > "$out/check-config.txt" 2>&1
fact[check_config_rc]=$?
service auditd reload
plugin_configured() { grep -q 'SIGHUP: configuration reloaded' /var/log/audisp-ima.diag 2>/dev/null; }
wait_until 20 plugin_configured && fact[config_reloaded]=yes
fact[plugin_pid_start]=$(plugin_pid)
say "test settings loaded; plugin pid ${fact[plugin_pid_start]:-NONE}"
plugin_status "${fact[plugin_pid_start]}" after_hup
if [ "${fact[aa]}" = yes ]; then
    # A loaded profile applies from the next exec: auditd restarted starts the plugin anew.
    service auditd restart > "$out/aa-restart.txt" 2>&1 ||
        { auditctl --signal stop; wait_until 20 auditd_stopped; systemctl start auditd.service; } >> "$out/aa-restart.txt" 2>&1
    confined_plugin() { local p; p=$(plugin_pid); [ -n "$p" ] && [ "$p" != "${fact[plugin_pid_start]}" ] && dropped_privileges "$p"; }
    wait_until 30 confined_plugin
    plugin_status "$(plugin_pid)" confined
fi
ps -o pid,ppid,user,args -C auditd,audisp-ima,rsyslogd > "$out/ps-start.txt"
auditctl -l

t=/tmp/e2e
rm -rf "$t"
mkdir -m 0755 "$t"

# --- second boot: measure-only policy ----------------------------------------------------
# No audit rule in the IMA policy: no INTEGRITY_RULE records at all, only the measurement
# list. Every hash must come from the list (hash_source ima_list), bound to the file by stat.
if [ "$boot" = measure-only ]; then
    launch /usr/bin/ls -d /
    record m2-ls what="measure-only boot: /usr/bin/ls, run at boot before the audit rules" \
        path=/usr/bin/ls hash=ima_list -- /usr/bin/ls -d /
    launch /usr/bin/cat /dev/null
    record m2-cat what="measure-only boot: /usr/bin/cat, run at boot before the audit rules" \
        path=/usr/bin/cat hash=ima_list -- /usr/bin/cat /dev/null
    launch /usr/bin/id -u
    record m2-id what="measure-only boot: /usr/bin/id, first run this boot" path=/usr/bin/id \
        hash=ima_list -- /usr/bin/id -u
    cp /usr/bin/whoami "$t/fresh"
    launch "$t/fresh"
    record m2-fresh-1 what="measure-only boot: fresh copy in /tmp, first run" path="$t/fresh" \
        hash=ima_list -- "$t/fresh"
    launch "$t/fresh"
    record m2-fresh-2 what="measure-only boot: fresh copy in /tmp, second run" path="$t/fresh" \
        hash=list-or-cached -- "$t/fresh"
    old=$(sha "$t/fresh")
    cp /usr/bin/nproc "$t/fresh"   # same inode: the list now holds two digests for this path
    launch "$t/fresh"
    record m2-inplace what="measure-only boot: the copy rewritten in place with another binary" \
        path="$t/fresh" old_sha256="$old" hash=ima_list -- "$t/fresh"
    old=$(sha "$t/fresh")
    cp /usr/bin/pwd "$t/fresh.new" && mv "$t/fresh.new" "$t/fresh"   # a new inode
    launch "$t/fresh"
    record m2-renamed what="measure-only boot: the copy replaced by rename with another binary" \
        path="$t/fresh" old_sha256="$old" hash=ima_list -- "$t/fresh"
    printf '#!/bin/sh\necho "m2 $*"\n' > "$t/m2.sh"
    chmod 755 "$t/m2.sh"
    launch "$t/m2.sh" x
    record m2-script what="measure-only boot: a #!/bin/sh script (dash from the list, the script's own hash)" \
        path="$t/m2.sh" executable=/usr/bin/dash file="$t/m2.sh" script_path="$t/m2.sh" \
        hash=ima_list -- /bin/sh "$t/m2.sh" x
    wait_for_message "$PID" 20
    fact[integrity_rules_m2]=$(grep -c '^\(node=[^ ]* \)\?type=INTEGRITY_RULE ' /var/log/audit/audit.log)
    say "measure-only boot done"
    exit 0
fi

# --- programs IMA measured at boot, before the audit rules were loaded ----------------------
# setup.sh ran them (see the facts boot_measured_*): the only records of those measurements
# are standalone ones the plugin never saw (it was not installed yet); the list has them.
launch /usr/bin/dash -c :
record boot-dash what="/usr/bin/dash, measured at boot before the audit rules" path=/usr/bin/dash \
    hash=known -- /usr/bin/dash -c :
launch /usr/bin/cat /dev/null
record boot-cat what="/usr/bin/cat, measured at boot before the audit rules" path=/usr/bin/cat \
    hash=known -- /usr/bin/cat /dev/null
launch /usr/bin/ls -d /
record boot-ls what="/usr/bin/ls, measured at boot before the audit rules" path=/usr/bin/ls \
    hash=known -- /usr/bin/ls -d /

# --- system binaries -----------------------------------------------------------------------
launch /usr/bin/id -u
record sys-id-1 what="system binary, first run" path=/usr/bin/id hash=measured -- /usr/bin/id -u
launch /usr/bin/id -u
record sys-id-2 what="system binary, second run" path=/usr/bin/id hash=cached -- /usr/bin/id -u
launch /usr/bin/factor 42
record sys-factor what="system binary, never run at boot" path=/usr/bin/factor hash=measured -- /usr/bin/factor 42
launch /bin/ls -d /
record sys-ls-usrmerge what="system binary through the /bin symlink (measured at boot: known hash)" \
    path=/bin/ls executable=/usr/bin/ls hash=known -- /bin/ls -d /

# --- a script with a shebang ---------------------------------------------------------------
printf '#!/bin/sh\necho "hello $*"\n' > "$t/hello.sh"
chmod 755 "$t/hello.sh"
launch "$t/hello.sh" world
record script what="script with #!/bin/sh: the new image is the interpreter (measured at boot), IMA measures the script" \
    path="$t/hello.sh" executable=/usr/bin/dash file="$t/hello.sh" script="$t/hello.sh" hash=known \
    script_path="$t/hello.sh" script_hash=known \
    -- /bin/sh "$t/hello.sh" world

# --- a binary copied to /tmp, run twice, overwritten in place, run again ------------------
cp /usr/bin/whoami "$t/prog"
launch "$t/prog"
record tmp-1 what="copy in /tmp, first run" path="$t/prog" hash=measured -- "$t/prog"
launch "$t/prog" --version
record tmp-2 what="copy in /tmp, second run" path="$t/prog" hash=cached -- "$t/prog" --version
fact[tmp_inode_before]=$(stat -c %i "$t/prog")
fact[tmp_sha_before]=$(sha "$t/prog")
cp /usr/bin/nproc "$t/prog"   # same inode (cp truncates and rewrites), new content
fact[tmp_inode_after]=$(stat -c %i "$t/prog")
launch "$t/prog" --all
record tmp-3 what="same file overwritten with another binary, run again" path="$t/prog" hash=measured \
    -- "$t/prog" --all

# --- a binary in a hidden directory --------------------------------------------------------
mkdir -p "$t/.hidden"
cp /usr/bin/tty "$t/.hidden/nc"
launch "$t/.hidden/nc" -l -p 4444
record hidden what="binary in a hidden directory" path="$t/.hidden/nc" hash=measured \
    -- "$t/.hidden/nc" -l -p 4444

# --- a name with spaces and non-ASCII characters ------------------------------------------
d="$t/dir with spaces"
mkdir -p "$d"
f="$d/prög ünï✓"
cp /usr/bin/basename "$f"
launch "$f" "a b/c d" "ü ✓"
record spaces-utf8 what="spaces and non-ASCII characters in the name and the arguments" path="$f" \
    hash=measured -- "$f" "a b/c d" "ü ✓"

# --- a name with an invalid UTF-8 byte ----------------------------------------------------
f=$t/bad$'\xff'name
cp /usr/bin/dirname "$f"
launch "$f" "x/y"$'\xfe'
record invalid-utf8 what="invalid UTF-8 byte (0xff) in the name, 0xfe in an argument" path="$f" \
    hash=measured -- "$f" "x/y"$'\xfe'

# --- named like a system utility, in /opt -------------------------------------------------
cp /usr/bin/true /opt/sudo
launch /opt/sudo -u root id
record opt-sudo what="binary named like a system utility in /opt" path=/opt/sudo hash=measured \
    -- /opt/sudo -u root id

# --- a long argument list, and one huge argument ------------------------------------------
cp /usr/bin/echo "$t/manyargs"
many=()
for ((i = 1; i <= 2000; i++)); do many+=("arg$i"); done
launch "$t/manyargs" "${many[@]}"
record long-argv what="2001 arguments (split over several EXECVE records; shrunk by the plugin)" \
    path="$t/manyargs" hash=measured -- "$t/manyargs" "${many[@]}"
cp /usr/bin/printf "$t/hugearg"
huge=$(head -c 20000 /dev/zero | tr '\0' A)
launch "$t/hugearg" "%.0s" "$huge" tail
record huge-arg what="one 20000-byte argument (hex chunks in audit; cut by the plugin with a marker)" \
    path="$t/hugearg" hash=measured -- "$t/hugearg" "%.0s" "$huge" tail

# --- a non-root user with its own login uid -----------------------------------------------
cp /usr/bin/id "$t/userprog"
chmod 755 "$t/userprog"
# The subshell sets its login uid (unset until now; root may set it once) and execs setpriv,
# which drops to uid 1001 and execs the program: two executions, one pid.
pidfile=$out/.pid
( echo "$BASHPID" > "$pidfile"; echo 1001 > /proc/self/loginuid &&
  exec /usr/bin/setpriv --reuid=1001 --regid=1001 --init-groups "$t/userprog" -un ) \
    < /dev/null > /dev/null 2>> "$out/stderr.txt"
RC=$? PID=$(cat "$pidfile")
record user-setpriv what="setpriv run as root with login uid 1001" path=/usr/bin/setpriv hash=measured \
    auid=1001 -- /usr/bin/setpriv --reuid=1001 --regid=1001 --init-groups "$t/userprog" -un
record user-prog what="program run by setpriv as uid 1001, login uid 1001" path="$t/userprog" \
    hash=measured uid=1001 euid=1001 auid=1001 previous=/usr/bin/setpriv replaced_id=user-setpriv \
    -- "$t/userprog" -un

# --- execveat and fexecve -----------------------------------------------------------------
helper=/usr/local/libexec/e2e-exec
mkdir -p "$t/at"
cp /usr/bin/arch "$t/at/target"
launch "$helper" at "$t/at" target at-argv0 --flag
record execveat-helper what="helper started by execve" path="$helper" hash=measured \
    -- "$helper" at "$t/at" target at-argv0 --flag
record execveat what="execveat(dirfd, \"target\") of a new binary" path="$t/at/target" syscall=execveat \
    hash=measured previous="$helper" replaced_id=execveat-helper -- at-argv0 --flag
cp /usr/bin/logname "$t/fexec-target"
launch "$helper" fd "$t/fexec-target" - fd-argv0 one two
record fexecve-helper what="helper started by execve, second run" path="$helper" hash=cached \
    -- "$helper" fd "$t/fexec-target" - fd-argv0 one two
record fexecve what="fexecve (execveat AT_EMPTY_PATH) of a new binary" path="$t/fexec-target" \
    syscall=execveat hash=measured previous="$helper" replaced_id=fexecve-helper -- fd-argv0 one two

# --- failed executions ----------------------------------------------------------------------
launch "$t/does-not-exist" arg
record fail-enoent what="exec of a missing file (ENOENT)" path="$t/does-not-exist" \
    executable="$t/does-not-exist" outcome=failure exit=-2 hash=none -- "$t/does-not-exist" arg
cp /usr/bin/true "$t/not-executable"
chmod 644 "$t/not-executable"
launch "$t/not-executable" arg
record fail-eacces what="exec of a file without x permission (EACCES)" path="$t/not-executable" \
    executable="$t/not-executable" file=/dev/null outcome=failure exit=-13 hash=none \
    -- "$t/not-executable" arg

wait_for_message "$PID" 20

# --- a script whose interpreter is replaced -----------------------------------------------
# /opt/interp/sh, a copy of dash, runs $t/interp.sh (#!/opt/interp/sh): both measured. Then
# the interpreter is replaced by rename (a new inode) with dash plus appended bytes (an ELF
# with a tail still runs), then rewritten in place (same inode); and once through a symlink
# (#!/opt/interp/link -> sh). process.hash must be the interpreter that ran (or none), never
# an earlier one; file.hash the script's (or none).
mkdir -p /opt/interp
cp /usr/bin/dash /opt/interp/sh
printf '#!/opt/interp/sh\necho "interp $*"\n' > "$t/interp.sh"
chmod 755 "$t/interp.sh"
launch "$t/interp.sh" one
record interp-1 what="script with #!/opt/interp/sh (a copy of dash): interpreter and script measured" \
    path="$t/interp.sh" executable=/opt/interp/sh file="$t/interp.sh" script="$t/interp.sh" \
    script_path="$t/interp.sh" script_hash=known hash=measured -- /opt/interp/sh "$t/interp.sh" one
fact[interp_sha_1]=$(sha /opt/interp/sh)
fact[interp_inode_1]=$(stat -c %i /opt/interp/sh)
wait_for_message "$PID" 20
{ cat /usr/bin/dash; printf 'e2e: appended to a copy of dash\n'; } > /opt/interp/sh.new
chmod 755 /opt/interp/sh.new
mv /opt/interp/sh.new /opt/interp/sh
fact[interp_sha_2]=$(sha /opt/interp/sh)
fact[interp_inode_2]=$(stat -c %i /opt/interp/sh)
launch "$t/interp.sh" two
record interp-2 what="the same script after its interpreter was replaced by rename (new inode, new content)" \
    path="$t/interp.sh" executable=/opt/interp/sh file="$t/interp.sh" old_sha256="${fact[interp_sha_1]}" \
    script_path="$t/interp.sh" hash=any -- /opt/interp/sh "$t/interp.sh" two
wait_for_message "$PID" 20
{ cat /usr/bin/dash; printf 'e2e: another tail, written in place\n'; } > /opt/interp/sh
fact[interp_sha_3]=$(sha /opt/interp/sh)
fact[interp_inode_3]=$(stat -c %i /opt/interp/sh)
launch "$t/interp.sh" three
record interp-3 what="the same script after its interpreter was rewritten in place (same inode, new content)" \
    path="$t/interp.sh" executable=/opt/interp/sh file="$t/interp.sh" old_sha256="${fact[interp_sha_2]}" \
    script_path="$t/interp.sh" hash=any -- /opt/interp/sh "$t/interp.sh" three
ln -s sh /opt/interp/link
printf '#!/opt/interp/link\necho "link $*"\n' > "$t/interp-link.sh"
chmod 755 "$t/interp-link.sh"
launch "$t/interp-link.sh" four
record interp-link what="a script with #!/opt/interp/link (a symlink to the interpreter)" \
    path="$t/interp-link.sh" executable=/opt/interp/sh file="$t/interp-link.sh" \
    script="$t/interp-link.sh" script_path="$t/interp-link.sh" script_hash=known hash=any \
    -- /opt/interp/link "$t/interp-link.sh" four
wait_for_message "$PID" 20

# --- the same path in a private mount namespace ---------------------------------------------
# Inside `unshare -m`, $t/other (a copy of expr) is bind-mounted on /usr/bin/factor and run by
# that path; outside, /usr/bin/factor is factor. IMA's list then holds two digests for the path
# /usr/bin/factor. Each execution must carry the hash of the file that ran there (or none).
cp /usr/bin/expr "$t/other"
ns_run() {  # ns_run ID WHAT: /usr/bin/factor 7 inside a private mount namespace
    launch /usr/bin/unshare -m /bin/sh -c "mount --bind $t/other /usr/bin/factor && exec /usr/bin/factor 7"
    record "$1" what="$2" path=/usr/bin/factor exe_file="$t/other" hash=any -- /usr/bin/factor 7
}
out_run() {  # out_run ID WHAT: /usr/bin/factor 7 in the initial mount namespace
    launch /usr/bin/factor 7
    record "$1" what="$2" path=/usr/bin/factor hash=any -- /usr/bin/factor 7
}
out_run ns-out-1 "/usr/bin/factor outside, before the namespace runs"
ns_run ns-in-1 "/usr/bin/factor in a private mount namespace, a bind mount of a copy of expr (first run)"
out_run ns-out-2 "/usr/bin/factor outside, after the namespace ran the other file by that path"
ns_run ns-in-2 "/usr/bin/factor in a private mount namespace again (the copy of expr, no new measurement)"
wait_for_message "$PID" 20

# --- process lineage (issue 12) -------------------------------------------------------------
# Who started each program, as the scenario itself saw it (proc_truth: /proc of the parent
# while it is alive; names from getent), never from the plugin:
#   - a server (e2e-exec serve, started by this shell) that forks a child per request and execs
#     it, as a web server runs a CGI program: a CGI script (dash) that runs `id` and `uname -a`
#     (the image has no nc); `sh -c 'echo $$ > F; exec /usr/bin/whoami'` (an in-place exec: the
#     parent stays the server, the replaced image is dash); and, as a webshell that changes
#     user, `sh -c` that sets its login uid and execs setpriv to a user made here (e2e-svc, uid
#     1002), which execs a script (#!/bin/bash: its pid's images must differ, the checks match
#     a message by pid and image) that runs `id -un`;
#   - a daemonizing double fork: a grandchild whose parent exits before it execs, re-parented
#     to init (pid 1, seeded);
#   - the shell started before the plugin (above), now starting a child (parent seeded);
#   - a child of a forked subshell that never exec'd: the plugin knows that parent only from
#     /proc at event time (parent_source proc); the subshell lives until the child's message
#     is out.
# Each step's programs wait on a FIFO until the scenario has read their parent's /proc.
useradd --no-create-home --uid 1002 --user-group --shell /usr/sbin/nologin e2e-svc
mkdir -p "$t/lin"
printf '#!/bin/sh\n# a CGI program\necho $$ > %s/cgi.pid\nread go < %s/cgi.go\n/usr/bin/id & echo $! > %s/cgi-id.pid; wait\n/usr/bin/uname -a & echo $! > %s/cgi-uname.pid; wait\n' \
    "$lin" "$lin" "$lin" "$lin" > "$t/lin/cgi.sh"
printf '#!/bin/bash\n# run by setpriv as e2e-svc\necho $$ > %s/svc.pid\nread go < %s/svc.go\n/usr/bin/id -un & echo $! > %s/svc-id.pid; wait\n' \
    "$lin" "$lin" "$lin" > "$t/lin/svc.sh"
chmod 755 "$t/lin/cgi.sh" "$t/lin/svc.sh"
has() { [ -s "$1" ]; }
t_lin=$SECONDS
# The server.
"$helper" serve "$lin/server.fifo" "$lin/server.ready" < /dev/null > /dev/null 2>> "$out/stderr.txt" &
PID=$! RC=0
wait_until 10 has "$lin/server.ready"
proc_truth "$PID" server
fact[lin_server_pid]=$PID
record lin-server what="lineage: a server (e2e-exec serve) started by the scenario's shell" lin=yes \
    path="$helper" -- "$helper" serve "$lin/server.fifo" "$lin/server.ready"
# A CGI script under the server, which runs id and uname -a.
printf '%s\n' "$t/lin/cgi.sh" > "$lin/server.fifo"
# (A FIFO is written only once its reader has said it is there: a write would wait for ever.)
wait_until 10 has "$lin/cgi.pid"
PID=$(cat "$lin/cgi.pid")
proc_truth "$PID" cgi
has "$lin/cgi.pid" && echo go > "$lin/cgi.go"
record lin-cgi what="lineage: a CGI script (#!/bin/sh) forked and exec'd by the server" lin=yes \
    path="$t/lin/cgi.sh" executable=/usr/bin/dash file="$t/lin/cgi.sh" parent=server parent_source=exec \
    parent_id=lin-server -- /bin/sh "$t/lin/cgi.sh"
wait_until 10 has "$lin/cgi-uname.pid"
PID=$(cat "$lin/cgi-id.pid")
record lin-cgi-id what="lineage: id run by the CGI script" lin=yes path=/usr/bin/id parent=cgi \
    parent_source=exec parent_id=lin-cgi -- /usr/bin/id
PID=$(cat "$lin/cgi-uname.pid")
record lin-cgi-uname what="lineage: uname -a run by the CGI script" lin=yes path=/usr/bin/uname parent=cgi \
    parent_source=exec parent_id=lin-cgi -- /usr/bin/uname -a
# sh -c '... exec whoami' under the server: one pid, two images, the parent the server.
lin_cmd="echo \$\$ > $lin/w.pid; exec /usr/bin/whoami"
printf '/bin/sh\t-c\t%s\n' "$lin_cmd" > "$lin/server.fifo"
wait_until 10 has "$lin/w.pid"
PID=$(cat "$lin/w.pid")
record lin-sh what="lineage: sh -c run by the server" lin=yes path=/bin/sh executable=/usr/bin/dash \
    parent=server parent_source=exec parent_id=lin-server -- /bin/sh -c "$lin_cmd"
record lin-whoami what="lineage: whoami exec'd in place by that sh -c (parent still the server)" lin=yes \
    path=/usr/bin/whoami parent=server parent_source=exec parent_id=lin-server previous=/usr/bin/dash \
    replaced_id=lin-sh -- /usr/bin/whoami
# sh -c under the server sets its login uid and execs setpriv to e2e-svc, which execs svc.sh
# (all one pid), which runs id -un.
lin_cmd="echo 1002 > /proc/self/loginuid && exec /usr/bin/setpriv --reuid=1002 --regid=1002 --init-groups $t/lin/svc.sh"
printf '/bin/sh\t-c\t%s\n' "$lin_cmd" > "$lin/server.fifo"
wait_until 10 has "$lin/svc.pid"
PID=$(cat "$lin/svc.pid")
proc_truth "$PID" svc
has "$lin/svc.pid" && echo go > "$lin/svc.go"
record lin-priv-sh what="lineage: sh -c run by the server, which sets its login uid" lin=yes path=/bin/sh \
    executable=/usr/bin/dash parent=server parent_source=exec parent_id=lin-server -- /bin/sh -c "$lin_cmd"
record lin-priv-setpriv what="lineage: setpriv exec'd by that sh (login uid 1002)" lin=yes \
    path=/usr/bin/setpriv auid=1002 parent=server parent_source=exec parent_id=lin-server \
    previous=/usr/bin/dash replaced_id=lin-priv-sh \
    -- /usr/bin/setpriv --reuid=1002 --regid=1002 --init-groups "$t/lin/svc.sh"
record lin-priv-svc what="lineage: a script setpriv exec'd as e2e-svc (uid 1002, login uid 1002)" lin=yes \
    path="$t/lin/svc.sh" executable=/usr/bin/bash file="$t/lin/svc.sh" uid=1002 euid=1002 auid=1002 \
    parent=server parent_source=exec parent_id=lin-server previous=/usr/bin/setpriv \
    replaced_id=lin-priv-setpriv -- /bin/bash "$t/lin/svc.sh"
wait_until 10 has "$lin/svc-id.pid"
PID=$(cat "$lin/svc-id.pid")
record lin-priv-id what="lineage: id -un run by the e2e-svc script" lin=yes path=/usr/bin/id uid=1002 \
    euid=1002 auid=1002 parent=svc parent_source=exec parent_id=lin-priv-svc -- /usr/bin/id -un
echo quit > "$lin/server.fifo"
# A daemonizing double fork: the middle process exits (the subshell returns), the grandchild,
# re-parented, waits for the scenario to read its new parent, then execs.
( ( echo "$BASHPID" > "$lin/daemon.pid"
    until [ -e "$lin/daemon.go" ]; do nap 0.05; done
    exec /usr/bin/id -u ) < /dev/null > /dev/null 2>> "$out/stderr.txt" & )
wait_until 10 has "$lin/daemon.pid"
PID=$(cat "$lin/daemon.pid") RC=0
fact[lin_daemon_ppid]=$(stat_ppid "$PID")
proc_truth "${fact[lin_daemon_ppid]}" daemon_parent
: > "$lin/daemon.go"
record lin-daemon what="lineage: a double-forked daemon re-parented to ${truth_exe[daemon_parent]} (pid ${fact[lin_daemon_ppid]}) before it exec'd" \
    lin=yes path=/usr/bin/id parent=daemon_parent parent_source=seeded -- /usr/bin/id -u
# The shell started before the plugin starts its child.
PID=${fact[early_pid]}
proc_truth "$PID" early
[ -n "$PID" ] && [ -d "/proc/$PID" ] && echo go > "$lin/early.go"
wait_until 10 has "$lin/early-child.pid"
PID=$(cat "$lin/early-child.pid")
record lin-early-child what="lineage: a child of the shell started before the plugin (seeded)" lin=yes \
    path=/usr/bin/id parent=early parent_source=seeded -- /usr/bin/id -g
wait_for_message "$PID" 20
# A subshell (a fork of this shell, no exec) starts a child and stays until its message is out.
( echo "$BASHPID" > "$lin/sub.pid"
  until [ -e "$lin/sub.go" ]; do nap 0.05; done
  /usr/bin/id -G < /dev/null > /dev/null & echo $! > "$lin/sub-child.pid"
  wait
  until [ -e "$lin/sub.end" ]; do nap 0.05; done ) 2>> "$out/stderr.txt" &
sub_job=$!
wait_until 10 has "$lin/sub.pid"
proc_truth "$(cat "$lin/sub.pid")" sub
: > "$lin/sub.go"
wait_until 10 has "$lin/sub-child.pid"
PID=$(cat "$lin/sub-child.pid")
record lin-fork-child what="lineage: a child of a forked subshell the plugin never saw exec (parent from /proc)" \
    lin=yes path=/usr/bin/id parent=sub parent_source=proc -- /usr/bin/id -G
wait_for_message "$PID" 20
: > "$lin/sub.end"
wait "$sub_job"
fact[lin_seconds]=$((SECONDS - t_lin))

# --- process lifecycle records (optional rules) ----------------------------------------------
# The rules of docs/examples/audisp-ima-lifecycle.rules, loaded for this part only: a subshell
# (a fork of this shell that never execs) starts a child, whose parent the plugin must now know
# from the subshell's fork record (parent_source fork, no /proc read); and `sh -c 'exit 3'` must
# end in a process end message with exit code 3 (wait's status here) and the entity id of its
# execution. Then the rules go again.
lc_rules=("-F arch=b64 -S clone,fork,vfork -k fork" "-F arch=b64 -S exit_group -k exit")
for r in "${lc_rules[@]}"; do auditctl -a always,exit $r > /dev/null || say "auditctl -a always,exit $r failed"; done
auditctl -l > "$out/auditctl-l-lifecycle.txt" 2>&1
( echo "$BASHPID" > "$lin/lc-sub.pid"
  until [ -e "$lin/lc-sub.go" ]; do nap 0.05; done
  /usr/bin/id -un < /dev/null > /dev/null & echo $! > "$lin/lc-child.pid"
  wait
  until [ -e "$lin/lc-sub.end" ]; do nap 0.05; done ) 2>> "$out/stderr.txt" &
lc_job=$!
wait_until 10 has "$lin/lc-sub.pid"
proc_truth "$(cat "$lin/lc-sub.pid")" lcsub
: > "$lin/lc-sub.go"
wait_until 10 has "$lin/lc-child.pid"
PID=$(cat "$lin/lc-child.pid") RC=0
record lc-fork-child what="lifecycle: a child of a forked subshell, its parent known from the subshell's fork record" \
    path=/usr/bin/id parent=lcsub parent_source=fork -- /usr/bin/id -un
wait_for_message "$PID" 20
: > "$lin/lc-sub.end"
wait "$lc_job"
lc_cmd="echo \$\$ > $lin/lc-exit.pid; exit 3"
/bin/sh -c "$lc_cmd" < /dev/null > /dev/null 2>> "$out/stderr.txt" &
wait $!
fact[lc_exit_status]=$?
PID=$(cat "$lin/lc-exit.pid") RC=0
fact[lc_exit_pid]=$PID
# The control group sh inherited from this shell (cgroup v2's "0::PATH" line): what both its
# execution and its end message should name.
fact[lc_cgroup]=$(sed -n 's/^0:://p' /proc/self/cgroup)
record lc-exit what="lifecycle: sh -c 'exit 3', whose end the exit_group rule reports" path=/bin/sh \
    executable=/usr/bin/dash -- /bin/sh -c "$lc_cmd"
has_end() { grep -q "\"action\":\"exited\".*\"pid\":$1[,}]" /var/log/audisp-ima.json 2>/dev/null; }
wait_until 20 has_end "$PID" || say "no process end message for pid $PID after 20 s"
for r in "${lc_rules[@]}"; do auditctl -d always,exit $r > /dev/null || say "auditctl -d always,exit $r failed"; done

# --- a standalone measurement while the plugin runs ----------------------------------------
# A core dump piped to a helper (kernel.core_pattern = |HELPER): the kernel starts the helper
# itself, no exec syscall, so IMA's INTEGRITY_RULE comes alone. The plugin must report it as a
# file event, not as an execution; a later run of the helper must carry its hash.
cp /usr/bin/true "$t/core-helper"
fact[core_helper_sha]=$(sha "$t/core-helper")
core_pattern_saved=$(cat /proc/sys/kernel/core_pattern)
echo "|$t/core-helper" > /proc/sys/kernel/core_pattern
( ulimit -c unlimited; kill -SEGV "$BASHPID" ) 2>/dev/null
core_measured() { grep -q "type=INTEGRITY_RULE .*file=\"$t/core-helper\"" /var/log/audit/audit.log; }
wait_until 10 core_measured && fact[core_helper_standalone]=yes
echo "$core_pattern_saved" > /proc/sys/kernel/core_pattern
nap 1
launch "$t/core-helper"
record core-helper-run what="the core-dump helper, first measured by a standalone measurement, run by the scenario" \
    path="$t/core-helper" hash=known -- "$t/core-helper"
wait_for_message "$PID" 20

# --- binaries replaced while the plugin is stopped -----------------------------------------
# Four copies run (measured, remembered by the plugin and its state file); auditd stopped
# (the plugin with it); two replaced by rename (new inodes), two rewritten in place (same
# inodes); auditd started for a while without the plugin (plugins.d active = no) and one of
# each run then: IMA measures and audits the new content, and that record goes to audit.log
# only (a record held by the kernel while no auditd runs would reach the plugin later; an
# audit exclude rule would only make IMA audit the file again at its next run). auditd stopped,
# the plugin enabled, auditd started: all four run. Each must show its new hash or none.
stop_files=(ren-a ren-b inpl-a inpl-b)
declare -A stop_old=([ren-a]=/usr/bin/uname [ren-b]=/usr/bin/tty [inpl-a]=/usr/bin/hostid [inpl-b]=/usr/bin/users)
declare -A stop_new=([ren-a]=/usr/bin/pwd [ren-b]=/usr/bin/printenv [inpl-a]=/usr/bin/link [inpl-b]=/usr/bin/groups)
for n in "${stop_files[@]}"; do
    cp "${stop_old[$n]}" "$t/$n"
    launch "$t/$n"
    record "stop-$n-before" what="$n: a copy of ${stop_old[$n]}, run before the stop" path="$t/$n" \
        hash=measured -- "$t/$n"
    fact[stop_${n}_old_sha]=$(sha "$t/$n")
    fact[stop_${n}_old_inode]=$(stat -c %i "$t/$n")
done
wait_for_message "$PID" 20
nap 1
fact[plugin_pid_before_stop]=$(plugin_pid)
auditd_stopped() { ! systemctl -q is-active auditd.service; }
plugin_gone() { [ -z "$(plugin_pid)" ]; }
auditd_stop() {
    service auditd stop >> "$out/stop.txt" 2>&1
    local rc=$?
    fact[stop_rc]+="$rc "
    if [ "$rc" != 0 ]; then
        fact[stop_method]="auditctl --signal stop"
        auditctl --signal stop >> "$out/stop.txt" 2>&1
    fi
    wait_until 20 auditd_stopped
}
plugin_conf=/etc/audit/plugins.d/audisp-ima.conf
fact[stop_method]="service auditd stop"
auditd_stop
wait_until 10 plugin_gone && fact[plugin_stopped]=yes
say "auditd stopped (${fact[stop_method]}, rc ${fact[stop_rc]}): plugin gone: ${fact[plugin_stopped]:-NO}"
cp /usr/bin/pwd "$t/ren-a.new" && mv "$t/ren-a.new" "$t/ren-a"
cp /usr/bin/printenv "$t/ren-b.new" && mv "$t/ren-b.new" "$t/ren-b"
cp /usr/bin/link "$t/inpl-a"
cp /usr/bin/groups "$t/inpl-b"
for n in "${stop_files[@]}"; do
    fact[stop_${n}_new_sha]=$(sha "$t/$n")
    fact[stop_${n}_new_inode]=$(stat -c %i "$t/$n")
done
sed -i 's/^active *=.*/active = no/' "$plugin_conf"
service auditd start >> "$out/stop.txt" 2>&1
auditd_up() { systemctl -q is-active auditd.service; }
wait_until 20 auditd_up
nap 1
[ -z "$(plugin_pid)" ] && fact[auditd_without_plugin]=yes
for n in ren-a inpl-a; do
    launch "$t/$n"
    record "stop-$n-during" what="$n: the new file run while auditd ran without the plugin" \
        path="$t/$n" old_sha256="${fact[stop_${n}_old_sha]}" hash=any optional=yes -- "$t/$n"
done
nap 1
auditd_stop
sed -i 's/^active *=.*/active = yes/' "$plugin_conf"
service auditd start > "$out/start.txt" 2>&1
fact[start_rc]=$?
wait_until 30 plugin_up
fact[plugin_pid_after_start]=$(plugin_pid)
say "auditd started (rc ${fact[start_rc]}): plugin ${fact[plugin_pid_before_stop]} -> ${fact[plugin_pid_after_start]}; auditd without the plugin meanwhile: ${fact[auditd_without_plugin]:-NO}"
nap 2
for n in "${stop_files[@]}"; do
    launch "$t/$n"
    record "stop-$n-after" what="$n: replaced while the plugin was stopped (now ${stop_new[$n]}), run after the start" \
        path="$t/$n" old_sha256="${fact[stop_${n}_old_sha]}" hash=any -- "$t/$n"
done
wait_for_message "$PID" 20

# --- auditd reload: the plugin must survive it -------------------------------------------
fact[plugin_pid_before_reload]=$(plugin_pid)
service auditd reload > "$out/reload.txt" 2>&1
fact[reload_rc]=$?
say "service auditd reload: rc ${fact[reload_rc]}: $(tr '\n' ' ' < "$out/reload.txt")"
nap 3
fact[plugin_pid_after_reload]=$(plugin_pid)
cp /usr/bin/sleep "$t/after-reload"
launch "$t/after-reload" 0
record after-reload what="new binary run after service auditd reload" path="$t/after-reload" \
    hash=measured -- "$t/after-reload" 0
wait_for_message "$PID" 20

# --- auditd restart: the plugin must come back -------------------------------------------
fact[plugin_pid_before_restart]=$(plugin_pid)
fact[auditd_pid_before_restart]=$(pgrep -x auditd | head -1)
service auditd restart > "$out/restart.txt" 2>&1
fact[restart_service_rc]=$?
fact[restart_method]="service auditd restart"
say "service auditd restart: rc ${fact[restart_service_rc]}: $(tr '\n' ' ' < "$out/restart.txt")"
if [ "${fact[restart_service_rc]}" != 0 ]; then
    # Should systemd refuse the restart (auditd.service may say RefuseManualStop=yes), stop
    # auditd with its own signal and start the unit again.
    fact[restart_method]="auditctl --signal stop; systemctl start auditd"
    say "restart refused: ${fact[restart_method]}"
    auditctl --signal stop >> "$out/restart.txt" 2>&1
    auditd_stopped() { ! systemctl -q is-active auditd.service; }
    wait_until 20 auditd_stopped
    systemctl start auditd.service >> "$out/restart.txt" 2>&1
    fact[restart_fallback_rc]=$?
fi
new_plugin() { local p; p=$(plugin_pid); [ -n "$p" ] && [ "$p" != "${fact[plugin_pid_before_restart]}" ]; }
wait_until 20 new_plugin
nap 2
fact[plugin_pid_after_restart]=$(plugin_pid)
fact[auditd_pid_after_restart]=$(pgrep -x auditd | head -1)
say "auditd ${fact[auditd_pid_before_restart]} -> ${fact[auditd_pid_after_restart]}," \
    "plugin ${fact[plugin_pid_before_restart]} -> ${fact[plugin_pid_after_restart]}"
cp /usr/bin/seq "$t/after-restart"
launch "$t/after-restart" 3
record after-restart what="new binary run after the auditd restart" path="$t/after-restart" \
    hash=measured -- "$t/after-restart" 3
wait_for_message "$PID" 20

# --- after the restart: every program measured earlier, run again ------------------------
# The restarted plugin has only its state file and IMA's list to know them: each must carry
# its true hash (sha256sum now), not none.
fact[state_file_after_restart]=$(stat -c '%s bytes, %y' /var/lib/audisp-ima/hashes.state 2>/dev/null)
rerun() {  # rerun ID PATH [ARG...]: run PATH, record it as a run whose hash must be known
    local id=$1 path=$2
    shift 2
    launch "$path" "$@"
    record "rerun-$id" what="run again after the restart: $path" path="$path" hash=known -- "$path" "$@"
}
rerun dash /usr/bin/dash -c :
rerun cat /usr/bin/cat /dev/null
rerun ls /usr/bin/ls -d /
rerun id /usr/bin/id -u
rerun factor /usr/bin/factor 6
rerun prog "$t/prog"
rerun hidden "$t/.hidden/nc"
rerun spaces-utf8 "$d/prög ünï✓" "a b/c d"
rerun invalid-utf8 "$t/bad"$'\xff'"name" x/y
rerun opt-sudo /opt/sudo
rerun manyargs "$t/manyargs" a
rerun hugearg "$t/hugearg" x
rerun userprog "$t/userprog" -u
rerun at-target "$t/at/target"
rerun fexec-target "$t/fexec-target"
rerun after-reload "$t/after-reload" 0
rerun core-helper "$t/core-helper"
for n in "${stop_files[@]}"; do rerun "stop-$n" "$t/$n"; done
launch "$t/interp.sh" five
record rerun-interp what="run again after the restart: the script with #!/opt/interp/sh" \
    path="$t/interp.sh" executable=/opt/interp/sh file="$t/interp.sh" script_path="$t/interp.sh" \
    script_hash=known hash=known -- /opt/interp/sh "$t/interp.sh" five
launch /usr/bin/unshare -m /bin/sh -c "mount --bind $t/other /usr/bin/factor && exec /usr/bin/factor 7"
# The namespace's file is another inode under the host's path: the plugin cannot stat it from its
# own namespace, so it is not kept across the restart (a kept entry must be checked by stat);
# its hash or none, never the host's factor's.
record rerun-ns-in what="run again after the restart: /usr/bin/factor in a private mount namespace (the copy of expr)" \
    path=/usr/bin/factor exe_file="$t/other" hash=any \
    unseen="another mount namespace's file, gone with it, that a restart could not check by stat" \
    -- /usr/bin/factor 7
launch /usr/bin/factor 7
record rerun-ns-out what="run again after the restart: /usr/bin/factor outside, after the namespace" \
    path=/usr/bin/factor hash=known -- /usr/bin/factor 7
wait_for_message "$PID" 20

# --- final statistics ---------------------------------------------------------------------
metrics() { grep -c '"kind":"metric"' /var/log/audisp-ima.json 2>/dev/null; }
before=$(metrics)
p=$(plugin_pid)
[ -n "$p" ] && kill -USR1 "$p"
more_metrics() { [ "$(metrics)" -gt "${before:-0}" ]; }
wait_until 10 more_metrics
ps -o pid,ppid,user,args -C auditd,audisp-ima,rsyslogd > "$out/ps-end.txt"
say "scenario finished"
