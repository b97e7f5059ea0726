/* Benchmark of the certified Kreiss constant (kr_kreiss) against the
 * floating-point estimate a user would otherwise run.
 *
 * For each order n (default 20 50 100 200 400) it builds one dense,
 * non-normal, real test matrix
 *
 *     M = Q (D + U) Q^T,
 *
 * Q orthogonal (QR of a Gaussian matrix, LAPACK dgeqrf + dorgqr), D block
 * diagonal with real 1x1 entries uniform in (-0.9, 0.9) and 2x2
 * rotation-scaling blocks [a b; -b a] with |a + ib| < 0.9 (about half of the
 * eigenvalues in complex pairs), U strictly upper triangular Gaussian scaled
 * by 1.5 / sqrt(n) (zero inside the 2x2 blocks).  Every entry is then rounded
 * to a decimal with 6 digits after the point: the exact matrix (kr_qmat,
 * entries k / 10^6) is what kr_kreiss certifies, and the float estimate runs
 * on the doubles nearest to those decimals (k / 1e6 correctly rounded), so
 * both see the same matrix up to one rounding of each entry.  rho(M) < 1 is
 * checked in floating point (dgeev) before use; a matrix that fails is
 * replaced by the next seed (printed).
 *
 * For each n it times, in the same process:
 *
 *   certified  kr_kreiss(k, M, T, &opts, err), T = 1e-4, default kr_opts:
 *              the enclosure [lo, hi] of K(M) with hi <= lo (1 + T), and the
 *              number of certified circles.  Median of 3 runs for n < 200,
 *              one run above.
 *   float      the uncertified EigTool-style estimate, written here and
 *              independent of src/: complex Schur form T of M (LAPACKE_zgees),
 *              sigma_min(z I - T) by inverse iteration (two triangular solves
 *              per step, warm start from the previous point of the same
 *              circle) on the polar grid
 *                  r_i = 1 + 10^(linspace(-4, log10(2 ||M||_F), nr)),
 *                  theta_j = linspace(0, pi, nt)       (M real: symmetric)
 *              K_grid = max (r - 1) / sigma_min over the grid, then
 *              Nelder-Mead in (log10(r - 1), theta) from the best grid point
 *              gives K_float.  The grid runs on all OpenMP threads (over the
 *              radii).  Its time includes the Schur form.
 *
 * The float estimate starts at nr = nt = 8 and doubles both until it
 * "reaches the certified accuracy", i.e. K_float is provably within
 * relative T of K(M) given the enclosure:
 *     hi - T lo <= K_float <= lo + T lo
 * (this implies |K_float - K_mid| <= T K_mid, K_mid = (lo + hi) / 2; it does
 * not demand K_float >= lo, because lo is itself the value at a float-found
 * witness point and a float maximum 1e-12 below it is just as accurate), or
 * until 512 x 512 (or the float time budget) is exhausted: "not reached".
 * The table reports the time of the first configuration that reached it
 * (one grid + refinement run, Schur form included; median of 3 when under
 * 1 s), the ratio certified / that time, the cumulative time of the doubling
 * (what a user who does not know the answer would spend) and the 8 x 8 run
 * with its error.  A second table splits the certified time into phases,
 * from kr_kreiss's progress reports (opts.progress; reporting does not
 * change the computation).  --grid-only also doubles the grid without the
 * refinement (slow for large n).
 *
 * Usage:
 *   bench-kreiss [--tol T] [--float-budget S] [--grid-only] [--scale S] [N ...]
 *   bench-kreiss --write-mtx N PATH [--scale S]
 *                          write the test matrix of order N as an exact-decimal
 *                          Matrix Market file (kr_write_mm), e.g. for
 *                          `kreiss constant PATH --progress`
 * --scale S replaces the 1.5 in the scaling of U (more non-normal for S > 1.5).
 * Exit status 0 unless something failed (a certified enclosure wider than T
 * or an error); a missed speed target is printed, not an error. */
#define _GNU_SOURCE 1

#include <dlfcn.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cblas.h>
#include <lapacke.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "kreiss.h"
#include "common.h"

#define TARGET_N 200
#define TARGET_SECONDS 10.0
#define DEFAULT_TOL 1e-4
#define GRID_START 8
#define GRID_MAX 512
#define DECIMALS 1000000 /* entries are k / 10^6 */
#define DEFAULT_USCALE 1.5

/* U is scaled by uscale / sqrt(n) (--scale; set once in main). */
static double uscale = DEFAULT_USCALE;

/* ------------------------------------------------------------ utilities */

/* splitmix64, as in bench-pd.c: reproducible across platforms. */
/* Uniform in (0, 1). */
static double
rng_unit(uint64_t *s)
{
    return ((double) (bench_rng_next(s) >> 11) + 0.5) * 0x1p-53;
}

/* Standard normal (Box-Muller, one value per call). */
static double
rng_gauss(uint64_t *s)
{
    double u = rng_unit(s), v = rng_unit(s);
    return sqrt(-2.0 * log(u)) * cos(2.0 * M_PI * v);
}

static double
parse_positive(const char *s)
{
    char *end;
    double v;
    errno = 0;
    v = strtod(s, &end);
    if (errno != 0 || end == s || *end != '\0' || !(v > 0) || !isfinite(v))
        bench_die("expected a positive number, not '%s'", s);
    return v;
}

static int
max_threads(void)
{
#ifdef _OPENMP
    return omp_get_max_threads();
#else
    return 1;
#endif
}

static int
thread_num(void)
{
#ifdef _OPENMP
    return omp_get_thread_num();
#else
    return 0;
#endif
}

/* ------------------------------------------------------------ machine */

