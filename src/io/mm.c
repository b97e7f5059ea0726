/* Matrix Market: an exact reader and an exact writer. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kreiss/io.h"

/* ------------------------------------------------------------ line reader */

/* Reads lines of any length (up to maxline bytes) from a stream, in blocks;
 * counts them and notices NUL bytes. */
typedef struct
{
    FILE *f;
    unsigned char *buf;
    size_t pos, len;
    int eof;
    char *line;     /* the current line, NUL-terminated, without '\n' */
    size_t linelen; /* its length */
    size_t cap;
    size_t maxline;
    slong lineno;   /* lines read so far = number of the current line */
    ulong consumed; /* bytes of those lines, line ends included */
} lreader;

#define LR_BLOCK 65536

enum
{
    LR_LINE = 1,
    LR_EOF = 0,
    LR_IOERR = -1,
    LR_TOOLONG = -2,
    LR_NOMEM = -3
};

static int
lr_init(lreader *r, FILE *f, size_t maxline)
{
    r->f = f;
    r->pos = r->len = 0;
    r->eof = 0;
    r->linelen = 0;
    r->cap = 256;
    r->maxline = maxline;
    r->lineno = 0;
    r->consumed = 0;
    r->buf = malloc(LR_BLOCK);
    r->line = malloc(r->cap);
    if (r->buf == NULL || r->line == NULL)
    {
        free(r->buf);
        free(r->line);
        r->buf = NULL;
        r->line = NULL;
        return 0;
    }
    r->line[0] = '\0';
    return 1;
}

static void
lr_clear(lreader *r)
{
    free(r->buf);
    free(r->line);
}

static int
lr_append(lreader *r, const unsigned char *s, size_t n)
{
    if (n > r->maxline - r->linelen)
        return LR_TOOLONG;
    if (r->linelen + n + 1 > r->cap)
    {
        size_t cap = r->cap;
        char *p;
        while (cap < r->linelen + n + 1)
            cap *= 2;
        if (cap > r->maxline + 1)
            cap = r->maxline + 1;
        p = realloc(r->line, cap);
        if (p == NULL)
            return LR_NOMEM;
        r->line = p;
        r->cap = cap;
    }
    memcpy(r->line + r->linelen, s, n);
    r->linelen += n;
    r->line[r->linelen] = '\0';
    return LR_LINE;
}

/* The next line into r->line; returns LR_LINE, LR_EOF or an error.  On
 * LR_TOOLONG, r->lineno is the number of the offending line. */
static int
lr_next(lreader *r)
{
    int started = 0;
    r->linelen = 0;
    r->line[0] = '\0';
    for (;;)
    {
        unsigned char *nl;
        size_t n;
        int st;
        if (r->pos == r->len)
        {
            if (r->eof)
                break;
            r->len = fread(r->buf, 1, LR_BLOCK, r->f);
            r->pos = 0;
            if (r->len == 0)
            {
                if (ferror(r->f))
                    return LR_IOERR;
                r->eof = 1;
                break;
            }
        }
        started = 1;
        nl = memchr(r->buf + r->pos, '\n', r->len - r->pos);
        n = nl ? (size_t) (nl - (r->buf + r->pos)) : r->len - r->pos;
        st = lr_append(r, r->buf + r->pos, n);
        if (st != LR_LINE)
        {
            if (st == LR_TOOLONG)
                r->lineno++;
            return st;
        }
        r->pos += n;
        r->consumed += n;
        if (nl != NULL)
        {
            r->pos++;
            r->consumed++;
            break;
        }
    }
    if (!started)
        return LR_EOF;
    r->lineno++;
    return LR_LINE;
}

/* ------------------------------------------------------------ tokens */

