/* Benchmark of the certified positive-definiteness kernel (kr_pd_f64).
 *
 * For each order n (default 100 400 1000) it builds one dense random
 * symmetric positive definite binary64 matrix A = B^T B + n I (B uniform in
 * [-1, 1), fixed seed) and times, in the same process and on the same
 * matrix, interleaved:
 *
 *   plain      copy A into a work array + LAPACKE_dpotrf_work (LAPACK's
 *              Cholesky, no checks: the baseline)
 *   certified  kr_pd_f64(&res, A, n, n, 0.0, KR_PD_KERNEL_LAPACK), which
 *              copies A itself, shifts the diagonal (Rump) and runs the same
 *              dpotrf; it must answer KR_PD_YES
 *   validsdp   kr_pd_f64(..., KR_PD_KERNEL_VALIDSDP), the reference triple
 *              loop, for information (fewer repetitions)
 *
 * Each figure is the median of several repetitions (CLOCK_MONOTONIC).  The
 * line "target: ..." says whether certified / plain <= 3 at n = 1000.
 *
 * Usage:
 *   bench-pd [N ...]                     the PD benchmark
 *   bench-pd --write-mtx N PATH [SEED]   write a dense random N×N Matrix
 *                                        Market file whose entries are exact
 *                                        decimals k/1000, k in [-1000, 1000]
 *                                        (input for timing `kreiss norm`)
 * bench/run.sh runs both. */
#define _GNU_SOURCE 1

#include <dlfcn.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cblas.h>
#include <lapacke.h>

#include "kreiss.h"
#include "common.h"

#define TARGET_N 1000
#define TARGET_RATIO 3.0

/* ------------------------------------------------------------ utilities */

/* splitmix64: small, fast and reproducible across platforms. */
/* Uniform in [-1, 1). */
static double
rng_sym(uint64_t *s)
{
    return (double) (bench_rng_next(s) >> 11) * 0x1p-52 - 1.0;
}

/* ------------------------------------------------------------ machine */

/* ------------------------------------------------------------ PD bench */

/* A := B^T B + n I, full (both triangles), column-major. */
static void
random_spd(double *A, slong n, uint64_t seed)
{
    double *B = bench_xmalloc(sizeof(double) * (size_t) n * (size_t) n);
    slong i, j;
    for (i = 0; i < n * n; i++)
        B[i] = rng_sym(&seed);
    cblas_dsyrk(CblasColMajor, CblasLower, CblasTrans, (int) n, (int) n, 1.0,
                B, (int) n, 0.0, A, (int) n);
    for (j = 0; j < n; j++)
    {
        A[j + j * n] += (double) n;
        for (i = j + 1; i < n; i++)
            A[j + i * n] = A[i + j * n];
    }
    free(B);
}

static double
time_plain(const double *A, double *W, slong n)
{
    double t0 = (1e3 * bench_now()), t1;
    lapack_int info;
    memcpy(W, A, sizeof(double) * (size_t) n * (size_t) n);
    info = LAPACKE_dpotrf_work(LAPACK_COL_MAJOR, 'L', (lapack_int) n, W,
                               (lapack_int) n);
    t1 = (1e3 * bench_now());
    if (info != 0)
    {
        fprintf(stderr, "bench-pd: dpotrf failed (info %d) at n = %ld\n",
                (int) info, (long) n);
        exit(1);
    }
    return t1 - t0;
}

static double
time_certified(kr_pd_result *res, const double *A, slong n, kr_pd_kernel kernel)
{
    double t0 = (1e3 * bench_now()), t1;
    kr_pd_verdict v = kr_pd_f64(res, A, n, n, 0.0, kernel);
    t1 = (1e3 * bench_now());
    if (v != KR_PD_YES)
    {
        fprintf(stderr,
                "bench-pd: FAILURE: kr_pd_f64 (%s kernel) did not certify the "
                "SPD matrix B^T B + n I at n = %ld (verdict %d)\n",
                kernel == KR_PD_KERNEL_LAPACK ? "lapack" : "validsdp", (long) n,
                (int) v);
        exit(1);
    }
    return t1 - t0;
}

static int
reps_for(slong n)
{
    return n <= 200 ? 41 : 31;
}

static int
validsdp_reps_for(slong n)
{
    if (n <= 200)
        return 21;
    return 3;
}

