/* Stein (discrete Lyapunov) certificates for the spectral radius.
 *
 * For the real form R of M, a scale t > 0 and a symmetric P:
 *  - P > 0 and Q = t^2 P - R^T P R > 0  =>  rho(M) < t.
 *    (R x = l x: x^* Q x = (t^2 - |l|^2) x^* P x > 0.)
 *  - Q > 0 and v^T P v < 0  =>  rho(M) > t.
 *    (If rho(R/t) < 1, P = sum_k (R^T/t)^k (Q/t^2) (R/t)^k > 0; if R/t had
 *    an eigenvalue of modulus 1, x^* Q x = 0.  Both contradict.)
 * P is a binary64 hint from SLICOT's SB03MD solving (R/t)^T P (R/t) - P =
 * -scale I; the proof is the PD test of Q, built with outward rounding. */
#include <stdlib.h>
#include <string.h>

#include "bounds/internal.h"
#include "bounds/lapack.h"
#include "fp/round.h"

extern void sb03md_(const char *dico, const char *job, const char *fact,
                    const char *trana, const int *n, double *a, const int *lda,
                    double *u, const int *ldu, double *c, const int *ldc,
                    double *scale, double *sep, double *ferr, double *wr,
                    double *wi, int *iwork, double *dwork, const int *ldwork,
                    int *info, size_t, size_t, size_t, size_t);

/* P with (A)^T P A - P = -scale I, A = mid(R)/t.  Returns 0 on failure. */
static int
stein_solve(double *P, const kr_fmat_t F, double t)
{
    int n = (int) F->rows, info = 0, ldwork, i, j;
    double *A, *U, *wr, *wi, *dwork, scale = 1.0, sep = 0.0, ferr = 0.0;
    int ok = 0;

    ldwork = 3 * n * n + 8 * n + 64;
    A = malloc(sizeof(double) * (size_t) n * (size_t) n);
    U = malloc(sizeof(double) * (size_t) n * (size_t) n);
    wr = malloc(sizeof(double) * (size_t) n);
    wi = malloc(sizeof(double) * (size_t) n);
    dwork = malloc(sizeof(double) * (size_t) ldwork);
    if (A == NULL || U == NULL || wr == NULL || wi == NULL || dwork == NULL)
        goto done;
    for (i = 0; i < n * n; i++)
        A[i] = F->mid[i] / t;
    for (j = 0; j < n; j++)
        for (i = 0; i < n; i++)
            P[i + j * n] = i == j ? -1.0 : 0.0;
    sb03md_("D", "X", "N", "N", &n, A, &n, U, &n, P, &n, &scale, &sep, &ferr,
            wr, wi, NULL, dwork, &ldwork, &info, 1, 1, 1, 1);
    if (info != 0 && info != n + 1)
        goto done;
    /* symmetrise, check finiteness */
    ok = 1;
    for (j = 0; j < n && ok; j++)
        for (i = j; i < n && ok; i++)
        {
            double s = 0.5 * (P[i + j * n] + P[j + i * n]);
            if (!isfinite(s))
                ok = 0;
            P[i + j * n] = P[j + i * n] = s;
        }
done:
    free(A);
    free(U);
    free(wr);
    free(wi);
    free(dwork);
    return ok;
}

typedef struct
{
    const kr_fmat_struct *F;
    const kr_qmat_struct *M;
    const double *P;
    double t;
    slong N;
} stein_ctx;

/* Q = t^2 P - R^T P R in binary64 with the row-sum error bound derived in
 * docs/pd-kernel.md (section "Stein"). */
