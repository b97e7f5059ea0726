#!/bin/sh
# Kreiss-constant benchmark (`make bench` runs this from the top of the build
# tree, after bench/run.sh).
#
#  1. bench/bench-kreiss: the certified Kreiss constant (kr_kreiss, T = 1e-4)
#     against the uncertified EigTool-style float estimate (grid + local
#     refinement) on the same dense non-normal matrices, in the same process,
#     for n = 20 50 100 200 400; prints whether "certified n = 200 < 10 s"
#     and "certified no slower than the float estimate of the same accuracy"
#     are met.
#  2. `kreiss constant FILE --progress` end to end on the n = 200 test
#     matrix (written by `bench-kreiss --write-mtx`): wall time and the
#     timestamped progress log, which shows where the certified run spends
#     its time (one line per phase and per certified circle).
#  3. certificates: for the same matrices, `kreiss constant --cert` against
#     `kreiss-check --matrix` on its certificate (wall times, their ratio,
#     the certificate's size); target: checking costs no more than producing.
#
# Environment: KREISS (default ./kreiss), BENCH_KREISS (default
# bench/bench-kreiss), BENCH_KREISS_SIZES (default "20 50 100 200 400"),
# BENCH_KREISS_LOG_N (default 200; empty skips step 2).  Exits 0 unless
# something crashed or a certified enclosure missed its tolerance; a missed
# speed target is reported, not an error.

set -u

KREISS=${KREISS:-./kreiss}
KREISS_CHECK=${KREISS_CHECK:-./kreiss-check}
BENCH_KREISS=${BENCH_KREISS:-bench/bench-kreiss}
SIZES=${BENCH_KREISS_SIZES:-"20 50 100 200 400"}
LOG_N=${BENCH_KREISS_LOG_N-200}

for prog in "$KREISS" "$BENCH_KREISS"; do
    if [ ! -x "$prog" ]; then
        echo "bench/kreiss.sh: $prog not found; run from the top of the build tree after 'make bench/bench-kreiss kreiss'" >&2
        exit 2
    fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/kreiss-bench.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM HUP

status=0

echo "== kreiss constant benchmarks, $(date -u '+%Y-%m-%d %H:%M UTC'), $(uname -srm)"
echo
echo "== 3. certified Kreiss constant vs float grid estimate (bench/bench-kreiss $SIZES)"
# shellcheck disable=SC2086
if ! "$BENCH_KREISS" $SIZES; then
    echo "bench/kreiss.sh: bench-kreiss failed" >&2
    status=1
fi

if [ -n "$LOG_N" ]; then
    echo
    echo "== 4. kreiss constant FILE --progress on the n = $LOG_N test matrix (wall time of the whole command)"
    f="$tmp/kreiss$LOG_N.mtx"
    if ! "$BENCH_KREISS" --write-mtx "$LOG_N" "$f"; then
        echo "bench/kreiss.sh: cannot write $f" >&2
        exit 1
    fi
    case $(date +%N) in
        *N* | '') t0=$(($(date +%s) * 1000)) ;;
        *) t0=$(($(date +%s%N) / 1000000)) ;;
    esac
    "$KREISS" constant --progress "$f" >"$tmp/out.txt" 2>"$tmp/log.txt"
    rc=$?
    case $(date +%N) in
        *N* | '') t1=$(($(date +%s) * 1000)) ;;
        *) t1=$(($(date +%s%N) / 1000000)) ;;
    esac
    # the per-refinement "K in [...]" lines are dropped except the last one
    awk '/K in \[/ { last = $0; next } { print } END { if (last != "") print "(last refinement report) " last }' "$tmp/log.txt"
    cat "$tmp/out.txt"
    echo
    echo "wall time: $((t1 - t0)) ms, exit status $rc"
    if [ $rc -ge 2 ]; then
        echo "bench/kreiss.sh: kreiss constant failed (exit $rc)" >&2
        status=1
    fi
fi

now_ms() {
    case $(date +%N) in
        *N* | '') echo $(($(date +%s) * 1000)) ;;
        *) echo $(($(date +%s%N) / 1000000)) ;;
    esac
}

if [ -x "$KREISS_CHECK" ]; then
    echo
    echo "== 5. certificates: producing (kreiss constant --cert) vs checking (kreiss-check --matrix)"
    printf '%6s %12s %12s %8s %12s %8s  %s\n' n "produce ms" "check ms" ratio "cert bytes" circles verdict
    worst=0
    for n in $SIZES; do
        f="$tmp/k$n.mtx"
        "$BENCH_KREISS" --write-mtx "$n" "$f" 2>/dev/null || { status=1; continue; }
        t0=$(now_ms)
        "$KREISS" constant "$f" --cert "$tmp/k$n.cert" >/dev/null 2>&1
        prc=$?
        t1=$(now_ms)
        "$KREISS_CHECK" "$tmp/k$n.cert" --matrix "$f" >"$tmp/check.out" 2>&1
        crc=$?
        t2=$(now_ms)
        size=$(wc -c <"$tmp/k$n.cert")
        circles=$(grep -c '^circle ' "$tmp/k$n.cert")
        tp=$((t1 - t0)) tc=$((t2 - t1))
        ratio=$(awk -v a="$tc" -v b="$tp" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
        printf '%6s %12s %12s %8s %12s %8s  %s\n' "$n" "$tp" "$tc" "$ratio" "$size" "$circles" \
            "$(tail -1 "$tmp/check.out")"
        [ $prc -ge 2 ] || [ $crc -ne 0 ] && status=1
        worst=$(awk -v w="$worst" -v r="$ratio" 'BEGIN { print (r > w ? r : w) }')
    done
    echo "target 'checking costs no more than producing': worst check/produce ratio $worst:" \
        "$(awk -v w="$worst" 'BEGIN { print (w <= 1 ? "met" : "NOT met") }')"
fi

exit $status
