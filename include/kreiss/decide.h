/* The exact decisions behind the paper's hypotheses (MATH.md section 5):
 * pure C on integers, no Arb/FLINT, with ACSL contracts proved by
 * Frama-C/WP (proofs/run.sh, `make proofs`, results in proofs/results.txt).
 * kreiss/hyp.h includes this header and prepares the inputs (canonical ids
 * of exact entries, dyadic numbers rounded outward from certified bounds).
 *
 * The contracts state the real-number facts: kr_dy(d) is the real number
 * d.m * 2^d.e, with the power of two defined recursively in proofs/hyp.acsl
 * (read by Frama-C only, under __FRAMAC__).  Every decision is exact
 * integer arithmetic, so no rounding is left unaccounted for. */
#ifndef KREISS_DECIDE_H
#define KREISS_DECIDE_H

#ifdef __cplusplus
extern "C" {
#endif

#define KR_DYADIC_BITS 21      /* mantissas below 2^21: a product of three fits in 63 bits */
#define KR_DYADIC_EMAX 100000  /* |exponent| bound */

/* m 2^e with 0 <= m < 2^KR_DYADIC_BITS, |e| <= KR_DYADIC_EMAX
 * (kr_dyadic_ok in proofs/hyp.acsl). */
typedef struct
{
    long m;
    long e;
} kr_dyadic;

#ifdef __FRAMAC__
#include "hyp.acsl"
#endif

/* 1 iff A (n×n, canonical ids row-major) equals its transpose:
 * canon[i n + j] == canon[j n + i] for all i, j < n.  n <= 0 is the empty
 * matrix (symmetric; canon is not read). */
/*@ requires valid: n > 0 ==> \valid_read(canon + (0 .. n * n - 1));
    assigns \nothing;
    ensures bool: \result == 0 || \result == 1;
    ensures result: \result == 1 <==> kr_symmetric(canon, n);

    behavior symmetric:
      assumes kr_symmetric(canon, n);
      ensures result: \result == 1;

    behavior not_symmetric:
      assumes !kr_symmetric(canon, n);
      ensures result: \result == 0;

    complete behaviors;
    disjoint behaviors;
*/
int kr_hyp_symmetric(const long *canon, int n);

/* gamma := max(a, b) as real numbers (a on a tie; gamma may alias a or b);
 * 1 iff gamma < 1. */
/*@ requires valid: \valid(gamma) && \valid_read(a) && \valid_read(b);
    requires dyadic: kr_dyadic_ok(a) && kr_dyadic_ok(b);
    assigns *gamma;
    ensures dyadic: kr_dyadic_ok(gamma);
    ensures which: (gamma->m == \old(a->m) && gamma->e == \old(a->e))
                   || (gamma->m == \old(b->m) && gamma->e == \old(b->e));
    ensures max: kr_dy(gamma) == \max(\old(kr_dy(a)), \old(kr_dy(b)));
    ensures bool: \result == 0 || \result == 1;
    ensures result: \result == 1 <==> kr_dy(gamma) < 1;

    behavior lt_one:
      assumes kr_dy(a) < 1 && kr_dy(b) < 1;
      ensures result: \result == 1;

    behavior not_lt_one:
      assumes !(kr_dy(a) < 1 && kr_dy(b) < 1);
      ensures result: \result == 0;

    complete behaviors;
    disjoint behaviors;
*/
int kr_hyp_gamma(kr_dyadic *gamma, const kr_dyadic *a, const kr_dyadic *b);

/* 1 iff x y z < w exactly (as real numbers). */
/*@ requires valid: \valid_read(x) && \valid_read(y) && \valid_read(z) && \valid_read(w);
    requires dyadic: kr_dyadic_ok(x) && kr_dyadic_ok(y) && kr_dyadic_ok(z)
                     && kr_dyadic_ok(w);
    assigns \nothing;
    ensures bool: \result == 0 || \result == 1;
    ensures result: \result == 1 <==> kr_dy(x) * kr_dy(y) * kr_dy(z) < kr_dy(w);

    behavior lt:
      assumes kr_dy(x) * kr_dy(y) * kr_dy(z) < kr_dy(w);
      ensures result: \result == 1;

    behavior not_lt:
      assumes !(kr_dy(x) * kr_dy(y) * kr_dy(z) < kr_dy(w));
      ensures result: \result == 0;

    complete behaviors;
    disjoint behaviors;
*/
int kr_hyp_prod3_lt(const kr_dyadic *x, const kr_dyadic *y, const kr_dyadic *z,
                    const kr_dyadic *w);

#ifdef __cplusplus
}
#endif

#endif
