/* Matrix Market reading and writing.
 *
 * Good fixtures (tests/data/good) are compared with matrices typed in here
 * as fractions; bad fixtures (tests/data/bad, listed in MANIFEST with the
 * expected line and a substring of the message) must be refused without
 * touching the output matrix. */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include <mpfr.h>

#include "kreiss/io.h"
#include "tap.h"
#include "exact.h"

static const char *srcdir;

/* ------------------------------------------------------------ expected */

typedef struct
{
    const char *file;
    int n;
    int complex_entries;
    kr_symmetry declared;
    const char *re[9]; /* row-major, as fractions */
    const char *im[9];
} good_case;

#define G KR_SYM_GENERAL
#define S KR_SYM_SYMMETRIC
#define K KR_SYM_SKEW
#define H KR_SYM_HERMITIAN

static const good_case good[] = {
    {"real-general", 3, 0, G,
     {"1", "-1/2", "1/10", "9/4", "0", "1/1000", "-3", "3", "7"}, {0}},
    {"integer-general", 3, 0, G,
     {"1", "-2", "3", "4", "5", "-6", "7", "0", "9"}, {0}},
    {"complex-general", 3, 1, G,
     {"1", "0", "-5/2", "1/10", "3", "0", "0", "0", "-1"},
     {"0", "2", "1/2", "-1/10", "0", "100", "0", "0", "1/4"}},
    {"real-symmetric", 3, 0, S,
     {"2", "-1", "1/2", "-1", "3", "0", "1/2", "0", "1/80"}, {0}},
    {"integer-symmetric", 3, 0, S,
     {"4", "-1", "0", "-1", "5", "2", "0", "2", "-6"}, {0}},
    {"complex-symmetric", 3, 1, S,
     {"1", "2", "0", "2", "0", "1/4", "0", "1/4", "-1"},
     {"1", "-1/2", "0", "-1/2", "-3", "1/8", "0", "1/8", "0"}},
    {"real-skew", 3, 0, K,
     {"0", "-3/2", "2", "3/2", "0", "-3/4", "-2", "3/4", "0"}, {0}},
    {"integer-skew", 3, 0, K,
     {"0", "-3", "4", "3", "0", "-5", "-4", "5", "0"}, {0}},
    {"complex-skew", 3, 1, K,
     {"0", "-1", "0", "1", "0", "1/2", "0", "-1/2", "0"},
     {"0", "-2", "1", "2", "0", "-1/2", "-1", "1/2", "0"}},
    {"complex-hermitian", 3, 1, H,
     {"2", "1", "1/2", "1", "-1", "0", "1/2", "0", "1/10"},
     {"0", "1", "-1/4", "-1", "0", "-3", "1/4", "3", "0"}},
};

/* Build an n x n matrix from fraction strings (FLINT's own parser). */
static void
build(kr_qmat_t M, int n, int complex_entries, const char *const *re,
      const char *const *im)
{
    int k;
    if (!kr_qmat_init(M, n, complex_entries))
        bail("out of memory");
    for (k = 0; k < n * n; k++)
    {
        if (fmpq_set_str(M->re + k, re[k], 10) != 0)
            bail("bad fraction %s", re[k]);
        if (complex_entries && fmpq_set_str(M->im + k, im[k], 10) != 0)
            bail("bad fraction %s", im[k]);
    }
}

static void
test_good(void)
{
    size_t k;
    int fmt;
    static const char *formats[] = {"array", "coordinate"};
    for (k = 0; k < sizeof good / sizeof good[0]; k++)
        for (fmt = 0; fmt < 2; fmt++)
        {
            kr_qmat_t A, W;
            kr_error_t err;
            kr_status st;
            char name[128];
            snprintf(name, sizeof name, "%s-%s.mtx", formats[fmt],
                     good[k].file);
            build(W, good[k].n, good[k].complex_entries, good[k].re,
                  good[k].im);
            kr_qmat_init(A, 0, 0);
            kr_error_init(err);
            st = kr_read_matrix(A, ex_data_path(srcdir, "good", name), NULL, err);
            if (st != KR_OK)
                diag("%s: %s", name, err->msg);
            ok(st == KR_OK && kr_qmat_equal(A, W)
                   && A->declared == good[k].declared
                   && (A->im != NULL) == good[k].complex_entries
                   && A->entries == KR_ENTRIES_EXACT,
               "%s reads to the exact expected matrix", name);
            kr_qmat_clear(A);
            kr_qmat_clear(W);
        }
}

