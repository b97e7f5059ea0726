/* Ball-arithmetic positive-definiteness test (fallback of the PD kernel).
 *
 * Cholesky-Banachiewicz in Arb, with arb_dot for the inner sums.  Every
 * ball contains the corresponding exact quantity for every symmetric
 * matrix in the input enclosure, so:
 *  - all pivots certainly positive  => every such matrix is PD (KR_PD_YES);
 *  - a pivot certainly negative after certainly positive earlier pivots
 *    => the exact pivot, det(H_j)/det(H_{j-1}), is negative for every such
 *    matrix, which is then not PD (KR_PD_NO);
 *  - otherwise KR_PD_UNKNOWN (more precision may help). */
#include "kreiss/pd.h"

kr_pd_verdict
kr_pd_arb(kr_pd_result *res, const arb_mat_t H, slong prec)
{
    return kr_pd_arb_until(res, H, prec, 0);
}

kr_pd_verdict
kr_pd_arb_until(kr_pd_result *res, const arb_mat_t H, slong prec,
                double deadline)
{
    slong n = arb_mat_nrows(H), i, j;
    arb_mat_t L;
    kr_pd_verdict verdict = KR_PD_YES;

    if (res != NULL)
    {
        res->verdict = KR_PD_UNKNOWN;
        res->method = KR_PD_METHOD_NONE;
        res->prec = prec;
        res->shift = 0.0;
    }
    if (arb_mat_ncols(H) != n)
        return KR_PD_UNKNOWN;

    arb_mat_init(L, n, n);
    for (i = 0; i < n && verdict == KR_PD_YES; i++)
    {
        arb_ptr Li = arb_mat_entry(L, i, 0);
        /* a row costs i^2 ball operations: the clock is cheap beside it */
        if (deadline > 0 && i % 8 == 0 && kr_opts_clock() > deadline)
        {
            verdict = KR_PD_UNKNOWN;
            break;
        }
        for (j = 0; j < i; j++)
        {
            arb_dot(Li + j, arb_mat_entry(H, i, j), 1, Li, 1,
                    arb_mat_entry(L, j, 0), 1, j, prec);
            arb_div(Li + j, Li + j, arb_mat_entry(L, j, j), prec);
        }
        arb_dot(Li + i, arb_mat_entry(H, i, i), 1, Li, 1, Li, 1, i, prec);
        if (arb_is_positive(Li + i))
            arb_sqrt(Li + i, Li + i, prec);
        else if (arb_is_negative(Li + i))
            verdict = KR_PD_NO;
        else
            verdict = KR_PD_UNKNOWN;
    }
    arb_mat_clear(L);

    if (res != NULL)
    {
        res->verdict = verdict;
        res->method = verdict == KR_PD_UNKNOWN ? KR_PD_METHOD_NONE : KR_PD_METHOD_ARB;
    }
    return verdict;
}
