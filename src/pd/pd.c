/* The PD kernel's driver: binary64 first, then Arb at rising precision. */
#include <stdlib.h>

#include "kreiss/pd.h"

const char *
kr_pd_method_name(kr_pd_method m)
{
    switch (m)
    {
        case KR_PD_METHOD_F64_LAPACK: return "binary64 Cholesky (LAPACK) with Rump's shift";
        case KR_PD_METHOD_F64_VALIDSDP: return "binary64 Cholesky (ValidSDP loop) with Rump's shift";
        case KR_PD_METHOD_ARB: return "Arb ball Cholesky";
        case KR_PD_METHOD_NONE: break;
    }
    return "none";
}

kr_pd_verdict
kr_pd_certify(kr_pd_result *res, const kr_sym_source *H, const kr_opts *opts)
{
    kr_pd_result tmp;
    kr_pd_verdict v = KR_PD_UNKNOWN;
    slong n = H->n, prec;
    double deadline = opts->limits != NULL ? opts->limits->deadline : 0;

    if (res == NULL)
        res = &tmp;
    res->verdict = KR_PD_UNKNOWN;
    res->method = KR_PD_METHOD_NONE;
    res->prec = 0;
    res->shift = 0.0;
    if (kr_opts_out_of_time(opts))
        return KR_PD_UNKNOWN;

    if (opts->use_f64 && H->f64 != NULL)
    {
        double *mid = malloc(sizeof(double) * (size_t) (n > 0 ? n * n : 1));
        double rad = 0.0;
        if (mid != NULL && H->f64(mid, &rad, H->ctx))
            v = kr_pd_f64(res, mid, n, n, rad, opts->kernel);
        free(mid);
        if (v == KR_PD_YES)
            return v;
    }
    if (!opts->use_arb || H->arb == NULL || n > opts->arb_max_dim)
        return KR_PD_UNKNOWN;
    for (prec = opts->prec; prec <= opts->max_prec; prec *= 2)
    {
        arb_mat_t A;
        int built;
        if (kr_opts_out_of_time(opts))
            return KR_PD_UNKNOWN;
        arb_mat_init(A, n, n);
        built = H->arb(A, prec, H->ctx);
        v = built ? kr_pd_arb_until(res, A, prec, deadline) : KR_PD_UNKNOWN;
        arb_mat_clear(A);
        if (!built || v != KR_PD_UNKNOWN || kr_opts_out_of_time(opts))
            return v;
    }
    /* undecided at the last precision: the caller's cap if doubling it
     * would pass that (inner steps may try less than the cap) */
    if (opts->limits != NULL && prec > opts->prec && prec > opts->limits->max_prec)
        opts->limits->prec_cap = 1;
    return v;
}
