#!/usr/bin/env bash
# Fuzzing with libFuzzer and the address sanitizer (docs/TESTING.md, "Fuzzing").
#
#   scripts/fuzz.sh build            build the fuzz targets (-DFUZZING, -sanitize=fuzzer,address)
#   scripts/fuzz.sh run [TARGET...]  fuzz each target FUZZ_SECONDS on its corpus; new inputs and
#                                    crashes go to the scratch directory, never into git
#   scripts/fuzz.sh replay           replay every committed corpus with the plain builds (no fuzzing)
#
# Targets: spec expression wire event copy (FUZZ_TARGETS). FUZZ_CONFIG=debug builds the fuzz targets
# without optimisation (much faster to build, slower to run: the CI's choice).
# A run fails on a crash, hang (FUZZ_TIMEOUT s for one input) or out-of-memory, unless the crash
# report holds the signature of an open failure listed in Tests/FuzzCorpus/KNOWN-CRASHES.
set -euo pipefail
cd "$(dirname "$0")/.."

SWIFT=${SWIFT:-swift}
TARGETS=${FUZZ_TARGETS:-spec expression wire event copy}
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
FUZZ_TIMEOUT=${FUZZ_TIMEOUT:-10}
CONFIG=${FUZZ_CONFIG:-release}
SCRATCH=${FUZZ_SCRATCH:-.build-fuzz}
[ "$CONFIG" = release ] || SCRATCH=${FUZZ_SCRATCH:-.build-fuzz-$CONFIG}
WORK=$SCRATCH/work
CORPUS=Tests/FuzzCorpus
KNOWN=$CORPUS/KNOWN-CRASHES

# The Swift runtime's crash backtracer and the sanitizer's handler get in each other's way.
export SWIFT_BACKTRACE=enable=no

product() { local t=$1; echo "Fuzz${t^}"; }

# Seed directories besides the target's own corpus (read, never written).
seeds() {
    case $1 in
        spec) echo Configs Tests/LoomSpecTests/InvalidSpecs ;;
    esac
}

options() {
    case $1 in
        spec) echo -max_len=16384 ;;
        *) echo -max_len=4096 ;;
    esac
    if [ -f "$CORPUS/$1.dict" ]; then echo "-dict=$CORPUS/$1.dict"; fi
}

# Signatures of the target's open failures.
signatures() {
    grep -v '^#' "$KNOWN" 2>/dev/null | awk -v t="$1/" 'index($1, t) == 1 && NF >= 3 { s = $3; for (i = 4; i <= NF; i++) s = s " " $i; print s }' | sort -u
}

# The crash report of a run's log: from the failed check or sanitizer report on.
report() {
    awk '/Fatal error:|==[0-9]+== ?ERROR/ { on = 1 } on' "$1"
}

build() {
    for t in $TARGETS; do
        echo "== building $(product "$t") ($CONFIG, fuzzer + address sanitizer)"
        # ld.gold warns "Cannot export local symbol __asan_*" for every sanitized object: harmless.
        $SWIFT build -c "$CONFIG" --scratch-path "$SCRATCH" -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING \
            --product "$(product "$t")" 2>&1 | { grep -v "Cannot export local symbol" || true; }
    done
}

run() {
    local failed=0 bin
    bin=$($SWIFT build -c "$CONFIG" --scratch-path "$SCRATCH" --show-bin-path)
    mkdir -p "$WORK/logs"
    printf '%-11s %10s %12s %8s %9s  %s\n' target "exec/s" executions corpus "new" result
    echo "(corpus: inputs libFuzzer kept at the end, seeds included; new: inputs added to the corpus copy)"
    for t in $TARGETS; do
        local log=$WORK/logs/$t.log artifacts=$WORK/artifacts/$t/ status=0
        # Each run starts from a fresh copy of the committed corpus; new inputs land in the copy.
        rm -rf "$WORK/corpus/$t" "$artifacts"
        mkdir -p "$WORK/corpus/$t" "$artifacts"
        cp "$CORPUS/$t"/* "$WORK/corpus/$t/"
        # shellcheck disable=SC2046
        LOOM_FUZZ_KNOWN=$PWD/$KNOWN "$bin/$(product "$t")" $(options "$t") -max_total_time="$FUZZ_SECONDS" \
            -timeout="$FUZZ_TIMEOUT" -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$artifacts" \
            "$WORK/corpus/$t" $(seeds "$t") >"$log" 2>&1 || status=$?
        local rate execs corp new result
        rate=$(awk '/stat::average_exec_per_sec/ { print $2 }' "$log")
        execs=$(awk '/stat::number_of_executed_units/ { print $2 }' "$log")
        corp=$({ grep -Eo 'corp: [0-9]+' "$log" || true; } | tail -1 | awk '{ print $2 }')
        new=$(( $(find "$WORK/corpus/$t" -type f | wc -l) - $(find "$CORPUS/$t" -type f | wc -l) ))
        result=ok
        if [ "$status" -ne 0 ] || [ -n "$(ls -A "$artifacts")" ]; then
            local known="" sig
            while IFS= read -r sig; do
                if [ -n "$sig" ] && report "$log" | grep -F -- "$sig" >/dev/null; then known=$sig; break; fi
            done < <(signatures "$t")
            if [ -n "$known" ]; then
                result="known failure ($known), stopped early: $(ls "$artifacts" | head -1)"
            else
                result="FAILED (exit $status): $log, $(ls "$artifacts" | tr '\n' ' ')"
                failed=1
            fi
        fi
        printf '%-11s %10s %12s %8s %9s  %s\n' "$t" "${rate:-?}" "${execs:-?}" "${corp:-?}" "+$new" "$result"
        { grep -h "known failure, skipped" "$log" || true; } | sort -u | sed 's/^/            /'
        if [ "$result" != ok ] && [ "$failed" = 1 ]; then
            { report "$log" | grep -E "ERROR|Fatal error|SUMMARY|^ *#[0-9]+ 0x.* in [$]s" || true; } | head -20 | sed 's/^/    /'
        fi
    done
    return $failed
}

replay() {
    local bin
    $SWIFT build 2>&1 | tail -1
    bin=$($SWIFT build --show-bin-path)
    for t in $TARGETS; do
        # shellcheck disable=SC2046
        "$bin/$(product "$t")" "$CORPUS/$t" $(seeds "$t")
    done
}

case ${1:-} in
    build) build ;;
    run) shift; if [ $# -gt 0 ]; then TARGETS="$*"; fi; run ;;
    replay) replay ;;
    *) sed -n '2,13p' "$0"; exit 2 ;;
esac
