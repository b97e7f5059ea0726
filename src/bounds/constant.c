/* Certified Kreiss constants (MATH.md section 3).
 *
 * Upper bound: radii 1 = r_0 < ... < r_n = R with certified M(r_i) <= U_i
 * (KYP, circle.c).  On [r_i, r_{i+1}] log M is convex in log r (Hadamard)
 * and M non-increasing (maximum principle), so with
 * alpha = log(U_i / U_{i+1}) / log(r_{i+1} / r_i),
 *     (r - 1) M(r) <= min((r_{i+1} - 1) U_i, (r - 1) U_i (r / r_i)^-alpha),
 * whose maximum is at an end or at r* = alpha / (alpha - 1).  Beyond R >
 * ||M||: (r - 1) ||R(z)|| <= max(1, (R - 1) / (R - ||M||)).  The worst segment
 * is refined (split geometrically in r - 1, or its circles tightened) until
 * hi <= lo (1 + tol).
 * Lower bound: K >= 1 (the limit at infinity) and K >= (|z| - 1) ||v|| /
 * ||(z I - M) v|| at a witness point found by a float search.
 * rho(M) > 1 certified gives K = inf; rho = 1 or undecided gives the lower
 * bound only. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kreiss/constant.h"
#include "kreiss/io.h"
#include "bounds/internal.h"
#include "fp/round.h"

typedef struct
{
    double r;
    arf_struct U;        /* certified M(r) <= U */
    kr_witness_struct w; /* KYP */
    double rel;          /* looseness aimed at */
    double sigma, theta; /* float hint of the circle minimum (sigma < 0: none) */
    arf_struct seg;      /* best bound so far of (r - 1) M(r) on [r, next r]: a
                            split segment keeps its parent's bound as a cap, so
                            the upper bound never increases */
} circ;

typedef struct
{
    kr_circ_engine_struct *E;
    const kr_opts *opts;
    double kcap;        /* upper bound the circles need not beat */
    const arf_struct *mhi; /* certified ||M|| <= mhi (Neumann circles) */
    arf_struct tail;    /* current tail bound, beyond the last circle */
    circ *c;
    slong n, alloc;
    slong prec;
    double t0;
} run;

/* z := x d (d a double), rounded in direction rnd. */
static void
arf_mul_double(arf_t z, const arf_t x, double d, slong prec, arf_rnd_t rnd)
{
    arf_t t;
    arf_init(t);
    arf_set_d(t, d);
    arf_mul(z, x, t, prec, rnd);
    arf_clear(t);
}

