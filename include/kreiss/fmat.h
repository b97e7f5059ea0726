/* Binary64 ball matrices: the fast path.
 *
 * A kr_fmat is a real matrix known as a midpoint of doubles and an entrywise
 * radius: every matrix X it stands for has |X_ij - mid_ij| <= rad_ij (rad
 * NULL means the midpoint is exact).  Storage is column-major (LAPACK).
 *
 * The functions here compute the upper bounds that the binary64 PD test
 * needs, with every rounding error of the floating-point computation (BLAS
 * included) accounted for by a priori bounds; docs/pd-kernel.md has the
 * error analysis. */
#ifndef KREISS_FMAT_H
#define KREISS_FMAT_H

#include <flint/flint.h>
#include <flint/fmpq.h>

#include "kreiss/qmat.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct
{
    slong rows, cols;
    double *mid; /* rows*cols, column-major */
    double *rad; /* NULL (exact) or rows*cols nonnegative radii */
} kr_fmat_struct;

typedef kr_fmat_struct kr_fmat_t[1];

#define kr_fmat_mid(A, i, j) ((A)->mid[(i) + (j) * (A)->rows])
#define kr_fmat_rad(A, i, j) ((A)->rad[(i) + (j) * (A)->rows])

/* Zero matrix; with_rad allocates a zero radius.  Returns 0 on allocation
 * failure (A is then empty and may be cleared). */
int kr_fmat_init(kr_fmat_t A, slong rows, slong cols, int with_rad);
void kr_fmat_clear(kr_fmat_t A);

/* mid, rad with |q - mid| <= rad (rad = 0 when q is a double).  Returns 0,
 * setting nothing, when q != 0 lies outside [2^-1021, 2^1023): a margin
 * inside the binary64 normal range that keeps the later error analysis free
 * of overflow and gradual-underflow cases. */
int kr_fmpq_get_d_ball(double *mid, double *rad, const fmpq_t q);

/* The order of the real form of M: n for a real matrix, 2n for a complex
 * one, which is replaced by [[Re M, -Im M], [Im M, Re M]].  The real form
 * has the same singular values (each twice), the same norm and the same
 * spectral radius; it is symmetric iff M is Hermitian. */
slong kr_realform_dim(const kr_qmat_t M);

/* A := binary64 enclosure of the real form of M.  Returns 0 when an entry is
 * beyond the binary64 range or memory is short (A is then empty). */
int kr_realform_f64(kr_fmat_t A, const kr_qmat_t M);

/* y_i >= sum_j (|mid_ij| + rad_ij) x_j  (trans = 0)  or
 * y_j >= sum_i (|mid_ij| + rad_ij) x_i  (trans = 1), for x >= 0; rad may be
 * NULL.  y must not alias x.  Returns 0 if a bound overflowed. */
int kr_absmv_up(double *y, const double *mid, const double *rad, slong rows,
                slong cols, int trans, const double *x);

/* Upper bound of max_i y_i, y >= 0. */
double kr_vec_max(const double *y, slong len);

/* G := fl(A^T A) for the midpoint of A (BLAS dsyrk, lower triangle filled,
 * then mirrored), and
 *   *rowsum >= max_i sum_j |(X^T X)_ij - G_ij|   for every X in A.
 * Returns 0 on overflow or allocation failure. */
int kr_fmat_gram(double *G, double *rowsum, const kr_fmat_t A);

#ifdef __cplusplus
}
#endif

#endif
