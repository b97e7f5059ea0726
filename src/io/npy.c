/* NumPy .npy files of float64 or complex128 square matrices, read exactly. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kreiss/io.h"

/* Longest header accepted (NumPy itself refuses more than 10000 bytes by
 * default). */
#define NPY_MAX_HEADER 65536

typedef struct
{
    const char *name;
    kr_error_struct *err;
    const unsigned char *h; /* header text */
    long hlen;
    long hoff;              /* file offset of h[0] */
    long pos;               /* current position in h */
} npy_parser;

static kr_status
npy_fail(npy_parser *p, kr_status st, const char *what)
{
    return kr_error_set_offset(p->err, st, p->name, p->hoff + p->pos, "%s%s",
                               st == KR_ERR_FORMAT ? "malformed .npy header: "
                                                   : "", what);
}

static void
skip_ws(npy_parser *p)
{
    while (p->pos < p->hlen
           && (p->h[p->pos] == ' ' || p->h[p->pos] == '\t'
               || p->h[p->pos] == '\n' || p->h[p->pos] == '\r'))
        p->pos++;
}

static int
peek(npy_parser *p)
{
    return p->pos < p->hlen ? p->h[p->pos] : -1;
}

/* A Python string literal '...' or "..." (no escapes); copies at most
 * size - 1 characters into buf.  Returns 0 on syntax error. */
static int
parse_string(npy_parser *p, char *buf, size_t size)
{
    int q = peek(p);
    size_t k = 0;
    if (q != '\'' && q != '"')
        return 0;
    p->pos++;
    while (p->pos < p->hlen && p->h[p->pos] != q)
    {
        if (p->h[p->pos] == '\\' || p->h[p->pos] == '\n'
            || p->h[p->pos] == '\0')
            return 0;
        if (k + 1 < size)
            buf[k++] = (char) p->h[p->pos];
        p->pos++;
    }
    if (p->pos >= p->hlen)
        return 0;
    p->pos++;
    buf[k] = '\0';
    return 1;
}

static int
match_word(npy_parser *p, const char *w)
{
    size_t n = strlen(w);
    if ((size_t) (p->hlen - p->pos) < n
        || memcmp(p->h + p->pos, w, n) != 0)
        return 0;
    if ((size_t) (p->hlen - p->pos) > n)
    {
        int c = p->h[p->pos + (long) n];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
            || (c >= '0' && c <= '9') || c == '_')
            return 0;
    }
    p->pos += (long) n;
    return 1;
}

#define NPY_MAX_NDIM 64

/* A tuple of non-negative integers: (), (3,), (3, 3), (3, 3,). */
static kr_status
parse_shape(npy_parser *p, slong *dims, int *ndim, slong cap)
{
    *ndim = 0;
    if (peek(p) != '(')
        return npy_fail(p, KR_ERR_FORMAT,
                        "expected a tuple such as (3, 3) for 'shape'");
    p->pos++;
    for (;;)
    {
        slong v = 0;
        int c;
        skip_ws(p);
        if (peek(p) == ')')
            break;
        c = peek(p);
        if (c < '0' || c > '9')
            return npy_fail(p, KR_ERR_FORMAT,
                            "expected a non-negative integer in 'shape'");
        while ((c = peek(p)) >= '0' && c <= '9')
        {
            if (v <= cap)
                v = v * 10 + (c - '0');
            p->pos++;
        }
        if (peek(p) == 'L') /* Python 2 long */
            p->pos++;
        if (*ndim >= NPY_MAX_NDIM)
            return npy_fail(p, KR_ERR_UNSUPPORTED,
                            "array with too many dimensions: kreiss needs a "
                            "square 2-D array");
        dims[(*ndim)++] = v > cap ? cap + 1 : v;
        skip_ws(p);
        if (peek(p) == ',')
        {
            p->pos++;
            continue;
        }
        if (peek(p) == ')')
            break;
        return npy_fail(p, KR_ERR_FORMAT, "expected ',' or ')' in 'shape'");
    }
    p->pos++;
    return KR_OK;
}

/* Decode one finite IEEE binary64 from its bits into the exact rational
 * x (the callers have refused NaN and infinities). */
