/* The paper's theorems as certified numbers (include/kreiss/theory.h,
 * MATH.md section 5). */
#include <string.h>

#include <arb.h>

#include "kreiss/theory.h"
#include "kreiss/bounds.h"

/* ---------------------------------------------------------------- bounds */

/* out := [lower(f(lo)), upper(f(hi))] for a non-decreasing f given as ball
 * evaluations fl, fh. */
static void
encl_from_balls(kr_encl_t out, const arb_t fl, const arb_t fh, slong prec)
{
    arb_get_lbound_arf(&out->lo, fl, prec);
    arb_get_ubound_arf(&out->hi, fh, prec);
}

/* (2 + c/4) / (1 - gamma) */
static void
paper_at(arb_t f, const arf_t gamma, const arf_t c, slong prec)
{
    arb_t d;
    arb_init(d);
    arb_set_arf(d, gamma);
    arb_neg(d, d);
    arb_add_ui(d, d, 1, prec);
    arb_set_arf(f, c);
    arb_mul_2exp_si(f, f, -2);
    arb_add_ui(f, f, 2, prec);
    arb_div(f, f, d, prec);
    arb_clear(d);
}

void
kr_bound_paper(kr_encl_t out, const arf_t gamma, const kr_encl_t c, slong prec)
{
    arb_t fl, fh;
    arb_init(fl);
    arb_init(fh);
    paper_at(fl, gamma, &c->lo, prec);
    paper_at(fh, gamma, &c->hi, prec);
    encl_from_balls(out, fl, fh, prec);
    arb_clear(fl);
    arb_clear(fh);
}

/* 1 + (c - d)^2 / (4 c d) for c > d = 1 - gamma, else 1 (c >= 0). */
static void
sharp_at(arb_t f, const arf_t gamma, const arf_t c, slong prec)
{
    arb_t d, cc, t;
    arb_init(d);
    arb_init(cc);
    arb_init(t);
    arb_set_arf(d, gamma);
    arb_neg(d, d);
    arb_add_ui(d, d, 1, prec);
    arb_set_arf(cc, c);
    if (arf_cmp(c, arb_midref(d)) <= 0 && arb_is_exact(d))
        arb_one(f);
    else
    {
        arb_sub(t, cc, d, prec);
        arb_sqr(t, t, prec);
        arb_div(t, t, cc, prec);
        arb_div(t, t, d, prec);
        arb_mul_2exp_si(t, t, -2);
        arb_add_ui(f, t, 1, prec);
    }
    arb_clear(d);
    arb_clear(cc);
    arb_clear(t);
}

void
kr_bound_sharp(kr_encl_t out, const arf_t gamma, const kr_encl_t c, slong prec)
{
    arb_t fl, fh;
    arb_init(fl);
    arb_init(fh);
    sharp_at(fl, gamma, &c->lo, prec);
    sharp_at(fh, gamma, &c->hi, prec);
    encl_from_balls(out, fl, fh, prec);
    if (arf_cmp_si(&out->lo, 1) < 0)
        arf_one(&out->lo); /* the bound is at least 1 */
    arb_clear(fl);
    arb_clear(fh);
}

/* ---------------------------------------------------------------- blocks */

void
kr_blocks_init(kr_blocks_t b)
{
    b->k = b->m = 0;
    kr_qmat_init(b->A, 0, 0);
    kr_qmat_init(b->C, 0, 0);
    kr_qmat_init(b->D, 0, 0);
    kr_qmat_init(b->B, 0, 0);
    b->b_zero = 1;
}

void
kr_blocks_clear(kr_blocks_t b)
{
    kr_qmat_clear(b->A);
    kr_qmat_clear(b->C);
    kr_qmat_clear(b->D);
    kr_qmat_clear(b->B);
}

/* dest (rows × cols, stored in an n×n-style qmat only when square) */
static int
sub_block(kr_qmat_t dest, const kr_qmat_t J, slong r0, slong c0, slong rows, slong cols)
{
    /* kr_qmat is square: rectangular blocks are stored in a max(rows, cols)
     * square with zero padding (only the norm of C uses one, and padding
     * with zeros does not change a norm). */
    slong s = rows > cols ? rows : cols, i, j;
    int cx = J->im != NULL;
    if (!kr_qmat_init(dest, s, cx))
        return 0;
    for (i = 0; i < rows; i++)
        for (j = 0; j < cols; j++)
        {
            fmpq_set(kr_qmat_re(dest, i, j), kr_qmat_re(J, r0 + i, c0 + j));
            if (cx)
                fmpq_set(kr_qmat_im(dest, i, j), kr_qmat_im(J, r0 + i, c0 + j));
        }
    dest->entries = J->entries;
    return 1;
}

