/* kreiss-check: its own exact reader for the user's matrix files (Matrix
 * Market and NumPy .npy), independent of the producer's src/io/.
 *
 * Formats and semantics follow docs/input.md.  Limits (fixed): order at most
 * CK_MAX_DIM, at most CK_MAX_DIGITS digits per number, written exponents at
 * most CK_MAX_EXPONENT in absolute value.  As a defence against tiny files
 * asking for huge matrices, a coordinate file of order n > 1024 must have
 * at least n^2 / CK_DENSE_PER_BYTE bytes (array and .npy files are bounded
 * by their contents anyway).  The numbers of a text file together may have at
 * most CK_BUDGET_FREE + CK_BUDGET_PER_BYTE * (file size) digits and exponent
 * (|e| of each written exponent, plus its digits), which bounds the time and
 * memory spent on hostile files such as many lines of 1e1000000. */
#ifndef CK_READMAT_H
#define CK_READMAT_H

#include <stddef.h>
#include <gmp.h>

#define CK_MAX_DIM 20000L
#define CK_MAX_DIGITS 100000L
#define CK_MAX_EXPONENT 1000000L
#define CK_DENSE_FREE (1L << 20)
#define CK_DENSE_PER_BYTE 16
#define CK_BUDGET_FREE 10000000
#define CK_BUDGET_PER_BYTE 64

typedef struct
{
    long n;          /* order */
    int is_complex;  /* the file is Matrix Market 'complex' or .npy complex128 */
    mpq_t *re;       /* n*n, row-major */
    mpq_t *im;       /* n*n, row-major; NULL unless is_complex */
} ck_matrix;

/* Reads FILE (.npy if it starts with the byte 0x93, else Matrix Market) into
 * exact rationals.  binary64 != 0: every text entry is first rounded to the
 * nearest double (ties to even; overflow is an error), as NumPy would.
 * Returns 0 on success; otherwise nonzero, *m is empty (n = 0, no arrays)
 * and err holds "FILE:LINE: ...", "FILE: byte N: ..." or "FILE: ...". */
int ck_read_matrix(ck_matrix *m, const char *path, int binary64, char *err,
                   size_t errlen);

/* Frees the entries; safe on an empty matrix.  Leaves *m empty. */
void ck_matrix_clear(ck_matrix *m);

#endif