static void
test_special_good(void)
{
    kr_qmat_t A, W;
    kr_error_t err;
    kr_read_opts opts;
    static const double dbl[] = {0.1, 0.3, 1e-320, -2.5e300};
    int k;
    fmpz_t p;

    /* binary64.mtx: [0.1 0.3; 1e-320 -2.5e300], row-major here */
    kr_qmat_init(W, 2, 0);
    fmpq_set_si(W->re + 0, 1, 10);
    fmpq_set_si(W->re + 1, 3, 10);
    fmpz_init(p);
    fmpz_set_ui(p, 10);
    fmpz_pow_ui(p, p, 320);
    fmpz_one(fmpq_numref(W->re + 2));
    fmpz_set(fmpq_denref(W->re + 2), p);
    fmpz_set_ui(p, 10);
    fmpz_pow_ui(p, p, 299);
    fmpz_mul_si(fmpq_numref(W->re + 3), p, -25);
    fmpz_one(fmpq_denref(W->re + 3));
    fmpz_clear(p);
    kr_qmat_init(A, 0, 0);
    kr_error_init(err);
    ok(kr_read_matrix(A, ex_data_path(srcdir, "good", "binary64.mtx"), NULL, err) == KR_OK
           && kr_qmat_equal(A, W),
       "binary64.mtx read exactly: 0.1 is 1/10, 1e-320 is 10^-320");
    kr_qmat_clear(A);

    for (k = 0; k < 4; k++)
        ex_fmpq_set_double(W->re + k, dbl[k]);
    kr_read_opts_init(&opts);
    opts.entries = KR_ENTRIES_BINARY64;
    kr_qmat_init(A, 0, 0);
    ok(kr_read_matrix(A, ex_data_path(srcdir, "good", "binary64.mtx"), &opts, err) == KR_OK
           && kr_qmat_equal(A, W) && A->entries == KR_ENTRIES_BINARY64,
       "binary64.mtx under binary64 semantics: the doubles 0.1, 1e-320 "
       "(subnormal), ...");
    kr_qmat_clear(A);
    kr_qmat_clear(W);

    /* one.mtx: 1x1 without a final newline */
    {
        static const char *r[] = {"-1/16"};
        build(W, 1, 0, r, NULL);
        kr_qmat_init(A, 0, 0);
        ok(kr_read_matrix(A, ex_data_path(srcdir, "good", "one.mtx"), NULL, err) == KR_OK
               && kr_qmat_equal(A, W),
           "one.mtx: 1x1, no final newline");
        kr_qmat_clear(A);
        kr_qmat_clear(W);
    }
    /* empty-coordinate.mtx: 2x2 skew with no entries */
    {
        static const char *r[] = {"0", "0", "0", "0"};
        build(W, 2, 0, r, NULL);
        kr_qmat_init(A, 0, 0);
        ok(kr_read_matrix(A, ex_data_path(srcdir, "good", "empty-coordinate.mtx"), NULL,
                          err) == KR_OK
               && kr_qmat_equal(A, W) && A->declared == KR_SYM_SKEW,
           "empty-coordinate.mtx: zero stored entries");
        kr_qmat_clear(A);
        kr_qmat_clear(W);
    }
    /* integer file under binary64 semantics: 2^53 + 1 rounds to 2^53 */
    {
        FILE *f = tmpfile();
        static const char *r[] = {"9007199254740992"};
        if (f == NULL)
            bail("tmpfile: %s", strerror(errno));
        fputs("%%MatrixMarket matrix array integer general\n1 1\n"
              "9007199254740993\n", f);
        rewind(f);
        build(W, 1, 0, r, NULL);
        kr_qmat_init(A, 0, 0);
        ok(kr_read_mm(A, f, "int53", &opts, err) == KR_OK
               && kr_qmat_equal(A, W),
           "integer 2^53+1 rounds to 2^53 under binary64 semantics");
        kr_qmat_clear(A);
        kr_qmat_clear(W);
        fclose(f);
    }
    /* hermitian diagonal: the test applies to the rounded entries, so an
     * imaginary part of 1e-400 is refused exactly and rounds to 0 (accepted)
     * under binary64 semantics (docs/input.md) */
    {
        static const char *r[] = {"1", "3", "3", "2"}, *im[] = {"0", "-4", "4", "0"};
        static const char *src = "%%MatrixMarket matrix coordinate complex hermitian\n"
                                 "2 2 3\n1 1 1 1e-400\n2 1 3 4\n2 2 2 0\n";
        int mode;
        build(W, 2, 1, r, im);
        for (mode = 0; mode < 2; mode++)
        {
            FILE *f = tmpfile();
            kr_status st;
            if (f == NULL)
                bail("tmpfile: %s", strerror(errno));
            fputs(src, f);
            rewind(f);
            opts.entries = mode ? KR_ENTRIES_BINARY64 : KR_ENTRIES_EXACT;
            kr_qmat_init(A, 0, 0);
            kr_error_init(err);
            st = kr_read_mm(A, f, "herm", &opts, err);
            if (mode)
                ok(st == KR_OK && kr_qmat_equal(A, W),
                   "hermitian diagonal 1 + 1e-400 i: rounds to 1 under binary64 semantics");
            else
                ok(st == KR_ERR_FORMAT && err->line == 3 && A->n == 0,
                   "hermitian diagonal 1 + 1e-400 i: refused exactly, line %ld (%s)",
                   err->line, err->msg);
            kr_qmat_clear(A);
            fclose(f);
        }
        kr_qmat_clear(W);
    }
    /* max_dim */
    opts.entries = KR_ENTRIES_EXACT;
    opts.max_dim = 2;
    kr_qmat_init(A, 0, 0);
    kr_error_init(err);
    ok(kr_read_matrix(A, ex_data_path(srcdir, "good", "array-real-general.mtx"), &opts,
                      err) == KR_ERR_LIMIT
           && err->line == 3 && A->n == 0,
       "a 3x3 file with max_dim 2: limit (%s)", err->msg);
    kr_qmat_clear(A);
}