/* The load average (other work on the machine makes the times noisy). */
static void
print_load(const char *when)
{
    FILE *f = fopen("/proc/loadavg", "r");
    char line[128];
    if (f == NULL)
        return;
    if (fgets(line, sizeof line, f) != NULL)
    {
        line[strcspn(line, "\n")] = '\0';
        printf("load average %s: %s\n", when, line);
    }
    fclose(f);
}

static void
print_machine(void)
{
    bench_print_machine();
    printf(" (OpenMP max threads %d)\n", max_threads());
    print_load("at the start");
}

/* ------------------------------------------------------------ test matrix */

/* Column-major n x n test matrix, every entry a multiple of 10^-6 (as the
 * double nearest to k / 10^6), and the exact matrix with the same
 * decimals.  Returns the float spectral radius of the rounded matrix. */
static double
test_matrix(double *M, kr_qmat_t Mq, slong n, uint64_t seed)
{
    double *G = bench_xmalloc(sizeof(double) * (size_t) (n * n));
    double *A = bench_xmalloc(sizeof(double) * (size_t) (n * n));
    double *W = bench_xmalloc(sizeof(double) * (size_t) (n * n));
    double *tau = bench_xmalloc(sizeof(double) * (size_t) n);
    double *wr = bench_xmalloc(sizeof(double) * (size_t) n);
    double *wi = bench_xmalloc(sizeof(double) * (size_t) n);
    double scale = uscale / sqrt((double) n), rho = 0;
    slong i, j;
    lapack_int info;
    char *inblock = bench_xmalloc((size_t) n); /* 1: column j is the 2nd of a 2x2 block */

    memset(inblock, 0, (size_t) n);
    /* Q: orthogonal factor of a Gaussian matrix */
    for (i = 0; i < n * n; i++)
        G[i] = rng_gauss(&seed);
    info = LAPACKE_dgeqrf(LAPACK_COL_MAJOR, (lapack_int) n, (lapack_int) n, G,
                          (lapack_int) n, tau);
    if (info == 0)
        info = LAPACKE_dorgqr(LAPACK_COL_MAJOR, (lapack_int) n, (lapack_int) n,
                              (lapack_int) n, G, (lapack_int) n, tau);
    if (info != 0)
        bench_die("%s", "dgeqrf/dorgqr failed");

    /* A = D + U */
    memset(A, 0, sizeof(double) * (size_t) (n * n));
    for (j = 0; j < n;)
    {
        if (j + 1 < n && rng_unit(&seed) < 0.5)
        {
            double rr = 0.9 * sqrt(rng_unit(&seed)), ph = M_PI * rng_unit(&seed);
            double a = rr * cos(ph), b = rr * sin(ph);
            A[j + j * n] = a;
            A[j + (j + 1) * n] = b;
            A[(j + 1) + j * n] = -b;
            A[(j + 1) + (j + 1) * n] = a;
            inblock[j + 1] = 1;
            j += 2;
        }
        else
        {
            A[j + j * n] = 0.9 * (2.0 * rng_unit(&seed) - 1.0);
            j += 1;
        }
    }
    for (j = 1; j < n; j++)
        for (i = 0; i < j; i++)
        {
            double g = rng_gauss(&seed) * scale;
            if (i == j - 1 && inblock[j])
                continue; /* keep the 2x2 block's eigenvalues */
            A[i + j * n] = g;
        }

    /* M = Q A Q^T */
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int) n, (int) n, (int) n,
                1.0, G, (int) n, A, (int) n, 0.0, W, (int) n);
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasTrans, (int) n, (int) n, (int) n,
                1.0, W, (int) n, G, (int) n, 0.0, M, (int) n);

    /* round to 6 decimals; exact copy */
    for (j = 0; j < n; j++)
        for (i = 0; i < n; i++)
        {
            double k = nearbyint(M[i + j * n] * DECIMALS);
            M[i + j * n] = k / DECIMALS; /* correctly rounded: nearest double */
            fmpq_set_si(kr_qmat_re(Mq, i, j), (slong) k, DECIMALS);
        }

    /* rho in floating point */
    memcpy(W, M, sizeof(double) * (size_t) (n * n));
    info = LAPACKE_dgeev(LAPACK_COL_MAJOR, 'N', 'N', (lapack_int) n, W, (lapack_int) n,
                         wr, wi, NULL, 1, NULL, 1);
    if (info != 0)
        rho = INFINITY;
    else
        for (i = 0; i < n; i++)
            rho = fmax(rho, hypot(wr[i], wi[i]));

    free(G);
    free(A);
    free(W);
    free(tau);
    free(wr);
    free(wi);
    free(inblock);
    return rho;
}

/* The test matrix of order n: first seed whose rounded matrix has float
 * rho < 1 (at most 20 tries). */
static double
make_matrix(double *M, kr_qmat_t Mq, slong n, uint64_t *seed_used)
{
    uint64_t base = UINT64_C(20261122) + (uint64_t) n;
    int t;
    for (t = 0; t < 20; t++)
    {
        double rho = test_matrix(M, Mq, n, base + UINT64_C(1000003) * (uint64_t) t);
        if (rho < 1)
        {
            *seed_used = base + UINT64_C(1000003) * (uint64_t) t;
            if (t > 0)
                printf("  (n = %ld: %d seed(s) skipped: rounded matrix had rho >= 1)\n",
                       (long) n, t);
            return rho;
        }
    }
    bench_die("%s", "no test matrix with rho < 1 in 20 seeds");
    return 0;
}

/* ------------------------------------------------------------ float estimate */

/* Complex Schur form M = Z T Z^*, T kept as split real / imaginary parts
 * (column-major, upper triangular) so that the inner loops vectorise. */
typedef struct
{
    slong n;
    double *tr, *ti;
    double fro; /* ||M||_F */
} schur_t;

