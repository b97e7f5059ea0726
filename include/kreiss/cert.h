/* Certificates (certs/FORMAT.md): the certified bounds of a computation with
 * the witnesses that make them checkable by kreiss-check.
 *
 * A certificate is written to a temporary file next to its destination and
 * renamed into place only by kr_cert_commit, so a failed or interrupted run
 * never leaves a partial file and never overwrites an existing one with
 * garbage.  A destination that exists and is not a regular file (/dev/stdout,
 * a pipe) is written directly: it is never replaced.  Only certified sides are written: an uncertified upper bound is
 * written as hi = inf, which claims nothing. */
#ifndef KREISS_CERT_H
#define KREISS_CERT_H

#include <stdio.h>

#include "kreiss/constant.h"
#include "kreiss/peak.h"

#ifdef __cplusplus
extern "C" {
#endif

#define KR_CERT_FORMAT "kreiss-cert 1"

typedef struct
{
    FILE *f;
    char *path;    /* destination */
    char *tmp;     /* temporary file being written (NULL: writing path itself,
                      which is not a regular file: a device, a pipe) */
    long next_id;  /* next record id */
    slong digits;  /* significant digits of the claims' decimals */
    slong N;       /* order of the real form of the input */
    int complex_input;
    int failed;    /* a write failed */
} kr_cert_struct;

typedef kr_cert_struct kr_cert_t[1];

/* Open a certificate for path; comment is written as a 'c' line (may be
 * NULL).  Fails (KR_ERR_IO) if the directory is not writable. */
kr_status kr_cert_open(kr_cert_t c, const char *path, const char *comment, slong digits,
                       kr_error_t err);
/* Flush, sync and rename into place; the certificate is closed either way. */
kr_status kr_cert_commit(kr_cert_t c, kr_error_t err);
/* Remove the temporary file. */
void kr_cert_abort(kr_cert_t c);

/* The input matrix (first, exactly once). */
void kr_cert_input(kr_cert_t c, const kr_qmat_t M);

/* The records and claims of one computation. */
kr_status kr_cert_norm(kr_cert_t c, const kr_qmat_t M, const kr_norm_result_t r,
                       kr_error_t err);
kr_status kr_cert_smin(kr_cert_t c, const kr_qmat_t M, const fmpq_t zre, const fmpq_t zim,
                       const kr_smin_result_t r, kr_error_t err);
kr_status kr_cert_radius(kr_cert_t c, const kr_radius_result_t r, kr_error_t err);
kr_status kr_cert_circle(kr_cert_t c, const kr_qmat_t M, const fmpq_t radius,
                         const kr_circle_result_t r, kr_error_t err);
kr_status kr_cert_kreiss(kr_cert_t c, const kr_qmat_t M, const kr_kreiss_result_t k,
                         kr_error_t err);
/* The transient peak: a power_vec record (lower bound), a power_upper
 * record (when ||M^T|| < 1 was proved; its bound, and the claim's hi, are
 * peak.hi widened by an estimate of the checker's own rounding error) or a
 * contraction record (P = 1), or a stein_gt (P = inf). */
kr_status kr_cert_peak(kr_cert_t c, const kr_qmat_t M, const kr_peak_result_t p,
                       kr_error_t err);

#ifdef __cplusplus
}
#endif

#endif
