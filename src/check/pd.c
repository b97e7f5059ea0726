/* kreiss-check: positive-definiteness layer (see pd.h for the contract).
 *
 * Independent of the producer: nothing here comes from src/pd, src/fp or
 * src/bounds.  Build requirements: -frounding-math -ffp-contract=off, no
 * -ffast-math (refused at compile time); link with -lmpfi -lmpfr -lgmp -lm.
 *
 * Contraction (FMA): only the round-to-nearest Cholesky update depends on
 * it, and with GCC/clang that update is protected independently of the
 * flag (CK_OPAQUE).  Every other floating-point operation either runs
 * under directed rounding, where a fused a*b + c is one rounding in the
 * right direction and so still a bound, or computes a midpoint, for which
 * any value is valid.
 *
 * ---------------------------------------------------------------------
 * 1. What is proved, and how (binary64 path)
 *
 * Every claim is "the exact real symmetric matrix H is positive definite".
 * From the exact rationals we compute, for every entry of the lower
 * triangle, binary64 numbers lo_ij <= T_ij <= hi_ij, where T is a symmetric
 * matrix with ||H - T||_2 <= extra for a computed binary64 number extra
 * (extra = 0 when T = H; for Gram and Stein matrices T replaces the
 * products of the exact matrices by products of their binary64 midpoints,
 * and extra bounds the difference, section 3).  Then
 *
 *   mid_ij = RN(lo_ij/2 + hi_ij/2) (any binary64 number would do), mirrored
 *            so that mid is exactly symmetric;
 *   rad_ij = max(RU(hi_ij - mid_ij), RU(mid_ij - lo_ij)) >= |T_ij - mid_ij|;
 *   rho    = RU(min(||rad||_F, max_i sum_j rad_ij) + extra).
 *
 * T - mid is symmetric with |T - mid| <= rad entrywise, so ||T - mid||_2 <=
 * || |T - mid| ||_2 <= ||rad||_2, and ||rad||_2 is at most both its
 * Frobenius norm and (rad being symmetric) its largest row sum.  Hence
 * ||H - mid||_2 <= rho and H >= mid - rho I in the Loewner order.
 *
 * Theorem (Rump, BIT 46 (2006); ValidSDP, theories/cholesky.v,
 * corollary_2_4_with_c_upper_bound, with binary64 = FLT(-1074, 53) under
 * round-to-nearest, eps = u = 2^-53, eta = 2^-1075): let A be a symmetric
 * binary64 matrix of order N with 0 <= A_ii <= maxdiag, 4(N+1)u < 1 and
 *     c >= 1/2 gamma_{2(N+1)} tr(A) + 4 eta N (2(N+1) + maxdiag),
 * gamma_k = ku/(1 - ku).  Let At equal A above the diagonal with
 * At_ii <= A_ii - c.  If the Cholesky loop of cholesky_spec applied to At
 * (r_ij = (At_ij - sum_{k<i} r_ki r_kj) / r_ii for i < j and r_jj =
 * sqrt(At_jj - sum_{k<j} r_kj^2), every sum evaluated from k = 0 upwards,
 * each operation rounded to nearest on its own) gives r_ii > 0 for all i,
 * then A is positive definite.  The Coq model has no overflow; we
 * additionally require every computed r_ij to be finite, and a finite
 * IEEE result is exactly the rounding of the unbounded-exponent model.
 *
 * We take A = mid with A_ii = RD(mid_ii - rho) (refusing if some A_ii < 0),
 * maxdiag = max A_ii, c computed upwards with eta replaced by 2^-1074 >=
 * eta and tr(A) by an upward sum, At_ii = RD(A_ii - c).  Then H - A =
 * (H - mid) + diag(mid_ii - A_ii) >= (H - mid) + rho I >= 0, so A positive
 * definite implies H positive definite.
 *
 * The factorisation (ck_chol_f64) is right-looking and row-oriented: after
 * row k of the factor is final, every r_ij with k < i <= j gets its k-th
 * update s_ij <- RN(s_ij - RN(r_ki r_kj)).  Each s_ij therefore receives
 * exactly the operations of the left-to-right inner sum of cholesky_spec,
 * in the same order (k = 0, 1, ..., i-1) and with the same operands, so
 * the computed factor is bit-for-bit the one the theorem speaks about; the
 * inner loop runs over independent entries j, so the compiler may
 * vectorise it without reassociating anything (at -O2 GCC keeps it
 * scalar; the order-400 factorisation takes about 5 ms).  A fused r_ki r_kj
 * subtraction would be a different rounding sequence: the product is
 * passed through CK_OPAQUE before the subtraction, and the file is to be
 * compiled with -ffp-contract=off anyway.  We refuse to run unless the rounding mode is to
 * nearest, FLT_EVAL_METHOD == 0 and (x86) MXCSR has FTZ and DAZ off
 * (aarch64: FPCR.FZ off); the theorem assumes gradual underflow.
 *
 * ---------------------------------------------------------------------
 * 2. Directed rounding
 *
 * Enclosures are computed with the hardware rounding mode set to downward
 * (for lower bounds) or upward (for upper bounds) by fesetround; this file
 * is compiled with -frounding-math.  Because GCC may still move pure
 * arithmetic across calls to fesetround, every directed computation lives
 * in a non-inlined function that (a) sets the mode, (b) executes a compiler
 * memory barrier, (c) reads all operands from memory or volatiles after the
 * barrier, (d) stores all results to memory, (e) executes a barrier and
 * restores round-to-nearest.  Every arithmetic operation then depends on a
 * load after the mode switch and feeds a store before the switch back.
 * A self-test (ck_fenv_ok) checks that both directions and gradual
 * underflow actually work before any result is used.  Monotonicity of
 * directed rounding gives: if every operand is a lower (upper) bound of an
 * exact quantity entering with a positive sign, a sum/difference rounded
 * down (up) is a lower (upper) bound; products of intervals take the min
 * (max) of the four endpoint products rounded down (up).
 *
 * Exact rationals become binary64 intervals through MPFR (ck_q_to_f64):
 * x = RN_53(q) with its ternary value, then get_d in the outward direction
 * (and nextbelow/nextabove when x is on the wrong side), so lo <= q <= hi
 * even in the subnormal range; an infinite bound means "out of range" and
 * the binary64 path is not used.
 *
 * ---------------------------------------------------------------------
 * 3. Products of matrices
 *
 * R = Rm + dR with Rm the binary64 midpoints and |dR| <= Rr entrywise.
 *  - Gram: R^T R - Rm^T Rm = dR^T R + Rm^T dR is symmetric and entrywise at
 *    most Rr^T (|Rm| + Rr) + |Rm|^T Rr, whose row sums Rr^T w + |Rm|^T z,
 *    w = (|Rm| + Rr) 1, z = Rr 1, bound its 2-norm (computed upwards):
 *    that is gerr.  Rm^T Rm itself is enclosed by the same dot products
 *    evaluated once rounded down and once rounded up.
 *  - Stein: R^T P R - Rm^T Pm Rm = dR^T P R + Rm^T dP R + Rm^T Pm dR is
 *    symmetric (P, Pm symmetric); its row sums are bounded by
 *    Rr^T (Pa w) + |Rm|^T (Pr w) + |Rm|^T (|Pm| z), Pa = |Pm| + Pr.
 *    Y = Pm Rm is enclosed by [Ylo, Yhi] (down/up), and Rm^T Y by choosing
 *    per term the endpoint of Y that gives the lower (upper) bound.
 *
 * ---------------------------------------------------------------------
 * 4. MPFI path
 *
 * H is enclosed entrywise (lower triangle) in MPFI from the exact
 * rationals; exact sub-expressions (t I - R, -r R, r^2 - t, X, t^2 P) are
 * formed in mpq and enclosed by mpfi_set_q, products R^T R, P R, R^T (P R)
 * by interval arithmetic.  Cholesky-Banachiewicz in interval arithmetic:
 * for every symmetric matrix with entries in these intervals (H among
 * them) each exact intermediate quantity lies in the corresponding
 * interval, so if every pivot interval has a positive left endpoint, every
 * exact pivot is positive and H is positive definite.  A pivot interval
 * that is negative after positive ones proves H is not positive definite
 * (the exact pivot det(H_1..j)/det(H_1..j-1) is negative); we then say so
 * and do not retry.  Positivity is tested on the endpoints directly (not
 * via MPFI's replaceable predicate function pointers). */
