# .deb and .rpm packages of audisp-ima, built by CPack from this project's install rules.
# Included at the end of the top-level CMakeLists.txt (after every install rule). The command
# that builds both packages is packaging/build-packages.sh (see docs/install.md);
# `cmake --build BUILD --target package` works too when the project was configured with
# -DCMAKE_INSTALL_PREFIX=/usr.
#
# Variable names and semantics are those of CMake 3.25's CPack modules (Debian 12):
# Help/cpack_gen/deb.rst, Help/cpack_gen/rpm.rst, Modules/CPack.cmake.

# --- Build options for packages ------------------------------------------------------------

# RHEL 9's libstdc++ comes from GCC 11 (symbol versions up to GLIBCXX_3.4.29, CXXABI_1.3.13).
# A binary built with a newer g++ that needs a newer symbol does not start there. Linking
# libstdc++ and libgcc statically removes that dependency, but only helps with a toolchain
# whose static libraries were built against a glibc no newer than the target's: Debian 12's
# (GCC 12 on glibc 2.36) bring in _dl_find_object (GLIBC_2.35) and arc4random (GLIBC_2.36),
# which RHEL 9 (glibc 2.34) lacks, and check-staged-tree.cmake refuses such an rpm. On Debian 12
# packaging/build-packages.sh builds the rpm with g++-11 instead when it has to. OFF by default.
option(AUDISP_IMA_STATIC_CXX
       "Link libstdc++ and libgcc statically into audisp-ima (needs static libraries built for the target glibc: not Debian 12 for RHEL 9)"
       OFF)
if(AUDISP_IMA_STATIC_CXX)
  target_link_options(audisp-ima PRIVATE -static-libstdc++ -static-libgcc)
endif()

set(AUDISP_IMA_PACKAGE_MAINTAINER "audisp-ima maintainers <audisp-ima@example.org>" CACHE STRING
    "Maintainer (deb) and Packager (rpm) of the packages: set your team's address")
set(AUDISP_IMA_PACKAGE_RELEASE "1" CACHE STRING
    "Packaging revision: the Debian revision (0.1.0-1) and the rpm Release")

# The configuration files are installed under CMAKE_INSTALL_FULL_SYSCONFDIR, which is /etc only
# for the prefix /usr (GNUInstallDirs); any other prefix would package /usr/local/etc/...
if(NOT CMAKE_INSTALL_PREFIX STREQUAL "/usr")
  set(AUDISP_IMA_PACKAGE_PREFIX_OK FALSE)
else()
  set(AUDISP_IMA_PACKAGE_PREFIX_OK TRUE)
endif()

# Directories created while staging the package get 0755 whatever the umask of the build is
# (CPack copies the staged modes into the packages).
set(CMAKE_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
    OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)

# /etc/audit and /etc/audit/plugins.d with the owner and mode auditd's own package gives them
# (root, 0750): the .deb carries them too (dpkg records directories), and if dpkg unpacks it
# before auditd it must not create them world-readable. Only the .deb gets these rules
# (component "debian"): CPack RPM would list them as %config directories, and the rpm leaves
# them to the audit package (see CPACK_RPM_EXCLUDE_FROM_AUTO_FILELIST_ADDITION below).
install(DIRECTORY DESTINATION ${CMAKE_INSTALL_FULL_SYSCONFDIR}/audit/plugins.d
        DIRECTORY_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE
        COMPONENT debian EXCLUDE_FROM_ALL)
install(DIRECTORY DESTINATION ${CMAKE_INSTALL_FULL_SYSCONFDIR}/audit
        DIRECTORY_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE
        COMPONENT debian EXCLUDE_FROM_ALL)

# --- Maintainer scripts: the reload_auditd function is shared --------------------------------

file(READ ${CMAKE_CURRENT_LIST_DIR}/common/reload_auditd.sh RELOAD_AUDITD)
string(STRIP "${RELOAD_AUDITD}" RELOAD_AUDITD)
set(_pkg_scripts ${CMAKE_BINARY_DIR}/packaging-scripts)
foreach(_script deb/postinst deb/postrm rpm/post.sh rpm/postun.sh)
  configure_file(${CMAKE_CURRENT_LIST_DIR}/${_script}.in ${_pkg_scripts}/${_script} @ONLY
                 FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE
                                  WORLD_READ WORLD_EXECUTE)
