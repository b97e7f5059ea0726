/* Reading a matrix file: the format is recognised by its content. */
#include <errno.h>
#include <string.h>

#include "kreiss/io.h"

int
kr_read_may_allocate(slong n, ulong bytes)
{
    ulong nn = (ulong) n * (ulong) n; /* n <= 3037000499 in the readers */
    return nn <= (ulong) KR_DENSE_FREE || bytes >= nn / KR_DENSE_PER_BYTE;
}

kr_status
kr_read_matrix(kr_qmat_t M, const char *path, const kr_read_opts *opts,
               kr_error_t err)
{
    FILE *f;
    int c;
    kr_status st;

    f = fopen(path, "rb");
    if (f == NULL)
        return kr_error_set(err, KR_ERR_IO, path, 0, "cannot open: %s",
                            strerror(errno));
    /* A .npy file starts with the byte 0x93 ("\x93NUMPY"), which no Matrix
     * Market file can start with: one byte of look-ahead is enough, and
     * works on pipes. */
    c = getc(f);
    if (c == EOF && ferror(f))
    {
        st = kr_error_set(err, KR_ERR_IO, path, 0, "cannot read: %s",
                          strerror(errno));
        fclose(f);
        return st;
    }
    if (c != EOF)
        ungetc(c, f);
    if (c == 0x93)
        st = kr_read_npy(M, f, path, opts, err);
    else
        st = kr_read_mm(M, f, path, opts, err);
    fclose(f);
    return st;
}
