#!/bin/bash
# What the optional fork and exit_group rules (docs/examples/audisp-ima-lifecycle.rules) cost the
# plugin: a generated stream, and the same stream with a clone() record before and an exit_group
# record after every successful execution (bench/add_lifecycle.awk), read with --input, JSON to
# /dev/null, round-robin --runs times. Prints records, events, CPU seconds (user + system, median),
# CPU µs per record and per added event, and peak RSS.
#   bench/run_lifecycle_bench.sh [--records N] [--runs N] AUDISP_IMA GEN_AUDIT_STREAM
set -euo pipefail
records=200000 runs=3
while [ $# -gt 0 ]; do
    case $1 in
    --records) records=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    -*) echo "run_lifecycle_bench.sh: unknown option $1" >&2; exit 2 ;;
    *) break ;;
    esac
done
[ $# -eq 2 ] || { echo "usage: $0 [--records N] [--runs N] AUDISP_IMA GEN_AUDIT_STREAM" >&2; exit 2; }
plugin=$1 gen=$2
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$gen" --records "$records" > "$tmp/plain" 2> "$tmp/gen"
awk -f "$here/add_lifecycle.awk" "$tmp/plain" > "$tmp/lifecycle"
declare -A cpu=() rss=()
for ((run = 0; run < runs; run++)); do
    for stream in plain lifecycle; do
        /usr/bin/time -f '%U %S %M' -o "$tmp/time" "$plugin" --input "$tmp/$stream" --format json --output stdout \
            --state-file none > /dev/null 2> "$tmp/err.$stream"
        read -r user sys peak < "$tmp/time"
        cpu[$stream]+="$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }') "
        rss[$stream]=$(( ${rss[$stream]:-0} > peak ? ${rss[$stream]:-0} : peak ))
    done
done
median() { tr ' ' '\n' | grep . | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
count() { grep -o " $1=[0-9]*" "$2" | tail -1 | cut -d= -f2; }
echo "lifecycle records: $records generated records, $runs runs, load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-10s %9s %8s %7s %7s %8s %10s %9s\n' stream records events forks ends cpu_s us/record rss_MiB
for stream in plain lifecycle; do
    lines=$(wc -l < "$tmp/$stream")
    c=$(echo "${cpu[$stream]}" | median)
    printf '%-10s %9d %8d %7d %7d %8.3f %10.2f %9.1f\n' "$stream" "$lines" "$(count events "$tmp/err.$stream")" \
        "$(count forks "$tmp/err.$stream")" "$(count process_ends "$tmp/err.$stream")" "$c" \
        "$(awk -v c="$c" -v n="$lines" 'BEGIN { print c * 1e6 / n }')" "$(awk -v k="${rss[$stream]}" 'BEGIN { print k / 1024 }')"
done
p=$(echo "${cpu[plain]}" | median) l=$(echo "${cpu[lifecycle]}" | median)
added=$(( $(count forks "$tmp/err.lifecycle") + $(count process_ends "$tmp/err.lifecycle") ))
awk -v p="$p" -v l="$l" -v a="$added" 'BEGIN { printf "added: %d events (one fork, one end per execution), %.2f CPU us each, %.0f%% more CPU\n", a, (l - p) * 1e6 / a, 100 * (l - p) / p }'
