# Sourced by the shell tests (rsyslog, journald): one "ok   - ..." or "FAIL - ..." line per check,
# counted in $passed and $failed for the summary, and the checks on message files they share.
passed=0 failed=0

check() {  # check DESCRIPTION COMMAND...
    local what=$1
    shift
    if "$@"; then
        echo "ok   - $what"
        passed=$((passed + 1))
    else
        echo "FAIL - $what"
        failed=$((failed + 1))
    fi
}
info() { echo "info - $*"; }

# Every line of FILE is, on its own, one JSON object (a message cut short is not).
json_objects() {
    local types
    [ -s "$1" ] || return 1
    types=$(jq -R -r 'fromjson | type' "$1" 2>/dev/null) || return 1
    [ "$(grep -c . <<<"$types")" -eq "$(wc -l <"$1")" ] && ! grep -qv '^object$' <<<"$types"
}
# Event messages only: the statistics message at exit carries the time and differs run to run.
json_events() { jq -R -c 'fromjson | select(.event.dataset != "audisp_ima.statistics")' "$1" 2>/dev/null; }
cef_events() { grep -v '^CEF:0|[^|]*|[^|]*|[^|]*|ima-stats|' "$1"; }
