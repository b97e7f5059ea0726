/* Floating-point resolvent hints on circles, from a complex Schur form.
 *
 * sigma_min(z I - R) = sigma_min(z I - T) for R = Z T Z^* (Z unitary, T upper
 * triangular), and the latter costs two triangular solves per step of
 * inverse iteration.  Everything here is a hint (see hints.c): it steers the
 * choice of the certified circles and witness points, never a bound. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bounds/internal.h"
#include "bounds/lapack.h"

int
kr_schur_init(kr_schur_t S, const double *R, slong N)
{
    lapack_int sdim = 0, info;
    slong i;
    double complex *w;
    memset(S, 0, sizeof(kr_schur_struct));
    S->N = N;
    S->T = malloc(sizeof(double complex) * (size_t) (N * N));
    S->Z = malloc(sizeof(double complex) * (size_t) (N * N));
    S->ar = malloc(sizeof(double) * (size_t) (N * N));
    S->ai = malloc(sizeof(double) * (size_t) (N * N));
    w = malloc(sizeof(double complex) * (size_t) N);
    if (S->T == NULL || S->Z == NULL || S->ar == NULL || S->ai == NULL || w == NULL
        || !kr_schur_ws_init(S->ws, N))
    {
        free(w);
        kr_schur_clear(S);
        return 0;
    }
    for (i = 0; i < N * N; i++)
        S->T[i] = R[i];
    info = LAPACKE_zgees(LAPACK_COL_MAJOR, 'V', 'N', NULL, (lapack_int) N,
                         (lapack_complex_double *) S->T, (lapack_int) N, &sdim,
                         (lapack_complex_double *) w, (lapack_complex_double *) S->Z,
                         (lapack_int) N);
    free(w);
    if (info != 0)
    {
        kr_schur_clear(S);
        return 0;
    }
    for (i = 0; i < N * N; i++)
    {
        S->ar[i] = -creal(S->T[i]);
        S->ai[i] = -cimag(S->T[i]);
    }
    for (i = 0; i < N; i++)
        S->ws->xr[i] = 1.0 / sqrt((double) N);
    return 1;
}

void
kr_schur_clear(kr_schur_t S)
{
    free(S->T);
    free(S->Z);
    free(S->ar);
    free(S->ai);
    kr_schur_ws_clear(S->ws);
    S->T = S->Z = NULL;
    S->ar = S->ai = NULL;
}

/* x := A^-1 x for the upper triangular A whose strict upper part is
 * (ar + i ai) and whose diagonal is (dr + i di) (column-major), by columns;
 * real arithmetic on split parts so that the inner loops vectorise. */
static void
solve_upper(const double *ar, const double *ai, const double *dr, const double *di,
            double *xr, double *xi, slong N)
{
    slong i, j;
    for (j = N - 1; j >= 0; j--)
    {
        const double *cr = ar + j * N, *ci = ai + j * N;
        double d = dr[j] * dr[j] + di[j] * di[j];
        double yr = (xr[j] * dr[j] + xi[j] * di[j]) / d;
        double yi = (xi[j] * dr[j] - xr[j] * di[j]) / d;
        xr[j] = yr;
        xi[j] = yi;
        for (i = 0; i < j; i++)
        {
            xr[i] -= cr[i] * yr - ci[i] * yi;
            xi[i] -= cr[i] * yi + ci[i] * yr;
        }
    }
}

/* x := A^-* x for the same A: forward substitution with conjugated columns. */
static void
solve_upper_ctrans(const double *ar, const double *ai, const double *dr, const double *di,
                   double *xr, double *xi, slong N)
{
    slong i, k;
    for (i = 0; i < N; i++)
    {
        const double *cr = ar + i * N, *ci = ai + i * N;
        double sr = xr[i], si = xi[i], d;
        for (k = 0; k < i; k++)
        {
            /* s -= conj(a) x */
            sr -= cr[k] * xr[k] + ci[k] * xi[k];
            si -= cr[k] * xi[k] - ci[k] * xr[k];
        }
        /* x_i = s / conj(a_ii) = s a_ii / |a_ii|^2 */
        d = dr[i] * dr[i] + di[i] * di[i];
        xr[i] = (sr * dr[i] - si * di[i]) / d;
        xi[i] = (si * dr[i] + sr * di[i]) / d;
    }
}

static double
norm2(const double *xr, const double *xi, slong N)
{
    double s = 0;
    slong i;
    for (i = 0; i < N; i++)
        s += xr[i] * xr[i] + xi[i] * xi[i];
    return sqrt(s);
}

int
kr_schur_ws_init(kr_schur_ws *w, slong N)
{
    w->v = calloc((size_t) (6 * N + 1), sizeof(double));
    if (w->v == NULL)
        return 0;
    w->xr = w->v;
    w->xi = w->v + N;
    w->yr = w->v + 2 * N;
    w->yi = w->v + 3 * N;
    w->dr = w->v + 4 * N;
    w->di = w->v + 5 * N;
    return 1;
}

void
kr_schur_ws_clear(kr_schur_ws *w)
{
    free(w->v);
    w->v = NULL;
}

