#!/bin/sh
# The kreiss command line: exit statuses, JSON keys, exact versus binary64
# input semantics, and every bad input of tests/data/bad (exit 2, a message
# naming the file and the line).  TAP output.
. "${top_srcdir:-.}/tests/tap.sh"

# --- usage ------------------------------------------------------------
run "$KREISS" --help;            ok $(( rc != 0 )) "--help exits 0"
has "Usage: kreiss" "$tmp/out";  ok $? "--help prints the usage"
run "$KREISS" --version;         ok $(( rc != 0 )) "--version exits 0"
run "$KREISS";                   ok $(( rc != 2 )) "no command: exit 2"
run "$KREISS" frobnicate x.mtx;  ok $(( rc != 2 )) "unknown command: exit 2"
has "unknown command" "$tmp/err"; ok $? "... with a message"
run "$KREISS" norm --bogus --example jordan; ok $(( rc != 2 )) "unknown option: exit 2"
run "$KREISS" norm --tol abc --example jordan; ok $(( rc != 2 )) "bad --tol: exit 2"
run "$KREISS" smin --example jordan; ok $(( rc != 2 )) "smin without --at: exit 2"
run "$KREISS" smin --example jordan --at 1.05-0.2; ok $(( rc != 2 )) "malformed --at: exit 2"
run "$KREISS" norm --example nosuch; ok $(( rc != 2 )) "unknown example: exit 2"
run "$KREISS" norm "$tmp/missing.mtx"; ok $(( rc != 2 )) "missing file: exit 2"
has "$tmp/missing.mtx" "$tmp/err"; ok $? "... the message names the file"
run "$KREISS" examples;          ok $(( rc != 0 )) "examples lists the embedded matrices"
has "bilevel" "$tmp/out";        ok $? "... including bilevel"
run "$KREISS" example jordan;    ok $(( rc != 0 )) "example prints one"
cp "$tmp/out" "$tmp/jordan.mtx"
run "$KREISS" norm "$tmp/jordan.mtx"; ok $(( rc != 0 )) "... and it reads back as a file"

# --- certified results and exit statuses ------------------------------
run "$KREISS" norm --example jordan --json
ok $(( rc != 0 )) "norm of jordan: exit 0"
has '"norm": {"lo": "' "$tmp/out"; ok $? "... JSON has norm.lo"
has '"certified": true' "$tmp/out"; ok $? "... certified"
if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert set(d["norm"])=={"lo","hi"}' "$tmp/out"
    ok $? "... the output is one valid JSON object"
fi
run "$KREISS" smin --example jordan --at 1.05-0.2i --json
ok $(( rc != 0 )) "smin at 1.05-0.2i: exit 0"
has '"sigma_min": {"lo"' "$tmp/out" && has '"resolvent_norm": {"lo"' "$tmp/out"
ok $? "... JSON has sigma_min and resolvent_norm"
run "$KREISS" smin --example jordan --at 0.9 --json
ok $(( rc != 0 )) "smin at the eigenvalue 0.9: exit 0 (exactly singular)"
has '"resolvent_norm": {"lo": "inf", "hi": "inf"}' "$tmp/out"; ok $? "... resolvent norm is inf"
run "$KREISS" radius --example bilevel --json
ok $(( rc != 0 )) "radius of bilevel: exit 0"
has '"verdict": "rho<1"' "$tmp/out"; ok $? "... verdict rho<1"
has '"spectral_radius": {"lo"' "$tmp/out"; ok $? "... JSON has spectral_radius"
run "$KREISS" radius --example rotation --json
ok $(( rc != 1 )) "radius of a rotation (rho = 1): exit 1"
has '"verdict": "undecided"' "$tmp/out"; ok $? "... verdict undecided"

# --- Kreiss constants and circle maxima --------------------------------
run "$KREISS" constant --example jordan --json
ok $(( rc != 0 )) "constant of jordan: exit 0"
for key in '"kreiss": {"lo"' '"circle_max": {"lo"' '"witness_z": {"re"' '"circles": '; do
    has "$key" "$tmp/out"; ok $? "... JSON has $key"
done
if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import json,sys
from fractions import Fraction as F
d=json.load(open(sys.argv[1])); lo=F(d["kreiss"]["lo"]); hi=F(d["kreiss"]["hi"])
sys.exit(0 if lo <= F("25.01") <= hi and hi <= lo*F("1.0001") else 1)' "$tmp/out"
    ok $? "... K = 25.01 enclosed with hi <= lo (1 + 1e-4)"
