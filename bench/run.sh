#!/bin/sh
# kreiss benchmarks (`make bench` runs this from the top of the build tree).
#
#  1. bench/bench-pd: the certified PD check (kr_pd_f64, LAPACK kernel)
#     against LAPACK's plain Cholesky on the same dense SPD matrix, in the
#     same process, for n = 100 400 1000; prints whether the target
#     "certified <= 3 x plain at n = 1000" is met.
#  2. `kreiss norm FILE` end to end (process start, reading the exact-decimal
#     Matrix Market file, estimate, witness, PD certificate, output): wall
#     time, the certified enclosure's relative width and the prover that gave
#     the upper bound; once with the defaults and once with --no-arb
#     (binary64 PD test only).
#
# Environment: KREISS (default ./kreiss), BENCH_PD (default bench/bench-pd),
# BENCH_SIZES (default "100 400 1000").  Exits 0 unless something crashed or
# failed; a missed speed target is reported, not an error.

set -u

KREISS=${KREISS:-./kreiss}
BENCH_PD=${BENCH_PD:-bench/bench-pd}
SIZES=${BENCH_SIZES:-"100 400 1000"}

for prog in "$KREISS" "$BENCH_PD"; do
    if [ ! -x "$prog" ]; then
        echo "bench/run.sh: $prog not found; run from the top of the build tree after 'make bench/bench-pd kreiss'" >&2
        exit 2
    fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/kreiss-bench.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM HUP

status=0

# Wall clock in microseconds (GNU date's %N; whole seconds otherwise).
case $(date +%N) in
    *N* | '') now_us() { echo $(( $(date +%s) * 1000000 )); } ;;
    *) now_us() { t=$(date +%s%N); echo $(( t / 1000 )); } ;;
esac

# Median of the numbers given as arguments (lower median for an even count).
median() {
    printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
}

ms() { awk -v us="$1" 'BEGIN { printf "%.1f", us / 1000 }'; }

# Relative width (hi - lo) / lo of two decimal strings, exactly with bc.
relwidth() {
    case $2 in
        '' | null | inf) echo inf; return ;;
    esac
    case $1 in
        0 | '' | nan) echo inf; return ;;
    esac
    lo=$(echo "$1" | sed 's/[eE]\(.*\)/*10^(\1)/')
    hi=$(echo "$2" | sed 's/[eE]\(.*\)/*10^(\1)/')
    w=$(echo "scale=60; ($hi - ($lo)) / ($lo)" | bc -l 2>/dev/null)
    if [ -z "$w" ]; then echo "?"; return; fi
    awk -v w="$w" 'BEGIN { printf "%.2e", w < 0 ? -w : w }'
}

echo "== kreiss benchmarks, $(date -u '+%Y-%m-%d %H:%M UTC'), $(uname -srm)"
echo
echo "== 1. certified PD check vs plain Cholesky (bench/bench-pd $SIZES)"
# shellcheck disable=SC2086
if ! "$BENCH_PD" $SIZES; then
    echo "bench/run.sh: bench-pd failed" >&2
    status=1
fi

echo
echo "== 2. kreiss norm FILE (wall time of the whole command, default --tol 1e-10)"
echo "matrices: dense random n x n, exact decimal entries k/1000, k uniform in [-1000, 1000]"

# Process start-up (the libtool wrapper script, if any, included).
ts=""
k=0
while [ $k -lt 5 ]; do
    t0=$(now_us)
    "$KREISS" version >/dev/null 2>&1
    t1=$(now_us)
    ts="$ts $((t1 - t0))"
    k=$((k + 1))
done
# shellcheck disable=SC2086
echo "start-up of '$KREISS version' (included in every time below): $(ms "$(median $ts)") ms"
echo "times are medians of 3 runs (1 run when the first one takes more than 2 s)"
echo

# run_norm FILE [OPTIONS]: prints "ms|relwidth|method|exitcode".
run_norm() {
    file=$1
    shift
    ts=""
    k=0
    while [ $k -lt 3 ]; do
        t0=$(now_us)
        "$KREISS" norm --json "$@" "$file" >"$tmp/out.json" 2>"$tmp/err.txt"
        rc=$?
        t1=$(now_us)
        ts="$ts $((t1 - t0))"
        k=$((k + 1))
        if [ $rc -ge 2 ]; then
            break
        fi
        if [ $((t1 - t0)) -gt 2000000 ]; then
            break
        fi
    done
    # shellcheck disable=SC2086
    t=$(median $ts)
    lo=$(sed -n 's/.*"norm": {"lo": "\([^"]*\)".*/\1/p' "$tmp/out.json")
    hi=$(sed -n 's/.*"norm": {.*"hi": "\([^"]*\)"}.*/\1/p' "$tmp/out.json")
    w=$(relwidth "$lo" "$hi")
    meth=$(sed -n 's/.*"upper": {.*"method": "\([^"]*\)".*/\1/p' "$tmp/out.json" |
        sed "s/ with Rump's shift//")
    echo "$(ms "$t")|$w|${meth:-none}|$rc"
}

printf '%6s %9s | %10s %10s  %-28s | %10s %10s  %s\n' "n" "file(MB)" \
    "time(ms)" "rel.width" "upper bound by (default)" "time(ms)" "rel.width" "--no-arb"
for n in $SIZES; do
    f="$tmp/rand$n.mtx"
    if ! "$BENCH_PD" --write-mtx "$n" "$f"; then
        echo "bench/run.sh: cannot write $f" >&2
        status=1
        continue
    fi
    mb=$(wc -c <"$f" | awk '{ printf "%.1f", $1 / 1048576 }')
    d=$(run_norm "$f")
    b=$(run_norm "$f" --no-arb)
    old_ifs=$IFS
    IFS='|'
    # shellcheck disable=SC2086
    set -- $d $b
    IFS=$old_ifs
    printf '%6s %9s | %10s %10s  %-28s | %10s %10s  %s\n' "$n" "$mb" "$1" "$2" "$3" "$5" "$6" "$7"
    for rc in "$4" "$8"; do
        if [ "$rc" -ge 2 ]; then
            echo "bench/run.sh: kreiss norm failed on the n = $n matrix (exit $rc):" >&2
            cat "$tmp/err.txt" >&2
            status=1
        elif [ "$rc" -eq 1 ]; then
            echo "  (n = $n: kreiss norm exit 1, upper bound not certified)"
        fi
    done
done

exit $status
