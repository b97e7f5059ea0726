/* Default options, and the limits of a computation (time, precision). */
#include <stdarg.h>
#include <stdio.h>
#include <time.h>

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
    opts->time_limit = KR_DEFAULT_TIME_LIMIT;
    opts->limits = NULL;
    opts->progress = NULL;
    opts->progress_ctx = NULL;
}

double
kr_opts_clock(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double) ts.tv_sec + 1e-9 * (double) ts.tv_nsec;
}

void
kr_opts_start_clock(kr_opts *opts, kr_limits *lim)
{
    lim->deadline = opts->time_limit > 0 ? kr_opts_clock() + opts->time_limit : 0;
    lim->max_prec = opts->max_prec;
    lim->time_out = 0;
    lim->prec_cap = 0;
    lim->parent = NULL;
    opts->limits = lim;
}

const kr_opts *
kr_limits_enter(kr_opts *local, kr_limits *scope, const kr_opts *opts)
{
    const kr_limits *up = opts->limits;
    *local = *opts;
    kr_opts_start_clock(local, scope);
    if (up != NULL)
    {
        /* a nested computation: the caller's deadline and cap */
        scope->deadline = up->deadline;
        scope->max_prec = up->max_prec;
        scope->parent = opts->limits;
    }
    return local;
}

void
kr_limits_leave(const kr_limits *scope)
{
    if (scope->parent != NULL)
    {
        scope->parent->time_out |= scope->time_out;
        scope->parent->prec_cap |= scope->prec_cap;
    }
}

int
kr_opts_out_of_time(const kr_opts *opts)
{
    kr_limits *l = opts->limits;
    if (l == NULL || !(l->deadline > 0))
        return 0;
    if (!l->time_out && kr_opts_clock() > l->deadline)
        l->time_out = 1;
    return l->time_out;
}

int
kr_opts_timed_out(const kr_opts *opts)
{
    return opts->limits != NULL && opts->limits->time_out;
}

void
kr_reason_set(char *reason, const kr_opts *opts, const char *fmt, ...)
{
    char note[KR_REASON_LEN];
    const kr_limits *l = opts != NULL ? opts->limits : NULL;
    va_list ap;
    int len = 0;

    note[0] = '\0';
    if (l != NULL && l->time_out)
        kr_reason_set(note, NULL, "time limit of %g s reached", opts->time_limit);
    else if (l != NULL && l->prec_cap)
        kr_reason_set(note, NULL, "precision cap of %ld bits reached", (long) l->max_prec);
    if (note[0] != '\0')
        len = snprintf(reason, KR_REASON_LEN, "%s: ", note);
    va_start(ap, fmt);
    vsnprintf(reason + len, KR_REASON_LEN - (size_t) len, fmt, ap);
    va_end(ap);
}
