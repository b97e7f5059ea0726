/* kr_norm: the enclosure contains the exact ||M||_2 of matrices built with
 * known singular values (exactly orthogonal factors), meets the width
 * target, and handles 1x1, zero, complex and aliasing cases. */
#include <stdlib.h>

#include "tap.h"
#include "exact.h"

/* M = Q1 diag(s_k (c_k + i d_k)) Q2^T with (c_k, d_k) on the unit circle:
 * singular values |s_k|. */
static void
build(kr_qmat_t M, const fmpq *s, slong n, int cplx, flint_rand_t state, int decimal_only)
{
    fmpq_mat_t Q1, Q2, A;
    fmpq *d = _fmpq_vec_init(n);
    slong k, i, j;
    fmpq_mat_init(Q1, n, n);
    fmpq_mat_init(Q2, n, n);
    fmpq_mat_init(A, n, n);
    ex_random_orthogonal(Q1, state, decimal_only);
    ex_random_orthogonal(Q2, state, decimal_only);
    kr_qmat_clear(M);
    kr_qmat_init(M, n, cplx);
    for (k = 0; k < (cplx ? 2 : 1); k++)
    {
        for (i = 0; i < n; i++)
        {
            /* unit complex numbers 1, (3+4i)/5, (-7+24i)/25, i */
            static const slong c[4][3] = {{1, 0, 1}, {3, 4, 5}, {-7, 24, 25}, {0, 1, 1}};
            slong r = cplx ? (slong) ((i * 7 + 3) % 4) : 0;
            fmpq_set_si(d + i, k == 0 ? c[r][0] : c[r][1], (ulong) c[r][2]);
            fmpq_mul(d + i, d + i, s + i);
        }
        ex_svd_product(A, Q1, d, Q2);
        for (i = 0; i < n; i++)
            for (j = 0; j < n; j++)
                fmpq_set(k == 0 ? kr_qmat_re(M, i, j) : kr_qmat_im(M, i, j),
                         fmpq_mat_entry(A, i, j));
    }
    fmpq_mat_clear(Q1);
    fmpq_mat_clear(Q2);
    fmpq_mat_clear(A);
    _fmpq_vec_clear(d, n);
}

