/* Binary64 ball matrices and the bounded products of the fast path. */
#include <stdlib.h>
#include <string.h>

#include <gmp.h>
#include <mpfr.h>

#include "kreiss/fmat.h"
#include "fp/round.h"
#include "bounds/lapack.h"

int
kr_fmat_init(kr_fmat_t A, slong rows, slong cols, int with_rad)
{
    size_t len = (size_t) rows * (size_t) cols;
    A->rows = rows;
    A->cols = cols;
    A->mid = calloc(len ? len : 1, sizeof(double));
    A->rad = with_rad ? calloc(len ? len : 1, sizeof(double)) : NULL;
    if (A->mid == NULL || (with_rad && A->rad == NULL))
    {
        kr_fmat_clear(A);
        return 0;
    }
    return 1;
}

void
kr_fmat_clear(kr_fmat_t A)
{
    free(A->mid);
    free(A->rad);
    A->mid = NULL;
    A->rad = NULL;
    A->rows = A->cols = 0;
}

/* |q| < 2^53 numerator and denominator: the IEEE quotient is RN(q) and,
 * since |q| >= 2^-53 is far from the subnormal range, |q - RN(q)| <=
 * u |RN(q)|; the quotient is exact when the denominator is a power of 2. */
int
kr_fmpq_get_d_ball(double *mid, double *rad, const fmpq_t q)
{
    const fmpz *num = fmpq_numref(q), *den = fmpq_denref(q);

    if (fmpz_is_zero(num))
    {
        *mid = 0.0;
        *rad = 0.0;
        return 1;
    }
    if (fmpz_bits(num) <= 53 && fmpz_bits(den) <= 53)
    {
        double a = (double) fmpz_get_si(num), b = (double) fmpz_get_si(den);
        double d = a / b;
        *mid = d;
        if ((ulong) fmpz_val2(den) + 1 == fmpz_bits(den)) /* a power of 2 */
            *rad = 0.0;
        else
            *rad = fabs(d) * KR_U; /* >= u 2^e >= |q - d| for 2^e <= |d| (RN is monotone) */
        return 1;
    }
    else
    {
        /* General case: correct rounding by MPFR.  The exponent check keeps
         * the result normal, so the double is exact and |q - d| <= u |d|. */
        mpfr_t t;
        mpq_t mq;
        int tern;
        double d;
        mpfr_init2(t, 53);
        mpq_init(mq);
        fmpq_get_mpq(mq, q);
        tern = mpfr_set_q(t, mq, MPFR_RNDN);
        mpq_clear(mq);
        if (mpfr_get_exp(t) > 1023 || mpfr_get_exp(t) < -1020)
        {
            mpfr_clear(t);
            return 0;
        }
        d = mpfr_get_d(t, MPFR_RNDN);
        mpfr_clear(t);
        *mid = d;
        *rad = tern == 0 ? 0.0 : fabs(d) * KR_U;
        return 1;
    }
}

slong
kr_realform_dim(const kr_qmat_t M)
{
    return kr_qmat_is_complex(M) ? 2 * M->n : M->n;
}

int
kr_realform_f64(kr_fmat_t A, const kr_qmat_t M)
{
    slong n = M->n, i, j, N;
    int cplx = kr_qmat_is_complex(M);
    double m, r;

    N = cplx ? 2 * n : n;
    if (!kr_fmat_init(A, N, N, 1))
        return 0;
    for (i = 0; i < n; i++)
        for (j = 0; j < n; j++)
        {
            if (!kr_fmpq_get_d_ball(&m, &r, kr_qmat_re(M, i, j)))
                goto fail;
            kr_fmat_mid(A, i, j) = m;
            kr_fmat_rad(A, i, j) = r;
            if (cplx)
            {
                kr_fmat_mid(A, i + n, j + n) = m;
                kr_fmat_rad(A, i + n, j + n) = r;
                if (!kr_fmpq_get_d_ball(&m, &r, kr_qmat_im(M, i, j)))
                    goto fail;
                kr_fmat_mid(A, i + n, j) = m;
                kr_fmat_rad(A, i + n, j) = r;
                kr_fmat_mid(A, i, j + n) = -m;
                kr_fmat_rad(A, i, j + n) = r;
            }
        }
    return 1;
fail:
    kr_fmat_clear(A);
    return 0;
}

/* Each y entry is a sum of len = (cols or rows) terms (|a| + r) x, i.e. at
 * most len + 1 roundings per term path with nonnegative data and at most
 * 2 len eta of underflow: kr_up_nonneg(., len + 1) bounds it. */
