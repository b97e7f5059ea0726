/* Transient peaks and settling times against exactly known values:
 *  - the 2x2 family J = [[g, 0], [c, g]]: J^t = [[a, 0], [b, a]] with
 *    a = g^t, b = t c g^(t-1), and ||J^t||^2 = (s + sqrt(s^2 - 4 a^4)) / 2,
 *    s = 2 a^2 + b^2, decided exactly in rationals for every step (the peak,
 *    the bounds of every step, the settling time); the argmax by high
 *    precision balls (a decisive comparison, else skipped);
 *  - weighted shifts S (S e_i = w_i e_(i+1)), rotated by an exactly
 *    orthogonal Q: nilpotent, ||S^t|| = max_i |w_i ... w_(i+t-1)| exactly;
 *  - normal matrices with rho <= 1 (diagonal, exact rational rotations,
 *    complex unimodular diagonal): P = 1;
 *  - rho > 1: P = inf; step budgets, time limits and bad arguments;
 *  - precision: binary64 insufficient (huge c), Arb only, binary64 only;
 *  - the Kreiss matrix theorem K <= P <= e n K with certified K;
 *  - the witness of the lower bound, replayed in exact arithmetic;
 *  - a timing of n = 100 with rho ~ 0.99 (printed, not checked). */
#include <math.h>
#include <stdlib.h>
#include <time.h>

#include <flint/fmpq_mat.h>

#include "tap.h"
#include "exact.h"
#include "kreiss/peak.h"

static double
wall(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double) ts.tv_sec + 1e-9 * (double) ts.tv_nsec;
}

static void
set2(kr_qmat_t M, const fmpq_t a, const fmpq_t b, const fmpq_t c, const fmpq_t d)
{
    kr_qmat_clear(M);
    kr_qmat_init(M, 2, 0);
    fmpq_set(kr_qmat_re(M, 0, 0), a);
    fmpq_set(kr_qmat_re(M, 0, 1), b);
    fmpq_set(kr_qmat_re(M, 1, 0), c);
    fmpq_set(kr_qmat_re(M, 1, 1), d);
}

/* ------------------------------------------------------------ exact norms */

/* An exactly known norm: either rational (norm = x, q2 unused) or the
 * family's sigma with sigma^2 = (s + sqrt(D)) / 2. */
typedef struct
{
    int rational;
    fmpq_t x;    /* the norm (rational case) */
    fmpq_t s, D; /* family case */
} xnorm;

static void
xnorm_init(xnorm *z)
{
    z->rational = 1;
    fmpq_init(z->x);
    fmpq_init(z->s);
    fmpq_init(z->D);
}

static void
xnorm_clear(xnorm *z)
{
    fmpq_clear(z->x);
    fmpq_clear(z->s);
    fmpq_clear(z->D);
}

/* ||J^t|| for the family (g, c). */
static void
family_norm(xnorm *z, const fmpq_t g, const fmpq_t c, slong t)
{
    fmpq_t a, b, a2, t4;
    fmpq_init(a);
    fmpq_init(b);
    fmpq_init(a2);
    fmpq_init(t4);
    z->rational = 0;
    fmpq_pow_si(a, g, t);
    if (t == 0)
        fmpq_zero(b);
    else
    {
        fmpq_pow_si(b, g, t - 1);
        fmpq_mul(b, b, c);
        fmpq_mul_si(b, b, t);
    }
    fmpq_mul(a2, a, a);
    fmpq_mul_2exp(z->s, a2, 1);
    fmpq_mul(t4, b, b);
    fmpq_add(z->s, z->s, t4);   /* s = 2 a^2 + b^2 */
    fmpq_mul(z->D, z->s, z->s);
    fmpq_mul(t4, a2, a2);
    fmpq_mul_2exp(t4, t4, 2);
    fmpq_sub(z->D, z->D, t4);   /* D = s^2 - 4 a^4 >= 0 */
    fmpq_clear(a);
    fmpq_clear(b);
    fmpq_clear(a2);
    fmpq_clear(t4);
}

/* sign of y - norm, exactly (y rational) */
static int
cmp_q_norm(const fmpq_t y, const xnorm *z)
{
    fmpq_t u, v;
    int res;
    if (z->rational)
        return fmpq_cmp(y, z->x);
    if (fmpq_sgn(y) < 0)
        return -1;
    /* y^2 vs (s + sqrt D)/2  <=>  2 y^2 - s vs sqrt D */
    fmpq_init(u);
    fmpq_init(v);
    fmpq_mul(u, y, y);
    fmpq_mul_2exp(u, u, 1);
    fmpq_sub(u, u, z->s);
    if (fmpq_sgn(u) < 0)
        res = -1;
    else
    {
        fmpq_mul(v, u, u);
        res = fmpq_cmp(v, z->D);
    }
    fmpq_clear(u);
    fmpq_clear(v);
    return res;
}

static int
cmp_arf_norm(const arf_t y, const xnorm *z)
{
    fmpq_t q;
    int c;
    if (arf_is_pos_inf(y))
        return 1;
    if (arf_is_neg_inf(y))
        return -1;
    fmpq_init(q);
    arf_get_fmpq(q, y);
    c = cmp_q_norm(q, z);
    fmpq_clear(q);
    return c;
}

