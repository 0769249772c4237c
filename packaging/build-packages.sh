#!/bin/bash
# Builds the audisp-ima packages with CPack:
#
#   packaging/build-packages.sh [BUILD_DIR]        (default: build-pkg in the source tree)
#
# Writes to BUILD_DIR/packages/:
#   audisp-ima_VERSION-1_amd64.deb      Debian 12 (and later)
#   audisp-ima-VERSION-1.x86_64.rpm     RHEL 9 / Fedora (and later)
#   audisp-ima-VERSION.tar.gz           source tarball, with audisp-ima.spec next to it
#   *.sha256
# Needs (Debian 12): build-essential cmake pkg-config libauparse-dev libaudit-dev libcap-ng-dev libssl-dev zlib1g-dev nlohmann-json3-dev
# dpkg-dev rpm file. AUDISP_IMA_JOBS sets the parallel build jobs (default 2).
#
# One binary serves both packages when it needs no symbol version newer than RHEL 9 has
# (packaging/check-symbols.sh: GLIBC 2.34, GLIBCXX 3.4.29). If it needs a newer libstdc++, the
# rpm gets a second build with g++-11 (Debian's gcc-11 package: GCC 11 is RHEL 9's compiler,
# its headers only use what RHEL 9's libstdc++ has); AUDISP_IMA_RPM_CXX=COMPILER forces that
# second build with the given compiler. Linking libstdc++ statically (AUDISP_IMA_STATIC_CXX) is
# no way out here: Debian 12's libstdc++.a and libgcc_eh.a need GLIBC_2.35/2.36. A binary that
# needs GLIBC above 2.34 has to be built on RHEL 9 itself, from packaging/rpm/audisp-ima.spec.
# Compiler and linker flags are Debian's for package builds (dpkg-buildflags, hardening=+all:
# fortify, stack protector, full RELRO, bind-now, PIE).
set -euo pipefail

src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$src/build-pkg}
jobs=${AUDISP_IMA_JOBS:-2}
say() { printf 'build-packages: %s\n' "$*"; }

missing=
for tool in cmake:cmake c++:build-essential pkg-config:pkg-config dpkg-buildflags:dpkg-dev \
            dpkg-shlibdeps:dpkg-dev rpmbuild:rpm objdump:binutils objcopy:binutils file:file \
            gzip:gzip; do
    command -v "${tool%%:*}" >/dev/null 2>&1 || missing="$missing ${tool#*:}"
done
if [ -n "$missing" ]; then
    echo "build-packages: missing tools; install them with: apt-get install$missing" >&2
    exit 1
fi

export DEB_BUILD_MAINT_OPTIONS=hardening=+all
cxxflags="$(cd "$src" && dpkg-buildflags --get CXXFLAGS) $(dpkg-buildflags --get CPPFLAGS)"
ldflags=$(dpkg-buildflags --get LDFLAGS)

configure_and_build() { # DIR [CXX_COMPILER]
    local compiler=()
    [ -z "${2:-}" ] || compiler=(-DCMAKE_CXX_COMPILER="$2")
    say "configuring $1 ${2:+(compiler $2)}"
    cmake -S "$src" -B "$1" "${compiler[@]}" -DCMAKE_BUILD_TYPE=None \
          -DCMAKE_INSTALL_PREFIX=/usr -DBUILD_TESTING=OFF \
          -DCMAKE_CXX_FLAGS="$cxxflags" -DCMAKE_EXE_LINKER_FLAGS="$ldflags" >/dev/null
    say "building $1"
    cmake --build "$1" -j"$jobs" --target audisp-ima audisp-ima-docs
}

configure_and_build "$build"
out=$build/packages
rm -rf "$out" "$build/_CPack_Packages"

say "packing the .deb"
(cd "$build" && cpack -G DEB)

rpm_cxx=${AUDISP_IMA_RPM_CXX:-}
say "symbol versions of $build/audisp-ima against RHEL 9 (glibc 2.34, GCC 11's libstdc++):"
if ! sh "$src/packaging/check-symbols.sh" "$build/audisp-ima" && [ -z "$rpm_cxx" ]; then
    if command -v g++-11 >/dev/null 2>&1; then
        rpm_cxx=g++-11
    else
        echo "build-packages: the binary needs symbol versions RHEL 9 lacks (above). Install" \
             "g++-11 (apt-get install g++-11) for a second build of the rpm, or build the rpm" \
             "on RHEL 9 from packaging/rpm/audisp-ima.spec." >&2
        exit 1
    fi
fi
if [ -z "$rpm_cxx" ]; then
    say "packing the .rpm from the same binary"
    (cd "$build" && cpack -G RPM)
else
    say "second build for the rpm with $rpm_cxx"
    rpm_build=$build/rpm-$rpm_cxx
    configure_and_build "$rpm_build" "$rpm_cxx"
    rm -rf "$rpm_build/packages" "$rpm_build/_CPack_Packages"
    (cd "$rpm_build" && cpack -G RPM)    # its pre-build check verifies the symbol versions
    cp "$rpm_build"/packages/*.rpm "$rpm_build"/packages/*.rpm.sha256 "$out"/
fi

say "packing the source tarball for packaging/rpm/audisp-ima.spec"
(cd "$build" && cpack --config CPackSourceConfig.cmake)
cp "$src/packaging/rpm/audisp-ima.spec" "$out"/

say "done:"
ls -l "$out"
