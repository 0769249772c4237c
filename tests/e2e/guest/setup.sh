#!/bin/bash
# Runs in the guest at boot, before auditd and rsyslog start (e2e-setup.service, from
# /run/e2e/payload): puts the scenario's own tools in place. The package itself is installed
# later, by the scenario, on the running system (as an administrator would).
#   payload/rsyslog-e2e.conf  rsyslog rules writing the plugin's messages to their own files
#   payload/e2e-exec          the scenario's execveat/fexecve helper (static, built on the host)
# and runs /usr/bin/ls, cat and dash once (measured at boot, before the audit rules).
# Writes what it did to /run/e2e/out/setup.log.
set -u
payload=/run/e2e/payload
out=/run/e2e/out
mkdir -p "$out"
exec > >(tee -a "$out/setup.log") 2>&1
echo "e2e-setup: $(date -u +%FT%TZ) kernel $(uname -r)"
install -o root -g root -m 0755 -D "$payload/e2e-exec" /usr/local/libexec/e2e-exec
install -o root -g root -m 0644 "$payload/rsyslog-e2e.conf" /etc/rsyslog.d/10-audisp-ima-e2e.conf
# Programs run here, before auditd has loaded the audit rules and long before the plugin is
# installed: IMA measures them now (list entry; with the primary boot's policy also a standalone
# INTEGRITY_RULE nobody will show the plugin). The scenario checks the list has them and that the
# plugin reports their hash on later runs.
/usr/bin/ls -d / > /dev/null
/usr/bin/cat /dev/null
/usr/bin/dash -c :
echo "e2e-setup: done"
exit 0