#include <fenv.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gmp.h>
#include <mpfr.h>
#include <mpfi.h>

#if defined(__SSE__) && (defined(__x86_64__) || defined(__i386__))
#include <xmmintrin.h>
#define CK_HAVE_MXCSR 1
#endif

#include "pd.h"

#if defined(__FAST_MATH__)
#error "src/check/pd.c must not be compiled with -ffast-math"
#endif

#if defined(__GNUC__) && !defined(__clang__)
#define CK_NOINLINE __attribute__((noinline, noclone))
#elif defined(__GNUC__)
#define CK_NOINLINE __attribute__((noinline))
#else
#define CK_NOINLINE
#endif

#if defined(__GNUC__)
#define CK_BARRIER() __asm__ __volatile__("" ::: "memory")
#else
#define CK_BARRIER() ((void) 0)
#endif

/* Largest order of a ck_mat (4(N+1)u < 1 needs far less). */
#define CK_MAX_ORDER (1L << 20)
/* MPFI: precision cap and memory budget. */
#define CK_MP_MAX_PREC 16384L
#define CK_MP_MAX_BYTES ((double) (1UL << 30))

struct ck_mat_struct
{
    long n;
    mpq_t *q;          /* n*n exact entries, row-major, canonical */
    int sym;           /* -1 not yet checked, 0 not symmetric, 1 symmetric */
    int f64;           /* 0 not computed, 1 available, 2 out of range */
    double *lo, *hi;   /* lo <= q <= hi entrywise */
    double *mid, *rad; /* |q - mid| <= rad entrywise */
    int radzero;       /* every rad is 0 (all entries exact binary64) */
    int gram;          /* 0 not computed, 1 available, 2 overflow */
    double *glo, *ghi; /* lower triangle: glo <= (mid^T mid)_ij <= ghi */
    double gerr;       /* ||q^T q - mid^T mid||_2 <= gerr */
    long mp_prec;      /* precision of mp, 0 if none */
    mpfi_t *mp;        /* n*n: mp[i*n + j] contains q_ij */
    long mg_prec;      /* precision of mg, 0 if none */
    mpfi_t *mg;        /* packed lower triangle of q^T q */
};

/* ------------------------------------------------------------------ */
/* Messages                                                             */

static void
ck_msg(char *why, size_t len, const char *fmt, ...)
{
    va_list ap;
    if (why == NULL || len == 0)
        return;
    va_start(ap, fmt);
    vsnprintf(why, len, fmt, ap);
    va_end(ap);
}

/* ------------------------------------------------------------------ */
/* Allocation with overflow checks                                      */

static void *
ck_alloc(size_t count, size_t size)
{
    if (count == 0)
        count = 1;
    if (count > SIZE_MAX / size)
        return NULL;
    return malloc(count * size);
}

static double *
ck_alloc_d(long rows, long cols)
{
    if (rows < 0 || cols < 0 || (cols > 0 && (size_t) rows > SIZE_MAX / (size_t) cols))
        return NULL;
    return ck_alloc((size_t) rows * (size_t) cols, sizeof(double));
}

/* ------------------------------------------------------------------ */
/* Directed rounding primitives (section 2 of the header comment)       */

enum
{
    CK_ADD,
    CK_SUB,
    CK_MUL,
    CK_DIV,
    CK_SQRT
};

static int
ck_mode_set(int mode)
{
    int ok = fesetround(mode) == 0;
    CK_BARRIER();
    return ok;
}

static void
ck_mode_restore(void)
{
    CK_BARRIER();
    (void) fesetround(FE_TONEAREST);
    CK_BARRIER();
}

/* a op b rounded in direction mode (FE_UPWARD or FE_DOWNWARD); NaN if the
 * mode cannot be set.  Operands and result pass through volatiles, so the
 * operation cannot move across the mode switches. */
static double CK_NOINLINE
ck_rnd(int mode, int op, double a, double b)
{
    volatile double va = a, vb = b, vr = NAN;
    if (!ck_mode_set(mode))
    {
        ck_mode_restore();
        return NAN;
    }
    switch (op)
    {
    case CK_ADD:
        vr = va + vb;
        break;
    case CK_SUB:
        vr = va - vb;
        break;
    case CK_MUL:
        vr = va * vb;
        break;
    case CK_DIV:
        vr = va / vb;
        break;
    default:
        vr = sqrt(va);
        break;
    }
    ck_mode_restore();
    return vr;
}

static double
ck_up(int op, double a, double b)
{
    return ck_rnd(FE_UPWARD, op, a, b);
}

static double
ck_dn(int op, double a, double b)
{
    return ck_rnd(FE_DOWNWARD, op, a, b);
}

/* NULL if the floating-point environment is fit for the binary64 path,
 * else the reason. */
static const char *
ck_fenv_ok(void)
{
#if !defined(FLT_EVAL_METHOD) || FLT_EVAL_METHOD != 0
    return "binary64 expressions are evaluated in a wider format (FLT_EVAL_METHOD != 0)";
#else
    if (fegetround() != FE_TONEAREST)
        return "the rounding mode is not to-nearest";
#if defined(CK_HAVE_MXCSR)
    {
        unsigned int csr = _mm_getcsr();
        if ((csr & 0x8040u) != 0) /* FTZ (bit 15), DAZ (bit 6) */
            return "MXCSR has flush-to-zero or denormals-are-zero set";
        if ((csr & 0x6000u) != 0) /* rounding control */
            return "MXCSR rounding control is not to-nearest";
    }
#endif
#if defined(__aarch64__) && defined(__GNUC__)
    {
        unsigned long fpcr;
        __asm__ __volatile__("mrs %0, fpcr" : "=r"(fpcr));
        if ((fpcr & (1UL << 24)) != 0)
            return "FPCR has flush-to-zero set";
    }
#endif
    /* Directed rounding and gradual underflow must actually work. */
    {
        const double one = 1.0, tiny = 0x1p-60, sub = 0x1p-1074;
        if (!(ck_up(CK_ADD, one, tiny) > 1.0) || !(ck_dn(CK_ADD, one, tiny) == 1.0)
            || !(ck_dn(CK_SUB, -one, tiny) < -1.0) || !(ck_up(CK_SUB, -one, tiny) == -1.0)
            || !(ck_up(CK_MUL, sub, 0.5) == sub) || !(ck_dn(CK_MUL, sub, 0.5) == 0.0)
            || !(ck_up(CK_DIV, one, 3.0) > ck_dn(CK_DIV, one, 3.0))
            || !(ck_up(CK_SQRT, 2.0, 0.0) > ck_dn(CK_SQRT, 2.0, 0.0)))
            return "directed rounding (fesetround) or gradual underflow does not work";
    }
    if (fegetround() != FE_TONEAREST)
        return "the rounding mode could not be restored to nearest";
    return NULL;
#endif
}

/* ------------------------------------------------------------------ */
/* Exact rationals to binary64 intervals                                */

/* lo <= q <= hi; mid is a binary64 number near q.  tmp has precision 53.
 * Returns 1 if all three are finite. */
static int
ck_q_to_f64(double *lo, double *mid, double *hi, const mpq_t q, mpfr_t tmp)
{
    int tern = mpfr_set_q(tmp, q, MPFR_RNDN); /* sign of tmp - q */
    *mid = mpfr_get_d(tmp, MPFR_RNDN);
    if (tern == 0)
    {
        *lo = mpfr_get_d(tmp, MPFR_RNDD);
        *hi = mpfr_get_d(tmp, MPFR_RNDU);
    }
    else if (tern > 0)
    {
        /* pred(tmp) < q < tmp in 53-bit arithmetic */
        *hi = mpfr_get_d(tmp, MPFR_RNDU);
        mpfr_nextbelow(tmp);
        *lo = mpfr_get_d(tmp, MPFR_RNDD);
    }
    else
    {
        *lo = mpfr_get_d(tmp, MPFR_RNDD);
        mpfr_nextabove(tmp);
        *hi = mpfr_get_d(tmp, MPFR_RNDU);
    }
    return isfinite(*lo) && isfinite(*hi) && isfinite(*mid);
}

static int
ck_q_valid(const __mpq_struct *q)
{
    return q != NULL && mpz_sgn(mpq_denref(q)) != 0;
}

