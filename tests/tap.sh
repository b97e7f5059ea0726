# tests/tap.sh: the common part of the shell tests, sourced first by each
# (. "${top_srcdir:-.}/tests/tap.sh").  The environment of make check
# (srcdir, builddir, KREISS, CHECK), a temporary directory $tmp removed at
# exit, and the TAP helpers:
#   ok STATUS DESCRIPTION   "ok N - ..." when STATUS is 0, else "not ok N"
#   run CMD...              stdout to $tmp/out, stderr to $tmp/err, status rc
#   has TEXT FILE           FILE contains TEXT (fixed string)
#   done_testing            the plan "1..N"; exit 1 if any test failed
set -u
srcdir=${top_srcdir:-.}
builddir=${top_builddir:-.}
KREISS="$builddir/kreiss"
CHECK="$builddir/kreiss-check"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

n=0
failed=0
ok() {
    n=$((n + 1))
    if [ "$1" -eq 0 ]; then
        echo "ok $n - $2"
    else
        echo "not ok $n - $2"
        failed=$((failed + 1))
    fi
}
run() { "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?; }
has() { grep -F -q -- "$1" "$2"; }
done_testing() {
    echo "1..$n"
    [ "$failed" -eq 0 ]
}
