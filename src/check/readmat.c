/* kreiss-check's own exact reader for Matrix Market and NumPy .npy files.
 *
 * Deliberately independent of the producer's src/io/; it follows the formats
 * and semantics of docs/input.md (see readmat.h for the limits).  The file is
 * read whole; text lines and tokens are cut in place. */
#include "readmat.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mpfr.h>

#define CK_BANNER "'%%%%MatrixMarket matrix <array|coordinate> <real|integer|complex> " \
                  "<general|symmetric|skew-symmetric|hermitian>'"
#define CK_DTYPES "expected float64 ('<f8', '>f8') or complex128 ('<c16', '>c16')"

typedef struct
{
    const char *path;
    char *err;
    size_t errlen;
    int binary64;
    int npy;         /* messages give byte offsets */
    char *buf;       /* the file, NUL-terminated */
    size_t len, pos; /* pos: the next unread byte (text), or of the .npy header */
    size_t end;      /* the end of the .npy header */
    long line;       /* the number of the last line read */
    size_t budget;   /* what is left of CK_BUDGET_FREE + CK_BUDGET_PER_BYTE * len */
} ck_in;

enum { CK_REAL, CK_INTEGER, CK_COMPLEX };
enum { CK_GENERAL, CK_SYMMETRIC, CK_SKEW, CK_HERMITIAN };
enum { CK_OK, CK_BAD, CK_NANINF, CK_NOTINT, CK_DIGITS, CK_EXP, CK_BUDGET, CK_OVERFLOW, CK_NOMEM };

static const char *const ck_words[4][5] = {
    {"matrix"}, {"array", "coordinate"}, {"real", "integer", "complex"},
    {"general", "symmetric", "skew-symmetric", "hermitian"}};
static const char *const ck_what[4] = {"object", "format", "field", "symmetry"};
static const char *const ck_numerr[] = {
    "", "is not a number: expected a decimal such as -1.25e-3 or a hex float such as 0x1.8p-3",
    "is NaN or infinite: expected a finite number",
    "is not an integer: expected an integer (the banner says field 'integer')",
    "has more than 100000 digits", "has an exponent larger than 1000000 in absolute value",
    "exceeds the budget of the file's numbers (10^7 + 64 per byte, counting digits and exponents)",
    "overflows binary64: its nearest double would be infinite (beyond 1.7976931348623157e308)",
    "does not fit in memory"};

/* Writes "FILE:LINE: ", "FILE: byte N: " or "FILE: " and the message; returns 1. */
static int
ck_fail(ck_in *in, long where, const char *fmt, ...)
{
    va_list ap;
    int r;
    if (in->err == NULL || in->errlen == 0)
        return 1;
    r = snprintf(in->err, in->errlen, in->npy ? "%s: byte %ld: " : where > 0 ? "%s:%ld: " : "%s: ",
                 in->path, where);
    if (r >= 0 && (size_t) r < in->errlen)
    {
        va_start(ap, fmt);
        vsnprintf(in->err + r, in->errlen - (size_t) r, fmt, ap);
        va_end(ap);
    }
    return 1;
}

static int
ck_lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Does s equal (or, if prefix, start with) the lower-case word w, ignoring case? */
static int
ck_ieq(const char *s, const char *w, int prefix)
{
    for (; *w != '\0'; s++, w++)
        if (ck_lower((unsigned char) *s) != *w)
            return 0;
    return prefix || *s == '\0';
}

/* A non-empty string of decimal digits (its value saturated at 10^9), else -1. */
static long
ck_uint(const char *s)
{
    long v = 0;
    if (*s == '\0')
        return -1;
    for (; *s >= '0' && *s <= '9'; s++)
        v = v < 1000000000L ? 10 * v + (*s - '0') : v;
    return *s == '\0' ? v : -1;
}

/* ---------------------------------------------------------------- numbers */

/* x := the double nearest x (ties to even, gradual underflow), or CK_OVERFLOW.
 * Assumes MPFR's exponent range includes [-1074, 1025] (the default does). */
