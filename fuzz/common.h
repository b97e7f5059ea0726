/* Shared helpers of the libFuzzer targets of libkreiss (fuzz/run.sh). */
#ifndef KREISS_FUZZ_COMMON_H
#define KREISS_FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kreiss/io.h"

/* A failed check aborts: libFuzzer reports it as a crash and keeps the
 * input. */
#define FZ_CHECK(cond)                                                       \
    do                                                                       \
    {                                                                        \
        if (!(cond))                                                         \
        {                                                                    \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, \
                    #cond);                                                  \
            abort();                                                         \
        }                                                                    \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A read-only stream over the fuzzer's bytes (NUL bytes included). */
static inline FILE *
fz_stream(const uint8_t *data, size_t size)
{
    FILE *f = fmemopen((void *) data, size, "rb");
    FZ_CHECK(f != NULL);
    return f;
}

/* The promises of a failed read: a status of the input layer, a message,
 * and the output matrix left as it was (empty here). */
static inline void
fz_check_failure(kr_status st, const kr_error_t err, const kr_qmat_t M)
{
    char buf[KR_ERROR_FILE_LEN + KR_ERROR_MSG_LEN + 64];
    FZ_CHECK(st == KR_ERR_FORMAT || st == KR_ERR_UNSUPPORTED
             || st == KR_ERR_LIMIT || st == KR_ERR_NOMEM || st == KR_ERR_IO);
    FZ_CHECK(err->status == st);
    FZ_CHECK(err->msg[0] != '\0');
    FZ_CHECK(memchr(err->msg, '\0', sizeof err->msg) != NULL);
    FZ_CHECK(err->line >= 0);
    FZ_CHECK(M->n == 0 && M->re == NULL && M->im == NULL);
    kr_error_format(buf, sizeof buf, err);
    FZ_CHECK(strlen(buf) < sizeof buf);
}

/* x is exactly a binary64 double. */
static inline int
fz_is_double(const fmpq_t x)
{
    fmpq_t y;
    int ok;
    fmpq_init(y);
    fmpq_set(y, x);
    ok = kr_fmpq_round_binary64(y, NULL) == KR_NUM_OK && fmpq_equal(x, y);
    fmpq_clear(y);
    return ok;
}

/* The promises of a matrix that was read. */
static inline void
fz_check_matrix(const kr_qmat_t M, slong max_dim, kr_entries entries)
{
    slong i, n = M->n;
    FZ_CHECK(n >= 1 && n <= max_dim && M->re != NULL);
    FZ_CHECK(M->entries == entries);
    for (i = 0; i < n * n; i++)
    {
        FZ_CHECK(fmpz_sgn(fmpq_denref(M->re + i)) > 0);
        if (M->im != NULL)
            FZ_CHECK(fmpz_sgn(fmpq_denref(M->im + i)) > 0);
    }
}

/* Write M with kr_write_mm and read it back: the same matrix. */
static inline void
fz_check_round_trip(const kr_qmat_t M, kr_entries entries)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    kr_error_t err;
    kr_qmat_t B;
    kr_read_opts opts;
    kr_status st;

    FZ_CHECK(f != NULL);
    kr_error_init(err);
    st = kr_write_mm(f, M, err);
    fclose(f);
    /* every entry of a Matrix Market or .npy file is 2^a 5^b-adic */
    FZ_CHECK(st == KR_OK);
    kr_read_opts_init(&opts);
    opts.entries = entries;
    opts.max_dim = M->n;
    opts.max_digits = 10000000;
    opts.max_exponent = 100000000;
    kr_qmat_init(B, 0, 0);
    f = fz_stream((const uint8_t *) buf, len);
    st = kr_read_mm(B, f, "round-trip", &opts, err);
    fclose(f);
    FZ_CHECK(st == KR_OK);
    FZ_CHECK(B->n == M->n && kr_qmat_equal(B, M));
    FZ_CHECK((B->im != NULL) == (M->im != NULL));
    kr_qmat_clear(B);
    free(buf);
}

#endif
