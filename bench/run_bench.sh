#!/usr/bin/env bash
# Throughput and memory of audisp-ima on a generated auditd stream, next to `cat` of the same file
# as a baseline measured in the same run (the machine is shared and noisy: absolute numbers drift,
# the ratio to the baseline much less).
#
# Builds nothing. Usage:
#   bench/run_bench.sh [--records N] [--runs N] [--gen-opts "OPTIONS"] [--old AUDISP_IMA]
#                      [AUDISP_IMA [GEN_AUDIT_STREAM]]
# Defaults: 1,000,000 records, 3 runs per case, build/audisp-ima, build/bench/gen-audit-stream.
# Both event sources are timed when the build has `--parser`; --old adds a previous build's JSON
# case to the same run. CPU is user + system seconds of the whole process.
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
records=1000000
runs=3
gen_opts=""
old_plugin=""

usage() {
    awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"
}

positional=()
while (($#)); do
    case $1 in
        --records) records=${2:?--records needs a number}; shift 2 ;;
        --runs) runs=${2:?--runs needs a number}; shift 2 ;;
        --gen-opts) gen_opts=${2?--gen-opts needs a value}; shift 2 ;;
        --old) old_plugin=${2:?--old needs a path}; shift 2 ;;
        -h | --help) usage; exit 0 ;;
        -*) echo "run_bench.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
        *) positional+=("$1"); shift ;;
    esac
done
plugin=${positional[0]:-$repo_root/build/audisp-ima}
generator=${positional[1]:-$repo_root/build/bench/gen-audit-stream}
[[ $records =~ ^[1-9][0-9]*$ ]] || { echo "run_bench.sh: --records needs a positive number" >&2; exit 2; }
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "run_bench.sh: --runs needs a positive number" >&2; exit 2; }

if [[ ! -x $generator ]]; then
    echo "run_bench.sh: no generator at $generator" >&2
    echo "  build it: cmake --build build --target gen-audit-stream" >&2
    exit 1
fi
have_plugin=yes
if [[ ! -x $plugin ]]; then
    have_plugin=""
    echo "run_bench.sh: no audisp-ima at $plugin: measuring the baseline only" >&2
fi

# GNU time gives peak RSS; bash's `time` keyword only wall time.
gnu_time=""
if [[ -x /usr/bin/time ]] && /usr/bin/time -f '%e' -o /dev/null true 2>/dev/null; then
    gnu_time=/usr/bin/time
else
    echo "run_bench.sh: GNU time not found (Debian package 'time'): peak RSS is unavailable" >&2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/audisp-ima-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
stream=$work/stream.log

# ---- the input ---------------------------------------------------------------------------------
# shellcheck disable=SC2086  # gen_opts is a list of options on purpose
"$generator" --records "$records" $gen_opts >"$stream" 2>"$work/generator.txt"
line_count=$(wc -l <"$stream")
stream_mib=$(awk -v b="$(stat -c %s "$stream")" 'BEGIN { printf "%.0f", b / 1048576 }')
cat "$stream" >/dev/null  # the page cache now holds it for every case alike

# ---- measuring ---------------------------------------------------------------------------------
# GNU time's %e counts in 10 ms steps, too coarse for the cat baseline; bash 5's $EPOCHREALTIME
# taken around the same run is finer (and adds only time's own start, about a millisecond).
now() {
    local t=${EPOCHREALTIME:-}
    echo "${t/,/.}"
}

# measure INPUT ERRORS CMD...: runs CMD with stdin from INPUT, stdout to /dev/null, stderr to
# ERRORS; sets wall (seconds) and rss_kib (empty without GNU time); returns CMD's exit status.
measure() {
    local input=$1 errors=$2 status=0 started finished
    shift 2
    if [[ -n $gnu_time ]]; then
        started=$(now)
        "$gnu_time" -f '%e %M %U %S' -o "$work/time.txt" "$@" <"$input" >/dev/null 2>"$errors" || status=$?
        finished=$(now)
        # On failure GNU time writes "Command exited with non-zero status N" first.
        read -r wall rss_kib user_s sys_s < <(tail -n 1 "$work/time.txt")
        cpu=$(awk -v u="$user_s" -v s="$sys_s" 'BEGIN { printf "%.2f", u + s }')
        [[ -n $started ]] && wall=$(awk -v a="$started" -v b="$finished" 'BEGIN { printf "%.4f", b - a }')
    else
        local TIMEFORMAT=%R
        { time "$@" <"$input" >/dev/null 2>"$errors"; } 2>"$work/time.txt" || status=$?
        wall=$(tail -n 1 "$work/time.txt")
        rss_kib="" cpu=""
    fi
    return "$status"
}

names=(
    "(a) cat FILE > /dev/null"
    "(b) audisp-ima --input FILE --format json"
    "(c) audisp-ima --input FILE --format cef"
    "(d) audisp-ima --format json < FILE (stdin)"
    "(e) (b) with --parser auparse"
    "(f) (d) with --parser auparse"
    "(g) previous build (--old), as (b)"
    "(h) audisp-ima --input FILE --format leef"
    "(i) audisp-ima --input FILE --format ocsf"
    "(j) audisp-ima --input FILE --format sysmon"
)
command_for() {
    case $1 in
        0) cmd=(cat "$stream"); input=/dev/null ;;
        1) cmd=("$plugin" --input "$stream" --format json --output stdout); input=/dev/null ;;
        2) cmd=("$plugin" --input "$stream" --format cef --output stdout); input=/dev/null ;;
        3) cmd=("$plugin" --format json --output stdout); input=$stream ;;
        4) cmd=("$plugin" --parser auparse --input "$stream" --format json --output stdout); input=/dev/null ;;
        5) cmd=("$plugin" --parser auparse --format json --output stdout); input=$stream ;;
        6) cmd=("$old_plugin" --input "$stream" --format json --output stdout); input=/dev/null ;;
        7) cmd=("$plugin" --input "$stream" --format leef --output stdout); input=/dev/null ;;
        8) cmd=("$plugin" --input "$stream" --format ocsf --output stdout); input=/dev/null ;;
        9) cmd=("$plugin" --input "$stream" --format sysmon --output stdout); input=/dev/null ;;
    esac
}

