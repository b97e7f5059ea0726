/* The paper's theorems (kr_report, kr_bound_paper, kr_bound_sharp) and the
 * hypothesis decisions (kr_hyp_*), against exact values computed here. */
#include <stdlib.h>

#include "kreiss.h"
#include "tap.h"
#include "exact.h"

/* J = [[g, 0], [c, g]] */
static void
jordan2(kr_qmat_t J, const fmpq_t g, const fmpq_t c)
{
    kr_qmat_init(J, 2, 0);
    fmpq_set(kr_qmat_re(J, 0, 0), g);
    fmpq_set(kr_qmat_re(J, 1, 1), g);
    fmpq_set(kr_qmat_re(J, 1, 0), c);
}

/* e contains the exact rational q */
static int
has(const kr_encl_t e, const fmpq_t q)
{
    return kr_encl_contains_fmpq(e, q);
}

static void
test_closed_forms(flint_rand_t st)
{
    int i, okp = 1, oks = 1;
    kr_encl_t c, p, s;
    arf_t g;
    fmpq_t gq, cq, d, v, t;
    kr_encl_init(c);
    kr_encl_init(p);
    kr_encl_init(s);
    arf_init(g);
    fmpq_init(gq); fmpq_init(cq); fmpq_init(d); fmpq_init(v); fmpq_init(t);
    for (i = 0; i < 200; i++)
    {
        /* gamma = a / 2^10 in [0, 1), c = b / 64 */
        long a = ex_rand_range(0, 1023), b = ex_rand_range(0, 4000);
        fmpq_set_si(gq, a, 1024);
        fmpq_set_si(cq, b, 64);
        arf_set_si(g, a);
        arf_mul_2exp_si(g, g, -10);
        arf_set_si(&c->lo, b);
        arf_mul_2exp_si(&c->lo, &c->lo, -6);
        arf_set(&c->hi, &c->lo);
        kr_bound_paper(p, g, c, 128);
        kr_bound_sharp(s, g, c, 128);
        /* paper: (2 + c/4)/(1 - g) */
        fmpq_one(d);
        fmpq_sub(d, d, gq);
        fmpq_div_2exp(v, cq, 2);
        fmpq_add_si(v, v, 2);
        fmpq_div(v, v, d);
        okp &= has(p, v);
        /* sharp: 1 + (c - d)^2/(4 c d) if c > d else 1 */
        if (fmpq_cmp(cq, d) > 0)
        {
            fmpq_sub(t, cq, d);
            fmpq_mul(t, t, t);
            fmpq_div(t, t, cq);
            fmpq_div(t, t, d);
            fmpq_div_2exp(t, t, 2);
            fmpq_add_si(v, t, 1);
        }
        else
            fmpq_one(v);
        oks &= has(s, v);
        /* the sharper bound is never above the paper's */
        oks &= arf_cmp(&s->hi, &p->lo) <= 0;
    }
    ok(okp, "Theorem 4's value (2 + c/4)/(1 - gamma) is enclosed (200 exact cases)");
    ok(oks, "the sharper bound's closed form is enclosed and never above the paper's");
    /* the sharper bound is the maximum over r: sample r and check below */
    {
        int below = 1;
        arf_set_d(g, 0.9);
        arf_set_si(&c->lo, 10);
        arf_set_si(&c->hi, 10);
        kr_bound_sharp(s, g, c, 128);
        for (i = 1; i < 2000; i++)
        {
            double r = 1 + i * 0.001, f = (r - 1) / (r - 0.9) + (r - 1) * 10 / ((r - 0.9) * (r - 0.9));
            below &= f <= arf_get_d(&s->hi, ARF_RND_UP) * (1 + 1e-12);
        }
        ok(below, "sampled (r-1)/(r-g) + (r-1)c/(r-g)^2 stays below the sharper bound");
    }
    kr_encl_clear(c);
    kr_encl_clear(p);
    kr_encl_clear(s);
    arf_clear(g);
    fmpq_clear(gq); fmpq_clear(cq); fmpq_clear(d); fmpq_clear(v); fmpq_clear(t);
    (void) st;
}

