/* Certified circle maxima of the resolvent (MATH.md section 4).
 *
 * One circle |z| = r: the float hint sigma* = min_theta sigma_min(r e^{i
 * theta} I - R) (schur.c) picks eps = sigma* (1 - delta) and a slightly
 * higher level eps1; doubling (sda.c) solves X + H1 X^-1 H1^T = H0(eps1); the
 * PD kernel proves L_eps(X) > 0 (kyp.c), so M(r) < 1/eps.  When a step
 * fails, delta grows (or the angular grid is refined, if the hint may have
 * missed a narrow valley): a failure costs time, never soundness.
 * Lower bounds: a point exactly on the circle (rational parametrisation) and
 * the float singular vector, evaluated in ball arithmetic. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <flint/fmpq_vec.h>

#include "kreiss/constant.h"
#include "kreiss/io.h"
#include "bounds/internal.h"
#include "bounds/lapack.h"
#include "fp/round.h"

#define KR_CIRCLE_GRID 32

int
kr_circ_engine_init(kr_circ_engine_t E, const kr_qmat_t M)
{
    slong N = kr_realform_dim(M);
    memset(E, 0, sizeof(kr_circ_engine_struct));
    E->M = M;
    E->N = N;
    E->grid = KR_CIRCLE_GRID;
    if (!kr_realform_f64(E->F, M))
        return 0;
    E->G = malloc(sizeof(double) * (size_t) (N * N));
    if (E->G == NULL || !kr_fmat_gram(E->G, &E->rowsumG, E->F)
        || !kr_schur_init(E->S, E->F->mid, N))
    {
        kr_circ_engine_clear(E);
        return 0;
    }
    E->ok = 1;
    return 1;
}

void
kr_circ_engine_clear(kr_circ_engine_t E)
{
    if (E->S->T != NULL)
        kr_schur_clear(E->S);
    free(E->G);
    E->G = NULL;
    if (E->F->mid != NULL)
        kr_fmat_clear(E->F);
    E->ok = 0;
}

void
kr_circle_point(fmpq_t zre, fmpq_t zim, const fmpq_t r, double theta)
{
    /* z = r ((1 - s^2) + 2 s i) / (1 + s^2), s = tan(theta / 2), is exactly
     * on the circle |z| = r; near theta = pi use the reflected form. */
    fmpq_t s, s2, d;
    int flip = fabs(theta) > M_PI / 2;
    double a = flip ? (theta > 0 ? M_PI - theta : -M_PI - theta) : theta;
    fmpq_init(s);
    fmpq_init(s2);
    fmpq_init(d);
    kr_fmpq_set_double(s, tan(a / 2));
    fmpq_mul(s2, s, s);
    fmpq_add_si(d, s2, 1);
    fmpq_sub_si(zre, s2, 1);
    fmpq_neg(zre, zre);            /* 1 - s^2 */
    fmpq_mul_2exp(zim, s, 1);      /* 2 s */
    fmpq_div(zre, zre, d);
    fmpq_div(zim, zim, d);
    if (flip)
        fmpq_neg(zre, zre);
    fmpq_mul(zre, zre, r);
    fmpq_mul(zim, zim, r);
    fmpq_clear(s);
    fmpq_clear(s2);
    fmpq_clear(d);
}

int
kr_point_claim(kr_witness_t w, arb_t val, kr_circ_engine_t E, const fmpq_t zre,
               const fmpq_t zim, slong prec)
{
    slong N = E->N, i;
    double complex z = fmpq_get_d(zre) + I * fmpq_get_d(zim);
    double *v;
    arb_mat_t R;
    double s = kr_schur_smin(E->S, z);
    if (!(s >= 0))
        return 0;
    /* right singular vector in R's basis: Z x */
    v = malloc(sizeof(double) * (size_t) (2 * N));
    if (v == NULL)
        return 0;
    {
        double complex *u = malloc(sizeof(double complex) * (size_t) N);
        if (u == NULL)
        {
            free(v);
            return 0;
        }
        kr_schur_right_vector(u, E->S);
        for (i = 0; i < N; i++)
        {
            v[i] = creal(u[i]);
            v[N + i] = cimag(u[i]);
        }
        free(u);
    }
    kr_witness_set_vec_d(w, v, 2 * N);
    free(v);
    w->kind = KR_CLAIM_POINT;
    fmpq_set(w->q + 0, zre);
    fmpq_set(w->q + 1, zim);
    w->prec = prec;
    arb_mat_init(R, N, N);
    kr_realform_arb(R, E->M, prec);
    kr_arb_point_ratio(val, R, zre, zim, w->vec, prec);
    arb_mat_clear(R);
    return arb_is_finite(val);
}

