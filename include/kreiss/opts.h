/* Options shared by the certified computations. */
#ifndef KREISS_OPTS_H
#define KREISS_OPTS_H

#include <flint/flint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Which binary64 Cholesky the fast PD test runs (docs/pd-kernel.md). */
typedef enum
{
    KR_PD_KERNEL_LAPACK = 0, /* LAPACK dpotrf (OpenBLAS): any summation order */
    KR_PD_KERNEL_VALIDSDP    /* left-to-right reference loop, as in ValidSDP's proof */
} kr_pd_kernel;

typedef struct
{
    double rel_tol;    /* target relative width of norm / sigma_min enclosures */
    slong prec;        /* first Arb precision (bits) */
    slong max_prec;    /* never go beyond this precision */
    int use_f64;       /* try the binary64 fast path first */
    int use_arb;       /* fall back to Arb ball arithmetic */
    kr_pd_kernel kernel;
    slong arb_max_dim; /* skip Arb Cholesky on larger real orders */
    slong max_circles; /* Kreiss constants: at most this many circles */
    int circle_arcs_only; /* certify circles by Weyl arcs only (tests, cross-checks) */
    double time_limit; /* seconds for one computation (<= 0: none) */
    /* progress reports of long computations (may be NULL) */
    void (*progress)(void *ctx, const char *what);
    void *progress_ctx;
} kr_opts;

#define KR_DEFAULT_REL_TOL 1e-10
#define KR_DEFAULT_PREC 128
#define KR_DEFAULT_MAX_PREC 4096
#define KR_DEFAULT_ARB_MAX_DIM 2000
#define KR_DEFAULT_MAX_CIRCLES 400
#define KR_DEFAULT_KREISS_TOL 1e-4

void kr_opts_init(kr_opts *opts);

#ifdef __cplusplus
}
#endif

#endif
