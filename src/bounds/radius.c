/* Certified spectral radius: enclosure and the verdict rho < 1 / rho > 1.
 *
 * Hermitian M (checked exactly): rho(M) = ||M|| = max(lambda_max, -lambda_min).
 *   lower: |v^T R v| / v^T v for float extreme eigenvectors (ball arithmetic);
 *   upper: t I - R > 0 and t I + R > 0 (PD kernel, no squaring).
 * General M: Stein certificates (stein.c) at scales t around the float
 *   estimate of rho: rho < t (STEIN_LT) and rho > t (STEIN_GT); the verdict
 *   comes from t = 1.  What cannot be proved stays open: lo = 0, hi from
 *   ||M|| (rho <= ||M||) when no Stein upper bound was found. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bounds/internal.h"
#include "bounds/lapack.h"
#include "fp/round.h"

void
kr_radius_result_init(kr_radius_result_t r)
{
    kr_encl_init(r->rho);
    r->verdict = KR_RHO_UNDECIDED;
    r->hermitian = 0;
    kr_witness_init(r->lower);
    kr_witness_init(r->upper);
    kr_witness_init(r->upper2);
    kr_witness_init(r->verdict_w);
    r->reason[0] = '\0';
}

void
kr_radius_result_clear(kr_radius_result_t r)
{
    kr_encl_clear(r->rho);
    kr_witness_clear(r->lower);
    kr_witness_clear(r->upper);
    kr_witness_clear(r->upper2);
    kr_witness_clear(r->verdict_w);
}

const char *
kr_rho_verdict_name(kr_rho_verdict v)
{
    switch (v)
    {
        case KR_RHO_LT1: return "rho<1";
        case KR_RHO_GT1: return "rho>1";
        case KR_RHO_UNDECIDED: break;
    }
    return "undecided";
}

/* ------------------------------------------------------------ Hermitian */

typedef struct
{
    const kr_fmat_struct *F;
    const kr_qmat_struct *M;
    slong N;
    double radrow; /* max row sum of the radius of F */
    arf_struct t;
    int sign;      /* +1: t I - R ; -1: t I + R */
} sym_ctx;

static int
sym_f64(double *mid, double *rad, void *vctx)
{
    sym_ctx *c = vctx;
    slong N = c->N, i, j;
    double t, r = 0.0;
    if (!kr_arf_get_d_exact(&t, &c->t))
        return 0;
    for (j = 0; j < N; j++)
        for (i = j; i < N; i++)
        {
            double x = c->F->mid[i + j * N];
            if (i == j)
            {
                double h = c->sign > 0 ? t - x : t + x;
                double e = kr_mul_up(fabs(h), KR_U);
                if (e > r)
                    r = e;
                mid[i + j * N] = h;
            }
            else
                mid[i + j * N] = c->sign > 0 ? -x : x;
        }
    *rad = kr_add_up(c->radrow, r);
    return isfinite(*rad);
}

static int
sym_arb(arb_mat_t H, slong prec, void *vctx)
{
    sym_ctx *c = vctx;
    slong i;
    kr_realform_arb(H, c->M, prec);
    if (c->sign > 0)
        arb_mat_neg(H, H);
    for (i = 0; i < c->N; i++)
        arb_add_arf(arb_mat_entry(H, i, i), arb_mat_entry(H, i, i), &c->t, prec);
    return 1;
}

/* Prove t I - R > 0 and t I + R > 0; fills w_le, w_ge. */
static int
sym_pair(kr_witness_t w_le, kr_witness_t w_ge, sym_ctx *c, const arf_t t,
         int use_f64, int use_arb, const kr_opts *opts)
{
    kr_sym_source src;
    kr_pd_result r1, r2;
    kr_opts o = *opts;
    o.use_f64 = use_f64 && opts->use_f64;
    o.use_arb = use_arb && opts->use_arb;
    src.n = c->N;
    src.f64 = sym_f64;
    src.arb = sym_arb;
    src.ctx = c;
    arf_set(&c->t, t);
    c->sign = +1;
    if (kr_pd_certify(&r1, &src, &o) != KR_PD_YES)
        return 0;
    c->sign = -1;
    if (kr_pd_certify(&r2, &src, &o) != KR_PD_YES)
        return 0;
    w_le->kind = KR_CLAIM_SYM_LE;
    arf_set(&w_le->t, t);
    w_le->pd = r1;
    w_ge->kind = KR_CLAIM_SYM_GE;
    arf_set(&w_ge->t, t);
    w_ge->pd = r2;
    return 1;
}