/* ------------------------------------------------------------ bad files */

typedef struct
{
    const char *file;
    kr_status st;
} status_case;

/* Statuses other than KR_ERR_FORMAT. */
static const status_case statuses[] = {
    {"object-vector.mtx", KR_ERR_UNSUPPORTED},
    {"pattern.mtx", KR_ERR_UNSUPPORTED},
    {"nonsquare.mtx", KR_ERR_UNSUPPORTED},
    {"size-zero.mtx", KR_ERR_UNSUPPORTED},
    {"size-too-large.mtx", KR_ERR_LIMIT},
    {"nnz-too-large.mtx", KR_ERR_LIMIT},
    {"nnz-too-large-skew.mtx", KR_ERR_LIMIT},
    {"number-too-long.mtx", KR_ERR_LIMIT},
    {"exponent-too-large.mtx", KR_ERR_LIMIT},
    {"binary64-overflow.mtx", KR_ERR_LIMIT},
};

static kr_status
expected_status(const char *file)
{
    size_t k;
    for (k = 0; k < sizeof statuses / sizeof statuses[0]; k++)
        if (strcmp(statuses[k].file, file) == 0)
            return statuses[k].st;
    return KR_ERR_FORMAT;
}

static void
test_bad(void)
{
    FILE *m;
    char *line = NULL;
    size_t cap = 0;
    int count = 0;
    static const char *keep_re[] = {"1", "2", "3", "4"};

    m = fopen(ex_data_path(srcdir, "bad", "MANIFEST"), "r");
    if (m == NULL)
        bail("cannot open %s: %s", ex_data_path(srcdir, "bad", "MANIFEST"),
             strerror(errno));
    while (getline(&line, &cap, m) > 0)
    {
        char *file = strtok(line, "\t\n"), *lno = strtok(NULL, "\t\n"),
             *sub = strtok(NULL, "\t\n");
        kr_qmat_t A, W;
        kr_error_t err;
        kr_read_opts opts;
        kr_status st;
        char path[4096];
        size_t len;
        if (file == NULL || lno == NULL || sub == NULL)
            bail("malformed MANIFEST line");
        len = strlen(file);
        if (len > 4 && strcmp(file + len - 4, ".npy") == 0)
            continue; /* t-npy */
        count++;
        kr_read_opts_init(&opts);
        if (strncmp(file, "binary64-", 9) == 0)
            opts.entries = KR_ENTRIES_BINARY64;
        snprintf(path, sizeof path, "%s", ex_data_path(srcdir, "bad", file));
        build(A, 2, 0, keep_re, NULL);
        build(W, 2, 0, keep_re, NULL);
        kr_error_init(err);
        st = kr_read_matrix(A, path, &opts, err);
        ok(st != KR_OK && st == expected_status(file)
               && err->status == st && err->line == atol(lno)
               && strstr(err->msg, sub) != NULL
               && strcmp(err->file, path) == 0 && kr_qmat_equal(A, W)
               && A->im == NULL,
           "%s refused (%s), line %ld: %s", file, kr_status_name(st),
           err->line, err->msg);
        if (st != expected_status(file) || err->line != atol(lno)
            || strstr(err->msg, sub) == NULL)
            diag("want %s, line %s, message containing \"%s\"",
                 kr_status_name(expected_status(file)), lno, sub);
        kr_qmat_clear(A);
        kr_qmat_clear(W);
    }
    free(line);
    fclose(m);
    ok(count >= 40, "MANIFEST lists %d bad Matrix Market files", count);
}

