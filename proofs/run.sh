#!/bin/sh
# Prove the ACSL contracts of kreiss with Frama-C/WP, one proof unit after
# the other:
#
#   check  kreiss-check's combination rules: src/check/combine.[ch],
#          logic in proofs/combine.acsl
#   hyp    the paper-hypothesis decisions: src/hyp/decide.c with the
#          contracts of include/kreiss/decide.h, logic in proofs/hyp.acsl
#
#   proofs/run.sh [--tap] [--results FILE] [UNIT...]
#
# Each unit is one Frama-C run,
#   frama-c -wp -wp-rte -wp-prover PROVERS -wp-timeout 10 FILE \
#           -then -report-classify -report-unclassified-unknown ERROR
# (the hyp unit in three WP passes, see unit_config), with the project Why3
# configuration proofs/why3.conf (WHY3CONFIG; no global `why3 config
# detect` needed) in a scratch directory that holds the cvc5-axfp driver.
# Exit status 0 only when every goal of every unit is proved and every
# report classifies nothing as an error; 1 when some goal is not proved;
# 2 when a tool is missing or a run itself failed.
#
# Prints one summary line "proofs: P/N goals proved (...)" or, with --tap,
# TAP: one test per C function of each unit (ghost lemma functions
# included), one for the lemmas of each .acsl file, one per Frama-C run.
# --results FILE writes the per-function table (proofs/results.txt in the
# repository).  The full Frama-C output of all units goes to
# $top_builddir/proofs/frama-c.log.
#
# Environment: top_srcdir, top_builddir (default: this script's parent and
# "."), FRAMA_C (default frama-c), WP_TIMEOUT (10), WP_PAR (number of CPUs),
# WP_SMOKE=1 adds -wp-smoke-tests (unreachable code, contradictory
# preconditions; about twice as long).
set -u

tap=0
results=""
units=""
while [ $# -gt 0 ]; do
    case "$1" in
        --tap) tap=1 ;;
        --results) shift; results="${1:?--results needs a file}" ;;
        check|hyp) units="$units $1" ;;
        *) echo "usage: $0 [--tap] [--results FILE] [check] [hyp]" >&2; exit 2 ;;
    esac
    shift
done
[ -n "$units" ] || units="check hyp"

here=$(cd "$(dirname "$0")" && pwd)
srcdir=$(cd "${top_srcdir:-$here/..}" && pwd)
builddir=$(cd "${top_builddir:-.}" && pwd)
frama_c=${FRAMA_C:-frama-c}
timeout=${WP_TIMEOUT:-10}
par=${WP_PAR:-$(nproc 2>/dev/null || echo 2)}
smoke=""
[ "${WP_SMOKE:-0}" = 1 ] && smoke="-wp-smoke-tests"
mkdir -p "$builddir/proofs"
log="$builddir/proofs/frama-c.log"

# unit_config UNIT: set
#   label    the files, for the report
#   cfile    the C file WP proves (relative to srcdir)
#   acsl     its logic file(s) (lemma names are read from them)
#   incdirs  -I directories for the preprocessor
#   provers  the provers of the run (for the report)
#   passes   the WP options after FILE: provers and, for several passes,
#            "-then -wp ..." with the goals each pass selects
unit_config() {
    case "$1" in
        check)
            label="src/check/combine.[ch] + proofs/combine.acsl"
            cfile="src/check/combine.c"
            acsl="proofs/combine.acsl"
            incdirs="-I$srcdir/proofs -I$srcdir/src/check"
            # WP tries the provers in this order and stops at the first
            # success: cvc5-axfp decides most goals fastest; cvc5 and z3
            # (native floating point) are the fallbacks.
            provers="cvc5-axfp,cvc5,z3"
            passes="-wp-prover $provers"
            ;;
        hyp)
            label="src/hyp/decide.c + include/kreiss/decide.h + proofs/hyp.acsl"
            cfile="src/hyp/decide.c"
            acsl="proofs/hyp.acsl"
            incdirs="-I$srcdir/proofs -I$srcdir/include"
            # Integer and real arithmetic only.  z3-noauto (z3 without its
            # automatic configuration, proofs/why3.conf) proves the lemmas
            # and all functions but the four below quickly; default z3
            # times out on the row-major index goals of kr_hyp_symmetric.
            # The four below multiply reals (2^a 2^b, products of dyadics):
            # they need default z3's nonlinear arithmetic.  A second prover
            # on every goal would only cost time (WP runs them side by
            # side), hence three passes: lemmas, the rest, the nonlinear
            # functions.  Frama-C keeps z3-noauto in the last pass's prover
            # list, so there the two race.
            nl="kr_hyp_prod3_lt,kr_pow2_add,kr_m2e_prod3,kr_dy_prod3"
            provers="z3-noauto,z3"
            passes="-wp-prover z3-noauto -wp-prop=@lemma
                    -then -wp -wp-prop= -wp-skip-fct $nl
                    -then -wp -wp-skip-fct= -wp-fct $nl -wp-prover z3"
            ;;
    esac
}

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

