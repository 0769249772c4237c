#!/bin/bash
# Runs one libFuzzer target for a while over its seed corpus, as CI's smoke run and as the long
# runs before a release:
#   tests/fuzz/run_fuzz.sh BUILD_DIR TARGET SECONDS [LIBFUZZER_OPTION...]
#   TARGET = stream | records | config | differential | state; e.g. -fork=1 -ignore_crashes=1 for an
#   unattended long run that collects every crash instead of stopping at the first.
# BUILD_DIR is a build made with clang and -DAUDISP_IMA_FUZZ=ON (tests/sanitize/run_sanitized.sh
# makes one). Seeds come from tests/data/corpus (cut into inputs of a few events each); inputs
# the fuzzer finds go to BUILD_DIR/fuzz/corpus-TARGET, crashes to BUILD_DIR/fuzz/crash-*.
# Exit 0 when no promise broke, 1 with the crashing input's path otherwise.
set -euo pipefail
build=$(cd "$1" && pwd); target=$2; seconds=$3
shift 3
source_dir=$(cd "$(dirname "$0")/../.." && pwd)
binary="$build/tests/fuzz/fuzz_$target"
[ -x "$binary" ] || { echo "run_fuzz: $binary not built (clang and -DAUDISP_IMA_FUZZ=ON)" >&2; exit 2; }
work="$build/fuzz"
seeds="$work/seeds-$target"
corpus="$work/corpus-$target"
mkdir -p "$corpus"

if [ ! -d "$seeds" ]; then
    mkdir -p "$seeds.tmp"
    case $target in
    stream | differential)
        # Every corpus log cut at event boundaries into slices of one or a few whole events (at
        # least 4 lines), behind the mode bytes of each format and limit (bit 0 CEF, else bit 2 LEEF,
        # else bit 3 Sysmon XML, else bit 4 OCSF, else JSON; bit 1 the small limit):
        # real records and real event boundaries in inputs small enough to run fast. The
        # differential target reads the mode byte as its chunking seed only: the same seeds serve.
        n=0
        while IFS= read -r -d '' log; do
            awk -v out="$seeds.tmp/slice-$n-" '
                { id = $0; sub(/.*audit\(/, "", id); sub(/\).*/, "", id) }
                id != last && lines >= 4 { close(file); slice++; lines = 0 }
                { file = out slice; print > file; lines++; last = id }' "$log"
            n=$((n + 1))
        done < <(find "$source_dir/tests/data/corpus" -name '*.log' -print0 | sort -z)
        for slice in "$seeds.tmp"/slice-*; do
            for mode in 0 1 2 3 4 6 8 10 16 18; do
                { printf "\\x$(printf %02x $mode)"; cat "$slice"; } > "$slice.m$mode"
            done
            rm "$slice"
        done ;;
    records)
        # The events of the bundled sample, one file per event, without the header (the target
        # takes "TYPE name=value ..." per line).
        cat "$source_dir/examples/sample-audit.log" "$source_dir/tests/data/corpus/pasted-ima.log" |
        while IFS= read -r line; do
            serial=$(sed -nE 's/.* msg=audit\([0-9.]+:([0-9]+)\): ?.*/\1/p' <<<"$line")
            [ -n "$serial" ] || continue
            sed -E 's/^(node=[^ ]+ )?type=([^ ]+) msg=audit\([0-9.]+:[0-9]+\): ?/\2 /' <<<"$line" >>"$seeds.tmp/event-$serial"
        done ;;
    config)
        { printf '\x01'; cat "$source_dir/conf/audisp-ima.conf"; } > "$seeds.tmp/conf"
        printf '\x00--format\x00cef\x00--max-message-size\x002048\x00--input\x00x.log' > "$seeds.tmp/cli" ;;
    state)
        # One hashes.state (mode byte 0) and one processes.state (1) as the plugin writes them:
        # /usr/bin/id's sha256 stamped on fd:01, and nginx (pid 4242) run by init.
        { printf '\x00audisp-ima-hashes 1\nboot 3d1219c7-c4c5-404a-aa1f-6d2a48adfda4\nlist 12 1700000000000000000\n'
          printf 'f cached fd:01 1234 1700000000000000001 1700000000000000000 14720 sha256 '
          printf 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 2f7573722f62696e2f6964\n'; } > "$seeds.tmp/hashes"
        { printf '\x01audisp-ima-processes 1\nboot 3d1219c7-c4c5-404a-aa1f-6d2a48adfda4\n'
          printf 'p 4242 1 1700000100000 0 exec 61626364 2f7573722f7362696e2f6e67696e78 3:6e67696e78,2d67,'
          printf ' 726f6f74 6e67696e78\n'; } > "$seeds.tmp/processes" ;;
    *) echo "run_fuzz: unknown target $target" >&2; exit 2 ;;
    esac
    # Inputs that once broke a promise (tests/fuzz/found/README.md) are replayed first.
    if [ -d "$source_dir/tests/fuzz/found/$target" ]; then
        cp "$source_dir/tests/fuzz/found/$target"/* "$seeds.tmp/"
    fi
    mv "$seeds.tmp" "$seeds"
fi

# Long enough for messages over the 2048-byte limit (and, with escaping, over the default one),
# short enough for thousands of runs a second: 8192 halved the stream target's rate.
max_len=4096
# ASan's allocation stacks cost about an eighth of the stream target's rate (60 s on the same
# corpus: 1,486 runs/s with them, 1,696 without); a crash input rerun by hand gets them back.
export ASAN_OPTIONS="malloc_context_size=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
cd "$work"
set +e
"$binary" -max_total_time="$seconds" -max_len=$max_len -timeout=10 -rss_limit_mb=2048 \
    -dict="$source_dir/tests/fuzz/audit.dict" -artifact_prefix="$work/crash-$target-" \
    -print_final_stats=1 "$@" "$corpus" "$seeds" 2>"$work/log-$target.txt"
rc=$?
set -e
grep -E '^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::peak_rss_mb|stat::new_units_added)|cov:' \
    "$work/log-$target.txt" | tail -5
if [ $rc -ne 0 ]; then
    echo "run_fuzz: $target broke a promise (rc $rc); last lines of $work/log-$target.txt:" >&2
    grep -v '^#' "$work/log-$target.txt" | tail -40 >&2
    echo "run_fuzz: rerun with allocation stacks: ASAN_OPTIONS=malloc_context_size=30 $binary $work/crash-$target-*" >&2
    exit 1
fi
echo "run_fuzz: $target ran ${seconds}s with no crash"
