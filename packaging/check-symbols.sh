#!/bin/sh
# check-symbols.sh BINARY [GLIBC GLIBCXX CXXABI GCC ZLIB]
#
# Prints the highest symbol version BINARY needs from glibc (GLIBC_), libstdc++ (GLIBCXX_,
# CXXABI_) and libgcc_s (GCC_), read from its dynamic symbol table (objdump -T), and exits 1 if
# one is above the given maximum. The defaults are what RHEL 9 provides: glibc 2.34, and the
# libstdc++/libgcc_s of GCC 11 (GLIBCXX_3.4.29, CXXABI_1.3.13; GCC_12.0.0 is new in GCC 12), and
# zlib 1.2.11 (ZLIB_, --input of .gz logs).
# "none" means the library is not needed dynamically (e.g. -static-libstdc++).
set -eu
binary=$1
max_glibc=${2:-2.34}
max_glibcxx=${3:-3.4.29}
max_cxxabi=${4:-1.3.13}
max_gcc=${5:-7.0.0}
max_zlib=${6:-1.2.11}

symbols=$(objdump -T "$binary")
status=0
check() { # PREFIX MAX
    highest=$(printf '%s\n' "$symbols" | grep -o "(${1}_[0-9.]*)" | tr -d '()' |
              sed "s/^${1}_//" | sort -uV | tail -n 1)
    if [ -z "$highest" ]; then
        echo "$1 none (max $2)"
    elif [ "$(printf '%s\n%s\n' "$highest" "$2" | sort -V | tail -n 1)" = "$2" ]; then
        echo "$1 $highest (max $2)"
    else
        echo "$1 $highest (max $2) TOO NEW"
        printf '%s\n' "$symbols" | grep "(${1}_" | awk -v max="$2" -v p="$1" '
            { v = $0; sub(/.*\(/, "", v); sub(/\).*/, "", v); sub(p "_", "", v); print "  " v "\t" $NF }' |
            sort -V | while read -r v name; do
                [ "$(printf '%s\n%s\n' "$v" "$2" | sort -V | tail -n 1)" = "$2" ] || echo "    needs ${1}_$v: $name"
            done
        status=1
    fi
}
check GLIBC "$max_glibc"
check GLIBCXX "$max_glibcxx"
check CXXABI "$max_cxxabi"
check GCC "$max_gcc"
check ZLIB "$max_zlib"
exit $status