kr_status
kr_blocks_split(kr_blocks_t b, const kr_qmat_t J, slong k, kr_error_t err)
{
    slong n = J->n, i, j;
    if (k < 1 || k >= n)
        return kr_error_set(err, KR_ERR_DOMAIN, NULL, 0,
                            "the split k must satisfy 1 <= k < n = %ld, got %ld", (long) n, (long) k);
    kr_blocks_clear(b);
    b->k = k;
    b->m = n - k;
    if (!sub_block(b->A, J, 0, 0, k, k) || !sub_block(b->C, J, k, 0, n - k, k)
        || !sub_block(b->D, J, k, k, n - k, n - k) || !sub_block(b->B, J, 0, k, k, n - k))
        return kr_error_set(err, KR_ERR_NOMEM, NULL, 0, "out of memory");
    b->b_zero = 1;
    for (i = 0; i < k; i++)
        for (j = k; j < n; j++)
            if (!fmpq_is_zero(kr_qmat_re(J, i, j)) || (J->im != NULL && !fmpq_is_zero(kr_qmat_im(J, i, j))))
                b->b_zero = 0;
    return KR_OK;
}

kr_status
kr_blocks_join(kr_qmat_t J, const kr_qmat_t A, const kr_qmat_t C, const kr_qmat_t D,
               const kr_qmat_t B, kr_error_t err)
{
    /* A k×k, D m×m; C m×k and B k×m stored padded (sub_block) */
    slong k = A->n, m = D->n, n = k + m, i, j;
    int cx = A->im != NULL || C->im != NULL || D->im != NULL || (B != NULL && B->im != NULL);
    kr_qmat_t T;
    if (C->n != (k > m ? k : m) || (B != NULL && B->n != C->n))
        return kr_error_set(err, KR_ERR_DOMAIN, NULL, 0, "block sizes do not fit");
    if (!kr_qmat_init(T, n, cx))
        return kr_error_set(err, KR_ERR_NOMEM, NULL, 0, "out of memory");
#define COPY(S, r0, c0, rows, cols)                                                    \
    for (i = 0; i < (rows); i++)                                                       \
        for (j = 0; j < (cols); j++)                                                   \
        {                                                                              \
            fmpq_set(kr_qmat_re(T, (r0) + i, (c0) + j), kr_qmat_re(S, i, j));          \
            if ((S)->im != NULL)                                                       \
                fmpq_set(kr_qmat_im(T, (r0) + i, (c0) + j), kr_qmat_im(S, i, j));      \
        }
    COPY(A, 0, 0, k, k);
    COPY(C, k, 0, m, k);
    COPY(D, k, k, m, m);
    if (B != NULL)
        COPY(B, 0, k, k, m);
#undef COPY
    T->entries = A->entries;
    kr_qmat_swap(J, T);
    kr_qmat_clear(T);
    return KR_OK;
}

/* ---------------------------------------------------------------- report */

void
kr_report_init(kr_report_t r)
{
    memset(r, 0, sizeof *r);
    kr_blocks_init(r->blocks);
    kr_qmat_init(r->J, 0, 0);
    kr_radius_result_init(r->rho_A);
    kr_radius_result_init(r->rho_D);
    arf_init(&r->gamma);
    arf_pos_inf(&r->gamma);
    r->gamma_lt_1 = KR_UNDECIDED;
    kr_norm_result_init(r->norm_C);
    kr_kreiss_result_init(r->K);
    kr_encl_init(r->bound_paper);
    kr_encl_init(r->bound_sharp);
    kr_qmat_init(r->B0, 0, 0);
    fmpq_init(&r->eps);
    kr_qmat_init(r->Jeps, 0, 0);
    kr_norm_result_init(r->norm_B0);
    kr_circle_result_init(r->M0);
    r->neumann = KR_UNDECIDED;
    r->paper_condition = KR_UNDECIDED;
    kr_encl_init(r->kreiss_perturbed);
    kr_kreiss_result_init(r->Keps);
    r->rho_eps = KR_RHO_UNDECIDED;
    fmpq_init(&r->crit_lo);
    fmpq_init(&r->crit_hi);
    fmpq_init(&r->crit_stable);
}