static void
set_binary64_bits(fmpq_t x, uint64_t bits)
{
    int neg = (int) (bits >> 63);
    int e = (int) ((bits >> 52) & 0x7ff);
    uint64_t frac = bits & ((UINT64_C(1) << 52) - 1);
    if (e == 0)
        e = 1;                      /* subnormal or zero: frac 2^-1074 */
    else
        frac |= UINT64_C(1) << 52;  /* normal: (2^52 + frac) 2^(e-1075) */
    if (frac == 0)
    {
        fmpq_zero(x);
        return;
    }
    fmpz_set_ui(fmpq_numref(x), (ulong) (frac >> 32));
    fmpz_mul_2exp(fmpq_numref(x), fmpq_numref(x), 32);
    fmpz_add_ui(fmpq_numref(x), fmpq_numref(x), (ulong) (frac & 0xffffffffu));
    fmpz_one(fmpq_denref(x));
    if (e >= 1075)
        fmpq_mul_2exp(x, x, (ulong) (e - 1075));
    else
        fmpq_div_2exp(x, x, (ulong) (1075 - e));
    if (neg)
        fmpq_neg(x, x);
}

static uint64_t
load64(const unsigned char *b, int big)
{
    uint64_t v = 0;
    int k;
    for (k = 0; k < 8; k++)
        v |= (uint64_t) b[big ? 7 - k : k] << (8 * k);
    return v;
}

/* Read exactly n bytes; returns how many were read (less at end of file). */
static size_t
read_full(unsigned char *buf, size_t n, FILE *f)
{
    return fread(buf, 1, n, f);
}

static kr_status
io_error(const char *name, long offset, kr_error_t err)
{
    return kr_error_set_offset(err, KR_ERR_IO, name, offset,
                               "read error: %s", strerror(errno));
}

#define NPY_CHUNK 4096 /* elements per read */

/* 0 when the bits are a finite double, 1 for NaN, 2 for an infinity. */
static int
nonfinite_bits(uint64_t bits)
{
    if (((bits >> 52) & 0x7ff) != 0x7ff)
        return 0;
    return (bits & ((UINT64_C(1) << 52) - 1)) != 0 ? 1 : 2;
}

/* Decode the len elements (file order) from k0 on, whose bytes are at buf,
 * into T; they were checked to be finite. */
static void
decode(kr_qmat_t T, const unsigned char *buf, slong k0, slong len, int big,
       int complex_entries, int fortran)
{
    slong n = T->n, t, k, i, j;
    size_t item = complex_entries ? 16 : 8;
    for (t = 0; t < len; t++)
    {
        k = k0 + t;
        i = fortran ? k % n : k / n;
        j = fortran ? k / n : k % n;
        set_binary64_bits(kr_qmat_re(T, i, j), load64(buf + (size_t) t * item, big));
        if (complex_entries)
            set_binary64_bits(kr_qmat_im(T, i, j),
                              load64(buf + (size_t) t * item + 8, big));
    }
}

/* Read the n x n data at file offset off into T (empty on entry).  T is
 * allocated once the file has given enough bytes for it
 * (kr_read_may_allocate); until then the data are kept as they are. */