static kr_status
radius_hermitian(kr_radius_result_t r, const kr_qmat_t M, const kr_fmat_t F,
                 const kr_opts *opts, kr_error_t err)
{
    slong N = F->rows, i, k, wp = kr_work_prec(opts);
    double lmin, lmax, *vmin, *vmax, *ones, *rs, rho;
    sym_ctx c;
    arb_mat_t R;
    arb_t q1, q2;
    arf_t t, one;
    int have_upper = 0;
    kr_status st = KR_OK;

    vmin = malloc(sizeof(double) * (size_t) N);
    vmax = malloc(sizeof(double) * (size_t) N);
    ones = malloc(sizeof(double) * (size_t) N);
    rs = malloc(sizeof(double) * (size_t) N);
    arb_mat_init(R, N, N);
    arb_init(q1);
    arb_init(q2);
    arf_init(t);
    arf_init(one);
    arf_init(&c.t);
    arf_one(one);
    if (!vmin || !vmax || !ones || !rs)
    {
        st = kr_error_set(err, KR_ERR_NOMEM, NULL, 0, "out of memory");
        goto done;
    }
    if (!kr_hint_sym_eigpair(&lmin, vmin, F->mid, N, 1)
        || !kr_hint_sym_eigpair(&lmax, vmax, F->mid, N, N))
    {
        snprintf(r->reason, KR_REASON_LEN, "the floating-point eigensolver failed");
        goto done;
    }

    /* lower bound: the larger Rayleigh quotient in modulus */
    kr_realform_arb(R, M, wp);
    {
        kr_witness_t wa, wb;
        kr_witness_init(wa);
        kr_witness_init(wb);
        kr_witness_set_vec_d(wa, vmax, N);
        kr_witness_set_vec_d(wb, vmin, N);
        kr_arb_rayleigh(q1, R, wa->vec, wp);
        kr_arb_rayleigh(q2, R, wb->vec, wp);
        arb_abs(q1, q1);
        arb_abs(q2, q2);
        if (arf_cmp(arb_midref(q2), arb_midref(q1)) > 0)
        {
            arb_swap(q1, q2);
            kr_witness_swap(wa, wb);
        }
        kr_witness_swap(r->lower, wa);
        r->lower->kind = KR_CLAIM_RAYLEIGH;
        r->lower->prec = wp;
        arb_get_lbound_arf(&r->rho->lo, q1, wp);
        if (arf_sgn(&r->rho->lo) < 0)
            arf_zero(&r->rho->lo);
        kr_witness_clear(wa);
        kr_witness_clear(wb);
    }

    /* upper bound */
    c.F = F;
    c.M = M;
    c.N = N;
    for (i = 0; i < N; i++)
        ones[i] = 1.0;
    if (F->rad != NULL && kr_absmv_up(rs, F->rad, NULL, N, N, 0, ones))
        c.radrow = kr_vec_max(rs, N);
    else
        c.radrow = F->rad != NULL ? INFINITY : 0.0;
    rho = fmax(fabs(lmin), fabs(lmax));
    if (opts->use_f64 && isfinite(c.radrow))
    {
        /* both t I - R and t I + R: trace at most N t + |tr R| */
        double trR = 0, maxd = 0, mult = 1.25;
        for (i = 0; i < N; i++)
        {
            trR += fabs(F->mid[i + i * N]);
            maxd = fmax(maxd, fabs(F->mid[i + i * N]));
        }
        for (k = 0; k < 12 && !have_upper; k++, mult *= 4)
        {
            double tt = kr_f64_margin_t(N, rho, -trR, maxd, c.radrow, +1, mult);
            if (!isfinite(tt))
                break;
            arf_set_d(t, tt);
            have_upper = sym_pair(r->upper, r->upper2, &c, t, 1, 0, opts);
        }
    }
    if (opts->use_arb && N <= opts->arb_max_dim)
    {
        int need = !have_upper;
        if (have_upper)
        {
            kr_encl_t e;
            kr_encl_init(e);
            arf_set(&e->lo, &r->rho->lo);
            arf_set(&e->hi, &r->upper->t);
            need = kr_encl_rel_width(e) > opts->rel_tol;
            kr_encl_clear(e);
        }
        if (need)
        {
            kr_witness_t a, b;
            arb_t x;
            kr_witness_init(a);
            kr_witness_init(b);
            arb_init(x);
            arb_set_d(x, opts->rel_tol / 2);
            arb_add_ui(x, x, 1, wp);
            arb_mul(x, x, q1, wp);
            arb_get_ubound_arf(t, x, wp);
            if (sym_pair(a, b, &c, t, 0, 1, opts)
                && (!have_upper || arf_cmp(t, &r->upper->t) < 0))
            {
                kr_witness_swap(r->upper, a);
                kr_witness_swap(r->upper2, b);
                have_upper = 1;
            }
            kr_witness_clear(a);
            kr_witness_clear(b);
            arb_clear(x);
        }
    }
    if (have_upper)
    {
        kr_encl_t e;
        arf_set(&r->rho->hi, &r->upper->t);
        kr_encl_init(e);
        arf_set(&e->lo, &r->rho->lo);
        arf_set(&e->hi, &r->rho->hi);
        if (kr_encl_rel_width(e) > opts->rel_tol)
            kr_reason_set(r->reason, opts, "relative width above the target %.3g%s",
                          opts->rel_tol, kr_binary64_only(opts, N));
        kr_encl_clear(e);
    }
    else
        kr_reason_set(r->reason, opts, "no PD certificate for t I -/+ M found%s",
                      kr_binary64_only(opts, N));

    /* verdict */
    if (have_upper && arf_cmp(&r->rho->hi, one) < 0)
        r->verdict = KR_RHO_LT1;
    else if (arf_cmp(&r->rho->lo, one) > 0)
        r->verdict = KR_RHO_GT1;
    else if (arf_cmp(&r->rho->lo, one) <= 0 && rho < 1)
    {
        /* try t = 1 itself */
        kr_witness_t a, b;
        kr_witness_init(a);
        kr_witness_init(b);
        if (sym_pair(a, b, &c, one, 1, 1, opts))
        {
            /* the pair at t = 1 is then the best upper bound too */
            r->verdict = KR_RHO_LT1;
            kr_witness_swap(r->upper, a);
            kr_witness_swap(r->upper2, b);
            arf_one(&r->rho->hi);
        }
        kr_witness_clear(a);
        kr_witness_clear(b);
    }
    if (r->verdict == KR_RHO_UNDECIDED && r->reason[0] == '\0')
        kr_reason_set(r->reason, opts, "no PD certificate for I - M and I + M%s",
                      kr_opts_timed_out(opts) ? "" : " (rho is 1 or too close to 1 to decide)");

done:
    free(vmin);
    free(vmax);
    free(ones);
    free(rs);
    arb_mat_clear(R);
    arb_clear(q1);
    arb_clear(q2);
    arf_clear(t);
    arf_clear(one);
    arf_clear(&c.t);
    return st;
}