static int
ck_round_binary64(mpq_t x)
{
    mpfr_t f;
    mpz_t q, rem;
    int c, r = CK_OK;
    if (mpq_sgn(x) == 0)
        return CK_OK;
    mpfr_init2(f, 53);
    mpfr_set_q(f, x, MPFR_RNDN); /* |f| in [2^(e-1), 2^e), e = mpfr_get_exp(f) */
    if (mpfr_inf_p(f) || mpfr_get_exp(f) > 1024)
        r = CK_OVERFLOW;
    else if (mpfr_get_exp(f) >= -1021)
        mpq_set_d(x, mpfr_get_d(f, MPFR_RNDN)); /* normal: f is the double */
    else
    {
        /* |x| < 2^-1022: round x 2^1074 to an integer (rounding f again would
         * be a double rounding) */
        mpz_init(q);
        mpz_init(rem);
        mpz_mul_2exp(q, mpq_numref(x), 1074);
        mpz_fdiv_qr(q, rem, q, mpq_denref(x));
        mpz_mul_2exp(rem, rem, 1);
        c = mpz_cmp(rem, mpq_denref(x));
        if (c > 0 || (c == 0 && mpz_odd_p(q)))
            mpz_add_ui(q, q, 1);
        mpq_set_z(x, q);
        mpq_div_2exp(x, x, 1074);
        mpz_clear(q);
        mpz_clear(rem);
    }
    mpfr_clear(f);
    return r;
}

/* x := the whole string s, exactly:
 *   [+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?
 *   [+-]? 0[xX] (hexdigits [. hexdigits?] | . hexdigits) ([pP] [+-]? digits)?
 * (integer: [+-]? digits only); then rounded if binary64.  The limits (and
 * the budget, charged digits + |exponent|) are checked before any big number
 * is built. */
static int
ck_number(const char *s, int integer, int binary64, size_t *budget, mpq_t x)
{
    const char *p = s + (*s == '+' || *s == '-'), *mant;
    int hex, dot = 0, plain = 1;
    long nd = 0, nfrac = 0, ex = 0, ed = 0, e;
    char *buf, *b;
    if (ck_ieq(p, "nan", 0) || ck_ieq(p, "inf", 0) || ck_ieq(p, "infinity", 0) || ck_ieq(p, "nan(", 1))
        return CK_NANINF;
    hex = p[0] == '0' && ck_lower((unsigned char) p[1]) == 'x';
    for (p = mant = p + 2 * hex; *p != '\0'; p++)
        if (*p == '.' && !dot)
            dot = 1;
        else if (*p != '.' && memchr("0123456789abcdef", ck_lower((unsigned char) *p), hex ? 16 : 10))
            nd++, nfrac += dot;
        else
            break;
    if (nd > 0 && ck_lower((unsigned char) *p) == (hex ? 'p' : 'e'))
    {
        plain = 0;
        e = p[1] == '-' ? -1 : 1;
        for (p += 1 + (p[1] == '+' || p[1] == '-'); *p >= '0' && *p <= '9'; p++, ed++)
            ex = ex <= CK_MAX_EXPONENT ? 10 * ex + (*p - '0') : ex;
        if (ed == 0)
            return CK_BAD;
        ex *= e;
    }
    if (nd == 0 || *p != '\0')
        return CK_BAD;
    if (integer && (!plain || dot || hex))
        return CK_NOTINT;
    if (nd > CK_MAX_DIGITS)
        return CK_DIGITS;
    if (ex > CK_MAX_EXPONENT || ex < -CK_MAX_EXPONENT)
        return CK_EXP;
    if ((size_t) (nd + (ex >= 0 ? ex : -ex)) > *budget)
        return CK_BUDGET;
    *budget -= (size_t) (nd + (ex >= 0 ? ex : -ex));
    if ((buf = malloc((size_t) nd + 1)) == NULL)
        return CK_NOMEM;
    for (b = buf; b < buf + nd; mant++)
        if (*mant != '.')
            *b++ = *mant;
    *b = '\0';
    mpz_set_str(mpq_numref(x), buf, hex ? 16 : 10);
    mpz_set_ui(mpq_denref(x), 1);
    free(buf);
    e = ex - (hex ? 4 : 1) * nfrac; /* x = mantissa * (hex ? 2 : 10)^e */
    if (mpq_sgn(x) != 0 && hex)
        (e >= 0 ? mpq_mul_2exp : mpq_div_2exp)(x, x, (mp_bitcnt_t) (e >= 0 ? e : -e));
    else if (mpq_sgn(x) != 0)
    {
        mpz_ui_pow_ui(mpq_denref(x), 10, (unsigned long) (e >= 0 ? e : -e));
        if (e >= 0)
            mpz_mul(mpq_numref(x), mpq_numref(x), mpq_denref(x)), mpz_set_ui(mpq_denref(x), 1);
        mpq_canonicalize(x);
    }
    if (*s == '-')
        mpq_neg(x, x);
    return binary64 ? ck_round_binary64(x) : CK_OK;
}

