#!/bin/bash
# End-to-end test on a real kernel: Debian 12 (linux-image-amd64 6.1, auditd 3.0.9, rsyslog) in
# QEMU, with IMA auditing every execution, the audit rules for execve/execveat, and audisp-ima
# installed from the project's own .deb. A scenario runs in the guest and records what it ran;
# the checker (check.sh) compares that record with what the plugin wrote to syslog.
#
# Usage: run_e2e.sh [BUILD_DIR [SOURCE_DIR]]      (ctest: "e2e: real kernel (QEMU)")
#   BUILD_DIR   a configured and built tree of this project (default: SOURCE_DIR/build)
# Environment:
#   AUDISP_IMA_E2E_CACHE    where the VM image is cached (default ${XDG_CACHE_HOME:-/var/tmp}/audisp-ima-e2e)
#   AUDISP_IMA_E2E_WORK     this run's files: payload, console log, results (default BUILD_DIR/e2e)
#   AUDISP_IMA_E2E_REBUILD=1  build the image again even when cached
#   AUDISP_IMA_E2E_REQUIRE=1  a missing prerequisite fails the test instead of skipping it
#   AUDISP_IMA_E2E_MIRROR   Debian mirror URL for the image build (default: mmdebstrap's)
# Prints "ok"/"FAIL" per assertion and, last, exactly "N passed, N failed"; exits non-zero when
# anything failed. Prints "SKIP: reason" and exits 0 when it cannot run here (no QEMU, ...).
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
src=$(cd "${2:-$here/../..}" && pwd)
build=${1:-$src/build}
[ -d "$build" ] || { echo "FAIL - build directory $build does not exist"; echo "0 passed, 1 failed"; exit 1; }
build=$(cd "$build" && pwd)
work=${AUDISP_IMA_E2E_WORK:-$build/e2e}
cache=${AUDISP_IMA_E2E_CACHE:-${XDG_CACHE_HOME:-/var/tmp}/audisp-ima-e2e}
t_start=$(date +%s)

skip() {
    local reason=$*
    if [ "${AUDISP_IMA_E2E_REQUIRE:-0}" = 1 ]; then
        echo "FAIL - prerequisite missing (AUDISP_IMA_E2E_REQUIRE=1): $reason"
        echo "0 passed, 1 failed"
        exit 1
    fi
    echo "**********************************************************************"
    echo "SKIP: $reason"
    echo "      (the real-kernel end-to-end test did not run; see tests/e2e/README.md)"
    echo "**********************************************************************"
    exit 0
}
note() { echo "note - $*"; }
elapsed() { echo $(($(date +%s) - $1)); }

# shellcheck source=check.sh
. "$here/check.sh"

# --- prerequisites ---------------------------------------------------------------------------
command -v qemu-system-x86_64 >/dev/null ||
    skip "qemu-system-x86_64 is not installed (apt-get install qemu-system-x86)"
probe=$(echo quit | timeout 30 qemu-system-x86_64 -accel tcg -machine none -nodefaults -display none \
    -S -monitor stdio 2>&1) || skip "qemu-system-x86_64 cannot start here: $(echo "$probe" | tail -2 | tr '\n' ' ')"
command -v jq >/dev/null || skip "jq is not installed (apt-get install jq)"
command -v gcc >/dev/null || skip "gcc is not installed (apt-get install build-essential)"
[ -x "$build/audisp-ima" ] || skip "$build/audisp-ima is not built"

