/* Certified transient peaks P(M) = sup_t ||M^t|| and settling times
 * T(delta) = min{T0 : ||M^t|| <= delta for all t >= T0} (MATH.md section 7).
 *
 * R is the real form of M (order N); ||M^t|| = ||R^t|| for every t.
 *
 * 1. Powers with a proved error, not ball powers.  Entrywise ball products
 *    R^t = R R^(t-1) let the radii grow like rho(|R|)^t (|R| the entrywise
 *    absolute value), which for a rotated non-normal matrix is far above
 *    rho(R): at n = 100 the radius of a ball power overtakes its midpoint
 *    within 100 steps even at 512 bits.  Instead we carry exact matrices
 *    X_0 = I, X_1, X_2, ... (binary64, or Arb midpoints of p bits) and
 *    one-step errors
 *        eps_k >= ||R X_(k-1) - X_k||_2,
 *    bounded a priori (binary64: X_k = fl(A X_(k-1)) for the midpoint A of
 *    R, |R - A| <= Rad, |E_k| <= (Rad + gamma_N |A|) |X_(k-1)| + 2 N eta
 *    entrywise, any summation order, FMA or not; Arb: the radii of the ball
 *    product R X_(k-1), whose midpoint becomes X_k).  Telescoping,
 *        R^t - X_t = sum_{k=1..t} R^(t-k) (R X_(k-1) - X_k),
 *    so with certified u_s >= ||R^s|| for s < t (available by induction)
 *        e_t = sum_{k=1..t} u_(t-k) eps_k >= ||R^t - X_t||,
 *    an error that grows linearly in t, not exponentially.  (Recent lags
 *    are summed term by term; older ones in blocks of 64 against the
 *    maximum of u over the block's lags.)
 * 2. Per step, cheap bounds of the exact X_t: ||X_t|| <= min(Frobenius,
 *    sqrt(||X_t||_1 ||X_t||_inf)) rounded up, and ||X_t|| >= ||X_t v|| / ||v||
 *    for a vector v tracking the top right singular vector (one power
 *    iteration step of X_t^T X_t per t), with the rounding of X_t v bounded;
 *    u_t = that + e_t, l_t = that - e_t.
 * 3. The first T with u_T < 1 gives q = u_T >= ||R^T||, and
 *    ||R^(kT+s)|| <= q^k ||R^s||, so P = max_{t<T} ||R^t||: the enclosure
 *    [max_t l_t, max_{t<T} u_t].  With delta, the powers continue until
 *    q u_s <= delta on T consecutive steps s (then every later step is
 *    <= delta); T(delta) lies in [1 + max{t : l_t > delta},
 *    1 + max{t : u_t > delta}] (the latter including the q-bound beyond
 *    the computed steps).
 * 4. Steps whose cheap bounds decide nothing (u_t above lo (1 + tol/2) for
 *    the peak; l_t <= delta < u_t for the settling time) are tightened in a
 *    further pass over the powers (recomputed: nothing assumes the BLAS is
 *    deterministic): a float top eigenvector v of fl(X^T X) gives
 *    l_t = ||X v||/||v|| - e_t (Arb, or binary64 with directed rounding),
 *    and a PD claim mu I - X^T X > 0 (binary64 with Rump's shift from the
 *    (mid, rad) enclosure of X through kr_fmat_gram, then Arb Cholesky of
 *    the ball matrix) gives u_t = sqrt(mu) + e_t.  The first pass also
 *    tries such a claim now and then when the float estimate of ||X_t|| is
 *    below 1 but the cheap bound is not, so that T is found early.
 *    When e_t or the binary64 PD test limits the result, the tightening is
 *    repeated with Arb powers at the working precision, then twice that,
 *    ... up to opts->max_prec.  Arb passes visit only the candidate steps:
 *    the first of a cluster by binary powering (for X_a ~ R^a, X_b ~ R^b
 *    with errors e_a, e_b, the rounded product X of X_a X_b has
 *    ||R^(a+b) - X|| <= u_a e_b + e_a ||X_b|| + ||X_a X_b - X||, relative
 *    errors growing by at most about P per level, for which bits are
 *    added), the next ones by steps of R from it,
 *    ||R^(b+j) - X_(b+j)|| <= u_j e_b + sum_{i=1..j} u_(j-i) eps_(b+i).
 * 5. No T within max_steps: the lower bound only (hi = +inf) unless
 *    rho(M) > 1 is certified (Stein inertia: P = inf) or I - M^*M >= 0 is
 *    decided exactly in rational arithmetic (P = 1).
 * Every number above is a rigorous bound; floating-point eigenvectors and
 * power-iteration vectors are hints only. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <flint/fmpz_mat.h>

#include "kreiss/peak.h"
#include "bounds/internal.h"
#include "bounds/lapack.h"
#include "fp/round.h"

#define PK_WEXACT 256        /* lags summed term by term in e_t */
#define PK_BLK 64            /* block length for the older lags */
#define PK_EXACT_MAX_DIM 128 /* exact contraction test up to this order */
#define PK_MAX_ITER 64       /* refinement passes */

enum
{
    PK_PEAK = 1,  /* tighten for the peak */
    PK_SETTLE = 2 /* tighten for the settling time */
};

typedef enum
{
    PASS_DONE = 0,
    PASS_STEPS, /* max_steps reached */
    PASS_PREC,  /* rounding errors too large at this level */
    PASS_RANGE, /* beyond the binary64 range */
    PASS_TIME,
    PASS_NOMEM
} pass_status;

typedef struct
{
    slong t;
    int flags;
} cand;

typedef struct
{
    const kr_qmat_struct *M;
    const kr_opts *opts;
    const fmpq *delta;  /* NULL: no settling time */
    slong N, wp, max_steps;
    int min_level, max_level;

    /* binary64 enclosure of R and the data of the step bound */
    kr_fmat_t F;
    int have_F;
    double *C;    /* Rad + gamma_N |A|, rounded up */
    double *Ccol; /* >= C^T 1 */
    double *ones;
    double eps1;  /* >= ||Rad||_2 */

    /* per-step records, t = 0 .. nsteps - 1 */
    slong alloc, nsteps;
    arf_struct *U, *L;   /* certified bounds of ||R^t|| */
    mag_struct *Um;      /* U as a mag (for e_t) */
    mag_struct *eps;     /* one-step errors of the current pass */
    mag_struct *epsblk;  /* their sums over aligned blocks of PK_BLK steps */
    mag_struct *Ublk;    /* upper bounds of max U over aligned blocks */
    unsigned char *tight; /* 1 + the last level tightened at, 0 never */

    slong T;
    arf_struct q;

    /* best lower bound and its witness */
    arf_struct lo;
    slong best_t, best_prec;
    double *best_v;

    /* work */
    double *Xd, *Xrad, *Yd, *v, *y, *wv, *a, *b, *G, *ev;
    arb_mat_t Ra, Xa, Ya, Sa;
    int arb_init, Xa_valid;
    slong arb_prec;

    double t0, last_report;
    slong passes, tightened;
    slong last_prec; /* precision of the powers in the last pass */
    int out_of_time;
} run;

/* ------------------------------------------------------------------ utils */