/* ----------------------------------------------------------------- matrix */

/* One block of n*n (complex: 2 n*n) rationals; im is its second half. */
static int
ck_alloc(ck_in *in, ck_matrix *a, long n, int cplx)
{
    size_t k, nn = (size_t) n * (size_t) n * (size_t) (1 + cplx);
    if (nn > SIZE_MAX / sizeof(mpq_t) || (a->re = malloc(nn * sizeof(mpq_t))) == NULL)
        return ck_fail(in, in->npy ? 0 : in->line, "a %ldx%ld matrix does not fit in memory", n, n);
    for (k = 0; k < nn; k++)
        mpq_init(a->re[k]);
    a->im = cplx ? a->re + nn / 2 : NULL;
    a->n = n;
    a->is_complex = cplx;
    return 0;
}

void
ck_matrix_clear(ck_matrix *m)
{
    size_t k, nn = (size_t) m->n * (size_t) m->n * (m->im != NULL ? 2 : 1);
    for (k = 0; k < nn; k++)
        mpq_clear(m->re[k]);
    free(m->re);
    m->re = m->im = NULL;
    m->n = 0;
    m->is_complex = 0;
}

/* ---------------------------------------------------------- Matrix Market */

typedef struct
{
    int coord, field, sym;
    long *seen; /* coordinate files: the line of the entry at each position, or 0 */
} ck_mm;

