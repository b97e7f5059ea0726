/* Helpers shared by the benchmark programs (not part of the library). */
#ifndef KREISS_BENCH_COMMON_H
#define KREISS_BENCH_COMMON_H

#include <stddef.h>
#include <stdint.h>

/* The program name used in messages (set by main). */
extern const char *bench_progname;

/* Print "progname: " and the message (fmt has one %s) and exit 2. */
void bench_die(const char *fmt, const char *arg) __attribute__((noreturn));
/* Monotonic wall clock in seconds. */
double bench_now(void);
/* splitmix64 */
uint64_t bench_rng_next(uint64_t *s);
/* Median of t[0..k-1] (sorts t). */
double bench_median(double *t, int k);
void *bench_xmalloc(size_t size);
/* A matrix order in [lo, hi] from s, or exit 2. */
long bench_parse_order(const char *s, long lo, long hi);
/* CPU model, processors, OpenBLAS threads and configuration, and the thread
 * environment variables (without the final newline). */
void bench_print_machine(void);

#endif