static void
progress(run *R, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void
progress(run *R, const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    if (R->opts->progress == NULL)
        return;
    int len = snprintf(buf, sizeof buf, "[%.2fs] ", kr_opts_clock() - R->t0);
    va_start(ap, fmt);
    vsnprintf(buf + len, sizeof buf - (size_t) len, fmt, ap);
    va_end(ap);
    R->opts->progress(R->opts->progress_ctx, buf);
}


/* Certify the circle of radius r (a double) and insert it in order. */
static int
add_circle(run *R, double r, double rel)
{
    slong i, pos;
    circ *c;
    fmpq_t q;
    int ok;
    for (i = 0; i < R->n; i++)
        if (R->c[i].r == r)
            return 1;
    if (R->n == R->alloc)
    {
        slong na = R->alloc ? 2 * R->alloc : 16;
        circ *nc = realloc(R->c, sizeof(circ) * (size_t) na);
        if (nc == NULL)
            return 0;
        R->c = nc;
        R->alloc = na;
    }
    {
        circ tmp;
        tmp.r = r;
        tmp.rel = rel;
        arf_init(&tmp.U);
        arf_init(&tmp.seg);
        arf_pos_inf(&tmp.seg);
        kr_witness_init(&tmp.w);
        fmpq_init(q);
        kr_fmpq_set_double(q, r);
        ok = 0;
        if (R->mhi != NULL && arf_cmp_d(R->mhi, r) < 0)
        {
            /* beyond ||M||: M(r) <= 1 / (r - ||M||), enough when it keeps
             * (r - 1) M(r) under the cap; no circle certificate needed */
            arb_t u;
            arb_init(u);
            arb_set_d(u, r);
            arb_sub_arf(u, u, R->mhi, R->prec);
            arb_inv(u, u, R->prec);
            arb_get_ubound_arf(&tmp.U, u, R->prec);
            {
                arb_t rm1;
                arb_init(rm1);
                arb_set_d(rm1, r);
                arb_sub_ui(rm1, rm1, 1, R->prec);
                arb_mul(u, u, rm1, R->prec);
                arb_clear(rm1);
            }
            if (arb_is_finite(u) && arf_cmp_d(arb_midref(u), R->kcap) < 0)
            {
                ok = 1;
                tmp.w.kind = KR_CLAIM_NORM_CIRCLE;
                fmpq_set(tmp.w.q + 0, q);
                tmp.sigma = -1;
                tmp.theta = 0;
            }
            arb_clear(u);
        }
        if (!ok)
            ok = kr_circ_certify(&tmp.w, &tmp.U, R->E, q, rel, R->kcap, R->opts,
                                 &tmp.sigma, &tmp.theta);
        fmpq_clear(q);
        progress(R, "circle r = %.17g: %s", r,
                 !ok ? "no certificate"
                     : tmp.w.kind == KR_CLAIM_NORM_CIRCLE ? "beyond ||M|| (Neumann)"
                                                          : kr_pd_method_name(tmp.w.pd.method));
        if (!ok)
        {
            /* an uncertified circle is simply not used */
            arf_clear(&tmp.U);
            arf_clear(&tmp.seg);
            kr_witness_clear(&tmp.w);
            return 0;
        }
        for (pos = 0; pos < R->n && R->c[pos].r < r; pos++)
            ;
        /* the new segments inherit the bound of the one they split (or of
         * the tail, beyond the last circle) */
        if (pos > 0 && pos < R->n)
            arf_set(&tmp.seg, &R->c[pos - 1].seg);
        else if (pos > 0 && pos == R->n && arf_cmp(&R->tail, &R->c[pos - 1].seg) < 0)
            arf_set(&R->c[pos - 1].seg, &R->tail);
        memmove(R->c + pos + 1, R->c + pos, sizeof(circ) * (size_t) (R->n - pos));
        c = R->c + pos;
        *c = tmp;
        R->n++;
    }
    return 1;
}

/* Re-certify circle i more tightly. */
static int
tighten(run *R, slong i)
{
    circ *c = R->c + i;
    kr_witness_t w;
    arf_t U;
    fmpq_t q;
    double s, th;
    int ok;
    kr_witness_init(w);
    arf_init(U);
    fmpq_init(q);
    kr_fmpq_set_double(q, c->r);
    c->rel /= 8;
    ok = kr_circ_certify(w, U, R->E, q, c->rel, 0, R->opts, &s, &th);
    if (ok && arf_cmp(U, &c->U) < 0)
    {
        arf_swap(U, &c->U);
        kr_witness_swap(w, &c->w);
        c->sigma = s;
        c->theta = th;
    }
    kr_witness_clear(w);
    arf_clear(U);
    fmpq_clear(q);
    return ok;
}

/* x := a binary64 number above x by at least 2^-50 relative (x >= 0 or
 * +inf).  Segment and tail bounds are kept in this form so that a checker
 * comparing them in binary64 with directed rounding never loses them to the
 * last bit (certs/FORMAT.md). */
static void
round_up_slack(arf_t x)
{
    arf_t t;
    if (!arf_is_finite(x))
        return;
    arf_init(t);
    arf_one(t);
    arf_mul_2exp_si(t, t, -50);
    arf_add_ui(t, t, 1, 64, ARF_RND_UP);
    arf_mul(x, x, t, 53, ARF_RND_UP);
    arf_clear(t);
}

/* Upper bound of (r - 1) M(r) on [ra, rb] from certified M(ra) <= Ua,
 * M(rb) <= Ub (1 <= ra < rb, rho(M) < ra). */
void
kr_segment_bound(arb_t out, double ra_d, const arf_t Ua_f, double rb_d, const arf_t Ub_f,
                 slong prec)
{
    arb_t ra, rb, la, lb, Ua, Ub, al, rs, f, t, crude;
    arb_init(ra); arb_init(rb); arb_init(la); arb_init(lb); arb_init(Ua);
    arb_init(Ub); arb_init(al); arb_init(rs); arb_init(f); arb_init(t); arb_init(crude);

    arb_set_d(ra, ra_d);
    arb_set_d(rb, rb_d);
    arb_set_arf(Ua, Ua_f);
    arb_set_arf(Ub, Ub_f);
    /* crude: (r_{i+1} - 1) U_i */
    arb_sub_ui(crude, rb, 1, prec);
    arb_mul(crude, crude, Ua, prec);
    /* ends */
    arb_sub_ui(f, ra, 1, prec);
    arb_mul(f, f, Ua, prec);
    arb_sub_ui(t, rb, 1, prec);
    arb_mul(t, t, Ub, prec);
    arb_max(out, f, t, prec);
    /* interior stationary point */
    arb_log(la, Ua, prec);
    arb_log(lb, Ub, prec);
    arb_sub(al, la, lb, prec);
    arb_log(la, ra, prec);
    arb_log(lb, rb, prec);
    arb_sub(t, lb, la, prec);
    arb_div(al, al, t, prec); /* alpha */
    if (!arb_is_finite(al))
        arb_pos_inf(out); /* only the crude bound below remains */
    else
    {
        arf_t ua;
        arf_init(ua);
        arb_get_ubound_arf(ua, al, prec);
        arb_sub_ui(t, al, 1, prec);
        arb_div(rs, al, t, prec); /* r* = alpha / (alpha - 1) */
        if (arf_cmp_si(ua, 1) <= 0)
            ; /* alpha <= 1: increasing on the segment, the ends suffice */
        else if (!arb_is_finite(rs))
            arb_pos_inf(out);
        else if (!arb_lt(rs, ra) && !arb_gt(rs, rb))
        {
            /* (r* - 1) U_i (r* / r_i)^-alpha */
            arb_sub_ui(f, rs, 1, prec);
            arb_div(t, rs, ra, prec);
            arb_log(t, t, prec);
            arb_mul(t, t, al, prec);
            arb_neg(t, t);
            arb_exp(t, t, prec);
            arb_mul(f, f, t, prec);
            arb_mul(f, f, Ua, prec);
            arb_max(out, out, f, prec);
        }
        arf_clear(ua);
    }
    /* the crude bound is always valid */
    {
        arf_t u1, u2;
        arf_init(u1);
        arf_init(u2);
        arb_get_ubound_arf(u1, out, prec);
        arb_get_ubound_arf(u2, crude, prec);
        if (arf_is_nan(u1) || arf_cmp(u2, u1) < 0)
            arf_swap(u1, u2);
        if (arf_is_nan(u1))
            arf_pos_inf(u1);
        round_up_slack(u1);
        arb_set_arf(out, u1);
        arf_clear(u1);
        arf_clear(u2);
    }
    arb_clear(ra); arb_clear(rb); arb_clear(la); arb_clear(lb); arb_clear(Ua);
    arb_clear(Ub); arb_clear(al); arb_clear(rs); arb_clear(f); arb_clear(t); arb_clear(crude);
}

/* tail: max(1, (R - 1) / (R - m)) upward, R > m. */
int
kr_tail_bound(arf_t out, double Rr, const arf_t m, slong prec)
{
    arb_t a, b;
    int ok;
    arb_init(a);
    arb_init(b);
    arb_set_d(a, Rr);
    arb_sub_arf(b, a, m, prec);
    ok = arb_is_positive(b);
    arb_sub_ui(a, a, 1, prec);
    arb_div(a, a, b, prec);
    arb_get_ubound_arf(out, a, prec);
    if (arf_cmp_si(out, 1) < 0)
        arf_one(out);
    if (arf_is_nan(out))
        arf_pos_inf(out);
    round_up_slack(out);
    arb_clear(a);
    arb_clear(b);
    return ok;
}

/* f(x, theta) = (r - 1) / sigma_min(r e^{i theta} I - R), r = 1 + 10^x,
 * for x in [lo, hi] (outside: -inf, so that the search stays in the window:
 * a supremum at infinity, as for normal matrices, is the theorem K >= 1). */
static double
kfun(kr_circ_engine_t E, double x, double th, double lo, double hi)
{
    double r, s;
    if (!(x >= lo && x <= hi))
        return -INFINITY;
    r = 1 + pow(10, x);
    s = kr_schur_smin(E->S, r * cexp(I * th));
    return s > 0 ? (r - 1) / s : INFINITY;
}

/* Float search of the maximiser of (r - 1) / sigma_min(z I - R) over
 * |z| = r > 1, the EigTool way: a coarse polar grid in (log10(r - 1),
 * theta), then Nelder-Mead from its best point.  A hint only: a missed
 * maximum shows up later as a gap between the certified bounds, which then
 * asks for lower bounds at the circles. */
static double
search_max(kr_circ_engine_t E, double rmax, double *rbest, double *thbest)
{
    const slong nx = 12, nt = 12;
    double lo = -8, hi = log10(fmax(rmax - 1, 1e-6)) + 0.5;
    double best = 0, bx = 0, bt = 0, *vals;
    double P[3][2], F[3];
    slong i, j, it;
    *rbest = 2;
    *thbest = 0;
    vals = malloc(sizeof(double) * (size_t) ((nx + 1) * (nt + 1)));
    if (vals == NULL)
        return 0;
    /* the grid (the angles of each radius in parallel) */
    for (i = 0; i <= nx; i++)
    {
        double x = lo + (hi - lo) * (double) i / (double) nx, r = 1 + pow(10, x);
#pragma omp parallel for schedule(static)
        for (j = 0; j <= nt; j++)
        {
            kr_schur_ws w;
            double th = M_PI * (double) j / (double) nt, sgm;
            if (!kr_schur_ws_init(&w, E->N))
            {
                vals[i * (nt + 1) + j] = 0;
                continue;
            }
            memcpy(w.xr, E->S->ws->xr, sizeof(double) * (size_t) (2 * E->N));
            sgm = kr_schur_smin_ws(E->S, &w, r * cexp(I * th));
            vals[i * (nt + 1) + j] = sgm > 0 ? (r - 1) / sgm : INFINITY;
            kr_schur_ws_clear(&w);
        }
    }
    for (i = 0; i <= nx; i++)
        for (j = 0; j <= nt; j++)
            if (vals[i * (nt + 1) + j] > best)
            {
                best = vals[i * (nt + 1) + j];
                bx = lo + (hi - lo) * (double) i / (double) nx;
                bt = M_PI * (double) j / (double) nt;
            }
    free(vals);
    /* Nelder-Mead (maximisation) from the best grid point */
    {
        double hx = (hi - lo) / (double) nx, ht = M_PI / (double) nt;
        P[0][0] = bx;      P[0][1] = bt;
        P[1][0] = bx + hx; P[1][1] = bt;
        P[2][0] = bx;      P[2][1] = bt + ht;
        for (i = 0; i < 3; i++)
            F[i] = kfun(E, P[i][0], P[i][1], lo, hi);
        for (it = 0; it < 200; it++)
        {
            slong w = 0, b = 0, m;
            double c[2], xr[2], fr;
            for (i = 1; i < 3; i++)
            {
                if (F[i] < F[w])
                    w = i;
                if (F[i] > F[b])
                    b = i;
            }
            m = 3 - w - b;
            if (w == b)
                m = (w + 1) % 3, b = (w + 2) % 3;
            if (fabs(F[b] - F[w]) <= 1e-10 * fabs(F[b])
                && fabs(P[b][0] - P[w][0]) + fabs(P[b][1] - P[w][1]) < 1e-9)
                break;
            c[0] = 0.5 * (P[b][0] + P[m][0]);
            c[1] = 0.5 * (P[b][1] + P[m][1]);
            xr[0] = 2 * c[0] - P[w][0];
            xr[1] = 2 * c[1] - P[w][1];
            fr = kfun(E, xr[0], xr[1], lo, hi);
            if (fr > F[b])
            {
                double xe[2] = {3 * c[0] - 2 * P[w][0], 3 * c[1] - 2 * P[w][1]};
                double fe = kfun(E, xe[0], xe[1], lo, hi);
                if (fe > fr)
                    P[w][0] = xe[0], P[w][1] = xe[1], F[w] = fe;
                else
                    P[w][0] = xr[0], P[w][1] = xr[1], F[w] = fr;
            }
            else if (fr > F[m])
                P[w][0] = xr[0], P[w][1] = xr[1], F[w] = fr;
            else
            {
                double xc[2] = {0.5 * (c[0] + P[w][0]), 0.5 * (c[1] + P[w][1])};
                double fc = kfun(E, xc[0], xc[1], lo, hi);
                if (fc > F[w])
                    P[w][0] = xc[0], P[w][1] = xc[1], F[w] = fc;
                else
                    for (i = 0; i < 3; i++)
                        if (i != b)
                        {
                            P[i][0] = 0.5 * (P[i][0] + P[b][0]);
                            P[i][1] = 0.5 * (P[i][1] + P[b][1]);
                            F[i] = kfun(E, P[i][0], P[i][1], lo, hi);
                        }
            }
        }
        for (i = 0; i < 3; i++)
            if (isfinite(F[i]) && F[i] > best)
            {
                best = F[i];
                bx = P[i][0];
                bt = P[i][1];
            }
    }
    *rbest = 1 + pow(10, bx);
    *thbest = bt;
    return best;
}

/* Certified lower bound of K at z = r e^{i theta} (z rounded to doubles,
 * exactly outside the unit circle or rejected). */
static int
lower_at(kr_witness_t w, arf_t lo, double *zre_d, double *zim_d, kr_circ_engine_t E,
         double r, double theta, slong prec)
{
    fmpq_t zr, zi;
    arb_t val, az, x;
    int ok = 0;
    double re = r * cos(theta), im = r * sin(theta);
    fmpq_init(zr);
    fmpq_init(zi);
    arb_init(val);
    arb_init(az);
    arb_init(x);
    kr_fmpq_set_double(zr, re);
    kr_fmpq_set_double(zi, im);
    if (kr_point_claim(w, val, E, zr, zi, prec))
    {
        /* (|z| - 1) ||v|| / ||(zI - R) v|| */
        arb_set_fmpq(az, zr, prec);
        arb_mul(az, az, az, prec);
        arb_set_fmpq(x, zi, prec);
        arb_addmul(az, x, x, prec);
        arb_sqrtpos(az, az, prec);
        arb_sub_ui(az, az, 1, prec);
        if (arb_is_positive(az))
        {
            arb_mul(val, val, az, prec);
            arb_get_lbound_arf(lo, val, prec);
            *zre_d = re;
            *zim_d = im;
            ok = arf_sgn(lo) > 0;
        }
    }
    fmpq_clear(zr);
    fmpq_clear(zi);
    arb_clear(val);
    arb_clear(az);
    arb_clear(x);
    return ok;
}

void
kr_kreiss_result_init(kr_kreiss_result_t k)
{
    kr_encl_init(k->kreiss);
    kr_encl_init(k->circle_max);
    k->verdict = KR_RHO_UNDECIDED;
    kr_witness_init(k->rho_w);
    k->witness_re = k->witness_im = 0;
    kr_witness_init(k->lower);
    kr_witness_init(k->circle_lower);
    k->circles = 0;
    k->circle = NULL;
    arf_init(&k->norm_hi);
    kr_witness_init(k->norm_upper);
    arf_init(&k->tail);
    k->reason[0] = '\0';
}

void
kr_kreiss_result_clear(kr_kreiss_result_t k)
{
    slong i;
    kr_encl_clear(k->kreiss);
    kr_encl_clear(k->circle_max);
    kr_witness_clear(k->rho_w);
    kr_witness_clear(k->lower);
    kr_witness_clear(k->circle_lower);
    for (i = 0; i < k->circles; i++)
    {
        arf_clear(&k->circle[i].U);
        kr_witness_clear(&k->circle[i].w);
    }
    free(k->circle);
    k->circle = NULL;
    k->circles = 0;
    arf_clear(&k->norm_hi);
    kr_witness_clear(k->norm_upper);
    arf_clear(&k->tail);
}

/* Improve the lower bound at (r, theta) if possible. */
static void
try_lower(kr_kreiss_result_t k, kr_circ_engine_t E, double r, double theta, slong prec)
{
    kr_witness_t w;
    arf_t lo;
    double zr = 0, zi = 0;
    if (!(r > 1))
        return;
    kr_witness_init(w);
    arf_init(lo);
    if (lower_at(w, lo, &zr, &zi, E, r, theta, prec) && arf_cmp(lo, &k->kreiss->lo) > 0)
    {
        arf_swap(lo, &k->kreiss->lo);
        kr_witness_swap(w, k->lower);
        k->witness_re = zr;
        k->witness_im = zi;
    }
    kr_witness_clear(w);
    arf_clear(lo);
}

static kr_status
kreiss_run(kr_kreiss_result_t k, const kr_qmat_t M, double rel_tol,
           const kr_opts *opts, kr_error_t err)
{
    kr_circ_engine_t E;
    kr_norm_result_t nr;
    kr_witness_t vw;
    run R;
    double rstar, thstar, Kest, Rmax, m_d, L;
    slong i, iter, prec = FLINT_MAX(kr_work_prec(opts), 128);
    arb_t seg;
    arf_t hi, target;
    kr_status st = KR_OK;

    kr_encl_set_unknown(k->kreiss);
    arf_one(&k->kreiss->lo); /* K >= 1 always */
    kr_encl_set_unknown(k->circle_max);
    arf_zero(&k->circle_max->lo);
    k->reason[0] = '\0';
    if (M->n == 0)
        return kr_error_set(err, KR_ERR_DOMAIN, NULL, 0, "empty matrix");
    if (!(rel_tol > 0))
        return kr_error_set(err, KR_ERR_DOMAIN, NULL, 0, "the relative tolerance must be positive");

    memset(&R, 0, sizeof R);
    arf_init(&R.tail);
    arf_pos_inf(&R.tail);
    R.opts = opts;
    R.t0 = kr_opts_clock();
    R.prec = prec;

    /* 1. spectral radius verdict */
    progress(&R, "certifying rho(M) < 1 (Stein)");
    kr_witness_init(vw);
    if (kr_stein_certify(vw, M, 1.0, -1, opts))
        k->verdict = KR_RHO_LT1;
    else if (kr_stein_certify(vw, M, 1.0, +1, opts))
        k->verdict = KR_RHO_GT1;
    kr_witness_swap(k->rho_w, vw);
    kr_witness_clear(vw);
    if (k->verdict == KR_RHO_GT1)
    {
        /* the circle maximum M(1) itself may be finite: not computed */
        arf_pos_inf(&k->kreiss->lo);
        arf_pos_inf(&k->kreiss->hi);
        snprintf(k->reason, KR_REASON_LEN, "rho(M) > 1 is certified, so K(M) = inf");
        arf_clear(&R.tail);
        return KR_OK;
    }

    /* 2. float machinery and the certified norm for the tail */
    if (!kr_circ_engine_init(E, M))
    {
        snprintf(k->reason, KR_REASON_LEN,
                 "no floating-point estimate (entries beyond binary64, or the Schur form failed)");
        arf_clear(&R.tail);
        return KR_OK;
    }
    R.E = E;
    progress(&R, "Schur form done; certifying ||M||");
    kr_norm_result_init(nr);
    st = kr_norm(nr, M, opts, err);
    if (st != KR_OK)
        goto done_norm;
    arf_set(&k->norm_hi, &nr->norm->hi);
    kr_witness_swap(k->norm_upper, nr->upper);
    if (kr_encl_has_upper(nr->norm))
        R.mhi = &k->norm_hi;
    m_d = arf_get_d(&nr->norm->hi, ARF_RND_UP);

    /* 3. float search for the maximiser and the witness lower bound */
    progress(&R, "searching the maximiser (floating point)");
    Kest = search_max(E, 10 * fmax(m_d, 1) + 2, &rstar, &thstar);
    progress(&R, "float estimate K ~ %.6g at r = %.6g", Kest, rstar);
    try_lower(k, E, rstar, thstar, prec);
    if (k->verdict != KR_RHO_LT1)
    {
        kr_reason_set(k->reason, opts, "rho(M) < 1 could not be certified%s: lower bound only",
                      kr_opts_timed_out(opts) ? "" : " (rho = 1 or too close to 1)");
        goto done_norm;
    }

    /* 4. radii: 1, a ladder around r*, and R with tail <= lo (1 + tol/2) */
    arf_init(hi);
    arf_init(target);
    arb_init(seg);
    L = arf_get_d(&k->kreiss->lo, ARF_RND_DOWN) * (1 + rel_tol / 2);
    R.kcap = L;
    if (m_d < 1)
        Rmax = fmax(2.0, 2 * rstar);
    else
        Rmax = fmax((L * m_d - 1) / (L - 1), fmax(m_d + 1, 2 * rstar));
    if (!isfinite(Rmax))
        Rmax = 1e300;
    if (!add_circle(&R, 1.0, rel_tol))
    {
        kr_reason_set(k->reason, opts, "no KYP certificate on the unit circle%s: lower bound only",
                      kr_opts_timed_out(opts) ? "" : " (rho(M) too close to 1?)");
        free(R.c); /* the array add_circle allocated: no circle in it */
        arb_clear(seg);
        arf_clear(hi);
        arf_clear(target);
        goto done_norm;
    }
    /* a sparse ladder around the maximiser; refinement adds where needed */
    for (i = -3; i <= 3; i += 2)
    {
        double r = 1 + (rstar - 1) * pow(4, (double) i);
        if (r > 1 && r < Rmax)
            add_circle(&R, r, rel_tol);
    }
    if (rstar > 1 && rstar < Rmax)
        add_circle(&R, rstar, rel_tol);
    for (i = 0; i < 8 && !add_circle(&R, Rmax, rel_tol); i++)
        Rmax *= 2;

    /* 5. refine */
    {
        arf_t best;
        slong stalled = 0;
        arf_init(best);
        arf_pos_inf(best);
        for (iter = 0;; iter++)
        {
            slong worst = -1, ia, ib, jj;
            arf_t wb, tb, pa, pb;
            int handled = 0, stop = 0;
            arf_init(wb);
            arf_init(tb);
            arf_init(pa);
            arf_init(pb);
            if (!kr_tail_bound(&k->tail, R.c[R.n - 1].r, &k->norm_hi, prec))
                arf_pos_inf(&k->tail);
            arf_set(&R.tail, &k->tail);
            arf_set(hi, &k->tail);
            for (i = 0; i + 1 < R.n; i++)
            {
                kr_segment_bound(seg, R.c[i].r, &R.c[i].U, R.c[i + 1].r, &R.c[i + 1].U, prec);
                arb_get_ubound_arf(tb, seg, prec);
                if (arf_is_nan(tb) || arf_cmp(&R.c[i].seg, tb) < 0)
                    arf_set(tb, &R.c[i].seg); /* the inherited cap is better */
                arf_set(&R.c[i].seg, tb);
                if (worst < 0 || arf_cmp(tb, wb) > 0)
                {
                    worst = i;
                    arf_set(wb, tb);
                }
                if (arf_cmp(tb, hi) > 0)
                    arf_set(hi, tb);
            }
            arf_mul_double(target, &k->kreiss->lo, 1 + rel_tol, prec, ARF_RND_DOWN);
            /* no progress for a while: stop rather than spin */
            if (arf_cmp(hi, best) < 0)
            {
                arf_t d;
                arf_init(d);
                arf_sub(d, best, hi, prec, ARF_RND_DOWN);
                arf_mul_double(pa, hi, 1e-3 * rel_tol, prec, ARF_RND_DOWN);
                stalled = arf_cmp(d, pa) > 0 ? 0 : stalled + 1;
                arf_set(best, hi);
                arf_clear(d);
            }
            else
                stalled++;
            if (arf_cmp(hi, target) <= 0 || R.n >= opts->max_circles
                || kr_opts_out_of_time(opts) || stalled > 12)
                stop = 1;
            else
            {
                progress(&R, "K in [%.10g, %.10g] with %ld circles",
                         arf_get_d(&k->kreiss->lo, ARF_RND_DOWN), arf_get_d(hi, ARF_RND_UP),
                         (long) R.n);
                if (worst < 0 || arf_cmp(&k->tail, wb) >= 0)
                {
                    /* the tail dominates: push R out */
                    if (!add_circle(&R, 4 * R.c[R.n - 1].r, rel_tol))
                        stop = 1;
                    handled = 1;
                }
                ia = worst;
                ib = worst + 1;
                /* end values (r - 1) U above the target: a better lower
                 * bound there, or a tighter circle */
                for (jj = 0; jj < 2 && !handled; jj++)
                {
                    slong ic = jj == 0 ? ia : ib;
                    arf_mul_double(pa, &R.c[ic].U, R.c[ic].r - 1, prec, ARF_RND_UP);
                    if (arf_cmp(pa, target) <= 0)
                        continue;
                    if (R.c[ic].sigma > 0)
                        try_lower(k, E, R.c[ic].r, R.c[ic].theta, prec);
                    arf_mul_double(target, &k->kreiss->lo, 1 + rel_tol, prec, ARF_RND_DOWN);
                    if (arf_cmp(pa, target) > 0
                        && (R.c[ic].rel < rel_tol / 1024 || !tighten(&R, ic)))
                        continue;
                    handled = 1;
                }
                if (!handled)
                {
                    double ra = R.c[ia].r, rb = R.c[ib].r;
                    double rm = ra == 1 ? 1 + (rb - 1) / 4 : 1 + sqrt((ra - 1) * (rb - 1));
                    if (!(rm > ra && rm < rb))
                        stop = 1; /* cannot split further in binary64 */
                    else if (add_circle(&R, rm, rel_tol))
                    {
                        /* the new circle may carry a better lower bound */
                        for (i = 0; i < R.n; i++)
                            if (R.c[i].r == rm && R.c[i].sigma > 0
                                && (rm - 1) / R.c[i].sigma
                                       > arf_get_d(&k->kreiss->lo, ARF_RND_UP))
                                try_lower(k, E, rm, R.c[i].theta, prec);
                    }
                    else if (!(R.c[ia].rel >= rel_tol / 1024 && tighten(&R, ia))
                             && !(R.c[ib].rel >= rel_tol / 1024 && tighten(&R, ib)))
                        stop = 1; /* cannot certify inside, nor tighten the ends */
                }
            }
            arf_clear(wb);
            arf_clear(tb);
            arf_clear(pa);
            arf_clear(pb);
            if (stop)
                break;
        }
        if (stalled > 12)
            progress(&R, "no further progress: stopping");
        arf_clear(best);
    }

    /* 6. result */
    arf_set(&k->kreiss->hi, hi);
    if (arf_cmp(hi, target) > 0)
        kr_reason_set(k->reason, opts, "relative width above %.3g after %ld circles%s",
                      rel_tol, (long) R.n,
                      R.n >= opts->max_circles ? " (the limit, max_circles)" : "");
    if (R.n > 0 && R.c[0].r == 1 && arf_is_finite(&R.c[0].U))
    {
        fmpq_t one, zr, zi;
        arb_t val;
        arf_t cap;
        fmpq_init(one);
        fmpq_init(zr);
        fmpq_init(zi);
        arb_init(val);
        arf_init(cap);
        fmpq_one(one);
        kr_circle_point(zr, zi, one, R.c[0].theta);
        if (kr_point_claim(k->circle_lower, val, E, zr, zi, prec))
        {
            arb_get_lbound_arf(&k->circle_max->lo, val, prec);
            if (arf_sgn(&k->circle_max->lo) < 0)
                arf_zero(&k->circle_max->lo);
        }
        /* the unit circle may have been certified loosely (its weight in K
         * is small); M(1) is reported to the tolerance asked for */
        arf_mul_double(cap, &k->circle_max->lo, 1 + rel_tol, prec, ARF_RND_DOWN);
        if (arf_cmp(&R.c[0].U, cap) > 0)
        {
            R.c[0].rel = 8 * rel_tol;
            tighten(&R, 0);
        }
        arf_set(&k->circle_max->hi, &R.c[0].U);
        fmpq_clear(one);
        fmpq_clear(zr);
        fmpq_clear(zi);
        arb_clear(val);
        arf_clear(cap);
    }
    k->circles = R.n;
    k->circle = malloc(sizeof(kr_circle_cert) * (size_t) (R.n > 0 ? R.n : 1));
    for (i = 0; i < R.n; i++)
    {
        k->circle[i].r = R.c[i].r;
        k->circle[i].U = R.c[i].U; /* moved */
        k->circle[i].w = R.c[i].w;
        arf_clear(&R.c[i].seg);
    }
    free(R.c);
    arb_clear(seg);
    arf_clear(hi);
    arf_clear(target);
done_norm:
    kr_norm_result_clear(nr);
    kr_circ_engine_clear(E);
    arf_clear(&R.tail);
    return st;
}

kr_status
kr_kreiss(kr_kreiss_result_t k, const kr_qmat_t M, double rel_tol,
          const kr_opts *opts, kr_error_t err)
{
    kr_opts o;
    kr_limits lim;
    kr_status st = kreiss_run(k, M, rel_tol, kr_limits_enter(&o, &lim, opts), err);
    kr_limits_leave(&lim);
    return st;
}
