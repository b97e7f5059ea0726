/* kreiss-check: the checker's own positive-definiteness layer.
 *
 * The certificate checker shares no numerical code with the producer
 * (src/pd, src/fp, src/bounds).  Every claim it accepts about an upper bound
 * reduces to "this real symmetric matrix H, built from exact rationals, is
 * positive definite" (MATH.md section 2).  The functions below build H from
 * the exact inputs with outward rounding and prove it positive definite by
 *
 *   1. the binary64 Cholesky test of Rump (BIT 46, 2006) in the form
 *      machine-checked by ValidSDP (theories/cholesky.v,
 *      corollary_2_4_with_c_upper_bound), applied to a binary64 midpoint
 *      whose diagonal is lowered by a bound on the 2-norm of the enclosure
 *      error (docs/pd-kernel.md section 2); and, if that fails,
 *   2. a Cholesky factorisation in MPFI interval arithmetic of H enclosed
 *      from the exact rationals, at max(prec, 128) bits rounded up to a
 *      multiple of 64, then once more at twice that precision.
 *
 * Return values.  Each ck_pd_* function returns 1 or 0.  A return value of
 * 1 GUARANTEES that the stated real symmetric matrix, formed in exact
 * rational arithmetic from the exact entries of the ck_mat arguments and the
 * exact rational scalars, is positive definite (x^T H x > 0 for every real
 * x != 0).  A return value of 0 guarantees nothing (in particular it does
 * not claim that H is not positive definite).  A matrix of order 0 is
 * positive definite (vacuously); n = 0 inputs return 1.
 *
 * why/len: if why != NULL and len > 0, a NUL-terminated one-line message
 * of at most len - 1 characters is written: on 1, the method that proved
 * it ("proved by the binary64 Cholesky test (order 400)", or the binary64
 * failure followed by "proved by MPFI Cholesky at 128 bits"); on 0, the
 * reason ("binary64 Cholesky test (order 400) failed at pivot 17; MPFI
 * Cholesky at 256 bits failed at pivot 17").  Pivots are numbered from 0.
 *
 * prec is a hint: 53 means the producer proved the claim with a binary64
 * test, larger values that it needed that many bits.  The binary64 test is
 * always tried first; prec only sets the MPFI precision of the fallback.
 * Values above 16384 are clamped to 16384.
 *
 * Bad arguments (NULL matrices or scalars, order mismatches, a zero
 * denominator in a scalar, a matrix that must be symmetric but is not
 * exactly symmetric, sign == 0) and out-of-memory conditions return 0 with
 * a reason; nothing is printed and no global state is used.  The only
 * exception is memory exhaustion inside GMP/MPFR themselves, which abort by
 * design; the MPFI path refuses up front when its estimated memory exceeds
 * 1 GiB.
 *
 * Floating-point environment: the binary64 path requires round-to-nearest
 * on entry and (on x86) MXCSR flush-to-zero and denormals-are-zero off; it
 * switches to directed rounding internally and restores round-to-nearest.
 * When the environment is not as required it is skipped (with the reason
 * in why) and the MPFI path, which does not use the hardware rounding
 * mode, decides.  pd.c must be compiled with -frounding-math and
 * -ffp-contract=off (no FMA contraction), without -ffast-math.
 *
 * Thread safety: calls on distinct ck_mat objects may run concurrently; the
 * rounding mode is per thread.  A ck_mat caches enclosures on first use, so
 * concurrent calls sharing a ck_mat are not allowed. */
#ifndef KREISS_CHECK_PD_H
#define KREISS_CHECK_PD_H

#include <stddef.h>

#include <gmp.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Opaque: an exact real square matrix plus cached enclosures of it (its
 * binary64 interval enclosure, of R^T R, and MPFI enclosures at one
 * precision), computed lazily by the functions below. */
typedef struct ck_mat_struct ck_mat;

/* A new n x n matrix with the exact entries entries[i*n + j] (row-major),
 * copied (and canonicalised).  n = 0 is allowed (entries may then be NULL).
 * Returns NULL if n < 0, entries == NULL with n > 0, some entry has a zero
 * denominator, n is too large, or memory runs out. */
ck_mat *ck_mat_new(long n, const mpq_t *entries);

/* Frees A and its caches; NULL is allowed. */
void ck_mat_free(ck_mat *A);

/* The order n of A, or -1 if A is NULL. */
long ck_mat_order(const ck_mat *A);

/* Returns 1 only if t I - R^T R is positive definite (so ||R||_2 < sqrt(t)).
 * R^T R is enclosed once per R and cached. */
int ck_pd_gram_le(ck_mat *R, const mpq_t t, long prec, char *why, size_t len);

/* Returns 1 only if A^T A - t I is positive definite (so sigma_min(A) >
 * sqrt(t) when t >= 0). */
int ck_pd_gram_ge(ck_mat *A, const mpq_t t, long prec, char *why, size_t len);

/* sign < 0: returns 1 only if t I - R is positive definite;
 * sign > 0: returns 1 only if R + t I is positive definite.
 * R must be exactly symmetric (this is checked: 0 otherwise); sign == 0
 * returns 0. */
int ck_pd_sym(ck_mat *R, const mpq_t t, int sign, long prec, char *why,
              size_t len);

/* Returns 1 only if t^2 P - R^T P R is positive definite (proved with the
 * precision hint prec) and, when check_p != 0, also P is positive definite
 * (hint prec2).  With check_p != 0 a return of 1 therefore proves
 * rho(R) < |t|.  P must be exactly symmetric and of the order of R. */
int ck_pd_stein(ck_mat *R, const mpq_t t, ck_mat *P, int check_p, long prec,
                long prec2, char *why, size_t len);

/* Returns 1 only if the order-2N matrix
 *     L(X) = [[(r^2 - t) I + R^T R - X, -r R^T], [-r R, X]]
 * is positive definite, where R and X are N x N and X is exactly symmetric.
 * Then sigma_min(z I - R)^2 > t for every complex z with |z| = |r|
 * (MATH.md section 4).  R^T R is cached in R across calls. */
int ck_pd_kyp(ck_mat *R, const mpq_t r, const mpq_t t, ck_mat *X, long prec,
              char *why, size_t len);

#ifdef __cplusplus
}
#endif

#endif
