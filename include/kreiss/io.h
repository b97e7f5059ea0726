/* Input: exact numbers, Matrix Market and NumPy .npy matrices.
 *
 * Exact semantics: a decimal such as 0.1 (with optional exponent) is the
 * rational 1/10; a C99 hexadecimal float such as 0x1.8p-3 is the binary
 * value it denotes.  With KR_ENTRIES_BINARY64 every entry of a text file is
 * instead rounded to the nearest binary64 double (ties to even, subnormals
 * honoured), which is what NumPy would have held.  .npy files hold doubles
 * and are always read exactly.  Nothing is ever rounded silently. */
#ifndef KREISS_IO_H
#define KREISS_IO_H

#include <stdio.h>

#include <flint/fmpq.h>

#include "kreiss/qmat.h"
#include "kreiss/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Default limits: a file that asks for more is refused before anything
 * of that size is allocated. */
#define KR_DEFAULT_MAX_DIM 20000      /* matrix order */
#define KR_DEFAULT_MAX_DIGITS 100000  /* digits in one number */
#define KR_DEFAULT_MAX_EXPONENT 1000000 /* |decimal or binary exponent| */

/* Fixed rules that keep the time and memory of reading a file in proportion
 * to its size (docs/input.md, "Limits"); the same as kreiss-check's reader.
 *  - Budget: the numbers of one text file together may have at most
 *    KR_BUDGET_FREE + KR_BUDGET_PER_BYTE * (bytes read so far) digits plus
 *    |written exponent|, charged before each number is built (so a small
 *    file of 1e999999 is refused in milliseconds).
 *  - Dense storage: a matrix of order n with n^2 > KR_DENSE_FREE (n > 1024)
 *    is allocated only once the file has given n^2 / KR_DENSE_PER_BYTE
 *    bytes; a file that ends before is refused (a 60-byte coordinate file
 *    cannot ask for a 20000x20000 matrix). */
#define KR_BUDGET_FREE 10000000
#define KR_BUDGET_PER_BYTE 64
#define KR_DENSE_FREE ((slong) 1 << 20)
#define KR_DENSE_PER_BYTE 16

typedef struct
{
    kr_entries entries; /* semantics of decimal entries */
    slong max_dim;      /* refuse larger matrices (0: default) */
    slong max_digits;   /* refuse longer numbers (0: default) */
    slong max_exponent; /* refuse larger |exponent| (0: default) */
} kr_read_opts;

void kr_read_opts_init(kr_read_opts *opts);

/* Outcome of parsing one number. */
typedef enum
{
    KR_NUM_OK = 0,
    KR_NUM_EMPTY,      /* no number at all */
    KR_NUM_SYNTAX,     /* not a number */
    KR_NUM_NONFINITE,  /* nan, inf, infinity (any case) */
    KR_NUM_TOO_LONG,   /* more digits than the limit */
    KR_NUM_EXPONENT,   /* exponent beyond the limit */
    KR_NUM_OVERFLOW,   /* binary64 semantics: beyond the largest double */
    KR_NUM_BUDGET      /* beyond the budget (kr_parse_number_budget) */
} kr_numstatus;

const char *kr_numstatus_message(kr_numstatus s);

/* Parse the longest prefix of s that is a number of the grammar
 *   [+-]? ( digits [. digits?] | . digits ) ([eE] [+-]? digits)?
 *   [+-]? 0[xX] ( hexdigits [. hexdigits?] | . hexdigits ) ([pP] [+-]? digits)?
 * into the exact rational x; *end (if not NULL) points after it.  Words such
 * as nan/inf give KR_NUM_NONFINITE.  The characters after the number are not
 * examined: the caller decides what may follow.  opts (NULL: defaults) gives
 * the limits; opts->entries is not applied here (see
 * kr_fmpq_round_binary64).  On failure x is unchanged. */
kr_numstatus kr_parse_number(fmpq_t x, const char *s, const char **end,
                             const kr_read_opts *opts);

/* kr_parse_number that also charges the number to a budget: after the
 * digit and exponent limits, before any big integer is built, its digits
 * plus |exponent| are subtracted from *budget, or KR_NUM_BUDGET is returned
 * (x and *budget unchanged) when they exceed it.  budget NULL: no charge. */
kr_numstatus kr_parse_number_budget(fmpq_t x, const char *s, const char **end,
                                    const kr_read_opts *opts, slong *budget);

/* May a reader that has read `bytes` bytes of a file allocate an n x n
 * matrix?  Yes when n^2 <= KR_DENSE_FREE or bytes >= n^2 / KR_DENSE_PER_BYTE. */
int kr_read_may_allocate(slong n, ulong bytes);

/* x := the double nearest to x (ties to even, with subnormals).  Returns
 * KR_NUM_OVERFLOW when x is beyond the binary64 range (x is then unchanged
 * and d receives +-infinity); d (if not NULL) receives the double. */
kr_numstatus kr_fmpq_round_binary64(fmpq_t x, double *d);

/* The exact rational value of a finite double. */
void kr_fmpq_set_double(fmpq_t x, double d);

/* Parse a whole string as a complex number: "1.05-0.2i", "-3", "2i", "i",
 * "1e-3+2.5e-1j", "0x1p-2-0x1p-3i".  Whitespace is not allowed inside.
 * The parts are exact (opts, NULL for defaults, gives only the limits).
 * Returns KR_OK, or KR_ERR_FORMAT (KR_ERR_LIMIT for a number beyond the
 * limits) with a message in err; re and im are then unchanged. */
kr_status kr_parse_complex(fmpq_t re, fmpq_t im, const char *s,
                           const kr_read_opts *opts, kr_error_t err);

/* Read a square matrix from path.  The format is recognised by content: a
 * file that starts with the NumPy magic is read as .npy, otherwise as
 * Matrix Market.  On failure M is left unchanged (empty if it was) and err
 * says which file, which line (or byte) and what was expected. */
kr_status kr_read_matrix(kr_qmat_t M, const char *path,
                         const kr_read_opts *opts, kr_error_t err);

/* Matrix Market from an open stream; name is used in messages. */
kr_status kr_read_mm(kr_qmat_t M, FILE *f, const char *name,
                     const kr_read_opts *opts, kr_error_t err);

/* NumPy .npy (float64 '<f8' '>f8', complex128 '<c16' '>c16'; C or Fortran
 * order; 2-D and square) from an open stream. */
kr_status kr_read_npy(kr_qmat_t M, FILE *f, const char *name,
                      const kr_read_opts *opts, kr_error_t err);

/* The exact decimal expansion of x in positional notation ("-0.125", "3")
 * as a malloc'd string, or NULL when x has no finite decimal expansion (its
 * denominator has a prime factor other than 2 and 5) or the allocation
 * fails. */
char *kr_fmpq_get_decimal(const fmpq_t x);

/* Write M as a Matrix Market "array" file (general symmetry) whose entries
 * are exact decimals: reading it back gives M exactly.  Fails with
 * KR_ERR_DOMAIN when an entry has no finite decimal expansion. */
kr_status kr_write_mm(FILE *f, const kr_qmat_t M, kr_error_t err);

#ifdef __cplusplus
}
#endif

#endif