static void
test_hyp(void)
{
    int i, good = 1;
    kr_dyadic x, y, z, w, gm;
    long ids[9] = {0, 1, 2, 1, 3, 4, 2, 4, 5};
    ok(kr_hyp_symmetric(ids, 3), "symmetric ids");
    ids[5] = 6;
    ok(!kr_hyp_symmetric(ids, 3), "one differing pair: not symmetric");
    for (i = 0; i < 2000; i++)
    {
        fmpq_t a, b;
        int want;
        x.m = ex_rand_range(0, (1L << 20) - 1); x.e = ex_rand_range(-80, 40);
        y.m = ex_rand_range(0, (1L << 20) - 1); y.e = ex_rand_range(-80, 40);
        z.m = ex_rand_range(0, (1L << 20) - 1); z.e = ex_rand_range(-80, 40);
        w.m = ex_rand_range(0, (1L << 20) - 1); w.e = ex_rand_range(-200, 100);
        if (i % 3 == 0)
        {
            /* near ties: w = x y z exactly, or one ulp either side */
            fmpz_t m;
            fmpz_init(m);
            w.m = 1;
            w.e = x.e + y.e + z.e;
            fmpz_set_si(m, x.m);
            fmpz_mul_si(m, m, y.m);
            fmpz_mul_si(m, m, z.m);
            while (fmpz_bits(m) > 20)
            {
                if (!fmpz_is_even(m))
                    break;
                fmpz_fdiv_q_2exp(m, m, 1);
                w.e++;
            }
            if (fmpz_bits(m) <= 20)
                w.m = fmpz_get_si(m) + (i % 2 ? 1 : 0) - (i % 9 == 0 && fmpz_get_si(m) > 0 ? 1 : 0);
            fmpz_clear(m);
        }
        fmpq_init(a);
        fmpq_init(b);
        fmpq_set_si(a, x.m * y.m, 1);
        fmpq_mul_si(a, a, z.m);
        if (x.e + y.e + z.e >= 0)
            fmpq_mul_2exp(a, a, (ulong) (x.e + y.e + z.e));
        else
            fmpq_div_2exp(a, a, (ulong) -(x.e + y.e + z.e));
        fmpq_set_si(b, w.m, 1);
        if (w.e >= 0)
            fmpq_mul_2exp(b, b, (ulong) w.e);
        else
            fmpq_div_2exp(b, b, (ulong) -w.e);
        want = fmpq_cmp(a, b) < 0;
        if (kr_hyp_prod3_lt(&x, &y, &z, &w) != want)
            good = 0;
        fmpq_clear(a);
        fmpq_clear(b);
    }
    ok(good, "kr_hyp_prod3_lt agrees with exact rationals (2000 cases, a third near ties)");
    x.m = 3; x.e = -2; /* 0.75 */
    y.m = 1; y.e = 0;  /* 1 */
    ok(!kr_hyp_gamma(&gm, &x, &y) && gm.m == 1 && gm.e == 0, "gamma = max(0.75, 1) = 1 is not < 1");
    y.m = 7; y.e = -3; /* 0.875 */
    ok(kr_hyp_gamma(&gm, &x, &y) && gm.m == 7 && gm.e == -3, "gamma = max(0.75, 0.875) < 1");
}

static void
test_family(void)
{
    /* J = [[g, 0], [c, g]], K = c/(4 d) + d/c, d = 1 - g, c >= 2 d */
    static const long cases[][4] = {{9, 10, 10, 1}, {1, 2, 3, 1}, {3, 4, 1, 1}, {99, 100, 7, 2}};
    int i;
    kr_opts o;
    kr_opts_init(&o);
    for (i = 0; i < 4; i++)
    {
        kr_qmat_t J;
        kr_report_t r;
        kr_error_t err;
        fmpq_t g, c, K, d, t;
        fmpq_init(g); fmpq_init(c); fmpq_init(K); fmpq_init(d); fmpq_init(t);
        fmpq_set_si(g, cases[i][0], cases[i][1]);
        fmpq_set_si(c, cases[i][2], cases[i][3]);
        jordan2(J, g, c);
        fmpq_one(d);
        fmpq_sub(d, d, g);
        fmpq_div(K, c, d);
        fmpq_div_2exp(K, K, 2);
        fmpq_div(t, d, c);
        fmpq_add(K, K, t);
        kr_report_init(r);
        kr_error_init(err);
        ok(kr_report(r, J, 1, NULL, NULL, 0, 1e-6, &o, err) == KR_OK, "report of [[%ld/%ld, 0], [%ld/%ld, ..]]",
           cases[i][0], cases[i][1], cases[i][2], cases[i][3]);
        ok(r->symmetric_A && r->symmetric_D && r->gamma_lt_1 == KR_HOLDS, "... hypotheses hold");
        ok(has(r->K->kreiss, K), "... K(J) encloses c/(4(1-g)) + (1-g)/c");
        ok(kr_encl_has_upper(r->bound_paper) && arf_cmp(&r->bound_paper->lo, &r->K->kreiss->hi) >= 0,
           "... Theorem 4's bound >= the certified upper bound of K");
        ok(arf_cmp(&r->bound_sharp->lo, &r->K->kreiss->hi) >= 0,
           "... the sharper bound >= the certified upper bound of K");
        ok(arf_cmp(&r->bound_sharp->hi, &r->bound_paper->lo) <= 0, "... and <= Theorem 4's");
        ok(!r->perturbed, "... no perturbation (zero upper-right block)");
        kr_report_clear(r);
        kr_qmat_clear(J);
        fmpq_clear(g); fmpq_clear(c); fmpq_clear(K); fmpq_clear(d); fmpq_clear(t);
    }
}

