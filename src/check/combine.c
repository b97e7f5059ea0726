/* kreiss-check: combination rules (certs/FORMAT.md §3, §4).  Contracts in
 * combine.h, proved with Frama-C/WP (proofs/); loop invariants here.
 *
 * Every test is written as !(x <= y) / !(x < y) before a `return 0`, or
 * as a positive comparison before a `return 1`, so that a NaN operand
 * always takes the failing branch.  The `assert` annotations are proof
 * steps for WP (which rule held or failed); they generate no code. */
#include "combine.h"

int
ck_cover(const double *a, const double *b, int n, double tail_r)
{
    int k;

    if (n == 0)
    {
        if (!(tail_r <= 1.0))
        {
            /*@ assert reject: !ck_cover_rule(a, b, n, tail_r); */
            return 0;
        }
        /*@ assert cover: ck_covers_from_one(a, b, n, tail_r); */
        return 1;
    }
    if (!(a[0] <= 1.0) || !(a[0] < b[0]))
    {
        /*@ assert reject: !ck_cover_rule(a, b, n, tail_r); */
        return 0;
    }
    /* Every x >= 1 up to b[k-1] lies on one of the first k segments: the
     * next segment starts at or below b[k-1] (ck_le_split). */
    /*@ loop invariant range: 1 <= k <= n;
        loop invariant lt: \forall integer j; 0 <= j < k ==> \lt_double(a[j], b[j]);
        loop invariant chain:
            \forall integer j; 0 <= j < k - 1 ==> \le_double(a[j + 1], b[j]);
        loop invariant reach:
            \forall real x; 1 <= x && ck_rle(x, b[k - 1]) ==>
                ck_in_some_segment(a, b, k, x);
        loop assigns k;
        loop variant n - k;
    */
    for (k = 1; k < n; k++)
    {
        if (!(a[k] <= b[k - 1]) || !(a[k] < b[k]))
        {
            /*@ assert reject: !ck_cover_rule(a, b, n, tail_r); */
            return 0;
        }
    }
    /* The tail starts at or below the end of the last segment. */
    if (!(tail_r <= b[n - 1]))
    {
        /*@ assert reject: !ck_cover_rule(a, b, n, tail_r); */
        return 0;
    }
    /*@ assert rule: ck_cover_rule(a, b, n, tail_r); */
    /*@ assert cover: ck_covers_from_one(a, b, n, tail_r); */
    return 1;
}

int
ck_all_le(const double *v, int n, double hi)
{
    int k;

    /*@ loop invariant range: 0 <= k <= n;
        loop invariant le: \forall integer j; 0 <= j < k ==> \le_double(v[j], hi);
        loop assigns k;
        loop variant n - k;
    */
    for (k = 0; k < n; k++)
    {
        if (!(v[k] <= hi))
            return 0;
    }
    return 1;
}

int
ck_segment_ok(double bound, double ga_hi, double gb_hi, double crude_hi,
              double alpha_hi, double rs_lo, double rs_hi, double gs_hi,
              double ra, double rb)
{
    /* (r - 1) M(r) <= (r_b - 1) U_a on the whole segment. */
    if (bound >= crude_hi)
    {
        /*@ assert rule: ck_seg_rule(bound, ga_hi, gb_hi, crude_hi, alpha_hi,
                                     rs_lo, rs_hi, gs_hi, ra, rb); */
        return 1;
    }
    /* Otherwise bound >= max g on [r_a, r_b]: g(r_a) and g(r_b) ... */
    if (!(bound >= ga_hi) || !(bound >= gb_hi))
        return 0;
    /* ... and either the maximum is at an end (g non-decreasing when
     * alpha <= 1 or r* > r_b, non-increasing when r* < r_a), or bound is
     * at least the global maximum g(r*). */
    if (alpha_hi <= 1.0 || rs_hi < ra || rs_lo > rb || bound >= gs_hi)
    {
        /*@ assert rule: ck_seg_rule(bound, ga_hi, gb_hi, crude_hi, alpha_hi,
                                     rs_lo, rs_hi, gs_hi, ra, rb); */
        return 1;
    }
    return 0;
}
