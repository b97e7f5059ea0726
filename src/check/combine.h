/* kreiss-check: the combination rules of certs/FORMAT.md §3 ("Combining
 * circles", the `segment` record) and §4 (the `kreiss` claim's cover rule).
 *
 * Pure C99 on doubles: no library calls, no allocation, no global state.
 * The caller has already rounded every input in the safe direction (the
 * contracts say which); each function only compares doubles.  A NaN that
 * the decision depends on makes it fail (IEEE comparisons with NaN are
 * false); +inf is accepted where an upper bound may be infinite.
 *
 * The ACSL contracts below are proved by Frama-C/WP (proofs/run.sh, `make
 * proofs`, results in proofs/results.txt); their logic is in
 * proofs/combine.acsl, which also states the only axioms, each with its
 * justification: the shape of g on r >= 1 (3 axioms, calculus) and the two
 * bounds on (r - 1) M(r) of FORMAT.md §3 (maximum principle, Hadamard's
 * three circles), the latter used only by the `claim` clause. */
#ifndef KREISS_CHECK_COMBINE_H
#define KREISS_CHECK_COMBINE_H

#ifdef __FRAMAC__
#include "combine.acsl"
#endif

/* FORMAT.md §4 cover rule.  The segments [a[k], b[k]], k < n, in the order
 * listed, and the tail [tail_r, +inf).  Returns 1 iff
 *     n == 0 and tail_r <= 1, or
 *     a[0] <= 1, a[k] < b[k] for every k, a[k+1] <= b[k] for every k < n-1,
 *     and tail_r <= b[n-1];
 * 0 otherwise (in particular when a NaN is compared).  A return of 1
 * guarantees that every x >= 1 lies on a segment or on the tail (the
 * endpoints read as extended reals; a[k] = -inf, b[k] = +inf and
 * tail_r = -inf are allowed).  The converse does not hold: segments that
 * cover [1, +inf) only in another order are rejected, as the format says. */
/*@ requires valid_n: 0 <= n;
    requires valid: \valid_read(a + (0 .. n - 1)) && \valid_read(b + (0 .. n - 1));
    assigns \nothing;
    ensures bool: \result == 0 || \result == 1;
    ensures cover: \result == 1 ==> ck_covers_from_one(a, b, n, tail_r);

    behavior accepted:
      assumes ck_cover_rule(a, b, n, tail_r);
      ensures result: \result == 1;
      ensures cover: ck_covers_from_one(a, b, n, tail_r);

    behavior rejected:
      assumes !ck_cover_rule(a, b, n, tail_r);
      ensures result: \result == 0;

    complete behaviors;
    disjoint behaviors;
*/
int ck_cover(const double *a, const double *b, int n, double tail_r);

/* 1 iff v[k] <= hi for every k < n (IEEE comparison: a NaN v[k] or, when
 * n > 0, a NaN hi gives 0); 1 when n == 0. */
/*@ requires valid_n: 0 <= n;
    requires valid: \valid_read(v + (0 .. n - 1));
    assigns \nothing;
    ensures bool: \result == 0 || \result == 1;
    ensures result: \result == 1 <==> ck_all_le_rule(v, n, hi);
    ensures no_nan: \result == 1 ==>
        \forall integer k; 0 <= k < n ==> !\is_NaN(v[k]) && !\is_NaN(hi);
    ensures real: \result == 1 ==>
        \forall integer k; 0 <= k < n ==>
            \is_finite(v[k]) && \is_finite(hi) ==> v[k] <= hi;

    behavior all_le:
      assumes ck_all_le_rule(v, n, hi);
      ensures result: \result == 1;

    behavior some_not_le:
      assumes !ck_all_le_rule(v, n, hi);
      ensures result: \result == 0;

    complete behaviors;
    disjoint behaviors;
*/
int ck_all_le(const double *v, int n, double hi);

/* FORMAT.md §3 segment rule.  For a segment with exact radii
 * 1 <= r_a <= r_b, U_a >= 0 and alpha = log(U_a/U_b)/log(r_b/r_a), the
 * caller passes
 *     ra <= r_a, rb >= r_b,
 *     ga_hi >= g(r_a) = (r_a - 1) U_a,  gb_hi >= g(r_b) = (r_b - 1) U_b,
 *     crude_hi >= (r_b - 1) U_a,  alpha_hi >= alpha,
 *     and, when alpha > 1, rs_lo <= r* <= rs_hi, r* = alpha/(alpha - 1),
 *     and gs_hi >= g(r*),
 * where g(r) = (r - 1) U_a (r/r_a)^(-alpha); any of them may be NaN (no
 * information) and the upper bounds +inf.  bound is the record's bound
 * rounded down (what is proved for it holds for the exact bound).
 * Returns 1 iff
 *     bound >= crude_hi, or
 *     bound >= ga_hi, bound >= gb_hi, and (alpha_hi <= 1, or rs_hi < ra,
 *     or rs_lo > rb, or bound >= gs_hi).
 * A return of 1 guarantees (`sound`) bound >= min(g(r), (r_b - 1) U_a) for
 * every r in [r_a, r_b], for every exact data consistent with the inputs,
 * hence (`claim`) sup (r - 1) M(r) <= bound on [r_a, r_b] for every matrix
 * with rho(M) < r_a, M(r_a) <= U_a, M(r_b) <= U_b (FORMAT.md §3). */
/*@ assigns \nothing;
    ensures bool: \result == 0 || \result == 1;
    ensures sound: \result == 1 ==>
        \forall real RA, RB, UA, alpha;
            ck_seg_data(RA, RB, UA)
            && ck_seg_inputs(ra, rb, ga_hi, gb_hi, crude_hi, alpha_hi,
                             rs_lo, rs_hi, gs_hi, RA, RB, UA, alpha) ==>
            ck_seg_sup_ok(bound, RA, RB, UA, alpha);
    ensures claim: \result == 1 ==>
        \forall ck_matrix m; \forall real RA, RB, UA, UB;
            ck_seg_circles(m, RA, RB, UA, UB)
            && ck_seg_inputs(ra, rb, ga_hi, gb_hi, crude_hi, alpha_hi,
                             rs_lo, rs_hi, gs_hi, RA, RB, UA,
                             ck_seg_alpha(UA, UB, RA, RB)) ==>
            ck_seg_claim_ok(bound, m, RA, RB);

    behavior accepted:
      assumes ck_seg_rule(bound, ga_hi, gb_hi, crude_hi, alpha_hi,
                          rs_lo, rs_hi, gs_hi, ra, rb);
      ensures result: \result == 1;

    behavior rejected:
      assumes !ck_seg_rule(bound, ga_hi, gb_hi, crude_hi, alpha_hi,
                           rs_lo, rs_hi, gs_hi, ra, rb);
      ensures result: \result == 0;

    complete behaviors;
    disjoint behaviors;
*/
int ck_segment_ok(double bound, double ga_hi, double gb_hi, double crude_hi,
                  double alpha_hi, double rs_lo, double rs_hi, double gs_hi,
                  double ra, double rb);

#endif
