#!/bin/bash
# Bursts of standalone IMA measurements (INTEGRITY_RULE without SYSCALL or EOE: what an IMA-only
# policy, boot, or tasks without audit context give), which libauparse ends only by timeout.
# Times one or two audisp-ima builds, in the same run, on streams of 100% standalone events at
# 10,000 and 50,000 events per second of stream time, and on 1,000,000 of them within one second.
#   bench/run_burst_bench.sh [--records N] [--timeout S] NEW_BINARY [OLD_BINARY]
# Needs GNU time (Debian package `time`) and build/bench/gen-audit-stream.
set -euo pipefail
records=200000 limit=300
while [ $# -gt 0 ]; do
    case $1 in
    --records) records=$2; shift 2 ;;
    --timeout) limit=$2; shift 2 ;;
    *) break ;;
    esac
done
[ $# -ge 1 ] || { echo "usage: $0 [--records N] [--timeout S] NEW_BINARY [OLD_BINARY]" >&2; exit 2; }
binaries=("$@")
root=$(cd "$(dirname "$0")/.." && pwd)
gen=${GEN:-$root/build/bench/gen-audit-stream}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

printf '%-28s %-10s %9s %9s %12s %10s %9s %9s\n' stream binary wall_s user_s records/s us/record rss_MiB emitted
for case in "10000/s:$records:10000" "50000/s:$records:50000" "1M-in-1s:1000000:1000000"; do
    IFS=: read -r name count rate <<<"$case"
    "$gen" --records "$count" --standalone-rate 100 --events-per-second "$rate" >"$tmp/stream" 2>/dev/null
    for binary in "${binaries[@]}"; do
        label=$([ "$binary" = "${binaries[0]}" ] && echo new || echo old)
        set +e
        timeout "$limit" /usr/bin/time -f '%e %U %M' -o "$tmp/time" "$binary" --input "$tmp/stream" \
            --format json --output stdout --stats-interval 0 >/dev/null 2>"$tmp/err"
        rc=$?
        set -e
        if [ $rc -eq 124 ]; then
            printf '%-28s %-10s %9s\n' "$name ($count records)" $label "did not finish in ${limit} s"
            continue
        fi
        read -r wall user rss <"$tmp/time"
        emitted=$(grep -o ' emitted=[0-9]*' "$tmp/err" | tail -1 | cut -d= -f2)
        awk -v n="$name ($count records)" -v b=$label -v w="$wall" -v u="$user" -v r="$rss" -v c="$count" -v e="$emitted" \
            'BEGIN { printf "%-28s %-10s %9.2f %9.2f %12.0f %10.2f %9.1f %9s\n", n, b, w, u, c / (w > 0 ? w : 0.01), u * 1e6 / c, r / 1024, e }'
    done
done