# --- the VM image (cached) ---------------------------------------------------------------------
# Keyed by the recipe: build_image.sh and the files it bakes in (image/).
key=$(cat "$here/build_image.sh" "$here"/image/* | sha256sum | cut -c1-16)
image=$cache/image-$key
t_image=$(date +%s)
image_built=no
if [ "${AUDISP_IMA_E2E_REBUILD:-0}" = 1 ] || [ ! -f "$image/READY" ]; then
    [ "$(id -u)" = 0 ] || skip "building the VM image needs root (mmdebstrap, chroot); none cached in $cache"
    command -v mmdebstrap >/dev/null || skip "mmdebstrap is not installed (apt-get install mmdebstrap)"
    command -v mkfs.ext4 >/dev/null || skip "mkfs.ext4 is not installed (apt-get install e2fsprogs)"
    mkdir -p "$cache"
    exec 9> "$cache/.lock"
    flock 9   # another run may be building the same image
    if [ "${AUDISP_IMA_E2E_REBUILD:-0}" = 1 ] || [ ! -f "$image/READY" ]; then
        echo "building the VM image in $image (about 1-2 minutes; log: $cache/build-$key.log)"
        rm -rf "$image" "$image.tmp"
        if timeout 420 bash "$here/build_image.sh" "$image.tmp" > "$cache/build-$key.log" 2>&1; then
            touch "$image.tmp/READY"
            mv "$image.tmp" "$image"
            image_built=yes
            # Older images (other recipes) are 700 MB each: keep only this one.
            for old in "$cache"/image-*; do [ "$old" = "$image" ] || rm -rf "$old"; done
        else
            tail -30 "$cache/build-$key.log"
            rm -rf "$image.tmp"
            check "the VM image builds (mmdebstrap; log $cache/build-$key.log)" false
            summary
            exit 1
        fi
    fi
    exec 9>&-
fi
t_image=$(elapsed "$t_image")
echo "info - VM image $image ($([ $image_built = yes ] && echo "built in ${t_image} s" || echo cached))"

# --- this run's payload: the package, the configuration, the scenario ------------------------
rm -rf "$work"
mkdir -p "$work/payload"
payload=$work/payload
cp "$here"/guest/setup.sh "$here"/guest/scenario.sh "$here"/guest/audisp-ima.conf \
    "$here"/guest/rsyslog-e2e.conf "$payload/"
gcc -static -O2 -Wall -o "$payload/e2e-exec" "$here/guest/e2e_exec.c" > "$work/gcc.log" 2>&1 ||
    skip "cannot build a static test helper (gcc -static: $(tail -1 "$work/gcc.log")); apt-get install build-essential"

# The project's .deb, made by its CPack configuration (packaging/). Packages need the prefix
# /usr (the configuration files go to /etc only then): a BUILD_DIR configured so is packed
# as it is; any other gets a package build of its own in BUILD_DIR/e2e-pkg-build (configured
# with -DCMAKE_INSTALL_PREFIX=/usr, built once, then incrementally). Without packaging in the
# tree, loudly, the files of `cmake --install --prefix /usr`.
install_how=""
cpack_deb() {  # cpack_deb BUILD_TREE: the .deb into $work/cpack; its path on stdout
    local tree=$1 deb
    (cd "$tree" && cpack -G DEB -B "$work/cpack") >> "$work/cpack.log" 2>&1 || return 1
    deb=$(ls -t "$work"/cpack/*.deb "$tree"/packages/*.deb 2>/dev/null | head -1)
    [ -n "$deb" ] && echo "$deb"
}
if [ -f "$src/packaging/Packaging.cmake" ]; then
    t_pkg=$(date +%s)
    deb=""
    prefix=$(sed -n 's/^CMAKE_INSTALL_PREFIX:PATH=//p' "$build/CMakeCache.txt" 2>/dev/null)
    # The packaging test ("packaging: deb and rpm", which ctest runs first) leaves the package
    # users get in BUILD_DIR/tests/packaging/build/packages; when it is newer than this build's
    # binary it was built from the same sources, and another package build would repeat it.
    packaged=$(ls -t "$build"/tests/packaging/build/packages/*.deb 2>/dev/null | head -1)
    if [ -n "$packaged" ] && [ "$packaged" -nt "$build/audisp-ima" ]; then
        pkg_tree=$build/tests/packaging/build
        deb=$packaged
        deb_from="the packaging test's, in $pkg_tree"
    elif [ "$prefix" = /usr ] && [ -f "$build/CPackConfig.cmake" ]; then
        pkg_tree=$build
        deb=$(cpack_deb "$build")
    else
        pkg_tree=$build/e2e-pkg-build
        note "$build has the install prefix '${prefix:-?}', packages need /usr: building the package in $pkg_tree"
        build_type=$(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$build/CMakeCache.txt" 2>/dev/null)
        if cmake -S "$src" -B "$pkg_tree" -DCMAKE_INSTALL_PREFIX=/usr -DBUILD_TESTING=OFF \
                -DCMAKE_BUILD_TYPE="${build_type:-RelWithDebInfo}" > "$work/pkg-build.log" 2>&1 &&
            cmake --build "$pkg_tree" -j2 >> "$work/pkg-build.log" 2>&1; then
            deb=$(cpack_deb "$pkg_tree")
        else
            tail -20 "$work/pkg-build.log"
        fi
    fi
    if check "the project's .deb builds (${deb_from:-cpack -G DEB in $pkg_tree}, $(elapsed "$t_pkg") s): ${deb##*/}" test -n "$deb"; then
        mkdir -p "$payload/deb"
        cp "$deb" "$payload/deb/"
        install_how=deb
    else
        tail -20 "$work/cpack.log" 2>/dev/null
    fi