static void
test_io_errors(void)
{
    kr_qmat_t A;
    kr_error_t err;
    kr_status st;
    char dir[4096];

    kr_qmat_init(A, 0, 0);
    kr_error_init(err);
    st = kr_read_matrix(A, ex_data_path(srcdir, "good", "no-such-file.mtx"), NULL, err);
    ok(st == KR_ERR_IO && strstr(err->msg, strerror(ENOENT)) != NULL
           && err->line == 0 && strstr(err->file, "no-such-file.mtx"),
       "missing file: %s", err->msg);

    snprintf(dir, sizeof dir, "%s/tests/data/good", srcdir);
    kr_error_init(err);
    st = kr_read_matrix(A, dir, NULL, err);
    ok(st == KR_ERR_IO && strstr(err->msg, strerror(EISDIR)) != NULL,
       "a directory: %s", err->msg);
    kr_qmat_clear(A);
}

/* Very long lines neither crash nor truncate silently. */
static void
test_long_lines(void)
{
    FILE *f;
    kr_qmat_t A;
    kr_error_t err;
    kr_read_opts opts;
    long k;

    f = tmpfile();
    if (f == NULL)
        bail("tmpfile: %s", strerror(errno));
    fputs("%%MatrixMarket matrix array real general\n%", f);
    for (k = 0; k < 3L << 20; k++)
        putc('x', f);
    fputs("\n1 1\n1\n", f);
    rewind(f);
    kr_qmat_init(A, 0, 0);
    kr_error_init(err);
    ok(kr_read_mm(A, f, "long", NULL, err) == KR_ERR_LIMIT && err->line == 2
           && strstr(err->msg, "line longer than") && A->n == 0,
       "a 3 MiB line: refused (%s)", err->msg);
    fclose(f);

    /* A 600 kB entry (within the limits it is fine). */
    f = tmpfile();
    if (f == NULL)
        bail("tmpfile: %s", strerror(errno));
    fputs("%%MatrixMarket matrix array real general\n1 1\n0.", f);
    for (k = 0; k < 600000; k++)
        putc('0', f);
    fputs("5\n", f);
    rewind(f);
    kr_read_opts_init(&opts);
    opts.max_digits = 700000;
    kr_error_init(err);
    ok(kr_read_mm(A, f, "long", &opts, err) == KR_OK && A->n == 1
           && fmpz_equal_si(fmpq_numref(A->re), 1)
           && fmpz_sizeinbase(fmpq_denref(A->re), 10) >= 600001,
       "a 600 kB number with max_digits 700000: read exactly");
    fclose(f);
    kr_qmat_clear(A);

    /* The same line with the default limit: too many digits. */
    f = tmpfile();
    if (f == NULL)
        bail("tmpfile: %s", strerror(errno));
    fputs("%%MatrixMarket matrix array real general\n1 1\n0.", f);
    for (k = 0; k < 600000; k++)
        putc('0', f);
    fputs("5\n", f);
    rewind(f);
    kr_qmat_init(A, 0, 0);
    kr_error_init(err);
    ok(kr_read_mm(A, f, NULL, NULL, err) == KR_ERR_LIMIT && err->line == 3,
       "the same with default limits: %s", err->msg);
    fclose(f);
    kr_qmat_clear(A);
}

