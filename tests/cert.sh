#!/bin/sh
# Certificates end to end: every certifying command's certificate verifies
# with kreiss-check (round trip) and states the same bounds kreiss printed;
# --matrix binds a certificate to one matrix; --cert is atomic; the committed
# certificates in certs/ verify and the deliberately bad ones in certs/bad/
# are rejected with the status and reason of certs/bad/MANIFEST.  TAP output.
. "${top_srcdir:-.}/tests/tap.sh"

# JSON value of KEY.lo / KEY.hi from $tmp/json
json_side() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]][sys.argv[3]])' "$tmp/json" "$1" "$2"; }

"$KREISS" example jordan >"$tmp/jordan.mtx"
"$KREISS" example bilevel >"$tmp/bilevel.mtx"
"$KREISS" example rotation >"$tmp/rotation.mtx"
printf '%%%%MatrixMarket matrix array complex general\n2 2\n0 0.5\n3 0\n0 0\n0.6 0.1\n' >"$tmp/cx.mtx"
cp "$srcdir/tests/data/good/array-complex-hermitian.mtx" "$tmp/herm.mtx"

# --- round trip: certificate verifies, against the same matrix, same bounds
roundtrip() { # roundtrip NAME QUANTITY KREISS-ARGS...
    name=$1 q=$2
    shift 2
    rm -f "$tmp/c.cert"
    "$KREISS" "$@" --json --cert "$tmp/c.cert" >"$tmp/json" 2>"$tmp/err"
    krc=$?
    mfile=$2
    run "$CHECK" "$tmp/c.cert" --matrix "$mfile"
    ok $(( rc != 0 || krc == 2 )) "$name: the certificate verifies (kreiss exit $krc, kreiss-check exit $rc)"
    has "s VERIFIED" "$tmp/out"; ok $? "$name: ... s VERIFIED"
    if [ -n "$q" ]; then
        lo=$(json_side "$q" lo) hi=$(json_side "$q" hi)
        [ "$hi" = None ] && hi=inf
        grep -q "^v $q $lo $hi\( @.*\)\?\$" "$tmp/out"
        ok $? "$name: ... the v line states the printed enclosure [$lo, $hi]"
    fi
}
roundtrip "constant jordan" kreiss constant "$tmp/jordan.mtx"
roundtrip "constant bilevel" kreiss constant "$tmp/bilevel.mtx"
roundtrip "constant complex" kreiss constant "$tmp/cx.mtx"
roundtrip "constant rotation (lower bound only)" kreiss constant "$tmp/rotation.mtx"
roundtrip "constant complex data (rho > 1)" kreiss constant "$srcdir/tests/data/good/array-complex-general.mtx"
roundtrip "constant 1e-8" kreiss constant "$tmp/jordan.mtx" --rel-tol 1e-8
roundtrip "circle r = 1" circle_max circle "$tmp/jordan.mtx" --r 1
roundtrip "circle r = 1.05, complex" circle_max circle "$tmp/cx.mtx" --r 1.05
roundtrip "circle through an eigenvalue" circle_max circle "$tmp/jordan.mtx" --r 0.9
roundtrip "circle by Weyl arcs, real (half circle)" circle_max circle "$tmp/jordan.mtx" --r 1.5 --arcs-only --rel-tol 0.1
has "arcs " "$tmp/c.cert"; ok $? "... the certificate has an arcs record"
roundtrip "circle by Weyl arcs, complex (full circle)" circle_max circle "$tmp/cx.mtx" --r 1.05 --arcs-only
has "arcs " "$tmp/c.cert"; ok $? "... the certificate has an arcs record"
roundtrip "norm" norm norm "$tmp/bilevel.mtx"
roundtrip "norm complex" norm norm "$tmp/cx.mtx"
roundtrip "smin" sigma_min smin "$tmp/jordan.mtx" --at 1.05-0.2i
roundtrip "smin at an eigenvalue" sigma_min smin "$tmp/jordan.mtx" --at 0.9
roundtrip "smin resolvent" resolvent_norm smin "$tmp/cx.mtx" --at 1
roundtrip "radius general" spectral_radius radius "$tmp/bilevel.mtx"
roundtrip "radius Hermitian" spectral_radius radius "$tmp/herm.mtx"
roundtrip "radius rho = 1" spectral_radius radius "$tmp/rotation.mtx"

