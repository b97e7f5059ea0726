/* The KYP (discrete bounded-real) certificate of a whole circle, MATH.md
 * section 4.
 *
 * For the real form R of M (order N), a radius r > 0, t = eps^2 > 0 and a
 * symmetric X, with H0 = (r^2 - t) I + R^T R and H1 = -r R^T:
 *     L(X) = [[H0 - X, H1], [H1^T, X]] > 0   (order 2N)
 * implies sigma_min(r e^{i theta} I - R) > eps for every theta (test L with
 * [v; e^{i theta} v]), i.e. the circle maximum of the resolvent is < 1/eps.
 * The PD kernel decides; X is a hint from structure-preserving doubling.
 *
 * Binary64 enclosure of L (error bound in docs/pd-kernel.md, "KYP"):
 *  r is exact and known in binary64 as rm with |r - rm| <= rr.
 *  - top-left: s1 = fl(c0 + G_ii) (diagonal) or G_ij, mid = fl(s1 - X_ij),
 *    c0 = fl(fl(rm rm) - t); errors: ||R^T R - G|| (kr_fmat_gram), on the
 *    diagonal |c0 - (r^2 - t)| <= u (fl(rm rm) + |c0|) + (2 rm + rr) rr +
 *    2^-1074, and u|s1| + u|mid| per entry;
 *  - off-diagonal blocks: mid = -fl(rm mid(R)_ji), error
 *    rm rad(R)_ji + rr (|mid(R)_ji| + rad(R)_ji) + u |mid| + 2^-1074;
 *  - bottom-right: X, exact. */
#include <stdlib.h>
#include <string.h>

#include "bounds/internal.h"
#include "bounds/lapack.h"
#include "fp/round.h"

static int
kyp_f64(double *L, double *rad, void *vctx)
{
    kr_kyp_ctx *c = vctx;
    slong N = c->N, M2 = 2 * N, i, j;
    const double *G = c->G, *X = c->X, *Rm = c->F->mid, *Rr = c->F->rad;
    double t, r = c->rm, rr, c0, e0, *rows, maxrow = 0;

    if (X == NULL || !kr_arf_get_d_exact(&t, &c->t) || G == NULL)
        return 0;
    rows = calloc((size_t) M2, sizeof(double));
    if (rows == NULL)
        return 0;
    rr = r * r;
    c0 = rr - t;
    e0 = kr_add_up(kr_mul_up(KR_U, kr_add_up(rr, fabs(c0))), KR_DMIN);
    e0 = kr_add_up(e0, kr_mul_up(kr_add_up(2 * r, c->rr), c->rr));

    /* top-left block, lower triangle, and the bottom-right block X */
    for (j = 0; j < N; j++)
        for (i = j; i < N; i++)
        {
            double s1 = i == j ? c0 + G[i + j * N] : G[i + j * N];
            double m = s1 - X[i + j * N];
            double e = kr_mul_up(KR_U, kr_add_up(i == j ? fabs(s1) : 0.0, fabs(m)));
            L[i + j * M2] = m;
            L[(N + i) + (N + j) * M2] = X[i + j * N];
            rows[i] = kr_add_up(rows[i], e);
            if (i != j)
                rows[j] = kr_add_up(rows[j], e);
        }
    /* lower-left block: L[N + j, i] = H1^T_{j i} = -r R_{j i} */
    for (i = 0; i < N; i++)
        for (j = 0; j < N; j++)
        {
            double m = -(r * Rm[j + i * N]);
            double e = kr_add_up(kr_mul_up(KR_U, fabs(m)), KR_DMIN);
            if (Rr != NULL)
                e = kr_add_up(e, kr_mul_up(r, Rr[j + i * N]));
            if (c->rr > 0)
                e = kr_add_up(e, kr_mul_up(c->rr, kr_add_up(fabs(Rm[j + i * N]),
                                                           Rr != NULL ? Rr[j + i * N] : 0.0)));
            L[(N + j) + i * M2] = m;
            rows[N + j] = kr_add_up(rows[N + j], e);
            rows[i] = kr_add_up(rows[i], e);
        }
    for (i = 0; i < M2; i++)
    {
        /* the row sums were accumulated with upward additions */
        double b = i < N ? kr_add_up(rows[i], e0) : rows[i];
        if (b > maxrow)
            maxrow = b;
    }
    free(rows);
    *rad = kr_add_up(maxrow, c->rowsumG);
    for (j = 0; j < M2; j++)
        for (i = j; i < M2; i++)
            if (!isfinite(L[i + j * M2]))
                return 0;
    return isfinite(*rad);
}