/* dst = src in canonical form; src may have a negative denominator or
 * common factors (mpq_set itself assumes a positive denominator). */
static void
ck_q_copy(mpq_t dst, const __mpq_struct *src)
{
    mpz_set(mpq_numref(dst), mpq_numref(src));
    mpz_set(mpq_denref(dst), mpq_denref(src));
    mpq_canonicalize(dst);
}

/* ------------------------------------------------------------------ */
/* Matrices                                                             */

ck_mat *
ck_mat_new(long n, const mpq_t *entries)
{
    ck_mat *A;
    long i, nn;
    if (n < 0 || n > CK_MAX_ORDER || (n > 0 && entries == NULL))
        return NULL;
    if (n > 0 && n > LONG_MAX / 8 / n) /* 4 n^2 (KYP order 2n) must fit a long */
        return NULL;
    nn = n * n;
    for (i = 0; i < nn; i++)
        if (mpz_sgn(mpq_denref(entries[i])) == 0)
            return NULL;
    A = calloc(1, sizeof(ck_mat));
    if (A == NULL)
        return NULL;
    A->n = n;
    A->sym = -1;
    A->q = ck_alloc((size_t) nn, sizeof(mpq_t));
    if (A->q == NULL)
    {
        free(A);
        return NULL;
    }
    for (i = 0; i < nn; i++)
    {
        mpq_init(A->q[i]);
        ck_q_copy(A->q[i], entries[i]);
    }
    return A;
}

static void
ck_mp_free(mpfi_t *v, size_t count)
{
    size_t i;
    if (v == NULL)
        return;
    for (i = 0; i < count; i++)
        mpfi_clear(v[i]);
    free(v);
}

void
ck_mat_free(ck_mat *A)
{
    long i, nn;
    if (A == NULL)
        return;
    nn = A->n * A->n;
    for (i = 0; i < nn; i++)
        mpq_clear(A->q[i]);
    free(A->q);
    free(A->lo);
    free(A->hi);
    free(A->mid);
    free(A->rad);
    free(A->glo);
    free(A->ghi);
    ck_mp_free(A->mp, (size_t) nn);
    ck_mp_free(A->mg, (size_t) (A->n * (A->n + 1) / 2));
    free(A);
}

long
ck_mat_order(const ck_mat *A)
{
    return A == NULL ? -1 : A->n;
}

/* 1 if A is exactly symmetric (cached). */
static int
ck_mat_sym(ck_mat *A)
{
    long i, j, n = A->n;
    if (A->sym < 0)
    {
        A->sym = 1;
        for (i = 0; i < n && A->sym; i++)
            for (j = 0; j < i; j++)
                if (!mpq_equal(A->q[i * n + j], A->q[j * n + i]))
                {
                    A->sym = 0;
                    break;
                }
    }
    return A->sym;
}

/* rad[i] = max(RU(hi - mid), RU(mid - lo)); returns 0 if the mode could
 * not be set.  *zero = 1 if all radii are 0. */
static int CK_NOINLINE
ck_blk_rad(long count, const double *lo, const double *mid, const double *hi,
           double *rad, int *zero)
{
    long i;
    int z = 1;
    if (!ck_mode_set(FE_UPWARD))
    {
        ck_mode_restore();
        return 0;
    }
    for (i = 0; i < count; i++)
    {
        double a = hi[i] - mid[i], b = mid[i] - lo[i];
        rad[i] = a > b ? a : b;
        if (rad[i] != 0)
            z = 0;
    }
    ck_mode_restore();
    *zero = z;
    return 1;
}

/* Binary64 enclosure of A (cached): 1 available, 0 some entry is outside
 * the binary64 range, -1 out of memory or directed rounding failed (not
 * cached). */
static int
ck_mat_f64(ck_mat *A)
{
    long i, nn = A->n * A->n;
    int ok = 1;
    mpfr_t tmp;
    if (A->f64 != 0)
        return A->f64 == 1;
    A->lo = ck_alloc_d(A->n, A->n);
    A->hi = ck_alloc_d(A->n, A->n);
    A->mid = ck_alloc_d(A->n, A->n);
    A->rad = ck_alloc_d(A->n, A->n);
    if (A->lo == NULL || A->hi == NULL || A->mid == NULL || A->rad == NULL)
        goto fail;
    mpfr_init2(tmp, 53);
    for (i = 0; i < nn && ok; i++)
        ok = ck_q_to_f64(A->lo + i, A->mid + i, A->hi + i, A->q[i], tmp);
    mpfr_clear(tmp);
    if (!ok)
    {
        A->f64 = 2; /* out of range, cached */
        return 0;
    }
    if (!ck_blk_rad(nn, A->lo, A->mid, A->hi, A->rad, &A->radzero))
        goto fail;
    A->f64 = 1;
    return 1;
fail:
    free(A->lo);
    free(A->hi);
    free(A->mid);
    free(A->rad);
    A->lo = A->hi = A->mid = A->rad = NULL;
    return -1;
}

/* Lower triangle of g = m^T m (m is n x n row-major), every operation
 * rounded in direction mode. */
static int CK_NOINLINE
ck_blk_gram(int mode, long n, const double *m, double *g)
{
    long i, j, k;
    if (!ck_mode_set(mode))
    {
        ck_mode_restore();
        return 0;
    }
    for (i = 0; i < n; i++)
        for (j = 0; j <= i; j++)
            g[i * n + j] = 0.0;
    for (k = 0; k < n; k++)
    {
        const double *mk = m + k * n;
        for (i = 0; i < n; i++)
        {
            const double a = mk[i];
            double *gi = g + i * n;
            for (j = 0; j <= i; j++)
                gi[j] = gi[j] + a * mk[j];
        }
    }
    ck_mode_restore();
    return 1;
}

/* Upward: max_i sum_k (Rr_ki w_k + |Rm_ki| z_k), w = (|Rm| + Rr) 1,
 * z = Rr 1 (section 3): a bound of ||R^T R - Rm^T Rm||_2.  work: 3n. */
static int CK_NOINLINE
ck_blk_gram_err(long n, const double *rm, const double *rr, double *work, double *err)
{
    long i, k;
    double *w = work, *z = work + n, *s = work + 2 * n, e = 0.0;
    if (!ck_mode_set(FE_UPWARD))
    {
        ck_mode_restore();
        return 0;
    }
    for (k = 0; k < n; k++)
    {
        double a = 0.0, b = 0.0;
        for (i = 0; i < n; i++)
        {
            a = a + (fabs(rm[k * n + i]) + rr[k * n + i]);
            b = b + rr[k * n + i];
        }
        w[k] = a;
        z[k] = b;
    }
    for (i = 0; i < n; i++)
        s[i] = 0.0;
    for (k = 0; k < n; k++)
        for (i = 0; i < n; i++)
            s[i] = s[i] + (rr[k * n + i] * w[k] + fabs(rm[k * n + i]) * z[k]);
    for (i = 0; i < n; i++)
        if (!(s[i] <= e)) /* also propagates NaN */
            e = s[i];
    ck_mode_restore();
    *err = e;
    return 1;
}

/* Enclosure of R^T R (cached): 1 available, 0 unavailable (out of
 * range), -1 out of memory or directed rounding failed (not cached). */
static int
ck_mat_gram(ck_mat *A)
{
    long n = A->n;
    int f = ck_mat_f64(A);
    double *work = NULL;
    if (f != 1)
        return f;
    if (A->gram != 0)
        return A->gram == 1;
    A->glo = ck_alloc_d(n, n);
    A->ghi = ck_alloc_d(n, n);
    work = ck_alloc_d(3, n);
    if (A->glo == NULL || A->ghi == NULL || work == NULL)
        goto fail;
    if (!ck_blk_gram(FE_DOWNWARD, n, A->mid, A->glo) || !ck_blk_gram(FE_UPWARD, n, A->mid, A->ghi))
        goto fail;
    A->gerr = 0.0;
    if (!A->radzero && !ck_blk_gram_err(n, A->mid, A->rad, work, &A->gerr))
        goto fail;
    free(work);
    if (!isfinite(A->gerr))
    {
        A->gram = 2; /* overflow, cached */
        return 0;
    }
    A->gram = 1;
    return 1;
fail:
    free(work);
    free(A->glo);
    free(A->ghi);
    A->glo = A->ghi = NULL;
    return -1;
}

