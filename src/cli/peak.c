/* kreiss peak: the transient peak P(M) = sup_t ||M^t||_2, the steps where it
 * can occur, the settling time, and the Kreiss matrix theorem
 * K <= P <= e n K with certified numbers (include/kreiss/peak.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "kreiss/peak.h"

int
cmd_peak(const cli_args *a, kr_out *o)
{
    kr_cert_t c;
    kr_qmat_t M;
    kr_peak_result_t p;
    kr_kreiss_result_t k;
    kr_error_t err;
    kr_encl_t enk;
    fmpq_t delta, zi;
    char name[1100], buf[256];
    int code = EXIT_USAGE, have_delta = 0;

    fmpq_init(delta);
    fmpq_init(zi);
    kr_error_init(err);
    if (a->settle != NULL)
    {
        if (kr_parse_complex(delta, zi, a->settle, &a->read, err) != KR_OK || !fmpq_is_zero(zi)
            || fmpq_sgn(delta) <= 0)
        {
            fmpq_clear(delta);
            fmpq_clear(zi);
            return usage_error("--settle takes a positive real number (exact decimal), not '%s'", a->settle);
        }
        have_delta = 1;
    }
    kr_qmat_init(M, 0, 0);
    if (!load_matrix(M, name, sizeof name, a))
    {
        fmpq_clear(delta);
        fmpq_clear(zi);
        return EXIT_USAGE;
    }
    kr_peak_result_init(p);
    kr_kreiss_result_init(k);
    kr_encl_init(enk);
    if (kr_peak(p, M, have_delta ? delta : NULL, KR_PEAK_DEFAULT_MAX_STEPS, &a->opts, err) != KR_OK
        || kr_kreiss(k, M, a->kreiss_tol, &a->opts, err) != KR_OK)
    {
        print_error(err);
        goto done;
    }
    if (!cert_begin(c, a, M, name)
        || !cert_end(c, a, a->cert ? kr_cert_peak(c, M, p, err) : KR_OK, err))
        goto done;
    kr_peak_kreiss_interval(enk, k->kreiss, M->n, 128);
    kr_out_begin(o, "peak");
    kr_out_input(o, name, M);
    kr_out_encl(o, "peak", "peak", p->peak);
    if (o->json)
    {
        if (p->t_hi >= 0)
            snprintf(buf, sizeof buf, "{\"lo\": %ld, \"hi\": %ld}", (long) p->t_lo, (long) p->t_hi);
        else if (p->contraction)
            snprintf(buf, sizeof buf, "{\"lo\": 0, \"hi\": null}"); /* P = 1 at t = 0, maybe later too */
        else
            snprintf(buf, sizeof buf, "null");
        kr_out_raw(o, "t_peak", buf);
    }
    else if (p->t_hi >= 0)
    {
        if (p->t_lo == p->t_hi)
            snprintf(buf, sizeof buf, "%ld", (long) p->t_lo);
        else
            snprintf(buf, sizeof buf, "in [%ld, %ld]", (long) p->t_lo, (long) p->t_hi);
        kr_out_string(o, "t_peak", buf);
    }
    else if (p->contraction)
        kr_out_string(o, "t_peak", "0 (and possibly later: ||M^t|| <= 1 for all t)");
    else
        kr_out_string(o, "t_peak", "not certified");
    if (have_delta)
    {
        if (p->settle_inf)
            snprintf(buf, sizeof buf, o->json ? "{\"lo\": \"inf\", \"hi\": \"inf\"}" : "inf (rho > 1)");
        else if (p->settle_hi >= 0)
            snprintf(buf, sizeof buf, o->json ? "{\"lo\": %ld, \"hi\": %ld}" : "[%ld, %ld]",
                     (long) p->settle_lo, (long) p->settle_hi);
        else
            snprintf(buf, sizeof buf, o->json ? "{\"lo\": %ld, \"hi\": null}" : "[%ld, not certified]",
                     (long) (p->settle_lo > 0 ? p->settle_lo : 0));
        if (o->json)
            kr_out_raw(o, "settling_time", buf);
        else
            kr_out_string(o, "settling_time", buf);
    }
    kr_out_encl(o, "kreiss", "kreiss", k->kreiss);
    if (!encl_certified(k->kreiss) && k->reason[0] != '\0')
        kr_out_string(o, "kreiss_reason", k->reason);
    kr_out_encl(o, "kreiss_theorem", "[K, e n K]", enk);
    if (p->T > 0)
    {
        snprintf(buf, sizeof buf, "%ld", (long) p->T);
        kr_out_string(o, "T", buf);
        if (!o->json)
            kr_out_note(o, "||M^T|| < 1 proved at T = %ld, so P = max over t < T", (long) p->T);
    }
    if (!o->json && kr_encl_has_upper(enk))
        kr_out_note(o, "Kreiss matrix theorem: K <= P <= e n K (both ends certified)");
    kr_out_witness(o, "lower", "lower:", p->lower);
    code = finish(o, a, encl_certified(p->peak), p->reason);
done:
    kr_encl_clear(enk);
    kr_kreiss_result_clear(k);
    kr_peak_result_clear(p);
    kr_qmat_clear(M);
    fmpq_clear(delta);
    fmpq_clear(zi);
    return code;
}
