/* Helpers shared by the bounds modules (not installed). */
#ifndef KREISS_BOUNDS_INTERNAL_H
#define KREISS_BOUNDS_INTERNAL_H

#include <arb_mat.h>

#include "kreiss/bounds.h"
#include "kreiss/fmat.h"

/* R := ball enclosure of the real form of M at precision prec. */
void kr_realform_arb(arb_mat_t R, const kr_qmat_t M, slong prec);

/* res := ||R v|| / ||v|| as a ball (v exact binary numbers, not all 0). */
void kr_arb_vec_norm_ratio(arb_t res, const arb_mat_t R, const arf_struct *v,
                           slong prec);

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

/* A scalar t for which the binary64 PD test of s (t I - X) is expected to
 * succeed (a choice, not a proof: the test decides).  X is symmetric of
 * order N with float estimate lam of its largest (s = +1) or smallest
 * (s = -1) eigenvalue, trace trX, largest |diagonal| maxdiag, and rad
 * bounds the 2-norm of the error of its enclosure.  The margin is
 * rad + mult * c(t) + the eigenvalue error, with c the kernel's shift. */
double kr_f64_margin_t(slong N, double lam, double trX, double maxdiag,
                       double rad, int s, double mult);

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

/* Binary64 t, if x is one. */
int kr_arf_get_d_exact(double *d, const arf_t x);

#endif
