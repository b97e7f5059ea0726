/* kreiss-check's own matrix reader (src/check/readmat.c): every fixture of
 * tests/data/good against matrices typed here from the files, the
 * symmetry expansions, binary64 rounding against glibc's strtod (including
 * subnormal midpoints and the overflow threshold), hostile inputs, and every
 * .mtx/.npy of tests/data/bad refused with the file name (and the line). */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gmp.h>

#include "readmat.h"
#include "tap.h"

typedef struct
{
    const char *name;
    long n;
    const char *re, *im; /* row-major; see set_token() */
} expect;

#define RG "1 -1/2 1/10  9/4 0 1/1000  -3 3 7"
#define RS "2 -1 1/2  -1 3 0  1/2 0 1/80"
#define RK "0 -3/2 2  3/2 0 -3/4  -2 3/4 0"
#define IG "1 -2 3  4 5 -6  7 0 9"
#define IS "4 -1 0  -1 5 2  0 2 -6"
#define IK "0 -3 4  3 0 -5  -4 5 0"
#define CG "1 0 -5/2  1/10 3 0  0 0 -1", "0 2 1/2  -1/10 0 100  0 0 1/4"
#define CH "2 1 1/2  1 -1 0  1/2 0 1/10", "0 1 -1/4  -1 0 -3  1/4 3 0"
#define CK "0 -1 0  1 0 1/2  0 -1/2 0", "0 -2 1  2 0 -1/2  -1 1/2 0"
#define CS "1 2 0  2 0 1/4  0 1/4 -1", "1 -1/2 0  -1/2 -3 1/8  0 1/8 0"
#define F8 "d:0.1 -5/2 d:1e-300  1*2^-1074 0 d:1e300  3 3*2^-1074 -29/4"
#define C16 "1 d:0.1  0 4", "2 d:-0.2  -3 0"

/* Read by eye from the files (exact semantics). */
static const expect good_files[] = {
    {"array-real-general.mtx", 3, RG, NULL}, {"coordinate-real-general.mtx", 3, RG, NULL},
    {"array-real-symmetric.mtx", 3, RS, NULL}, {"coordinate-real-symmetric.mtx", 3, RS, NULL},
    {"array-real-skew.mtx", 3, RK, NULL}, {"coordinate-real-skew.mtx", 3, RK, NULL},
    {"array-integer-general.mtx", 3, IG, NULL}, {"coordinate-integer-general.mtx", 3, IG, NULL},
    {"array-integer-symmetric.mtx", 3, IS, NULL}, {"coordinate-integer-symmetric.mtx", 3, IS, NULL},
    {"array-integer-skew.mtx", 3, IK, NULL}, {"coordinate-integer-skew.mtx", 3, IK, NULL},
    {"array-complex-general.mtx", 3, CG}, {"coordinate-complex-general.mtx", 3, CG},
    {"array-complex-hermitian.mtx", 3, CH}, {"coordinate-complex-hermitian.mtx", 3, CH},
    {"array-complex-skew.mtx", 3, CK}, {"coordinate-complex-skew.mtx", 3, CK},
    {"array-complex-symmetric.mtx", 3, CS}, {"coordinate-complex-symmetric.mtx", 3, CS},
    {"binary64.mtx", 2, "1/10 3/10  1/10^320 -25*10^299", NULL},
    {"empty-coordinate.mtx", 2, "0 0  0 0", NULL},
    {"one.mtx", 1, "-1/16", NULL}, {"one.npy", 1, "-1/16", NULL},
    {"f8-c.npy", 3, F8, NULL}, {"f8-fortran.npy", 3, F8, NULL}, {"f8-big.npy", 3, F8, NULL},
    {"f8-v2.npy", 3, F8, NULL}, {"f8-v3.npy", 3, F8, NULL},
    {"c16-c.npy", 2, C16}, {"c16-big-fortran.npy", 2, C16},
};

static const char *srcdir = ".";

/* Tokens: "a/b" (exact), "a*B^E" and "a/B^E" (a times or over B^E, E may be
 * negative), "d:STRING" (the double strtod gives). */
