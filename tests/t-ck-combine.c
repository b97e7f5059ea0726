/* kreiss-check's combination rules (src/check/combine.c): the cover rule
 * of certs/FORMAT.md §4, "all bounds <= hi", and the segment rule of §3.
 *
 * Fixed cases: gaps, overlaps, touching and unsorted segments, degenerate
 * segments, NaN in every position, infinities; every branch of the
 * segment rule.  Randomised cases (seed KREISS_TEST_SEED, printed):
 *  - cover: segments with dyadic endpoints; the expected verdict comes from
 *    the rule as FORMAT.md words it, evaluated here independently, and an
 *    accepted cover is checked point by point on a grid finer than the
 *    endpoints (every x >= 1 on the grid lies on a segment or the tail);
 *  - segment: g(r) = (r - 1) U_a (r / r_a)^(-alpha) for integer alpha
 *    (powers by repeated multiplication), inputs inflated upward; an
 *    accepted bound must be >= min(g(r), (r_b - 1) U_a) on a grid of
 *    [r_a, r_b], and bound = the true maximum of g (inflated) must be
 *    accepted.
 * The contracts of the three functions are proved by Frama-C/WP (proofs/);
 * these tests check the compiled code and the reading of the arguments. */
#include <float.h>
#include <math.h>
#include <stdint.h>

#include "tap.h"
#include "combine.h"

/* math.h is used for HUGE_VAL only: no libm call, no -lm. */
#define T_INF HUGE_VAL

static double
t_nan(void)
{
    volatile double z = 0.0;
    return z / z;
}

/* ---------------------------------------------------------------- */
/* Random numbers (splitmix64)                                         */

static uint64_t rng_state;