/* the norm as a ball, for argmax comparisons */
static void
xnorm_arb(arb_t r, const xnorm *z, slong prec)
{
    if (z->rational)
    {
        arb_set_fmpq(r, z->x, prec);
        return;
    }
    {
        arb_t d;
        arb_init(d);
        arb_set_fmpq(d, z->D, prec);
        arb_sqrtpos(d, d, prec);
        arb_set_fmpq(r, z->s, prec);
        arb_add(r, r, d, prec);
        arb_mul_2exp_si(r, r, -1);
        arb_sqrtpos(r, r, prec);
        arb_clear(d);
    }
}

/* ------------------------------------------------------------ references */

/* Exact norms of steps 0 .. len - 1 are produced by a callback. */
typedef void (*norm_fn)(xnorm *z, slong t, void *ctx);

typedef struct
{
    const fmpq *g, *c;
} fam_ctx;

static void
fam_norm_cb(xnorm *z, slong t, void *vctx)
{
    fam_ctx *f = vctx;
    family_norm(z, f->g, f->c, t);
}

/* For the family: a step t_end beyond which every ||J^t|| <= level: the
 * Frobenius norm sqrt(s_t) decreases once t > |g| / (1 - |g|), so the first
 * such t with s_t <= level^2 will do. */
static slong
family_horizon(const fmpq_t g, const fmpq_t c, const fmpq_t level)
{
    fmpq_t m, bound, l2;
    slong t;
    xnorm z;
    fmpq_init(m);
    fmpq_init(bound);
    fmpq_init(l2);
    xnorm_init(&z);
    fmpq_abs(m, g);
    fmpq_one(bound);
    fmpq_sub(bound, bound, m);
    fmpq_div(bound, m, bound); /* |g| / (1 - |g|) */
    fmpq_mul(l2, level, level);
    for (t = 1;; t++)
    {
        family_norm(&z, g, c, t);
        if (fmpq_cmp_si(bound, t) < 0 && fmpq_cmp(z.s, l2) <= 0)
            break;
    }
    fmpq_clear(m);
    fmpq_clear(bound);
    fmpq_clear(l2);
    xnorm_clear(&z);
    return t;
}

/* does [lo, hi] contain max_{t < horizon} norm_t (all later norms are
 * below 1 <= the peak)?  *argmax := the unique maximiser by a decisive
 * ball comparison, or -1 if undecided. */
static int
peak_contained(const kr_encl_t e, norm_fn f, void *ctx, slong horizon, slong *argmax)
{
    slong t, best = -1;
    int some_above_lo = 0, all_below_hi = 1, unique = 1;
    xnorm z;
    arb_t x, bx;
    arb_init(x);
    arb_init(bx);
    xnorm_init(&z);
    for (t = 0; t < horizon; t++)
    {
        f(&z, t, ctx);
        if (cmp_arf_norm(&e->lo, &z) <= 0)
            some_above_lo = 1;
        if (cmp_arf_norm(&e->hi, &z) < 0)
            all_below_hi = 0;
        xnorm_arb(x, &z, 512);
        if (best < 0 || arb_gt(x, bx))
        {
            unique = best < 0 || !arb_overlaps(x, bx) ? 1 : unique;
            best = t;
            arb_set(bx, x);
        }
        else if (arb_overlaps(x, bx))
            unique = 0;
    }
    *argmax = unique ? best : -1;
    xnorm_clear(&z);
    arb_clear(x);
    arb_clear(bx);
    return some_above_lo && all_below_hi;
}

/* lb[t] <= ||M^t|| <= ub[t] for every recorded step (at most lim) */
static int
steps_contained(const kr_peak_result_t r, norm_fn f, void *ctx, slong lim)
{
    slong t;
    int okk = 1;
    xnorm z;
    xnorm_init(&z);
    for (t = 0; t < r->nsteps && t < lim && okk; t++)
    {
        f(&z, t, ctx);
        if (cmp_arf_norm(r->lb + t, &z) > 0 || cmp_arf_norm(r->ub + t, &z) < 0)
        {
            diag("step %ld: bounds [%.17g, %.17g] do not contain the norm", (long) t,
                 arf_get_d(r->lb + t, ARF_RND_DOWN), arf_get_d(r->ub + t, ARF_RND_UP));
            okk = 0;
        }
    }
    xnorm_clear(&z);
    return okk;
}

/* exact T(delta) = 1 + max{t < horizon : norm_t > delta} */
static slong
exact_settle(norm_fn f, void *ctx, slong horizon, const fmpq_t delta)
{
    slong t, last = -1;
    xnorm z;
    xnorm_init(&z);
    for (t = 0; t < horizon; t++)
    {
        f(&z, t, ctx);
        if (cmp_q_norm(delta, &z) < 0)
            last = t;
    }
    xnorm_clear(&z);
    return last + 1;
}

/* hi <= lo (1 + tol), exactly */
static int
within(const kr_encl_t e, double tol)
{
    arf_t t;
    int okk;
    if (!arf_is_finite(&e->hi))
        return 0;
    arf_init(t);
    arf_set_d(t, tol);
    arf_add_ui(t, t, 1, ARF_PREC_EXACT, ARF_RND_UP);
    arf_mul(t, t, &e->lo, ARF_PREC_EXACT, ARF_RND_UP);
    okk = arf_cmp(&e->hi, t) <= 0;
    arf_clear(t);
    return okk;
}

/* The witness replayed exactly: ||R^t v||^2 >= lo^2 ||v||^2 with R^t in
 * rationals (real matrices only; small t). */