endforeach()
configure_file(${CMAKE_CURRENT_LIST_DIR}/deb/conffiles ${_pkg_scripts}/deb/conffiles COPYONLY)

# --- Common ----------------------------------------------------------------------------------

set(CPACK_GENERATOR "DEB;RPM")
set(CPACK_PACKAGE_NAME "audisp-ima")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_VENDOR "audisp-ima")
set(CPACK_PACKAGE_CONTACT "${AUDISP_IMA_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Plugin for auditd that logs program executions with IMA file hashes")
# Debian: extended description lines start with a space (CPack adds it); "." = empty line.
set(CPACK_PACKAGE_DESCRIPTION
"audisp-ima is a plugin of the Linux audit daemon. It joins the kernel's IMA
measurement records with the execve audit records of the same event and sends
one message per program execution (executable, file hash, arguments, pid,
users, calling image) and one per IMA integrity record to syslog, as ECS JSON
or ArcSight CEF, for a SIEM. Installing the package activates the plugin; a
running auditd is told to reload.")
set(CPACK_STRIP_FILES ON)
set(CPACK_OUTPUT_FILE_PREFIX "${CMAKE_BINARY_DIR}/packages")
set(CPACK_PACKAGE_CHECKSUM SHA256)

# One package per generator, from components chosen per generator in CPackProjectConfig.cmake
# (Debian wants copyright + changelog.Debian.gz where the rpm has LICENSE + CHANGELOG.md).
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_RPM_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_GROUPING ALL_COMPONENTS_IN_ONE)
set(CPACK_PROJECT_CONFIG_FILE "${CMAKE_CURRENT_LIST_DIR}/CPackProjectConfig.cmake")
# Checks on the staged tree before anything is packed (prefix, symbol versions for RHEL 9).
set(CPACK_PRE_BUILD_SCRIPTS "${CMAKE_CURRENT_LIST_DIR}/check-staged-tree.cmake")
# (Only CPACK_* variables reach cpack.)
set(CPACK_AUDISP_IMA_PREFIX_OK ${AUDISP_IMA_PACKAGE_PREFIX_OK})
set(CPACK_AUDISP_IMA_INSTALL_PREFIX "${CMAKE_INSTALL_PREFIX}")
set(CPACK_AUDISP_IMA_CHECK_SYMBOLS "${CMAKE_CURRENT_LIST_DIR}/check-symbols.sh")

# --- DEB -------------------------------------------------------------------------------------

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)                       # audisp-ima_0.1.0-1_amd64.deb
set(CPACK_DEBIAN_PACKAGE_RELEASE "${AUDISP_IMA_PACKAGE_RELEASE}")
set(CPACK_DEBIAN_PACKAGE_SECTION "admin")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
# libauparse0, libaudit1, libcap-ng0, libc6, libstdc++6, libgcc-s1 with versions from dpkg-shlibdeps.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# auditd is required, not recommended: the package's files live in auditd's /etc/audit, only
# auditd reads them, and its maintainer scripts only talk to auditd. 3.0 moved plugins from
# audispd's /etc/audisp/plugins.d to /etc/audit/plugins.d (Debian's 1:3.0~alpha9-1).
# libcrypto.so.3 is loaded on the first digest (plugin/libcrypto_digests.h), not linked, so
# dpkg-shlibdeps cannot see it: named here (libssl3t64 is its name from Debian 13 and Ubuntu 24.04).
set(CPACK_DEBIAN_PACKAGE_DEPENDS "auditd (>= 1:3.0), libssl3 (>= 3.0.0) | libssl3t64")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    "${_pkg_scripts}/deb/conffiles;${_pkg_scripts}/deb/postinst;${_pkg_scripts}/deb/postrm")
# Control files get Debian policy modes (scripts 0755, conffiles 0644) whatever the checkout has.
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)
set(CPACK_DEBIAN_COMPRESSION_TYPE "xz")