static void
set_token(mpq_t x, const char *t)
{
    char a[64];
    const char *op = strpbrk(t, "*/"), *hat = strchr(t, '^');
    long e;
    mpz_t p;
    if (strncmp(t, "d:", 2) == 0)
    {
        mpq_set_d(x, strtod(t + 2, NULL));
        return;
    }
    if (hat == NULL)
    {
        if (mpq_set_str(x, t, 10) != 0)
            bail("bad token %s", t);
        mpq_canonicalize(x);
        return;
    }
    snprintf(a, sizeof a, "%.*s", (int) (op - t), t);
    mpq_set_str(x, a, 10);
    e = strtol(hat + 1, NULL, 10);
    if (*op == '/')
        e = -e;
    mpz_init(p);
    mpz_ui_pow_ui(p, strtoul(op + 1, NULL, 10), (unsigned long) labs(e));
    if (e >= 0)
        mpz_mul(mpq_numref(x), mpq_numref(x), p);
    else
        mpz_mul(mpq_denref(x), mpq_denref(x), p);
    mpq_canonicalize(x);
    mpz_clear(p);
}

/* Compares the n*n row-major part a with the tokens of list; 1 if equal. */
static int
equals(mpq_t *a, long n, const char *list)
{
    char buf[1024], *t, *save = NULL, *got;
    long k = 0;
    int same = 1;
    mpq_t x;
    mpq_init(x);
    snprintf(buf, sizeof buf, "%s", list);
    for (t = strtok_r(buf, " ", &save); t != NULL && same; t = strtok_r(NULL, " ", &save), k++)
    {
        set_token(x, t);
        if (k < n * n && !mpq_equal(x, a[k]))
        {
            got = mpq_get_str(NULL, 10, a[k]);
            diag("entry [%ld, %ld] is %.60s, expected %s", k / n, k % n, got, t);
            free(got);
        }
        same = k < n * n && mpq_equal(x, a[k]);
    }
    mpq_clear(x);
    return same && k == n * n;
}

/* The exact decimal "Ne-K" of x, whose denominator must divide a power of 10. */
static char *
qdecimal(const mpq_t x)
{
    mpz_t t, p;
    long k;
    char *s;
    mpz_init(t);
    mpz_init_set_ui(p, 1);
    for (k = 0; !mpz_divisible_p(p, mpq_denref(x)); k++)
        mpz_mul_ui(p, p, 10);
    mpz_divexact(t, p, mpq_denref(x));
    mpz_mul(t, t, mpq_numref(x));
    gmp_asprintf(&s, "%Zde-%ld", t, k);
    mpz_clear(t);
    mpz_clear(p);
    return s;
}

/* The double nearest x, by glibc's correctly rounded strtod of the exact
 * decimal of x: an oracle independent of the reader. */
static void
strtod_nearest(mpq_t out, const mpq_t x)
{
    char *s = qdecimal(x);
    mpq_set_d(out, strtod(s, NULL));
    free(s);
}

static int
is_mirror(mpq_t *a, long n, int sign)
{
    long i, j;
    mpq_t t;
    int good = 1;
    mpq_init(t);
    for (i = 0; i < n; i++)
        for (j = 0; j < n; j++)
        {
            mpq_set(t, a[j * n + i]);
            if (sign < 0)
                mpq_neg(t, t);
            good &= mpq_equal(t, a[i * n + j]) != 0;
        }
    mpq_clear(t);
    return good;
}

static void
check_good(const expect *e)
{
    char path[4096], err[512];
    ck_matrix m, b;
    long k, nn;
    int ok64 = 1;
    mpq_t d;
    snprintf(path, sizeof path, "%s/tests/data/good/%s", srcdir, e->name);
    if (!ok(ck_read_matrix(&m, path, 0, err, sizeof err) == 0, "%s: read", e->name))
    {
        diag("%s", err);
        return;
    }
    ok(m.n == e->n && m.is_complex == (e->im != NULL) && (m.im != NULL) == m.is_complex,
       "%s: order %ld, %s", e->name, e->n, e->im != NULL ? "complex" : "real");
    if (m.n != e->n)
    {
        ck_matrix_clear(&m);
        return;
    }
    ok(equals(m.re, m.n, e->re) && (e->im == NULL || equals(m.im, m.n, e->im)),
       "%s: the matrix typed from the file", e->name);
    if (strstr(e->name, "-symmetric") != NULL)
        ok(is_mirror(m.re, m.n, 1) && (!m.im || is_mirror(m.im, m.n, 1)),
           "%s: A = A^T", e->name);
    if (strstr(e->name, "-skew") != NULL)
        ok(is_mirror(m.re, m.n, -1) && (!m.im || is_mirror(m.im, m.n, -1)),
           "%s: A = -A^T", e->name);
    if (strstr(e->name, "-hermitian") != NULL)
        ok(is_mirror(m.re, m.n, 1) && is_mirror(m.im, m.n, -1),
           "%s: A = A^H", e->name);
    /* binary64: .npy unchanged; text entries = strtod of the exact decimal */
    if (!ok(ck_read_matrix(&b, path, 1, err, sizeof err) == 0 && b.n == m.n, "%s: read (binary64)", e->name))
    {
        diag("%s", err);
        ck_matrix_clear(&m);
        return;
    }
    mpq_init(d);
    nn = m.n * m.n;
    for (k = 0; k < nn; k++)
    {
        strtod_nearest(d, m.re[k]);
        ok64 &= mpq_equal(strstr(e->name, ".npy") ? m.re[k] : d, b.re[k]) != 0;
        if (m.im != NULL)
        {
            strtod_nearest(d, m.im[k]);
            ok64 &= mpq_equal(strstr(e->name, ".npy") ? m.im[k] : d, b.im[k]) != 0;
        }
    }
    ok(ok64, "%s: binary64 entries are the nearest doubles", e->name);
    mpq_clear(d);
    ck_matrix_clear(&b);
    ck_matrix_clear(&m);
}

