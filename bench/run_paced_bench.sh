#!/bin/bash
# The plugin's CPU at a production-like load: a generated stream replayed into its stdin at a fixed
# real rate, one write per record (bench/pace_stream.cpp), JSON to stdout > /dev/null. Reports
# each build's CPU seconds (user + system, all threads) and share of one core over the run, for
# both event sources and, with --old, a previous build; the runs are sequential, so a load burst
# elsewhere can hit one of them: repeat, or compare with care.
#   bench/run_paced_bench.sh [--events-per-second R] [--seconds S] [--gen-opts "OPTIONS"] [--restamp] [--old OLD] AUDISP_IMA
# --restamp: each event carries the time it is fed (pace-stream --restamp), as on a live host; the
# stream's own stamps are a week old, so every answer the plugin reuses for older events applies.
# Defaults: 1,667 events/s (LAUREL's published load) for 60 s each. Needs GNU time and
# build/bench/{gen-audit-stream,pace-stream}.
set -euo pipefail
rate=1667 seconds=60 gen_opts="" old="" restamp=""
while [ $# -gt 0 ]; do
    case $1 in
    --events-per-second) rate=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --gen-opts) gen_opts=$2; shift 2 ;;
    --old) old=$2; shift 2 ;;
    --restamp) restamp=--restamp; shift ;;
    -*) echo "run_paced_bench.sh: unknown option $1" >&2; exit 2 ;;
    *) break ;;
    esac
done
[ $# -eq 1 ] || { echo "usage: $0 [--events-per-second R] [--seconds S] [--gen-opts \"OPTIONS\"] [--restamp] [--old OLD] AUDISP_IMA" >&2; exit 2; }
plugin=$1
root=$(cd "$(dirname "$0")/.." && pwd)
bench=${BENCH_DIR:-$root/build/bench}
for tool in gen-audit-stream pace-stream; do
    [ -x "$bench/$tool" ] || { echo "run_paced_bench.sh: $bench/$tool not built (cmake --build build --target $tool)" >&2; exit 2; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Enough events for the run (about 7 records an event), stamped at the same rate as they are fed.
# shellcheck disable=SC2086  # gen_opts is a list of options on purpose
"$bench/gen-audit-stream" --records $((rate * seconds * 9)) --events-per-second "$rate" $gen_opts >"$tmp/stream" 2>"$tmp/gen"

variants=("auparse:$plugin:")
"$plugin" --help 2>&1 | grep -q -- --parser && variants=("auparse:$plugin:--parser auparse" "native:$plugin:--parser native")
[ -n "$old" ] && variants+=("previous:$old:")

echo "paced: $rate events/s for $seconds s, one write per record${restamp:+, restamped to the time fed}; generator options: ${gen_opts:-none}; load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-10s %9s %9s %9s %10s %9s %9s %9s\n' build events records cpu_s core_% us/record rss_MiB emitted
for variant in "${variants[@]}"; do
    IFS=: read -r name binary opts <<<"$variant"
    # shellcheck disable=SC2086
    "$bench/pace-stream" --events-per-second "$rate" --seconds "$seconds" $restamp "$tmp/stream" 2>"$tmp/pace" |
        /usr/bin/time -f '%U %S %M' -o "$tmp/time" "$binary" $opts --format json --output stdout \
            --stats-interval 0 --state-file none >/dev/null 2>"$tmp/err"
    read -r user sys rss <"$tmp/time"
    pace=$(tail -1 "$tmp/pace")
    events=$(grep -o 'events=[0-9]*' <<<"$pace" | cut -d= -f2)
    records=$(grep -o 'records=[0-9]*' <<<"$pace" | cut -d= -f2)
    took=$(grep -o 'seconds=[0-9.]*' <<<"$pace" | cut -d= -f2)
    emitted=$(grep -o ' emitted=[0-9]*' "$tmp/err" | tail -1 | cut -d= -f2)
    awk -v n="$name" -v e="$events" -v r="$records" -v u="$user" -v s="$sys" -v t="$took" -v m="$rss" -v em="$emitted" \
        'BEGIN { c = u + s; printf "%-10s %9d %9d %9.2f %10.2f %9.2f %9.1f %9s\n", n, e, r, c, 100 * c / t, c * 1e6 / r, m / 1024, em }'
    grep -q 'worst_late_ms=[0-9]\{4,\}' <<<"$pace" && echo "  (the pacer fell behind by over a second: $pace)"
done