fi
if [ -z "$install_how" ]; then
    echo "**********************************************************************"
    echo "NOTE: no .deb (no packaging/ in the tree, or it failed to build):"
    echo "      installing the files of 'cmake --install --prefix /usr' into the guest instead"
    echo "**********************************************************************"
    stage=$work/stage
    if DESTDIR=$stage cmake --install "$build" --prefix /usr > "$work/install.log" 2>&1; then
        # The configuration files go to the sysconfdir fixed when the tree was configured:
        # /etc only for CMAKE_INSTALL_PREFIX=/usr (/usr/local/etc for the default prefix).
        # auditd reads /etc/audit, so move them there.
        if [ ! -e "$stage/etc/audit/plugins.d/audisp-ima.conf" ]; then
            conf=$(find "$stage" -path '*/audit/plugins.d/audisp-ima.conf' | head -1)
            if [ -n "$conf" ]; then
                note "moving ${conf#"$stage"} and its audit/ directory to /etc/audit (tree configured with another prefix)"
                mkdir -p "$stage/etc"
                mv "$(dirname "$(dirname "$conf")")" "$stage/etc/audit"
            fi
        fi
        tar -C "$stage" --owner=0 --group=0 --numeric-owner -cf "$payload/install.tar" .
        install_how=cmake-install
    else
        cat "$work/install.log"
        check "cmake --install into a staging directory" false
        summary
        exit 1
    fi
fi

# AppArmor userspace for the guest: the image's kernel has AppArmor, the image has no
# apparmor_parser. Debian's apparmor .deb of the image's libapparmor1 version goes into the
# payload (the scenario installs it at boot, so the cached image stays as it is), kept in
# CACHE/debs: from the host's apt cache if it has that file, else `apt-get download`. Without it
# the profile is not tested, loudly (a failure with AUDISP_IMA_E2E_REQUIRE=1: check.sh).
aa_ver=$(awk '$1 == "libapparmor1" { print $2 }' "$image/packages.txt" 2>/dev/null)
aa_why=""
if [ -z "$aa_ver" ]; then
    aa_why="the image's packages.txt has no libapparmor1"
elif ! command -v dpkg-deb >/dev/null; then
    aa_why="dpkg-deb is not installed"
