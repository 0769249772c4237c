# BEGIN reload_auditd (the same in every package script; tests/packaging checks that)
# auditd 3.x re-reads /etc/audit/plugins.d when it receives SIGHUP: it starts a plugin that has
# become active, restarts one whose binary changed (an upgrade) and stops one whose activation
# file is gone or no longer valid (a removal). auditd itself is not restarted: a restart loses
# events, and systemd refuses it on RHEL (RefuseManualStop=yes). Debian 12's auditd.service has
# no ExecReload, so "systemctl reload auditd" fails there; SIGHUP works with every init system.
reload_auditd() {
    [ -z "${DPKG_ROOT:-}" ] || return 0
    pid=$(cat /run/auditd.pid 2>/dev/null || cat /var/run/auditd.pid 2>/dev/null || :)
    case "$pid" in
        ''|*[!0-9]*) pid= ;;
    esac
    if [ -z "$pid" ] || [ "$(cat "/proc/$pid/comm" 2>/dev/null)" != auditd ]; then
        echo "audisp-ima: auditd is not running; it will start the plugin when it starts."
        return 0
    fi
    # policy-rc.d (Debian: chroots, image builds) may forbid touching services; 101 = forbidden.
    if command -v policy-rc.d >/dev/null 2>&1; then
        policy_rc=0
        policy-rc.d auditd reload >/dev/null 2>&1 || policy_rc=$?
        if [ "$policy_rc" -eq 101 ]; then
            echo "audisp-ima: policy-rc.d forbids reloading auditd; run: auditctl --signal hup"
            return 0
        fi
    fi
    if auditctl --signal hup >/dev/null 2>&1 || kill -HUP "$pid" 2>/dev/null; then
        echo "audisp-ima: told auditd (pid $pid) to reload its plugins (SIGHUP)."
    else
        echo "audisp-ima: could not signal auditd; run: auditctl --signal hup" >&2
    fi
    return 0
}
# END reload_auditd