static void progress(run *R, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void
progress(run *R, const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    int len;
    if (R->opts->progress == NULL)
        return;
    len = snprintf(buf, sizeof buf, "[%.2fs] peak: ", kr_opts_clock() - R->t0);
    va_start(ap, fmt);
    vsnprintf(buf + len, sizeof buf - (size_t) len, fmt, ap);
    va_end(ap);
    R->opts->progress(R->opts->progress_ctx, buf);
}

static int
time_up(run *R)
{
    if (kr_opts_out_of_time(R->opts))
        R->out_of_time = 1;
    return R->out_of_time;
}

static void
append_reason(char *reason, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void
append_reason(char *reason, const char *fmt, ...)
{
    size_t len = strlen(reason);
    va_list ap;
    if (len + 3 >= KR_REASON_LEN)
        return;
    if (len > 0)
    {
        reason[len++] = ';';
        reason[len++] = ' ';
        reason[len] = '\0';
    }
    va_start(ap, fmt);
    vsnprintf(reason + len, KR_REASON_LEN - len, fmt, ap);
    va_end(ap);
}

/* Lower bound of an exact x >= 0 computed as xt with at most k roundings of
 * relative error u each and at most 2 k eta of underflow (nonnegative
 * data): xt <= (1 + gamma_k) x + 2 k eta, so x >= (xt - 2 k eta) / (1 +
 * gamma_k). */
static double
down_nonneg(double xt, slong k)
{
    double a = kr_sub_down(xt, (double) k * KR_DMIN);
    if (!(a > 0))
        return 0.0;
    return kr_div_down(a, kr_add_up(1.0, kr_gamma_up(k)));
}

/* sign of x - q, exactly (x finite or infinite). */
static int
cmp_arf_fmpq(const arf_t x, const fmpq_t q)
{
    fmpq_t y;
    int c;
    if (arf_is_pos_inf(x))
        return 1;
    if (arf_is_neg_inf(x))
        return -1;
    fmpq_init(y);
    arf_get_fmpq(y, x);
    c = fmpq_cmp(y, q);
    fmpq_clear(y);
    return c;
}

/* z := x + e (up) or x - e (down) for a double x and a mag e. */
static void
arf_add_mag_dir(arf_t z, double x, const mag_t e, int up, slong prec)
{
    arf_t a, b;
    arf_init(a);
    arf_init(b);
    if (isfinite(x))
        arf_set_d(a, x);
    else
        arf_pos_inf(a);
    arf_set_mag(b, e);
    if (up)
        arf_add(z, a, b, prec, ARF_RND_UP);
    else
        arf_sub(z, a, b, prec, ARF_RND_DOWN);
    arf_clear(a);
    arf_clear(b);
}

/* z := sqrt(t) + e rounded up. */
static void
sqrt_plus_mag(arf_t z, const arf_t t, const mag_t e, slong prec)
{
    arf_t b;
    arf_init(b);
    arf_sqrt(z, t, prec, ARF_RND_UP);
    arf_set_mag(b, e);
    arf_add(z, z, b, prec, ARF_RND_UP);
    arf_clear(b);
}

static slong
level_prec(const run *R, int lev)
{
    return lev == 0 ? 53 : R->wp << (lev - 1);
}

/* ------------------------------------------------------------------ run */

static int
run_init(run *R, const kr_qmat_t M, const fmpq *delta, slong max_steps,
         const kr_opts *opts)
{
    slong N = kr_realform_dim(M), i, j;
    size_t NN = (size_t) N * (size_t) N;
    memset(R, 0, sizeof *R);
    R->M = M;
    R->opts = opts;
    R->delta = delta;
    R->N = N;
    R->wp = kr_work_prec(opts);
    R->max_steps = max_steps;
    R->t0 = kr_opts_clock();
    R->last_report = R->t0;
    arf_init(&R->q);
    arf_pos_inf(&R->q);
    arf_init(&R->lo);
    arf_one(&R->lo);
    R->best_t = 0;
    R->best_prec = 53;

    R->Xd = malloc(sizeof(double) * NN);
    R->Xrad = malloc(sizeof(double) * NN);
    R->Yd = malloc(sizeof(double) * NN);
    R->G = malloc(sizeof(double) * NN);
    R->v = malloc(sizeof(double) * (size_t) N);
    R->y = malloc(sizeof(double) * (size_t) N);
    R->wv = malloc(sizeof(double) * (size_t) N);
    R->a = malloc(sizeof(double) * (size_t) N);
    R->b = malloc(sizeof(double) * (size_t) N);
    R->ev = malloc(sizeof(double) * (size_t) N);
    R->ones = malloc(sizeof(double) * (size_t) N);
    R->best_v = calloc((size_t) N, sizeof(double));
    if (!R->Xd || !R->Xrad || !R->Yd || !R->G || !R->v || !R->y || !R->wv || !R->a
        || !R->b || !R->ev || !R->ones || !R->best_v)
        return 0;
    for (i = 0; i < N; i++)
        R->ones[i] = 1.0;
    R->best_v[0] = 1.0; /* t = 0: ||I e_1|| = 1 */

    R->have_F = kr_realform_f64(R->F, M);
    if (R->have_F)
    {
        double g = kr_gamma_up(N), rmax, cmax;
        R->C = malloc(sizeof(double) * NN);
        R->Ccol = malloc(sizeof(double) * (size_t) N);
        if (R->C == NULL || R->Ccol == NULL)
            return 0;
        for (j = 0; j < N; j++)
            for (i = 0; i < N; i++)
                R->C[i + j * N] = kr_add_up(kr_fmat_rad(R->F, i, j),
                                            kr_mul_up(g, fabs(kr_fmat_mid(R->F, i, j))));
        if (!kr_absmv_up(R->Ccol, R->C, NULL, N, N, 1, R->ones)
            || !kr_absmv_up(R->a, R->F->rad, NULL, N, N, 0, R->ones)
            || !kr_absmv_up(R->b, R->F->rad, NULL, N, N, 1, R->ones))
            R->have_F = 0;
        else
        {
            /* ||Rad||_2 <= sqrt(||Rad||_inf ||Rad||_1) */
            rmax = kr_vec_max(R->a, N);
            cmax = kr_vec_max(R->b, N);
            R->eps1 = kr_sqrt_up(kr_mul_up(rmax, cmax));
            for (i = 0; i < N * N && R->F->rad[i] == 0; i++)
                ;
            if (i == N * N)
                R->eps1 = 0.0; /* R is exactly the binary64 matrix */
            if (!isfinite(R->eps1))
                R->have_F = 0;
        }
    }
    R->min_level = (R->have_F && opts->use_f64) ? 0 : 1;
    if (opts->use_arb)
    {
        R->max_level = 1;
        while ((R->wp << R->max_level) <= opts->max_prec && R->max_level < 30)
            R->max_level++;
    }
    else
        R->max_level = 0;
    return 1;
}

static void
run_clear(run *R)
{
    slong t;
    for (t = 0; t < R->alloc; t++)
    {
        arf_clear(R->U + t);
        arf_clear(R->L + t);
        mag_clear(R->Um + t);
        mag_clear(R->eps + t);
    }
    for (t = 0; t < R->alloc / PK_BLK + 1 && R->epsblk != NULL; t++)
    {
        mag_clear(R->epsblk + t);
        mag_clear(R->Ublk + t);
    }
    free(R->U);
    free(R->L);
    free(R->Um);
    free(R->eps);
    free(R->epsblk);
    free(R->Ublk);
    free(R->tight);
    arf_clear(&R->q);
    arf_clear(&R->lo);
    free(R->Xd);
    free(R->Xrad);
    free(R->Yd);
    free(R->G);
    free(R->v);
    free(R->y);
    free(R->wv);
    free(R->a);
    free(R->b);
    free(R->ev);
    free(R->ones);
    free(R->best_v);
    free(R->C);
    free(R->Ccol);
    kr_fmat_clear(R->F);
    if (R->arb_init)
    {
        arb_mat_clear(R->Ra);
        arb_mat_clear(R->Xa);
        arb_mat_clear(R->Ya);
        arb_mat_clear(R->Sa);
    }
}

/* Room for steps 0 .. n - 1.  New entries: U = +inf, L = 0. */
static int
ensure_alloc(run *R, slong n)
{
    slong na, t, nb_old, nb_new;
    void *p;
    if (n <= R->alloc)
        return 1;
    na = R->alloc ? 2 * R->alloc : 256;
    while (na < n)
        na *= 2;
    nb_old = R->alloc ? R->alloc / PK_BLK + 1 : 0;
    nb_new = na / PK_BLK + 1;
#define PK_GROW(ptr, type, count)                                  \
    do                                                             \
    {                                                              \
        p = realloc((ptr), sizeof(type) * (size_t) (count));       \
        if (p == NULL)                                             \
            return 0;                                              \
        (ptr) = p;                                                 \
    } while (0)
    PK_GROW(R->U, arf_struct, na);
    PK_GROW(R->L, arf_struct, na);
    PK_GROW(R->Um, mag_struct, na);
    PK_GROW(R->eps, mag_struct, na);
    PK_GROW(R->tight, unsigned char, na);
    PK_GROW(R->epsblk, mag_struct, nb_new);
    PK_GROW(R->Ublk, mag_struct, nb_new);
#undef PK_GROW
    for (t = R->alloc; t < na; t++)
    {
        arf_init(R->U + t);
        arf_pos_inf(R->U + t);
        arf_init(R->L + t);
        mag_init(R->Um + t);
        mag_inf(R->Um + t);
        mag_init(R->eps + t);
        R->tight[t] = 0;
    }
    for (t = nb_old; t < nb_new; t++)
    {
        mag_init(R->epsblk + t);
        mag_init(R->Ublk + t);
    }
    R->alloc = na;
    return 1;
}

static int
ensure_arb(run *R)
{
    if (!R->arb_init)
    {
        arb_mat_init(R->Ra, R->N, R->N);
        arb_mat_init(R->Xa, R->N, R->N);
        arb_mat_init(R->Ya, R->N, R->N);
        arb_mat_init(R->Sa, R->N, R->N);
        R->arb_init = 1;
        R->arb_prec = 0;
    }
    return 1;
}

/* ------------------------------------------------------------------ records */

/* Lower bound lnew of ||R^t|| from the vector vec (length N), evaluated at
 * precision prec. */
static void
record_lower(run *R, slong t, const arf_t lnew, const double *vec, slong prec)
{
    if (arf_sgn(lnew) <= 0 || arf_cmp(lnew, R->L + t) <= 0)
        return;
    arf_set(R->L + t, lnew);
    if (arf_cmp(lnew, &R->lo) > 0)
    {
        arf_set(&R->lo, lnew);
        R->best_t = t;
        R->best_prec = prec;
        memcpy(R->best_v, vec, sizeof(double) * (size_t) R->N);
    }
}

static void
record_upper(run *R, slong t, const arf_t unew)
{
    if (arf_cmp(unew, R->U + t) >= 0)
        return;
    arf_set(R->U + t, unew);
    arf_get_mag(R->Um + t, unew);
    /* Ublk only ever holds upper bounds of the block maxima: raise it for a
     * first value, keep it otherwise (stale values are larger, still valid) */
    {
        mag_struct *B = R->Ublk + t / PK_BLK;
        if (mag_cmp(R->Um + t, B) > 0)
            mag_set(B, R->Um + t);
    }
}

/* e := upper bound of sum_{k=1..t} U_(t-k) eps_k. */
static void
step_error(mag_t e, const run *R, slong t)
{
    slong k, kA = FLINT_MAX(1, t - PK_WEXACT + 1), jfull, j;
    mag_zero(e);
    for (k = kA; k <= t; k++)
        mag_addmul(e, R->Um + (t - k), R->eps + k);
    /* k in [0, kA - 1]: complete aligned blocks, then the rest one by one */
    jfull = kA / PK_BLK;
    for (j = 0; j < jfull; j++)
    {
        slong lag_lo = t - (j * PK_BLK + PK_BLK - 1), lag_hi = t - j * PK_BLK;
        mag_t m;
        mag_init(m);
        mag_max(m, R->Ublk + lag_lo / PK_BLK, R->Ublk + lag_hi / PK_BLK);
        mag_addmul(e, m, R->epsblk + j);
        mag_clear(m);
    }
    for (k = FLINT_MAX(1, jfull * PK_BLK); k < kA; k++)
        mag_addmul(e, R->Um + (t - k), R->eps + k);
}

/* ------------------------------------------------------------------ binary64 bounds */

/* Upper bound of ||X||_2 for every X with |X - Xd| <= Xrad (Xrad may be
 * NULL): min(Frobenius, sqrt(||.||_1 ||.||_inf)). */
static double
norm_upper_f64(run *R, const double *Xd, const double *Xrad)
{
    slong N = R->N, i, NN = N * N;
    double s = 0.0, fro, oi;
    for (i = 0; i < NN; i++)
        if (Xd[i] != 0 || (Xrad != NULL && Xrad[i] != 0))
            break;
    if (i == NN)
        return 0.0; /* exactly zero */
    for (i = 0; i < NN; i++)
    {
        double x = Xrad ? fabs(Xd[i]) + Xrad[i] : fabs(Xd[i]);
        s += x * x;
    }
    fro = kr_sqrt_up(kr_up_nonneg(s, NN + 2));
    if (!kr_absmv_up(R->a, Xd, Xrad, N, N, 0, R->ones)
        || !kr_absmv_up(R->b, Xd, Xrad, N, N, 1, R->ones))
        return isfinite(fro) ? fro : INFINITY;
    oi = kr_sqrt_up(kr_mul_up(kr_vec_max(R->a, N), kr_vec_max(R->b, N)));
    if (!isfinite(fro))
        fro = INFINITY;
    if (!isfinite(oi))
        oi = INFINITY;
    return fmin(fro, oi);
}

/* Lower bound of ||X vec|| / ||vec|| for every X with |X - Xd| <= Xrad
 * (Xrad may be NULL); *est gets the float value.  y = fl(Xd vec) (left in
 * R->y) has |y - Xd vec| <= gamma_N |Xd| |vec| + 2 N eta, and
 * |(X - Xd) vec| <= Xrad |vec|. */
static double
ratio_lower_f64(run *R, const double *Xd, const double *Xrad, const double *vec,
                double *est)
{
    slong N = R->N, i, j;
    double g = kr_gamma_up(N), sy = 0.0, se = 0.0, sv = 0.0, ny, ne, nv, *av = R->wv;
    for (i = 0; i < N; i++)
        R->y[i] = 0.0;
    for (j = 0; j < N; j++)
    {
        double vj = vec[j];
        const double *col = Xd + j * N;
        for (i = 0; i < N; i++)
            R->y[i] += col[i] * vj;
    }
    for (i = 0; i < N; i++)
    {
        sy += R->y[i] * R->y[i];
        sv += vec[i] * vec[i];
        av[i] = fabs(vec[i]);
    }
    *est = sqrt(sy) / sqrt(sv);
    if (!kr_absmv_up(R->a, Xd, NULL, N, N, 0, av))
        return 0.0;
    if (Xrad != NULL && !kr_absmv_up(R->b, Xrad, NULL, N, N, 0, av))
        return 0.0;
    for (i = 0; i < N; i++)
    {
        double e = kr_add_up(kr_mul_up(g, R->a[i]), (double) N * KR_DMIN);
        if (Xrad != NULL)
            e = kr_add_up(e, R->b[i]);
        se += e * e;
    }
    ny = kr_sqrt_down(down_nonneg(sy, N + 1));
    ne = kr_sqrt_up(kr_up_nonneg(se, N + 1));
    nv = kr_sqrt_up(kr_up_nonneg(sv, N + 1));
    if (!isfinite(ne) || !isfinite(nv) || !(nv > 0) || !isfinite(ny))
        return 0.0;
    ny = kr_sub_down(ny, ne);
    return ny > 0 ? kr_div_down(ny, nv) : 0.0;
}

/* One power-iteration step of Xd^T Xd on v (float hint), using y = Xd v
 * left in R->y by ratio_lower_f64. */
static void
track_update(run *R, const double *Xd)
{
    slong N = R->N, i, j;
    double s = 0.0;
    for (j = 0; j < N; j++)
    {
        const double *col = Xd + j * N;
        double d = 0.0;
        for (i = 0; i < N; i++)
            d += col[i] * R->y[i];
        R->wv[j] = d;
        s += d * d;
    }
    s = sqrt(s);
    if (s > 0 && isfinite(s))
        for (j = 0; j < N; j++)
            R->v[j] = R->wv[j] / s;
}

static void
track_start(run *R)
{
    slong N = R->N, j;
    double s = 0.0;
    for (j = 0; j < N; j++)
    {
        /* deterministic, not orthogonal to anything in particular */
        R->v[j] = 1.0 + 0.5 * (double) ((j * 7919 + 13) % 101) / 101.0;
        s += R->v[j] * R->v[j];
    }
    s = sqrt(s);
    for (j = 0; j < N; j++)
        R->v[j] /= s;
}

/* Xd, Xrad := binary64 enclosure of the exact arb_mat Xa (midpoints).
 * Returns 0 beyond the range. */
static int
arb_to_f64(run *R)
{
    slong N = R->N, i, j;
    for (i = 0; i < N; i++)
        for (j = 0; j < N; j++)
        {
            const arf_struct *x = arb_midref(arb_mat_entry(R->Xa, i, j));
            double d, r;
            if (arf_is_zero(x))
            {
                d = 0.0;
                r = 0.0;
            }
            else if (arf_cmpabs_2exp_si(x, 1000) > 0)
                return 0;
            else if (arf_cmpabs_2exp_si(x, -1000) < 0)
            {
                d = 0.0;
                r = 0x1p-1000;
            }
            else
            {
                /* normal range: |x - RN(x)| <= u |RN(x)| */
                d = arf_get_d(x, ARF_RND_NEAR);
                r = kr_mul_up(fabs(d), KR_U);
            }
            R->Xd[i + j * N] = d;
            R->Xrad[i + j * N] = r;
        }
    return 1;
}

static void
arb_mat_from_colmajor(arb_mat_t A, const double *X, slong N)
{
    slong i, j;
    for (i = 0; i < N; i++)
        for (j = 0; j < N; j++)
            arb_set_d(arb_mat_entry(A, i, j), X[i + j * N]);
}

/* ------------------------------------------------------------------ tightening */

typedef struct
{
    const arb_mat_struct *X;
    arf_struct t;
} gram_src_ctx;

static int
gram_src_arb(arb_mat_t H, slong prec, void *vctx)
{
    gram_src_ctx *c = vctx;
    kr_arb_gram_shift(H, c->X, &c->t, +1, prec);
    return 1;
}

/* Try to prove ||X|| <= target with a PD claim in Arb: t = target^2 rounded
 * up, t I - X^T X > 0.  Returns 1 and sets unew = sqrt(t) + e. */
static int
arb_claim(run *R, arf_t unew, const arf_t target, const mag_t e)
{
    gram_src_ctx c;
    kr_sym_source src;
    kr_opts o = *R->opts;
    kr_pd_result res;
    int ok;
    if (!R->opts->use_arb || R->N > R->opts->arb_max_dim || !R->Xa_valid)
        return 0;
    c.X = R->Xa;
    arf_init(&c.t);
    arf_mul(&c.t, target, target, R->wp, ARF_RND_UP);
    src.n = R->N;
    src.f64 = NULL;
    src.arb = gram_src_arb;
    src.ctx = &c;
    o.use_f64 = 0;
    ok = kr_pd_certify(&res, &src, &o) == KR_PD_YES;
    if (ok)
        sqrt_plus_mag(unew, &c.t, e, R->wp);
    arf_clear(&c.t);
    return ok;
}

/* Is step t still undecided for the purposes in flags? */
static int
undecided(const run *R, slong t, int flags)
{
    if ((flags & PK_PEAK) != 0)
    {
        arf_t g;
        int bad;
        arf_t f;
        arf_init(g);
        arf_init(f);
        arf_set_d(f, R->opts->rel_tol / 2);
        arf_add_ui(f, f, 1, R->wp, ARF_RND_DOWN);
        arf_mul(g, &R->lo, f, R->wp, ARF_RND_DOWN);
        arf_clear(f);
        bad = arf_cmp(R->U + t, g) > 0;
        arf_clear(g);
        if (bad)
            return 1;
    }
    if ((flags & PK_SETTLE) != 0 && R->delta != NULL)
    {
        if (cmp_arf_fmpq(R->U + t, R->delta) > 0 && cmp_arf_fmpq(R->L + t, R->delta) <= 0)
            return 1;
    }
    return 0;
}

/* Tighten step t (the current power is Xd/Xrad, and Xa when Xa_valid) with
 * error e.  Returns 0 on allocation failure. */
static int
tighten(run *R, slong t, int lev, const mag_t e, int flags)
{
    slong N = R->N;
    kr_fmat_struct Fw;
    kr_gram_ctx ctx;
    kr_witness_t w;
    double lam, rowsum;
    arf_t lnew, unew, ellm;
    int have_eig;

    Fw.rows = Fw.cols = N;
    Fw.mid = R->Xd;
    Fw.rad = lev == 0 ? NULL : R->Xrad;
    have_eig = kr_fmat_gram(R->G, &rowsum, &Fw)
               && kr_hint_sym_eigpair(&lam, R->ev, R->G, N, N);
    R->tight[t] = (unsigned char) (lev + 1);
    if (!have_eig)
        return 1; /* nothing gained; the cheap bounds stay */
    if (lam < 0)
        lam = 0;
    R->tightened++;
    arf_init(lnew);
    arf_init(unew);
    arf_init(ellm);

    /* lower bound from the eigenvector */
    if (lev == 0)
    {
        double est;
        double l = ratio_lower_f64(R, R->Xd, NULL, R->ev, &est);
        arf_add_mag_dir(lnew, l, e, 0, R->wp);
        record_lower(R, t, lnew, R->ev, 53);
        arf_set_d(ellm, isfinite(est) ? est : 0.0);
    }
    else
    {
        arb_t ell;
        arf_struct *va = flint_malloc(sizeof(arf_struct) * (size_t) N);
        slong i, pv = level_prec(R, lev) + 64 + FLINT_BIT_COUNT(N);
        arb_init(ell);
        for (i = 0; i < N; i++)
        {
            arf_init(va + i);
            arf_set_d(va + i, R->ev[i]);
        }
        kr_arb_vec_norm_ratio(ell, R->Xa, va, pv);
        arb_get_lbound_arf(lnew, ell, R->wp);
        {
            arf_t em;
            arf_init(em);
            arf_set_mag(em, e);
            arf_sub(lnew, lnew, em, R->wp, ARF_RND_DOWN);
            arf_clear(em);
        }
        record_lower(R, t, lnew, R->ev, pv);
        arf_set(ellm, arb_midref(ell));
        for (i = 0; i < N; i++)
            arf_clear(va + i);
        flint_free(va);
        arb_clear(ell);
    }

    /* upper bound: binary64 PD claim near the float estimate */
    kr_witness_init(w);
    ctx.N = N;
    ctx.F = NULL;
    ctx.G = R->G;
    ctx.rowsum = rowsum;
    ctx.A = NULL;
    ctx.sign = +1;
    arf_init(&ctx.t);
    if (kr_gram_claim_f64_near(w, &ctx, lam, R->opts))
    {
        sqrt_plus_mag(unew, &ctx.t, e, R->wp);
        record_upper(R, t, unew);
    }
    arf_clear(&ctx.t);
    kr_witness_clear(w);

    /* Arb claims aimed between the estimate and the goal */
    {
        int k;
        for (k = 0; k < 2; k++)
        {
            int f = k == 0 ? PK_PEAK : PK_SETTLE;
            arf_t goal, target, em;
            if ((flags & f) == 0 || !undecided(R, t, f))
                continue;
            arf_init(goal);
            arf_init(target);
            arf_init(em);
            if (f == PK_PEAK)
            {
                arf_t fct;
                arf_init(fct);
                arf_set_d(fct, R->opts->rel_tol / 2);
                arf_add_ui(fct, fct, 1, R->wp, ARF_RND_DOWN);
                arf_mul(goal, &R->lo, fct, R->wp, ARF_RND_DOWN);
                arf_clear(fct);
            }
            else
            {
                arb_t d;
                arb_init(d);
                arb_set_fmpq(d, R->delta, R->wp);
                arb_get_lbound_arf(goal, d, R->wp);
                arb_clear(d);
            }
            /* target = (ell + goal - e) / 2, if above ell */
            arf_set_mag(em, e);
            arf_sub(target, goal, em, R->wp, ARF_RND_DOWN);
            if (arf_cmp(target, ellm) > 0)
            {
                arf_add(target, target, ellm, R->wp, ARF_RND_DOWN);
                arf_mul_2exp_si(target, target, -1);
                if (lev == 0 && !R->Xa_valid && R->N <= R->opts->arb_max_dim
                    && R->opts->use_arb)
                {
                    ensure_arb(R);
                    arb_mat_from_colmajor(R->Xa, R->Xd, N);
                    R->Xa_valid = 1;
                }
                if (arb_claim(R, unew, target, e))
                    record_upper(R, t, unew);
            }
            arf_clear(goal);
            arf_clear(target);
            arf_clear(em);
        }
    }
    arf_clear(lnew);
    arf_clear(unew);
    arf_clear(ellm);
    return 1;
}

/* ------------------------------------------------------------------ passes */

/* ub(q U_s) <= delta ? */
static int
tail_ok(const run *R, slong s)
{
    arf_t z;
    int ok;
    arf_init(z);
    arf_mul(z, &R->q, R->U + s, R->wp, ARF_RND_UP);
    ok = cmp_arf_fmpq(z, R->delta) <= 0;
    arf_clear(z);
    return ok;
}

static int
cand_cmp(const void *x, const void *y)
{
    const cand *a = x, *b = y;
    return (a->t > b->t) - (a->t < b->t);
}

/* Powers t = 1 .. tmax at level lev.  First pass (C == NULL): records new
 * steps, finds T and stops when the peak (and the settling time) are
 * settled.  Later passes: recompute and tighten the sorted candidates C. */
static pass_status
run_pass(run *R, int lev, slong tmax, const cand *C, slong nc)
{
    slong N = R->N, t, ci = 0, cnt = 0, last_try = WORD_MIN / 2;
    size_t NN = (size_t) N * (size_t) N;
    int first = C == NULL;
    mag_t e;
    arf_t unew, lnew;
    pass_status st = PASS_DONE;

    R->passes++;
    R->last_prec = level_prec(R, lev);
    mag_init(e);
    arf_init(unew);
    arf_init(lnew);
    if (lev > 0)
    {
        slong p = level_prec(R, lev);
        ensure_arb(R);
        if (R->arb_prec != p)
        {
            kr_realform_arb(R->Ra, R->M, p);
            R->arb_prec = p;
        }
        arb_mat_one(R->Xa);
    }
    /* X_0 = I */
    memset(R->Xd, 0, sizeof(double) * NN);
    for (t = 0; t < N; t++)
        R->Xd[t + t * N] = 1.0;
    R->Xa_valid = 0;
    track_start(R);
    if (first)
    {
        if (!ensure_alloc(R, 1))
        {
            st = PASS_NOMEM;
            goto done;
        }
        arf_one(R->U + 0);
        arf_one(R->L + 0);
        mag_one(R->Um + 0);
        mag_one(R->Ublk + 0);
        R->nsteps = 1;
    }
    for (t = 0; t <= R->alloc / PK_BLK && t < R->alloc / PK_BLK + 1; t++)
        mag_zero(R->epsblk + t);
    mag_zero(R->eps + 0);
    progress(R, "pass %ld with %s powers%s", (long) R->passes,
             lev == 0 ? "binary64" : "Arb", first ? "" : " (tightening)");

    for (t = 1; t <= tmax; t++)
    {
        double nu, nl, est;
        if (first)
        {
            if (!ensure_alloc(R, t + 1))
            {
                st = PASS_NOMEM;
                break;
            }
        }
        /* X_t and eps_t */
        if (lev == 0)
        {
            if (t == 1)
            {
                memcpy(R->Xd, R->F->mid, sizeof(double) * NN);
                mag_set_d(R->eps + 1, R->eps1);
            }
            else
            {
                double rmax, cmax, tail = (double) N * (double) N * KR_DMIN, ep;
                slong i;
                int finite = 1;
                kr_blas_gemm(0, 0, N, N, N, 1.0, R->F->mid, R->Xd, 0.0, R->Yd);
                /* |E| <= C |X| + 2 N eta: row sums C (|X| 1), column sums
                 * (C^T 1)^T |X| */
                if (!kr_absmv_up(R->a, R->Xd, NULL, N, N, 0, R->ones)
                    || !kr_absmv_up(R->b, R->C, NULL, N, N, 0, R->a))
                    finite = 0;
                rmax = finite ? kr_add_up(kr_vec_max(R->b, N), tail) : INFINITY;
                if (finite && !kr_absmv_up(R->a, R->Xd, NULL, N, N, 1, R->Ccol))
                    finite = 0;
                cmax = finite ? kr_add_up(kr_vec_max(R->a, N), tail) : INFINITY;
                ep = kr_sqrt_up(kr_mul_up(rmax, cmax));
                for (i = 0; i < (slong) NN && finite; i++)
                    if (!isfinite(R->Yd[i]))
                        finite = 0;
                if (!finite || !isfinite(ep))
                {
                    st = PASS_RANGE;
                    break;
                }
                {
                    double *tmp = R->Xd;
                    R->Xd = R->Yd;
                    R->Yd = tmp;
                }
                mag_set_d(R->eps + t, ep);
            }
            R->Xa_valid = 0;
        }
        else
        {
            slong i, j;
            mag_t s;
            mag_init(s);
            arb_mat_mul(R->Ya, R->Ra, R->Xa, level_prec(R, lev));
            for (i = 0; i < N; i++)
                for (j = 0; j < N; j++)
                {
                    const mag_struct *r = arb_radref(arb_mat_entry(R->Ya, i, j));
                    mag_addmul(s, r, r);
                }
            mag_sqrt(R->eps + t, s);
            mag_clear(s);
            arb_mat_get_mid(R->Xa, R->Ya);
            R->Xa_valid = 1;
            if (!arb_to_f64(R))
            {
                st = PASS_RANGE;
                break;
            }
        }
        mag_add(R->epsblk + t / PK_BLK, R->epsblk + t / PK_BLK, R->eps + t);

        /* e_t, cheap bounds */
        step_error(e, R, t);
        nu = norm_upper_f64(R, R->Xd, lev == 0 ? NULL : R->Xrad);
        nl = ratio_lower_f64(R, R->Xd, lev == 0 ? NULL : R->Xrad, R->v, &est);
        arf_add_mag_dir(unew, nu, e, 1, R->wp);
        arf_add_mag_dir(lnew, nl, e, 0, R->wp);
        if (first)
            R->nsteps = t + 1;
        record_upper(R, t, unew);
        record_lower(R, t, lnew, R->v, 53);
        track_update(R, R->Xd);

        /* the cheap bound may stay above 1 for a while after the powers
         * fell below it: try a PD claim now and then */
        if (first && R->T == 0 && arf_cmp_si(R->U + t, 1) >= 0 && isfinite(est)
            && est * (1 + 0x1p-20) + mag_get_d(e) < 1 && t - last_try >= FLINT_MAX(4, t / 8))
        {
            last_try = t;
            if (!tighten(R, t, lev, e, 0))
            {
                st = PASS_NOMEM;
                break;
            }
        }

        if (!first && ci < nc && C[ci].t == t)
        {
            if (!tighten(R, t, lev, e, C[ci].flags))
            {
                st = PASS_NOMEM;
                break;
            }
            ci++;
        }

        if (first)
        {
            if (R->T == 0 && arf_cmp_si(R->U + t, 1) < 0)
            {
                slong s;
                R->T = t;
                arf_set(&R->q, R->U + t);
                progress(R, "||M^%ld|| < 1 proved", (long) t);
                if (R->delta != NULL)
                    for (s = t, cnt = 0; s >= 1 && tail_ok(R, s); s--)
                        cnt++;
            }
            else if (R->T > 0 && R->delta != NULL)
                cnt = tail_ok(R, t) ? cnt + 1 : 0;
            if (R->T > 0 && (R->delta == NULL || cnt >= R->T))
                break;
            /* the powers decayed but their error did not, or the error
             * dominates the bound: more precision */
            if (R->T == 0 && ((nu < 0.5 && mag_cmp_2exp_si(e, -1) >= 0)
                              || (mag_cmp_2exp_si(e, 0) >= 0 && mag_get_d(e) >= nu)))
            {
                st = PASS_PREC;
                break;
            }
            if (t == tmax)
                st = PASS_STEPS;
        }
        else if (ci >= nc)
            break;
        if (kr_opts_clock() - R->last_report > 1.0)
        {
            R->last_report = kr_opts_clock();
            progress(R, "t = %ld, ||M^t|| <= %.6g", (long) t,
                     arf_get_d(R->U + t, ARF_RND_UP));
        }
        if (time_up(R))
        {
            st = PASS_TIME;
            break;
        }
    }
done:
    mag_clear(e);
    arf_clear(unew);
    arf_clear(lnew);
    return st;
}

/* Y := A B (balls, prec), X := mid(Y), *eps >= ||A B - X||_2. */
static void
mul_mid(arb_mat_t X, arb_mat_t Y, const arb_mat_t A, const arb_mat_t B, mag_t eps,
        slong prec)
{
    slong i, j;
    mag_t s;
    mag_init(s);
    arb_mat_mul(Y, A, B, prec);
    for (i = 0; i < arb_mat_nrows(Y); i++)
        for (j = 0; j < arb_mat_ncols(Y); j++)
        {
            const mag_struct *r = arb_radref(arb_mat_entry(Y, i, j));
            mag_addmul(s, r, r);
        }
    mag_sqrt(eps, s);
    arb_mat_get_mid(X, Y);
    mag_clear(s);
}

/* nu := upper bound of ||X||: min(Frobenius, U_s + e), X ~ R^s with error e */
static void
power_norm_bound(mag_t nu, const run *R, const arb_mat_t X, slong s, const mag_t e)
{
    mag_t b;
    mag_init(b);
    arb_mat_bound_frobenius_norm(nu, X);
    mag_add(b, R->Um + s, e);
    if (mag_cmp(b, nu) < 0)
        mag_set(nu, b);
    mag_clear(b);
}

/* Xa := an exact matrix with ||R^t - Xa|| <= e, by binary powering with
 * products of exact matrices at precision prec.  For X_a ~ R^a (error e_a)
 * and X_b ~ R^b (error e_b), the rounded product X of X_a X_b has
 *   ||R^(a+b) - X|| <= U_a e_b + e_a ||X_b|| + ||X_a X_b - X||,
 * with U_a >= ||R^a|| from the first pass (a <= t < nsteps). */
static void
power_by_squaring(run *R, slong t, mag_t e, const arb_mat_t R1, const mag_t e1, slong prec)
{
    slong k = t, a = 0, s = 1;
    mag_t eS, eps, nu, tmp;
    mag_init(eS);
    mag_init(eps);
    mag_init(nu);
    mag_init(tmp);
    arb_mat_set(R->Sa, R1);
    mag_set(eS, e1);
    mag_zero(e);
    arb_mat_one(R->Xa);
    while (k > 0)
    {
        if (k & 1)
        {
            if (a == 0)
            {
                arb_mat_set(R->Xa, R->Sa);
                mag_set(e, eS);
            }
            else
            {
                power_norm_bound(nu, R, R->Sa, s, eS);
                mul_mid(R->Xa, R->Ya, R->Xa, R->Sa, eps, prec);
                /* e := U_a eS + e nu + eps */
                mag_mul(tmp, R->Um + a, eS);
                mag_addmul(tmp, e, nu);
                mag_add(e, tmp, eps);
            }
            a += s;
        }
        k >>= 1;
        if (k > 0)
        {
            power_norm_bound(nu, R, R->Sa, s, eS);
            mul_mid(R->Sa, R->Ya, R->Sa, R->Sa, eps, prec);
            mag_mul(tmp, R->Um + s, eS);
            mag_addmul(tmp, eS, nu);
            mag_add(eS, tmp, eps);
            s *= 2;
        }
    }
    mag_clear(eS);
    mag_clear(eps);
    mag_clear(nu);
    mag_clear(tmp);
}

/* A refinement pass with Arb powers that visits only the candidates: the
 * first power of a cluster by binary powering, the next ones by steps of
 * R, with
 *   ||R^(b+j) - X_(b+j)|| <= U_j e_b + sum_{i=1..j} U_(j-i) eps_(b+i)
 * from the base b (error e_b). */
static pass_status
run_jumps(run *R, int lev, const cand *C, slong nc)
{
    slong ci, t, base = -1, cur = -1, i, jmax = 2 * (FLINT_BIT_COUNT(C[nc - 1].t) + 1);
    slong lp, prec;
    mag_t e, e1, ebase;
    mag_struct *leps;
    pass_status st = PASS_DONE;

    /* the products of binary powering amplify relative errors by up to
     * about P per level: add that many bits */
    lp = arf_is_finite(&R->lo) ? arf_abs_bound_lt_2exp_si(&R->lo) : 64;
    prec = level_prec(R, lev) + (FLINT_MAX(lp, 1) + 2) * (FLINT_BIT_COUNT(C[nc - 1].t) + 1);
    R->passes++;
    R->last_prec = prec;
    ensure_arb(R);
    leps = flint_malloc(sizeof(mag_struct) * (size_t) (jmax + 1));
    for (i = 0; i <= jmax; i++)
        mag_init(leps + i);
    mag_init(e);
    mag_init(e1);
    mag_init(ebase);
    if (R->arb_prec != prec)
    {
        kr_realform_arb(R->Ra, R->M, prec);
        R->arb_prec = prec;
    }
    progress(R, "pass %ld: %ld steps tightened with Arb powers at %ld bits", (long) R->passes,
             (long) nc, (long) prec);
    /* X_1 = mid(R), e_1 = ||rad R||_F */
    {
        slong j;
        mag_t s;
        mag_init(s);
        for (i = 0; i < R->N; i++)
            for (j = 0; j < R->N; j++)
            {
                const mag_struct *r = arb_radref(arb_mat_entry(R->Ra, i, j));
                mag_addmul(s, r, r);
            }
        mag_sqrt(e1, s);
        mag_clear(s);
    }
    for (ci = 0; ci < nc; ci++)
    {
        t = C[ci].t;
        if (base >= 0 && t - cur <= jmax - (cur - base) && t > cur)
        {
            while (cur < t)
            {
                slong j;
                mul_mid(R->Xa, R->Ya, R->Ra, R->Xa, leps + (cur + 1 - base), prec);
                cur++;
                j = cur - base;
                mag_mul(e, R->Um + j, ebase);
                for (i = 1; i <= j; i++)
                    mag_addmul(e, R->Um + (j - i), leps + i);
            }
        }
        else
        {
            arb_mat_t R1;
            arb_mat_init(R1, R->N, R->N);
            arb_mat_get_mid(R1, R->Ra);
            power_by_squaring(R, t, e, R1, e1, prec);
            arb_mat_clear(R1);
            base = cur = t;
            mag_set(ebase, e);
        }
        R->Xa_valid = 1;
        if (!arb_to_f64(R))
        {
            st = PASS_RANGE;
            break;
        }
        if (!tighten(R, t, lev, e, C[ci].flags))
        {
            st = PASS_NOMEM;
            break;
        }
        if (time_up(R))
        {
            st = PASS_TIME;
            break;
        }
    }
    for (i = 0; i <= jmax; i++)
        mag_clear(leps + i);
    flint_free(leps);
    mag_clear(e);
    mag_clear(e1);
    mag_clear(ebase);
    return st;
}

/* ------------------------------------------------------------------ exact checks */

/* Is I - R^T R positive semidefinite (exact rationals)?  -1: not tried
 * (order above PK_EXACT_MAX_DIM, or entries so large that the estimated
 * work N^4 B is above PK_EXACT_WORK, seconds to a minute, or the time limit
 * was reached during the elimination).
 * With d the common denominator of the entries, R = Z / d and the test is
 * on the integer matrix H = d^2 I - Z^T Z: symmetric fraction-free
 * (Bareiss) elimination, whose entries are minors of H (Sylvester's
 * identity, for any set of pivots), so every division is exact and the
 * entries grow only linearly.  A PSD matrix with a zero pivot has a zero row
 * there, which is skipped; a negative pivot after positive ones means H is
 * not PSD. */
#define PK_EXACT_WORK 68719476736.0 /* 2^36 */

static int
exact_contraction(const kr_qmat_t M, const kr_opts *opts)
{
    slong n = M->n, N = kr_realform_dim(M), i, j, k;
    int cplx = kr_qmat_is_complex(M), res = 1;
    fmpz_mat_t Z, H;
    fmpz_t d, prev, x;
    double nd = (double) N;
    if (N > PK_EXACT_MAX_DIM || nd * nd * nd * nd * (double) kr_qmat_max_bits(M) > PK_EXACT_WORK
        || kr_opts_out_of_time(opts))
        return -1;
    fmpz_init_set_ui(d, 1);
    fmpz_init_set_ui(prev, 1);
    fmpz_init(x);
    for (i = 0; i < n * n; i++)
    {
        fmpz_lcm(d, d, fmpq_denref(M->re + i));
        if (cplx)
            fmpz_lcm(d, d, fmpq_denref(M->im + i));
    }
    fmpz_mat_init(Z, N, N);
    fmpz_mat_init(H, N, N);
    /* Z = d R, R the real form [[Re, -Im], [Im, Re]] */
    for (i = 0; i < n; i++)
        for (j = 0; j < n; j++)
        {
            fmpz_divexact(x, d, fmpq_denref(kr_qmat_re(M, i, j)));
            fmpz_mul(fmpz_mat_entry(Z, i, j), x, fmpq_numref(kr_qmat_re(M, i, j)));
            if (cplx)
            {
                fmpz_set(fmpz_mat_entry(Z, i + n, j + n), fmpz_mat_entry(Z, i, j));
                fmpz_divexact(x, d, fmpq_denref(kr_qmat_im(M, i, j)));
                fmpz_mul(fmpz_mat_entry(Z, i + n, j), x, fmpq_numref(kr_qmat_im(M, i, j)));
                fmpz_neg(fmpz_mat_entry(Z, i, j + n), fmpz_mat_entry(Z, i + n, j));
            }
        }
    fmpz_mat_transpose(H, Z);
    fmpz_mat_mul(H, H, Z);
    fmpz_mat_neg(H, H);
    fmpz_mul(x, d, d);
    for (i = 0; i < N; i++)
        fmpz_add(fmpz_mat_entry(H, i, i), fmpz_mat_entry(H, i, i), x);
    /* the lower triangle of the (scaled) Schur complements */
    for (k = 0; k < N && res; k++)
    {
        const fmpz *p = fmpz_mat_entry(H, k, k);
        if (kr_opts_out_of_time(opts))
        {
            res = -1; /* undecided: the time limit ends it (the estimate
                       * below the cap is rough) */
            break;
        }
        int s = fmpz_sgn(p);
        if (s < 0)
            res = 0;
        else if (s == 0)
        {
            for (i = k + 1; i < N; i++)
                if (!fmpz_is_zero(fmpz_mat_entry(H, i, k)))
                    res = 0;
        }
        else
        {
            for (i = k + 1; i < N; i++)
                for (j = k + 1; j <= i; j++)
                {
                    fmpz *h = fmpz_mat_entry(H, i, j);
                    fmpz_mul(h, h, p);
                    fmpz_submul(h, fmpz_mat_entry(H, i, k), fmpz_mat_entry(H, j, k));
                    fmpz_divexact(h, h, prev);
                }
            fmpz_set(prev, p);
        }
    }
    fmpz_clear(d);
    fmpz_clear(prev);
    fmpz_clear(x);
    fmpz_mat_clear(Z);
    fmpz_mat_clear(H);
    return res;
}

/* ------------------------------------------------------------------ ends */

#define PK_UNBOUNDED (-2)

/* Is the upper bound ub excluded by the threshold: ub < thr (strict = 0,
 * the peak) or ub <= thr (strict = 1, the settling time)? */
static int
excluded(const arf_t ub, const fmpq_t thr, int strict)
{
    int c = cmp_arf_fmpq(ub, thr);
    return strict ? c <= 0 : c < 0;
}

/* Least k >= 1 with ub(q^k u) excluded (u > 0), 0 when none below 2^40. */
static slong
first_excluded_k(const run *R, const arf_t u, const fmpq_t thr, int strict)
{
    arb_t x, qb;
    arf_t ub;
    slong lo = 1, hi, k;
    int ok;
    if (arf_is_zero(&R->q))
        return 1;
    arb_init(x);
    arb_init(qb);
    arf_init(ub);
    arb_set_arf(qb, &R->q);
#define PK_EXCL(kk)                                          \
    (arb_pow_ui(x, qb, (ulong) (kk), R->wp),                 \
     arb_mul_arf(x, x, u, R->wp),                            \
     arb_get_ubound_arf(ub, x, R->wp),                       \
     excluded(ub, thr, strict))
    hi = 1;
    ok = 0;
    while (hi <= (WORD(1) << 40))
    {
        if (PK_EXCL(hi))
        {
            ok = 1;
            break;
        }
        lo = hi + 1;
        hi *= 2;
    }
    if (ok)
    {
        /* excluded at hi; find a smaller excluded k (any is sound) */
        while (lo < hi)
        {
            k = lo + (hi - lo) / 2;
            if (PK_EXCL(k))
                hi = k;
            else
                lo = k + 1;
        }
    }
#undef PK_EXCL
    arb_clear(x);
    arb_clear(qb);
    arf_clear(ub);
    return ok ? hi : 0;
}

/* The largest t whose certified upper bound B_t is not excluded by thr,
 * -1 if none, PK_UNBOUNDED if no finite answer. */
static slong
last_not_excluded(const run *R, const fmpq_t thr, int strict)
{
    slong t, best = -1, s0;
    arf_t m, z;
    for (t = R->nsteps - 1; t >= 0; t--)
        if (!excluded(R->U + t, thr, strict))
        {
            best = t;
            break;
        }
    if (R->T == 0)
        return PK_UNBOUNDED;
    /* t > nsteps - 1: t = s + k T, s among the last T steps, k >= 1 */
    s0 = R->nsteps - R->T;
    arf_init(m);
    arf_init(z);
    for (t = s0; t < R->nsteps; t++)
        if (arf_cmp(R->U + t, m) > 0)
            arf_set(m, R->U + t);
    arf_mul(z, m, &R->q, R->wp, ARF_RND_UP);
    if (!excluded(z, thr, strict))
    {
        for (t = s0; t < R->nsteps; t++)
        {
            slong k0;
            if (arf_sgn(R->U + t) <= 0)
                continue;
            k0 = first_excluded_k(R, R->U + t, thr, strict);
            if (k0 == 0 || (k0 - 1) > (WORD_MAX / 4) / R->T)
            {
                best = PK_UNBOUNDED;
                break;
            }
            if (k0 > 1 && t + (k0 - 1) * R->T > best)
                best = t + (k0 - 1) * R->T;
        }
    }
    arf_clear(m);
    arf_clear(z);
    return best;
}

/* Settling time interval from the current records. */
static void
settle_ends(const run *R, slong *slo, slong *shi)
{
    slong t, last;
    *slo = 0;
    for (t = R->nsteps - 1; t >= 0; t--)
        if (cmp_arf_fmpq(R->L + t, R->delta) > 0)
        {
            *slo = t + 1;
            break;
        }
    last = last_not_excluded(R, R->delta, 1);
    *shi = last == PK_UNBOUNDED ? -1 : last + 1;
}

/* ------------------------------------------------------------------ refinement */

static slong
max_tighten(slong N)
{
    double c = 4e8 / ((double) N * (double) N * (double) N);
    if (c < 8)
        return 8;
    return c > 256 ? 256 : (slong) c;
}

typedef struct
{
    slong t;
    const arf_struct *u;
} tu;

static int
tu_cmp_desc(const void *x, const void *y)
{
    const tu *a = x, *b = y;
    return -arf_cmp(a->u, b->u);
}

/* Candidates at level lev; *pending := some step is undecided whatever
 * level it was tried at.  Returns the count (or -1 on allocation failure). */
static slong
candidates(run *R, cand **out, int lev, int *pending)
{
    slong cap = max_tighten(R->N), nc = 0, t, np = 0;
    cand *C = malloc(sizeof(cand) * (size_t) (2 * cap + 1));
    tu *P = NULL;
    *pending = 0;
    *out = C;
    if (C == NULL)
        return -1;
    /* peak: t < T with U_t > lo (1 + tol / 2), largest U first */
    if (R->T > 0)
    {
        P = malloc(sizeof(tu) * (size_t) R->T);
        if (P == NULL)
            return -1;
        for (t = 1; t < R->T; t++)
            if (undecided(R, t, PK_PEAK))
            {
                *pending = 1;
                if (R->tight[t] < lev + 1)
                {
                    P[np].t = t;
                    P[np].u = R->U + t;
                    np++;
                }
            }
        qsort(P, (size_t) np, sizeof(tu), tu_cmp_desc);
        for (t = 0; t < np && nc < cap; t++)
        {
            C[nc].t = P[t].t;
            C[nc].flags = PK_PEAK;
            nc++;
        }
        free(P);
    }
    /* settling time: undecided steps between the ends, from the top */
    if (R->delta != NULL && R->T > 0)
    {
        slong slo, shi, added = 0, i;
        settle_ends(R, &slo, &shi);
        if (shi >= 0 && slo < shi)
            for (t = FLINT_MIN(shi - 1, R->nsteps - 1); t >= slo && t >= 0 && added < cap; t--)
                if (undecided(R, t, PK_SETTLE))
                {
                    *pending = 1;
                    if (R->tight[t] >= lev + 1)
                        continue;
                    for (i = 0; i < nc && C[i].t != t; i++)
                        ;
                    if (i < nc)
                        C[i].flags |= PK_SETTLE;
                    else
                    {
                        C[nc].t = t;
                        C[nc].flags = PK_SETTLE;
                        nc++;
                    }
                    added++;
                }
    }
    qsort(C, (size_t) nc, sizeof(cand), cand_cmp);
    return nc;
}

/* ------------------------------------------------------------------ API */

void
kr_peak_result_init(kr_peak_result_t r)
{
    kr_encl_init(r->peak);
    r->t_lo = r->t_hi = -1;
    r->T = 0;
    arf_init(&r->q);
    arf_pos_inf(&r->q);
    r->settle_asked = 0;
    r->settle_lo = 0;
    r->settle_hi = -1;
    r->settle_inf = 0;
    kr_witness_init(r->lower);
    r->t_lower = -1;
    r->contraction = 0;
    r->nsteps = 0;
    r->ub = NULL;
    r->lb = NULL;
    r->power_prec = 0;
    r->passes = 0;
    r->tightened = 0;
    r->reason[0] = '\0';
}

static void
free_steps(kr_peak_result_t r)
{
    slong t;
    for (t = 0; t < r->nsteps; t++)
    {
        if (r->ub != NULL)
            arf_clear(r->ub + t);
        if (r->lb != NULL)
            arf_clear(r->lb + t);
    }
    flint_free(r->ub);
    flint_free(r->lb);
    r->ub = r->lb = NULL;
    r->nsteps = 0;
}

void
kr_peak_result_clear(kr_peak_result_t r)
{
    kr_encl_clear(r->peak);
    arf_clear(&r->q);
    kr_witness_clear(r->lower);
    free_steps(r);
}

static void
reset_result(kr_peak_result_t r)
{
    kr_encl_set_unknown(r->peak);
    arf_one(&r->peak->lo);
    arf_pos_inf(&r->peak->hi);
    r->t_lo = r->t_hi = -1;
    r->T = 0;
    arf_pos_inf(&r->q);
    r->settle_asked = 0;
    r->settle_lo = 0;
    r->settle_hi = -1;
    r->settle_inf = 0;
    kr_witness_clear(r->lower);
    kr_witness_init(r->lower);
    r->t_lower = -1;
    r->contraction = 0;
    free_steps(r);
    r->power_prec = 0;
    r->passes = 0;
    r->tightened = 0;
    r->reason[0] = '\0';
}

/* P = inf from a certified eigenvalue of modulus > 1. */
static int
try_unstable(kr_peak_result_t r, const kr_qmat_t M, const kr_opts *opts)
{
    kr_witness_t w;
    kr_witness_init(w);
    if (!kr_stein_certify(w, M, 1.0, +1, opts))
    {
        kr_witness_clear(w);
        return 0;
    }
    kr_witness_swap(r->lower, w);
    kr_witness_clear(w);
    arf_pos_inf(&r->peak->lo);
    arf_pos_inf(&r->peak->hi);
    r->t_lo = r->t_hi = -1;
    r->t_lower = -1;
    if (r->settle_asked)
    {
        r->settle_inf = 1;
        r->settle_lo = r->settle_hi = -1;
    }
    return 1;
}

static kr_status
peak_run(kr_peak_result_t r, const kr_qmat_t M, const fmpq_t delta,
         slong max_steps, const kr_opts *opts, kr_error_t err)
{
    run R[1];
    kr_status st = KR_OK;
    pass_status ps;
    int lev, contraction = -1, rho_tried = 0;
    double rho_hint = -1;
    slong t;

    reset_result(r);
    if (M->n <= 0)
        return kr_error_set(err, KR_ERR_DOMAIN, NULL, 0, "the matrix is empty");
    if (delta != NULL && fmpq_sgn(delta) <= 0)
        return kr_error_set(err, KR_ERR_DOMAIN, NULL, 0,
                            "the settling level delta must be positive");
    if (max_steps <= 0)
        max_steps = KR_PEAK_DEFAULT_MAX_STEPS;
    r->settle_asked = delta != NULL;

    if (!run_init(R, M, delta, max_steps, opts))
    {
        run_clear(R);
        return kr_error_set(err, KR_ERR_NOMEM, NULL, 0, "out of memory (order %ld)",
                            (long) kr_realform_dim(M));
    }
    if (R->min_level > R->max_level)
    {
        snprintf(r->reason, KR_REASON_LEN,
                 "no arithmetic available (binary64 and Arb both disabled or out of range)");
        goto finish;
    }

    /* Spectral radius hint: go for P = inf first when rho looks > 1. */
    if (R->have_F)
        rho_hint = kr_hint_spectral_radius(R->F->mid, R->N);
    if (rho_hint > 1)
    {
        rho_tried = 1;
        if (try_unstable(r, M, opts))
        {
            snprintf(r->reason, KR_REASON_LEN,
                     "rho(M) > 1 certified (Stein inertia): ||M^t|| is unbounded");
            goto finish_noset;
        }
    }
    /* ||M|| <= 1 exactly makes P = 1; decide it first when rho looks like 1 */
    if (rho_hint >= 1 - 0x1p-20)
    {
        contraction = exact_contraction(M, opts);
        if (contraction == 1 && (delta == NULL || fmpq_cmp_si(delta, 1) >= 0))
        {
            r->contraction = 1;
            arf_one(&r->peak->lo);
            arf_one(&r->peak->hi);
            r->t_lo = 0;
            r->t_hi = -1;
            r->t_lower = 0;
            r->lower->kind = KR_CLAIM_VEC_NORM;
            kr_witness_set_vec_d(r->lower, R->best_v, R->N);
            arf_one(&r->lower->t);
            r->lower->prec = 53;
            if (delta != NULL)
                r->settle_lo = r->settle_hi = 0;
            snprintf(r->reason, KR_REASON_LEN,
                     "I - M^*M >= 0 decided exactly: ||M^t|| <= 1 = ||M^0|| for every t");
            goto finish_noset;
        }
    }

    /* First pass: find T (and settle the tail for delta). */
    lev = R->min_level;
    for (;;)
    {
        ps = run_pass(R, lev, max_steps, NULL, 0);
        if (ps == PASS_NOMEM)
        {
            st = kr_error_set(err, KR_ERR_NOMEM, NULL, 0, "out of memory (%ld steps)",
                              (long) R->nsteps);
            goto finish;
        }
        if ((ps == PASS_PREC || ps == PASS_RANGE) && R->T == 0)
        {
            if (ps == PASS_RANGE && !rho_tried)
            {
                rho_tried = 1;
                if (try_unstable(r, M, opts))
                {
                    snprintf(r->reason, KR_REASON_LEN,
                             "rho(M) > 1 certified (Stein inertia): ||M^t|| is unbounded");
                    goto finish_noset;
                }
            }
            if (lev < R->max_level)
            {
                progress(R, "%s: restarting with more precision",
                         ps == PASS_PREC ? "rounding errors too large" : "beyond binary64");
                lev++;
                /* forget the steps of the failed pass */
                for (t = 0; t < R->nsteps; t++)
                {
                    arf_pos_inf(R->U + t);
                    arf_zero(R->L + t);
                    mag_inf(R->Um + t);
                    R->tight[t] = 0;
                }
                for (t = 0; t <= R->alloc / PK_BLK; t++)
                    mag_zero(R->Ublk + t);
                arf_one(&R->lo);
                R->best_t = 0;
                memset(R->best_v, 0, sizeof(double) * (size_t) R->N);
                R->best_v[0] = 1.0;
                R->best_prec = 53;
                R->nsteps = 0;
                continue;
            }
            if (lev > 0 && opts->limits != NULL)
                opts->limits->prec_cap = 1; /* lev = max_level: at the cap */
            append_reason(r->reason, "%s at %ld bits%s before ||M^t|| < 1 was proved",
                          ps == PASS_PREC ? "rounding errors of the powers too large"
                                          : "powers beyond the binary64 range",
                          (long) level_prec(R, lev),
                          lev > 0 ? " (the precision cap)" : "");
        }
        break;
    }
    r->power_prec = R->last_prec;
    if (ps == PASS_TIME)
        append_reason(r->reason, "time limit of %g s reached after %ld steps",
                      opts->time_limit, (long) R->nsteps);

    if (R->T == 0)
    {
        if (ps == PASS_STEPS)
            append_reason(r->reason, "no step t <= %ld with ||M^t|| < 1 proved (rho(M) >= 1?)",
                          (long) max_steps);
        if (!rho_tried && !R->out_of_time)
        {
            rho_tried = 1;
            if (try_unstable(r, M, opts))
            {
                snprintf(r->reason, KR_REASON_LEN,
                         "rho(M) > 1 certified (Stein inertia): ||M^t|| is unbounded");
                goto finish;
            }
        }
        if (contraction == -1 && !R->out_of_time)
            contraction = exact_contraction(M, opts);
        if (contraction == 1)
        {
            r->contraction = 1;
            r->reason[0] = '\0';
            append_reason(r->reason,
                          "I - M^*M >= 0 decided exactly: ||M^t|| <= 1 = ||M^0|| for every t");
        }
    }
    else if (ps != PASS_TIME)
    {
        /* Refinement passes. */
        int pending, it;
        for (it = 0; it < PK_MAX_ITER && !R->out_of_time; it++)
        {
            cand *C = NULL;
            slong nc = candidates(R, &C, lev, &pending);
            if (nc < 0)
            {
                free(C);
                st = kr_error_set(err, KR_ERR_NOMEM, NULL, 0, "out of memory");
                goto finish;
            }
            if (nc == 0)
            {
                free(C);
                if (pending && lev < R->max_level)
                {
                    lev++;
                    continue;
                }
                break;
            }
            ps = lev == 0 ? run_pass(R, lev, C[nc - 1].t, C, nc) : run_jumps(R, lev, C, nc);
            free(C);
            r->power_prec = R->last_prec;
            if (ps == PASS_NOMEM)
            {
                st = kr_error_set(err, KR_ERR_NOMEM, NULL, 0, "out of memory");
                goto finish;
            }
            if (ps == PASS_RANGE || ps == PASS_PREC)
            {
                if (lev < R->max_level)
                {
                    lev++;
                    continue;
                }
                break;
            }
        }
        if (R->out_of_time)
            append_reason(r->reason, "time limit of %g s reached while tightening",
                          opts->time_limit);
    }

finish:
    /* assemble from the records */
    if (arf_is_pos_inf(&r->peak->lo))
        goto finish_noset;
    arf_set(&r->peak->lo, &R->lo);
    if (R->T > 0)
    {
        arf_zero(&r->peak->hi);
        for (t = 0; t < R->T; t++)
            if (arf_cmp(R->U + t, &r->peak->hi) > 0)
                arf_set(&r->peak->hi, R->U + t);
        r->T = R->T;
        arf_set(&r->q, &R->q);
    }
    else if (r->contraction)
        arf_one(&r->peak->hi);
    else
    {
        arf_pos_inf(&r->peak->hi);
        if (r->reason[0] == '\0')
            append_reason(r->reason, "no step with ||M^t|| < 1 proved");
    }
    if (R->nsteps > 0)
    {
        fmpq_t lo;
        slong last;
        fmpq_init(lo);
        arf_get_fmpq(lo, &r->peak->lo);
        for (t = 0; t < R->nsteps; t++)
            if (!excluded(R->U + t, lo, 0))
                break;
        r->t_lo = t < R->nsteps ? t : 0;
        if (r->contraction && R->T == 0)
            r->t_hi = -1;
        else
        {
            last = last_not_excluded(R, lo, 0);
            r->t_hi = last == PK_UNBOUNDED ? -1 : last;
        }
        fmpq_clear(lo);
    }
    else if (r->contraction)
        r->t_lo = 0;
    /* witness */
    r->t_lower = R->best_t;
    r->lower->kind = KR_CLAIM_VEC_NORM;
    kr_witness_set_vec_d(r->lower, R->best_v, R->N);
    arf_set(&r->lower->t, &R->lo);
    r->lower->prec = R->best_prec;
    /* settling time */
    if (delta != NULL)
    {
        if (R->T > 0)
            settle_ends(R, &r->settle_lo, &r->settle_hi);
        else
        {
            slong s;
            r->settle_lo = 0;
            for (s = R->nsteps - 1; s >= 0; s--)
                if (cmp_arf_fmpq(R->L + s, delta) > 0)
                {
                    r->settle_lo = s + 1;
                    break;
                }
            r->settle_hi = -1;
            if (r->contraction && fmpq_cmp_si(delta, 1) >= 0)
                r->settle_hi = 0;
        }
        if (r->settle_hi >= 0 && r->settle_hi > r->settle_lo)
            append_reason(r->reason, "settling time not decided: T(delta) in [%ld, %ld]",
                          (long) r->settle_lo, (long) r->settle_hi);
        else if (r->settle_hi < 0)
            append_reason(r->reason, "no finite upper bound of the settling time");
    }
    /* width */
    if (arf_is_finite(&r->peak->hi) && kr_encl_rel_width(r->peak) > opts->rel_tol)
        append_reason(r->reason,
                      "relative width above the target %.3g (precision cap, step budget or time)",
                      opts->rel_tol);
    /* per-step records */
    if (R->nsteps > 0)
    {
        r->ub = flint_malloc(sizeof(arf_struct) * (size_t) R->nsteps);
        r->lb = flint_malloc(sizeof(arf_struct) * (size_t) R->nsteps);
        for (t = 0; t < R->nsteps; t++)
        {
            arf_init(r->ub + t);
            arf_init(r->lb + t);
            arf_set(r->ub + t, R->U + t);
            arf_set(r->lb + t, R->L + t);
        }
        r->nsteps = R->nsteps;
    }
finish_noset:
    r->passes = R->passes;
    r->tightened = R->tightened;
    run_clear(R);
    return st;
}

kr_status
kr_peak(kr_peak_result_t r, const kr_qmat_t M, const fmpq_t delta,
        slong max_steps, const kr_opts *opts, kr_error_t err)
{
    kr_opts o;
    kr_limits lim;
    kr_status st = peak_run(r, M, delta, max_steps, kr_limits_enter(&o, &lim, opts), err);
    kr_limits_leave(&lim);
    return st;
}

void
kr_peak_kreiss_interval(kr_encl_t out, const kr_encl_t K, slong n, slong prec)
{
    arb_t e;
    arf_t u;
    if (arf_cmp_si(&K->lo, 1) > 0)
        arf_set(&out->lo, &K->lo);
    else
        arf_one(&out->lo);
    if (!arf_is_finite(&K->hi))
    {
        arf_pos_inf(&out->hi);
        return;
    }
    arb_init(e);
    arf_init(u);
    arb_const_e(e, prec);
    arb_mul_si(e, e, n, prec);
    arb_get_ubound_arf(u, e, prec);
    arf_mul(&out->hi, u, &K->hi, prec, ARF_RND_UP);
    arb_clear(e);
    arf_clear(u);
}
