#!/bin/sh
# Prove the ACSL contracts of kreiss-check's combination rules
# (src/check/combine.[ch], logic in proofs/combine.acsl) with Frama-C/WP.
#
#   proofs/run.sh [--tap] [--results FILE]
#
# Runs
#   frama-c -wp -wp-rte -wp-prover cvc5-axfp,cvc5,z3 -wp-timeout 10 FILES \
#           -then -report-classify -report-unclassified-unknown ERROR
# with the project Why3 configuration proofs/why3.conf (WHY3CONFIG; no
# global `why3 config detect` needed) in a scratch directory that holds the
# cvc5-axfp driver.  Exit status 0 only when every goal is proved and the
# report classifies nothing as an error; 1 when some goal is not proved;
# 2 when a tool is missing or the run itself failed.
#
# Prints one summary line "proofs: P/N goals proved (...)" or, with --tap,
# TAP: one test per C function, one for the lemmas of combine.acsl, one for
# the whole run.  --results FILE writes the per-function table
# (proofs/results.txt in the repository).  The full Frama-C output goes to
# $top_builddir/proofs/frama-c.log.
#
# Environment: top_srcdir, top_builddir (default: this script's parent and
# "."), FRAMA_C (default frama-c), WP_TIMEOUT (10), WP_PAR (number of CPUs),
# WP_SMOKE=1 adds -wp-smoke-tests (unreachable code, contradictory
# preconditions; about twice as long).
set -u

tap=0
results=""
while [ $# -gt 0 ]; do
    case "$1" in
        --tap) tap=1 ;;
        --results) shift; results="${1:?--results needs a file}" ;;
        *) echo "usage: $0 [--tap] [--results FILE]" >&2; exit 2 ;;
    esac
    shift
done

here=$(cd "$(dirname "$0")" && pwd)
srcdir=$(cd "${top_srcdir:-$here/..}" && pwd)
builddir=$(cd "${top_builddir:-.}" && pwd)
frama_c=${FRAMA_C:-frama-c}
timeout=${WP_TIMEOUT:-10}
par=${WP_PAR:-$(nproc 2>/dev/null || echo 2)}
# WP tries the provers in this order and stops at the first success:
# cvc5-axfp decides most goals fastest; cvc5 and z3 (native floating point)
# are the fallbacks.
provers="cvc5-axfp,cvc5,z3"
smoke=""
[ "${WP_SMOKE:-0}" = 1 ] && smoke="-wp-smoke-tests"
cfile="$srcdir/src/check/combine.c"
hfile="$srcdir/src/check/combine.h"
acsl="$srcdir/proofs/combine.acsl"
mkdir -p "$builddir/proofs"
log="$builddir/proofs/frama-c.log"

fail() {
    if [ "$tap" -eq 1 ]; then
        echo "1..1"
        echo "not ok 1 - proofs: $*"
    else
        echo "proofs: error: $*" >&2
    fi
    exit 2
}

for tool in "$frama_c" why3 z3 cvc5; do
    command -v "$tool" >/dev/null 2>&1 || fail "$tool not found (Debian: frama-c-base why3 z3 cvc5)"
done
datadir=$(why3 --print-datadir 2>/dev/null) || fail "why3 --print-datadir failed"

# Scratch directory: the cvc5-axfp driver and the Why3 driver files it
# imports (Why3 resolves a driver's imports next to the driver).
work=$(mktemp -d "${TMPDIR:-/tmp}/kreiss-wp.XXXXXX") || fail "mktemp failed"
trap 'rm -rf "$work"' EXIT INT TERM
mkdir "$work/drivers"
cp "$srcdir/proofs/cvc5-axfp.drv" "$work/drivers/"
for f in smt-libv2.gen no-bv.gen discrimination.gen; do
    [ -f "$datadir/drivers/$f" ] || fail "$datadir/drivers/$f not found"
    ln -s "$datadir/drivers/$f" "$work/drivers/$f"
done

versions="frama-c $("$frama_c" -version 2>/dev/null | head -n 1 | sed 's/ *$//'), \
why3 $(why3 --version 2>/dev/null | sed 's/.*version //'), \
z3 $(z3 --version 2>/dev/null | sed -n 's/^Z3 version \([^ ]*\).*/\1/p'), \
cvc5 $(cvc5 --version 2>/dev/null | sed -n 's/^This is cvc5 version \([^ ]*\).*/\1/p')"

