#!/usr/bin/env bash
# Sustained throughput with the syslog output against a real rsyslogd (our own instance, from
# tests/rsyslog/rsyslog_harness.sh: its own socket and files, never the machine's /dev/log),
# next to the same stream written to stdout, in the same run. Also the stalled-receiver case:
# a socket that is bound but never read, where every message must be counted as sent, dropped
# or abandoned.
#
# Builds nothing. Usage: bench/run_syslog_bench.sh [--records N] [AUDISP_IMA [GEN_AUDIT_STREAM]]
set -euo pipefail
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
records=1000000
if [ "${1:-}" = --records ]; then records=$2; shift 2; fi
plugin=${1:-$repo_root/build/audisp-ima}
generator=${2:-$repo_root/build/bench/gen-audit-stream}
. "$repo_root/tests/rsyslog/rsyslog_harness.sh"
rsyslog_available || { echo "run_syslog_bench.sh: rsyslogd not installed (apt-get install rsyslog)" >&2; exit 1; }
command -v python3 >/dev/null || { echo "run_syslog_bench.sh: python3 needed for the stalled receiver" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rsyslog_stop "$tmp/r" 2>/dev/null || true; rm -rf "$tmp"' EXIT
"$generator" --records "$records" >"$tmp/stream.log" 2>"$tmp/gen.err"
echo "stream: $(wc -l <"$tmp/stream.log") records, $(($(stat -c %s "$tmp/stream.log") / 1048576)) MiB; $(cat "$tmp/gen.err")"

counter() { grep -o "\b$2=[0-9]*" "$1" | tail -1 | cut -d= -f2; }
timed() {  # timed NAME COMMAND... : wall seconds and peak RSS (KiB) of COMMAND
    local start end
    start=$EPOCHREALTIME
    /usr/bin/time -f '%M' -o "$tmp/$1.rss" "${@:2}"
    end=$EPOCHREALTIME
    echo "$start $end" | awk '{ printf "%.3f", $2 - $1 }' >"$tmp/$1.secs"
}
report() {  # report NAME LABEL
    local secs rss
    secs=$(cat "$tmp/$1.secs") rss=$(tail -1 "$tmp/$1.rss")
    printf '%-44s %8.3f s %10.0f records/s  peak RSS %5.1f MiB\n' "$2" "$secs" "$(echo "$records $secs" | awk '{ print $1 / $2 }')" \
        "$(echo "$rss" | awk '{ print $1 / 1024 }')"
}

timed cat sh -c "cat '$tmp/stream.log' >/dev/null"
report cat "(a) cat FILE > /dev/null"
timed stdout sh -c "'$plugin' --format json --output stdout --stats-interval 0 <'$tmp/stream.log' >/dev/null 2>'$tmp/stdout.err'"
report stdout "(b) json to stdout (stdin input)"

rsyslog_setup "$tmp/r" 65536 >/dev/null
rsyslog_start "$tmp/r"
syslog_case() {  # syslog_case NAME LABEL EXTRA_OPTIONS
    local before
    before=$(rsyslog_line_count "$tmp/r/messages.log")
    timed "$1" sh -c "'$plugin' --format json --output syslog --syslog-socket '$tmp/r/log.sock' --stats-interval 0 $3 <'$tmp/stream.log' 2>'$tmp/$1.err'"
    rsyslog_settle "$tmp/r/messages.log" 30
    report "$1" "$2"
    echo "    emitted=$(counter "$tmp/$1.err" emitted) sent=$(counter "$tmp/$1.err" sent) dropped=$(counter "$tmp/$1.err" dropped) abandoned=$(counter "$tmp/$1.err" abandoned) sink_errors=$(counter "$tmp/$1.err" sink_errors) queue_high_water=$(counter "$tmp/$1.err" queue_high_water); rsyslogd wrote $(($(rsyslog_line_count "$tmp/r/messages.log") - before)) lines"
}
# The generated burst (100,000+ executions in seconds) outruns rsyslogd: with the default queue
# the excess is dropped and counted; with a queue big enough for the burst nothing is, and the
# time is how long rsyslogd takes to write everything.
syslog_case syslog "(c) json to a real rsyslogd, default queue" ""
syslog_case syslog_big "(c') json to a real rsyslogd, queue 1,000,000" "--queue-max-events 1000000 --queue-max-bytes 1073741824"
rsyslog_stop "$tmp/r"

# A receiver that binds its socket and never reads.
python3 -c "
import socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); s.bind(sys.argv[1]); open(sys.argv[2], 'w').close(); time.sleep(3600)
" "$tmp/stalled.sock" "$tmp/stalled.ready" &
receiver=$!
while [ ! -e "$tmp/stalled.ready" ]; do sleep 0.05; done
timed stalled sh -c "'$plugin' --format json --output syslog --syslog-socket '$tmp/stalled.sock' --stats-interval 0 <'$tmp/stream.log' 2>'$tmp/stalled.err'"
kill $receiver
report stalled "(d) json to a receiver that never reads"
e=$(counter "$tmp/stalled.err" emitted) s=$(counter "$tmp/stalled.err" sent) dr=$(counter "$tmp/stalled.err" dropped) ab=$(counter "$tmp/stalled.err" abandoned) rj=$(counter "$tmp/stalled.err" rejected)
echo "    emitted=$e sent=$s dropped=$dr abandoned=$ab rejected=$rj; sent+dropped+abandoned+rejected=$((s + dr + ab + rj)) (the plugin waits 5 s for the stalled receiver at exit)"