/* Files that must give the same matrix: array and coordinate twins, and the
 * .npy files in their different byte orders, layouts and versions. */
static void
check_twins(void)
{
    static const char *const twins[][2] = {
        {"one.mtx", "one.npy"}, {"f8-c.npy", "f8-fortran.npy"}, {"f8-c.npy", "f8-big.npy"},
        {"f8-c.npy", "f8-v2.npy"}, {"f8-c.npy", "f8-v3.npy"}, {"c16-c.npy", "c16-big-fortran.npy"},
        {"array-real-general.mtx", "coordinate-real-general.mtx"},
        {"array-complex-hermitian.mtx", "coordinate-complex-hermitian.mtx"},
        {"array-integer-skew.mtx", "coordinate-integer-skew.mtx"},
    };
    char path[4096], err[512];
    ck_matrix m[2];
    size_t k, i, same;
    for (k = 0; k < sizeof twins / sizeof twins[0]; k++)
    {
        for (i = 0; i < 2; i++)
        {
            snprintf(path, sizeof path, "%s/tests/data/good/%s", srcdir, twins[k][i]);
            if (ck_read_matrix(&m[i], path, 0, err, sizeof err) != 0)
                diag("%s", err);
        }
        same = m[0].n > 0 && m[0].n == m[1].n && m[0].is_complex == m[1].is_complex;
        for (i = 0; same && i < (size_t) (m[0].n * m[0].n); i++)
            same = mpq_equal(m[0].re[i], m[1].re[i]) && (!m[0].im || mpq_equal(m[0].im[i], m[1].im[i]));
        ok(same, "%s = %s", twins[k][0], twins[k][1]);
        ck_matrix_clear(&m[0]);
        ck_matrix_clear(&m[1]);
    }
}

static void
write_file(const char *path, const char *text, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (f == NULL || fwrite(text, 1, len, f) != len || fclose(f) != 0)
        bail("cannot write %s", path);
}

/* Reads text as a file; returns the status, err holds the message. */
static int
read_text(const char *path, const char *text, int binary64, ck_matrix *m, char err[512])
{
    write_file(path, text, strlen(text));
    return ck_read_matrix(m, path, binary64, err, 512);
}

/* A .npy file of version v with the header (padded) and data. */
static int
read_npy(const char *path, int v, const char *hdr, const char *data, size_t dlen, ck_matrix *m,
         char err[512])
{
    char buf[512];
    size_t hl = strlen(hdr), pre = v == 1 ? 10 : 12;
    size_t pad = (64 - (pre + hl + 1) % 64) % 64;
    memcpy(buf, "\x93NUMPY", 6);
    buf[6] = (char) v;
    buf[7] = 0;
    buf[8] = (char) ((hl + pad + 1) & 0xff);
    buf[9] = (char) ((hl + pad + 1) >> 8);
    buf[10] = buf[11] = 0;
    memcpy(buf + pre, hdr, hl);
    memset(buf + pre + hl, ' ', pad);
    buf[pre + hl + pad] = '\n';
    memcpy(buf + pre + hl + pad + 1, data, dlen);
    write_file(path, buf, pre + hl + pad + 1 + dlen);
    return ck_read_matrix(m, path, 0, err, 512);
}