double
kr_schur_smin_ws(const kr_schur_struct *S, kr_schur_ws *w, double complex z)
{
    slong N = S->N, i, it;
    double *xr = w->xr, *xi = w->xi, *yr = w->yr, *yi = w->yi;
    double est = INFINITY, prev = INFINITY, nx, ny;
    /* keep every direction in the warm start: inverse iteration cannot
     * reach a singular vector the start vector is orthogonal to (block
     * diagonal matrices) */
    for (i = 0; i < N; i++)
    {
        double ph = (double) ((i * 7919) % 6283) * 0.001;
        xr[i] += 0.01 * cos(ph) / sqrt((double) N);
        xi[i] += 0.01 * sin(ph) / sqrt((double) N);
        w->dr[i] = creal(z) - creal(S->T[i + i * N]);
        w->di[i] = cimag(z) - cimag(S->T[i + i * N]);
    }
    for (it = 0; it < 60; it++)
    {
        memcpy(yr, xr, sizeof(double) * (size_t) N);
        memcpy(yi, xi, sizeof(double) * (size_t) N);
        solve_upper(S->ar, S->ai, w->dr, w->di, yr, yi, N); /* y = A^-1 x */
        ny = norm2(yr, yi, N);
        if (!(ny > 0) || !isfinite(ny))
        {
            est = 0.0; /* numerically singular */
            break;
        }
        est = norm2(xr, xi, N) / ny; /* ||A y|| / ||y|| >= sigma_min */
        for (i = 0; i < N; i++)
        {
            xr[i] = yr[i] / ny;
            xi[i] = yi[i] / ny;
        }
        solve_upper_ctrans(S->ar, S->ai, w->dr, w->di, xr, xi, N); /* x = A^-* y */
        nx = norm2(xr, xi, N);
        if (!(nx > 0) || !isfinite(nx))
        {
            est = 0.0;
            break;
        }
        for (i = 0; i < N; i++)
        {
            xr[i] /= nx;
            xi[i] /= nx;
        }
        if (fabs(prev - est) <= 1e-10 * est)
            break;
        prev = est;
    }
    nx = norm2(xr, xi, N);
    if (!isfinite(nx) || nx == 0)
        for (i = 0; i < N; i++)
        {
            xr[i] = 1.0 / sqrt((double) N);
            xi[i] = 0;
        }
    return est;
}

double
kr_schur_smin(kr_schur_t S, double complex z)
{
    return kr_schur_smin_ws(S, S->ws, z);
}

void
kr_schur_right_vector(double complex *v, const kr_schur_t S)
{
    slong N = S->N, i, j;
    /* v = Z y */
    for (i = 0; i < N; i++)
        v[i] = 0;
    for (j = 0; j < N; j++)
    {
        double complex yj = S->ws->yr[j] + I * S->ws->yi[j];
        for (i = 0; i < N; i++)
            v[i] += S->Z[i + j * N] * yj;
    }
}

/* Golden-section refinement of theta -> sigma_min on [a, b]. */
static double
golden(kr_schur_t S, double r, double a, double b, double *theta)
{
    const double g = 0.6180339887498949;
    double c = b - g * (b - a), d = a + g * (b - a);
    double fc = kr_schur_smin(S, r * cexp(I * c)), fd = kr_schur_smin(S, r * cexp(I * d));
    int k;
    for (k = 0; k < 60 && (b - a) > 1e-7 * (1 + fabs(a)); k++)
    {
        if (fc < fd)
        {
            b = d;
            d = c;
            fd = fc;
            c = b - g * (b - a);
            fc = kr_schur_smin(S, r * cexp(I * c));
        }
        else
        {
            a = c;
            c = d;
            fc = fd;
            d = a + g * (b - a);
            fd = kr_schur_smin(S, r * cexp(I * d));
        }
    }
    *theta = fc < fd ? c : d;
    return fmin(fc, fd);
}

double
kr_schur_circle_min(kr_schur_t S, double r, slong m, int refine, double *theta)
{
    /* R is real: sigma_min is symmetric in theta, so [0, pi] suffices */
    double best = INFINITY, bt = 0, h = M_PI / (double) m, f, t;
    slong k, kb = 0;
    double *vals = malloc(sizeof(double) * (size_t) (m + 1));
    if (vals == NULL)
        return NAN;
    /* the grid in parallel, each thread warm-starting from its neighbour */
#pragma omp parallel
    {
        kr_schur_ws w;
        slong kk;
        int have = kr_schur_ws_init(&w, S->N);
        if (have)
            memcpy(w.xr, S->ws->xr, sizeof(double) * (size_t) (2 * S->N));
#pragma omp for schedule(static)
        for (kk = 0; kk <= m; kk++)
            vals[kk] = have ? kr_schur_smin_ws(S, &w, r * cexp(I * (h * (double) kk)))
                            : kr_schur_smin(S, r * cexp(I * (h * (double) kk)));
        if (have)
            kr_schur_ws_clear(&w);
    }
    for (k = 0; k <= m; k++)
        if (vals[k] < best)
        {
            best = vals[k];
            kb = k;
        }
    bt = h * (double) kb;
    /* refine around the best grid point and the runner-up local minima */
    for (k = 0; k <= m && refine; k++)
    {
        int local = (k == 0 || vals[k] <= vals[k - 1]) && (k == m || vals[k] <= vals[k + 1]);
        if (!local || vals[k] > 1.5 * best)
            continue;
        f = golden(S, r, fmax(0.0, h * (double) (k - 1)), fmin(M_PI, h * (double) (k + 1)), &t);
        if (f < best)
        {
            best = f;
            bt = t;
        }
    }
    free(vals);
    *theta = bt;
    return best;
}
