/* kreiss-check's positive-definiteness layer (src/check/pd.c).
 *
 * Exact rational matrices with known spectra (Householder reflections with
 * rational vectors are exactly orthogonal): well-separated positive
 * definite ones must be proved (by binary64), near-singular positive
 * definite ones must be proved by MPFI and not by binary64, and matrices
 * with an eigenvalue 0 or -1e-20 (relative) must never be proved by any
 * function at any precision hint.  The truth of every small example is
 * decided here in exact rational arithmetic (signs of characteristic
 * polynomials), never by the functions under test.
 *
 * Seed: KREISS_TEST_SEED (printed). */
#include <fenv.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gmp.h>
#include <mpfr.h>
#if defined(__SSE__) && (defined(__x86_64__) || defined(__i386__))
#include <xmmintrin.h>
#define T_HAVE_MXCSR 1
#endif

#include "tap.h"
#include "pd.h"

/* Whether this platform honours fesetround for binary64 arithmetic
 * (valgrind, for one, does not): if not, the binary64 path must decline
 * and MPFI decides everything; the checks that name the binary64 path are
 * then relaxed to "proved" (soundness checks are unchanged). */
static int f64_ok = 1;

static int
directed_rounding_works(void)
{
    volatile double one = 1.0, tiny = 0x1p-60, up, dn;
    int r = 1;
    if (fesetround(FE_UPWARD) != 0)
        r = 0;
    up = one + tiny;
    if (fesetround(FE_DOWNWARD) != 0)
        r = 0;
    dn = one + tiny;
    fesetround(FE_TONEAREST);
    return r && up > 1.0 && dn == 1.0;
}

/* ---------------------------------------------------------------- */
/* Random numbers (splitmix64)                                         */

typedef struct
{
    uint64_t s;
} rng_t;