static void
schur_init(schur_t *S, const double *M, slong n)
{
    lapack_complex_double *T = bench_xmalloc(sizeof(lapack_complex_double) * (size_t) (n * n));
    lapack_complex_double *w = bench_xmalloc(sizeof(lapack_complex_double) * (size_t) n);
    lapack_int sdim = 0, info;
    slong i;
    double f = 0;
    for (i = 0; i < n * n; i++)
    {
        T[i] = lapack_make_complex_double(M[i], 0.0);
        f += M[i] * M[i];
    }
    info = LAPACKE_zgees(LAPACK_COL_MAJOR, 'N', 'N', NULL, (lapack_int) n, T,
                         (lapack_int) n, &sdim, w, NULL, 1);
    if (info != 0)
        bench_die("%s", "zgees failed");
    S->n = n;
    S->fro = sqrt(f);
    S->tr = bench_xmalloc(sizeof(double) * (size_t) (n * n));
    S->ti = bench_xmalloc(sizeof(double) * (size_t) (n * n));
    for (i = 0; i < n * n; i++)
    {
        S->tr[i] = lapack_complex_double_real(T[i]);
        S->ti[i] = lapack_complex_double_imag(T[i]);
    }
    free(T);
    free(w);
}

static void
schur_clear(schur_t *S)
{
    free(S->tr);
    free(S->ti);
}

/* One inverse-iteration workspace (per thread). */
typedef struct
{
    double *xr, *xi, *yr, *yi, *dr, *di;
} work_t;

static void
work_init(work_t *w, slong n)
{
    double *v = bench_xmalloc(sizeof(double) * (size_t) (6 * n));
    w->xr = v;
    w->xi = v + n;
    w->yr = v + 2 * n;
    w->yi = v + 3 * n;
    w->dr = v + 4 * n;
    w->di = v + 5 * n;
}

static void
work_clear(work_t *w)
{
    free(w->xr);
}

/* A fixed start vector with every component non-zero. */
static void
work_start(work_t *w, slong n)
{
    slong i;
    for (i = 0; i < n; i++)
    {
        w->xr[i] = cos(1.0 + 0.7 * (double) i) / sqrt((double) n);
        w->xi[i] = sin(0.3 + 1.3 * (double) i) / sqrt((double) n);
    }
}

/* x := (z I - T)^-1 x: back substitution by columns (A_ij = -T_ij, i < j). */
static void
solve_a(const schur_t *S, const double *dr, const double *di, double *restrict xr,
        double *restrict xi)
{
    slong n = S->n, i, j;
    for (j = n - 1; j >= 0; j--)
    {
        const double *restrict cr = S->tr + j * n, *restrict ci = S->ti + j * n;
        double d = dr[j] * dr[j] + di[j] * di[j];
        double yr = (xr[j] * dr[j] + xi[j] * di[j]) / d;
        double yi = (xi[j] * dr[j] - xr[j] * di[j]) / d;
        xr[j] = yr;
        xi[j] = yi;
#pragma omp simd
        for (i = 0; i < j; i++)
        {
            xr[i] += cr[i] * yr - ci[i] * yi;
            xi[i] += cr[i] * yi + ci[i] * yr;
        }
    }
}

/* x := (z I - T)^-* x: forward substitution, (A^*)_ij = -conj(T_ji), i > j. */
static void
solve_ah(const schur_t *S, const double *dr, const double *di, double *restrict xr,
         double *restrict xi)
{
    slong n = S->n, i, j;
    for (i = 0; i < n; i++)
    {
        const double *restrict cr = S->tr + i * n, *restrict ci = S->ti + i * n;
        double sr = 0, si = 0, d, ar, ai;
#pragma omp simd reduction(+ : sr, si)
        for (j = 0; j < i; j++)
        {
            sr += cr[j] * xr[j] + ci[j] * xi[j];
            si += cr[j] * xi[j] - ci[j] * xr[j];
        }
        ar = xr[i] + sr;
        ai = xi[i] + si;
        /* divide by conj(d) */
        d = dr[i] * dr[i] + di[i] * di[i];
        xr[i] = (ar * dr[i] - ai * di[i]) / d;
        xi[i] = (ai * dr[i] + ar * di[i]) / d;
    }
}

static double
nrm2(const double *xr, const double *xi, slong n)
{
    double s = 0;
    slong i;
#pragma omp simd reduction(+ : s)
    for (i = 0; i < n; i++)
        s += xr[i] * xr[i] + xi[i] * xi[i];
    return sqrt(s);
}

/* Estimate of sigma_min(z I - T) (from above, up to rounding) by inverse
 * iteration on (A^* A)^-1 from the vector in w (warm start, left there for
 * the next call): y = A^-* x, x' = A^-1 y, sigma ~ ||y|| / ||x'||.  Stops
 * when the estimate changes by at most tol (relative) or after maxit. */
static double
smin_est(const schur_t *S, work_t *w, double zr, double zi, double tol, int maxit)
{
    slong n = S->n, i;
    double est = INFINITY, prev = INFINITY, ny, nx;
    int it;
    for (i = 0; i < n; i++)
    {
        w->dr[i] = zr - S->tr[i + i * n];
        w->di[i] = zi - S->ti[i + i * n];
        /* a pinch of a fixed full vector: no direction is ever lost */
        w->xr[i] += 1e-3 * cos(0.5 + 2.1 * (double) i) / sqrt((double) n);
        w->xi[i] += 1e-3 * sin(0.9 + 0.4 * (double) i) / sqrt((double) n);
    }
    nx = nrm2(w->xr, w->xi, n);
    for (i = 0; i < n; i++)
    {
        w->xr[i] /= nx;
        w->xi[i] /= nx;
    }
    for (it = 0; it < maxit; it++)
    {
        memcpy(w->yr, w->xr, sizeof(double) * (size_t) n);
        memcpy(w->yi, w->xi, sizeof(double) * (size_t) n);
        solve_ah(S, w->dr, w->di, w->yr, w->yi); /* y = A^-* x */
        ny = nrm2(w->yr, w->yi, n);
        memcpy(w->xr, w->yr, sizeof(double) * (size_t) n);
        memcpy(w->xi, w->yi, sizeof(double) * (size_t) n);
        solve_a(S, w->dr, w->di, w->xr, w->xi); /* x = A^-1 y */
        nx = nrm2(w->xr, w->xi, n);
        if (!(nx > 0) || !isfinite(nx) || !(ny > 0) || !isfinite(ny))
        {
            work_start(w, n);
            return 0.0; /* numerically singular */
        }
        est = ny / nx; /* ||A x'|| / ||x'|| >= sigma_min */
        for (i = 0; i < n; i++)
        {
            w->xr[i] /= nx;
            w->xi[i] /= nx;
        }
        if (it > 0 && fabs(prev - est) <= tol * est)
            break;
        prev = est;
    }
    return est;
}

