/* Witnesses: the data that makes a certified bound checkable.
 *
 * Every bound kreiss prints comes from a claim of one of the kinds below
 * together with its witness (a number, a vector, a matrix) and the way the
 * PD part was proved.  The certificate writer serialises these; a checker
 * that rebuilds the Hermitian matrix of a claim exactly from the input, the
 * scalar t and the witness can re-verify it without trusting kreiss.
 *
 * Claims are about the real form R of the matrix concerned (see fmat.h):
 * R = M for a real M, [[Re M, -Im M], [Im M, Re M]] for a complex one, and
 * for sigma_min claims R is the real form of A = zI - M. */
#ifndef KREISS_WITNESS_H
#define KREISS_WITNESS_H

#include <arf.h>
#include <flint/flint.h>
#include <flint/fmpq.h>

#include "kreiss/pd.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum
{
    KR_CLAIM_NONE = 0,
    KR_CLAIM_GRAM_LE,   /* t I - R^T R > 0           =>  ||R||^2 < t              */
    KR_CLAIM_GRAM_GE,   /* R^T R - t I > 0           =>  sigma_min(R)^2 > t       */
    KR_CLAIM_VEC_NORM,  /* vector v: ||R|| >= ||Rv||/||v||, sigma_min(R) <= ||Rv||/||v|| */
    KR_CLAIM_SYM_LE,    /* t I - R > 0 (R symmetric)  =>  lambda_max(R) < t       */
    KR_CLAIM_SYM_GE,    /* R + t I > 0 (R symmetric)  =>  lambda_min(R) > -t      */
    KR_CLAIM_RAYLEIGH,  /* vector v: rho(R) >= |v^T R v| / v^T v (R symmetric)    */
    KR_CLAIM_STEIN_LT,  /* matrix P: P > 0 and t^2 P - R^T P R > 0  =>  rho(R) < t */
    KR_CLAIM_STEIN_GT,  /* matrix P, vector v: t^2 P - R^T P R > 0 and v^T P v < 0
                           =>  R has an eigenvalue of modulus > t (Stein inertia) */
    KR_CLAIM_KYP,       /* radius q, matrix X: [[(q^2 - t) I + R^T R - X, -q R^T],
                           [-q R, X]] > 0  =>  sigma_min(z I - R) > sqrt(t) on |z| = q */
    KR_CLAIM_POINT,     /* point z = q0 + i q1, vector v = (Re v, Im v) of length 2N:
                           ||(z I - R)^-1|| >= ||v|| / ||(z I - R) v|| */
    KR_CLAIM_NORM_CIRCLE, /* circle |z| = q0 > ||M||: M(q0) <= 1 / (q0 - ||M||), with
                           ||M|| bounded by a GRAM_LE claim (Neumann series) */
    KR_CLAIM_ARCS       /* circle |z| = q0 covered by disks: at each point z_k
                           (exactly on the circle), sigma_min(z_k I - M)^2 >= t_k
                           (a GRAM_GE claim), and consecutive points are at most
                           (sqrt(t_k) - e) + (sqrt(t_{k+1}) - e) apart along the
                           circle, e^2 = t: by Weyl, sigma_min > e on the circle */
} kr_claim_kind;

const char *kr_claim_name(kr_claim_kind k);

typedef struct
{
    kr_claim_kind kind;
    arf_struct t;  /* the claim's scalar (exact binary number) */
    fmpq q[2];     /* exact rational parameters: the radius of KYP (q[0]),
                      the point z = q[0] + i q[1] of POINT */
    slong len;     /* length of vec (order of R) or 0 */
    arf_struct *vec; /* witness vector (exact binary numbers), or NULL */
    slong dim;     /* order of mat, or 0 */
    double *mat;   /* witness matrix (column-major, symmetric), or NULL */
    arf_struct *amat; /* the same with more than binary64 precision (dim×dim,
                         column-major), or NULL; at most one of mat, amat */
    kr_pd_result pd;  /* how the (first) PD part was proved */
    kr_pd_result pd2; /* the second PD part (STEIN_LT: P > 0) */
    slong prec;    /* Arb precision of the ball evaluations (vector claims) */
    slong narc;    /* ARCS: number of points */
    fmpq *arc_z;   /* ARCS: 2 narc rationals, the points z_k */
    arf_struct *arc_t; /* ARCS: narc levels t_k */
    kr_pd_result *arc_pd; /* ARCS: how each GRAM_GE claim was proved */
} kr_witness_struct;

typedef kr_witness_struct kr_witness_t[1];

void kr_witness_init(kr_witness_t w);
void kr_witness_clear(kr_witness_t w);
/* Copy a vector of doubles / of arf numbers into the witness. */
void kr_witness_set_vec_d(kr_witness_t w, const double *vec, slong len);
void kr_witness_set_vec_arf(kr_witness_t w, const arf_struct *vec, slong len);
/* Take ownership of a malloc'd symmetric matrix. */
void kr_witness_set_mat(kr_witness_t w, double *mat, slong dim);
/* Move src into dest (src becomes empty). */
void kr_witness_swap(kr_witness_t a, kr_witness_t b);

#ifdef __cplusplus
}
#endif

#endif