/* A coordinate file with thousands of entries in random order, and the same
 * with a duplicate far from its first occurrence. */
static void
test_large_coordinate(void)
{
    enum { N = 60 };
    static slong perm[N * N];
    static long line_of[N * N];
    slong k, t;
    int dup;
    kr_error_t err;
    for (dup = 0; dup < 2; dup++)
    {
        kr_qmat_t A, W;
        FILE *f = tmpfile();
        kr_status st;
        long line = 2, dup_line = 0, first_line = 0;
        if (f == NULL)
            bail("tmpfile: %s", strerror(errno));
        for (k = 0; k < N * N; k++)
            perm[k] = k;
        for (k = N * N - 1; k > 0; k--)
        {
            slong r = (slong) (ex_rand64() % (uint64_t) (k + 1)), x = perm[k];
            perm[k] = perm[r];
            perm[r] = x;
        }
        kr_qmat_init(W, N, 0);
        fprintf(f, "%%%%MatrixMarket matrix coordinate integer general\n"
                   "%d %d %d\n", N, N, N * N);
        for (k = 0; k < N * N; k++)
        {
            slong p = perm[k];
            long v = (long) (ex_rand64() % 2001) - 1000;
            if (dup && k == N * N - 1)
            {
                p = perm[7]; /* repeat the 8th entry */
                first_line = line_of[7];
            }
            fmpq_set_si(W->re + p, v, 1);
            fprintf(f, "%ld %ld %ld\n", (long) (p / N) + 1,
                    (long) (p % N) + 1, v);
            line_of[k] = ++line;
        }
        dup_line = line;
        rewind(f);
        kr_qmat_init(A, 0, 0);
        kr_error_init(err);
        st = kr_read_mm(A, f, "large", NULL, err);
        if (!dup)
            ok(st == KR_OK && kr_qmat_equal(A, W),
               "%dx%d dense coordinate file in random order", N, N);
        else
        {
            char want[128];
            t = perm[7];
            snprintf(want, sizeof want, "duplicate entry (%ld, %ld): first "
                     "given on line %ld", (long) (t / N) + 1,
                     (long) (t % N) + 1, first_line);
            ok(st == KR_ERR_FORMAT && err->line == dup_line
                   && strstr(err->msg, want) != NULL && A->n == 0,
               "a duplicate %ld lines after the first occurrence: %s",
               dup_line - first_line, err->msg);
        }
        kr_qmat_clear(A);
        kr_qmat_clear(W);
        fclose(f);
    }
}

/* ------------------------------------------------------------ size rules */

/* A coordinate file of order n = 1025 whose n^2/16 = 65664 bytes are made
 * up (or not, by one byte) with a comment line; its entries come before the
 * comment or after it. */
static FILE *
sparse_file(long bytes, int entries_first, int symmetric)
{
    const long n = 1025;
    char head[128], body[64];
    long k, pad;
    FILE *f = tmpfile();
    if (f == NULL)
        bail("tmpfile: %s", strerror(errno));
    snprintf(head, sizeof head, "%%%%MatrixMarket matrix coordinate real %s\n%ld %ld 2\n",
             symmetric ? "symmetric" : "general", n, n);
    snprintf(body, sizeof body, "1025 3 0.5\n2 2 -7\n");
    pad = bytes - (long) strlen(head) - (long) strlen(body) - 2; /* "%" and "\n" */
    fputs(head, f);
    if (entries_first)
        fputs(body, f);
    putc('%', f);
    for (k = 0; k < pad; k++)
        putc('x', f);
    putc('\n', f);
    if (!entries_first)
        fputs(body, f);
    rewind(f);
    return f;
}

