/* The certified positive-definiteness kernel (MATH.md section 2).
 *
 * Almost every upper bound kreiss prints reduces to "this real symmetric
 * matrix H is positive definite" (complex Hermitian matrices are passed in
 * their real form [[Re, -Im], [Im, Re]]).  Two independent provers:
 *
 *  - kr_pd_f64: binary64 Cholesky of a shifted midpoint matrix, with the
 *    shift of Rump (BIT 46, 2006) as machine-checked in ValidSDP
 *    (corollary_2_4_with_c_upper_bound), widened to cover LAPACK's blocked,
 *    reciprocal-multiplying dpotrf; see docs/pd-kernel.md.
 *  - kr_pd_arb: Cholesky in Arb ball arithmetic.
 *
 * A return of KR_PD_YES guarantees that every symmetric matrix in the given
 * enclosure is positive definite.  KR_PD_NO (Arb only) guarantees that none
 * is.  KR_PD_UNKNOWN says nothing. */
#ifndef KREISS_PD_H
#define KREISS_PD_H

#include <arb_mat.h>

#include "kreiss/opts.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum
{
    KR_PD_UNKNOWN = 0,
    KR_PD_YES = 1,
    KR_PD_NO = 2
} kr_pd_verdict;

typedef enum
{
    KR_PD_METHOD_NONE = 0,
    KR_PD_METHOD_F64_LAPACK,
    KR_PD_METHOD_F64_VALIDSDP,
    KR_PD_METHOD_ARB
} kr_pd_method;

const char *kr_pd_method_name(kr_pd_method m);

typedef struct
{
    kr_pd_verdict verdict;
    kr_pd_method method; /* the prover that decided (NONE if unknown) */
    slong prec;          /* 53 for binary64, the Arb precision otherwise */
    double shift;        /* binary64 path: the diagonal shift c + rad used */
} kr_pd_result;

/* Binary64 test.  mid is an n×n column-major array with leading dimension
 * ld of which the lower triangle (with the diagonal) is read; rad >= 0.
 * Returns KR_PD_YES iff it proved that every symmetric H with
 * ||H - mid||_2 <= rad (mid symmetrised from its lower triangle) is
 * positive definite; KR_PD_UNKNOWN otherwise (never KR_PD_NO).  Declines
 * (UNKNOWN) unless the rounding mode is to-nearest and subnormals are not
 * flushed.  res may be NULL. */
kr_pd_verdict kr_pd_f64(kr_pd_result *res, const double *mid, slong ld,
                        slong n, double rad, kr_pd_kernel kernel);

/* The diagonal shift c that kr_pd_f64 subtracts (before the radius) from an
 * order-n matrix with nonnegative diagonal, trace at most tr and largest
 * diagonal entry at most maxdiag: an upper bound of
 * 1/2 gamma_{2(n+2)} tr + 8 n 2^-1074 (2(n+2) + maxdiag).  Callers use it to
 * choose a margin that the binary64 test can resolve. */
double kr_pd_f64_shift(slong n, double tr, double maxdiag);

/* Ball test of the symmetric matrix whose lower triangle is H. */
kr_pd_verdict kr_pd_arb(kr_pd_result *res, const arb_mat_t H, slong prec);

/* The same, giving up (KR_PD_UNKNOWN) once kr_opts_clock() passes deadline
 * (checked every few rows; deadline <= 0: never). */
kr_pd_verdict kr_pd_arb_until(kr_pd_result *res, const arb_mat_t H, slong prec,
                              double deadline);

/* A symmetric matrix given by the ways it can be enclosed. */
typedef struct
{
    slong n; /* order */
    /* Fill mid (n×n column-major, at least the lower triangle) and *rad
     * (bound on the 2-norm of the error).  Return 0 if unavailable. */
    int (*f64)(double *mid, double *rad, void *ctx);
    /* Fill H (n×n, at least the lower triangle) with balls at precision
     * prec.  Return 0 if unavailable. */
    int (*arb)(arb_mat_t H, slong prec, void *ctx);
    void *ctx;
} kr_sym_source;

/* Try the binary64 test, then Arb at opts->prec, 2 opts->prec, ... up to
 * opts->max_prec (stopping at a certified KR_PD_NO).  Within a computation
 * (opts->limits, see opts.h) it stops at the deadline, and notes when the
 * Arb test was still undecided at the caller's precision cap. */
kr_pd_verdict kr_pd_certify(kr_pd_result *res, const kr_sym_source *H,
                            const kr_opts *opts);

#ifdef __cplusplus
}
#endif

#endif