static uint64_t
rng_next(rng_t *g)
{
    uint64_t z = (g->s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* uniform in [lo, hi] */
static long
rng_int(rng_t *g, long lo, long hi)
{
    return lo + (long) (rng_next(g) % (uint64_t) (hi - lo + 1));
}

/* ---------------------------------------------------------------- */
/* Exact rational matrices                                            */

typedef struct
{
    long n;
    mpq_t *a;
} qm;

#define E(M, i, j) ((M)->a[(i) * (M)->n + (j)])

static void
qm_init(qm *M, long n)
{
    long i;
    M->n = n;
    M->a = malloc(sizeof(mpq_t) * (size_t) (n * n > 0 ? n * n : 1));
    if (M->a == NULL)
        bail("out of memory");
    for (i = 0; i < n * n; i++)
        mpq_init(M->a[i]);
}

static void
qm_clear(qm *M)
{
    long i;
    for (i = 0; i < M->n * M->n; i++)
        mpq_clear(M->a[i]);
    free(M->a);
}

static void
qm_identity(qm *M)
{
    long i, j;
    for (i = 0; i < M->n; i++)
        for (j = 0; j < M->n; j++)
            mpq_set_si(E(M, i, j), i == j, 1);
}

/* C = A B (C distinct from A and B) */
static void
qm_mul(qm *C, const qm *A, const qm *B)
{
    long i, j, k, n = A->n;
    mpq_t t;
    mpq_init(t);
    for (i = 0; i < n; i++)
        for (j = 0; j < n; j++)
        {
            mpq_set_si(E(C, i, j), 0, 1);
            for (k = 0; k < n; k++)
            {
                mpq_mul(t, E(A, i, k), E(B, k, j));
                mpq_add(E(C, i, j), E(C, i, j), t);
            }
        }
    mpq_clear(t);
}

static void
qm_transpose(qm *T, const qm *A)
{
    long i, j;
    for (i = 0; i < A->n; i++)
        for (j = 0; j < A->n; j++)
            mpq_set(E(T, j, i), E(A, i, j));
}

static void
qm_copy(qm *T, const qm *A)
{
    long i;
    for (i = 0; i < A->n * A->n; i++)
        mpq_set(T->a[i], A->a[i]);
}

static void
qm_neg(qm *A)
{
    long i;
    for (i = 0; i < A->n * A->n; i++)
        mpq_neg(A->a[i], A->a[i]);
}

static ck_mat *
ck_from(const qm *M)
{
    ck_mat *C = ck_mat_new(M->n, (const mpq_t *) M->a);
    if (C == NULL)
        bail("ck_mat_new failed");
    return C;
}

/* A random exactly orthogonal matrix: a product of three Householder
 * reflections I - 2 v v^T / (v^T v) with small rational v. */
static void
random_orthogonal(qm *Q, rng_t *g)
{
    long n = Q->n, i, j, r;
    qm H, T;
    mpq_t *v, vv, t;
    qm_init(&H, n);
    qm_init(&T, n);
    v = malloc(sizeof(mpq_t) * (size_t) n);
    mpq_init(vv);
    mpq_init(t);
    for (i = 0; i < n; i++)
        mpq_init(v[i]);
    qm_identity(Q);
    for (r = 0; r < 3; r++)
    {
        mpq_set_si(vv, 0, 1);
        for (i = 0; i < n; i++)
        {
            mpq_set_si(v[i], rng_int(g, -9, 9), (unsigned long) rng_int(g, 1, 7));
            mpq_canonicalize(v[i]);
            mpq_mul(t, v[i], v[i]);
            mpq_add(vv, vv, t);
        }
        if (mpq_sgn(vv) == 0)
            continue;
        for (i = 0; i < n; i++)
            for (j = 0; j < n; j++)
            {
                mpq_mul(t, v[i], v[j]);
                mpq_div(t, t, vv);
                mpq_add(t, t, t);
                mpq_set_si(E(&H, i, j), i == j, 1);
                mpq_sub(E(&H, i, j), E(&H, i, j), t);
            }
        qm_mul(&T, Q, &H);
        qm_copy(Q, &T);
    }
    for (i = 0; i < n; i++)
        mpq_clear(v[i]);
    free(v);
    mpq_clear(vv);
    mpq_clear(t);
    qm_clear(&H);
    qm_clear(&T);
}

/* M = U diag(d) V^T */
static void
qm_usv(qm *M, const qm *U, const mpq_t *d, const qm *V)
{
    long n = M->n, i, j;
    qm D, T, Vt;
    qm_init(&D, n);
    qm_init(&T, n);
    qm_init(&Vt, n);
    for (i = 0; i < n; i++)
        for (j = 0; j < n; j++)
            mpq_set_si(E(&D, i, j), 0, 1);
    for (i = 0; i < n; i++)
        mpq_set(E(&D, i, i), d[i]);
    qm_mul(&T, U, &D);
    qm_transpose(&Vt, V);
    qm_mul(M, &T, &Vt);
    qm_clear(&D);
    qm_clear(&T);
    qm_clear(&Vt);
}

/* H = Q diag(d) Q^T with a random orthogonal Q */
static void
sym_from_spectrum(qm *H, const mpq_t *d, rng_t *g)
{
    qm Q;
    qm_init(&Q, H->n);
    random_orthogonal(&Q, g);
    qm_usv(H, &Q, d, &Q);
    qm_clear(&Q);
}

/* q = num/den * 10^-e */
static void
q_set_pow10(mpq_t q, long num, long den, unsigned long e)
{
    mpz_t p;
    mpz_init(p);
    mpz_ui_pow_ui(p, 10, e);
    mpq_set_si(q, num, (unsigned long) den);
    mpq_canonicalize(q);
    mpz_mul(mpq_denref(q), mpq_denref(q), p);
    mpq_canonicalize(q);
    mpz_clear(p);
}

static int
has(const char *why, const char *s)
{
    return strstr(why, s) != NULL;
}

/* why names the binary64 path (or that path is unavailable here) */
static int
has64(const char *why, const char *s)
{
    return !f64_ok || strstr(why, s) != NULL;
}

/* ---------------------------------------------------------------- */
/* Dense complex 2x2 helpers and the doubling algorithm (test only)   */

/* X for the KYP test: maximal solution of X + A^T X^-1 A = Q (real, N x N,
 * row-major doubles) by structure-preserving doubling, MATH.md section 4:
 * A0 = H1^T, Q0 = H0(eps1), P0 = 0; W = (Q - P)^-1; A <- A W A,
 * Q <- Q - A^T W A, P <- P + A W A^T.  Plain Gauss-Jordan inverse. */
static int
inv_d(double *Wm, const double *M, long n)
{
    long i, j, k;
    double *a = malloc(sizeof(double) * (size_t) (2 * n * n));
    for (i = 0; i < n; i++)
        for (j = 0; j < 2 * n; j++)
            a[i * 2 * n + j] = j < n ? M[i * n + j] : (j - n == i);
    for (k = 0; k < n; k++)
    {
        long p = k;
        double piv;
        for (i = k + 1; i < n; i++)
            if (fabs(a[i * 2 * n + k]) > fabs(a[p * 2 * n + k]))
                p = i;
        if (a[p * 2 * n + k] == 0)
        {
            free(a);
            return 0;
        }
        for (j = 0; j < 2 * n; j++)
        {
            double t = a[k * 2 * n + j];
            a[k * 2 * n + j] = a[p * 2 * n + j];
            a[p * 2 * n + j] = t;
        }
        piv = a[k * 2 * n + k];
        for (j = 0; j < 2 * n; j++)
            a[k * 2 * n + j] /= piv;
        for (i = 0; i < n; i++)
            if (i != k)
            {
                double f = a[i * 2 * n + k];
                for (j = 0; j < 2 * n; j++)
                    a[i * 2 * n + j] -= f * a[k * 2 * n + j];
            }
    }
    for (i = 0; i < n; i++)
        for (j = 0; j < n; j++)
            Wm[i * n + j] = a[i * 2 * n + n + j];
    free(a);
    return 1;
}

static void
mul_d(double *C, const double *A, int ta, const double *B, int tb, long n)
{
    long i, j, k;
    for (i = 0; i < n; i++)
        for (j = 0; j < n; j++)
        {
            double s = 0;
            for (k = 0; k < n; k++)
                s += (ta ? A[k * n + i] : A[i * n + k]) * (tb ? B[j * n + k] : B[k * n + j]);
            C[i * n + j] = s;
        }
}

/* X (N x N) for L(X) with R, r, and eps1^2 = t1. */
static int
sda_x(double *X, const double *R, long N, double r, double t1, int steps)
{
    size_t sz = sizeof(double) * (size_t) (N * N);
    double *A = malloc(sz), *Q = malloc(sz), *P = malloc(sz), *W = malloc(sz);
    double *T1 = malloc(sz), *T2 = malloc(sz), *D = malloc(sz);
    long i, j, it;
    int okk = 1;
    mul_d(Q, R, 1, R, 0, N); /* R^T R */
    for (i = 0; i < N; i++)
    {
        Q[i * N + i] += r * r - t1;
        for (j = 0; j < N; j++)
        {
            A[i * N + j] = -r * R[i * N + j]; /* A0 = H1^T = -r R */
            P[i * N + j] = 0;
        }
    }
    for (it = 0; it < steps && okk; it++)
    {
        for (i = 0; i < N * N; i++)
            D[i] = Q[i] - P[i];
        okk = inv_d(W, D, N);
        if (!okk)
            break;
        mul_d(T1, W, 0, A, 0, N);  /* W A */
        mul_d(T2, A, 1, T1, 0, N); /* A^T W A */
        for (i = 0; i < N * N; i++)
            Q[i] -= T2[i];
        mul_d(T2, W, 0, A, 1, N);  /* W A^T */
        mul_d(D, A, 0, T2, 0, N);  /* A W A^T */
        for (i = 0; i < N * N; i++)
            P[i] += D[i];
        mul_d(D, A, 0, T1, 0, N);  /* A W A */
        memcpy(A, D, sz);
    }
    for (i = 0; i < N; i++) /* symmetrise */
        for (j = 0; j < N; j++)
            X[i * N + j] = 0.5 * (Q[i * N + j] + Q[j * N + i]);
    free(A);
    free(Q);
    free(P);
    free(W);
    free(T1);
    free(T2);
    free(D);
    return okk;
}

static ck_mat *
ck_from_d(const double *x, long n)
{
    qm M;
    long i;
    ck_mat *C;
    qm_init(&M, n);
    for (i = 0; i < n * n; i++)
        mpq_set_d(M.a[i], x[i]);
    C = ck_from(&M);
    qm_clear(&M);
    return C;
}

/* ---------------------------------------------------------------- */

int
main(void)
{
    unsigned long seed = tap_seed(20261123);
    rng_t g;
    char why[512];
    long iter, i, n;
    mpq_t zero, one;

    plan_lazy();
    g.s = seed;
    f64_ok = directed_rounding_works();
    if (!f64_ok)
        diag("directed rounding does not work here (valgrind?): the binary64 path must decline");
    mpq_init(zero);
    mpq_init(one);
    mpq_set_si(one, 1, 1);

    /* 1. Random symmetric matrices with known spectra, ck_pd_sym. */
    {
        int complete = 1, by_f64 = 1, sound = 1, hard_mpfi = 1, hard_not_f64 = 1;
        long n_pd = 0, n_hard = 0, n_not = 0;
        for (iter = 0; iter < 120; iter++)
        {
            int kind = (int) rng_int(&g, 0, 4);
            mpq_t *d;
            qm H, Hn;
            ck_mat *C, *Cn;
            n = rng_int(&g, kind == 4 ? 2 : 1, iter < 100 ? 8 : 14);
            d = malloc(sizeof(mpq_t) * (size_t) n);
            for (i = 0; i < n; i++)
            {
                mpq_init(d[i]);
                mpq_set_si(d[i], rng_int(&g, 1, 1000), (unsigned long) rng_int(&g, 1, 50));
                mpq_canonicalize(d[i]);
            }
            mpq_set_si(d[0], 1000, 1); /* largest eigenvalue 1000 */
            i = rng_int(&g, n > 1 ? 1 : 0, n - 1);
            if (kind == 1) /* eigenvalue 0 */
                mpq_set_si(d[i], 0, 1);
            else if (kind == 2) /* -1e-20 relative */
                q_set_pow10(d[i], -1000, 1, 20);
            else if (kind == 3) /* -1 */
                mpq_set_si(d[i], -1, 1);
            else if (kind == 4) /* +1e-20 relative: below binary64 resolution */
                q_set_pow10(d[i], 1000, 1, 20);
            qm_init(&H, n);
            qm_init(&Hn, n);
            sym_from_spectrum(&H, (const mpq_t *) d, &g);
            qm_copy(&Hn, &H);
            qm_neg(&Hn);
            C = ck_from(&H);
            Cn = ck_from(&Hn);
            if (kind == 0)
            {
                int a = ck_pd_sym(C, zero, 1, 53, why, sizeof why);
                int b;
                n_pd++;
                if (!a)
                    diag("iter %ld n %ld: PD not proved: %s", iter, n, why);
                if (a && !has64(why, "proved by the binary64"))
                    by_f64 = 0;
                b = ck_pd_sym(Cn, zero, -1, 53, why, sizeof why); /* 0 I - (-H) */
                if (!a || !b)
                    complete = 0;
            }
            else if (kind == 4)
            {
                int a = ck_pd_sym(C, zero, 1, 256, why, sizeof why);
                n_hard++;
                if (!a || !has(why, "proved by MPFI"))
                {
                    hard_mpfi = 0;
                    diag("iter %ld n %ld: lambda_min 1e-20: %s", iter, n, why);
                }
                if (has(why, "proved by the binary64"))
                    hard_not_f64 = 0;
            }
            else
            {
                n_not++;
                if (ck_pd_sym(C, zero, 1, 53, why, sizeof why)
                    || ck_pd_sym(C, zero, 1, 512, why, sizeof why)
                    || ck_pd_sym(Cn, zero, -1, 53, why, sizeof why))
                {
                    sound = 0;
                    diag("iter %ld n %ld kind %d: NOT PD but proved: %s", iter, n, kind, why);
                }
            }
            ck_mat_free(C);
            ck_mat_free(Cn);
            qm_clear(&H);
            qm_clear(&Hn);
            for (i = 0; i < n; i++)
                mpq_clear(d[i]);
            free(d);
        }
        diag("%ld well separated, %ld with lambda_min 1e-20, %ld not PD", n_pd, n_hard, n_not);
        ok(complete, "sym: every well-separated PD matrix is proved (both signs)");
        ok(by_f64, "sym: ... by the binary64 test");
        ok(hard_mpfi, "sym: lambda_min = 1e-20 relative is proved by MPFI (hint 256)");
        ok(hard_not_f64, "sym: ... and never by binary64");
        ok(sound, "sym: eigenvalue 0, -1e-20 or -1 is never proved (hints 53, 512)");
    }

    /* 2. Gram matrices A = U diag(s) V^T with known singular values. */
    {
        int le_ok = 1, ge_ok = 1, sound = 1, hard = 1;
        for (iter = 0; iter < 30; iter++)
        {
            mpq_t *s, smax2, smin2, t;
            qm U, V, A;
            ck_mat *C;
            n = rng_int(&g, 1, 7);
            s = malloc(sizeof(mpq_t) * (size_t) n);
            mpq_init(smax2);
            mpq_init(smin2);
            mpq_init(t);
            for (i = 0; i < n; i++)
            {
                mpq_init(s[i]);
                mpq_set_si(s[i], rng_int(&g, 1, 40), (unsigned long) rng_int(&g, 1, 20));
                mpq_canonicalize(s[i]);
                if (i == 0 || mpq_cmp(s[i], smax2) > 0)
                    mpq_set(smax2, s[i]);
                if (i == 0 || mpq_cmp(s[i], smin2) < 0)
                    mpq_set(smin2, s[i]);
            }
            mpq_mul(smax2, smax2, smax2);
            mpq_mul(smin2, smin2, smin2);
            qm_init(&U, n);
            qm_init(&V, n);
            qm_init(&A, n);
            random_orthogonal(&U, &g);
            random_orthogonal(&V, &g);
            qm_usv(&A, &U, (const mpq_t *) s, &V);
            C = ck_from(&A);
            {
                mpq_t f;
                mpq_init(f);
                /* t = smax^2 (1 + 1/1000): proved */
                mpq_set_si(f, 1001, 1000);
                mpq_mul(t, smax2, f);
                if (!ck_pd_gram_le(C, t, 53, why, sizeof why))
                {
                    le_ok = 0;
                    diag("gram_le n %ld: %s", n, why);
                }
                /* t = smin^2 (1 - 1/1000): proved */
                mpq_set_si(f, 999, 1000);
                mpq_mul(t, smin2, f);
                if (!ck_pd_gram_ge(C, t, 53, why, sizeof why))
                {
                    ge_ok = 0;
                    diag("gram_ge n %ld: %s", n, why);
                }
                /* t = smin^2 (1 - 1e-25): proved by MPFI with hint 512 */
                q_set_pow10(f, -1, 1, 25);
                mpq_add(f, f, one);
                mpq_mul(t, smin2, f);
                if (!ck_pd_gram_ge(C, t, 512, why, sizeof why) || !has(why, "MPFI"))
                {
                    hard = 0;
                    diag("gram_ge 1e-25 n %ld: %s", n, why);
                }
                /* boundaries and beyond: never */
                if (ck_pd_gram_le(C, smax2, 53, why, sizeof why) || ck_pd_gram_le(C, smax2, 512, why, sizeof why)
                    || ck_pd_gram_ge(C, smin2, 53, why, sizeof why) || ck_pd_gram_ge(C, smin2, 512, why, sizeof why))
                    sound = 0;
                q_set_pow10(f, 1, 1, 20); /* 1e-20 relative beyond */
                mpq_sub(f, one, f);
                mpq_mul(t, smax2, f);
                if (ck_pd_gram_le(C, t, 53, why, sizeof why) || ck_pd_gram_le(C, t, 512, why, sizeof why))
                    sound = 0;
                q_set_pow10(f, 1, 1, 20);
                mpq_add(f, one, f);
                mpq_mul(t, smin2, f);
                if (ck_pd_gram_ge(C, t, 53, why, sizeof why) || ck_pd_gram_ge(C, t, 512, why, sizeof why))
                    sound = 0;
                mpq_clear(f);
            }
            ck_mat_free(C);
            qm_clear(&U);
            qm_clear(&V);
            qm_clear(&A);
            for (i = 0; i < n; i++)
                mpq_clear(s[i]);
            free(s);
            mpq_clear(smax2);
            mpq_clear(smin2);
            mpq_clear(t);
        }
        ok(le_ok, "gram_le: t = 1.001 sigma_max^2 proved");
        ok(ge_ok, "gram_ge: t = 0.999 sigma_min^2 proved");
        ok(hard, "gram_ge: t = (1 - 1e-25) sigma_min^2 proved by MPFI (hint 512)");
        ok(sound, "gram_le/gram_ge: t at or 1e-20 beyond the extreme singular value never proved");
    }

    /* 3. R = [[9/10, 0], [10, 9/10]]: exact truths from characteristic
     * polynomials.  R^T R = [[100.81, 9], [9, 0.81]]:
     * det(s I - R^T R) = s^2 - 101.62 s + 0.6561 =: p(s). */
    {
        mpq_t e[4], t, tr, dt, v, w;
        mpfr_t lam, x, y;
        ck_mat *R;
        int k, truth, got;
        for (k = 0; k < 4; k++)
            mpq_init(e[k]);
        mpq_init(t);
        mpq_init(tr);
        mpq_init(dt);
        mpq_init(v);
        mpq_init(w);
        mpq_set_si(e[0], 9, 10);
        mpq_set_si(e[1], 0, 1);
        mpq_set_si(e[2], 10, 1);
        mpq_set_si(e[3], 9, 10);
        R = ck_mat_new(2, (const mpq_t *) e);
        mpq_set_si(tr, 10162, 100);
        mpq_set_si(dt, 6561, 10000);
        mpfr_init2(lam, 256);
        mpfr_init2(x, 256);
        mpfr_init2(y, 256);
        /* lambda_max = (tr + sqrt(tr^2 - 4 dt)) / 2 */
        mpfr_set_q(x, tr, MPFR_RNDN);
        mpfr_sqr(y, x, MPFR_RNDN);
        mpfr_set_q(lam, dt, MPFR_RNDN);
        mpfr_mul_ui(lam, lam, 4, MPFR_RNDN);
        mpfr_sub(y, y, lam, MPFR_RNDN);
        mpfr_sqrt(y, y, MPFR_RNDN);
        mpfr_add(lam, x, y, MPFR_RNDN);
        mpfr_div_ui(lam, lam, 2, MPFR_RNDN);
        {
            /* t = lambda_max (1 + f) for several f; truth: t > lambda_max
             * iff p(t) > 0 and t > tr/2. */
            const double fs[] = {1e-9, -1e-9, 1e-25, -1e-25, 1e-3, -1e-3};
            int all = 1;
            for (k = 0; k < 6; k++)
            {
                mpfr_set_d(x, fs[k], MPFR_RNDN);
                mpfr_add_ui(x, x, 1, MPFR_RNDN);
                mpfr_mul(x, x, lam, MPFR_RNDN);
                mpfr_get_q(t, x);
                mpq_mul(v, t, t); /* p(t) */
                mpq_mul(w, tr, t);
                mpq_sub(v, v, w);
                mpq_add(v, v, dt);
                mpq_div_2exp(w, tr, 1);
                truth = mpq_sgn(v) > 0 && mpq_cmp(t, w) > 0;
                if (truth != (fs[k] > 0))
                    bail("test construction: truth of gram_le example %d", k);
                got = ck_pd_gram_le(R, t, 53, why, sizeof why);
                if (!truth && (got || ck_pd_gram_le(R, t, 512, why, sizeof why)))
                    all = 0;
                if (truth && fabs(fs[k]) >= 1e-9 && !(got && has64(why, "proved by the binary64")))
                    all = 0;
                if (truth && fabs(fs[k]) < 1e-20)
                {
                    got = ck_pd_gram_le(R, t, 256, why, sizeof why);
                    if (!got || !has(why, "proved by MPFI"))
                        all = 0;
                }
                if (!all)
                    diag("gram_le f = %g: %s", fs[k], why);
            }
            ok(all, "gram_le on [[9/10, 0], [10, 9/10]]: t = ||R||^2 (1 + f) proved iff f > 0 "
                    "(f = +-1e-3, +-1e-9 binary64; +-1e-25 MPFI)");
        }
        {
            /* gram_ge: lambda_min = dt / lambda_max; t < lambda_min iff
             * p(t) > 0 and t < tr/2. */
            const double fs[] = {-1e-9, 1e-9, -1e-3, 1e-3};
            int all = 1;
            mpfr_set_q(x, dt, MPFR_RNDN);
            mpfr_div(y, x, lam, MPFR_RNDN); /* lambda_min */
            for (k = 0; k < 4; k++)
            {
                mpfr_set_d(x, fs[k], MPFR_RNDN);
                mpfr_add_ui(x, x, 1, MPFR_RNDN);
                mpfr_mul(x, x, y, MPFR_RNDN);
                mpfr_get_q(t, x);
                mpq_mul(v, t, t);
                mpq_mul(w, tr, t);
                mpq_sub(v, v, w);
                mpq_add(v, v, dt);
                mpq_div_2exp(w, tr, 1);
                truth = mpq_sgn(v) > 0 && mpq_cmp(t, w) < 0;
                if (truth != (fs[k] < 0))
                    bail("test construction: truth of gram_ge example %d", k);
                got = ck_pd_gram_ge(R, t, 53, why, sizeof why);
                if (got != truth)
                    all = 0;
                if (!truth && ck_pd_gram_ge(R, t, 512, why, sizeof why))
                    all = 0;
            }
            ok(all, "gram_ge on [[9/10, 0], [10, 9/10]]: t = sigma_min^2 (1 + f) proved iff f < 0");
        }

        /* Stein: P with P - R^T P R = I (t = 1), solved exactly:
         * with P = [[a, b], [b, c]] and R = [[al, 0], [be, al]]:
         * R^T P R = [[al^2 a + 2 al be b + be^2 c, al^2 b + al be c], [., al^2 c]]. */
        {
            mpq_t al, be, al2, a, b, c, tmp, tmp2, pe[4], tt;
            ck_mat *P, *Pi, *Pneg, *R2;
            int all = 1;
            mpq_init(al);
            mpq_init(be);
            mpq_init(al2);
            mpq_init(a);
            mpq_init(b);
            mpq_init(c);
            mpq_init(tmp);
            mpq_init(tmp2);
            mpq_init(tt);
            for (k = 0; k < 4; k++)
                mpq_init(pe[k]);
            mpq_set_si(al, 9, 10);
            mpq_set_si(be, 10, 1);
            mpq_mul(al2, al, al);
            /* c (1 - al^2) = 1 */
            mpq_sub(tmp, one, al2);
            mpq_inv(c, tmp);
            /* b (1 - al^2) - al be c = 0 */
            mpq_mul(tmp2, al, be);
            mpq_mul(tmp2, tmp2, c);
            mpq_div(b, tmp2, tmp);
            /* a (1 - al^2) - 2 al be b - be^2 c = 1 */
            mpq_mul(tmp2, al, be);
            mpq_mul(tmp2, tmp2, b);
            mpq_add(tmp2, tmp2, tmp2);
            mpq_add(a, tmp2, one);
            mpq_mul(tmp2, be, be);
            mpq_mul(tmp2, tmp2, c);
            mpq_add(a, a, tmp2);
            mpq_div(a, a, tmp);
            mpq_set(pe[0], a);
            mpq_set(pe[1], b);
            mpq_set(pe[2], b);
            mpq_set(pe[3], c);
            P = ck_mat_new(2, (const mpq_t *) pe);
            mpq_set_si(pe[0], 1, 1);
            mpq_set_si(pe[1], 0, 1);
            mpq_set_si(pe[2], 0, 1);
            mpq_set_si(pe[3], 1, 1);
            Pi = ck_mat_new(2, (const mpq_t *) pe);
            got = ck_pd_stein(R, one, P, 1, 53, 53, why, sizeof why);
            ok(got && has64(why, "binary64"), "stein: exact P of P - R^T P R = I proves rho(R) < 1 (%s)", why);
            /* t = 9/10 = rho(R): never, whatever P */
            mpq_set_si(tt, 9, 10);
            if (ck_pd_stein(R, tt, P, 1, 53, 53, why, sizeof why) || ck_pd_stein(R, tt, P, 1, 512, 53, why, sizeof why)
                || ck_pd_stein(R, tt, Pi, 1, 53, 53, why, sizeof why) || ck_pd_stein(R, tt, Pi, 1, 512, 512, why, sizeof why))
                all = 0;
            mpq_set_si(tt, -9, 10);
            if (ck_pd_stein(R, tt, P, 1, 53, 53, why, sizeof why))
                all = 0;
            ok(all, "stein: t = rho(R) = 9/10 is never proved (several P, hints 53 and 512)");
            /* check_p: R = 2 I, t = 1, P = -I: t^2 P - R^T P R = 3 I */
            mpq_set_si(pe[0], 2, 1);
            mpq_set_si(pe[3], 2, 1);
            R2 = ck_mat_new(2, (const mpq_t *) pe);
            mpq_set_si(pe[0], -1, 1);
            mpq_set_si(pe[3], -1, 1);
            Pneg = ck_mat_new(2, (const mpq_t *) pe);
            ok(ck_pd_stein(R2, one, Pneg, 0, 53, 53, why, sizeof why), "stein, check_p = 0: 1 P - R^T P R = 3I with P = -I");
            ok(!ck_pd_stein(R2, one, Pneg, 1, 53, 53, why, sizeof why) && has(why, "P:"),
               "stein, check_p = 1: P = -I is not PD (%s)", why);
            ck_mat_free(P);
            ck_mat_free(Pi);
            ck_mat_free(Pneg);
            ck_mat_free(R2);
            mpq_clear(al);
            mpq_clear(be);
            mpq_clear(al2);
            mpq_clear(a);
            mpq_clear(b);
            mpq_clear(c);
            mpq_clear(tmp);
            mpq_clear(tmp2);
            mpq_clear(tt);
            for (k = 0; k < 4; k++)
                mpq_clear(pe[k]);
        }

        /* KYP on the unit circle.  B(z) = z I - R has ||B||_F^2 = 2a + 100,
         * |det B|^2 = a^2 with a = |z - 9/10|^2, so sigma_min(B)^2 is the
         * smaller root of s^2 - (2a + 100) s + a^2, increasing in a; the
         * minimum over |z| = 1 is at z = 1 (a = 1/100): t* is the smaller
         * root of q(s) = s^2 - 100.02 s + 0.0001, and t < t* iff q(t) > 0
         * and t < 50.01. */
        {
            const double Rd[4] = {0.9, 0.0, 10.0, 0.9};
            double ts, X[4];
            mpq_t q1, q0, half;
            ck_mat *Xc;
            int all = 1;
            mpq_init(q1);
            mpq_init(q0);
            mpq_init(half);
            mpq_set_si(q1, 10002, 100);
            mpq_set_si(q0, 1, 10000);
            mpq_set_si(half, 5001, 100);
            ts = (100.02 - sqrt(100.02 * 100.02 - 0.0004)) / 2; /* ~ 1e-6 */
            ts = 0.0001 / (100.02 - ts);                          /* stable */
            sda_x(X, Rd, 2, 1.0, 0.995 * ts, 60);
            Xc = ck_from_d(X, 2);
            for (k = 0; k < 2; k++)
            {
                double f = k == 0 ? 0.99 : 1.01;
                mpq_set_d(t, f * ts);
                mpq_mul(v, t, t);
                mpq_mul(w, q1, t);
                mpq_sub(v, v, w);
                mpq_add(v, v, q0);
                truth = mpq_sgn(v) > 0 && mpq_cmp(t, half) < 0;
                if (truth != (k == 0))
                    bail("test construction: truth of the KYP example");
                got = ck_pd_kyp(R, one, t, Xc, 53, why, sizeof why);
                if (k == 0)
                {
                    ok(got, "kyp: t = 0.99 min sigma_min(zI - R)^2 on |z| = 1 proved with the doubling X (%s)", why);
                    ok(got && has64(why, "binary64"), "kyp: ... by binary64");
                }
                else
                {
                    /* above the minimum: never, whatever X */
                    double Xs[4][4] = {{0, 0, 0, 0}, {1, 0, 0, 1}, {50, 0, 0, 50}, {0, 0, 0, 0}};
                    long m;
                    if (got || ck_pd_kyp(R, one, t, Xc, 512, why, sizeof why))
                        all = 0;
                    sda_x(Xs[3], Rd, 2, 1.0, 1.01 * ts, 60);
                    for (m = 0; m < 4; m++)
                    {
                        ck_mat *Y = ck_from_d(Xs[m], 2);
                        if (ck_pd_kyp(R, one, t, Y, 53, why, sizeof why) || ck_pd_kyp(R, one, t, Y, 256, why, sizeof why))
                            all = 0;
                        ck_mat_free(Y);
                    }
                    ok(all, "kyp: t = 1.01 min sigma_min^2 never proved (5 X, hints 53, 256, 512)");
                }
            }
            ck_mat_free(Xc);
            mpq_clear(q1);
            mpq_clear(q0);
            mpq_clear(half);
        }
        ck_mat_free(R);
        for (k = 0; k < 4; k++)
            mpq_clear(e[k]);
        mpq_clear(t);
        mpq_clear(tr);
        mpq_clear(dt);
        mpq_clear(v);
        mpq_clear(w);
        mpfr_clear(lam);
        mpfr_clear(x);
        mpfr_clear(y);
    }

    /* 4. sym on [[2, 1], [1, 2]] (eigenvalues 1, 3). */
    {
        mpq_t e[4], t;
        ck_mat *S;
        int k;
        for (k = 0; k < 4; k++)
            mpq_init(e[k]);
        mpq_init(t);
        mpq_set_si(e[0], 2, 1);
        mpq_set_si(e[1], 1, 1);
        mpq_set_si(e[2], 1, 1);
        mpq_set_si(e[3], 2, 1);
        S = ck_mat_new(2, (const mpq_t *) e);
        mpq_set_si(t, 3, 1);
        ok(!ck_pd_sym(S, t, -1, 53, why, sizeof why) && !ck_pd_sym(S, t, -1, 1024, why, sizeof why),
           "sym: 3 I - [[2, 1], [1, 2]] (singular) never proved");
        ok(has(why, "failed at pivot 1"), "... the reason names the pivot (%s)", why);
        q_set_pow10(t, 1, 1, 30);
        mpq_neg(t, t);
        mpq_add(t, t, e[0]);
        mpq_add(t, t, e[2]); /* 3 - 1e-30 */
        ok(!ck_pd_sym(S, t, -1, 53, why, sizeof why) && !ck_pd_sym(S, t, -1, 256, why, sizeof why),
           "sym: (3 - 1e-30) I - S never proved");
        ok(has(why, "negative"), "... and MPFI reports the negative pivot (%s)", why);
        q_set_pow10(t, 1, 1, 30);
        mpq_add(t, t, e[0]);
        mpq_add(t, t, e[2]); /* 3 + 1e-30 */
        ok(ck_pd_sym(S, t, -1, 53, why, sizeof why) && has64(why, "binary64 Cholesky test")
               && has(why, "proved by MPFI Cholesky at 128 bits"),
           "sym: (3 + 1e-30) I - S proved by MPFI at 128 bits after binary64 fails (%s)", why);
        mpq_set_si(t, -1, 1);
        ok(!ck_pd_sym(S, t, 1, 53, why, sizeof why) && !ck_pd_sym(S, t, 1, 512, why, sizeof why),
           "sym: S - I (singular) never proved");
        mpq_set_si(t, -999, 1000);
        ok(ck_pd_sym(S, t, 1, 53, why, sizeof why), "sym: S - 0.999 I proved");
        /* lower triangle alone is not trusted: non-symmetric input refused */
        mpq_set_si(e[1], 1000, 1);
        {
            ck_mat *NS = ck_mat_new(2, (const mpq_t *) e);
            mpq_set_si(t, 10, 1);
            ok(!ck_pd_sym(NS, t, 1, 53, why, sizeof why) && has(why, "symmetric"),
               "sym: a non-symmetric matrix is refused (%s)", why);
            ck_mat_free(NS);
        }
        ck_mat_free(S);
        for (k = 0; k < 4; k++)
            mpq_clear(e[k]);
        mpq_clear(t);
    }

    /* 5. Stein on random symmetric R with P = I: t^2 I - R^2, eigenvalues
     * t^2 - lambda_i^2; t = max |lambda| is the boundary. */
    {
        int prove = 1, sound = 1;
        for (iter = 0; iter < 15; iter++)
        {
            mpq_t *d, m, t, f;
            qm H, I;
            ck_mat *C, *Pi;
            n = rng_int(&g, 1, 6);
            d = malloc(sizeof(mpq_t) * (size_t) n);
            mpq_init(m);
            mpq_init(t);
            mpq_init(f);
            for (i = 0; i < n; i++)
            {
                mpq_init(d[i]);
                mpq_set_si(d[i], rng_int(&g, -50, 50), (unsigned long) rng_int(&g, 1, 30));
                mpq_canonicalize(d[i]);
                mpq_abs(f, d[i]);
                if (mpq_cmp(f, m) > 0)
                    mpq_set(m, f);
            }
            if (mpq_sgn(m) == 0)
            {
                mpq_set_si(d[0], 1, 1);
                mpq_set_si(m, 1, 1);
            }
            qm_init(&H, n);
            qm_init(&I, n);
            sym_from_spectrum(&H, (const mpq_t *) d, &g);
            qm_identity(&I);
            C = ck_from(&H);
            Pi = ck_from(&I);
            mpq_set_si(f, 1001, 1000);
            mpq_mul(t, m, f);
            if (!ck_pd_stein(C, t, Pi, 1, 53, 53, why, sizeof why))
            {
                prove = 0;
                diag("stein n %ld: %s", n, why);
            }
            if (ck_pd_stein(C, m, Pi, 1, 53, 53, why, sizeof why) || ck_pd_stein(C, m, Pi, 1, 512, 53, why, sizeof why))
                sound = 0;
            q_set_pow10(f, 1, 1, 20);
            mpq_sub(f, one, f);
            mpq_mul(t, m, f);
            if (ck_pd_stein(C, t, Pi, 1, 53, 53, why, sizeof why) || ck_pd_stein(C, t, Pi, 0, 512, 53, why, sizeof why))
                sound = 0;
            ck_mat_free(C);
            ck_mat_free(Pi);
            qm_clear(&H);
            qm_clear(&I);
            for (i = 0; i < n; i++)
                mpq_clear(d[i]);
            free(d);
            mpq_clear(m);
            mpq_clear(t);
            mpq_clear(f);
        }
        ok(prove, "stein: t = 1.001 rho(R), P = I proved (random symmetric R)");
        ok(sound, "stein: t = rho(R) and (1 - 1e-20) rho(R) never proved");
    }

    /* 6. A larger KYP instance: random dyadic R (N = 12), r = 2 ceil(||R||_F),
     * so sigma_min(zI - R) >= r - ||R||_2 >= r/2 on |z| = r; t = (r/2)^2 / 2
     * is below min sigma_min^2 with a wide margin, X from the doubling at
     * eps1^2 = 3/4 (r/2)^2.  And t > (r + ||R||_F)^2 >= sigma_max(rI - R)^2
     * is above sigma_min^2 at z = r: never. */
    {
        long N = 12, k;
        double *Rd = malloc(sizeof(double) * (size_t) (N * N)), *X = malloc(sizeof(double) * (size_t) (N * N));
        double fro = 0, r;
        mpq_t rq, t;
        ck_mat *R, *Xc;
        int got1, got2;
        mpq_init(rq);
        mpq_init(t);
        for (k = 0; k < N * N; k++)
        {
            Rd[k] = (double) rng_int(&g, -100, 100) / 64.0;
            fro += Rd[k] * Rd[k];
        }
        r = 2.0 * ceil(sqrt(fro));
        sda_x(X, Rd, N, r, 0.75 * (r / 2) * (r / 2), 40);
        R = ck_from_d(Rd, N);
        Xc = ck_from_d(X, N);
        mpq_set_d(rq, r);
        mpq_set_d(t, 0.5 * (r / 2) * (r / 2));
        got1 = ck_pd_kyp(R, rq, t, Xc, 53, why, sizeof why);
        got2 = ck_pd_kyp(R, rq, t, Xc, 53, why, sizeof why); /* cached R^T R */
        ok(got1 && got2 && has64(why, "binary64"), "kyp N = 12, r = 2 ceil(||R||_F): proved twice (cache) (%s)", why);
        mpq_set_d(t, (r + sqrt(fro)) * (r + sqrt(fro)) * 1.01);
        ok(!ck_pd_kyp(R, rq, t, Xc, 53, why, sizeof why), "kyp N = 12: t > (r + ||R||_F)^2 never proved");
        /* gram_le shares the cached R^T R with kyp */
        mpq_set_d(t, fro * 1.0001);
        ok(ck_pd_gram_le(R, t, 53, why, sizeof why), "gram_le after kyp on the same R (shared cache): ||R||_2^2 < 1.0001 ||R||_F^2");
        ck_mat_free(R);
        ck_mat_free(Xc);
        free(Rd);
        free(X);
        mpq_clear(rq);
        mpq_clear(t);
    }

    /* 6b. MPFI paths of kyp and stein on margins far below binary64.
     * kyp, R = diag(1/2, 1/3), r = 1, X = diag(1/2, 1/3): L(X) splits into
     * the 2x2 blocks [[1 - t + a^2 - a, -a], [-a, a]], a = 1/2, 1/3, whose
     * Schur complements are (1 - a)^2 - t; so L(X) is PD iff t < 1/4, which
     * is also min over |z| = 1 of sigma_min(zI - R)^2 (this X is optimal).
     * t = 1/4 - 1e-30 (margin far below binary64: only MPFI), t = 1/4 and
     * 1/4 + 1e-30 (never).  stein, same R, P = I: t^2 - a^2 > 0 iff
     * |t| > 1/2. */
    {
        mpq_t e[4], t, eps;
        ck_mat *R, *X, *P;
        int k;
        for (k = 0; k < 4; k++)
            mpq_init(e[k]);
        mpq_init(t);
        mpq_init(eps);
        q_set_pow10(eps, 1, 1, 30);
        mpq_set_si(e[0], 1, 2);
        mpq_set_si(e[3], 1, 3);
        R = ck_mat_new(2, (const mpq_t *) e);
        X = ck_mat_new(2, (const mpq_t *) e);
        mpq_set_si(e[0], 1, 1);
        mpq_set_si(e[3], 1, 1);
        P = ck_mat_new(2, (const mpq_t *) e);
        mpq_set_si(t, 1, 4);
        mpq_sub(t, t, eps);
        ok(ck_pd_kyp(R, one, t, X, 53, why, sizeof why) && has64(why, "binary64 Cholesky test (order 4")
               && has(why, "proved by MPFI"),
           "kyp: margin 1e-30 proved by MPFI after binary64 fails (%s)", why);
        mpq_set_si(t, 1, 4);
        ok(!ck_pd_kyp(R, one, t, X, 53, why, sizeof why) && !ck_pd_kyp(R, one, t, X, 1024, why, sizeof why),
           "kyp: margin 0 never proved (%s)", why);
        mpq_add(t, t, eps);
        ok(!ck_pd_kyp(R, one, t, X, 53, why, sizeof why) && !ck_pd_kyp(R, one, t, X, 256, why, sizeof why),
           "kyp: t = 1/4 + 1e-30 never proved");
        mpq_set_si(t, 1, 9);
        ok(ck_pd_kyp(R, one, t, X, 53, why, sizeof why) && has64(why, "proved by the binary64"),
           "kyp: t = 1/9 proved by binary64");
        mpq_set_si(t, 1, 2);
        mpq_add(t, t, eps);
        ok(ck_pd_stein(R, t, P, 1, 53, 53, why, sizeof why) && has(why, "proved by MPFI"),
           "stein: t = 1/2 + 1e-30 proved by MPFI (%s)", why);
        mpq_set_si(t, 1, 2);
        ok(!ck_pd_stein(R, t, P, 1, 53, 53, why, sizeof why) && !ck_pd_stein(R, t, P, 1, 1024, 53, why, sizeof why),
           "stein: t = 1/2 = rho(R) never proved");
        ck_mat_free(R);
        ck_mat_free(X);
        ck_mat_free(P);
        for (k = 0; k < 4; k++)
            mpq_clear(e[k]);
        mpq_clear(t);
        mpq_clear(eps);
    }

    /* 6c. Exactly zero matrices built from inexact entries.  With R = s Q
     * (Q exactly orthogonal, entries not binary64 numbers) t I - R^T R,
     * R^T R - t I (t = s^2) and t^2 P - R^T P R (P = I/3, t = s) are 0: the
     * trace is 0, so Rump's shift is tiny and only the enclosure of the
     * products (directed rounding and the midpoint-error bound) stands
     * between the test and a false proof. */
    {
        int sound = 1, k;
        for (iter = 0; iter < 20; iter++)
        {
            qm Q, Rq, Pq;
            mpq_t sc, t, t2;
            ck_mat *R, *P, *Rs;
            n = rng_int(&g, 2, 9);
            qm_init(&Q, n);
            qm_init(&Rq, n);
            qm_init(&Pq, n);
            mpq_init(sc);
            mpq_init(t);
            mpq_init(t2);
            random_orthogonal(&Q, &g);
            mpq_set_si(sc, rng_int(&g, 1, 99), (unsigned long) rng_int(&g, 1, 99) * 10 + 3);
            mpq_canonicalize(sc);
            for (i = 0; i < n * n; i++)
                mpq_mul(Rq.a[i], Q.a[i], sc);
            for (i = 0; i < n; i++)
            {
                long j2;
                for (j2 = 0; j2 < n; j2++)
                    mpq_set_si(E(&Pq, i, j2), i == j2, 3);
            }
            R = ck_from(&Rq);
            P = ck_from(&Pq);
            mpq_mul(t2, sc, sc);
            for (k = 0; k < 2; k++)
            {
                long h = k == 0 ? 53 : 256;
                if (ck_pd_gram_le(R, t2, h, why, sizeof why) || ck_pd_gram_ge(R, t2, h, why, sizeof why)
                    || ck_pd_stein(R, sc, P, 0, h, h, why, sizeof why))
                {
                    sound = 0;
                    diag("n %ld: zero matrix proved PD: %s", n, why);
                }
            }
            /* symmetric: Rs = Q diag(s) Q^T = s I written with inexact entries */
            {
                mpq_t *d = malloc(sizeof(mpq_t) * (size_t) n);
                qm Sq;
                qm_init(&Sq, n);
                for (i = 0; i < n; i++)
                {
                    mpq_init(d[i]);
                    mpq_set(d[i], sc);
                }
                qm_usv(&Sq, &Q, (const mpq_t *) d, &Q);
                Rs = ck_from(&Sq);
                mpq_neg(t, sc);
                if (ck_pd_sym(Rs, sc, -1, 53, why, sizeof why) || ck_pd_sym(Rs, t, 1, 53, why, sizeof why))
                    sound = 0;
                ck_mat_free(Rs);
                qm_clear(&Sq);
                for (i = 0; i < n; i++)
                    mpq_clear(d[i]);
                free(d);
            }
            ck_mat_free(R);
            ck_mat_free(P);
            qm_clear(&Q);
            qm_clear(&Rq);
            qm_clear(&Pq);
            mpq_clear(sc);
            mpq_clear(t);
            mpq_clear(t2);
        }
        ok(sound, "zero matrices from inexact entries (s^2 I - (sQ)^T (sQ), ...) never proved");
    }

    /* 6d. Exactly representable singular matrices: H = B^T B with B an
     * integer (n-1) x n matrix, so the enclosure radius is 0 and only
     * Rump's shift keeps a lucky floating-point Cholesky (the last pivot
     * is 0 up to rounding) from proving it.  Also gram_ge(B padded with a
     * zero row, t = 0) and, with A = B^T B + I exactly, sym(A, -1, +1). */
    {
        int sound = 1, lucky = 0;
        for (iter = 0; iter < 300; iter++)
        {
            qm B, Bt, H;
            ck_mat *Hc, *Bc;
            long j;
            n = rng_int(&g, 2, 16);
            qm_init(&B, n);
            qm_init(&Bt, n);
            qm_init(&H, n);
            for (i = 0; i < n; i++)
                for (j = 0; j < n; j++)
                    mpq_set_si(E(&B, i, j), i == n - 1 ? 0 : rng_int(&g, -40, 40), 1);
            qm_transpose(&Bt, &B);
            qm_mul(&H, &Bt, &B);
            Hc = ck_from(&H);
            Bc = ck_from(&B);
            if (ck_pd_sym(Hc, zero, 1, 53, why, sizeof why) || ck_pd_gram_ge(Bc, zero, 53, why, sizeof why))
                sound = 0;
            /* H + (-1) I + I: via sym with t = -1 on H + I */
            for (i = 0; i < n; i++)
                mpq_add(E(&H, i, i), E(&H, i, i), one);
            ck_mat_free(Hc);
            Hc = ck_from(&H);
            {
                mpq_t m1;
                mpq_init(m1);
                mpq_set_si(m1, -1, 1);
                if (ck_pd_sym(Hc, m1, 1, 53, why, sizeof why))
                    sound = 0;
                mpq_clear(m1);
            }
            if (has(why, "binary64 Cholesky test"))
                lucky++;
            ck_mat_free(Hc);
            ck_mat_free(Bc);
            qm_clear(&B);
            qm_clear(&Bt);
            qm_clear(&H);
        }
        diag("%d of 300 singular integer Gram matrices reached the binary64 Cholesky", lucky);
        ok(sound, "exactly representable singular B^T B never proved (sym, gram_ge, shifted sym)");
    }

    /* 7. Out of the binary64 range: MPFI decides. */
    {
        mpq_t e[4], t;
        ck_mat *M;
        int k;
        for (k = 0; k < 4; k++)
            mpq_init(e[k]);
        mpq_init(t);
        mpz_ui_pow_ui(mpq_numref(e[0]), 10, 400); /* 1e400 */
        mpq_set_si(e[3], 1, 1);
        M = ck_mat_new(2, (const mpq_t *) e);
        ok(ck_pd_sym(M, zero, 1, 53, why, sizeof why) && has64(why, "binary64 range") && has(why, "MPFI"),
           "sym: diag(1e400, 1) proved by MPFI (%s)", why);
        ck_mat_free(M);
        mpq_set_si(e[3], -1, 1);
        M = ck_mat_new(2, (const mpq_t *) e);
        ok(!ck_pd_sym(M, zero, 1, 53, why, sizeof why), "sym: diag(1e400, -1) not proved");
        ck_mat_free(M);
        q_set_pow10(e[0], 1, 1, 400); /* 1e-400 */
        mpq_set_si(e[3], 1, 1);
        M = ck_mat_new(2, (const mpq_t *) e);
        ok(ck_pd_sym(M, zero, 1, 53, why, sizeof why) && has(why, "MPFI"),
           "sym: diag(1e-400, 1) proved by MPFI, not binary64 (%s)", why);
        ck_mat_free(M);
        mpq_set_si(e[0], 0, 1);
        M = ck_mat_new(2, (const mpq_t *) e);
        ok(!ck_pd_sym(M, zero, 1, 53, why, sizeof why), "sym: diag(0, 1) not proved");
        ck_mat_free(M);
        /* smallest subnormal exactly: binary64 cannot resolve, MPFI can */
        mpq_set_si(e[0], 1, 1);
        mpq_div_2exp(e[0], e[0], 1074);
        M = ck_mat_new(2, (const mpq_t *) e);
        ok(ck_pd_sym(M, zero, 1, 53, why, sizeof why) && has(why, "MPFI"), "sym: diag(2^-1074, 1) proved by MPFI");
        ck_mat_free(M);
        for (k = 0; k < 4; k++)
            mpq_clear(e[k]);
        mpq_clear(t);
    }

    /* 8. Floating-point environment. */
    {
        mpq_t e[1];
        ck_mat *M;
        mpq_init(e[0]);
        mpq_set_si(e[0], 2, 1);
        M = ck_mat_new(1, (const mpq_t *) e);
        ok(ck_pd_sym(M, zero, 1, 53, why, sizeof why) && has64(why, "proved by the binary64") && fegetround() == FE_TONEAREST,
           "1x1 [2] proved by binary64, rounding mode left to-nearest");
        fesetround(FE_UPWARD);
        {
            int got = ck_pd_sym(M, zero, 1, 53, why, sizeof why);
            int mode = fegetround();
            fesetround(FE_TONEAREST);
            ok(got && has(why, "rounding mode") && has(why, "MPFI") && mode == FE_UPWARD,
               "rounding mode upward: binary64 declines, MPFI proves, mode untouched (%s)", why);
        }
#if defined(T_HAVE_MXCSR)
        {
            unsigned int csr = _mm_getcsr();
            int got;
            _mm_setcsr(csr | 0x8040u);
            got = ck_pd_sym(M, zero, 1, 53, why, sizeof why);
            _mm_setcsr(csr);
            ok(got && has64(why, "flush-to-zero") && has(why, "MPFI"),
               "MXCSR FTZ/DAZ set: binary64 declines, MPFI proves (%s)", why);
        }
#else
        skip("no MXCSR on this target");
#endif
        ck_mat_free(M);
        mpq_clear(e[0]);
    }

    /* 9. Bad arguments and edge cases. */
    {
        mpq_t e[4], bad;
        ck_mat *M, *M3, *NS, *Z;
        int k;
        for (k = 0; k < 4; k++)
            mpq_init(e[k]);
        mpq_init(bad);
        mpq_set_si(e[0], 1, 1);
        mpq_set_si(e[3], 1, 1);
        mpz_set_ui(mpq_denref(bad), 0); /* invalid rational */
        ok(ck_mat_new(-1, (const mpq_t *) e) == NULL, "ck_mat_new: n < 0 gives NULL");
        ok(ck_mat_new(2, NULL) == NULL, "ck_mat_new: NULL entries give NULL");
        mpz_set_ui(mpq_denref(e[1]), 0);
        ok(ck_mat_new(2, (const mpq_t *) e) == NULL, "ck_mat_new: a zero denominator gives NULL");
        mpq_set_si(e[1], 0, 1);
        /* non-canonical entry (negative denominator) is canonicalised */
        mpz_set_si(mpq_numref(e[2]), 0);
        mpz_set_si(mpq_denref(e[2]), -3);
        M = ck_mat_new(2, (const mpq_t *) e);
        ok(M != NULL && ck_mat_order(M) == 2 && ck_mat_order(NULL) == -1, "ck_mat_order");
        ok(ck_pd_sym(M, zero, 1, 53, why, sizeof why), "identity with a non-canonical 0/-3 entry proved");
        Z = ck_mat_new(0, NULL);
        ok(Z != NULL && ck_pd_sym(Z, zero, 1, 53, why, sizeof why) && ck_pd_gram_le(Z, zero, 53, NULL, 0)
               && ck_pd_kyp(Z, one, one, Z, 53, why, sizeof why) && ck_pd_stein(Z, one, Z, 1, 53, 53, why, sizeof why),
           "order 0: vacuously positive definite");
        ok(!ck_pd_sym(NULL, zero, 1, 53, why, sizeof why) && !ck_pd_gram_le(NULL, one, 53, why, sizeof why)
               && !ck_pd_gram_ge(NULL, one, 53, why, sizeof why), "NULL matrix refused");
        ok(!ck_pd_sym(M, NULL, 1, 53, why, sizeof why) && !ck_pd_sym(M, bad, 1, 53, why, sizeof why)
               && !ck_pd_gram_le(M, bad, 53, why, sizeof why) && !ck_pd_kyp(M, bad, one, M, 53, why, sizeof why)
               && !ck_pd_kyp(M, one, bad, M, 53, why, sizeof why) && !ck_pd_stein(M, bad, M, 1, 53, 53, why, sizeof why),
           "NULL or zero-denominator scalar refused");
        ok(!ck_pd_sym(M, one, 0, 53, why, sizeof why) && has(why, "sign"), "sign 0 refused");
        {
            mpq_t e9[9];
            for (k = 0; k < 9; k++)
            {
                mpq_init(e9[k]);
                mpq_set_si(e9[k], k % 4 == 0, 1);
            }
            M3 = ck_mat_new(3, (const mpq_t *) e9);
            for (k = 0; k < 9; k++)
                mpq_clear(e9[k]);
        }
        ok(!ck_pd_stein(M, one, M3, 0, 53, 53, why, sizeof why) && has(why, "mismatch")
               && !ck_pd_kyp(M, one, zero, M3, 53, why, sizeof why) && !ck_pd_kyp(M3, one, zero, M, 53, why, sizeof why)
               && !ck_pd_stein(M3, one, M, 1, 53, 53, why, sizeof why),
           "order mismatches refused");
        mpq_set_si(e[1], 1, 2);
        NS = ck_mat_new(2, (const mpq_t *) e);
        ok(!ck_pd_stein(M, one, NS, 1, 53, 53, why, sizeof why) && has(why, "symmetric")
               && !ck_pd_kyp(M, one, zero, NS, 53, why, sizeof why) && has(why, "symmetric"),
           "non-symmetric P or X refused");
        ok(!ck_pd_sym(M, one, -1, 53, NULL, 0) && !ck_pd_sym(M, one, -1, 53, why, 1) && why[0] == '\0'
               && !ck_pd_sym(M, one, -1, 53, why, 8) && strlen(why) == 7,
           "why may be NULL or short (truncated, NUL-terminated)");
        ok(ck_pd_sym(M, one, 1, -5, why, sizeof why) && ck_pd_sym(M, one, 1, 1L << 40, why, sizeof why),
           "absurd precision hints are harmless");
        ck_mat_free(M);
        ck_mat_free(M3);
        ck_mat_free(NS);
        ck_mat_free(Z);
        ck_mat_free(NULL);
        for (k = 0; k < 4; k++)
            mpq_clear(e[k]);
        mpq_clear(bad);
    }

    mpq_clear(zero);
    mpq_clear(one);
    mpfr_free_cache();
    return 0;
}
