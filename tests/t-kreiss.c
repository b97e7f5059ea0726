/* Kreiss constants and circle maxima against exactly known values:
 *  - K([[g, 0], [c, g]]) = c/(4(1-|g|)) + (1-|g|)/c for c >= 2(1-|g|) (also
 *    for complex g, by rotation and diagonal unitary similarity);
 *  - K([[0, a], [0, 0]]) = a/4 + 1/a for a >= 2;
 *  - normal matrices with rho < 1: K = 1;
 *  - direct sums: the larger of the blocks' constants;
 *  - exactly orthogonal similarity: unchanged;
 *  - rho > 1: K = inf; rho = 1 (Jordan block at 1, identity): no finite
 *    upper bound;
 *  - the circle maximum of the 2x2 family: 1/sigma_min at |w| = r - |g|. */
#include <stdlib.h>

#include "tap.h"
#include "exact.h"

static void
set2(kr_qmat_t M, const fmpq_t a, const fmpq_t b, const fmpq_t c, const fmpq_t d)
{
    kr_qmat_clear(M);
    kr_qmat_init(M, 2, 0);
    fmpq_set(kr_qmat_re(M, 0, 0), a);
    fmpq_set(kr_qmat_re(M, 0, 1), b);
    fmpq_set(kr_qmat_re(M, 1, 0), c);
    fmpq_set(kr_qmat_re(M, 1, 1), d);
}

/* K of the 2x2 family with modulus m = |g| and coupling c */
static void
kfamily(fmpq_t K, const fmpq_t m, const fmpq_t c)
{
    fmpq_t one_m, t;
    fmpq_init(one_m);
    fmpq_init(t);
    fmpq_one(one_m);
    fmpq_sub(one_m, one_m, m);
    fmpq_mul_2exp(t, one_m, 2);
    fmpq_div(K, c, t);      /* c / (4 (1 - m)) */
    fmpq_div(t, one_m, c);  /* (1 - m) / c */
    fmpq_add(K, K, t);
    fmpq_clear(one_m);
    fmpq_clear(t);
}

/* hi <= lo (1 + tol), in exact arithmetic on the binary ends */
static int
within(const kr_encl_t e, double tol)
{
    arf_t t;
    int ok;
    if (!arf_is_finite(&e->hi))
        return 0;
    arf_init(t);
    arf_set_d(t, 1 + 1.0000001 * tol);
    arf_mul(t, t, &e->lo, ARF_PREC_EXACT, ARF_RND_UP);
    ok = arf_cmp(&e->hi, t) <= 0;
    arf_clear(t);
    return ok;
}

static int
check(const kr_qmat_t M, const fmpq_t K, double tol, const char *what)
{
    kr_kreiss_result_t k;
    kr_opts o;
    kr_error_t err;
    int c, w;
    kr_opts_init(&o);
    kr_error_init(err);
    kr_kreiss_result_init(k);
    kr_kreiss(k, M, tol, &o, err);
    c = kr_encl_contains_fmpq(k->kreiss, K);
    w = within(k->kreiss, tol);
    if (!c || !w)
    {
        char *ks = fmpq_get_str(NULL, 10, K);
        char *lo = kr_arf_get_decimal(&k->kreiss->lo, 20, 0);
        char *hi = kr_arf_get_decimal(&k->kreiss->hi, 20, 1);
        diag("%s: K = %s, enclosure [%s, %s], contains %d, within %d, circles %ld (%s)",
             what, ks, lo, hi, c, w, (long) k->circles, k->reason);
        flint_free(ks);
        free(lo);
        free(hi);
    }
    kr_kreiss_result_clear(k);
    return c && w;
}

