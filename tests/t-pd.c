/* The certified PD kernel: never YES on a matrix that is not positive
 * definite, YES on well-separated positive definite ones, escalation from
 * binary64 to Arb on near-singular ones. */
#include <fenv.h>
#include <math.h>
#include <stdlib.h>

#include "tap.h"
#include "exact.h"

/* H = Q^T diag(d) Q, exact. */
static void
spd_from_spectrum(fmpq_mat_t H, const fmpq *d, flint_rand_t state, int decimal_only)
{
    slong n = fmpq_mat_nrows(H);
    fmpq_mat_t Q;
    fmpq_mat_init(Q, n, n);
    ex_random_orthogonal(Q, state, decimal_only);
    ex_svd_product(H, Q, d, Q);
    fmpq_mat_clear(Q);
}

/* Binary64 enclosure: mid (column-major) and rad >= max row sum of the
 * entrywise rounding errors (computed in Arb, independently of src/fp). */
static void
f64_enclosure(double *mid, double *rad, const fmpq_mat_t H)
{
    slong n = fmpq_mat_nrows(H), i, j;
    arb_t e, s, m;
    arb_init(e);
    arb_init(s);
    arb_init(m);
    *rad = 0.0;
    arb_zero(m);
    for (i = 0; i < n; i++)
    {
        arb_zero(s);
        for (j = 0; j < n; j++)
        {
            double d = fmpq_get_d(fmpq_mat_entry(H, i, j));
            mid[i + j * n] = d;
            arb_set_fmpq(e, fmpq_mat_entry(H, i, j), 256);
            {
                arf_t df;
                arf_init(df);
                arf_set_d(df, d);
                arb_sub_arf(e, e, df, 256);
                arf_clear(df);
            }
            arb_abs(e, e);
            arb_add(s, s, e, 256);
        }
        arb_max(m, m, s, 256);
    }
    {
        arf_t u;
        arf_init(u);
        arb_get_ubound_arf(u, m, 53);
        *rad = arf_get_d(u, ARF_RND_UP);
        arf_clear(u);
    }
    arb_clear(e);
    arb_clear(s);
    arb_clear(m);
}

static void
arb_from_fmpq_mat(arb_mat_t A, const fmpq_mat_t H, slong prec)
{
    slong i, j;
    for (i = 0; i < fmpq_mat_nrows(H); i++)
        for (j = 0; j < fmpq_mat_ncols(H); j++)
            arb_set_fmpq(arb_mat_entry(A, i, j), fmpq_mat_entry(H, i, j), prec);
}

typedef struct
{
    const fmpq_mat_struct *H;
} src_ctx;

static int
src_f64(double *mid, double *rad, void *c)
{
    f64_enclosure(mid, rad, ((src_ctx *) c)->H);
    return 1;
}

static int
src_arb(arb_mat_t A, slong prec, void *c)
{
    arb_from_fmpq_mat(A, ((src_ctx *) c)->H, prec);
    return 1;
}

