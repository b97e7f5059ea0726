/* Circle maxima of the resolvent and certified Kreiss constants
 * (MATH.md sections 3 and 4).
 *
 *   M(r) = max over |z| = r of ||(z I - M)^-1||_2,
 *   K(M) = sup over |z| > 1 of (|z| - 1) ||(z I - M)^-1||_2.
 *
 * Upper bounds come from KYP certificates (one PD test per circle) combined
 * by the maximum principle and log-convexity in log r; lower bounds from a
 * witness point and vector evaluated in ball arithmetic. */
#ifndef KREISS_CONSTANT_H
#define KREISS_CONSTANT_H

#include <flint/fmpq.h>

#include "kreiss/bounds.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------- circle */

typedef struct
{
    kr_encl_t value;     /* M(r) */
    double theta;        /* approximate maximiser: z ~ r e^{i theta} (not certified) */
    kr_witness_t upper;  /* KYP */
    kr_witness_t lower;  /* POINT */
    char reason[KR_REASON_LEN];
} kr_circle_result_struct;

typedef kr_circle_result_struct kr_circle_result_t[1];

void kr_circle_result_init(kr_circle_result_t c);
void kr_circle_result_clear(kr_circle_result_t c);

/* Enclose M(r) for an exact r > 0 to relative width about rel_tol. */
kr_status kr_circle_max(kr_circle_result_t c, const kr_qmat_t M, const fmpq_t r,
                        double rel_tol, const kr_opts *opts, kr_error_t err);

/* ---------------------------------------------------------------- Kreiss */

/* One certified circle of a Kreiss computation. */
typedef struct
{
    double r;            /* radius (exact binary64) */
    arf_struct U;        /* certified M(r) <= U (+inf for r = inf) */
    kr_witness_struct w; /* the KYP claim */
} kr_circle_cert;

typedef struct
{
    kr_encl_t kreiss;      /* K(M) */
    kr_encl_t circle_max;  /* M(1) = sup over |z| >= 1 when rho < 1 */
    kr_rho_verdict verdict;
    kr_witness_t rho_w;    /* its certificate: STEIN_LT or STEIN_GT at t = 1 */
    double witness_re, witness_im; /* the point z of the lower bound (exact) */
    kr_witness_t lower;    /* POINT claim at the witness */
    kr_witness_t circle_lower; /* POINT claim on the unit circle (lower bound of M(1)) */
    slong circles;         /* number of certified circles */
    kr_circle_cert *circle; /* sorted by radius; circle[0].r = 1 */
    arf_struct norm_hi;    /* certified ||M|| <= norm_hi used for the tail */
    kr_witness_t norm_upper; /* its claim (GRAM_LE: ||M||^2 <= t) */
    arf_struct tail;       /* bound on (r - 1) ||R(z)|| for r >= last radius */
    char reason[KR_REASON_LEN];
} kr_kreiss_result_struct;

typedef kr_kreiss_result_struct kr_kreiss_result_t[1];

void kr_kreiss_result_init(kr_kreiss_result_t k);
void kr_kreiss_result_clear(kr_kreiss_result_t k);

/* Enclose K(M) with hi <= lo (1 + rel_tol) when it can.  Certified
 * rho > 1 gives K = inf; rho = 1 or undecided gives a lower bound only
 * (hi = +inf, reason set). */
kr_status kr_kreiss(kr_kreiss_result_t k, const kr_qmat_t M, double rel_tol,
                    const kr_opts *opts, kr_error_t err);

/* ---------------------------------------------------------------- figures */

/* NOT certified: a floating-point picture for figures.  smin[j nx + i] ~
 * sigma_min(z I - R) at z = x_i + i y_j on the nx × ny grid of [xlo, xhi] ×
 * [ylo, yhi] (R the real form of M: for a complex M the picture is the
 * union of those of M and conj(M)); eig (2N doubles: re, im; *neig = N) ~ the
 * eigenvalues of R.  Returns 0 on failure (entries beyond binary64, LAPACK). */
int kr_approx_pspec_grid(double *smin, double *eig, slong *neig, const kr_qmat_t M,
                         double xlo, double xhi, double ylo, double yhi, slong nx, slong ny);

#ifdef __cplusplus
}
#endif

#endif