static int
is_blank(int c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* Split line in place into at most maxtok tokens; returns the number found,
 * or maxtok + 1 when there are more (tok[maxtok] is then the first extra). */
static int
split_tokens(char *line, char **tok, int maxtok)
{
    int k = 0;
    char *p = line;
    for (;;)
    {
        while (is_blank((unsigned char) *p))
            p++;
        if (*p == '\0')
            return k;
        tok[k++] = p;
        if (k > maxtok)
            return k;
        while (*p != '\0' && !is_blank((unsigned char) *p))
            p++;
        if (*p != '\0')
            *p++ = '\0';
    }
}

/* Blank or comment line (first non-blank character '%'). */
static int
is_skippable(const char *line)
{
    while (is_blank((unsigned char) *line))
        line++;
    return *line == '\0' || *line == '%';
}

static int
word_eq(const char *a, const char *b)
{
    for (; *a != '\0' && *b != '\0'; a++, b++)
    {
        int ca = (unsigned char) *a, cb = (unsigned char) *b;
        if (ca >= 'A' && ca <= 'Z')
            ca += 'a' - 'A';
        if (ca != cb)
            return 0;
    }
    return *a == '\0' && *b == '\0';
}

/* A token for messages: quoted, at most 40 characters. */
static const char *
show(char *buf, size_t size, const char *tok)
{
    if (strlen(tok) > 40)
        snprintf(buf, size, "'%.37s...'", tok);
    else
        snprintf(buf, size, "'%s'", tok);
    return buf;
}

/* Parse a token of decimal digits only into *v (saturating at cap + 1).
 * Returns 1 on success, 0 when the token is not [0-9]+. */
static int
parse_count(slong *v, const char *tok, slong cap)
{
    slong x = 0;
    const char *p = tok;
    if (*p == '\0')
        return 0;
    for (; *p != '\0'; p++)
    {
        if (*p < '0' || *p > '9')
            return 0;
        if (x <= cap)
            x = x * 10 + (*p - '0');
    }
    *v = x > cap ? cap + 1 : x;
    return 1;
}

/* ------------------------------------------------------------ reader */

typedef enum { FMT_ARRAY, FMT_COORD } mm_format;
typedef enum { FLD_REAL, FLD_INTEGER, FLD_COMPLEX } mm_field;

typedef struct
{
    const char *name;
    kr_read_opts opts;
    kr_error_struct *err;
    lreader r;
    mm_format format;
    mm_field field;
    kr_symmetry sym;
    slong n;
    slong spent;    /* digits + |exponents| of the numbers so far (budget) */
} mm_state;

static const char *
sym_word(kr_symmetry s)
{
    switch (s)
    {
        case KR_SYM_SYMMETRIC: return "symmetric";
        case KR_SYM_SKEW: return "skew-symmetric";
        case KR_SYM_HERMITIAN: return "hermitian";
        default: return "general";
    }
}

static kr_status
line_error(mm_state *s, int code)
{
    switch (code)
    {
        case LR_IOERR:
            return kr_error_set(s->err, KR_ERR_IO, s->name, s->r.lineno,
                                "read error after line %ld: %s",
                                (long) s->r.lineno, strerror(errno));
        case LR_TOOLONG:
            return kr_error_set(s->err, KR_ERR_LIMIT, s->name, s->r.lineno,
                                "line longer than %lu bytes: expected short "
                                "lines of numbers (is this a text file?)",
                                (unsigned long) s->r.maxline);
        default:
            return kr_error_set(s->err, KR_ERR_NOMEM, s->name, s->r.lineno,
                                "out of memory reading line %ld",
                                (long) s->r.lineno + 1);
    }
}

/* Next line that is neither blank nor a comment.  Returns LR_LINE, LR_EOF,
 * or (after setting err) a negative code, NUL bytes included. */
static int
next_data_line(mm_state *s, kr_status *st)
{
    int c;
    for (;;)
    {
        c = lr_next(&s->r);
        if (c != LR_LINE)
        {
            if (c < 0)
                *st = line_error(s, c);
            return c;
        }
        if (strlen(s->r.line) != s->r.linelen)
        {
            *st = kr_error_set(s->err, KR_ERR_FORMAT, s->name, s->r.lineno,
                               "NUL byte in a text file: expected a Matrix "
                               "Market text file");
            return -10;
        }
        if (!is_skippable(s->r.line))
            return LR_LINE;
    }
}

static kr_status
parse_banner(mm_state *s)
{
    char *tok[6];
    char sb[64];
    char *line = s->r.line;
    int k;
    static const char usage[] =
        "'%%MatrixMarket matrix <array|coordinate> "
        "<real|integer|complex> <general|symmetric|skew-symmetric|hermitian>'";

    /* A UTF-8 byte order mark is harmless. */
    if (strncmp(line, "\xEF\xBB\xBF", 3) == 0)
        line += 3;
    if (strlen(line) != s->r.linelen - (size_t) (line - s->r.line))
        return kr_error_set(s->err, KR_ERR_FORMAT, s->name, 1,
                            "NUL byte in a text file: expected a Matrix "
                            "Market banner %s", usage);
    k = split_tokens(line, tok, 5);
    if (k == 0 || !word_eq(tok[0], "%%matrixmarket"))
        return kr_error_set(s->err, KR_ERR_FORMAT, s->name, 1,
                            "missing Matrix Market banner: expected the first "
                            "line to be %s", usage);
    if (k < 2 || !word_eq(tok[1], "matrix"))
    {
        if (k >= 2 && word_eq(tok[1], "vector"))
            return kr_error_set(s->err, KR_ERR_UNSUPPORTED, s->name, 1,
                                "unsupported object 'vector': kreiss reads "
                                "square matrices, expected %s", usage);
        return kr_error_set(s->err, KR_ERR_FORMAT, s->name, 1,
                            "malformed banner: expected %s%s%s", usage,
                            k >= 2 ? ", found object " : "",
                            k >= 2 ? show(sb, sizeof sb, tok[1]) : "");
    }
    if (k < 5)
        return kr_error_set(s->err, KR_ERR_FORMAT, s->name, 1,
                            "incomplete banner (%d words): expected %s", k,
                            usage);
    if (k > 5)
        return kr_error_set(s->err, KR_ERR_FORMAT, s->name, 1,
                            "unexpected %s at the end of the banner: "
                            "expected %s", show(sb, sizeof sb, tok[5]),
                            usage);

    if (word_eq(tok[2], "array"))
        s->format = FMT_ARRAY;
    else if (word_eq(tok[2], "coordinate"))
        s->format = FMT_COORD;
    else
        return kr_error_set(s->err, KR_ERR_FORMAT, s->name, 1,
                            "unknown format %s in the banner: expected "
                            "'array' or 'coordinate'",
                            show(sb, sizeof sb, tok[2]));

    if (word_eq(tok[3], "real"))
        s->field = FLD_REAL;
    else if (word_eq(tok[3], "integer"))
        s->field = FLD_INTEGER;
    else if (word_eq(tok[3], "complex"))
        s->field = FLD_COMPLEX;
    else if (word_eq(tok[3], "pattern"))
        return kr_error_set(s->err, KR_ERR_UNSUPPORTED, s->name, 1,
                            "unsupported field 'pattern': a pattern file has "
                            "no values; expected 'real', 'integer' or "
                            "'complex'");
    else
        return kr_error_set(s->err, KR_ERR_FORMAT, s->name, 1,
                            "unknown field %s in the banner: expected "
                            "'real', 'integer' or 'complex'",
                            show(sb, sizeof sb, tok[3]));

    if (word_eq(tok[4], "general"))
        s->sym = KR_SYM_GENERAL;
    else if (word_eq(tok[4], "symmetric"))
        s->sym = KR_SYM_SYMMETRIC;
    else if (word_eq(tok[4], "skew-symmetric"))
        s->sym = KR_SYM_SKEW;
    else if (word_eq(tok[4], "hermitian"))
        s->sym = KR_SYM_HERMITIAN;
    else
        return kr_error_set(s->err, KR_ERR_FORMAT, s->name, 1,
                            "unknown symmetry %s in the banner: expected "
                            "'general', 'symmetric', 'skew-symmetric' or "
                            "'hermitian'", show(sb, sizeof sb, tok[4]));

    if (s->sym == KR_SYM_HERMITIAN && s->field != FLD_COMPLEX)
        return kr_error_set(s->err, KR_ERR_FORMAT, s->name, 1,
                            "symmetry 'hermitian' with field %s: a hermitian "
                            "file must have field 'complex' (use 'symmetric' "
                            "for a real symmetric matrix)",
                            s->field == FLD_REAL ? "'real'" : "'integer'");
    return KR_OK;
}

/* Number of stored entries a file of order n may hold. */
static slong
max_stored(kr_symmetry sym, slong n)
{
    if (sym == KR_SYM_GENERAL)
        return n * n;
    if (sym == KR_SYM_SKEW)
        return n * (n - 1) / 2;
    return n * (n + 1) / 2;
}

/* Parse the size line; sets s->n and *nnz. */
static kr_status
parse_size(mm_state *s, slong *nnz)
{
    char *tok[4];
    char sb[64];
    slong v[3];
    int k, want = s->format == FMT_ARRAY ? 2 : 3, i;
    const char *what = s->format == FMT_ARRAY
                           ? "'rows columns' (array format)"
                           : "'rows columns entries' (coordinate format)";
    /* Orders saturate at max_dim + 1 (refused below), counts far below
     * overflow. */
    const slong cap = s->opts.max_dim;

    k = split_tokens(s->r.line, tok, want);
    if (k < want)
        return kr_error_set(s->err, KR_ERR_FORMAT, s->name, s->r.lineno,
                            "size line has %d number%s: expected %s", k,
                            k == 1 ? "" : "s", what);
    if (k > want)
        return kr_error_set(s->err, KR_ERR_FORMAT, s->name, s->r.lineno,
                            "unexpected %s on the size line: expected %s",
                            show(sb, sizeof sb, tok[want]), what);
    for (i = 0; i < want; i++)
        if (!parse_count(&v[i], tok[i], i < 2 ? cap : WORD_MAX / 16))
            return kr_error_set(s->err, KR_ERR_FORMAT, s->name, s->r.lineno,
                                "%s on the size line is not a non-negative "
                                "integer: expected %s",
                                show(sb, sizeof sb, tok[i]), what);
    if (v[0] != v[1])
        return kr_error_set(s->err, KR_ERR_UNSUPPORTED, s->name, s->r.lineno,
                            "the matrix is %sx%s: kreiss needs a square "
                            "matrix", tok[0], tok[1]);
    if (v[0] == 0)
        return kr_error_set(s->err, KR_ERR_UNSUPPORTED, s->name, s->r.lineno,
                            "empty 0x0 matrix: expected an order of at "
                            "least 1");
    if (v[0] > s->opts.max_dim)
        return kr_error_set(s->err, KR_ERR_LIMIT, s->name, s->r.lineno,
                            "matrix order %s exceeds the limit %ld "
                            "(max_dim)", tok[0], (long) s->opts.max_dim);
    s->n = v[0];
    if (s->format == FMT_COORD)
    {
        slong most = max_stored(s->sym, s->n);
        if (v[2] > most)
            return kr_error_set(s->err, KR_ERR_LIMIT, s->name, s->r.lineno,
                                "%s entries declared, but a %ldx%ld %s "
                                "coordinate matrix stores at most %ld",
                                tok[2], (long) s->n, (long) s->n,
                                sym_word(s->sym), (long) most);
        *nnz = v[2];
    }
    else
        *nnz = max_stored(s->sym, s->n);
    return KR_OK;
}

/* Parse one value token into x, obeying the field and the semantics. */
static kr_status
parse_value(mm_state *s, fmpq_t x, const char *tok, const char *what)
{
    const char *end;
    char sb[64];
    kr_numstatus st;
    /* the budget grows with the file: 64 per byte read (this line included) */
    slong budget = KR_BUDGET_FREE + KR_BUDGET_PER_BYTE * (slong) s->r.consumed
                   - s->spent, left = budget;

    if (s->field == FLD_INTEGER)
    {
        const char *p = tok + (*tok == '+' || *tok == '-');
        int good = *p != '\0';
        for (; *p != '\0' && good; p++)
            good = *p >= '0' && *p <= '9';
        if (!good)
            return kr_error_set(s->err, KR_ERR_FORMAT, s->name, s->r.lineno,
                                "%s %s is not an integer: expected an integer "
                                "(the banner says field 'integer')",
                                what, show(sb, sizeof sb, tok));
    }
    st = kr_parse_number_budget(x, tok, &end, &s->opts, &left);
    s->spent += budget - left;
    if (st == KR_NUM_OK && *end != '\0')
        st = KR_NUM_SYNTAX;
    switch (st)
    {
        case KR_NUM_OK:
            break;
        case KR_NUM_NONFINITE:
            return kr_error_set(s->err, KR_ERR_FORMAT, s->name, s->r.lineno,
                                "%s %s is NaN or infinite: expected a finite "
                                "number", what, show(sb, sizeof sb, tok));
        case KR_NUM_TOO_LONG:
            return kr_error_set(s->err, KR_ERR_LIMIT, s->name, s->r.lineno,
                                "%s %s has more than %ld digits (max_digits)",
                                what, show(sb, sizeof sb, tok),
                                (long) s->opts.max_digits);
        case KR_NUM_EXPONENT:
            return kr_error_set(s->err, KR_ERR_LIMIT, s->name, s->r.lineno,
                                "%s %s has an exponent larger than %ld in "
                                "absolute value (max_exponent)",
                                what, show(sb, sizeof sb, tok),
                                (long) s->opts.max_exponent);
        case KR_NUM_BUDGET:
            return kr_error_set(s->err, KR_ERR_LIMIT, s->name, s->r.lineno,
                                "%s %s exceeds the budget of the file's "
                                "numbers: their digits and |exponents| "
                                "would add up to more than %ld (10^7 + 64 "
                                "per byte of the first %lu bytes); expected "
                                "numbers in proportion to the size of the "
                                "file",
                                what, show(sb, sizeof sb, tok),
                                (long) budget + (long) s->spent,
                                (unsigned long) s->r.consumed);
        default:
            return kr_error_set(s->err, KR_ERR_FORMAT, s->name, s->r.lineno,
                                "%s %s is not a number: expected a decimal "
                                "such as -1.25e-3 or a hexadecimal float "
                                "such as 0x1.8p-3",
                                what, show(sb, sizeof sb, tok));
    }
    if (s->opts.entries == KR_ENTRIES_BINARY64
        && kr_fmpq_round_binary64(x, NULL) == KR_NUM_OVERFLOW)
        return kr_error_set(s->err, KR_ERR_LIMIT, s->name, s->r.lineno,
                            "%s %s overflows binary64: its nearest double "
                            "would be infinite (the largest finite double is "
                            "about 1.7976931348623157e308)",
                            what, show(sb, sizeof sb, tok));
    return KR_OK;
}

/* Parse the value tokens of an entry line (tok[0], tok[1] if complex) into
 * re (and im); k is the number of value tokens found (max 3 = too many). */
static kr_status
parse_values(mm_state *s, fmpq_t re, fmpq_t im, char **tok, int k,
             const char *layout)
{
    char sb[64];
    int want = s->field == FLD_COMPLEX ? 2 : 1;
    kr_status st;
    if (k == 0)
        return kr_error_set(s->err, KR_ERR_FORMAT, s->name, s->r.lineno,
                            "missing value: expected %s", layout);
    if (k > want)
        return kr_error_set(s->err, KR_ERR_FORMAT, s->name, s->r.lineno,
                            "unexpected %s after the entry: expected one "
                            "entry per line, of the form %s",
                            show(sb, sizeof sb, tok[want]), layout);
    st = parse_value(s, re, tok[0], want == 2 ? "real part" : "entry");
    if (st != KR_OK)
        return st;
    if (want == 2)
    {
        if (k < 2)
            return kr_error_set(s->err, KR_ERR_FORMAT, s->name, s->r.lineno,
                                "missing imaginary part: a complex entry is "
                                "%s", layout);
        st = parse_value(s, im, tok[1], "imaginary part");
        if (st != KR_OK)
            return st;
    }
    return KR_OK;
}

/* Store entry (i, j) (0-based, lower triangle for non-general symmetry)
 * and its mirror.  The values are moved: re and im are left zero (or what
 * T held). */
static void
store(kr_qmat_t T, kr_symmetry sym, slong i, slong j, fmpq_t re, fmpq_t im)
{
    fmpq_swap(kr_qmat_re(T, i, j), re);
    re = kr_qmat_re(T, i, j);
    if (T->im != NULL)
    {
        fmpq_swap(kr_qmat_im(T, i, j), im);
        im = kr_qmat_im(T, i, j);
    }
    if (i == j || sym == KR_SYM_GENERAL)
        return;
    if (sym == KR_SYM_SKEW)
        fmpq_neg(kr_qmat_re(T, j, i), re);
    else
        fmpq_set(kr_qmat_re(T, j, i), re);
    if (T->im != NULL)
    {
        if (sym == KR_SYM_SYMMETRIC)
            fmpq_set(kr_qmat_im(T, j, i), im);
        else
            fmpq_neg(kr_qmat_im(T, j, i), im); /* skew or hermitian */
    }
}

static kr_status
check_hermitian_diagonal(mm_state *s, slong i, const fmpq_t im)
{
    char *d;
    if (s->sym != KR_SYM_HERMITIAN || fmpq_is_zero(im))
        return KR_OK;
    d = kr_fmpq_get_decimal(im);
    kr_error_set(s->err, KR_ERR_FORMAT, s->name, s->r.lineno,
                 "diagonal entry (%ld, %ld) has imaginary part %.40s%s: "
                 "expected 0, a hermitian matrix has a real diagonal",
                 (long) i + 1, (long) i + 1, d ? d : "not 0",
                 d && strlen(d) > 40 ? "..." : "");
    free(d);
    return KR_ERR_FORMAT;
}

typedef struct
{
    slong pos;  /* i*n + j */
    slong line;
} coord_rec;

/* Entries read before the matrix may be allocated (kr_read_may_allocate):
 * until the file has given n^2/16 bytes, memory follows the file. */
typedef struct
{
    slong i, j;
    fmpq re, im;
} mm_entry;

typedef struct
{
    mm_entry *v;
    slong len, cap;
} mm_pending;

static void
pending_clear(mm_pending *p)
{
    slong k;
    for (k = 0; k < p->len; k++)
    {
        fmpq_clear(&p->v[k].re);
        fmpq_clear(&p->v[k].im);
    }
    free(p->v);
    p->v = NULL;
    p->len = p->cap = 0;
}

/* Store the entry in T, or keep it for later when T is not allocated yet
 * (the values are moved either way).  Returns 0 when out of memory. */
static int
put_entry(mm_state *s, kr_qmat_t T, mm_pending *p, slong i, slong j,
          fmpq_t re, fmpq_t im)
{
    mm_entry *e;
    if (T->n > 0)
    {
        store(T, s->sym, i, j, re, im);
        return 1;
    }
    if (p->len == p->cap)
    {
        slong cap = p->cap > 0 ? 2 * p->cap : 256;
        mm_entry *v = realloc(p->v, sizeof(mm_entry) * (size_t) cap);
        if (v == NULL)
            return 0;
        p->v = v;
        p->cap = cap;
    }
    e = p->v + p->len++;
    e->i = i;
    e->j = j;
    fmpq_init(&e->re);
    fmpq_init(&e->im);
    fmpq_swap(&e->re, re);
    fmpq_swap(&e->im, im);
    return 1;
}

/* Allocate T (order s->n) and move the pending entries into it. */
static kr_status
alloc_matrix(mm_state *s, kr_qmat_t T, mm_pending *p, slong size_line)
{
    slong k;
    if (!kr_qmat_init(T, s->n, s->field == FLD_COMPLEX))
    {
        kr_qmat_clear(T);
        kr_qmat_init(T, 0, 0);
        return kr_error_set(s->err, KR_ERR_NOMEM, s->name, size_line,
                            "out of memory for a %ldx%ld matrix", (long) s->n,
                            (long) s->n);
    }
    for (k = 0; k < p->len; k++)
        store(T, s->sym, p->v[k].i, p->v[k].j, &p->v[k].re, &p->v[k].im);
    pending_clear(p);
    return KR_OK;
}

/* Read the entries into T (empty on entry; allocated here, once the file
 * is large enough for it). */
static kr_status
read_entries(mm_state *s, kr_qmat_t T, slong nnz, slong size_line)
{
    kr_status st = KR_OK;
    fmpq_t re, im;
    char *tok[6];
    char layout[96];
    slong n = s->n, count = 0, i = 0, j = 0;
    ulong *seen = NULL;
    coord_rec *rec = NULL;
    slong reccap = 0;
    mm_pending pend = {NULL, 0, 0};
    int c, k;

    if (s->format == FMT_COORD)
    {
        snprintf(layout, sizeof layout, "%s",
                 s->field == FLD_COMPLEX ? "'row column real imag'"
                                         : "'row column value'");
        if (nnz > 0)
        {
            seen = calloc((size_t) ((n * n + FLINT_BITS - 1) / FLINT_BITS),
                          sizeof(ulong));
            /* grown as entries arrive: memory follows the file, not the
             * declared count */
            reccap = nnz < 1024 ? nnz : 1024;
            rec = malloc(sizeof(coord_rec) * (size_t) reccap);
            if (seen == NULL || rec == NULL)
            {
                free(seen);
                free(rec);
                return kr_error_set(s->err, KR_ERR_NOMEM, s->name,
                                    size_line, "out of memory for %ld "
                                    "entries", (long) nnz);
            }
        }
    }
    else
        snprintf(layout, sizeof layout, "%s",
                 s->field == FLD_COMPLEX ? "'real imag'" : "'value'");

    if (kr_read_may_allocate(n, s->r.consumed))
    {
        st = alloc_matrix(s, T, &pend, size_line);
        if (st != KR_OK)
        {
            free(seen);
            free(rec);
            return st;
        }
    }
    fmpq_init(re);
    fmpq_init(im);
    if (s->format == FMT_ARRAY)
    {
        /* column-major; first position of the stored part */
        j = 0;
        i = s->sym == KR_SYM_GENERAL ? 0 : (s->sym == KR_SYM_SKEW ? 1 : 0);
    }

    while (count < nnz)
    {
        c = next_data_line(s, &st);
        if (c == LR_EOF)
        {
            if (s->format == FMT_ARRAY)
                st = kr_error_set(s->err, KR_ERR_FORMAT, s->name,
                                  s->r.lineno,
                                  "expected %ld entries for a %ldx%ld %sarray "
                                  "matrix%s, found %ld",
                                  (long) nnz, (long) n, (long) n,
                                  s->sym == KR_SYM_GENERAL ? ""
                                  : s->sym == KR_SYM_SYMMETRIC ? "symmetric "
                                  : s->sym == KR_SYM_SKEW ? "skew-symmetric "
                                  : "hermitian ",
                                  s->sym == KR_SYM_GENERAL ? ""
                                  : s->sym == KR_SYM_SKEW
                                      ? " (strictly lower triangle, column "
                                        "by column)"
                                      : " (lower triangle, column by column)",
                                  (long) count);
            else
                st = kr_error_set(s->err, KR_ERR_FORMAT, s->name,
                                  s->r.lineno,
                                  "expected %ld entries (as declared on line "
                                  "%ld), found %ld", (long) nnz,
                                  (long) size_line, (long) count);
            break;
        }
        if (c != LR_LINE)
            break;

        if (s->format == FMT_ARRAY)
        {
            k = split_tokens(s->r.line, tok, 3);
            st = parse_values(s, re, im, tok, k, layout);
            if (st != KR_OK)
                break;
            if (i == j)
            {
                st = check_hermitian_diagonal(s, i, im);
                if (st != KR_OK)
                    break;
            }
            if (!put_entry(s, T, &pend, i, j, re, im))
            {
                st = kr_error_set(s->err, KR_ERR_NOMEM, s->name, s->r.lineno,
                                  "out of memory for %ld entries",
                                  (long) count + 1);
                break;
            }
            /* next position, column by column */
            if (++i == n)
            {
                j++;
                i = s->sym == KR_SYM_GENERAL ? 0
                    : (s->sym == KR_SYM_SKEW ? j + 1 : j);
            }
        }
        else
        {
            slong pos, t;
            char sb[64];
            k = split_tokens(s->r.line, tok, 5);
            if (k < 2)
            {
                st = kr_error_set(s->err, KR_ERR_FORMAT, s->name, s->r.lineno,
                                  "missing column index: expected %s",
                                  layout);
                break;
            }
            if (!parse_count(&i, tok[0], n) || !parse_count(&j, tok[1], n))
            {
                int bad = !parse_count(&i, tok[0], n);
                st = kr_error_set(s->err, KR_ERR_FORMAT, s->name, s->r.lineno,
                                  "%s index %s is not a positive integer: "
                                  "expected %s with indices from 1 to %ld",
                                  bad ? "row" : "column",
                                  show(sb, sizeof sb, tok[bad ? 0 : 1]),
                                  layout, (long) n);
                break;
            }
            if (i < 1 || i > n || j < 1 || j > n)
            {
                int bad = (i < 1 || i > n);
                st = kr_error_set(s->err, KR_ERR_FORMAT, s->name, s->r.lineno,
                                  "%s index %s out of range: expected 1 to "
                                  "%ld", bad ? "row" : "column",
                                  tok[bad ? 0 : 1], (long) n);
                break;
            }
            i--;
            j--;
            if (s->sym != KR_SYM_GENERAL
                && (i < j || (i == j && s->sym == KR_SYM_SKEW)))
            {
                if (i == j)
                    st = kr_error_set(s->err, KR_ERR_FORMAT, s->name,
                                      s->r.lineno,
                                      "diagonal entry (%ld, %ld) in a "
                                      "skew-symmetric file: only the strictly "
                                      "lower triangle (row > column) is "
                                      "stored, the diagonal is zero",
                                      (long) i + 1, (long) j + 1);
                else
                    st = kr_error_set(s->err, KR_ERR_FORMAT, s->name,
                                      s->r.lineno,
                                      "entry (%ld, %ld) is above the "
                                      "diagonal: a %s file stores only the "
                                      "%slower triangle (row %s column)",
                                      (long) i + 1, (long) j + 1,
                                      sym_word(s->sym),
                                      s->sym == KR_SYM_SKEW ? "strictly " : "",
                                      s->sym == KR_SYM_SKEW ? ">" : ">=");
                break;
            }
            pos = i * n + j;
            if (seen[pos / FLINT_BITS] >> (pos % FLINT_BITS) & 1)
            {
                for (t = 0; t < count && rec[t].pos != pos; t++)
                    ;
                st = kr_error_set(s->err, KR_ERR_FORMAT, s->name, s->r.lineno,
                                  "duplicate entry (%ld, %ld): first given "
                                  "on line %ld", (long) i + 1, (long) j + 1,
                                  t < count ? (long) rec[t].line : 0L);
                break;
            }
            st = parse_values(s, re, im, tok + 2, k - 2, layout);
            if (st != KR_OK)
                break;
            if (i == j)
            {
                st = check_hermitian_diagonal(s, i, im);
                if (st != KR_OK)
                    break;
            }
            seen[pos / FLINT_BITS] |= UWORD(1) << (pos % FLINT_BITS);
            if (count == reccap)
            {
                slong cap = reccap > nnz / 2 ? nnz : 2 * reccap;
                coord_rec *r2 = realloc(rec, sizeof(coord_rec) * (size_t) cap);
                if (r2 == NULL)
                {
                    st = kr_error_set(s->err, KR_ERR_NOMEM, s->name,
                                      s->r.lineno, "out of memory for %ld "
                                      "entries", (long) cap);
                    break;
                }
                rec = r2;
                reccap = cap;
            }
            rec[count].pos = pos;
            rec[count].line = s->r.lineno;
            if (!put_entry(s, T, &pend, i, j, re, im))
            {
                st = kr_error_set(s->err, KR_ERR_NOMEM, s->name, s->r.lineno,
                                  "out of memory for %ld entries",
                                  (long) count + 1);
                break;
            }
        }
        count++;
        if (T->n == 0 && kr_read_may_allocate(n, s->r.consumed))
        {
            st = alloc_matrix(s, T, &pend, size_line);
            if (st != KR_OK)
                break;
        }
    }

    if (st == KR_OK)
    {
        /* Only blank and comment lines may follow. */
        c = next_data_line(s, &st);
        if (c == LR_LINE)
        {
            if (s->format == FMT_ARRAY)
                st = kr_error_set(s->err, KR_ERR_FORMAT, s->name, s->r.lineno,
                                  "unexpected data after the last entry: a "
                                  "%ldx%ld %s array file has %ld entr%s",
                                  (long) n, (long) n, sym_word(s->sym),
                                  (long) nnz, nnz == 1 ? "y" : "ies");
            else
                st = kr_error_set(s->err, KR_ERR_FORMAT, s->name, s->r.lineno,
                                  "unexpected data after the last entry: "
                                  "line %ld declares %ld entr%s",
                                  (long) size_line, (long) nnz,
                                  nnz == 1 ? "y" : "ies");
        }
    }
    /* The whole file is read: a matrix still not allocated is too large for
     * it (only a sparse coordinate file can get here). */
    if (st == KR_OK && T->n == 0)
    {
        if (kr_read_may_allocate(n, s->r.consumed))
            st = alloc_matrix(s, T, &pend, size_line);
        else
            st = kr_error_set(s->err, KR_ERR_LIMIT, s->name, size_line,
                              "a %ldx%ld matrix from a file of %lu bytes: "
                              "kreiss stores matrices dense, and orders "
                              "above 1024 need a file of at least n^2/%d = "
                              "%lu bytes; expected a denser file (or the "
                              "array format)", (long) n, (long) n,
                              (unsigned long) s->r.consumed,
                              (int) KR_DENSE_PER_BYTE,
                              (unsigned long) ((ulong) n * (ulong) n
                                               / KR_DENSE_PER_BYTE));
    }

    fmpq_clear(re);
    fmpq_clear(im);
    free(seen);
    free(rec);
    pending_clear(&pend);
    return st;
}

kr_status
kr_read_mm(kr_qmat_t M, FILE *f, const char *name, const kr_read_opts *opts,
           kr_error_t err)
{
    mm_state s;
    kr_qmat_t T;
    kr_status st = KR_OK;
    slong nnz = 0, size_line;
    size_t maxline;
    int c;

    if (name == NULL)
        name = "(stream)";
    memset(&s, 0, sizeof s);
    s.name = name;
    s.err = err;
    if (opts != NULL)
        s.opts = *opts;
    else
        kr_read_opts_init(&s.opts);
    if (s.opts.max_dim <= 0)
        s.opts.max_dim = KR_DEFAULT_MAX_DIM;
    if (s.opts.max_digits <= 0)
        s.opts.max_digits = KR_DEFAULT_MAX_DIGITS;
    if (s.opts.max_exponent <= 0)
        s.opts.max_exponent = KR_DEFAULT_MAX_EXPONENT;
    if (s.opts.max_dim > WORD(3037000499))
        s.opts.max_dim = WORD(3037000499); /* n*n must fit in a slong */

    /* Room for an entry line of two indices and two numbers of the maximal
     * length, and at least 1 MiB (comments). */
    maxline = (size_t) 1 << 20;
    if ((size_t) s.opts.max_digits < ((size_t) -1 - 4096) / 8
        && 4 * (size_t) s.opts.max_digits + 4096 > maxline)
        maxline = 4 * (size_t) s.opts.max_digits + 4096;

    if (!lr_init(&s.r, f, maxline))
        return kr_error_set(err, KR_ERR_NOMEM, name, 0, "out of memory");

    c = lr_next(&s.r);
    if (c == LR_EOF)
        st = kr_error_set(err, KR_ERR_FORMAT, name, 0,
                          "empty file: expected a Matrix Market banner "
                          "'%%%%MatrixMarket matrix ...' or NumPy .npy data");
    else if (c != LR_LINE)
        st = line_error(&s, c);
    else
        st = parse_banner(&s);
    if (st != KR_OK)
        goto done;

    c = next_data_line(&s, &st);
    if (c == LR_EOF)
        st = kr_error_set(err, KR_ERR_FORMAT, name, s.r.lineno,
                          "missing size line: expected %s after the banner",
                          s.format == FMT_ARRAY
                              ? "'rows columns' (array format)"
                              : "'rows columns entries' (coordinate format)");
    if (c != LR_LINE)
        goto done;
    size_line = s.r.lineno;
    st = parse_size(&s, &nnz);
    if (st != KR_OK)
        goto done;

    kr_qmat_init(T, 0, 0);
    st = read_entries(&s, T, nnz, size_line);
    T->declared = s.sym;
    T->entries = s.opts.entries;
    if (st == KR_OK)
        kr_qmat_swap(M, T);
    kr_qmat_clear(T);

done:
    lr_clear(&s.r);
    return st;
}

/* ------------------------------------------------------------ writer */

static int
has_decimal(const fmpq_t x)
{
    fmpz_t r, five;
    int ok;
    fmpz_init(r);
    fmpz_init_set_ui(five, 5);
    fmpz_fdiv_q_2exp(r, fmpq_denref(x), fmpz_val2(fmpq_denref(x)));
    fmpz_remove(r, r, five);
    ok = fmpz_is_one(r);
    fmpz_clear(r);
    fmpz_clear(five);
    return ok;
}

static kr_status
write_value(FILE *f, const fmpq_t x, const char *sep, kr_error_t err)
{
    char *d = kr_fmpq_get_decimal(x);
    int w;
    if (d == NULL)
        return kr_error_set(err, KR_ERR_NOMEM, NULL, 0,
                            "out of memory writing a Matrix Market file");
    w = fprintf(f, "%s%s", d, sep);
    free(d);
    if (w < 0)
        return kr_error_set(err, KR_ERR_IO, NULL, 0,
                            "cannot write a Matrix Market file: %s",
                            strerror(errno));
    return KR_OK;
}

kr_status
kr_write_mm(FILE *f, const kr_qmat_t M, kr_error_t err)
{
    slong i, j, n = M->n;
    kr_status st;

    if (n <= 0)
        return kr_error_set(err, KR_ERR_DOMAIN, NULL, 0,
                            "cannot write an empty 0x0 matrix");
    for (i = 0; i < n; i++)
        for (j = 0; j < n; j++)
            if (!has_decimal(kr_qmat_re(M, i, j))
                || (M->im != NULL && !has_decimal(kr_qmat_im(M, i, j))))
                return kr_error_set(err, KR_ERR_DOMAIN, NULL, 0,
                                    "entry (%ld, %ld) has no finite decimal "
                                    "expansion: its denominator has a prime "
                                    "factor other than 2 and 5",
                                    (long) i + 1, (long) j + 1);

    if (fprintf(f, "%%%%MatrixMarket matrix array %s general\n"
                   "%% exact decimal entries, column by column\n"
                   "%ld %ld\n",
                M->im != NULL ? "complex" : "real", (long) n, (long) n) < 0)
        return kr_error_set(err, KR_ERR_IO, NULL, 0,
                            "cannot write a Matrix Market file: %s",
                            strerror(errno));
    for (j = 0; j < n; j++)
        for (i = 0; i < n; i++)
        {
            if (M->im != NULL)
            {
                st = write_value(f, kr_qmat_re(M, i, j), " ", err);
                if (st == KR_OK)
                    st = write_value(f, kr_qmat_im(M, i, j), "\n", err);
            }
            else
                st = write_value(f, kr_qmat_re(M, i, j), "\n", err);
            if (st != KR_OK)
                return st;
        }
    if (fflush(f) != 0 || ferror(f))
        return kr_error_set(err, KR_ERR_IO, NULL, 0,
                            "cannot write a Matrix Market file: %s",
                            strerror(errno));
    return KR_OK;
}
