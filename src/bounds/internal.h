/* Helpers shared by the bounds modules (not installed). */
#ifndef KREISS_BOUNDS_INTERNAL_H
#define KREISS_BOUNDS_INTERNAL_H

#include <complex.h>

#include <arb_mat.h>

#include "kreiss/bounds.h"
#include "kreiss/constant.h"
#include "kreiss/fmat.h"

/* R := ball enclosure of the real form of M at precision prec. */
void kr_realform_arb(arb_mat_t R, const kr_qmat_t M, slong prec);

/* res := ||R v|| / ||v|| as a ball (v exact binary numbers, not all 0). */
void kr_arb_vec_norm_ratio(arb_t res, const arb_mat_t R, const arf_struct *v,
                           slong prec);

/* res := ||v|| / ||(z I - R) v|| as a ball, z = zre + i zim exact, v a
 * complex vector given as 2N numbers (real parts, then imaginary parts). */
void kr_arb_point_ratio(arb_t res, const arb_mat_t R, const fmpq_t zre,
                        const fmpq_t zim, const arf_struct *v, slong prec);

/* res := v^T R v / v^T v as a ball. */
void kr_arb_rayleigh(arb_t res, const arb_mat_t R, const arf_struct *v,
                     slong prec);

/* H := ball enclosure of s (t I - R^T R), s = +1 or -1. */
void kr_arb_gram_shift(arb_mat_t H, const arb_mat_t R, const arf_t t, int s,
                       slong prec);

/* Binary64 data for claims on t I - R^T R / R^T R - t I. */
typedef struct
{
    slong N;
    const kr_fmat_struct *F; /* real form, binary64 enclosure (or NULL) */
    double *G;               /* fl(mid^T mid), N×N */
    double rowsum;           /* bound on ||R^T R - G||_2 */
    const kr_qmat_struct *A; /* the exact matrix (its real form is R) */
    arf_struct t;
    int sign;                /* +1: t I - R^T R ; -1: R^T R - t I */
} kr_gram_ctx;

/* Prove sign (t I - R^T R) > 0 by the PD kernel; fills w on success. */
int kr_gram_claim(kr_witness_t w, kr_gram_ctx *ctx, int use_f64, int use_arb,
                  const kr_opts *opts);

/* Binary64 only: t as close to the float estimate lam of the extreme
 * eigenvalue of R^T R (largest for sign +1, smallest for -1) as the
 * kernel's shift allows, with growing margins; fills w on success. */
int kr_gram_claim_f64_near(kr_witness_t w, kr_gram_ctx *ctx, double lam,
                           const kr_opts *opts);

/* A scalar t for which the binary64 PD test of s (t I - X) is expected to
 * succeed (a choice, not a proof: the test decides).  X is symmetric of
 * order N with float estimate lam of its largest (s = +1) or smallest
 * (s = -1) eigenvalue, trace trX, largest |diagonal| maxdiag, and rad
 * bounds the 2-norm of the error of its enclosure.  The margin is
 * rad + mult * c(t) + the eigenvalue error, with c the kernel's shift. */
double kr_f64_margin_t(slong N, double lam, double trX, double maxdiag,
                       double rad, int s, double mult);

/* " (binary64 only: ...)" when the Arb fallback was not available for a
 * real form of order N, else "": the end of a reason. */
const char *kr_binary64_only(const kr_opts *opts, slong N);

/* Working precision for ball evaluations and for rounding the ends of
 * enclosures: opts->prec, raised so that rel_tol is resolvable. */
slong kr_work_prec(const kr_opts *opts);

/* Floating-point hints (hints.c).  The index-th smallest eigenpair of the
 * symmetric N×N column-major S (index 1..N). */
int kr_hint_sym_eigpair(double *lambda, double *v, const double *S, slong N,
                        slong index);
/* Smallest and largest singular value and the right singular vector of the
 * smallest, for the N×N column-major X. */
int kr_hint_smallest_singular(double *sigma, double *smax, double *v,
                              const double *X, slong N);
/* max |eigenvalue| of the N×N column-major X, or -1 on failure. */
double kr_hint_spectral_radius(const double *X, slong N);

/* Work vectors of one inverse iteration (one per thread). */
typedef struct
{
    double *v;         /* the allocation */
    double *xr, *xi;   /* left singular vector estimate (warm start), Schur basis */
    double *yr, *yi;   /* right singular vector estimate */
    double *dr, *di;   /* the diagonal z - T_ii */
} kr_schur_ws;

int kr_schur_ws_init(kr_schur_ws *w, slong N);
void kr_schur_ws_clear(kr_schur_ws *w);

/* Complex Schur form of a real matrix, for resolvent hints (schur.c). */
typedef struct
{
    slong N;
    double complex *T; /* upper triangular, column-major */
    double complex *Z; /* Schur vectors */
    double *ar, *ai;   /* -T split in real and imaginary parts (strict upper part) */
    kr_schur_ws ws[1]; /* the main work vectors (kr_schur_smin) */
} kr_schur_struct;

typedef kr_schur_struct kr_schur_t[1];

int kr_schur_init(kr_schur_t S, const double *R, slong N);
void kr_schur_clear(kr_schur_t S);
/* Estimate (from above, up to rounding) of sigma_min(z I - R). */
double kr_schur_smin(kr_schur_t S, double complex z);
/* The same with the work vectors w (one per thread; S is only read). */
double kr_schur_smin_ws(const kr_schur_struct *S, kr_schur_ws *w, double complex z);
/* v := the right singular vector estimate of the last kr_schur_smin, in the
 * basis of R (length N). */
