/* Hypothesis checks of the paper's theorems (MATH.md section 5), with ACSL
 * contracts proved by Frama-C/WP (proofs/, `make proofs`).
 *
 * The decisions work on exact data the caller prepared soundly:
 *   - symmetry on canonical ids of the exact entries (equal ids if and only
 *     if the exact rationals are equal: kr_hyp_canon does the interning);
 *   - inequalities on dyadic numbers m 2^e with small mantissas, which the
 *     caller obtained by rounding certified bounds outward (kr_dyadic_set_*).
 * Every decision is exact integer arithmetic, so the proved contract is the
 * real inequality itself: no rounding is left unaccounted for.  The
 * decisions themselves (kr_dyadic, kr_hyp_symmetric, kr_hyp_gamma,
 * kr_hyp_prod3_lt) are in kreiss/decide.h, pure C that Frama-C reads
 * without the Arb headers. */
#ifndef KREISS_HYP_H
#define KREISS_HYP_H

#include <arf.h>

#include "kreiss/decide.h"
#include "kreiss/qmat.h"

#ifdef __cplusplus
extern "C" {
#endif

/* d := a dyadic >= x (up) or <= x (down), x >= 0 finite.  Returns 0 if x is
 * negative, not finite or out of the exponent range (nothing decided then). */
int kr_dyadic_set_arf(kr_dyadic *d, const arf_t x, int up);

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
