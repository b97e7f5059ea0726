/* Certified enclosures of sigma_min(zI - M) and of the resolvent norm.
 *
 * Upper bound: sigma_min(A) <= ||A x|| / ||x|| for a vector x (the float
 * right singular vector, refined by inverse iteration in Arb when A is
 * ill-conditioned), evaluated in ball arithmetic.
 * Lower bound: sigma_min(A)^2 > t from A^T A - t I > 0 (PD kernel).  The
 * Gram matrix squares the condition number (MATH.md section 6): binary64
 * declines near cond^2 N u ~ 1 and Arb takes over at a precision chosen from
 * the estimated condition number, escalating up to opts->max_prec.
 * If no positive lower bound exists because A is exactly singular (checked
 * in exact rational arithmetic for moderate orders), sigma_min = 0 exactly. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <flint/fmpq_mat.h>
#include <flint/fmpz_mat.h>
#include <flint/fmpz_vec.h>

#include "bounds/internal.h"
#include "bounds/lapack.h"
#include "fp/round.h"


void
kr_smin_result_init(kr_smin_result_t r)
{
    kr_encl_init(r->sigma_min);
    kr_encl_init(r->resolvent_norm);
    kr_witness_init(r->lower);
    kr_witness_init(r->upper);
    r->reason[0] = '\0';
}

void
kr_smin_result_clear(kr_smin_result_t r)
{
    kr_encl_clear(r->sigma_min);
    kr_encl_clear(r->resolvent_norm);
    kr_witness_clear(r->lower);
    kr_witness_clear(r->upper);
}

int
kr_qmat_shift(kr_qmat_t A, const fmpq_t zre, const fmpq_t zim, const kr_qmat_t M)
{
    slong n = M->n, i, j;
    int cplx = kr_qmat_is_complex(M) || !fmpq_is_zero(zim);
    kr_qmat_t T;
    if (!kr_qmat_init(T, n, cplx))
        return 0;
    for (i = 0; i < n; i++)
        for (j = 0; j < n; j++)
        {
            fmpq_neg(kr_qmat_re(T, i, j), kr_qmat_re(M, i, j));
            if (cplx && M->im != NULL)
                fmpq_neg(kr_qmat_im(T, i, j), kr_qmat_im(M, i, j));
        }
    for (i = 0; i < n; i++)
    {
        fmpq_add(kr_qmat_re(T, i, i), kr_qmat_re(T, i, i), zre);
        if (cplx)
            fmpq_add(kr_qmat_im(T, i, i), kr_qmat_im(T, i, i), zim);
    }
    T->entries = M->entries;
    kr_qmat_swap(A, T);
    kr_qmat_clear(T);
    return 1;
}

/* x := (R^T R)^{-1} x, normalised, a few times, in floating-point Arb at
 * precision prec (a hint: the result is only used as a witness vector). */
static void
refine_vector(arf_struct *x, const arb_mat_t R, slong iters, slong prec)
{
    slong N = arb_mat_nrows(R), i, k;
    arb_mat_t Rt, b, y;
    arb_t nrm;
    arb_mat_init(Rt, N, N);
    arb_mat_init(b, N, 1);
    arb_mat_init(y, N, 1);
    arb_init(nrm);
    arb_mat_transpose(Rt, R);
    for (i = 0; i < N; i++)
        arb_set_arf(arb_mat_entry(b, i, 0), x + i);
    for (k = 0; k < iters; k++)
    {
        if (!arb_mat_approx_solve(y, Rt, b, prec) || !arb_mat_approx_solve(b, R, y, prec))
            break;
        arb_zero(nrm);
        for (i = 0; i < N; i++)
            arb_addmul(nrm, arb_mat_entry(b, i, 0), arb_mat_entry(b, i, 0), prec);
        arb_sqrt(nrm, nrm, prec);
        for (i = 0; i < N; i++)
            arb_div(arb_mat_entry(b, i, 0), arb_mat_entry(b, i, 0), nrm, prec);
    }
    for (i = 0; i < N; i++)
        arf_set_round(x + i, arb_midref(arb_mat_entry(b, i, 0)), prec, ARF_RND_NEAR);
    arb_clear(nrm);
    arb_mat_clear(Rt);
    arb_mat_clear(b);
    arb_mat_clear(y);
}

