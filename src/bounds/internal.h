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

/* Noise level of the binary64 PD test for an order-N Gram-type matrix with
 * trace about tr and radius rho: below this margin it cannot succeed. */
double kr_pd_f64_noise(slong N, double tr, double rho);

/* Binary64 t, if x is one. */
int kr_arf_get_d_exact(double *d, const arf_t x);

#endif
