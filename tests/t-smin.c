/* kr_smin: sigma_min(zI - M) and the resolvent norm for matrices with known
 * singular values, near-singular cases where binary64 must decline and Arb
 * must succeed, exactly singular ones, and a defective 2x2 case. */
#include <stdlib.h>

#include "tap.h"
#include "exact.h"

/* M = z I - Q1 diag(s) Q2^T, so that zI - M = Q1 diag(s) Q2^T exactly. */
static void
build(kr_qmat_t M, const fmpq *s, slong n, const fmpq_t zr, const fmpq_t zi,
      flint_rand_t state)
{
    fmpq_mat_t Q1, Q2, A;
    kr_qmat_t T;
    slong i, j;
    fmpq_mat_init(Q1, n, n);
    fmpq_mat_init(Q2, n, n);
    fmpq_mat_init(A, n, n);
    ex_random_orthogonal(Q1, state, 0);
    ex_random_orthogonal(Q2, state, 0);
    ex_svd_product(A, Q1, s, Q2);
    kr_qmat_init(T, n, 0);
    for (i = 0; i < n; i++)
        for (j = 0; j < n; j++)
            fmpq_set(kr_qmat_re(T, i, j), fmpq_mat_entry(A, i, j));
    kr_qmat_shift(M, zr, zi, T); /* M = z I - A */
    kr_qmat_clear(T);
    fmpq_mat_clear(Q1);
    fmpq_mat_clear(Q2);
    fmpq_mat_clear(A);
}

