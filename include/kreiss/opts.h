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

/* The limits of one computation and whether they stopped it short.  Every
 * certifying function with a result and a reason (kr_norm, kr_smin,
 * kr_smin_matrix, kr_radius, kr_circle_max, kr_kreiss, kr_peak, kr_report)
 * runs in a scope of its own, nested in its caller's: the deadline is
 * inherited, and what a nested computation hit is passed up when it returns.
 * The reasons of results that are not certified (or wider than asked) name
 * the limit that was hit. */
typedef struct kr_limits_struct
{
    double deadline;  /* kr_opts_clock() time at which to stop; 0: none */
    slong max_prec;   /* the caller's precision cap (inner steps may use less) */
    int time_out;     /* the deadline passed: some work was not done */
    int prec_cap;     /* an Arb PD test was still undecided at max_prec */
    struct kr_limits_struct *parent;
} kr_limits;

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
    double time_limit; /* seconds for one computation, or for all of them
                          after kr_opts_start_clock (<= 0: none) */
    kr_limits *limits; /* the current scope (NULL outside a computation) */
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
#define KR_DEFAULT_TIME_LIMIT 3600.0 /* seconds: an hour */

#define KR_REASON_LEN 256

void kr_opts_init(kr_opts *opts);

/* Seconds on CLOCK_MONOTONIC, the clock of the deadlines. */
double kr_opts_clock(void);

/* Start the clock now for every computation run with opts (a program that
 * runs several, such as a report, under one time limit): sets up *lim,
 * which must outlive them, as the outermost scope. */
void kr_opts_start_clock(kr_opts *opts, kr_limits *lim);

/* Open a scope (see kr_limits) for a computation called with opts: fills
 * *local, a copy of *opts pointing to *scope, and returns it.  Close it with
 * kr_limits_leave. */
const kr_opts *kr_limits_enter(kr_opts *local, kr_limits *scope,
                               const kr_opts *opts);
void kr_limits_leave(const kr_limits *scope);

/* Has the deadline of the current scope passed?  Notes it (time_out). */
int kr_opts_out_of_time(const kr_opts *opts);

/* Did the current scope reach its deadline (as last noted)?  Then a reason
 * names the time limit rather than guess at the matrix. */
int kr_opts_timed_out(const kr_opts *opts);

/* reason := the message (printf format), prefixed by the limit the current
 * scope hit, if any: "time limit of S s reached: ..." or "precision cap of
 * N bits reached: ...".  reason has KR_REASON_LEN bytes.  opts may be NULL
 * (no prefix). */
void kr_reason_set(char *reason, const kr_opts *opts, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#ifdef __cplusplus
}
#endif

#endif