/* Objective of the search: (r - 1) / sigma_min at r = 1 + 10^p, angle t. */
static double
kfun(const schur_t *S, work_t *w, double p, double t, double tol, int maxit)
{
    double rm1 = pow(10.0, p), r = 1.0 + rm1;
    double s = smin_est(S, w, r * cos(t), r * sin(t), tol, maxit);
    return s > 0 ? rm1 / s : INFINITY;
}

typedef struct
{
    double kgrid, kfloat;     /* grid maximum, after refinement */
    double p, t;              /* argmax: r = 1 + 10^p, angle t */
    double tgrid, trefine;    /* seconds */
    long evals;               /* refinement evaluations */
} float_run;

/* Grid tolerance of the inverse iteration, and the refinement's. */
#define GRID_TOL 1e-6
#define GRID_MAXIT 30
#define REF_TOL 1e-12
#define REF_MAXIT 200

/* Grid nr x nt and Nelder-Mead refinement from the best grid point. */
static void
float_estimate(float_run *out, const schur_t *S, int nr, int nt, int refine)
{
    slong n = S->n;
    double pmax = log10(2.0 * S->fro), pmin = -4.0;
    double *K = bench_xmalloc(sizeof(double) * (size_t) nr * (size_t) nt);
    double hp = (pmax - pmin) / (nr - 1), ht = M_PI / (nt - 1), t0;
    int nth = max_threads(), a, b, ib = 0, jb = 0;
    work_t *ws = bench_xmalloc(sizeof(work_t) * (size_t) nth);
    work_t *w0;

    t0 = (bench_now());
    for (a = 0; a < nth; a++)
        work_init(ws + a, n);
#pragma omp parallel for schedule(dynamic, 1)
    for (a = 0; a < nr; a++)
    {
        work_t *w = ws + thread_num();
        double p = pmin + hp * a;
        int j;
        work_start(w, n);
        for (j = 0; j < nt; j++)
            K[(size_t) a * nt + j] = kfun(S, w, p, ht * j, GRID_TOL, GRID_MAXIT);
    }
    for (a = 0; a < nr; a++)
        for (b = 0; b < nt; b++)
            if (K[(size_t) a * nt + b] > K[(size_t) ib * nt + jb])
            {
                ib = a;
                jb = b;
            }
    out->kgrid = K[(size_t) ib * nt + jb];
    out->tgrid = (bench_now()) - t0;

    out->kfloat = out->kgrid;
    out->p = pmin + hp * ib;
    out->t = ht * jb;
    out->evals = 0;
    out->trefine = 0;
    if (!refine)
        goto done;

    /* Nelder-Mead maximisation of kfun in (p, t) */
    t0 = (bench_now());
    w0 = ws;
    work_start(w0, n);
    {
        double P[3][2], F[3], c[2], xr[2], xe[2], xc[2], fr, fe, fc;
        long ev = 0;
        int k, it;
        P[0][0] = pmin + hp * ib;
        P[0][1] = ht * jb;
        P[1][0] = P[0][0] + 0.5 * hp;
        P[1][1] = P[0][1];
        P[2][0] = P[0][0];
        P[2][1] = P[0][1] + 0.5 * ht;
        for (k = 0; k < 3; k++)
            F[k] = -kfun(S, w0, P[k][0], P[k][1], REF_TOL, REF_MAXIT);
        ev = 3;
        for (it = 0; it < 500; it++)
        {
            /* sort: F[0] <= F[1] <= F[2] (minimising -K) */
            int i1, i2;
            for (i1 = 0; i1 < 2; i1++)
                for (i2 = 0; i2 < 2 - i1; i2++)
                    if (F[i2] > F[i2 + 1])
                    {
                        double tf = F[i2], tp0 = P[i2][0], tp1 = P[i2][1];
                        F[i2] = F[i2 + 1];
                        P[i2][0] = P[i2 + 1][0];
                        P[i2][1] = P[i2 + 1][1];
                        F[i2 + 1] = tf;
                        P[i2 + 1][0] = tp0;
                        P[i2 + 1][1] = tp1;
                    }
            {
                double ext = 0;
                for (k = 1; k < 3; k++)
                    ext = fmax(ext, fmax(fabs(P[k][0] - P[0][0]), fabs(P[k][1] - P[0][1])));
                if (F[2] - F[0] <= 1e-11 * fabs(F[0]) || ext < 1e-10)
                    break;
            }
            c[0] = 0.5 * (P[0][0] + P[1][0]);
            c[1] = 0.5 * (P[0][1] + P[1][1]);
            xr[0] = 2 * c[0] - P[2][0];
            xr[1] = 2 * c[1] - P[2][1];
            fr = -kfun(S, w0, xr[0], xr[1], REF_TOL, REF_MAXIT);
            ev++;
            if (fr < F[0])
            {
                xe[0] = 3 * c[0] - 2 * P[2][0];
                xe[1] = 3 * c[1] - 2 * P[2][1];
                fe = -kfun(S, w0, xe[0], xe[1], REF_TOL, REF_MAXIT);
                ev++;
                if (fe < fr)
                {
                    P[2][0] = xe[0], P[2][1] = xe[1], F[2] = fe;
                }
                else
                {
                    P[2][0] = xr[0], P[2][1] = xr[1], F[2] = fr;
                }
                continue;
            }
            if (fr < F[1])
            {
                P[2][0] = xr[0], P[2][1] = xr[1], F[2] = fr;
                continue;
            }
            if (fr < F[2])
            {
                xc[0] = c[0] + 0.5 * (xr[0] - c[0]);
                xc[1] = c[1] + 0.5 * (xr[1] - c[1]);
            }
            else
            {
                xc[0] = c[0] + 0.5 * (P[2][0] - c[0]);
                xc[1] = c[1] + 0.5 * (P[2][1] - c[1]);
            }
            fc = -kfun(S, w0, xc[0], xc[1], REF_TOL, REF_MAXIT);
            ev++;
            if (fc < fmin(fr, F[2]))
            {
                P[2][0] = xc[0], P[2][1] = xc[1], F[2] = fc;
                continue;
            }
            for (k = 1; k < 3; k++) /* shrink towards the best */
            {
                P[k][0] = P[0][0] + 0.5 * (P[k][0] - P[0][0]);
                P[k][1] = P[0][1] + 0.5 * (P[k][1] - P[0][1]);
                F[k] = -kfun(S, w0, P[k][0], P[k][1], REF_TOL, REF_MAXIT);
                ev++;
            }
        }
        k = F[1] < F[0] ? (F[2] < F[1] ? 2 : 1) : (F[2] < F[0] ? 2 : 0);
        out->kfloat = fmax(-F[k], out->kgrid);
        out->p = P[k][0];
        out->t = P[k][1];
        if (-F[k] < out->kgrid)
        {
            out->p = pmin + hp * ib;
            out->t = ht * jb;
        }
        out->evals = ev;
    }
    out->trefine = (bench_now()) - t0;
done:
    for (a = 0; a < nth; a++)
        work_clear(ws + a);
    free(ws);
    free(K);
}

