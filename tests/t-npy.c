/* NumPy .npy reading.
 *
 * Good fixtures (written by NumPy) are compared with the same doubles typed
 * in here; random files are written by an independent little writer below;
 * bad fixtures are listed in tests/data/bad/MANIFEST (the .npy lines), with
 * the expected byte offsets in the table below. */
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include <mpfr.h>

#include "kreiss/io.h"
#include "tap.h"
#include "exact.h"

static const char *srcdir;
static void
from_doubles(kr_qmat_t M, slong n, const double *re, const double *im)
{
    slong k;
    if (!kr_qmat_init(M, n, im != NULL))
        bail("out of memory");
    for (k = 0; k < n * n; k++)
    {
        ex_fmpq_set_double(M->re + k, re[k]);
        if (im != NULL)
            ex_fmpq_set_double(M->im + k, im[k]);
    }
}

/* ------------------------------------------------------------ good */

static void
test_good(void)
{
    static const double A[9] = {0.1, -2.5, 1e-300,
                                5e-324, -0.0, 1e300,
                                3.0, 0x0.0000000000003p-1022, -7.25};
    static const double Zr[4] = {1, 0.1, -0.0, 4};
    static const double Zi[4] = {2, -0.2, -3, 0};
    static const double one[1] = {-0.0625};
    static const char *real_files[] = {"f8-c.npy", "f8-fortran.npy",
                                       "f8-big.npy", "f8-v2.npy", "f8-v3.npy"};
    static const char *complex_files[] = {"c16-c.npy", "c16-big-fortran.npy"};
    kr_qmat_t W, M;
    kr_error_t err;
    kr_status st;
    size_t k;

    from_doubles(W, 3, A, NULL);
    for (k = 0; k < sizeof real_files / sizeof real_files[0]; k++)
    {
        kr_qmat_init(M, 0, 0);
        kr_error_init(err);
        st = kr_read_matrix(M, ex_data_path(srcdir, "good", real_files[k]), NULL, err);
        ok(st == KR_OK && kr_qmat_equal(M, W) && M->im == NULL
               && M->declared == KR_SYM_GENERAL,
           "%s: the exact doubles (%s)", real_files[k],
           st == KR_OK ? "read" : err->msg);
        kr_qmat_clear(M);
    }
    kr_qmat_clear(W);

    from_doubles(W, 2, Zr, Zi);
    for (k = 0; k < sizeof complex_files / sizeof complex_files[0]; k++)
    {
        kr_qmat_init(M, 0, 0);
        kr_error_init(err);
        st = kr_read_matrix(M, ex_data_path(srcdir, "good", complex_files[k]), NULL, err);
        ok(st == KR_OK && kr_qmat_equal(M, W) && M->im != NULL,
           "%s: the exact complex doubles (%s)", complex_files[k],
           st == KR_OK ? "read" : err->msg);
        kr_qmat_clear(M);
    }
    kr_qmat_clear(W);

    from_doubles(W, 1, one, NULL);
    kr_qmat_init(M, 0, 0);
    ok(kr_read_matrix(M, ex_data_path(srcdir, "good", "one.npy"), NULL, err) == KR_OK
           && kr_qmat_equal(M, W), "one.npy: 1x1");
    kr_qmat_clear(M);
    kr_qmat_clear(W);
}

/* ------------------------------------------------------------ bad */

typedef struct
{
    const char *file;
    long offset;
    kr_status st;
} npy_bad;

/* Offsets computed from the files' layout (magic 6, version 2, length 2
 * (v1), header, data). */
static const npy_bad bad_table[] = {
    {"npy-bad-magic.npy", 0, KR_ERR_FORMAT},
    {"npy-version.npy", 6, KR_ERR_UNSUPPORTED},
    {"npy-not-dict.npy", 10, KR_ERR_FORMAT},
    {"npy-missing-key.npy", 10, KR_ERR_FORMAT},
    {"npy-f4.npy", 20, KR_ERR_UNSUPPORTED},
    {"npy-i8.npy", 20, KR_ERR_UNSUPPORTED},
    {"npy-1d.npy", 60, KR_ERR_UNSUPPORTED},
    {"npy-3d.npy", 60, KR_ERR_UNSUPPORTED},
    {"npy-nonsquare.npy", 60, KR_ERR_UNSUPPORTED},
    {"npy-truncated.npy", 187, KR_ERR_FORMAT},
    {"npy-trailing.npy", 200, KR_ERR_FORMAT},
    {"npy-nan.npy", 128 + 5 * 8, KR_ERR_FORMAT},
    {"npy-inf.npy", 128 + 16 + 8, KR_ERR_FORMAT},
    {"npy-truncated-header.npy", 40, KR_ERR_FORMAT},
    {"npy-structured.npy", 20, KR_ERR_UNSUPPORTED},
    {"npy-extra-key.npy", 68, KR_ERR_FORMAT},
    {"npy-too-large.npy", 60, KR_ERR_LIMIT},
    {"npy-bad-fortran.npy", 44, KR_ERR_FORMAT},
    {"npy-zero.npy", 60, KR_ERR_UNSUPPORTED},
    {"npy-header-garbage.npy", 70, KR_ERR_FORMAT},
    {"npy-short.npy", 4, KR_ERR_FORMAT},
};

