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
    S->x = malloc(sizeof(double complex) * (size_t) N);
    S->y = malloc(sizeof(double complex) * (size_t) N);
    w = malloc(sizeof(double complex) * (size_t) N);
    if (S->T == NULL || S->Z == NULL || S->x == NULL || S->y == NULL || w == NULL)
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
    for (i = 0; i < N; i++)
        S->x[i] = 1.0 / sqrt((double) N);
    return 1;
}

void
kr_schur_clear(kr_schur_t S)
{
    free(S->T);
    free(S->Z);
    free(S->x);
    free(S->y);
    S->T = S->Z = S->x = S->y = NULL;
}

static double
vnorm(const double complex *x, slong N)
{
    return cblas_dznrm2((int) N, x, 1);
}

double
kr_schur_smin(kr_schur_t S, double complex z)
{
    slong N = S->N, i, it;
    double complex *A = S->T, *x = S->x, *y = S->y;
    double est = INFINITY, prev = INFINITY, nx;
    /* keep every direction in the warm start: inverse iteration cannot
     * reach a singular vector the start vector is orthogonal to (block
     * diagonal matrices) */
    for (i = 0; i < N; i++)
        x[i] += 0.01 * cexp(I * (double) ((i * 7919) % 6283) * 0.001) / sqrt((double) N);
    /* A := z I - T in place on the diagonal, restored afterwards */
    for (i = 0; i < N; i++)
        A[i + i * N] = z - A[i + i * N];
    for (i = 0; i < N * N; i++)
        if ((i % (N + 1)) != 0)
            A[i] = -A[i];
    for (it = 0; it < 60; it++)
    {
        double ny;
        memcpy(y, x, sizeof(double complex) * (size_t) N);
        cblas_ztrsv(CblasColMajor, CblasUpper, CblasNoTrans, CblasNonUnit, (int) N,
                    A, (int) N, y, 1); /* y = A^-1 x */
        ny = vnorm(y, N);
        if (!(ny > 0) || !isfinite(ny))
        {
            est = 0.0; /* numerically singular */
            break;
        }
        est = vnorm(x, N) / ny;     /* >= sigma_min: ||A y|| / ||y|| */
        for (i = 0; i < N; i++)
            x[i] = y[i] / ny;
        cblas_ztrsv(CblasColMajor, CblasUpper, CblasConjTrans, CblasNonUnit, (int) N,
                    A, (int) N, x, 1); /* x = A^-* y */
        nx = vnorm(x, N);
        if (!(nx > 0) || !isfinite(nx))
        {
            est = 0.0;
            break;
        }
        for (i = 0; i < N; i++)
            x[i] /= nx;
        if (fabs(prev - est) <= 1e-13 * est)
            break;
        prev = est;
    }
    if (!isfinite(vnorm(x, N)) || vnorm(x, N) == 0)
        for (i = 0; i < N; i++)
            x[i] = 1.0 / sqrt((double) N);
    for (i = 0; i < N * N; i++)
        if ((i % (N + 1)) != 0)
            A[i] = -A[i];
    for (i = 0; i < N; i++)
        A[i + i * N] = z - A[i + i * N];
    return est;
}

/* Golden-section refinement of theta -> sigma_min on [a, b]. */
static double
golden(kr_schur_t S, double r, double a, double b, double *theta)
{
    const double g = 0.6180339887498949;
    double c = b - g * (b - a), d = a + g * (b - a);
    double fc = kr_schur_smin(S, r * cexp(I * c)), fd = kr_schur_smin(S, r * cexp(I * d));
    int k;
    for (k = 0; k < 60 && (b - a) > 1e-12 * (1 + fabs(a)); k++)
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
kr_schur_circle_min(kr_schur_t S, double r, slong m, double *theta)
{
    /* R is real: sigma_min is symmetric in theta, so [0, pi] suffices */
    double best = INFINITY, bt = 0, h = M_PI / (double) m, f, t;
    slong k, kb = 0;
    double *vals = malloc(sizeof(double) * (size_t) (m + 1));
    if (vals == NULL)
        return NAN;
    for (k = 0; k <= m; k++)
    {
        vals[k] = kr_schur_smin(S, r * cexp(I * (h * (double) k)));
        if (vals[k] < best)
        {
            best = vals[k];
            kb = k;
        }
    }
    bt = h * (double) kb;
    /* refine around the best grid point and the runner-up local minima */
    for (k = 0; k <= m; k++)
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