/* random block-triangular J with symmetric A, D of spectral radius < 1 */
static void
test_random_blocks(flint_rand_t st)
{
    int trial, good = 1, sharp_le = 1;
    kr_opts o;
    kr_opts_init(&o);
    for (trial = 0; trial < 6; trial++)
    {
        slong k = ex_rand_range(1, 3), m = ex_rand_range(1, 3), n = k + m, i, j;
        kr_qmat_t J;
        kr_report_t r;
        kr_error_t err;
        kr_qmat_init(J, n, 0);
        /* symmetric blocks with entries j/40 (|.| small: rho < 1 by Gershgorin
         * when the row sums stay below 1), coupling up to 5 */
        for (i = 0; i < n; i++)
            for (j = 0; j <= i; j++)
            {
                int same = (i < k && j < k) || (i >= k && j >= k);
                if (same)
                {
                    long v = i == j ? ex_rand_range(-25, 25) : ex_rand_range(-5, 5);
                    fmpq_set_si(kr_qmat_re(J, i, j), v, 40);
                    fmpq_set_si(kr_qmat_re(J, j, i), v, 40);
                }
                else if (i >= k && j < k)
                    fmpq_set_si(kr_qmat_re(J, i, j), ex_rand_range(-50, 50), 10);
            }
        kr_report_init(r);
        kr_error_init(err);
        if (kr_report(r, J, k, NULL, NULL, 0, 1e-5, &o, err) != KR_OK || r->gamma_lt_1 != KR_HOLDS
            || !kr_encl_has_upper(r->K->kreiss)
            || arf_cmp(&r->bound_paper->lo, &r->K->kreiss->hi) < 0
            || arf_cmp(&r->bound_sharp->lo, &r->K->kreiss->hi) < 0)
            good = 0;
        if (arf_cmp(&r->bound_sharp->hi, &r->bound_paper->lo) > 0)
            sharp_le = 0;
        kr_report_clear(r);
        kr_qmat_clear(J);
    }
    ok(good, "random block-triangular J (6): both bounds >= the certified upper bound of K");
    ok(sharp_le, "... and the sharper bound is never above the paper's");
    (void) st;
}

static void
test_counterexample(void)
{
    kr_qmat_t J, B;
    kr_report_t r;
    kr_error_t err;
    kr_opts o;
    fmpq_t g, c, eps, q;
    kr_opts_init(&o);
    fmpq_init(g); fmpq_init(c); fmpq_init(eps); fmpq_init(q);
    fmpq_set_si(g, 9, 10);
    fmpq_set_si(c, 10, 1);
    fmpq_set_si(eps, 1, 500);
    jordan2(J, g, c);
    kr_qmat_init(B, 2, 0);
    fmpq_one(kr_qmat_re(B, 0, 1));
    kr_report_init(r);
    kr_error_init(err);
    ok(kr_report(r, J, 1, B, eps, 1, 1e-4, &o, err) == KR_OK, "counterexample J0 + 0.002 B0: report");
    ok(r->paper_condition == KR_HOLDS, "... the paper's condition holds");
    ok(r->neumann == KR_FAILS, "... the correct Neumann condition fails");
    ok(r->rho_eps == KR_RHO_GT1, "... rho(J_eps) > 1 is certified");
    ok(arf_is_pos_inf(&r->kreiss_perturbed->lo) && arf_is_pos_inf(&r->kreiss_perturbed->hi),
       "... K(J_eps) = [inf, inf]: no finite bound");
    /* critical coupling: eps* = (1 - g)^2 / c = 1/1000 */
    fmpq_set_si(q, 1, 1000);
    ok(r->critical && fmpq_cmp(&r->crit_lo, q) <= 0 && fmpq_cmp(q, &r->crit_hi) <= 0,
       "... the critical eps bracket contains (1 - g)^2 / c = 0.001");
    kr_report_clear(r);
    /* a small eps: the Neumann condition holds and bounds K(J_eps) */
    fmpq_set_si(eps, 1, 2000);
    kr_report_init(r);
    ok(kr_report(r, J, 1, B, eps, 0, 1e-4, &o, err) == KR_OK && r->neumann == KR_HOLDS,
       "eps = 0.0005: the Neumann condition holds (0.0005 * 1000.1 < 1)");
    ok(r->rho_eps == KR_RHO_LT1 && kr_encl_has_upper(r->kreiss_perturbed)
           && arf_cmp(&r->kreiss_perturbed->lo, &r->kreiss_perturbed->hi) <= 0,
       "... rho(J_eps) < 1 and a finite enclosure of K(J_eps)");
    {
        /* the Neumann bound K0 / (1 - eps ||B0|| M0) with the exact-ish
         * values: K0 = 25.01, M0 ~ 1000.1: at most 25.011745 / (1 - 0.50008) */
        arf_t u;
        arf_init(u);
        arf_set_d(u, 25.0118 / (1 - 0.0005 * 1000.15) * (1 + 1e-9));
        ok(arf_cmp(&r->kreiss_perturbed->hi, u) <= 0, "... its upper end is at most the Neumann bound");
        arf_clear(u);
    }
    kr_report_clear(r);
    kr_qmat_clear(J);
    kr_qmat_clear(B);
    fmpq_clear(g); fmpq_clear(c); fmpq_clear(eps); fmpq_clear(q);
}