/* ------------------------------------------------------------------ */
/* Directed block kernels for the entries of H                          */

/* In direction mode, for the rows x cols block (lower triangle j <= i only
 * if tri): out[i*ldo + j] = (tri && i == j ? *d : 0) + sa a[i*lda + j]
 * + sb b[i*ldb + j], with sa, sb in {-1, 0, 1} (a, b unused when 0; the
 * products by +-1 are exact, the two additions are rounded in mode). */
static int CK_NOINLINE
ck_blk_comb(int mode, long rows, long cols, int tri, double *out, long ldo,
            const double *d, const double *a, long lda, int sa,
            const double *b, long ldb, int sb)
{
    long i, j;
    const double fa = (double) sa, fb = (double) sb;
    if (!ck_mode_set(mode))
    {
        ck_mode_restore();
        return 0;
    }
    for (i = 0; i < rows; i++)
    {
        long jmax = tri ? i + 1 : cols;
        for (j = 0; j < jmax; j++)
        {
            double v = (tri && i == j && d != NULL) ? *d : 0.0;
            if (sa != 0)
                v = v + fa * a[i * lda + j];
            if (sb != 0)
                v = v + fb * b[i * ldb + j];
            out[i * ldo + j] = v;
        }
    }
    ck_mode_restore();
    return 1;
}

/* In direction mode: out[i*ldo + j] = sgn * E(s[0] alo, s[0] ahi, s[1] alo,
 * s[1] ahi) (entries i, j of alo/ahi with leading dimension lda), E = max
 * if want_max else min, over the rows x cols block (j <= i if tri).  With
 * mode down and E = min this is a lower bound of s a for s in [s0, s1],
 * a in [alo, ahi]; with mode up and E = max an upper bound; sgn = -1
 * negates exactly. */
static int CK_NOINLINE
ck_blk_prod(int mode, long rows, long cols, int tri, double *out, long ldo,
            const double *s, const double *alo, const double *ahi, long lda,
            int want_max, int sgn)
{
    long i, j;
    double s0, s1;
    if (!ck_mode_set(mode))
    {
        ck_mode_restore();
        return 0;
    }
    s0 = s[0];
    s1 = s[1];
    for (i = 0; i < rows; i++)
    {
        long jmax = tri ? i + 1 : cols;
        for (j = 0; j < jmax; j++)
        {
            double p1 = s0 * alo[i * lda + j], p2 = s0 * ahi[i * lda + j];
            double p3 = s1 * alo[i * lda + j], p4 = s1 * ahi[i * lda + j];
            double e12, e34, e;
            if (want_max)
            {
                e12 = p1 > p2 ? p1 : p2;
                e34 = p3 > p4 ? p3 : p4;
                e = e12 > e34 ? e12 : e34;
            }
            else
            {
                e12 = p1 < p2 ? p1 : p2;
                e34 = p3 < p4 ? p3 : p4;
                e = e12 < e34 ? e12 : e34;
            }
            out[i * ldo + j] = sgn < 0 ? -e : e;
        }
    }
    ck_mode_restore();
    return 1;
}

/* c = a b (n x n, row-major), every operation rounded in mode. */
static int CK_NOINLINE
ck_blk_matmul(int mode, long n, const double *a, const double *b, double *c)
{
    long i, j, k;
    if (!ck_mode_set(mode))
    {
        ck_mode_restore();
        return 0;
    }
    for (i = 0; i < n; i++)
    {
        double *ci = c + i * n;
        for (j = 0; j < n; j++)
            ci[j] = 0.0;
        for (k = 0; k < n; k++)
        {
            const double aik = a[i * n + k];
            const double *bk = b + k * n;
            for (j = 0; j < n; j++)
                ci[j] = ci[j] + aik * bk[j];
        }
    }
    ck_mode_restore();
    return 1;
}

/* Lower triangle of a bound of m^T y for y in [ylo, yhi] (entrywise):
 * down = 1: lower bound, rounded down; down = 0: upper bound, rounded up.
 * Output leading dimension n. */
static int CK_NOINLINE
ck_blk_atsel(int down, long n, const double *m, const double *ylo,
             const double *yhi, double *z)
{
    long i, j, k;
    if (!ck_mode_set(down ? FE_DOWNWARD : FE_UPWARD))
    {
        ck_mode_restore();
        return 0;
    }
    for (i = 0; i < n; i++)
        for (j = 0; j <= i; j++)
            z[i * n + j] = 0.0;
    for (k = 0; k < n; k++)
    {
        for (i = 0; i < n; i++)
        {
            const double a = m[k * n + i];
            /* a >= 0: a y increases with y */
            const double *yk = ((a >= 0) == (down != 0) ? ylo : yhi) + k * n;
            double *zi = z + i * n;
            for (j = 0; j <= i; j++)
                zi[j] = zi[j] + a * yk[j];
        }
    }
    ck_mode_restore();
    return 1;
}

/* Upward bound of ||R^T P R - Rm^T Pm Rm||_2 (section 3): max over i of
 * sum_k Rr_ki (Pa w)_k + |Rm_ki| ((Pr w)_k + (|Pm| z)_k), w = (|Rm| + Rr) 1,
 * z = Rr 1.  work: 6n. */
static int CK_NOINLINE
ck_blk_stein_err(long n, const double *rm, const double *rr, const double *pm,
                 const double *pr, double *work, double *err)
{
    long i, k;
    double *w = work, *z = work + n, *y1 = work + 2 * n, *y2 = work + 3 * n;
    double *y3 = work + 4 * n, *s = work + 5 * n, e = 0.0;
    if (!ck_mode_set(FE_UPWARD))
    {
        ck_mode_restore();
        return 0;
    }
    for (k = 0; k < n; k++)
    {
        double a = 0.0, b = 0.0;
        for (i = 0; i < n; i++)
        {
            a = a + (fabs(rm[k * n + i]) + rr[k * n + i]);
            b = b + rr[k * n + i];
        }
        w[k] = a;
        z[k] = b;
    }
    for (k = 0; k < n; k++)
    {
        double a = 0.0, b = 0.0, c = 0.0;
        for (i = 0; i < n; i++)
        {
            a = a + (fabs(pm[k * n + i]) + pr[k * n + i]) * w[i];
            b = b + pr[k * n + i] * w[i];
            c = c + fabs(pm[k * n + i]) * z[i];
        }
        y1[k] = a;
        y2[k] = b;
        y3[k] = c;
    }
    for (i = 0; i < n; i++)
        s[i] = 0.0;
    for (k = 0; k < n; k++)
        for (i = 0; i < n; i++)
            s[i] = s[i] + (rr[k * n + i] * y1[k] + fabs(rm[k * n + i]) * (y2[k] + y3[k]));
    for (i = 0; i < n; i++)
        if (!(s[i] <= e))
            e = s[i];
    ck_mode_restore();
    *err = e;
    return 1;
}

/* ------------------------------------------------------------------ */
/* The binary64 test (section 1)                                        */

/* W[j*n + i] = RN(lo_ij/2 + hi_ij/2) for j <= i: the upper triangle of W
 * (row-major) holds the symmetric midpoint. */
static void
ck_center(long n, const double *lo, const double *hi, double *W)
{
    long i, j;
    for (i = 0; i < n; i++)
        for (j = 0; j <= i; j++)
            W[j * n + i] = 0.5 * lo[i * n + j] + 0.5 * hi[i * n + j];
}

/* Upward: rho = min(||rad||_F, max row sum of rad) + extra, rad_ij =
 * max(hi - mid, mid - lo).  rs: n doubles of workspace. */
static int CK_NOINLINE
ck_blk_radius(long n, const double *lo, const double *hi, const double *W,
              double *rs, const double *extra, double *rho)
{
    long i, j;
    double ss = 0.0, rmax = 0.0, rf, r;
    if (!ck_mode_set(FE_UPWARD))
    {
        ck_mode_restore();
        return 0;
    }
    for (i = 0; i < n; i++)
        rs[i] = 0.0;
    for (i = 0; i < n; i++)
    {
        for (j = 0; j <= i; j++)
        {
            double m = W[j * n + i];
            double a = hi[i * n + j] - m, b = m - lo[i * n + j];
            double rij = a > b ? a : b;
            if (i == j)
                ss = ss + rij * rij;
            else
            {
                ss = ss + 2.0 * (rij * rij);
                rs[j] = rs[j] + rij;
            }
            rs[i] = rs[i] + rij;
        }
    }
    for (i = 0; i < n; i++)
        if (!(rs[i] <= rmax))
            rmax = rs[i];
    rf = sqrt(ss);
    r = rf < rmax ? rf : rmax; /* NaN in rf gives rmax: both are bounds */
    if (isnan(rf) || isnan(rmax))
        r = NAN;
    *rho = r + *extra;
    ck_mode_restore();
    return 1;
}

