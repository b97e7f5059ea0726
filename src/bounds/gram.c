/* PD claims on Gram matrices: s (t I - R^T R) > 0.
 *
 * s = +1 proves ||R||^2 < t (norm upper bound), s = -1 proves
 * sigma_min(R)^2 > t (smallest singular value lower bound).  The binary64
 * enclosure is mid = s (t I - G) with G = fl(mid(R)^T mid(R)) and radius
 *   ||R^T R - G||_2 (kr_fmat_gram) + max_i |rounding of t - G_ii|. */
#include <stdlib.h>
#include <string.h>

#include "bounds/internal.h"
#include "fp/round.h"

int
kr_arf_get_d_exact(double *d, const arf_t x)
{
    double v;
    arf_t back;
    int ok;
    if (!arf_is_finite(x))
        return 0;
    v = arf_get_d(x, ARF_RND_NEAR);
    if (!isfinite(v))
        return 0;
    arf_init(back);
    arf_set_d(back, v);
    ok = arf_equal(back, x);
    arf_clear(back);
    if (ok)
        *d = v;
    return ok;
}

const char *
kr_binary64_only(const kr_opts *opts, slong N)
{
    if (!opts->use_arb)
        return " (binary64 only: the Arb fallback is off)";
    if (N > opts->arb_max_dim)
        return " (binary64 only: the order is above the limit of the Arb fallback)";
    return "";
}

slong
kr_work_prec(const kr_opts *opts)
{
    slong p = opts->prec;
    double need = -log2(opts->rel_tol) + 64;
    while (p < need && p < opts->max_prec)
        p *= 2;
    if (p < need && opts->limits != NULL)
        opts->limits->prec_cap = 1; /* rel_tol needs more than the cap */
    return FLINT_MIN(p, opts->max_prec);
}

double
kr_f64_margin_t(slong N, double lam, double trX, double maxdiag, double rad,
                int s, double mult)
{
    double t = lam, eig = 4.0 * (double) N * KR_U * fmax(fabs(lam), maxdiag);
    int it;
    for (it = 0; it < 3; it++)
    {
        double tr = s > 0 ? (double) N * t - trX : trX - (double) N * t;
        double c = kr_pd_f64_shift(N, fmax(tr, 0.0), fabs(t) + maxdiag);
        t = lam + s * (eig + rad + mult * c);
    }
    return t;
}

static int
gram_f64(double *mid, double *rad, void *vctx)
{
    kr_gram_ctx *ctx = vctx;
    slong N = ctx->N, i, j;
    double t, r = 0.0;

    if (ctx->G == NULL || !kr_arf_get_d_exact(&t, &ctx->t))
        return 0;
    for (j = 0; j < N; j++)
        for (i = j; i < N; i++)
        {
            double g = ctx->G[i + j * N];
            if (i == j)
            {
                double h = ctx->sign > 0 ? t - g : g - t;
                /* |h - exact| <= u |h| (one rounded subtraction) */
                double e = kr_mul_up(fabs(h), KR_U);
                if (e > r)
                    r = e;
                mid[i + j * N] = h;
            }
            else
                mid[i + j * N] = ctx->sign > 0 ? -g : g;
        }
    *rad = kr_add_up(ctx->rowsum, r);
    return isfinite(*rad);
}

static int
gram_arb(arb_mat_t H, slong prec, void *vctx)
{
    kr_gram_ctx *ctx = vctx;
    arb_mat_t R;
    arb_mat_init(R, ctx->N, ctx->N);
    kr_realform_arb(R, ctx->A, prec);
    kr_arb_gram_shift(H, R, &ctx->t, ctx->sign, prec);
    arb_mat_clear(R);
    return 1;
}

int
kr_gram_claim_f64_near(kr_witness_t w, kr_gram_ctx *ctx, double lam,
                       const kr_opts *opts)
{
    slong N = ctx->N, i, k;
    double trG = 0.0, maxd = 0.0, mult = 1.25;
    if (!opts->use_f64)
        return 0;
    for (i = 0; i < N; i++)
    {
        trG += ctx->G[i + i * N];
        maxd = fmax(maxd, ctx->G[i + i * N]);
    }
    for (k = 0; k < 12; k++, mult *= 4)
    {
        double t = kr_f64_margin_t(N, lam, trG, maxd, ctx->rowsum, ctx->sign, mult);
        if (!isfinite(t) || !(t > 0))
            return 0;
        arf_set_d(&ctx->t, t);
        if (kr_gram_claim(w, ctx, 1, 0, opts))
            return 1;
    }
    return 0;
}

int
kr_gram_claim(kr_witness_t w, kr_gram_ctx *ctx, int use_f64, int use_arb,
              const kr_opts *opts)
{
    kr_sym_source src;
    kr_opts o = *opts;
    kr_pd_result res;

    src.n = ctx->N;
    src.f64 = gram_f64;
    src.arb = gram_arb;
    src.ctx = ctx;
    o.use_f64 = use_f64 && opts->use_f64;
    o.use_arb = use_arb && opts->use_arb;
    if (kr_pd_certify(&res, &src, &o) != KR_PD_YES)
        return 0;
    w->kind = ctx->sign > 0 ? KR_CLAIM_GRAM_LE : KR_CLAIM_GRAM_GE;
    arf_set(&w->t, &ctx->t);
    w->pd = res;
    return 1;
}
