/* Binary64 positive-definiteness test (fast path of the PD kernel).
 *
 * Theorem used (Rump, BIT 46 (2006); ValidSDP, theories/cholesky.v,
 * corollary_2_4_with_c_upper_bound, binary64, N = order): let A be a
 * symmetric float matrix with 0 <= A_ii <= maxdiag, 4(N+1)u < 1, and
 *     c >= 1/2 gamma_{2(N+1)} tr(A) + 4 eta N (2(N+1) + maxdiag).
 * Let At equal A off the diagonal with At_ii <= A_ii - c.  If a
 * floating-point Cholesky of At runs to completion with positive diagonal
 * (and no overflow), A is positive definite.
 *
 * ValidSDP proves it for the left-to-right loop below (kernel VALIDSDP).
 * The underlying error bound (Higham, Accuracy and Stability, Lemma 8.4)
 * holds for any order of the inner sums, with or without FMA, so it covers
 * LAPACK's blocked dpotrf too; OpenBLAS additionally multiplies by a
 * computed reciprocal of the pivot instead of dividing, one extra rounding
 * per off-diagonal entry.  We absorb it by using gamma_{2(N+2)} and twice
 * the eta term (docs/pd-kernel.md has the argument).
 *
 * From an enclosure (mid, rad), rad >= ||H - mid||_2, we take A = mid with
 * A_ii = mid_ii - rad rounded down; then H >= mid - rad I >= A. */
#include <fenv.h>
#include <stdlib.h>
#include <string.h>
#if defined(__x86_64__) || defined(__i386__)
#include <xmmintrin.h>
#endif

#include "kreiss/pd.h"
#include "fp/round.h"
#include "bounds/lapack.h"

/* Round to nearest, no flush-to-zero, no denormals-are-zero. */
static int
fp_environment_ok(void)
{
    if (fegetround() != FE_TONEAREST)
        return 0;
#if defined(__x86_64__) || defined(__i386__)
    {
        unsigned int csr = _mm_getcsr();
        if ((csr & 0x8040u) != 0) /* FTZ (bit 15), DAZ (bit 6) */
            return 0;
        if ((csr & 0x6000u) != 0) /* SSE rounding control must be nearest */
            return 0;
    }
#endif
    return 1;
}

/* The loop of ValidSDP's cholesky.v (cholesky_spec): upper factor R,
 * r_ij = (a_ij - sum_{k<i} r_ki r_kj) / r_ii and r_jj = sqrt(a_jj - sum
 * r_kj^2), sums from left to right, each operation rounded on its own (this
 * file is compiled with -ffp-contract=off).  A is read from its lower
 * triangle (A_ij = a[j + i*lda] for i < j); R overwrites the upper triangle
 * of a separate array r. */
static int
cholesky_validsdp(double *r, const double *a, slong lda, slong n)
{
    slong i, j, k;
    for (j = 0; j < n; j++)
    {
        for (i = 0; i < j; i++)
        {
            double s = a[j + i * lda];
            for (k = 0; k < i; k++)
                s = s - r[k + i * n] * r[k + j * n];
            r[i + j * n] = s / r[i + i * n];
        }
        {
            double s = a[j + j * lda];
            for (k = 0; k < j; k++)
                s = s - r[k + j * n] * r[k + j * n];
            if (!(s > 0))
                return 0;
            r[j + j * n] = sqrt(s);
        }
    }
    return 1;
}

double
kr_pd_f64_shift(slong n, double tr, double maxdiag)
{
    /* 8 N 2^-1074 is exact; eta' = 2^-1074 is twice the usual eta, so either
     * convention for eta is covered twice over. */
    return kr_add_up(kr_mul_up(0.5 * kr_gamma_up(2 * (n + 2)), tr),
                     kr_mul_up((double) (8 * n) * KR_DMIN,
                               kr_add_up((double) (2 * (n + 2)), maxdiag)));
}

kr_pd_verdict
kr_pd_f64(kr_pd_result *res, const double *mid, slong ld, slong n, double rad,
          kr_pd_kernel kernel)
{
    double *work = NULL, *d = NULL;
    double maxdiag = 0.0, tr, c, shift;
    slong i, j;
    kr_pd_verdict verdict = KR_PD_UNKNOWN;

    if (res != NULL)
    {
        res->verdict = KR_PD_UNKNOWN;
        res->method = KR_PD_METHOD_NONE;
        res->prec = 53;
        res->shift = 0.0;
    }
    if (n == 0)
        goto yes;
    if (n < 0 || n > (WORD(1) << 40) || ld < n || !(rad >= 0) || !isfinite(rad)
        || !fp_environment_ok())
        return KR_PD_UNKNOWN;

    for (j = 0; j < n; j++)
        for (i = j; i < n; i++)
            if (!isfinite(mid[i + j * ld]))
                return KR_PD_UNKNOWN;

    d = malloc(sizeof(double) * (size_t) n);
    work = malloc(sizeof(double) * (size_t) n * (size_t) n);
    if (d == NULL || work == NULL)
        goto done;

    /* A_ii = mid_ii - rad (rounded down) must be >= 0. */
    tr = 0.0;
    for (i = 0; i < n; i++)
    {
        d[i] = kr_sub_down(mid[i + i * ld], rad);
        if (!(d[i] >= 0))
            goto done;
        if (d[i] > maxdiag)
            maxdiag = d[i];
        tr += d[i];
    }
    tr = kr_up_nonneg(tr, n);

    /* c >= 1/2 gamma_{2(N+2)} tr + 8 eta' N (2(N+2) + maxdiag) */
    c = kr_pd_f64_shift(n, tr, maxdiag);
    if (!isfinite(c))
        goto done;

    for (j = 0; j < n; j++)
    {
        for (i = j + 1; i < n; i++)
            work[i + j * n] = mid[i + j * ld];
        work[j + j * n] = kr_sub_down(d[j], c);
        if (!(work[j + j * n] > 0))
            goto done;
    }
    shift = kr_add_up(rad, c);

    if (kernel == KR_PD_KERNEL_VALIDSDP)
    {
        double *r = malloc(sizeof(double) * (size_t) n * (size_t) n);
        int okc;
        if (r == NULL)
            goto done;
        okc = cholesky_validsdp(r, work, n, n);
        if (okc)
            for (j = 0; j < n && okc; j++)
                for (i = 0; i <= j && okc; i++)
                    if (!isfinite(r[i + j * n]))
                        okc = 0;
        free(r);
        if (!okc)
            goto done;
    }
    else
    {
        lapack_int info = LAPACKE_dpotrf_work(LAPACK_COL_MAJOR, 'L',
                                              (lapack_int) n, work,
                                              (lapack_int) n);
        if (info != 0)
            goto done;
        /* Positive, finite pivots; no overflow anywhere in the factor. */
        for (j = 0; j < n; j++)
        {
            if (!(work[j + j * n] > 0))
                goto done;
            for (i = j; i < n; i++)
                if (!isfinite(work[i + j * n]))
                    goto done;
        }
    }
    if (res != NULL)
        res->shift = shift;
yes:
    verdict = KR_PD_YES;
    if (res != NULL)
    {
        res->verdict = KR_PD_YES;
        res->method = kernel == KR_PD_KERNEL_VALIDSDP ? KR_PD_METHOD_F64_VALIDSDP
                                                      : KR_PD_METHOD_F64_LAPACK;
    }
done:
    free(d);
    free(work);
    return verdict;
}