# --- RPM -------------------------------------------------------------------------------------

set(CPACK_RPM_FILE_NAME RPM-DEFAULT)                          # audisp-ima-0.1.0-1.x86_64.rpm
set(CPACK_RPM_PACKAGE_RELEASE "${AUDISP_IMA_PACKAGE_RELEASE}")
set(CPACK_RPM_PACKAGE_LICENSE "Apache-2.0 AND MIT")           # SPDX; MIT: nlohmann/json compiled in
set(CPACK_RPM_PACKAGE_GROUP "System Environment/Daemons")
set(CPACK_RPM_PACKAGE_DESCRIPTION "${CPACK_PACKAGE_DESCRIPTION}")
# Fedora/RHEL names: auditd is in "audit", libauparse.so.0 and libaudit.so.1 in "audit-libs" (found
# by rpm's automatic ELF dependencies as libauparse.so.0()(64bit) and libaudit.so.1()(64bit),
# together with libcap-ng.so.0 (libcap-ng, which audit itself requires), libc and libstdc++).
# libcrypto.so.3 (openssl-libs) is loaded, not linked, so rpm cannot see it: named here.
set(CPACK_RPM_PACKAGE_REQUIRES "audit >= 3.0, libcrypto.so.3()(64bit)")
set(CPACK_PACKAGE_RELOCATABLE OFF)          # CPack.cmake defaults it to true
set(CPACK_RPM_PACKAGE_RELOCATABLE OFF)
set(CPACK_RPM_COMPRESSION_TYPE "xz")
set(CPACK_RPM_USER_FILELIST
    "%config(noreplace) /etc/audit/audisp-ima.conf"
    "%config(noreplace) /etc/audit/plugins.d/audisp-ima.conf"
    "%license /usr/share/doc/audisp-ima/LICENSE")
# Directories owned by the filesystem and audit packages, not by this one (owning /etc/audit
# with another mode than audit's 0750 would be a file conflict).
set(CPACK_RPM_EXCLUDE_FROM_AUTO_FILELIST_ADDITION
    /etc/audit /etc/audit/plugins.d /usr/sbin
    /usr/share/man /usr/share/man/man5 /usr/share/man/man8 /usr/share/licenses)
set(CPACK_RPM_POST_INSTALL_SCRIPT_FILE "${_pkg_scripts}/rpm/post.sh")
set(CPACK_RPM_POST_UNINSTALL_SCRIPT_FILE "${_pkg_scripts}/rpm/postun.sh")
set(CPACK_RPM_CHANGELOG_FILE "${CMAKE_CURRENT_LIST_DIR}/rpm/changelog")
# No /usr/lib/.build-id links: there is no debuginfo package for them to point into.
# The Packager tag comes from the %packager macro (CPack has no variable for it).
set(CPACK_RPM_SPEC_MORE_DEFINE "%define _build_id_links none
%define packager ${AUDISP_IMA_PACKAGE_MAINTAINER}")

# --- Source tarball for packaging/rpm/audisp-ima.spec ----------------------------------------

set(CPACK_SOURCE_GENERATOR "TGZ")
set(CPACK_SOURCE_PACKAGE_FILE_NAME "audisp-ima-${PROJECT_VERSION}")
# Regular expressions on absolute paths: anchor them to the source tree, whose own path may
# contain "build" (CI clones).
# CPack writes the list into CPackSourceConfig.cmake, where it is parsed again: every backslash
# of the regular expressions is doubled here.
string(REGEX REPLACE "([][+.*()^$?|\\])" "\\\\\\1" _src_re "${PROJECT_SOURCE_DIR}")
set(_ignore "^${_src_re}/\\.git(/|$)" "^${_src_re}/build[^/]*/" "^${_src_re}/out/" "\\.swp$"
            "/__pycache__/")
string(REPLACE "\\" "\\\\" CPACK_SOURCE_IGNORE_FILES "${_ignore}")

include(CPack)