/* ------------------------------------------------------------ benchmark */

/* Where kr_kreiss spends its time, from its progress reports (opts.progress;
 * the reports do not change the computation).  Phases are recognised by
 * the start of the messages of src/bounds/constant.c; a message that is not
 * recognised leaves the phase at -1 (printed as "?"). */
typedef struct
{
    double t0;            /* kr_kreiss called */
    double t_schur;       /* "Schur form done": Stein (rho < 1) + Schur form */
    double t_search;      /* "searching the maximiser": ||M|| certified */
    double t_estimate;    /* "float estimate": float search done */
    long circles;         /* "circle r = ..." reports */
} phase_log;

static void
phase_cb(void *ctx, const char *what)
{
    phase_log *L = ctx;
    double t = (bench_now()) - L->t0;
    const char *m = strstr(what, "] ");
    m = m != NULL ? m + 2 : what;
    if (strncmp(m, "Schur form done", 15) == 0)
        L->t_schur = t;
    else if (strncmp(m, "searching the maximiser", 23) == 0)
        L->t_search = t;
    else if (strncmp(m, "float estimate", 14) == 0)
        L->t_estimate = t;
    else if (strncmp(m, "circle r =", 10) == 0)
        L->circles++;
}

typedef struct
{
    long n;
    double tcert, lo, hi, relw;
    long circles;
    int cert_ok;
    double wz_rm1, wz_theta; /* certified witness: |z| - 1, arg z */
    /* float: first configuration that reached the accuracy */
    int reached, grid;
    double tfloat, err_float, kfloat, tcum;
    /* float: 8 x 8 */
    double t8, err8, k8;
    int ok8;
    double tschur;
    /* --grid-only: the grid without refinement */
    int go_reached, go_grid;
    double go_t, go_err, go_tcum;
    phase_log ph; /* of the certified run whose time is the median */
} row_t;

/* The float value k is provably within relative tol of K(M) in [lo, hi]:
 * |k - K| <= tol lo for every K in [lo, hi].  This implies
 * |k - K_mid| <= tol K_mid.  (It does not ask k >= lo: lo is itself the
 * value at a float-found witness point, and a float maximum 1e-12 below it
 * is as accurate.) */
static int
within(double k, const row_t *R, double tol)
{
    return k >= R->hi - tol * R->lo && k <= R->lo + tol * R->lo;
}

/* Double the grid (with or without refinement) from GRID_START until the
 * float estimate reaches the certified accuracy; fills the float fields of
 * R (refine) or its go_ fields (grid only). */
