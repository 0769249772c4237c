# Sourced by the shell tests (rsyslog, journald): one "ok   - ..." or "FAIL - ..." line per check,
# counted in $passed and $failed for the summary.
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
