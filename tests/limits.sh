#!/bin/sh
# Resource limits of kreiss (issue 7, hardening): each hostile or hard input
# ends with a clear message and a documented exit status, within bounded
# memory and time, and leaves no partial output behind.
#   - a tiny coordinate file (or .npy header) declaring a huge order;
#   - a small file of huge numbers (1e999999), the per-file number budget;
#   - 10^5-digit decimal entries;
#   - --max-prec too low for a hard matrix: "precision cap of N bits reached";
#   - --time-limit: "time limit of S s reached", --time-limit 0 = none.
# Memory is bounded with ulimit -v (1 GiB) and time with timeout(1) when the
# shell and the system have them.  TAP output.
. "${top_srcdir:-.}/tests/tap.sh"
# run SECONDS CMD...: rc, out, err; at most SECONDS (rc 124 beyond) in 1 GiB
# of address space
if command -v timeout >/dev/null 2>&1; then have_timeout=1; else have_timeout=0; fi
if (ulimit -v 1048576) 2>/dev/null; then have_ulimit=1; else have_ulimit=0; fi
# AddressSanitizer reserves terabytes of address space at start: no ulimit -v
# in a sanitized build (make sanitize-check), where the time limits are also
# five times longer; the normal build checks memory and time as stated
slow=1
for f in "$builddir/.libs/kreiss" "$KREISS" "$CHECK"; do
    if [ -f "$f" ] && grep -q __asan_init "$f" 2>/dev/null; then
        have_ulimit=0
        slow=5
        echo "# AddressSanitizer build: memory is not bounded by ulimit -v here"
        break
    fi
done
echo "# timeout: $have_timeout, ulimit -v: $have_ulimit"
run() {
    secs=$1
    shift
    (
        if [ "$have_ulimit" -eq 1 ]; then ulimit -v 1048576; fi
        if [ "$have_timeout" -eq 1 ]; then
            exec timeout "$((secs * slow))" "$@"
        else
            exec "$@"
        fi
    ) >"$tmp/out" 2>"$tmp/err"
    rc=$?
}
# no file but the expected ones in the directory (no temporary left behind)
only() { # only DIR NAME...
    d=$1
    shift
    extra=$(cd "$d" && ls -A | while read -r f; do
        keep=0
        for w in "$@"; do [ "$f" = "$w" ] && keep=1; done
        [ $keep -eq 0 ] && echo "$f"
    done)
    [ -z "$extra" ]
}

# --- a tiny file declaring a huge order ---------------------------------
mkdir "$tmp/c"
printf '%%%%MatrixMarket matrix coordinate real general\n20000 20000 1\n1 1 1\n' >"$tmp/c/huge.mtx"
echo "previous certificate" >"$tmp/c/old.cert"
run 10 "$KREISS" norm "$tmp/c/huge.mtx" --cert "$tmp/c/new.cert"
ok $(( rc != 2 )) "60-byte coordinate file of order 20000: exit 2 within 10 s in 1 GiB (rc $rc)"
has "huge.mtx:2: a 20000x20000 matrix from a file of 66 bytes" "$tmp/err"
ok $? "... the message names the file and the size line"
has "orders above 1024 need a file of at least n^2/16 = 25000000 bytes" "$tmp/err"
ok $? "... and says what was expected"
[ ! -s "$tmp/out" ]; ok $? "... nothing on standard output"
[ ! -e "$tmp/c/new.cert" ] && only "$tmp/c" huge.mtx old.cert
ok $? "... no certificate and no temporary file left behind"
run 10 "$KREISS" constant "$tmp/c/huge.mtx" --cert "$tmp/c/old.cert" --json
[ "$rc" -eq 2 ] && [ ! -s "$tmp/out" ] && [ "$(cat "$tmp/c/old.cert")" = "previous certificate" ] \
    && only "$tmp/c" huge.mtx old.cert
ok $? "constant --json --cert over an existing file: exit 2, no output, the old file untouched"
printf '%%%%MatrixMarket matrix coordinate real general\n1025 1025 1\n1 1 1\n' >"$tmp/c/o1025.mtx"
run 10 "$KREISS" norm "$tmp/c/o1025.mtx"
[ "$rc" -eq 2 ] && has "n^2/16 = 65664 bytes" "$tmp/err"
ok $? "order 1025 (the first order the rule covers) from 54 bytes: exit 2"
printf '%%%%MatrixMarket matrix coordinate real general\n1024 1024 1\n1 1 0.5\n' >"$tmp/c/o1024.mtx"
run 60 "$KREISS" norm "$tmp/c/o1024.mtx" --json
[ "$rc" -eq 0 ] && has '"certified": true' "$tmp/out"
ok $? "order 1024 from 56 bytes is still read and computed (rc $rc)"

