/* Enclosures and their outward-rounded decimal form. */
#include <stdlib.h>
#include <string.h>

#include <mpfr.h>

#include "kreiss/encl.h"

void
kr_encl_init(kr_encl_t e)
{
    arf_init(&e->lo);
    arf_init(&e->hi);
    kr_encl_set_unknown(e);
}

void
kr_encl_clear(kr_encl_t e)
{
    arf_clear(&e->lo);
    arf_clear(&e->hi);
}

void
kr_encl_set(kr_encl_t e, const kr_encl_t f)
{
    arf_set(&e->lo, &f->lo);
    arf_set(&e->hi, &f->hi);
}

void
kr_encl_set_unknown(kr_encl_t e)
{
    arf_neg_inf(&e->lo);
    arf_pos_inf(&e->hi);
}

void
kr_encl_set_arb(kr_encl_t e, const arb_t x)
{
    if (!arb_is_finite(x))
    {
        kr_encl_set_unknown(e);
        return;
    }
    arb_get_lbound_arf(&e->lo, x, ARF_PREC_EXACT);
    arb_get_ubound_arf(&e->hi, x, ARF_PREC_EXACT);
}

void
kr_encl_inv(kr_encl_t e, const kr_encl_t x, slong prec)
{
    arf_t lo, hi;
    arf_init(lo);
    arf_init(hi);
    /* new lo = 1/hi (round down), new hi = 1/lo (round up) */
    if (arf_is_pos_inf(&x->hi))
        arf_zero(lo);
    else if (arf_sgn(&x->hi) <= 0)
        arf_pos_inf(lo); /* not a positive quantity: caller error; stay safe */
    else
        arf_ui_div(lo, 1, &x->hi, prec, ARF_RND_FLOOR);
    if (arf_sgn(&x->lo) <= 0 || arf_is_nan(&x->lo))
        arf_pos_inf(hi);
    else
        arf_ui_div(hi, 1, &x->lo, prec, ARF_RND_CEIL);
    if (arf_is_pos_inf(lo))
        kr_encl_set_unknown(e);
    else
    {
        arf_swap(&e->lo, lo);
        arf_swap(&e->hi, hi);
    }
    arf_clear(lo);
    arf_clear(hi);
}

void
kr_encl_sqrt(kr_encl_t e, const kr_encl_t x, slong prec)
{
    if (arf_sgn(&x->lo) <= 0 || arf_is_nan(&x->lo))
        arf_zero(&e->lo);
    else
        arf_sqrt(&e->lo, &x->lo, prec, ARF_RND_FLOOR);
    if (arf_is_pos_inf(&x->hi) || arf_is_nan(&x->hi))
        arf_pos_inf(&e->hi);
    else if (arf_sgn(&x->hi) <= 0)
        arf_zero(&e->hi);
    else
        arf_sqrt(&e->hi, &x->hi, prec, ARF_RND_CEIL);
}

int
kr_encl_has_upper(const kr_encl_t e)
{
    return arf_is_finite(&e->hi);
}

int
kr_encl_contains_fmpq(const kr_encl_t e, const fmpq_t q)
{
    arf_t a, b;
    int ok = 1;
    arf_init(a);
    arf_init(b);
    arf_set_fmpz(b, fmpq_numref(q));
    /* lo <= q: compare lo*den <= num exactly */
    if (arf_is_finite(&e->lo))
    {
        arf_mul_fmpz(a, &e->lo, fmpq_denref(q), ARF_PREC_EXACT, ARF_RND_DOWN);
        if (arf_cmp(a, b) > 0)
            ok = 0;
    }
    else if (!arf_is_neg_inf(&e->lo))
        ok = 0;
    if (ok && arf_is_finite(&e->hi))
    {
        arf_mul_fmpz(a, &e->hi, fmpq_denref(q), ARF_PREC_EXACT, ARF_RND_DOWN);
        if (arf_cmp(a, b) < 0)
            ok = 0;
    }
    else if (ok && !arf_is_pos_inf(&e->hi))
        ok = 0;
    arf_clear(a);
    arf_clear(b);
    return ok;
}

