/* Floating-point estimates that guide the certified computations.
 *
 * Nothing computed here is trusted: a wrong hint can only make a proof
 * fail (the PD kernel or the ball evaluation decides), never make a bound
 * wrong. */
#include <stdlib.h>
#include <string.h>

#include "bounds/internal.h"
#include "bounds/lapack.h"

int
kr_hint_sym_eigpair(double *lambda, double *v, const double *S, slong N,
                    slong index)
{
    double *work = malloc(sizeof(double) * (size_t) (N * N));
    double *w = malloc(sizeof(double) * (size_t) N); /* dsyevr uses all N */
    lapack_int *isuppz = malloc(sizeof(lapack_int) * (size_t) (2 * N));
    lapack_int m = 0, info = -1;
    if (work != NULL && w != NULL && isuppz != NULL && index >= 1 && index <= N)
    {
        memcpy(work, S, sizeof(double) * (size_t) (N * N));
        info = LAPACKE_dsyevr(LAPACK_COL_MAJOR, 'V', 'I', 'L', (lapack_int) N, work,
                              (lapack_int) N, 0.0, 0.0, (lapack_int) index,
                              (lapack_int) index, 0.0, &m, w, v, (lapack_int) N,
                              isuppz);
        if (info == 0 && m == 1)
            *lambda = w[0];
    }
    free(work);
    free(w);
    free(isuppz);
    return info == 0 && m == 1;
}

int
kr_hint_smallest_singular(double *sigma, double *smax, double *v,
                          const double *X, slong N)
{
    double *a = malloc(sizeof(double) * (size_t) (N * N));
    double *s = malloc(sizeof(double) * (size_t) N);
    double *vt = malloc(sizeof(double) * (size_t) (N * N));
    lapack_int info = -1;
    slong j;
    if (a != NULL && s != NULL && vt != NULL)
    {
        memcpy(a, X, sizeof(double) * (size_t) (N * N));
        /* jobz 'O': U overwrites a, V^T goes to vt */
        info = LAPACKE_dgesdd(LAPACK_COL_MAJOR, 'O', (lapack_int) N, (lapack_int) N,
                              a, (lapack_int) N, s, NULL, 1, vt, (lapack_int) N);
        if (info == 0)
        {
            *sigma = s[N - 1];
            *smax = s[0];
            for (j = 0; j < N; j++)
                v[j] = vt[(N - 1) + j * N];
        }
    }
    free(a);
    free(s);
    free(vt);
    return info == 0;
}

double
kr_hint_spectral_radius(const double *X, slong N)
{
    double *a = malloc(sizeof(double) * (size_t) (N * N));
    double *wr = malloc(sizeof(double) * (size_t) N);
    double *wi = malloc(sizeof(double) * (size_t) N);
    double rho = -1;
    slong i;
    if (a && wr && wi)
    {
        memcpy(a, X, sizeof(double) * (size_t) (N * N));
        if (LAPACKE_dgeev(LAPACK_COL_MAJOR, 'N', 'N', (lapack_int) N, a, (lapack_int) N,
                          wr, wi, NULL, 1, NULL, 1) == 0)
        {
            rho = 0;
            for (i = 0; i < N; i++)
                rho = fmax(rho, hypot(wr[i], wi[i]));
        }
    }
    free(a);
    free(wr);
    free(wi);
    return rho;
}