void
kr_report_clear(kr_report_t r)
{
    kr_blocks_clear(r->blocks);
    kr_qmat_clear(r->J);
    kr_radius_result_clear(r->rho_A);
    kr_radius_result_clear(r->rho_D);
    arf_clear(&r->gamma);
    kr_norm_result_clear(r->norm_C);
    kr_kreiss_result_clear(r->K);
    kr_encl_clear(r->bound_paper);
    kr_encl_clear(r->bound_sharp);
    kr_qmat_clear(r->B0);
    fmpq_clear(&r->eps);
    kr_qmat_clear(r->Jeps);
    kr_norm_result_clear(r->norm_B0);
    kr_circle_result_clear(r->M0);
    kr_encl_clear(r->kreiss_perturbed);
    kr_kreiss_result_clear(r->Keps);
    fmpq_clear(&r->crit_lo);
    fmpq_clear(&r->crit_hi);
    fmpq_clear(&r->crit_stable);
}

/* T := J0 + eps B0 exactly. */
static int
perturb(kr_qmat_t T, const kr_qmat_t J0, const fmpq_t eps, const kr_qmat_t B0)
{
    slong n = J0->n, i;
    int cx = J0->im != NULL || B0->im != NULL;
    fmpq_t t;
    if (!kr_qmat_init(T, n, cx))
        return 0;
    fmpq_init(t);
    for (i = 0; i < n * n; i++)
    {
        fmpq_mul(t, eps, B0->re + i);
        fmpq_add(T->re + i, J0->re + i, t);
        if (cx)
        {
            fmpq_zero(T->im + i);
            if (J0->im != NULL)
                fmpq_set(T->im + i, J0->im + i);
            if (B0->im != NULL)
            {
                fmpq_mul(t, eps, B0->im + i);
                fmpq_add(T->im + i, T->im + i, t);
            }
        }
    }
    fmpq_clear(t);
    T->entries = J0->entries;
    return 1;
}

/* Certified verdict on rho(J0 + eps B0) vs 1. */
static kr_rho_verdict
verdict_at(const kr_qmat_t J0, const kr_qmat_t B0, const fmpq_t eps, const kr_opts *opts)
{
    kr_qmat_t T;
    kr_witness_t w;
    kr_rho_verdict v = KR_RHO_UNDECIDED;
    kr_qmat_init(T, 0, 0);
    kr_witness_init(w);
    if (perturb(T, J0, eps, B0))
    {
        if (kr_stein_certify(w, T, 1.0, -1, opts))
            v = KR_RHO_LT1;
        else if (kr_stein_certify(w, T, 1.0, +1, opts))
            v = KR_RHO_GT1;
    }
    kr_witness_clear(w);
    kr_qmat_clear(T);
    return v;
}

/* a := x as a dyadic in direction up; 0 if not representable. */
static int
dy(kr_dyadic *a, const arf_t x, int up)
{
    return kr_dyadic_set_arf(a, x, up);
}

/* x y z < w decided both ways: HOLDS if the upper bounds give it, FAILS if
 * the lower bounds give x y z >= w (for the upper bound of w). */
static kr_decision
decide3(const arf_t xl, const arf_t xh, const arf_t yl, const arf_t yh, const arf_t zl,
        const arf_t zh, const arf_t wl, const arf_t wh)
{
    kr_dyadic a, b, c, d;
    if (dy(&a, xh, 1) && dy(&b, yh, 1) && dy(&c, zh, 1) && dy(&d, wl, 0)
        && kr_hyp_prod3_lt(&a, &b, &c, &d))
        return KR_HOLDS;
    if (dy(&a, xl, 0) && dy(&b, yl, 0) && dy(&c, zl, 0) && dy(&d, wh, 1)
        && !kr_hyp_prod3_lt(&a, &b, &c, &d))
        return KR_FAILS;
    return KR_UNDECIDED;
}