static int
ck_blank(int c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* Cuts the next line in place into at most cap blank-separated tokens and
 * returns how many; unless any, skips blank and comment lines.  0 at the end. */
static int
ck_next(ck_in *in, char **tok, int cap, int any)
{
    char *s, *e;
    int k;
    while (in->pos < in->len)
    {
        s = in->buf + in->pos;
        if ((e = memchr(s, '\n', in->len - in->pos)) == NULL)
            e = in->buf + in->len;
        *e = '\0';
        in->pos = (size_t) (e - in->buf) + 1;
        in->line++;
        for (k = 0; k < cap; k++)
        {
            while (ck_blank((unsigned char) *s))
                s++;
            if (*s == '\0')
                break;
            tok[k] = s;
            while (*s != '\0' && !ck_blank((unsigned char) *s))
                s++;
            if (*s != '\0')
                *s++ = '\0';
        }
        if (any || (k > 0 && tok[0][0] != '%'))
            return k;
    }
    return 0;
}

/* One value token into x, with a message on failure. */
static int
ck_value(ck_in *in, const char *tok, const char *what, int field, mpq_t x)
{
    int r = ck_number(tok, field == CK_INTEGER, in->binary64, &in->budget, x);
    return r == CK_OK ? 0 : ck_fail(in, in->line, "%s '%.40s' %s", what, tok, ck_numerr[r]);
}

/* The k tokens of an entry line: a[i][j] (0-based; coordinate files: from
 * the line) and its mirror. */
static int
ck_entry(ck_in *in, const ck_mm *h, ck_matrix *a, char **tok, int k, long i, long j)
{
    int cplx = a->is_complex, need = 2 * h->coord + 1 + cplx, v;
    const char *form = h->coord ? (cplx ? "row column real imag" : "row column value")
                                : (cplx ? "real imag" : "value");
    long n = a->n, ij[2];
    if (k > need)
        return ck_fail(in, in->line, "unexpected '%.40s' after the entry: expected one entry per line, "
                       "of the form '%s'", tok[need], form);
    for (v = 0; v < 2 * h->coord; v++)
        if (v >= k || (ij[v] = ck_uint(tok[v])) < 1 || ij[v] > n)
            return ck_fail(in, in->line, "%s index '%.40s' is not an integer from 1 to %ld: expected '%s'",
                           v ? "column" : "row", v < k ? tok[v] : "", n, form);
    if (h->coord)
    {
        i = ij[0] - 1;
        j = ij[1] - 1;
        if (h->sym != CK_GENERAL && i < j + (h->sym == CK_SKEW))
            return ck_fail(in, in->line, "entry (%ld, %ld) is not in the %slower triangle: a %s file "
                           "stores only row %s column", i + 1, j + 1, h->sym == CK_SKEW ? "strictly " : "",
                           ck_words[3][h->sym], h->sym == CK_SKEW ? ">" : ">=");
        if (h->seen[i * n + j] != 0)
            return ck_fail(in, in->line, "duplicate entry (%ld, %ld): first given on line %ld",
                           i + 1, j + 1, h->seen[i * n + j]);
        h->seen[i * n + j] = in->line;
    }
    if (k < need)
        return ck_fail(in, in->line, "missing %s: expected '%s'", k == need - 1 && cplx ? "imaginary part"
                       : "value", form);
    v = 2 * h->coord;
    if (ck_value(in, tok[v], cplx ? "real part" : "entry", h->field, a->re[i * n + j])
        || (cplx && ck_value(in, tok[v + 1], "imaginary part", h->field, a->im[i * n + j])))
        return 1;
    if (h->sym == CK_HERMITIAN && i == j && mpq_sgn(a->im[i * n + j]) != 0)
        return ck_fail(in, in->line, "diagonal entry (%ld, %ld) has imaginary part %.40s: expected 0, "
                       "a hermitian matrix has a real diagonal", i + 1, j + 1, tok[v + 1]);
    if (h->sym != CK_GENERAL && i != j)
        (h->sym == CK_SKEW ? mpq_neg : mpq_set)(a->re[j * n + i], a->re[i * n + j]);
    if (h->sym != CK_GENERAL && i != j && cplx)
        (h->sym == CK_SYMMETRIC ? mpq_set : mpq_neg)(a->im[j * n + i], a->im[i * n + j]);
    return 0;
}

static int
ck_read_mm(ck_in *in, ck_matrix *a)
{
    char *s, *tok[6];
    const char *size;
    int k, w[4], r = 1;
    long dim[3] = {0, 0, 0}, n, slots, count, got = 0, i, j;
    size_t rem;
    ck_mm h = {0, 0, 0, NULL};
    if ((s = memchr(in->buf, '\0', in->len)) != NULL)
    {
        for (rem = 0; in->buf + rem < s; rem++)
            in->line += in->buf[rem] == '\n';
        return ck_fail(in, in->line + 1, "NUL byte in a text file: expected a Matrix Market file");
    }
    in->pos = in->len >= 3 && memcmp(in->buf, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
    k = ck_next(in, tok, 6, 1);
    if (k == 0 || !ck_ieq(tok[0], "%%matrixmarket", 0))
        return ck_fail(in, 1, "missing Matrix Market banner: expected the first line to be " CK_BANNER);
    if (k != 5)
        return ck_fail(in, 1, "banner of %d words: expected " CK_BANNER, k);
    for (k = 0; k < 4; k++)
        for (w[k] = 0; !ck_ieq(tok[k + 1], ck_words[k][w[k]], 0); w[k]++)
            if (ck_words[k][w[k] + 1] == NULL)
                return ck_fail(in, 1, "unknown %s '%.40s' in the banner: expected " CK_BANNER, ck_what[k],
                               tok[k + 1]);
    h.coord = w[1];
    h.field = w[2];
    if ((h.sym = w[3]) == CK_HERMITIAN && h.field != CK_COMPLEX)
        return ck_fail(in, 1, "a hermitian file must have field 'complex'");

    size = h.coord ? "'rows columns entries' (coordinate format)" : "'rows columns' (array format)";
    k = ck_next(in, tok, 4, 0);
    for (i = 0; i < k && i < 2 + h.coord; i++)
        if ((dim[i] = ck_uint(tok[i])) < 0)
            return ck_fail(in, in->line, "'%.40s' on the size line is not a non-negative integer: "
                           "expected %s", tok[i], size);
    if (k != 2 + h.coord)
        return ck_fail(in, in->line, "%s: expected the size line %s after the banner", k == 0 ? "missing "
                       "size line" : k < 2 + h.coord ? "too few numbers" : "too many fields", size);
    if (dim[0] != dim[1] || dim[0] == 0)
        return ck_fail(in, in->line, "the matrix is %.40sx%.40s: expected a square matrix of order >= 1",
                       tok[0], tok[1]);
    if ((n = dim[0]) > CK_MAX_DIM)
        return ck_fail(in, in->line, "order %.40s exceeds the limit %ld", tok[0], CK_MAX_DIM);
    slots = h.sym == CK_GENERAL ? n * n : h.sym == CK_SKEW ? n * (n - 1) / 2 : n * (n + 1) / 2;
    if ((count = h.coord ? dim[2] : slots) > slots)
        return ck_fail(in, in->line, "%.40s entries declared, but a %ldx%ld %s coordinate matrix stores "
                       "at most %ld", tok[2], n, n, ck_words[3][h.sym], slots);
    /* no huge allocation from a tiny file: an entry line has at least one byte
     * per field, and a sparse file must not be too sparse */
    rem = in->pos < in->len ? in->len - in->pos : 0;
    if ((size_t) count * (size_t) (2 * h.coord + 1 + (h.field == CK_COMPLEX)) > rem + 1)
        return ck_fail(in, in->line, "%ld entries expected, but only %zu bytes follow", count, rem);
    if (n * n > CK_DENSE_FREE && (size_t) (n * n / CK_DENSE_PER_BYTE) > in->len)
        return ck_fail(in, in->line, "a %ldx%ld matrix from a file of %zu bytes: orders above 1024 "
                       "need at least n^2/%d bytes", n, n, in->len, CK_DENSE_PER_BYTE);
    if (h.coord && (h.seen = calloc((size_t) (n * n), sizeof(long))) == NULL)
        return ck_fail(in, in->line, "a %ldx%ld matrix does not fit in memory", n, n);
    if (ck_alloc(in, a, n, h.field == CK_COMPLEX))
        goto done;
    for (j = 0; j < n && !h.coord; j++)
        for (i = h.sym == CK_GENERAL ? 0 : j + (h.sym == CK_SKEW); i < n; i++, got++)
            if ((k = ck_next(in, tok, 6, 0)) == 0 || ck_entry(in, &h, a, tok, k, i, j))
                goto done;
    for (; got < count && h.coord; got++)
        if ((k = ck_next(in, tok, 6, 0)) == 0 || ck_entry(in, &h, a, tok, k, 0, 0))
            goto done;
    if ((k = ck_next(in, tok, 1, 0)) == 0)
        r = 0;
    else
        ck_fail(in, in->line, "unexpected data after the last entry: %ld entr%s expected", count,
                count == 1 ? "y" : "ies");
done:
    if (r && k == 0)
        ck_fail(in, in->line, "the file ends after %ld of the %ld entries%s", got, count, h.coord ? " declared "
                "on the size line" : h.sym ? " (lower triangle, column by column)" : " (column by column)");
    free(h.seen);
    return r;
}

/* ------------------------------------------------------------------- .npy */

static int
ck_at(const ck_in *h)
{
    return h->pos < h->end ? (unsigned char) h->buf[h->pos] : -1;
}

/* Skips blanks; then, if c, requires and skips the character c (1 if absent). */
static int
ck_skip(ck_in *h, int c)
{
    while (ck_at(h) == ' ' || ck_at(h) == '\t' || ck_at(h) == '\n' || ck_at(h) == '\r')
        h->pos++;
    if (c == 0 || ck_at(h) != c)
        return c != 0;
    h->pos++;
    return 0;
}

/* The quoted Python string (no escapes) at h->pos and its length, or NULL. */
static const char *
ck_pystr(ck_in *h, size_t *len)
{
    int q = ck_at(h);
    size_t start = h->pos + 1;
    *len = 0;
    if (q != '\'' && q != '"')
        return NULL;
    for (h->pos = start; ck_at(h) >= 0 && ck_at(h) != q; h->pos++)
        ;
    if (ck_at(h) < 0)
        return NULL;
    *len = h->pos++ - start;
    return h->buf + start;
}

static int
ck_is(const char *s, size_t len, const char *w)
{
    return s != NULL && len == strlen(w) && memcmp(s, w, len) == 0;
}

/* x := the IEEE double in q[0..8), exactly; 1 if NaN, 2 if infinite. */
static int
ck_f64(const unsigned char *q, int big, mpq_t x)
{
    uint64_t u = 0, frac;
    int k, e;
    for (k = 0; k < 8; k++)
        u = u << 8 | q[big ? k : 7 - k];
    e = (int) (u >> 52 & 0x7ff);
    frac = u & (((uint64_t) 1 << 52) - 1);
    if (e == 0x7ff)
        return frac != 0 ? 1 : 2;
    frac |= (uint64_t) (e != 0) << 52;
    e += e == 0; /* x = frac 2^(e - 1075) */
    mpz_import(mpq_numref(x), 1, 1, sizeof frac, 0, 0, &frac);
    mpz_set_ui(mpq_denref(x), 1);
    (e >= 1075 ? mpq_mul_2exp : mpq_div_2exp)(x, x, (mp_bitcnt_t) (e >= 1075 ? e - 1075 : 1075 - e));
    if (u >> 63)
        mpq_neg(x, x);
    return 0;
}

static int
ck_read_npy(ck_in *in, ck_matrix *a)
{
    static const char *const keys[] = {"descr", "fortran_order", "shape"};
    const unsigned char *b = (const unsigned char *) in->buf;
    size_t k, kp, len, hs, shp = 0, shl = 0, nn, need, e, r, c;
    const char *s;
    int ver, cplx = 0, big = 0, fortran = 0, got = 0, ndim = 0, w, bad;
    long dims[2] = {0, 0}, n, v;
    in->npy = 1;
    for (k = 0; k < 6; k++)
        if (k >= in->len || b[k] != (unsigned char) "\x93NUMPY"[k])
            return ck_fail(in, (long) k, k >= in->len ? "truncated .npy file: it ends inside the magic "
                           "string \\x93NUMPY" : "not a NumPy .npy file: expected the magic \\x93NUMPY");
    if (in->len < 12)
        return ck_fail(in, (long) in->len, "truncated .npy file: it ends before the header");
    if ((ver = b[6]) < 1 || ver > 3 || b[7] != 0)
        return ck_fail(in, 6, "unsupported .npy format version %d.%d: expected 1.0, 2.0 or 3.0", b[6], b[7]);
    in->pos = hs = ver == 1 ? 10 : 12;
    len = (size_t) b[8] | (size_t) b[9] << 8 | (ver == 1 ? 0 : (size_t) b[10] << 16 | (size_t) b[11] << 24);
    if (len > 65536)
        return ck_fail(in, 8, "header of %zu bytes: the limit is 65536", len);
    if (in->len - hs < len)
        return ck_fail(in, (long) in->len, "truncated .npy file: the header should have %zu bytes, "
                       "the file ends after %zu of them", len, in->len - hs);
    in->end = hs + len;
    if (ck_skip(in, '{'))
        goto malformed;
    while (ck_skip(in, '}'))
    {
        kp = in->pos;
        s = ck_pystr(in, &len);
        for (w = 0; w < 3 && !ck_is(s, len, keys[w]); w++)
            ;
        if (s != NULL && (w == 3 || (got & 1 << w)))
            return ck_fail(in, (long) kp, "malformed .npy header: %s key '%.*s': expected the keys "
                           "'descr', 'fortran_order' and 'shape', once each", w == 3 ? "unexpected"
                           : "repeated", (int) (len > 20 ? 20 : len), s);
        if (s == NULL || ck_skip(in, ':'))
            goto malformed;
        got |= 1 << w;
        ck_skip(in, 0);
        kp = in->pos;
        if (w == 0 && ck_at(in) == '[')
            return ck_fail(in, (long) kp, "unsupported structured dtype: " CK_DTYPES);
        else if (w == 0)
        {
            s = ck_pystr(in, &len);
            if (!ck_is(s, len, "<f8") && !ck_is(s, len, ">f8") && !ck_is(s, len, "<c16")
                && !ck_is(s, len, ">c16"))
                return ck_fail(in, (long) kp, "unsupported dtype '%.*s': " CK_DTYPES,
                               (int) (len > 20 ? 20 : len), s != NULL ? s : "");
            big = s[0] == '>';
            cplx = s[1] == 'c';
        }
        else if (w == 1 && in->end - in->pos >= 4 && memcmp(b + in->pos, "True", 4) == 0)
            fortran = 1, in->pos += 4;
        else if (w == 1 && in->end - in->pos >= 5 && memcmp(b + in->pos, "False", 5) == 0)
            fortran = 0, in->pos += 5;
        else if (w == 1 || ck_skip(in, '('))
            goto malformed;
        else
        {
            for (shp = kp; ck_skip(in, ')'); ndim++)
            {
                if (ck_at(in) < '0' || ck_at(in) > '9')
                    goto malformed;
                for (v = 0; ck_at(in) >= '0' && ck_at(in) <= '9'; in->pos++)
                    v = v < 1000000000L ? 10 * v + (ck_at(in) - '0') : v;
                in->pos += ck_at(in) == 'L';
                dims[ndim < 2 ? ndim : 0] = v;
                if (ck_skip(in, ',') && ck_at(in) != ')')
                    goto malformed;
            }
            shl = in->pos - shp;
        }
        if (ck_skip(in, ',') && ck_at(in) != '}')
            goto malformed;
    }
    for (w = 0; w < 3; w++)
        if (!(got & 1 << w))
            return ck_fail(in, (long) hs, "malformed .npy header: the dict lacks the key '%s'", keys[w]);
    ck_skip(in, 0);
    if (in->pos != in->end)
        goto malformed;
    if (ndim != 2 || dims[0] != dims[1] || (n = dims[0]) < 1 || n > CK_MAX_DIM)
        return ck_fail(in, (long) shp, "array of shape %.*s: expected a square 2-D array of shape "
                       "(n, n), 1 <= n <= %ld", (int) (shl > 60 ? 60 : shl), (const char *) b + shp,
                       CK_MAX_DIM);
    nn = (size_t) n * (size_t) n;
    need = nn <= SIZE_MAX / 16 ? nn * (cplx ? 16 : 8) : SIZE_MAX;
    if (in->len - in->end < need)
        return ck_fail(in, (long) in->len, "truncated data: a %ldx%ld %s array needs %zu bytes of "
                       "data, the file has %zu", n, n, cplx ? "complex128" : "float64", need,
                       in->len - in->end);
    if (in->len - in->end > need)
        return ck_fail(in, (long) (in->end + need), "trailing data after the %zu bytes of the array", need);
    if (ck_alloc(in, a, n, cplx))
        return 1;
    for (k = 0; k < nn * (size_t) (1 + cplx); k++)
    {
        e = k / (size_t) (1 + cplx); /* the element, in file order */
        r = fortran ? e % (size_t) n : e / (size_t) n;
        c = fortran ? e / (size_t) n : e % (size_t) n;
        if ((bad = ck_f64(b + in->end + 8 * k, big, (k % 2 && cplx ? a->im : a->re)[r * (size_t) n + c])))
            return ck_fail(in, (long) (in->end + 8 * k), "element [%zu, %zu]%s is %s: expected finite "
                           "numbers", r, c, !cplx ? "" : k % 2 ? " (imaginary part)" : " (real part)",
                           bad == 1 ? "NaN" : "infinite");
    }
    return 0;
malformed:
    return ck_fail(in, (long) in->pos, "malformed .npy header: expected a Python dict "
                   "{'descr': '<f8', 'fortran_order': False, 'shape': (n, n)}");
}

/* ------------------------------------------------------------------ entry */

int
ck_read_matrix(ck_matrix *m, const char *path, int binary64, char *err, size_t errlen)
{
    ck_in in = {path, err, errlen, binary64, 0, NULL, 0, 0, 0, 0, 0};
    ck_matrix a = {0, 0, NULL, NULL};
    FILE *f = fopen(path, "rb");
    size_t cap = 0, got = 1;
    char *p;
    int r = f == NULL ? ck_fail(&in, 0, "cannot open: %s", strerror(errno)) : 0;
    if (err != NULL && errlen > 0 && !r)
        err[0] = '\0';
    while (!r && got > 0)
    {
        if (cap - in.len < 2)
        {
            p = cap <= SIZE_MAX / 4 ? realloc(in.buf, cap > 0 ? 2 * cap : 65536) : NULL;
            if (p == NULL)
                r = ck_fail(&in, 0, "the file does not fit in memory");
            in.buf = p != NULL ? p : in.buf;
            cap = cap > 0 ? 2 * cap : 65536;
        }
        else if ((got = fread(in.buf + in.len, 1, cap - in.len - 1, f)) > 0)
            in.len += got;
        else if (ferror(f))
            r = ck_fail(&in, 0, "cannot read: %s", strerror(errno));
    }
    if (f != NULL)
        fclose(f);
    if (!r && in.len == 0)
        r = ck_fail(&in, 0, "empty file: expected a Matrix Market banner or NumPy .npy data");
    if (!r)
    {
        in.buf[in.len] = '\0';
        in.budget = in.len < SIZE_MAX / 128 ? CK_BUDGET_FREE + CK_BUDGET_PER_BYTE * in.len : SIZE_MAX;
        r = (unsigned char) in.buf[0] == 0x93 ? ck_read_npy(&in, &a) : ck_read_mm(&in, &a);
    }
    free(in.buf);
    if (r)
        ck_matrix_clear(&a);
    *m = a;
    return r;
}