static int
witness_ok(const kr_qmat_t M, const kr_peak_result_t r)
{
    slong n = M->n, i, j, t;
    fmpq_mat_t A, P, T;
    fmpq *v, *y;
    fmpq_t s, vv, l2;
    int okk;
    if (r->lower->kind != KR_CLAIM_VEC_NORM || r->lower->len != n || r->t_lower < 0
        || kr_qmat_is_complex(M))
        return 0;
    fmpq_mat_init(A, n, n);
    fmpq_mat_init(P, n, n);
    fmpq_mat_init(T, n, n);
    v = _fmpq_vec_init(n);
    y = _fmpq_vec_init(n);
    fmpq_init(s);
    fmpq_init(vv);
    fmpq_init(l2);
    for (i = 0; i < n; i++)
        for (j = 0; j < n; j++)
            fmpq_set(fmpq_mat_entry(A, i, j), kr_qmat_re(M, i, j));
    fmpq_mat_one(P);
    for (t = 0; t < r->t_lower; t++)
    {
        fmpq_mat_mul(T, P, A);
        fmpq_mat_swap(T, P);
    }
    for (i = 0; i < n; i++)
        arf_get_fmpq(v + i, r->lower->vec + i);
    fmpq_zero(vv);
    for (i = 0; i < n; i++)
    {
        fmpq_zero(y + i);
        for (j = 0; j < n; j++)
        {
            fmpq_mul(s, fmpq_mat_entry(P, i, j), v + j);
            fmpq_add(y + i, y + i, s);
        }
        fmpq_mul(s, v + i, v + i);
        fmpq_add(vv, vv, s);
    }
    fmpq_zero(s);
    for (i = 0; i < n; i++)
    {
        fmpq_mul(l2, y + i, y + i);
        fmpq_add(s, s, l2);
    }
    arf_get_fmpq(l2, &r->peak->lo);
    fmpq_mul(l2, l2, l2);
    fmpq_mul(l2, l2, vv);
    okk = fmpq_cmp(s, l2) >= 0 && fmpq_sgn(vv) > 0;
    fmpq_clear(s);
    fmpq_clear(vv);
    fmpq_clear(l2);
    _fmpq_vec_clear(v, n);
    _fmpq_vec_clear(y, n);
    fmpq_mat_clear(A);
    fmpq_mat_clear(P);
    fmpq_mat_clear(T);
    return okk;
}

static void
show(const char *what, const kr_peak_result_t r)
{
    char *lo = kr_arf_get_decimal(&r->peak->lo, 17, 0);
    char *hi = kr_arf_get_decimal(&r->peak->hi, 17, 1);
    diag("%s: P in [%s, %s], t_peak in [%ld, %ld], T = %ld, settle [%ld, %ld], "
         "%ld steps, %ld passes, %ld tightened, powers at %ld bits%s%s",
         what, lo, hi, (long) r->t_lo, (long) r->t_hi, (long) r->T, (long) r->settle_lo,
         (long) r->settle_hi, (long) r->nsteps, (long) r->passes, (long) r->tightened,
         (long) r->power_prec, r->reason[0] ? ": " : "", r->reason);
    free(lo);
    free(hi);
}

/* Everything checkable about one member of the family. */
static int
check_family(const fmpq_t g, const fmpq_t c, const fmpq_t delta, const kr_opts *opts,
             slong steps_lim, int need_width, const char *what)
{
    kr_qmat_t M;
    kr_peak_result_t r;
    kr_error_t err;
    fmpq_t z, one;
    fam_ctx f;
    slong hor, argmax, ts = -1;
    int c1, c2, c3, c4 = 1, c5 = 1, c6;
    fmpq_init(z);
    fmpq_init(one);
    fmpq_one(one);
    kr_qmat_init(M, 0, 0);
    set2(M, g, z, c, g);
    f.g = g;
    f.c = c;
    kr_error_init(err);
    kr_peak_result_init(r);
    kr_peak(r, M, delta, 0, opts, err);
    hor = family_horizon(g, c, one);
    c1 = peak_contained(r->peak, fam_norm_cb, &f, hor + 1, &argmax);
    c2 = !need_width || within(r->peak, opts->rel_tol);
    c3 = argmax < 0 || (r->t_lo <= argmax && argmax <= r->t_hi);
    if (delta != NULL)
    {
        slong hd = family_horizon(g, c, delta);
        ts = exact_settle(fam_norm_cb, &f, hd + 1, delta);
        c4 = r->settle_lo <= ts && ts <= r->settle_hi;
        c5 = r->settle_lo == r->settle_hi;
    }
    c6 = steps_contained(r, fam_norm_cb, &f, steps_lim) && witness_ok(M, r);
    if (!(c1 && c2 && c3 && c4 && c5 && c6))
    {
        diag("%s: contained %d, width %d, argmax %ld in t_peak %d, settle %ld in [%ld, %ld] %d "
             "decided %d, steps and witness %d", what, c1, c2, (long) argmax, c3, (long) ts,
             (long) r->settle_lo, (long) r->settle_hi, c4, c5, c6);
        show(what, r);
    }
    kr_peak_result_clear(r);
    kr_qmat_clear(M);
    fmpq_clear(z);
    fmpq_clear(one);
    return c1 && c2 && c3 && c4 && c5 && c6;
}

/* ------------------------------------------------------------ weighted shifts */

typedef struct
{
    slong n;
    fmpq *w; /* n - 1 weights */
} shift_ctx;

