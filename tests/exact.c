/* Exact reference matrices for the tests. */
#include <stdio.h>
#include <stdlib.h>

#include "exact.h"

/* (2+i)^(2k) = a + b i with a^2 + b^2 = 25^k. */
static void
triple(fmpz_t a, fmpz_t b, fmpz_t c, slong k)
{
    slong j;
    fmpz_t x, y, t;
    fmpz_init(x);
    fmpz_init(y);
    fmpz_init(t);
    fmpz_one(x);
    fmpz_zero(y);
    for (j = 0; j < 2 * k; j++)
    {
        /* (x + i y)(2 + i) = (2x - y) + i (x + 2y) */
        fmpz_mul_ui(t, x, 2);
        fmpz_sub(t, t, y);
        fmpz_mul_ui(y, y, 2);
        fmpz_add(y, y, x);
        fmpz_swap(x, t);
    }
    fmpz_set(a, x);
    fmpz_set(b, y);
    /* |a + bi| = |2 + i|^(2k) = 5^k */
    fmpz_set_ui(c, 5);
    fmpz_pow_ui(c, c, (ulong) k);
    fmpz_clear(x);
    fmpz_clear(y);
    fmpz_clear(t);
}

static void
apply_givens(fmpq_mat_t Q, slong p, slong q, const fmpq_t cs, const fmpq_t sn)
{
    slong n = fmpq_mat_nrows(Q), i;
    fmpq_t x, y, t;
    fmpq_init(x);
    fmpq_init(y);
    fmpq_init(t);
    for (i = 0; i < n; i++)
    {
        /* rows p, q: [x; y] -> [c x - s y; s x + c y] */
        fmpq_mul(x, cs, fmpq_mat_entry(Q, p, i));
        fmpq_mul(t, sn, fmpq_mat_entry(Q, q, i));
        fmpq_sub(x, x, t);
        fmpq_mul(y, sn, fmpq_mat_entry(Q, p, i));
        fmpq_mul(t, cs, fmpq_mat_entry(Q, q, i));
        fmpq_add(y, y, t);
        fmpq_set(fmpq_mat_entry(Q, p, i), x);
        fmpq_set(fmpq_mat_entry(Q, q, i), y);
    }
    fmpq_clear(x);
    fmpq_clear(y);
    fmpq_clear(t);
}

void
ex_random_orthogonal(fmpq_mat_t Q, flint_rand_t state, int decimal_only)
{
    slong n = fmpq_mat_nrows(Q), r, rounds, i, j;
    fmpz_t a, b, c;
    fmpq_t cs, sn;
    fmpz_init(a);
    fmpz_init(b);
    fmpz_init(c);
    fmpq_init(cs);
    fmpq_init(sn);
    fmpq_mat_one(Q);
    if (n < 2)
    {
        if (n == 1 && n_randint(state, 2))
            fmpq_set_si(fmpq_mat_entry(Q, 0, 0), -1, 1);
        goto done;
    }
    rounds = 2 * n;
    for (r = 0; r < rounds; r++)
    {
        slong p = (slong) n_randint(state, (ulong) n);
        slong q = (slong) n_randint(state, (ulong) n - 1);
        if (q >= p)
            q++;
        triple(a, b, c, 1 + (slong) n_randint(state, 2));
        fmpq_set_fmpz_frac(cs, a, c);
        fmpq_set_fmpz_frac(sn, b, c);
        if (n_randint(state, 2))
            fmpq_neg(sn, sn);
        apply_givens(Q, p, q, cs, sn);
    }
    if (!decimal_only)
    {
        /* one Householder reflection with a random integer vector */
        fmpz *v = _fmpz_vec_init(n);
        fmpz_t vv;
        fmpq_mat_t H, T;
        fmpz_init(vv);
        fmpq_mat_init(H, n, n);
        fmpq_mat_init(T, n, n);
        for (i = 0; i < n; i++)
            fmpz_set_si(v + i, (slong) n_randint(state, 7) - 3);
        fmpz_set_si(v + 0, 1 + (slong) n_randint(state, 3));
        _fmpz_vec_dot(vv, v, v, n);
        for (i = 0; i < n; i++)
            for (j = 0; j < n; j++)
            {
                fmpz_t num;
                fmpz_init(num);
                fmpz_mul(num, v + i, v + j);
                fmpz_mul_si(num, num, -2);
                fmpq_set_fmpz_frac(fmpq_mat_entry(H, i, j), num, vv);
                if (i == j)
                    fmpq_add_si(fmpq_mat_entry(H, i, j), fmpq_mat_entry(H, i, j), 1);
                fmpz_clear(num);
            }
        fmpq_mat_mul(T, H, Q);
        fmpq_mat_swap(T, Q);
        fmpq_mat_clear(H);
        fmpq_mat_clear(T);
        fmpz_clear(vv);
        _fmpz_vec_clear(v, n);
    }
done:
    fmpz_clear(a);
    fmpz_clear(b);
    fmpz_clear(c);
    fmpq_clear(cs);
    fmpq_clear(sn);
}

