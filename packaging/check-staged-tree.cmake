# Run by cpack once per generator after it has staged the files and before it packs them
# (CPACK_PRE_BUILD_SCRIPTS, CMake >= 3.19).
#  1. The packages need the prefix /usr: the configuration files go to
#     CMAKE_INSTALL_FULL_SYSCONFDIR, which is /etc only then.
#  2. Remove the .comment and .note sections from the stripped binary, as Debian's dh_strip
#     and Fedora's brp-strip-comment-note do (lintian: binary-has-unneeded-section).
#  3. RPM: the binary must not need glibc/libstdc++/libgcc symbol versions that RHEL 9 lacks
#     (packaging/check-symbols.sh; see packaging/build-packages.sh).

if(NOT CPACK_GENERATOR MATCHES "^(DEB|RPM)$")   # the source tarball: nothing to check
  return()
endif()

if(NOT CPACK_AUDISP_IMA_PREFIX_OK)
  message(FATAL_ERROR "audisp-ima: packages need -DCMAKE_INSTALL_PREFIX=/usr; this build has "
                      "${CPACK_AUDISP_IMA_INSTALL_PREFIX}, so its configuration files are not in /etc.")
endif()

file(GLOB_RECURSE _staged LIST_DIRECTORIES false "${CPACK_TEMPORARY_DIRECTORY}/*")
set(_binary "")
set(_plugin_conf "")
foreach(_f IN LISTS _staged)
  if(_f MATCHES "/usr/sbin/audisp-ima$")
    set(_binary "${_f}")
  elseif(_f MATCHES "/etc/audit/plugins.d/audisp-ima.conf$")
    set(_plugin_conf "${_f}")
  endif()
endforeach()
if(NOT _binary OR NOT _plugin_conf)
  message(FATAL_ERROR "audisp-ima: /usr/sbin/audisp-ima or /etc/audit/plugins.d/audisp-ima.conf "
                      "missing from the staged tree ${CPACK_TEMPORARY_DIRECTORY}")
endif()

execute_process(COMMAND "${CPACK_OBJCOPY_EXECUTABLE}" --remove-section=.comment
                        --remove-section=.note "${_binary}"
                RESULT_VARIABLE _rc)
if(NOT _rc EQUAL 0)
  message(FATAL_ERROR "audisp-ima: objcopy failed on ${_binary}")
endif()

if(CPACK_GENERATOR STREQUAL "RPM")
  execute_process(COMMAND sh "${CPACK_AUDISP_IMA_CHECK_SYMBOLS}" "${_binary}"
                  OUTPUT_VARIABLE _versions RESULT_VARIABLE _rc)
  message(STATUS "audisp-ima: symbol versions needed by the rpm's binary:\n${_versions}")
  if(NOT _rc EQUAL 0)
    message(FATAL_ERROR "audisp-ima: the binary needs symbol versions RHEL 9 does not have (above). "
            "For GLIBCXX/CXXABI, build the rpm with g++-11 (packaging/build-packages.sh does so by "
            "itself when g++-11 is installed); for GLIBC above 2.34, build it on RHEL 9 from "
            "packaging/rpm/audisp-ima.spec.")
  endif()
endif()