static const npy_bad *
find_bad(const char *file)
{
    size_t k;
    for (k = 0; k < sizeof bad_table / sizeof bad_table[0]; k++)
        if (strcmp(bad_table[k].file, file) == 0)
            return bad_table + k;
    return NULL;
}

static void
test_bad(void)
{
    FILE *m;
    char *line = NULL;
    size_t cap = 0;
    int count = 0;
    static const double keep[4] = {1, 2, 3, 4};

    m = fopen(ex_data_path(srcdir, "bad", "MANIFEST"), "r");
    if (m == NULL)
        bail("cannot open %s: %s", ex_data_path(srcdir, "bad", "MANIFEST"),
             strerror(errno));
    while (getline(&line, &cap, m) > 0)
    {
        char *file = strtok(line, "\t\n"), *lno = strtok(NULL, "\t\n"),
             *sub = strtok(NULL, "\t\n");
        const npy_bad *b;
        kr_qmat_t A, W;
        kr_error_t err;
        kr_status st;
        char path[4096];
        size_t len;
        if (file == NULL || lno == NULL || sub == NULL)
            bail("malformed MANIFEST line");
        len = strlen(file);
        if (len < 4 || strcmp(file + len - 4, ".npy") != 0)
            continue; /* t-mm */
        count++;
        b = find_bad(file);
        if (b == NULL)
            bail("%s is not in the offset table of t-npy.c", file);
        snprintf(path, sizeof path, "%s", ex_data_path(srcdir, "bad", file));
        from_doubles(A, 2, keep, NULL);
        from_doubles(W, 2, keep, NULL);
        kr_error_init(err);
        st = kr_read_matrix(A, path, NULL, err);
        ok(st == b->st && err->status == st && err->line == atol(lno)
               && err->offset == b->offset && strstr(err->msg, sub) != NULL
               && strcmp(err->file, path) == 0 && kr_qmat_equal(A, W),
           "%s refused (%s), byte %ld: %s", file, kr_status_name(st),
           err->offset, err->msg);
        if (st != b->st || err->offset != b->offset
            || strstr(err->msg, sub) == NULL)
            diag("want %s, byte %ld, message containing \"%s\"",
                 kr_status_name(b->st), b->offset, sub);
        kr_qmat_clear(A);
        kr_qmat_clear(W);
    }
    free(line);
    fclose(m);
    is_int(count, (long) (sizeof bad_table / sizeof bad_table[0]),
           "MANIFEST lists every bad .npy file of the offset table");
}

/* Every proper prefix of a good file is refused; one byte more too. */
static void
test_prefixes(void)
{
    FILE *f = fopen(ex_data_path(srcdir, "good", "c16-big-fortran.npy"), "rb");
    unsigned char buf[512];
    size_t len, L;
    int bad = 0;
    kr_qmat_t A;
    kr_error_t err;
    if (f == NULL)
        bail("cannot open c16-big-fortran.npy");
    len = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    kr_qmat_init(A, 0, 0);
    for (L = 0; L <= len + 1; L++)
    {
        FILE *t = tmpfile();
        kr_status st;
        if (t == NULL)
            bail("tmpfile: %s", strerror(errno));
        buf[len] = 0x7f;
        fwrite(buf, 1, L, t);
        rewind(t);
        kr_error_init(err);
        st = kr_read_npy(A, t, "prefix", NULL, err);
        if ((L == len) != (st == KR_OK) || (st != KR_OK && A->n != 0))
        {
            if (bad++ < 5)
                diag("%lu of %lu bytes: status %d, %s", (unsigned long) L,
                     (unsigned long) len, (int) st, err->msg);
        }
        if (st != KR_OK && err->offset > (long) L)
        {
            if (bad++ < 5)
                diag("%lu bytes: error offset %ld beyond the end",
                     (unsigned long) L, err->offset);
        }
        kr_qmat_clear(A);
        kr_qmat_init(A, 0, 0);
        fclose(t);
    }
    is_int(bad, 0, "each of the %lu proper prefixes of a %lu-byte file, "
           "and the file plus one byte, is refused", (unsigned long) len,
           (unsigned long) len);
    kr_qmat_clear(A);
}