static void
float_doubling(row_t *R, const schur_t *S, double tol, double budget, int refine)
{
    double mid = 0.5 * (R->lo + R->hi), cum = R->tschur, lastcfg = 0;
    int g, reached = 0, grid = 0;
    double tcfg = 0, err = 0;
    /* without a certified enclosure of the asked width there is no accuracy
     * to reach: one 8x8 run, compared with lo */
    int gmax = R->cert_ok ? GRID_MAX : GRID_START;
    if (!R->cert_ok)
    {
        mid = R->lo;
        printf("  float: the certified enclosure is wider than T: only the 8x8 run, its "
               "rel.err against lo\n");
    }
    for (g = GRID_START; g <= gmax; g *= 2)
    {
        float_run fr;
        double tt[3];
        int k, fr_reps, ok;
        if (g > GRID_START && R->tschur + 4.2 * lastcfg > budget)
        {
            printf("  float%s %dx%d skipped: about %.0f s expected, beyond the float budget "
                   "of %.0f s (--float-budget)\n",
                   refine ? "" : " grid-only", g, g, R->tschur + 4 * lastcfg, budget);
            break;
        }
        float_estimate(&fr, S, g, g, refine);
        tt[0] = fr.tgrid + fr.trefine;
        fr_reps = tt[0] < 1.0 ? 3 : 1;
        for (k = 1; k < fr_reps; k++)
        {
            float_run f2;
            float_estimate(&f2, S, g, g, refine);
            tt[k] = f2.tgrid + f2.trefine;
        }
        lastcfg = bench_median(tt, fr_reps);
        tcfg = R->tschur + lastcfg;
        cum += lastcfg;
        err = fabs(fr.kfloat - mid) / mid;
        ok = within(fr.kfloat, R, tol);
        grid = g;
        if (refine)
            printf("  float %3dx%-3d grid %.3f s + refine %.3f s (%ld evals) = %.3f s%s: "
                   "K_grid %.8g, K_float %.10g at |z|-1 = %.4e, arg %+.6f; rel.err %.2e %s\n",
                   g, g, fr.tgrid, fr.trefine, fr.evals, tcfg,
                   fr_reps > 1 ? " (median of 3)" : "", fr.kgrid, fr.kfloat, pow(10, fr.p),
                   fr.t, err,
                   ok ? "ok"
                      : !R->cert_ok ? ""
                      : fr.kfloat < R->hi - tol * R->lo ? "too low" : "too high");
        else
            printf("  float grid-only %3dx%-3d %.3f s%s: K_grid %.10g at |z|-1 = %.4e, "
                   "arg %+.6f; rel.err %.2e %s\n",
                   g, g, tcfg, fr_reps > 1 ? " (median of 3)" : "", fr.kgrid, pow(10, fr.p),
                   fr.t, err, ok ? "ok" : "");
        fflush(stdout);
        if (refine && g == GRID_START)
        {
            R->t8 = tcfg;
            R->err8 = err;
            R->k8 = fr.kfloat;
            R->ok8 = ok;
        }
        if (ok)
        {
            reached = 1;
            break;
        }
    }
    if (refine)
    {
        R->reached = reached;
        R->grid = grid;
        R->tfloat = tcfg;
        R->err_float = err;
        R->tcum = cum;
    }
    else
    {
        R->go_reached = reached;
        R->go_grid = grid;
        R->go_t = tcfg;
        R->go_err = err;
        R->go_tcum = cum;
    }
}

static void
bench_one(row_t *R, long n, double tol, double budget, int grid_only)
{
    double *M = bench_xmalloc(sizeof(double) * (size_t) (n * n));
    kr_qmat_t Mq;
    kr_opts opts;
    kr_error_t err;
    uint64_t seed = 0;
    double rho, t[3], t0;
    int reps = n < 200 ? 3 : 1, r;
    phase_log ph[3];
    schur_t S;

    memset(R, 0, sizeof *R);
    R->n = n;
    if (!kr_qmat_init(Mq, n, 0))
        bench_die("%s", "out of memory");
    rho = make_matrix(M, Mq, n, &seed);
    printf("n = %ld: seed %llu, float rho(M) = %.6f, ||M||_F = %.4g\n", n,
           (unsigned long long) seed, rho, cblas_dnrm2((int) (n * n), M, 1));
    fflush(stdout);

    /* certified */
    kr_opts_init(&opts);
    opts.progress = phase_cb;
    for (r = 0; r < reps; r++)
    {
        kr_kreiss_result_t k;
        kr_status st;
        kr_kreiss_result_init(k);
        kr_error_init(err);
        ph[r].t_schur = ph[r].t_search = ph[r].t_estimate = -1;
        ph[r].circles = 0;
        opts.progress_ctx = ph + r;
        t0 = (bench_now());
        ph[r].t0 = t0;
        st = kr_kreiss(k, Mq, tol, &opts, err);
        t[r] = (bench_now()) - t0;
        if (st != KR_OK)
        {
            char buf[KR_ERROR_MSG_LEN + 64];
            kr_error_format(buf, sizeof buf, err);
            fprintf(stderr, "bench-kreiss: kr_kreiss failed at n = %ld: %s\n", n, buf);
            exit(1);
        }
        R->lo = arf_get_d(&k->kreiss->lo, ARF_RND_DOWN);
        R->hi = arf_get_d(&k->kreiss->hi, ARF_RND_UP);
        R->relw = kr_encl_rel_width(k->kreiss);
        R->circles = (long) k->circles;
        R->cert_ok = isfinite(R->hi) && R->hi <= R->lo * (1 + tol) * (1 + 1e-15);
        R->wz_rm1 = hypot(k->witness_re, k->witness_im) - 1;
        R->wz_theta = atan2(k->witness_im, k->witness_re);
        if (r == 0 && k->reason[0])
            printf("  certified: note: %s\n", k->reason);
        kr_kreiss_result_clear(k);
        printf("  certified run %d: %.3f s, K in [%.10g, %.10g], %ld circles\n", r + 1, t[r],
               R->lo, R->hi, R->circles);
        fflush(stdout);
    }
    {
        double ts[3];
        memcpy(ts, t, sizeof(double) * (size_t) reps);
        R->tcert = bench_median(t, reps);
        for (r = 0; r < reps; r++)
            if (ts[r] == R->tcert)
                R->ph = ph[r];
    }
    printf("  certified witness z: |z| - 1 = %.4e, arg z = %+.6f\n", R->wz_rm1,
           R->wz_theta);

    /* float */
    t0 = (bench_now());
    schur_init(&S, M, n);
    R->tschur = (bench_now()) - t0;
    printf("  float: complex Schur form (zgees) %.3f s, included in every float time\n",
           R->tschur);

    float_doubling(R, &S, tol, budget, 1);
    printf("  float: cumulative time of the doubling up to %dx%d: %.3f s\n", R->grid,
           R->grid, R->tcum);
    if (grid_only)
        float_doubling(R, &S, tol, budget, 0);
    schur_clear(&S);
    kr_qmat_clear(Mq);
    free(M);
}