start=$(date +%s)
(
    cd "$work" &&
    WHY3CONFIG="$srcdir/proofs/why3.conf" "$frama_c" \
        -cpp-extra-args="-I$srcdir/proofs -I$srcdir/src/check" \
        -wp -wp-rte -wp-prover "$provers" -wp-timeout "$timeout" -wp-par "$par" \
        $smoke \
        "$cfile" \
        -then -report-classify -report-unclassified-unknown ERROR
) >"$log" 2>&1
rc=$?
wall=$(( $(date +%s) - start ))

# Function names: the declarations "int ck_xxx(" of combine.h.
fns=$(sed -n 's/^[a-z][a-z_ ]* \**\(ck_[a-z0-9_]*\)(.*/\1/p' "$hfile" | tr '\n' ' ')

# One line per goal: group status prover ms.  Status lines look like
#   [wp] [CVC5 1.0.3 (axfp)] Goal typed_ck_cover_x : Valid (Qed:3ms) (1.2s)
#   [wp] [Failed] Goal typed_ck_cover_x
# (the first is also printed for a prover that failed: ": Timeout" etc.).
awk -v fns="$fns" '
function group(g,   n, i, best, a) {
    sub(/^typed_/, "", g)
    if (g ~ /^lemma_/)
        return "lemmas"
    if (g ~ /^smoke_/)
        return "smoke-tests"
    n = split(fns, a, " "); best = "other"
    for (i = 1; i <= n; i++)
        if (index(g, a[i] "_") == 1 && length(a[i]) > length(best == "other" ? "" : best))
            best = a[i]
    return best
}
function ms(t,   v) {
    if (t ~ /ms$/) { sub(/ms$/, "", t); return t + 0 }
    if (t ~ /^[0-9]+m[0-9.]+s$/) { split(t, v, "m"); sub(/s$/, "", v[2]); return v[1] * 60000 + v[2] * 1000 }
    if (t ~ /s$/) { sub(/s$/, "", t); return t * 1000 }
    return 0
}
/^\[wp\] \[Failed\] Goal / { failed[$4] = 1; seen[$4] = 1; next }
/^\[wp\] \[[A-Za-z]+\] Smoke-test / {
    # with WP_SMOKE=1: a smoke test passes when its "false" goal is NOT proved
    name = "smoke_" $4; seen[name] = 1
    if ($2 == "[Passed]") { valid[name] = 1; by[name] = "-"; tm[name] = 0 } else failed[name] = 1
    next
}
/^\[wp\] \[[^]]*\] Goal [^ ]+ : / {
    line = $0
    prover = line; sub(/^\[wp\] \[/, "", prover); sub(/\] Goal .*/, "", prover)
    name = line; sub(/.*\] Goal /, "", name); sub(/ : .*/, "", name)
    rest = line; sub(/.* : /, "", rest)
    status = rest; sub(/ .*/, "", status)
    seen[name] = 1
    if (status != "Valid") { if (!(name in valid)) failed[name] = 1; next }
    t = 0
    while (match(rest, /\([^()]*\)/)) {
        x = substr(rest, RSTART + 1, RLENGTH - 2); rest = substr(rest, RSTART + RLENGTH)
        if (x ~ /^Qed:/ || x ~ /^[0-9]+$/) continue
        if (x ~ /^[0-9.]+(ms|s)$/ || x ~ /^[0-9]+m[0-9.]+s$/) { t = ms(x); break }
    }
    valid[name] = 1; delete failed[name]; by[name] = prover; tm[name] = t
}
/^\[wp\] Proved goals: / { total = $NF; proved = $(NF - 2) }
END {
    for (name in seen) {
        g = group(name)
        st = (name in valid) ? "valid" : "unproved"
        p = (name in valid) ? by[name] : "-"
        gsub(/ /, "_", p)
        printf "goal %s %s %s %d\n", g, st, p, (name in valid) ? tm[name] : 0
    }
    printf "summary %s %s\n", (proved == "" ? 0 : proved), (total == "" ? 0 : total)
}' "$log" >"$work/goals"

set -- $(sed -n 's/^summary //p' "$work/goals")
proved=$1
total=$2
parsed=$(grep -c '^goal ' "$work/goals")

