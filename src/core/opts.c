/* Default options. */
#include "kreiss/opts.h"

void
kr_opts_init(kr_opts *opts)
{
    opts->rel_tol = KR_DEFAULT_REL_TOL;
    opts->prec = KR_DEFAULT_PREC;
    opts->max_prec = KR_DEFAULT_MAX_PREC;
    opts->use_f64 = 1;
    opts->use_arb = 1;
    opts->kernel = KR_PD_KERNEL_LAPACK;
    opts->arb_max_dim = KR_DEFAULT_ARB_MAX_DIM;
    opts->max_circles = KR_DEFAULT_MAX_CIRCLES;
    opts->circle_arcs_only = 0;
    opts->time_limit = 0;
    opts->progress = NULL;
    opts->progress_ctx = NULL;
}
