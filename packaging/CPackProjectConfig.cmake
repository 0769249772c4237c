# Read by cpack once per generator (CPACK_PROJECT_CONFIG_FILE), after CPACK_GENERATOR is set.
# Both packages hold the default component (binary, configuration, man pages, README,
# examples) and differ in the licence and changelog files (see docs/CMakeLists.txt):
#   DEB: component "debian" - copyright (licence by reference to
#        /usr/share/common-licenses/Apache-2.0, Debian policy 12.5), changelog.gz,
#        changelog.Debian.gz, lintian overrides.
#   RPM: component "plain-doc" - LICENSE (marked %license) and CHANGELOG.md, as installed by
#        `cmake --install` too.
# Both binary packages install under /usr (the CPack DEB/RPM default, stated here; set per
# generator because the source tarball must keep its own layout).
if(CPACK_GENERATOR STREQUAL "DEB")
  set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
  set(CPACK_COMPONENTS_ALL Unspecified debian)
elseif(CPACK_GENERATOR STREQUAL "RPM")
  set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
  set(CPACK_COMPONENTS_ALL Unspecified plain-doc)
endif()
