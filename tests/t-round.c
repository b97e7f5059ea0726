/* Directed rounding (src/fp/round.h) and the binary64 ball-matrix bounds
 * (src/fp/fmat.c), checked against exact arithmetic.
 *
 * Every helper promises an inequality between exact real numbers.  Each
 * ok() below aggregates many random trials of one such promise; the
 * expected side is always decided exactly -- with Arb's arf at
 * ARF_PREC_EXACT for dyadic values and with FLINT's fmpq for rationals --
 * never by the code under test.  The first counterexample of a property is
 * printed with %a.  Inputs cover the whole binary64 range: signed zeros,
 * subnormals, values near DBL_MAX, ties, exact cases and (where the helpers
 * document them) infinities.  The seed is printed; KREISS_TEST_SEED
 * overrides it. */
#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <flint/flint.h>
#include <flint/fmpz.h>
#include <flint/fmpq.h>
#include <arf.h>

#include "kreiss/fmat.h"
#include "kreiss/qmat.h"
#include "fp/round.h"
#include "tap.h"
#include "exact.h"

/* ------------------------------------------------------------ randomness */

static double
rnd_sign(double d)
{
    return (ex_rand64() & 1) ? -d : d;
}

/* 1 <= m < 2 with 52 random fraction bits. */
static double
rnd_signif(void)
{
    return 1.0 + (double) (ex_rand64() >> 12) * 0x1p-52;
}

/* A random significand with few bits (exact sums, ties). */
static double
rnd_short(void)
{
    return (double) ex_rand_range(1, 1L << ex_rand_range(1, 12));
}

static const double specials[] = {
    0.0, 0x1p-1074, 0x1p-1073, 0x1.8p-1073, 0x0.0000000000fffp-1022,
    0x0.fffffffffffffp-1022, 0x0.8p-1022, 0x1p-1022, 0x1.0000000000001p-1022,
    0x1p-1021, 0x1.fffffffffffffp-1022, 0x1p-537, 0x1.6a09e667f3bcdp-538,
    0x1p-53, 0x1p-54, 0x1.fffffffffffffp-54, 0x1p-52, 0.1, 0x1.5555555555555p-2,
    0.5, 0x1.fffffffffffffp-1, 1.0, 0x1.0000000000001p0, 1.5, 2.0, 3.0,
    0x1p52, 0x1p53, 0x1.0000000000001p53, 0x1p511, 0x1p512, 0x1p1022,
    0x1p1023, 0x1.8p1023, 0x1.ffffffffffffep1023, DBL_MAX,
};
#define NSPECIALS ((long) (sizeof(specials) / sizeof(specials[0])))

/* A random finite double of any sign: all of the binary64 range. */
static double
rnd_double(void)
{
    uint64_t b;
    double d;
    switch (ex_rand_range(0, 8))
    {
    case 0: /* a random bit pattern */
        do
        {
            b = ex_rand64();
            memcpy(&d, &b, sizeof d);
        } while (!isfinite(d));
        return d;
    case 1: /* any exponent, subnormals included */
        return rnd_sign(ldexp(rnd_signif(), (int) ex_rand_range(-1074, 1023)));
    case 2: /* subnormal */
        b = (ex_rand64() >> 12) >> ex_rand_range(0, 52);
        memcpy(&d, &b, sizeof d);
        return rnd_sign(d);
    case 3:
        return rnd_sign(specials[ex_rand_range(0, NSPECIALS - 1)]);
    case 4: /* short significand: exact results and ties */
        return rnd_sign(ldexp(rnd_short(), (int) ex_rand_range(-1085, 1010)));
    case 5: /* a few ulps from a special value */
        d = specials[ex_rand_range(0, NSPECIALS - 1)];
        for (b = (uint64_t) ex_rand_range(1, 4); b > 0; b--)
            d = nextafter(d, (ex_rand64() & 1) ? 0.0 : INFINITY);
        return rnd_sign(isfinite(d) ? d : DBL_MAX);
    case 6: /* moderate */
        return rnd_sign(ldexp(rnd_signif(), (int) ex_rand_range(-60, 60)));
    case 7: /* near overflow */
        return rnd_sign(ldexp(rnd_signif(), (int) ex_rand_range(1000, 1023)));
    default: /* near underflow */
        return rnd_sign(ldexp(rnd_signif(), (int) ex_rand_range(-1080, -1000)));
    }
}

/* A second operand, independent of a or close to it (cancellation, Sterbenz,
 * equal exponents, ties). */
static double
rnd_partner(double a)
{
    double b;
    long k;
    switch (ex_rand_range(0, 5))
    {
    case 0:
    case 1:
        return rnd_double();
    case 2: /* a power-of-two multiple */
        b = ldexp(a, (int) ex_rand_range(-60, 60));
        return rnd_sign(isfinite(b) ? b : a);
    case 3: /* a few ulps away */
        b = a;
        for (k = ex_rand_range(0, 3); k > 0; k--)
            b = nextafter(b, (ex_rand64() & 1) ? -INFINITY : INFINITY);
        return rnd_sign(isfinite(b) ? b : a);
    case 4: /* a relative perturbation */
        b = a * (1.0 + rnd_sign(ldexp(rnd_signif(), (int) ex_rand_range(-60, -1))));
        return rnd_sign(isfinite(b) ? b : a);
    default: /* short significand, exponent near a's */
        if (a == 0.0)
            return rnd_double();
        b = ldexp(rnd_short(), ilogb(a) - (int) ex_rand_range(-2, 70));
        return rnd_sign(isfinite(b) ? b : a);
    }
}

/* ------------------------------------------------------------ exactness */

static int
q_set_d_exact(fmpq_t q, double d) /* d finite */
{
    int e;
    double m;
    if (d == 0.0)
    {
        fmpq_zero(q);
        return 1;
    }
    m = frexp(d, &e); /* d = m 2^e, 1/2 <= |m| < 1 */
    fmpz_set_d(fmpq_numref(q), ldexp(m, 53));
    fmpz_one(fmpq_denref(q));
    e -= 53;
    if (e >= 0)
        fmpz_mul_2exp(fmpq_numref(q), fmpq_numref(q), (ulong) e);
    else
        fmpz_mul_2exp(fmpq_denref(q), fmpq_denref(q), (ulong) -e);
    fmpq_canonicalise(q);
    return 1;
}

/* Is q a binary64 number (finite)?  Then *d := q.  Decided from q's
 * numerator and denominator alone. */
static int
q_is_double(double *d, const fmpq_t q)
{
    const fmpz *num = fmpq_numref(q), *den = fmpq_denref(q);
    fmpz_t m;
    slong v, j, bits;
    int res = 0;
    if (fmpz_is_zero(num))
    {
        *d = 0.0;
        return 1;
    }
    if ((ulong) fmpz_val2(den) + 1 != fmpz_bits(den))
        return 0;
    j = (slong) fmpz_val2(den);
    fmpz_init(m);
    v = (slong) fmpz_val2(num);
    fmpz_fdiv_q_2exp(m, num, (ulong) v);
    bits = (slong) fmpz_bits(m);
    /* q = m 2^(v - j), m odd */
    if (bits <= 53 && v - j >= -1074 && bits + v - j <= 1024)
    {
        *d = ldexp((double) fmpz_get_si(m), (int) (v - j));
        res = 1;
    }
    fmpz_clear(m);
    return res;
}

