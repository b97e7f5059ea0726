/* Structure-preserving doubling (Lin and Xu, 2006) for the maximal symmetric
 * solution of X + A^T X^-1 A = Q (real, Q symmetric), MATH.md section 4.
 *
 *   A_0 = A, Q_0 = Q, P_0 = 0;  W = (Q_k - P_k)^-1;
 *   A_{k+1} = A W A,  Q_{k+1} = Q - A^T W A,  P_{k+1} = P + A W A^T;
 *   Q_k -> X quadratically.
 * With Q - P = L L^T, Y = L^-1 A and Z = L^-1 A^T: A W A = Z^T Y,
 * A^T W A = Y^T Y, A W A^T = Z^T Z.  A failing Cholesky factorisation means
 * that no positive definite solution exists (the level is above the circle
 * minimum of sigma_min).  The result is a hint for the KYP certificate. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bounds/internal.h"
#include "bounds/lapack.h"

static void
symmetrise_from_lower(double *S, slong N)
{
    slong i, j;
    for (j = 0; j < N; j++)
        for (i = j + 1; i < N; i++)
            S[j + i * N] = S[i + j * N];
}

int
kr_sda(double *X, const double *A0, const double *Q0, slong N, slong maxit)
{
    size_t sz = sizeof(double) * (size_t) (N * N);
    double *A = malloc(sz), *Q = malloc(sz), *P = malloc(sz), *L = malloc(sz);
    double *Y = malloc(sz), *Z = malloc(sz), *Anew = malloc(sz);
    slong it, i;
    int status = -1;
    if (!A || !Q || !P || !L || !Y || !Z || !Anew)
        goto done;
    memcpy(A, A0, sz);
    memcpy(Q, Q0, sz);
    memset(P, 0, sz);
    for (it = 1; it <= maxit; it++)
    {
        double dq = 0, nq = 0;
        for (i = 0; i < N * N; i++)
            L[i] = Q[i] - P[i];
        if (LAPACKE_dpotrf_work(LAPACK_COL_MAJOR, 'L', (lapack_int) N, L, (lapack_int) N) != 0)
            break; /* Q - P not positive definite: no solution at this level */
        memcpy(Y, A, sz);
        cblas_dtrsm(CblasColMajor, CblasLeft, CblasLower, CblasNoTrans, CblasNonUnit,
                    (int) N, (int) N, 1.0, L, (int) N, Y, (int) N);      /* Y = L^-1 A */
        for (i = 0; i < N; i++)                                          /* Z = A^T */
            cblas_dcopy((int) N, A + i, (int) N, Z + i * N, 1);
        cblas_dtrsm(CblasColMajor, CblasLeft, CblasLower, CblasNoTrans, CblasNonUnit,
                    (int) N, (int) N, 1.0, L, (int) N, Z, (int) N);      /* Z = L^-1 A^T */
        kr_blas_gemm(1, 0, N, N, N, 1.0, Z, Y, 0.0, Anew);              /* A W A */
        /* Q -= Y^T Y, P += Z^T Z (lower triangles) */
        cblas_dsyrk(CblasColMajor, CblasLower, CblasTrans, (int) N, (int) N, -1.0, Y,
                    (int) N, 1.0, Q, (int) N);
        cblas_dsyrk(CblasColMajor, CblasLower, CblasTrans, (int) N, (int) N, 1.0, Z,
                    (int) N, 1.0, P, (int) N);
        symmetrise_from_lower(Q, N);
        symmetrise_from_lower(P, N);
        memcpy(A, Anew, sz);
        /* size of the last Q update, ||Y^T Y||_F <= ||Y||_F^2, relative to Q;
         * the next one is about its square */
        for (i = 0; i < N * N; i++)
        {
            dq += Y[i] * Y[i];
            nq += Q[i] * Q[i];
        }
        if (!isfinite(nq) || !isfinite(dq))
            break;
        if (dq <= 1e-17 * sqrt(nq))
        {
            status = (int) it;
            break;
        }
    }
    if (status > 0)
        memcpy(X, Q, sz);
done:
    free(A); free(Q); free(P); free(L); free(Y); free(Z); free(Anew);
    return status;
}