static kr_status
read_data(kr_qmat_t T, slong n, FILE *f, const char *name, long off, int big,
          int complex_entries, int fortran, kr_error_t err)
{
    slong total = n * n, k, i, j, staged = 0;
    size_t item = complex_entries ? 16 : 8, got;
    unsigned char *buf, *stage = NULL;
    kr_status st = KR_OK;

    buf = malloc(item * NPY_CHUNK);
    if (buf == NULL)
        return kr_error_set_offset(err, KR_ERR_NOMEM, name, off,
                                   "out of memory");
    for (k = 0; k < total && st == KR_OK;)
    {
        slong len = total - k < NPY_CHUNK ? total - k : NPY_CHUNK, t;
        long have = (long) (k * (slong) item); /* data bytes before chunk */
        if (T->n == 0 && kr_read_may_allocate(n, (ulong) (off + have)))
        {
            if (!kr_qmat_init(T, n, complex_entries))
            {
                kr_qmat_clear(T);
                kr_qmat_init(T, 0, 0);
                st = kr_error_set_offset(err, KR_ERR_NOMEM, name, off + have,
                                         "out of memory for a %ldx%ld matrix",
                                         (long) n, (long) n);
                break;
            }
            decode(T, stage, k - staged, staged, big, complex_entries, fortran);
            free(stage);
            stage = NULL;
            staged = 0;
        }
        got = read_full(buf, item * (size_t) len, f);
        if (got < item * (size_t) len && ferror(f))
        {
            st = io_error(name, off + have + (long) got, err);
            break;
        }
        for (t = 0; t < len && st == KR_OK; t++)
        {
            int part;
            long eoff = off + (long) ((k + t) * (slong) item);
            if ((size_t) (t + 1) * item > got)
            {
                st = kr_error_set_offset(
                    err, KR_ERR_FORMAT, name, off + have + (long) got,
                    "truncated data: a %ldx%ld %s array needs %ld bytes of "
                    "data, the file has %ld bytes",
                    (long) n, (long) n,
                    complex_entries ? "complex128" : "float64",
                    (long) (total * (slong) item), have + (long) got);
                break;
            }
            i = fortran ? (k + t) % n : (k + t) / n;
            j = fortran ? (k + t) / n : (k + t) % n;
            for (part = 0; part < (complex_entries ? 2 : 1); part++)
            {
                int c = nonfinite_bits(
                    load64(buf + (size_t) t * item + 8 * (size_t) part, big));
                if (c != 0)
                {
                    st = kr_error_set_offset(
                        err, KR_ERR_FORMAT, name, eoff + 8 * part,
                        "element [%ld, %ld]%s is %s: expected finite "
                        "numbers", (long) i, (long) j,
                        complex_entries ? (part ? " (imaginary part)"
                                                : " (real part)") : "",
                        c == 1 ? "NaN" : "infinite");
                    break;
                }
            }
        }
        if (st != KR_OK)
            break;
        if (T->n > 0)
            decode(T, buf, k, len, big, complex_entries, fortran);
        else
        {
            unsigned char *p = realloc(stage, item * (size_t) (staged + len));
            if (p == NULL)
            {
                st = kr_error_set_offset(err, KR_ERR_NOMEM, name, off + have,
                                         "out of memory");
                break;
            }
            stage = p;
            memcpy(stage + item * (size_t) staged, buf, item * (size_t) len);
            staged += len;
        }
        k += len;
    }
    free(buf);
    if (st == KR_OK && T->n == 0)
    {
        /* cannot happen: the data alone are 8 n^2 >= n^2/16 bytes */
        st = kr_error_set_offset(err, KR_ERR_NOMEM, name, off,
                                 "out of memory for a %ldx%ld matrix",
                                 (long) n, (long) n);
    }
    free(stage);
    if (st == KR_OK)
    {
        int c = getc(f);
        long end = off + (long) (total * (slong) item);
        if (c != EOF)
            st = kr_error_set_offset(err, KR_ERR_FORMAT, name, end,
                                     "trailing data: the file continues "
                                     "after the %ld bytes of the %ldx%ld "
                                     "array", (long) (total * (slong) item),
                                     (long) n, (long) n);
        else if (ferror(f))
            st = io_error(name, end, err);
    }
    return st;
}