static void
shift_norm_cb(xnorm *z, slong t, void *vctx)
{
    shift_ctx *s = vctx;
    slong i, j;
    fmpq_t p, m;
    fmpq_init(p);
    fmpq_init(m);
    z->rational = 1;
    if (t == 0)
        fmpq_one(m);
    else
        for (i = 0; i + t <= s->n - 1; i++)
        {
            fmpq_one(p);
            for (j = i; j < i + t; j++)
                fmpq_mul(p, p, s->w + j);
            fmpq_abs(p, p);
            if (fmpq_cmp(p, m) > 0)
                fmpq_set(m, p);
        }
    fmpq_set(z->x, m);
    fmpq_clear(p);
    fmpq_clear(m);
}

/* M := Q S Q^T (Q = I when rotate is 0) */
static void
shift_matrix(kr_qmat_t M, const shift_ctx *s, flint_rand_t state, int rotate)
{
    slong n = s->n, i;
    fmpq_mat_t S, Q, T, U;
    fmpq_mat_init(S, n, n);
    fmpq_mat_init(Q, n, n);
    fmpq_mat_init(T, n, n);
    fmpq_mat_init(U, n, n);
    for (i = 0; i + 1 < n; i++)
        fmpq_set(fmpq_mat_entry(S, i + 1, i), s->w + i);
    if (rotate)
    {
        ex_random_orthogonal(Q, state, 1);
        fmpq_mat_mul(T, Q, S);
        fmpq_mat_transpose(U, Q);
        fmpq_mat_mul(S, T, U);
    }
    ex_qmat_set_fmpq_mat(M, S);
    fmpq_mat_clear(S);
    fmpq_mat_clear(Q);
    fmpq_mat_clear(T);
    fmpq_mat_clear(U);
}

/* every t attaining the exact maximum lies in [t_lo, t_hi] */
static int
argmax_set_inside(const kr_peak_result_t r, norm_fn f, void *ctx, slong horizon)
{
    slong t;
    int okk = 1;
    xnorm z, best;
    xnorm_init(&z);
    xnorm_init(&best);
    fmpq_zero(best.x);
    for (t = 0; t < horizon; t++)
    {
        f(&z, t, ctx);
        if (fmpq_cmp(z.x, best.x) > 0)
            fmpq_set(best.x, z.x);
    }
    for (t = 0; t < horizon; t++)
    {
        f(&z, t, ctx);
        if (fmpq_equal(z.x, best.x) && (t < r->t_lo || (r->t_hi >= 0 && t > r->t_hi)))
            okk = 0;
    }
    xnorm_clear(&z);
    xnorm_clear(&best);
    return okk;
}

/* ------------------------------------------------------------ n = 100, rho ~ 0.99 */

/* M = Q (D + N) Q^T in binary64, each entry then rounded to 12 decimals
 * (the exact input): Q exactly orthogonal (decimal Givens products), D
 * diagonal in [0.5, 0.99] with 0.99 present, N strictly upper triangular
 * uniform in [-1, 1] scaled by nscale / sqrt(n). */
static void
rho99_matrix(kr_qmat_t M, slong n, double nscale, flint_rand_t state)
{
    fmpq_mat_t Qq;
    double *Q, *B, *T, *A;
    slong i, j, k;
    fmpz_t num, den;
    fmpq_mat_init(Qq, n, n);
    ex_random_orthogonal(Qq, state, 1);
    Q = malloc(sizeof(double) * (size_t) (n * n));
    B = calloc((size_t) (n * n), sizeof(double));
    T = calloc((size_t) (n * n), sizeof(double));
    A = calloc((size_t) (n * n), sizeof(double));
    for (i = 0; i < n; i++)
        for (j = 0; j < n; j++)
            Q[i * n + j] = fmpq_get_d(fmpq_mat_entry(Qq, i, j));
    for (i = 0; i < n; i++)
    {
        B[i * n + i] = i == 0 ? 0.99 : 0.5 + 0.49 * (double) ex_rand_range(0, 1000000) / 1e6;
        for (j = i + 1; j < n; j++)
            B[i * n + j] = nscale / sqrt((double) n)
                           * ((double) ex_rand_range(-1000000, 1000000) / 1e6);
    }
    for (i = 0; i < n; i++)
        for (j = 0; j < n; j++)
            for (k = 0; k < n; k++)
                T[i * n + j] += Q[i * n + k] * B[k * n + j];
    for (i = 0; i < n; i++)
        for (j = 0; j < n; j++)
            for (k = 0; k < n; k++)
                A[i * n + j] += T[i * n + k] * Q[j * n + k];
    kr_qmat_clear(M);
    kr_qmat_init(M, n, 0);
    fmpz_init(num);
    fmpz_init(den);
    fmpz_set_ui(den, 10);
    fmpz_pow_ui(den, den, 12);
    for (i = 0; i < n; i++)
        for (j = 0; j < n; j++)
        {
            fmpz_set_d(num, round(A[i * n + j] * 1e12));
            fmpq_set_fmpz_frac(kr_qmat_re(M, i, j), num, den);
        }
    fmpz_clear(num);
    fmpz_clear(den);
    free(Q);
    free(B);
    free(T);
    free(A);
    fmpq_mat_clear(Qq);
}

/* ------------------------------------------------------------ Kreiss theorem */