static int
stein_f64(double *S, double *rad, void *vctx)
{
    stein_ctx *c = vctx;
    slong N = c->N, i, j;
    const double *Rm = c->F->mid, *Rr = c->F->rad, *P = c->P;
    double *Y, *Z, *ones, *m, *r, *a, *w, *p1, *p2, *b1, *b2, *pa, *sa;
    double t2, g, cg, cmax, tail;
    int ok = 0;

    Y = malloc(sizeof(double) * (size_t) (N * N));
    Z = malloc(sizeof(double) * (size_t) (N * N));
    ones = malloc(sizeof(double) * (size_t) N);
    m = malloc(sizeof(double) * (size_t) N);
    r = malloc(sizeof(double) * (size_t) N);
    a = malloc(sizeof(double) * (size_t) N);
    w = malloc(sizeof(double) * (size_t) N);
    p1 = malloc(sizeof(double) * (size_t) N);
    p2 = malloc(sizeof(double) * (size_t) N);
    b1 = malloc(sizeof(double) * (size_t) N);
    b2 = malloc(sizeof(double) * (size_t) N);
    pa = malloc(sizeof(double) * (size_t) N);
    sa = malloc(sizeof(double) * (size_t) N);
    if (!Y || !Z || !ones || !m || !r || !a || !w || !p1 || !p2 || !b1 || !b2
        || !pa || !sa)
        goto done;

    kr_blas_gemm(0, 0, N, N, N, 1.0, P, Rm, 0.0, Y);  /* Y = P Rm */
    kr_blas_gemm(1, 0, N, N, N, 1.0, Rm, Y, 0.0, Z);  /* Z = Rm^T Y */
    t2 = c->t * c->t;
    for (j = 0; j < N; j++)
        for (i = j; i < N; i++)
            S[i + j * N] = t2 * P[i + j * N] - Z[i + j * N];

    for (i = 0; i < N; i++)
        ones[i] = 1.0;
    g = kr_gamma_up(N);
    cg = kr_mul_up(g, kr_add_up(2.0, g)); /* 2 gamma + gamma^2 */
    if (!kr_absmv_up(m, Rm, NULL, N, N, 0, ones))
        goto done;
    if (Rr != NULL)
    {
        if (!kr_absmv_up(r, Rr, NULL, N, N, 0, ones))
            goto done;
    }
    else
        memset(r, 0, sizeof(double) * (size_t) N);
    for (i = 0; i < N; i++)
    {
        a[i] = kr_add_up(m[i], r[i]);
        w[i] = kr_add_up(r[i], kr_mul_up(cg, m[i]));
    }
    /* b1 = Rr^T (|P| a), b2 = |Rm|^T (|P| w) */
    if (!kr_absmv_up(p1, P, NULL, N, N, 0, a) || !kr_absmv_up(p2, P, NULL, N, N, 0, w))
        goto done;
    if (Rr != NULL)
    {
        if (!kr_absmv_up(b1, Rr, NULL, N, N, 1, p1))
            goto done;
    }
    else
        memset(b1, 0, sizeof(double) * (size_t) N);
    if (!kr_absmv_up(b2, Rm, NULL, N, N, 1, p2))
        goto done;
    /* rounding of t^2 P: 3 u t2 |P| 1 ; of the subtraction: u |S| 1 */
    if (!kr_absmv_up(pa, P, NULL, N, N, 0, ones))
        goto done;
    {
        /* |S| 1 from the symmetrised lower triangle */
        for (i = 0; i < N; i++)
            sa[i] = 0.0;
        for (j = 0; j < N; j++)
            for (i = j; i < N; i++)
            {
                double v = fabs(S[i + j * N]);
                sa[i] += v;
                if (i != j)
                    sa[j] += v;
            }
        for (i = 0; i < N; i++)
            sa[i] = kr_up_nonneg(sa[i], N);
    }
    /* underflow tail: N (2 N eta' (1 + gamma) cmax + 2 N eta') + N eta',
     * eta' = 2^-1074, bounded generously by N (4 N cmax + 4 N + 1) eta'. */
    if (!kr_absmv_up(p1, Rm, NULL, N, N, 1, ones))
        goto done;
    cmax = kr_vec_max(p1, N);
    tail = kr_mul_up(kr_mul_up((double) N, KR_DMIN),
                     kr_add_up(kr_mul_up(4.0 * (double) N, cmax), 4.0 * (double) N + 1.0));
    {
        double u3t2 = kr_mul_up(3.0 * KR_U, kr_mul_up(c->t, c->t));
        for (i = 0; i < N; i++)
        {
            double s = kr_add_up(b1[i], b2[i]);
            s = kr_add_up(s, kr_mul_up(u3t2, pa[i]));
            s = kr_add_up(s, kr_mul_up(KR_U, sa[i]));
            b1[i] = kr_add_up(s, tail);
        }
    }
    *rad = kr_vec_max(b1, N);
    ok = isfinite(*rad);
    for (j = 0; j < N && ok; j++)
        for (i = j; i < N && ok; i++)
            if (!isfinite(S[i + j * N]))
                ok = 0;
done:
    free(Y); free(Z); free(ones); free(m); free(r); free(a); free(w);
    free(p1); free(p2); free(b1); free(b2); free(pa); free(sa);
    return ok;
}

static void
arb_mat_set_d_colmajor(arb_mat_t A, const double *X, slong N)
{
    slong i, j;
    for (i = 0; i < N; i++)
        for (j = 0; j < N; j++)
            arb_set_d(arb_mat_entry(A, i, j), X[i + j * N]);
}

