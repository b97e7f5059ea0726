/* Exact numbers: parsing decimals and hexadecimal floats into rationals,
 * binary64 rounding, exact decimal output. */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gmp.h>
#include <mpfr.h>

#include "kreiss/io.h"

/* Internal caps that keep every exponent computation far from overflow,
 * whatever limits the caller asked for. */
#define KR_LIMIT_CAP (WORD_MAX / 16)

void
kr_read_opts_init(kr_read_opts *opts)
{
    opts->entries = KR_ENTRIES_EXACT;
    opts->max_dim = KR_DEFAULT_MAX_DIM;
    opts->max_digits = KR_DEFAULT_MAX_DIGITS;
    opts->max_exponent = KR_DEFAULT_MAX_EXPONENT;
}

static slong
limit_or_default(slong v, slong def)
{
    if (v <= 0)
        return def;
    return v > KR_LIMIT_CAP ? KR_LIMIT_CAP : v;
}

const char *
kr_numstatus_message(kr_numstatus s)
{
    switch (s)
    {
        case KR_NUM_OK: return "a number";
        case KR_NUM_EMPTY: return "no number";
        case KR_NUM_SYNTAX: return "not a number";
        case KR_NUM_NONFINITE: return "NaN or infinity (entries must be finite)";
        case KR_NUM_TOO_LONG: return "number with too many digits";
        case KR_NUM_EXPONENT: return "exponent too large";
        case KR_NUM_OVERFLOW: return "beyond the binary64 range";
        case KR_NUM_BUDGET: return "beyond the budget of the file's numbers";
    }
    return "unknown number status";
}

static int
is_digit(int c)
{
    return c >= '0' && c <= '9';
}