slong
kr_qmat_max_bits(const kr_qmat_t A)
{
    slong i, b = 0, nn = A->n * A->n;
    for (i = 0; i < nn; i++)
    {
        b = FLINT_MAX(b, (slong) fmpz_bits(fmpq_numref(A->re + i)));
        b = FLINT_MAX(b, (slong) fmpz_bits(fmpq_denref(A->re + i)));
        if (A->im != NULL)
        {
            b = FLINT_MAX(b, (slong) fmpz_bits(fmpq_numref(A->im + i)));
            b = FLINT_MAX(b, (slong) fmpz_bits(fmpq_denref(A->im + i)));
        }
    }
    return b;
}

int
kr_qmat_exactly_singular(const kr_qmat_t A)
{
    slong N = kr_realform_dim(A), n = A->n, i, j, rank;
    int cplx = kr_qmat_is_complex(A);
    fmpq_mat_t X;
    if ((double) N * (double) N * (double) kr_qmat_max_bits(A) > KR_EXACT_RANK_WORK)
        return -1;
    fmpq_mat_init(X, N, N);
    for (i = 0; i < n; i++)
        for (j = 0; j < n; j++)
        {
            fmpq_set(fmpq_mat_entry(X, i, j), kr_qmat_re(A, i, j));
            if (cplx)
            {
                fmpq_set(fmpq_mat_entry(X, i + n, j + n), kr_qmat_re(A, i, j));
                fmpq_set(fmpq_mat_entry(X, i + n, j), kr_qmat_im(A, i, j));
                fmpq_neg(fmpq_mat_entry(X, i, j + n), kr_qmat_im(A, i, j));
            }
        }
    {
        /* scaling rows by their common denominators keeps the rank */
        fmpz_mat_t Z;
        fmpz *den = _fmpz_vec_init(N);
        fmpz_mat_init(Z, N, N);
        fmpq_mat_get_fmpz_mat_rowwise(Z, den, X);
        rank = fmpz_mat_rank(Z);
        fmpz_mat_clear(Z);
        _fmpz_vec_clear(den, N);
    }
    fmpq_mat_clear(X);
    return rank < N;
}

