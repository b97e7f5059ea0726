/* The decisions behind the paper's hypotheses: exact integer arithmetic on
 * canonical ids and small dyadic numbers (include/kreiss/hyp.h).  The ACSL
 * contracts state the real-number facts; proofs/ runs WP on this file. */
#include "kreiss/hyp.h"

int
kr_hyp_symmetric(const long *canon, int n)
{
    int i, j;
    for (i = 0; i < n; i++)
        for (j = 0; j < i; j++)
            if (canon[i * n + j] != canon[j * n + i])
                return 0;
    return 1;
}

/* a < b for dyadics (exact). */
static int
dyadic_lt(long ma, long ea, long mb, long eb)
{
    /* compare ma 2^ea with mb 2^eb, 0 <= m < 2^63 */
    if (ma == 0 || mb == 0)
        return ma < mb;
    while (ea > eb && ma < (1L << 62))
    {
        ma *= 2;
        ea--;
    }
    while (eb > ea && mb < (1L << 62))
    {
        mb *= 2;
        eb--;
    }
    if (ea > eb)
        return 0; /* ma >= 2^62 > mb 2^(eb - ea) */
    if (eb > ea)
        return 1;
    return ma < mb;
}

int
kr_hyp_gamma(kr_dyadic *gamma, const kr_dyadic *a, const kr_dyadic *b)
{
    *gamma = dyadic_lt(a->m, a->e, b->m, b->e) ? *b : *a;
    return dyadic_lt(gamma->m, gamma->e, 1, 0);
}

int
kr_hyp_prod3_lt(const kr_dyadic *x, const kr_dyadic *y, const kr_dyadic *z,
                const kr_dyadic *w)
{
    long m = x->m * y->m * z->m; /* < 2^63 */
    return dyadic_lt(m, x->e + y->e + z->e, w->m, w->e);
}