int
kr_absmv_up(double *y, const double *mid, const double *rad, slong rows,
            slong cols, int trans, const double *x)
{
    slong i, j;
    if (!trans)
    {
        for (i = 0; i < rows; i++)
            y[i] = 0.0;
        for (j = 0; j < cols; j++)
        {
            const double *a = mid + j * rows;
            const double *r = rad ? rad + j * rows : NULL;
            double xj = x[j];
            for (i = 0; i < rows; i++)
                y[i] += (r ? fabs(a[i]) + r[i] : fabs(a[i])) * xj;
        }
        for (i = 0; i < rows; i++)
        {
            y[i] = kr_up_nonneg(y[i], cols + 1);
            if (!isfinite(y[i]))
                return 0;
        }
    }
    else
    {
        for (j = 0; j < cols; j++)
        {
            const double *a = mid + j * rows;
            const double *r = rad ? rad + j * rows : NULL;
            double s = 0.0;
            for (i = 0; i < rows; i++)
                s += (r ? fabs(a[i]) + r[i] : fabs(a[i])) * x[i];
            y[j] = kr_up_nonneg(s, rows + 1);
            if (!isfinite(y[j]))
                return 0;
        }
    }
    return 1;
}

double
kr_vec_max(const double *y, slong len)
{
    slong i;
    double m = 0.0;
    for (i = 0; i < len; i++)
        if (!(y[i] <= m)) /* also propagates NaN */
            m = y[i];
    return m;
}

/* X = M + E, |E| <= R entrywise, G = fl(M^T M) with inner dimension K:
 *   |X^T X - M^T M| <= R^T|M| + |M|^T R + R^T R,
 *   |M^T M - G|     <= gamma_K |M|^T|M| + 2 K eta    (any summation order,
 *                                                     with or without FMA).
 * The bound matrix is symmetric; its row sums are
 *   R^T s + |M|^T w + 2 K n eta,  s = (|M| + R) 1,  w = R 1 + gamma_K |M| 1,
 * and the largest row sum bounds the 2-norm of the symmetric error. */
int
kr_fmat_gram(double *G, double *rowsum, const kr_fmat_t A)
{
    slong K = A->rows, n = A->cols, i, j;
    double *ones, *a, *r, *s, *w, *b1, *b2, g, tail;
    int ok = 0;

    ones = malloc(sizeof(double) * (size_t) (FLINT_MAX(K, n) + 1));
    a = malloc(sizeof(double) * (size_t) (K + 1));
    r = malloc(sizeof(double) * (size_t) (K + 1));
    s = malloc(sizeof(double) * (size_t) (K + 1));
    w = malloc(sizeof(double) * (size_t) (K + 1));
    b1 = malloc(sizeof(double) * (size_t) (n + 1));
    b2 = malloc(sizeof(double) * (size_t) (n + 1));
    if (!ones || !a || !r || !s || !w || !b1 || !b2)
        goto done;

    kr_blas_syrk_tn(n, K, A->mid, G);
    for (j = 0; j < n; j++)
        for (i = j + 1; i < n; i++)
            G[j + i * n] = G[i + j * n];

    for (i = 0; i < FLINT_MAX(K, n); i++)
        ones[i] = 1.0;
    /* a = |M| 1 and r = R 1: row sums over the n columns */
    if (!kr_absmv_up(a, A->mid, NULL, K, n, 0, ones))
        goto done;
    if (A->rad != NULL)
    {
        if (!kr_absmv_up(r, A->rad, NULL, K, n, 0, ones))
            goto done;
    }
    else
        memset(r, 0, sizeof(double) * (size_t) K);

    g = kr_gamma_up(K);
    for (i = 0; i < K; i++)
    {
        s[i] = kr_add_up(a[i], r[i]);
        w[i] = kr_add_up(r[i], kr_mul_up(g, a[i]));
    }
    if (!kr_absmv_up(b2, A->mid, NULL, K, n, 1, w))
        goto done;
    if (A->rad != NULL)
    {
        if (!kr_absmv_up(b1, A->rad, NULL, K, n, 1, s))
            goto done;
    }
    else
        memset(b1, 0, sizeof(double) * (size_t) n);

    tail = kr_mul_up((double) (2 * K) * (double) n, KR_DMIN);
    for (j = 0; j < n; j++)
        b1[j] = kr_add_up(kr_add_up(b1[j], b2[j]), tail);
    *rowsum = kr_vec_max(b1, n);
    ok = isfinite(*rowsum);
    for (i = 0; i < n * n && ok; i++)
        if (!isfinite(G[i]))
            ok = 0;
done:
    free(ones); free(a); free(r); free(s); free(w); free(b1); free(b2);
    return ok;
}