static int
stein_arb(arb_mat_t Q, slong prec, void *vctx)
{
    stein_ctx *c = vctx;
    slong N = c->N, i, j;
    arb_mat_t R, Rt, P, Y;
    arb_t t2;
    arb_mat_init(R, N, N);
    arb_mat_init(Rt, N, N);
    arb_mat_init(P, N, N);
    arb_mat_init(Y, N, N);
    arb_init(t2);
    kr_realform_arb(R, c->M, prec);
    arb_mat_transpose(Rt, R);
    arb_mat_set_d_colmajor(P, c->P, N);
    arb_mat_mul(Y, P, R, prec);
    arb_mat_mul(Q, Rt, Y, prec);
    arb_set_d(t2, c->t);
    arb_mul(t2, t2, t2, prec);
    for (i = 0; i < N; i++)
        for (j = 0; j < N; j++)
            arb_submul(arb_mat_entry(Q, i, j), arb_mat_entry(P, i, j), t2, prec);
    arb_mat_neg(Q, Q);
    arb_clear(t2);
    arb_mat_clear(R);
    arb_mat_clear(Rt);
    arb_mat_clear(P);
    arb_mat_clear(Y);
    return 1;
}

static int
p_f64(double *mid, double *rad, void *vctx)
{
    stein_ctx *c = vctx;
    memcpy(mid, c->P, sizeof(double) * (size_t) (c->N * c->N));
    *rad = 0.0;
    return 1;
}

static int
p_arb(arb_mat_t H, slong prec, void *vctx)
{
    stein_ctx *c = vctx;
    arb_mat_set_d_colmajor(H, c->P, c->N);
    return 1;
}

int
kr_stein_certify(kr_witness_t w, const kr_qmat_t M, double t, int sign,
                 const kr_opts *opts)
{
    kr_fmat_t F;
    stein_ctx c;
    kr_sym_source q, p;
    kr_pd_result rq, rp;
    double *P = NULL, *v = NULL, lambda;
    slong N = kr_realform_dim(M);
    int ok = 0;

    if (!(t > 0) || !isfinite(t) || N == 0)
        return 0;
    if (!kr_realform_f64(F, M))
        return 0;
    P = malloc(sizeof(double) * (size_t) (N * N));
    v = malloc(sizeof(double) * (size_t) N);
    if (P == NULL || v == NULL || !stein_solve(P, F, t))
        goto done;

    c.F = F;
    c.M = M;
    c.P = P;
    c.t = t;
    c.N = N;
    q.n = p.n = N;
    q.f64 = stein_f64;
    q.arb = stein_arb;
    p.f64 = p_f64;
    p.arb = p_arb;
    q.ctx = p.ctx = &c;

    if (sign < 0)
    {
        if (kr_pd_certify(&rp, &p, opts) != KR_PD_YES)
            goto done;
    }
    else
    {
        /* a vector with v^T P v < 0, checked in ball arithmetic */
        arb_t s;
        arb_mat_t Pa;
        arf_struct *va;
        slong i;
        int neg;
        if (!kr_hint_sym_eigpair(&lambda, v, P, N, 1) || !(lambda < 0))
            goto done;
        arb_init(s);
        arb_mat_init(Pa, N, N);
        arb_mat_set_d_colmajor(Pa, P, N);
        va = flint_malloc(sizeof(arf_struct) * (size_t) N);
        for (i = 0; i < N; i++)
        {
            arf_init(va + i);
            arf_set_d(va + i, v[i]);
        }
        kr_arb_rayleigh(s, Pa, va, 2 * 53 + 64 + FLINT_BIT_COUNT(N));
        neg = arb_is_negative(s);
        for (i = 0; i < N; i++)
            arf_clear(va + i);
        flint_free(va);
        arb_mat_clear(Pa);
        arb_clear(s);
        if (!neg)
            goto done;
    }
    if (kr_pd_certify(&rq, &q, opts) != KR_PD_YES)
        goto done;

    w->kind = sign < 0 ? KR_CLAIM_STEIN_LT : KR_CLAIM_STEIN_GT;
    arf_set_d(&w->t, t);
    w->pd = rq;
    if (sign < 0)
        w->pd2 = rp;
    else
    {
        kr_witness_set_vec_d(w, v, N);
        w->prec = 2 * 53 + 64 + FLINT_BIT_COUNT(N);
    }
    kr_witness_set_mat(w, P, N);
    P = NULL;
    ok = 1;
done:
    free(P);
    free(v);
    kr_fmat_clear(F);
    return ok;
}