int
kr_encl_contains_arb(const kr_encl_t e, const arb_t x)
{
    arf_t t;
    int ok;
    if (!arb_is_finite(x))
        return arf_is_neg_inf(&e->lo) && arf_is_pos_inf(&e->hi);
    arf_init(t);
    arb_get_lbound_arf(t, x, ARF_PREC_EXACT);
    ok = arf_cmp(&e->lo, t) <= 0;
    arb_get_ubound_arf(t, x, ARF_PREC_EXACT);
    ok = ok && arf_cmp(t, &e->hi) <= 0;
    arf_clear(t);
    return ok;
}

double
kr_encl_rel_width(const kr_encl_t e)
{
    arf_t w;
    double r;
    if (!arf_is_finite(&e->lo) || !arf_is_finite(&e->hi))
        return INFINITY;
    if (arf_equal(&e->lo, &e->hi))
        return 0.0;
    if (arf_is_zero(&e->lo))
        return INFINITY;
    arf_init(w);
    arf_sub(w, &e->hi, &e->lo, 53, ARF_RND_UP);
    arf_div(w, w, &e->lo, 53, ARF_RND_UP);
    r = fabs(arf_get_d(w, ARF_RND_UP));
    arf_clear(w);
    return r;
}

char *
kr_arf_get_decimal(const arf_t x, slong digits, int round_up)
{
    mpfr_t m;
    mpfr_exp_t exp10;
    char *mant, *out;
    size_t len;
    int neg;
    long e;

    if (digits < 1)
        digits = 1;
    if (arf_is_zero(x))
        return strdup("0");
    if (arf_is_pos_inf(x))
        return strdup("inf");
    if (arf_is_neg_inf(x))
        return strdup("-inf");
    if (arf_is_nan(x))
        return strdup("nan");

    mpfr_init2(m, FLINT_MAX(arf_bits(x), 2));
    arf_get_mpfr(m, x, MPFR_RNDN); /* exact: enough bits */
    mant = mpfr_get_str(NULL, &exp10, 10, (size_t) digits, m,
                        round_up ? MPFR_RNDU : MPFR_RNDD);
    mpfr_clear(m);
    if (mant == NULL)
        return NULL;

    /* mant = [-]ddddd meaning 0.ddddd x 10^exp10; strip trailing zeros */
    neg = mant[0] == '-';
    len = strlen(mant);
    while (len > (size_t) (neg + 1) && mant[len - 1] == '0')
        len--;
    mant[len] = '\0';
    e = (long) exp10 - 1; /* value = d.dddd x 10^e */

    out = malloc(len + 40);
    if (out != NULL)
    {
        const char *d = mant + neg;
        size_t nd = strlen(d);
        char *p = out;
        if (neg)
            *p++ = '-';
        if (e >= 0 && e < 21)
        {
            /* positional: integer part then fraction */
            size_t k;
            for (k = 0; k <= (size_t) e; k++)
                *p++ = k < nd ? d[k] : '0';
            if (nd > (size_t) e + 1)
            {
                *p++ = '.';
                strcpy(p, d + e + 1);
                p += strlen(p);
            }
            *p = '\0';
        }
        else if (e < 0 && e >= -6)
        {
            long k;
            *p++ = '0';
            *p++ = '.';
            for (k = 0; k < -e - 1; k++)
                *p++ = '0';
            strcpy(p, d);
        }
        else
        {
            *p++ = d[0];
            if (nd > 1)
            {
                *p++ = '.';
                memcpy(p, d + 1, nd - 1);
                p += nd - 1;
            }
            sprintf(p, "e%ld", e);
        }
    }
    mpfr_free_str(mant);
    return out;
}