static int
hex_value(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static int
lower_ascii(int c)
{
    return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
}

/* Does s start with word (lower case), ignoring case? */
static int
starts_with_ci(const char *s, const char *word)
{
    for (; *word != '\0'; s++, word++)
        if (lower_ascii((unsigned char) *s) != *word)
            return 0;
    return 1;
}

/* z := the integer whose digits (base 10 or 16) are the nint characters at
 * ip followed by the nfrac characters at fp. */
static void
digits_to_fmpz(fmpz_t z, const char *ip, slong nint, const char *fp,
               slong nfrac, ulong base)
{
    slong i, total = nint + nfrac;
    /* Short numbers fit in a ulong in either base. */
    if (total <= (FLINT_BITS == 64 ? 15 : 7))
    {
        ulong v = 0;
        for (i = 0; i < nint; i++)
            v = v * base + (ulong) hex_value((unsigned char) ip[i]);
        for (i = 0; i < nfrac; i++)
            v = v * base + (ulong) hex_value((unsigned char) fp[i]);
        fmpz_set_ui(z, v);
        return;
    }
    {
        char *buf = malloc((size_t) total + 1);
        if (buf != NULL)
        {
            memcpy(buf, ip, (size_t) nint);
            if (nfrac > 0) /* fp may be NULL when there is no fraction */
                memcpy(buf + nint, fp, (size_t) nfrac);
            buf[total] = '\0';
            fmpz_set_str(z, buf, (int) base); /* cannot fail: digits only */
            free(buf);
            return;
        }
    }
    /* No memory for a copy: accumulate in blocks of a few digits. */
    {
        ulong v = 0, scale = 1;
        fmpz_zero(z);
        for (i = 0; i < total; i++)
        {
            int c = (unsigned char) (i < nint ? ip[i] : fp[i - nint]);
            v = v * base + (ulong) hex_value(c);
            scale *= base;
            if (scale >= (UWORD(1) << (FLINT_BITS - 8)) || i == total - 1)
            {
                fmpz_mul_ui(z, z, scale);
                fmpz_add_ui(z, z, v);
                v = 0;
                scale = 1;
            }
        }
    }
}

/* Parse [+-]? digits after position p (saturating at cap); returns the
 * end, or p itself when no digit follows. */
static const char *
parse_exponent(slong *e, const char *p, slong cap)
{
    const char *q = p;
    int neg = 0;
    slong v = 0;
    if (*q == '+' || *q == '-')
    {
        neg = (*q == '-');
        q++;
    }
    if (!is_digit((unsigned char) *q))
        return p;
    for (; is_digit((unsigned char) *q); q++)
        if (v <= cap)
            v = v * 10 + (*q - '0');
    *e = neg ? -v : v;
    return q;
}

kr_numstatus
kr_parse_number(fmpq_t x, const char *s, const char **end,
                const kr_read_opts *opts)
{
    return kr_parse_number_budget(x, s, end, opts, NULL);
}

kr_numstatus
kr_parse_number_budget(fmpq_t x, const char *s, const char **end,
                       const kr_read_opts *opts, slong *budget)
{
    const char *p = s, *ip, *fp = NULL;
    slong nint, nfrac = 0, e = 0, maxdig, maxexp, shift;
    int neg = 0, hex = 0;
    fmpz_t m, t;

    maxdig = limit_or_default(opts ? opts->max_digits : 0,
                              KR_DEFAULT_MAX_DIGITS);
    maxexp = limit_or_default(opts ? opts->max_exponent : 0,
                              KR_DEFAULT_MAX_EXPONENT);
    if (end != NULL)
        *end = s;

    if (*p == '\0' || *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'
        || *p == '\v' || *p == '\f')
        return KR_NUM_EMPTY;
    if (*p == '+' || *p == '-')
    {
        neg = (*p == '-');
        p++;
    }

    /* nan, inf, infinity */
    if (starts_with_ci(p, "nan") || starts_with_ci(p, "inf"))
    {
        if (end != NULL)
            *end = p + (starts_with_ci(p, "infinity") ? 8 : 3);
        return KR_NUM_NONFINITE;
    }

    if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')
        && (hex_value((unsigned char) p[2]) >= 0
            || (p[2] == '.' && hex_value((unsigned char) p[3]) >= 0)))
    {
        hex = 1;
        ip = p + 2;
        for (p = ip; hex_value((unsigned char) *p) >= 0; p++)
            ;
        nint = p - ip;
        if (*p == '.')
        {
            fp = ++p;
            for (; hex_value((unsigned char) *p) >= 0; p++)
                ;
            nfrac = p - fp;
        }
        if (*p == 'p' || *p == 'P')
        {
            const char *q = parse_exponent(&e, p + 1, maxexp);
            if (q != p + 1)
                p = q;
        }
    }
    else
    {
        ip = p;
        for (; is_digit((unsigned char) *p); p++)
            ;
        nint = p - ip;
        if (*p == '.' && (nint > 0 || is_digit((unsigned char) p[1])))
        {
            fp = ++p;
            for (; is_digit((unsigned char) *p); p++)
                ;
            nfrac = p - fp;
        }
        if (nint + nfrac == 0)
            return KR_NUM_SYNTAX;
        if (*p == 'e' || *p == 'E')
        {
            const char *q = parse_exponent(&e, p + 1, maxexp);
            if (q != p + 1)
                p = q;
        }
    }

    if (end != NULL)
        *end = p;
    if (nint + nfrac > maxdig)
        return KR_NUM_TOO_LONG;
    if (e > maxexp || e < -maxexp)
        return KR_NUM_EXPONENT;
    /* Both limits hold, so the charge is far from overflow. */
    if (budget != NULL)
    {
        slong cost = nint + nfrac + (e < 0 ? -e : e);
        if (cost > *budget)
            return KR_NUM_BUDGET;
        *budget -= cost;
    }

    fmpz_init(m);
    fmpz_init(t);
    digits_to_fmpz(m, ip, nint, fp, nfrac, hex ? 16 : 10);
    if (fmpz_is_zero(m))
    {
        fmpq_zero(x);
    }
    else if (hex)
    {
        shift = e - 4 * nfrac;
        if (shift >= 0)
        {
            fmpz_mul_2exp(m, m, (ulong) shift);
            fmpz_one(t);
        }
        else
        {
            slong v = (slong) fmpz_val2(m);
            if (v > -shift)
                v = -shift;
            fmpz_fdiv_q_2exp(m, m, (ulong) v);
            fmpz_one(t);
            fmpz_mul_2exp(t, t, (ulong) (-shift - v));
        }
        fmpz_swap(fmpq_numref(x), m);
        fmpz_swap(fmpq_denref(x), t);
    }
    else
    {
        shift = e - nfrac;
        fmpz_set_ui(t, 10);
        fmpz_pow_ui(t, t, (ulong) (shift >= 0 ? shift : -shift));
        if (shift >= 0)
        {
            fmpz_mul(fmpq_numref(x), m, t);
            fmpz_one(fmpq_denref(x));
        }
        else
        {
            fmpz_swap(fmpq_numref(x), m);
            fmpz_swap(fmpq_denref(x), t);
            fmpq_canonicalise(x);
        }
    }
    if (neg)
        fmpq_neg(x, x);
    fmpz_clear(m);
    fmpz_clear(t);
    return KR_NUM_OK;
}