int
main(void)
{
    flint_rand_t state;
    unsigned long seed = tap_seed(4242);
    slong iter, n, i;
    long contained = 0, total = 0, tight = 0, tight_total = 0;
    long arb_contained = 0, arb_total = 0, vs_contained = 0;
    kr_opts opts, arbonly, vsdp;
    kr_error_t err;

    plan_lazy();
    flint_randinit(state);
    flint_randseed(state, seed, seed * 2654435761UL + 1);
    kr_opts_init(&opts);
    arbonly = opts;
    arbonly.use_f64 = 0;
    vsdp = opts;
    vsdp.kernel = KR_PD_KERNEL_VALIDSDP;
    kr_error_init(err);

    for (iter = 0; iter < 60; iter++)
    {
        kr_qmat_t M;
        kr_norm_result_t r;
        fmpq *s;
        fmpq_t smax;
        int cplx = (int) n_randint(state, 3) == 0;
        n = 1 + (slong) n_randint(state, iter < 50 ? 10 : 30);
        s = _fmpq_vec_init(n);
        fmpq_init(smax);
        for (i = 0; i < n; i++)
            ex_random_decimal(s + i, state, 20);
        if (fmpq_is_zero(s + 0))
            fmpq_one(s + 0);
        ex_max_abs(smax, s, n);
        kr_qmat_init(M, 0, 0);
        build(M, s, n, cplx, state, (int) n_randint(state, 2));
        kr_norm_result_init(r);
        /* random starting precisions of the Arb side: 64 .. 512 bits */
        opts.prec = vsdp.prec = arbonly.prec = 64 << n_randint(state, 4);
        kr_norm(r, M, iter % 3 == 0 ? &vsdp : &opts, err);
        total++;
        if (kr_encl_contains_fmpq(r->norm, smax) && kr_encl_has_upper(r->norm))
            contained++;
        else
            diag("iter %ld n %ld cplx %d: ||M|| not enclosed or no upper bound", iter, n, cplx);
        if (iter % 3 == 0 && kr_encl_contains_fmpq(r->norm, smax))
            vs_contained++;
        /* width target on these well-conditioned inputs, n <= 30 */
        tight_total++;
        if (kr_encl_rel_width(r->norm) <= opts.rel_tol)
            tight++;
        else
            diag("iter %ld n %ld: relative width %.3g", iter, n, kr_encl_rel_width(r->norm));
        kr_norm_result_clear(r);

        if (iter % 4 == 0)
        {
            /* the Arb path alone must also enclose the exact value */
            kr_norm_result_init(r);
            kr_norm(r, M, &arbonly, err);
            arb_total++;
            if (kr_encl_contains_fmpq(r->norm, smax) && kr_encl_has_upper(r->norm)
                && r->upper->pd.method == KR_PD_METHOD_ARB)
                arb_contained++;
            kr_norm_result_clear(r);
        }
        kr_qmat_clear(M);
        fmpq_clear(smax);
        _fmpq_vec_clear(s, n);
    }
    ok(contained == total, "exact norm enclosed with a finite upper bound in %ld/%ld random cases", contained, total);
    ok(tight == tight_total, "relative width <= 1e-10 in %ld/%ld cases", tight, tight_total);
    ok(arb_contained == arb_total, "Arb-only path encloses the norm in %ld/%ld cases", arb_contained, arb_total);
    ok(vs_contained > 0, "ValidSDP reference kernel used and enclosing (%ld cases)", vs_contained);

    /* 1x1: ||[x]|| = |x| */
    {
        kr_qmat_t M;
        kr_norm_result_t r;
        fmpq_t x;
        fmpq_init(x);
        fmpq_set_si(x, -7, 10);
        kr_qmat_init(M, 1, 0);
        fmpq_set(kr_qmat_re(M, 0, 0), x);
        kr_norm_result_init(r);
        kr_norm(r, M, &opts, err);
        fmpq_neg(x, x);
        ok(kr_encl_contains_fmpq(r->norm, x) && kr_encl_rel_width(r->norm) <= 1e-10,
           "1x1 [-0.7]: ||M|| = 0.7 enclosed tightly");
        kr_norm_result_clear(r);
        kr_qmat_clear(M);
        fmpq_clear(x);
    }
    /* zero matrix: exactly 0 */
    {
        kr_qmat_t M;
        kr_norm_result_t r;
        fmpq_t z;
        fmpq_init(z);
        kr_qmat_init(M, 4, 0);
        kr_norm_result_init(r);
        kr_norm(r, M, &opts, err);
        ok(kr_encl_contains_fmpq(r->norm, z) && arf_is_zero(&r->norm->hi) && r->exact,
           "zero 4x4: ||M|| = [0, 0]");
        kr_norm_result_clear(r);
        kr_qmat_clear(M);
        fmpq_clear(z);
    }
    /* defective: Jordan block [[0.9, 0], [10, 0.9]]:
     * ||J||^2 is the larger root of x^2 - 101.62 x + 0.6561 = 0 */
    {
        kr_qmat_t M;
        kr_norm_result_t r;
        fmpq_t a, b, p;
        arf_t lo2, hi2;
        int in;
        kr_qmat_init(M, 2, 0);
        fmpq_set_si(kr_qmat_re(M, 0, 0), 9, 10);
        fmpq_set_si(kr_qmat_re(M, 1, 1), 9, 10);
        fmpq_set_si(kr_qmat_re(M, 1, 0), 10, 1);
        kr_norm_result_init(r);
        kr_norm(r, M, &opts, err);
        /* p(x) = x^2 - T x + D with T = 0.81 + 100 + 0.81, D = 0.81^2;
         * lo^2 <= root <= hi^2 iff p(lo^2) <= 0 <= p(hi^2) (both above T/2). */
        fmpq_init(a);
        fmpq_init(b);
        fmpq_init(p);
        arf_init(lo2);
        arf_init(hi2);
        arf_mul(lo2, &r->norm->lo, &r->norm->lo, ARF_PREC_EXACT, ARF_RND_DOWN);
        arf_mul(hi2, &r->norm->hi, &r->norm->hi, ARF_PREC_EXACT, ARF_RND_DOWN);
        in = 1;
        {
            arf_struct *xs[2] = {lo2, hi2};
            int k;
            for (k = 0; k < 2; k++)
            {
                arf_get_fmpq(a, xs[k]);
                /* p(a) = a^2 - 101.62 a + 0.6561 */
                fmpq_mul(p, a, a);
                fmpq_set_si(b, 10162, 100);
                fmpq_mul(b, b, a);
                fmpq_sub(p, p, b);
                fmpq_set_si(b, 6561, 10000);
                fmpq_add(p, p, b);
                if (k == 0 && fmpq_sgn(p) > 0)
                    in = 0;
                if (k == 1 && fmpq_sgn(p) < 0)
                    in = 0;
            }
        }
        ok(in, "Jordan-type [[0.9, 0], [10, 0.9]]: ||J|| enclosed (quadratic root test)");
        arf_clear(lo2);
        arf_clear(hi2);
        fmpq_clear(a);
        fmpq_clear(b);
        fmpq_clear(p);
        kr_norm_result_clear(r);
        kr_qmat_clear(M);
    }
    /* kr_qmat_set and kr_qmat_shift with aliasing */
    {
        kr_qmat_t M, C;
        fmpq_t zr, zi;
        fmpq_init(zr);
        fmpq_init(zi);
        kr_qmat_init(M, 3, 0);
        kr_qmat_init(C, 0, 0);
        for (i = 0; i < 9; i++)
            fmpq_set_si(M->re + i, (slong) i - 4, 3);
        kr_qmat_set(C, M);
        kr_qmat_set(M, M);
        ok(kr_qmat_equal(C, M), "kr_qmat_set(M, M) leaves M unchanged");
        fmpq_set_si(zr, 1, 2);
        fmpq_set_si(zi, -1, 5);
        kr_qmat_shift(M, zr, zi, M); /* M := zI - M in place */
        kr_qmat_shift(M, zr, zi, M); /* and back: z I - (z I - M) = M */
        kr_qmat_drop_zero_imag(M);
        ok(kr_qmat_equal(C, M), "kr_qmat_shift aliased twice gives M back");
        kr_qmat_clear(M);
        kr_qmat_clear(C);
        fmpq_clear(zr);
        fmpq_clear(zi);
    }

    flint_randclear(state);
    flint_cleanup();
    return 0;
}