int
main(void)
{
    flint_rand_t state;
    unsigned long seed = tap_seed(777);
    slong iter, n, i;
    long good = 0, total = 0, res_good = 0, tight = 0;
    kr_opts opts;
    kr_error_t err;

    plan_lazy();
    flint_randinit(state);
    flint_randseed(state, seed, seed + 12345);
    kr_opts_init(&opts);
    kr_error_init(err);

    for (iter = 0; iter < 40; iter++)
    {
        kr_qmat_t M;
        kr_smin_result_t r;
        fmpq *s;
        fmpq_t smin, inv, zr, zi;
        n = 1 + (slong) n_randint(state, 12);
        s = _fmpq_vec_init(n);
        fmpq_init(smin);
        fmpq_init(inv);
        fmpq_init(zr);
        fmpq_init(zi);
        for (i = 0; i < n; i++)
        {
            fmpq_set_si(s + i, 1 + (slong) n_randint(state, 1000), 100);
        }
        ex_min_abs(smin, s, n);
        ex_random_decimal(zr, state, 8);
        if (n_randint(state, 2))
            ex_random_decimal(zi, state, 8);
        kr_qmat_init(M, 0, 0);
        build(M, s, n, zr, zi, state);
        kr_smin_result_init(r);
        kr_smin(r, M, zr, zi, &opts, err);
        total++;
        if (kr_encl_contains_fmpq(r->sigma_min, smin) && arf_sgn(&r->sigma_min->lo) > 0)
            good++;
        else
            diag("iter %ld n %ld: sigma_min not enclosed or lower bound 0", iter, n);
        fmpq_inv(inv, smin);
        if (kr_encl_contains_fmpq(r->resolvent_norm, inv) && kr_encl_has_upper(r->resolvent_norm))
            res_good++;
        if (kr_encl_rel_width(r->sigma_min) <= opts.rel_tol)
            tight++;
        kr_smin_result_clear(r);
        kr_qmat_clear(M);
        fmpq_clear(smin);
        fmpq_clear(inv);
        fmpq_clear(zr);
        fmpq_clear(zi);
        _fmpq_vec_clear(s, n);
    }
    ok(good == total, "sigma_min enclosed, positive lower bound: %ld/%ld", good, total);
    ok(res_good == total, "resolvent norm enclosed with finite upper bound: %ld/%ld", res_good, total);
    ok(tight == total, "relative width <= 1e-10: %ld/%ld", tight, total);

    /* Near-singular: singular values 1..7 and 10^-13: cond^2 n u >> 1, so
     * the binary64 test cannot certify; Arb at higher precision must. */
    {
        kr_qmat_t M;
        kr_smin_result_t r;
        fmpq *s;
        fmpq_t zr, zi, smin;
        fmpz_t p;
        n = 8;
        s = _fmpq_vec_init(n);
        fmpq_init(zr);
        fmpq_init(zi);
        fmpq_init(smin);
        fmpz_init(p);
        for (i = 0; i < n; i++)
            fmpq_set_si(s + i, (slong) i + 1, 1);
        fmpz_set_ui(p, 10);
        fmpz_pow_ui(p, p, 13);
        fmpq_one(s + 3);
        fmpq_div_fmpz(s + 3, s + 3, p);
        fmpq_set(smin, s + 3);
        fmpq_set_si(zr, 21, 20);
        fmpq_set_si(zi, -1, 5);
        kr_qmat_init(M, 0, 0);
        build(M, s, n, zr, zi, state);
        kr_smin_result_init(r);
        kr_smin(r, M, zr, zi, &opts, err);
        ok(kr_encl_contains_fmpq(r->sigma_min, smin) && arf_sgn(&r->sigma_min->lo) > 0,
           "near-singular (sigma_min = 1e-13): enclosed with a positive lower bound");
        ok(r->lower->pd.method == KR_PD_METHOD_ARB,
           "... certified by Arb (%ld bits), binary64 declined", (long) r->lower->pd.prec);
        ok(kr_encl_rel_width(r->sigma_min) <= opts.rel_tol, "... relative width %.3g <= 1e-10",
           kr_encl_rel_width(r->sigma_min));
        kr_smin_result_clear(r);
        /* binary64 alone must not claim anything positive that is wrong, and
         * cannot reach a positive lower bound here */
        {
            kr_opts f = opts;
            f.use_arb = 0;
            kr_smin_result_init(r);
            kr_smin(r, M, zr, zi, &f, err);
            ok(kr_encl_contains_fmpq(r->sigma_min, smin),
               "binary64 only: enclosure still contains sigma_min");
            ok(!kr_encl_has_upper(r->resolvent_norm),
               "binary64 only: no resolvent upper bound claimed");
            kr_smin_result_clear(r);
        }
        /* exactly singular: s_4 = 0 */
        fmpq_zero(s + 3);
        kr_qmat_clear(M);
        kr_qmat_init(M, 0, 0);
        build(M, s, n, zr, zi, state);
        {
            kr_opts f = opts;
            f.max_prec = 256; /* keep the failing escalation short */
            kr_smin_result_init(r);
            kr_smin(r, M, zr, zi, &f, err);
            ok(arf_is_zero(&r->sigma_min->lo) && arf_is_zero(&r->sigma_min->hi),
               "exactly singular zI - M: sigma_min = [0, 0]");
            ok(arf_is_pos_inf(&r->resolvent_norm->lo), "... resolvent norm = inf");
            kr_smin_result_clear(r);
        }
        kr_qmat_clear(M);
        fmpz_clear(p);
        fmpq_clear(zr);
        fmpq_clear(zi);
        fmpq_clear(smin);
        _fmpq_vec_clear(s, n);
    }

    /* Defective: M = [[g, 0], [c, g]], A = zI - M = [[w, 0], [-c, w]],
     * sigma_min^2 is the smaller root of x^2 - (2|w|^2 + c^2) x + |w|^4. */
    {
        kr_qmat_t M;
        kr_smin_result_t r;
        fmpq_t zr, zi, w2, T, D, a, p, q;
        arf_t sq;
        int in = 1, k;
        kr_qmat_init(M, 2, 0);
        fmpq_set_si(kr_qmat_re(M, 0, 0), 9, 10);
        fmpq_set_si(kr_qmat_re(M, 1, 1), 9, 10);
        fmpq_set_si(kr_qmat_re(M, 1, 0), 10, 1);
        fmpq_init(zr);
        fmpq_init(zi);
        fmpq_init(w2);
        fmpq_init(T);
        fmpq_init(D);
        fmpq_init(a);
        fmpq_init(p);
        fmpq_init(q);
        arf_init(sq);
        fmpq_set_si(zr, 21, 20);
        fmpq_set_si(zi, -1, 5);
        kr_smin_result_init(r);
        kr_smin(r, M, zr, zi, &opts, err);
        /* |w|^2 = 0.15^2 + 0.2^2 = 0.0625 */
        fmpq_set_si(w2, 625, 10000);
        fmpq_set_si(T, 100, 1);
        fmpq_add(T, T, w2);
        fmpq_add(T, T, w2);
        fmpq_mul(D, w2, w2);
        for (k = 0; k < 2; k++)
        {
            const arf_struct *x = k == 0 ? &r->sigma_min->lo : &r->sigma_min->hi;
            arf_mul(sq, x, x, ARF_PREC_EXACT, ARF_RND_DOWN);
            arf_get_fmpq(a, sq);
            fmpq_mul(p, a, a);
            fmpq_mul(q, T, a);
            fmpq_sub(p, p, q);
            fmpq_add(p, p, D);
            /* left of the smaller root p > 0; right of it (and below T/2) p < 0 */
            if (k == 0 && fmpq_sgn(p) < 0)
                in = 0;
            if (k == 1 && fmpq_sgn(p) > 0)
                in = 0;
        }
        ok(in && arf_sgn(&r->sigma_min->lo) > 0,
           "defective [[0.9, 0], [10, 0.9]] at z = 1.05-0.2i: sigma_min enclosed (quadratic root test)");
        ok(kr_encl_rel_width(r->sigma_min) <= opts.rel_tol, "... relative width %.3g",
           kr_encl_rel_width(r->sigma_min));
        kr_smin_result_clear(r);
        kr_qmat_clear(M);
        arf_clear(sq);
        fmpq_clear(zr);
        fmpq_clear(zi);
        fmpq_clear(w2);
        fmpq_clear(T);
        fmpq_clear(D);
        fmpq_clear(a);
        fmpq_clear(p);
        fmpq_clear(q);
    }

    flint_randclear(state);
    flint_cleanup();
    return 0;
}