else
    aa_file=apparmor_${aa_ver//:/%3a}_amd64.deb
    mkdir -p "$cache/debs"
    if [ ! -s "$cache/debs/$aa_file" ]; then
        if [ -s "/var/cache/apt/archives/$aa_file" ]; then
            cp "/var/cache/apt/archives/$aa_file" "$cache/debs/"
        else
            (cd "$cache/debs" && apt-get download "apparmor=$aa_ver") > "$work/apt-download.log" 2>&1
        fi
    fi
    if [ "$(dpkg-deb -f "$cache/debs/$aa_file" Package Version 2>/dev/null | tr '\n' ' ')" = "Package: apparmor Version: $aa_ver " ]; then
        mkdir -p "$payload/apparmor"
        cp "$cache/debs/$aa_file" "$payload/apparmor/"
    else
        aa_why="no $aa_file (not in /var/cache/apt/archives, apt-get download failed: $(tail -1 "$work/apt-download.log" 2>/dev/null))"
    fi
fi
if [ -n "$aa_why" ]; then
    echo "**********************************************************************"
    echo "SKIP (AppArmor part): $aa_why:"
    echo "      the guest boots without AppArmor userspace, the profile is not loaded"
    echo "**********************************************************************"
fi
tar -C "$payload" --owner=0 --group=0 --numeric-owner -cf "$work/payload.tar" .

# --- boot, run the scenario, power off ----------------------------------------------------------
# boot_guest NAME EXTRA_KERNEL_ARGS: boots the cached image (snapshot=on: it stays clean) with
# this run's payload; the scenario writes its results as a tar to a third disk, unpacked into
# $work/NAME. Sets t_vm and qemu_rc.
boot_guest() {
    local name=$1 extra=$2
    rm -rf "$work/$name" "$work/$name.img"
    mkdir -p "$work/$name"
    truncate -s 256M "$work/$name.img"
    t_vm=$(date +%s)
    timeout 420 qemu-system-x86_64 -accel tcg -cpu max -m 2048 -smp 2 \
        -nodefaults -display none -no-reboot -monitor none -serial "file:$work/console-$name.log" \
        -kernel "$image/vmlinuz" -initrd "$image/initrd.img" \
        -append "root=/dev/vda rw console=ttyS0 ima_hash=sha256 audit=1 audit_backlog_limit=8192 panic=-1 fsck.mode=skip${extra:+ $extra}" \
        -drive "file=$image/root.img,format=raw,if=virtio,snapshot=on" \
        -drive "file=$work/payload.tar,format=raw,if=virtio,readonly=on" \
        -drive "file=$work/$name.img,format=raw,if=virtio" \
        > "$work/qemu-$name.log" 2>&1
    qemu_rc=$?
    t_vm=$(elapsed "$t_vm")
    echo "info - guest ($name boot) ran ${t_vm} s (qemu exit $qemu_rc)"
    tar -xf "$work/$name.img" -C "$work/$name" 2>/dev/null
    if ! check "the guest booted ($name), ran the scenario and wrote its results (qemu exit $qemu_rc, ${t_vm} s)" \
        test -f "$work/$name/COMPLETE"; then
        echo "--- last lines of the console ($work/console-$name.log):"
        tail -40 "$work/console-$name.log"
        return 1
    fi
}
install_checked() {  # install_checked DIR
    local f=$1/facts.json
    fact() { jq -r --arg k "$1" '.[$k] // ""' "$f" 2>/dev/null; }
    if [ "$install_how" = deb ]; then
        check "dpkg -i installed the .deb on the running guest ($(fact boot) boot) and its postinst got auditd to start the plugin (pid $(fact plugin_pid_installed))" \
            test "$(fact install_method)" = deb -a "$(fact install_rc)" = 0 -a -n "$(fact plugin_pid_installed)"
    else
        check "the cmake --install files unpacked on the running guest ($(fact boot) boot) and service auditd reload started the plugin (pid $(fact plugin_pid_installed))" \
            test "$(fact install_method)" = cmake-install -a "$(fact install_rc)" = 0 -a -n "$(fact plugin_pid_installed)"
    fi
}

# The primary boot: IMA policy measure + audit, the whole scenario.
echo "info - booting the guest (QEMU TCG; about 2-3 minutes); console: $work/console-out.log"
boot_guest out "" || { summary; exit 1; }
t_vm1=$t_vm
install_checked "$work/out"
# The second, short boot: a measure-only IMA policy (init= replaces /etc/ima/ima-policy before
# systemd loads it), a few executions whose hashes can only come from the measurement list.
echo "info - booting the guest again with a measure-only IMA policy (about 1 minute); console: $work/console-out2.log"
t_vm2=0
if boot_guest out2 "init=/usr/local/sbin/e2e-init-measure-only e2e.boot=measure-only"; then
    t_vm2=$t_vm
    install_checked "$work/out2"
fi

check_results "$work/out" "$work/out2"
echo "info - time: total $(elapsed "$t_start") s (image $([ $image_built = yes ] && echo "built ${t_image} s" || echo cached), guest ${t_vm1} s + ${t_vm2} s); results in $work/out and $work/out2"
summary
[ "$failed" -eq 0 ]
