/* libFuzzer target: the Matrix Market reader kr_read_mm() (src/io/mm.c).
 *
 * Each input is read from a memory stream three times: exact entries and
 * binary64 entries with an order limit of FZ_MAX_DIM (a tiny coordinate
 * file may declare any order up to the limit, and the reader then
 * allocates n^2 entries: the limit keeps one execution in milliseconds),
 * and once with small digit and exponent limits so that short inputs reach
 * the limit paths.  Checked, besides ASan/UBSan/LSan:
 *
 *  - a failure has an input-layer status, a message, and leaves M empty;
 *  - a matrix has 1 <= n <= max_dim, the entry semantics asked for, and the
 *    symmetry its banner declared (symmetric, skew-symmetric, hermitian);
 *  - binary64 entries are doubles, each the rounding of the exact entry;
 *    binary64 refuses an exactly readable file only for a limit (overflow),
 *    and accepts an exactly unreadable one only for a limit or a hermitian
 *    diagonal entry whose imaginary part rounds to 0;
 *  - kr_write_mm() of the matrix reads back to the same matrix. */
#include "common.h"

#define FZ_MAX_DIM 200

static void
check_symmetry(const kr_qmat_t M)
{
    slong i, j, n = M->n;
    fmpq_t t;
    fmpq_init(t);
    for (i = 0; i < n; i++)
        for (j = 0; j <= i; j++)
        {
            switch (M->declared)
            {
                case KR_SYM_GENERAL:
                    break;
                case KR_SYM_SYMMETRIC:
                    FZ_CHECK(fmpq_equal(kr_qmat_re(M, i, j), kr_qmat_re(M, j, i)));
                    if (M->im != NULL)
                        FZ_CHECK(fmpq_equal(kr_qmat_im(M, i, j), kr_qmat_im(M, j, i)));
                    break;
                case KR_SYM_SKEW:
                    fmpq_neg(t, kr_qmat_re(M, j, i));
                    FZ_CHECK(fmpq_equal(kr_qmat_re(M, i, j), t));
                    if (M->im != NULL)
                    {
                        fmpq_neg(t, kr_qmat_im(M, j, i));
                        FZ_CHECK(fmpq_equal(kr_qmat_im(M, i, j), t));
                    }
                    break;
                case KR_SYM_HERMITIAN:
                    FZ_CHECK(M->im != NULL);
                    FZ_CHECK(fmpq_equal(kr_qmat_re(M, i, j), kr_qmat_re(M, j, i)));
                    fmpq_neg(t, kr_qmat_im(M, j, i));
                    FZ_CHECK(fmpq_equal(kr_qmat_im(M, i, j), t));
                    break;
                default:
                    FZ_CHECK(0);
            }
        }
    fmpq_clear(t);
}

static kr_status
read_once(kr_qmat_t M, const uint8_t *data, size_t size, const kr_read_opts *opts,
          kr_error_t err)
{
    kr_status st;
    FILE *f = fz_stream(data, size);

    kr_error_init(err);
    kr_qmat_init(M, 0, 0);
    st = kr_read_mm(M, f, "fuzz.mtx", opts, err);
    fclose(f);
    if (st != KR_OK)
        fz_check_failure(st, err, M);
    else
    {
        fz_check_matrix(M, opts->max_dim, opts->entries);
        check_symmetry(M);
    }
    return st;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    kr_read_opts opts;
    kr_qmat_t E, B, S;
    kr_error_t ee, eb, es;
    kr_status se, sb;

    kr_read_opts_init(&opts);
    opts.max_dim = FZ_MAX_DIM;

    opts.entries = KR_ENTRIES_EXACT;
    se = read_once(E, data, size, &opts, ee);
    opts.entries = KR_ENTRIES_BINARY64;
    sb = read_once(B, data, size, &opts, eb);

    if (se == KR_OK)
    {
        fz_check_round_trip(E, KR_ENTRIES_EXACT);
        FZ_CHECK(sb == KR_OK || sb == KR_ERR_LIMIT);
        if (sb == KR_OK)
        {
            slong i;
            fmpq_t r;
            FZ_CHECK(B->n == E->n && (B->im != NULL) == (E->im != NULL));
            FZ_CHECK(B->declared == E->declared);
            fmpq_init(r);
            for (i = 0; i < E->n * E->n; i++)
            {
                fmpq_set(r, E->re + i);
                FZ_CHECK(kr_fmpq_round_binary64(r, NULL) == KR_NUM_OK);
                FZ_CHECK(fmpq_equal(r, B->re + i));
                if (E->im != NULL)
                {
                    fmpq_set(r, E->im + i);
                    FZ_CHECK(kr_fmpq_round_binary64(r, NULL) == KR_NUM_OK);
                    FZ_CHECK(fmpq_equal(r, B->im + i));
                }
            }
            fmpq_clear(r);
            fz_check_round_trip(B, KR_ENTRIES_BINARY64);
        }
    }
    else
    {
        /* binary64 may accept what the exact reading refuses only for a
         * limit, or for a value test made after rounding: a hermitian
         * diagonal entry whose imaginary part rounds to 0 */
        FZ_CHECK(sb != KR_OK || se == KR_ERR_LIMIT
                 || strstr(ee->msg, "a hermitian matrix has a real diagonal") != NULL);
    }
    kr_qmat_clear(E);
    kr_qmat_clear(B);

    /* small limits: digits, exponents, order */
    kr_read_opts_init(&opts);
    opts.max_dim = 6;
    opts.max_digits = 30;
    opts.max_exponent = 350;
    opts.entries = (size & 1) ? KR_ENTRIES_BINARY64 : KR_ENTRIES_EXACT;
    if (read_once(S, data, size, &opts, es) == KR_OK)
        fz_check_round_trip(S, opts.entries);
    kr_qmat_clear(S);
    return 0;
}
