#!/bin/bash
# Package tests (ctest "packaging: deb and rpm"):
#
#   tests/packaging/run_packaging_tests.sh SOURCE_DIR WORK_DIR
#
#  1. builds the packages with packaging/build-packages.sh (own build directory in WORK_DIR);
#  2. checks the .deb and the .rpm: file lists with modes and owners against expected-deb.txt
#     and expected-rpm.txt, control fields and dependencies, conffiles / %config(noreplace),
#     maintainer scripts, symbol versions (RHEL 9: GLIBC <= 2.34, GLIBCXX <= 3.4.29), versions;
#  3. lintian (no tag left at any level, overrides aside) and rpmlint (0 errors, 0 warnings);
#  4. rebuilds the rpm from the source tarball with packaging/rpm/audisp-ima.spec (rpmbuild
#     with stand-ins for Fedora's %cmake macros) and compares it with the CPack rpm;
#  5. checks the examples (rsyslogd -N1, apparmor_parser) and the man pages (man --warnings);
#  6. installs the .deb into a clean Debian 12 root made by mmdebstrap (needs the Debian
#     mirror: a network failure fails the test), runs the installed audisp-ima --version and
#     --check-config there, checks the plugins.d file as auditd parses it, and runs the
#     maintainer scripts against a stand-in auditd: install, policy-rc.d, remove, purge;
#  7. installs the rpm with rpm --root --nodeps into an empty scratch root (files and modes),
#     and into the Debian root (its scriptlets: restorecon, reload, erase).
# Needs root (chroot, mount) and the tools listed in docs/install.md ("Package tests"). Ends with
# "N passed, N failed".
set -uo pipefail