/* ------------------------------------------------------------ general */

static kr_status
radius_general(kr_radius_result_t r, const kr_qmat_t M, const kr_fmat_t F,
               const kr_opts *opts, kr_error_t err)
{
    static const double deltas[] = {1e-12, 1e-10, 1e-8, 1e-6, 1e-4, 1e-2, 0.5};
    slong k, nd = (slong) (sizeof deltas / sizeof deltas[0]);
    double rho = kr_hint_spectral_radius(F->mid, F->rows), scale, fro = 0;
    slong i, N = F->rows;
    int have_upper = 0;

    if (rho < 0)
    {
        snprintf(r->reason, KR_REASON_LEN, "the floating-point eigensolver failed");
        return KR_OK;
    }
    for (i = 0; i < N * N; i++)
        fro = fmax(fro, fabs(F->mid[i]));
    scale = fmax(rho, 1e-3 * fro);

    /* verdict at t = 1 */
    if (rho <= 1 + 1e-6 && kr_stein_certify(r->verdict_w, M, 1.0, -1, opts))
        r->verdict = KR_RHO_LT1;
    else if (rho >= 1 - 1e-6 && kr_stein_certify(r->verdict_w, M, 1.0, +1, opts))
        r->verdict = KR_RHO_GT1;
    else
        kr_reason_set(r->reason, opts, "no Stein certificate at t = 1%s",
                      kr_opts_timed_out(opts) ? "" : " (rho is 1 or too close to 1 to decide)");

    /* upper bound of rho */
    for (k = 0; k < nd && !have_upper; k++)
    {
        double t = kr_add_up(rho, kr_mul_up(deltas[k], scale));
        if (r->verdict == KR_RHO_LT1 && t >= 1)
            break;
        have_upper = kr_stein_certify(r->upper, M, t, -1, opts);
    }
    if (have_upper)
        arf_set(&r->rho->hi, &r->upper->t);
    else if (r->verdict == KR_RHO_LT1)
        arf_one(&r->rho->hi);
    else
    {
        /* rho <= ||M|| */
        kr_norm_result_t nr;
        kr_norm_result_init(nr);
        if (kr_norm(nr, M, opts, err) == KR_OK && kr_encl_has_upper(nr->norm))
        {
            arf_set(&r->rho->hi, &nr->norm->hi);
            kr_witness_swap(r->upper, nr->upper);
        }
        kr_norm_result_clear(nr);
    }

    /* lower bound of rho */
    arf_zero(&r->rho->lo);
    if (rho > 0)
    {
        for (k = 0; k < nd; k++)
        {
            double t = kr_sub_down(rho, kr_mul_up(deltas[k], rho));
            if (!(t > 0))
                break;
            if (r->verdict == KR_RHO_GT1 && t <= 1)
                break;
            if (kr_stein_certify(r->lower, M, t, +1, opts))
            {
                arf_set(&r->rho->lo, &r->lower->t);
                break;
            }
        }
        if (arf_is_zero(&r->rho->lo) && r->verdict == KR_RHO_GT1)
            arf_one(&r->rho->lo);
    }
    return KR_OK;
}

