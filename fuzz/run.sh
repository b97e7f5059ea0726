#!/bin/sh
# fuzz/run.sh [SECONDS]: build the libFuzzer targets of kreiss with clang
# (-fsanitize=fuzzer,address,undefined) straight from the sources, run each
# for SECONDS (default 60, or $KREISS_FUZZ_SECONDS) from the seed corpus in
# fuzz/corpus/<target>/, and print TAP:
#
#   ok 1 - fuzz-mm: 123456 runs in 60 s, cov 789, ft 2345, corpus 310, no crash
#
# A crash, a leak, a sanitizer report, a failed oracle, a timeout of one
# input or an out-of-memory is a failure ("not ok"): the input is kept as
# $crashes/<target>-<kind>-<sha1> and the command that reproduces it is
# printed.  Exit status 1 if any target failed, 0 otherwise; "1..0 # SKIP"
# when clang or libFuzzer is not available.
#
# Environment:
#   KREISS_FUZZ_SECONDS   seconds per target (when no argument is given)
#   KREISS_FUZZ_TARGETS   which targets (default: all, see TARGETS below)
#   KREISS_FUZZ_JOBS      targets run at the same time (default 1)
#   KREISS_FUZZ_WORK      build and work directory (default
#                         $top_builddir/fuzz, or fuzz/ of the source tree)
#   KREISS_FUZZ_CRASHES   where crashing inputs are kept ($KREISS_FUZZ_WORK/crashes)
#   KREISS_FUZZ_RSS_MB    libFuzzer's -rss_limit_mb (default 2048)
#   CLANG                 the compiler (default clang)
# New interesting inputs go to $KREISS_FUZZ_WORK/build/corpus-<target>, never
# into the committed seed corpus.  docs/fuzzing.md: figures and longer runs.
set -u

srcdir=$(cd "$(dirname "$0")/.." && pwd)
secs=${1:-${KREISS_FUZZ_SECONDS:-60}}
case $secs in
    '' | *[!0-9]*) echo "usage: fuzz/run.sh [SECONDS]" >&2; exit 2 ;;
esac
if [ -n "${KREISS_FUZZ_WORK:-}" ]; then
    work=$KREISS_FUZZ_WORK
elif [ -n "${top_builddir:-}" ]; then
    work=$top_builddir/fuzz
else
    work=$srcdir/fuzz
fi
mkdir -p "$work" || exit 2
work=$(cd "$work" && pwd)
build=$work/build
crashes=${KREISS_FUZZ_CRASHES:-$work/crashes}
CLANG=${CLANG:-clang}
jobs=${KREISS_FUZZ_JOBS:-1}
TARGETS=${KREISS_FUZZ_TARGETS:-"fuzz-mm fuzz-npy fuzz-number fuzz-check fuzz-readmat"}

ntargets=0
for t in $TARGETS; do ntargets=$((ntargets + 1)); done

skip() {
    echo "1..0 # SKIP $*"
    exit 0
}

command -v "$CLANG" >/dev/null 2>&1 || skip "$CLANG not found (apt-get install clang)"
mkdir -p "$build" "$crashes" || exit 2
printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void) d; (void) n; return 0; }\n' \
    >"$build/probe.c"
"$CLANG" -fsanitize=fuzzer,address,undefined "$build/probe.c" -o "$build/probe" >"$build/probe.log" 2>&1 ||
    skip "$CLANG cannot link -fsanitize=fuzzer,address,undefined (see $build/probe.log)"

# ------------------------------------------------------------------ build
SAN="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
COMMON="-g -O1 $SAN -ffp-contract=off -fno-fast-math"
# The library's flags; OpenMP if clang has it (only the bounds use it).
OMP=-fopenmp
printf 'int main(void) { return 0; }\n' >"$build/omp.c"
"$CLANG" -fopenmp "$build/omp.c" -o "$build/omp" >/dev/null 2>&1 || OMP=
LIBCFLAGS="$COMMON $OMP -fsanitize=fuzzer-no-link -I$srcdir/include -I$srcdir/src"
# kreiss-check's flags (Makefile.am: kreiss_check_CFLAGS), plus the hooks of
# fuzz/ck-hooks.h for the whole-program target.
CKCFLAGS="$COMMON -std=c99 -D_GNU_SOURCE -frounding-math -fsanitize=fuzzer-no-link -I$srcdir/src"
LIBS="-lflint-arb -lflint -lmpfr -lgmp -llapacke -llapack -lblas -lslicot -lm $OMP"
CKLIBS="-lmpfi -lmpfr -lgmp -lm"

