/* Certified enclosure of the spectral norm ||M||_2.
 *
 * Lower bound: ||M|| >= ||R v|| / ||v|| for the top eigenvector v of
 * fl(R^T R) (R the real form), evaluated in ball arithmetic; the error is
 * second order in the error of v.
 * Upper bound: ||M||^2 < t from t I - R^T R > 0 (PD kernel), with t just
 * above the estimate: first the binary64 test with a margin above its noise
 * level, then, if that misses the width target, Arb at rising precision. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bounds/internal.h"
#include "bounds/lapack.h"
#include "fp/round.h"

void
kr_norm_result_init(kr_norm_result_t r)
{
    kr_encl_init(r->norm);
    kr_witness_init(r->lower);
    kr_witness_init(r->upper);
    r->exact = 0;
    r->reason[0] = '\0';
}

void
kr_norm_result_clear(kr_norm_result_t r)
{
    kr_encl_clear(r->norm);
    kr_witness_clear(r->lower);
    kr_witness_clear(r->upper);
}

static kr_status
norm_run(kr_norm_result_t r, const kr_qmat_t M, const kr_opts *opts,
         kr_error_t err)
{
    slong N = kr_realform_dim(M), wp = kr_work_prec(opts);
    kr_fmat_t F;
    kr_gram_ctx ctx;
    double lambda, *v = NULL;
    arb_mat_t R;
    arb_t ell;
    arf_t best;
    int have_upper = 0;
    kr_status st = KR_OK;

    kr_encl_set_unknown(r->norm);
    arf_zero(&r->norm->lo);
    r->reason[0] = '\0';
    if (M->n == 0 || kr_qmat_is_zero(M))
    {
        arf_zero(&r->norm->lo);
        arf_zero(&r->norm->hi);
        r->exact = 1;
        return KR_OK;
    }

    if (!kr_realform_f64(F, M))
    {
        snprintf(r->reason, KR_REASON_LEN,
                 "entries beyond the binary64 range: no estimate to start from");
        return KR_OK;
    }
    ctx.N = N;
    ctx.F = F;
    ctx.A = M;
    ctx.sign = +1;
    arf_init(&ctx.t);
    ctx.G = malloc(sizeof(double) * (size_t) (N * N));
    v = malloc(sizeof(double) * (size_t) N);
    arb_mat_init(R, N, N);
    arb_init(ell);
    arf_init(best);
    if (ctx.G == NULL || v == NULL)
    {
        st = kr_error_set(err, KR_ERR_NOMEM, NULL, 0, "out of memory (order %ld)", (long) N);
        goto done;
    }
    if (!kr_fmat_gram(ctx.G, &ctx.rowsum, F) || !kr_hint_sym_eigpair(&lambda, v, ctx.G, N, N))
    {
        snprintf(r->reason, KR_REASON_LEN, "the floating-point estimate failed (overflow?)");
        goto done;
    }

    /* Lower bound from the witness vector. */
    kr_realform_arb(R, M, wp);
    kr_witness_set_vec_d(r->lower, v, N);
    kr_arb_vec_norm_ratio(ell, R, r->lower->vec, wp);
    r->lower->kind = KR_CLAIM_VEC_NORM;
    r->lower->prec = wp;
    arb_get_lbound_arf(&r->norm->lo, ell, wp);
    if (arf_sgn(&r->norm->lo) < 0)
        arf_zero(&r->norm->lo);

    /* Upper bound, binary64: t = lambda + margin above the noise level. */
    if (lambda < 0)
        lambda = 0;
    have_upper = kr_gram_claim_f64_near(r->upper, &ctx, lambda, opts);
    if (have_upper)
        arf_set(best, &r->upper->t);

    /* Arb, when binary64 missed the target. */
    if (opts->use_arb && N <= opts->arb_max_dim)
    {
        int need = !have_upper;
        if (have_upper)
        {
            kr_encl_t e;
            kr_encl_init(e);
            arf_set(&e->lo, &r->norm->lo);
            arf_sqrt(&e->hi, best, wp, ARF_RND_CEIL);
            need = kr_encl_rel_width(e) > opts->rel_tol;
            kr_encl_clear(e);
        }
        if (need)
        {
            kr_witness_t w2;
            arb_t t;
            kr_witness_init(w2);
            arb_init(t);
            /* t = (ell_mid)^2 (1 + tol/2), rounded up to a short binary number */
            arb_mul(t, ell, ell, wp);
            {
                arb_t f;
                arb_init(f);
                arb_set_d(f, opts->rel_tol / 2);
                arb_add_ui(f, f, 1, wp);
                arb_mul(t, t, f, wp);
                arb_clear(f);
            }
            arb_get_ubound_arf(&ctx.t, t, wp);
            if (kr_gram_claim(w2, &ctx, 0, 1, opts)
                && (!have_upper || arf_cmp(&w2->t, best) < 0))
            {
                kr_witness_swap(r->upper, w2);
                arf_set(best, &r->upper->t);
                have_upper = 1;
            }
            kr_witness_clear(w2);
            arb_clear(t);
        }
    }

    if (have_upper)
    {
        arf_sqrt(&r->norm->hi, best, wp, ARF_RND_CEIL);
        if (kr_encl_rel_width(r->norm) > opts->rel_tol)
            kr_reason_set(r->reason, opts, "relative width above the target %.3g%s",
                          opts->rel_tol, kr_binary64_only(opts, N));
    }
    else
        kr_reason_set(r->reason, opts, "no PD certificate for t I - M^*M found%s",
                      kr_binary64_only(opts, N));

done:
    arf_clear(best);
    arb_clear(ell);
    arb_mat_clear(R);
    arf_clear(&ctx.t);
    free(ctx.G);
    free(v);
    kr_fmat_clear(F);
    return st;
}

kr_status
kr_norm(kr_norm_result_t r, const kr_qmat_t M, const kr_opts *opts,
        kr_error_t err)
{
    kr_opts o;
    kr_limits lim;
    kr_status st = norm_run(r, M, kr_limits_enter(&o, &lim, opts), err);
    kr_limits_leave(&lim);
    return st;
}
