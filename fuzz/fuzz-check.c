/* libFuzzer target: kreiss-check, the whole program, on a certificate.
 *
 * src/check/{main,pd,combine,readmat}.c are compiled unchanged with
 * -include fuzz/ck-hooks.h (see there): main is ck_main, exit() longjmps
 * back here, every allocation is tracked so that what a run leaves behind
 * (the longjmp abandons whatever was live on the stack) is freed after it,
 * and fopen() reads the fuzzer's bytes.  Nothing is written to disk and nothing is printed.  So one process runs millions
 * of certificates, with ASan/UBSan watching every one; only leak detection
 * is meaningless for this target (run.sh passes -detect_leaks=0).
 *
 * Oracles, besides the sanitizers:
 *  - the exit status is 0, 1 or 2, and it agrees with the verdict line
 *    printed on standard output (0 exactly when "s VERIFIED" was printed);
 *  - when a certificate is VERIFIED, its claims are compared with floating-
 *    point values of the matrix in the certificate (LAPACK singular values
 *    of zI - M, traces of powers, resolvent norms sampled on circles, norms
 *    of the powers for the transient peak), with
 *    a generous slack: a verified claim that is wrong by more than the
 *    slack is a soundness bug of the checker and aborts.  These checks are
 *    one-sided where only one side can be bounded cheaply (see
 *    check_claim). */
#include <complex.h>
#include <fenv.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gmp.h>
#include <lapacke.h>
#include <mpfr.h>