void
kr_fmpq_set_double(fmpq_t x, double d)
{
    int e;
    double m;
    if (d == 0.0 || !isfinite(d))
    {
        fmpq_zero(x);
        return;
    }
    m = frexp(d, &e);    /* d = m 2^e, 1/2 <= |m| < 1 */
    m = ldexp(m, 53);    /* an integer, |m| < 2^53: exact */
    e -= 53;
    fmpz_set_d(fmpq_numref(x), m);
    fmpz_one(fmpq_denref(x));
    if (e >= 0)
        fmpq_mul_2exp(x, x, (ulong) e);
    else
        fmpq_div_2exp(x, x, (ulong) (-e));
}

kr_numstatus
kr_fmpq_round_binary64(fmpq_t x, double *d)
{
    mpfr_exp_t emin = mpfr_get_emin(), emax = mpfr_get_emax();
    mpfr_flags_t flags = mpfr_flags_save();
    mpfr_t y;
    mpq_t q;
    double r;
    int t, overflow;

    if (fmpq_is_zero(x))
    {
        if (d != NULL)
            *d = 0.0;
        return KR_NUM_OK;
    }

    mpq_init(q);
    fmpq_get_mpq(q, x);
    mpfr_init2(y, 53);
    /* The binary64 exponent range in MPFR's convention (x = m 2^e with
     * 1/2 <= m < 1): the largest double is just below 2^1024 and the least
     * subnormal is 2^-1074 = 2^(-1073 - 1).  One correctly rounded
     * conversion, then mpfr_subnormalize, which uses the ternary value to
     * round again without double-rounding errors. */
    mpfr_set_emin(-1073);
    mpfr_set_emax(1024);
    t = mpfr_set_q(y, q, MPFR_RNDN);
    mpfr_subnormalize(y, t, MPFR_RNDN);
    overflow = mpfr_inf_p(y);
    r = mpfr_get_d(y, MPFR_RNDN); /* exact: y is a double */
    mpfr_set_emin(emin);
    mpfr_set_emax(emax);
    mpfr_flags_restore(flags, MPFR_FLAGS_ALL);
    mpfr_clear(y);
    mpq_clear(q);

    if (d != NULL)
        *d = r;
    if (overflow)
        return KR_NUM_OVERFLOW;
    kr_fmpq_set_double(x, r);
    return KR_NUM_OK;
}

/* Quote at most 40 characters of s (for messages). */
static void
quote_prefix(char *buf, size_t size, const char *s)
{
    size_t len = strlen(s);
    if (len > 40)
        snprintf(buf, size, "\"%.37s...\"", s);
    else
        snprintf(buf, size, "\"%s\"", s);
}

static int
is_imag_unit(int c)
{
    return c == 'i' || c == 'j' || c == 'I' || c == 'J';
}