# --- transient peaks: lo as printed; hi at or a little above the printed hi
# (the checker replays the powers with its own error bound: FORMAT.md)
peak_rt() { # peak_rt NAME MATRIX [ARGS...]
    name=$1
    shift
    rm -f "$tmp/c.cert"
    "$KREISS" peak "$@" --json --cert "$tmp/c.cert" >"$tmp/json" 2>"$tmp/err"
    krc=$?
    run "$CHECK" "$tmp/c.cert" --matrix "$1"
    ok $(( rc != 0 || krc == 2 )) "peak $name: the certificate verifies (kreiss exit $krc, kreiss-check exit $rc)"
    lo=$(json_side peak lo) hi=$(json_side peak hi)
    [ "$hi" = None ] && hi=inf
    python3 - "$lo" "$hi" "$tmp/out" <<'PY'
import sys
from fractions import Fraction as Q
lo, hi, out = sys.argv[1], sys.argv[2], sys.argv[3]
v = [l.split() for l in open(out) if l.startswith("v peak ")]
ok = len(v) == 1 and v[0][2] == lo
if ok and hi == "inf":
    ok = v[0][3] == "inf"
elif ok:
    ok = v[0][3] != "inf" and Q(hi) <= Q(v[0][3]) <= Q(hi) * (1 + Q(1, 10**6))
sys.exit(0 if ok else 1)
PY
    ok $? "peak $name: ... the v line states lo = $lo and a hi within 1e-6 above $hi"
}
peak_rt jordan "$tmp/jordan.mtx"
has "power_upper " "$tmp/c.cert" && has "power_vec " "$tmp/c.cert"; ok $? "... power_vec and power_upper records"
cp "$tmp/c.cert" "$tmp/jpeak.cert"
peak_rt bilevel "$tmp/bilevel.mtx"
peak_rt "rotation (contraction, P = 1)" "$tmp/rotation.mtx"
has "contraction " "$tmp/c.cert"; ok $? "... a contraction record"
peak_rt complex "$tmp/cx.mtx"
peak_rt "complex data (rho > 1, P = inf)" "$srcdir/tests/data/good/array-complex-general.mtx"
run "$CHECK" "$tmp/jpeak.cert" --matrix "$tmp/bilevel.mtx"
ok $(( rc != 1 )) "peak certificate with --matrix of another matrix: rejected, exit 1 (got $rc)"
sed 's/^power_upper \([0-9]*\) T=\([0-9]*\)/power_upper \1 T=3/' "$tmp/jpeak.cert" | sed 's/^gram [1-9][0-9] .*$//' >"$tmp/jpeak2.cert"
run "$CHECK" "$tmp/jpeak2.cert"
ok $(( rc == 0 )) "peak certificate with a too small T: not verified (exit $rc)"

# --- binary64 entries: the semantics travel with the certificate
"$KREISS" norm "$tmp/jordan.mtx" --entries binary64 --cert "$tmp/b.cert" >/dev/null
has "entries=binary64" "$tmp/b.cert"; ok $? "binary64 semantics are recorded"
run "$CHECK" "$tmp/b.cert" --matrix "$tmp/jordan.mtx"
ok $(( rc != 0 )) "... and --matrix reads the file under them (exit $rc)"
run "$CHECK" "$tmp/c.cert" --matrix "$tmp/jordan.mtx"
ok $(( rc != 1 )) "--matrix with another matrix: rejected, exit 1 (got $rc)"
has "differs\|is " "$tmp/err" || has "matrix" "$tmp/err"; ok $? "... saying why"
"$KREISS" norm "$tmp/jordan.mtx" --cert "$tmp/e.cert" >/dev/null
printf '%%%%MatrixMarket matrix array real general\n2 2\n0.9\n10\n0\n0.9000000000000001\n' >"$tmp/j2.mtx"
run "$CHECK" "$tmp/e.cert" --matrix "$tmp/j2.mtx"
ok $(( rc != 1 )) "--matrix differing in the 16th digit of one entry: rejected (exit $rc)"
run "$CHECK" "$tmp/e.cert" --matrix "$tmp/missing.mtx"
ok $(( rc != 2 )) "--matrix with a missing file: exit 2 (got $rc)"

