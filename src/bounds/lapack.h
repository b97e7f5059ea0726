/* The few BLAS/LAPACK entry points kreiss uses, in one place.  Floating-point
 * results from here are hints, except where an a priori error bound is
 * applied to them (src/fp) or the PD criterion covers them (src/pd). */
#ifndef KREISS_LAPACK_H
#define KREISS_LAPACK_H

#include <cblas.h>
#include <lapacke.h>

#include <flint/flint.h>

/* G (n×n, lower triangle) := A^T A, A is K×n column-major. */
static inline void
kr_blas_syrk_tn(slong n, slong K, const double *A, double *G)
{
    cblas_dsyrk(CblasColMajor, CblasLower, CblasTrans, (int) n, (int) K, 1.0,
                A, (int) (K > 0 ? K : 1), 0.0, G, (int) (n > 0 ? n : 1));
}

/* C := alpha op(A) op(B) + beta C, column-major, tight leading dimensions. */
static inline void
kr_blas_gemm(int transa, int transb, slong m, slong n, slong k, double alpha,
             const double *A, const double *B, double beta, double *C)
{
    cblas_dgemm(CblasColMajor, transa ? CblasTrans : CblasNoTrans,
                transb ? CblasTrans : CblasNoTrans, (int) m, (int) n, (int) k,
                alpha, A, (int) (transa ? (k > 0 ? k : 1) : (m > 0 ? m : 1)),
                B, (int) (transb ? (n > 0 ? n : 1) : (k > 0 ? k : 1)), beta, C,
                (int) (m > 0 ? m : 1));
}

#endif
