/* libFuzzer target: the NumPy .npy reader kr_read_npy() (src/io/npy.c),
 * which takes an open stream: the input is given as a memory stream.
 *
 * The first byte of a .npy file is 0x93; inputs that do not start with it
 * are still read (the reader must refuse them cleanly).  Checked, besides
 * ASan/UBSan/LSan: a failure has an input-layer status, a message and
 * leaves M empty; a matrix has 1 <= n <= max_dim, finite binary64 entries,
 * the entry semantics asked for, and kr_write_mm() of it reads back to the
 * same matrix.  A second read with a small order limit reaches the limit
 * path.  (The checker's own reader is compared with this one by
 * fuzz-readmat.) */
#include "common.h"

#define FZ_MAX_DIM 200

static kr_status
read_once(const uint8_t *data, size_t size, const kr_read_opts *opts)
{
    kr_error_t err;
    kr_qmat_t M;
    kr_status st;
    FILE *f = fz_stream(data, size);
    slong i;

    kr_error_init(err);
    kr_qmat_init(M, 0, 0);
    st = kr_read_npy(M, f, "fuzz.npy", opts, err);
    fclose(f);
    if (st != KR_OK)
        fz_check_failure(st, err, M);
    else
    {
        fz_check_matrix(M, opts->max_dim, opts->entries);
        FZ_CHECK(M->declared == KR_SYM_GENERAL);
        for (i = 0; i < M->n * M->n; i++)
        {
            FZ_CHECK(fz_is_double(M->re + i));
            if (M->im != NULL)
                FZ_CHECK(fz_is_double(M->im + i));
        }
        fz_check_round_trip(M, KR_ENTRIES_EXACT);
        fz_check_round_trip(M, KR_ENTRIES_BINARY64);
    }
    kr_qmat_clear(M);
    return st;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    kr_read_opts opts;
    kr_status s1, s2;

    kr_read_opts_init(&opts);
    opts.max_dim = FZ_MAX_DIM;
    opts.entries = (size & 1) ? KR_ENTRIES_BINARY64 : KR_ENTRIES_EXACT;
    s1 = read_once(data, size, &opts);

    opts.max_dim = 2;
    s2 = read_once(data, size, &opts);
    /* a smaller order limit can only turn success into KR_ERR_LIMIT, and
     * never a failure into success */
    if (s1 == KR_OK)
        FZ_CHECK(s2 == KR_OK || s2 == KR_ERR_LIMIT);
    else
        FZ_CHECK(s2 != KR_OK);
    return 0;
}