/* ------------------------------------------------------------ arcs */

#define KR_ARC_MAX 4000

static void
fmpq_vec_copy(fmpq *d, const fmpq *s, slong len)
{
    slong i;
    for (i = 0; i < len; i++)
        fmpq_set(d + i, s + i);
}

/* sigma_min(z I - M)^2 > t for an exact z: a GRAM_GE claim on A = z I - M. */
static int
point_gram(kr_pd_result *pd, const kr_qmat_t M, const fmpq_t zr, const fmpq_t zi,
           double t, const kr_opts *opts)
{
    kr_qmat_t A;
    kr_fmat_t F;
    kr_gram_ctx c;
    kr_witness_t w;
    int ok = 0;
    kr_qmat_init(A, 0, 0);
    if (!kr_qmat_shift(A, zr, zi, M) || !kr_realform_f64(F, A))
    {
        kr_qmat_clear(A);
        return 0;
    }
    c.N = F->rows;
    c.F = F;
    c.A = A;
    c.sign = -1;
    arf_init(&c.t);
    arf_set_d(&c.t, t);
    c.G = malloc(sizeof(double) * (size_t) (c.N * c.N));
    kr_witness_init(w);
    if (c.G != NULL && kr_fmat_gram(c.G, &c.rowsum, F))
    {
        ok = kr_gram_claim(w, &c, 1, 1, opts);
        if (ok)
            *pd = w->pd;
    }
    kr_witness_clear(w);
    free(c.G);
    arf_clear(&c.t);
    kr_fmat_clear(F);
    kr_qmat_clear(A);
    return ok;
}

/* The point of angle th in [0, 2 pi] exactly on |z| = r: z = r at 0, -r at
 * pi (the end of a half circle), r again at 2 pi. */
static void
arc_point(fmpq_t zr, fmpq_t zi, const fmpq_t r, double th)
{
    if (th == 0 || th == 2 * M_PI)
    {
        fmpq_set(zr, r);
        fmpq_zero(zi);
    }
    else if (th == M_PI)
    {
        fmpq_neg(zr, r);
        fmpq_zero(zi);
    }
    else
        kr_circle_point(zr, zi, r, th <= M_PI ? th : th - 2 * M_PI);
}

/* The angle of a point z = (zr, zi) in [0, 2 pi), as a ball. */
static void
arb_angle(arb_t phi, const fmpq_t zr, const fmpq_t zi, slong prec)
{
    arb_t x, y;
    arb_init(x);
    arb_init(y);
    arb_set_fmpq(x, zr, prec);
    arb_set_fmpq(y, zi, prec);
    if (fmpq_is_zero(zi) && fmpq_sgn(zr) > 0)
        arb_zero(phi);
    else
    {
        arb_atan2(phi, y, x, prec);
        if (fmpq_sgn(zi) < 0)
        {
            arb_t tp;
            arb_init(tp);
            arb_const_pi(tp, prec);
            arb_mul_2exp_si(tp, tp, 1);
            arb_add(phi, phi, tp, prec);
            arb_clear(tp);
        }
    }
    arb_clear(x);
    arb_clear(y);
}

/* Fallback for one circle (MATH.md section 4): disks of Weyl's bound
 * sigma_min(w I - M) >= sigma_min(z_k I - M) - |w - z_k| around points z_k
 * on the circle, each with a certified GRAM_GE claim, must cover the circle
 * (the half circle [0, pi] for a real M, whose sigma_min is symmetric).
 * Coverage is checked in ball arithmetic: the arc between consecutive points
 * is at most the sum of their radii sqrt(t_k) - eps. */
