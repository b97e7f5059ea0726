/* Exact number parsing, binary64 rounding, complex numbers, decimals.
 *
 * Expected values are built independently of the code under test: with
 * fmpq_set_si, fmpz_pow_ui and fmpz_mul_2exp, with MPFR's exact conversion
 * of doubles, and with glibc's correctly rounded strtod. */
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include <gmp.h>
#include <mpfr.h>

#include "kreiss/io.h"
#include "tap.h"
#include "exact.h"

/* ------------------------------------------------------------ helpers */

static double
random_finite_double(int allow_subnormal)
{
    for (;;)
    {
        uint64_t b = ex_rand64();
        double d;
        int e = (int) ((b >> 52) & 0x7ff);
        if (e == 0x7ff)
            continue;
        if (!allow_subnormal && e == 0)
            continue;
        memcpy(&d, &b, sizeof d);
        return d;
    }
}

static double
random_subnormal(void)
{
    uint64_t b = ex_rand64() & ((UINT64_C(1) << 52) - 1);
    double d;
    if (b == 0)
        b = 1;
    if (ex_rand64() & 1)
        b |= UINT64_C(1) << 63;
    memcpy(&d, &b, sizeof d);
    return d;
}

static int
same_bits(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

static char *
fmpq_str(const fmpq_t x)
{
    static char buf[4][128];
    static int k = 0;
    char *s = fmpq_get_str(NULL, 10, x);
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%.120s", s);
    flint_free(s);
    return buf[k];
}

/* ------------------------------------------------------------ fixed cases */

typedef struct
{
    const char *s;
    kr_numstatus st;
    long num, den; /* expected value when st == KR_NUM_OK */
    int end;       /* expected end offset */
} num_case;

static const num_case num_cases[] = {
    {"0.1", KR_NUM_OK, 1, 10, 3},
    {"-0.125", KR_NUM_OK, -1, 8, 6},
    {"+5.", KR_NUM_OK, 5, 1, 3},
    {".5", KR_NUM_OK, 1, 2, 2},
    {"-.5", KR_NUM_OK, -1, 2, 3},
    {"1e3", KR_NUM_OK, 1000, 1, 3},
    {"1E-3", KR_NUM_OK, 1, 1000, 4},
    {"-2.5e+2", KR_NUM_OK, -250, 1, 7},
    {"000123.4500", KR_NUM_OK, 2469, 20, 11},
    {"0", KR_NUM_OK, 0, 1, 1},
    {"-0", KR_NUM_OK, 0, 1, 2},
    {"0.000", KR_NUM_OK, 0, 1, 5},
    {"0e5", KR_NUM_OK, 0, 1, 3},
    {"1.e2", KR_NUM_OK, 100, 1, 4},
    {"1e", KR_NUM_OK, 1, 1, 1},
    {"1e+", KR_NUM_OK, 1, 1, 1},
    {"1e-x", KR_NUM_OK, 1, 1, 1},
    {"1.5abc", KR_NUM_OK, 3, 2, 3},
    {"12e-1x", KR_NUM_OK, 6, 5, 5},
    {"7 ", KR_NUM_OK, 7, 1, 1},
    {"1.2.3", KR_NUM_OK, 6, 5, 3},
    {"1..2", KR_NUM_OK, 1, 1, 2},
    {"3i", KR_NUM_OK, 3, 1, 1},
    {"0x1.8p-3", KR_NUM_OK, 3, 16, 8},
    {"0x10", KR_NUM_OK, 16, 1, 4},
    {"0X.8", KR_NUM_OK, 1, 2, 4},
    {"-0xAp1", KR_NUM_OK, -20, 1, 6},
    {"+0x1P+4", KR_NUM_OK, 16, 1, 7},
    {"0xff.cp-2", KR_NUM_OK, 1023, 16, 9},
    {"0x1p", KR_NUM_OK, 1, 1, 3},
    {"0x1p-", KR_NUM_OK, 1, 1, 3},
    {"0x", KR_NUM_OK, 0, 1, 1},
    {"0xg", KR_NUM_OK, 0, 1, 1},
    {"0x.p1", KR_NUM_OK, 0, 1, 1},
    {"0x1e-3", KR_NUM_OK, 30, 1, 4},
    {"0x1.", KR_NUM_OK, 1, 1, 4},
    {"nan", KR_NUM_NONFINITE, 0, 0, 3},
    {"NaN", KR_NUM_NONFINITE, 0, 0, 3},
    {"-inf", KR_NUM_NONFINITE, 0, 0, 4},
    {"+Infinity", KR_NUM_NONFINITE, 0, 0, 9},
    {"INF", KR_NUM_NONFINITE, 0, 0, 3},
    {"infinit", KR_NUM_NONFINITE, 0, 0, 3},
    {"-NAN", KR_NUM_NONFINITE, 0, 0, 4},
    {"", KR_NUM_EMPTY, 0, 0, 0},
    {" 1", KR_NUM_EMPTY, 0, 0, 0},
    {"\t", KR_NUM_EMPTY, 0, 0, 0},
    {"abc", KR_NUM_SYNTAX, 0, 0, 0},
    {"+", KR_NUM_SYNTAX, 0, 0, 0},
    {".", KR_NUM_SYNTAX, 0, 0, 0},
    {"e5", KR_NUM_SYNTAX, 0, 0, 0},
    {"-.e1", KR_NUM_SYNTAX, 0, 0, 0},
    {"--1", KR_NUM_SYNTAX, 0, 0, 0},
    {"+-1", KR_NUM_SYNTAX, 0, 0, 0},
    {"i", KR_NUM_SYNTAX, 0, 0, 0},
    {"in", KR_NUM_SYNTAX, 0, 0, 0},
    {"- 1", KR_NUM_SYNTAX, 0, 0, 0},
};

static void
test_fixed(void)
{
    size_t k;
    fmpq_t x, want, sentinel;
    const char *end;
    fmpq_init(x);
    fmpq_init(want);
    fmpq_init(sentinel);
    fmpq_set_si(sentinel, 7, 3);
    for (k = 0; k < sizeof num_cases / sizeof num_cases[0]; k++)
    {
        const num_case *c = num_cases + k;
        kr_numstatus st;
        fmpq_set(x, sentinel);
        st = kr_parse_number(x, c->s, &end, NULL);
        if (c->st == KR_NUM_OK)
        {
            fmpq_set_si(want, c->num, (ulong) c->den);
            ok(st == KR_NUM_OK && fmpq_equal(x, want)
                   && end - c->s == c->end,
               "\"%s\" = %ld/%ld, %d characters (got status %d, %s, %d)",
               c->s, c->num, c->den, c->end, (int) st, fmpq_str(x),
               (int) (end - c->s));
        }
        else
            ok(st == c->st && fmpq_equal(x, sentinel)
                   && end - c->s == c->end,
               "\"%s\" gives %s, x untouched, %d characters (got %d, %d)",
               c->s, kr_numstatus_message(c->st), c->end, (int) st,
               (int) (end - c->s));
    }
    /* end may be NULL */
    ok(kr_parse_number(x, "2.5", NULL, NULL) == KR_NUM_OK, "end may be NULL");

    /* Extreme hexadecimal values, against exact constructions. */
    kr_parse_number(x, "0x1.fffffffffffffp1023", NULL, NULL);
    ex_fmpq_set_double(want, DBL_MAX);
    ok(fmpq_equal(x, want), "0x1.fffffffffffffp1023 is DBL_MAX");
    kr_parse_number(x, "0x1p-1074", NULL, NULL);
    fmpq_one(want);
    fmpq_div_2exp(want, want, 1074);
    ok(fmpq_equal(x, want), "0x1p-1074 is 2^-1074");
    kr_parse_number(x, "-0x0.0000000000001p-1022", NULL, NULL);
    fmpq_neg(want, want);
    ok(fmpq_equal(x, want), "-0x0.0000000000001p-1022 is -2^-1074");

    fmpq_clear(x);
    fmpq_clear(want);
    fmpq_clear(sentinel);
}

static void
test_limits(void)
{
    kr_read_opts opts;
    fmpq_t x, want;
    const char *end;
    clock_t t0;
    double secs;
    char *big;
    int k;

    fmpq_init(x);
    fmpq_init(want);
    kr_read_opts_init(&opts);
    is_int(opts.entries, KR_ENTRIES_EXACT, "default semantics: exact");
    is_int(opts.max_dim, KR_DEFAULT_MAX_DIM, "default max_dim");
    is_int(opts.max_digits, KR_DEFAULT_MAX_DIGITS, "default max_digits");
    is_int(opts.max_exponent, KR_DEFAULT_MAX_EXPONENT, "default max_exponent");

    opts.max_digits = 10;
    is_int(kr_parse_number(x, "12345678901", &end, &opts), KR_NUM_TOO_LONG,
           "11 digits > max_digits 10");
    is_int(kr_parse_number(x, "1234567890", NULL, &opts), KR_NUM_OK,
           "10 digits = max_digits");
    is_int(kr_parse_number(x, "0.123456789", NULL, &opts), KR_NUM_OK,
           "0.123456789 has 10 digits");
    is_int(kr_parse_number(x, "0.1234567891", NULL, &opts), KR_NUM_TOO_LONG,
           "0.1234567891 has 11 digits");
    is_int(kr_parse_number(x, "0x12345678901", NULL, &opts), KR_NUM_TOO_LONG,
           "11 hex digits > max_digits 10");
    opts.max_digits = 0; /* default */
    opts.max_exponent = 20;
    is_int(kr_parse_number(x, "1e20", NULL, &opts), KR_NUM_OK,
           "exponent 20 = max_exponent");
    is_int(kr_parse_number(x, "1e-21", NULL, &opts), KR_NUM_EXPONENT,
           "exponent -21 beyond max_exponent 20");
    is_int(kr_parse_number(x, "0x1p21", NULL, &opts), KR_NUM_EXPONENT,
           "binary exponent 21 beyond max_exponent 20");
    is_int(kr_parse_number(x, "1e000000000000000000000000000020", NULL,
                           &opts), KR_NUM_OK,
           "leading zeros of an exponent do not count");

    /* Defaults: huge exponents refused at once. */
    t0 = clock();
    is_int(kr_parse_number(x, "1e1000000000", NULL, NULL), KR_NUM_EXPONENT,
           "1e1000000000: exponent too large");
    is_int(kr_parse_number(x, "-1e-99999999999999999999999999999999", NULL,
                           NULL), KR_NUM_EXPONENT,
           "an exponent beyond any integer type");
    is_int(kr_parse_number(x, "0x1p-1000000000", NULL, NULL), KR_NUM_EXPONENT,
           "0x1p-1000000000: exponent too large");
    is_int(kr_parse_number(x, "0e1000000001", NULL, NULL), KR_NUM_EXPONENT,
           "the limit holds for zero too");
    secs = (double) (clock() - t0) / CLOCKS_PER_SEC;
    ok(secs < 0.5, "huge exponents are refused quickly (%.3f s)", secs);

    is_int(kr_parse_number(x, "1e-1000000", NULL, NULL), KR_NUM_OK,
           "1e-1000000 is within the default limit");
    ok(fmpz_is_one(fmpq_numref(x)) && fmpz_sizeinbase(fmpq_denref(x), 10)
           == 1000001, "1e-1000000 = 1/10^1000000");

    /* A long number: max_digits digits exactly, and one more. */
    big = malloc(KR_DEFAULT_MAX_DIGITS + 3);
    if (big == NULL)
        bail("out of memory");
    big[0] = '1';
    for (k = 1; k < KR_DEFAULT_MAX_DIGITS; k++)
        big[k] = '0';
    big[KR_DEFAULT_MAX_DIGITS] = '\0';
    fmpz_set_ui(fmpq_numref(want), 10);
    fmpz_pow_ui(fmpq_numref(want), fmpq_numref(want),
                KR_DEFAULT_MAX_DIGITS - 1);
    fmpz_one(fmpq_denref(want));
    ok(kr_parse_number(x, big, &end, NULL) == KR_NUM_OK && fmpq_equal(x, want)
           && end == big + KR_DEFAULT_MAX_DIGITS,
       "a number of exactly max_digits digits");
    big[KR_DEFAULT_MAX_DIGITS] = '0';
    big[KR_DEFAULT_MAX_DIGITS + 1] = '\0';
    is_int(kr_parse_number(x, big, NULL, NULL), KR_NUM_TOO_LONG,
           "max_digits + 1 digits");
    free(big);

    /* The budget: digits + |exponent|, charged before anything is built. */
    {
        slong budget = 1000;
        fmpq_set_si(want, 7, 1);
        fmpq_set(x, want);
        ok(kr_parse_number_budget(x, "-12.5e-3", &end, NULL, &budget) == KR_NUM_OK
               && budget == 1000 - 3 - 3 && *end == '\0',
           "-12.5e-3 costs 3 digits + 3");
        ok(kr_parse_number_budget(x, "0x1.8p-10", NULL, NULL, &budget) == KR_NUM_OK
               && budget == 994 - 2 - 10, "0x1.8p-10 costs 2 hex digits + 10");
        fmpq_set(x, want);
        t0 = clock();
        ok(kr_parse_number_budget(x, "1e999999", &end, NULL, &budget) == KR_NUM_BUDGET
               && budget == 982 && fmpq_equal(x, want) && *end == '\0',
           "1e999999 beyond a budget of 982: refused, x and the budget untouched");
        secs = (double) (clock() - t0) / CLOCKS_PER_SEC;
        ok(secs < 0.01, "... before the number is built (%.4f s)", secs);
        budget = 1000000;
        ok(kr_parse_number_budget(x, "1e999999", NULL, NULL, &budget) == KR_NUM_OK
               && budget == 0, "1e999999 within a budget of 10^6: read, budget 0");
        is_int(kr_parse_number_budget(x, "0", NULL, NULL, &budget), KR_NUM_BUDGET,
               "then even 0 (one digit) is beyond it");
        is_int(kr_parse_number_budget(x, "1e1000000000", NULL, NULL, &budget),
               KR_NUM_EXPONENT, "the limits are checked before the budget");
        is_int(kr_parse_number_budget(x, "5", NULL, NULL, NULL), KR_NUM_OK,
               "a NULL budget charges nothing");
    }

    fmpq_clear(x);
    fmpq_clear(want);
}

/* ------------------------------------------------------------ random */

/* Random decimal strings: digits, an optional point, an optional exponent;
 * the expected value m 10^(e - f) is built from the digit string. */
static void
test_random_decimal(int iters)
{
    fmpq_t x, want;
    fmpz_t p;
    char s[200], digits[64];
    int it, bad = 0;
    fmpq_init(x);
    fmpq_init(want);
    fmpz_init(p);
    for (it = 0; it < iters; it++)
    {
        int nd = (int) ex_rand_range(1, 40), k, point, f, len = 0;
        long e = 0;
        int has_e = (int) (ex_rand64() % 3 != 0), neg = (int) (ex_rand64() & 1);
        for (k = 0; k < nd; k++)
            digits[k] = (char) ('0' + ex_rand64() % 10);
        digits[nd] = '\0';
        point = (int) ex_rand_range(-1, nd); /* -1: no point */
        if (has_e)
            e = ex_rand_range(-400, 400);
        if (neg)
            s[len++] = '-';
        else if (ex_rand64() & 1)
            s[len++] = '+';
        for (k = 0; k < nd; k++)
        {
            if (k == point)
                s[len++] = '.';
            s[len++] = digits[k];
        }
        if (point == nd)
            s[len++] = '.';
        s[len] = '\0';
        if (has_e)
            snprintf(s + len, sizeof s - (size_t) len, "%s%ld",
                     ex_rand64() & 1 ? "e" : "E", e);
        f = point < 0 ? 0 : nd - point;

        fmpz_set_str(fmpq_numref(want), digits, 10);
        if (neg)
            fmpz_neg(fmpq_numref(want), fmpq_numref(want));
        fmpz_one(fmpq_denref(want));
        fmpz_set_ui(p, 10);
        fmpz_pow_ui(p, p, (ulong) labs(e - f));
        if (e - f >= 0)
            fmpz_mul(fmpq_numref(want), fmpq_numref(want), p);
        else
        {
            fmpz_set(fmpq_denref(want), p);
            fmpq_canonicalise(want);
        }
        if (kr_parse_number(x, s, NULL, NULL) != KR_NUM_OK
            || !fmpq_equal(x, want))
        {
            if (bad++ < 5)
                diag("decimal \"%s\" misread", s);
        }
    }
    is_int(bad, 0, "%d random decimal strings read exactly", iters);
    fmpq_clear(x);
    fmpq_clear(want);
    fmpz_clear(p);
}

/* Random hexadecimal strings, expected m 2^(p - 4f); random doubles
 * printed with %a, expected their exact value. */
static void
test_random_hex(int iters)
{
    fmpq_t x, want;
    char s[200], digits[64];
    int it, bad = 0, bad2 = 0;
    static const char hex[] = "0123456789abcdefABCDEF";
    fmpq_init(x);
    fmpq_init(want);
    for (it = 0; it < iters; it++)
    {
        int nd = (int) ex_rand_range(1, 30), k, point, f, len = 0;
        long e = 0;
        int has_p = (int) (ex_rand64() % 3 != 0), neg = (int) (ex_rand64() & 1);
        for (k = 0; k < nd; k++)
            digits[k] = hex[ex_rand64() % 22];
        digits[nd] = '\0';
        point = (int) ex_rand_range(-1, nd);
        if (has_p)
            e = ex_rand_range(-1100, 1100);
        len = snprintf(s, sizeof s, "%s0%c", neg ? "-" : "",
                       ex_rand64() & 1 ? 'x' : 'X');
        for (k = 0; k < nd; k++)
        {
            if (k == point)
                s[len++] = '.';
            s[len++] = digits[k];
        }
        if (point == nd)
            s[len++] = '.';
        s[len] = '\0';
        if (has_p)
            snprintf(s + len, sizeof s - (size_t) len, "%c%ld",
                     ex_rand64() & 1 ? 'p' : 'P', e);
        f = point < 0 ? 0 : nd - point;

        fmpz_set_str(fmpq_numref(want), digits, 16);
        if (neg)
            fmpz_neg(fmpq_numref(want), fmpq_numref(want));
        fmpz_one(fmpq_denref(want));
        if (e - 4 * f >= 0)
            fmpq_mul_2exp(want, want, (ulong) (e - 4 * f));
        else
            fmpq_div_2exp(want, want, (ulong) (4 * f - e));
        if (kr_parse_number(x, s, NULL, NULL) != KR_NUM_OK
            || !fmpq_equal(x, want))
        {
            if (bad++ < 5)
                diag("hex \"%s\" misread", s);
        }
    }
    is_int(bad, 0, "%d random hexadecimal strings read exactly", iters);

    for (it = 0; it < iters; it++)
    {
        double d = it % 4 == 0 ? random_subnormal() : random_finite_double(1);
        snprintf(s, sizeof s, "%a", d);
        ex_fmpq_set_double(want, d);
        if (kr_parse_number(x, s, NULL, NULL) != KR_NUM_OK
            || !fmpq_equal(x, want))
        {
            if (bad2++ < 5)
                diag("%%a output \"%s\" misread", s);
        }
    }
    is_int(bad2, 0, "%d doubles printed with %%a read exactly", iters);
    fmpq_clear(x);
    fmpq_clear(want);
}

static void
test_set_double(int iters)
{
    static const double special[] = {0.0, -0.0, 1.0, -1.5, 0.1, DBL_MAX,
                                     -DBL_MAX, DBL_MIN, 4.9406564584124654e-324,
                                     2.2250738585072009e-308, 1e300, 1e-300};
    fmpq_t x, want;
    size_t k;
    int it, bad = 0;
    fmpq_init(x);
    fmpq_init(want);
    for (k = 0; k < sizeof special / sizeof special[0]; k++)
    {
        kr_fmpq_set_double(x, special[k]);
        ex_fmpq_set_double(want, special[k]);
        ok(fmpq_equal(x, want), "kr_fmpq_set_double(%a)", special[k]);
    }
    for (it = 0; it < iters; it++)
    {
        double d = it % 4 == 0 ? random_subnormal() : random_finite_double(1);
        kr_fmpq_set_double(x, d);
        ex_fmpq_set_double(want, d);
        if (!fmpq_equal(x, want) && bad++ < 5)
            diag("kr_fmpq_set_double(%a) wrong", d);
    }
    is_int(bad, 0, "kr_fmpq_set_double exact on %d random doubles", iters);
    fmpq_clear(x);
    fmpq_clear(want);
}

/* Parse s exactly, round to binary64 and compare with strtod.  Returns 1
 * when they agree. */
static int
agrees_with_strtod(const char *s)
{
    fmpq_t x, want;
    double d = 0.0, r;
    kr_numstatus st;
    int good;
    fmpq_init(x);
    fmpq_init(want);
    errno = 0;
    r = strtod(s, NULL);
    st = kr_parse_number(x, s, NULL, NULL);
    if (st == KR_NUM_OK)
        st = kr_fmpq_round_binary64(x, &d);
    if (isinf(r))
        good = st == KR_NUM_OVERFLOW && errno == ERANGE && isinf(d)
               && (d > 0) == (r > 0);
    else
    {
        ex_fmpq_set_double(want, r);
        /* The rational 0 has no sign: -0e5 may give +0. */
        good = st == KR_NUM_OK && (same_bits(d, r) || (d == 0 && r == 0))
               && fmpq_equal(x, want);
    }
    if (!good)
        diag("binary64 rounding of \"%.80s\": got %a (status %d), strtod %a",
             s, d, (int) st, r);
    fmpq_clear(x);
    fmpq_clear(want);
    return good;
}

static void
test_binary64_random(int iters)
{
    char s[200];
    int it, bad = 0;
    for (it = 0; it < iters && bad < 5; it++)
    {
        int nd = (int) ex_rand_range(1, 25), k, len = 0;
        long e = ex_rand_range(-345, 315) - nd;
        if (ex_rand64() & 1)
            s[len++] = '-';
        for (k = 0; k < nd; k++)
            s[len++] = (char) ('0' + ex_rand64() % 10);
        snprintf(s + len, sizeof s - (size_t) len, "e%ld", e);
        bad += !agrees_with_strtod(s);
    }
    is_int(bad, 0, "binary64 rounding agrees with strtod on %d random "
           "decimals", iters);
}

/* Decimal string of the exact value of N / 2^k as "D e-k" with D = N 5^k. */
static char *
halfway_string(const fmpz_t N, ulong k, int delta)
{
    fmpz_t D;
    char *ds, *s;
    size_t len;
    fmpz_init(D);
    fmpz_set_ui(D, 5);
    fmpz_pow_ui(D, D, k);
    fmpz_mul(D, D, N);
    if (delta != 0)
    {
        /* D + delta/10: append a digit */
        fmpz_mul_ui(D, D, 10);
        if (delta > 0)
            fmpz_add_ui(D, D, 1);
        else
            fmpz_sub_ui(D, D, 1);
        k++;
    }
    ds = fmpz_get_str(NULL, 10, D);
    len = strlen(ds) + 32;
    s = malloc(len);
    if (s == NULL)
        bail("out of memory");
    snprintf(s, len, "%se-%lu", ds, k);
    flint_free(ds);
    fmpz_clear(D);
    return s;
}

/* Exact midpoints between adjacent doubles (ties), and values just above
 * and below them. */
static void
test_binary64_halfway(int iters)
{
    fmpq_t a, b;
    int it, bad = 0, delta;
    fmpq_init(a);
    fmpq_init(b);
    for (it = 0; it < iters && bad < 5; it++)
    {
        double d, e;
        if (it == 0)
            d = DBL_MAX;
        else if (it == 1)
            d = 0.0;
        else if (it == 2)
            d = DBL_MIN;
        else if (it == 3)
            d = 1.0;
        else
            d = fabs(it % 3 == 0 ? random_subnormal()
                                 : random_finite_double(1));
        e = nextafter(d, HUGE_VAL);
        ex_fmpq_set_double(a, d);
        if (isinf(e))
        {
            /* the tie between DBL_MAX and 2^1024 */
            fmpq_one(b);
            fmpq_mul_2exp(b, b, 1024);
        }
        else
            ex_fmpq_set_double(b, e);
        fmpq_add(a, a, b);
        fmpq_div_2exp(a, a, 1);
        /* a = N / 2^k */
        for (delta = -1; delta <= 1; delta++)
        {
            ulong k = fmpz_val2(fmpq_denref(a));
            char *s = halfway_string(fmpq_numref(a), k, delta);
            bad += !agrees_with_strtod(s);
            free(s);
        }
    }
    is_int(bad, 0, "binary64 ties and near-ties agree with strtod (%d "
           "pairs of doubles, incl. subnormal and overflow boundaries)",
           iters);
    fmpq_clear(a);
    fmpq_clear(b);
}

static void
test_binary64_fixed(void)
{
    static const char *cases[] = {
        "0.1", "1e23", "8.98846567431158e307", "1.7976931348623157e308",
        "1.7976931348623158e308", "1.7976931348623159e308", "1e309",
        "-1e400", "2.4703282292062327e-324", "2.4703282292062328e-324",
        "2.4703282292062327208828439643411068618252990130716238221279284125e-324",
        "4.9406564584124654e-324", "1e-400", "-1e-400",
        "2.2250738585072011e-308", "2.2250738585072012e-308",
        "9007199254740993", "9007199254740995", "0x1.00000000000008p0",
        "0x1.000000000000080000001p0", "0x1.fffffffffffff8p1023",
        "0x1.fffffffffffff7ffp1023", "0x0.00000000000008p-1022",
        "0x0.000000000000080001p-1022", "123456789012345678901234567890",
    };
    size_t k;
    fmpq_t x, y;
    double d;
    mpfr_exp_t emin, emax;

    for (k = 0; k < sizeof cases / sizeof cases[0]; k++)
        ok(agrees_with_strtod(cases[k]), "binary64 of %s as strtod", cases[k]);

    fmpq_init(x);
    fmpq_init(y);
    /* The MPFR exponent range is restored, whatever it was. */
    emin = mpfr_get_emin();
    emax = mpfr_get_emax();
    mpfr_set_emin(-5000);
    mpfr_set_emax(7000);
    fmpq_set_si(x, 1, 3);
    kr_fmpq_round_binary64(x, &d);
    ok(mpfr_get_emin() == -5000 && mpfr_get_emax() == 7000,
       "the caller's MPFR exponent range is restored");
    mpfr_set_emin(emin);
    mpfr_set_emax(emax);
    ok(d == 1.0 / 3.0, "1/3 rounds to the double 1.0/3.0");
    ex_fmpq_set_double(y, 1.0 / 3.0);
    ok(fmpq_equal(x, y), "x holds the double exactly");

    /* Overflow leaves x alone. */
    fmpq_one(x);
    fmpq_mul_2exp(x, x, 1024);
    fmpq_set(y, x);
    is_int(kr_fmpq_round_binary64(x, &d), KR_NUM_OVERFLOW, "2^1024 overflows");
    ok(fmpq_equal(x, y) && isinf(d) && d > 0, "x untouched, d = +inf");
    fmpq_neg(x, x);
    is_int(kr_fmpq_round_binary64(x, NULL), KR_NUM_OVERFLOW,
           "-2^1024 overflows, d may be NULL");
    fmpq_zero(x);
    ok(kr_fmpq_round_binary64(x, &d) == KR_NUM_OK && d == 0.0 && fmpq_is_zero(x),
       "0 stays 0");
    fmpq_clear(x);
    fmpq_clear(y);
}

/* ------------------------------------------------------------ complex */

typedef struct
{
    const char *s;
    long rn, rd, in, id;
} cx_case;

static const cx_case cx_good[] = {
    {"1.05-0.2i", 21, 20, -1, 5},
    {"-3", -3, 1, 0, 1},
    {"2i", 0, 1, 2, 1},
    {"i", 0, 1, 1, 1},
    {"-i", 0, 1, -1, 1},
    {"+i", 0, 1, 1, 1},
    {"j", 0, 1, 1, 1},
    {"-2.5J", 0, 1, -5, 2},
    {"1e-3+2.5e-1j", 1, 1000, 1, 4},
    {"0x1p-2-0x1p-3i", 1, 4, -1, 8},
    {"1.5+0i", 3, 2, 0, 1},
    {"1-i", 1, 1, -1, 1},
    {"1+i", 1, 1, 1, 1},
    {"1e+2i", 0, 1, 100, 1},
    {"1e-2-1e+2i", 1, 100, -100, 1},
    {"-0x1.8p1+0x10j", -3, 1, 16, 1},
    {".5-.25i", 1, 2, -1, 4},
    {"0", 0, 1, 0, 1},
};

static const char *cx_bad[] = {
    "1.05 - 0.2i", "1..2", "i2", "", "1+2", "nan", "1e", " 1", "1 ", "1+2i+3",
    "2ii", "inf", "1+nani", "+", "-", "ii", "1.5+", "1+-2i", "1e+", "0x",
    "1+2k", "i+1", "--i", "1,5", "1+infj",
};

static void
test_complex(void)
{
    size_t k;
    fmpq_t re, im, wr, wi;
    kr_error_t err;
    kr_read_opts opts;
    fmpq_init(re);
    fmpq_init(im);
    fmpq_init(wr);
    fmpq_init(wi);
    for (k = 0; k < sizeof cx_good / sizeof cx_good[0]; k++)
    {
        const cx_case *c = cx_good + k;
        kr_status st;
        kr_error_init(err);
        fmpq_set_si(re, 99, 1);
        fmpq_set_si(im, 99, 1);
        st = kr_parse_complex(re, im, c->s, NULL, err);
        fmpq_set_si(wr, c->rn, (ulong) c->rd);
        fmpq_set_si(wi, c->in, (ulong) c->id);
        ok(st == KR_OK && fmpq_equal(re, wr) && fmpq_equal(im, wi),
           "complex \"%s\" = %ld/%ld + %ld/%ld i (got %s + %s i)", c->s,
           c->rn, c->rd, c->in, c->id, fmpq_str(re), fmpq_str(im));
    }
    for (k = 0; k < sizeof cx_bad / sizeof cx_bad[0]; k++)
    {
        kr_status st;
        kr_error_init(err);
        fmpq_set_si(re, 99, 1);
        fmpq_set_si(im, 98, 1);
        st = kr_parse_complex(re, im, cx_bad[k], NULL, err);
        ok(st == KR_ERR_FORMAT && err->status == KR_ERR_FORMAT
               && strstr(err->msg, "complex") != NULL
               && fmpz_equal_si(fmpq_numref(re), 99)
               && fmpz_equal_si(fmpq_numref(im), 98),
           "complex \"%s\" refused, outputs untouched: %s", cx_bad[k],
           err->msg);
    }
    kr_read_opts_init(&opts);
    opts.max_digits = 5;
    kr_error_init(err);
    is_int(kr_parse_complex(re, im, "1+123456i", &opts, err), KR_ERR_LIMIT,
           "complex with too many digits: limit");
    kr_error_init(err);
    is_int(kr_parse_complex(re, im, "1e99999999999", NULL, err), KR_ERR_LIMIT,
           "complex with a huge exponent: limit");
    is_int(kr_parse_complex(re, im, "1+2i", NULL, NULL), KR_OK,
           "err may be NULL");
    fmpq_clear(re);
    fmpq_clear(im);
    fmpq_clear(wr);
    fmpq_clear(wi);
}

/* ------------------------------------------------------------ decimals */

typedef struct
{
    long num, den;
    const char *want;
} dec_case;

static const dec_case dec_cases[] = {
    {0, 1, "0"},           {3, 1, "3"},         {-1, 8, "-0.125"},
    {1, 20, "0.05"},       {-7, 1024, "-0.0068359375"},
    {12345, 100, "123.45"}, {-100, 1, "-100"},   {1, 3, NULL},
    {1, 6, NULL},          {5, 14, NULL},       {1, 2, "0.5"},
    {25, 2, "12.5"},       {-3, 5, "-0.6"},
};

/* Is s a canonical positional decimal: -?(0|[1-9][0-9]*)(.[0-9]*[1-9])? */
static int
canonical_decimal(const char *s)
{
    if (*s == '-')
        s++;
    if (*s == '0')
        s++;
    else if (*s >= '1' && *s <= '9')
        while (*s >= '0' && *s <= '9')
            s++;
    else
        return 0;
    if (*s == '\0')
        return 1;
    if (*s++ != '.')
        return 0;
    if (*s == '\0')
        return 0;
    while (*s >= '0' && *s <= '9')
        s++;
    return *s == '\0' && s[-1] != '0';
}

static void
test_decimal(int iters)
{
    size_t k;
    fmpq_t x, y;
    fmpz_t t;
    int it, bad = 0;
    char *s;
    fmpq_init(x);
    fmpq_init(y);
    fmpz_init(t);
    for (k = 0; k < sizeof dec_cases / sizeof dec_cases[0]; k++)
    {
        fmpq_set_si(x, dec_cases[k].num, (ulong) dec_cases[k].den);
        s = kr_fmpq_get_decimal(x);
        is_string(s, dec_cases[k].want, "decimal of %ld/%ld",
                  dec_cases[k].num, dec_cases[k].den);
        free(s);
    }
    fmpz_set_ui(fmpq_numref(x), 10);
    fmpz_pow_ui(fmpq_numref(x), fmpq_numref(x), 30);
    fmpz_one(fmpq_denref(x));
    s = kr_fmpq_get_decimal(x);
    is_string(s, "1000000000000000000000000000000", "decimal of 10^30");
    free(s);
    fmpq_inv(x, x);
    s = kr_fmpq_get_decimal(x);
    is_string(s, "0.000000000000000000000000000001", "decimal of 10^-30");
    free(s);

    /* Random m / (2^a 5^b): canonical form, and it reads back exactly. */
    for (it = 0; it < iters; it++)
    {
        ulong a = (ulong) ex_rand_range(0, 80), b = (ulong) ex_rand_range(0, 80);
        fmpz_set_ui(fmpq_numref(x), ex_rand64());
        fmpz_mul_ui(fmpq_numref(x), fmpq_numref(x), ex_rand64() >> ex_rand_range(0, 63));
        if (ex_rand64() & 1)
            fmpz_neg(fmpq_numref(x), fmpq_numref(x));
        fmpz_set_ui(t, 5);
        fmpz_pow_ui(t, t, b);
        fmpz_mul_2exp(fmpq_denref(x), t, a);
        fmpq_canonicalise(x);
        s = kr_fmpq_get_decimal(x);
        if (s == NULL || !canonical_decimal(s)
            || kr_parse_number(y, s, NULL, NULL) != KR_NUM_OK
            || !fmpq_equal(x, y))
        {
            if (bad++ < 5)
                diag("decimal of %s: %s", fmpq_str(x), s ? s : "(null)");
        }
        free(s);
    }
    is_int(bad, 0, "%d random decimals are canonical and read back exactly",
           iters);
    fmpq_clear(x);
    fmpq_clear(y);
    fmpz_clear(t);
}

static void
test_messages(void)
{
    int s;
    for (s = KR_NUM_OK; s <= KR_NUM_BUDGET; s++)
        ok(strlen(kr_numstatus_message((kr_numstatus) s)) > 0,
           "message for number status %d: %s", s,
           kr_numstatus_message((kr_numstatus) s));
}

int
main(void)
{
    unsigned long seed;
    int iters = getenv("KREISS_TEST_QUICK") ? 300 : 3000;
    (void) plan;
    plan_lazy();
    seed = tap_seed(20240611);
    ex_rand_seed(seed);

    test_fixed();
    test_limits();
    test_random_decimal(iters);
    test_random_hex(iters);
    test_set_double(iters);
    test_binary64_fixed();
    test_binary64_random(4 * iters);
    test_binary64_halfway(iters);
    test_complex();
    test_decimal(iters);
    test_messages();
    flint_cleanup();
    return 0;
}
