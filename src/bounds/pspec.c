/* A floating-point picture of the pseudospectra, for figures only: nothing
 * here is certified (the approx_ prefix, as in Arb).  sigma_min(zI - R) on
 * a grid from the complex Schur form of the real form R (schur.c). */
#include <complex.h>
#include <stdlib.h>

#include "kreiss/constant.h"
#include "bounds/internal.h"

int
kr_approx_pspec_grid(double *smin, double *eig, slong *neig, const kr_qmat_t M, double xlo,
                     double xhi, double ylo, double yhi, slong nx, slong ny)
{
    kr_circ_engine_t E;
    slong i, j;
    if (nx < 2 || ny < 2 || !kr_circ_engine_init(E, M))
        return 0;
    for (j = 0; j < ny; j++)
        for (i = 0; i < nx; i++)
        {
            double x = xlo + (xhi - xlo) * (double) i / (double) (nx - 1);
            double y = ylo + (yhi - ylo) * (double) j / (double) (ny - 1);
            smin[j * nx + i] = kr_schur_smin(E->S, x + I * y);
        }
    if (eig != NULL)
    {
        for (i = 0; i < E->S->N; i++)
        {
            double complex d = E->S->T[i + i * E->S->N];
            eig[2 * i] = creal(d);
            eig[2 * i + 1] = cimag(d);
        }
        *neig = E->S->N;
    }
    kr_circ_engine_clear(E);
    return 1;
}