static int
kreiss_consistent(const kr_qmat_t M, const kr_opts *opts, const char *what)
{
    kr_kreiss_result_t k;
    kr_peak_result_t r;
    kr_error_t err;
    kr_encl_t PK;
    int okk;
    kr_error_init(err);
    kr_kreiss_result_init(k);
    kr_peak_result_init(r);
    kr_encl_init(PK);
    kr_kreiss(k, M, 1e-4, opts, err);
    kr_peak(r, M, NULL, 0, opts, err);
    kr_peak_kreiss_interval(PK, k->kreiss, M->n, 128);
    /* K.lo <= P.hi and P.lo <= e n K.hi, i.e. the two enclosures of P meet */
    okk = arf_is_finite(&k->kreiss->hi) && arf_is_finite(&r->peak->hi)
          && arf_cmp(&k->kreiss->lo, &r->peak->hi) <= 0
          && arf_cmp(&r->peak->lo, &PK->hi) <= 0 && arf_cmp(&PK->lo, &r->peak->hi) <= 0;
    {
        char *klo = kr_arf_get_decimal(&k->kreiss->lo, 10, 0);
        char *khi = kr_arf_get_decimal(&k->kreiss->hi, 10, 1);
        char *plo = kr_arf_get_decimal(&r->peak->lo, 10, 0);
        char *phi = kr_arf_get_decimal(&r->peak->hi, 10, 1);
        char *ehi = kr_arf_get_decimal(&PK->hi, 10, 1);
        diag("%s: K in [%s, %s], P in [%s, %s], e n K.hi = %s", what, klo, khi, plo, phi, ehi);
        free(klo);
        free(khi);
        free(plo);
        free(phi);
        free(ehi);
    }
    kr_encl_clear(PK);
    kr_peak_result_clear(r);
    kr_kreiss_result_clear(k);
    return okk;
}

/* ------------------------------------------------------------ main */

