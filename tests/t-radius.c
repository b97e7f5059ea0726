/* kr_radius: enclosures of rho(M) and verdicts rho<1 / rho>1 for matrices
 * with known spectrum (M = T D T^-1 with exact rational T), never a wrong
 * verdict, "undecided" when rho = 1 exactly. */
#include <stdlib.h>

#include "tap.h"
#include "exact.h"

/* Random unimodular T = L U (unit triangular, small integers). */
static void
random_unimodular(fmpq_mat_t T, flint_rand_t state, slong amp)
{
    slong n = fmpq_mat_nrows(T), i, j;
    fmpq_mat_t L, U;
    fmpq_mat_init(L, n, n);
    fmpq_mat_init(U, n, n);
    fmpq_mat_one(L);
    fmpq_mat_one(U);
    for (i = 0; i < n; i++)
        for (j = 0; j < i; j++)
        {
            fmpq_set_si(fmpq_mat_entry(L, i, j), (slong) n_randint(state, 2 * amp + 1) - amp, 1);
            fmpq_set_si(fmpq_mat_entry(U, j, i), (slong) n_randint(state, 2 * amp + 1) - amp, 1);
        }
    fmpq_mat_mul(T, L, U);
    fmpq_mat_clear(L);
    fmpq_mat_clear(U);
}

/* M = T (Dr + i Di) T^-1 (Di may be NULL). */
static void
similar(kr_qmat_t M, const fmpq_mat_t T, const fmpq_mat_t Dr, const fmpq_mat_t Di)
{
    slong n = fmpq_mat_nrows(T), i, j, k;
    fmpq_mat_t Ti, X, Y;
    fmpq_mat_init(Ti, n, n);
    fmpq_mat_init(X, n, n);
    fmpq_mat_init(Y, n, n);
    fmpq_mat_inv(Ti, T);
    kr_qmat_clear(M);
    kr_qmat_init(M, n, Di != NULL);
    for (k = 0; k < (Di != NULL ? 2 : 1); k++)
    {
        fmpq_mat_mul(X, T, k == 0 ? Dr : Di);
        fmpq_mat_mul(Y, X, Ti);
        for (i = 0; i < n; i++)
            for (j = 0; j < n; j++)
                fmpq_set(k == 0 ? kr_qmat_re(M, i, j) : kr_qmat_im(M, i, j),
                         fmpq_mat_entry(Y, i, j));
    }
    fmpq_mat_clear(Ti);
    fmpq_mat_clear(X);
    fmpq_mat_clear(Y);
}

static int
verdict_sound(kr_rho_verdict v, const fmpq_t rho)
{
    if (v == KR_RHO_LT1)
        return fmpq_cmp_si(rho, 1) < 0;
    if (v == KR_RHO_GT1)
        return fmpq_cmp_si(rho, 1) > 0;
    return 1;
}

/* rho far enough from 1 (|rho - 1| >= 1/20) that a verdict is expected */
static int
far_from_one(const fmpq_t rho)
{
    fmpq_t d, e;
    int far;
    fmpq_init(d);
    fmpq_init(e);
    fmpq_sub_si(d, rho, 1);
    fmpq_abs(d, d);
    fmpq_set_si(e, 1, 20);
    far = fmpq_cmp(d, e) >= 0;
    fmpq_clear(d);
    fmpq_clear(e);
    return far;
}

