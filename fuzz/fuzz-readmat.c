/* libFuzzer target: kreiss-check's own matrix reader (src/check/readmat.c,
 * what `kreiss-check --matrix FILE` binds a certificate to), compared with
 * libkreiss's reader (src/io/) on the same bytes: two independent
 * implementations of docs/input.md.
 *
 * Both take a path: the input is written to a memfd and read through
 * /proc/self/fd/N.  The entry semantics (exact / binary64) is chosen by the
 * parity of the size.  Checked, besides ASan/UBSan/LSan:
 *
 *  - when both accept, the matrices are equal, exactly (order, field,
 *    every entry): a difference would let kreiss-check bind a certificate
 *    to a matrix other than the one kreiss proved things about;
 *  - when exactly one accepts, the other refused for a documented resource
 *    limit (the checker's digit budget, memory, libkreiss's order limit,
 *    which this harness lowers to FZ_MAX_DIM to keep runs fast, and its
 *    digit budget, counted on the bytes read so far);
 *    otherwise the two readers disagree on what a valid file is;
 *  - a refusal has a message naming the file, and ck_read_matrix leaves
 *    the matrix empty. */
#define _GNU_SOURCE
#include <sys/mman.h>
#include <unistd.h>

#include "common.h"
#include "check/readmat.h"

#define FZ_MAX_DIM 1100

static int
equal_q(const mpq_t a, const fmpq_t b)
{
    mpq_t t;
    int r;
    mpq_init(t);
    fmpq_get_mpq(t, b);
    r = mpq_equal(a, t);
    mpq_clear(t);
    return r;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int fd = -1;
    char path[64], err[2048];
    ck_matrix cm;
    kr_qmat_t M;
    kr_read_opts opts;
    kr_error_t kerr;
    kr_status st;
    int cr, b64 = (int) (size & 1);

    if (fd < 0)
    {
        fd = memfd_create("fuzz-readmat", 0);
        FZ_CHECK(fd >= 0);
    }
    FZ_CHECK(ftruncate(fd, 0) == 0);
    FZ_CHECK(pwrite(fd, data, size, 0) == (ssize_t) size);
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);

    memset(&cm, 0, sizeof cm);
    err[0] = '\0';
    cr = ck_read_matrix(&cm, path, b64, err, sizeof err);

    kr_read_opts_init(&opts);
    opts.entries = b64 ? KR_ENTRIES_BINARY64 : KR_ENTRIES_EXACT;
    opts.max_dim = FZ_MAX_DIM;
    kr_error_init(kerr);
    kr_qmat_init(M, 0, 0);
    st = kr_read_matrix(M, path, &opts, kerr);

    if (cr != 0)
    {
        FZ_CHECK(cm.n == 0 && cm.re == NULL && cm.im == NULL);
        FZ_CHECK(strncmp(err, path, strlen(path)) == 0);
    }
    else
        FZ_CHECK(cm.n >= 1 && cm.re != NULL && (cm.im != NULL) == (cm.is_complex != 0));
    if (st != KR_OK)
        fz_check_failure(st, kerr, M);

    if (cr == 0 && st == KR_OK)
    {
        long i;
        FZ_CHECK(cm.n == M->n);
        FZ_CHECK((cm.is_complex != 0) == (M->im != NULL));
        for (i = 0; i < cm.n * cm.n; i++)
        {
            FZ_CHECK(equal_q(cm.re[i], M->re + i));
            if (cm.is_complex)
                FZ_CHECK(equal_q(cm.im[i], M->im + i));
        }
    }
    else if (cr == 0 && st != KR_OK)
    {
        /* only libkreiss's (lowered) order limit, or its number budget (which
         * grows with the bytes read so far, where the checker's counts the
         * whole file), may refuse what the checker reads */
        if (!(st == KR_ERR_LIMIT && (strstr(kerr->msg, "max_dim") != NULL
                                     || strstr(kerr->msg, "budget") != NULL)))
        {
            fprintf(stderr, "fuzz-readmat: kreiss-check reads a %ldx%ld matrix, "
                    "libkreiss refuses: %s\n", cm.n, cm.n, kerr->msg);
            abort();
        }
    }
    else if (cr != 0 && st == KR_OK)
    {
        if (strstr(err, "budget") == NULL && strstr(err, "fit in memory") == NULL)
        {
            fprintf(stderr, "fuzz-readmat: libkreiss reads a %ldx%ld matrix, "
                    "kreiss-check refuses: %s\n", (long) M->n, (long) M->n, err);
            abort();
        }
    }
    ck_matrix_clear(&cm);
    kr_qmat_clear(M);
    return 0;
}
