/* Enclosures: a pair [lo, hi] of binary floating-point numbers (Arb's arf)
 * that provably contains an exact real quantity.  hi may be +inf ("no upper
 * bound certified"), lo may be -inf. */
#ifndef KREISS_ENCL_H
#define KREISS_ENCL_H

#include <arb.h>
#include <flint/fmpq.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct
{
    arf_struct lo;
    arf_struct hi;
} kr_encl_struct;

typedef kr_encl_struct kr_encl_t[1];

void kr_encl_init(kr_encl_t e);   /* [-inf, +inf] */
void kr_encl_clear(kr_encl_t e);
void kr_encl_set(kr_encl_t e, const kr_encl_t f);
void kr_encl_set_unknown(kr_encl_t e);           /* [-inf, +inf] */
void kr_encl_set_arb(kr_encl_t e, const arb_t x); /* [lower(x), upper(x)] */
/* [1/hi(x), 1/lo(x)] rounded outward, for an enclosure x of a positive
 * quantity with lo >= 0 (1/0 = +inf). */
void kr_encl_inv(kr_encl_t e, const kr_encl_t x, slong prec);
/* [sqrt(lo), sqrt(hi)] outward (lo clamped at 0), ends rounded to prec bits. */
void kr_encl_sqrt(kr_encl_t e, const kr_encl_t x, slong prec);

int kr_encl_has_upper(const kr_encl_t e); /* hi finite */
int kr_encl_contains_fmpq(const kr_encl_t e, const fmpq_t q);
/* Contains every point of the ball x. */
int kr_encl_contains_arb(const kr_encl_t e, const arb_t x);

/* (hi - lo) / |lo| as a double (approximate; +inf if unbounded or lo = 0
 * with hi > 0; 0 if lo = hi). */
double kr_encl_rel_width(const kr_encl_t e);

/* Outward-rounded decimal strings with at most `digits` significant
 * digits: kr_arf_get_decimal(x, digits, 0) <= x, (.., 1) >= x.  "inf",
 * "-inf" for infinities, "0" for zero.  The string is malloc'd. */
char *kr_arf_get_decimal(const arf_t x, slong digits, int round_up);

#ifdef __cplusplus
}
#endif

#endif