/* |q - mid| <= rad, exactly. */
static int
q_in_ball(const fmpq_t q, double mid, double rad, fmpq_t t1, fmpq_t t2)
{
    if (!isfinite(mid) || !isfinite(rad) || !(rad >= 0))
        return 0;
    q_set_d_exact(t1, mid);
    fmpq_sub(t1, q, t1);
    fmpq_abs(t1, t1);
    q_set_d_exact(t2, rad);
    return fmpq_cmp(t1, t2) <= 0;
}

/* Scratch arf variables. */
static arf_t XA, XB, XE, XR, XT;

/* r >= exact (side > 0) or r <= exact (side < 0), never NaN. */
static int
side_ok(double r, const arf_t exact, int side)
{
    int c;
    if (isnan(r))
        return 0;
    arf_set_d(XR, r);
    c = arf_cmp(XR, exact);
    return side > 0 ? c >= 0 : c <= 0;
}

/* ------------------------------------------------------------ tallies */

typedef struct
{
    long trials, fails;
} tally;

static void tally_add(tally *t, int good, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void
tally_add(tally *t, int good, const char *fmt, ...)
{
    t->trials++;
    if (!good && t->fails++ == 0)
    {
        char buf[1024];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(buf, sizeof buf, fmt, ap);
        va_end(ap);
        diag("first failure: %s", buf);
    }
}

/* ------------------------------------------------------------ scalar helpers */

enum
{
    H_ADD_UP,
    H_SUB_DOWN,
    H_SUB_UP,
    H_MUL_UP,
    H_MUL_DOWN,
    H_DIV_UP,
    H_DIV_DOWN,
    H_SQRT_UP,
    H_SQRT_DOWN,
    NHELPERS
};

static const char *helper_claim[NHELPERS] = {
    "kr_add_up(a, b) >= a + b",
    "kr_sub_down(a, b) <= a - b",
    "kr_sub_up(a, b) >= a - b",
    "kr_mul_up(a, b) >= a b for a, b >= 0",
    "kr_mul_down(a, b) <= a b for a, b >= 0",
    "kr_div_up(a, b) >= a / b for a >= 0, b > 0",
    "kr_div_down(a, b) <= a / b for a >= 0, b > 0",
    "kr_sqrt_up(a) >= sqrt(a) for a >= 0",
    "kr_sqrt_down(a) <= sqrt(a) for a >= 0",
};

static tally helper_tally[NHELPERS];

/* The nonnegative-domain version of x: |x|, but a zero keeps its sign
 * (-0.0 >= 0 is in the domain too). */
static double
nonneg(double x)
{
    return x == 0.0 ? x : fabs(x);
}

/* r >= a/b (side > 0) or r <= a/b (side < 0), a >= 0, b > 0: r b vs a. */
static int
div_side_ok(double r, double a, double b, int side)
{
    int c;
    if (isnan(r))
        return 0;
    if (isinf(a)) /* b finite: a / b = +inf */
        return side > 0 ? r == INFINITY : 1;
    if (isinf(b)) /* a / b = 0 */
        return side > 0 ? r >= 0 : r <= 0;
    if (isinf(r))
        return side > 0 ? r > 0 : r < 0;
    arf_set_d(XR, r);
    arf_set_d(XB, b);
    arf_mul(XT, XR, XB, ARF_PREC_EXACT, ARF_RND_DOWN);
    arf_set_d(XA, a);
    c = arf_cmp(XT, XA);
    return side > 0 ? c >= 0 : c <= 0;
}

/* r >= sqrt(a) (side > 0) or r <= sqrt(a) (side < 0), a >= 0: r^2 vs a. */
static int
sqrt_side_ok(double r, double a, int side)
{
    int c;
    if (isnan(r))
        return 0;
    if (isinf(a))
        return side > 0 ? r == INFINITY : 1;
    if (isinf(r))
        return side > 0 ? r > 0 : r < 0;
    if (r < 0 || r == 0)
        return side > 0 ? a == 0 : 1;
    arf_set_d(XR, r);
    arf_mul(XT, XR, XR, ARF_PREC_EXACT, ARF_RND_DOWN);
    arf_set_d(XA, a);
    c = arf_cmp(XT, XA);
    return side > 0 ? c >= 0 : c <= 0;
}

static void
check_binary(double a, double b)
{
    double r, pa = nonneg(a), pb = nonneg(b);

    arf_set_d(XA, a);
    arf_set_d(XB, b);
    arf_add(XE, XA, XB, ARF_PREC_EXACT, ARF_RND_DOWN);
    if (!arf_is_nan(XE))
    {
        r = kr_add_up(a, b);
        tally_add(&helper_tally[H_ADD_UP], side_ok(r, XE, 1),
                  "kr_add_up(%a, %a) = %a < a + b", a, b, r);
    }
    arf_sub(XE, XA, XB, ARF_PREC_EXACT, ARF_RND_DOWN);
    if (!arf_is_nan(XE))
    {
        r = kr_sub_down(a, b);
        tally_add(&helper_tally[H_SUB_DOWN], side_ok(r, XE, -1),
                  "kr_sub_down(%a, %a) = %a > a - b", a, b, r);
        r = kr_sub_up(a, b);
        tally_add(&helper_tally[H_SUB_UP], side_ok(r, XE, 1),
                  "kr_sub_up(%a, %a) = %a < a - b", a, b, r);
    }

    arf_set_d(XA, pa);
    arf_set_d(XB, pb);
    arf_mul(XE, XA, XB, ARF_PREC_EXACT, ARF_RND_DOWN);
    if (!arf_is_nan(XE)) /* not 0 * inf */
    {
        r = kr_mul_up(pa, pb);
        tally_add(&helper_tally[H_MUL_UP], side_ok(r, XE, 1),
                  "kr_mul_up(%a, %a) = %a < a b", pa, pb, r);
        r = kr_mul_down(pa, pb);
        tally_add(&helper_tally[H_MUL_DOWN], side_ok(r, XE, -1),
                  "kr_mul_down(%a, %a) = %a > a b", pa, pb, r);
    }
    if (pb > 0 && !(isinf(pa) && isinf(pb)))
    {
        r = kr_div_up(pa, pb);
        tally_add(&helper_tally[H_DIV_UP], div_side_ok(r, pa, pb, 1),
                  "kr_div_up(%a, %a) = %a < a / b", pa, pb, r);
        r = kr_div_down(pa, pb);
        tally_add(&helper_tally[H_DIV_DOWN], div_side_ok(r, pa, pb, -1),
                  "kr_div_down(%a, %a) = %a > a / b", pa, pb, r);
    }
}

static void
check_unary(double a)
{
    double r, pa = nonneg(a);
    r = kr_sqrt_up(pa);
    tally_add(&helper_tally[H_SQRT_UP], sqrt_side_ok(r, pa, 1),
              "kr_sqrt_up(%a) = %a < sqrt(a)", pa, r);
    r = kr_sqrt_down(pa);
    tally_add(&helper_tally[H_SQRT_DOWN], sqrt_side_ok(r, pa, -1),
              "kr_sqrt_down(%a) = %a > sqrt(a)", pa, r);
}

static void
test_scalar_helpers(long npairs)
{
    long i, j, ns = NSPECIALS;
    double grid[2 * NSPECIALS + 2];

    /* every pair of special values, both signs, and the infinities */
    for (i = 0; i < ns; i++)
    {
        grid[2 * i] = specials[i];
        grid[2 * i + 1] = -specials[i];
    }
    grid[2 * ns] = INFINITY;
    grid[2 * ns + 1] = -INFINITY;
    for (i = 0; i < 2 * ns + 2; i++)
    {
        check_unary(grid[i]);
        for (j = 0; j < 2 * ns + 2; j++)
            check_binary(grid[i], grid[j]);
    }

    for (i = 0; i < npairs; i++)
    {
        double a = rnd_double(), b = rnd_partner(a);
        if (ex_rand64() & 1)
        {
            double t = a;
            a = b;
            b = t;
        }
        check_binary(a, b);
        check_unary(a);
        /* sqrt near perfect squares and their neighbours */
        if ((i & 3) == 0)
        {
            double s = fabs(a) < 0x1p511 ? a * a : a;
            check_unary(nextafter(s, (ex_rand64() & 1) ? 0.0 : INFINITY));
        }
    }

    for (i = 0; i < NHELPERS; i++)
        ok(helper_tally[i].fails == 0 && helper_tally[i].trials > 0,
           "%s exactly on %ld operand pairs (%ld failures)", helper_claim[i],
           helper_tally[i].trials, helper_tally[i].fails);
}

/* ------------------------------------------------------------ gamma_k */

/* kr_gamma_up(k) >= k u / (1 - k u) = k / (2^53 - k), exactly. */
static int
gamma_ok(slong k)
{
    double g = kr_gamma_up(k);
    if (!isfinite(g))
        return 0;
    arf_set_d(XR, g);
    arf_mul_si(XT, XR, (WORD(1) << 53) - k, ARF_PREC_EXACT, ARF_RND_DOWN);
    arf_set_si(XA, k);
    return arf_cmp(XT, XA) >= 0;
}

static void
test_gamma(long nrand)
{
    tally t1 = {0, 0}, t2 = {0, 0};
    slong k, e;
    long i;

    for (k = 0; k <= 100000; k++)
        tally_add(&t1, gamma_ok(k), "kr_gamma_up(%ld) = %a < k u/(1 - k u)",
                  (long) k, kr_gamma_up(k));
    for (e = 17; e <= 51; e++)
        for (i = -3; i <= 3; i++)
        {
            k = (WORD(1) << e) + i;
            if (k > (WORD(1) << 51))
                continue;
            tally_add(e <= 40 ? &t1 : &t2, gamma_ok(k),
                      "kr_gamma_up(%ld) = %a < k u/(1 - k u)", (long) k,
                      kr_gamma_up(k));
        }
    for (i = 0; i < nrand; i++)
    {
        /* log-uniform in [1, 2^40] and in (2^40, 2^51] */
        e = ex_rand_range(1, 40);
        k = (slong) (ex_rand64() >> (64 - e));
        tally_add(&t1, gamma_ok(k), "kr_gamma_up(%ld) = %a < k u/(1 - k u)",
                  (long) k, kr_gamma_up(k));
        e = ex_rand_range(41, 51);
        k = (slong) (ex_rand64() >> (64 - e)) + 1;
        if (k > (WORD(1) << 51))
            k = WORD(1) << 51;
        tally_add(&t2, gamma_ok(k), "kr_gamma_up(%ld) = %a < k u/(1 - k u)",
                  (long) k, kr_gamma_up(k));
    }
    ok(t1.fails == 0, "kr_gamma_up(k) >= k u/(1 - k u) exactly for %ld values "
       "of k in [0, 2^40] (%ld failures)", t1.trials, t1.fails);
    ok(t2.fails == 0, "kr_gamma_up(k) >= k u/(1 - k u) exactly for %ld values "
       "of k in (2^40, 2^51] (k u <= 1/4) (%ld failures)", t2.trials, t2.fails);
}

/* ------------------------------------------------------------ kr_up_nonneg */

/* The documented formula: kr_up_nonneg(xt, k) >= (xt + 2 k eta)/(1 - gamma_k)
 * with 1 - gamma_k = (1 - 2ku)/(1 - ku), i.e.
 *   r (2^53 - 2k) >= (xt + k 2^-1074)(2^53 - k). */
static int
up_nonneg_formula_ok(double xt, slong k)
{
    double r = kr_up_nonneg(xt, k);
    if (isnan(r))
        return 0;
    if (isinf(r))
        return r > 0;
    arf_set_d(XR, r);
    arf_mul_si(XE, XR, (WORD(1) << 53) - 2 * k, ARF_PREC_EXACT, ARF_RND_DOWN);
    arf_set_si(XT, k);
    arf_mul_2exp_si(XT, XT, -1074);
    arf_set_d(XA, xt);
    arf_add(XT, XT, XA, ARF_PREC_EXACT, ARF_RND_DOWN);
    arf_mul_si(XT, XT, (WORD(1) << 53) - k, ARF_PREC_EXACT, ARF_RND_DOWN);
    return arf_cmp(XE, XT) >= 0;
}

static int
cmp_double(const void *a, const void *b)
{
    double x = *(const double *) a, y = *(const double *) b;
    return (x > y) - (x < y);
}

static double
sum_pairwise(const double *p, slong n)
{
    slong h;
    if (n == 1)
        return p[0];
    h = n / 2;
    return sum_pairwise(p, h) + sum_pairwise(p + h, n - h);
}

#define NORDERS 7
static const char *order_name[NORDERS] = {
    "left to right", "right to left", "ascending", "descending", "pairwise",
    "random tree", "4 accumulators"};

/* The floating-point sum of p[0..n-1], n >= 1, in one of NORDERS orders:
 * always n - 1 additions, any summation tree.  p is overwritten. */
static double
sum_in_order(double *p, slong n, int order)
{
    slong i, m;
    double s, acc[4];
    switch (order)
    {
    case 0:
        for (s = p[0], i = 1; i < n; i++)
            s += p[i];
        return s;
    case 1:
        for (s = p[n - 1], i = n - 2; i >= 0; i--)
            s += p[i];
        return s;
    case 2:
    case 3:
        qsort(p, (size_t) n, sizeof(double), cmp_double);
        if (order == 2)
            for (s = p[0], i = 1; i < n; i++)
                s += p[i];
        else
            for (s = p[n - 1], i = n - 2; i >= 0; i--)
                s += p[i];
        return s;
    case 4:
        return sum_pairwise(p, n);
    case 5: /* combine two random partial sums until one is left */
        for (m = n; m > 1; m--)
        {
            slong a = ex_rand_range(0, m - 1), b = ex_rand_range(0, m - 2);
            if (b >= a)
                b++;
            p[a] = p[a] + p[b];
            p[b] = p[m - 1]; /* drop slot b (the sum moves if a = m - 1) */
        }
        return p[0];
    default: /* strided accumulators, as SIMD code does */
        acc[0] = acc[1] = acc[2] = acc[3] = 0.0;
        for (i = 0; i < n; i++)
            acc[i % 4] = (i < 4) ? p[i] : acc[i % 4] + p[i];
        return (acc[0] + acc[1]) + (acc[2] + acc[3]);
    }
}

/* Nonnegative test data, by family:
 *  0 anything, 1 one common scale anywhere in the range, 2 subnormal only,
 *  3 near the underflow threshold, 4 a large term then many just below half
 *  its ulp (every addition rounds down), 5 all equal, 6 short significands,
 *  7 factors whose products underflow (for dot products). */
#define NFAMILIES 8
static void
rnd_nonneg_vec(double *x, slong n, int fam, int scale)
{
    slong i;
    double c = rnd_signif();
    for (i = 0; i < n; i++)
    {
        double d;
        uint64_t b;
        switch (fam)
        {
        case 0:
            d = fabs(rnd_double());
            break;
        case 1:
            d = ldexp(rnd_signif(), scale - (int) ex_rand_range(0, 3));
            break;
        case 2:
            b = (ex_rand64() >> 12) >> ex_rand_range(0, 20);
            memcpy(&d, &b, sizeof d);
            break;
        case 3:
            d = ldexp(rnd_signif(), (int) ex_rand_range(-1080, -1015));
            break;
        case 4:
            d = i == 0 ? ldexp(1.0, scale) : ldexp(0x1.fffffffffffffp-54, scale);
            break;
        case 5:
            d = ldexp(c, scale);
            break;
        case 6:
            d = ldexp(rnd_short(), scale - (int) ex_rand_range(0, 12));
            break;
        default:
            d = ldexp(rnd_signif(), (int) ex_rand_range(-545, -530));
            break;
        }
        x[i] = (ex_rand_range(0, 15) == 0) ? 0.0 : d;
    }
}

static slong
rnd_length(void)
{
    long c = ex_rand_range(0, 99);
    if (c < 80)
        return ex_rand_range(1, 40);
    if (c < 98)
        return ex_rand_range(41, 600);
    return ex_rand_range(601, 4000);
}

static int
rnd_scale(int fam)
{
    if (fam == 4 || fam == 5)
        return (int) ex_rand_range(-1000, 1000);
    return (int) ex_rand_range(-1074, 1010);
}

static void
test_up_nonneg(long nformula, long nvec)
{
    tally tf = {0, 0}, ts = {0, 0}, td = {0, 0}, tm = {0, 0};
    slong n, i, k;
    long t;
    int ord, fam, scale, fin;
    double *x = malloc(sizeof(double) * 4000), *y = malloc(sizeof(double) * 4000);
    double *r = malloc(sizeof(double) * 4000), *p = malloc(sizeof(double) * 4000);
    double s, v;

    /* the formula of the header comment, k u <= 1/4 */
    for (t = 0; t < nformula; t++)
    {
        double xt = nonneg(rnd_double());
        if (t % 5 == 0)
            k = ex_rand_range(0, 100);
        else
            k = (slong) (ex_rand64() >> (64 - ex_rand_range(1, 51)));
        tally_add(&tf, up_nonneg_formula_ok(xt, k),
                  "kr_up_nonneg(%a, %ld) = %a < (xt + 2k eta)/(1 - gamma_k)",
                  xt, (long) k, kr_up_nonneg(xt, k));
    }
    for (i = 0; i < NSPECIALS; i++)
        for (k = 0; k <= 3; k++)
        {
            slong kk = k == 3 ? WORD(1) << 51 : k * 1000;
            tally_add(&tf, up_nonneg_formula_ok(specials[i], kk),
                      "kr_up_nonneg(%a, %ld) = %a < (xt + 2k eta)/(1 - gamma_k)",
                      specials[i], (long) kk, kr_up_nonneg(specials[i], kk));
        }
    tally_add(&tf, kr_up_nonneg(INFINITY, 1) == INFINITY,
              "kr_up_nonneg(inf, 1) = %a", kr_up_nonneg(INFINITY, 1));
    ok(tf.fails == 0, "kr_up_nonneg(xt, k) >= (xt + 2k eta)/(1 - gamma_k) "
       "exactly on %ld pairs (xt, k), k <= 2^51 (%ld failures)", tf.trials, tf.fails);

    /* what it is for: floating-point sums and dot products */
    for (t = 0; t < nvec; t++)
    {
        n = rnd_length();
        fam = (int) ex_rand_range(0, NFAMILIES - 1);
        scale = rnd_scale(fam);
        rnd_nonneg_vec(x, n, fam, scale);
        if (fam == 4 && n > 1) /* the large term anywhere */
        {
            i = ex_rand_range(0, n - 1);
            v = x[0];
            x[0] = x[i];
            x[i] = v;
        }

        /* sum of n terms: n - 1 roundings */
        arf_zero(XE);
        for (i = 0; i < n; i++)
        {
            arf_set_d(XA, x[i]);
            arf_add(XE, XE, XA, ARF_PREC_EXACT, ARF_RND_DOWN);
        }
        for (ord = 0; ord < NORDERS; ord++)
        {
            memcpy(p, x, sizeof(double) * (size_t) n);
            s = sum_in_order(p, n, ord);
            v = kr_up_nonneg(s, n - 1);
            tally_add(&ts, side_ok(v, XE, 1),
                      "sum of %ld terms (family %d, %s, x[0] = %a): computed %a, "
                      "kr_up_nonneg(., %ld) = %a < exact sum",
                      (long) n, fam, order_name[ord], x[0], s, (long) (n - 1), v);
        }

        /* dot product of length n: n roundings (plain or with FMA) */
        if (fam == 7)
            rnd_nonneg_vec(y, n, 7, 0);
        else
            rnd_nonneg_vec(y, n, ex_rand_range(0, 3) == 0 ? fam : (int) ex_rand_range(0, NFAMILIES - 1),
                           (int) ex_rand_range(-60, 60));
        arf_zero(XE);
        for (i = 0; i < n; i++)
        {
            arf_set_d(XA, x[i]);
            arf_set_d(XB, y[i]);
            arf_mul(XT, XA, XB, ARF_PREC_EXACT, ARF_RND_DOWN);
            arf_add(XE, XE, XT, ARF_PREC_EXACT, ARF_RND_DOWN);
        }
        for (ord = 0; ord < NORDERS + 2; ord++)
        {
            if (ord < NORDERS)
            {
                for (i = 0; i < n; i++)
                    p[i] = x[i] * y[i];
                s = sum_in_order(p, n, ord);
            }
            else if (ord == NORDERS)
            {
                for (s = 0.0, i = 0; i < n; i++)
                    s = fma(x[i], y[i], s);
            }
            else
            {
                double acc[4] = {0.0, 0.0, 0.0, 0.0};
                for (i = 0; i < n; i++)
                    acc[i % 4] = fma(x[i], y[i], acc[i % 4]);
                s = (acc[0] + acc[1]) + (acc[2] + acc[3]);
            }
            v = kr_up_nonneg(s, n);
            tally_add(&td, side_ok(v, XE, 1),
                      "dot product of length %ld (family %d, %s, x[0] = %a, "
                      "y[0] = %a): computed %a, kr_up_nonneg(., %ld) = %a < exact",
                      (long) n, fam,
                      ord < NORDERS ? order_name[ord] : ord == NORDERS ? "fma" : "fma x4",
                      x[0], y[0], s, (long) n, v);
        }

        /* a row of kr_absmv_up: sum (|a| + r) x, n + 1 roundings */
        for (i = 0; i < n; i++)
        {
            r[i] = (ex_rand64() & 1) ? 0.0 : ldexp(x[i], -(int) ex_rand_range(0, 60));
            if (ex_rand_range(0, 7) == 0)
                r[i] = fabs(rnd_double());
        }
        arf_zero(XE);
        for (i = 0; i < n; i++)
        {
            arf_set_d(XA, x[i]);
            arf_set_d(XB, r[i]);
            arf_add(XT, XA, XB, ARF_PREC_EXACT, ARF_RND_DOWN);
            arf_set_d(XB, y[i]);
            arf_mul(XT, XT, XB, ARF_PREC_EXACT, ARF_RND_DOWN);
            arf_add(XE, XE, XT, ARF_PREC_EXACT, ARF_RND_DOWN);
        }
        /* (an overflowed |a| + r times x = 0 gives NaN: kr_absmv_up then
         * reports failure, and the rounding model does not apply) */
        for (fin = 1, i = 0; i < n; i++)
            if (isinf(x[i] + r[i]))
                fin = 0;
        for (ord = 0; ord < NORDERS + 1 && fin; ord++)
        {
            if (ord < NORDERS)
            {
                for (i = 0; i < n; i++)
                    p[i] = (x[i] + r[i]) * y[i];
                s = sum_in_order(p, n, ord);
            }
            else
                for (s = 0.0, i = 0; i < n; i++)
                    s = fma(x[i] + r[i], y[i], s);
            v = kr_up_nonneg(s, n + 1);
            tally_add(&tm, side_ok(v, XE, 1),
                      "sum of (|a|+r) x of length %ld (family %d, %s, a[0] = %a, "
                      "r[0] = %a, x[0] = %a): computed %a, kr_up_nonneg(., %ld) = %a < exact",
                      (long) n, fam, ord < NORDERS ? order_name[ord] : "fma",
                      x[0], r[0], y[0], s, (long) (n + 1), v);
        }
    }
    ok(ts.fails == 0, "kr_up_nonneg(fl(sum of n terms >= 0), n - 1) >= exact sum: "
       "%ld sums in %d orders (%ld failures)", ts.trials, NORDERS, ts.fails);
    ok(td.fails == 0, "kr_up_nonneg(fl(x . y), n) >= exact x . y for x, y >= 0: "
       "%ld dot products, %d orders with and without fma (%ld failures)",
       td.trials, NORDERS + 2, td.fails);
    ok(tm.fails == 0, "kr_up_nonneg(fl(sum (|a| + r) x), n + 1) >= exact: "
       "%ld sums (%ld failures)", tm.trials, tm.fails);
    free(x);
    free(y);
    free(r);
    free(p);
}

/* ------------------------------------------------------------ rationals */

/* A random fmpz in [0, 2^bits). */
static void
rnd_fmpz_bits(fmpz_t z, slong bits, int top)
{
    slong got = 0;
    fmpz_zero(z);
    while (got < bits)
    {
        fmpz_mul_2exp(z, z, 64);
        fmpz_add_ui(z, z, ex_rand64());
        got += 64;
    }
    fmpz_fdiv_q_2exp(z, z, (ulong) (got - bits));
    if (top && bits > 0)
        fmpz_setbit(z, (ulong) (bits - 1));
}

static void
rnd_fmpq_frac(fmpq_t q, slong nbits, slong dbits)
{
    fmpz_t a, b;
    fmpz_init(a);
    fmpz_init(b);
    rnd_fmpz_bits(a, nbits, ex_rand64() & 1);
    rnd_fmpz_bits(b, dbits, ex_rand64() & 1);
    if (fmpz_is_zero(b))
        fmpz_one(b);
    if (ex_rand64() & 1)
        fmpz_neg(a, a);
    fmpq_set_fmpz_frac(q, a, b);
    fmpz_clear(a);
    fmpz_clear(b);
}

static void
q_mul_2exp_si(fmpq_t q, slong e)
{
    if (e >= 0)
        fmpq_mul_2exp(q, q, (ulong) e);
    else
        fmpq_div_2exp(q, q, (ulong) -e);
}

/* Random rationals of every kind the conversion meets. */
static void
rnd_fmpq(fmpq_t q, fmpq_t t)
{
    static const double anchors[] = {
        DBL_MAX, 0x1p1023, 0x1.fffffffffffffp1022, 0x1p1022, 0x1p-1020,
        0x1p-1021, 0x1.fffffffffffffp-1021, 0x1p-1022, 0x1p-1074, 1.0, 0x1p53,
        0x1p-53, 0x1.fffffffffffffp52, 3.0, 0.1};
    double d;
    switch (ex_rand_range(0, 9))
    {
    case 0: /* small numerator and denominator: the quotient path */
        rnd_fmpq_frac(q, ex_rand_range(1, 56), ex_rand_range(1, 56));
        break;
    case 1: /* large ones, any scale */
        rnd_fmpq_frac(q, ex_rand_range(1, 200), ex_rand_range(1, 200));
        q_mul_2exp_si(q, ex_rand_range(-1150, 1150));
        break;
    case 2: /* moderate scale, larger fractions */
        rnd_fmpq_frac(q, ex_rand_range(40, 130), ex_rand_range(1, 130));
        q_mul_2exp_si(q, ex_rand_range(-900, 900));
        break;
    case 3: /* an exact double */
        q_set_d_exact(q, rnd_double());
        break;
    case 4: /* a power-of-two denominator */
        rnd_fmpq_frac(q, ex_rand_range(1, 60), 1);
        fmpq_div_2exp(q, q, (ulong) ex_rand_range(0, 70));
        break;
    case 5: /* a double plus a small relative perturbation */
    case 6:
        d = rnd_double();
        if (d == 0.0)
            d = 1.0;
        q_set_d_exact(q, d);
        rnd_fmpq_frac(t, ex_rand_range(1, 30), ex_rand_range(1, 30));
        fmpq_mul(t, t, q);
        fmpq_div_2exp(t, t, (ulong) ex_rand_range(45, 120));
        fmpq_add(q, q, t);
        break;
    case 7: /* exactly halfway between two doubles (a tie) */
        d = fabs(rnd_double());
        if (d == 0.0 || d == DBL_MAX)
            d = 1.0;
        q_set_d_exact(q, d);
        q_set_d_exact(t, nextafter(d, INFINITY));
        fmpq_add(q, q, t);
        fmpq_div_2exp(q, q, 1);
        if (ex_rand64() & 1)
            fmpq_neg(q, q);
        break;
    case 8: /* near the ends of the range */
        q_set_d_exact(q, anchors[ex_rand_range(0, (long) (sizeof anchors / sizeof anchors[0]) - 1)]);
        if (ex_rand64() & 1)
            fmpq_mul_2exp(q, q, 1);
        if (ex_rand_range(0, 2) != 0)
        {
            rnd_fmpq_frac(t, ex_rand_range(1, 40), ex_rand_range(1, 40));
            fmpq_mul(t, t, q);
            fmpq_div_2exp(t, t, (ulong) ex_rand_range(0, 60));
            fmpq_add(q, q, t);
        }
        if (ex_rand64() & 1)
            fmpq_neg(q, q);
        break;
    default:
        fmpq_zero(q);
        break;
    }
}

static char *
q_str_short(const fmpq_t q)
{
    char *s = fmpq_get_str(NULL, 10, q);
    if (strlen(s) > 400)
        strcpy(s + 380, "...(cut)");
    return s;
}

static void
test_fmpq_get_d_ball(long ntrials)
{
    tally tb = {0, 0}, tx = {0, 0}, to = {0, 0}, tl = {0, 0};
    fmpq_t q, t, t1, t2, dmax, lo, hi;
    long i;
    const double sentinel = -0x1.234p-5;

    fmpq_init(q);
    fmpq_init(t);
    fmpq_init(t1);
    fmpq_init(t2);
    fmpq_init(dmax);
    fmpq_init(lo);
    fmpq_init(hi);
    q_set_d_exact(dmax, DBL_MAX);
    fmpq_set_si(lo, 1, 1);
    fmpq_div_2exp(lo, lo, 1000);
    fmpq_set_si(hi, 1, 1);
    fmpq_mul_2exp(hi, hi, 1000);

    for (i = 0; i < ntrials; i++)
    {
        double mid = sentinel, rad = sentinel, d;
        int ret, isd, beyond, inside;

        rnd_fmpq(q, t);
        ret = kr_fmpq_get_d_ball(&mid, &rad, q);
        fmpq_abs(t, q);
        beyond = fmpq_cmp(t, dmax) > 0;
        inside = fmpq_cmp(t, lo) >= 0 && fmpq_cmp(t, hi) <= 0;
        isd = q_is_double(&d, q);

        if (ret)
        {
            int good = q_in_ball(q, mid, rad, t1, t2);
            if (!good && tb.fails == 0)
            {
                char *s = q_str_short(q);
                diag("first failure: kr_fmpq_get_d_ball(q = %s) = [%a +- %a] "
                     "does not contain q", s, mid, rad);
                flint_free(s);
            }
            tb.trials++;
            tb.fails += !good;
        }
        else
        {
            tally_add(&tb, mid == sentinel && rad == sentinel,
                      "kr_fmpq_get_d_ball returned 0 but set mid = %a, rad = %a",
                      mid, rad);
        }
        if (isd && ret)
            tally_add(&tx, mid == d && rad == 0.0,
                      "kr_fmpq_get_d_ball(%a) = [%a +- %a]: an exact double, "
                      "rad must be 0", d, mid, rad);
        if (beyond)
        {
            if (ret && to.fails == 0)
            {
                char *s = q_str_short(q);
                diag("first failure: kr_fmpq_get_d_ball(q = %s), |q| > DBL_MAX, "
                     "returned 1 with [%a +- %a]", s, mid, rad);
                flint_free(s);
            }
            to.trials++;
            to.fails += ret != 0;
        }
        if (inside)
        {
            if (!ret && tl.fails == 0)
            {
                char *s = q_str_short(q);
                diag("first failure: kr_fmpq_get_d_ball(q = %s) returned 0 "
                     "with 2^-1000 <= |q| <= 2^1000", s);
                flint_free(s);
            }
            tl.trials++;
            tl.fails += !ret;
        }
    }
    ok(tb.fails == 0, "kr_fmpq_get_d_ball: |q - mid| <= rad exactly (or 0 "
       "returned, nothing set) for %ld random rationals (%ld failures)",
       tb.trials, tb.fails);
    ok(tx.fails == 0 && tx.trials > 0, "kr_fmpq_get_d_ball: mid = q, rad = 0 "
       "for %ld rationals that are doubles (%ld failures)", tx.trials, tx.fails);
    ok(to.fails == 0 && to.trials > 0, "kr_fmpq_get_d_ball returns 0 for %ld "
       "rationals with |q| > DBL_MAX (%ld failures)", to.trials, to.fails);
    ok(tl.fails == 0 && tl.trials > 0, "kr_fmpq_get_d_ball returns 1 for %ld "
       "rationals with 2^-1000 <= |q| <= 2^1000 (%ld failures)", tl.trials, tl.fails);

    fmpq_clear(q);
    fmpq_clear(t);
    fmpq_clear(t1);
    fmpq_clear(t2);
    fmpq_clear(dmax);
    fmpq_clear(lo);
    fmpq_clear(hi);
}

/* ------------------------------------------------------------ kr_realform_f64 */

static void
test_realform(long nmat)
{
    tally tc = {0, 0}, tr = {0, 0}, tf = {0, 0};
    fmpq_t t, t1, t2;
    kr_qmat_t M;
    kr_fmat_t A;
    long m;
    slong n, i, j;

    fmpq_init(t);
    fmpq_init(t1);
    fmpq_init(t2);
    for (m = 0; m < nmat; m++)
    {
        int with_im = m % 4 != 0, cplx = 0, ret, inrange = 1, good = 1;
        slong N, bi = 0, bj = 0;
        n = ex_rand_range(1, 5);
        if (!kr_qmat_init(M, n, with_im))
            bail("out of memory");
        for (i = 0; i < n * n; i++)
        {
            rnd_fmpq(M->re + i, t);
            if (with_im)
                rnd_fmpq(M->im + i, t);
        }
        /* keep most matrices inside the range (the conversion refuses
         * |q| >= 2^1023 and |q| < 2^-1021, q != 0) */
        if (m % 8 != 1)
            for (i = 0; i < n * n; i++)
            {
                fmpq *e[2];
                int c;
                e[0] = M->re + i;
                e[1] = with_im ? M->im + i : NULL;
                for (c = 0; c < 2 && e[c] != NULL; c++)
                {
                    fmpq_abs(t, e[c]);
                    if (!fmpq_is_zero(t)
                        && (fmpz_bits(fmpq_numref(t)) > fmpz_bits(fmpq_denref(t)) + 1000
                            || fmpz_bits(fmpq_denref(t)) > fmpz_bits(fmpq_numref(t)) + 1000))
                        fmpq_set_si(e[c], (ex_rand64() & 1) ? 1 : -1, (ulong) ex_rand_range(1, 1000));
                }
            }
        /* complex iff some imaginary part is nonzero (an all-zero one is a
         * real matrix) */
        for (i = 0; with_im && i < n * n; i++)
            if (!fmpq_is_zero(M->im + i))
                cplx = 1;
        N = cplx ? 2 * n : n;
        /* which entries the scalar conversion accepts (tested above) */
        for (i = 0; i < n * n; i++)
        {
            double mid, rad;
            if (!kr_fmpq_get_d_ball(&mid, &rad, M->re + i))
                inrange = 0;
            if (with_im && !kr_fmpq_get_d_ball(&mid, &rad, M->im + i))
                inrange = 0;
        }

        tally_add(&tf, kr_realform_dim(M) == N, "kr_realform_dim = %ld, want %ld",
                  (long) kr_realform_dim(M), (long) N);
        ret = kr_realform_f64(A, M);
        if (!ret)
        {
            tally_add(&tf, !inrange && A->mid == NULL && A->rad == NULL && A->rows == 0
                           && A->cols == 0,
                      "kr_realform_f64 returned 0 on an in-range %s %ldx%ld matrix "
                      "(or left A non-empty)", cplx ? "complex" : "real", (long) n, (long) n);
            kr_qmat_clear(M);
            continue;
        }
        tally_add(&tf, inrange, "kr_realform_f64 returned 1 with an out-of-range entry");
        if (A->rows != N || A->cols != N || A->rad == NULL)
        {
            tally_add(cplx ? &tc : &tr, 0, "kr_realform_f64: A is %ldx%ld (rad %p), want %ldx%ld",
                      (long) A->rows, (long) A->cols, (void *) A->rad, (long) N, (long) N);
            kr_fmat_clear(A);
            kr_qmat_clear(M);
            continue;
        }
        /* exact real form [[Re, -Im], [Im, Re]] */
        for (i = 0; i < N && good; i++)
            for (j = 0; j < N && good; j++)
            {
                slong i0 = i % n, j0 = j % n;
                if (!cplx || (i < n) == (j < n))
                    fmpq_set(t, kr_qmat_re(M, i0, j0));
                else if (i >= n)
                    fmpq_set(t, kr_qmat_im(M, i0, j0));
                else
                    fmpq_neg(t, kr_qmat_im(M, i0, j0));
                if (!q_in_ball(t, kr_fmat_mid(A, i, j), kr_fmat_rad(A, i, j), t1, t2))
                {
                    good = 0;
                    bi = i;
                    bj = j;
                }
            }
        if (!good && (cplx ? tc.fails : tr.fails) == 0)
        {
            char *s;
            slong i0 = bi % n, j0 = bj % n;
            if (!cplx || (bi < n) == (bj < n))
                fmpq_set(t, kr_qmat_re(M, i0, j0));
            else if (bi >= n)
                fmpq_set(t, kr_qmat_im(M, i0, j0));
            else
                fmpq_neg(t, kr_qmat_im(M, i0, j0));
            s = q_str_short(t);
            diag("first failure: kr_realform_f64 (%s, n = %ld) entry (%ld, %ld) "
                 "= [%a +- %a] does not contain %s", cplx ? "complex" : "real",
                 (long) n, (long) bi, (long) bj, kr_fmat_mid(A, bi, bj),
                 kr_fmat_rad(A, bi, bj), s);
            flint_free(s);
        }
        if (cplx)
        {
            tc.trials++;
            tc.fails += !good;
        }
        else
        {
            tr.trials++;
            tr.fails += !good;
        }
        kr_fmat_clear(A);
        kr_qmat_clear(M);
    }
    ok(tc.fails == 0 && tc.trials > 0, "kr_realform_f64: ball contains [[Re, -Im], "
       "[Im, Re]] exactly for %ld complex matrices (%ld failures)", tc.trials, tc.fails);
    ok(tr.fails == 0 && tr.trials > 0, "kr_realform_f64: ball contains M exactly "
       "for %ld real matrices (%ld failures)", tr.trials, tr.fails);
    ok(tf.fails == 0, "kr_realform_f64 / kr_realform_dim: order 2n, returns 0 (A "
       "empty) exactly when an entry is refused, %ld checks (%ld failures)",
       tf.trials, tf.fails);
    fmpq_clear(t);
    fmpq_clear(t1);
    fmpq_clear(t2);
}

/* ------------------------------------------------------------ matrices */

/* Matrix entry families: 0 anything, 1 moderate (|x| <= 2^40), 2 wide but
 * with squares in range (subnormal products included), 3 subnormal-heavy,
 * 4 short integers (exact products), 5 mostly moderate with a few
 * subnormals and zeros. */
#define NMATFAM 6
static double
rnd_entry(int fam)
{
    uint64_t b;
    double d;
    switch (fam)
    {
    case 0:
        return rnd_double();
    case 1:
        return rnd_sign(ldexp(rnd_signif(), (int) ex_rand_range(-40, 40)));
    case 2:
        return rnd_sign(ldexp(rnd_signif(), (int) ex_rand_range(-560, 500)));
    case 3:
        if (ex_rand64() & 1)
        {
            b = (ex_rand64() >> 12) >> ex_rand_range(0, 52);
            memcpy(&d, &b, sizeof d);
            return rnd_sign(d);
        }
        return rnd_sign(ldexp(rnd_signif(), (int) ex_rand_range(-560, -500)));
    case 4:
        return rnd_sign((double) ex_rand_range(0, 1000));
    default:
        switch (ex_rand_range(0, 9))
        {
        case 0:
            return 0.0;
        case 1:
            return rnd_sign(0x1p-1074 * (double) ex_rand_range(1, 100));
        default:
            return rnd_sign(ldexp(rnd_signif(), (int) ex_rand_range(-20, 20)));
        }
    }
}

/* A radius for the entry m: zero, relative to m, or independent. */
static double
rnd_radius(double m, int fam)
{
    switch (ex_rand_range(0, 4))
    {
    case 0:
        return 0.0;
    case 1:
    case 2:
        return ldexp(fabs(m), -(int) ex_rand_range(0, 60));
    case 3:
        return fabs(rnd_entry(fam));
    default:
        return 0x1p-1074 * (double) ex_rand_range(0, 3);
    }
}

static int
fam_moderate(int fam)
{
    return fam != 0;
}

static void
test_absmv(long nmat)
{
    tally ty = {0, 0}, tl = {0, 0}, tv = {0, 0};
    double *mid = malloc(sizeof(double) * 100), *rad = malloc(sizeof(double) * 100);
    double x[10], y[10];
    long m;

    for (m = 0; m < nmat; m++)
    {
        slong rows = ex_rand_range(0, 9), cols = ex_rand_range(0, 9), i, j, len;
        int fam = (int) ex_rand_range(0, NMATFAM - 1), with_rad = ex_rand_range(0, 2) != 0;
        int trans, ret, xfam;

        for (i = 0; i < rows * cols; i++)
        {
            mid[i] = rnd_entry(fam);
            rad[i] = rnd_radius(mid[i], fam);
        }
        for (trans = 0; trans <= 1; trans++)
        {
            slong xlen = trans ? rows : cols, ylen = trans ? cols : rows;
            int good = 1;
            slong bad = 0;
            xfam = (int) ex_rand_range(0, NMATFAM - 1);
            if (fam_moderate(fam) && !fam_moderate(xfam))
                xfam = 1;
            for (i = 0; i < xlen; i++)
                x[i] = nonneg(rnd_entry(xfam));
            for (i = 0; i < 10; i++)
                y[i] = NAN;
            ret = kr_absmv_up(y, mid, with_rad ? rad : NULL, rows, cols, trans, x);
            if (fam_moderate(fam))
                tally_add(&tl, ret, "kr_absmv_up returned 0 on a %ldx%ld matrix of "
                          "moderate entries (family %d, trans %d)",
                          (long) rows, (long) cols, fam, trans);
            if (!ret)
                continue;
            for (i = 0; i < ylen && good; i++)
            {
                /* exact sum_j (|mid| + rad) x */
                arf_zero(XE);
                len = trans ? rows : cols;
                for (j = 0; j < len; j++)
                {
                    slong idx = trans ? j + i * rows : i + j * rows;
                    arf_set_d(XA, fabs(mid[idx]));
                    if (with_rad)
                    {
                        arf_set_d(XB, rad[idx]);
                        arf_add(XA, XA, XB, ARF_PREC_EXACT, ARF_RND_DOWN);
                    }
                    arf_set_d(XB, x[j]);
                    arf_mul(XT, XA, XB, ARF_PREC_EXACT, ARF_RND_DOWN);
                    arf_add(XE, XE, XT, ARF_PREC_EXACT, ARF_RND_DOWN);
                }
                if (!isfinite(y[i]) || !side_ok(y[i], XE, 1))
                {
                    good = 0;
                    bad = i;
                }
            }
            if (!good && ty.fails == 0)
            {
                diag("first failure: kr_absmv_up (%ldx%ld, trans %d, rad %s, "
                     "family %d): y[%ld] = %a below the exact value; data:",
                     (long) rows, (long) cols, trans, with_rad ? "yes" : "NULL", fam,
                     (long) bad, y[bad]);
                len = trans ? rows : cols;
                for (j = 0; j < len; j++)
                {
                    slong idx = trans ? j + bad * rows : bad + j * rows;
                    diag("  mid %a rad %a x %a", mid[idx], with_rad ? rad[idx] : 0.0, x[j]);
                }
            }
            ty.trials++;
            ty.fails += !good;
        }

        /* kr_vec_max on the same kind of data */
        {
            slong len2 = ex_rand_range(0, 9);
            double v[10], vm;
            int good = 1;
            for (i = 0; i < len2; i++)
                v[i] = ex_rand_range(0, 20) == 0 ? INFINITY : nonneg(rnd_entry(fam));
            vm = kr_vec_max(v, len2);
            for (i = 0; i < len2; i++)
                if (!(vm >= v[i]))
                    good = 0;
            tally_add(&tv, good && vm >= 0, "kr_vec_max of %ld entries (first %a) = %a",
                      (long) len2, len2 > 0 ? v[0] : 0.0, vm);
        }
    }
    ok(ty.fails == 0 && ty.trials > 0, "kr_absmv_up: y >= (|mid| + rad) x exactly "
       "(and transposed) on %ld products, rows, cols <= 9 (%ld failures)",
       ty.trials, ty.fails);
    ok(tl.fails == 0, "kr_absmv_up returns 1 on %ld products without overflow "
       "risk (%ld failures)", tl.trials, tl.fails);
    ok(tv.fails == 0, "kr_vec_max(y) >= max y_i on %ld vectors y >= 0 (%ld failures)",
       tv.trials, tv.fails);
    free(mid);
    free(rad);
}

/* max_i sum_j |(X^T X)_ij - G_ij| <= rowsum, exactly, for the K x n matrix X
 * (column-major, rationals). */
static int
gram_bound_ok(const fmpq *X, slong K, slong n, const double *G, double rowsum,
              fmpq_t s, fmpq_t t, fmpq_t best, fmpq_t g)
{
    slong i, j, k;
    fmpq_zero(best);
    for (i = 0; i < n; i++)
    {
        fmpq_zero(s);
        for (j = 0; j < n; j++)
        {
            fmpq_zero(t);
            for (k = 0; k < K; k++)
                fmpq_addmul(t, X + k + i * K, X + k + j * K);
            q_set_d_exact(g, G[i + j * n]);
            fmpq_sub(t, t, g);
            fmpq_abs(t, t);
            fmpq_add(s, s, t);
        }
        if (fmpq_cmp(s, best) > 0)
            fmpq_set(best, s);
    }
    q_set_d_exact(g, rowsum);
    return fmpq_cmp(best, g) <= 0;
}

static void
test_gram(long nmat)
{
    /* [0]: K >= n (square or tall, as the PD kernel uses it), [1]: K < n */
    tally tg[2] = {{0, 0}, {0, 0}}, tl[2] = {{0, 0}, {0, 0}}, ts = {0, 0};
    fmpq *X = _fmpq_vec_init(64 * 12);
    fmpq_t s, t, best, g, tq;
    long m, i;

    fmpq_init(s);
    fmpq_init(t);
    fmpq_init(best);
    fmpq_init(g);
    fmpq_init(tq);
    for (m = 0; m < nmat; m++)
    {
        slong K, n, j, N;
        int fam = (int) ex_rand_range(1, NMATFAM - 1), with_rad = ex_rand_range(0, 2) != 0;
        int shape = (int) ex_rand_range(0, 2), ret, pt, npts, sym = 1, wide;
        double *G, rowsum = NAN;
        kr_fmat_t A;

        if (m % 25 == 0) /* some taller ones (BLAS blocking) */
        {
            K = ex_rand_range(20, 64);
            n = ex_rand_range(1, 12);
        }
        else
        {
            K = ex_rand_range(0, 7);
            n = ex_rand_range(0, 6);
        }
        if (m % 10 == 3)
            fam = 0; /* anything, overflow allowed */
        if (m == 0) /* a fixed wide case: mid [1, 1], rad [0, 1] */
        {
            K = 1;
            n = 2;
            fam = 1;
            with_rad = 1;
            shape = 0;
        }
        wide = K < n;
        if (!kr_fmat_init(A, K, n, with_rad))
            bail("out of memory");
        N = K * n;
        for (i = 0; i < N; i++)
            A->mid[i] = rnd_entry(fam);
        if (shape == 1 && n > 1)
        {
            /* nearly parallel columns: strong cancellation off the diagonal */
            for (j = 1; j < n; j++)
                for (i = 0; i < K; i++)
                {
                    double v = kr_fmat_mid(A, i, 0) * (1.0 + rnd_sign(ldexp(1.0, -(int) ex_rand_range(1, 50))));
                    kr_fmat_mid(A, i, j) = isfinite(v) ? rnd_sign(v) : 0.0;
                }
        }
        if (with_rad)
            for (i = 0; i < N; i++)
                A->rad[i] = rnd_radius(A->mid[i], fam);
        if (m == 0)
        {
            A->mid[0] = A->mid[1] = 1.0;
            A->rad[0] = 0.0;
            A->rad[1] = 1.0;
        }

        G = malloc(sizeof(double) * (size_t) (n * n + 1));
        for (i = 0; i < n * n; i++)
            G[i] = NAN;
        ret = kr_fmat_gram(G, &rowsum, A);
        if (fam != 0)
            tally_add(&tl[wide], ret, "kr_fmat_gram returned 0 on a %ldx%ld matrix of "
                      "family %d (no overflow risk)", (long) K, (long) n, fam);
        if (!ret)
        {
            free(G);
            kr_fmat_clear(A);
            continue;
        }
        for (i = 0; i < n; i++)
            for (j = 0; j < n; j++)
                if (G[i + j * n] != G[j + i * n])
                    sym = 0;
        tally_add(&ts, sym, "kr_fmat_gram: G not symmetric (%ldx%ld)", (long) K, (long) n);

        /* points X of the ball: the midpoint, corners, random rationals */
        npts = with_rad ? 8 : 1;
        for (pt = 0; pt < npts; pt++)
        {
            int good;
            for (i = 0; i < N; i++)
            {
                q_set_d_exact(X + i, A->mid[i]);
                if (pt == 0 || !with_rad)
                    continue;
                q_set_d_exact(tq, A->rad[i]);
                if (pt == 1 || (pt <= 4 && (ex_rand64() & 1)))
                    fmpq_add(X + i, X + i, tq);
                else if (pt == 2 || pt <= 4)
                    fmpq_sub(X + i, X + i, tq);
                else
                {
                    /* mid + (a/b) rad, |a| <= b, b odd or not */
                    slong b = ex_rand_range(1, 1000), a = ex_rand_range(-b, b);
                    fmpq_set_si(t, a, (ulong) b);
                    fmpq_mul(tq, tq, t);
                    fmpq_add(X + i, X + i, tq);
                }
            }
            good = gram_bound_ok(X, K, n, G, rowsum, s, t, best, g);
            if (!good && tg[wide].fails == 0)
            {
                diag("first failure: kr_fmat_gram (K = %ld, n = %ld, family %d, "
                     "rad %s, point %d): rowsum = %a too small; A (mid, rad):",
                     (long) K, (long) n, fam, with_rad ? "yes" : "NULL", pt, rowsum);
                for (i = 0; i < N && i < 64; i++)
                    diag("  A(%ld,%ld) = %a +- %a", (long) (i % K), (long) (i / K),
                         A->mid[i], with_rad ? A->rad[i] : 0.0);
            }
            tg[wide].trials++;
            tg[wide].fails += !good;
        }
        free(G);
        kr_fmat_clear(A);
    }
    for (i = 0; i < 2; i++)
    {
        ok(tg[i].fails == 0 && tg[i].trials > 0, "kr_fmat_gram, K x n with %s: "
           "max_i sum_j |(X^T X - G)_ij| <= rowsum exactly for %ld points X of "
           "random balls (midpoints, corners, rational points; %ld failures)",
           i ? "K < n" : "K >= n", tg[i].trials, tg[i].fails);
        ok(tl[i].fails == 0, "kr_fmat_gram, K x n with %s: returns 1 on %ld "
           "matrices without overflow risk (%ld failures)",
           i ? "K < n" : "K >= n", tl[i].trials, tl[i].fails);
    }
    ok(ts.fails == 0, "kr_fmat_gram: G symmetric on %ld matrices (%ld failures)",
       ts.trials, ts.fails);
    _fmpq_vec_clear(X, 64 * 12);
    fmpq_clear(s);
    fmpq_clear(t);
    fmpq_clear(best);
    fmpq_clear(g);
    fmpq_clear(tq);
}

int
main(void)
{
    plan_lazy();
    ex_rand_seed(tap_seed(20240611));
    arf_init(XA);
    arf_init(XB);
    arf_init(XE);
    arf_init(XR);
    arf_init(XT);

    test_scalar_helpers(100000);
    test_gamma(100000);
    test_up_nonneg(100000, 6000);
    test_fmpq_get_d_ball(60000);
    test_realform(3000);
    test_absmv(20000);
    test_gram(2000);

    arf_clear(XA);
    arf_clear(XB);
    arf_clear(XE);
    arf_clear(XR);
    arf_clear(XT);
    flint_cleanup();
    return 0;
}