/* Text that must give the 1x1 matrix want (or be refused, want == NULL). */
static void
one_entry(const char *tmp, const char *field, const char *entry, int binary64, const char *want)
{
    char *text, err[512];
    ck_matrix m;
    int r;
    mpq_t x;
    size_t len = strlen(entry) + 100;
    text = malloc(len);
    snprintf(text, len, "%%%%MatrixMarket matrix array %s general\n1 1\n%s\n", field, entry);
    r = read_text(tmp, text, binary64, &m, err);
    free(text);
    if (want == NULL)
    {
        ok(r != 0 && strstr(err, tmp) != NULL && m.n == 0, "%s '%.30s'%s refused: %s", field, entry,
           binary64 ? " (binary64)" : "", err);
        return;
    }
    mpq_init(x);
    set_token(x, want);
    ok(r == 0 && m.n == 1 && mpq_equal(m.re[0], x), "%s '%.30s'%s = %s", field, entry,
       binary64 ? " (binary64)" : "", want);
    if (r != 0)
        diag("%s", err);
    mpq_clear(x);
    ck_matrix_clear(&m);
}

static void
check_text(const char *tmp)
{
    char *big, err[512];
    ck_matrix m;
    int r;
    /* numbers */
    one_entry(tmp, "real", "0.1", 0, "1/10");
    one_entry(tmp, "real", "0.1", 1, "3602879701896397/36028797018963968");
    one_entry(tmp, "real", "-2.5e-3", 0, "-1/400");
    one_entry(tmp, "real", "1E3", 0, "1000");
    one_entry(tmp, "real", "+007.", 0, "7");
    one_entry(tmp, "real", ".5", 0, "1/2");
    one_entry(tmp, "real", "0x1.8p-3", 0, "3/16");
    one_entry(tmp, "real", "0x10", 0, "16");
    one_entry(tmp, "real", "0xA.8", 0, "21/2");
    one_entry(tmp, "real", "-0X.8P+1", 0, "-1");
    one_entry(tmp, "real", "0x1e-3", 0, NULL);
    one_entry(tmp, "real", "0x", 0, NULL);
    one_entry(tmp, "real", "0x1p", 0, NULL);
    one_entry(tmp, "real", "1e", 0, NULL);
    one_entry(tmp, "real", ".", 0, NULL);
    one_entry(tmp, "real", "1.5.2", 0, NULL);
    one_entry(tmp, "real", "--1", 0, NULL);
    one_entry(tmp, "real", "-Infinity", 0, NULL);
    one_entry(tmp, "real", "NaN", 0, NULL);
    one_entry(tmp, "real", "1e1000000", 0, "1*10^1000000");
    one_entry(tmp, "real", "1e1000000", 1, NULL);
    one_entry(tmp, "real", "-1.8e308", 1, NULL);
    one_entry(tmp, "real", "1e-1000000", 1, "0");
    one_entry(tmp, "real", "1e1000001", 0, NULL);
    one_entry(tmp, "real", "0e2000000", 0, NULL);
    one_entry(tmp, "real", "1e-00000000000000000000000005", 0, "1/10^5");
    one_entry(tmp, "integer", "+5", 0, "5");
    one_entry(tmp, "integer", "-0", 0, "0");
    one_entry(tmp, "integer", "9007199254740993", 0, "9007199254740993");
    one_entry(tmp, "integer", "9007199254740993", 1, "9007199254740992");
    one_entry(tmp, "integer", "2.0", 0, NULL);
    one_entry(tmp, "integer", "1e3", 0, NULL);
    one_entry(tmp, "integer", "0x5", 0, NULL);
    big = malloc(100010);
    big[0] = '1';
    memset(big + 1, '0', 99999);
    big[100000] = '\0';
    one_entry(tmp, "real", big, 0, "1*10^99999");
    big[100000] = '0';
    big[100001] = '\0';
    one_entry(tmp, "real", big, 0, NULL);
    free(big);

    /* layout: BOM, lower case, blanks, comments, no final newline */
    r = read_text(tmp, "\xef\xbb\xbf  %%matrixmarket MATRIX coordinate REAL general\r\n%c\n\n"
                  "2\t2\v2\f\n% x\n 2 1 5\r\n\n1 2 -5", 0, &m, err);
    ok(r == 0 && m.n == 2 && equals(m.re, 2, "0 -5 5 0"), "BOM, case, blanks, comments");
    ck_matrix_clear(&m);
    r = read_text(tmp, "%%MatrixMarket matrix coordinate complex hermitian\n1 1 1\n1 1 2 1e-400\n",
                  1, &m, err);
    ok(r == 0 && mpq_sgn(m.im[0]) == 0, "hermitian diagonal 1e-400i is 0 in binary64");
    ck_matrix_clear(&m);
    r = read_text(tmp, "%%MatrixMarket matrix coordinate complex hermitian\n1 1 1\n1 1 2 1e-400\n",
                  0, &m, err);
    ok(r != 0 && strstr(err, ":3: diagonal entry (1, 1)") != NULL, "but not in exact: %s", err);
    r = read_text(tmp, "%%MatrixMarket matrix coordinate real general\n1000 1000 0\n", 0, &m, err);
    ok(r == 0 && m.n == 1000 && mpq_sgn(m.re[999999]) == 0, "1000x1000 zero coordinate matrix");
    ck_matrix_clear(&m);

    /* hostile: huge orders from tiny files, refused before allocating */
    r = read_text(tmp, "%%MatrixMarket matrix coordinate real general\n20000 20000 0\n", 0, &m, err);
    ok(r != 0 && strstr(err, ":2: ") != NULL, "sparse 20000x20000 from 60 bytes refused: %s", err);
    r = read_text(tmp, "%%MatrixMarket matrix array complex general\n20000 20000\n1 1\n", 0, &m, err);
    ok(r != 0 && strstr(err, ":2: ") != NULL, "array 20000x20000 with 1 entry refused: %s", err);
    r = read_text(tmp, "%%MatrixMarket matrix array real general\n1000 1000\n1\n2\n", 0, &m, err);
    ok(r != 0 && strstr(err, ":2: ") != NULL, "array 1000x1000 with 2 entries refused at once: %s", err);
    r = read_text(tmp, "%%MatrixMarket matrix array real general\n4 4\n1e1000000\n1e-1000000\n1e1000000\n"
                  "1e-1000000\n1e1000000\n1e-1000000\n1e1000000\n1e-1000000\n1e1000000\n1e-1000000\n"
                  "1e1000000\n1e-1000000\n1e1000000\n1e-1000000\n1e1000000\n1e-1000000\n", 0, &m, err);
    ok(r != 0 && strstr(err, ":13: entry '1e1000000' exceeds the budget") != NULL,
       "16 numbers of 10^6 digits from 170 bytes refused: %s", err);
    r = read_text(tmp, "%%MatrixMarket matrix array real general\n20001 20001\n", 0, &m, err);
    ok(r != 0 && strstr(err, "20001") != NULL, "order 20001 refused: %s", err);
    r = read_text(tmp, "%%MatrixMarket matrix coordinate real general\n3 3 2\n1 1 1\n1 1 0\n", 0, &m, err);
    ok(r != 0 && strstr(err, ":4: duplicate entry (1, 1): first given on line 3") != NULL,
       "duplicate with value 0: %s", err);
    r = read_npy(tmp, 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (20000, 20000), }", "", 0,
                 &m, err);
    ok(r != 0 && strstr(err, "truncated data") != NULL, ".npy 20000x20000 without data: %s", err);
    r = read_npy(tmp, 2, "{\"shape\":(1L,1L),\"fortran_order\":True,\"descr\":\">f8\"}\n\n  \n",
                 "\x3f\xf8\0\0\0\0\0\0", 8, &m, err);
    ok(r == 0 && m.n == 1 && mpq_cmp_ui(m.re[0], 3, 2) == 0, ".npy header in another style");
    if (r)
        diag("%s", err);
    ck_matrix_clear(&m);
    r = read_npy(tmp, 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1), 'shape': (1, 1)}",
                 "\0\0\0\0\0\0\0\0", 8, &m, err);
    ok(r != 0 && strstr(err, "repeated") != NULL, ".npy repeated key: %s", err);
    r = read_npy(tmp, 1, "{'descr': '<c16', 'fortran_order': False, 'shape': (1, 1)}",
                 "\0\0\0\0\0\0\0\0\1\0\0\0\0\0\xf0\x7f", 16, &m, err);
    ok(r != 0 && strstr(err, "element [0, 0] (imaginary part) is NaN") != NULL, ".npy NaN: %s", err);
    r = ck_read_matrix(&m, "/nonexistent/m.mtx", 0, err, sizeof err);
    ok(r != 0 && strstr(err, "/nonexistent/m.mtx: cannot open") != NULL, "missing file: %s", err);
    r = ck_read_matrix(&m, srcdir, 0, err, sizeof err);
    ok(r != 0 && strstr(err, srcdir) != NULL, "a directory: %s", err);
    r = ck_read_matrix(&m, "/nonexistent/m.mtx", 0, err, 8);
    ok(r != 0 && strcmp(err, "/nonexi") == 0, "short message buffer");
    /* the messages quote at most 40 characters of a long token */
    r = read_text(tmp, "%%MatrixMarket matrix array real general\n1 1\n"
                  "12345678901234567890123456789012345678901234567890x\n", 0, &m, err);
    ok(r != 0 && strstr(err, "1234567890123456789012345678901234567890'") != NULL, "long token cut: %s",
       err);
}