/* ------------------------------------------------------------ random */

static double
random_double(void)
{
    for (;;)
    {
        uint64_t b = ex_rand64();
        double d;
        if (((b >> 52) & 0x7ff) == 0x7ff)
            continue;
        if (ex_rand64() % 5 == 0)
            b &= ~(UINT64_C(0x7ff) << 52); /* subnormal or zero */
        memcpy(&d, &b, sizeof d);
        return d;
    }
}

static void
put_double(FILE *f, double d, int big)
{
    uint64_t b;
    unsigned char c[8];
    int k;
    memcpy(&b, &d, sizeof b);
    for (k = 0; k < 8; k++)
        c[big ? 7 - k : k] = (unsigned char) (b >> (8 * k));
    fwrite(c, 1, 8, f);
}

/* Write an .npy file; returns the data offset. */
static long
write_npy(FILE *f, int version, const char *descr, int fortran, long n)
{
    char h[256];
    int len = snprintf(h, sizeof h,
                       "{'descr': '%s', 'fortran_order': %s, 'shape': (%ld, "
                       "%ld), }", descr, fortran ? "True" : "False", n, n);
    int pre = version == 1 ? 10 : 12;
    int total = pre + len + 1, k;
    int pad = (64 - total % 64) % 64;
    long hlen = len + pad + 1;
    fwrite("\x93NUMPY", 1, 6, f);
    putc(version, f);
    putc(0, f);
    putc((int) (hlen & 0xff), f);
    putc((int) (hlen >> 8), f);
    if (version > 1)
    {
        putc(0, f);
        putc(0, f);
    }
    fwrite(h, 1, (size_t) len, f);
    for (k = 0; k < pad; k++)
        putc(' ', f);
    putc('\n', f);
    return pre + hlen;
}

static void
test_random(int iters)
{
    int it, bad = 0, bad_nan = 0;
    for (it = 0; it < iters; it++)
    {
        long n = 1 + (long) (ex_rand64() % 5), i, j;
        int cplx = (int) (ex_rand64() & 1), big = (int) (ex_rand64() & 1);
        int fortran = (int) (ex_rand64() & 1), version = 1 + (int) (ex_rand64() % 3);
        int poison = ex_rand64() % 4 == 0;
        long pi = (long) (ex_rand64() % (uint64_t) n),
             pj = (long) (ex_rand64() % (uint64_t) n);
        int ppart = cplx ? (int) (ex_rand64() & 1) : 0;
        double re[25], im[25];
        kr_qmat_t W, M;
        kr_error_t err;
        kr_status st;
        long off, item = cplx ? 16 : 8, want_off = 0;
        char descr[8];
        FILE *f = tmpfile();
        if (f == NULL)
            bail("tmpfile: %s", strerror(errno));
        for (i = 0; i < n * n; i++)
        {
            re[i] = random_double();
            im[i] = random_double();
        }
        snprintf(descr, sizeof descr, "%c%s", big ? '>' : '<',
                 cplx ? "c16" : "f8");
        off = write_npy(f, version, descr, fortran, n);
        for (i = 0; i < n; i++)
            for (j = 0; j < n; j++)
            {
                /* storage order */
                long r = fortran ? j : i, c = fortran ? i : j;
                long k = r * n + c, s = i * n + j;
                double x = re[k], y = im[k];
                if (poison && r == pi && c == pj)
                {
                    if (ppart == 0)
                        x = ex_rand64() & 1 ? NAN : -INFINITY;
                    else
                        y = ex_rand64() & 1 ? NAN : INFINITY;
                    want_off = off + s * item + 8 * ppart;
                }
                put_double(f, x, big);
                if (cplx)
                    put_double(f, y, big);
            }
        rewind(f);
        kr_qmat_init(M, 0, 0);
        kr_error_init(err);
        st = kr_read_npy(M, f, "random", NULL, err);
        if (poison)
        {
            if (st != KR_ERR_FORMAT || err->offset != want_off || M->n != 0)
            {
                if (bad_nan++ < 5)
                    diag("poisoned %s %ldx%ld v%d: status %d, byte %ld (want "
                         "%ld): %s", descr, n, n, version, (int) st,
                         err->offset, want_off, err->msg);
            }
        }
        else
        {
            from_doubles(W, n, re, cplx ? im : NULL);
            if (st != KR_OK || !kr_qmat_equal(M, W))
            {
                if (bad++ < 5)
                    diag("%s %ldx%ld fortran=%d v%d misread: %s", descr, n,
                         n, fortran, version, err->msg);
            }
            kr_qmat_clear(W);
        }
        kr_qmat_clear(M);
        fclose(f);
    }
    is_int(bad, 0, "%d random .npy files (f8/c16, both byte orders, C and "
           "Fortran order, versions 1-3) read exactly", iters);
    is_int(bad_nan, 0, "NaN/Inf anywhere is refused at its byte offset");
}

