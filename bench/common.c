/* Helpers shared by the benchmark programs. */
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common.h"

const char *bench_progname = "bench";

void
bench_die(const char *fmt, const char *arg)
{
    fprintf(stderr, "%s: ", bench_progname);
    fprintf(stderr, fmt, arg);
    fputc('\n', stderr);
    exit(2);
}

double
bench_now(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
        bench_die("clock_gettime failed: %s", strerror(errno));
    return (double) ts.tv_sec + (double) ts.tv_nsec * 1e-9;
}

uint64_t
bench_rng_next(uint64_t *s)
{
    uint64_t z = (*s += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

static int
cmp_double(const void *a, const void *b)
{
    double x = *(const double *) a, y = *(const double *) b;
    return (x > y) - (x < y);
}

double
bench_median(double *t, int k)
{
    qsort(t, (size_t) k, sizeof(double), cmp_double);
    return k % 2 ? t[k / 2] : 0.5 * (t[k / 2 - 1] + t[k / 2]);
}

void *
bench_xmalloc(size_t size)
{
    void *p = malloc(size > 0 ? size : 1);
    if (p == NULL)
        bench_die("%s", "out of memory");
    return p;
}

long
bench_parse_order(const char *s, long lo, long hi)
{
    char *end;
    long v;
    char msg[96];
    errno = 0;
    v = strtol(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0' || v < lo || v > hi)
    {
        snprintf(msg, sizeof msg, "expected a matrix order in [%ld, %ld], not '%%s'", lo, hi);
        bench_die(msg, s);
    }
    return v;
}

void
bench_print_machine(void)
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
    printf(" OMP_NUM_THREADS=%s", env != NULL ? env : "(unset)");
}