static int
bench_pd(const long *orders, int norders)
{
    int k, r;
    double target_ratio = -1.0;

    bench_print_machine();
    printf("\n");
    printf("matrix: A = B^T B + n I, B uniform in [-1, 1), same A for every timing\n");
    printf("plain: memcpy + LAPACKE_dpotrf_work('L'); certified: kr_pd_f64(lapack "
           "kernel), verdict must be YES\n");
    printf("times in ms, medians of the repetitions (plain and certified interleaved)\n\n");
    printf("%6s %5s %11s %9s %13s %7s %11s %12s %4s\n", "n", "reps", "plain(ms)",
           "GFLOP/s", "certified(ms)", "ratio", "shift", "validsdp(ms)", "reps");

    for (k = 0; k < norders; k++)
    {
        slong n = orders[k];
        int reps = reps_for(n), vreps = validsdp_reps_for(n);
        double *A = bench_xmalloc(sizeof(double) * (size_t) n * (size_t) n);
        double *W = bench_xmalloc(sizeof(double) * (size_t) n * (size_t) n);
        double *tp = bench_xmalloc(sizeof(double) * (size_t) reps);
        double *tc = bench_xmalloc(sizeof(double) * (size_t) reps);
        double *tv = bench_xmalloc(sizeof(double) * (size_t) vreps);
        double mp, mc, mv, ratio;
        kr_pd_result res;

        random_spd(A, n, UINT64_C(20240611) + (uint64_t) n);

        /* warm-up: page in W, start the BLAS threads, fill the caches */
        (void) time_plain(A, W, n);
        (void) time_certified(&res, A, n, KR_PD_KERNEL_LAPACK);

        for (r = 0; r < reps; r++)
        {
            if (r % 2 == 0)
            {
                tp[r] = time_plain(A, W, n);
                tc[r] = time_certified(&res, A, n, KR_PD_KERNEL_LAPACK);
            }
            else
            {
                tc[r] = time_certified(&res, A, n, KR_PD_KERNEL_LAPACK);
                tp[r] = time_plain(A, W, n);
            }
        }
        if (res.method != KR_PD_METHOD_F64_LAPACK)
            bench_die("%s", "kr_pd_f64 reported a method other than the LAPACK kernel");
        for (r = 0; r < vreps; r++)
        {
            kr_pd_result vres;
            tv[r] = time_certified(&vres, A, n, KR_PD_KERNEL_VALIDSDP);
        }

        mp = bench_median(tp, reps);
        mc = bench_median(tc, reps);
        mv = bench_median(tv, vreps);
        ratio = mc / mp;
        if (n == TARGET_N)
            target_ratio = ratio;
        printf("%6ld %5d %11.3f %9.2f %13.3f %7.2f %11.2e %12.2f %4d\n", (long) n,
               reps, mp, (double) n * (double) n * (double) n / 3.0 / (mp * 1e6),
               mc, ratio, res.shift, mv, vreps);
        fflush(stdout);

        free(A);
        free(W);
        free(tp);
        free(tc);
        free(tv);
    }

    printf("\n");
    if (target_ratio < 0)
        printf("target: ratio <= %g at n=%d: not measured (n=%d not in the list)\n",
               TARGET_RATIO, TARGET_N, TARGET_N);
    else
        printf("target: ratio <= %g at n=%d: %s (ratio %.2f)\n", TARGET_RATIO,
               TARGET_N, target_ratio <= TARGET_RATIO ? "met" : "NOT met",
               target_ratio);
    return 0;
}

/* ------------------------------------------------------------ generator */

/* Dense n×n "array" Matrix Market file (column by column) with exact
 * decimal entries k/1000, k uniform in [-1000, 1000]. */
static int
write_mtx(long n, const char *path, uint64_t seed)
{
    FILE *f = fopen(path, "w");
    long i, j;
    if (f == NULL)
        bench_die("cannot open '%s' for writing", path);
    fprintf(f, "%%%%MatrixMarket matrix array real general\n"
               "%% bench-pd: dense random entries k/1000, k uniform in [-1000, 1000]\n"
               "%ld %ld\n", n, n);
    for (j = 0; j < n; j++)
        for (i = 0; i < n; i++)
        {
            long k = (long) (bench_rng_next(&seed) % 2001) - 1000;
            long a = k < 0 ? -k : k;
            fprintf(f, "%s%ld.%03ld\n", k < 0 ? "-" : "", a / 1000, a % 1000);
        }
    if (fclose(f) != 0)
        bench_die("error writing '%s'", path);
    return 0;
}

int
main(int argc, char **argv)
{
    long orders[64];
    int norders = 0, i;

    bench_progname = "bench-pd";

    if (argc >= 2 && strcmp(argv[1], "--write-mtx") == 0)
    {
        uint64_t seed = 12345;
        long n;
        if (argc < 4 || argc > 5)
            bench_die("%s", "usage: bench-pd --write-mtx N PATH [SEED]");
        n = bench_parse_order(argv[2], 1, 20000);
        if (argc == 5)
            seed = (uint64_t) strtoull(argv[4], NULL, 10);
        return write_mtx(n, argv[3], seed + (uint64_t) n);
    }
    if (argc >= 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0))
    {
        printf("usage: bench-pd [N ...]               time the PD kernel (default 100 400 1000)\n"
               "       bench-pd --write-mtx N PATH [SEED]  write a random exact-decimal matrix\n");
        return 0;
    }
    for (i = 1; i < argc; i++)
    {
        if (norders == (int) (sizeof orders / sizeof orders[0]))
            bench_die("%s", "too many orders");
        orders[norders++] = bench_parse_order(argv[i], 1, 20000);
    }
    if (norders == 0)
    {
        orders[0] = 100;
        orders[1] = 400;
        orders[2] = 1000;
        norders = 3;
    }
    return bench_pd(orders, norders);
}