int
main(void)
{
    flint_rand_t state;
    unsigned long seed = tap_seed(2606);
    slong iter, i;
    int all;
    fmpq_t g, c, d, z, one;
    kr_qmat_t M;
    kr_opts opts;
    kr_error_t err;
    kr_peak_result_t r;
    int quick = getenv("KREISS_TEST_QUICK") != NULL;

    plan_lazy();
    flint_randinit(state);
    flint_randseed(state, seed, seed + 7);
    ex_rand_seed(seed);
    fmpq_init(g);
    fmpq_init(c);
    fmpq_init(d);
    fmpq_init(z);
    fmpq_init(one);
    fmpq_one(one);
    kr_qmat_init(M, 0, 0);
    kr_opts_init(&opts);
    kr_error_init(err);
    kr_peak_result_init(r);

    /* ---- the 2x2 family */
    fmpq_set_si(g, 9, 10);
    fmpq_set_si(c, 10, 1);
    fmpq_set_si(d, 1, 100);
    ok(check_family(g, c, d, &opts, 1000, 1, "g = 0.9, c = 10"),
       "[[0.9, 0], [10, 0.9]]: peak enclosed within 1e-10, argmax in t_peak, every step's "
       "bounds, witness, T(0.01) exact");

    all = 1;
    for (iter = 0; iter < (quick ? 4 : 16); iter++)
    {
        fmpq_set_si(g, (slong) n_randint(state, 1901) - 950, 1000);
        fmpq_set_si(c, 1 + (slong) n_randint(state, 2000), 100);
        /* delta between 1e-3 and 10 */
        fmpq_set_si(d, 1 + (slong) n_randint(state, 10000), 1000);
        all &= check_family(g, c, d, &opts, 1000, 1, "random family");
    }
    ok(all, "%d random [[g, 0], [c, g]]: the same checks, random delta", quick ? 4 : 16);

    /* T must be large: rho = 0.99 */
    fmpq_set_si(g, 99, 100);
    fmpq_set_si(c, 1, 2);
    fmpq_set_si(d, 1, 1000);
    ok(check_family(g, c, d, &opts, 4000, 1, "g = 0.99"),
       "[[0.99, 0], [0.5, 0.99]]: peak near t = 100, every step up to T(0.001) ~ 1300 checked");
    kr_peak_result_clear(r);
    kr_peak_result_init(r);
    {
        fmpq_t zz;
        fmpq_init(zz);
        set2(M, g, zz, c, g);
        kr_peak(r, M, NULL, 0, &opts, err);
        ok(r->T >= 500 && arf_cmp_si(&r->q, 1) < 0, "... T = %ld >= 500 with q < 1", (long) r->T);
        show("g = 0.99, c = 0.5", r);
        fmpq_clear(zz);
    }
    fmpq_set_si(g, 995, 1000);
    fmpq_set_si(c, 1, 10);
    fmpq_set_si(d, 1, 2);
    ok(check_family(g, c, d, &opts, 0, 1, "g = 0.995"),
       "[[0.995, 0], [0.1, 0.995]]: T ~ 1000, peak and T(1/2) exact");

    /* complex g: same norms as |g| */
    {
        kr_qmat_t C;
        fam_ctx f;
        slong am;
        kr_qmat_init(C, 2, 1);
        fmpq_set_si(kr_qmat_re(C, 0, 0), 54, 100);
        fmpq_set_si(kr_qmat_im(C, 0, 0), 72, 100);
        fmpq_set_si(kr_qmat_re(C, 1, 1), 54, 100);
        fmpq_set_si(kr_qmat_im(C, 1, 1), 72, 100);
        fmpq_set_si(kr_qmat_re(C, 1, 0), 3, 1);
        fmpq_set_si(g, 9, 10);
        fmpq_set_si(c, 3, 1);
        f.g = g;
        f.c = c;
        fmpq_set_si(d, 1, 10);
        kr_peak(r, C, d, 0, &opts, err);
        ok(peak_contained(r->peak, fam_norm_cb, &f, family_horizon(g, c, one) + 1, &am)
           && within(r->peak, opts.rel_tol) && r->t_lo <= am && am <= r->t_hi
           && steps_contained(r, fam_norm_cb, &f, 1000)
           && r->settle_lo == r->settle_hi
           && r->settle_lo == exact_settle(fam_norm_cb, &f, family_horizon(g, c, d) + 1, d),
           "complex g = 0.54 + 0.72i, c = 3 (real form of order 4): as |g| = 0.9");
        kr_qmat_clear(C);
    }

    /* ---- nilpotent: weighted shifts */
    {
        shift_ctx s;
        int c1 = 1, c2 = 1, c3 = 1;
        fmpq *ws = _fmpq_vec_init(5);
        s.w = ws;
        for (iter = 0; iter < 12; iter++)
        {
            slong argm;
            s.n = 2 + (slong) n_randint(state, 5);
            for (i = 0; i + 1 < s.n; i++)
            {
                ex_random_decimal(ws + i, state, 6);
                if (fmpq_is_zero(ws + i))
                    fmpq_set_si(ws + i, 7, 4);
            }
            shift_matrix(M, &s, state, iter % 3 != 0);
            kr_peak(r, M, NULL, 0, &opts, err);
            c1 &= peak_contained(r->peak, shift_norm_cb, &s, s.n + 1, &argm)
                  && within(r->peak, opts.rel_tol);
            c2 &= argmax_set_inside(r, shift_norm_cb, &s, s.n + 1)
                  && steps_contained(r, shift_norm_cb, &s, 100) && witness_ok(M, r);
            c3 &= r->T >= 1 && r->T <= s.n;
            if (!(c1 && c2 && c3))
            {
                show("weighted shift", r);
                break;
            }
        }
        _fmpq_vec_clear(ws, 5);
        ok(c1, "12 weighted shifts (n = 2..6, 2 of 3 rotated by an exact orthogonal Q): "
               "exact peak enclosed within 1e-10");
        ok(c2, "... every maximiser in t_peak, every step's bounds, witness");
        ok(c3, "... ||M^T|| < 1 proved at some T <= n (M^n = 0)");
    }
    {
        /* strictly lower triangular, exact 3x3: [[0,0,0],[2,0,0],[0,-5/2,0]]:
         * norms 1, 5/2, 5, 0: P = 5 at t = 2 only */
        kr_qmat_clear(M);
        kr_qmat_init(M, 3, 0);
        fmpq_set_si(kr_qmat_re(M, 1, 0), 2, 1);
        fmpq_set_si(kr_qmat_re(M, 2, 1), -5, 2);
        fmpq_set_si(d, 3, 1);
        kr_peak(r, M, d, 0, &opts, err);
        fmpq_set_si(g, 5, 1);
        ok(kr_encl_contains_fmpq(r->peak, g) && within(r->peak, opts.rel_tol) && r->t_lo == 2
           && r->t_hi == 2 && r->settle_lo == 3 && r->settle_hi == 3,
           "strictly lower triangular 3x3: P = 5 at t = 2 exactly, T(3) = 3");
        show("lower triangular", r);
    }

    /* ---- normal, rho <= 1: P = 1 */
    all = 1;
    for (iter = 0; iter < 6; iter++)
    {
        slong n = 1 + (slong) n_randint(state, 5);
        kr_qmat_clear(M);
        kr_qmat_init(M, n, 0);
        for (i = 0; i < n; i++)
            fmpq_set_si(kr_qmat_re(M, i, i), (slong) n_randint(state, 1999) - 999, 1000);
        if (iter % 2 == 1)
            fmpq_set_si(kr_qmat_re(M, 0, 0), iter % 4 == 1 ? 1 : -1, 1); /* rho = 1 */
        kr_peak(r, M, NULL, 0, &opts, err);
        all &= arf_is_one(&r->peak->lo) && arf_is_one(&r->peak->hi) && r->t_lo == 0
               && (iter % 2 == 0 ? r->t_hi == 0 : r->contraction && r->t_hi == -1);
        if (!all)
        {
            show("diagonal", r);
            break;
        }
    }
    ok(all, "6 diagonal matrices with rho < 1 and rho = 1: P = 1 exactly (t_peak = [0, 0], "
            "or [0, unbounded] when rho = 1)");
    all = 1;
    for (iter = 0; iter < 4; iter++)
    {
        slong n = 2 + (slong) n_randint(state, 4);
        fmpq_mat_t Q;
        fmpq_mat_init(Q, n, n);
        ex_random_orthogonal(Q, state, iter % 2);
        if (iter >= 2)
        {
            fmpq_t sc;
            fmpq_init(sc);
            fmpq_set_si(sc, 9, 10);
            fmpq_mat_scalar_mul_fmpq(Q, Q, sc);
            fmpq_clear(sc);
        }
        ex_qmat_set_fmpq_mat(M, Q);
        fmpq_set_si(d, 1, 2);
        kr_peak(r, M, d, 2000, &opts, err);
        if (iter < 2)
            all &= arf_is_one(&r->peak->lo) && arf_is_one(&r->peak->hi) && r->contraction
                   && r->settle_lo >= 1 && r->settle_hi == -1;
        else
            /* 0.9^t <= 1/2 from t = 7 on */
            all &= arf_is_one(&r->peak->lo) && arf_is_one(&r->peak->hi) && r->T == 1
                   && r->settle_lo == 7 && r->settle_hi == 7;
        if (!all)
            show("rotation", r);
        fmpq_mat_clear(Q);
    }
    ok(all, "exact rational rotations (P = 1, contraction, T(1/2) unbounded above) and 0.9 x "
            "rotations (P = 1, T(1/2) = 7)");
    {
        kr_qmat_t C;
        kr_qmat_init(C, 2, 1);
        fmpq_set_si(kr_qmat_re(C, 0, 0), 3, 5);
        fmpq_set_si(kr_qmat_im(C, 0, 0), 4, 5);
        fmpq_set_si(kr_qmat_re(C, 1, 1), 1, 2);
        kr_peak(r, C, NULL, 0, &opts, err);
        ok(arf_is_one(&r->peak->lo) && arf_is_one(&r->peak->hi) && r->contraction,
           "complex diag(0.6 + 0.8i, 0.5): P = 1 exactly");
        kr_qmat_clear(C);
    }

    /* ---- rho > 1: P = inf */
    fmpq_set_si(g, 101, 100);
    fmpq_set_si(c, 1, 1);
    fmpq_set_si(d, 1, 2);
    set2(M, g, z, c, d);
    kr_peak(r, M, d, 0, &opts, err);
    ok(arf_is_pos_inf(&r->peak->lo) && arf_is_pos_inf(&r->peak->hi)
       && r->lower->kind == KR_CLAIM_STEIN_GT && r->settle_inf,
       "[[1.01, 0], [1, 0.5]]: P = inf (Stein inertia), T(delta) = inf");
    ex_grcar(M, 8);
    kr_peak(r, M, NULL, 0, &opts, err);
    ok(arf_is_pos_inf(&r->peak->lo) && arf_is_pos_inf(&r->peak->hi), "Grcar n = 8: P = inf");
    /* rho = 1, not a contraction: a Jordan block at 1 (||M^t|| = O(t)) */
    fmpq_set_si(g, 1, 1);
    fmpq_set_si(c, 1, 10);
    set2(M, g, z, c, g);
    kr_peak(r, M, NULL, 300, &opts, err);
    ok(!arf_is_finite(&r->peak->hi) && arf_cmp_si(&r->peak->lo, 1) > 0 && r->t_hi == -1
       && r->reason[0] != '\0',
       "Jordan block at 1, 300 steps: lower bound only (%.6g), hi = inf with a reason",
       arf_get_d(&r->peak->lo, ARF_RND_DOWN));
    {
        /* its lower bound is sound: ||J^t|| for g = 1, c = 0.1 */
        fam_ctx f;
        f.g = g;
        f.c = c;
        ok(steps_contained(r, fam_norm_cb, &f, 301) && witness_ok(M, r),
           "... every step's bounds contain the exact norm, witness replayed");
    }

    /* ---- budgets and arguments */
    fmpq_set_si(g, 9, 10);
    fmpq_set_si(c, 10, 1);
    set2(M, g, z, c, g);
    kr_peak(r, M, NULL, 20, &opts, err);
    {
        fam_ctx f;
        slong am;
        kr_encl_t e;
        f.g = g;
        f.c = c;
        kr_encl_init(e);
        arf_set(&e->lo, &r->peak->lo);
        arf_pos_inf(&e->hi);
        ok(r->T == 0 && !arf_is_finite(&r->peak->hi) && r->reason[0] != '\0'
           && peak_contained(e, fam_norm_cb, &f, family_horizon(g, c, one) + 1, &am),
           "max_steps = 20 < T: lower bound only, hi = inf, reason \"%s\"", r->reason);
        kr_encl_clear(e);
    }
    {
        kr_opts o = opts;
        fam_ctx f;
        slong am;
        f.g = g;
        f.c = c;
        o.time_limit = 1e-9;
        kr_peak(r, M, NULL, 0, &o, err);
        ok(peak_contained(r->peak, fam_norm_cb, &f, family_horizon(g, c, one) + 1, &am)
           && r->reason[0] != '\0',
           "time limit 1e-9 s: still an enclosure, with a reason (\"%s\")", r->reason);
    }
    fmpq_set_si(d, -1, 2);
    ok(kr_peak(r, M, d, 0, &opts, err) == KR_ERR_DOMAIN, "delta < 0: domain error");
    fmpq_zero(d);
    ok(kr_peak(r, M, d, 0, &opts, err) == KR_ERR_DOMAIN, "delta = 0: domain error");
    kr_qmat_clear(M);
    kr_qmat_init(M, 0, 0);
    ok(kr_peak(r, M, NULL, 0, &opts, err) == KR_ERR_DOMAIN, "empty matrix: domain error");
    kr_qmat_init(M, 1, 0);
    fmpq_set_si(kr_qmat_re(M, 0, 0), -1, 3);
    kr_peak(r, M, NULL, 0, &opts, err);
    ok(arf_is_one(&r->peak->lo) && arf_is_one(&r->peak->hi) && r->T == 1,
       "1x1 [-1/3]: P = 1, T = 1");
    kr_qmat_clear(M);
    kr_qmat_init(M, 3, 0);
    kr_peak(r, M, NULL, 0, &opts, err);
    ok(arf_is_one(&r->peak->lo) && arf_is_one(&r->peak->hi) && r->T == 1
       && arf_is_zero(&r->q), "zero 3x3: P = 1, ||M^1|| = 0 = q");

    /* ---- precision */
    {
        kr_opts o = opts;
        fmpq_set_si(g, 9, 10);
        fmpq_set_si(c, 1000000, 1);
        fmpq_set_si(d, 1, 1000);
        ok(check_family(g, c, d, &opts, 1000, 1, "c = 1e6"),
           "c = 10^6 (P ~ 4e6): binary64 powers too coarse for 1e-10, Arb passes; all checks");
        kr_qmat_clear(M);
        kr_qmat_init(M, 0, 0);
        set2(M, g, z, c, g);
        kr_peak(r, M, NULL, 0, &opts, err);
        ok(r->power_prec > 53, "... last pass with Arb powers (%ld bits)", (long) r->power_prec);
        fmpq_set_si(c, 1000000000000, 1);
        ok(check_family(g, c, d, &opts, 1000, 1, "c = 1e12"),
           "c = 10^12 (P ~ 4e12): binary64 cannot even prove ||M^T|| < 1; Arb from the start");
        fmpq_set_si(c, 3, 1);
        o.use_f64 = 0;
        ok(check_family(g, c, d, &o, 1000, 1, "Arb only"),
           "c = 3, Arb only (use_f64 = 0): all checks");
        o = opts;
        o.use_arb = 0;
        o.rel_tol = 1e-8;
        ok(check_family(g, c, d, &o, 1000, 1, "binary64 only"),
           "c = 3, binary64 only (use_arb = 0), tol 1e-8: all checks");
        o.rel_tol = 1e-30;
        fmpq_set_si(c, 10, 1);
        ok(check_family(g, c, NULL, &o, 1000, 0, "binary64 only, tol 1e-30"),
           "binary64 only, unreachable tol 1e-30: sound enclosure, argmax, steps");
        o = opts;
        o.rel_tol = 1e-30;
        ok(check_family(g, c, NULL, &o, 1000, 1, "tol 1e-30"),
           "tol 1e-30 with Arb: width <= 1e-30");
    }

    /* ---- the Kreiss matrix theorem, both ways */
    {
        shift_ctx s;
        fmpq *ws = _fmpq_vec_init(3);
        int k1, k2, k3;
        fmpq_set_si(g, 9, 10);
        fmpq_set_si(c, 10, 1);
        set2(M, g, z, c, g);
        k1 = kreiss_consistent(M, &opts, "K and P of [[0.9, 0], [10, 0.9]]");
        s.n = 4;
        s.w = ws;
        fmpq_set_si(ws + 0, 3, 1);
        fmpq_set_si(ws + 1, -5, 2);
        fmpq_set_si(ws + 2, 2, 1);
        shift_matrix(M, &s, state, 1);
        k2 = kreiss_consistent(M, &opts, "K and P of a rotated weighted shift");
        fmpq_set_si(g, 1, 2);
        fmpq_set_si(c, 30, 1);
        set2(M, g, c, z, g);
        k3 = kreiss_consistent(M, &opts, "K and P of [[0.5, 30], [0, 0.5]]");
        ok(k1 && k2 && k3, "K.lo <= P.hi and P.lo <= e n K.hi on three matrices");
        _fmpq_vec_clear(ws, 3);
    }

    /* ---- n = 100, rho ~ 0.99: timing */
    if (quick)
    {
        skip("n = 100 timing (KREISS_TEST_QUICK)");
        skip("n = 100 timing (KREISS_TEST_QUICK)");
        skip("n = 100 timing (KREISS_TEST_QUICK)");
    }
    else
    {
        double t0, t1;
        kr_opts o = opts;
        kr_qmat_t B;
        kr_qmat_init(B, 0, 0);
        rho99_matrix(B, 100, 1.0, state);
        o.rel_tol = 1e-6;
        t0 = wall();
        kr_peak(r, B, NULL, 0, &o, err);
        t1 = wall();
        show("n = 100, rho ~ 0.99, tol 1e-6", r);
        diag("n = 100, rho ~ 0.99, tol 1e-6: %.2f s", t1 - t0);
        ok(r->T > 0 && within(r->peak, 1e-6), "n = 100, rho ~ 0.99: T = %ld, width <= 1e-6",
           (long) r->T);
        t0 = wall();
        kr_peak(r, B, NULL, 0, &opts, err);
        t1 = wall();
        show("n = 100, rho ~ 0.99, tol 1e-10", r);
        diag("n = 100, rho ~ 0.99, tol 1e-10: %.2f s", t1 - t0);
        ok(r->T > 0 && within(r->peak, 1e-10), "... and at tolerance 1e-10");
        fmpq_set_si(d, 1, 100);
        t0 = wall();
        kr_peak(r, B, d, 0, &o, err);
        t1 = wall();
        show("n = 100, rho ~ 0.99, tol 1e-6, delta = 0.01", r);
        diag("n = 100, rho ~ 0.99, delta = 0.01: %.2f s", t1 - t0);
        ok(r->settle_hi >= 0 && r->settle_lo <= r->settle_hi,
           "... settling time T(0.01) in [%ld, %ld]", (long) r->settle_lo, (long) r->settle_hi);
        kr_qmat_clear(B);
    }

    kr_peak_result_clear(r);
    kr_qmat_clear(M);
    fmpq_clear(g);
    fmpq_clear(c);
    fmpq_clear(d);
    fmpq_clear(z);
    fmpq_clear(one);
    flint_randclear(state);
    flint_cleanup();
    return 0;
}
