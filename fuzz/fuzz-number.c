/* libFuzzer target: the exact number parsers of src/io/number.c.
 *
 * The input is one C string (cut at its first NUL byte).  Each input goes
 * through kr_parse_number() and kr_parse_complex(), with the default limits
 * and with small ones (so that the limit paths are reached by short inputs),
 * and is checked against what the API promises (include/kreiss/io.h):
 *
 *  - *end stays inside the string and, on success, is past at least one
 *    character; on failure the output is unchanged;
 *  - a number that was read is the same double as glibc's correctly rounded
 *    strtod() gives for the same characters (kr_fmpq_round_binary64 against
 *    strtod, overflow included), and MPFR's exponent range is restored;
 *  - the exact decimal of the value (kr_fmpq_get_decimal) reads back to the
 *    same rational;
 *  - kr_parse_complex() returns only KR_OK, KR_ERR_FORMAT or KR_ERR_LIMIT,
 *    with a message on failure and the outputs unchanged.
 *
 * Any violation aborts, which libFuzzer reports as a crash. */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mpfr.h>

#include "kreiss/io.h"

#define CHECK(cond)                                                          \
    do                                                                       \
    {                                                                        \
        if (!(cond))                                                         \
        {                                                                    \
            fprintf(stderr, "fuzz-number: check failed: %s (line %d)\n",     \
                    #cond, __LINE__);                                        \
            abort();                                                         \
        }                                                                    \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* 7/3: a sentinel value no parse failure may touch. */
static void
set_sentinel(fmpq_t x)
{
    fmpq_set_si(x, 7, 3);
}

static int
is_sentinel(const fmpq_t x)
{
    fmpq_t s;
    int r;
    fmpq_init(s);
    set_sentinel(s);
    r = fmpq_equal(x, s);
    fmpq_clear(s);
    return r;
}

static void
check_number(const char *s, const kr_read_opts *opts)
{
    fmpq_t x, y;
    const char *end = NULL, *end2 = NULL;
    kr_numstatus st, st2;
    size_t len = strlen(s);

    fmpq_init(x);
    fmpq_init(y);
    set_sentinel(x);
    st = kr_parse_number(x, s, &end, opts);
    CHECK(end != NULL && end >= s && end <= s + len);
    CHECK(st >= KR_NUM_OK && st <= KR_NUM_OVERFLOW && st != KR_NUM_OVERFLOW);
    CHECK(kr_numstatus_message(st) != NULL);
    if (st != KR_NUM_OK)
        CHECK(is_sentinel(x));
    else
    {
        char *sub, *dec, *send;
        double d, ds;
        kr_numstatus rs;
        mpfr_exp_t emin = mpfr_get_emin(), emax = mpfr_get_emax();

        CHECK(end > s);
        /* end = NULL is allowed and gives the same value */
        set_sentinel(y);
        CHECK(kr_parse_number(y, s, NULL, opts) == KR_NUM_OK && fmpq_equal(x, y));

        /* the exact decimal reads back to the same rational (skipped for
         * huge numbers, whose decimal takes long to print and read) */
        if (fmpz_bits(fmpq_numref(x)) + fmpz_bits(fmpq_denref(x)) < 70000)
        {
            kr_read_opts big;
            dec = kr_fmpq_get_decimal(x);
            CHECK(dec != NULL); /* every number of the grammar is 2^a 5^b-adic */
            kr_read_opts_init(&big);
            big.max_digits = 10000000;
            st2 = kr_parse_number(y, dec, &end2, &big);
            CHECK(st2 == KR_NUM_OK && *end2 == '\0' && fmpq_equal(x, y));
            free(dec);
        }

        /* binary64: the same double as glibc's strtod on the same text */
        sub = strndup(s, (size_t) (end - s));
        CHECK(sub != NULL);
        errno = 0;
        ds = strtod(sub, &send);
        CHECK(*send == '\0'); /* strtod reads exactly the same characters */
        fmpq_set(y, x);
        rs = kr_fmpq_round_binary64(y, &d);
        CHECK(mpfr_get_emin() == emin && mpfr_get_emax() == emax);
        if (rs == KR_NUM_OVERFLOW)
        {
            CHECK(fmpq_equal(x, y));
            CHECK(ds == HUGE_VAL || ds == -HUGE_VAL);
        }
        else
        {
            fmpq_t z;
            CHECK(rs == KR_NUM_OK);
            CHECK(d == ds);
            fmpq_init(z);
            kr_fmpq_set_double(z, d);
            CHECK(fmpq_equal(y, z));
            fmpq_clear(z);
        }
        free(sub);
    }
    fmpq_clear(x);
    fmpq_clear(y);
}

static void
check_complex(const char *s, const kr_read_opts *opts)
{
    fmpq_t re, im;
    kr_error_t err;
    kr_status st;

    fmpq_init(re);
    fmpq_init(im);
    set_sentinel(re);
    set_sentinel(im);
    kr_error_init(err);
    st = kr_parse_complex(re, im, s, opts, err);
    CHECK(st == KR_OK || st == KR_ERR_FORMAT || st == KR_ERR_LIMIT);
    if (st != KR_OK)
    {
        char buf[2048];
        CHECK(is_sentinel(re) && is_sentinel(im));
        CHECK(err->status == st && err->msg[0] != '\0');
        CHECK(memchr(err->msg, '\0', sizeof err->msg) != NULL);
        kr_error_format(buf, sizeof buf, err);
    }
    fmpq_clear(re);
    fmpq_clear(im);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    kr_read_opts small;

    if (s == NULL)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';

    check_number(s, NULL);
    check_complex(s, NULL);

    kr_read_opts_init(&small);
    small.max_digits = 40;
    small.max_exponent = 400;
    check_number(s, &small);
    check_complex(s, &small);

    free(s);
    return 0;
}