static int
arcs_certify(kr_witness_t w, arf_t U, kr_circ_engine_t E, const fmpq_t r, double rm,
             double sig, double delta, const kr_opts *opts)
{
    double eps = sig * (1 - delta), full = kr_qmat_is_complex(E->M) ? 2 * M_PI : M_PI;
    double theta = 0, est, rho_prev = 0;
    slong n = 0, alloc = 64, k, N = E->N, prec = 128;
    fmpq *z = NULL;
    double *t = NULL;
    kr_pd_result *pd = NULL;
    int ok = 0, last = 0;
    arb_t a, b, sum, er;

    /* rough count: a disk of radius ~ (sig - eps)/2 per arc length */
    est = full * rm / (0.5 * (sig - eps));
    if (!(eps > 0) || est > KR_ARC_MAX || est * (double) N * (double) N * (double) N > 4e10)
        return 0;
    z = _fmpq_vec_init(2 * alloc);
    t = malloc(sizeof(double) * (size_t) alloc);
    pd = malloc(sizeof(kr_pd_result) * (size_t) alloc);
    if (t == NULL || pd == NULL)
        goto done;
    while (!last)
    {
        double sk, step;
        if (n == alloc)
        {
            fmpq *nz = _fmpq_vec_init(4 * alloc);
            fmpq_vec_copy(nz, z, 2 * alloc);
            _fmpq_vec_clear(z, 2 * alloc);
            z = nz;
            alloc *= 2;
            t = realloc(t, sizeof(double) * (size_t) alloc);
            pd = realloc(pd, sizeof(kr_pd_result) * (size_t) alloc);
            if (t == NULL || pd == NULL || n >= KR_ARC_MAX)
                goto done;
        }
        /* the next point: as far as the float hints say two disks still
         * overlap (checked rigorously below) */
        step = n == 0 ? 0 : 1.8 * rho_prev / rm;
        for (;;)
        {
            double th = theta + step, s;
            last = th >= full;
            if (last)
                th = full;
            if (n == 0)
                th = 0;
            arc_point(z + 2 * n, z + 2 * n + 1, r, th);
            s = kr_schur_smin(E->S, fmpq_get_d(z + 2 * n) + I * fmpq_get_d(z + 2 * n + 1));
            if (!(s > eps * 1.02))
                goto done;
            sk = eps + 0.75 * (s - eps);
            if (n == 0 || rm * (th - theta) <= 0.95 * (rho_prev + (sk - eps)))
            {
                theta = th;
                break;
            }
            step *= 0.7;
            if (step < 1e-12)
                goto done;
        }
        t[n] = kr_mul_down(sk, sk);
        if (!point_gram(pd + n, E->M, z + 2 * n, z + 2 * n + 1, t[n], opts))
            goto done;
        rho_prev = sk - eps;
        n++;
    }
    /* coverage, rigorously: r (phi_{k+1} - phi_k) <= rho_k + rho_{k+1} */
    arb_init(a);
    arb_init(b);
    arb_init(sum);
    arb_init(er);
    arb_set_d(er, eps);
    ok = 1;
    for (k = 0; k + 1 < n && ok; k++)
    {
        arb_t rr, ta, tb;
        arb_init(rr);
        arb_init(ta);
        arb_init(tb);
        arb_angle(a, z + 2 * k, z + 2 * k + 1, prec);
        if (k + 1 == n - 1 && full == 2 * M_PI)
        {
            arb_const_pi(b, prec); /* the last point z = r is at angle 2 pi */
            arb_mul_2exp_si(b, b, 1);
        }
        else
            arb_angle(b, z + 2 * k + 2, z + 2 * k + 3, prec);
        arb_sub(b, b, a, prec);
        arb_set_fmpq(rr, r, prec);
        arb_mul(b, b, rr, prec); /* arc length */
        arb_set_d(ta, t[k]);
        arb_sqrtpos(ta, ta, prec);
        arb_sub(ta, ta, er, prec);
        arb_set_d(tb, t[k + 1]);
        arb_sqrtpos(tb, tb, prec);
        arb_sub(tb, tb, er, prec);
        arb_add(sum, ta, tb, prec);
        ok = arb_is_nonnegative(b) && arb_le(b, sum);
        arb_clear(rr);
        arb_clear(ta);
        arb_clear(tb);
    }
    if (ok)
    {
        w->kind = KR_CLAIM_ARCS;
        fmpq_set(w->q + 0, r);
        /* t = eps^2 exactly (106 bits): the certificate's e = sqrt(t) is
         * then the eps the coverage was checked with */
        arf_set_d(&w->t, eps);
        arf_mul(&w->t, &w->t, &w->t, ARF_PREC_EXACT, ARF_RND_DOWN);
        w->narc = n;
        w->arc_z = _fmpq_vec_init(2 * n);
        fmpq_vec_copy(w->arc_z, z, 2 * n);
        w->arc_t = flint_malloc(sizeof(arf_struct) * (size_t) n);
        w->arc_pd = malloc(sizeof(kr_pd_result) * (size_t) n);
        for (k = 0; k < n; k++)
        {
            arf_init(w->arc_t + k);
            arf_set_d(w->arc_t + k, t[k]);
            if (w->arc_pd != NULL)
                w->arc_pd[k] = pd[k];
        }
        w->pd = pd[0];
        arb_set_d(a, eps);
        arb_inv(a, a, prec);
        arb_get_ubound_arf(U, a, prec);
    }
    arb_clear(a);
    arb_clear(b);
    arb_clear(sum);
    arb_clear(er);
done:
    _fmpq_vec_clear(z, 2 * alloc);
    free(t);
    free(pd);
    return ok;
}