int
main(void)
{
    flint_rand_t state;
    unsigned long seed = tap_seed(2606);
    slong iter;
    int all;
    fmpq_t g, c, m, K, a, z;
    kr_qmat_t M;
    kr_opts opts;
    kr_error_t err;

    plan_lazy();
    flint_randinit(state);
    flint_randseed(state, seed, seed + 99);
    fmpq_init(g);
    fmpq_init(c);
    fmpq_init(m);
    fmpq_init(K);
    fmpq_init(a);
    fmpq_init(z);
    kr_qmat_init(M, 0, 0);
    kr_opts_init(&opts);
    kr_error_init(err);

    /* the paper's example: K = 25.01 */
    fmpq_set_si(g, 9, 10);
    fmpq_set_si(c, 10, 1);
    set2(M, g, z, c, g);
    kfamily(K, g, c);
    ok(check(M, K, 1e-4, "g = 0.9, c = 10"), "[[0.9, 0], [10, 0.9]]: K = 25.01 enclosed, width <= 1e-4");
    ok(check(M, K, 1e-8, "g = 0.9, c = 10, tol 1e-8"), "... and at tolerance 1e-8");

    /* a hard member: g = 0.99, c = 100, K = 2500.0001, M(1) ~ 1e6: near the
     * maximiser binary64 cannot resolve the KYP margin at tolerance 1e-6 and
     * the doubling runs beyond binary64 */
    {
        kr_kreiss_result_t kk;
        slong i;
        int mp = 0;
        fmpq_set_si(g, 99, 100);
        fmpq_set_si(c, 100, 1);
        set2(M, g, z, c, g);
        kfamily(K, g, c);
        kr_kreiss_result_init(kk);
        kr_kreiss(kk, M, 1e-6, &opts, err);
        for (i = 0; i < kk->circles; i++)
            if (kk->circle[i].w.amat != NULL)
                mp = 1;
        ok(kr_encl_contains_fmpq(kk->kreiss, K) && within(kk->kreiss, 1e-6),
           "[[0.99, 0], [100, 0.99]]: K = 2500.0001 enclosed within 1e-6 (%ld circles)",
           (long) kk->circles);
        ok(mp, "... with circles certified by a doubling beyond binary64");
        kr_kreiss_result_clear(kk);
    }

    /* random members of the family, real g of either sign */
    all = 1;
    for (iter = 0; iter < 12; iter++)
    {
        fmpq_set_si(g, (slong) n_randint(state, 1801) - 900, 1000);
        fmpq_abs(m, g);
        fmpq_one(a);
        fmpq_sub(a, a, m);
        fmpq_mul_2exp(a, a, 1); /* 2 (1 - |g|) */
        fmpq_set_si(c, 1 + (slong) n_randint(state, 500), 20);
        fmpq_add(c, c, a);
        set2(M, g, z, c, g);
        kfamily(K, m, c);
        all &= check(M, K, iter % 4 == 3 ? 1e-6 : 1e-4, "random 2x2 family");
    }
    ok(all, "12 random [[g, 0], [c, g]]: K enclosed within the tolerance (1e-4 and 1e-6)");

    /* complex g = 0.9 (0.6 + 0.8 i) */
    {
        kr_qmat_t C;
        kr_qmat_init(C, 2, 1);
        fmpq_set_si(kr_qmat_re(C, 0, 0), 54, 100);
        fmpq_set_si(kr_qmat_im(C, 0, 0), 72, 100);
        fmpq_set_si(kr_qmat_re(C, 1, 1), 54, 100);
        fmpq_set_si(kr_qmat_im(C, 1, 1), 72, 100);
        fmpq_set_si(kr_qmat_re(C, 1, 0), 3, 1);
        fmpq_set_si(m, 9, 10);
        fmpq_set_si(c, 3, 1);
        kfamily(K, m, c);
        ok(check(C, K, 1e-4, "complex g"), "complex g = 0.54 + 0.72i, c = 3: K enclosed");
        kr_qmat_clear(C);
    }

    /* nilpotent [[0, a], [0, 0]], a >= 2: K = a/4 + 1/a */
    all = 1;
    for (iter = 0; iter < 4; iter++)
    {
        fmpq_set_si(a, 2 + (slong) n_randint(state, 60), 1 + (slong) n_randint(state, 3));
        if (fmpq_cmp_si(a, 2) < 0)
            fmpq_set_si(a, 2, 1);
        set2(M, z, a, z, z);
        fmpq_div_2exp(K, a, 2);
        {
            fmpq_t inv;
            fmpq_init(inv);
            fmpq_inv(inv, a);
            fmpq_add(K, K, inv);
            fmpq_clear(inv);
        }
        all &= check(M, K, 1e-4, "nilpotent");
    }
    ok(all, "[[0, a], [0, 0]]: K = a/4 + 1/a enclosed");

    /* normal matrices: K = 1 (supremum at infinity) */
    all = 1;
    for (iter = 0; iter < 4; iter++)
    {
        slong n = 2 + (slong) n_randint(state, 4), i;
        fmpq *d = _fmpq_vec_init(n);
        fmpq_mat_t Q, A;
        fmpq_mat_init(Q, n, n);
        fmpq_mat_init(A, n, n);
        for (i = 0; i < n; i++)
            fmpq_set_si(d + i, (slong) n_randint(state, 1801) - 900, 1000);
        ex_random_orthogonal(Q, state, 1);
        ex_svd_product(A, Q, d, Q);
        ex_qmat_set_fmpq_mat(M, A);
        fmpq_one(K);
        all &= check(M, K, 1e-4, "normal");
        fmpq_mat_clear(Q);
        fmpq_mat_clear(A);
        _fmpq_vec_clear(d, n);
    }
    ok(all, "symmetric (normal) matrices with rho < 1: K = 1, enclosure within [1, 1 + 1e-4]");

    /* direct sum and orthogonal similarity */
    {
        fmpq_mat_t A, Q, T, B;
        fmpq_t K2;
        fmpq_mat_init(A, 4, 4);
        fmpq_mat_init(Q, 4, 4);
        fmpq_mat_init(T, 4, 4);
        fmpq_mat_init(B, 4, 4);
        fmpq_init(K2);
        /* [[0.8, 0], [3, 0.8]] (+) [[0.5, 0], [10, 0.5]] */
        fmpq_set_si(fmpq_mat_entry(A, 0, 0), 8, 10);
        fmpq_set_si(fmpq_mat_entry(A, 1, 1), 8, 10);
        fmpq_set_si(fmpq_mat_entry(A, 1, 0), 3, 1);
        fmpq_set_si(fmpq_mat_entry(A, 2, 2), 1, 2);
        fmpq_set_si(fmpq_mat_entry(A, 3, 3), 1, 2);
        fmpq_set_si(fmpq_mat_entry(A, 3, 2), 10, 1);
        fmpq_set_si(m, 8, 10);
        fmpq_set_si(c, 3, 1);
        kfamily(K, m, c);
        fmpq_set_si(m, 1, 2);
        fmpq_set_si(c, 10, 1);
        kfamily(K2, m, c);
        if (fmpq_cmp(K2, K) > 0)
            fmpq_set(K, K2);
        ex_qmat_set_fmpq_mat(M, A);
        ok(check(M, K, 1e-4, "direct sum"), "direct sum: K = max of the blocks");
        /* Q^T A Q with Q exactly orthogonal (finite decimals) */
        ex_random_orthogonal(Q, state, 1);
        fmpq_mat_mul(T, A, Q);
        fmpq_mat_transpose(B, Q);
        fmpq_mat_mul(A, B, T);
        ex_qmat_set_fmpq_mat(M, A);
        ok(check(M, K, 1e-4, "orthogonal similarity"), "exactly orthogonal similarity: K unchanged");
        fmpq_mat_clear(A);
        fmpq_mat_clear(Q);
        fmpq_mat_clear(T);
        fmpq_mat_clear(B);
        fmpq_clear(K2);
    }

    /* rho > 1: K = inf */
    {
        kr_kreiss_result_t k;
        ex_grcar(M, 6);
        kr_kreiss_result_init(k);
        kr_kreiss(k, M, 1e-4, &opts, err);
        ok(arf_is_pos_inf(&k->kreiss->lo) && arf_is_pos_inf(&k->kreiss->hi)
               && k->verdict == KR_RHO_GT1,
           "Grcar n = 6 (rho > 1): K = [inf, inf]");
        kr_kreiss_result_clear(k);
    }
    /* rho = 1: Jordan block at 1 (K = inf) and the identity (K = 1):
     * neither may get a finite upper bound from this method */
    {
        kr_kreiss_result_t k;
        fmpq_one(a);
        set2(M, a, z, a, a);
        kr_kreiss_result_init(k);
        kr_kreiss(k, M, 1e-4, &opts, err);
        ok(!kr_encl_has_upper(k->kreiss) && arf_cmp_si(&k->kreiss->lo, 1) >= 0
               && k->verdict == KR_RHO_UNDECIDED,
           "Jordan block at 1: lower bound only, no finite upper bound");
        kr_kreiss_result_clear(k);
        set2(M, a, z, z, a);
        kr_kreiss_result_init(k);
        kr_kreiss(k, M, 1e-4, &opts, err);
        ok(!kr_encl_has_upper(k->kreiss) && arf_cmp_si(&k->kreiss->lo, 1) >= 0,
           "identity: lower bound 1, no upper bound (rho = 1)");
        kr_kreiss_result_clear(k);
    }

    /* circle maxima of the family: M(r) = 1/sigma_min(A), |w| = r - |g|,
     * sigma^2 the smaller root of x^2 - (2|w|^2 + c^2) x + |w|^4 */
    all = 1;
    for (iter = 0; iter < 6; iter++)
    {
        kr_circle_result_t cr;
        fmpq_t r, w, T, D, x, p, q;
        int k2;
        fmpq_init(r);
        fmpq_init(w);
        fmpq_init(T);
        fmpq_init(D);
        fmpq_init(x);
        fmpq_init(p);
        fmpq_init(q);
        fmpq_set_si(g, (slong) n_randint(state, 1601) - 800, 1000);
        fmpq_abs(m, g);
        fmpq_set_si(c, 1 + (slong) n_randint(state, 200), 10);
        fmpq_set_si(r, 1000 + (slong) n_randint(state, 2000), 1000);
        set2(M, g, z, c, g);
        kr_circle_result_init(cr);
        kr_circle_max(cr, M, r, 1e-6, &opts, err);
        fmpq_sub(w, r, m);
        fmpq_mul(w, w, w);            /* |w|^2 */
        fmpq_mul_2exp(T, w, 1);
        fmpq_addmul(T, c, c);
        fmpq_mul(D, w, w);
        for (k2 = 0; k2 < 2; k2++)
        {
            const arf_struct *e = k2 == 0 ? &cr->value->lo : &cr->value->hi;
            arf_get_fmpq(x, e);
            fmpq_mul(x, x, x);
            fmpq_inv(x, x);           /* candidate sigma^2 = 1 / end^2 */
            fmpq_mul(p, x, x);
            fmpq_mul(q, T, x);
            fmpq_sub(p, p, q);
            fmpq_add(p, p, D);
            /* 1/lo^2 >= sigma^2 (p <= 0), 1/hi^2 <= sigma^2 (p >= 0) */
            if ((k2 == 0 && fmpq_sgn(p) > 0) || (k2 == 1 && fmpq_sgn(p) < 0))
                all = 0;
        }
        if (!within(cr->value, 1e-6))
            all = 0;
        kr_circle_result_clear(cr);
        fmpq_clear(r);
        fmpq_clear(w);
        fmpq_clear(T);
        fmpq_clear(D);
        fmpq_clear(x);
        fmpq_clear(p);
        fmpq_clear(q);
    }
    ok(all, "circle maxima of 6 random [[g, 0], [c, g]] on random circles: enclosed, width <= 1e-6");

    /* the Weyl-arc fallback alone, on [[g, 0], [c, g]] at r = 1.1: real
     * g = 0.5, c = 2 (|w| = 0.6, half circle) and complex g = 0.3 + 0.4i,
     * c = 2 (|w| = 0.6, full circle); sigma^2 is the smaller root of
     * x^2 - (2|w|^2 + c^2) x + |w|^4 */
    {
        static const slong cs[2][5] = {{50, 0, 2, 36, 0}, {30, 40, 2, 36, 1}};
        slong e;
        for (e = 0; e < 2; e++)
        {
            kr_circle_result_t cr;
            kr_opts ao = opts;
            kr_qmat_t C;
            fmpq_t r, w2, T, D, x, p, q;
            int in, k2;
            fmpq_init(r);
            fmpq_init(w2);
            fmpq_init(T);
            fmpq_init(D);
            fmpq_init(x);
            fmpq_init(p);
            fmpq_init(q);
            ao.circle_arcs_only = 1;
            kr_qmat_init(C, 2, (int) cs[e][4]);
            fmpq_set_si(kr_qmat_re(C, 0, 0), cs[e][0], 100);
            fmpq_set_si(kr_qmat_re(C, 1, 1), cs[e][0], 100);
            fmpq_set_si(kr_qmat_re(C, 1, 0), cs[e][2], 1);
            if (cs[e][4])
            {
                fmpq_set_si(kr_qmat_im(C, 0, 0), cs[e][1], 100);
                fmpq_set_si(kr_qmat_im(C, 1, 1), cs[e][1], 100);
            }
            fmpq_set_si(r, 11, 10);
            fmpq_set_si(w2, cs[e][3], 100);
            fmpq_set_si(T, cs[e][2] * cs[e][2], 1);
            fmpq_add(T, T, w2);
            fmpq_add(T, T, w2);
            fmpq_mul(D, w2, w2);
            kr_circle_result_init(cr);
            kr_circle_max(cr, C, r, 1e-2, &ao, err);
            in = kr_encl_has_upper(cr->value) && cr->upper->kind == KR_CLAIM_ARCS;
            for (k2 = 0; k2 < 2 && in; k2++)
            {
                arf_get_fmpq(x, k2 == 0 ? &cr->value->lo : &cr->value->hi);
                fmpq_mul(x, x, x);
                fmpq_inv(x, x);
                fmpq_mul(p, x, x);
                fmpq_mul(q, T, x);
                fmpq_sub(p, p, q);
                fmpq_add(p, p, D);
                if ((k2 == 0 && fmpq_sgn(p) > 0) || (k2 == 1 && fmpq_sgn(p) < 0))
                    in = 0;
            }
            ok(in, "Weyl-arc fallback alone (%ld arcs, %s): circle maximum enclosed",
               (long) cr->upper->narc, cs[e][4] ? "complex, full circle" : "real, half circle");
            kr_circle_result_clear(cr);
            kr_qmat_clear(C);
            fmpq_clear(r);
            fmpq_clear(w2);
            fmpq_clear(T);
            fmpq_clear(D);
            fmpq_clear(x);
            fmpq_clear(p);
            fmpq_clear(q);
        }
    }

    kr_qmat_clear(M);
    fmpq_clear(g);
    fmpq_clear(c);
    fmpq_clear(m);
    fmpq_clear(K);
    fmpq_clear(a);
    fmpq_clear(z);
    flint_randclear(state);
    flint_cleanup();
    return 0;
}
