/* Exact input matrices.
 *
 * A kr_qmat holds a square n×n matrix whose entries are exact rationals
 * (FLINT fmpq), with an optional imaginary part.  This is the matrix the
 * user meant: every enclosure kreiss prints is about this exact matrix.
 * Storage is row-major: entry (i, j) is re[i*n + j]. */
#ifndef KREISS_QMAT_H
#define KREISS_QMAT_H

#include <flint/flint.h>
#include <flint/fmpq.h>

#ifdef __cplusplus
extern "C" {
#endif

/* How decimal entries of a text file are read. */
typedef enum
{
    KR_ENTRIES_EXACT = 0, /* a decimal means the exact rational it denotes */
    KR_ENTRIES_BINARY64   /* each decimal is first rounded to the nearest double */
} kr_entries;

/* The symmetry a file declared (informational: the entries are always
 * stored in full). */
typedef enum
{
    KR_SYM_GENERAL = 0,
    KR_SYM_SYMMETRIC,
    KR_SYM_SKEW,
    KR_SYM_HERMITIAN
} kr_symmetry;

typedef struct
{
    slong n;            /* rows = columns */
    fmpq *re;           /* n*n entries, row-major */
    fmpq *im;           /* NULL for a real matrix */
    kr_symmetry declared;
    kr_entries entries; /* the semantics the entries were read with */
} kr_qmat_struct;

typedef kr_qmat_struct kr_qmat_t[1];

#define kr_qmat_re(M, i, j) ((M)->re + (i) * (M)->n + (j))
#define kr_qmat_im(M, i, j) ((M)->im + (i) * (M)->n + (j))

/* n*n zero matrix; complex allocates the imaginary part. Returns 0 when
 * the allocation fails (M is then empty and may be cleared). */
int kr_qmat_init(kr_qmat_t M, slong n, int complex_entries);
void kr_qmat_clear(kr_qmat_t M);
void kr_qmat_swap(kr_qmat_t A, kr_qmat_t B);
int kr_qmat_set(kr_qmat_t dest, const kr_qmat_t src);

/* Allocate the imaginary part (zero) if it is missing. */
int kr_qmat_make_complex(kr_qmat_t M);

/* Drop an identically zero imaginary part. */
void kr_qmat_drop_zero_imag(kr_qmat_t M);

int kr_qmat_is_complex(const kr_qmat_t M);
int kr_qmat_is_zero(const kr_qmat_t M);
/* Exactly Hermitian: M = M^* (for a real matrix: symmetric). */
int kr_qmat_is_hermitian(const kr_qmat_t M);
int kr_qmat_equal(const kr_qmat_t A, const kr_qmat_t B);

#ifdef __cplusplus
}
#endif

#endif
