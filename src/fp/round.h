/* Directed rounding in binary64 without switching the rounding mode.
 *
 * Every helper below works in the default round-to-nearest-even mode (the
 * PD kernel checks that mode, and that flush-to-zero is off, before it
 * relies on them) and returns a number on the stated side of the exact
 * real result.  u = 2^-53 is the unit roundoff, eta = 2^-1075 half the
 * smallest subnormal, and RN the rounding to nearest.
 *
 * Facts used (for finite results):
 *  (F1) If q = RN(y) then succ(q) >= y and pred(q) <= y, where succ/pred
 *       are nextafter towards +inf/-inf: y lies between q and the float
 *       nearest to it on its side, so it cannot pass succ(q) or pred(q).
 *  (F2) For nonnegative x, y: RN(x*y) >= x*y/(1+u) - eta, RN(x+y) >= (x+y)/(1+u).
 *
 * All helpers return +inf (resp. -inf) rather than a wrong finite number
 * when an intermediate overflows: callers treat a non-finite bound as
 * "could not bound". */
#ifndef KREISS_FP_ROUND_H
#define KREISS_FP_ROUND_H

#include <math.h>

#include <flint/flint.h>

#define KR_U 0x1p-53          /* unit roundoff */
#define KR_DMIN 0x1p-1074     /* smallest positive subnormal = 2 eta */

/* Upper bound of a + b. */
static inline double
kr_add_up(double a, double b)
{
    return nextafter(a + b, INFINITY);
}

/* Lower bound of a - b. */
static inline double
kr_sub_down(double a, double b)
{
    return nextafter(a - b, -INFINITY);
}

/* Upper bound of a - b. */
static inline double
kr_sub_up(double a, double b)
{
    return nextafter(a - b, INFINITY);
}

/* Upper bound of a * b for a, b >= 0 (F1 also covers underflow: a step of
 * succ is at least 2^-1074 > eta). */
static inline double
kr_mul_up(double a, double b)
{
    return nextafter(a * b, INFINITY);
}

/* Lower bound of a * b for a, b >= 0. */
static inline double
kr_mul_down(double a, double b)
{
    double p = nextafter(a * b, -INFINITY);
    return p < 0 ? 0.0 : p;
}

/* Upper bound of a / b for a >= 0, b > 0. */
static inline double
kr_div_up(double a, double b)
{
    return nextafter(a / b, INFINITY);
}

/* Lower bound of a / b for a >= 0, b > 0. */
static inline double
kr_div_down(double a, double b)
{
    double q = nextafter(a / b, -INFINITY);
    return q < 0 ? 0.0 : q;
}

/* Upper bound of sqrt(a), a >= 0 (sqrt is correctly rounded). */
static inline double
kr_sqrt_up(double a)
{
    return nextafter(sqrt(a), INFINITY);
}

/* Lower bound of sqrt(a), a >= 0. */
static inline double
kr_sqrt_down(double a)
{
    double r = nextafter(sqrt(a), -INFINITY);
    return r < 0 ? 0.0 : r;
}

/* An upper bound of gamma_k = k u / (1 - k u), for 0 <= k and k u <= 1/4.
 * k u = k 2^-53 and 1 - k u are exact for k < 2^52, so one rounded
 * division remains (F1). */
static inline double
kr_gamma_up(slong k)
{
    double ku = (double) k * KR_U;
    return nextafter(ku / (1.0 - ku), INFINITY);
}

/* Upper bound of an exact nonnegative x known only through a value xt
 * computed in round-to-nearest with at most k roundings, each relative
 * error at most u, plus absolute (underflow) error at most 2 k eta:
 *     x <= (xt + 2 k eta) / (1 - gamma_k),        k u <= 1/4.
 * Proof: with f = 1 + (2k+2) u (exact), f/(1+u) >= 1/(1 - gamma_k) because
 * 1/(1-gamma_k) = 1 + k u/(1 - 2 k u) <= 1 + 2 k u and (1+u)(1+2ku) <=
 * 1 + (2k+2)u.  By (F2) p = RN(xt f) >= xt/(1-gamma_k) - eta, and by (F1)
 * the result is >= p + E with E = (2k+1) 2^-1074 = (4k+2) eta >=
 * eta + 2 k eta / (1 - gamma_k) (as 1/(1-gamma_k) <= 2). */
static inline double
kr_up_nonneg(double xt, slong k)
{
    double f = 1.0 + (double) (2 * k + 2) * KR_U;
    double e = (double) (2 * k + 1) * KR_DMIN;
    return nextafter(xt * f + e, INFINITY);
}

#endif