void
ex_svd_product(fmpq_mat_t A, const fmpq_mat_t Q1, const fmpq *d, const fmpq_mat_t Q2)
{
    slong n = fmpq_mat_nrows(Q1), i, j;
    fmpq_mat_t D, T;
    fmpq_mat_init(D, n, n);
    fmpq_mat_init(T, n, n);
    for (i = 0; i < n; i++)
        for (j = 0; j < n; j++)
            fmpq_mul(fmpq_mat_entry(D, i, j), d + i, fmpq_mat_entry(Q2, j, i));
    fmpq_mat_mul(T, Q1, D);
    fmpq_mat_set(A, T);
    fmpq_mat_clear(D);
    fmpq_mat_clear(T);
}

void
ex_qmat_set_fmpq_mat(kr_qmat_t M, const fmpq_mat_t A)
{
    slong n = fmpq_mat_nrows(A), i, j;
    kr_qmat_clear(M);
    kr_qmat_init(M, n, 0);
    for (i = 0; i < n; i++)
        for (j = 0; j < n; j++)
            fmpq_set(kr_qmat_re(M, i, j), fmpq_mat_entry(A, i, j));
}

void
ex_random_decimal(fmpq_t x, flint_rand_t state, slong bits)
{
    fmpz_t num, den, t;
    fmpz_init(num);
    fmpz_init(den);
    fmpz_init(t);
    fmpz_randtest(num, state, bits);
    fmpz_one(den);
    fmpz_mul_2exp(den, den, n_randint(state, 8));
    fmpz_set_ui(t, 5);
    fmpz_pow_ui(t, t, n_randint(state, 6));
    fmpz_mul(den, den, t);
    fmpq_set_fmpz_frac(x, num, den);
    fmpz_clear(num);
    fmpz_clear(den);
    fmpz_clear(t);
}

void
ex_min_abs(fmpq_t m, const fmpq *d, slong len)
{
    slong i;
    fmpq_t a;
    fmpq_init(a);
    fmpq_abs(m, d + 0);
    for (i = 1; i < len; i++)
    {
        fmpq_abs(a, d + i);
        if (fmpq_cmp(a, m) < 0)
            fmpq_set(m, a);
    }
    fmpq_clear(a);
}

void
ex_max_abs(fmpq_t m, const fmpq *d, slong len)
{
    slong i;
    fmpq_t a;
    fmpq_init(a);
    fmpq_abs(m, d + 0);
    for (i = 1; i < len; i++)
    {
        fmpq_abs(a, d + i);
        if (fmpq_cmp(a, m) > 0)
            fmpq_set(m, a);
    }
    fmpq_clear(a);
}

static int
arf_sq_cmp_fmpq(const arf_t x, const fmpq_t q)
{
    /* sign of x^2 - q, exactly */
    arf_t s, a;
    int c;
    arf_init(s);
    arf_init(a);
    arf_mul(s, x, x, ARF_PREC_EXACT, ARF_RND_DOWN);
    arf_mul_fmpz(s, s, fmpq_denref(q), ARF_PREC_EXACT, ARF_RND_DOWN);
    arf_set_fmpz(a, fmpq_numref(q));
    c = arf_cmp(s, a);
    arf_clear(s);
    arf_clear(a);
    return c;
}

int
ex_encl_contains_sqrt(const kr_encl_t e, const fmpq_t q)
{
    int ok = 1;
    if (arf_is_finite(&e->lo) && arf_sgn(&e->lo) > 0)
        ok = arf_sq_cmp_fmpq(&e->lo, q) <= 0;
    else if (!arf_is_finite(&e->lo) && !arf_is_neg_inf(&e->lo))
        ok = 0;
    if (ok && arf_is_finite(&e->hi))
        ok = arf_sgn(&e->hi) >= 0 && arf_sq_cmp_fmpq(&e->hi, q) >= 0;
    else if (ok && !arf_is_pos_inf(&e->hi))
        ok = 0;
    return ok;
}

void
ex_fmpq_set_double(fmpq_t x, double d)
{
    arf_t a;
    arf_init(a);
    arf_set_d(a, d);
    arf_get_fmpq(x, a);
    arf_clear(a);
}

static uint64_t ex_rng_state;

void
ex_rand_seed(uint64_t seed)
{
    ex_rng_state = seed;
}

uint64_t
ex_rand64(void)
{
    uint64_t z = (ex_rng_state += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

long
ex_rand_range(long lo, long hi)
{
    return lo + (long) (ex_rand64() % (uint64_t) (hi - lo + 1));
}

const char *
ex_data_path(const char *srcdir, const char *dir, const char *name)
{
    static char buf[4096];
    snprintf(buf, sizeof buf, "%s/tests/data/%s/%s", srcdir, dir, name);
    return buf;
}

void
ex_grcar(kr_qmat_t M, slong n)
{
    slong i, j;
    kr_qmat_clear(M);
    kr_qmat_init(M, n, 0);
    for (i = 0; i < n; i++)
        for (j = 0; j < n; j++)
        {
            if (i == j + 1)
                fmpq_set_si(kr_qmat_re(M, i, j), -1, 1);
            else if (j >= i && j <= i + 3)
                fmpq_set_si(kr_qmat_re(M, i, j), 1, 1);
        }
}