static kr_status
report_run(kr_report_t r, const kr_qmat_t J, slong k, const kr_qmat_t B0, const fmpq_t eps,
           int critical, double rel_tol, const kr_opts *opts, kr_error_t err)
{
    kr_status st;
    slong prec = 128;
    arf_t one;

    /* 1. blocks; J0 without the upper-right block */
    st = kr_blocks_split(r->blocks, J, k, err);
    if (st != KR_OK)
        return st;
    st = kr_blocks_join(r->J, r->blocks->A, r->blocks->C, r->blocks->D, NULL, err);
    if (st != KR_OK)
        return st;

    /* 2. hypotheses: exact symmetry (proved decision), gamma from
     * certified spectral radii (proved decision) */
    r->symmetric_A = kr_hyp_is_symmetric(r->blocks->A);
    r->symmetric_D = kr_hyp_is_symmetric(r->blocks->D);
    if ((st = kr_radius(r->rho_A, r->blocks->A, opts, err)) != KR_OK
        || (st = kr_radius(r->rho_D, r->blocks->D, opts, err)) != KR_OK)
        return st;
    {
        kr_dyadic a, b, g;
        if (kr_encl_has_upper(r->rho_A->rho) && kr_encl_has_upper(r->rho_D->rho)
            && dy(&a, &r->rho_A->rho->hi, 1) && dy(&b, &r->rho_D->rho->hi, 1))
        {
            /* the proved decision runs on dyadic upper bounds; the gamma
             * used in the bounds is the exact larger upper end, which is
             * at most the dyadic one */
            int lt = kr_hyp_gamma(&g, &a, &b);
            if (arf_cmp(&r->rho_A->rho->hi, &r->rho_D->rho->hi) >= 0)
                arf_set(&r->gamma, &r->rho_A->rho->hi);
            else
                arf_set(&r->gamma, &r->rho_D->rho->hi);
            r->gamma_lt_1 = lt ? KR_HOLDS : KR_UNDECIDED;
        }
        if (arf_cmp_si(&r->rho_A->rho->lo, 1) >= 0 || arf_cmp_si(&r->rho_D->rho->lo, 1) >= 0)
            r->gamma_lt_1 = KR_FAILS;
    }

    /* 3. ||C|| and K(J0) */
    if ((st = kr_norm(r->norm_C, r->blocks->C, opts, err)) != KR_OK)
        return st;
    if ((st = kr_kreiss(r->K, r->J, rel_tol, opts, err)) != KR_OK)
        return st;

    /* 4. the paper's bound and the sharper one, only under proved
     * hypotheses */
    if (r->symmetric_A && r->symmetric_D && r->gamma_lt_1 == KR_HOLDS
        && kr_encl_has_upper(r->norm_C->norm))
    {
        kr_bound_paper(r->bound_paper, &r->gamma, r->norm_C->norm, prec);
        kr_bound_sharp(r->bound_sharp, &r->gamma, r->norm_C->norm, prec);
    }
    else
    {
        kr_encl_set_unknown(r->bound_paper);
        kr_encl_set_unknown(r->bound_sharp);
        snprintf(r->reason, KR_REASON_LEN, "%s",
                 !r->symmetric_A   ? "A is not exactly symmetric: Theorem 4 does not apply"
                 : !r->symmetric_D ? "D is not exactly symmetric: Theorem 4 does not apply"
                 : r->gamma_lt_1 == KR_FAILS ? "rho(A) or rho(D) >= 1: no gamma < 1"
                 : r->gamma_lt_1 != KR_HOLDS ? "gamma < 1 could not be certified"
                                             : "||C|| has no certified upper bound");
    }

    /* 5. perturbation */
    if (B0 != NULL)
    {
        if (B0->n != J->n)
            return kr_error_set(err, KR_ERR_DOMAIN, NULL, 0,
                                "the perturbation B0 is %ldx%ld, J is %ldx%ld", (long) B0->n,
                                (long) B0->n, (long) J->n, (long) J->n);
        kr_qmat_set(r->B0, B0);
        fmpq_set(&r->eps, eps);
        r->perturbed = 1;
        if (!r->blocks->b_zero)
        {
            /* J's own upper-right block is part of J0 + eps B0's B0? No:
             * the theorem is about J0 = [[A, 0], [C, D]]; fold B in. */
            kr_qmat_t T, U;
            kr_qmat_init(T, 0, 0);
            kr_qmat_init(U, 0, 0);
            kr_blocks_join(U, r->blocks->A, r->blocks->C, r->blocks->D, r->blocks->B, err);
            perturb(T, U, eps, B0);
            kr_qmat_swap(r->Jeps, T);
            kr_qmat_clear(T);
            kr_qmat_clear(U);
            snprintf(r->reason, KR_REASON_LEN,
                     "J has a non-zero upper-right block and a perturbation: J_eps = J + eps B0");
        }
    }
    else if (!r->blocks->b_zero)
    {
        /* B0 = [[0, B], [0, 0]] with eps = 1 */
        r->perturbed = 1;
        fmpq_one(&r->eps);
        {
            kr_qmat_t ZA, ZD, ZC;
            kr_qmat_init(ZA, k, 0);
            kr_qmat_init(ZD, J->n - k, 0);
            kr_qmat_init(ZC, r->blocks->C->n, 0);
            st = kr_blocks_join(r->B0, ZA, ZC, ZD, r->blocks->B, err);
            kr_qmat_clear(ZA);
            kr_qmat_clear(ZD);
            kr_qmat_clear(ZC);
            if (st != KR_OK)
                return st;
        }
    }
    if (r->perturbed)
    {
        arf_t w1, w2, prod;
        if (r->Jeps->n == 0 && !perturb(r->Jeps, r->J, &r->eps, r->B0))
            return kr_error_set(err, KR_ERR_NOMEM, NULL, 0, "out of memory");
        if ((st = kr_norm(r->norm_B0, r->B0, opts, err)) != KR_OK)
            return st;
        {
            fmpq_t one_q;
            fmpq_init(one_q);
            fmpq_one(one_q);
            st = kr_circle_max(r->M0, r->J, one_q, rel_tol, opts, err);
            fmpq_clear(one_q);
            if (st != KR_OK)
                return st;
        }
        arf_init(one);
        arf_init(w1);
        arf_init(w2);
        arf_init(prod);
        arf_one(one);
        {
            arf_t el, eh;
            arf_init(el);
            arf_init(eh);
            arf_set_fmpq(el, &r->eps, 64, ARF_RND_DOWN);
            arf_set_fmpq(eh, &r->eps, 64, ARF_RND_UP);
            /* Neumann: eps ||B0|| M0(1) < 1, needs rho(J0) < 1 */
            if (r->K->verdict == KR_RHO_LT1 && kr_encl_has_upper(r->M0->value))
                r->neumann = decide3(el, eh, &r->norm_B0->norm->lo, &r->norm_B0->norm->hi,
                                     &r->M0->value->lo, &r->M0->value->hi, one, one);
            else if (arf_is_pos_inf(&r->M0->value->lo))
                r->neumann = KR_FAILS;
            /* the paper's condition eps ||B0|| K0 < 1 - gamma */
            if (arf_is_finite(&r->gamma) && kr_encl_has_upper(r->K->kreiss))
            {
                arf_sub(w1, one, &r->gamma, prec, ARF_RND_DOWN);
                arf_sub(w2, one, &r->gamma, prec, ARF_RND_UP);
                if (arf_sgn(w1) > 0)
                    r->paper_condition = decide3(el, eh, &r->norm_B0->norm->lo,
                                                 &r->norm_B0->norm->hi, &r->K->kreiss->lo,
                                                 &r->K->kreiss->hi, w1, w2);
            }
            arf_clear(el);
            arf_clear(eh);
        }
        /* K(J_eps) directly, and the Neumann bound K0 / (1 - eps ||B0|| M0) */
        if ((st = kr_kreiss(r->Keps, r->Jeps, rel_tol, opts, err)) != KR_OK)
            return st;
        r->rho_eps = r->Keps->verdict;
        kr_encl_set(r->kreiss_perturbed, r->Keps->kreiss);
        if (r->neumann == KR_HOLDS)
        {
            arb_t q, t;
            arf_t u;
            arb_init(q);
            arb_init(t);
            arf_init(u);
            arb_set_fmpq(q, &r->eps, prec);
            arb_set_arf(t, &r->norm_B0->norm->hi);
            arb_mul(q, q, t, prec);
            arb_set_arf(t, &r->M0->value->hi);
            arb_mul(q, q, t, prec);
            arb_neg(q, q);
            arb_add_ui(q, q, 1, prec);
            arb_set_arf(t, &r->K->kreiss->hi);
            arb_div(q, t, q, prec);
            arb_get_ubound_arf(u, q, prec);
            if (arb_is_finite(q) && arf_cmp(u, &r->kreiss_perturbed->hi) < 0)
                arf_set(&r->kreiss_perturbed->hi, u);
            if (r->rho_eps == KR_RHO_GT1)
                st = kr_error_set(err, KR_ERR_INTERNAL, NULL, 0,
                                  "the Neumann condition holds but rho(J_eps) > 1 was certified");
            arb_clear(q);
            arb_clear(t);
            arf_clear(u);
        }
        arf_clear(w1);
        arf_clear(w2);
        arf_clear(prod);
        arf_clear(one);
        if (st != KR_OK)
            return st;

        /* critical coupling eps* = inf{eps : rho(J0 + eps B0) >= 1}:
         * eps* >= 1 / (||B0|| M0(1)) by the Neumann theorem, eps* <= any eps
         * with certified rho > 1 (doubling, then bisection between the
         * Neumann bound and it; the points with certified rho < 1 found on
         * the way are reported, but rho need not be monotone in eps) */
        if (critical && r->K->verdict == KR_RHO_LT1 && kr_encl_has_upper(r->M0->value)
            && kr_encl_has_upper(r->norm_B0->norm) && arf_sgn(&r->norm_B0->norm->hi) > 0)
        {
            fmpq_t lo, hi, mid;
            int i, found = 0;
            arb_t q, t;
            fmpq_init(lo);
            fmpq_init(hi);
            fmpq_init(mid);
            arb_init(q);
            arb_init(t);
            arb_set_arf(q, &r->norm_B0->norm->hi);
            arb_set_arf(t, &r->M0->value->hi);
            arb_mul(q, q, t, prec);
            arb_inv(q, q, prec);
            {
                arf_t u;
                arf_init(u);
                arb_get_lbound_arf(u, q, prec);
                arf_set_round(u, u, 53, ARF_RND_DOWN);
                arf_get_fmpq(&r->crit_lo, u);
                arf_clear(u);
            }
            fmpq_set(lo, &r->crit_lo);
            fmpq_set(&r->crit_stable, lo);
            fmpq_mul_si(hi, lo, 2);
            for (i = 0; i < 64 && !found; i++)
            {
                kr_rho_verdict v = verdict_at(r->J, r->B0, hi, opts);
                if (v == KR_RHO_GT1)
                    found = 1;
                else
                {
                    if (v == KR_RHO_LT1)
                    {
                        fmpq_set(lo, hi);
                        fmpq_set(&r->crit_stable, hi);
                    }
                    fmpq_mul_si(hi, hi, 2);
                }
            }
            for (i = 0; found && i < 40; i++)
            {
                kr_rho_verdict v;
                fmpq_add(mid, lo, hi);
                fmpq_div_2exp(mid, mid, 1);
                v = verdict_at(r->J, r->B0, mid, opts);
                if (v == KR_RHO_LT1)
                {
                    fmpq_set(lo, mid);
                    fmpq_set(&r->crit_stable, mid);
                }
                else if (v == KR_RHO_GT1)
                    fmpq_set(hi, mid);
                else
                    break; /* too close to rho = 1 to decide: stop here */
            }
            if (found)
            {
                r->critical = 1;
                fmpq_set(&r->crit_hi, hi);
            }
            arb_clear(q);
            arb_clear(t);
            fmpq_clear(lo);
            fmpq_clear(hi);
            fmpq_clear(mid);
        }
    }
    return KR_OK;
}

kr_status
kr_report(kr_report_t r, const kr_qmat_t J, slong k, const kr_qmat_t B0, const fmpq_t eps,
          int critical, double rel_tol, const kr_opts *opts, kr_error_t err)
{
    kr_opts o;
    kr_limits lim;
    kr_status st = report_run(r, J, k, B0, eps, critical, rel_tol,
                              kr_limits_enter(&o, &lim, opts), err);
    kr_limits_leave(&lim);
    return st;
}