static void
test_size_rules(void)
{
    kr_qmat_t A;
    kr_error_t err;
    kr_status st;
    FILE *f;
    int first, sym;
    long k, line;

    /* orders above 1024 need n^2/16 bytes */
    for (first = 0; first < 2; first++)
        for (sym = 0; sym < 2; sym++)
        {
            f = sparse_file(65663, first, sym);
            kr_qmat_init(A, 0, 0);
            kr_error_init(err);
            st = kr_read_mm(A, f, "sparse", NULL, err);
            ok(st == KR_ERR_LIMIT && err->line == 2 && A->n == 0
                   && strstr(err->msg, "at least n^2/16 = 65664 bytes") != NULL,
               "order 1025 from 65663 bytes, %s, entries %s: %s",
               sym ? "symmetric" : "general", first ? "first" : "last", err->msg);
            fclose(f);
            f = sparse_file(65664, first, sym);
            kr_error_init(err);
            st = kr_read_mm(A, f, "sparse", NULL, err);
            ok(st == KR_OK && A->n == 1025 && fmpz_equal_si(fmpq_numref(kr_qmat_re(A, 1024, 2)), 1)
                   && fmpz_equal_si(fmpq_denref(kr_qmat_re(A, 1024, 2)), 2)
                   && fmpz_equal_si(fmpq_numref(kr_qmat_re(A, 1, 1)), -7)
                   && fmpq_is_zero(kr_qmat_re(A, 0, 0))
                   && (sym ? fmpz_equal_si(fmpq_numref(kr_qmat_re(A, 2, 1024)), 1)
                           : fmpq_is_zero(kr_qmat_re(A, 2, 1024))),
               "order 1025 from 65664 bytes, %s, entries %s: read (%s)",
               sym ? "symmetric" : "general", first ? "first" : "last",
               st == KR_OK ? "exactly" : err->msg);
            kr_qmat_clear(A);
            fclose(f);
        }

    /* a 60-byte file asking for the largest order: refused, at once */
    f = tmpfile();
    if (f == NULL)
        bail("tmpfile: %s", strerror(errno));
    fputs("%%MatrixMarket matrix coordinate real general\n20000 20000 1\n1 1 1\n", f);
    rewind(f);
    kr_qmat_init(A, 0, 0);
    kr_error_init(err);
    ok(kr_read_mm(A, f, "huge", NULL, err) == KR_ERR_LIMIT && err->line == 2 && A->n == 0,
       "order 20000 from a tiny file: %s", err->msg);
    fclose(f);

    /* the number budget: 10^7 + 64 per byte read, digits plus |exponent| */
    for (first = 0; first < 2; first++)
    {
        f = tmpfile();
        if (f == NULL)
            bail("tmpfile: %s", strerror(errno));
        fputs("%%MatrixMarket matrix array real general\n4 4\n", f);
        line = 2;
        if (first)
        {
            /* 16000 bytes of comment make room for 1.024 10^6 more */
            putc('%', f);
            for (k = 0; k < 16000; k++)
                putc('x', f);
            putc('\n', f);
            line++;
        }
        for (k = 0; k < 16; k++)
            fputs(k < 11 ? (k % 2 ? "1e-999999\n" : "-1e999999\n") : "0\n", f);
        rewind(f);
        kr_error_init(err);
        st = kr_read_mm(A, f, "budget", NULL, err);
        if (!first)
            ok(st == KR_ERR_LIMIT && err->line == line + 11 && A->n == 0
                   && strstr(err->msg, "budget") != NULL,
               "eleven entries 1e999999 in a small file: %s", err->msg);
        else
        {
            ok(st == KR_OK && A->n == 4 && fmpz_sizeinbase(fmpq_numref(A->re), 10) == 1000000,
               "the same after 16000 bytes of comment: read (%s)",
               st == KR_OK ? "ok" : err->msg);
            kr_qmat_clear(A);
            kr_qmat_init(A, 0, 0);
        }
        fclose(f);
    }
    kr_qmat_clear(A);
}

/* ------------------------------------------------------------ round trip */

