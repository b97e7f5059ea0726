/* Transient peaks and settling times (MATH.md sections 1, 5 and 7).
 *
 *   P(M)    = sup over t >= 0 of ||M^t||_2           (P >= 1: M^0 = I),
 *   T(delta) = min{T0 >= 0 : ||M^t||_2 <= delta for every t >= T0}.
 *
 * Both come from certified bounds of the powers: for every step t a lower
 * bound l_t <= ||M^t|| (a witness vector, ball arithmetic) and an upper bound
 * ||M^t|| <= u_t (floating-point powers with a proved error bound, and a PD
 * claim where it matters).  Once ||M^T|| <= q < 1 is proved,
 * ||M^(kT+s)|| <= q^k ||M^s|| settles every later step, so the peak is the
 * maximum over t < T.  Nothing here is approximate: a side that could not
 * be proved is infinite (or unknown) and `reason` says why.
 *
 * The Kreiss matrix theorem, K(M) <= P(M) <= e n K(M) (Spijker's constant),
 * turns a certified Kreiss constant into a second enclosure of P:
 * kr_peak_kreiss_interval. */
#ifndef KREISS_PEAK_H
#define KREISS_PEAK_H

#include <arf.h>
#include <flint/fmpq.h>

#include "kreiss/bounds.h"

#ifdef __cplusplus
extern "C" {
#endif

#define KR_PEAK_DEFAULT_MAX_STEPS 100000

typedef struct
{
    /* P(M).  Always lo >= 1 (t = 0).  hi is finite only when P was proved
     * finite: ||M^T|| < 1 at some step T (then P = max over t < T), or
     * I - M^*M >= 0 exactly (then P = 1).  lo = hi = +inf when rho(M) > 1
     * was certified (Stein inertia, `lower`). */
    kr_encl_t peak;

    /* Where the supremum can be attained.  With B_t the certified upper
     * bound of ||M^t|| used here (ub[t] for t < nsteps; q^k ub[s] for
     * t = s + kT beyond, s one of the last T computed steps), t_lo and
     * t_hi are the least and the largest t with B_t >= peak.lo.  Every t
     * with ||M^t|| = P lies in [t_lo, t_hi].  t_hi = -1: no finite bound
     * (P finite not proved, or ||M^t|| <= 1 = P for all t with no step
     * ruled out, e.g. an orthogonal M).  t_lo = t_hi = -1 when P = inf. */
    slong t_lo, t_hi;

    /* ||M^T|| <= q < 1 was proved at this step (the first one found);
     * T = 0 and q = +inf when no such step was found. */
    slong T;
    arf_struct q;

    /* Settling time T(delta) (only when a delta was given: settle_asked).
     * T(delta) lies in [settle_lo, settle_hi]; it is decided exactly when
     * they are equal.  settle_hi = -1: no finite upper bound certified.
     * settle_inf = 1: T(delta) = +inf is certified (rho(M) > 1); then
     * settle_lo = settle_hi = -1. */
    int settle_asked;
    slong settle_lo, settle_hi;
    int settle_inf;

    /* Witness of peak.lo.  Normally KR_CLAIM_VEC_NORM: the vector vec
     * (length N, the real form of M; see witness.h) at the power t_lower,
     * with ||M^t_lower|| >= ||R^t_lower v|| / ||v|| >= peak.lo; `t` holds
     * peak.lo and `prec` the precision of the ball evaluation of X v (53:
     * binary64 with directed rounding), X the computed power (the bound
     * subtracts the proved error ||R^t - X||, so a checker may evaluate
     * R^t v by any rigorous means).  For peak.lo = +inf: KR_CLAIM_STEIN_GT
     * at t = 1 (rho(M) > 1) and t_lower = -1. */
    kr_witness_t lower;
    slong t_lower;

    /* I - M^*M is positive semidefinite, decided exactly in rational
     * arithmetic (tried only when no step T was found): P = 1. */
    int contraction;

    /* Certified bounds of every computed step: lb[t] <= ||M^t|| <= ub[t]
     * for 0 <= t < nsteps (lb[t] >= 0, ub[t] may be +inf).  For figures,
     * and the data a certificate of the upper bound replays. */
    slong nsteps;
    arf_struct *ub;
    arf_struct *lb;

    /* Effort: precision of the powers in the last pass (53 = binary64,
     * otherwise Arb bits), passes over the powers, steps tightened by a PD
     * claim. */
    slong power_prec;
    slong passes;
    slong tightened;

    char reason[KR_REASON_LEN];
} kr_peak_result_struct;

typedef kr_peak_result_struct kr_peak_result_t[1];

void kr_peak_result_init(kr_peak_result_t r);
void kr_peak_result_clear(kr_peak_result_t r);

/* Enclose P(M), aiming at hi <= lo (1 + opts->rel_tol), and, when delta is
 * not NULL, the settling time T(delta) (delta > 0, exact).  At most
 * max_steps + 1 powers M^0 .. M^max_steps are computed
 * (max_steps <= 0: KR_PEAK_DEFAULT_MAX_STEPS); opts->time_limit bounds the
 * time.  Returns KR_OK (even when a side is not certified: see r->reason),
 * KR_ERR_DOMAIN (empty M, delta <= 0) or KR_ERR_NOMEM. */
kr_status kr_peak(kr_peak_result_t r, const kr_qmat_t M, const fmpq_t delta,
                  slong max_steps, const kr_opts *opts, kr_error_t err);

/* out := [K.lo, e n K.hi] rounded outward: by the Kreiss matrix theorem an
 * enclosure of P(M) for an n×n (complex) M whose Kreiss constant K(M) lies
 * in K.  (K.lo is clamped at 1; an infinite K.hi gives +inf.) */
void kr_peak_kreiss_interval(kr_encl_t out, const kr_encl_t K, slong n, slong prec);

#ifdef __cplusplus
}
#endif

#endif