# The groups of a unit, in report order: its C functions (public ones
# first, then the ghost lemma functions, which are defined indented inside
# /*@ ghost ... */), then "lemmas".  A definition is a line "name(" after
# a line holding only its return type.
unit_groups() {
    awk '
    prev ~ /^[ \t]*(static[ \t]+)?(int|void|long|double)[ \t]*$/ && $0 ~ /^[ \t]*[A-Za-z_][A-Za-z0-9_]*\(/ {
        s = $0; ghost = (s ~ /^[ \t]/); sub(/^[ \t]*/, "", s); sub(/\(.*/, "", s)
        if (ghost) g = g " " s; else p = p " " s
    }
    { prev = $0 }
    END { print p g " lemmas" }' "$srcdir/$1"
}

: >"$log"
: >"$work/goals"
: >"$work/runs"
start_all=$(date +%s)
for unit in $units; do
    unit_config "$unit"
    groups=$(unit_groups "$cfile")
    lemmas=$(cat $(for a in $acsl; do echo "$srcdir/$a"; done) |
        sed -n 's/^[ \t]*lemma[ \t]\{1,\}\([A-Za-z_][A-Za-z0-9_]*\).*/\1/p' | tr '\n' ' ')
    cmd="frama-c -wp -wp-rte -wp-timeout $timeout -wp-par $par${smoke:+ $smoke} $cfile $(echo $passes) -then -report-classify -report-unclassified-unknown ERROR"
    start=$(date +%s)
    # A second attempt when the first leaves goals unproved: on a loaded
    # machine a prover sometimes dies ("Unknown error") or times out on a goal
    # it proves in milliseconds otherwise.  Only the second run counts, and
    # both are in the log.
    for attempt in 1 2; do
        (
            cd "$work" &&
            WHY3CONFIG="$srcdir/proofs/why3.conf" "$frama_c" \
                -cpp-extra-args="$incdirs" \
                -wp -wp-rte -wp-timeout "$timeout" -wp-par "$par" \
                $smoke \
                "$srcdir/$cfile" \
                $passes \
                -then -report-classify -report-unclassified-unknown ERROR
        ) >"$work/$unit.log" 2>&1
        rc=$?
        { echo "### unit $unit: $label (attempt $attempt)"; echo "### $cmd"; cat "$work/$unit.log"; echo; } >>"$log"
        [ "$rc" -eq 0 ] && break
        [ "$attempt" -eq 1 ] && echo "# $unit: goals left unproved by the first attempt, trying once more" >&2
    done
    wall=$(( $(date +%s) - start ))

    # One line per goal: unit group status prover ms.  Status lines look like
    #   [wp] [CVC5 1.0.3 (axfp)] Goal typed_ck_cover_x : Valid (Qed:3ms) (1.2s)
    #   [wp] [Failed] Goal typed_ck_cover_x
    # (the first is also printed for a prover that failed: ": Timeout" etc.).
    # Several WP passes print several "Proved goals" lines: they add up.
    awk -v unit="$unit" -v groups="$groups" -v lemmas="$lemmas" '
    function group(g,   n, i, best, a) {
        sub(/^typed_/, "", g)
        if (g ~ /^lemma_/)
            return "lemmas"
        if (g ~ /^smoke_/)
            return "smoke-tests"
        n = split(groups, a, " "); best = ""
        for (i = 1; i <= n; i++)
            if (a[i] != "lemmas" && index(g, a[i] "_") == 1 && length(a[i]) > length(best))
                best = a[i]
        return best == "" ? "other" : best
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
    /^\[wp\] Proved goals: / { total += $NF; proved += $(NF - 2) }
    END {
        for (name in seen) {
            g = group(name)
            st = (name in valid) ? "valid" : "unproved"
            p = (name in valid) ? by[name] : "-"
            gsub(/ /, "_", p)
            printf "goal %s %s %s %s %d\n", unit, g, st, p, (name in valid) ? tm[name] : 0
        }
        printf "summary %s %d %d\n", unit, proved, total
    }' "$work/$unit.log" >>"$work/goals"
    echo "run $unit $rc $wall $(echo $groups)" >>"$work/runs"
    echo "cmd $unit $cmd" >>"$work/runs"
done
wall_all=$(( $(date +%s) - start_all ))

# Per-unit table: goals, unproved, goals per prover, prover time; a
# subtotal per unit and a total.
table=$(awk '
FNR == NR && $1 == "run" {
    u = $2; nu++; uorder[nu] = u
    for (i = 5; i <= NF; i++) { ng[u]++; gorder[u, ng[u]] = $i }
    ng[u]++; gorder[u, ng[u]] = "smoke-tests"; ng[u]++; gorder[u, ng[u]] = "other"
    next
}
FNR == NR { next }
$1 == "goal" {
    u = $2; g = $3; k = u SUBSEP g; n[k]++; if ($4 != "valid") un[k]++
    p = $5
    if ($4 == "valid") {
        key = (p == "Qed") ? "qed" : (p ~ /axfp/) ? "cvc5-axfp" : (p ~ /noauto/) ? "z3-noauto" : (p ~ /^CVC5/) ? "cvc5" : (p ~ /^Z3/) ? "z3" : "other"
        c[k, key]++; t[k] += $NF; if ($NF > mx[k]) mx[k] = $NF
    }
}
function row(name, N, U, Q, Z, ZN, C, A, T, M) {
    printf "%-20s %5d %8d %5d %5d %9d %5d %9d %9.2f %7.2f\n", name, N, U, Q, Z, ZN, C, A, T / 1000, M / 1000
}
END {
    for (j = 1; j <= nu; j++) {
        u = uorder[j]
        printf "unit %s\n", u
        SN = SU = SQ = SZ = SZN = SC = SA = ST = SM = 0
        for (i = 1; i <= ng[u]; i++) {
            g = gorder[u, i]; k = u SUBSEP g
            if (!(k in n)) continue
            row(g, n[k], un[k], c[k, "qed"], c[k, "z3"], c[k, "z3-noauto"], c[k, "cvc5"], c[k, "cvc5-axfp"], t[k], mx[k])
            SN += n[k]; SU += un[k]; SQ += c[k, "qed"]; SZ += c[k, "z3"]; SZN += c[k, "z3-noauto"]
            SC += c[k, "cvc5"]; SA += c[k, "cvc5-axfp"]; ST += t[k]; if (mx[k] > SM) SM = mx[k]
        }
        row("subtotal " u, SN, SU, SQ, SZ, SZN, SC, SA, ST, SM)
        N += SN; U += SU; Q += SQ; Z += SZ; ZN += SZN; C += SC; A += SA; T += ST; if (SM > M) M = SM
    }
    row("total", N, U, Q, Z, ZN, C, A, T, M)
}' "$work/runs" "$work/goals")

proved=$(awk '$1 == "summary" { s += $3 } END { print s + 0 }' "$work/goals")
total=$(awk '$1 == "summary" { s += $4 } END { print s + 0 }' "$work/goals")
parsed=$(grep -c '^goal ' "$work/goals")

ok_all=1
awk '$1 == "run" && $3 != 0 { bad = 1 } END { exit bad }' "$work/runs" || ok_all=0
[ "$total" -gt 0 ] && [ "$proved" -eq "$total" ] && [ "$parsed" -eq "$total" ] || ok_all=0

# "unit group ..." lines of the table, for TAP and the summary line.
rows=$(echo "$table" | awk '$1 == "unit" { u = $2; next } $1 == "subtotal" || $1 == "total" { next } { print u, $0 }')

if [ -n "$results" ]; then
    {
        echo "# Frama-C/WP results for the ACSL contracts of kreiss"
        echo "# generated by proofs/run.sh (make proofs); do not edit"
        echo "# tools: $versions"
        for unit in $units; do
            unit_config "$unit"
            echo "# unit $unit: $label"
            echo "#   $(sed -n "s/^cmd $unit //p" "$work/runs")"
        done
        echo "#"
        echo "# goals: WP proof obligations (contracts, loop invariants and variants,"
        echo "# -wp-rte runtime-error guards, lemmas); one row per C function (the"
        echo "# ghost lemma functions of decide.c included) and per .acsl file's lemmas;"
        echo "# columns qed..cvc5-axfp: which prover closed each goal; time: sum and"
        echo "# max of the deciding prover's time."
        echo "#"
        echo "# group                goals unproved   qed    z3 z3-noauto  cvc5 cvc5-axfp   time(s)  max(s)"
        echo "$table" | sed 's/^unit \(.*\)/# \1:/'
        echo "#"
        awk '$1 == "run" { printf "# %s: frama-c exit status %s, wall clock %ss\n", $2, $3, $4 }' "$work/runs"
        echo "# result: $proved/$total goals proved, wall clock ${wall_all}s on $par parallel provers"
    } >"$results"
fi

# TAP / summary labels: "FILE: FUNCTION" or "ACSL-FILE: lemmas".
label_of() { # unit group
    unit_config "$1"
    if [ "$2" = lemmas ]; then echo "$acsl: lemmas"; else echo "$cfile: $2"; fi
}

if [ "$tap" -eq 1 ]; then
    nrows=$(echo "$rows" | grep -c .)
    nruns=$(grep -c '^run ' "$work/runs")
    echo "1..$((nrows + nruns))"
    i=0
    echo "$rows" | while read -r unit g goals unproved rest; do
        [ -n "$unit" ] || continue
        i=$((i + 1))
        if [ "$unproved" -eq 0 ]; then
            echo "ok $i - $(label_of "$unit" "$g"): $goals goals proved"
        else
            echo "not ok $i - $(label_of "$unit" "$g"): $unproved of $goals goals not proved"
        fi
    done
    i=$nrows
    while read -r kind unit rc wall rest; do
        [ "$kind" = run ] || continue
        i=$((i + 1))
        set -- $(awk -v u="$unit" '$1 == "summary" && $2 == u { print $3, $4 }' "$work/goals")
        up=$1; ut=$2
        up_parsed=$(awk -v u="$unit" '$1 == "goal" && $2 == u' "$work/goals" | grep -c .)
        unit_config "$unit"
        if [ "$rc" -eq 0 ] && [ "$ut" -gt 0 ] && [ "$up" -eq "$ut" ] && [ "$up_parsed" -eq "$ut" ]; then
            echo "ok $i - frama-c $cfile: $up/$ut goals, report clean (${wall}s)"
        else
            echo "not ok $i - frama-c $cfile: $up/$ut goals, exit status $rc (see $log)"
            sed -n "/^### unit $unit:/,/^### unit /p" "$log" |
                grep -E '^\[report\] |^\[ERROR|rror' | head -n 20 | sed 's/^/# /'
        fi
    done <"$work/runs"
else
    groups_line=$(echo "$rows" | awk '{ printf "%s%s %d/%d", sep, $2, $3 - $4, $3; sep = ", " }')
    if [ "$ok_all" -eq 1 ]; then
        echo "proofs: $proved/$total goals proved ($groups_line) in ${wall_all}s"
    else
        echo "proofs: FAILED: $proved/$total goals proved ($groups_line); see $log"
        awk '$1 == "run" && $3 != 0 { printf "proofs:   %s: frama-c exit status %s\n", $2, $3 }' "$work/runs"
        grep -E '^\[wp\] \[Failed\]|^\[ERROR' "$log" | head -n 20 | sed 's/^/proofs:   /'
    fi
fi

if [ "$ok_all" -eq 1 ]; then
    exit 0
fi
[ "$total" -gt 0 ] || exit 2
exit 1
