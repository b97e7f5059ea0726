/* The paper's setting (arXiv 2606.04031; MATH.md section 5): block
 * lower-triangular Jacobians J = [[A, 0], [C, D]] with symmetric A, D of
 * spectral radius <= gamma < 1, their Kreiss bounds, and perturbations
 * J0 + eps B0 under the corrected Neumann condition.
 *
 * kr_report computes, each certified or with its reason:
 *   the hypotheses (exact symmetry, gamma < 1, the Neumann condition and the
 *   paper's own condition), ||C||, K(J), the paper's Theorem 4 value, the
 *   sharper bound, and with a perturbation M0(1), ||B0||, the Neumann bound
 *   on K(J_eps), K(J_eps) itself and the critical coupling bracket. */
#ifndef KREISS_THEORY_H
#define KREISS_THEORY_H

#include "kreiss/constant.h"
#include "kreiss/hyp.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Theorem 4 of the paper: 2/(1 - gamma) + c/(4 (1 - gamma)), enclosed for
 * the exact gamma < 1 and every c in [c.lo, c.hi]. */
void kr_bound_paper(kr_encl_t out, const arf_t gamma, const kr_encl_t c, slong prec);

/* The sharper bound sup over r > 1 of (r - 1)/(r - gamma) + (r - 1) c /
 * (r - gamma)^2, which is 1 + (c - d)^2 / (4 c d) for c > d = 1 - gamma and
 * 1 otherwise (maximise the quadratic in x = 1/(r - gamma)); enclosed as
 * above (it increases with c). */
void kr_bound_sharp(kr_encl_t out, const arf_t gamma, const kr_encl_t c, slong prec);

/* The blocks of J for the split k: A = J[0:k, 0:k], C = J[k:n, 0:k],
 * D = J[k:n, k:n], B = J[0:k, k:n] (the upper-right block). */
typedef struct
{
    slong k, m;
    kr_qmat_t A, C, D, B;
    int b_zero;        /* B is exactly zero */
} kr_blocks_struct;

typedef kr_blocks_struct kr_blocks_t[1];

void kr_blocks_init(kr_blocks_t b);
void kr_blocks_clear(kr_blocks_t b);
kr_status kr_blocks_split(kr_blocks_t b, const kr_qmat_t J, slong k, kr_error_t err);
/* J := [[A, B], [C, D]] (B may be NULL: zero). */
kr_status kr_blocks_join(kr_qmat_t J, const kr_qmat_t A, const kr_qmat_t C,
                         const kr_qmat_t D, const kr_qmat_t B, kr_error_t err);

/* Three-valued decisions: holds, fails, or not decided by the certified
 * bounds (with the reason). */
typedef enum
{
    KR_UNDECIDED = -1,
    KR_FAILS = 0,
    KR_HOLDS = 1
} kr_decision;

typedef struct
{
    /* input */
    kr_blocks_t blocks;
    kr_qmat_t J;           /* J0 = [[A, 0], [C, D]] (without B) */
    /* hypotheses */
    int symmetric_A, symmetric_D;
    kr_radius_result_t rho_A, rho_D;
    arf_struct gamma;      /* the gamma used: max of the certified upper bounds (+inf if none) */
    kr_decision gamma_lt_1;
    /* the unperturbed bounds */
    kr_norm_result_t norm_C;
    kr_kreiss_result_t K;  /* K(J0) */
    kr_encl_t bound_paper, bound_sharp; /* [inf, inf]-free only when the hypotheses hold */
    /* perturbation J_eps = J0 + eps B0 (B0 the upper-right block, eps = 1,
     * or --perturb B0 --eps eps) */
    int perturbed;
    kr_qmat_t B0;
    fmpq eps;
    kr_qmat_t Jeps;
    kr_norm_result_t norm_B0;
    kr_circle_result_t M0; /* M0(1) = sup over |z| >= 1 of ||(zI - J0)^-1|| */
    kr_decision neumann;   /* eps ||B0|| M0(1) < 1 */
    kr_decision paper_condition; /* eps ||B0|| K0 < 1 - gamma (not sufficient) */
    kr_encl_t kreiss_perturbed; /* K(J_eps): the Neumann bound's upper end, or direct */
    kr_kreiss_result_t Keps; /* K(J_eps) computed directly */
    kr_rho_verdict rho_eps;
    /* critical coupling eps* = inf{eps : rho(J0 + eps B0) >= 1}, certified
     * crit_lo <= eps* <= crit_hi (crit_lo from the Neumann theorem, crit_hi
     * a point with certified rho > 1); crit_stable: the largest eps tried
     * with certified rho < 1 (information: rho need not be monotone) */
    int critical;
    fmpq crit_lo, crit_hi, crit_stable;
    char reason[KR_REASON_LEN];
} kr_report_struct;

typedef kr_report_struct kr_report_t[1];

void kr_report_init(kr_report_t r);
void kr_report_clear(kr_report_t r);

/* The whole report for J = [[A, B], [C, D]] with split k; B0/eps from the
 * caller (B0 NULL: the upper-right block of J with eps = 1, if non-zero).
 * critical: also bracket eps* by bisection (steps of it). */
kr_status kr_report(kr_report_t r, const kr_qmat_t J, slong k, const kr_qmat_t B0,
                    const fmpq_t eps, int critical, double rel_tol, const kr_opts *opts,
                    kr_error_t err);

#ifdef __cplusplus
}
#endif

#endif