# --- atomic writing
echo "precious" >"$tmp/keep.cert"
run "$KREISS" norm "$tmp/missing.mtx" --cert "$tmp/keep.cert"
ok $(( rc != 2 )) "bad input: exit 2"
[ "$(cat "$tmp/keep.cert")" = precious ]; ok $? "... the existing file at --cert is untouched"
run "$KREISS" norm "$tmp/jordan.mtx" --cert "$tmp/no/such/dir/x.cert"
ok $(( rc != 2 )) "unwritable --cert: exit 2 (got $rc)"
has "no/such/dir/x.cert" "$tmp/err"; ok $? "... the message names the path"
ls "$tmp" | grep -q 'tmp[A-Za-z0-9]\{6\}$'; ok $(( $? == 0 )) "no temporary file is left behind"

# --- destinations that are not regular files are written, never replaced
"$KREISS" norm "$tmp/jordan.mtx" --cert /dev/stdout 2>/dev/null | sed -n '/^kreiss-cert 1$/,/^end$/p' >"$tmp/piped.cert"
run "$CHECK" "$tmp/piped.cert"; ok $(( rc != 0 )) "--cert /dev/stdout: the certificate comes out on the pipe and verifies"
"$KREISS" norm "$tmp/jordan.mtx" --cert /dev/null >/dev/null 2>&1
[ -c /dev/null ]; ok $? "--cert /dev/null leaves /dev/null a character device"
run "$KREISS" norm "$tmp/jordan.mtx" --cert "$tmp"; ok $(( rc != 2 )) "--cert DIRECTORY: exit 2"
"$KREISS" norm "$tmp/jordan.mtx" --cert /dev/stdout 2>/dev/null | sed -n '/^kreiss-cert 1$/,/^end$/p' | "$CHECK" - >"$tmp/out" 2>&1
has "s VERIFIED" "$tmp/out"; ok $? "kreiss-check - reads the certificate from standard input"

# --- a claim with a long number is printed whole (never cut into another statement)
"$KREISS" norm "$tmp/jordan.mtx" --cert "$tmp/long.cert" >/dev/null
zeros=$(python3 -c 'print("0" * 5000)')
sed "s/^claim norm lo=[^ ]* hi=[^ ]*/claim norm lo=0 hi=1.${zeros}e2/" "$tmp/long.cert" >"$tmp/long2.cert"
run "$CHECK" "$tmp/long2.cert"
grep -q "^v norm 0 1\.${zeros}e2\$" "$tmp/out"; ok $? "a 5000-digit claim bound is printed whole on its v line"

# --- kreiss-check usage
run "$CHECK"; ok $(( rc != 2 )) "kreiss-check without arguments: exit 2"
run "$CHECK" --help; ok $(( rc != 0 )) "kreiss-check --help: exit 0"
run "$CHECK" "$tmp/nothing.cert"; ok $(( rc != 2 )) "missing certificate: exit 2"
has "nothing.cert" "$tmp/err"; ok $? "... the message names the file"
printf 'kreiss-cert 1\ninput n=1 field=real entries=exact\nrow 1/2\nend\n' >"$tmp/noclaim.cert"
run "$CHECK" "$tmp/noclaim.cert"; ok $(( rc != 1 )) "a certificate without claims is not verified"
: >"$tmp/empty.cert"
run "$CHECK" "$tmp/empty.cert"; ok $(( rc != 2 )) "an empty file: exit 2"

# --- the committed certificates
for f in "$srcdir"/certs/*.cert; do
    run "$CHECK" "$f"
    ok $(( rc != 0 )) "certs/$(basename "$f") verifies"
done
while read -r f want text; do
    case $f in '#'*|'') continue ;; esac
    run "$CHECK" "$srcdir/certs/bad/$f"
    ok $(( rc != want )) "certs/bad/$f: exit $want (got $rc)"
    { has "$text" "$tmp/err" || has "$text" "$tmp/out"; }
    ok $? "certs/bad/$f: ... the reason mentions '$text'"
    has "s NOT VERIFIED" "$tmp/out"; ok $? "certs/bad/$f: ... s NOT VERIFIED"
done <"$srcdir/certs/bad/MANIFEST"

done_testing
