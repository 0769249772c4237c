#!/bin/bash
# The second build directory CI runs: everything built by clang under AddressSanitizer and
# UndefinedBehaviorSanitizer (any report aborts the test), the unit, golden and process tests
# run there, then each libFuzzer target's smoke run (tests/fuzz/run_fuzz.sh, 60 s each, the
# state target 20 s, two at a time: three rounds). Exit 77 (ctest: skipped) without clang or libFuzzer,
# saying so.
#   tests/sanitize/run_sanitized.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
source_dir=$1; build=$2
if ! command -v clang++ >/dev/null || ! echo 'extern "C" int LLVMFuzzerTestOneInput(const char*, long) { return 0; }' |
        clang++ -x c++ -fsanitize=fuzzer,address,undefined -o /dev/null - 2>/dev/null; then
    echo "SKIPPED: clang++ with libFuzzer not found (Debian: apt-get install clang libclang-rt-14-dev)" >&2
    exit 77
fi
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
start=$(date +%s)
# -O1 with line tables only: what ASan's reports need, at about half the compile time of -O2 -g.
cmake -S "$source_dir" -B "$build" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=None \
    -DCMAKE_CXX_FLAGS="-O1 -gline-tables-only" \
    -DAUDISP_IMA_SANITIZE=ON -DAUDISP_IMA_FUZZ=ON -DAUDISP_IMA_SYSTEM_TESTS=OFF -DAUDISP_IMA_WERROR=ON >/dev/null
# Only what the tests run (no benchmarks, no man pages).
cmake --build "$build" -j2 --target audisp-ima unit_tests golden_tests process_tests print-field-reference fuzz_stream \
    fuzz_records fuzz_config fuzz_differential fuzz_state
echo "sanitized build: $(( $(date +%s) - start )) s"
for kind in unit golden process fuzz; do  # a suite that went missing must not pass unseen
    ctest --test-dir "$build" -N -R "^$kind: ?" | grep -q "Total Tests: [1-9]" || { echo "no $kind tests in $build" >&2; exit 1; }
done
ctest --test-dir "$build" --output-on-failure -j2 -E '^fuzz: '
echo "sanitized tests done: $(( $(date +%s) - start )) s"
ctest --test-dir "$build" --output-on-failure -j2 -R '^fuzz: '
echo "fuzz smoke done: $(( $(date +%s) - start )) s"