/* In direction mode: out[i] = W[i*n + i] - *sub. */
static int CK_NOINLINE
ck_blk_diag_sub(int mode, long n, const double *W, const double *sub, double *out)
{
    long i;
    double s;
    if (!ck_mode_set(mode))
    {
        ck_mode_restore();
        return 0;
    }
    s = *sub;
    for (i = 0; i < n; i++)
        out[i] = W[i * n + i] - s;
    ck_mode_restore();
    return 1;
}

/* Upward sum of d[0..n). */
static int CK_NOINLINE
ck_blk_sum_up(long n, const double *d, double *sum)
{
    long i;
    double s = 0.0;
    if (!ck_mode_set(FE_UPWARD))
    {
        ck_mode_restore();
        return 0;
    }
    for (i = 0; i < n; i++)
        s = s + d[i];
    *sum = s;
    ck_mode_restore();
    return 1;
}

/* Upper bound of 1/2 gamma_{2(n+1)} tr + 4 eta n (2(n+1) + maxdiag) with
 * eta <= 2^-1074 (ValidSDP's eta is 2^-1075); n < 2^40. */
static double
ck_rump_c(long n, double tr, double maxdiag)
{
    double k = 2.0 * (double) (n + 1);          /* exact */
    double ku = k * 0x1p-53;                     /* exact */
    double g = ck_up(CK_DIV, ku, ck_dn(CK_SUB, 1.0, ku));
    double a = ck_up(CK_MUL, 0.5 * g, tr);
    double b = ck_up(CK_MUL, ck_up(CK_MUL, 0x1p-1072, (double) n),
                     ck_up(CK_ADD, k, maxdiag)); /* 4 * 2^-1074 = 2^-1072 */
    return ck_up(CK_ADD, a, b);
}

/* CK_OPAQUE(p) makes the compiler treat p as an unknown value held in a
 * floating-point register, so the product that produced p cannot be fused
 * with the subtraction that consumes it (an FMA is a different rounding
 * sequence from the one the theorem is about) whatever -ffp-contract says;
 * -ffp-contract=off remains the documented requirement for compilers
 * without GNU inline assembly. */
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__)) && defined(__SSE2__)
#define CK_OPAQUE(p) __asm__("" : "+x"(p))
#elif defined(__GNUC__) && defined(__aarch64__)
#define CK_OPAQUE(p) __asm__("" : "+w"(p))
#elif defined(__GNUC__)
#define CK_OPAQUE(p) __asm__("" : "+m"(p))
#else
#define CK_OPAQUE(p) ((void) 0)
#endif

/* y[j] <- RN(y[j] - RN(a x[j])), j = 0 .. len-1: independent entries. */
static void
ck_row_update(double *restrict y, const double *restrict x, double a, long len)
{
    long j;
    for (j = 0; j < len; j++)
    {
        double p = a * x[j];
        CK_OPAQUE(p);
        y[j] = y[j] - p;
    }
}

/* Cholesky of the upper triangle of W (row-major, W[i*n + j] for j >= i),
 * in place, round-to-nearest; right-looking with the same rounding
 * sequence per entry as cholesky_spec (section 1).  Returns -1 if every
 * pivot is positive and every factor entry finite, else the index of the
 * failing pivot. */
static long
ck_chol_f64(long n, double *W)
{
    long i, j, k;
    for (k = 0; k < n; k++)
    {
        double *wk = W + k * n;
        double s = wk[k], d;
        if (!(s > 0) || !(s <= DBL_MAX))
            return k;
        d = sqrt(s);
        wk[k] = d;
        for (j = k + 1; j < n; j++)
            wk[j] = wk[j] / d;
        for (j = k + 1; j < n; j++)
            if (!isfinite(wk[j]))
                return k;
        for (i = k + 1; i < n; i++)
            ck_row_update(W + i * n + i, wk + i, wk[i], n - i);
    }
    return -1;
}

/* The binary64 test of the symmetric T with lo <= T <= hi (lower
 * triangles, n x n row-major) and ||H - T||_2 <= extra.  W: n x n, d: n.
 * Returns 1 if H is proved positive definite; else 0 with msg set. */
static int
ck_f64_test(long n, const double *lo, const double *hi, double extra,
            double *W, double *d, char *msg, size_t len)
{
    long i, j, piv;
    double rho, tr, maxdiag = 0.0, c;
    for (i = 0; i < n; i++)
        for (j = 0; j <= i; j++)
            if (!isfinite(lo[i * n + j]) || !isfinite(hi[i * n + j])
                || !(lo[i * n + j] <= hi[i * n + j]))
            {
                ck_msg(msg, len,
                       "binary64 test not run: entry (%ld, %ld) of the matrix overflows binary64",
                       i, j);
                return 0;
            }
    if (!(extra >= 0) || !isfinite(extra))
    {
        ck_msg(msg, len, "binary64 test not run: the product error bound overflows binary64");
        return 0;
    }
    ck_center(n, lo, hi, W);
    if (!ck_blk_radius(n, lo, hi, W, d, &extra, &rho) || !isfinite(rho))
    {
        ck_msg(msg, len, "binary64 test not run: the enclosure radius bound overflows");
        return 0;
    }
    if (!ck_blk_diag_sub(FE_DOWNWARD, n, W, &rho, d))
    {
        ck_msg(msg, len, "binary64 test not run: directed rounding failed");
        return 0;
    }
    for (i = 0; i < n; i++)
    {
        if (!(d[i] >= 0))
        {
            ck_msg(msg, len,
                   "binary64 test (order %ld): diagonal entry %ld (%.3g) minus the enclosure "
                   "radius (%.3g) is negative",
                   n, i, W[i * n + i], rho);
            return 0;
        }
        if (d[i] > maxdiag)
            maxdiag = d[i];
    }
    if (!ck_blk_sum_up(n, d, &tr))
        tr = NAN;
    c = ck_rump_c(n, tr, maxdiag);
    if (!isfinite(c) || !(c >= 0))
    {
        ck_msg(msg, len, "binary64 test (order %ld): the Rump shift overflows", n);
        return 0;
    }
    for (i = 0; i < n; i++)
        W[i * n + i] = d[i];
    if (!ck_blk_diag_sub(FE_DOWNWARD, n, W, &c, d))
    {
        ck_msg(msg, len, "binary64 test not run: directed rounding failed");
        return 0;
    }
    for (i = 0; i < n; i++)
        W[i * n + i] = d[i];
    if (fegetround() != FE_TONEAREST)
    {
        ck_msg(msg, len, "binary64 test not run: the rounding mode is not to-nearest");
        return 0;
    }
    piv = ck_chol_f64(n, W);
    if (piv >= 0)
    {
        ck_msg(msg, len, "binary64 Cholesky test (order %ld, shift %.3g) failed at pivot %ld",
               n, ck_up(CK_ADD, rho, c), piv);
        return 0;
    }
    return 1;
}

/* ------------------------------------------------------------------ */
/* Jobs: which H                                                        */

enum
{
    CK_GRAM_LE,
    CK_GRAM_GE,
    CK_SYM,
    CK_STEIN,
    CK_KYP
};

typedef struct
{
    int kind;
    long n;           /* order of H */
    ck_mat *R;        /* R (gram: R or A; sym: R; P-test of stein: P) */
    ck_mat *B;        /* stein: P; kyp: X; else NULL */
    const __mpq_struct *s; /* gram, sym: t; stein: t^2; kyp: r^2 - t */
    const __mpq_struct *r; /* kyp: r */
    int sign;         /* sym */
} ck_job;

/* lo/hi of T and the bound extra >= ||H - T||_2 for the binary64 path.
 * Returns 1 on success, else 0 with msg set. */
