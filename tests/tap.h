/* A tiny TAP producer for kreiss's tests (after c-tap-harness).
 *
 * plan(n) or plan_lazy(); ok(cond, fmt, ...); is_int; is_string; diag;
 * skip; skip_all; bail.  Exit status is 0 when every planned test passed.
 * Randomised tests take their seed from the environment variable
 * KREISS_TEST_SEED (decimal), default tap_default_seed, and print it. */
#ifndef KREISS_TAP_H
#define KREISS_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned long tap_run = 0, tap_failed = 0, tap_planned = 0;
static int tap_lazy = 0;

static void tap_finish(void);

static void __attribute__((unused))
plan(unsigned long n)
{
    tap_planned = n;
    printf("1..%lu\n", n);
    fflush(stdout);
    atexit(tap_finish);
}

static void __attribute__((unused))
plan_lazy(void)
{
    tap_lazy = 1;
    atexit(tap_finish);
}

static void
tap_finish(void)
{
    if (tap_lazy)
        printf("1..%lu\n", tap_run);
    else if (tap_run != tap_planned)
        printf("# planned %lu tests but ran %lu\n", tap_planned, tap_run);
    fflush(stdout);
    if (tap_failed > 0 || (!tap_lazy && tap_run != tap_planned))
        _Exit(1);
}

static void diag(const char *fmt, ...) __attribute__((format(printf, 1, 2), unused));
static void
diag(const char *fmt, ...)
{
    va_list ap;
    fflush(stdout);
    printf("# ");
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    fflush(stdout);
}

static int ok(int cond, const char *fmt, ...) __attribute__((format(printf, 2, 3), unused));
static int
ok(int cond, const char *fmt, ...)
{
    va_list ap;
    tap_run++;
    if (!cond)
        tap_failed++;
    printf("%sok %lu - ", cond ? "" : "not ", tap_run);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    fflush(stdout);
    return cond;
}

static int is_int(long got, long want, const char *fmt, ...)
    __attribute__((format(printf, 3, 4), unused));
static int
is_int(long got, long want, const char *fmt, ...)
{
    va_list ap;
    int cond = got == want;
    tap_run++;
    if (!cond)
        tap_failed++;
    printf("%sok %lu - ", cond ? "" : "not ", tap_run);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    if (!cond)
        printf("#   got %ld, want %ld\n", got, want);
    fflush(stdout);
    return cond;
}

static int is_string(const char *got, const char *want, const char *fmt, ...)
    __attribute__((format(printf, 3, 4), unused));
static int
is_string(const char *got, const char *want, const char *fmt, ...)
{
    va_list ap;
    int cond = (got == NULL && want == NULL)
               || (got != NULL && want != NULL && strcmp(got, want) == 0);
    tap_run++;
    if (!cond)
        tap_failed++;
    printf("%sok %lu - ", cond ? "" : "not ", tap_run);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    if (!cond)
        printf("#   got \"%s\", want \"%s\"\n", got ? got : "(null)",
               want ? want : "(null)");
    fflush(stdout);
    return cond;
}

static void skip(const char *reason) __attribute__((unused));
static void
skip(const char *reason)
{
    tap_run++;
    printf("ok %lu # skip %s\n", tap_run, reason);
    fflush(stdout);
}

static void skip_all(const char *reason) __attribute__((noreturn, unused));
static void
skip_all(const char *reason)
{
    printf("1..0 # skip %s\n", reason);
    fflush(stdout);
    exit(0);
}

static void bail(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn, unused));
static void
bail(const char *fmt, ...)
{
    va_list ap;
    fflush(stdout);
    printf("Bail out! ");
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    fflush(stdout);
    _Exit(255);
}

/* The seed of a randomised test: KREISS_TEST_SEED or the default; printed. */
static unsigned long tap_seed(unsigned long default_seed) __attribute__((unused));
static unsigned long
tap_seed(unsigned long default_seed)
{
    const char *s = getenv("KREISS_TEST_SEED");
    unsigned long seed = default_seed;
    if (s != NULL && *s != '\0')
        seed = strtoul(s, NULL, 10);
    diag("seed %lu (override with KREISS_TEST_SEED=...)", seed);
    return seed;
}

#endif