# Per-group table: goals, unproved, goals per prover, prover time.
table=$(awk '
/^goal / {
    g = $2; n[g]++; if ($3 != "valid") u[g]++
    p = $4
    if ($3 == "valid") {
        key = (p == "Qed") ? "qed" : (p ~ /axfp/) ? "cvc5-axfp" : (p ~ /^CVC5/) ? "cvc5" : (p ~ /^Z3/) ? "z3" : "other"
        c[g, key]++; t[g] += $NF; if ($NF > mx[g]) mx[g] = $NF
    }
    groups[g] = 1
}
END {
    order = "ck_cover ck_all_le ck_segment_ok lemmas smoke-tests other"
    m = split(order, o, " ")
    for (i = 1; i <= m; i++) {
        g = o[i]; if (!(g in groups)) continue
        printf "%-14s %5d %8d %5d %5d %5d %9d %10.2f %9.2f\n", g, n[g], u[g], c[g, "qed"], c[g, "z3"], c[g, "cvc5"], c[g, "cvc5-axfp"], t[g] / 1000, mx[g] / 1000
        N += n[g]; U += u[g]; Q += c[g, "qed"]; Z += c[g, "z3"]; C += c[g, "cvc5"]; A += c[g, "cvc5-axfp"]; T += t[g]; if (mx[g] > MX) MX = mx[g]
    }
    printf "%-14s %5d %8d %5d %5d %5d %9d %10.2f %9.2f\n", "total", N, U, Q, Z, C, A, T / 1000, MX / 1000
}' "$work/goals")

groups_line=$(echo "$table" | awk '$1 != "total" { printf "%s%s %d/%d", sep, $1, $2 - $3, $2; sep = ", " }')

ok_all=1
[ "$rc" -eq 0 ] || ok_all=0
[ "$total" -gt 0 ] && [ "$proved" -eq "$total" ] && [ "$parsed" -eq "$total" ] || ok_all=0

if [ -n "$results" ]; then
    {
        echo "# Frama-C/WP results for src/check/combine.[ch] + proofs/combine.acsl"
        echo "# generated by proofs/run.sh (make proofs); do not edit"
        echo "# tools: $versions"
        echo "# command: frama-c -wp -wp-rte -wp-prover $provers -wp-timeout $timeout -wp-par $par${smoke:+ $smoke}"
        echo "#          src/check/combine.c -then -report-classify -report-unclassified-unknown ERROR"
        echo "#"
        echo "# goals: WP proof obligations (contracts, loop invariants and variants,"
        echo "# -wp-rte runtime-error guards, lemmas); columns qed..cvc5-axfp: which"
        echo "# prover closed each goal; time: sum and max of the deciding prover's time."
        echo "#"
        echo "# group          goals unproved   qed    z3  cvc5 cvc5-axfp   time(s)  max(s)"
        echo "$table"
        echo "#"
        echo "# result: $proved/$total goals proved, frama-c exit status $rc, wall clock ${wall}s on $par parallel provers"
    } >"$results"
fi

if [ "$tap" -eq 1 ]; then
    n=$(echo "$table" | grep -vc '^total')
    echo "1..$((n + 1))"
    i=0
    echo "$table" | while read -r g goals unproved rest; do
        [ "$g" = total ] && continue
        i=$((i + 1))
        if [ "$unproved" -eq 0 ]; then
            echo "ok $i - $g: $goals goals proved"
        else
            echo "not ok $i - $g: $unproved of $goals goals not proved"
        fi
    done
    if [ "$ok_all" -eq 1 ]; then
        echo "ok $((n + 1)) - frama-c: $proved/$total goals, report clean (${wall}s)"
    else
        echo "not ok $((n + 1)) - frama-c: $proved/$total goals, exit status $rc (see $log)"
        grep -E '^\[report\] |^\[ERROR|rror' "$log" | head -n 20 | sed 's/^/# /'
    fi
else
    if [ "$ok_all" -eq 1 ]; then
        echo "proofs: $proved/$total goals proved ($groups_line) in ${wall}s"
    else
        echo "proofs: FAILED: $proved/$total goals proved ($groups_line), frama-c exit status $rc; see $log"
        grep -E '^\[wp\] \[Failed\]|^\[ERROR' "$log" | head -n 20 | sed 's/^/proofs:   /'
    fi
fi

if [ "$ok_all" -eq 1 ]; then
    exit 0
fi
[ "$total" -gt 0 ] || exit 2
exit 1