/* The KYP certificate with a doubling solution computed beyond binary64
 * (Arb midpoint arithmetic at 128, then 256 bits) and an Arb PD test: for
 * circles where sigma_min is so small against ||M|| that neither binary64
 * nor a binary64 X resolve the margin.  Sets c->t on success. */
static int
kyp_multiprec(kr_witness_t w, kr_kyp_ctx *c, kr_circ_engine_t E, double rm, double sig,
              double rel, const kr_opts *opts)
{
    slong N = E->N, prec, i, k;
    int ok = 0;
    if (!opts->use_arb || 2 * N > opts->arb_max_dim || N > 400)
        return 0;
    for (prec = 128; prec <= FLINT_MIN(256, opts->max_prec) && !ok; prec *= 2)
    {
        double delta = fmax(rel / 2, 1e-14);
        arb_mat_t R, A, G, Q, X;
        arb_t e1, rb;
        arb_mat_init(R, N, N);
        arb_mat_init(A, N, N);
        arb_mat_init(G, N, N);
        arb_mat_init(Q, N, N);
        arb_mat_init(X, N, N);
        arb_init(e1);
        arb_init(rb);
        /* what does not depend on the level: A = -r mid(R), G = R^T R */
        kr_realform_arb(R, E->M, prec);
        arb_mat_get_mid(R, R);
        arb_set_d(rb, rm);
        arb_mat_scalar_mul_arb(A, R, rb, prec);
        arb_mat_neg(A, A);
        arb_mat_transpose(Q, R);
        arb_mat_approx_mul(G, Q, R, prec);
        for (k = 0; k < 3 && !ok; k++, delta *= 4)
        {
            double eps1 = sig * (1 - delta / 4), eps = sig * (1 - delta);
            kr_opts o = *opts;
            /* Q = (r^2 - eps1^2) I + R^T R */
            arb_set_d(rb, rm);
            arb_mul(e1, rb, rb, prec);
            arb_set_d(rb, eps1);
            arb_submul(e1, rb, rb, prec);
            arb_mat_set(Q, G);
            for (i = 0; i < N; i++)
                arb_add(arb_mat_entry(Q, i, i), arb_mat_entry(Q, i, i), e1, prec);
            if (kr_sda_arb(X, A, Q, 200, prec) > 0)
            {
                arf_set_d(&c->t, kr_mul_down(eps, eps));
                c->Xa = X;
                o.use_f64 = 0;
                o.prec = prec;
                o.max_prec = FLINT_MIN(2 * prec, opts->max_prec);
                ok = kr_kyp_claim(w, c, &o);
                c->Xa = NULL;
            }
        }
        arb_mat_clear(R);
        arb_mat_clear(A);
        arb_mat_clear(G);
        arb_mat_clear(Q);
        arb_mat_clear(X);
        arb_clear(e1);
        arb_clear(rb);
    }
    if (!ok && opts->max_prec < 256 && opts->limits != NULL)
        opts->limits->prec_cap = 1; /* the cap cut the precisions tried */
    return ok;
}

/* Heuristic: can binary64 resolve the Schur-complement margin m of an
 * order-2N KYP matrix with trace tr? */