int
main(void)
{
    flint_rand_t state;
    slong iter, i, n;
    unsigned long seed = tap_seed(20261122);
    int sound_f64 = 1, sound_vsdp = 1, sound_arb = 1, complete = 1, agree = 1;
    int arb_no = 1;
    long n_pd = 0, n_notpd = 0;

    plan_lazy();
    flint_randinit(state);
    flint_randseed(state, seed, seed ^ 0x9e3779b97f4a7c15UL);

    /* Random spectra: either well separated (min eigenvalue >= 1e-3 max),
     * or with a non-positive eigenvalue (0, -tiny, -1e-20, -1). */
    for (iter = 0; iter < 300; iter++)
    {
        fmpq *d;
        fmpq_mat_t H;
        double *mid, rad;
        int kind = (int) n_randint(state, 5);
        kr_pd_verdict v1, v2, v3;
        arb_mat_t A;

        n = 1 + (slong) n_randint(state, iter < 250 ? 12 : 40);
        d = _fmpq_vec_init(n);
        for (i = 0; i < n; i++)
            fmpq_set_si(d + i, 1 + (slong) n_randint(state, 1000), 1 + (slong) n_randint(state, 50));
        i = (slong) n_randint(state, (ulong) n);
        if (kind == 1)
            fmpq_zero(d + i);
        else if (kind == 2)
            fmpq_set_si(d + i, -1, 1000000000);
        else if (kind == 3)
        {
            fmpz_t den; /* -10^-20 */
            fmpz_init(den);
            fmpz_set_ui(den, 10);
            fmpz_pow_ui(den, den, 20);
            fmpq_set_si(d + i, -1, 1);
            fmpq_div_fmpz(d + i, d + i, den);
            fmpz_clear(den);
        }
        else if (kind == 4)
            fmpq_set_si(d + i, -1, 1);
        fmpq_mat_init(H, n, n);
        spd_from_spectrum(H, d, state, (int) n_randint(state, 2));
        mid = malloc(sizeof(double) * (size_t) (n * n));
        f64_enclosure(mid, &rad, H);
        v1 = kr_pd_f64(NULL, mid, n, n, rad, KR_PD_KERNEL_LAPACK);
        v2 = kr_pd_f64(NULL, mid, n, n, rad, KR_PD_KERNEL_VALIDSDP);
        arb_mat_init(A, n, n);
        arb_from_fmpq_mat(A, H, 128);
        v3 = kr_pd_arb(NULL, A, 128);
        if (kind == 0)
        {
            n_pd++;
            if (v1 != KR_PD_YES || v2 != KR_PD_YES || v3 != KR_PD_YES)
            {
                complete = 0;
                diag("iter %ld n %ld: PD matrix not certified (%d %d %d)", iter, n, v1, v2, v3);
            }
        }
        else
        {
            n_notpd++;
            if (v1 == KR_PD_YES)
                sound_f64 = 0;
            if (v2 == KR_PD_YES)
                sound_vsdp = 0;
            if (v3 == KR_PD_YES)
                sound_arb = 0;
            if (kind == 4 && v3 != KR_PD_NO)
                arb_no = 0;
        }
        if (v1 != v2)
            agree = 0;
        arb_mat_clear(A);
        free(mid);
        fmpq_mat_clear(H);
        _fmpq_vec_clear(d, n);
    }
    diag("%ld positive definite, %ld not", n_pd, n_notpd);
    ok(sound_f64, "binary64 LAPACK kernel never certifies a matrix that is not PD");
    ok(sound_vsdp, "binary64 ValidSDP kernel never certifies a matrix that is not PD");
    ok(sound_arb, "Arb kernel never certifies a matrix that is not PD");
    ok(arb_no, "Arb kernel proves 'not PD' when an eigenvalue is -1");
    ok(complete, "every kernel certifies well-separated PD matrices");
    ok(agree, "the two binary64 kernels agree");

    /* Ball radius: mid = I (n = 3) with rad 1 contains the zero matrix. */
    {
        double I3[9] = {1, 0, 0, 0, 1, 0, 0, 0, 1};
        ok(kr_pd_f64(NULL, I3, 3, 3, 1.0, KR_PD_KERNEL_LAPACK) != KR_PD_YES,
           "I with radius 1 (contains 0) is not certified");
        ok(kr_pd_f64(NULL, I3, 3, 3, 0.5, KR_PD_KERNEL_LAPACK) == KR_PD_YES,
           "I with radius 1/2 is certified");
        ok(kr_pd_f64(NULL, I3, 3, 3, NAN, KR_PD_KERNEL_LAPACK) != KR_PD_YES,
           "a NaN radius is refused");
    }
    /* 1x1, zero, negative */
    {
        double a = 2.0, z = 0.0, m = -1.0, tiny = 0x1p-1074;
        ok(kr_pd_f64(NULL, &a, 1, 1, 0.0, KR_PD_KERNEL_LAPACK) == KR_PD_YES, "1x1 [2] is PD");
        ok(kr_pd_f64(NULL, &z, 1, 1, 0.0, KR_PD_KERNEL_LAPACK) != KR_PD_YES, "1x1 [0] is not certified");
        ok(kr_pd_f64(NULL, &m, 1, 1, 0.0, KR_PD_KERNEL_LAPACK) != KR_PD_YES, "1x1 [-1] is not certified");
        ok(kr_pd_f64(NULL, &tiny, 1, 1, 0.0, KR_PD_KERNEL_LAPACK) != KR_PD_YES,
           "1x1 [smallest subnormal] declined by binary64 (below its underflow margin)");
    }
    {
        double Z[4] = {0, 0, 0, 0}, inf2[4] = {INFINITY, 0, 0, 1};
        ok(kr_pd_f64(NULL, Z, 2, 2, 0.0, KR_PD_KERNEL_LAPACK) != KR_PD_YES, "zero 2x2 is not certified");
        ok(kr_pd_f64(NULL, inf2, 2, 2, 0.0, KR_PD_KERNEL_LAPACK) != KR_PD_YES, "an infinite entry is refused");
    }
    /* Only the lower triangle is read. */
    {
        double A[4] = {1, 0.5, 1e300, 1};
        ok(kr_pd_f64(NULL, A, 2, 2, 0.0, KR_PD_KERNEL_LAPACK) == KR_PD_YES,
           "upper triangle is ignored (lower [[1, .5], [.5, 1]] is PD)");
    }
    /* Rounding mode other than nearest: decline. */
    {
        double I2[4] = {1, 0, 0, 1};
        fesetround(FE_UPWARD);
        ok(kr_pd_f64(NULL, I2, 2, 2, 0.0, KR_PD_KERNEL_LAPACK) == KR_PD_UNKNOWN,
           "binary64 test declines when the rounding mode is not to-nearest");
        fesetround(FE_TONEAREST);
    }

    /* Escalation: eigenvalues 1 .. 1 and 10^-30 (exact): binary64 must
     * decline, Arb must certify at some precision. */
    {
        fmpq *d;
        fmpq_mat_t H;
        fmpz_t p;
        src_ctx c;
        kr_sym_source s;
        kr_pd_result res;
        kr_opts o;
        n = 6;
        d = _fmpq_vec_init(n);
        for (i = 0; i < n; i++)
            fmpq_set_si(d + i, (slong) (i + 1), 1);
        fmpz_init(p);
        fmpz_set_ui(p, 10);
        fmpz_pow_ui(p, p, 30);
        fmpq_one(d + 2);
        fmpq_div_fmpz(d + 2, d + 2, p);
        fmpq_mat_init(H, n, n);
        spd_from_spectrum(H, d, state, 0);
        c.H = H;
        s.n = n;
        s.f64 = src_f64;
        s.arb = src_arb;
        s.ctx = &c;
        kr_opts_init(&o);
        {
            kr_pd_verdict v = kr_pd_certify(&res, &s, &o);
            ok(v == KR_PD_YES && res.method == KR_PD_METHOD_ARB,
               "near-singular PD (lambda_min = 1e-30): certified by Arb (prec %ld)",
               (long) res.prec);
            ok(kr_pd_f64(NULL, NULL, 0, 0, 0.0, KR_PD_KERNEL_LAPACK) == KR_PD_YES,
               "the empty matrix is (vacuously) PD");
        }
        /* now make it singular: never YES, at any precision */
        fmpq_zero(d + 2);
        spd_from_spectrum(H, d, state, 0);
        ok(kr_pd_certify(&res, &s, &o) != KR_PD_YES, "singular PSD matrix never certified");
        /* and indefinite by -1e-30 */
        fmpq_one(d + 2);
        fmpq_div_fmpz(d + 2, d + 2, p);
        fmpq_neg(d + 2, d + 2);
        spd_from_spectrum(H, d, state, 0);
        ok(kr_pd_certify(&res, &s, &o) != KR_PD_YES, "lambda_min = -1e-30: never certified");
        ok(res.verdict == KR_PD_NO && res.method == KR_PD_METHOD_ARB,
           "... and Arb proves it is not PD");
        fmpz_clear(p);
        fmpq_mat_clear(H);
        _fmpq_vec_clear(d, n);
    }

    flint_randclear(state);
    flint_cleanup();
    return 0;
}