static void
test_verdicts(void)
{
    kr_qmat_t J;
    kr_report_t r;
    kr_error_t err;
    kr_opts o;
    kr_opts_init(&o);
    kr_error_init(err);
    /* non-symmetric A (2x2 leading block) */
    kr_qmat_init(J, 3, 0);
    fmpq_set_si(kr_qmat_re(J, 0, 0), 1, 2);
    fmpq_set_si(kr_qmat_re(J, 0, 1), 1, 4);
    fmpq_set_si(kr_qmat_re(J, 1, 1), 1, 2);
    fmpq_set_si(kr_qmat_re(J, 2, 0), 3, 1);
    fmpq_set_si(kr_qmat_re(J, 2, 2), 1, 2);
    kr_report_init(r);
    ok(kr_report(r, J, 2, NULL, NULL, 0, 1e-4, &o, err) == KR_OK && !r->symmetric_A
           && !kr_encl_has_upper(r->bound_paper) && !kr_encl_has_upper(r->bound_sharp),
       "non-symmetric A: no paper or sharper bound is printed");
    ok(kr_encl_has_upper(r->K->kreiss), "... K(J) itself is still certified");
    kr_report_clear(r);
    kr_qmat_clear(J);
    /* gamma >= 1 */
    kr_qmat_init(J, 2, 0);
    fmpq_set_si(kr_qmat_re(J, 0, 0), 6, 5);
    fmpq_set_si(kr_qmat_re(J, 1, 0), 1, 1);
    fmpq_set_si(kr_qmat_re(J, 1, 1), 1, 2);
    kr_report_init(r);
    ok(kr_report(r, J, 1, NULL, NULL, 0, 1e-4, &o, err) == KR_OK && r->gamma_lt_1 == KR_FAILS
           && !kr_encl_has_upper(r->bound_paper),
       "rho(A) = 1.2: gamma < 1 fails, no bound");
    ok(arf_is_pos_inf(&r->K->kreiss->lo), "... and K(J) = inf");
    kr_report_clear(r);
    kr_qmat_clear(J);
    /* a non-zero upper-right block: J = J0 + B with eps = 1 */
    kr_qmat_init(J, 2, 0);
    fmpq_set_si(kr_qmat_re(J, 0, 0), 1, 2);
    fmpq_set_si(kr_qmat_re(J, 0, 1), 1, 100);
    fmpq_set_si(kr_qmat_re(J, 1, 0), 1, 1);
    fmpq_set_si(kr_qmat_re(J, 1, 1), 1, 2);
    kr_report_init(r);
    ok(kr_report(r, J, 1, NULL, NULL, 0, 1e-4, &o, err) == KR_OK && r->perturbed && !r->blocks->b_zero
           && fmpq_is_one(&r->eps),
       "non-zero upper-right block: treated as the perturbation B with eps = 1");
    ok(r->neumann != KR_UNDECIDED && r->rho_eps == KR_RHO_LT1, "... the Neumann condition is decided (%s)",
       r->neumann == KR_HOLDS ? "holds" : "fails");
    kr_report_clear(r);
    kr_qmat_clear(J);
}

int
main(void)
{
    flint_rand_t st;
    unsigned long seed = tap_seed(2606);
    flint_randinit(st);
    flint_randseed(st, seed, seed + 7);
    ex_rand_seed(seed);
    plan_lazy();
    test_closed_forms(st);
    test_hyp();
    test_family();
    test_random_blocks(st);
    test_counterexample();
    test_verdicts();
    flint_randclear(st);
    flint_cleanup();
    return 0;
}
