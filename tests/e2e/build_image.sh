#!/bin/bash
# Builds the Debian 12 guest for the end-to-end test: an ext4 root file system image plus the
# kernel and initrd to boot it with. Usage: build_image.sh OUTDIR (run as root; run_e2e.sh calls
# it and caches OUTDIR, keyed by a hash of this file and of image/).
#
# What the image holds (and nothing of this project's own code: the package, its configuration
# and the scenario come in at boot on a second disk, so changing them needs no new image):
#   - Debian 12 minbase + linux-image-amd64, systemd-sysv, udev, auditd, rsyslog, libauparse0 (the
#     plugin's library), jq (the scenario writes its record with it), no recommends, no docs;
#   - the IMA policy /etc/ima/ima-policy (systemd writes it to the kernel at boot): measure (the
#     runtime measurement list) and audit (INTEGRITY_RULE records) every file executed:
#     measure func=BPRM_CHECK mask=MAY_EXEC
#     audit func=BPRM_CHECK mask=MAY_EXEC
#     (measure and audit are separate action classes: the first matching rule of each applies);
#   - /usr/local/sbin/e2e-init-measure-only (image/): the second boot's init=, which replaces
#     that policy by `measure func=BPRM_CHECK mask=MAY_EXEC` alone before systemd loads it;
#   - the audit rules /etc/audit/rules.d/exec.rules (execve and execveat, b64 and b32, key exec);
#   - an unprivileged user e2e (uid 1001) for the scenario's non-root run;
#   - two units from image/: e2e-setup.service (before auditd and rsyslog: unpack the payload
#     from /dev/vdb, run its setup.sh) and e2e-scenario.service (after auditd and rsyslog: run
#     the payload's scenario.sh, which installs the package, runs the executions, writes the
#     results to /dev/vdc and powers off).
# Environment: AUDISP_IMA_E2E_MIRROR: a Debian mirror URL for mmdebstrap (default: its own).
set -euo pipefail
out=${1:?usage: build_image.sh OUTDIR}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mkdir -p "$out"
out=$(cd "$out" && pwd)
root=$out/rootfs
rm -rf "$root"

packages=linux-image-amd64,systemd-sysv,udev,kmod,auditd,rsyslog,libauparse0,jq,procps
mirror=()
[ -n "${AUDISP_IMA_E2E_MIRROR:-}" ] && mirror=("$AUDISP_IMA_E2E_MIRROR")

# initramfs-tools: only the modules a QEMU virtio guest needs to mount its root (MODULES=most
# would pack hundreds of drivers and take far longer to build).
essential_hook='mkdir -p "$1/etc/initramfs-tools/conf.d" "$1/usr/share/initramfs-tools/modules.d"
echo MODULES=list > "$1/etc/initramfs-tools/conf.d/e2e.conf"
echo COMPRESS=gzip >> "$1/etc/initramfs-tools/conf.d/e2e.conf"
printf "%s\n" virtio_pci virtio_blk virtio_console ext4 crc32c_generic > "$1/usr/share/initramfs-tools/modules.d/e2e"'

customize_hook='set -e
echo vm-e2e > "$1/etc/hostname"
printf "127.0.0.1 localhost\n127.0.1.1 vm-e2e\n" > "$1/etc/hosts"
printf "/dev/vda / ext4 rw,errors=remount-ro 0 0\n" > "$1/etc/fstab"
mkdir -p "$1/etc/ima"
printf "# measure (add to the runtime measurement list) and audit (log a hash of) every file\n# executed as a program\nmeasure func=BPRM_CHECK mask=MAY_EXEC\naudit func=BPRM_CHECK mask=MAY_EXEC\n" > "$1/etc/ima/ima-policy"
printf -- "-a always,exit -F arch=b64 -S execve,execveat -k exec\n-a always,exit -F arch=b32 -S execve,execveat -k exec\n" > "$1/etc/audit/rules.d/exec.rules"
chroot "$1" useradd --create-home --uid 1001 --user-group --shell /bin/bash e2e
install -m 0755 '"$here"'/image/e2e-setup '"$here"'/image/e2e-init-measure-only "$1/usr/local/sbin/"
install -m 0644 '"$here"'/image/e2e-setup.service '"$here"'/image/e2e-scenario.service "$1/etc/systemd/system/"
chroot "$1" systemctl enable e2e-setup.service e2e-scenario.service
chroot "$1" systemctl mask systemd-journald-audit.socket e2scrub_reap.service serial-getty@ttyS0.service getty@tty1.service getty-static.service apt-daily.timer apt-daily-upgrade.timer e2scrub_all.timer fstrim.timer systemd-timesyncd.service 2>/dev/null || true
chroot "$1" systemctl set-default multi-user.target
cp -L "$1"/boot/vmlinuz-* '"$out"'/vmlinuz
cp -L "$1"/boot/initrd.img-* '"$out"'/initrd.img
chroot "$1" dpkg-query -W -f "\${Package} \${Version}\n" > '"$out"'/packages.txt
rm -rf "$1"/var/cache/apt/* "$1"/var/lib/apt/lists/*'

mmdebstrap --variant=minbase --mode=root --format=directory \
    --include="$packages" \
    --aptopt='APT::Install-Recommends "false"' \
    --dpkgopt='path-exclude=/usr/share/doc/*' \
    --dpkgopt='path-exclude=/usr/share/man/*' \
    --dpkgopt='path-exclude=/usr/share/locale/*' \
    --dpkgopt='path-exclude=/usr/share/info/*' \
    --essential-hook="$essential_hook" \
    --customize-hook="$customize_hook" \
    bookworm "$root" "${mirror[@]}"

# The root file system: ext4 made straight from the directory (no loop mount, no privileges
# beyond owning the files). 2 GiB, sparse on the host.
rm -f "$out/root.img"
truncate -s 2G "$out/root.img"
mkfs.ext4 -q -F -L e2e-root -E root_owner=0:0 -d "$root" "$out/root.img"
rm -rf "$root"
echo "image ready: $out/root.img ($(du -h --apparent-size "$out/root.img" | cut -f1) apparent, $(du -h "$out/root.img" | cut -f1) used)"
