/* Exact reference matrices for the tests: their singular values, spectral
 * radius or definiteness are known by construction, never computed by the
 * code under test. */
#ifndef KREISS_TESTS_EXACT_H
#define KREISS_TESTS_EXACT_H

#include <stdint.h>

#include <flint/flint.h>
#include <flint/fmpq_mat.h>

#include "kreiss.h"

/* Random exactly orthogonal Q: a product of Givens rotations whose cosine and
 * sine come from Pythagorean triples with hypotenuse 5^k (so every entry is
 * a finite decimal) and, unless decimal_only, rational Householder
 * reflections I - 2 v v^T / v^T v. */
void ex_random_orthogonal(fmpq_mat_t Q, flint_rand_t state, int decimal_only);

/* A := Q1 diag(d) Q2^T. */
void ex_svd_product(fmpq_mat_t A, const fmpq_mat_t Q1, const fmpq *d,
                    const fmpq_mat_t Q2);

/* M := A (real). */
void ex_qmat_set_fmpq_mat(kr_qmat_t M, const fmpq_mat_t A);

/* The n×n Grcar matrix: -1 below the diagonal, 1 on it and on the three
 * diagonals above (rho > 1 for n >= 6). */
void ex_grcar(kr_qmat_t M, slong n);

/* Random rational with numerator in [-2^bits, 2^bits] and denominator
 * 2^a 5^b (a finite decimal). */
void ex_random_decimal(fmpq_t x, flint_rand_t state, slong bits);

/* x := the exact value of the finite double d (through Arb, independently
 * of src/io). */
void ex_fmpq_set_double(fmpq_t x, double d);

/* A small reproducible generator (splitmix64) for the tests that draw raw
 * bits; ex_rand_seed sets its state. */
void ex_rand_seed(uint64_t seed);
uint64_t ex_rand64(void);
long ex_rand_range(long lo, long hi); /* uniform in [lo, hi] */

/* "srcdir/tests/data/dir/name" in a static buffer. */
const char *ex_data_path(const char *srcdir, const char *dir, const char *name);

/* The smallest / largest of len rationals by absolute value. */
void ex_min_abs(fmpq_t m, const fmpq *d, slong len);
void ex_max_abs(fmpq_t m, const fmpq *d, slong len);

/* Is the exact real sqrt(q) (q >= 0) inside the enclosure e?  Checked
 * exactly: lo^2 <= q <= hi^2 with lo, hi >= 0 handled by sign. */
int ex_encl_contains_sqrt(const kr_encl_t e, const fmpq_t q);

#endif
