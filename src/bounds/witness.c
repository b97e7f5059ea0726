/* Witness records. */
#include <stdlib.h>

#include <flint/fmpq_vec.h>

#include "kreiss/witness.h"

const char *
kr_claim_name(kr_claim_kind k)
{
    switch (k)
    {
        case KR_CLAIM_GRAM_LE: return "gram_le";
        case KR_CLAIM_GRAM_GE: return "gram_ge";
        case KR_CLAIM_VEC_NORM: return "vec_norm";
        case KR_CLAIM_SYM_LE: return "sym_le";
        case KR_CLAIM_SYM_GE: return "sym_ge";
        case KR_CLAIM_RAYLEIGH: return "rayleigh";
        case KR_CLAIM_STEIN_LT: return "stein_lt";
        case KR_CLAIM_STEIN_GT: return "stein_gt";
        case KR_CLAIM_KYP: return "kyp";
        case KR_CLAIM_POINT: return "point";
        case KR_CLAIM_ARCS: return "arcs";
        case KR_CLAIM_NORM_CIRCLE: return "norm_circle";
        case KR_CLAIM_NONE: break;
    }
    return "none";
}

static void
pd_result_reset(kr_pd_result *r)
{
    r->verdict = KR_PD_UNKNOWN;
    r->method = KR_PD_METHOD_NONE;
    r->prec = 0;
    r->shift = 0.0;
}

void
kr_witness_init(kr_witness_t w)
{
    w->kind = KR_CLAIM_NONE;
    arf_init(&w->t);
    fmpq_init(w->q + 0);
    fmpq_init(w->q + 1);
    w->len = 0;
    w->vec = NULL;
    w->dim = 0;
    w->mat = NULL;
    w->amat = NULL;
    pd_result_reset(&w->pd);
    pd_result_reset(&w->pd2);
    w->prec = 0;
    w->narc = 0;
    w->arc_z = NULL;
    w->arc_t = NULL;
    w->arc_pd = NULL;
}

static void
vec_free(arf_struct *v, slong len)
{
    slong i;
    if (v == NULL)
        return;
    for (i = 0; i < len; i++)
        arf_clear(v + i);
    flint_free(v);
}

void
kr_witness_clear(kr_witness_t w)
{
    vec_free(w->vec, w->len);
    free(w->mat);
    if (w->amat != NULL)
    {
        slong k;
        for (k = 0; k < w->dim * w->dim; k++)
            arf_clear(w->amat + k);
        flint_free(w->amat);
        w->amat = NULL;
    }
    if (w->arc_z != NULL)
        _fmpq_vec_clear(w->arc_z, 2 * w->narc);
    if (w->arc_t != NULL)
    {
        slong k;
        for (k = 0; k < w->narc; k++)
            arf_clear(w->arc_t + k);
        flint_free(w->arc_t);
    }
    free(w->arc_pd);
    w->arc_z = NULL;
    w->arc_t = NULL;
    w->arc_pd = NULL;
    w->narc = 0;
    arf_clear(&w->t);
    fmpq_clear(w->q + 0);
    fmpq_clear(w->q + 1);
    w->vec = NULL;
    w->mat = NULL;
    w->len = w->dim = 0;
}

void
kr_witness_set_vec_d(kr_witness_t w, const double *vec, slong len)
{
    slong i;
    vec_free(w->vec, w->len);
    w->vec = flint_malloc(sizeof(arf_struct) * (size_t) (len > 0 ? len : 1));
    for (i = 0; i < len; i++)
    {
        arf_init(w->vec + i);
        arf_set_d(w->vec + i, vec[i]);
    }
    w->len = len;
}

void
kr_witness_set_vec_arf(kr_witness_t w, const arf_struct *vec, slong len)
{
    slong i;
    arf_struct *v = flint_malloc(sizeof(arf_struct) * (size_t) (len > 0 ? len : 1));
    for (i = 0; i < len; i++)
    {
        arf_init(v + i);
        arf_set(v + i, vec + i);
    }
    vec_free(w->vec, w->len);
    w->vec = v;
    w->len = len;
}

void
kr_witness_set_mat(kr_witness_t w, double *mat, slong dim)
{
    free(w->mat);
    w->mat = mat;
    w->dim = dim;
}

void
kr_witness_swap(kr_witness_t a, kr_witness_t b)
{
    kr_witness_struct t = *a;
    *a = *b;
    *b = t;
}