static int
f64_promising(slong N, double tr, double m)
{
    return m > 8.0 * kr_pd_f64_shift(2 * N, tr, tr);
}

int
kr_circ_certify(kr_witness_t w, arf_t U, kr_circ_engine_t E, const fmpq_t r,
                double rel, double kcap, const kr_opts *opts, double *sigma,
                double *theta)
{
    slong N = E->N, i, attempt;
    double rm, rr, sig, th, delta, *A = NULL, *Q = NULL, *X = NULL, trG = 0;
    int regridded = 0, ok = 0, sda_ok = 0, tried_mp = 0;
    kr_kyp_ctx c;

    if (!kr_fmpq_get_d_ball(&rm, &rr, r) || !(rm > 0))
        return 0;
    sig = kr_schur_circle_min(E->S, rm, E->grid, 1, &th);
    *sigma = sig;
    *theta = th;
    if (!(sig > 0) || !isfinite(sig))
        return 0;
    A = malloc(sizeof(double) * (size_t) (N * N));
    Q = malloc(sizeof(double) * (size_t) (N * N));
    X = malloc(sizeof(double) * (size_t) (N * N));
    if (A == NULL || Q == NULL || X == NULL)
        goto done;
    for (i = 0; i < N; i++)
        trG += E->G[i + i * N];
    for (i = 0; i < N * N; i++)
        A[i] = -rm * E->F->mid[i];

    c.N = N;
    c.F = E->F;
    c.G = E->G;
    c.rowsumG = E->rowsumG;
    c.A = E->M;
    c.r = r;
    c.rm = rm;
    c.rr = rr;
    c.X = X;
    c.Xa = NULL;
    arf_init(&c.t);
    if (kcap > 0)
    {
        /* (r - 1) / (sigma (1 - delta)) <= kcap allows delta up to this */
        double allow = rm > 1 ? 1 - (rm - 1) / (kcap * sig) : 0.25;
        rel = fmax(rel, fmin(0.25, allow));
    }
    /* binary64 doubling: first up to a modest looseness, then (if that
     * failed for precision, not for the level) a doubling beyond binary64,
     * then binary64 again up to a loose 3/4 */
    delta = fmax(rel / 2, 1e-14);
    for (attempt = 0; attempt < 24 && delta <= 0.75 && !ok && !opts->circle_arcs_only
                      && !kr_opts_out_of_time(opts);
         attempt++)
    {
        double eps1 = sig * (1 - delta / 4), eps = sig * (1 - delta);
        double t = kr_mul_down(eps, eps), e1 = eps1 * eps1;
        kr_opts o = *opts;
        if (!tried_mp && delta > 16 * rel && sda_ok)
        {
            tried_mp = 1;
            if ((ok = kyp_multiprec(w, &c, E, rm, sig, rel, opts)))
                break;
        }
        for (i = 0; i < N * N; i++)
            Q[i] = E->G[i];
        for (i = 0; i < N; i++)
            Q[i + i * N] += rm * rm - e1;
        if (kr_sda(X, A, Q, N, 200) < 0)
        {
            if (!regridded)
            {
                /* the hint may have missed a narrow valley */
                double th2, s2 = kr_schur_circle_min(E->S, rm, 8 * E->grid, 1, &th2);
                regridded = 1;
                if (s2 < sig * (1 - delta / 8))
                {
                    sig = s2;
                    *sigma = sig;
                    *theta = th2;
                    continue;
                }
            }
            delta *= 4;
            continue;
        }
        sda_ok = 1;
        arf_set_d(&c.t, t);
        /* Arb only where binary64 cannot resolve the margin, and briefly */
        if (f64_promising(N, (double) N * rm * rm + trG, e1 - t))
            o.use_arb = 0;
        else
            o.max_prec = FLINT_MIN(o.max_prec, 4 * o.prec);
        if (2 * N > o.arb_max_dim)
            o.use_arb = 0;
        ok = kr_kyp_claim(w, &c, &o);
        if (!ok)
            delta *= 4;
    }
    /* binary64 could not do it (a doubling that broke down in binary64, or
     * a margin it cannot resolve): once beyond binary64 */
    if (!ok && !tried_mp && !opts->circle_arcs_only && !kr_opts_out_of_time(opts))
        ok = kyp_multiprec(w, &c, E, rm, sig, rel, opts);
    if (!ok)
    {
        /* out of time: no certificate, U is not set (the caller reads it
         * only on success) */
        if (!kr_opts_out_of_time(opts))
            ok = arcs_certify(w, U, E, r, rm, sig, fmax(0.1, fmin(0.5, 8 * rel)), opts);
    }
    else
    {
        /* U = 1 / sqrt(t), rounded up */
        arb_t x;
        arb_init(x);
        arb_set_arf(x, &c.t);
        arb_rsqrt(x, x, 128);
        arb_get_ubound_arf(U, x, 128);
        arb_clear(x);
    }
    arf_clear(&c.t);
done:
    free(A);
    free(Q);
    free(X);
    return ok;
}