static int
ck_f64_build(ck_job *jb, double *lo, double *hi, double *extra, char *msg, size_t len)
{
    long n = jb->n, N = jb->R->n;
    double s[2], sm, r[2], rm;
    ck_mat *R = jb->R, *B = jb->B;
    int f, ok = 1;
    mpfr_t tmp;

    mpfr_init2(tmp, 53);
    f = ck_q_to_f64(s, &sm, s + 1, jb->s, tmp);
    if (f && jb->kind == CK_KYP)
        f = ck_q_to_f64(r, &rm, r + 1, jb->r, tmp);
    mpfr_clear(tmp);
    if (!f)
    {
        ck_msg(msg, len, "binary64 test not run: a scalar is outside the binary64 range");
        return 0;
    }
    f = (jb->kind == CK_GRAM_LE || jb->kind == CK_GRAM_GE || jb->kind == CK_KYP)
            ? ck_mat_gram(R) : ck_mat_f64(R);
    if (f == 1 && B != NULL)
        f = ck_mat_f64(B);
    if (f != 1)
    {
        ck_msg(msg, len, "%s",
               f == 0 ? "binary64 test not run: an entry is outside the binary64 range"
                      : "binary64 test not run: out of memory or directed rounding failed");
        return 0;
    }
    *extra = 0.0;
    switch (jb->kind)
    {
    case CK_GRAM_LE: /* t I - R^T R */
        ok = ck_blk_comb(FE_DOWNWARD, n, n, 1, lo, n, s, R->ghi, n, -1, NULL, 0, 0)
             && ck_blk_comb(FE_UPWARD, n, n, 1, hi, n, s + 1, R->glo, n, -1, NULL, 0, 0);
        *extra = R->gerr;
        break;
    case CK_GRAM_GE: /* R^T R - t I */
    {
        double ms[2];
        ms[0] = -s[1];
        ms[1] = -s[0];
        ok = ck_blk_comb(FE_DOWNWARD, n, n, 1, lo, n, ms, R->glo, n, 1, NULL, 0, 0)
             && ck_blk_comb(FE_UPWARD, n, n, 1, hi, n, ms + 1, R->ghi, n, 1, NULL, 0, 0);
        *extra = R->gerr;
        break;
    }
    case CK_SYM: /* t I + sign R */
        if (jb->sign > 0)
            ok = ck_blk_comb(FE_DOWNWARD, n, n, 1, lo, n, s, R->lo, n, 1, NULL, 0, 0)
                 && ck_blk_comb(FE_UPWARD, n, n, 1, hi, n, s + 1, R->hi, n, 1, NULL, 0, 0);
        else
            ok = ck_blk_comb(FE_DOWNWARD, n, n, 1, lo, n, s, R->hi, n, -1, NULL, 0, 0)
                 && ck_blk_comb(FE_UPWARD, n, n, 1, hi, n, s + 1, R->lo, n, -1, NULL, 0, 0);
        break;
    case CK_STEIN: /* t^2 P - R^T P R, s = t^2 */
    {
        double *ylo = ck_alloc_d(n, n), *yhi = ck_alloc_d(n, n);
        double *zlo = ck_alloc_d(n, n), *zhi = ck_alloc_d(n, n), *work = ck_alloc_d(6, n);
        ok = ylo != NULL && yhi != NULL && zlo != NULL && zhi != NULL && work != NULL;
        if (!ok)
            ck_msg(msg, len, "binary64 test not run: out of memory");
        else
        {
            ok = ck_blk_matmul(FE_DOWNWARD, n, B->mid, R->mid, ylo)
                 && ck_blk_matmul(FE_UPWARD, n, B->mid, R->mid, yhi)
                 && ck_blk_atsel(1, n, R->mid, ylo, yhi, zlo)
                 && ck_blk_atsel(0, n, R->mid, ylo, yhi, zhi)
                 && ck_blk_prod(FE_DOWNWARD, n, n, 1, lo, n, s, B->lo, B->hi, n, 0, 1)
                 && ck_blk_comb(FE_DOWNWARD, n, n, 1, lo, n, NULL, lo, n, 1, zhi, n, -1)
                 && ck_blk_prod(FE_UPWARD, n, n, 1, hi, n, s, B->lo, B->hi, n, 1, 1)
                 && ck_blk_comb(FE_UPWARD, n, n, 1, hi, n, NULL, hi, n, 1, zlo, n, -1);
            if (ok && !(R->radzero && B->radzero))
                ok = ck_blk_stein_err(n, R->mid, R->rad, B->mid, B->rad, work, extra);
        }
        free(ylo);
        free(yhi);
        free(zlo);
        free(zhi);
        free(work);
        if (!ok && msg != NULL && len > 0 && msg[0] == '\0')
            ck_msg(msg, len, "binary64 test not run: directed rounding failed");
        return ok;
    }
    case CK_KYP: /* [[(r^2 - t) I + R^T R - X, -r R^T], [-r R, X]], s = r^2 - t */
        /* top left, lower triangle */
        ok = ck_blk_comb(FE_DOWNWARD, N, N, 1, lo, n, s, R->glo, N, 1, B->hi, N, -1)
             && ck_blk_comb(FE_UPWARD, N, N, 1, hi, n, s + 1, R->ghi, N, 1, B->lo, N, -1)
             /* bottom left: -r R; lower bound = -(upper bound of r R) */
             && ck_blk_prod(FE_UPWARD, N, N, 0, lo + N * n, n, r, R->lo, R->hi, N, 1, -1)
             && ck_blk_prod(FE_DOWNWARD, N, N, 0, hi + N * n, n, r, R->lo, R->hi, N, 0, -1)
             /* bottom right: X (exact copies) */
             && ck_blk_comb(FE_DOWNWARD, N, N, 1, lo + N * n + N, n, NULL, B->lo, N, 1, NULL, 0, 0)
             && ck_blk_comb(FE_UPWARD, N, N, 1, hi + N * n + N, n, NULL, B->hi, N, 1, NULL, 0, 0);
        *extra = R->gerr;
        break;
    default:
        ok = 0;
    }
    if (!ok)
        ck_msg(msg, len, "binary64 test not run: directed rounding failed");
    return ok;
}

/* 1 if proved by the binary64 path; else 0 with msg set. */
static int
ck_f64_path(ck_job *jb, char *msg, size_t len)
{
    long n = jb->n;
    double *lo = NULL, *hi = NULL, *W = NULL, *d = NULL, extra = 0.0;
    int ok = 0;
    const char *env = ck_fenv_ok();
    if (msg != NULL && len > 0)
        msg[0] = '\0';
    if (env != NULL)
    {
        ck_msg(msg, len, "binary64 test not run: %s", env);
        return 0;
    }
    if (n > (1L << 30)) /* the theorem needs 4(n+1)u < 1 */
    {
        ck_msg(msg, len, "binary64 test not run: order too large");
        return 0;
    }
    lo = ck_alloc_d(n, n);
    hi = ck_alloc_d(n, n);
    W = ck_alloc_d(n, n);
    d = ck_alloc_d(n, 1);
    if (lo == NULL || hi == NULL || W == NULL || d == NULL)
        ck_msg(msg, len, "binary64 test not run: out of memory");
    else if (ck_f64_build(jb, lo, hi, &extra, msg, len))
        ok = ck_f64_test(n, lo, hi, extra, W, d, msg, len);
    free(lo);
    free(hi);
    free(W);
    free(d);
    return ok;
}

/* ------------------------------------------------------------------ */
/* MPFI path (section 4)                                                */

#define CK_PK(i, j) ((i) * ((i) + 1) / 2 + (j))

static mpfi_t *
ck_mp_alloc(size_t count, long prec)
{
    size_t i;
    mpfi_t *v = ck_alloc(count, sizeof(mpfi_t));
    if (v == NULL)
        return NULL;
    for (i = 0; i < count; i++)
        mpfi_init2(v[i], (mpfr_prec_t) prec);
    return v;
}

/* MPFI enclosure of the entries of A at precision prec (cached). */
static int
ck_mat_mp(ck_mat *A, long prec)
{
    long i, nn = A->n * A->n;
    if (A->mp != NULL && A->mp_prec == prec)
        return 1;
    if (A->mp == NULL)
    {
        A->mp = ck_mp_alloc((size_t) nn, prec);
        if (A->mp == NULL)
            return 0;
    }
    else
        for (i = 0; i < nn; i++)
            mpfi_set_prec(A->mp[i], (mpfr_prec_t) prec);
    for (i = 0; i < nn; i++)
        mpfi_set_q(A->mp[i], A->q[i]);
    A->mp_prec = prec;
    return 1;
}