static kr_status
smin_run(kr_smin_result_t r, const kr_qmat_t A, const kr_opts *opts,
         kr_error_t err)
{
    slong N = kr_realform_dim(A), prec;
    kr_fmat_t F;
    kr_gram_ctx ctx;
    double sigma = 0, smax = 0, *v = NULL;
    arb_mat_t R;
    arb_t ub;
    int have_lower = 0, singular = 0;
    kr_status st = KR_OK;

    kr_encl_set_unknown(r->sigma_min);
    arf_zero(&r->sigma_min->lo);
    kr_encl_set_unknown(r->resolvent_norm);
    arf_zero(&r->resolvent_norm->lo);
    r->reason[0] = '\0';
    if (A->n == 0)
        return kr_error_set(err, KR_ERR_DOMAIN, NULL, 0, "empty matrix");

    if (!kr_realform_f64(F, A))
    {
        snprintf(r->reason, KR_REASON_LEN,
                 "entries beyond the binary64 range: no estimate to start from");
        return KR_OK;
    }
    ctx.N = N;
    ctx.F = F;
    ctx.A = A;
    ctx.sign = -1;
    arf_init(&ctx.t);
    ctx.G = malloc(sizeof(double) * (size_t) (N * N));
    v = malloc(sizeof(double) * (size_t) N);
    arb_init(ub);
    arb_mat_init(R, N, N);
    if (ctx.G == NULL || v == NULL)
    {
        st = kr_error_set(err, KR_ERR_NOMEM, NULL, 0, "out of memory (order %ld)", (long) N);
        goto done;
    }
    if (!kr_fmat_gram(ctx.G, &ctx.rowsum, F) || !kr_hint_smallest_singular(&sigma, &smax, v, F->mid, N))
    {
        snprintf(r->reason, KR_REASON_LEN, "the floating-point estimate failed (overflow?)");
        goto done;
    }

    /* Precision for the Arb side: enough to resolve cond^2 N / tol. */
    {
        double cond = sigma > 0 ? smax / sigma : 1e300;
        double bits = 2 * log2(cond > 1 ? cond : 1) + log2((double) N / opts->rel_tol) + 32;
        prec = kr_work_prec(opts);
        while (prec < bits && prec < opts->max_prec)
            prec *= 2;
        if (prec > opts->max_prec)
            prec = opts->max_prec;
    }

    /* Upper bound: witness vector, refined when ill-conditioned. */
    kr_witness_set_vec_d(r->upper, v, N);
    kr_realform_arb(R, A, prec);
    if (sigma < 1e-6 * smax && N <= opts->arb_max_dim && opts->use_arb)
        refine_vector(r->upper->vec, R, 3, prec);
    kr_arb_vec_norm_ratio(ub, R, r->upper->vec, prec);
    r->upper->kind = KR_CLAIM_VEC_NORM;
    r->upper->prec = prec;
    arb_get_ubound_arf(&r->sigma_min->hi, ub, prec);

    /* Lower bound, binary64. */
    have_lower = kr_gram_claim_f64_near(r->lower, &ctx, sigma * sigma, opts);

    /* Arb, if binary64 failed or missed the width target. */
    if (opts->use_arb && N <= opts->arb_max_dim)
    {
        int need = 1;
        if (have_lower)
        {
            kr_encl_t e;
            kr_encl_init(e);
            arf_sqrt(&e->lo, &r->lower->t, prec, ARF_RND_FLOOR);
            arf_set(&e->hi, &r->sigma_min->hi);
            need = kr_encl_rel_width(e) > opts->rel_tol;
            kr_encl_clear(e);
        }
        if (need)
        {
            kr_witness_t w2;
            kr_opts o = *opts;
            arb_t t, f;
            kr_witness_init(w2);
            arb_init(t);
            arb_init(f);
            o.prec = prec;
            /* t = ub_mid^2 (1 - tol/2), rounded down */
            arb_set_arf(t, arb_midref(ub));
            arb_mul(t, t, t, prec);
            arb_set_d(f, opts->rel_tol / 2);
            arb_sub_ui(f, f, 1, prec);
            arb_neg(f, f);
            arb_mul(t, t, f, prec);
            arb_get_lbound_arf(&ctx.t, t, prec);
            if (arf_sgn(&ctx.t) > 0 && kr_gram_claim(w2, &ctx, 0, 1, &o)
                && (!have_lower || arf_cmp(&w2->t, &r->lower->t) > 0))
            {
                kr_witness_swap(r->lower, w2);
                have_lower = 1;
            }
            kr_witness_clear(w2);
            arb_clear(t);
            arb_clear(f);
        }
    }

    if (have_lower)
    {
        arf_sqrt(&r->sigma_min->lo, &r->lower->t, prec, ARF_RND_FLOOR);
        kr_encl_inv(r->resolvent_norm, r->sigma_min, prec);
        if (kr_encl_rel_width(r->sigma_min) > opts->rel_tol)
            kr_reason_set(r->reason, opts, "relative width above the target %.3g%s",
                          opts->rel_tol, kr_binary64_only(opts, N));
    }
    else if (A->n <= KR_EXACT_RANK_MAX_DIM && !kr_opts_out_of_time(opts)
             && (singular = kr_qmat_exactly_singular(A)) == 1)
    {
        /* sigma_min = 0 exactly; the resolvent norm is infinite. */
        arf_zero(&r->sigma_min->lo);
        arf_zero(&r->sigma_min->hi);
        arf_pos_inf(&r->resolvent_norm->lo);
        arf_pos_inf(&r->resolvent_norm->hi);
        snprintf(r->reason, KR_REASON_LEN, "zI - M is exactly singular (exact rank)");
    }
    else
    {
        arf_zero(&r->sigma_min->lo);
        kr_encl_inv(r->resolvent_norm, r->sigma_min, prec);
        kr_reason_set(r->reason, opts, "no positive lower bound on sigma_min certified%s%s",
                      kr_binary64_only(opts, N),
                      singular < 0 ? " (the entries are too large for the exact rank test)"
                                   : "");
    }

done:
    arb_mat_clear(R);
    arb_clear(ub);
    arf_clear(&ctx.t);
    free(ctx.G);
    free(v);
    kr_fmat_clear(F);
    return st;
}

kr_status
kr_smin_matrix(kr_smin_result_t r, const kr_qmat_t A, const kr_opts *opts,
               kr_error_t err)
{
    kr_opts o;
    kr_limits lim;
    kr_status st = smin_run(r, A, kr_limits_enter(&o, &lim, opts), err);
    kr_limits_leave(&lim);
    return st;
}

kr_status
kr_smin(kr_smin_result_t r, const kr_qmat_t M, const fmpq_t zre,
        const fmpq_t zim, const kr_opts *opts, kr_error_t err)
{
    kr_qmat_t A;
    kr_status st;
    if (!kr_qmat_init(A, 0, 0) || !kr_qmat_shift(A, zre, zim, M))
        return kr_error_set(err, KR_ERR_NOMEM, NULL, 0, "out of memory");
    st = kr_smin_matrix(r, A, opts, err);
    kr_qmat_clear(A);
    return st;
}