/* binary64 rounding against strtod: special values and random decimals */
static void
check_rounding(const char *tmp, unsigned long seed)
{
    static const long spec[][4] = {
        /* a 2^b + c 2^d: subnormal midpoints and double-rounding traps */
        {1, -1075, 0, 0}, {3, -1075, 0, 0}, {5, -1075, 0, 0}, {1, -1075, 1, -1200},
        {3, -1075, -1, -1200}, {-1, -1075, -1, -1200}, {-3, -1075, 0, 0}, {1, -1074, 0, 0},
        {1, -1075, 1, -1135}, {7, -1076, 0, 0},
        /* around 2^-1022, the smallest normal */
        {1, -1022, -1, -1076}, {1, -1022, -1, -1075}, {1, -1022, -3, -1075},
        {1, -1022, 1, -1075}, {1, -1022, -1, -1074},
        /* integers, DBL_MAX and just below the overflow threshold */
        {1, 53, 1, 0}, {1, 53, 3, 0}, {1, 1024, -1, 971}, {1, 1024, -1025, 960},
    };
    enum { NS = sizeof spec / sizeof spec[0], N = 20 };
    char *vals[N * N], err[512], *text;
    size_t len = 200, k;
    ck_matrix m;
    mpq_t x, y;
    int r, good = 1;
    mpq_init(x);
    mpq_init(y);
    srand((unsigned) seed);
    for (k = 0; k < NS; k++)
    {
        mpq_set_si(x, spec[k][0], 1);
        mpq_set_si(y, spec[k][2], 1);
        if (spec[k][1] >= 0)
            mpq_mul_2exp(x, x, (mp_bitcnt_t) spec[k][1]);
        else
            mpq_div_2exp(x, x, (mp_bitcnt_t) -spec[k][1]);
        if (spec[k][3] >= 0)
            mpq_mul_2exp(y, y, (mp_bitcnt_t) spec[k][3]);
        else
            mpq_div_2exp(y, y, (mp_bitcnt_t) -spec[k][3]);
        mpq_add(x, x, y);
        vals[k] = qdecimal(x);
    }
    for (; k < N * N; k++)
    {
        char digits[32];
        int nd = 1 + rand() % 25, i;
        for (i = 0; i < nd; i++)
            digits[i] = (char) ('0' + rand() % 10);
        digits[nd] = '\0';
        vals[k] = malloc(64);
        snprintf(vals[k], 64, "%s%c.%se%d", rand() % 2 ? "-" : "", digits[0], digits + 1,
                 rand() % 653 - 345);
    }
    for (k = 0; k < N * N; k++)
        len += strlen(vals[k]) + 1;
    text = malloc(len);
    snprintf(text, len, "%%%%MatrixMarket matrix array real general\n%d %d\n", N, N);
    for (k = 0; k < N * N; k++)
        strcat(strcat(text, vals[k]), "\n");
    r = read_text(tmp, text, 1, &m, err);
    free(text);
    if (ok(r == 0, "rounding test file read"))
        for (k = 0; k < N * N; k++)
        {
            mpq_set_d(x, strtod(vals[k], NULL));
            if (!mpq_equal(x, m.re[(k % N) * N + k / N]))
            {
                diag("%.80s rounded wrongly", vals[k]);
                good = 0;
            }
        }
    else
        diag("%s", err);
    ok(r == 0 && good, "%d entries rounded as strtod does (subnormal midpoints, DBL_MAX, random)", N * N);
    ok(r == 0 && mpq_sgn(m.re[0]) == 0 && mpq_sgn(m.re[3 * N]) > 0,
       "2^-1075 rounds to 0, 2^-1075 + 2^-1200 does not");
    ck_matrix_clear(&m);
    /* the overflow threshold 2^1024 - 2^970 */
    mpq_set_ui(x, 1, 1);
    mpq_mul_2exp(x, x, 54);
    mpz_sub_ui(mpq_numref(x), mpq_numref(x), 1);
    mpq_mul_2exp(x, x, 970);
    text = qdecimal(x);
    one_entry(tmp, "real", text, 1, NULL);
    one_entry(tmp, "real", text, 0, "18014398509481983*2^970");
    free(text);
    for (k = 0; k < N * N; k++)
        free(vals[k]);
    mpq_clear(x);
    mpq_clear(y);
}

