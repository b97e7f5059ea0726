/* Hypothesis checks of the paper's theorems (MATH.md section 5), with ACSL
 * contracts proved by Frama-C/WP (proofs/, `make proofs`).
 *
 * The decisions work on exact data the caller prepared soundly:
 *   - symmetry on canonical ids of the exact entries (equal ids if and only
 *     if the exact rationals are equal: kr_hyp_canon does the interning);
 *   - inequalities on dyadic numbers m 2^e with small mantissas, which the
 *     caller obtained by rounding certified bounds outward (kr_dyadic_set_*).
 * Every decision is exact integer arithmetic, so the proved contract is the
 * real inequality itself: no rounding is left unaccounted for. */
#ifndef KREISS_HYP_H
#define KREISS_HYP_H

#include <arf.h>

#include "kreiss/qmat.h"

#ifdef __cplusplus
extern "C" {
#endif

#define KR_DYADIC_BITS 21      /* mantissas below 2^21: a product of three fits in 63 bits */
#define KR_DYADIC_EMAX 100000  /* |exponent| bound */

/* m 2^e with 0 <= m < 2^KR_DYADIC_BITS, |e| <= KR_DYADIC_EMAX. */
typedef struct
{
    long m;
    long e;
} kr_dyadic;

/* d := a dyadic >= x (up) or <= x (down), x >= 0 finite.  Returns 0 if x is
 * negative, not finite or out of the exponent range (nothing decided then). */
int kr_dyadic_set_arf(kr_dyadic *d, const arf_t x, int up);

/* 1 iff A (n×n, canonical ids row-major) equals its transpose. */
int kr_hyp_symmetric(const long *canon, int n);

/* gamma := max(a, b); 1 iff gamma < 1. */
int kr_hyp_gamma(kr_dyadic *gamma, const kr_dyadic *a, const kr_dyadic *b);

/* 1 iff x y z < w exactly (as real numbers). */
int kr_hyp_prod3_lt(const kr_dyadic *x, const kr_dyadic *y, const kr_dyadic *z,
                    const kr_dyadic *w);

/* Canonical ids of the entries of a real matrix M: ids[i n + j] ==
 * ids[k n + l] iff the two exact entries are equal.  Returns 0 when M is
 * complex or memory runs out. */
int kr_hyp_canon(long *ids, const kr_qmat_t M);

/* M is real and exactly symmetric: kr_hyp_canon, then the proved
 * kr_hyp_symmetric. */
int kr_hyp_is_symmetric(const kr_qmat_t M);

#ifdef __cplusplus
}
#endif

#endif