/* MPFI enclosure of the lower triangle of A^T A at precision prec (cached). */
static int
ck_mat_mg(ck_mat *A, long prec)
{
    long n = A->n, i, j, k, np = n * (n + 1) / 2;
    mpfi_t t;
    if (!ck_mat_mp(A, prec))
        return 0;
    if (A->mg != NULL && A->mg_prec == prec)
        return 1;
    if (A->mg == NULL)
    {
        A->mg = ck_mp_alloc((size_t) np, prec);
        if (A->mg == NULL)
            return 0;
    }
    else
        for (i = 0; i < np; i++)
            mpfi_set_prec(A->mg[i], (mpfr_prec_t) prec);
    mpfi_init2(t, (mpfr_prec_t) prec);
    for (i = 0; i < n; i++)
        for (j = 0; j <= i; j++)
        {
            mpfi_ptr g = A->mg[CK_PK(i, j)];
            mpfi_set_ui(g, 0);
            for (k = 0; k < n; k++)
            {
                if (i == j)
                    mpfi_sqr(t, A->mp[k * n + i]);
                else
                    mpfi_mul(t, A->mp[k * n + i], A->mp[k * n + j]);
                mpfi_add(g, g, t);
            }
        }
    mpfi_clear(t);
    A->mg_prec = prec;
    return 1;
}

/* Fill the packed lower triangle h (initialised at prec) with an
 * enclosure of H.  Returns 0 on out of memory. */
static int
ck_mp_build(ck_job *jb, mpfi_t *h, long prec)
{
    long n = jb->n, N = jb->R->n, i, j, k;
    ck_mat *R = jb->R, *B = jb->B;
    mpq_t q;
    int ok = 1;
    mpq_init(q);
    switch (jb->kind)
    {
    case CK_GRAM_LE:
    case CK_GRAM_GE:
        if (!ck_mat_mg(R, prec))
        {
            ok = 0;
            break;
        }
        for (i = 0; i < n; i++)
            for (j = 0; j <= i; j++)
            {
                mpfi_ptr x = h[CK_PK(i, j)];
                if (jb->kind == CK_GRAM_LE)
                    mpfi_neg(x, R->mg[CK_PK(i, j)]);
                else
                    mpfi_set(x, R->mg[CK_PK(i, j)]);
                if (i == j)
                {
                    if (jb->kind == CK_GRAM_LE)
                        mpfi_add_q(x, x, jb->s);
                    else
                        mpfi_sub_q(x, x, jb->s);
                }
            }
        break;
    case CK_SYM:
        for (i = 0; i < n; i++)
            for (j = 0; j <= i; j++)
            {
                if (jb->sign > 0)
                    mpq_set(q, R->q[i * n + j]);
                else
                    mpq_neg(q, R->q[i * n + j]);
                if (i == j)
                    mpq_add(q, q, jb->s);
                mpfi_set_q(h[CK_PK(i, j)], q);
            }
        break;
    case CK_STEIN:
    {
        mpfi_t *y = NULL, t;
        if (!ck_mat_mp(R, prec) || !ck_mat_mp(B, prec)
            || (y = ck_mp_alloc((size_t) (n * n), prec)) == NULL)
        {
            ok = 0;
            break;
        }
        mpfi_init2(t, (mpfr_prec_t) prec);
        for (i = 0; i < n; i++) /* y = P R */
            for (j = 0; j < n; j++)
            {
                mpfi_set_ui(y[i * n + j], 0);
                for (k = 0; k < n; k++)
                {
                    mpfi_mul(t, B->mp[i * n + k], R->mp[k * n + j]);
                    mpfi_add(y[i * n + j], y[i * n + j], t);
                }
            }
        for (i = 0; i < n; i++) /* h = t^2 P - R^T y */
            for (j = 0; j <= i; j++)
            {
                mpfi_ptr x = h[CK_PK(i, j)];
                mpq_mul(q, jb->s, B->q[i * n + j]);
                mpfi_set_q(x, q);
                for (k = 0; k < n; k++)
                {
                    mpfi_mul(t, R->mp[k * n + i], y[k * n + j]);
                    mpfi_sub(x, x, t);
                }
            }
        mpfi_clear(t);
        ck_mp_free(y, (size_t) (n * n));
        break;
    }
    case CK_KYP:
        if (!ck_mat_mg(R, prec))
        {
            ok = 0;
            break;
        }
        for (i = 0; i < N; i++)
            for (j = 0; j <= i; j++) /* (r^2 - t) I - X + R^T R */
            {
                mpfi_ptr x = h[CK_PK(i, j)];
                mpq_neg(q, B->q[i * N + j]);
                if (i == j)
                    mpq_add(q, q, jb->s);
                mpfi_set_q(x, q);
                mpfi_add(x, x, R->mg[CK_PK(i, j)]);
            }
        for (i = 0; i < N; i++)
        {
            for (j = 0; j < N; j++) /* -r R */
            {
                mpq_mul(q, jb->r, R->q[i * N + j]);
                mpq_neg(q, q);
                mpfi_set_q(h[CK_PK(N + i, j)], q);
            }
            for (j = 0; j <= i; j++) /* X */
                mpfi_set_q(h[CK_PK(N + i, N + j)], B->q[i * N + j]);
        }
        break;
    default:
        ok = 0;
    }
    mpq_clear(q);
    return ok;
}

static int
ck_mpfr_pos(mpfr_srcptr x)
{
    return !mpfr_nan_p(x) && mpfr_sgn(x) > 0;
}

static int
ck_mpfr_neg(mpfr_srcptr x)
{
    return !mpfr_nan_p(x) && mpfr_sgn(x) < 0;
}

/* Interval Cholesky of the packed lower triangle h, in place.  Returns -1
 * if every pivot interval is strictly positive; else the failing pivot,
 * with *negative = 1 if that pivot interval is strictly negative. */
static long
ck_mp_cholesky(long n, mpfi_t *h, long prec, int *negative)
{
    long i, j, k, fail = -1;
    mpfi_t s, t;
    *negative = 0;
    mpfi_init2(s, (mpfr_prec_t) prec);
    mpfi_init2(t, (mpfr_prec_t) prec);
    for (i = 0; i < n && fail < 0; i++)
    {
        mpfi_t *hi = h + CK_PK(i, 0);
        for (j = 0; j <= i; j++)
        {
            mpfi_t *hj = h + CK_PK(j, 0);
            mpfi_set(s, hi[j]);
            for (k = 0; k < j; k++)
            {
                if (i == j)
                    mpfi_sqr(t, hi[k]);
                else
                    mpfi_mul(t, hi[k], hj[k]);
                mpfi_sub(s, s, t);
            }
            if (i == j)
            {
                if (!ck_mpfr_pos(&s->left) || mpfi_nan_p(s))
                {
                    fail = i;
                    *negative = ck_mpfr_neg(&s->right) && !mpfi_nan_p(s);
                    break;
                }
                mpfi_sqrt(hi[i], s);
            }
            else
                mpfi_div(hi[j], s, hj[j]);
        }
    }
    mpfi_clear(s);
    mpfi_clear(t);
    return fail;
}

static long
ck_mp_prec(long hint)
{
    long p = hint < 128 ? 128 : hint;
    if (p > CK_MP_MAX_PREC)
        p = CK_MP_MAX_PREC;
    return (p + 63) / 64 * 64;
}

/* Rough bytes needed by the MPFI path at precision prec. */
static double
ck_mp_bytes(const ck_job *jb, long prec)
{
    double n = (double) jb->n, N = (double) jb->R->n;
    double limbs = (double) ((prec + 63) / 64) * (double) sizeof(mp_limb_t);
    double per = 2.0 * ((double) sizeof(__mpfr_struct) + limbs);
    double cnt = n * (n + 1) / 2 + 3.0 * N * N;
    return cnt * per;
}

/* One MPFI attempt: -1 proved, -2 not run (out of memory), else the
 * failing pivot (*negative as in ck_mp_cholesky). */