# the same for .npy: a header asking for 20000 x 20000, 8 bytes of data
{
    printf '\223NUMPY\001\000\166\000'
    printf "{'descr': '<f8', 'fortran_order': False, 'shape': (20000, 20000), }"
    printf '%*s\n' 50 ''
    printf '\000\000\000\000\000\000\360\077'
} >"$tmp/c/huge.npy"
run 10 "$KREISS" norm "$tmp/c/huge.npy"
[ "$rc" -eq 2 ] && has "huge.npy: byte 136: truncated data: a 20000x20000 float64 array needs 3200000000 bytes" "$tmp/err"
ok $? ".npy header of order 20000 with 8 bytes of data: exit 2 within 10 s in 1 GiB (rc $rc)"

# --- a small file of huge numbers -----------------------------------------
awk 'BEGIN { printf "%%%%MatrixMarket matrix array real general\n64 64\n";
             for (k = 0; k < 4096; k++) print "1e999999" }' >"$tmp/c/exp.mtx"
run 10 "$KREISS" norm "$tmp/c/exp.mtx" --cert "$tmp/c/exp.cert"
ok $(( rc != 2 )) "4096 entries 1e999999 (36 KB): exit 2 within 10 s in 1 GiB (rc $rc)"
has "exp.mtx:13: entry '1e999999' exceeds the budget of the file's numbers" "$tmp/err"
ok $? "... at the 11th number, with the file and the line"
has "(10^7 + 64 per byte of the first" "$tmp/err"; ok $? "... the message gives the rule"
[ ! -e "$tmp/c/exp.cert" ]; ok $? "... and no certificate"
# the budget grows with the file: the same numbers after 1 MB of comments
awk 'BEGIN { printf "%%%%MatrixMarket matrix array real general\n";
             for (k = 0; k < 16000; k++) printf "%% %s\n", "padding-padding-padding-padding-padding-padding-padding-padding";
             printf "4 4\n";
             for (k = 0; k < 16; k++) print (k < 12 ? "1e-999999" : "0.5") }' >"$tmp/c/exp2.mtx"
run 60 "$KREISS" norm "$tmp/c/exp2.mtx"
[ "$rc" -eq 0 ] || [ "$rc" -eq 1 ]
ok $? "twelve entries 1e-999999 in a 1 MB file are within the budget: read (rc $rc)"

# --- 10^5-digit decimals ----------------------------------------------------
digits() { # digits N SEED: N pseudo-random decimal digits
    awk -v n="$1" -v s="$2" 'BEGIN { for (k = 0; k < n; k++) {
        s = (s * 1103515245 + 12345) % 2147483648; printf "%d", int(s / 2147483648 * 10) } }'
}
d1=$(digits 100000 1)
d2=$(digits 100000 2)
printf '%%%%MatrixMarket matrix array real general\n2 2\n.%s\n.%s\n-.%s\n.%s\n' "$d1" "$d2" "$d2" "$d1" >"$tmp/c/d5.mtx"
for cmd in norm radius constant peak; do
    run 60 "$KREISS" $cmd "$tmp/c/d5.mtx" --json
    [ "$rc" -eq 0 ] && has '"certified": true' "$tmp/out"
    ok $? "$cmd of a 2x2 matrix of 10^5-digit decimals: certified within 60 s in 1 GiB (rc $rc)"
done
# exactly singular: the exact rank test runs (small enough)
printf '%%%%MatrixMarket matrix array real general\n2 2\n.%s\n.%s\n.%s\n.%s\n' "$d1" "$d1" "$d2" "$d2" >"$tmp/c/d5s.mtx"
run 60 "$KREISS" smin "$tmp/c/d5s.mtx" --at 0 --json
[ "$rc" -eq 0 ] && has '"sigma_min": {"lo": "0", "hi": "0"}' "$tmp/out"
ok $? "smin at 0 of an exactly singular matrix of 10^5-digit decimals: sigma_min = 0 (rc $rc)"
printf '%%%%MatrixMarket matrix array real general\n1 1\n.%s1\n' "$d1" >"$tmp/c/d5p.mtx"
run 10 "$KREISS" norm "$tmp/c/d5p.mtx"
[ "$rc" -eq 2 ] && has "d5p.mtx:3: entry" "$tmp/err" && has "has more than 100000 digits (max_digits)" "$tmp/err"
ok $? "100001 digits: exit 2 with the line and the limit"

# --- the precision cap ------------------------------------------------------
# zI - M with M = [[1, 1e20], [0, 2]], z = 1 + 1e-10: sigma_min ~ 1e-30 and
# cond^2 ~ 1e60: ball arithmetic needs more than 128 bits
printf '%%%%MatrixMarket matrix array real general\n2 2\n1\n0\n1e20\n2\n' >"$tmp/c/hard.mtx"
run 60 "$KREISS" smin "$tmp/c/hard.mtx" --at 1.0000000001 --max-prec 128 --json
[ "$rc" -eq 1 ] && has '"certified": false' "$tmp/out" \
    && has '"reason": "precision cap of 128 bits reached: no positive lower bound on sigma_min certified"' "$tmp/out"