static int
bench(const long *orders, int norders, double tol, double budget, int grid_only)
{
    row_t *rows = bench_xmalloc(sizeof(row_t) * (size_t) norders);
    int i, fail = 0;

    print_machine();
    printf("matrices: M = Q (D + U) Q^T, Q orthogonal (QR of Gaussian), D: real entries and "
           "2x2\n  rotation-scaling blocks of modulus < 0.9, U strictly upper Gaussian * %g / "
           "sqrt(n);\n  entries rounded to 6 decimals: certified = exact decimals, float = "
           "the nearest doubles\n", uscale);
    printf("certified: kr_kreiss, T = %g, default kr_opts (median of 3 for n < 200, 1 run "
           "above)\n",
           tol);
    printf("float: zgees + inverse iteration on a polar grid r-1 = 10^[-4, log10(2||M||_F)], "
           "theta in [0, pi],\n  %d OpenMP thread(s) over the radii, then Nelder-Mead in "
           "(log10(r-1), theta);\n  grid doubled from %dx%d until K_float is provably within T "
           "of K: hi - T lo <= K_float <= lo + T lo\n  (this implies |K_float - K_mid| <= T "
           "K_mid, K_mid = (lo + hi) / 2); float budget %.0f s per n\n\n",
           max_threads(), GRID_START, GRID_START, budget);
    fflush(stdout);

    for (i = 0; i < norders; i++)
    {
        bench_one(rows + i, orders[i], tol, budget, grid_only);
        printf("\n");
        fflush(stdout);
        if (!rows[i].cert_ok)
            fail = 1;
    }

    printf("times in seconds.  float = Schur form + grid + refinement of the first grid "
           "that reached the\ncertified accuracy (one run); ratio = certified / float; "
           "rel.err = |K_float - K_mid| / K_mid;\ncum = what doubling the grid from 8x8 up "
           "to that grid costs in total; 8x8 = the cheapest float run\n\n");
    printf("%5s %8s %-12s %-12s %8s %4s | %8s %7s %8s %7s %8s | %8s %8s\n", "n", "cert",
           "K lo", "K hi", "rel.wid", "circ", "float", "grid", "rel.err", "ratio", "cum",
           "8x8", "8x8 err");
    for (i = 0; i < norders; i++)
    {
        row_t *R = rows + i;
        char grid[16], err[16], ratio[16], e8[24];
        if (!R->cert_ok)
        {
            snprintf(grid, sizeof grid, "-");
            snprintf(err, sizeof err, "-");
            snprintf(ratio, sizeof ratio, "-");
        }
        else if (R->reached)
        {
            snprintf(grid, sizeof grid, "%dx%d", R->grid, R->grid);
            snprintf(err, sizeof err, "%.2e", R->err_float);
            snprintf(ratio, sizeof ratio, "%.1f", R->tcert / R->tfloat);
        }
        else
        {
            snprintf(grid, sizeof grid, ">%d", R->grid);
            snprintf(err, sizeof err, "no");
            snprintf(ratio, sizeof ratio, "<%.1f", R->tcert / R->tfloat);
        }
        snprintf(e8, sizeof e8, "%.2e%s", R->err8, R->ok8 ? "" : "*");
        printf("%5ld %8.3f %-12.10g %-12.10g %8.2e %4ld | %8.3f %7s %8s %7s %8.3f | %8.3f %8s\n",
               R->n, R->tcert, R->lo, R->hi, R->relw, R->circles, R->tfloat, grid, err,
               ratio, R->tcum, R->t8, e8);
    }
    printf("(* = the 8x8 run did not reach the certified accuracy; -: the certified "
           "enclosure is wider than T,\n so there is no accuracy to reach and the 8x8 "
           "error is against lo)\n");
    printf("\nwhere the certified time goes (from kr_kreiss's progress reports; seconds):\n"
           "%5s %8s | %11s %8s %9s %13s %14s\n", "n", "cert", "Stein+Schur", "||M||",
           "search", "circles etc.", "circle reports");
    for (i = 0; i < norders; i++)
    {
        const row_t *R = rows + i;
        const phase_log *L = &R->ph;
        char a[16], b[16], c[16], d[16];
        if (L->t_schur >= 0)
            snprintf(a, sizeof a, "%.3f", L->t_schur);
        else
            snprintf(a, sizeof a, "?");
        if (L->t_schur >= 0 && L->t_search >= 0)
            snprintf(b, sizeof b, "%.3f", L->t_search - L->t_schur);
        else
            snprintf(b, sizeof b, "?");
        if (L->t_search >= 0 && L->t_estimate >= 0)
            snprintf(c, sizeof c, "%.3f", L->t_estimate - L->t_search);
        else
            snprintf(c, sizeof c, "?");
        if (L->t_estimate >= 0)
            snprintf(d, sizeof d, "%.3f", R->tcert - L->t_estimate);
        else
            snprintf(d, sizeof d, "?");
        printf("%5ld %8.3f | %11s %8s %9s %13s %14ld\n", R->n, R->tcert, a, b, c, d,
               L->circles);
    }
    if (grid_only)
    {
        printf("\ngrid only (no refinement): the first grid whose maximum reached the "
               "certified accuracy\n");
        printf("%5s %8s | %8s %7s %8s %7s %8s\n", "n", "cert", "grid(s)", "grid", "rel.err",
               "ratio", "cum");
        for (i = 0; i < norders; i++)
        {
            row_t *R = rows + i;
            char grid[16], err[16], ratio[16];
            if (R->go_reached)
            {
                snprintf(grid, sizeof grid, "%dx%d", R->go_grid, R->go_grid);
                snprintf(err, sizeof err, "%.2e", R->go_err);
                snprintf(ratio, sizeof ratio, "%.2f", R->tcert / R->go_t);
            }
            else
            {
                snprintf(grid, sizeof grid, ">%d", R->go_grid);
                snprintf(err, sizeof err, "%.2e", R->go_err);
                snprintf(ratio, sizeof ratio, "<%.2f", R->tcert / R->go_t);
            }
            printf("%5ld %8.3f | %8.3f %7s %8s %7s %8.3f\n", R->n, R->tcert, R->go_t, grid,
                   err, ratio, R->go_tcum);
        }
    }
    printf("\n");
    for (i = 0; i < norders; i++)
    {
        row_t *R = rows + i;
        if (R->n == TARGET_N)
            printf("target: certified n=%d < %g s: %s (%.2f s%s)\n", TARGET_N, TARGET_SECONDS,
                   R->cert_ok && R->tcert < TARGET_SECONDS ? "met" : "NOT met", R->tcert,
                   R->cert_ok ? "" : ", but the enclosure is wider than T");
    }
    for (i = 0; i < norders; i++)
    {
        row_t *R = rows + i;
        if (!R->cert_ok)
            printf("target: n=%ld certified no slower than the float estimate of the same "
                   "accuracy: undecided (no certified enclosure of relative width %g)\n",
                   R->n, tol);
        else if (R->reached)
            printf("target: n=%ld certified no slower than the float estimate of the same "
                   "accuracy: %s (%.3f s vs %.3f s, %dx%d grid)\n",
                   R->n, R->tcert <= R->tfloat ? "met" : "NOT met", R->tcert, R->tfloat,
                   R->grid, R->grid);
        else
            printf("target: n=%ld certified no slower than the float estimate of the same "
                   "accuracy: %s (the float estimate did not reach it; %.3f s vs %.3f s "
                   "spent up to %dx%d)\n",
                   R->n, R->tcert <= R->tfloat ? "met" : "undecided", R->tcert, R->tfloat,
                   R->grid, R->grid);
    }
    print_load("at the end");
    for (i = 0; i < norders; i++)
        if (!rows[i].cert_ok)
            printf("FAILURE: n=%ld: the certified enclosure is not within the tolerance\n",
                   rows[i].n);
    free(rows);
    return fail;
}