void kr_schur_right_vector(double complex *v, const kr_schur_t S);
/* Estimate of min over |z| = r of sigma_min(z I - R): a grid of m + 1 angles
 * in [0, pi], refined by golden section around the local minima when refine
 * is set; the argmin angle in *theta. */
double kr_schur_circle_min(kr_schur_t S, double r, slong m, int refine, double *theta);

/* Structure-preserving doubling for X + A^T X^-1 A = Q (sda.c): returns the
 * number of iterations (> 0) with X filled, or -1 (no convergence or no
 * positive definite solution). */
int kr_sda(double *X, const double *A, const double *Q, slong N, slong maxit);

/* The same in floating-point Arb arithmetic at precision prec (sda.c). */
int kr_sda_arb(arb_mat_t X, const arb_mat_t A, const arb_mat_t Q, slong maxit, slong prec);

/* KYP claim data (kyp.c). */
typedef struct
{
    slong N;
    const kr_fmat_struct *F;  /* binary64 enclosure of the real form R */
    const double *G;          /* fl(mid^T mid) */
    double rowsumG;           /* bound on ||R^T R - G||_2 */
    const kr_qmat_struct *A;  /* the exact matrix */
    const fmpq *r;            /* circle radius (exact) */
    double rm, rr;            /* |r - rm| <= rr */
    arf_struct t;             /* eps^2 */
    const double *X;          /* symmetric N×N hint (binary64), or NULL */
    const arb_mat_struct *Xa; /* the hint with more precision (exact midpoints), or NULL */
} kr_kyp_ctx;

/* Prove L(X) > 0 for c; fills w (KR_CLAIM_KYP) on success. */
int kr_kyp_claim(kr_witness_t w, kr_kyp_ctx *c, const kr_opts *opts);

/* Shared state of the circle certificates of one matrix (circle.c). */
typedef struct
{
    const kr_qmat_struct *M;
    slong N;
    kr_fmat_t F;     /* binary64 enclosure of the real form R */
    double *G;       /* fl(mid^T mid) */
    double rowsumG;  /* bound on ||R^T R - G||_2 */
    kr_schur_t S;    /* complex Schur form of mid(R), for hints */
    slong grid;      /* angular grid of the circle hints */
    int ok;
} kr_circ_engine_struct;

typedef kr_circ_engine_struct kr_circ_engine_t[1];

int kr_circ_engine_init(kr_circ_engine_t E, const kr_qmat_t M);
void kr_circ_engine_clear(kr_circ_engine_t E);

/* Certify M(r) <= U for the circle |z| = r (exact), aiming at relative
 * looseness rel; *sigma, *theta get the float hint of the circle minimum of
 * sigma_min and its angle.  With kcap > 0 (a Kreiss computation whose upper
 * bound need not exceed kcap), the looseness may grow to what (r - 1) U <=
 * kcap allows (at most 1/4): circles far from the maximiser are cheap.
 * Returns 1 and fills w (KYP) and U on success. */
int kr_circ_certify(kr_witness_t w, arf_t U, kr_circ_engine_t E, const fmpq_t r,
                    double rel, double kcap, const kr_opts *opts, double *sigma,
                    double *theta);

/* A point exactly on |z| = r near the angle theta. */
void kr_circle_point(fmpq_t zre, fmpq_t zim, const fmpq_t r, double theta);

/* POINT claim at z: val := ball of ||v|| / ||(z I - R) v|| <= ||R(z)||. */
int kr_point_claim(kr_witness_t w, arb_t val, kr_circ_engine_t E, const fmpq_t zre,
                   const fmpq_t zim, slong prec);

/* Upper bound of (r - 1) M(r) on [ra, rb] from certified M(ra) <= Ua and
 * M(rb) <= Ub, by log-convexity and the maximum principle (needs
 * rho(M) < ra, 1 <= ra < rb); +inf if nothing better than nothing. */
void kr_segment_bound(arb_t out, double ra, const arf_t Ua, double rb, const arf_t Ub,
                      slong prec);
/* out := max(1, (R - 1) / (R - m)) rounded up, the bound on (|z| - 1)
 * ||R(z)|| for |z| >= R > ||M||, ||M|| <= m.  Returns 0 unless R > m. */
int kr_tail_bound(arf_t out, double R, const arf_t m, slong prec);

/* Is the matrix exactly singular?  (Exact rank of the real form, FLINT.)
 * 1: singular, 0: not, -1: not decided, because the estimated work
 * N^2 B (N the order of the real form, B kr_qmat_max_bits) is above
 * KR_EXACT_RANK_WORK (about 10 s: 10^5-digit entries of order 10, 1000-digit
 * entries of order 70). */
int kr_qmat_exactly_singular(const kr_qmat_t A);
#define KR_EXACT_RANK_MAX_DIM 200
#define KR_EXACT_RANK_WORK 33554432.0 /* 2^25 */

/* Bits of the largest numerator or denominator of the entries of A. */
slong kr_qmat_max_bits(const kr_qmat_t A);

/* Binary64 t, if x is one. */
int kr_arf_get_d_exact(double *d, const arf_t x);

#endif
