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

/* The same iteration in floating-point Arb arithmetic at precision prec
 * (midpoints only: a hint of more than binary64 accuracy, for circles where
 * the binary64 solution is not accurate enough).  X, A, Q are N×N. */
int
kr_sda_arb(arb_mat_t X, const arb_mat_t A0, const arb_mat_t Q0, slong maxit, slong prec)
{
    slong N = arb_mat_nrows(A0), it, i, j;
    arb_mat_t A, At, Q, P, W, WA, WAt, T;
    arb_t da, nq;
    int status = -1;
    arb_mat_init(A, N, N);
    arb_mat_init(At, N, N);
    arb_mat_init(Q, N, N);
    arb_mat_init(P, N, N);
    arb_mat_init(W, N, N);
    arb_mat_init(WA, N, N);
    arb_mat_init(WAt, N, N);
    arb_mat_init(T, N, N);
    arb_init(da);
    arb_init(nq);
    arb_mat_get_mid(A, A0);
    arb_mat_get_mid(Q, Q0);
    arb_mat_zero(P);
    for (it = 1; it <= maxit; it++)
    {
        arb_mat_sub(W, Q, P, prec);
        arb_mat_get_mid(W, W);
        if (!arb_mat_approx_inv(W, W, prec))
            break;
        arb_mat_transpose(At, A);
        arb_mat_approx_mul(WA, W, A, prec);   /* W A */
        arb_mat_approx_mul(WAt, W, At, prec); /* W A^T */
        arb_mat_approx_mul(T, At, WA, prec);  /* A^T W A */
        arb_mat_sub(Q, Q, T, prec);
        arb_mat_approx_mul(T, A, WAt, prec);  /* A W A^T */
        arb_mat_add(P, P, T, prec);
        arb_mat_approx_mul(T, A, WA, prec);   /* A W A */
        arb_mat_swap(A, T);
        arb_mat_get_mid(Q, Q);
        arb_mat_get_mid(P, P);
        for (i = 0; i < N; i++) /* symmetrise */
            for (j = 0; j < i; j++)
            {
                arb_add(arb_mat_entry(Q, i, j), arb_mat_entry(Q, i, j), arb_mat_entry(Q, j, i), prec);
                arb_mul_2exp_si(arb_mat_entry(Q, i, j), arb_mat_entry(Q, i, j), -1);
                arb_set(arb_mat_entry(Q, j, i), arb_mat_entry(Q, i, j));
                arb_add(arb_mat_entry(P, i, j), arb_mat_entry(P, i, j), arb_mat_entry(P, j, i), prec);
                arb_mul_2exp_si(arb_mat_entry(P, i, j), arb_mat_entry(P, i, j), -1);
                arb_set(arb_mat_entry(P, j, i), arb_mat_entry(P, i, j));
            }
        arb_mat_frobenius_norm(da, A, prec);
        arb_mat_frobenius_norm(nq, Q, prec);
        if (!arb_is_finite(nq) || !arb_is_finite(da))
            break;
        /* the next update is about ||A||^2 ||W||: stop when ||A|| is below
         * 2^(-prec/2) of ||Q|| */
        arb_mul_2exp_si(nq, nq, -prec / 2 - 8);
        if (arf_cmpabs(arb_midref(da), arb_midref(nq)) <= 0)
        {
            status = (int) it;
            break;
        }
    }
    if (status > 0)
        arb_mat_set(X, Q);
    arb_mat_clear(A);
    arb_mat_clear(At);
    arb_mat_clear(Q);
    arb_mat_clear(P);
    arb_mat_clear(W);
    arb_mat_clear(WA);
    arb_mat_clear(WAt);
    arb_mat_clear(T);
    arb_clear(da);
    arb_clear(nq);
    return status;
}