/* Every .mtx/.npy of tests/data/bad is refused, naming the file (and, as the
 * producer does, the line given in MANIFEST). */
static void
check_bad(void)
{
    char dir[4096], path[8192], line[512], err[1024], want[300];
    FILE *f;
    DIR *d;
    struct dirent *de;
    ck_matrix m;
    int r;
    snprintf(dir, sizeof dir, "%s/tests/data/bad", srcdir);
    if ((d = opendir(dir)) == NULL)
        bail("cannot list %s", dir);
    while ((de = readdir(d)) != NULL)
    {
        size_t l = strlen(de->d_name);
        long lineno = 0;
        if (l < 4 || (strcmp(de->d_name + l - 4, ".mtx") != 0 && strcmp(de->d_name + l - 4, ".npy") != 0))
            continue;
        snprintf(path, sizeof path, "%s/MANIFEST", dir);
        if ((f = fopen(path, "r")) == NULL)
            bail("cannot open %s", path);
        while (fgets(line, sizeof line, f) != NULL)
            if (strncmp(line, de->d_name, l) == 0 && line[l] == '\t')
                lineno = strtol(line + l + 1, NULL, 10);
        fclose(f);
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        r = ck_read_matrix(&m, path, strncmp(de->d_name, "binary64-", 9) == 0, err, sizeof err);
        if (lineno > 0)
            snprintf(want, sizeof want, "%s:%ld: ", de->d_name, lineno);
        else
            snprintf(want, sizeof want, "%s: ", de->d_name);
        ok(r != 0 && m.n == 0 && m.re == NULL && strstr(err, want) != NULL, "bad/%s refused: %s",
           de->d_name, err);
        if (strncmp(de->d_name, "binary64-", 9) == 0)
        {
            r = ck_read_matrix(&m, path, 0, err, sizeof err);
            ok(r == 0 && m.n == 2 && equals(m.re, 2, "1 18*10^307  1*10^308 4"),
               "bad/%s is fine in exact mode", de->d_name);
            ck_matrix_clear(&m);
        }
    }
    closedir(d);
}

