#!/usr/bin/env bash
# The stream of issue 11's table: 30% of events standalone IMA measurements, the rest executions,
# timestamps spread over stream time so that standalone events arrive at 100, 1,000, 10,000 and
# 50,000 per second (and a stream without them). Each stream goes through bench/run_bench.sh, so
# every row has cat, both event sources and (with --old) a previous build from the same run.
#   bench/run_mix_bench.sh [--records N] [--runs N] [--old AUDISP_IMA] [AUDISP_IMA [GEN_AUDIT_STREAM]]
# Defaults: 200,000 records, 3 runs. Prints one summary table at the end; each stream's full
# report (and the counter check against the generator) goes before it.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
records=200000 runs=3 bench_args=()
while (($#)); do
    case $1 in
        --records) records=${2:?}; shift 2 ;;
        --runs) runs=${2:?}; shift 2 ;;
        --old) bench_args+=(--old "${2:?}"); shift 2 ;;
        -h | --help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
        *) bench_args+=("$1"); shift ;;
    esac
done

# standalone per second = 30% of events per second.
streams=("none:--standalone-rate 0"
    "100/s:--standalone-rate 30 --events-per-second 333"
    "1,000/s:--standalone-rate 30 --events-per-second 3333"
    "10,000/s:--standalone-rate 30 --events-per-second 33333"
    "50,000/s:--standalone-rate 30 --events-per-second 166667")
summary=$(mktemp)
trap 'rm -f "$summary"' EXIT
status=0
for entry in "${streams[@]}"; do
    label=${entry%%:*} opts=${entry#*:}
    echo "==== standalone measurements: $label ($opts)"
    report=$("$here/run_bench.sh" --records "$records" --runs "$runs" --gen-opts "$opts" "${bench_args[@]}") || status=1
    echo "$report"
    echo
    # Rows (a), (b), (e), (g): cat, native, auparse, previous build.
    awk -v label="$label" '
        /^\(a\)/ { row("cat") } /^\(b\)/ { row("native") } /^\(e\)/ { row("auparse") } /^\(g\)/ { row("previous") }
        function row(who,   n) { n = NF; printf "%-10s %-9s %10s %9s %10s %9s\n", label, who, $(n-4), $(n-3), $(n-1), $n }
    ' <<<"$report" >>"$summary"
done
echo "==== summary ($records records a stream, median of $runs runs; CPU is user + system, all threads)"
printf '%-10s %-9s %10s %9s %10s %9s\n' standalone source records/s "x cat" "cpu us/rec" "RSS MiB"
cat "$summary"
exit "$status"