declare -A walls=() rss=() cpus=() failed=() failed_errors=()
cases=(0)
[[ -n $have_plugin ]] && cases=(0 1 2 3)
[[ -n $have_plugin ]] && "$plugin" --help 2>&1 | grep -q -- --parser && cases+=(4 5)
# The other formats, in a build that has them.
for f in 7:leef 8:ocsf 9:sysmon; do
    [[ -n $have_plugin ]] && "$plugin" --help 2>&1 | grep -q -- "--format [a-z|]*${f#*:}" && cases+=("${f%%:*}")
done
if [[ -n $old_plugin ]]; then
    [[ -x $old_plugin ]] || { echo "run_bench.sh: --old $old_plugin is not executable" >&2; exit 2; }
    cases+=(6)
fi
# Round-robin, so a burst of load elsewhere hits every case rather than one.
for ((run = 1; run <= runs; run++)); do
    for c in "${cases[@]}"; do
        command_for "$c"
        errors=$work/stderr.$c.$run
        if measure "$input" "$errors" "${cmd[@]}"; then
            walls[$c]+="$wall "
            rss[$c]+="${rss_kib:-} "
            cpus[$c]+="${cpu:-} "
        else
            failed[$c]="exit $?"
            failed_errors[$c]=$errors
        fi
    done
done

# ---- reporting ---------------------------------------------------------------------------------
median() { tr ' ' '\n' | sort -g | awk 'NF { v[++n] = $1 } END { if (n) print v[int((n + 1) / 2)] }'; }
largest() { tr ' ' '\n' | sort -g | awk 'NF { v = $1 } END { print v }'; }

echo "audisp-ima benchmark: $line_count records ($stream_mib MiB), median of $runs runs, $(nproc) CPUs," \
    "load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "generator: $(tail -n 1 "$work/generator.txt")"
[[ -n $gen_opts ]] && echo "generator options: $gen_opts"
echo
printf '%-46s %9s %12s %8s %9s %10s %13s\n' "case" "median s" "records/s" "x cat" "cpu s" "cpu us/rec" "peak RSS MiB"
baseline=$(median <<<"${walls[0]:-}")
for c in "${cases[@]}"; do
    if [[ -n ${failed[$c]:-} ]]; then
        printf '%-46s %s\n' "${names[$c]}" "FAILED (${failed[$c]}), stderr:"
        tail -n 5 "${failed_errors[$c]}" | sed 's/^/    /'
        continue
    fi
    seconds=$(median <<<"${walls[$c]}")
    peak=$(largest <<<"${rss[$c]:-}")
    cpu_s=$(median <<<"${cpus[$c]:-}")
    awk -v name="${names[$c]}" -v s="$seconds" -v n="$line_count" -v base="$baseline" -v kib="$peak" -v cpu="$cpu_s" 'BEGIN {
        rate = s > 0 ? sprintf("%.0f", n / s) : "n/a"
        ratio = (base > 0 && s > 0) ? sprintf("%.1f", s / base) : "-"
        mib = kib == "" ? "n/a" : sprintf("%.1f", kib / 1024)
        per = cpu == "" ? "n/a" : sprintf("%.2f", cpu * 1e6 / n)
        printf "%-46s %9.3f %12s %8s %9s %10s %13s\n", name, s, rate, ratio, cpu == "" ? "n/a" : cpu, per, mib
    }'
done
[[ -z $gnu_time ]] && echo "(peak RSS unavailable: install GNU time, Debian package 'time')"
[[ -z ${EPOCHREALTIME:-} ]] && echo "(wall time from GNU time, in 10 ms steps: the cat baseline is coarse)"

if [[ -n $have_plugin && -z ${failed[1]:-} ]]; then
    echo
    echo "plugin stderr, case (b), run 1:"
    sed 's/^/    /' "$work/stderr.1.1" | tail -n 20
    # Put the counters both sides name alike next to each other (nonexec = the plugin's ignored).
    awk '
        FNR == NR { for (i = 1; i <= NF; i++) if (split($i, kv, "=") == 2) want[kv[1]] = kv[2]; next }
        { for (i = 1; i <= NF; i++) if (split($i, kv, "=") == 2) got[kv[1] == "ignored" ? "nonexec" : kv[1]] = kv[2] }
        END {
            n = split("records events executions failed hash_measured hash_cached no_hash standalone_measurements nonexec", keys, " ")
            line = ""
            for (i = 1; i <= n; i++) {
                k = keys[i]
                if (!(k in want) || !(k in got)) continue
                line = line sprintf(" %s=%s%s", k, got[k], got[k] == want[k] ? "" : "(generated " want[k] ")")
            }
            if (line != "") print "plugin vs generator:" line
        }' "$work/generator.txt" "$work/stderr.1.1"
fi

[[ -n $have_plugin && ${#failed[@]} -eq 0 ]]