static kr_status
radius_run(kr_radius_result_t r, const kr_qmat_t M, const kr_opts *opts,
           kr_error_t err)
{
    kr_fmat_t F;
    kr_status st;

    kr_encl_set_unknown(r->rho);
    arf_zero(&r->rho->lo);
    r->verdict = KR_RHO_UNDECIDED;
    r->reason[0] = '\0';
    if (M->n == 0)
        return kr_error_set(err, KR_ERR_DOMAIN, NULL, 0, "empty matrix");
    r->hermitian = kr_qmat_is_hermitian(M);
    if (kr_qmat_is_zero(M))
    {
        arf_zero(&r->rho->hi);
        r->verdict = KR_RHO_LT1;
        return KR_OK;
    }
    if (!kr_realform_f64(F, M))
    {
        snprintf(r->reason, KR_REASON_LEN,
                 "entries beyond the binary64 range: no estimate to start from");
        return KR_OK;
    }
    if (r->hermitian)
        st = radius_hermitian(r, M, F, opts, err);
    else
        st = radius_general(r, M, F, opts, err);
    kr_fmat_clear(F);
    return st;
}

kr_status
kr_radius(kr_radius_result_t r, const kr_qmat_t M, const kr_opts *opts,
          kr_error_t err)
{
    kr_opts o;
    kr_limits lim;
    kr_status st = radius_run(r, M, kr_limits_enter(&o, &lim, opts), err);
    kr_limits_leave(&lim);
    return st;
}
