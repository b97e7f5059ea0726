/* kreiss-check: the independent checker of kreiss certificates
 * (certs/FORMAT.md).
 *
 * Trusted base: this file, pd.c (its own PD test), combine.c (the
 * combination logic, ACSL contracts proved by WP), readmat.c (its own
 * Matrix Market / .npy reader for --matrix), and GMP, MPFR, MPFI, libm.
 * Nothing of the producer's code is used.
 *
 * Every record is verified as soon as it is read (records refer only to
 * earlier ones), then every claim.  Scalar conditions are decided in exact
 * rational arithmetic (GMP); vector norms, logarithms and square roots in
 * MPFI interval arithmetic; PD conditions by pd.c.
 *
 * Exit status: 0 verified, 1 rejected, 2 malformed input or I/O error. */
#include <errno.h>
#include <fenv.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gmp.h>
#include <mpfr.h>
#include <mpfi.h>

#include "check/combine.h"
#include "check/pd.h"
#include "check/readmat.h"

#define CK_VERSION "1"
#define CK_PREC 256            /* MPFI precision of the scalar evaluations */
#define CK_MAX_LINE (1L << 26)
#define CK_MAX_EXP 1000000L
#define CK_MAX_DIGITS 100000L
#define CK_MAX_N 50000L
#define CK_NUM_BUDGET_BASE 10000000ULL
#define CK_NUM_BUDGET_PER_BYTE 64ULL
#define CK_MAX_PREC_HINT 4096  /* a hint beyond the producer's default cap is clamped */
#define CK_MAX_POWER_T 10000000L           /* power records: steps */
#define CK_MAX_POWER_FLOPS 4.0e11          /* power_upper: T N^3 (binary64) */
#define CK_MAX_POWER_VEC_OPS 2.0e8         /* power_vec: t N^2 (MPFI) */
#define CK_MAX_POWER_GRAM 1.0e10           /* power_upper: (gram lines) N^3 */
#define CK_MAX_CONTRACTION_N 64            /* contraction: exact rational test */

enum
{
    K_GRAM_LE = 1, K_GRAM_GE, K_NORM_VEC, K_SMIN_VEC, K_NULL_VEC, K_SYM_LE, K_SYM_GE,
    K_RAYLEIGH, K_STEIN_LT, K_STEIN_GT, K_KYP, K_NORM_CIRCLE, K_ARCS, K_CIRCLE,
    K_POINT, K_SEGMENT, K_TAIL, K_POWER_VEC, K_POWER_UPPER, K_CONTRACTION
};

static const char *const kind_names[] = {
    "", "gram_le", "gram_ge", "norm_vec", "smin_vec", "null_vec", "sym_le", "sym_ge",
    "rayleigh", "stein_lt", "stein_gt", "kyp", "norm_circle", "arcs", "circle",
    "point", "segment", "tail", "power_vec", "power_upper", "contraction", NULL};

/* One verified record: what the claims need of it. */
typedef struct
{
    long id, line;
    int kind;
    mpq_t t, r, zre, zim, U, bound;
    long ref;             /* circle: the certificate; segment: circle a */
    long ref2;            /* segment: circle b */
    long T;               /* power_vec: the power t; power_upper: T */
    mpfr_t lo, hi;        /* vector records: the ratio's enclosure */
    int inf;              /* point: (zI - R) v = 0 */
} rec;


typedef struct
{
    /* input */
    const char *path;
    FILE *f;
    char *buf;
    size_t cap;
    long line;
    /* the matrix */
    long n, N;
    long input_line;      /* the line of the 'input' record */
    int cplx, binary64;
    mpq_t *mre, *mim;     /* n*n */
    long nm;              /* entries of mre (and mim) initialised so far */
    mpq_t *R;             /* N*N real form */
    ck_mat *Rm;
    int herm;             /* -1 unknown, 0/1 */
    /* records */
    rec *recs;
    long nrec, alloc;
    /* resource budget of the numbers: digits plus |exponent| over the file,
     * at most CK_NUM_BUDGET_BASE + CK_NUM_BUDGET_PER_BYTE per byte read */
    unsigned long long bytes, spent;
    /* verdict */
    int rejected;
    char why[1024];
    char **vout;
    long nv;
} ck;

/* ------------------------------------------------------------ state */

static void
free_qvec(mpq_t *v, long len)
{
    long i;
    if (v == NULL)
        return;
    for (i = 0; i < len; i++)
        mpq_clear(v[i]);
    free(v);
}

/* Free everything the checker's state holds (the input file, the line
 * buffer, the matrix, the records, the v lines) and MPFR's caches; safe on
 * a state built only partly.  Called on every way out once the certificate
 * is open: main's returns and die_malformed. */
static void
ck_free(ck *c)
{
    long i;
    if (c->f != NULL && c->f != stdin)
        fclose(c->f);
    free(c->buf);
    free_qvec(c->mre, c->nm);
    free_qvec(c->mim, c->mim != NULL ? c->nm : 0);
    free_qvec(c->R, c->R != NULL ? c->N * c->N : 0);
    ck_mat_free(c->Rm);
    for (i = 0; i < c->nrec; i++)
    {
        rec *r = c->recs + i;
        mpq_clear(r->t);
        mpq_clear(r->r);
        mpq_clear(r->zre);
        mpq_clear(r->zim);
        mpq_clear(r->U);
        mpq_clear(r->bound);
        mpfr_clear(r->lo);
        mpfr_clear(r->hi);
    }
    free(c->recs);
    for (i = 0; i < c->nv; i++)
        free(c->vout[i]);
    free(c->vout);
    memset(c, 0, sizeof *c);
    mpfr_free_cache();
}

/* ------------------------------------------------------------ errors */

static void
die_malformed(ck *c, const char *fmt, ...) __attribute__((format(printf, 2, 3), noreturn));

/* Malformed input: the message, then exit 2 from wherever the parse is.
 * The state is freed here (ck_free); the temporaries of the functions
 * still on the stack (a token array, a vector being read, a few mpq_t) are
 * not, but they are still referenced from those live frames when exit()
 * runs, so LeakSanitizer and valgrind count them as reachable, not leaked.
 * Unwinding to main instead (longjmp, or an error return through every
 * parser) would lose those references or touch every function. */
static void
die_malformed(ck *c, const char *fmt, ...)
{
    va_list ap;
    printf("s NOT VERIFIED\n");
    fprintf(stderr, "kreiss-check: %s:%ld: ", c->path, c->line);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    ck_free(c);
    exit(2);
}

