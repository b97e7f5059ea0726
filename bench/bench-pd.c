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

#define TARGET_N 1000
#define TARGET_RATIO 3.0

/* ------------------------------------------------------------ utilities */

static void
die(const char *fmt, const char *arg)
{
    fprintf(stderr, "bench-pd: ");
    fprintf(stderr, fmt, arg);
    fputc('\n', stderr);
    exit(2);
}

static double
now_ms(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
        die("clock_gettime failed: %s", strerror(errno));
    return (double) ts.tv_sec * 1e3 + (double) ts.tv_nsec * 1e-6;
}

/* splitmix64: small, fast and reproducible across platforms. */
static uint64_t
rng_next(uint64_t *s)
{
    uint64_t z = (*s += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

/* Uniform in [-1, 1). */
static double
rng_sym(uint64_t *s)
{
    return (double) (rng_next(s) >> 11) * 0x1p-52 - 1.0;
}

static int
cmp_double(const void *a, const void *b)
{
    double x = *(const double *) a, y = *(const double *) b;
    return (x > y) - (x < y);
}

static double
median(double *t, int k)
{
    qsort(t, (size_t) k, sizeof(double), cmp_double);
    return k % 2 ? t[k / 2] : 0.5 * (t[k / 2 - 1] + t[k / 2]);
}

static void *
xmalloc(size_t size)
{
    void *p = malloc(size > 0 ? size : 1);
    if (p == NULL)
        die("%s", "out of memory");
    return p;
}

static long
parse_order(const char *s)
{
    char *end;
    long v;
    errno = 0;
    v = strtol(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0' || v < 1 || v > 20000)
        die("expected a matrix order in [1, 20000], not '%s'", s);
    return v;
}

/* ------------------------------------------------------------ machine */

static void
print_machine(void)
{
    int (*get_threads)(void);
    char *(*get_config)(void);
    char *(*get_core)(void);
    void *sym;
    const char *env;
    FILE *f;
    char line[512], model[256] = "";

    f = fopen("/proc/cpuinfo", "r");
    if (f != NULL)
    {
        while (fgets(line, sizeof line, f) != NULL)
            if (strncmp(line, "model name", 10) == 0)
            {
                char *p = strchr(line, ':');
                if (p != NULL)
                {
                    p++;
                    while (*p == ' ' || *p == '\t')
                        p++;
                    snprintf(model, sizeof model, "%s", p);
                    model[strcspn(model, "\n")] = '\0';
                }
                break;
            }
        fclose(f);
    }
    printf("machine: %ld online processors (nproc)%s%s\n",
           sysconf(_SC_NPROCESSORS_ONLN), model[0] ? ", " : "", model);

    /* OpenBLAS extensions, looked up at run time: the BLAS behind
     * libblas.so.3 is chosen by the alternatives system. */
    sym = dlsym(RTLD_DEFAULT, "openblas_get_num_threads");
    memcpy(&get_threads, &sym, sizeof get_threads);
    sym = dlsym(RTLD_DEFAULT, "openblas_get_config");
    memcpy(&get_config, &sym, sizeof get_config);
    sym = dlsym(RTLD_DEFAULT, "openblas_get_corename");
    memcpy(&get_core, &sym, sizeof get_core);
    if (get_threads != NULL)
        printf("BLAS: OpenBLAS, %d threads%s%s%s%s\n", get_threads(),
               get_config != NULL ? ", " : "", get_config != NULL ? get_config() : "",
               get_core != NULL ? ", core " : "", get_core != NULL ? get_core() : "");
    else
        printf("BLAS: not OpenBLAS (no openblas_get_num_threads); thread count unknown\n");
    env = getenv("OPENBLAS_NUM_THREADS");
    printf("OPENBLAS_NUM_THREADS=%s", env != NULL ? env : "(unset)");
    env = getenv("OMP_NUM_THREADS");
    printf(" OMP_NUM_THREADS=%s\n", env != NULL ? env : "(unset)");
}

/* ------------------------------------------------------------ PD bench */

/* A := B^T B + n I, full (both triangles), column-major. */
static void
random_spd(double *A, slong n, uint64_t seed)
{
    double *B = xmalloc(sizeof(double) * (size_t) n * (size_t) n);
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
    double t0 = now_ms(), t1;
    lapack_int info;
    memcpy(W, A, sizeof(double) * (size_t) n * (size_t) n);
    info = LAPACKE_dpotrf_work(LAPACK_COL_MAJOR, 'L', (lapack_int) n, W,
                               (lapack_int) n);
    t1 = now_ms();
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
    double t0 = now_ms(), t1;
    kr_pd_verdict v = kr_pd_f64(res, A, n, n, 0.0, kernel);
    t1 = now_ms();
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

    print_machine();
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
        double *A = xmalloc(sizeof(double) * (size_t) n * (size_t) n);
        double *W = xmalloc(sizeof(double) * (size_t) n * (size_t) n);
        double *tp = xmalloc(sizeof(double) * (size_t) reps);
        double *tc = xmalloc(sizeof(double) * (size_t) reps);
        double *tv = xmalloc(sizeof(double) * (size_t) vreps);
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
            die("%s", "kr_pd_f64 reported a method other than the LAPACK kernel");
        for (r = 0; r < vreps; r++)
        {
            kr_pd_result vres;
            tv[r] = time_certified(&vres, A, n, KR_PD_KERNEL_VALIDSDP);
        }

        mp = median(tp, reps);
        mc = median(tc, reps);
        mv = median(tv, vreps);
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
        die("cannot open '%s' for writing", path);
    fprintf(f, "%%%%MatrixMarket matrix array real general\n"
               "%% bench-pd: dense random entries k/1000, k uniform in [-1000, 1000]\n"
               "%ld %ld\n", n, n);
    for (j = 0; j < n; j++)
        for (i = 0; i < n; i++)
        {
            long k = (long) (rng_next(&seed) % 2001) - 1000;
            long a = k < 0 ? -k : k;
            fprintf(f, "%s%ld.%03ld\n", k < 0 ? "-" : "", a / 1000, a % 1000);
        }
    if (fclose(f) != 0)
        die("error writing '%s'", path);
    return 0;
}

int
main(int argc, char **argv)
{
    long orders[64];
    int norders = 0, i;

    if (argc >= 2 && strcmp(argv[1], "--write-mtx") == 0)
    {
        uint64_t seed = 12345;
        long n;
        if (argc < 4 || argc > 5)
            die("%s", "usage: bench-pd --write-mtx N PATH [SEED]");
        n = parse_order(argv[2]);
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
            die("%s", "too many orders");
        orders[norders++] = parse_order(argv[i]);
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