/* Detection by content, not by name: .npy data in a file named .mtx. */
static void
test_detection(void)
{
    char name[] = "/tmp/kreiss-t-npy-XXXXXX";
    int fd = mkstemp(name);
    FILE *f;
    kr_qmat_t M, W;
    kr_error_t err;
    static const double v[4] = {1.5, -2, 0.25, 8};
    if (fd < 0)
        bail("mkstemp: %s", strerror(errno));
    f = fdopen(fd, "wb");
    if (f == NULL)
        bail("fdopen: %s", strerror(errno));
    write_npy(f, 1, "<f8", 0, 2);
    put_double(f, 1.5, 0);
    put_double(f, -2, 0);
    put_double(f, 0.25, 0);
    put_double(f, 8, 0);
    fclose(f);
    from_doubles(W, 2, v, NULL);
    kr_qmat_init(M, 0, 0);
    kr_error_init(err);
    ok(kr_read_matrix(M, name, NULL, err) == KR_OK && kr_qmat_equal(M, W),
       "the format is recognised by content");
    remove(name);
    kr_qmat_clear(M);
    kr_qmat_clear(W);
}

/* Orders above 1024: the matrix is allocated only once the file has given
 * n^2/16 bytes (the data before that are kept and decoded then); a short
 * file declaring a huge order fails without allocating it. */
static void
test_large(void)
{
    long n = 1100, i, j, bad = 0;
    int fortran, cplx;
    for (cplx = 0; cplx < 2; cplx++)
        for (fortran = 0; fortran < 2; fortran++)
        {
            kr_qmat_t M;
            kr_error_t err;
            kr_status st;
            FILE *f = tmpfile();
            if (f == NULL)
                bail("tmpfile: %s", strerror(errno));
            write_npy(f, 1, cplx ? "<c16" : "<f8", fortran, n);
            /* element (r, c) holds r n + c + 1/4 (and -(r n + c) imaginary) */
            for (i = 0; i < n; i++)
                for (j = 0; j < n; j++)
                {
                    long r = fortran ? j : i, c = fortran ? i : j;
                    put_double(f, (double) (r * n + c) + 0.25, 0);
                    if (cplx)
                        put_double(f, -(double) (r * n + c), 0);
                }
            rewind(f);
            kr_qmat_init(M, 0, 0);
            kr_error_init(err);
            st = kr_read_npy(M, f, "large", NULL, err);
            for (i = 0; i < n * n && st == KR_OK; i++)
                if (!fmpz_equal_si(fmpq_denref(M->re + i), 4)
                    || !fmpz_equal_si(fmpq_numref(M->re + i), 4 * i + 1)
                    || (cplx && !fmpz_equal_si(fmpq_numref(M->im + i), -i)))
                    bad++;
            ok(st == KR_OK && M->n == n && bad == 0 && (M->im != NULL) == cplx,
               "a %ldx%ld %s .npy file (%s order) read exactly through the deferred "
               "allocation (%s)", n, n, cplx ? "complex128" : "float64",
               fortran ? "Fortran" : "C", st == KR_OK ? "read" : err->msg);
            kr_qmat_clear(M);
            fclose(f);
        }
    {
        kr_qmat_t M;
        kr_error_t err;
        FILE *f = tmpfile();
        if (f == NULL)
            bail("tmpfile: %s", strerror(errno));
        write_npy(f, 1, "<f8", 0, 20000);
        put_double(f, 1.0, 0);
        rewind(f);
        kr_qmat_init(M, 0, 0);
        kr_error_init(err);
        ok(kr_read_npy(M, f, "huge", NULL, err) == KR_ERR_FORMAT && M->n == 0
               && strstr(err->msg, "truncated data") != NULL,
           "a 20000x20000 header with 8 bytes of data: %s", err->msg);
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
    seed = tap_seed(20240613);
    ex_rand_seed(seed);

    test_good();
    test_bad();
    test_prefixes();
    test_random(getenv("KREISS_TEST_QUICK") ? 100 : 1000);
    test_detection();
    test_large();
    flint_cleanup();
    return 0;
}