ok $? "smin of a nearly singular matrix with --max-prec 128: not certified, exit 1, the cap in the reason (rc $rc)"
has '"sigma_min": {"lo": "0", "hi": "' "$tmp/out"
ok $? "... the certified upper end of sigma_min is still printed"
run 60 "$KREISS" smin "$tmp/c/hard.mtx" --at 1.0000000001 --json
[ "$rc" -eq 0 ] && has '"certified": true' "$tmp/out" && ! has "precision cap" "$tmp/out"
ok $? "... with the default cap (4096 bits): certified"
printf '%%%%MatrixMarket matrix array real general\n2 2\n0.999999999999999\n0\n1\n0.5\n' >"$tmp/c/rho1.mtx"
run 60 "$KREISS" constant "$tmp/c/rho1.mtx" --max-prec 64
[ "$rc" -eq 1 ] && has "reason           precision cap of 64 bits reached: " "$tmp/out" \
    && has "kreiss           [" "$tmp/out" && has ", not certified]" "$tmp/out"
ok $? "constant with rho = 1 - 1e-15 and --max-prec 64: exit 1, upper end not certified, the cap in the reason"
run 60 "$KREISS" norm --example jordan --tol 1e-30 --max-prec 64
[ "$rc" -eq 0 ] && has "precision cap of 64 bits reached: relative width above the target 1e-30" "$tmp/out"
ok $? "norm --tol 1e-30 --max-prec 64: certified (exit 0) but wider, and the reason says why"
run 5 "$KREISS" norm --example jordan --max-prec 63
[ "$rc" -eq 2 ] && has "--max-prec takes a number of bits in [64, 1048576]" "$tmp/err"
ok $? "--max-prec 63: usage error"

# --- the time limit ---------------------------------------------------------
# an upper triangular 120x120 matrix whose Kreiss constant takes minutes
awk 'BEGIN { n = 120; s = 12345; printf "%%%%MatrixMarket matrix array real general\n%d %d\n", n, n;
    for (j = 0; j < n; j++) for (i = 0; i < n; i++) {
        s = (s * 1103515245 + 12345) % 2147483648; v = s / 2147483648 - 0.5;
        if (i > j) v = 0; else if (i == j) v = 1.8 * v; else v = 0.8 * v;
        printf "%.6f\n", v } }' >"$tmp/c/slow.mtx"
run 60 "$KREISS" constant "$tmp/c/slow.mtx" --time-limit 1 --json --cert "$tmp/c/slow.cert"
ok $(( rc != 1 )) "constant with --time-limit 1: exit 1 within 60 s (rc $rc)"
has '"reason": "time limit of 1 s reached: ' "$tmp/out"; ok $? "... the reason names the time limit"
has '"kreiss": {"lo": "' "$tmp/out" && has '"hi": null}' "$tmp/out"
ok $? "... the lower bound is printed, the upper end is null (not certified)"
run 60 "$CHECK" "$tmp/c/slow.cert"
[ "$rc" -eq 0 ] && has "s VERIFIED" "$tmp/out"
ok $? "... and its certificate (what was proved in time) verifies"
run 60 "$KREISS" circle "$tmp/c/slow.mtx" --r 1 --time-limit 1
[ "$rc" -eq 1 ] && has "reason           time limit of 1 s reached: no KYP certificate for this circle" "$tmp/out"
ok $? "circle --r 1 with --time-limit 1: exit 1, the time limit in the reason (rc $rc)"
run 60 "$KREISS" report "$tmp/c/slow.mtx" --split 60 --time-limit 0.001
[ "$rc" -eq 1 ] && has "K(J0) is not certified: time limit of 0.001 s reached" "$tmp/out"
ok $? "report with --time-limit 0.001: exit 1, the report says K is not certified and why (rc $rc)"
run 60 "$KREISS" constant --example jordan --time-limit 0 --json
[ "$rc" -eq 0 ] && has '"certified": true' "$tmp/out" && ! has "time limit" "$tmp/out"
ok $? "--time-limit 0 means no limit: jordan's constant is certified"
run 60 "$KREISS" constant --example jordan --json
[ "$rc" -eq 0 ] && has '"certified": true' "$tmp/out"
ok $? "the default time limit does not cut a normal run"
run 5 "$KREISS" --help
has "(3600; 0: no limit)" "$tmp/out"; ok $? "--help gives the default time limit"
run 5 "$KREISS" constant --example jordan --time-limit -1
[ "$rc" -eq 2 ] && has "--time-limit takes a number of seconds >= 0" "$tmp/err"
ok $? "--time-limit -1: usage error"

done_testing