kr_status
kr_read_npy(kr_qmat_t M, FILE *f, const char *name, const kr_read_opts *opts,
            kr_error_t err)
{
    unsigned char pre[12];
    unsigned char *h = NULL;
    size_t got;
    long hlen, hoff;
    int major, minor;
    npy_parser p;
    char key[32], descr[32];
    int have_descr = 0, have_fortran = 0, have_shape = 0, fortran = 0;
    long descr_at = 0, shape_at = 0;
    slong dims[NPY_MAX_NDIM], max_dim;
    int ndim = 0, big = 0, cplx = 0;
    kr_status st = KR_OK;
    kr_qmat_t T;

    if (name == NULL)
        name = "(stream)";
    max_dim = opts != NULL && opts->max_dim > 0 ? opts->max_dim
                                                : KR_DEFAULT_MAX_DIM;
    if (max_dim > WORD(3037000499))
        max_dim = WORD(3037000499);

    got = read_full(pre, 8, f);
    if (got < 8 && ferror(f))
        return io_error(name, (long) got, err);
    if (got < 6 || memcmp(pre, "\x93NUMPY", 6) != 0)
    {
        if (got < 6 && memcmp(pre, "\x93NUMPY", got) == 0)
            return kr_error_set_offset(err, KR_ERR_FORMAT, name, (long) got,
                                       "truncated .npy file: it ends inside "
                                       "the magic string \\x93NUMPY");
        return kr_error_set_offset(err, KR_ERR_FORMAT, name, 0,
                                   "not a NumPy .npy file: expected the "
                                   "magic string \\x93NUMPY");
    }
    if (got < 8)
        return kr_error_set_offset(err, KR_ERR_FORMAT, name, (long) got,
                                   "truncated .npy file: it ends before "
                                   "the format version");
    major = pre[6];
    minor = pre[7];
    if (major < 1 || major > 3 || minor != 0)
        return kr_error_set_offset(err, KR_ERR_UNSUPPORTED, name, 6,
                                   "unsupported .npy format version %d.%d: "
                                   "expected 1.0, 2.0 or 3.0", major, minor);
    hoff = major == 1 ? 10 : 12;
    got = read_full(pre + 8, (size_t) hoff - 8, f);
    if (got < (size_t) hoff - 8)
    {
        if (ferror(f))
            return io_error(name, 8 + (long) got, err);
        return kr_error_set_offset(err, KR_ERR_FORMAT, name, 8 + (long) got,
                                   "truncated .npy file: it ends inside the "
                                   "header length");
    }
    hlen = (long) pre[8] | (long) pre[9] << 8;
    if (major > 1)
        hlen |= (long) pre[10] << 16 | (long) pre[11] << 24;
    if (hlen > NPY_MAX_HEADER)
        return kr_error_set_offset(err, KR_ERR_LIMIT, name, 8,
                                   "header length %ld exceeds the limit of "
                                   "%d bytes", hlen, NPY_MAX_HEADER);
    if (hlen == 0)
        return kr_error_set_offset(err, KR_ERR_FORMAT, name, 8,
                                   "malformed .npy header: its length is 0");
    h = malloc((size_t) hlen);
    if (h == NULL)
        return kr_error_set_offset(err, KR_ERR_NOMEM, name, hoff,
                                   "out of memory");
    got = read_full(h, (size_t) hlen, f);
    if (got < (size_t) hlen)
    {
        st = ferror(f) ? io_error(name, hoff + (long) got, err)
             : kr_error_set_offset(err, KR_ERR_FORMAT, name,
                                   hoff + (long) got,
                                   "truncated .npy file: the header should "
                                   "have %ld bytes, the file ends after %ld "
                                   "of them",
                                   hlen, (long) got);
        free(h);
        return st;
    }

    /* The header: a Python dict literal with exactly the keys 'descr',
     * 'fortran_order' and 'shape', then blanks (and a final newline). */
    p.name = name;
    p.err = err;
    p.h = h;
    p.hlen = hlen;
    p.hoff = hoff;
    p.pos = 0;
    skip_ws(&p);
    if (peek(&p) != '{')
    {
        st = npy_fail(&p, KR_ERR_FORMAT, "expected a Python dict '{...}'");
        goto done;
    }
    p.pos++;
    for (;;)
    {
        long at;
        skip_ws(&p);
        if (peek(&p) == '}')
            break;
        at = p.pos;
        if (!parse_string(&p, key, sizeof key))
        {
            st = npy_fail(&p, KR_ERR_FORMAT, "expected a quoted key");
            goto done;
        }
        skip_ws(&p);
        if (peek(&p) != ':')
        {
            st = npy_fail(&p, KR_ERR_FORMAT, "expected ':' after a key");
            goto done;
        }
        p.pos++;
        skip_ws(&p);
        if (strcmp(key, "descr") == 0 && !have_descr)
        {
            have_descr = 1;
            descr_at = p.pos;
            if (peek(&p) == '[')
            {
                st = npy_fail(&p, KR_ERR_UNSUPPORTED,
                              "unsupported structured dtype: expected "
                              "float64 ('<f8', '>f8') or complex128 ('<c16', "
                              "'>c16')");
                goto done;
            }
            if (!parse_string(&p, descr, sizeof descr))
            {
                st = npy_fail(&p, KR_ERR_FORMAT,
                              "expected a quoted type such as '<f8' for "
                              "'descr'");
                goto done;
            }
        }
        else if (strcmp(key, "fortran_order") == 0 && !have_fortran)
        {
            have_fortran = 1;
            if (match_word(&p, "True"))
                fortran = 1;
            else if (match_word(&p, "False"))
                fortran = 0;
            else
            {
                st = npy_fail(&p, KR_ERR_FORMAT,
                              "expected True or False for 'fortran_order'");
                goto done;
            }
        }
        else if (strcmp(key, "shape") == 0 && !have_shape)
        {
            have_shape = 1;
            shape_at = p.pos;
            st = parse_shape(&p, dims, &ndim, max_dim);
            if (st != KR_OK)
                goto done;
        }
        else
        {
            p.pos = at;
            st = npy_fail(&p, KR_ERR_FORMAT,
                          (strcmp(key, "descr") == 0
                           || strcmp(key, "fortran_order") == 0
                           || strcmp(key, "shape") == 0)
                              ? "repeated key"
                              : "unexpected key: expected only 'descr', "
                                "'fortran_order' and 'shape'");
            goto done;
        }
        skip_ws(&p);
        if (peek(&p) == ',')
        {
            p.pos++;
            continue;
        }
        if (peek(&p) == '}')
            break;
        st = npy_fail(&p, KR_ERR_FORMAT, "expected ',' or '}' in the dict");
        goto done;
    }
    p.pos++;
    skip_ws(&p);
    if (p.pos < p.hlen)
    {
        st = npy_fail(&p, KR_ERR_FORMAT,
                      "unexpected characters after the dict");
        goto done;
    }
    if (!have_descr || !have_fortran || !have_shape)
    {
        p.pos = 0;
        st = npy_fail(&p, KR_ERR_FORMAT,
                      !have_descr ? "the dict lacks the key 'descr'"
                      : !have_fortran ? "the dict lacks the key 'fortran_order'"
                                      : "the dict lacks the key 'shape'");
        goto done;
    }

    if (strcmp(descr, "<f8") == 0 || strcmp(descr, ">f8") == 0)
        cplx = 0;
    else if (strcmp(descr, "<c16") == 0 || strcmp(descr, ">c16") == 0)
        cplx = 1;
    else
    {
        st = kr_error_set_offset(err, KR_ERR_UNSUPPORTED, name,
                                 hoff + descr_at,
                                 "unsupported dtype '%.20s': expected "
                                 "float64 ('<f8', '>f8') or complex128 "
                                 "('<c16', '>c16')", descr);
        goto done;
    }
    big = descr[0] == '>';

    if (ndim != 2 || dims[0] != dims[1] || dims[0] == 0)
    {
        char shape[96];
        int k, w = 0;
        shape[0] = '\0';
        for (k = 0; k < ndim && w < 60; k++)
            w += snprintf(shape + w, sizeof shape - (size_t) w, "%s%ld",
                          k ? ", " : "", (long) dims[k]);
        if (ndim > 0 && k < ndim)
            snprintf(shape + w, sizeof shape - (size_t) w, ", ...");
        st = kr_error_set_offset(err, KR_ERR_UNSUPPORTED, name,
                                 hoff + shape_at,
                                 "array of shape (%s%s): kreiss needs a "
                                 "square 2-D array of shape (n, n), n >= 1",
                                 shape, ndim == 1 ? "," : "");
        goto done;
    }
    if (dims[0] > max_dim)
    {
        st = kr_error_set_offset(err, KR_ERR_LIMIT, name, hoff + shape_at,
                                 "'shape' asks for a matrix order beyond "
                                 "the limit %ld (max_dim)", (long) max_dim);
        goto done;
    }

    kr_qmat_init(T, 0, 0);
    st = read_data(T, dims[0], f, name, hoff + hlen, big, cplx, fortran, err);
    T->declared = KR_SYM_GENERAL;
    T->entries = opts != NULL ? opts->entries : KR_ENTRIES_EXACT;
    if (st == KR_OK)
        kr_qmat_swap(M, T);
    kr_qmat_clear(T);

done:
    free(h);
    return st;
}
