/* Certified bounds: norm, smallest singular value, resolvent norm and
 * spectral radius (MATH.md sections 1, 2, 6).
 *
 * Every enclosure is produced as witness + check: a lower bound from a
 * vector evaluated in ball arithmetic, an upper bound from a PD claim
 * (witness.h).  When a side cannot be proved, its end of the enclosure is
 * infinite (or 0 for a lower bound) and `reason` says why; nothing weaker or
 * approximate is substituted. */
#ifndef KREISS_BOUNDS_H
#define KREISS_BOUNDS_H

#include <flint/fmpq.h>

#include "kreiss/encl.h"
#include "kreiss/opts.h"
#include "kreiss/qmat.h"
#include "kreiss/status.h"
#include "kreiss/witness.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------- norm */

typedef struct
{
    kr_encl_t norm;       /* ||M||_2 */
    kr_witness_t lower;   /* VEC_NORM */
    kr_witness_t upper;   /* GRAM_LE: ||M||^2 <= t */
    int exact;            /* the enclosure is a point because M = 0 */
    char reason[KR_REASON_LEN]; /* why a side is missing or the width target was missed */
} kr_norm_result_struct;

typedef kr_norm_result_struct kr_norm_result_t[1];

void kr_norm_result_init(kr_norm_result_t r);
void kr_norm_result_clear(kr_norm_result_t r);

/* Enclose ||M||_2.  Returns KR_OK (even if a side could not be certified:
 * see kr_encl_has_upper and r->reason) or an error status. */
kr_status kr_norm(kr_norm_result_t r, const kr_qmat_t M, const kr_opts *opts,
                  kr_error_t err);

/* ---------------------------------------------------------------- sigma_min */

typedef struct
{
    kr_encl_t sigma_min;      /* sigma_min(zI - M) */
    kr_encl_t resolvent_norm; /* ||(zI - M)^{-1}||_2 = 1 / sigma_min */
    kr_witness_t lower;       /* GRAM_GE: sigma_min^2 >= t */
    kr_witness_t upper;       /* VEC_NORM */
    char reason[KR_REASON_LEN];
} kr_smin_result_struct;

typedef kr_smin_result_struct kr_smin_result_t[1];

void kr_smin_result_init(kr_smin_result_t r);
void kr_smin_result_clear(kr_smin_result_t r);

/* Enclose sigma_min(zI - M) and the resolvent norm at z = zre + i zim. */
kr_status kr_smin(kr_smin_result_t r, const kr_qmat_t M, const fmpq_t zre,
                  const fmpq_t zim, const kr_opts *opts, kr_error_t err);

/* Enclose sigma_min(A) of an exact matrix A (the engine of kr_smin). */
kr_status kr_smin_matrix(kr_smin_result_t r, const kr_qmat_t A,
                         const kr_opts *opts, kr_error_t err);

/* A := zI - M exactly. */
int kr_qmat_shift(kr_qmat_t A, const fmpq_t zre, const fmpq_t zim,
                  const kr_qmat_t M);

/* ---------------------------------------------------------------- radius */

typedef enum
{
    KR_RHO_UNDECIDED = 0,
    KR_RHO_LT1,  /* certified rho(M) < 1 */
    KR_RHO_GT1   /* certified rho(M) > 1 */
} kr_rho_verdict;

const char *kr_rho_verdict_name(kr_rho_verdict v); /* "rho<1", "rho>1", "undecided" */

typedef struct
{
    kr_encl_t rho;           /* spectral radius (lo may be 0, hi may be inf) */
    kr_rho_verdict verdict;
    int hermitian;           /* M was exactly Hermitian: rho = ||M|| */
    kr_witness_t lower;      /* RAYLEIGH or STEIN_GT (rho > t) */
    kr_witness_t upper;      /* SYM_LE/SYM_GE pair folded: see upper2; or STEIN_LT */
    kr_witness_t upper2;     /* Hermitian case: the SYM_GE half */
    kr_witness_t verdict_w;  /* STEIN_LT (t = 1) or STEIN_GT (t = 1) for the verdict */
    char reason[KR_REASON_LEN];
} kr_radius_result_struct;

typedef kr_radius_result_struct kr_radius_result_t[1];

void kr_radius_result_init(kr_radius_result_t r);
void kr_radius_result_clear(kr_radius_result_t r);

kr_status kr_radius(kr_radius_result_t r, const kr_qmat_t M,
                    const kr_opts *opts, kr_error_t err);

/* ---------------------------------------------------------------- Stein */

/* Try to certify rho(M) < t (sign = -1) or that M has an eigenvalue of
 * modulus > t (sign = +1) with a Stein certificate for M / t.  On success
 * returns 1 and fills w (STEIN_LT or STEIN_GT); 0 when no certificate was
 * found. */
int kr_stein_certify(kr_witness_t w, const kr_qmat_t M, double t, int sign,
                     const kr_opts *opts);

#ifdef __cplusplus
}
#endif

#endif