if [ $# -ne 2 ] || [ -z "$1" ] || [ -z "$2" ]; then
    echo "usage: $0 SOURCE_DIR WORK_DIR" >&2
    exit 2
fi
src=$(cd "$1" && pwd) || exit 2
mkdir -p "$2" && work=$(cd "$2" && pwd) || exit 2
# Every path written below (a Debian root, rpm roots, stand-ins) is inside WORK_DIR.
case "$work" in
    /|/usr|/usr/*|/etc|/etc/*|/bin|/sbin|/lib*) echo "refusing WORK_DIR $work" >&2; exit 2 ;;
esac
here=$src/tests/packaging
passed=0
failed=0
log=$work/log
mkdir -p "$log"

ok()   { passed=$((passed + 1)); echo "ok - $*"; }
fail() { failed=$((failed + 1)); echo "FAIL - $*"; }
# check DESCRIPTION COMMAND...: runs COMMAND, output to $log/N.log, shown on failure.
n=0
check() {
    local desc=$1; shift
    n=$((n + 1))
    if "$@" >"$log/$n.log" 2>&1; then ok "$desc"; else fail "$desc"; sed 's/^/    /' "$log/$n.log" | tail -n 40; fi
}
finish() {
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit
}
fatal() { fail "$*"; finish; }

# --- preconditions -----------------------------------------------------------------------------
[ "$(id -u)" = 0 ] || fatal "must run as root (mmdebstrap, chroot, mount); CI does"
missing=
for tool in cmake:cmake dpkg-deb:dpkg dpkg-shlibdeps:dpkg-dev rpmbuild:rpm rpm2cpio:rpm2cpio \
            cpio:cpio lintian:lintian rpmlint:rpmlint mmdebstrap:mmdebstrap rsyslogd:rsyslog \
            apparmor_parser:apparmor man:man-db objdump:binutils file:file; do
    command -v "${tool%%:*}" >/dev/null 2>&1 || missing="$missing ${tool#*:}"
done
[ -z "$missing" ] || fatal "missing tools: apt-get install$missing"

version=$(sed -n 's/^project(audisp-ima VERSION \([0-9.]*\).*/\1/p' "$src/CMakeLists.txt")
[ -n "$version" ] || fatal "cannot read the project version from CMakeLists.txt"
release=1
echo "# audisp-ima $version, packages in $work/build/packages"

# --- 1. build ----------------------------------------------------------------------------------
if ! "$src/packaging/build-packages.sh" "$work/build" >"$log/build.log" 2>&1; then
    tail -n 60 "$log/build.log"
    fatal "packaging/build-packages.sh"
fi
ok "packaging/build-packages.sh builds the packages"
pkgs=$work/build/packages
deb=$pkgs/audisp-ima_${version}-${release}_amd64.deb
rpmfile=$pkgs/audisp-ima-${version}-${release}.x86_64.rpm
tarball=$pkgs/audisp-ima-${version}.tar.gz
for f in "$deb" "$rpmfile" "$tarball" "$pkgs/audisp-ima.spec"; do
    [ -f "$f" ] || fatal "missing $f"
done
ok "the .deb, .rpm, source tarball and .spec are there"

# --- 2. contents -------------------------------------------------------------------------------
expected() { grep -v '^#' "$1"; }
check "deb file list, modes and owners = expected-deb.txt ($(expected "$here/expected-deb.txt" | wc -l) entries)" \
    diff -u <(expected "$here/expected-deb.txt") <(dpkg-deb -c "$deb" | awk '{print $1, $2, $6}')
rpm_list() { rpm -qp --qf '[%{FILEMODES:perms} %{FILEUSERNAME} %{FILEGROUPNAME} %{FILEFLAGS:fflags} %{FILENAMES}\n]' "$1" |
             awk 'NF==4{$5=$4; $4="-"} {print}' | grep -v ' /usr/lib/\.build-id'; }
check "rpm file list, modes, owners and %config(noreplace)/%doc/%license = expected-rpm.txt ($(expected "$here/expected-rpm.txt" | wc -l) entries)" \
    diff -u <(expected "$here/expected-rpm.txt") <(rpm_list "$rpmfile")
qlpv_has() { rpm -qlpv "$rpmfile" | awk '{print $1, $3, $4, $NF}' | grep -qx -- "$1"; }
check "rpm -qlpv: root-owned 0750 binary and 0640 configuration files" eval '
    qlpv_has "-rwxr-x--- root root /usr/sbin/audisp-ima" &&
    qlpv_has "-rw-r----- root root /etc/audit/audisp-ima.conf" &&
    qlpv_has "-rw-r----- root root /etc/audit/plugins.d/audisp-ima.conf"'

control=$work/deb-control
rm -rf "$control" && dpkg-deb -e "$deb" "$control"
field() { dpkg-deb -f "$deb" "$1"; }
check "deb: Package audisp-ima, Version $version-$release, Architecture amd64, Section admin" \
    test "$(field Package) $(field Version) $(field Architecture) $(field Section)" = "audisp-ima $version-$release amd64 admin"
depends=$(field Depends)
echo "# deb Depends: $depends"
check "deb: Depends auditd (>= 1:3.0), libssl3 (loaded, not linked) and, from dpkg-shlibdeps, libauparse0, libaudit1, libcap-ng0, libc6, libstdc++6" eval '
    [[ "$depends" == *"auditd (>= 1:3.0)"* && "$depends" == *"libauparse0 (>= "* &&
       "$depends" == *"libaudit1 (>= "* && "$depends" == *"libcap-ng0 (>= "* && "$depends" == *"libssl3 (>= 3.0.0) | libssl3t64"* &&
       "$depends" == *"libc6 (>= "* && "$depends" == *"libstdc++6 (>= "* ]]'
check "deb: conffiles lists both configuration files" \
    diff -u <(printf '/etc/audit/audisp-ima.conf\n/etc/audit/plugins.d/audisp-ima.conf\n') "$control/conffiles"
mode_is() { [ "$(stat -c '%a %U %G' "$2")" = "$1" ]; }
check "deb: postinst and postrm are 0755, conffiles 0644; no preinst/prerm" eval '
    mode_is "755 root root" "$control/postinst" && mode_is "755 root root" "$control/postrm" &&
    [ "$(stat -c %a "$control/conffiles")" = 644 ] && [ ! -e "$control/preinst" ] && [ ! -e "$control/prerm" ]'
requires() { rpm -qpR "$1" | grep -qx -- "$2"; }
check "rpm: Requires audit >= 3.0, libauparse.so.0()(64bit), libaudit.so.1()(64bit) (audit-libs), libcap-ng.so.0()(64bit), libcrypto.so.3()(64bit) (openssl-libs)" eval '
    requires "$rpmfile" "audit >= 3.0" && requires "$rpmfile" "libauparse.so.0()(64bit)" &&
    requires "$rpmfile" "libaudit.so.1()(64bit)" && requires "$rpmfile" "libcap-ng.so.0()(64bit)" &&
    requires "$rpmfile" "libcrypto.so.3()(64bit)"'
check "rpm: Name audisp-ima, Version $version, Release $release, License Apache-2.0 AND MIT" \
    test "$(rpm -qp --qf '%{NAME} %{VERSION} %{RELEASE} %{LICENSE}' "$rpmfile")" = "audisp-ima $version $release Apache-2.0 AND MIT"
rpm -qp --qf '%{POSTIN}\n' "$rpmfile" >"$work/rpm-post.sh"
rpm -qp --qf '%{POSTUN}\n' "$rpmfile" >"$work/rpm-postun.sh"
check "rpm: %post runs restorecon then reload_auditd; %postun reloads only after an erase" eval '
    grep -q "restorecon /usr/sbin/audisp-ima /etc/audit/audisp-ima.conf" "$work/rpm-post.sh" &&
    [ "$(grep -v "^ *#" "$work/rpm-post.sh" | grep -v "^$" | tail -n 1)" = reload_auditd ] &&
    grep -q "^if \[ \"\$1\" -eq 0 \]; then" "$work/rpm-postun.sh"'

# The reload_auditd function: every copy equals packaging/common/reload_auditd.sh.
blocks() { awk '/^# BEGIN reload_auditd/{on=1} on{print} /^# END reload_auditd/{on=0}' "$1"; }
same_blocks() { # FILE COUNT
    local want
    want=$(for _ in $(seq "$2"); do blocks "$src/packaging/common/reload_auditd.sh"; done)
    diff -u <(echo "$want") <(blocks "$1")
}
check "reload_auditd identical in deb postinst, deb postrm, rpm %post, rpm %postun and the .spec (x2)" eval '
    same_blocks "$control/postinst" 1 && same_blocks "$control/postrm" 1 &&
    same_blocks "$work/rpm-post.sh" 1 && same_blocks "$work/rpm-postun.sh" 1 &&
    same_blocks "$src/packaging/rpm/audisp-ima.spec" 2'
parses() { for f in "$@"; do dash -n "$f" && bash -n "$f" || return 1; done; }
check "maintainer scripts parse with dash and bash" \
    parses "$control/postinst" "$control/postrm" "$work/rpm-post.sh" "$work/rpm-postun.sh"

extract=$work/extract
rm -rf "$extract" && mkdir -p "$extract/deb" "$extract/rpm"
dpkg-deb -x "$deb" "$extract/deb"
(cd "$extract/rpm" && rpm2cpio "$rpmfile" | cpio -idm --quiet)
echo "# symbol versions of the rpm's /usr/sbin/audisp-ima (limits: RHEL 9):"
sh "$src/packaging/check-symbols.sh" "$extract/rpm/usr/sbin/audisp-ima" | sed 's/^/#   /'
check "rpm binary: GLIBC <= 2.34, GLIBCXX <= 3.4.29, CXXABI <= 1.3.13, GCC <= 7.0.0 (RHEL 9)" \
    sh "$src/packaging/check-symbols.sh" "$extract/rpm/usr/sbin/audisp-ima"
check "deb binary: GLIBC <= 2.36 (Debian 12)" \
    sh "$src/packaging/check-symbols.sh" "$extract/deb/usr/sbin/audisp-ima" 2.36 3.4.30 1.3.13 12.0.0
hardened() {
    file "$1" | grep -q ', stripped' &&
    readelf -d "$1" | grep -q 'FLAGS_1.*NOW.*PIE' && readelf -lW "$1" | grep -q GNU_RELRO
}
check "deb binary: stripped, PIE, full RELRO (bind-now)" hardened "$extract/deb/usr/sbin/audisp-ima"
# libcrypto is loaded on the first digest (plugin/libcrypto_digests.h): linked, it costs every
# plugin about 1.4 MiB of resident memory it rarely uses.
# Whole outputs compared, not piped into grep -q: under pipefail a grep that stops at its first
# match makes the writer's SIGPIPE the pipeline's status.
check "deb binary: libcrypto not linked (loaded on demand), dlopen linked" eval '
    [[ $(readelf -d "$extract/deb/usr/sbin/audisp-ima") != *"Shared library: [libcrypto"* &&
       $(nm -D "$extract/deb/usr/sbin/audisp-ima") == *" U dlopen@"* ]]'
versions_agree() {
    head -n 1 "$src/packaging/deb/changelog.Debian" | grep -q "^audisp-ima ($version-$release) " &&
    head -n 1 "$src/packaging/rpm/changelog" | grep -q " - $version-$release\$" &&
    grep -qx "Version: *$version" "$src/packaging/rpm/audisp-ima.spec" &&
    grep -qx "Release: *$release%{?dist}" "$src/packaging/rpm/audisp-ima.spec" &&
    grep -q "^\* .* - $version-$release\$" "$src/packaging/rpm/audisp-ima.spec" &&
    grep -q "\"audisp-ima $version\"" "$src/docs/man/audisp-ima.8" &&
    grep -q "\"audisp-ima $version\"" "$src/docs/man/audisp-ima.conf.5"
}
check "versions agree: changelog.Debian, rpm changelog, .spec, man pages ($version-$release)" versions_agree
tarball_ok() {
    tar tzf "$tarball" >"$work/tarball.txt" &&
    ! grep -v "^audisp-ima-$version/" "$work/tarball.txt" &&
    grep -qx "audisp-ima-$version/packaging/rpm/audisp-ima.spec" "$work/tarball.txt" &&
    grep -qx "audisp-ima-$version/CMakeLists.txt" "$work/tarball.txt" &&
    grep -qx "audisp-ima-$version/LICENSE" "$work/tarball.txt" &&
    ! grep -E "^audisp-ima-$version/(\.git|build[^/]*)/" "$work/tarball.txt"
}
check "source tarball: all under audisp-ima-$version/, spec, CMakeLists and LICENSE inside, no .git or build dirs" tarball_ok

# --- 3. lintian, rpmlint -----------------------------------------------------------------------
lintian_clean() {
    lintian -I -E --pedantic --tag-display-limit 0 "$deb" 2>&1 |
        grep -v 'running with root privileges' >"$work/lintian.txt"
    cat "$work/lintian.txt"
    [ ! -s "$work/lintian.txt" ]
}
check "lintian: no tag at any level (-I -E --pedantic) besides the justified overrides" lintian_clean
echo "# lintian overrides in use: $(grep -c '^audisp-ima:' "$src/packaging/deb/lintian-overrides")"
rpmlint_clean() {
    rpmlint -c "$src/packaging/rpm/rpmlint.toml" "$rpmfile" "$src/packaging/rpm/audisp-ima.spec" >"$work/rpmlint.txt" 2>&1
    cat "$work/rpmlint.txt"
    grep -q ' 0 errors, 0 warnings' "$work/rpmlint.txt"
}
check "rpmlint (packaging/rpm/rpmlint.toml): 0 errors, 0 warnings on the rpm and the .spec" rpmlint_clean

# --- 4. the .spec from the source tarball ------------------------------------------------------
top=$work/rpmbuild
rm -rf "$top" && mkdir -p "$top/SOURCES"
cp "$tarball" "$top/SOURCES/"
if rpmbuild -bb --nodeps --define "_topdir $top" --define "_smp_mflags -j2" \
        --load "$here/cmake-rpm-macros" "$pkgs/audisp-ima.spec" >"$log/rpmbuild.log" 2>&1; then
    ok "rpmbuild -bb audisp-ima.spec from audisp-ima-$version.tar.gz"
    specrpm=$(ls "$top"/RPMS/x86_64/audisp-ima-"$version"-*.rpm)
    check "spec rpm: same files, modes, owners and flags as the CPack rpm (expected-rpm.txt)" \
        diff -u <(expected "$here/expected-rpm.txt") <(rpm_list "$specrpm")
    code() { rpm -qp --qf "%{$1}\n" "$2" | grep -v '^ *#' | grep -v '^$'; }
    check "spec rpm: same %post and %postun code as the CPack rpm" eval '
        diff -u <(code POSTIN "$rpmfile") <(code POSTIN "$specrpm") &&
        diff -u <(code POSTUN "$rpmfile") <(code POSTUN "$specrpm")'
    check "spec rpm: Requires audit >= 3.0, libauparse.so.0()(64bit), libaudit.so.1()(64bit) and libcrypto.so.3()(64bit)" eval '
        requires "$specrpm" "audit >= 3.0" && requires "$specrpm" "libauparse.so.0()(64bit)" &&
        requires "$specrpm" "libaudit.so.1()(64bit)" && requires "$specrpm" "libcrypto.so.3()(64bit)"'
else
    tail -n 40 "$log/rpmbuild.log"
    fail "rpmbuild -bb audisp-ima.spec from audisp-ima-$version.tar.gz"
fi

# --- 5. examples and man pages ----------------------------------------------------------------
examples=$src/docs/examples
mkdir -p "$work/rsyslog"
cat >"$work/rsyslog/rsyslog.conf" <<EOF
global(workDirectory="$work/rsyslog")
module(load="imuxsock" SysSock.Use="off")
\$IncludeConfig $examples/rsyslog-audisp-ima.conf
EOF
check "examples/rsyslog-audisp-ima.conf passes rsyslogd -N1" rsyslogd -N1 -f "$work/rsyslog/rsyslog.conf"

# The same snippet in a private rsyslogd (own socket, files and work directory), the collector
# replaced by 127.0.0.1 and a port of our own. First with the collector down: the packaged
# binary's messages must reach their own file, and the forward queue must be saved to disk
# when rsyslogd stops. Then with the collector up (an imtcp input of the restarted rsyslogd,
# in a ruleset of its own so that what it receives is not matched again): the queued messages
# must arrive. Nothing of them may reach rsyslog's other rules.
rsyslog_run() { # DIR CONFIG SECONDS CONDITION...: run rsyslogd until CONDITION or the timeout
    local d=$1 conf=$2 wait=$3 pid i
    shift 3
    rsyslogd -n -f "$conf" -i "$d/rsyslogd.pid" 2>"$conf.stderr" &
    pid=$!
    for i in $(seq 50); do [ -S "$d/log.sock" ] && break; sleep 0.1; done
    [ -z "${SEND:-}" ] || "$extract/deb/usr/sbin/audisp-ima" --syslog-socket "$d/log.sock" \
        --stats-interval 0 --input "$src/examples/sample-audit.log"
    for i in $(seq $((wait * 10))); do "$@" && break; sleep 0.1; done
    kill "$pid"; wait "$pid"
}
rsyslog_live() {
    local d=$work/rsyslog-live port
    rm -rf "$d" && mkdir -p "$d"
    port=$((20000 + RANDOM % 20000))
    sed -e "s/collector\.example\.net/127.0.0.1/" -e "s/port=\"514\"/port=\"$port\"/" \
        -e "s#/var/log/audisp-ima\.log#$d/audisp-ima.log#" \
        "$examples/rsyslog-audisp-ima.conf" >"$d/snippet.conf"
    {
        echo "global(workDirectory=\"$d\")"
        echo 'module(load="imuxsock" SysSock.Use="off")'
        echo "input(type=\"imuxsock\" Socket=\"$d/log.sock\" RateLimit.Interval=\"0\")"
        echo "\$IncludeConfig $d/snippet.conf"
        echo "*.* action(type=\"omfile\" file=\"$d/everything-else.log\")"
    } >"$d/down.conf"
    {
        echo 'module(load="imtcp")'
        echo "input(type=\"imtcp\" address=\"127.0.0.1\" port=\"$port\" ruleset=\"collector\")"
        echo "ruleset(name=\"collector\") { action(type=\"omfile\" file=\"$d/collector.log\") }"
        cat "$d/down.conf"
    } >"$d/up.conf"
    SEND=1 rsyslog_run "$d" "$d/down.conf" 3 false
    echo "collector down: $(wc -l <"$d/audisp-ima.log") lines in the file; queue files: $(ls "$d" | grep -c '^audisp-ima-forward')"
    grep -q 'audisp-ima\[[0-9]*\]: {.*"/opt/sudo"' "$d/audisp-ima.log" || return 1
    ls "$d" | grep -q '^audisp-ima-forward' || return 1
    [ ! -e "$d/collector.log" ] || return 1
    rsyslog_run "$d" "$d/up.conf" 20 sh -c "[ \"\$(wc -l <'$d/collector.log' 2>/dev/null)\" = \"\$(wc -l <'$d/audisp-ima.log')\" ]"
    echo "collector up: $(wc -l <"$d/collector.log" 2>/dev/null) lines arrived"
    grep -q 'audisp-ima\[[0-9]*\].*"/opt/sudo"' "$d/collector.log" &&
        [ "$(wc -l <"$d/audisp-ima.log")" = "$(wc -l <"$d/collector.log")" ] &&
        ! grep -q audisp-ima "$d/everything-else.log" 2>/dev/null
}
check "examples/rsyslog-audisp-ima.conf live: own file; collector down: queue saved to disk; collector up: all delivered; nowhere else" rsyslog_live
profile=$examples/apparmor-usr.sbin.audisp-ima
check "examples/apparmor-usr.sbin.audisp-ima parses (apparmor_parser -QTK: compiled, not loaded)" \
    apparmor_parser -QTK "$profile"
# As auditd runs it (stdin, not --input), without touching the host's state file or IMA list.
plugin_run() { "$@" --output stdout --stats-interval 0 --state-file none --measurement-list none \
    <"$src/examples/sample-audit.log"; }
# The profile grants setpcap (to cut the bounding set at start-up), sys_ptrace (to seed the
# process table from every process's /proc/PID/exe at start-up) and exactly the capabilities the
# packaged binary says it keeps once started.
apparmor_capabilities() {
    local kept granted
    kept=$(plugin_run "$extract/deb/usr/sbin/audisp-ima" 2>&1 >/dev/null |
        sed -n 's/.*capabilities dropped, kept: \([^;]*\);.*/\1/p' | tr -d ' ' | tr ',' '\n' | sed 's/^cap_//' | sort)
    granted=$(sed -n 's/^ *capability \([a-z_]*\),.*/\1/p' "$profile" | grep -vxE 'setpcap|sys_ptrace' | sort)
    echo "kept by the plugin: $kept; granted by the profile besides setpcap and sys_ptrace: $granted"
    [ -n "$kept" ] && [ "$kept" = "$granted" ]
}
check "examples/apparmor-usr.sbin.audisp-ima: capabilities are setpcap and what the plugin keeps" apparmor_capabilities
# Loaded (enforce) where the kernel has AppArmor: a copy under a name of its own, attached to no
# path, allowing the extracted binary and this test's files; the confined run must write what
# the unconfined one writes, with no denial logged for that profile.
apparmor_enforced() {
    local d=$work/apparmor name=audisp-ima-packaging-test bin=$extract/deb/usr/sbin/audisp-ima
    rm -rf "$d" && mkdir -p "$d"
    sed -e "s|^profile audisp-ima /usr/sbin/audisp-ima {|profile $name {|" \
        -e "s|^  /usr/sbin/audisp-ima mr,|  $bin mr,\n  $d/** rw,|" "$profile" >"$d/profile"
    grep -q "^profile $name {" "$d/profile" || return 1
    apparmor_parser -r -K "$d/profile" || return 1
    plugin_run "$bin" >"$d/unconfined.out" 2>"$d/unconfined.err"
    plugin_run aa-exec -p "$name" -- "$bin" >"$d/confined.out" 2>"$d/confined.err"
    local rc=$?
    apparmor_parser -R "$d/profile"
    cat "$d/confined.err"
    [ "$rc" = 0 ] && [ -s "$d/unconfined.out" ] && diff -u "$d/unconfined.out" "$d/confined.out" &&
        grep -q "capabilities dropped, kept: cap_dac_read_search; no_new_privs set" "$d/confined.err" &&
        ! { dmesg 2>/dev/null; journalctl -k -q --no-pager 2>/dev/null; } | grep "apparmor=\"DENIED\".*profile=\"$name\""
}
if aa-enabled -q 2>/dev/null; then
    check "examples/apparmor-usr.sbin.audisp-ima loaded (enforce): same output as unconfined, no denial" apparmor_enforced
else
    echo "# SKIP examples/apparmor-usr.sbin.audisp-ima not loaded: AppArmor is not enabled in this kernel ($(aa-enabled 2>&1)); parsed and compiled only"
fi
ima_policy_ok() {
    local f=$examples/ima-policy
    ! grep -qx '' "$f" && diff <(grep -v '^#' "$f") <(printf '%s\n' 'measure func=BPRM_CHECK mask=MAY_EXEC' 'audit func=BPRM_CHECK mask=MAY_EXEC')
}
check "examples/ima-policy: measure and audit BPRM_CHECK MAY_EXEC, comments, no blank line" ima_policy_ok
check "examples/audisp-ima-exec.rules: execve and execveat, b64 and b32" eval '
    grep -qx -- "-a always,exit -F arch=b64 -S execve,execveat -k exec" "$examples/audisp-ima-exec.rules" &&
    grep -qx -- "-a always,exit -F arch=b32 -S execve,execveat -k exec" "$examples/audisp-ima-exec.rules"'
check "examples/audisp-ima-lifecycle.rules: clone,fork,vfork and exit_group, b64 and b32, and nothing else" eval '
    diff <(grep -v "^#" "$examples/audisp-ima-lifecycle.rules") <(printf "%s\n" \
        "-a always,exit -F arch=b64 -S clone,fork,vfork -k fork" "-a always,exit -F arch=b32 -S clone,fork,vfork -k fork" \
        "-a always,exit -F arch=b64 -S exit_group -k exit" "-a always,exit -F arch=b32 -S exit_group -k exit")'
man_clean() {
    local p out
    for p in "$@"; do
        out=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l -Tutf8 -Z "$p" 2>&1 >/dev/null)
        [ -z "$out" ] || { echo "$p: $out"; return 1; }
    done
}
check "man pages render without groff/man warnings" \
    man_clean "$extract/deb/usr/share/man/man8/audisp-ima.8.gz" "$extract/deb/usr/share/man/man5/audisp-ima.conf.5.gz"

# --- 6. the .deb in a clean Debian 12 root -----------------------------------------------------
root=$work/debian12
fake_pid=
cleanup() {
    [ -n "$fake_pid" ] && kill "$fake_pid" 2>/dev/null
    mountpoint -q "$root/proc" 2>/dev/null && umount "$root/proc"
}
trap cleanup EXIT
rm -rf "$root"
echo "# mmdebstrap: Debian 12 minbase + $(basename "$deb") (and its dependencies, from the mirror)"
if ! mmdebstrap --variant=minbase --hook-dir=/usr/share/mmdebstrap/hooks/file-mirror-automount \
        --include="$deb" bookworm "$root" >"$log/mmdebstrap.log" 2>&1; then
    tail -n 30 "$log/mmdebstrap.log"
    fatal "mmdebstrap of a Debian 12 root with the .deb (network to the Debian mirror needed)"
fi
ok "mmdebstrap installs the .deb and its dependencies into a clean Debian 12 root"
status_is() { [ "$(chroot "$root" dpkg-query -W -f '${Status} ${Version}' "$1" 2>/dev/null)" = "$2" ]; }
check "dpkg: audisp-ima $version-$release installed, auditd and libauparse0 pulled in" eval '
    status_is audisp-ima "install ok installed $version-$release" &&
    [[ "$(chroot "$root" dpkg-query -W -f "\${Status}" auditd)" == "install ok installed" ]] &&
    [[ "$(chroot "$root" dpkg-query -W -f "\${Status}" libauparse0)" == "install ok installed" ]]'
check "installed: audisp-ima --version prints 'audisp-ima $version'" eval '
    [ "$(chroot "$root" /usr/sbin/audisp-ima --version)" = "audisp-ima $version" ]'
check "installed: audisp-ima --check-config /etc/audit/audisp-ima.conf exits 0" \
    chroot "$root" /usr/sbin/audisp-ima --check-config /etc/audit/audisp-ima.conf
check "installed: plugins.d file and binary pass auditd's parser rules" bash "$here/check_plugins_conf.sh" "$root"
check "installed: modes and owners (binary 0750, configs 0640, /etc/audit and plugins.d 0750, root)" eval '
    mode_is "750 root root" "$root/usr/sbin/audisp-ima" &&
    mode_is "640 root root" "$root/etc/audit/audisp-ima.conf" &&
    mode_is "640 root root" "$root/etc/audit/plugins.d/audisp-ima.conf" &&
    mode_is "750 root root" "$root/etc/audit" && mode_is "750 root root" "$root/etc/audit/plugins.d"'
sample_converts() {
    local out
    out=$(chroot "$root" /usr/sbin/audisp-ima --output stdout --stats-interval 0 \
              --input /usr/share/doc/audisp-ima/examples/sample-audit.log) || return 1
    echo "$out" | head -n 3
    [[ "$out" == *'"/opt/sudo"'* ]]
}
check "installed: the bundled sample log converts (an /opt/sudo execution comes out)" sample_converts

# Maintainer scripts against a stand-in auditd: a process named auditd whose pid is in
# /run/auditd.pid and which logs the SIGHUPs it gets, and an auditctl that logs its arguments
# and fails (as it does where the audit netlink socket is unavailable), so that the kill -HUP
# fallback delivers the signal. Everything below writes inside "$root" only.
[ -d "$root/usr/sbin" ] || fatal "no Debian root at $root"
fake=$root/tmp/fake
mkdir -p "$fake"
printf '%s\n' '#!/bin/sh' \
    "trap 'echo HUP >> /tmp/fake/hup.log' HUP" \
    "trap 'exit 0' TERM" \
    'while :; do sleep 1 & wait $!; done' >"$fake/auditd"
chmod 755 "$fake/auditd"
mv "$root/usr/sbin/auditctl" "$fake/auditctl.real"
printf '#!/bin/sh\necho "$*" >> /tmp/fake/auditctl.log\nexit 1\n' >"$root/usr/sbin/auditctl"
chmod 755 "$root/usr/sbin/auditctl"
hups() { sleep 1.5; cat "$fake/hup.log" 2>/dev/null | wc -l; }
postinst=/var/lib/dpkg/info/audisp-ima.postinst
check "postinst without auditd running: says so, signals nothing" eval '
    chroot "$root" $postinst configure | tee /dev/stderr | grep -q "auditd is not running" &&
    [ ! -e "$fake/auditctl.log" ]'
mount --bind /proc "$root/proc"
chroot "$root" /tmp/fake/auditd &
fake_pid=$!
sleep 0.5
echo "$fake_pid" >"$root/run/auditd.pid"
check "stand-in auditd runs (comm auditd, pid in /run/auditd.pid)" eval '[ "$(cat /proc/$fake_pid/comm)" = auditd ]'
check "postinst configure: auditctl --signal hup, then SIGHUP to auditd, which keeps running" eval '
    chroot "$root" $postinst configure "$version-$release" &&
    [ "$(hups)" = 1 ] && grep -qx -- "--signal hup" "$fake/auditctl.log" && kill -0 $fake_pid'
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
chmod 755 "$root/usr/sbin/policy-rc.d"
check "postinst with a policy-rc.d that forbids actions: auditd not signalled" eval '
    chroot "$root" $postinst configure "$version-$release" | grep -q "policy-rc.d forbids" && [ "$(hups)" = 1 ]'
rm -f "$root/usr/sbin/policy-rc.d"
check "dpkg --remove: binary gone, conffiles kept, auditd told to reload (SIGHUP)" eval '
    chroot "$root" dpkg --remove audisp-ima && [ "$(hups)" = 2 ] &&
    [ ! -e "$root/usr/sbin/audisp-ima" ] && [ -f "$root/etc/audit/plugins.d/audisp-ima.conf" ] &&
    [ -f "$root/etc/audit/audisp-ima.conf" ]'
check "dpkg --purge: conffiles removed, auditd's /etc/audit/plugins.d kept" eval '
    chroot "$root" dpkg --purge audisp-ima &&
    [ ! -e "$root/etc/audit/plugins.d/audisp-ima.conf" ] && [ ! -e "$root/etc/audit/audisp-ima.conf" ] &&
    [ -d "$root/etc/audit/plugins.d" ] && ! status_is audisp-ima "install ok installed $version-$release"'

# --- 7. the rpm --------------------------------------------------------------------------------
scratch=$work/rpmroot
rm -rf "$scratch" && mkdir -p "$scratch"
check "rpm --root (empty scratch root) -i --nodeps --noscripts installs" eval '
    rpm --root "$scratch" --initdb && rpm --root "$scratch" -i --nodeps --noscripts "$rpmfile"'
check "rpm scratch root: modes and owners, %config files, rpm -V clean" eval '
    mode_is "750 root root" "$scratch/usr/sbin/audisp-ima" &&
    mode_is "640 root root" "$scratch/etc/audit/audisp-ima.conf" &&
    mode_is "640 root root" "$scratch/etc/audit/plugins.d/audisp-ima.conf" &&
    mode_is "644 root root" "$scratch/usr/share/man/man8/audisp-ima.8.gz" &&
    mode_is "644 root root" "$scratch/usr/share/doc/audisp-ima/LICENSE" &&
    [ "$(rpm --root "$scratch" -qc audisp-ima | sort | tr "\n" " ")" = "/etc/audit/audisp-ima.conf /etc/audit/plugins.d/audisp-ima.conf " ] &&
    rpm --root "$scratch" -V --nodeps audisp-ima'
check "rpm scratch root: plugins.d file and binary pass auditd's parser rules" bash "$here/check_plugins_conf.sh" "$scratch"

# The same rpm into the Debian root (which has /bin/sh and the libraries), scriptlets included;
# a restorecon stand-in logs its arguments.
printf '#!/bin/sh\necho "$*" >> /tmp/fake/restorecon.log\n' >"$root/usr/sbin/restorecon"
chmod 755 "$root/usr/sbin/restorecon"
check "rpm -i in the Debian root: %post runs restorecon on the 3 files and reloads auditd" eval '
    rpm --root "$root" --initdb && rpm --root "$root" -i --nodeps "$rpmfile" && [ "$(hups)" = 3 ] &&
    grep -qx "/usr/sbin/audisp-ima /etc/audit/audisp-ima.conf /etc/audit/plugins.d/audisp-ima.conf" "$fake/restorecon.log"'
check "rpm-installed binary runs there: --version, --check-config" eval '
    [ "$(chroot "$root" /usr/sbin/audisp-ima --version)" = "audisp-ima $version" ] &&
    chroot "$root" /usr/sbin/audisp-ima --check-config /etc/audit/audisp-ima.conf'
check "rpm -e: files and the unchanged configuration removed, auditd reloaded" eval '
    rpm --root "$root" -e audisp-ima && [ "$(hups)" = 4 ] &&
    [ ! -e "$root/usr/sbin/audisp-ima" ] && [ ! -e "$root/etc/audit/plugins.d/audisp-ima.conf" ]'

cleanup
trap - EXIT
if [ "$failed" -eq 0 ]; then
    rm -rf "$root" "$scratch" "$top"    # ~250 MB; kept for a look when something failed
fi
finish