#define FZ_CHECK(cond)                                                       \
    do                                                                       \
    {                                                                        \
        if (!(cond))                                                         \
        {                                                                    \
            fprintf(stderr, "fuzz-check: check failed: %s (line %d)\n",      \
                    #cond, __LINE__);                                        \
            abort();                                                         \
        }                                                                    \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);
int ck_main(int argc, char **argv);

/* ------------------------------------------------------------ the hooks */

/* Every live block of the checker (and of GMP/MPFR/MPFI) is on this list. */
typedef union fz_block
{
    struct
    {
        union fz_block *prev, *next;
        size_t size;
        unsigned long magic;
    } h;
    max_align_t align;
} fz_block;

#define FZ_MAGIC 0x6b72656973736662UL

static fz_block fz_live = {{&fz_live, &fz_live, 0, FZ_MAGIC}};
static long fz_nlive;

static void *
fz_link(fz_block *b, size_t n)
{
    if (b == NULL)
        return NULL;
    b->h.size = n;
    b->h.magic = FZ_MAGIC;
    b->h.next = fz_live.h.next;
    b->h.prev = &fz_live;
    fz_live.h.next->h.prev = b;
    fz_live.h.next = b;
    fz_nlive++;
    return b + 1;
}

static fz_block *
fz_unlink(void *p)
{
    fz_block *b = (fz_block *) p - 1;
    if (b->h.magic != FZ_MAGIC)
    {
        /* src/check/ got memory from an allocator the hooks do not know
         * (add it to fuzz/ck-hooks.h) */
        fprintf(stderr, "fuzz-check: free() of a block not allocated through fuzz/ck-hooks.h\n");
        abort();
    }
    b->h.magic = 0;
    b->h.prev->h.next = b->h.next;
    b->h.next->h.prev = b->h.prev;
    fz_nlive--;
    return b;
}

void *
ck_fz_malloc(size_t n)
{
    if (n > SIZE_MAX - sizeof(fz_block))
        return NULL;
    return fz_link(malloc(sizeof(fz_block) + n), n);
}

void *
ck_fz_calloc(size_t n, size_t size)
{
    void *p;
    if (size != 0 && n > (SIZE_MAX - sizeof(fz_block)) / size)
        return NULL;
    p = ck_fz_malloc(n * size);
    if (p != NULL)
        memset(p, 0, n * size);
    return p;
}

void
ck_fz_free(void *p)
{
    if (p != NULL)
        free(fz_unlink(p));
}

void *
ck_fz_realloc(void *p, size_t n)
{
    fz_block *b, *nb;
    if (p == NULL)
        return ck_fz_malloc(n);
    if (n > SIZE_MAX - sizeof(fz_block))
        return NULL;
    b = fz_unlink(p);
    nb = realloc(b, sizeof(fz_block) + n);
    if (nb == NULL)
    {
        /* the old block is still valid: put it back */
        fz_link(b, b->h.size);
        return NULL;
    }
    return fz_link(nb, n);
}

char *
ck_fz_strdup(const char *s)
{
    size_t n = strlen(s);
    char *d = ck_fz_malloc(n + 1);
    if (d != NULL)
        memcpy(d, s, n + 1);
    return d;
}

char *
ck_fz_strndup(const char *s, size_t n)
{
    size_t k = strnlen(s, n);
    char *d = ck_fz_malloc(k + 1);
    if (d != NULL)
    {
        memcpy(d, s, k);
        d[k] = '\0';
    }
    return d;
}

int
ck_fz_vasprintf(char **out, const char *fmt, va_list ap)
{
    va_list aq;
    int n;
    char *d;
    va_copy(aq, ap);
    n = vsnprintf(NULL, 0, fmt, aq);
    va_end(aq);
    if (n < 0 || (d = ck_fz_malloc((size_t) n + 1)) == NULL)
        return -1;
    vsnprintf(d, (size_t) n + 1, fmt, ap);
    *out = d;
    return n;
}

int
ck_fz_asprintf(char **out, const char *fmt, ...)
{
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = ck_fz_vasprintf(out, fmt, ap);
    va_end(ap);
    return n;
}

static void *
fz_gmp_alloc(size_t n)
{
    void *p = ck_fz_malloc(n);
    if (p == NULL)
    {
        fprintf(stderr, "fuzz-check: GMP allocation of %zu bytes failed\n", n);
        abort(); /* as GMP itself does */
    }
    return p;
}

static void *
fz_gmp_realloc(void *p, size_t old, size_t n)
{
    void *q = ck_fz_realloc(p, n);
    (void) old;
    if (q == NULL)
        abort();
    return q;
}

static void
fz_gmp_free(void *p, size_t n)
{
    (void) n;
    ck_fz_free(p);
}

/* The input of the current run, opened by the checker's fopen(). */
static const uint8_t *fz_data;
static size_t fz_size;
static FILE *fz_open[4];

FILE *
ck_fz_fopen(const char *path, const char *mode)
{
    int k;
    FILE *f;
    (void) path;
    (void) mode;
    for (k = 0; k < 4 && fz_open[k] != NULL; k++)
        ;
    FZ_CHECK(k < 4);
    f = fmemopen((void *) fz_data, fz_size, "r");
    FZ_CHECK(f != NULL);
    fz_open[k] = f;
    return f;
}

int
ck_fz_fclose(FILE *f)
{
    int k;
    for (k = 0; k < 4; k++)
        if (fz_open[k] == f)
            fz_open[k] = NULL;
    return fclose(f);
}

static jmp_buf fz_jmp;
static int fz_in_run;

void
ck_fz_exit(int status)
{
    FZ_CHECK(fz_in_run);
    /* longjmp cannot carry 0: status + 1 */
    longjmp(fz_jmp, status + 1);
}

/* Standard output and error: formatted (so that a bad argument is still
 * caught by the sanitizers) and discarded; the verdict lines are noted. */
static int fz_said_verified, fz_said_not_verified;

static int
fz_vout(FILE *f, const char *fmt, va_list ap)
{
    char buf[8192];
    int n;
    if (f != stdout && f != stderr)
        return vfprintf(f, fmt, ap);
    n = vsnprintf(buf, sizeof buf, fmt, ap);
    if (f == stdout)
    {
        const char *p = buf;
        /* "s VERIFIED" / "s NOT VERIFIED" may follow other lines */
        for (;;)
        {
            if (strncmp(p, "s VERIFIED", 10) == 0)
                fz_said_verified = 1;
            if (strncmp(p, "s NOT VERIFIED", 14) == 0)
                fz_said_not_verified = 1;
            p = strchr(p, '\n');
            if (p == NULL || *++p == '\0')
                break;
        }
    }
    return n;
}

int
ck_fz_vfprintf(FILE *f, const char *fmt, va_list ap)
{
    return fz_vout(f, fmt, ap);
}

int
ck_fz_fprintf(FILE *f, const char *fmt, ...)
{
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = fz_vout(f, fmt, ap);
    va_end(ap);
    return n;
}

int
ck_fz_printf(const char *fmt, ...)
{
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = fz_vout(stdout, fmt, ap);
    va_end(ap);
    return n;
}

int
ck_fz_fputc(int c, FILE *f)
{
    if (f == stdout || f == stderr)
        return (unsigned char) c;
    return fputc(c, f);
}

int
ck_fz_fputs(const char *s, FILE *f)
{
    if (f == stdout || f == stderr)
        return ck_fz_fprintf(f, "%s", s);
    return fputs(s, f);
}

int
ck_fz_puts(const char *s)
{
    return ck_fz_printf("%s\n", s);
}

/* Free everything the run left behind. */
static void
fz_reset(void)
{
    int k;
    for (k = 0; k < 4; k++)
        if (fz_open[k] != NULL)
        {
            fclose(fz_open[k]);
            fz_open[k] = NULL;
        }
    mpfr_free_cache(); /* MPFR's constants and mpz pool live in tracked blocks */
    while (fz_live.h.next != &fz_live)
        free(fz_unlink(fz_live.h.next + 1));
    FZ_CHECK(fz_nlive == 0);
    fesetround(FE_TONEAREST);
}

/* ------------------------------------------------------------ the oracle */

/* A number of the certificate format (certs/FORMAT.md §1), as a double
 * (rounded to nearest; inf for "inf" or beyond the range). */
static double
fz_num(const char *s)
{
    mpfr_t x;
    mpz_t m;
    mpq_t q;
    double d;
    int neg = 0;
    const char *p;
    if (*s == '+' || *s == '-')
        neg = *s++ == '-';
    if (strcmp(s, "inf") == 0)
        return neg ? -INFINITY : INFINITY;
    mpfr_init2(x, 64);
    if ((p = strchr(s, '/')) != NULL)
    {
        mpq_init(q);
        FZ_CHECK(mpq_set_str(q, s, 10) == 0);
        mpfr_set_q(x, q, MPFR_RNDN);
        mpq_clear(q);
    }
    else if ((p = strchr(s, 'p')) != NULL)
    {
        char *a = strndup(s, (size_t) (p - s));
        mpz_init(m);
        FZ_CHECK(a != NULL && mpz_set_str(m, a, 10) == 0);
        mpfr_set_z(x, m, MPFR_RNDN);
        mpfr_mul_2si(x, x, strtol(p + 1, NULL, 10), MPFR_RNDN);
        mpz_clear(m);
        free(a);
    }
    else
        FZ_CHECK(mpfr_set_str(x, s, 10, MPFR_RNDN) == 0);
    d = mpfr_get_d(x, MPFR_RNDN);
    mpfr_clear(x);
    return neg ? -d : d;
}

/* The value of "key=..." among the tokens, or NULL. */
static const char *
fz_field(char **tok, int nt, const char *key)
{
    size_t k = strlen(key);
    int i;
    for (i = 0; i < nt; i++)
        if (strncmp(tok[i], key, k) == 0 && tok[i][k] == '=')
            return tok[i] + k + 1;
    return NULL;
}

typedef struct
{
    int n;
    double complex *m; /* n*n, column-major */
    double fro;        /* Frobenius norm */
} fz_mat;

/* Singular values of zI - M (descending), or 0 if LAPACK failed. */
static int
fz_svd(double *s, const fz_mat *M, double complex z)
{
    int n = M->n, i;
    double complex *a = malloc(sizeof(double complex) * (size_t) (n * n));
    double *superb = malloc(sizeof(double) * (size_t) (n > 1 ? n : 2));
    lapack_int info;
    FZ_CHECK(a != NULL && superb != NULL);
    for (i = 0; i < n * n; i++)
        a[i] = -M->m[i];
    for (i = 0; i < n; i++)
        a[i + i * n] += z;
    info = LAPACKE_zgesvd(LAPACK_COL_MAJOR, 'N', 'N', n, n, (lapack_complex_double *) a, n, s,
                          NULL, 1, NULL, 1, superb);
    free(a);
    free(superb);
    for (i = 0; info == 0 && i < n; i++)
        if (!isfinite(s[i]))
            info = 1;
    return info == 0;
}

/* A lower bound of the spectral radius: rho^k >= |tr(M^k)| / n, k = 1..6,
 * minus the rounding error of the trace. */
static double
fz_rho_lower(const fz_mat *M)
{
    int n = M->n, k, i, j, l;
    double complex *p = malloc(sizeof(double complex) * (size_t) (n * n));
    double complex *t = malloc(sizeof(double complex) * (size_t) (n * n));
    double best = 0, fk = 1;
    FZ_CHECK(p != NULL && t != NULL);
    memcpy(p, M->m, sizeof(double complex) * (size_t) (n * n));
    for (k = 1; k <= 6; k++)
    {
        double complex tr = 0;
        double v;
        fk *= M->fro;
        for (i = 0; i < n; i++)
            tr += p[i + i * n];
        v = cabs(tr) / n - 1e-9 * fk;
        if (isfinite(v) && v > 0 && pow(v, 1.0 / k) > best)
            best = pow(v, 1.0 / k);
        /* p := p M */
        for (i = 0; i < n; i++)
            for (j = 0; j < n; j++)
            {
                double complex acc = 0;
                for (l = 0; l < n; l++)
                    acc += p[i + l * n] * M->m[l + j * n];
                t[i + j * n] = acc;
            }
        memcpy(p, t, sizeof(double complex) * (size_t) (n * n));
    }
    free(p);
    free(t);
    return best;
}

/* A lower bound of max over |z| = r of ||(zI - M)^-1|| (times the weight
 * r - 1 when weighted), from 256 points: each 1/(sigma_min + slack). */
static double
fz_circle_lower(const fz_mat *M, double r, int weighted, double *s)
{
    int k;
    double best = 0;
    for (k = 0; k < 256; k++)
    {
        double th = 2 * M_PI * k / 256;
        double complex z = r * cos(th) + I * r * sin(th);
        double v, slack = 1e-9 * (M->fro + r);
        if (!fz_svd(s, M, z))
            continue;
        v = 1 / (s[M->n - 1] + slack);
        if (weighted)
            v *= r - 1;
        if (v > best)
            best = v;
    }
    return best;
}

/* A lower bound of the transient peak P = sup_t ||M^t|| from the powers
 * t <= 400 (in binary64, each ||M^t|| less a slack); it stops once a power
 * has norm below 1, after which no power exceeds the earlier ones. */
static double
fz_peak_lower(const fz_mat *M, double *s)
{
    int n = M->n, t, i, j, l;
    double complex *x = malloc(sizeof(double complex) * (size_t) (n * n));
    double complex *y = malloc(sizeof(double complex) * (size_t) (n * n));
    double best = 1, fro_t = 1;
    fz_mat X = {n, x, 0};
    FZ_CHECK(x != NULL && y != NULL);
    memcpy(x, M->m, sizeof(double complex) * (size_t) (n * n));
    for (t = 1; t <= 400; t++)
    {
        double v;
        fro_t *= M->fro; /* ||M||_F^t >= ||M^t||: the scale of the rounding error */
        if (!isfinite(fro_t) || !fz_svd(s, &X, 0))
            break;
        /* fz_svd gives the singular values of 0 I - X, those of X */
        v = s[0] - 1e-12 * (n + 1) * t * fro_t; /* >> t n u |||M|||^t */
        if (v > best)
            best = v;
        if (s[0] < 0.5)
            break;
        for (i = 0; i < n; i++)
            for (j = 0; j < n; j++)
            {
                double complex acc = 0;
                for (l = 0; l < n; l++)
                    acc += M->m[i + l * n] * x[l + j * n];
                y[i + j * n] = acc;
            }
        memcpy(x, y, sizeof(double complex) * (size_t) (n * n));
    }
    free(x);
    free(y);
    return best;
}

static void
fz_fail_claim(const char *q, const char *why, double lo, double hi, double ref)
{
    fprintf(stderr,
            "fuzz-check: kreiss-check VERIFIED a false claim: %s: %s "
            "(lo %.17g, hi %.17g, floating-point reference %.17g)\n",
            q, why, lo, hi, ref);
    abort();
}

static void
check_claim(const fz_mat *M, char **tok, int nt, double *s)
{
    const char *q = tok[1], *v;
    double lo, hi, normM, slackM;
    if (strcmp(q, "verdict") == 0)
    {
        double rl = fz_rho_lower(M);
        if (nt >= 3 && strcmp(tok[2], "rho<1") == 0 && rl >= 1)
            fz_fail_claim("verdict rho<1", "rho >= |tr(M^k)/n|^(1/k) >= 1", 0, 1, rl);
        if (nt >= 3 && strcmp(tok[2], "rho>1") == 0 && fz_svd(s, M, 0)
            && s[0] + 1e-9 * M->fro <= 1)
            fz_fail_claim("verdict rho>1", "rho <= ||M|| < 1", 1, INFINITY, s[0]);
        return;
    }
    if ((v = fz_field(tok, nt, "lo")) == NULL)
        return;
    lo = fz_num(v);
    if ((v = fz_field(tok, nt, "hi")) == NULL)
        return;
    hi = fz_num(v);
    if (!fz_svd(s, M, 0))
        return;
    normM = s[0];
    slackM = 1e-9 * M->fro + 1e-300;
    if (strcmp(q, "norm") == 0)
    {
        if (lo > normM + slackM)
            fz_fail_claim(q, "lo > ||M||", lo, hi, normM);
        if (hi < normM - slackM)
            fz_fail_claim(q, "hi < ||M||", lo, hi, normM);
    }
    else if (strcmp(q, "spectral_radius") == 0)
    {
        double rl = fz_rho_lower(M);
        if (lo > normM + slackM)
            fz_fail_claim(q, "lo > ||M|| >= rho", lo, hi, normM);
        if (hi < rl)
            fz_fail_claim(q, "hi < |tr(M^k)/n|^(1/k) <= rho", lo, hi, rl);
    }
    else if (strcmp(q, "sigma_min") == 0 || strcmp(q, "resolvent_norm") == 0)
    {
        const char *zs = fz_field(tok, nt, "z"), *comma;
        char *re;
        double complex z;
        double sm, slack;
        if (zs == NULL || (comma = strchr(zs, ',')) == NULL)
            return;
        re = strndup(zs, (size_t) (comma - zs));
        FZ_CHECK(re != NULL);
        z = fz_num(re) + I * fz_num(comma + 1);
        free(re);
        if (!isfinite(creal(z)) || !isfinite(cimag(z)) || !fz_svd(s, M, z))
            return;
        sm = s[M->n - 1];
        slack = 1e-9 * (M->fro + cabs(z)) + 1e-300;
        if (strcmp(q, "sigma_min") == 0)
        {
            if (lo > sm + slack)
                fz_fail_claim(q, "lo > sigma_min(zI - M)", lo, hi, sm);
            if (hi < sm - slack)
                fz_fail_claim(q, "hi < sigma_min(zI - M)", lo, hi, sm);
        }
        else
        {
            if (hi < 1 / (sm + slack))
                fz_fail_claim(q, "hi < 1/sigma_min(zI - M)", lo, hi, 1 / sm);
            if (sm > slack && lo > 1 / (sm - slack))
                fz_fail_claim(q, "lo > 1/sigma_min(zI - M)", lo, hi, 1 / sm);
        }
    }
    else if (strcmp(q, "circle_max") == 0)
    {
        double r, cl;
        if ((v = fz_field(tok, nt, "r")) == NULL)
            return;
        r = fz_num(v);
        if (!(r > 0 && isfinite(r)))
            return;
        cl = fz_circle_lower(M, r, 0, s);
        if (hi < cl)
            fz_fail_claim(q, "hi < sampled ||(zI - M)^-1|| on |z| = r", lo, hi, cl);
        if (r > normM + slackM && lo > 1 / (r - normM - slackM))
            fz_fail_claim(q, "lo > 1/(r - ||M||)", lo, hi, 1 / (r - normM));
    }
    else if (strcmp(q, "peak") == 0)
    {
        double pl = fz_peak_lower(M, s);
        if (hi < pl)
            fz_fail_claim(q, "hi < max_t ||M^t|| (t <= 400)", lo, hi, pl);
        if (fz_svd(s, M, 0) && s[0] + slackM <= 1 && lo > 1 + 1e-9)
            fz_fail_claim(q, "lo > 1 = P for ||M|| < 1", lo, hi, 1);
    }
    else if (strcmp(q, "kreiss") == 0)
    {
        static const double radii[] = {1.0001, 1.001, 1.01, 1.05, 1.1, 1.3, 1.6, 2, 3, 5};
        unsigned k;
        if (hi < 1 - 1e-12)
            fz_fail_claim(q, "hi < 1 <= K(M)", lo, hi, 1);
        for (k = 0; k < sizeof radii / sizeof radii[0]; k++)
        {
            double cl = fz_circle_lower(M, radii[k], 1, s);
            if (hi < cl)
                fz_fail_claim(q, "hi < sampled (|z| - 1) ||(zI - M)^-1||", lo, hi, cl);
        }
    }
}

/* Split a line (in place) at spaces. */
static int
fz_tokens(char *line, char **tok, int max)
{
    int n = 0;
    char *p = line;
    for (;;)
    {
        while (*p == ' ')
            p++;
        if (*p == '\0' || n == max)
            return n;
        tok[n++] = p;
        while (*p != ' ' && *p != '\0')
            p++;
        if (*p == ' ')
            *p++ = '\0';
    }
}

/* The certificate was VERIFIED: its matrix and its claims, in floating
 * point. */
static void
fz_oracle(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1), *line, *save = NULL;
    fz_mat M = {0, NULL, 0};
    int row = -1, cplx = 0;
    double *s = NULL;
    enum { MAXTOK = 4096 };
    char **tok = malloc(sizeof(char *) * MAXTOK);

    FZ_CHECK(text != NULL && tok != NULL);
    memcpy(text, data, size);
    text[size] = '\0';
    for (line = strtok_r(text, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save))
    {
        int nt = fz_tokens(line, tok, MAXTOK), j;
        if (nt == 0)
            continue;
        if (M.n == 0 && strcmp(tok[0], "input") == 0)
        {
            const char *nv = fz_field(tok, nt, "n"), *fv = fz_field(tok, nt, "field");
            FZ_CHECK(nv != NULL && fv != NULL);
            M.n = atoi(nv);
            if (M.n <= 0 || M.n > 64)
                break; /* too large for this oracle */
            cplx = strcmp(fv, "complex") == 0;
            M.m = calloc((size_t) (M.n * M.n), sizeof(double complex));
            s = malloc(sizeof(double) * (size_t) M.n);
            FZ_CHECK(M.m != NULL && s != NULL);
            row = 0;
            continue;
        }
        if (row >= 0 && row < M.n)
        {
            FZ_CHECK(strcmp(tok[0], "row") == 0 && nt == 1 + (cplx ? 2 : 1) * M.n);
            for (j = 0; j < M.n; j++)
            {
                double complex x = cplx ? fz_num(tok[1 + 2 * j]) + I * fz_num(tok[2 + 2 * j])
                                        : fz_num(tok[1 + j]);
                M.m[row + j * M.n] = x;
                M.fro = hypot(M.fro, cabs(x));
            }
            row++;
            continue;
        }
        if (row == M.n && strcmp(tok[0], "claim") == 0 && nt >= 2 && isfinite(M.fro))
            check_claim(&M, tok, nt, s);
    }
    free(M.m);
    free(s);
    free(tok);
    free(text);
}

/* ------------------------------------------------------------ the run */

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void) argc;
    (void) argv;
    mp_set_memory_functions(fz_gmp_alloc, fz_gmp_realloc, fz_gmp_free);
    return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char arg0[] = "kreiss-check", arg1[] = "fuzz.cert";
    char *argv[] = {arg0, arg1, NULL};
    volatile int rc;
    int j;

    fz_data = data;
    fz_size = size;
    fz_said_verified = fz_said_not_verified = 0;
    fz_in_run = 1;
    j = setjmp(fz_jmp);
    if (j == 0)
        rc = ck_main(2, argv);
    else
        rc = j - 1;
    fz_in_run = 0;
    fz_reset();

    FZ_CHECK(rc == 0 || rc == 1 || rc == 2);
    FZ_CHECK((rc == 0) == (fz_said_verified && !fz_said_not_verified));
    FZ_CHECK(rc == 0 || fz_said_not_verified);
    /* KREISS_FUZZ_ORACLE_SELFTEST=1: apply the oracle to every input (to
     * see it catch a false claim in a certificate the checker refuses) */
    if (rc == 0 || getenv("KREISS_FUZZ_ORACLE_SELFTEST") != NULL)
        fz_oracle(data, size);
    return 0;
}
