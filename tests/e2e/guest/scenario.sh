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
#   hash              measured | cached | any (either, or no hash: a system binary IMA may have
#                     seen at boot) | none (a failed exec)
#   measured_files    [{path, sha256}]: files IMA must measure in this event (a script)
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

finish() {
    say "collecting results"
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
# must measure in the same event). ARGV is the argv the kernel will log.
record() {
    local id=$1
    shift
    local what="" path="" executable="" file="" hash=any outcome=success exit=0 syscall=execve
    local uid=0 euid=0 auid="" script=""
    while [ "$1" != "--" ]; do
        local key=${1%%=*} value=${1#*=}
        case $key in
            what) what=$value ;; path) path=$value ;; executable) executable=$value ;;
            file) file=$value ;; hash) hash=$value ;; outcome) outcome=$value ;;
            exit) exit=$value ;; syscall) syscall=$value ;; uid) uid=$value ;;
            euid) euid=$value ;; auid) auid=$value ;; script) script=$value ;;
            *) say "record: unknown key $key"; exit 1 ;;
        esac
        shift
    done
    shift
    [ -n "$file" ] || file=$path
    [ -n "$executable" ] || executable=$path
    local measured='[]'
    [ -n "$script" ] && measured=$(jq -cn --arg p "$script" --arg h "$(sha "$script")" '[{path: $p, sha256: $h}]')
    local sha256 exe_sha256 path_hex=""
    sha256=$(sha "$file")
    if [ "$executable" = "$file" ]; then exe_sha256=$sha256; else exe_sha256=$(sha "$executable"); fi
    [[ $path == *[![:print:]]* || $path == *[$'\x80'-$'\xff']* ]] && path_hex=$(hex "$path")
    jq -cn --arg id "$id" --arg what "$what" --arg path "$path" --arg path_hex "$path_hex" \
        --arg executable "$executable" --arg sha256 "$sha256" --arg exe_sha256 "$exe_sha256" \
        --argjson pid "$PID" --argjson rc "$RC" --arg uid "$uid" --arg euid "$euid" --arg auid "$auid" \
        --arg outcome "$outcome" --argjson exit "$exit" --arg syscall "$syscall" --arg hash "$hash" \
        --argjson measured_files "$measured" \
        '{id: $id, what: $what, path: $path, path_hex: $path_hex, executable: $executable,
          sha256: $sha256, exe_sha256: $exe_sha256, pid: $pid, rc: $rc,
          uid: $uid, euid: $euid, auid: $auid, outcome: $outcome, exit: $exit, syscall: $syscall,
          hash: $hash, measured_files: $measured_files, args: $ARGS.positional}' \
        --args -- "$@" >> "$record"
    say "$id: pid $PID rc $RC $path"
}

plugin_pid() { pgrep -x audisp-ima | head -1; }

# has_message PID: a plugin message with that pid is in the syslog file.
has_message() { grep -q "\"pid\":$1," /var/log/audisp-ima.json 2>/dev/null; }
wait_for_message() { wait_until "$2" has_message "$1" || say "no message for pid $1 after $2 s"; }

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
wait_until 30 plugin_up
fact[plugin_pid_installed]=$(plugin_pid)
say "install: ${fact[install_method]} rc ${fact[install_rc]:-}; plugin pid ${fact[plugin_pid_installed]:-NONE}"
ls -l /usr/sbin/audisp-ima /etc/audit/plugins.d/ /etc/audit/audisp-ima.conf
cat /etc/audit/plugins.d/audisp-ima.conf

install -o root -g root -m 0640 "$payload/audisp-ima.conf" /etc/audit/audisp-ima.conf
/usr/sbin/audisp-ima --check-config /etc/audit/audisp-ima.conf > "$out/check-config.txt" 2>&1
fact[check_config_rc]=$?
service auditd reload
plugin_configured() { grep -q 'SIGHUP: configuration reloaded' /var/log/audisp-ima.diag 2>/dev/null; }
wait_until 20 plugin_configured && fact[config_reloaded]=yes
fact[plugin_pid_start]=$(plugin_pid)
say "test settings loaded; plugin pid ${fact[plugin_pid_start]:-NONE}"
ps -o pid,ppid,user,args -C auditd,audisp-ima,rsyslogd > "$out/ps-start.txt"
auditctl -l

t=/tmp/e2e
rm -rf "$t"
mkdir -m 0755 "$t"

# --- system binaries -----------------------------------------------------------------------
launch /usr/bin/id -u
record sys-id-1 what="system binary, first run" path=/usr/bin/id hash=measured -- /usr/bin/id -u
launch /usr/bin/id -u
record sys-id-2 what="system binary, second run" path=/usr/bin/id hash=cached -- /usr/bin/id -u
launch /usr/bin/factor 42
record sys-factor what="system binary, never run at boot" path=/usr/bin/factor hash=measured -- /usr/bin/factor 42
launch /bin/ls -d /
record sys-ls-usrmerge what="system binary through the /bin symlink (any hash: may have run at boot)" \
    path=/bin/ls executable=/usr/bin/ls hash=any -- /bin/ls -d /

# --- a script with a shebang ---------------------------------------------------------------
printf '#!/bin/sh\necho "hello $*"\n' > "$t/hello.sh"
chmod 755 "$t/hello.sh"
launch "$t/hello.sh" world
record script what="script with #!/bin/sh: the new image is the interpreter, IMA measures the script" \
    path="$t/hello.sh" executable=/usr/bin/dash file="$t/hello.sh" script="$t/hello.sh" hash=any \
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
    hash=measured uid=1001 euid=1001 auid=1001 -- "$t/userprog" -un

# --- execveat and fexecve -----------------------------------------------------------------
helper=/usr/local/libexec/e2e-exec
mkdir -p "$t/at"
cp /usr/bin/arch "$t/at/target"
launch "$helper" at "$t/at" target at-argv0 --flag
record execveat-helper what="helper started by execve" path="$helper" hash=measured \
    -- "$helper" at "$t/at" target at-argv0 --flag
record execveat what="execveat(dirfd, \"target\") of a new binary" path="$t/at/target" syscall=execveat \
    hash=measured -- at-argv0 --flag
cp /usr/bin/logname "$t/fexec-target"
launch "$helper" fd "$t/fexec-target" - fd-argv0 one two
record fexecve-helper what="helper started by execve, second run" path="$helper" hash=cached \
    -- "$helper" fd "$t/fexec-target" - fd-argv0 one two
record fexecve what="fexecve (execveat AT_EMPTY_PATH) of a new binary" path="$t/fexec-target" \
    syscall=execveat hash=measured -- fd-argv0 one two

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

# --- final statistics ---------------------------------------------------------------------
metrics() { grep -c '"kind":"metric"' /var/log/audisp-ima.json 2>/dev/null; }
before=$(metrics)
p=$(plugin_pid)
[ -n "$p" ] && kill -USR1 "$p"
more_metrics() { [ "$(metrics)" -gt "${before:-0}" ]; }
wait_until 10 more_metrics
ps -o pid,ppid,user,args -C auditd,audisp-ima,rsyslogd > "$out/ps-end.txt"
say "scenario finished"
