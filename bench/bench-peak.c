/* Benchmark of the certified transient peak (kreiss peak, issue 6):
 * dense non-normal matrices with rho = 0.99 for n = 100 and 400 (or the
 * orders given), reporting the time, the step T where ||M^T|| < 1 was
 * proved, the peak enclosure and its width, and the precision the powers
 * needed.  Matrices: M = D + N with D diagonal (eigenvalues from 0.99 down
 * to 0.5, exact 6-digit decimals) and N strictly upper triangular with
 * Gaussian entries scaled by S/sqrt(n) (rounded to 6 decimals), so that
 * rho(M) = 0.99 exactly and M is far from normal.
 *
 *   bench-peak [--scale S] [N ...]      (default S = 0.3, N = 100 400) */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kreiss.h"
#include "bench/common.h"

static double
gauss(uint64_t *s)
{
    double u1 = ((double) (bench_rng_next(s) >> 11) + 0.5) / 9007199254740992.0;
    double u2 = ((double) (bench_rng_next(s) >> 11) + 0.5) / 9007199254740992.0;
    return sqrt(-2 * log(u1)) * cos(2 * M_PI * u2);
}

static void
make(kr_qmat_t M, slong n, double scale, uint64_t seed)
{
    slong i, j;
    kr_qmat_init(M, n, 0);
    for (i = 0; i < n; i++)
    {
        /* 0.99 down to 0.5, 6 decimals */
        long d = 990000 - (long) ((490000.0 * (double) i) / (double) (n > 1 ? n - 1 : 1));
        fmpq_set_si(kr_qmat_re(M, i, i), d, 1000000);
        for (j = i + 1; j < n; j++)
            fmpq_set_si(kr_qmat_re(M, i, j), lround(gauss(&seed) * scale / sqrt((double) n) * 1e6),
                        1000000);
    }
}

int
main(int argc, char **argv)
{
    slong orders[16];
    int norders = 0, i;
    double scale = 0.3;
    kr_opts o;
    bench_progname = "bench-peak";
    for (i = 1; i < argc; i++)
    {
        if (strcmp(argv[i], "--scale") == 0 && i + 1 < argc)
            scale = atof(argv[++i]);
        else if (norders < 16)
            orders[norders++] = bench_parse_order(argv[i], 2, 5000);
    }
    if (norders == 0)
    {
        orders[0] = 100;
        orders[1] = 400;
        norders = 2;
    }
    kr_opts_init(&o);
    o.rel_tol = 1e-6;
    printf("== certified transient peak, rho = 0.99, non-normal part scale %g, rel. tolerance %g\n",
           scale, o.rel_tol);
    printf("%6s %10s %8s %24s %10s %8s %7s %9s\n", "n", "time s", "T", "peak", "rel.width", "t_peak",
           "prec", "tightened");
    for (i = 0; i < norders; i++)
    {
        kr_qmat_t M;
        kr_peak_result_t r;
        kr_error_t err;
        double t0, t1, lo, hi;
        make(M, orders[i], scale, 20261122u + (uint64_t) orders[i]);
        kr_peak_result_init(r);
        kr_error_init(err);
        t0 = bench_now();
        if (kr_peak(r, M, NULL, 0, &o, err) != KR_OK)
            bench_die("%s", err->msg);
        t1 = bench_now();
        lo = arf_get_d(&r->peak->lo, ARF_RND_DOWN);
        hi = arf_get_d(&r->peak->hi, ARF_RND_UP);
        printf("%6ld %10.2f %8ld %11.6g..%-11.6g %10.2g %8ld %7ld %9ld%s%s\n", (long) orders[i], t1 - t0,
               (long) r->T, lo, hi, (hi - lo) / lo, (long) r->t_lo, (long) r->power_prec, (long) r->tightened,
               r->reason[0] ? "  " : "", r->reason);
        kr_peak_result_clear(r);
        kr_qmat_clear(M);
    }
    return 0;
}