static int
write_mtx(long n, const char *path)
{
    double *M = bench_xmalloc(sizeof(double) * (size_t) (n * n));
    kr_qmat_t Mq;
    kr_error_t err;
    uint64_t seed;
    FILE *f;
    double rho;
    if (!kr_qmat_init(Mq, n, 0))
        bench_die("%s", "out of memory");
    rho = make_matrix(M, Mq, n, &seed);
    f = fopen(path, "w");
    if (f == NULL)
        bench_die("cannot open '%s' for writing", path);
    kr_error_init(err);
    if (kr_write_mm(f, Mq, err) != KR_OK)
        bench_die("kr_write_mm failed on '%s'", path);
    if (fclose(f) != 0)
        bench_die("error writing '%s'", path);
    fprintf(stderr, "bench-kreiss: wrote the n = %ld test matrix (seed %llu, float rho %.6f) "
                    "to %s\n",
            n, (unsigned long long) seed, rho, path);
    kr_qmat_clear(Mq);
    free(M);
    return 0;
}

int
main(int argc, char **argv)
{
    long orders[64];
    int norders = 0, i;
    double tol = DEFAULT_TOL, budget = 600;
    int grid_only = 0;

    bench_progname = "bench-kreiss";

    if (argc >= 2 && strcmp(argv[1], "--write-mtx") == 0)
    {
        if (argc == 6 && strcmp(argv[4], "--scale") == 0)
            uscale = parse_positive(argv[5]);
        else if (argc != 4)
            bench_die("%s", "usage: bench-kreiss --write-mtx N PATH [--scale S]");
        return write_mtx(bench_parse_order(argv[2], 2, 5000), argv[3]);
    }
    for (i = 1; i < argc; i++)
    {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
        {
            printf("usage: bench-kreiss [--tol T] [--float-budget S] [--grid-only] [--scale S]\n"
                   "                    [N ...]\n"
                   "         certified vs float Kreiss constant (default T = 1e-4,\n"
                   "         N = 20 50 100 200 400, float budget 600 s per n);\n"
                   "         --grid-only also doubles the grid without refinement;\n"
                   "         --scale S: U Gaussian * S / sqrt(n) (default 1.5)\n"
                   "       bench-kreiss --write-mtx N PATH [--scale S]   write the test matrix\n");
            return 0;
        }
        if (strcmp(argv[i], "--tol") == 0 && i + 1 < argc)
        {
            tol = parse_positive(argv[++i]);
            continue;
        }
        if (strcmp(argv[i], "--scale") == 0 && i + 1 < argc)
        {
            uscale = parse_positive(argv[++i]);
            continue;
        }
        if (strcmp(argv[i], "--grid-only") == 0)
        {
            grid_only = 1;
            continue;
        }
        if (strcmp(argv[i], "--float-budget") == 0 && i + 1 < argc)
        {
            budget = parse_positive(argv[++i]);
            continue;
        }
        if (norders == (int) (sizeof orders / sizeof orders[0]))
            bench_die("%s", "too many orders");
        orders[norders++] = bench_parse_order(argv[i], 2, 5000);
    }
    if (norders == 0)
    {
        static const long def[] = {20, 50, 100, 200, 400};
        for (i = 0; i < 5; i++)
            orders[i] = def[i];
        norders = 5;
    }
    return bench(orders, norders, tol, budget, grid_only);
}