static long
ck_mp_attempt(ck_job *jb, long prec, int *negative)
{
    long n = jb->n, np = n * (n + 1) / 2, piv;
    mpfi_t *h;
    *negative = 0;
    if (ck_mp_bytes(jb, prec) > CK_MP_MAX_BYTES)
        return -2;
    h = ck_mp_alloc((size_t) np, prec);
    if (h == NULL)
        return -2;
    if (!ck_mp_build(jb, h, prec))
    {
        ck_mp_free(h, (size_t) np);
        return -2;
    }
    piv = ck_mp_cholesky(n, h, prec, negative);
    ck_mp_free(h, (size_t) np);
    return piv;
}

/* ------------------------------------------------------------------ */
/* Driver                                                               */

static int
ck_prove(ck_job *jb, long hint, char *why, size_t len)
{
    char m64[256], m1[160] = "", m2[160] = "";
    long p1 = ck_mp_prec(hint), p2 = 2 * p1, piv;
    int neg;
    if (jb->n == 0)
    {
        ck_msg(why, len, "order 0: vacuously positive definite");
        return 1;
    }
    if (ck_f64_path(jb, m64, sizeof m64))
    {
        ck_msg(why, len, "proved by the binary64 Cholesky test (order %ld)", jb->n);
        return 1;
    }
    piv = ck_mp_attempt(jb, p1, &neg);
    if (piv == -1)
    {
        ck_msg(why, len, "%s; proved by MPFI Cholesky at %ld bits", m64, p1);
        return 1;
    }
    if (piv == -2)
    {
        ck_msg(why, len, "%s; MPFI Cholesky at %ld bits not run: memory", m64, p1);
        return 0;
    }
    snprintf(m1, sizeof m1, "MPFI Cholesky at %ld bits failed at pivot %ld%s", p1, piv,
             neg ? " (pivot interval negative: not positive definite)" : "");
    if (neg)
    {
        ck_msg(why, len, "%s; %s", m64, m1);
        return 0;
    }
    piv = ck_mp_attempt(jb, p2, &neg);
    if (piv == -1)
    {
        ck_msg(why, len, "%s; %s; proved by MPFI Cholesky at %ld bits", m64, m1, p2);
        return 1;
    }
    if (piv == -2)
        snprintf(m2, sizeof m2, "at %ld bits not run: memory", p2);
    else
        snprintf(m2, sizeof m2, "at %ld bits failed at pivot %ld%s", p2, piv,
                 neg ? " (pivot interval negative: not positive definite)" : "");
    ck_msg(why, len, "%s; %s; %s", m64, m1, m2);
    return 0;
}

/* Canonical copy of a scalar; 0 if invalid. */
static int
ck_scalar(mpq_t dst, const __mpq_struct *src)
{
    if (!ck_q_valid(src))
        return 0;
    ck_q_copy(dst, src);
    return 1;
}

int
ck_pd_gram_le(ck_mat *R, const mpq_t t, long prec, char *why, size_t len)
{
    ck_job jb;
    mpq_t tc;
    int res;
    if (R == NULL || !ck_q_valid(t))
    {
        ck_msg(why, len, "invalid argument (NULL matrix or scalar, or zero denominator)");
        return 0;
    }
    mpq_init(tc);
    ck_scalar(tc, t);
    jb.kind = CK_GRAM_LE;
    jb.n = R->n;
    jb.R = R;
    jb.B = NULL;
    jb.s = tc;
    jb.r = NULL;
    jb.sign = 0;
    res = ck_prove(&jb, prec, why, len);
    mpq_clear(tc);
    return res;
}

int
ck_pd_gram_ge(ck_mat *A, const mpq_t t, long prec, char *why, size_t len)
{
    ck_job jb;
    mpq_t tc;
    int res;
    if (A == NULL || !ck_q_valid(t))
    {
        ck_msg(why, len, "invalid argument (NULL matrix or scalar, or zero denominator)");
        return 0;
    }
    mpq_init(tc);
    ck_scalar(tc, t);
    jb.kind = CK_GRAM_GE;
    jb.n = A->n;
    jb.R = A;
    jb.B = NULL;
    jb.s = tc;
    jb.r = NULL;
    jb.sign = 0;
    res = ck_prove(&jb, prec, why, len);
    mpq_clear(tc);
    return res;
}

int
ck_pd_sym(ck_mat *R, const mpq_t t, int sign, long prec, char *why, size_t len)
{
    ck_job jb;
    mpq_t tc;
    int res;
    if (R == NULL || !ck_q_valid(t) || sign == 0)
    {
        ck_msg(why, len, "invalid argument (NULL matrix or scalar, zero denominator, or sign 0)");
        return 0;
    }
    if (!ck_mat_sym(R))
    {
        ck_msg(why, len, "the matrix is not exactly symmetric");
        return 0;
    }
    mpq_init(tc);
    ck_scalar(tc, t);
    jb.kind = CK_SYM;
    jb.n = R->n;
    jb.R = R;
    jb.B = NULL;
    jb.s = tc;
    jb.r = NULL;
    jb.sign = sign;
    res = ck_prove(&jb, prec, why, len);
    mpq_clear(tc);
    return res;
}

int
ck_pd_stein(ck_mat *R, const mpq_t t, ck_mat *P, int check_p, long prec, long prec2,
            char *why, size_t len)
{
    ck_job jb;
    mpq_t tc, zero;
    char m[512];
    int res = 1;
    if (R == NULL || P == NULL || !ck_q_valid(t))
    {
        ck_msg(why, len, "invalid argument (NULL matrix or scalar, or zero denominator)");
        return 0;
    }
    if (P->n != R->n)
    {
        ck_msg(why, len, "order mismatch: R is %ld x %ld, P is %ld x %ld", R->n, R->n, P->n, P->n);
        return 0;
    }
    if (!ck_mat_sym(P))
    {
        ck_msg(why, len, "P is not exactly symmetric");
        return 0;
    }
    mpq_init(tc);
    mpq_init(zero);
    m[0] = '\0';
    if (check_p)
    {
        jb.kind = CK_SYM;
        jb.n = P->n;
        jb.R = P;
        jb.B = NULL;
        jb.s = zero;
        jb.r = NULL;
        jb.sign = 1;
        res = ck_prove(&jb, prec2, m, sizeof m);
        if (!res)
            ck_msg(why, len, "P: %s", m);
    }
    if (res)
    {
        char m2[512];
        ck_scalar(tc, t);
        mpq_mul(tc, tc, tc);
        jb.kind = CK_STEIN;
        jb.n = R->n;
        jb.R = R;
        jb.B = P;
        jb.s = tc;
        jb.r = NULL;
        jb.sign = 0;
        res = ck_prove(&jb, prec, m2, sizeof m2);
        if (check_p)
            ck_msg(why, len, "P: %s; t^2 P - R^T P R: %s", m, m2);
        else
            ck_msg(why, len, "t^2 P - R^T P R: %s", m2);
    }
    mpq_clear(tc);
    mpq_clear(zero);
    return res;
}

int
ck_pd_kyp(ck_mat *R, const mpq_t r, const mpq_t t, ck_mat *X, long prec, char *why, size_t len)
{
    ck_job jb;
    mpq_t rc, s;
    int res;
    if (R == NULL || X == NULL || !ck_q_valid(r) || !ck_q_valid(t))
    {
        ck_msg(why, len, "invalid argument (NULL matrix or scalar, or zero denominator)");
        return 0;
    }
    if (X->n != R->n)
    {
        ck_msg(why, len, "order mismatch: R is %ld x %ld, X is %ld x %ld", R->n, R->n, X->n, X->n);
        return 0;
    }
    if (R->n > CK_MAX_ORDER / 2)
    {
        ck_msg(why, len, "order too large");
        return 0;
    }
    if (!ck_mat_sym(X))
    {
        ck_msg(why, len, "X is not exactly symmetric");
        return 0;
    }
    mpq_init(rc);
    mpq_init(s);
    ck_scalar(rc, r);
    ck_scalar(s, t);
    mpq_neg(s, s);
    {
        mpq_t r2;
        mpq_init(r2);
        mpq_mul(r2, rc, rc);
        mpq_add(s, s, r2); /* r^2 - t */
        mpq_clear(r2);
    }
    jb.kind = CK_KYP;
    jb.n = 2 * R->n;
    jb.R = R;
    jb.B = X;
    jb.s = s;
    jb.r = rc;
    jb.sign = 0;
    res = ck_prove(&jb, prec, why, len);
    mpq_clear(rc);
    mpq_clear(s);
    return res;
}
