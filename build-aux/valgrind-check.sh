#!/bin/sh
# build-aux/valgrind-check.sh [BUILDDIR]: the tests and the two tools under
# valgrind memcheck.
#
# Builds the tree in a separate build (a snapshot of the source tree and a
# VPATH build of it, exactly as build-aux/sanitize-check.sh does, but without
# sanitizers; BUILDDIR defaults to $KREISS_VALGRIND_BUILDDIR, else
# _build-valgrind in the source tree), then runs under
#
#   valgrind --error-exitcode=1 --leak-check=full
#            --errors-for-leak-kinds=definite,indirect
#
# (through `libtool --mode=execute`, the programs being libtool wrappers):
#
#   1. every test program of check_PROGRAMS, with KREISS_TEST_QUICK=1 (the
#      random parts made smaller, docs/input.md);
#   2. kreiss-check on every committed certificate (certs/, certs/bad/),
#      bound to its matrix where there is one;
#   3. kreiss on every file of tests/data/good and tests/data/bad and on the
#      embedded examples (norm, smin, radius, circle, constant).
#
# "Possibly lost" blocks (thread stacks of OpenMP and OpenBLAS) are not
# errors; every other leak and every memory error is.  Prints one TAP line
# per run and a last line "valgrind: N passed, N failed"; exit 0 only if none
# failed.  Logs: BUILDDIR/valgrind/*.log.  KREISS_VALGRIND_QUICK=1 runs only
# parts 1 and 2 and a few files of part 3.
set -u

srcdir=$(cd "$(dirname "$0")/.." && pwd)
builddir=${1:-${KREISS_VALGRIND_BUILDDIR:-$srcdir/_build-valgrind}}
command -v valgrind >/dev/null 2>&1 || { echo "1..0 # SKIP valgrind not installed (apt-get install valgrind)"; exit 0; }

# the build: sanitize-check.sh's snapshot and VPATH build, with no tests run
# (-O1: closer to the source in valgrind's reports, and faster than -O0)
CFLAGS=${CFLAGS:--g -O1} KREISS_CHECK_MODE=valgrind KREISS_SANITIZE_TESTS=" " \
    sh "$srcdir/build-aux/sanitize-check.sh" "$builddir" >/dev/null || {
    echo "Bail out! the build failed (see $builddir/*.log)"
    exit 2
}
builddir=$(cd "$builddir" && pwd)
build=$builddir/build
snap=$builddir/src
cd "$build" || exit 2
# the test programs (built by `make check TESTS=`)
progs=$(make -s -f Makefile -f - print-check-programs <<'EOF'
print-check-programs:
	@echo $(check_PROGRAMS)
EOF
)
logs=$builddir/valgrind
rm -rf "$logs"
mkdir -p "$logs"
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM

VG="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect --track-origins=yes --num-callers=30"
n=0
failed=0
# vg NAME EXPECTED-STATUSES CMD...: run CMD under valgrind; the status must
# be one of EXPECTED-STATUSES (99: a valgrind error)
vg() {
    name=$1 expect=$2
    shift 2
    n=$((n + 1))
    log=$logs/$(echo "$name" | tr '/ ' '__').log
    # shellcheck disable=SC2086
    top_srcdir=$snap top_builddir=$build KREISS_TEST_QUICK=1 \
        ./libtool --mode=execute $VG ${VGX:-} --log-file="$log" "$@" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    case " $expect " in
        *" $rc "*)
            if [ -s "$log" ]; then
                echo "not ok $n - $name: valgrind reports (exit $rc)"
                failed=$((failed + 1))
                grep -E '^==[0-9]+== [A-Z]|lost in|at 0x|by 0x' "$log" | head -n 12 | sed 's/^/#   /'
            else
                echo "ok $n - $name"
            fi
            ;;
        *)
            echo "not ok $n - $name: exit $rc, expected $expect (log $log)"
            failed=$((failed + 1))
            grep -E '^==[0-9]+== [A-Z]|lost in|at 0x|by 0x' "$log" | head -n 12 | sed 's/^/#   /'
            tail -n 3 "$tmp/err" | sed 's/^/#   stderr: /'
            ;;
    esac
}

# 1. the test programs
for p in $progs; do
    vg "$p" 0 "./$p"
done

# 2. kreiss-check on the committed certificates
for c in "$snap"/certs/*.cert; do
    b=$(basename "$c" .cert)
    vg "kreiss-check certs/$b.cert" 0 ./kreiss-check "$c"
done
for c in "$snap"/certs/bad/*.cert; do
    b=$(basename "$c" .cert)
    vg "kreiss-check certs/bad/$b.cert" "1 2" ./kreiss-check "$c"
done
if [ -f "$snap/examples/jordan.mtx" ] && [ -f "$snap/certs/jordan-constant.cert" ]; then
    vg "kreiss-check --matrix examples/jordan.mtx" "0 1" ./kreiss-check "$snap/certs/jordan-constant.cert" \
        --matrix "$snap/examples/jordan.mtx"
fi

# 3. kreiss on the input fixtures and the embedded examples
if [ "${KREISS_VALGRIND_QUICK:-0}" = 1 ]; then
    good=$(ls "$snap"/tests/data/good/* | head -n 4)
    bad=$(ls "$snap"/tests/data/bad/*.mtx "$snap"/tests/data/bad/*.npy | head -n 6)
else
    good=$(ls "$snap"/tests/data/good/*)
    bad=$(ls "$snap"/tests/data/bad/*.mtx "$snap"/tests/data/bad/*.npy)
fi
for f in $good; do
    vg "kreiss norm tests/data/good/$(basename "$f")" "0 1" ./kreiss norm "$f"
done
for f in $bad; do
    case $(basename "$f") in
        binary64-*) b64="--entries binary64" ;; # bad only under binary64 semantics
        *) b64= ;;
    esac
    # shellcheck disable=SC2086
    vg "kreiss norm $b64 tests/data/bad/$(basename "$f")" 2 ./kreiss norm $b64 "$f"
done
for cmd in "norm" "smin --at 1.05-0.2i" "radius" "circle --r 1" "constant"; do
    # shellcheck disable=SC2086
    vg "kreiss $cmd --example jordan" "0 1" ./kreiss $cmd --example jordan
done
vg "kreiss constant --example bilevel --cert" "0 1" ./kreiss constant --example bilevel --cert "$tmp/b.cert"

echo "1..$n"
echo "valgrind: $((n - failed)) passed, $failed failed (logs in $logs)"
[ "$failed" -eq 0 ]