fi
run "$KREISS" constant --example rotation --json
ok $(( rc != 1 )) "constant of a rotation (rho = 1): exit 1"
has '"hi": null' "$tmp/out"; ok $? "... no upper bound (hi null)"
has '"reason": "' "$tmp/out"; ok $? "... with a reason"
printf '%%%%MatrixMarket matrix array real general\n2 2\n1.5\n0\n0\n0.5\n' >"$tmp/unstable.mtx"
run "$KREISS" constant "$tmp/unstable.mtx" --json
ok $(( rc != 0 )) "constant of diag(1.5, 0.5) (rho > 1): exit 0"
has '"kreiss": {"lo": "inf", "hi": "inf"}' "$tmp/out"; ok $? "... K = inf"
run "$KREISS" circle --example jordan --r 1 --json
ok $(( rc != 0 )) "circle r = 1 of jordan: exit 0"
has '"circle_max": {"lo"' "$tmp/out" && has '"approximate": true' "$tmp/out"
ok $? "... JSON has circle_max and an approximate maximiser"
printf '%%%%MatrixMarket matrix array real general\n1 1\n0.5\n' >"$tmp/half.mtx"
run "$KREISS" circle "$tmp/half.mtx" --r 0.5 --json
ok $(( rc != 0 )) "circle through the eigenvalue 0.5: exit 0"
has '"circle_max": {"lo": "inf", "hi": "inf"}' "$tmp/out"; ok $? "... M(r) = inf (exact singularity)"
run "$KREISS" circle --example jordan --json
ok $(( rc != 2 )) "circle without --r: exit 2"
run "$KREISS" circle --example jordan --r -1
ok $(( rc != 2 )) "circle with a negative radius: exit 2"
run "$KREISS" constant --example jordan --rel-tol 0
ok $(( rc != 2 )) "constant with --rel-tol 0: exit 2"

# --- exact versus binary64 semantics ----------------------------------
printf '%%%%MatrixMarket matrix array real general\n1 1\n0.1\n' >"$tmp/tenth.mtx"
run "$KREISS" norm "$tmp/tenth.mtx" --tol 1e-25 --json
ok $(( rc != 0 )) "norm of [0.1] (exact) at tol 1e-25: exit 0"
if command -v python3 >/dev/null 2>&1; then
    check='import json,sys
from fractions import Fraction as F
d=json.load(open(sys.argv[1])); lo=F(d["norm"]["lo"]); hi=F(d["norm"]["hi"])
x=F(sys.argv[2])
sys.exit(0 if lo<=x<=hi else 1)'
    python3 -c "$check" "$tmp/out" 0.1
    ok $? "... exact entries: the enclosure contains 1/10"
    run "$KREISS" norm "$tmp/tenth.mtx" --tol 1e-25 --digits 40 --json --entries binary64
    python3 -c "$check" "$tmp/out" 0.1000000000000000055511151231257827021181583404541015625
    ok $? "binary64 entries: the enclosure contains the double nearest 0.1"
    python3 -c "$check" "$tmp/out" 0.1
    ok $(( $? == 0 )) "... and excludes 1/10"
fi

# --- bad input catalogue ----------------------------------------------
manifest="$srcdir/tests/data/bad/MANIFEST"
if [ -r "$manifest" ]; then
    tab=$(printf '\t')
    while IFS="$tab" read -r file line msg; do
        [ -n "$file" ] || continue
        path="$srcdir/tests/data/bad/$file"
        case $file in
            binary64-*) run "$KREISS" norm --entries binary64 "$path" ;;
            *) run "$KREISS" norm "$path" ;;
        esac
        ok $(( rc != 2 )) "bad input $file: exit 2"
        if [ "$line" -gt 0 ]; then
            has "$path:$line: " "$tmp/err"
            ok $? "... message names $file line $line"
        else
            has "$path" "$tmp/err"
            ok $? "... message names $file"
        fi
        has "$msg" "$tmp/err"; ok $? "... says: $msg"
        [ ! -s "$tmp/out" ]; ok $? "... and prints nothing on standard output"
    done <"$manifest"
else
    ok 1 "tests/data/bad/MANIFEST is readable"
fi

done_testing