static uint64_t
rng_next(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

/* Uniform integer in [0, m). */
static long
rng_int(long m)
{
    return (long) (rng_next() % (uint64_t) m);
}

/* ---------------------------------------------------------------- */
/* Cover                                                               */

static int
cover2(double a0, double b0, double a1, double b1, double tail)
{
    double a[2], b[2];
    a[0] = a0;
    b[0] = b0;
    a[1] = a1;
    b[1] = b1;
    return ck_cover(a, b, 2, tail);
}

static void
test_cover_fixed(void)
{
    const double nan = t_nan();
    double a[3], b[3];

    /* no segments: the tail alone must start at or below 1 */
    is_int(ck_cover(NULL, NULL, 0, 1.0), 1, "cover: n=0, tail 1");
    is_int(ck_cover(NULL, NULL, 0, 0.5), 1, "cover: n=0, tail 0.5");
    is_int(ck_cover(NULL, NULL, 0, -T_INF), 1, "cover: n=0, tail -inf");
    is_int(ck_cover(NULL, NULL, 0, 1.0 + DBL_EPSILON), 0, "cover: n=0, tail 1+eps (gap)");
    is_int(ck_cover(NULL, NULL, 0, T_INF), 0, "cover: n=0, tail +inf");
    is_int(ck_cover(NULL, NULL, 0, nan), 0, "cover: n=0, tail NaN");

    /* one segment */
    a[0] = 1.0;
    b[0] = 2.0;
    is_int(ck_cover(a, b, 1, 2.0), 1, "cover: [1,2] + tail 2 (touching)");
    is_int(ck_cover(a, b, 1, 1.5), 1, "cover: [1,2] + tail 1.5 (overlap)");
    is_int(ck_cover(a, b, 1, 2.0 + 2 * DBL_EPSILON), 0, "cover: [1,2] + tail 2+ (gap)");
    is_int(ck_cover(a, b, 1, nan), 0, "cover: [1,2] + tail NaN");
    a[0] = 0.5;
    is_int(ck_cover(a, b, 1, 2.0), 1, "cover: [0.5,2] starts below 1");
    a[0] = -T_INF;
    is_int(ck_cover(a, b, 1, 2.0), 1, "cover: [-inf,2]");
    a[0] = 1.0 + DBL_EPSILON;
    is_int(ck_cover(a, b, 1, 2.0), 0, "cover: first segment starts above 1");
    a[0] = 2.0;
    is_int(ck_cover(a, b, 1, 2.0), 0, "cover: [2,2] starts above 1");
    a[0] = 1.0;
    b[0] = 1.0;
    is_int(ck_cover(a, b, 1, 1.0), 0, "cover: degenerate [1,1] (a < b required)");
    b[0] = 0.5;
    is_int(ck_cover(a, b, 1, 0.5), 0, "cover: reversed [1,0.5]");
    b[0] = T_INF;
    is_int(ck_cover(a, b, 1, T_INF), 1, "cover: [1,+inf] + tail +inf");
    is_int(ck_cover(a, b, 1, 5.0), 1, "cover: [1,+inf] + tail 5");
    a[0] = T_INF;
    is_int(ck_cover(a, b, 1, T_INF), 0, "cover: [+inf,+inf]");
    a[0] = nan;
    b[0] = 2.0;
    is_int(ck_cover(a, b, 1, 2.0), 0, "cover: a[0] NaN");
    a[0] = 1.0;
    b[0] = nan;
    is_int(ck_cover(a, b, 1, 1.0), 0, "cover: b[0] NaN");

    /* two segments */
    is_int(cover2(1, 2, 2, 3, 3), 1, "cover: touching [1,2][2,3] tail 3");
    is_int(cover2(1, 2.5, 2, 3, 3), 1, "cover: overlapping [1,2.5][2,3] tail 3");
    is_int(cover2(1, 2, 2.5, 3, 3), 0, "cover: gap (2,2.5)");
    is_int(cover2(1, 2, 2 + 2 * DBL_EPSILON, 3, 3), 0, "cover: gap of one ulp");
    is_int(cover2(1, 3, 2, 2.5, 2.5), 1, "cover: nested [1,3][2,2.5] tail 2.5");
    is_int(cover2(1, 3, 2, 2.5, 3), 0, "cover: tail beyond the last segment's end");
    is_int(cover2(2, 3, 1, 2, 3), 0, "cover: unsorted [2,3][1,2]");
    is_int(cover2(1, 2, 1, 2, 2), 1, "cover: repeated segment");
    is_int(cover2(1, 2, 1.5, 1.5, 1.5), 0, "cover: degenerate second segment");
    is_int(cover2(1, 2, nan, 3, 3), 0, "cover: a[1] NaN");
    is_int(cover2(1, 2, 2, nan, 2), 0, "cover: b[1] NaN");
    is_int(cover2(1, nan, 2, 3, 3), 0, "cover: b[0] NaN");
    is_int(cover2(1, 2, 2, 3, nan), 0, "cover: tail NaN");
    is_int(cover2(1, 2, 2, 3, -T_INF), 1, "cover: tail -inf");
    is_int(cover2(1, T_INF, 5, T_INF, T_INF), 1, "cover: infinite ends");
    is_int(cover2(1, 2, -T_INF, 3, 3), 1, "cover: second starts at -inf");

    /* three segments: the union covers [1, 4] but not in the listed order;
     * the rule only accepts the order written in the certificate */
    a[0] = 1;
    b[0] = 3;
    a[1] = 3.5;
    b[1] = 4;
    a[2] = 2;
    b[2] = 3.6;
    is_int(ck_cover(a, b, 3, 3.6), 0, "cover: covering union, unsorted order rejected");
    a[1] = 2;
    b[1] = 3.6;
    a[2] = 3.5;
    b[2] = 4;
    is_int(ck_cover(a, b, 3, 4), 1, "cover: the same segments in order accepted");
    is_int(ck_cover(a, b, 2, 4), 0, "cover: n counts: two of them leave a gap to the tail");
}

/* FORMAT.md §4 in its own words: first r_a <= 1 (the format requires = 1;
 * the checker accepts <= 1), every segment has r_a < r_b, each next r_a <=
 * previous r_b, tail r <= last r_b (or <= 1 without segments).  All values
 * here are finite. */
static int
cover_expected(const double *a, const double *b, int n, double tail)
{
    int k, ok;
    if (n == 0)
        return tail <= 1.0;
    ok = a[0] <= 1.0 && tail <= b[n - 1];
    for (k = 0; k < n; k++)
        ok = ok && a[k] < b[k] && (k == 0 || a[k] <= b[k - 1]);
    return ok;
}

static void
test_cover_random(void)
{
    int trial, accepted = 0, rejected = 0, bad_verdict = 0, bad_cover = 0;
    for (trial = 0; trial < 4000; trial++)
    {
        double a[8], b[8], tail, x, top = 1.0;
        int n = (int) rng_int(8), k, got;
        /* endpoints on the grid 1/4: mostly chained, sometimes gaps,
         * sometimes out of order or reversed */
        double pos = 0.5 + 0.25 * (double) rng_int(4);
        for (k = 0; k < n; k++)
        {
            a[k] = pos - 0.25 * (double) rng_int(3) + (rng_int(8) == 0 ? 0.25 : 0.0);
            b[k] = a[k] + 0.25 * (double) (rng_int(12) - (rng_int(10) == 0 ? 6 : 0));
            if (b[k] > pos)
                pos = b[k];
            if (b[k] > top)
                top = b[k];
        }
        tail = (n > 0 ? b[n - 1] : 1.0) + 0.25 * (double) (rng_int(5) - 3);
        got = ck_cover(a, b, n, tail);
        if (got != cover_expected(a, b, n, tail))
            bad_verdict++;
        if (got)
        {
            accepted++;
            /* every grid point x >= 1 (step 1/16) up to beyond the tail */
            for (x = 1.0; x <= top + 2.0 || x <= tail + 1.0; x += 0.0625)
            {
                int in = x >= tail;
                for (k = 0; k < n && !in; k++)
                    in = a[k] <= x && x <= b[k];
                if (!in)
                {
                    bad_cover++;
                    break;
                }
            }
        }
        else
            rejected++;
    }
    diag("random covers: %d accepted, %d rejected", accepted, rejected);
    ok(accepted > 300 && rejected > 300, "random covers: both verdicts occur");
    is_int(bad_verdict, 0, "random covers: verdict = the rule of FORMAT.md §4");
    is_int(bad_cover, 0, "random covers: accepted covers leave no grid point of [1, +inf) out");
}

/* ---------------------------------------------------------------- */
/* All <= hi                                                           */

static void
test_all_le(void)
{
    const double nan = t_nan();
    double v[4] = {1.0, 3.0, 2.0, -T_INF};

    is_int(ck_all_le(NULL, 0, 0.0), 1, "all_le: empty");
    is_int(ck_all_le(NULL, 0, nan), 1, "all_le: empty, hi NaN (nothing compared)");
    is_int(ck_all_le(v, 4, 3.0), 1, "all_le: max equals hi");
    is_int(ck_all_le(v, 4, 3.0 - 2 * DBL_EPSILON), 0, "all_le: max one ulp above hi");
    is_int(ck_all_le(v, 1, 1.0), 1, "all_le: prefix n=1");
    is_int(ck_all_le(v, 4, T_INF), 1, "all_le: hi +inf");
    is_int(ck_all_le(v, 4, -T_INF), 0, "all_le: hi -inf");
    is_int(ck_all_le(v + 3, 1, -T_INF), 1, "all_le: -inf <= -inf");
    is_int(ck_all_le(v, 4, nan), 0, "all_le: hi NaN");
    v[2] = nan;
    is_int(ck_all_le(v, 4, T_INF), 0, "all_le: a NaN element, hi +inf");
    is_int(ck_all_le(v, 2, T_INF), 1, "all_le: NaN element beyond n is not read");
    v[2] = T_INF;
    is_int(ck_all_le(v, 4, T_INF), 1, "all_le: +inf <= +inf");
    is_int(ck_all_le(v, 4, 1e308), 0, "all_le: +inf element, finite hi");
}

/* ---------------------------------------------------------------- */
/* Segment                                                             */

/* Named arguments for readability. */
typedef struct
{
    double bound, ga, gb, crude, alpha, rs_lo, rs_hi, gs, ra, rb;
} seg_t;

static int
seg(seg_t s)
{
    return ck_segment_ok(s.bound, s.ga, s.gb, s.crude, s.alpha, s.rs_lo, s.rs_hi, s.gs,
                         s.ra, s.rb);
}

static void
test_segment_fixed(void)
{
    const double nan = t_nan();
    /* r_a = 1, r_b = 4, U_a = 10, alpha = 2: g(r) = 10 (r - 1) / r^2,
     * g(1) = 0, g(4) = 1.875 = 3 U_b with U_b = 10/16, r* = 2, g(2) = 2.5,
     * crude (r_b - 1) U_a = 30.  All exact in binary64. */
    const seg_t j = {2.5, 0.0, 1.875, 30.0, 2.0, 2.0, 2.0, 2.5, 1.0, 4.0};
    seg_t s;

    is_int(seg(j), 1, "segment: bound = g(r*) = 2.5 accepted");
    s = j;
    s.bound = 2.0;
    is_int(seg(s), 0, "segment: bound 2 < g(r*) = 2.5 rejected");
    s.bound = 2.5 - 4 * DBL_EPSILON;
    is_int(seg(s), 0, "segment: bound one ulp below g(r*) rejected");
    s.bound = 1.8;
    is_int(seg(s), 0, "segment: bound below g(r_b) rejected");
    s.bound = 30.0;
    s.gs = T_INF;
    is_int(seg(s), 1, "segment: crude bound alone suffices");
    s.ga = s.gb = s.alpha = s.rs_lo = s.rs_hi = s.gs = nan;
    is_int(seg(s), 1, "segment: crude bound with every other input NaN");
    s = j;
    s.bound = T_INF;
    is_int(seg(s), 1, "segment: bound +inf");
    s.bound = nan;
    is_int(seg(s), 0, "segment: bound NaN");
    s = j;
    s.crude = nan;
    is_int(seg(s), 1, "segment: crude NaN, g route still decides");

    /* alpha <= 1: g non-decreasing, g(r_b) is the maximum */
    s = j;
    s.alpha = 1.0;
    s.bound = 1.875;
    s.rs_lo = -T_INF;
    s.rs_hi = T_INF;
    s.gs = T_INF;
    is_int(seg(s), 1, "segment: alpha_hi = 1, bound = g(r_b)");
    s.alpha = 1.0 + 2 * DBL_EPSILON;
    is_int(seg(s), 0, "segment: alpha_hi just above 1, r* unknown, rejected");
    s.alpha = -3.0;
    is_int(seg(s), 1, "segment: alpha_hi < 0");
    s.alpha = nan;
    is_int(seg(s), 0, "segment: alpha NaN treated as possibly > 1");
    s.alpha = 1.0;
    s.ga = 2.0;
    is_int(seg(s), 0, "segment: bound below g(r_a) rejected");
    s.ga = nan;
    is_int(seg(s), 0, "segment: g(r_a) NaN rejected");
    s.ga = 0.0;
    s.gb = nan;
    is_int(seg(s), 0, "segment: g(r_b) NaN rejected");

    /* alpha > 1 and r* outside [r_a, r_b] */
    s = j;
    s.bound = 1.875;
    s.gs = T_INF;
    s.rs_lo = 0.5;
    s.rs_hi = 0.75;
    is_int(seg(s), 1, "segment: r* < r_a (g decreasing)");
    s.rs_hi = 1.0;
    is_int(seg(s), 0, "segment: r* enclosure touches r_a: not strictly below");
    s.rs_lo = 4.5;
    s.rs_hi = 5.0;
    is_int(seg(s), 1, "segment: r* > r_b (g increasing)");
    s.rs_lo = 4.0;
    is_int(seg(s), 0, "segment: r* enclosure touches r_b: not strictly above");
    s.rs_lo = nan;
    s.rs_hi = nan;
    is_int(seg(s), 0, "segment: r* enclosure NaN treated as inside");
    s.rs_lo = -T_INF;
    s.rs_hi = T_INF;
    is_int(seg(s), 0, "segment: r* enclosure infinite treated as inside");
    s.gs = 1.875;
    is_int(seg(s), 1, "segment: r* unknown but bound >= g(r*) bound");
    s.gs = nan;
    is_int(seg(s), 0, "segment: g(r*) NaN rejected");
    s = j;
    s.ra = nan;
    s.rb = nan;
    is_int(seg(s), 1, "segment: NaN radii do not matter when bound >= g(r*)");
    s.gs = T_INF;
    s.rs_lo = s.rs_hi = 0.5;
    is_int(seg(s), 0, "segment: NaN r_a cannot place r* below it");
}

/* x^k for integer k >= 0 (no libm). */
static double
t_pow_int(double x, int k)
{
    double p = 1.0;
    while (k-- > 0)
        p *= x;
    return p;
}

/* g(r) = (r - 1) ua (r / ra)^(-alpha) for integer alpha, in binary64 (a
 * few roundings; the callers allow a relative 2^-40). */
static double
t_g(double ua, double ra, int alpha, double r)
{
    double q = r / ra;
    double p = alpha >= 0 ? 1.0 / t_pow_int(q, alpha) : t_pow_int(q, -alpha);
    return (r - 1.0) * ua * p;
}

#define T_UP(x) ((x) * (1.0 + 0x1p-40) + 0x1p-1000)

static void
test_segment_random(void)
{
    int trial, accepted = 0, bad = 0, missed = 0;
    for (trial = 0; trial < 3000; trial++)
    {
        double ra = 1.0 + 0.125 * (double) rng_int(24);
        double rb = ra + 0.125 * (double) (1 + rng_int(40));
        double ua = 0.5 + 0.25 * (double) rng_int(40);
        int alpha = (int) rng_int(7) - 2; /* -2 .. 4 */
        double ga = T_UP(t_g(ua, ra, alpha, ra));
        double gb = T_UP(t_g(ua, ra, alpha, rb));
        double crude = T_UP((rb - 1.0) * ua);
        double rs = alpha > 1 ? (double) alpha / (double) (alpha - 1) : 0.0;
        double rs_lo = alpha > 1 ? rs * (1.0 - 0x1p-40) : -T_INF;
        double rs_hi = alpha > 1 ? rs * (1.0 + 0x1p-40) : T_INF;
        double gs = alpha > 1 ? T_UP(t_g(ua, ra, alpha, rs)) : T_INF;
        double gmax = ga > gb ? ga : gb, bound, r;
        int got;

        if (alpha > 1 && ra < rs && rs < rb)
            gmax = gs;
        /* a bound at, below or above the maximum of g, or the crude one */
        switch (rng_int(4))
        {
        case 0:
            bound = gmax;
            break;
        case 1:
            bound = gmax * 0.9;
            break;
        case 2:
            bound = gmax * 0.999;
            break;
        default:
            bound = crude;
            break;
        }
        got = ck_segment_ok(bound, ga, gb, crude, (double) alpha, rs_lo, rs_hi, gs, ra, rb);
        if (bound == gmax || bound == crude)
            missed += !got;
        if (!got)
            continue;
        accepted++;
        /* bound >= min(g(r), crude) on a grid of [ra, rb] (g evaluated
         * with a relative margin against rounding) */
        for (r = ra; r <= rb; r += 1.0 / 64.0)
        {
            double gr = t_g(ua, ra, alpha, r) * (1.0 - 0x1p-40);
            double lo = gr < (rb - 1.0) * ua ? gr : (rb - 1.0) * ua;
            if (lo > bound)
            {
                bad++;
                diag("ra %g rb %g ua %g alpha %d bound %.17g: r %g, g %.17g", ra, rb, ua,
                     alpha, bound, r, gr);
                break;
            }
        }
    }
    diag("random segments: %d accepted", accepted);
    ok(accepted > 1000, "random segments: many accepted");
    is_int(missed, 0, "random segments: bound = max g (or crude) always accepted");
    is_int(bad, 0, "random segments: accepted bounds dominate min(g(r), crude) on [r_a, r_b]");
}

int
main(void)
{
    rng_state = tap_seed(20261122);
    plan_lazy();
    test_cover_fixed();
    test_cover_random();
    test_all_le();
    test_segment_fixed();
    test_segment_random();
    return 0;
}