static int
kyp_arb(arb_mat_t L, slong prec, void *vctx)
{
    kr_kyp_ctx *c = vctx;
    slong N = c->N, i, j;
    arb_mat_t R, Rt, G;
    arb_t c0, rb;
    arb_mat_init(R, N, N);
    arb_mat_init(Rt, N, N);
    arb_mat_init(G, N, N);
    arb_init(c0);
    arb_init(rb);
    kr_realform_arb(R, c->A, prec);
    arb_mat_transpose(Rt, R);
    arb_mat_mul(G, Rt, R, prec);
    arb_set_fmpq(rb, c->r, prec);
    arb_mul(c0, rb, rb, prec);
    arb_sub_arf(c0, c0, &c->t, prec);
    for (i = 0; i < N; i++)
        for (j = 0; j < N; j++)
        {
            arb_ptr tl = arb_mat_entry(L, i, j);
            if (c->Xa != NULL)
                arb_neg(tl, arb_mat_entry(c->Xa, i, j));
            else
                arb_set_d(tl, -c->X[i + j * N]);
            arb_add(tl, tl, arb_mat_entry(G, i, j), prec);
            if (i == j)
                arb_add(tl, tl, c0, prec);
            if (c->Xa != NULL)
                arb_set(arb_mat_entry(L, N + i, N + j), arb_mat_entry(c->Xa, i, j));
            else
                arb_set_d(arb_mat_entry(L, N + i, N + j), c->X[i + j * N]);
            /* L[i, N + j] = H1_ij = -r R_ji ; L[N + j, i] the same */
            arb_mul(arb_mat_entry(L, i, N + j), rb, arb_mat_entry(R, j, i), prec);
            arb_neg(arb_mat_entry(L, i, N + j), arb_mat_entry(L, i, N + j));
            arb_set(arb_mat_entry(L, N + j, i), arb_mat_entry(L, i, N + j));
        }
    arb_clear(c0);
    arb_clear(rb);
    arb_mat_clear(R);
    arb_mat_clear(Rt);
    arb_mat_clear(G);
    return 1;
}

int
kr_kyp_claim(kr_witness_t w, kr_kyp_ctx *c, const kr_opts *opts)
{
    kr_sym_source src;
    kr_pd_result res;
    src.n = 2 * c->N;
    src.f64 = kyp_f64;
    src.arb = kyp_arb;
    src.ctx = c;
    if (kr_pd_certify(&res, &src, opts) != KR_PD_YES)
        return 0;
    w->kind = KR_CLAIM_KYP;
    arf_set(&w->t, &c->t);
    fmpq_set(w->q + 0, c->r);
    w->pd = res;
    if (c->Xa != NULL)
    {
        slong N = c->N, i, j;
        w->amat = flint_malloc(sizeof(arf_struct) * (size_t) (N * N));
        for (j = 0; j < N; j++)
            for (i = 0; i < N; i++)
            {
                arf_init(w->amat + i + j * N);
                arf_set(w->amat + i + j * N, arb_midref(arb_mat_entry(c->Xa, i, j)));
            }
        w->dim = N;
    }
    else
    {
        double *X = malloc(sizeof(double) * (size_t) (c->N * c->N));
        if (X == NULL)
            return 0;
        memcpy(X, c->X, sizeof(double) * (size_t) (c->N * c->N));
        kr_witness_set_mat(w, X, c->N);
    }
    return 1;
}