# The input layer of libkreiss: src/core and src/io of libkreiss_la_SOURCES
# in Makefile.am (the targets need nothing else; the archive links only
# what is used).
libsrc=$(sed -n '/^libkreiss_la_SOURCES *=/,/[^\\]$/p' "$srcdir/Makefile.am" |
    tr ' \t\\' '\n\n\n' | grep -E '^src/(core|io)/.*\.c$')
[ -n "$libsrc" ] || { echo "Bail out! no src/core, src/io sources in Makefile.am"; exit 1; }

# newest header: an object older than it is rebuilt
newest=$(ls -t "$srcdir"/include/kreiss/*.h "$srcdir"/include/kreiss.h "$srcdir"/src/*/*.h \
    "$srcdir"/fuzz/*.h "$0" 2>/dev/null | head -n 1)

# compile SRC OBJ FLAGS...: only when OBJ is missing or out of date
compile() {
    src=$1 obj=$2
    shift 2
    if [ ! -f "$obj" ] || [ "$src" -nt "$obj" ] || [ "$newest" -nt "$obj" ]; then
        mkdir -p "$(dirname "$obj")"
        "$CLANG" "$@" -c "$src" -o "$obj" >>"$build/build.log" 2>&1 || return 1
    fi
    return 0
}

: >"$build/build.log"
build_ok=1
objs=
for s in $libsrc; do
    o=$build/obj/lib/$(echo "$s" | tr / _ | sed 's/\.c$/.o/')
    compile "$srcdir/$s" "$o" $LIBCFLAGS || build_ok=0
    objs="$objs $o"
done
if [ "$build_ok" = 1 ]; then
    rm -f "$build/libkreiss-io.a"
    ar rcs "$build/libkreiss-io.a" $objs || build_ok=0
fi

ckobjs=
for s in main pd combine readmat; do
    compile "$srcdir/src/check/$s.c" "$build/obj/ck/$s.o" $CKCFLAGS -include "$srcdir/fuzz/ck-hooks.h" || build_ok=0
    ckobjs="$ckobjs $build/obj/ck/$s.o"
done
compile "$srcdir/src/check/readmat.c" "$build/obj/ck/readmat-plain.o" $CKCFLAGS || build_ok=0

# link TARGET: the fuzzer binary $build/TARGET
link() {
    t=$1
    case $t in
        fuzz-check)
            compile "$srcdir/fuzz/$t.c" "$build/obj/$t.o" $COMMON -D_GNU_SOURCE -I"$srcdir/src" || return 1
            "$CLANG" $COMMON -fsanitize=fuzzer "$build/obj/$t.o" $ckobjs -o "$build/$t" \
                -llapacke -llapack -lblas $CKLIBS >>"$build/build.log" 2>&1
            ;;
        fuzz-readmat)
            compile "$srcdir/fuzz/$t.c" "$build/obj/$t.o" $LIBCFLAGS -I"$srcdir/src" || return 1
            "$CLANG" $COMMON -fsanitize=fuzzer "$build/obj/$t.o" "$build/obj/ck/readmat-plain.o" \
                "$build/libkreiss-io.a" -o "$build/$t" $LIBS -lmpfi >>"$build/build.log" 2>&1
            ;;
        *)
            compile "$srcdir/fuzz/$t.c" "$build/obj/$t.o" $LIBCFLAGS || return 1
            "$CLANG" $COMMON -fsanitize=fuzzer "$build/obj/$t.o" "$build/libkreiss-io.a" \
                -o "$build/$t" $LIBS >>"$build/build.log" 2>&1
            ;;
    esac
}

# ------------------------------------------------------------------ run
# per target: maximal input length, dictionary, extra options
max_len() {
    case $1 in
        fuzz-number) echo 256 ;;
        fuzz-npy) echo 2048 ;;
        fuzz-check) echo 32768 ;;
        *) echo 4096 ;;
    esac
}
dict() {
    case $1 in
        fuzz-mm | fuzz-readmat) echo "$srcdir/fuzz/mm.dict" ;;
        fuzz-npy) echo "$srcdir/fuzz/npy.dict" ;;
        fuzz-number) echo "$srcdir/fuzz/number.dict" ;;
        fuzz-check) echo "$srcdir/fuzz/cert.dict" ;;
    esac
}
corpus() {
    echo "$srcdir/fuzz/corpus/${1#fuzz-}"
}
# The fuzz-check harness longjmps out of kreiss-check's exit() paths, which
# abandons the temporaries still live on the stack; the harness frees what a
# run leaves, so leak detection is off for that target only (kreiss-check
# itself frees its state: make sanitize-check checks its leaks).
leaks() {
    case $1 in
        fuzz-check) echo 0 ;;
        *) echo 1 ;;
    esac
}

run_target() {
    t=$1
    log=$build/$t.log
    mkdir -p "$build/corpus-$t" "$build/art-$t"
    rm -f "$build/art-$t"/*
    ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_stack_use_after_return=1} \
    UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
    "$build/$t" -max_total_time="$secs" -timeout=25 -rss_limit_mb="${KREISS_FUZZ_RSS_MB:-2048}" \
        -max_len="$(max_len "$t")" -dict="$(dict "$t")" -detect_leaks="$(leaks "$t")" \
        -print_final_stats=1 -artifact_prefix="$build/art-$t/" \
        "$build/corpus-$t" "$(corpus "$t")" >"$log" 2>&1
    echo $? >"$build/$t.rc"
}

# A TAP line per target, from its log.
report() {
    n=$1 t=$2
    log=$build/$t.log
    rc=$(cat "$build/$t.rc" 2>/dev/null || echo 1)
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    done_line=$(grep -E '^#[0-9]+[[:space:]]+(DONE|pulse|NEW|REDUCE|INITED)' "$log" | tail -n 1)
    cov=$(echo "$done_line" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
    ft=$(echo "$done_line" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
    corp=$(echo "$done_line" | sed -n 's/.* corp: \([0-9]*\).*/\1/p')
    rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log" | tail -n 1)
    art=$(ls "$build/art-$t"/* 2>/dev/null | head -n 1)
    if [ "$rc" -eq 0 ] && [ -z "$art" ]; then
        time="in $secs s"
    else
        time="before the failure"
    fi
    figures="${runs:-?} runs $time, cov ${cov:-?}, ft ${ft:-?}, corpus ${corp:-?}, peak ${rss:-?} MB"
    if [ "$rc" -eq 0 ] && [ -z "$art" ]; then
        echo "ok $n - $t: $figures, no crash"
        return 0
    fi
    kind=$(grep -o -E 'ERROR: (AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|libFuzzer): [a-z-]+|runtime error: [^:]*|check failed: .*|VERIFIED a false claim: [^(]*|deadly signal|timeout after [0-9]+ seconds|out-of-memory \([^)]*\)' "$log" | head -n 1)
    echo "not ok $n - $t: $figures: ${kind:-exit status $rc}"
    if [ -n "$art" ]; then
        keep=$crashes/$t-$(basename "$art")
        cp "$art" "$keep"
        echo "# input kept as $keep; reproduce with:"
        echo "#   $build/$t -detect_leaks=$(leaks "$t") $keep"
    fi
    echo "# log: $log"
    grep -E 'ERROR:|runtime error|check failed|false claim|SUMMARY|^    #[0-9]' "$log" | head -n 15 | sed 's/^/#   /'
    return 1
}

echo "1..$ntargets"
linked=
for t in $TARGETS; do
    if [ "$build_ok" = 1 ] && link "$t"; then
        linked="$linked $t"
    fi
done

# run (KREISS_FUZZ_JOBS at a time)
running=0
for t in $linked; do
    rm -f "$build/$t.rc"
    run_target "$t" &
    running=$((running + 1))
    if [ "$running" -ge "$jobs" ]; then
        wait
        running=0
    fi
done
wait

n=0
status=0
for t in $TARGETS; do
    n=$((n + 1))
    case " $linked " in
        *" $t "*) report "$n" "$t" || status=1 ;;
        *)
            echo "not ok $n - $t: build failed (log: $build/build.log)"
            grep -E 'error' "$build/build.log" | head -n 10 | sed 's/^/#   /'
            status=1
            ;;
    esac
done
exit $status
