/* Hypothesis checks (include/kreiss/hyp.h).  The decisions kr_hyp_symmetric,
 * kr_hyp_gamma and kr_hyp_prod3_lt are pure integer C with ACSL contracts
 * (src/hyp/decide.c, proved by WP: proofs/); this file prepares their
 * inputs from exact and certified data. */
#include <stdlib.h>

#include <flint/fmpz.h>

#include "kreiss/hyp.h"

int
kr_dyadic_set_arf(kr_dyadic *d, const arf_t x, int up)
{
    arf_t r;
    fmpz_t m, e;
    int ok = 0;
    if (!arf_is_finite(x) || arf_sgn(x) < 0)
        return 0;
    if (arf_is_zero(x))
    {
        d->m = 0;
        d->e = 0;
        return 1;
    }
    arf_init(r);
    fmpz_init(m);
    fmpz_init(e);
    /* round to KR_DYADIC_BITS - 1 bits, so that m < 2^KR_DYADIC_BITS */
    arf_set_round(r, x, KR_DYADIC_BITS - 1, up ? ARF_RND_UP : ARF_RND_DOWN);
    arf_get_fmpz_2exp(m, e, r);
    if (fmpz_sgn(m) >= 0 && fmpz_bits(m) <= KR_DYADIC_BITS - 1 && fmpz_fits_si(e)
        && labs(fmpz_get_si(e)) <= KR_DYADIC_EMAX)
    {
        d->m = fmpz_get_si(m);
        d->e = fmpz_get_si(e);
        ok = 1;
    }
    arf_clear(r);
    fmpz_clear(m);
    fmpz_clear(e);
    return ok;
}

/* Interning: sort (value, index) pairs on the exact values. */
typedef struct
{
    const fmpq *v;
    long i;
} entry;

static int
cmp_entry(const void *a, const void *b)
{
    return fmpq_cmp(((const entry *) a)->v, ((const entry *) b)->v);
}

int
kr_hyp_canon(long *ids, const kr_qmat_t M)
{
    slong nn = M->n * M->n, i;
    long id = 0;
    entry *e;
    if (M->im != NULL)
        return 0;
    e = malloc(sizeof(entry) * (size_t) (nn > 0 ? nn : 1));
    if (e == NULL)
        return 0;
    for (i = 0; i < nn; i++)
    {
        e[i].v = M->re + i;
        e[i].i = (long) i;
    }
    qsort(e, (size_t) nn, sizeof(entry), cmp_entry);
    for (i = 0; i < nn; i++)
    {
        if (i > 0 && !fmpq_equal(e[i].v, e[i - 1].v))
            id++;
        ids[e[i].i] = id;
    }
    free(e);
    return 1;
}

int
kr_hyp_is_symmetric(const kr_qmat_t M)
{
    long *ids;
    int ok;
    if (M->im != NULL || M->n > 32767)
        return 0;
    ids = malloc(sizeof(long) * (size_t) (M->n * M->n > 0 ? M->n * M->n : 1));
    if (ids == NULL)
        return 0;
    ok = kr_hyp_canon(ids, M) && kr_hyp_symmetric(ids, (int) M->n);
    free(ids);
    return ok;
}