int
main(void)
{
    char dir[4096], tmp[4096];
    DIR *d;
    struct dirent *de;
    size_t k;
    int fd;
    const char *t = getenv("TMPDIR");
    unsigned long seed = tap_seed(20240611UL);
    if (getenv("top_srcdir") != NULL)
        srcdir = getenv("top_srcdir");
    plan_lazy();
    snprintf(tmp, sizeof tmp, "%s/t-ck-readmat-XXXXXX", t != NULL ? t : "/tmp");
    if ((fd = mkstemp(tmp)) < 0)
        bail("mkstemp");
    close(fd);

    /* every file of tests/data/good has an expectation */
    snprintf(dir, sizeof dir, "%s/tests/data/good", srcdir);
    if ((d = opendir(dir)) == NULL)
        bail("cannot list %s", dir);
    while ((de = readdir(d)) != NULL)
    {
        if (de->d_name[0] == '.')
            continue;
        for (k = 0; k < sizeof good_files / sizeof good_files[0] && strcmp(good_files[k].name, de->d_name) != 0; k++)
            ;
        ok(k < sizeof good_files / sizeof good_files[0], "good_files/%s has an expectation", de->d_name);
    }
    closedir(d);
    for (k = 0; k < sizeof good_files / sizeof good_files[0]; k++)
        check_good(&good_files[k]);
    check_twins();
    check_text(tmp);
    check_rounding(tmp, seed);
    check_bad();
    remove(tmp);
    return 0;
}