kr_status
kr_parse_complex(fmpq_t re, fmpq_t im, const char *s,
                 const kr_read_opts *opts, kr_error_t err)
{
    fmpq_t a, b;
    const char *p;
    kr_numstatus st;
    kr_status res = KR_OK;
    char q[64];
    const char *why = NULL;
    long pos = 0;

    fmpq_init(a);
    fmpq_init(b);
    quote_prefix(q, sizeof q, s);

    st = kr_parse_number(a, s, &p, opts);
    if (st == KR_NUM_EMPTY && *s == '\0')
    {
        why = "empty string";
    }
    else if (st == KR_NUM_EMPTY || st == KR_NUM_SYNTAX)
    {
        /* i, +i, -i */
        const char *u = s + (*s == '+' || *s == '-');
        if (is_imag_unit((unsigned char) u[0]) && u[1] == '\0')
        {
            fmpq_zero(a);
            fmpq_set_si(b, *s == '-' ? -1 : 1, 1);
        }
        else
            why = "not a number";
    }
    else if (st != KR_NUM_OK)
    {
        pos = 0;
        why = kr_numstatus_message(st);
        res = (st == KR_NUM_NONFINITE) ? KR_ERR_FORMAT : KR_ERR_LIMIT;
    }
    else if (*p == '\0')
    {
        fmpq_zero(b); /* real */
    }
    else if (is_imag_unit((unsigned char) *p) && p[1] == '\0')
    {
        fmpq_swap(a, b); /* imaginary */
        fmpq_zero(a);
    }
    else if (*p == '+' || *p == '-')
    {
        const char *r;
        if (is_imag_unit((unsigned char) p[1]) && p[2] == '\0')
        {
            fmpq_set_si(b, *p == '-' ? -1 : 1, 1);
        }
        else
        {
            st = kr_parse_number(b, p, &r, opts);
            if (st == KR_NUM_OK && is_imag_unit((unsigned char) *r)
                && r[1] == '\0')
            {
                /* a + b i */
            }
            else if (st == KR_NUM_TOO_LONG || st == KR_NUM_EXPONENT)
            {
                pos = (long) (p - s);
                why = kr_numstatus_message(st);
                res = KR_ERR_LIMIT;
            }
            else if (st == KR_NUM_OK && *r == '\0')
            {
                pos = (long) (r - s);
                why = "the imaginary part lacks its unit i or j";
            }
            else
            {
                pos = (long) (st == KR_NUM_OK ? r - s : p - s);
                why = st == KR_NUM_NONFINITE ? kr_numstatus_message(st)
                                             : "unexpected character";
            }
        }
    }
    else
    {
        pos = (long) (p - s);
        why = "unexpected character";
    }

    if (why != NULL)
    {
        if (res == KR_OK)
            res = KR_ERR_FORMAT;
        kr_error_set(err, res, NULL, 0,
                     "invalid complex number %s: %s at character %ld; "
                     "expected a real part, an imaginary part or both, "
                     "without spaces, such as 1.05-0.2i, -3, 2i, i or "
                     "0x1p-2+0x1p-3j",
                     q, why, pos + 1);
    }
    else
    {
        fmpq_swap(re, a);
        fmpq_swap(im, b);
    }
    fmpq_clear(a);
    fmpq_clear(b);
    return res;
}

char *
kr_fmpq_get_decimal(const fmpq_t x)
{
    fmpz_t r, N, five;
    slong a, b, k, len, nint, i;
    char *digits, *out, *o;
    int neg = fmpz_sgn(fmpq_numref(x)) < 0;

    fmpz_init_set(r, fmpq_denref(x));
    fmpz_init(N);
    fmpz_init_set_ui(five, 5);
    a = (slong) fmpz_val2(r);
    fmpz_fdiv_q_2exp(r, r, (ulong) a);
    b = fmpz_remove(r, r, five);
    if (!fmpz_is_one(r))
    {
        fmpz_clear(r);
        fmpz_clear(N);
        fmpz_clear(five);
        return NULL;
    }
    /* x 10^k is an integer for k = max(a, b), and N = |x| 10^k is then not
     * divisible by 10 unless k = 0: no trailing zeros after the point. */
    k = a > b ? a : b;
    fmpz_abs(N, fmpq_numref(x));
    fmpz_mul_2exp(N, N, (ulong) (k - a));
    fmpz_pow_ui(r, five, (ulong) (k - b));
    fmpz_mul(N, N, r);
    digits = fmpz_get_str(NULL, 10, N);
    fmpz_clear(r);
    fmpz_clear(N);
    fmpz_clear(five);
    if (digits == NULL)
        return NULL;

    len = (slong) strlen(digits);
    nint = len > k ? len - k : 0;
    /* sign, integer digits (at least "0"), point, k fraction digits */
    out = malloc((size_t) (1 + (nint > 0 ? nint : 1) + 1 + k + 1));
    if (out == NULL)
    {
        flint_free(digits);
        return NULL;
    }
    o = out;
    if (neg)
        *o++ = '-';
    if (nint > 0)
    {
        memcpy(o, digits, (size_t) nint);
        o += nint;
    }
    else
        *o++ = '0';
    if (k > 0)
    {
        *o++ = '.';
        for (i = len; i < k; i++)
            *o++ = '0';
        memcpy(o, digits + nint, (size_t) (len - nint));
        o += len - nint;
    }
    *o = '\0';
    flint_free(digits);
    return out;
}