/* ------------------------------------------------------------ public */

void
kr_circle_result_init(kr_circle_result_t c)
{
    kr_encl_init(c->value);
    c->theta = 0;
    kr_witness_init(c->upper);
    kr_witness_init(c->lower);
    c->reason[0] = '\0';
}

void
kr_circle_result_clear(kr_circle_result_t c)
{
    kr_encl_clear(c->value);
    kr_witness_clear(c->upper);
    kr_witness_clear(c->lower);
}

static kr_status
circle_run(kr_circle_result_t c, const kr_qmat_t M, const fmpq_t r,
           double rel_tol, const kr_opts *opts, kr_error_t err)
{
    kr_circ_engine_t E;
    double sigma, theta;
    arf_t U;
    arb_t val;
    fmpq_t zr, zi;
    slong prec = kr_work_prec(opts);

    kr_encl_set_unknown(c->value);
    arf_zero(&c->value->lo);
    c->reason[0] = '\0';
    if (M->n == 0)
        return kr_error_set(err, KR_ERR_DOMAIN, NULL, 0, "empty matrix");
    if (fmpq_sgn(r) <= 0)
        return kr_error_set(err, KR_ERR_DOMAIN, NULL, 0, "the radius must be positive");
    if (!kr_circ_engine_init(E, M))
    {
        snprintf(c->reason, KR_REASON_LEN,
                 "no floating-point estimate (entries beyond binary64, or the Schur form failed)");
        return KR_OK;
    }
    arf_init(U);
    arb_init(val);
    fmpq_init(zr);
    fmpq_init(zi);
    if (kr_circ_certify(c->upper, U, E, r, rel_tol, 0, opts, &sigma, &theta))
        arf_set(&c->value->hi, U);
    else
        kr_reason_set(c->reason, opts, "no KYP certificate for this circle%s",
                      kr_opts_timed_out(opts) ? "" : " (an eigenvalue on or too near it?)");
    c->theta = theta;
    kr_circle_point(zr, zi, r, theta);
    if (kr_point_claim(c->lower, val, E, zr, zi, prec))
    {
        arb_get_lbound_arf(&c->value->lo, val, prec);
        if (arf_sgn(&c->value->lo) < 0)
            arf_zero(&c->value->lo);
    }
    else if (!kr_encl_has_upper(c->value) && M->n <= KR_EXACT_RANK_MAX_DIM
             && !kr_opts_out_of_time(opts))
    {
        /* the hint may sit exactly on an eigenvalue: then M(r) = inf */
        kr_qmat_t A;
        kr_qmat_init(A, 0, 0);
        if (kr_qmat_shift(A, zr, zi, M) && kr_qmat_exactly_singular(A) == 1)
        {
            arf_pos_inf(&c->value->lo);
            arf_pos_inf(&c->value->hi);
            snprintf(c->reason, KR_REASON_LEN,
                     "an eigenvalue lies on the circle (exact singularity): M(r) = inf");
        }
        kr_qmat_clear(A);
    }
    fmpq_clear(zr);
    fmpq_clear(zi);
    arb_clear(val);
    arf_clear(U);
    kr_circ_engine_clear(E);
    return KR_OK;
}

kr_status
kr_circle_max(kr_circle_result_t c, const kr_qmat_t M, const fmpq_t r,
              double rel_tol, const kr_opts *opts, kr_error_t err)
{
    kr_opts o;
    kr_limits lim;
    kr_status st = circle_run(c, M, r, rel_tol, kr_limits_enter(&o, &lim, opts), err);
    kr_limits_leave(&lim);
    return st;
}