/* A random m / (2^a 5^b). */
static void
random_decimal(fmpq_t x)
{
    fmpz_t t;
    fmpz_init(t);
    fmpz_set_ui(fmpq_numref(x), ex_rand64() >> (ex_rand64() % 64));
    if (ex_rand64() % 4 == 0)
        fmpz_mul_ui(fmpq_numref(x), fmpq_numref(x), ex_rand64());
    if (ex_rand64() & 1)
        fmpz_neg(fmpq_numref(x), fmpq_numref(x));
    fmpz_set_ui(t, 5);
    fmpz_pow_ui(t, t, ex_rand64() % 40);
    fmpz_mul_2exp(fmpq_denref(x), t, ex_rand64() % 40);
    fmpq_canonicalise(x);
    fmpz_clear(t);
}

static void
test_round_trip(int iters)
{
    int it, bad = 0;
    kr_error_t err;
    for (it = 0; it < iters; it++)
    {
        slong n = 1 + (slong) (ex_rand64() % 6), k;
        int cplx = (int) (ex_rand64() & 1);
        kr_qmat_t A, B;
        FILE *f = tmpfile();
        kr_status st;
        if (f == NULL)
            bail("tmpfile: %s", strerror(errno));
        kr_qmat_init(A, n, cplx);
        for (k = 0; k < n * n; k++)
        {
            random_decimal(A->re + k);
            if (cplx)
                random_decimal(A->im + k);
        }
        kr_qmat_init(B, 0, 0);
        kr_error_init(err);
        st = kr_write_mm(f, A, err);
        rewind(f);
        if (st == KR_OK)
            st = kr_read_mm(B, f, "round trip", NULL, err);
        if (st != KR_OK || !kr_qmat_equal(A, B) || (B->im != NULL) != cplx
            || B->declared != KR_SYM_GENERAL)
        {
            if (bad++ < 5)
                diag("round trip of a %ldx%ld %s matrix failed: %s", (long) n,
                     (long) n, cplx ? "complex" : "real", err->msg);
        }
        kr_qmat_clear(A);
        kr_qmat_clear(B);
        fclose(f);
    }
    is_int(bad, 0, "%d random matrices of decimals survive "
           "kr_write_mm/kr_read_mm exactly", iters);

    /* 1/3 has no decimal expansion: nothing is written. */
    {
        kr_qmat_t A;
        FILE *f = tmpfile();
        if (f == NULL)
            bail("tmpfile: %s", strerror(errno));
        kr_qmat_init(A, 2, 1);
        fmpq_set_si(A->im + 3, 1, 3);
        kr_error_init(err);
        ok(kr_write_mm(f, A, err) == KR_ERR_DOMAIN && ftell(f) == 0
               && strstr(err->msg, "(2, 2)"),
           "1/3 cannot be written: %s", err->msg);
        kr_qmat_clear(A);
        fclose(f);
    }
    /* The text written for a small matrix. */
    {
        kr_qmat_t A;
        FILE *f = tmpfile();
        char buf[256];
        size_t len;
        static const char *r[] = {"1/8", "-3", "0", "1/20"};
        if (f == NULL)
            bail("tmpfile: %s", strerror(errno));
        build(A, 2, 0, r, NULL);
        kr_write_mm(f, A, NULL);
        rewind(f);
        len = fread(buf, 1, sizeof buf - 1, f);
        buf[len] = '\0';
        is_string(buf,
                  "%%MatrixMarket matrix array real general\n"
                  "% exact decimal entries, column by column\n"
                  "2 2\n0.125\n0\n-3\n0.05\n",
                  "kr_write_mm output, column by column");
        kr_qmat_clear(A);
        fclose(f);
    }
}

int
main(void)
{
    unsigned long seed;
    (void) plan;
    plan_lazy();
    srcdir = getenv("top_srcdir");
    if (srcdir == NULL || *srcdir == '\0')
        srcdir = ".";
    seed = tap_seed(20240612);
    ex_rand_seed(seed);

    test_good();
    test_special_good();
    test_bad();
    test_io_errors();
    test_long_lines();
    test_large_coordinate();
    test_size_rules();
    test_round_trip(getenv("KREISS_TEST_QUICK") ? 50 : 500);
    flint_cleanup();
    return 0;
}