int
main(void)
{
    flint_rand_t state;
    unsigned long seed = tap_seed(31337);
    slong iter, n, i;
    kr_opts opts;
    kr_error_t err;
    long enc = 0, tot = 0, sound = 0, decided = 0, far_tot = 0, tight = 0;
    long genc = 0, gtot = 0, gsound = 0, gdecided = 0, gfar = 0;

    plan_lazy();
    flint_randinit(state);
    flint_randseed(state, seed, seed ^ 0x5bd1e995UL);
    kr_opts_init(&opts);
    kr_error_init(err);

    /* Symmetric and complex Hermitian: M = U diag(l) U^*. */
    for (iter = 0; iter < 40; iter++)
    {
        fmpq_mat_t Q, A;
        fmpq *l;
        fmpq_t rho;
        kr_qmat_t M;
        kr_radius_result_t r;
        n = 1 + (slong) n_randint(state, 10);
        fmpq_mat_init(Q, n, n);
        fmpq_mat_init(A, n, n);
        l = _fmpq_vec_init(n);
        fmpq_init(rho);
        for (i = 0; i < n; i++)
            fmpq_set_si(l + i, (slong) n_randint(state, 4001) - 2000, 1000);
        ex_max_abs(rho, l, n);
        ex_random_orthogonal(Q, state, 0);
        ex_svd_product(A, Q, l, Q);
        kr_qmat_init(M, 0, 0);
        ex_qmat_set_fmpq_mat(M, A);
        kr_radius_result_init(r);
        kr_radius(r, M, &opts, err);
        tot++;
        if (r->hermitian && kr_encl_contains_fmpq(r->rho, rho) && kr_encl_has_upper(r->rho))
            enc++;
        else
            diag("sym iter %ld n %ld: rho not enclosed", iter, n);
        if (kr_encl_rel_width(r->rho) <= 1e-10 || fmpq_is_zero(rho))
            tight++;
        if (verdict_sound(r->verdict, rho))
            sound++;
        if (far_from_one(rho))
        {
            far_tot++;
            if (r->verdict != KR_RHO_UNDECIDED)
                decided++;
        }
        kr_radius_result_clear(r);
        kr_qmat_clear(M);
        fmpq_mat_clear(Q);
        fmpq_mat_clear(A);
        _fmpq_vec_clear(l, n);
        fmpq_clear(rho);
    }
    ok(enc == tot, "symmetric: rho enclosed in %ld/%ld", enc, tot);
    ok(tight == tot, "symmetric: relative width <= 1e-10 in %ld/%ld", tight, tot);
    ok(sound == tot, "symmetric: verdict never wrong (%ld/%ld)", sound, tot);
    ok(decided == far_tot, "symmetric: verdict decided when |rho - 1| >= 0.05 (%ld/%ld)", decided, far_tot);

    /* General: M = T D T^-1, D with real eigenvalues, rotation-scaling
     * blocks (modulus r exactly) and Jordan blocks; sometimes complex. */
    for (iter = 0; iter < 40; iter++)
    {
        fmpq_mat_t T, Dr, Di;
        fmpq_t rho, a;
        kr_qmat_t M;
        kr_radius_result_t r;
        int cplx = iter % 5 == 4;
        fmpz_t five;
        n = 2 + (slong) n_randint(state, 7);
        fmpq_mat_init(T, n, n);
        fmpq_mat_init(Dr, n, n);
        fmpq_mat_init(Di, n, n);
        fmpq_init(rho);
        fmpq_init(a);
        fmpz_init_set_ui(five, 5);
        random_unimodular(T, state, 1);
        for (i = 0; i < n; i++)
        {
            slong kind = (slong) n_randint(state, 3);
            fmpq_set_si(a, (slong) n_randint(state, 3001) - 1500, 1000);
            if (kind == 1 && i + 1 < n && !cplx)
            {
                /* r [[0.6, -0.8], [0.8, 0.6]]: eigenvalues r (0.6 +- 0.8 i) */
                fmpq_abs(a, a);
                fmpq_mul_si(fmpq_mat_entry(Dr, i, i), a, 3);
                fmpq_div_fmpz(fmpq_mat_entry(Dr, i, i), fmpq_mat_entry(Dr, i, i), five);
                fmpq_set(fmpq_mat_entry(Dr, i + 1, i + 1), fmpq_mat_entry(Dr, i, i));
                fmpq_mul_si(fmpq_mat_entry(Dr, i + 1, i), a, 4);
                fmpq_div_fmpz(fmpq_mat_entry(Dr, i + 1, i), fmpq_mat_entry(Dr, i + 1, i), five);
                fmpq_neg(fmpq_mat_entry(Dr, i, i + 1), fmpq_mat_entry(Dr, i + 1, i));
                i++;
            }
            else if (kind == 2 && i + 1 < n)
            {
                /* Jordan block [[a, 1], [0, a]] */
                fmpq_set(fmpq_mat_entry(Dr, i, i), a);
                fmpq_set(fmpq_mat_entry(Dr, i + 1, i + 1), a);
                fmpq_one(fmpq_mat_entry(Dr, i, i + 1));
                i++;
            }
            else if (cplx)
            {
                /* a (3 + 4i)/5 */
                fmpq_mul_si(fmpq_mat_entry(Dr, i, i), a, 3);
                fmpq_div_fmpz(fmpq_mat_entry(Dr, i, i), fmpq_mat_entry(Dr, i, i), five);
                fmpq_mul_si(fmpq_mat_entry(Di, i, i), a, 4);
                fmpq_div_fmpz(fmpq_mat_entry(Di, i, i), fmpq_mat_entry(Di, i, i), five);
            }
            else
                fmpq_set(fmpq_mat_entry(Dr, i, i), a);
            fmpq_abs(a, a);
            if (fmpq_cmp(a, rho) > 0)
                fmpq_set(rho, a);
        }
        kr_qmat_init(M, 0, 0);
        similar(M, T, Dr, cplx ? Di : NULL);
        kr_radius_result_init(r);
        kr_radius(r, M, &opts, err);
        gtot++;
        if (kr_encl_contains_fmpq(r->rho, rho) && kr_encl_has_upper(r->rho))
            genc++;
        else
            diag("general iter %ld n %ld: rho not enclosed", iter, n);
        if (verdict_sound(r->verdict, rho))
            gsound++;
        if (far_from_one(rho))
        {
            gfar++;
            if (r->verdict != KR_RHO_UNDECIDED)
                gdecided++;
            else
            {
                char *rs = fmpq_get_str(NULL, 10, rho);
                diag("general iter %ld n %ld: undecided although rho = %s", iter, n, rs);
                flint_free(rs);
                if (getenv("KREISS_TEST_DUMP"))
                {
                    slong a1, b1;
                    for (a1 = 0; a1 < n; a1++)
                        for (b1 = 0; b1 < n; b1++)
                            flint_printf("# M[%wd,%wd] = %s\n", a1, b1,
                                         fmpq_get_str(NULL, 10, kr_qmat_re(M, a1, b1)));
                }
            }
        }
        kr_radius_result_clear(r);
        kr_qmat_clear(M);
        fmpq_mat_clear(T);
        fmpq_mat_clear(Dr);
        fmpq_mat_clear(Di);
        fmpq_clear(rho);
        fmpq_clear(a);
        fmpz_clear(five);
    }
    ok(genc == gtot, "general: rho enclosed with finite upper bound in %ld/%ld", genc, gtot);
    ok(gsound == gtot, "general: verdict never wrong (%ld/%ld)", gsound, gtot);
    ok(gdecided == gfar, "general: verdict decided when |rho - 1| >= 0.05 (%ld/%ld)", gdecided, gfar);

    /* rho = 1 exactly: never a verdict. */
    {
        static const slong cases[][5] = {
            /* n, a, b, c, d  (2x2 [[a, b], [c, d]] / 5) */
            {2, 3, -4, 4, 3},  /* rotation (0.6, 0.8) */
            {2, 5, 0, 0, 5},   /* identity */
            {2, 5, 5, 0, 5},   /* Jordan block at 1 */
            {2, 5, 0, 0, -5},  /* diag(1, -1), symmetric */
            {2, 5, 0, 0, 2}};  /* diag(1, 0.4) */
        slong c;
        int never = 1, contains = 1;
        fmpq_t one;
        fmpq_init(one);
        fmpq_one(one);
        for (c = 0; c < (slong) (sizeof cases / sizeof cases[0]); c++)
        {
            kr_qmat_t M;
            kr_radius_result_t r;
            kr_opts o = opts;
            o.max_prec = 512;
            kr_qmat_init(M, 2, 0);
            fmpq_set_si(kr_qmat_re(M, 0, 0), cases[c][1], 5);
            fmpq_set_si(kr_qmat_re(M, 0, 1), cases[c][2], 5);
            fmpq_set_si(kr_qmat_re(M, 1, 0), cases[c][3], 5);
            fmpq_set_si(kr_qmat_re(M, 1, 1), cases[c][4], 5);
            kr_radius_result_init(r);
            kr_radius(r, M, &o, err);
            if (r->verdict != KR_RHO_UNDECIDED)
                never = 0;
            if (!kr_encl_contains_fmpq(r->rho, one))
                contains = 0;
            kr_radius_result_clear(r);
            kr_qmat_clear(M);
        }
        ok(never, "rho = 1 (rotation, identity, Jordan block at 1, diag(1,-1), diag(1,.4)): undecided");
        ok(contains, "... and every enclosure contains 1");
        fmpq_clear(one);
    }

    /* Nilpotent: rho = 0. */
    {
        kr_qmat_t M;
        kr_radius_result_t r;
        fmpq_t z;
        fmpq_init(z);
        kr_qmat_init(M, 3, 0);
        fmpq_set_si(kr_qmat_re(M, 1, 0), 4, 1);
        fmpq_set_si(kr_qmat_re(M, 2, 1), 4, 1);
        kr_radius_result_init(r);
        kr_radius(r, M, &opts, err);
        ok(kr_encl_contains_fmpq(r->rho, z) && r->verdict == KR_RHO_LT1,
           "nilpotent 3x3: rho = 0 enclosed, verdict rho<1");
        kr_radius_result_clear(r);
        kr_qmat_clear(M);
        /* zero matrix */
        kr_qmat_init(M, 2, 0);
        kr_radius_result_init(r);
        kr_radius(r, M, &opts, err);
        ok(arf_is_zero(&r->rho->lo) && arf_is_zero(&r->rho->hi) && r->verdict == KR_RHO_LT1,
           "zero 2x2: rho = [0, 0], rho<1");
        kr_radius_result_clear(r);
        kr_qmat_clear(M);
        fmpq_clear(z);
    }

    /* Grcar matrix (n = 8, -1 below the diagonal, 1 on it and 3 above):
     * eigenvalues of modulus about 2.2, rho > 1. */
    {
        kr_qmat_t M;
        kr_radius_result_t r;
        kr_qmat_init(M, 0, 0);
        ex_grcar(M, 8);
        kr_radius_result_init(r);
        kr_radius(r, M, &opts, err);
        ok(r->verdict == KR_RHO_GT1, "Grcar n = 8: verdict rho>1");
        ok(arf_cmp_si(&r->rho->lo, 1) > 0, "... with a certified lower bound above 1");
        kr_radius_result_clear(r);
        kr_qmat_clear(M);
    }

    flint_randclear(state);
    flint_cleanup();
    return 0;
}