/* A verification failure: remember the first, keep parsing. */
static void
reject(ck *c, long line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void
reject(ck *c, long line, const char *fmt, ...)
{
    va_list ap;
    size_t k;
    if (c->rejected)
        return;
    c->rejected = 1;
    k = (size_t) snprintf(c->why, sizeof c->why, "line %ld: ", line);
    va_start(ap, fmt);
    vsnprintf(c->why + k, sizeof c->why - k, fmt, ap);
    va_end(ap);
}

static void *
xmalloc(ck *c, size_t n)
{
    void *p = malloc(n ? n : 1);
    if (p == NULL)
        die_malformed(c, "out of memory");
    return p;
}

/* ------------------------------------------------------------ lines */

/* Read the next line into c->buf (without '\n'); 0 at end of file. */
static int
read_line(ck *c)
{
    size_t len = 0;
    int ch;
    for (;;)
    {
        ch = getc(c->f);
        if (ch == EOF)
        {
            if (ferror(c->f))
                die_malformed(c, "read error: %s", strerror(errno));
            if (len == 0)
                return 0;
            die_malformed(c, "the last line has no newline (truncated file?)");
        }
        if (ch == '\n')
            break;
        if (ch == '\r' || ch == '\0' || ch == '\t' || (ch < 32) || ch > 126)
        {
            c->line++;
            die_malformed(c, "unexpected byte 0x%02x (printable ASCII and spaces only)", ch);
        }
        if (len + 2 > c->cap)
        {
            size_t nc = c->cap ? 2 * c->cap : 4096;
            char *nb;
            if ((long) nc > CK_MAX_LINE + 2)
                nc = (size_t) CK_MAX_LINE + 2;
            if (len + 2 > nc)
            {
                c->line++;
                die_malformed(c, "line longer than %ld bytes", CK_MAX_LINE);
            }
            nb = realloc(c->buf, nc);
            if (nb == NULL)
                die_malformed(c, "out of memory");
            c->buf = nb;
            c->cap = nc;
        }
        c->buf[len++] = (char) ch;
    }
    c->bytes += len + 1;
    if (c->buf == NULL)
    {
        c->buf = xmalloc(c, 16);
        c->cap = 16;
    }
    c->buf[len] = '\0';
    c->line++;
    return 1;
}

static int
is_comment_or_blank(const char *s)
{
    const char *p = s;
    while (*p == ' ')
        p++;
    return *p == '\0' || (s[0] == 'c' && (s[1] == ' ' || s[1] == '\0'));
}

/* The next record line (comments and blank lines skipped); 0 at EOF. */
static int
next_record_line(ck *c)
{
    while (read_line(c))
        if (!is_comment_or_blank(c->buf))
            return 1;
    return 0;
}

/* Split c->buf into tokens (in place). */
static long
tokens(ck *c, char ***tok)
{
    static const long max0 = 64;
    long n = 0, cap = max0;
    char *p = c->buf, **t = xmalloc(c, sizeof(char *) * (size_t) cap);
    for (;;)
    {
        while (*p == ' ')
            p++;
        if (*p == '\0')
            break;
        if (n == cap)
        {
            char **nt = realloc(t, sizeof(char *) * (size_t) (2 * cap));
            if (nt == NULL)
                die_malformed(c, "out of memory");
            t = nt;
            cap *= 2;
        }
        t[n++] = p;
        while (*p != ' ' && *p != '\0')
            p++;
        if (*p == ' ')
            *p++ = '\0';
    }
    *tok = t;
    return n;
}

/* ------------------------------------------------------------ numbers */

static int
all_digits(const char *s, size_t n)
{
    size_t i;
    if (n == 0)
        return 0;
    for (i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

/* Parse a signed decimal exponent of at most 7 digits. */
static int
parse_exp(const char *s, long *e)
{
    int neg = 0;
    size_t n;
    if (*s == '-' || *s == '+')
        neg = *s++ == '-';
    n = strlen(s);
    if (!all_digits(s, n) || n > 7)
        return 0;
    *e = strtol(s, NULL, 10);
    if (*e > CK_MAX_EXP)
        return 0;
    if (neg)
        *e = -*e;
    return 1;
}

/* num := sign? (decimal | ratio | binary | inf).  Returns 1 ok (inf: *isinf
 * = 1, out untouched), 0 malformed. */
static int
parse_num(mpq_t out, const char *s, int *isinf, unsigned long long *cost)
{
    int neg = 0;
    const char *p;
    size_t len;
    mpz_t m, d;
    *isinf = 0;
    if (*s == '-' || *s == '+')
        neg = *s++ == '-';
    if (strcmp(s, "inf") == 0)
    {
        *isinf = neg ? -1 : 1;
        return 1;
    }
    len = strlen(s);
    *cost = len;
    if (len == 0 || len > (size_t) 2 * CK_MAX_DIGITS + 20)
        return 0;
    mpz_init(m);
    mpz_init(d);
    if ((p = strchr(s, '/')) != NULL)
    {
        if (!all_digits(s, (size_t) (p - s)) || !all_digits(p + 1, strlen(p + 1)))
            goto bad;
        {
            char *a = strndup(s, (size_t) (p - s));
            if (a == NULL)
                goto bad;
            mpz_set_str(m, a, 10);
            free(a);
        }
        mpz_set_str(d, p + 1, 10);
        if (mpz_sgn(d) == 0)
            goto bad;
        mpq_set_num(out, m);
        mpq_set_den(out, d);
        mpq_canonicalize(out);
    }
    else if ((p = strchr(s, 'p')) != NULL)
    {
        long e;
        char *a;
        if (!all_digits(s, (size_t) (p - s)) || !parse_exp(p + 1, &e))
            goto bad;
        *cost = len + (unsigned long long) (e < 0 ? -e : e) / 3;
        a = strndup(s, (size_t) (p - s));
        if (a == NULL)
            goto bad;
        mpz_set_str(m, a, 10);
        free(a);
        mpq_set_z(out, m);
        if (e >= 0)
            mpq_mul_2exp(out, out, (mp_bitcnt_t) e);
        else
            mpq_div_2exp(out, out, (mp_bitcnt_t) -e);
    }
    else
    {
        /* digits ( . digits )? ( e sign? digits )? */
        const char *dot = strchr(s, '.'), *ex = strpbrk(s, "eE");
        size_t ilen = (size_t) ((dot ? dot : ex ? ex : s + len) - s), flen = 0;
        long e = 0;
        char *digs;
        if (!all_digits(s, ilen))
            goto bad;
        if (dot != NULL)
        {
            flen = (size_t) ((ex ? ex : s + len) - dot - 1);
            if ((ex != NULL && ex < dot) || !all_digits(dot + 1, flen))
                goto bad;
        }
        if (ex != NULL && !parse_exp(ex + 1, &e))
            goto bad;
        *cost = len + (unsigned long long) (e < 0 ? -e : e);
        digs = malloc(ilen + flen + 1);
        if (digs == NULL)
            goto bad;
        memcpy(digs, s, ilen);
        if (flen)
            memcpy(digs + ilen, dot + 1, flen);
        digs[ilen + flen] = '\0';
        mpz_set_str(m, digs, 10);
        free(digs);
        e -= (long) flen;
        mpz_ui_pow_ui(d, 10, (unsigned long) (e < 0 ? -e : e));
        if (e >= 0)
        {
            mpz_mul(m, m, d);
            mpq_set_z(out, m);
        }
        else
        {
            mpq_set_num(out, m);
            mpq_set_den(out, d);
            mpq_canonicalize(out);
        }
    }
    if (neg)
        mpq_neg(out, out);
    mpz_clear(m);
    mpz_clear(d);
    return 1;
bad:
    mpz_clear(m);
    mpz_clear(d);
    return 0;
}

/* parse_num under the file's budget */
static int
budget_num(ck *c, mpq_t out, const char *s, int *isinf)
{
    unsigned long long cost = 0;
    int ok;
    /* the cost is known before the expensive part only roughly: check the
     * token's own size first, then the exponent after parsing it */
    if (c->spent + strlen(s) > CK_NUM_BUDGET_BASE + CK_NUM_BUDGET_PER_BYTE * c->bytes)
        die_malformed(c, "the numbers exceed the size budget (digits and exponents of %llu per byte)",
                      CK_NUM_BUDGET_PER_BYTE);
    ok = parse_num(out, s, isinf, &cost);
    c->spent += cost;
    if (c->spent > CK_NUM_BUDGET_BASE + CK_NUM_BUDGET_PER_BYTE * c->bytes)
        die_malformed(c, "the numbers exceed the size budget (digits and exponents of %llu per byte)",
                      CK_NUM_BUDGET_PER_BYTE);
    return ok;
}

static void
num(ck *c, mpq_t out, const char *s, const char *what)
{
    int inf;
    if (!budget_num(c, out, s, &inf) || inf)
        die_malformed(c, "%s: expected a finite exact number, got '%.40s'", what, s);
}

/* "key=value": the value, or die. */
static const char *
field(ck *c, char **tok, long ntok, long i, const char *key)
{
    size_t k = strlen(key);
    if (i >= ntok || strncmp(tok[i], key, k) != 0 || tok[i][k] != '=')
        die_malformed(c, "expected field '%s=' as token %ld", key, i + 1);
    return tok[i] + k + 1;
}

static long
field_long(ck *c, char **tok, long ntok, long i, const char *key, long lo, long hi)
{
    const char *v = field(c, tok, ntok, i, key);
    size_t n = strlen(v);
    long x;
    if (!all_digits(v, n) || n > 9 || (x = strtol(v, NULL, 10)) < lo || x > hi)
        die_malformed(c, "field '%s': expected an integer in [%ld, %ld], got '%.40s'", key, lo, hi, v);
    return x;
}

/* A precision hint: at least 53; hints beyond CK_MAX_PREC_HINT are clamped
 * (a hint never makes a claim true, and a hostile one must not buy hours of
 * MPFI work). */
static long
field_prec(ck *c, char **tok, long ntok, long i, const char *key)
{
    long p = field_long(c, tok, ntok, i, key, 53, 1 << 20);
    return p > CK_MAX_PREC_HINT ? CK_MAX_PREC_HINT : p;
}

static void
field_num(ck *c, mpq_t out, char **tok, long ntok, long i, const char *key)
{
    num(c, out, field(c, tok, ntok, i, key), key);
}

/* z=<re>,<im> */
static void
field_z(ck *c, mpq_t re, mpq_t im, char **tok, long ntok, long i)
{
    const char *v = field(c, tok, ntok, i, "z");
    const char *comma = strchr(v, ',');
    char *a;
    if (comma == NULL)
        die_malformed(c, "field 'z': expected <re>,<im>");
    a = strndup(v, (size_t) (comma - v));
    if (a == NULL)
        die_malformed(c, "out of memory");
    num(c, re, a, "z (real part)");
    free(a);
    num(c, im, comma + 1, "z (imaginary part)");
}

/* ------------------------------------------------------------ records */

static long
find_rec(ck *c, const char *s, int kind1, int kind2, int kind3, const char *what)
{
    size_t n = strlen(s);
    long id, lo = 0, hi = c->nrec - 1;
    if (!all_digits(s, n) || n > 12)
        die_malformed(c, "%s: expected a record id, got '%.40s'", what, s);
    id = strtol(s, NULL, 10);
    while (lo <= hi)
    {
        long mid = (lo + hi) / 2;
        if (c->recs[mid].id == id)
        {
            int k = c->recs[mid].kind;
            if (kind1 >= 0 && k != kind1 && k != kind2 && k != kind3)
                die_malformed(c, "%s: record %ld is a '%s', not the kind expected", what, id,
                              kind_names[k]);
            return mid;
        }
        if (c->recs[mid].id < id)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    die_malformed(c, "%s: no earlier record with id %ld", what, id);
}

static rec *
new_rec(ck *c, int kind, const char *idtok)
{
    rec *r;
    size_t n = strlen(idtok);
    long id;
    if (!all_digits(idtok, n) || n > 12 || (id = strtol(idtok, NULL, 10)) <= 0)
        die_malformed(c, "expected a positive record id after '%s'", kind_names[kind]);
    if (c->nrec > 0 && id <= c->recs[c->nrec - 1].id)
        die_malformed(c, "record ids must increase (%ld after %ld)", id, c->recs[c->nrec - 1].id);
    if (c->nrec == c->alloc)
    {
        long na = c->alloc ? 2 * c->alloc : 64;
        rec *nr = realloc(c->recs, sizeof(rec) * (size_t) na);
        if (nr == NULL)
            die_malformed(c, "out of memory");
        c->recs = nr;
        c->alloc = na;
    }
    r = c->recs + c->nrec++;
    memset(r, 0, sizeof *r);
    r->id = id;
    r->kind = kind;
    r->line = c->line;
    mpq_init(r->t);
    mpq_init(r->r);
    mpq_init(r->zre);
    mpq_init(r->zim);
    mpq_init(r->U);
    mpq_init(r->bound);
    mpfr_init2(r->lo, CK_PREC);
    mpfr_init2(r->hi, CK_PREC);
    mpfr_set_zero(r->lo, 1);
    mpfr_set_inf(r->hi, 1);
    return r;
}

/* A data line "vec x_1 ... x_len" (exact numbers). */
static mpq_t *
read_vec(ck *c, long len)
{
    char **tok;
    long nt, i;
    mpq_t *v;
    if (!read_line(c))
        die_malformed(c, "expected a 'vec' line, found the end of the file");
    nt = tokens(c, &tok);
    if (nt != len + 1 || strcmp(tok[0], "vec") != 0)
        die_malformed(c, "expected 'vec' and %ld numbers, got %ld tokens", len, nt);
    v = xmalloc(c, sizeof(mpq_t) * (size_t) len);
    for (i = 0; i < len; i++)
    {
        mpq_init(v[i]);
        num(c, v[i], tok[i + 1], "vector entry");
    }
    free(tok);
    return v;
}

/* Data lines of a symmetric matrix of order d (lower triangle).  Entries
 * must be binary numbers; with b64, binary64 numbers. */
/* A binary number token: sign? digits ("p" sign? digits)? (FORMAT.md §1). */
static int
binary_token(const char *s)
{
    const char *p;
    if (*s == '-' || *s == '+')
        s++;
    p = strchr(s, 'p');
    if (p == NULL)
        return all_digits(s, strlen(s));
    if (p[1] == '-' || p[1] == '+')
        return all_digits(s, (size_t) (p - s)) && all_digits(p + 2, strlen(p + 2));
    return all_digits(s, (size_t) (p - s)) && all_digits(p + 1, strlen(p + 1));
}

static int exact_b64(const mpq_t q);

/* b64: the entries must be binary64 numbers (the record's prec is 53). */
static ck_mat *
read_sym(ck *c, long d, mpq_t **keep, int b64)
{
    mpq_t *a;
    ck_mat *m;
    long i, j;
    if (d <= 0 || d > CK_MAX_N)
        die_malformed(c, "bad matrix order %ld", d);
    a = xmalloc(c, sizeof(mpq_t) * (size_t) d * (size_t) d);
    for (i = 0; i < d * d; i++)
        mpq_init(a[i]);
    for (i = 0; i < d; i++)
    {
        char **tok;
        long nt;
        if (!read_line(c))
            die_malformed(c, "expected row %ld of a symmetric matrix, found the end of the file", i + 1);
        nt = tokens(c, &tok);
        if (nt != i + 2 || strcmp(tok[0], "row") != 0)
            die_malformed(c, "expected 'row' and %ld numbers (row %ld of the lower triangle)", i + 1, i + 1);
        for (j = 0; j <= i; j++)
        {
            if (!binary_token(tok[j + 1]))
                die_malformed(c, "witness matrix entries must be binary numbers (m p e), got '%.40s'",
                              tok[j + 1]);
            num(c, a[i * d + j], tok[j + 1], "matrix entry");
            if (b64 && !exact_b64(a[i * d + j]))
                die_malformed(c, "with prec=53 the witness entries must be binary64 numbers, got '%.40s'",
                              tok[j + 1]);
            mpq_set(a[j * d + i], a[i * d + j]);
        }
        free(tok);
    }
    m = ck_mat_new(d, (const mpq_t *) a);
    if (keep != NULL)
        *keep = a;
    else
        free_qvec(a, d * d);
    if (m == NULL)
        die_malformed(c, "out of memory (matrix of order %ld)", d);
    return m;
}

/* ------------------------------------------------------------ matrices */

/* A := real form of zI - M (order *L), exact. */
static mpq_t *
shifted(ck *c, const mpq_t zre, const mpq_t zim, long *L)
{
    long n = c->n, i, j, N;
    int cx = c->cplx || mpq_sgn(zim) != 0;
    mpq_t *A;
    N = cx ? 2 * n : n;
    A = xmalloc(c, sizeof(mpq_t) * (size_t) N * (size_t) N);
    for (i = 0; i < N * N; i++)
        mpq_init(A[i]);
    for (i = 0; i < n; i++)
        for (j = 0; j < n; j++)
        {
            mpq_t re, im;
            mpq_init(re);
            mpq_init(im);
            mpq_neg(re, c->mre[i * n + j]);
            if (c->cplx)
                mpq_neg(im, c->mim[i * n + j]);
            if (i == j)
            {
                mpq_add(re, re, zre);
                mpq_add(im, im, zim);
            }
            mpq_set(A[i * N + j], re);
            if (cx)
            {
                mpq_set(A[(i + n) * N + j + n], re);
                mpq_set(A[(i + n) * N + j], im);
                mpq_neg(A[i * N + j + n], im);
            }
            mpq_clear(re);
            mpq_clear(im);
        }
    *L = N;
    return A;
}

static int
hermitian(ck *c)
{
    long i, j, n = c->n;
    if (c->herm >= 0)
        return c->herm;
    c->herm = 1;
    for (i = 0; i < n && c->herm; i++)
        for (j = 0; j <= i && c->herm; j++)
        {
            if (!mpq_equal(c->mre[i * n + j], c->mre[j * n + i]))
                c->herm = 0;
            if (c->cplx)
            {
                mpq_t t;
                mpq_init(t);
                mpq_neg(t, c->mim[j * n + i]);
                if (!mpq_equal(c->mim[i * n + j], t))
                    c->herm = 0;
                mpq_clear(t);
            }
        }
    return c->herm;
}

/* out := enclosure of ||w||^2 for w = A v (A L×L exact, v exact), and
 * vv := ||v||^2.  When vim != NULL, w = (zI - A)(v + i vim) with z
 * = zre + i zim: ||w||^2 of the complex vector, vv = ||v||^2 + ||vim||^2. */
static void
norms2(mpfi_t out, mpfi_t vv, const mpq_t *A, long L, mpq_t *v, mpq_t *vim,
       const mpq_t zre, const mpq_t zim)
{
    long i, j;
    mpfi_t s, si, p, q;
    mpfi_init2(s, CK_PREC);
    mpfi_init2(si, CK_PREC);
    mpfi_init2(p, CK_PREC);
    mpfi_init2(q, CK_PREC);
    mpfi_set_ui(out, 0);
    mpfi_set_ui(vv, 0);
    for (i = 0; i < L; i++)
    {
        mpfi_set_ui(s, 0);
        mpfi_set_ui(si, 0);
        for (j = 0; j < L; j++)
        {
            if (mpq_sgn(A[i * L + j]) == 0)
                continue;
            mpfi_set_q(p, A[i * L + j]);
            mpfi_mul_q(q, p, v[j]);
            mpfi_add(s, s, q);
            if (vim != NULL)
            {
                mpfi_mul_q(q, p, vim[j]);
                mpfi_add(si, si, q);
            }
        }
        if (vim != NULL)
        {
            /* (z v - A v)_i: re = zre v - zim vim - s, im = zre vim + zim v - si */
            mpfi_neg(s, s);
            mpfi_neg(si, si);
            mpfi_set_q(p, v[i]);
            mpfi_mul_q(q, p, zre);
            mpfi_add(s, s, q);
            mpfi_mul_q(q, p, zim);
            mpfi_add(si, si, q);
            mpfi_set_q(p, vim[i]);
            mpfi_mul_q(q, p, zim);
            mpfi_sub(s, s, q);
            mpfi_mul_q(q, p, zre);
            mpfi_add(si, si, q);
            mpfi_sqr(q, si);
            mpfi_add(out, out, q);
            mpfi_sqr(q, p);
            mpfi_add(vv, vv, q);
        }
        mpfi_sqr(q, s);
        mpfi_add(out, out, q);
        mpfi_set_q(p, v[i]);
        mpfi_sqr(q, p);
        mpfi_add(vv, vv, q);
    }
    mpfi_clear(s);
    mpfi_clear(si);
    mpfi_clear(p);
    mpfi_clear(q);
}

/* r->lo, r->hi := enclosure of sqrt(num / den) (num, den >= 0). */
static void
ratio(rec *r, mpfi_t nm, mpfi_t den)
{
    mpfi_t q;
    mpfi_init2(q, CK_PREC);
    if (mpfr_sgn(&nm->left) < 0)
        mpfr_set_zero(&nm->left, 1);
    if (mpfr_sgn(&den->left) <= 0)
    {
        /* a zero denominator: only the lower end is usable */
        mpfr_set_zero(r->lo, 1);
        if (mpfr_sgn(&nm->left) > 0 && mpfr_sgn(&den->right) == 0)
        {
            mpfr_set_inf(r->lo, 1);
            r->inf = 1;
        }
        else if (mpfr_sgn(&nm->left) > 0)
        {
            mpfr_div(r->lo, &nm->left, &den->right, MPFR_RNDD);
            mpfr_sqrt(r->lo, r->lo, MPFR_RNDD);
        }
        mpfr_set_inf(r->hi, 1);
    }
    else
    {
        mpfi_div(q, nm, den);
        mpfi_sqrt(q, q);
        mpfi_get_left(r->lo, q);
        mpfi_get_right(r->hi, q);
    }
    mpfi_clear(q);
}

/* out := enclosure of v^T A v (A L×L, v exact). */
static void
quad_form(mpfi_t out, const mpq_t *A, long L, mpq_t *v)
{
    long i, j;
    mpfi_t s, p;
    mpfi_init2(s, CK_PREC);
    mpfi_init2(p, CK_PREC);
    mpfi_set_ui(out, 0);
    for (i = 0; i < L; i++)
    {
        mpfi_set_ui(s, 0);
        for (j = 0; j < L; j++)
        {
            mpfi_set_q(p, A[i * L + j]);
            mpfi_mul_q(p, p, v[j]);
            mpfi_add(s, s, p);
        }
        mpfi_mul_q(s, s, v[i]);
        mpfi_add(out, out, s);
    }
    mpfi_clear(s);
    mpfi_clear(p);
}

static int
vec_nonzero(mpq_t *v, long len)
{
    long i;
    for (i = 0; i < len; i++)
        if (mpq_sgn(v[i]) != 0)
            return 1;
    return 0;
}

/* ------------------------------------------------------------ verification */

static void
pd_result(ck *c, rec *r, int ok, const char *why, const char *what)
{
    if (!ok)
        reject(c, r->line, "%s %ld: %s is not proved positive definite (%s)", kind_names[r->kind],
               r->id, what, why);
}

static int
exact_b64(const mpq_t q)
{
    /* a finite double equal to q: MPFR at 53 bits in the double's exponent
     * range, exact and finite (no mpq_get_d: it overflows to inf) */
    mpfr_t x;
    int inex, ok;
    mpfr_init2(x, 53);
    inex = mpfr_set_q(x, q, MPFR_RNDN);
    ok = inex == 0 && mpfr_number_p(x) && (mpfr_zero_p(x) || (mpfr_get_exp(x) <= 1024 && mpfr_get_exp(x) >= -1073));
    if (ok && !mpfr_zero_p(x) && mpfr_get_exp(x) < -1021)
    {
        /* subnormal range: the mantissa must fit the fewer bits */
        double d = mpfr_get_d(x, MPFR_RNDN);
        mpq_t t;
        mpq_init(t);
        mpq_set_d(t, d);
        ok = mpq_equal(t, q);
        mpq_clear(t);
    }
    mpfr_clear(x);
    return ok;
}

/* q rounded to a double in direction rnd (MPFR_RNDU or MPFR_RNDD). */
static double
q_round(const mpq_t q, mpfr_rnd_t rnd)
{
    mpfr_t x;
    double d;
    mpfr_init2(x, 64);
    mpfr_set_q(x, q, rnd);
    d = mpfr_get_d(x, rnd);
    mpfr_clear(x);
    return d;
}

/* |z|^2 == r^2 exactly. */
static int
on_circle(const mpq_t zre, const mpq_t zim, const mpq_t r)
{
    mpq_t a, b;
    int eq;
    mpq_init(a);
    mpq_init(b);
    mpq_mul(a, zre, zre);
    mpq_mul(b, zim, zim);
    mpq_add(a, a, b);
    mpq_mul(b, r, r);
    eq = mpq_equal(a, b);
    mpq_clear(a);
    mpq_clear(b);
    return eq;
}

/* lhs >= b sqrt(x) for b, x >= 0, exactly: lhs >= 0 and lhs^2 >= b^2 x. */
static int
sq_ge(const mpq_t lhs, const mpq_t b, const mpq_t x)
{
    /* lhs >= 0 and lhs^2 >= b^2 x */
    mpq_t a, d;
    int ok;
    if (mpq_sgn(lhs) < 0)
        return 0;
    mpq_init(a);
    mpq_init(d);
    mpq_mul(a, lhs, lhs);
    mpq_mul(d, b, b);
    mpq_mul(d, d, x);
    ok = mpq_cmp(a, d) >= 0;
    mpq_clear(a);
    mpq_clear(d);
    return ok;
}

/* The bound a circle record's certificate gives: U must satisfy it. */
static int
circle_ok(ck *c, rec *r, rec *by)
{
    mpq_t one;
    int ok;
    mpq_init(one);
    mpq_set_ui(one, 1, 1);
    if (by->kind == K_KYP || by->kind == K_ARCS)
    {
        /* U >= 1/sqrt(t): U > 0 and U^2 t >= 1 */
        mpq_t a;
        mpq_init(a);
        mpq_mul(a, r->U, r->U);
        mpq_mul(a, a, by->t);
        ok = mpq_sgn(r->U) > 0 && mpq_cmp(a, one) >= 0;
        mpq_clear(a);
    }
    else
    {
        /* U (r - sqrt(tn)) >= 1: s = U r - 1 >= 0, s^2 >= U^2 tn */
        rec *nrec = c->recs + by->ref;
        mpq_t s;
        mpq_init(s);
        mpq_mul(s, r->U, r->r);
        mpq_sub(s, s, one);
        ok = mpq_sgn(r->U) > 0 && sq_ge(s, r->U, nrec->t);
        mpq_clear(s);
    }
    mpq_clear(one);
    return ok;
}

static void
seg_check(ck *c, rec *r)
{
    rec *a = c->recs + r->ref, *b = c->recs + r->ref2;
    mpq_t one;
    mpfi_t ra, rb, Ua, Ub, t, u, al, rs, g;
    double ga, gb, cr, alhi, rslo, rshi, gs;
    mpq_init(one);
    mpq_set_ui(one, 1, 1);
    if (mpq_cmp(a->r, one) < 0 || mpq_cmp(a->r, b->r) >= 0)
    {
        reject(c, r->line, "segment %ld: needs 1 <= r_a < r_b", r->id);
        mpq_clear(one);
        return;
    }
    if (!exact_b64(a->r) || !exact_b64(b->r) || !exact_b64(r->bound))
    {
        reject(c, r->line, "segment %ld: radii and bound must be binary64 numbers", r->id);
        mpq_clear(one);
        return;
    }
    mpq_clear(one);
    mpfi_init2(ra, CK_PREC); mpfi_init2(rb, CK_PREC); mpfi_init2(Ua, CK_PREC);
    mpfi_init2(Ub, CK_PREC); mpfi_init2(t, CK_PREC); mpfi_init2(u, CK_PREC);
    mpfi_init2(al, CK_PREC); mpfi_init2(rs, CK_PREC); mpfi_init2(g, CK_PREC);
    mpfi_set_q(ra, a->r);
    mpfi_set_q(rb, b->r);
    mpfi_set_q(Ua, a->U);
    mpfi_set_q(Ub, b->U);
    /* ends and the crude bound */
    mpfi_sub_ui(t, ra, 1);
    mpfi_mul(t, t, Ua);
    ga = mpfr_get_d(&t->right, MPFR_RNDU);
    mpfi_sub_ui(t, rb, 1);
    mpfi_mul(u, t, Ub);
    gb = mpfr_get_d(&u->right, MPFR_RNDU);
    mpfi_mul(u, t, Ua);
    cr = mpfr_get_d(&u->right, MPFR_RNDU);
    /* alpha = log(Ua/Ub) / log(rb/ra) */
    mpfi_div(t, Ua, Ub);
    mpfi_log(t, t);
    mpfi_div(u, rb, ra);
    mpfi_log(u, u);
    mpfi_div(al, t, u);
    alhi = mpfr_get_d(&al->right, MPFR_RNDU);
    /* r_s = alpha / (alpha - 1) and g(r_s) = (r_s - 1) Ua (r_s / ra)^-alpha */
    mpfi_sub_ui(t, al, 1);
    if (mpfi_has_zero(t) || mpfi_nan_p(al))
    {
        rslo = -HUGE_VAL;
        rshi = HUGE_VAL;
        gs = HUGE_VAL;
    }
    else
    {
        mpfi_div(rs, al, t);
        rslo = mpfr_get_d(&rs->left, MPFR_RNDD);
        rshi = mpfr_get_d(&rs->right, MPFR_RNDU);
        if (mpfr_sgn(&rs->left) <= 0)
            gs = HUGE_VAL;
        else
        {
            mpfi_div(t, rs, ra);
            mpfi_log(t, t);
            mpfi_mul(t, t, al);
            mpfi_neg(t, t);
            mpfi_exp(t, t);
            mpfi_sub_ui(g, rs, 1);
            mpfi_mul(g, g, t);
            mpfi_mul(g, g, Ua);
            gs = mpfr_get_d(&g->right, MPFR_RNDU);
        }
    }
    /* bound and ra rounded down, rb up (exact anyway: checked binary64) */
    if (!ck_segment_ok(q_round(r->bound, MPFR_RNDD), ga, gb, cr, alhi, rslo, rshi, gs,
                       q_round(a->r, MPFR_RNDD), q_round(b->r, MPFR_RNDU)))
        reject(c, r->line, "segment %ld: bound is below the log-convex bound of (r - 1) M(r) on [r_a, r_b]",
               r->id);
    mpfi_clear(ra); mpfi_clear(rb); mpfi_clear(Ua); mpfi_clear(Ub); mpfi_clear(t);
    mpfi_clear(u); mpfi_clear(al); mpfi_clear(rs); mpfi_clear(g);
}

/* Angle of z in [0, 2 pi) as an interval (z != 0). */
static void
angle(mpfi_t phi, const mpq_t zre, const mpq_t zim)
{
    mpfi_t x, y, tp;
    mpfi_init2(x, CK_PREC);
    mpfi_init2(y, CK_PREC);
    mpfi_init2(tp, CK_PREC);
    if (mpq_sgn(zim) == 0 && mpq_sgn(zre) > 0)
        mpfi_set_ui(phi, 0);
    else if (mpq_sgn(zim) == 0)
        mpfi_const_pi(phi); /* on the branch cut of atan2: the angle is pi */
    else
    {
        mpfi_set_q(x, zre);
        mpfi_set_q(y, zim);
        mpfi_atan2(phi, y, x);
        if (mpq_sgn(zim) < 0)
        {
            mpfi_const_pi(tp);
            mpfi_mul_ui(tp, tp, 2);
            mpfi_add(phi, phi, tp);
        }
    }
    mpfi_clear(x);
    mpfi_clear(y);
    mpfi_clear(tp);
}

static void
arcs_check(ck *c, rec *r, long K)
{
    long k;
    mpq_t *pz = xmalloc(c, sizeof(mpq_t) * (size_t) (3 * K));
    long *pp = xmalloc(c, sizeof(long) * (size_t) K);
    mpfi_t e, a, b, ra, rb, len, rr;
    char why[512];
    for (k = 0; k < K; k++)
    {
        char **tok;
        long nt, j;
        if (!read_line(c))
            die_malformed(c, "expected 'pt' line %ld of %ld", k + 1, K);
        nt = tokens(c, &tok);
        if (nt != 5 || strcmp(tok[0], "pt") != 0)
            die_malformed(c, "expected 'pt <re> <im> <t> <prec>'");
        for (j = 0; j < 3; j++)
        {
            mpq_init(pz[3 * k + j]);
            num(c, pz[3 * k + j], tok[j + 1], "arc point");
        }
        if (!all_digits(tok[4], strlen(tok[4])) || strlen(tok[4]) > 7)
            die_malformed(c, "arc point precision: expected an integer");
        pp[k] = strtol(tok[4], NULL, 10);
        if (pp[k] > CK_MAX_PREC_HINT)
            pp[k] = CK_MAX_PREC_HINT;
        if (pp[k] < 53)
            die_malformed(c, "arc point precision: expected an integer >= 53");
        free(tok);
    }
    if (c->rejected)
        goto done;
    if (K < 2 || mpq_sgn(r->r) <= 0 || mpq_sgn(r->t) <= 0)
    {
        reject(c, r->line, "arcs %ld: needs r > 0, t > 0 and at least two points", r->id);
        goto done;
    }
    /* first point r, last r (full circle) or -r (real input: half circle) */
    {
        mpq_t nr;
        int ok;
        mpq_init(nr);
        mpq_neg(nr, r->r);
        ok = mpq_equal(pz[0], r->r) && mpq_sgn(pz[1]) == 0 && mpq_sgn(pz[3 * (K - 1) + 1]) == 0
             && (mpq_equal(pz[3 * (K - 1)], r->r) || (!c->cplx && mpq_equal(pz[3 * (K - 1)], nr)));
        mpq_clear(nr);
        if (!ok)
        {
            reject(c, r->line, "arcs %ld: the points must run from r to r (or to -r for a real matrix)", r->id);
            goto done;
        }
    }
    for (k = 0; k < K && !c->rejected; k++)
    {
        mpq_t *A;
        long L;
        ck_mat *Am;
        if (!on_circle(pz[3 * k], pz[3 * k + 1], r->r))
        {
            reject(c, r->line, "arcs %ld: point %ld is not exactly on |z| = r", r->id, k + 1);
            break;
        }
        if (mpq_cmp(pz[3 * k + 2], r->t) <= 0)
        {
            reject(c, r->line, "arcs %ld: point %ld needs t_k > t", r->id, k + 1);
            break;
        }
        A = shifted(c, pz[3 * k], pz[3 * k + 1], &L);
        Am = ck_mat_new(L, (const mpq_t *) A);
        free_qvec(A, L * L);
        if (Am == NULL)
            die_malformed(c, "out of memory");
        if (!ck_pd_gram_ge(Am, pz[3 * k + 2], pp[k], why, sizeof why))
            reject(c, r->line, "arcs %ld: point %ld: A^T A - t_k I not proved PD (%s)", r->id, k + 1, why);
        ck_mat_free(Am);
    }
    if (c->rejected)
        goto done;
    /* coverage: r (phi_{k+1} - phi_k) <= (sqrt t_k - e) + (sqrt t_{k+1} - e) */
    mpfi_init2(e, CK_PREC); mpfi_init2(a, CK_PREC); mpfi_init2(b, CK_PREC);
    mpfi_init2(ra, CK_PREC); mpfi_init2(rb, CK_PREC); mpfi_init2(len, CK_PREC);
    mpfi_init2(rr, CK_PREC);
    mpfi_set_q(e, r->t);
    mpfi_sqrt(e, e);
    mpfi_set_q(rr, r->r);
    for (k = 0; k + 1 < K; k++)
    {
        angle(a, pz[3 * k], pz[3 * k + 1]);
        if (k + 1 == K - 1 && mpq_equal(pz[3 * (K - 1)], r->r))
        {
            mpfi_const_pi(b);
            mpfi_mul_ui(b, b, 2);
        }
        else
            angle(b, pz[3 * k + 3], pz[3 * k + 4]);
        mpfi_sub(len, b, a);
        if (mpfr_sgn(&len->left) < 0)
        {
            reject(c, r->line, "arcs %ld: the angles of points %ld, %ld do not increase", r->id, k + 1, k + 2);
            break;
        }
        mpfi_mul(len, len, rr);
        mpfi_set_q(ra, pz[3 * k + 2]);
        mpfi_sqrt(ra, ra);
        mpfi_sub(ra, ra, e);
        mpfi_set_q(rb, pz[3 * k + 5]);
        mpfi_sqrt(rb, rb);
        mpfi_sub(rb, rb, e);
        mpfi_add(ra, ra, rb);
        if (mpfr_cmp(&len->right, &ra->left) > 0)
        {
            reject(c, r->line, "arcs %ld: the disks of points %ld and %ld do not cover the arc between them",
                   r->id, k + 1, k + 2);
            break;
        }
    }
    mpfi_clear(e); mpfi_clear(a); mpfi_clear(b); mpfi_clear(ra); mpfi_clear(rb);
    mpfi_clear(len); mpfi_clear(rr);
done:
    free_qvec(pz, 3 * K);
    free(pp);
}

/* Parse and verify one record whose header is tokenised in tok. */
/* ------------------------------------------------------------ powers */

/* power_vec: r->lo, r->hi := enclosure of ||R^t v|| / ||v||, with R^t v
 * evaluated by t interval matrix-vector products (MPFI, outward rounding
 * on the exact entries). */
static void
power_vec_check(ck *c, rec *r, const mpq_t *v, long t)
{
    long N = c->N, i, j, k, prec = CK_PREC;
    double ops = (double) t * (double) N * (double) N;
    if (ops > CK_MAX_POWER_VEC_OPS)
    {
        reject(c, r->line, "power_vec %ld: t N^2 = %.3g exceeds the work limit %.3g", r->id, ops,
               CK_MAX_POWER_VEC_OPS);
        return;
    }
    for (;;)
    {
        long nnz = 0, *col = xmalloc(c, sizeof(long) * (size_t) (N * N + 1));
        long *start = xmalloc(c, sizeof(long) * (size_t) (N + 1));
        mpfi_t *Ri = xmalloc(c, sizeof(mpfi_t) * (size_t) (N * N + 1));
        mpfi_t *w = xmalloc(c, sizeof(mpfi_t) * (size_t) N), *y = xmalloc(c, sizeof(mpfi_t) * (size_t) N);
        mpfi_t a, b, p;
        int wide;
        mpfi_init2(a, prec);
        mpfi_init2(b, prec);
        mpfi_init2(p, prec);
        for (i = 0; i < N; i++)
        {
            start[i] = nnz;
            for (j = 0; j < N; j++)
                if (mpq_sgn(c->R[i * N + j]) != 0)
                {
                    mpfi_init2(Ri[nnz], prec);
                    mpfi_set_q(Ri[nnz], c->R[i * N + j]);
                    col[nnz++] = j;
                }
        }
        start[N] = nnz;
        for (i = 0; i < N; i++)
        {
            mpfi_init2(w[i], prec);
            mpfi_init2(y[i], prec);
            mpfi_set_q(w[i], v[i]);
        }
        for (k = 0; k < t; k++)
        {
            mpfi_t *sw;
            for (i = 0; i < N; i++)
            {
                mpfi_set_ui(y[i], 0);
                for (j = start[i]; j < start[i + 1]; j++)
                {
                    mpfi_mul(p, Ri[j], w[col[j]]);
                    mpfi_add(y[i], y[i], p);
                }
            }
            sw = w;
            w = y;
            y = sw;
        }
        mpfi_set_ui(a, 0);
        mpfi_set_ui(b, 0);
        for (i = 0; i < N; i++)
        {
            mpfi_sqr(p, w[i]);
            mpfi_add(a, a, p);
            mpfi_set_q(p, v[i]);
            mpfi_sqr(p, p);
            mpfi_add(b, b, p);
        }
        if (!mpfr_number_p(&a->left) || !mpfr_number_p(&a->right))
        {
            mpfr_set_zero(r->lo, 1);
            mpfr_set_inf(r->hi, 1);
        }
        else
            ratio(r, a, b);
        /* relative width above 2^-64: once more at a higher precision */
        wide = 0;
        if (mpfr_number_p(r->hi) && mpfr_sgn(r->hi) > 0)
        {
            mpfr_t d;
            mpfr_init2(d, 64);
            mpfr_sub(d, r->hi, r->lo, MPFR_RNDU);
            mpfr_div(d, d, r->hi, MPFR_RNDU);
            wide = mpfr_cmp_d(d, ldexp(1.0, -64)) > 0;
            mpfr_clear(d);
        }
        for (i = 0; i < nnz; i++)
            mpfi_clear(Ri[i]);
        for (i = 0; i < N; i++)
        {
            mpfi_clear(w[i]);
            mpfi_clear(y[i]);
        }
        free(Ri);
        free(w);
        free(y);
        free(col);
        free(start);
        mpfi_clear(a);
        mpfi_clear(b);
        mpfi_clear(p);
        if (!wide || prec >= 4 * CK_PREC)
            break;
        prec *= 4;
    }
}

/* Upper bounds of ||X||_F and ||X||_2 <= min(||X||_F, sqrt(||X||_1 ||X||_inf))
 * of a binary64 matrix; the caller has set FE_UPWARD (all terms are
 * nonnegative, so every rounded operation gives an upper bound). */
static double
up_sqrt(double x)
{
    return nextafter(sqrt(x), INFINITY);
}

static void
up_norms(const double *X, long N, double *colsum, double *frob, double *cheap)
{
    long i, j;
    double s = 0.0, n1 = 0.0, ninf = 0.0, b;
    for (j = 0; j < N; j++)
        colsum[j] = 0.0;
    for (i = 0; i < N; i++)
    {
        double rs = 0.0;
        for (j = 0; j < N; j++)
        {
            double x = fabs(X[i * N + j]);
            s += x * x;
            rs += x;
            colsum[j] += x;
        }
        if (rs > ninf || rs != rs)
            ninf = rs;
    }
    for (j = 0; j < N; j++)
        if (colsum[j] > n1 || colsum[j] != colsum[j])
            n1 = colsum[j];
    *frob = up_sqrt(s);
    b = up_sqrt(n1 * ninf);
    *cheap = b < *frob ? b : *frob;
}

/* power_upper (FORMAT.md): binary64 powers X_t = fl(R_b X_(t-1)), X_0 = I,
 * with R^t - X_t = sum_(k=1..t) R^(t-k) D_k, D_k = R X_(k-1) - X_k, so
 *   ||R^t - X_t|| <= max_(j<t) U_j * sum_(k<=t) d_k,
 *   d_k = ||R - R_b||_F ||X_(k-1)||_2 + gamma_N || |R_b| ||_2 || |X_(k-1)| ||_2 + tiny
 * (the norms of |R_b| and |X| bounded by min(Frobenius, sqrt(||.||_1 ||.||_inf)),
 * which depend only on the absolute values; tiny covers underflow),
 * and U_t = min(cheap(X_t), sqrt(s_t)) + that error, s_t from a gram line
 * whose t I - X_t^T X_t > 0 the PD test proves.  Requires U_t <= bound for
 * t < T and U_T < 1. */
static void
power_upper_check(ck *c, rec *r, long T, long K)
{
    long N = c->N, k, i, j, t, g = 0;
    long cap = K < 64 ? K + 1 : 64;  /* grown as lines are read: K is not trusted */
    long *gt = xmalloc(c, sizeof(long) * (size_t) cap);
    long *gp = xmalloc(c, sizeof(long) * (size_t) cap);
    mpq_t *gs = xmalloc(c, sizeof(mpq_t) * (size_t) cap);
    double *Rb = NULL, *X = NULL, *Y = NULL, *cs = NULL;
    double dR, FRb, cRb, gN, Umax = 1.0, D = 0.0, fX, cX, ub;
    char why[512];
    for (k = 0; k < K; k++)
    {
        char **tok;
        long nt;
        if (!read_line(c))
            die_malformed(c, "expected 'gram' line %ld of %ld", k + 1, K);
        if (k == cap)
        {
            long nc = 2 * cap;
            long *ngt = realloc(gt, sizeof(long) * (size_t) nc), *ngp;
            mpq_t *ngs;
            if (ngt == NULL)
                die_malformed(c, "out of memory");
            gt = ngt;
            if ((ngp = realloc(gp, sizeof(long) * (size_t) nc)) == NULL)
                die_malformed(c, "out of memory");
            gp = ngp;
            if ((ngs = realloc(gs, sizeof(mpq_t) * (size_t) nc)) == NULL)
                die_malformed(c, "out of memory");
            gs = ngs;
            cap = nc;
        }
        nt = tokens(c, &tok);
        if (nt != 4 || strcmp(tok[0], "gram") != 0)
            die_malformed(c, "expected 'gram <t> <s> <prec>'");
        if (!all_digits(tok[1], strlen(tok[1])) || strlen(tok[1]) > 9)
            die_malformed(c, "gram: expected a step t");
        gt[k] = strtol(tok[1], NULL, 10);
        mpq_init(gs[k]);
        num(c, gs[k], tok[2], "gram s");
        if (!all_digits(tok[3], strlen(tok[3])) || strlen(tok[3]) > 7 || strtol(tok[3], NULL, 10) < 53)
            die_malformed(c, "gram precision: expected an integer >= 53");
        gp[k] = strtol(tok[3], NULL, 10);
        if (gp[k] > CK_MAX_PREC_HINT)
            gp[k] = CK_MAX_PREC_HINT;
        if (gt[k] > T || (k > 0 && gt[k] <= gt[k - 1]))
            die_malformed(c, "gram steps must increase and be at most T");
        free(tok);
    }
    if (c->rejected)
        goto done;
    if (T < 1)
    {
        reject(c, r->line, "power_upper %ld: needs T >= 1", r->id);
        goto done;
    }
    if ((double) T * (double) N * (double) N * (double) N > CK_MAX_POWER_FLOPS)
    {
        reject(c, r->line, "power_upper %ld: T N^3 = %.3g exceeds the work limit %.3g", r->id,
               (double) T * (double) N * (double) N * (double) N, CK_MAX_POWER_FLOPS);
        goto done;
    }
    if ((double) K * (double) N * (double) N * (double) N > CK_MAX_POWER_GRAM)
    {
        reject(c, r->line, "power_upper %ld: (gram lines) N^3 = %.3g exceeds the work limit %.3g", r->id,
               (double) K * (double) N * (double) N * (double) N, CK_MAX_POWER_GRAM);
        goto done;
    }
    if (mpq_cmp_ui(r->bound, 1, 1) < 0)
    {
        reject(c, r->line, "power_upper %ld: bound < 1 = ||M^0||", r->id);
        goto done;
    }
    for (k = 0; k < K; k++)
        if (mpq_sgn(gs[k]) <= 0)
        {
            reject(c, r->line, "power_upper %ld: gram s must be positive", r->id);
            goto done;
        }
    if (fegetround() != FE_TONEAREST)
    {
        reject(c, r->line, "power_upper %ld: the rounding mode is not to nearest", r->id);
        goto done;
    }
    Rb = xmalloc(c, sizeof(double) * (size_t) (N * N));
    X = xmalloc(c, sizeof(double) * (size_t) (N * N));
    Y = xmalloc(c, sizeof(double) * (size_t) (N * N));
    cs = xmalloc(c, sizeof(double) * (size_t) N);
    {
        /* R_b = R rounded to nearest, ||R - R_b||_F exactly bounded above */
        mpfr_t x, s;
        mpq_t d;
        mpfr_init2(x, 53);
        mpfr_init2(s, 64);
        mpq_init(d);
        mpfr_set_zero(s, 1);
        for (i = 0; i < N * N; i++)
        {
            mpfr_set_q(x, c->R[i], MPFR_RNDN);
            Rb[i] = mpfr_get_d(x, MPFR_RNDN);
            if (!isfinite(Rb[i]))
            {
                reject(c, r->line, "power_upper %ld: an entry of R is beyond binary64", r->id);
                mpfr_clear(x);
                mpfr_clear(s);
                mpq_clear(d);
                goto done;
            }
            mpq_set_d(d, Rb[i]);
            mpq_sub(d, c->R[i], d);
            mpfr_set_q(x, d, MPFR_RNDA);
            mpfr_sqr(x, x, MPFR_RNDU);
            mpfr_add(s, s, x, MPFR_RNDU);
        }
        mpfr_sqrt(s, s, MPFR_RNDU);
        dR = mpfr_get_d(s, MPFR_RNDU);
        mpfr_clear(x);
        mpfr_clear(s);
        mpq_clear(d);
    }
    fesetround(FE_UPWARD);
    up_norms(Rb, N, cs, &FRb, &cRb);
    gN = 1.01 * ((double) N * ldexp(1.0, -53)); /* >= N u / (1 - N u) for N u <= 0.0099 */
    fesetround(FE_TONEAREST);
    for (i = 0; i < N * N; i++)
        X[i] = 0.0;
    for (i = 0; i < N; i++)
        X[i * N + i] = 1.0;
    for (t = 1; t <= T; t++)
    {
        double *sw;
        int ok = 1;
        /* the local error of this step, from X_(t-1) */
        fesetround(FE_UPWARD);
        up_norms(X, N, cs, &fX, &cX);
        D = D + (dR * cX + gN * cRb * cX + ldexp((double) N * (double) N, -1000));
        fesetround(FE_TONEAREST);
        /* X_t = fl(R_b X_(t-1)), sums in order k */
        for (i = 0; i < N; i++)
        {
            double *yi = Y + i * N;
            for (j = 0; j < N; j++)
                yi[j] = 0.0;
            for (k = 0; k < N; k++)
            {
                double a = Rb[i * N + k];
                const double *xk = X + k * N;
                if (a == 0.0)
                    continue;
                for (j = 0; j < N; j++)
                    yi[j] += a * xk[j];
            }
        }
        sw = X;
        X = Y;
        Y = sw;
        for (i = 0; i < N * N && ok; i++)
            ok = isfinite(X[i]);
        if (!ok)
        {
            reject(c, r->line, "power_upper %ld: the binary64 powers overflow at t = %ld", r->id, t);
            goto done;
        }
        fesetround(FE_UPWARD);
        up_norms(X, N, cs, &fX, &ub);
        fesetround(FE_TONEAREST);
        while (g < K && gt[g] < t)
            g++;
        if (g < K && gt[g] == t)
        {
            mpq_t *e = xmalloc(c, sizeof(mpq_t) * (size_t) (N * N));
            ck_mat *Xm;
            for (i = 0; i < N * N; i++)
            {
                mpq_init(e[i]);
                mpq_set_d(e[i], X[i]);
            }
            Xm = ck_mat_new(N, (const mpq_t *) e);
            free_qvec(e, N * N);
            if (Xm == NULL)
                die_malformed(c, "out of memory");
            if (ck_pd_gram_le(Xm, gs[g], gp[g], why, sizeof why))
            {
                mpfr_t x;
                double sq;
                mpfr_init2(x, 53);
                mpfr_set_q(x, gs[g], MPFR_RNDU);
                mpfr_sqrt(x, x, MPFR_RNDU);
                sq = mpfr_get_d(x, MPFR_RNDU);
                mpfr_clear(x);
                if (sq < ub)
                    ub = sq;
            }
            ck_mat_free(Xm);
        }
        fesetround(FE_UPWARD);
        ub = ub + Umax * D;
        fesetround(FE_TONEAREST);
        if (t < T)
        {
            mpq_t u;
            int le;
            mpq_init(u);
            if (isfinite(ub))
                mpq_set_d(u, ub);
            le = isfinite(ub) && mpq_cmp(u, r->bound) <= 0;
            mpq_clear(u);
            if (!le)
            {
                reject(c, r->line, "power_upper %ld: ||M^%ld|| <= %.17g is all that is proved, above the bound",
                       r->id, t, ub);
                goto done;
            }
            if (ub > Umax)
                Umax = ub;
        }
        else if (!(ub < 1.0))
            reject(c, r->line, "power_upper %ld: ||M^T|| < 1 is not proved (||M^%ld|| <= %.17g)", r->id, T,
                   ub);
    }
done:
    fesetround(FE_TONEAREST);
    free(Rb);
    free(X);
    free(Y);
    free(cs);
    free(gt);
    free(gp);
    for (k = 0; k < K; k++)
        mpq_clear(gs[k]);
    free(gs);
}

/* contraction: I - R^T R positive semidefinite, decided exactly (symmetric
 * Gaussian elimination on the rationals: a negative pivot, or a zero pivot
 * with a nonzero row, refutes it). */
static int
contraction_ok(ck *c)
{
    long N = c->N, i, j, k;
    mpq_t *G = xmalloc(c, sizeof(mpq_t) * (size_t) (N * N)), p, f;
    int ok = 1;
    mpq_init(p);
    mpq_init(f);
    for (i = 0; i < N; i++)
        for (j = 0; j < N; j++)
        {
            mpq_init(G[i * N + j]);
            mpq_set_ui(G[i * N + j], i == j, 1);
            for (k = 0; k < N; k++)
            {
                mpq_mul(p, c->R[k * N + i], c->R[k * N + j]);
                mpq_sub(G[i * N + j], G[i * N + j], p);
            }
        }
    for (k = 0; k < N && ok; k++)
    {
        int s = mpq_sgn(G[k * N + k]);
        if (s < 0)
            ok = 0;
        else if (s == 0)
        {
            for (j = k + 1; j < N && ok; j++)
                ok = mpq_sgn(G[k * N + j]) == 0;
        }
        else
            for (i = k + 1; i < N; i++)
            {
                if (mpq_sgn(G[i * N + k]) == 0)
                    continue;
                mpq_div(f, G[i * N + k], G[k * N + k]);
                for (j = k + 1; j < N; j++)
                {
                    mpq_mul(p, f, G[k * N + j]);
                    mpq_sub(G[i * N + j], G[i * N + j], p);
                }
            }
    }
    free_qvec(G, N * N);
    mpq_clear(p);
    mpq_clear(f);
    return ok;
}

static void
do_record(ck *c, int kind, char **tok, long nt)
{
    rec *r = new_rec(c, kind, nt > 1 ? tok[1] : "");
    long rline = c->line, prec = 53, prec2 = 53, len;
    char why[512];
    mpfi_t a, b;
    mpq_t *v = NULL, *A = NULL;
    long vlen = 0;        /* the entries of v */
    ck_mat *X = NULL, *Am = NULL;
    int skip = c->rejected; /* after a failure only the syntax is checked */
    long L = 0;

#define EXPECT(k) do { if (nt != (k)) die_malformed(c, "'%s' takes %d fields, got %ld", kind_names[kind], (k) - 2, nt - 2); } while (0)
    mpfi_init2(a, CK_PREC);
    mpfi_init2(b, CK_PREC);
    switch (kind)
    {
    case K_GRAM_LE:
        EXPECT(4);
        field_num(c, r->t, tok, nt, 2, "t");
        prec = field_prec(c, tok, nt, 3, "prec");
        if (!skip)
            pd_result(c, r, mpq_sgn(r->t) > 0 && ck_pd_gram_le(c->Rm, r->t, prec, why, sizeof why), why,
                      "t I - R^T R");
        break;
    case K_GRAM_GE:
        EXPECT(5);
        field_z(c, r->zre, r->zim, tok, nt, 2);
        field_num(c, r->t, tok, nt, 3, "t");
        prec = field_prec(c, tok, nt, 4, "prec");
        if (!skip)
        {
            A = shifted(c, r->zre, r->zim, &L);
            Am = ck_mat_new(L, (const mpq_t *) A);
            if (Am == NULL)
                die_malformed(c, "out of memory");
            pd_result(c, r, mpq_sgn(r->t) > 0 && ck_pd_gram_ge(Am, r->t, prec, why, sizeof why), why,
                      "A^T A - t I");
        }
        break;
    case K_NORM_VEC:
    case K_RAYLEIGH:
        EXPECT(3);
        len = field_long(c, tok, nt, 2, "len", 1, CK_MAX_N);
        if (len != c->N)
            die_malformed(c, "len must be the order of the real form, %ld", c->N);
        v = read_vec(c, vlen = len);
        if (skip)
            break;
        if (!vec_nonzero(v, len))
            reject(c, rline, "%s %ld: the vector is zero", kind_names[kind], r->id);
        else if (kind == K_NORM_VEC)
        {
            norms2(a, b, (const mpq_t *) c->R, c->N, v, NULL, NULL, NULL);
            ratio(r, a, b);
        }
        else if (!hermitian(c))
            reject(c, rline, "rayleigh %ld: the matrix is not Hermitian", r->id);
        else
        {
            /* |v^T R v| / v^T v */
            long i;
            mpfi_t p;
            mpfi_init2(p, CK_PREC);
            quad_form(a, (const mpq_t *) c->R, len, v);
            mpfi_set_ui(b, 0);
            for (i = 0; i < len; i++)
            {
                mpfi_set_q(p, v[i]);
                mpfi_sqr(p, p);
                mpfi_add(b, b, p);
            }
            mpfi_abs(a, a);
            mpfi_div(a, a, b);
            mpfi_get_left(r->lo, a);
            mpfi_get_right(r->hi, a);
            mpfi_clear(p);
        }
        break;
    case K_SMIN_VEC:
    case K_NULL_VEC:
        EXPECT(4);
        field_z(c, r->zre, r->zim, tok, nt, 2);
        len = field_long(c, tok, nt, 3, "len", 1, 2 * CK_MAX_N);
        if (len != ((c->cplx || mpq_sgn(r->zim) != 0) ? 2 * c->n : c->n))
            die_malformed(c, "len must be the order of the real form of zI - M");
        v = read_vec(c, vlen = len);
        if (skip)
            break;
        A = shifted(c, r->zre, r->zim, &L);
        if (!vec_nonzero(v, len))
            reject(c, rline, "%s %ld: the vector is zero", kind_names[kind], r->id);
        else if (kind == K_SMIN_VEC)
        {
            norms2(a, b, (const mpq_t *) A, L, v, NULL, NULL, NULL);
            ratio(r, a, b);
        }
        else
        {
            long i, j;
            mpq_t s, p;
            mpq_init(s);
            mpq_init(p);
            for (i = 0; i < L && !c->rejected; i++)
            {
                mpq_set_ui(s, 0, 1);
                for (j = 0; j < L; j++)
                {
                    mpq_mul(p, A[i * L + j], v[j]);
                    mpq_add(s, s, p);
                }
                if (mpq_sgn(s) != 0)
                    reject(c, rline, "null_vec %ld: (zI - M) v is not zero (entry %ld)", r->id, i + 1);
            }
            mpq_clear(s);
            mpq_clear(p);
        }
        break;
    case K_SYM_LE:
    case K_SYM_GE:
        EXPECT(4);
        field_num(c, r->t, tok, nt, 2, "t");
        prec = field_prec(c, tok, nt, 3, "prec");
        if (skip)
            break;
        if (!hermitian(c))
            reject(c, rline, "%s %ld: the matrix is not Hermitian", kind_names[kind], r->id);
        else
            pd_result(c, r, ck_pd_sym(c->Rm, r->t, kind == K_SYM_LE ? -1 : +1, prec, why, sizeof why),
                      why, kind == K_SYM_LE ? "t I - R" : "R + t I");
        break;
    case K_STEIN_LT:
    case K_STEIN_GT:
        EXPECT(kind == K_STEIN_LT ? 5 : 4);
        field_num(c, r->t, tok, nt, 2, "t");
        prec = field_prec(c, tok, nt, 3, "prec");
        if (kind == K_STEIN_LT)
            prec2 = field_prec(c, tok, nt, 4, "prec2");
        X = read_sym(c, c->N, kind == K_STEIN_GT ? &A : NULL, prec == 53 && prec2 == 53);
        L = c->N;
        if (kind == K_STEIN_GT)
            v = read_vec(c, vlen = c->N);
        if (skip)
            break;
        if (mpq_sgn(r->t) <= 0)
            reject(c, rline, "%s %ld: needs t > 0", kind_names[kind], r->id);
        else
            pd_result(c, r, ck_pd_stein(c->Rm, r->t, X, kind == K_STEIN_LT, prec, prec2, why, sizeof why),
                      why, kind == K_STEIN_LT ? "P, or t^2 P - R^T P R," : "t^2 P - R^T P R");
        break;
    case K_KYP:
        EXPECT(5);
        field_num(c, r->r, tok, nt, 2, "r");
        field_num(c, r->t, tok, nt, 3, "t");
        prec = field_prec(c, tok, nt, 4, "prec");
        X = read_sym(c, c->N, NULL, prec == 53);
        if (skip)
            break;
        if (mpq_sgn(r->r) <= 0 || mpq_sgn(r->t) <= 0)
            reject(c, rline, "kyp %ld: needs r > 0 and t > 0", r->id);
        else
            pd_result(c, r, ck_pd_kyp(c->Rm, r->r, r->t, X, prec, why, sizeof why), why, "L(X)");
        break;
    case K_NORM_CIRCLE:
        EXPECT(4);
        field_num(c, r->r, tok, nt, 2, "r");
        r->ref = find_rec(c, field(c, tok, nt, 3, "norm"), K_GRAM_LE, 0, 0, "norm");
        if (!skip)
        {
            mpq_t q;
            mpq_init(q);
            mpq_mul(q, r->r, r->r);
            if (mpq_sgn(r->r) <= 0 || mpq_cmp(q, c->recs[r->ref].t) <= 0)
                reject(c, rline, "norm_circle %ld: needs r > ||M||, i.e. r^2 > t of gram_le %ld", r->id,
                       c->recs[r->ref].id);
            mpq_clear(q);
        }
        break;
    case K_ARCS:
        EXPECT(5);
        field_num(c, r->r, tok, nt, 2, "r");
        field_num(c, r->t, tok, nt, 3, "t");
        len = field_long(c, tok, nt, 4, "n", 1, 100000);
        arcs_check(c, r, len);
        break;
    case K_CIRCLE:
        EXPECT(5);
        field_num(c, r->r, tok, nt, 2, "r");
        field_num(c, r->U, tok, nt, 3, "U");
        r->ref = find_rec(c, field(c, tok, nt, 4, "by"), K_KYP, K_ARCS, K_NORM_CIRCLE, "by");
        if (skip)
            break;
        if (!mpq_equal(r->r, c->recs[r->ref].r))
            reject(c, rline, "circle %ld: r differs from that of record %ld", r->id, c->recs[r->ref].id);
        else if (!circle_ok(c, r, c->recs + r->ref))
            reject(c, rline, "circle %ld: U is below the bound record %ld proves", r->id,
                   c->recs[r->ref].id);
        break;
    case K_POINT:
        EXPECT(4);
        field_z(c, r->zre, r->zim, tok, nt, 2);
        len = field_long(c, tok, nt, 3, "len", 2, 2 * CK_MAX_N);
        if (len != 2 * c->N)
            die_malformed(c, "len must be twice the order of the real form, %ld", 2 * c->N);
        v = read_vec(c, vlen = len);
        if (skip)
            break;
        if (!vec_nonzero(v, len))
            reject(c, rline, "point %ld: the vector is zero", r->id);
        else
        {
            /* ||v|| / ||(zI - R) v||: norms2 gives ||R v||-type sums with
             * the shift applied */
            norms2(a, b, (const mpq_t *) c->R, c->N, v, v + c->N, r->zre, r->zim);
            ratio(r, b, a);
        }
        break;
    case K_SEGMENT:
        EXPECT(6);
        r->ref = find_rec(c, field(c, tok, nt, 2, "a"), K_CIRCLE, 0, 0, "a");
        r->ref2 = find_rec(c, field(c, tok, nt, 3, "b"), K_CIRCLE, 0, 0, "b");
        field_num(c, r->bound, tok, nt, 4, "bound");
        {
            long rho = find_rec(c, field(c, tok, nt, 5, "rho"), K_STEIN_LT, 0, 0, "rho");
            if (skip)
                break;
            if (mpq_cmp(c->recs[rho].t, c->recs[r->ref].r) > 0)
                reject(c, rline, "segment %ld: needs rho(M) < r_a, but stein_lt %ld has t > r_a", r->id,
                       c->recs[rho].id);
            else
                seg_check(c, r);
        }
        break;
    case K_TAIL:
        EXPECT(5);
        field_num(c, r->r, tok, nt, 2, "r");
        r->ref = find_rec(c, field(c, tok, nt, 3, "norm"), K_GRAM_LE, 0, 0, "norm");
        field_num(c, r->bound, tok, nt, 4, "bound");
        if (!skip)
        {
            /* r >= 1, r^2 > tn, bound >= 1, s = b r - r + 1 >= 0, s^2 >= b^2 tn */
            mpq_t q, one, s;
            const mpq_srcptr tn = c->recs[r->ref].t;
            mpq_init(q);
            mpq_init(one);
            mpq_init(s);
            mpq_set_ui(one, 1, 1);
            mpq_mul(q, r->r, r->r);
            mpq_mul(s, r->bound, r->r);
            mpq_sub(s, s, r->r);
            mpq_add(s, s, one);
            if (mpq_cmp(r->r, one) < 0 || mpq_cmp(q, tn) <= 0)
                reject(c, rline, "tail %ld: needs r >= 1 and r > ||M|| (r^2 > t of gram_le %ld)", r->id,
                       c->recs[r->ref].id);
            else if (mpq_cmp(r->bound, one) < 0 || !sq_ge(s, r->bound, tn))
                reject(c, rline, "tail %ld: bound < max(1, (r - 1)/(r - sqrt(t)))", r->id);
            mpq_clear(q);
            mpq_clear(one);
            mpq_clear(s);
        }
        break;
    case K_POWER_VEC:
        EXPECT(4);
        r->T = field_long(c, tok, nt, 2, "t", 0, CK_MAX_POWER_T);
        len = field_long(c, tok, nt, 3, "len", 1, 2 * CK_MAX_N);
        if (len != c->N)
            die_malformed(c, "len must be the order of the real form, %ld", c->N);
        v = read_vec(c, vlen = len);
        if (skip)
            break;
        if (!vec_nonzero(v, len))
            reject(c, rline, "power_vec %ld: the vector is zero", r->id);
        else
            power_vec_check(c, r, (const mpq_t *) v, r->T);
        break;
    case K_POWER_UPPER:
        EXPECT(5);
        r->T = field_long(c, tok, nt, 2, "T", 0, CK_MAX_POWER_T);
        field_num(c, r->bound, tok, nt, 3, "bound");
        len = field_long(c, tok, nt, 4, "n", 0, CK_MAX_POWER_T + 1);
        power_upper_check(c, r, r->T, len);
        break;
    case K_CONTRACTION:
        EXPECT(2);
        if (skip)
            break;
        if (c->N > CK_MAX_CONTRACTION_N)
            reject(c, rline, "contraction %ld: order %ld is beyond the exact test (at most %d)", r->id, c->N,
                   CK_MAX_CONTRACTION_N);
        else if (!contraction_ok(c))
            reject(c, rline, "contraction %ld: I - R^T R is not positive semidefinite", r->id);
        break;
    default:
        break;
    }
#undef EXPECT
    if (kind != K_STEIN_GT || skip || c->rejected)
        mpfi_clear(a);
    else
    {
        /* w^T P w < 0, in interval arithmetic on the exact entries */
        quad_form(a, (const mpq_t *) A, L, v);
        if (!(mpfr_sgn(&a->right) < 0))
            reject(c, rline, "stein_gt %ld: w^T P w < 0 is not proved", r->id);
        mpfi_clear(a);
    }
    mpfi_clear(b);
    free_qvec(v, vlen);
    if (A != NULL)
        free_qvec(A, L * L);
    if (Am != NULL)
        ck_mat_free(Am);
    if (X != NULL)
        ck_mat_free(X);
}

/* ------------------------------------------------------------ claims */

/* Parse "lo_by=..." lists into record indices. */
static long
id_list(ck *c, const char *s, long **out)
{
    long n = 0, cap = 8;
    long *v;
    char *copy, *p, *save = NULL;
    *out = NULL;
    if (strcmp(s, "-") == 0)
        return 0;
    if (s[0] == '\0' || s[0] == ',' || s[strlen(s) - 1] == ',' || strstr(s, ",,") != NULL)
        die_malformed(c, "a list of record ids is 'id,id,...' or '-', got '%.40s'", s);
    v = xmalloc(c, sizeof(long) * (size_t) cap);
    copy = strdup(s);
    if (copy == NULL)
        die_malformed(c, "out of memory");
    for (p = strtok_r(copy, ",", &save); p != NULL; p = strtok_r(NULL, ",", &save))
    {
        if (n == cap)
        {
            long *nv = realloc(v, sizeof(long) * (size_t) (2 * cap));
            if (nv == NULL)
                die_malformed(c, "out of memory");
            v = nv;
            cap *= 2;
        }
        v[n++] = find_rec(c, p, -1, -1, -1, "support");
    }
    free(copy);
    *out = v;
    return n;
}

/* find_rec with any kind: a small wrapper used by id_list. */

static int
zeq(const rec *r, const mpq_t zre, const mpq_t zim)
{
    return mpq_equal(r->zre, zre) && mpq_equal(r->zim, zim);
}

/* lo <= the lower end of x (an mpfr lower bound). */
static int
q_le_fr(const mpq_t q, const mpfr_t x)
{
    if (mpfr_nan_p(x))
        return 0;
    return mpfr_cmp_q(x, q) >= 0;
}

static int
q_ge_fr(const mpq_t q, const mpfr_t x)
{
    if (mpfr_nan_p(x))
        return 0;
    return mpfr_cmp_q(x, q) <= 0;
}

/* Append a v line (any length: the claims are printed whole, never cut). */
static void
add_v(ck *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
add_v(ck *c, const char *fmt, ...)
{
    va_list ap;
    char *line = NULL;
    int k;
    if (c->nv % 64 == 0)
    {
        char **nv = realloc(c->vout, sizeof(char *) * (size_t) (c->nv + 64));
        if (nv == NULL)
            die_malformed(c, "out of memory");
        c->vout = nv;
    }
    va_start(ap, fmt);
    k = vasprintf(&line, fmt, ap);
    va_end(ap);
    if (k < 0 || line == NULL)
        die_malformed(c, "out of memory");
    c->vout[c->nv++] = line;
}

/* kind of record i */
#define KIND(i) (c->recs[(i)].kind)

static void
do_claim(ck *c, char **tok, long nt)
{
    const char *q;
    long i, nlo = 0, nhi = 0, *lo_by = NULL, *hi_by = NULL, at = 0, line = c->line;
    mpq_t lo, hi, zre, zim, rr, one;
    int loinf = 0, hiinf = 0, has_z = 0, has_r = 0, lo_ok = 0, hi_ok = 0, hi_zero = 0;
    int skip = c->rejected;

    if (nt < 3)
        die_malformed(c, "claim: expected a quantity and its fields");
    q = tok[1];
    mpq_init(lo); mpq_init(hi); mpq_init(zre); mpq_init(zim); mpq_init(rr); mpq_init(one);
    mpq_set_ui(one, 1, 1);

    if (strcmp(q, "verdict") == 0)
    {
        int lt;
        long nb;
        if (nt != 4 || (strcmp(tok[2], "rho<1") != 0 && strcmp(tok[2], "rho>1") != 0))
            die_malformed(c, "expected 'claim verdict rho<1|rho>1 by=<ids>'");
        lt = tok[2][3] == '<';
        nb = id_list(c, field(c, tok, nt, 3, "by"), &lo_by);
        if (!skip)
        {
            int ok = 0, le = 0, ge = 0;
            for (i = 0; i < nb; i++)
            {
                rec *r = c->recs + lo_by[i];
                if (lt && r->kind == K_STEIN_LT && mpq_cmp(r->t, one) <= 0)
                    ok = 1;
                if (lt && r->kind == K_SYM_LE && mpq_cmp(r->t, one) <= 0)
                    le = 1;
                if (lt && r->kind == K_SYM_GE && mpq_cmp(r->t, one) <= 0)
                    ge = 1;
                if (!lt && r->kind == K_STEIN_GT && mpq_cmp(r->t, one) >= 0)
                    ok = 1;
                if (!lt && r->kind == K_RAYLEIGH && mpfr_cmp_ui(r->lo, 1) > 0)
                    ok = 1;
            }
            if (ok || (le && ge))
                add_v(c, "v verdict %s", tok[2]);
            else
                reject(c, line, "claim verdict %s: no listed record proves it", tok[2]);
        }
        goto done;
    }

    /* claim <quantity> [z=|r=] lo= hi= lo_by= hi_by= */
    i = 2;
    if (strcmp(q, "sigma_min") == 0 || strcmp(q, "resolvent_norm") == 0)
    {
        field_z(c, zre, zim, tok, nt, i++);
        has_z = 1;
    }
    else if (strcmp(q, "circle_max") == 0)
    {
        field_num(c, rr, tok, nt, i++, "r");
        if (mpq_sgn(rr) <= 0)
            die_malformed(c, "claim circle_max: r must be positive");
        has_r = 1;
    }
    else if (strcmp(q, "norm") != 0 && strcmp(q, "spectral_radius") != 0 && strcmp(q, "kreiss") != 0
             && strcmp(q, "peak") != 0)
        die_malformed(c, "claim: unknown quantity '%.40s'", q);
    at = i;
    if (nt != i + 4)
        die_malformed(c, "claim %s: expected lo=, hi=, lo_by=, hi_by=", q);
    if (!budget_num(c, lo, field(c, tok, nt, i, "lo"), &loinf) || loinf < 0)
        die_malformed(c, "claim: lo must be a number or inf");
    if (!budget_num(c, hi, field(c, tok, nt, i + 1, "hi"), &hiinf) || hiinf < 0)
        die_malformed(c, "claim: hi must be a number or inf");
    if (loinf && !hiinf)
        die_malformed(c, "claim: lo = inf needs hi = inf");
    if (!loinf && !hiinf && mpq_cmp(lo, hi) > 0)
        die_malformed(c, "claim: lo > hi");
    nlo = id_list(c, field(c, tok, nt, i + 2, "lo_by"), &lo_by);
    if (strcmp(q, "norm") == 0 && strcmp(field(c, tok, nt, i + 3, "hi_by"), "zero") == 0)
        hi_zero = 1;
    else
        nhi = id_list(c, field(c, tok, nt, i + 3, "hi_by"), &hi_by);
    if (skip)
        goto done;

    /* the lower side */
    if (!loinf && mpq_sgn(lo) <= 0)
        lo_ok = 1;
    if (!loinf && (strcmp(q, "kreiss") == 0 || strcmp(q, "peak") == 0) && mpq_cmp(lo, one) <= 0)
        lo_ok = 1;  /* K(M) >= 1 (|z| -> inf); P(M) >= ||M^0|| = 1 */
    for (i = 0; i < nlo && !lo_ok; i++)
    {
        rec *r = c->recs + lo_by[i];
        if (strcmp(q, "norm") == 0)
            lo_ok = !loinf && r->kind == K_NORM_VEC && q_le_fr(lo, r->lo);
        else if (strcmp(q, "sigma_min") == 0)
        {
            /* lo^2 <= t */
            mpq_t a;
            mpq_init(a);
            mpq_mul(a, lo, lo);
            lo_ok = !loinf && r->kind == K_GRAM_GE && zeq(r, zre, zim) && mpq_cmp(a, r->t) <= 0;
            mpq_clear(a);
        }
        else if (strcmp(q, "resolvent_norm") == 0)
        {
            if (r->kind == K_NULL_VEC && zeq(r, zre, zim))
                lo_ok = 1;
            else if (!loinf && r->kind == K_SMIN_VEC && zeq(r, zre, zim))
            {
                /* lo <= 1 / ratio_hi */
                mpfr_t x;
                mpfr_init2(x, CK_PREC);
                mpfr_ui_div(x, 1, r->hi, MPFR_RNDD);
                lo_ok = q_le_fr(lo, x);
                mpfr_clear(x);
            }
        }
        else if (strcmp(q, "peak") == 0)
            lo_ok = (r->kind == K_STEIN_GT && mpq_cmp(r->t, one) >= 0)
                    || (!loinf && r->kind == K_POWER_VEC && q_le_fr(lo, r->lo));
        else if (strcmp(q, "spectral_radius") == 0)
            lo_ok = !loinf && ((r->kind == K_STEIN_GT && mpq_cmp(lo, r->t) <= 0)
                               || (r->kind == K_RAYLEIGH && q_le_fr(lo, r->lo)));
        else if (strcmp(q, "circle_max") == 0)
        {
            if (r->kind == K_NULL_VEC && on_circle(r->zre, r->zim, rr))
                lo_ok = 1;
            else if (r->kind == K_POINT && on_circle(r->zre, r->zim, rr))
                lo_ok = r->inf || (!loinf && q_le_fr(lo, r->lo));
        }
        else /* kreiss */
        {
            if (r->kind == K_STEIN_GT && mpq_cmp(r->t, one) >= 0)
                lo_ok = 1;
            else if (!loinf && r->kind == K_POINT)
            {
                /* lo <= (|z| - 1) ratio, |z| > 1 */
                mpfi_t z, t;
                mpfr_t x;
                mpfi_init2(z, CK_PREC);
                mpfi_init2(t, CK_PREC);
                mpfr_init2(x, CK_PREC);
                mpfi_set_q(z, r->zre);
                mpfi_sqr(z, z);
                mpfi_set_q(t, r->zim);
                mpfi_sqr(t, t);
                mpfi_add(z, z, t);
                mpfi_sqrt(z, z);
                mpfi_sub_ui(z, z, 1);
                if (mpfr_sgn(&z->left) > 0 && mpfr_number_p(r->lo))
                {
                    mpfr_mul(x, &z->left, r->lo, MPFR_RNDD);
                    lo_ok = q_le_fr(lo, x);
                }
                mpfi_clear(z);
                mpfi_clear(t);
                mpfr_clear(x);
            }
        }
    }

    /* the upper side */
    if (hiinf)
        hi_ok = 1;
    if (hi_zero)
    {
        long k;
        hi_ok = mpq_sgn(hi) >= 0;
        for (k = 0; k < c->N * c->N && hi_ok; k++)
            hi_ok = mpq_sgn(c->R[k]) == 0;
    }
    if (!hi_ok && strcmp(q, "kreiss") == 0 && nhi > 0)
    {
        /* segments in order, then one tail: cover [1, inf), all <= hi */
        long ns = nhi - 1, k;
        double *a = xmalloc(c, sizeof(double) * (size_t) (ns + 1));
        double *b = xmalloc(c, sizeof(double) * (size_t) (ns + 1));
        double *bd = xmalloc(c, sizeof(double) * (size_t) (ns + 1));
        int ok = KIND(hi_by[ns]) == K_TAIL;
        for (k = 0; k < ns && ok; k++)
        {
            rec *sg = c->recs + hi_by[k];
            ok = sg->kind == K_SEGMENT;
            if (ok)
            {
                a[k] = mpq_get_d(c->recs[sg->ref].r);  /* exact: checked binary64 */
                b[k] = mpq_get_d(c->recs[sg->ref2].r);
                bd[k] = q_round(sg->bound, MPFR_RNDU);
            }
        }
        if (ok)
        {
            rec *tl = c->recs + hi_by[ns];
            bd[ns] = q_round(tl->bound, MPFR_RNDU);
            ok = exact_b64(tl->r) && ck_cover(a, b, (int) ns, mpq_get_d(tl->r))
                 && ck_all_le(bd, (int) ns + 1, q_round(hi, MPFR_RNDD));
        }
        hi_ok = ok;
        free(a);
        free(b);
        free(bd);
    }
    for (i = 0; i < nhi && !hi_ok; i++)
    {
        rec *r = c->recs + hi_by[i];
        if (strcmp(q, "norm") == 0 || (strcmp(q, "spectral_radius") == 0 && r->kind == K_GRAM_LE))
            hi_ok = r->kind == K_GRAM_LE && sq_ge(hi, one, r->t);
        else if (strcmp(q, "sigma_min") == 0)
            hi_ok = (r->kind == K_NULL_VEC && zeq(r, zre, zim) && mpq_sgn(hi) >= 0)
                    || (r->kind == K_SMIN_VEC && zeq(r, zre, zim) && q_ge_fr(hi, r->hi));
        else if (strcmp(q, "resolvent_norm") == 0)
        {
            /* hi >= 1/sqrt(t): hi >= 0 and hi^2 t >= 1 */
            mpq_t a;
            mpq_init(a);
            mpq_mul(a, hi, hi);
            mpq_mul(a, a, r->t);
            hi_ok = r->kind == K_GRAM_GE && zeq(r, zre, zim) && mpq_sgn(hi) > 0 && mpq_sgn(r->t) > 0
                    && mpq_cmp(a, one) >= 0;
            mpq_clear(a);
        }
        else if (strcmp(q, "spectral_radius") == 0)
        {
            if (r->kind == K_STEIN_LT)
                hi_ok = mpq_cmp(hi, r->t) >= 0;
            else if (r->kind == K_SYM_LE || r->kind == K_SYM_GE)
            {
                /* both halves, each with t <= hi */
                long j;
                int le = 0, ge = 0;
                for (j = 0; j < nhi; j++)
                {
                    rec *s2 = c->recs + hi_by[j];
                    if (s2->kind == K_SYM_LE && mpq_cmp(hi, s2->t) >= 0)
                        le = 1;
                    if (s2->kind == K_SYM_GE && mpq_cmp(hi, s2->t) >= 0)
                        ge = 1;
                }
                hi_ok = le && ge;
            }
        }
        else if (strcmp(q, "peak") == 0)
            hi_ok = (r->kind == K_POWER_UPPER && mpq_cmp(r->bound, hi) <= 0)
                    || (r->kind == K_CONTRACTION && mpq_cmp(hi, one) >= 0);
        else if (strcmp(q, "circle_max") == 0)
            hi_ok = r->kind == K_CIRCLE && mpq_equal(r->r, rr) && mpq_cmp(r->U, hi) <= 0;
    }
    if (!lo_ok)
        reject(c, line, "claim %s: lo = %s is not proved by the records in lo_by", q, tok[at] + 3);
    else if (!hi_ok)
        reject(c, line, "claim %s: hi = %s is not proved by the records in hi_by", q, tok[at + 1] + 3);
    else if (has_z || has_r)
        add_v(c, "v %s %s %s @ %s", q, tok[at] + 3, tok[at + 1] + 3, tok[2]);
    else
        add_v(c, "v %s %s %s", q, tok[at] + 3, tok[at + 1] + 3);
done:
    free(lo_by);
    free(hi_by);
    mpq_clear(lo); mpq_clear(hi); mpq_clear(zre); mpq_clear(zim); mpq_clear(rr); mpq_clear(one);
}

/* ------------------------------------------------------------ input */

static void
read_input(ck *c)
{
    char **tok;
    long nt, i, j, n;
    if (!next_record_line(c))
        die_malformed(c, "expected the 'input' line, found the end of the file");
    nt = tokens(c, &tok);
    if (nt != 4 || strcmp(tok[0], "input") != 0)
        die_malformed(c, "expected 'input n=<n> field=<real|complex> entries=<exact|binary64>'");
    c->input_line = c->line;
    n = field_long(c, tok, nt, 1, "n", 1, CK_MAX_N);
    if (strcmp(field(c, tok, nt, 2, "field"), "real") == 0)
        c->cplx = 0;
    else if (strcmp(field(c, tok, nt, 2, "field"), "complex") == 0)
        c->cplx = 1;
    else
        die_malformed(c, "field: expected 'real' or 'complex'");
    if (strcmp(field(c, tok, nt, 3, "entries"), "exact") == 0)
        c->binary64 = 0;
    else if (strcmp(field(c, tok, nt, 3, "entries"), "binary64") == 0)
        c->binary64 = 1;
    else
        die_malformed(c, "entries: expected 'exact' or 'binary64'");
    free(tok);
    c->n = n;
    c->N = c->cplx ? 2 * n : n;
    /* storage grows row by row: a short file cannot make us allocate n^2 */
    for (i = 0; i < n; i++)
    {
        mpq_t *nr;
        if (!read_line(c))
            die_malformed(c, "expected row %ld of the input matrix", i + 1);
        nt = tokens(c, &tok);
        if (nt != (c->cplx ? 2 * n : n) + 1 || strcmp(tok[0], "row") != 0)
            die_malformed(c, "expected 'row' and %ld numbers (row %ld of the input)", c->cplx ? 2 * n : n,
                          i + 1);
        nr = realloc(c->mre, sizeof(mpq_t) * (size_t) (i + 1) * (size_t) n);
        if (nr == NULL)
            die_malformed(c, "out of memory");
        c->mre = nr;
        if (c->cplx)
        {
            nr = realloc(c->mim, sizeof(mpq_t) * (size_t) (i + 1) * (size_t) n);
            if (nr == NULL)
                die_malformed(c, "out of memory");
            c->mim = nr;
        }
        for (j = 0; j < n; j++)
        {
            mpq_init(c->mre[i * n + j]);
            if (c->cplx)
                mpq_init(c->mim[i * n + j]);
        }
        c->nm = (i + 1) * n;
        for (j = 0; j < n; j++)
        {
            num(c, c->mre[i * n + j], tok[1 + (c->cplx ? 2 * j : j)], "matrix entry");
            if (c->cplx)
                num(c, c->mim[i * n + j], tok[2 + 2 * j], "matrix entry");
        }
        free(tok);
    }
    {
        mpq_t zero;
        long L;
        mpq_init(zero);
        /* R = real form of M = -(real form of 0 I - M) */
        c->R = shifted(c, zero, zero, &L);
        for (i = 0; i < L * L; i++)
            mpq_neg(c->R[i], c->R[i]);
        mpq_clear(zero);
        c->Rm = ck_mat_new(L, (const mpq_t *) c->R);
        if (c->Rm == NULL)
            die_malformed(c, "out of memory");
    }
}

/* 0, or 2 when FILE cannot be read (the message printed) */
static int
bind_matrix(ck *c, const char *path)
{
    ck_matrix m;
    char err[1200];
    long i;
    memset(&m, 0, sizeof m);
    if (ck_read_matrix(&m, path, c->binary64, err, sizeof err) != 0)
    {
        printf("s NOT VERIFIED\n");
        fprintf(stderr, "kreiss-check: %s\n", err);
        return 2;
    }
    if (m.n != c->n || (m.is_complex != 0) != (c->cplx != 0))
        reject(c, c->input_line, "--matrix %s is %ldx%ld %s, the certificate is about a %ldx%ld %s matrix", path, m.n,
               m.n, m.is_complex ? "complex" : "real", c->n, c->n, c->cplx ? "complex" : "real");
    else
        for (i = 0; i < c->n * c->n; i++)
            if (!mpq_equal(m.re[i], c->mre[i]) || (c->cplx && !mpq_equal(m.im[i], c->mim[i])))
            {
                reject(c, c->input_line + i / c->n + 1,
                       "--matrix %s differs from the certificate's input at entry (%ld, %ld)", path,
                       i / c->n + 1, i % c->n + 1);
                break;
            }
    ck_matrix_clear(&m);
    return 0;
}

static void
usage(FILE *f)
{
    fprintf(f,
"Usage: kreiss-check CERT [--matrix FILE]\n"
"\n"
"Re-verify a kreiss certificate (certs/FORMAT.md) without trusting kreiss:\n"
"every PD condition with its own Cholesky test, every scalar condition in\n"
"exact or interval arithmetic, the combination of circles with routines\n"
"whose contracts are proved by Frama-C/WP.\n"
"\n"
"  --matrix FILE   accept only if the certificate is about exactly the\n"
"                  matrix in FILE (Matrix Market or .npy), read under the\n"
"                  certificate's entry semantics\n"
"  -h, --help      this text;  -V, --version  the version\n"
"\n"
"Output: comment lines 'c ...', one 'v <quantity> <lo> <hi>' per verified\n"
"claim, then 's VERIFIED' (exit 0); or 's NOT VERIFIED' and the reason\n"
"(exit 1); exit 2 for malformed input or I/O errors.\n");
}

int
main(int argc, char **argv)
{
    ck c;
    const char *cert = NULL, *matrix = NULL;
    int i, ended = 0;
    long nclaims = 0;

    memset(&c, 0, sizeof c);
    c.herm = -1;
    for (i = 1; i < argc; i++)
    {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
        {
            usage(stdout);
            return 0;
        }
        if (strcmp(argv[i], "-V") == 0 || strcmp(argv[i], "--version") == 0)
        {
            printf("kreiss-check (format kreiss-cert %s)\n", CK_VERSION);
            return 0;
        }
        if (strcmp(argv[i], "--matrix") == 0 && i + 1 < argc)
            matrix = argv[++i];
        else if (argv[i][0] == '-' && argv[i][1] != '\0')
        {
            fprintf(stderr, "kreiss-check: unknown option '%s'\n", argv[i]);
            usage(stderr);
            return 2;
        }
        else if (cert == NULL)
            cert = argv[i];
        else
        {
            fprintf(stderr, "kreiss-check: unexpected argument '%s'\n", argv[i]);
            return 2;
        }
    }
    if (cert == NULL)
    {
        usage(stderr);
        return 2;
    }
    c.path = cert;
    c.f = strcmp(cert, "-") == 0 ? stdin : fopen(cert, "r");
    if (c.f == NULL)
    {
        printf("s NOT VERIFIED\n");
        fprintf(stderr, "kreiss-check: %s: %s\n", cert, strerror(errno));
        return 2;
    }
    printf("c kreiss-check: %s\n", cert);
    if (!read_line(&c) || strcmp(c.buf, "kreiss-cert 1") != 0)
        die_malformed(&c, "expected the first line 'kreiss-cert 1'");
    read_input(&c);
    if (matrix != NULL && bind_matrix(&c, matrix) != 0)
    {
        ck_free(&c);
        return 2;
    }
    while (next_record_line(&c))
    {
        char **tok;
        long nt = tokens(&c, &tok);
        int k;
        if (ended)
            die_malformed(&c, "nothing may follow 'end'");
        if (strcmp(tok[0], "end") == 0 && nt == 1)
        {
            ended = 1;
            free(tok);
            continue;
        }
        if (strcmp(tok[0], "claim") == 0)
        {
            do_claim(&c, tok, nt);
            nclaims++;
            free(tok);
            continue;
        }
        for (k = 1; kind_names[k] != NULL; k++)
            if (strcmp(tok[0], kind_names[k]) == 0)
                break;
        if (kind_names[k] == NULL)
            die_malformed(&c, "unknown record '%.40s'", tok[0]);
        do_record(&c, k, tok, nt);
        free(tok);
    }
    if (!ended)
        die_malformed(&c, "missing 'end' (truncated certificate?)");
    if (!c.rejected && nclaims == 0)
        reject(&c, c.line, "the certificate makes no claim");
    if (c.rejected)
    {
        printf("s NOT VERIFIED\nc %s\n", c.why);
        fprintf(stderr, "kreiss-check: %s: not verified: %s\n", cert, c.why);
        ck_free(&c);
        return 1;
    }
    for (i = 0; i < c.nv; i++)
        printf("%s\n", c.vout[i]);
    printf("s VERIFIED\n");
    ck_free(&c);
    return 0;
}
