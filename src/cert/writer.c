/* The certificate writer (certs/FORMAT.md).
 *
 * Serialises the witnesses the bounds modules keep (witness.h) as records
 * and the enclosures as claims.  Every number is written exactly: binary
 * numbers as m p e (m 2^e), rationals as p/q, the claims' bounds as decimals
 * rounded outward (the same digits kreiss prints). */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <flint/fmpz_mat.h>
#include <flint/fmpq_mat.h>

#include "kreiss.h"
#include "kreiss/io.h"
#include "bounds/internal.h"

/* ------------------------------------------------------------ low level */

static void
put(kr_cert_t c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
put(kr_cert_t c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (vfprintf(c->f, fmt, ap) < 0)
        c->failed = 1;
    va_end(ap);
}

/* An exact binary number: m p e, "0", or "inf". */
static void
put_arf(kr_cert_t c, const arf_t x)
{
    fmpz_t m, e;
    char *ms, *es;
    if (arf_is_zero(x))
    {
        put(c, "0");
        return;
    }
    if (arf_is_pos_inf(x))
    {
        put(c, "inf");
        return;
    }
    if (!arf_is_finite(x))
    {
        c->failed = 1; /* never a witness */
        put(c, "nan");
        return;
    }
    fmpz_init(m);
    fmpz_init(e);
    arf_get_fmpz_2exp(m, e, x);
    ms = fmpz_get_str(NULL, 10, m);
    es = fmpz_get_str(NULL, 10, e);
    put(c, "%sp%s", ms, es);
    flint_free(ms);
    flint_free(es);
    fmpz_clear(m);
    fmpz_clear(e);
}

static void
put_d(kr_cert_t c, double d)
{
    arf_t x;
    arf_init(x);
    arf_set_d(x, d);
    put_arf(c, x);
    arf_clear(x);
}

static void
put_q(kr_cert_t c, const fmpq_t q)
{
    char *s = fmpq_get_str(NULL, 10, q);
    put(c, "%s", s);
    flint_free(s);
}

/* A claim bound: decimal, rounded down (lo) or up (hi). */
static void
put_dec(kr_cert_t c, const arf_t x, int up)
{
    char *s = kr_arf_get_decimal(x, c->digits, up);
    if (s == NULL)
        c->failed = 1;
    else
        put(c, "%s", s);
    free(s);
}

static long
new_id(kr_cert_t c)
{
    return c->next_id++;
}

static void
put_vec(kr_cert_t c, const arf_struct *v, slong len)
{
    slong i;
    put(c, "vec");
    for (i = 0; i < len; i++)
    {
        put(c, " ");
        put_arf(c, v + i);
    }
    put(c, "\n");
}

/* The lower triangle of a symmetric witness matrix (column-major). */
static void
put_sym(kr_cert_t c, const kr_witness_struct *w)
{
    slong i, j, d = w->dim;
    for (i = 0; i < d; i++)
    {
        put(c, "row");
        for (j = 0; j <= i; j++)
        {
            put(c, " ");
            if (w->amat != NULL)
                put_arf(c, w->amat + j * d + i);
            else
                put_d(c, w->mat[j * d + i]);
        }
        put(c, "\n");
    }
}

static long
pd_prec(const kr_pd_result *pd)
{
    return pd->prec > 0 ? (long) pd->prec : 53;
}

/* ------------------------------------------------------------ records */

static long
rec_gram_le(kr_cert_t c, const kr_witness_struct *w)
{
    long id = new_id(c);
    put(c, "gram_le %ld t=", id);
    put_arf(c, &w->t);
    put(c, " prec=%ld\n", pd_prec(&w->pd));
    return id;
}

static void
put_z(kr_cert_t c, const fmpq_t zre, const fmpq_t zim)
{
    put(c, " z=");
    put_q(c, zre);
    put(c, ",");
    put_q(c, zim);
}

static long
rec_gram_ge(kr_cert_t c, const fmpq_t zre, const fmpq_t zim, const arf_t t,
            const kr_pd_result *pd)
{
    long id = new_id(c);
    put(c, "gram_ge %ld", id);
    put_z(c, zre, zim);
    put(c, " t=");
    put_arf(c, t);
    put(c, " prec=%ld\n", pd_prec(pd));
    return id;
}

static long
rec_vec(kr_cert_t c, const char *kind, const fmpq_t zre, const fmpq_t zim,
        const kr_witness_struct *w)
{
    long id = new_id(c);
    put(c, "%s %ld", kind, id);
    if (zre != NULL)
        put_z(c, zre, zim);
    put(c, " len=%ld\n", (long) w->len);
    put_vec(c, w->vec, w->len);
    return id;
}

static long
rec_point(kr_cert_t c, const kr_witness_struct *w)
{
    return rec_vec(c, "point", w->q + 0, w->q + 1, w);
}

static long
rec_stein(kr_cert_t c, const kr_witness_struct *w)
{
    long id = new_id(c);
    if (w->kind == KR_CLAIM_STEIN_LT)
    {
        put(c, "stein_lt %ld t=", id);
        put_arf(c, &w->t);
        put(c, " prec=%ld prec2=%ld\n", pd_prec(&w->pd), pd_prec(&w->pd2));
        put_sym(c, w);
    }
    else
    {
        put(c, "stein_gt %ld t=", id);
        put_arf(c, &w->t);
        put(c, " prec=%ld\n", pd_prec(&w->pd));
        put_sym(c, w);
        put_vec(c, w->vec, w->len);
    }
    return id;
}

static long
rec_sym(kr_cert_t c, const kr_witness_struct *w)
{
    long id = new_id(c);
    put(c, "%s %ld t=", w->kind == KR_CLAIM_SYM_LE ? "sym_le" : "sym_ge", id);
    put_arf(c, &w->t);
    put(c, " prec=%ld\n", pd_prec(&w->pd));
    return id;
}

/* A null vector of the real form of A = zI - M (exact), or 0. */
static long
rec_null(kr_cert_t c, const kr_qmat_t M, const fmpq_t zre, const fmpq_t zim)
{
    kr_qmat_t A;
    fmpq_mat_t Q;
    fmpz_mat_t Z, X;
    slong n, N, i, j, nul;
    long id = 0;
    kr_qmat_init(A, 0, 0);
    if (!kr_qmat_shift(A, zre, zim, M))
    {
        kr_qmat_clear(A);
        return 0;
    }
    n = A->n;
    N = A->im != NULL ? 2 * n : n;
    fmpq_mat_init(Q, N, N);
    for (i = 0; i < n; i++)
        for (j = 0; j < n; j++)
        {
            fmpq_set(fmpq_mat_entry(Q, i, j), kr_qmat_re(A, i, j));
            if (A->im != NULL)
            {
                fmpq_set(fmpq_mat_entry(Q, i + n, j + n), kr_qmat_re(A, i, j));
                fmpq_set(fmpq_mat_entry(Q, i + n, j), kr_qmat_im(A, i, j));
                fmpq_neg(fmpq_mat_entry(Q, i, j + n), kr_qmat_im(A, i, j));
            }
        }
    fmpz_mat_init(Z, N, N);
    fmpz_mat_init(X, N, N);
    fmpq_mat_get_fmpz_mat_rowwise(Z, NULL, Q);
    nul = fmpz_mat_nullspace(X, Z);
    if (nul > 0)
    {
        id = new_id(c);
        put(c, "null_vec %ld", id);
        put_z(c, zre, zim);
        put(c, " len=%ld\nvec", (long) N);
        for (i = 0; i < N; i++)
        {
            char *s = fmpz_get_str(NULL, 10, fmpz_mat_entry(X, i, 0));
            put(c, " %s", s);
            flint_free(s);
        }
        put(c, "\n");
    }
    fmpz_mat_clear(Z);
    fmpz_mat_clear(X);
    fmpq_mat_clear(Q);
    kr_qmat_clear(A);
    return id;
}

/* A circle certificate (KYP, NORM_CIRCLE or ARCS) and its 'circle' record. */
static long
rec_circle(kr_cert_t c, const fmpq_t r, const arf_t U, const kr_witness_struct *w,
           long norm_id)
{
    long by = new_id(c), id;
    slong k;
    switch (w->kind)
    {
    case KR_CLAIM_KYP:
        put(c, "kyp %ld r=", by);
        put_q(c, r);
        put(c, " t=");
        put_arf(c, &w->t);
        put(c, " prec=%ld\n", w->amat != NULL ? FLINT_MAX(pd_prec(&w->pd), 64) : pd_prec(&w->pd));
        put_sym(c, w);
        break;
    case KR_CLAIM_NORM_CIRCLE:
        if (norm_id <= 0)
            return 0;
        put(c, "norm_circle %ld r=", by);
        put_q(c, r);
        put(c, " norm=%ld\n", norm_id);
        break;
    case KR_CLAIM_ARCS:
        put(c, "arcs %ld r=", by);
        put_q(c, r);
        put(c, " t=");
        put_arf(c, &w->t);
        put(c, " n=%ld\n", (long) w->narc);
        for (k = 0; k < w->narc; k++)
        {
            put(c, "pt ");
            put_q(c, w->arc_z + 2 * k);
            put(c, " ");
            put_q(c, w->arc_z + 2 * k + 1);
            put(c, " ");
            put_arf(c, w->arc_t + k);
            put(c, " %ld\n", w->arc_pd != NULL ? pd_prec(w->arc_pd + k) : 53L);
        }
        break;
    default:
        return 0;
    }
    id = new_id(c);
    put(c, "circle %ld r=", id);
    put_q(c, r);
    put(c, " U=");
    put_arf(c, U);
    put(c, " by=%ld\n", by);
    return id;
}

/* 'claim' line; ids are lists already formatted ("-" when empty). */
static void
claim(kr_cert_t c, const char *quantity, const char *at, const arf_t lo, const arf_t hi,
      const char *lo_by, const char *hi_by)
{
    put(c, "claim %s%s lo=", quantity, at);
    put_dec(c, lo, 0);
    put(c, " hi=");
    put_dec(c, hi, 1);
    put(c, " lo_by=%s hi_by=%s\n", lo_by, hi_by);
}

static void
ids(char *buf, size_t len, long id)
{
    if (id > 0)
        snprintf(buf, len, "%ld", id);
    else
        snprintf(buf, len, "-");
}

static void
at_z(char *buf, size_t len, const fmpq_t zre, const fmpq_t zim)
{
    char *a = fmpq_get_str(NULL, 10, zre), *b = fmpq_get_str(NULL, 10, zim);
    snprintf(buf, len, " z=%s,%s", a, b);
    flint_free(a);
    flint_free(b);
}

/* ------------------------------------------------------------ files */

kr_status
kr_cert_open(kr_cert_t c, const char *path, const char *comment, slong digits,
             kr_error_t err)
{
    int fd;
    size_t len = strlen(path);
    memset(c, 0, sizeof *c);
    c->path = strdup(path);
    c->tmp = malloc(len + 16);
    if (c->path == NULL || c->tmp == NULL)
    {
        free(c->path);
        free(c->tmp);
        return kr_error_set(err, KR_ERR_NOMEM, NULL, 0, "out of memory");
    }
    {
        /* a device or a pipe is written as it is, never replaced */
        struct stat sb;
        if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode))
        {
            free(c->tmp);
            c->tmp = NULL;
            if (S_ISDIR(sb.st_mode) || (c->f = fopen(path, "w")) == NULL)
            {
                kr_status st = kr_error_set(err, KR_ERR_IO, path, 0, "cannot write the certificate: %s",
                                            S_ISDIR(sb.st_mode) ? "a directory" : strerror(errno));
                free(c->path);
                c->path = NULL;
                return st;
            }
            goto opened;
        }
    }
    snprintf(c->tmp, len + 16, "%s.tmpXXXXXX", path);
    fd = mkstemp(c->tmp);
    if (fd >= 0)
    {
        /* mkstemp makes 0600; give the certificate the usual mode */
        mode_t um = umask(0);
        umask(um);
        (void) fchmod(fd, 0666 & ~um);
    }
    if (fd < 0 || (c->f = fdopen(fd, "w")) == NULL)
    {
        kr_status st = kr_error_set(err, KR_ERR_IO, path, 0,
                                    "cannot create the certificate: %s", strerror(errno));
        if (fd >= 0)
        {
            close(fd);
            unlink(c->tmp);
        }
        free(c->path);
        free(c->tmp);
        c->path = c->tmp = NULL;
        return st;
    }
opened:
    c->next_id = 1;
    c->digits = digits;
    put(c, "%s\n", KR_CERT_FORMAT);
    put(c, "c written by kreiss %s; check it with kreiss-check (certs/FORMAT.md)\n",
        KREISS_VERSION);
    if (comment != NULL)
        put(c, "c %s\n", comment);
    return KR_OK;
}

void
kr_cert_abort(kr_cert_t c)
{
    if (c->f != NULL)
        fclose(c->f);
    if (c->tmp != NULL)
        unlink(c->tmp);
    free(c->path);
    free(c->tmp);
    memset(c, 0, sizeof *c);
}

kr_status
kr_cert_commit(kr_cert_t c, kr_error_t err)
{
    kr_status st = KR_OK;
    put(c, "end\n");
    if (c->failed || fflush(c->f) != 0 || (c->tmp != NULL && fsync(fileno(c->f)) != 0))
        st = kr_error_set(err, KR_ERR_IO, c->path, 0, "cannot write the certificate: %s",
                          c->failed ? "a number could not be written" : strerror(errno));
    if (fclose(c->f) != 0 && st == KR_OK)
        st = kr_error_set(err, KR_ERR_IO, c->path, 0, "cannot write the certificate: %s",
                          strerror(errno));
    c->f = NULL;
    if (st == KR_OK && c->tmp != NULL && rename(c->tmp, c->path) != 0)
        st = kr_error_set(err, KR_ERR_IO, c->path, 0, "cannot rename the certificate into place: %s",
                          strerror(errno));
    if (st != KR_OK && c->tmp != NULL)
        unlink(c->tmp);
    free(c->path);
    free(c->tmp);
    c->path = c->tmp = NULL;
    return st;
}

void
kr_cert_input(kr_cert_t c, const kr_qmat_t M)
{
    slong i, j, n = M->n;
    c->complex_input = M->im != NULL;
    c->N = c->complex_input ? 2 * n : n;
    put(c, "input n=%ld field=%s entries=%s\n", (long) n, c->complex_input ? "complex" : "real",
        M->entries == KR_ENTRIES_BINARY64 ? "binary64" : "exact");
    for (i = 0; i < n; i++)
    {
        put(c, "row");
        for (j = 0; j < n; j++)
        {
            put(c, " ");
            put_q(c, kr_qmat_re(M, i, j));
            if (c->complex_input)
            {
                put(c, " ");
                put_q(c, kr_qmat_im(M, i, j));
            }
        }
        put(c, "\n");
    }
}

/* ------------------------------------------------------------ commands */

static kr_status
done(kr_cert_t c, kr_error_t err)
{
    if (c->failed)
        return kr_error_set(err, KR_ERR_IO, c->path, 0, "cannot write the certificate");
    return KR_OK;
}

kr_status
kr_cert_norm(kr_cert_t c, const kr_qmat_t M, const kr_norm_result_t r, kr_error_t err)
{
    char lb[32], hb[32];
    long lo = 0, hi = 0;
    (void) M;
    if (r->lower->kind == KR_CLAIM_VEC_NORM)
        lo = rec_vec(c, "norm_vec", NULL, NULL, r->lower);
    if (r->upper->kind == KR_CLAIM_GRAM_LE && arf_is_finite(&r->norm->hi))
        hi = rec_gram_le(c, r->upper);
    ids(lb, sizeof lb, lo);
    ids(hb, sizeof hb, hi);
    if (r->exact)
    {
        /* M = 0: both bounds are 0 and need no witness */
        snprintf(lb, sizeof lb, "-");
        snprintf(hb, sizeof hb, "zero");
    }
    claim(c, "norm", "", &r->norm->lo, &r->norm->hi, lb, hb);
    return done(c, err);
}

kr_status
kr_cert_smin(kr_cert_t c, const kr_qmat_t M, const fmpq_t zre, const fmpq_t zim,
             const kr_smin_result_t r, kr_error_t err)
{
    char at[512], lb[32], hb[32];
    long lo = 0, hi = 0;
    int singular = arf_is_pos_inf(&r->resolvent_norm->lo);
    at_z(at, sizeof at, zre, zim);
    if (singular)
    {
        long nid = rec_null(c, M, zre, zim);
        if (nid <= 0)
            return kr_error_set(err, KR_ERR_INTERNAL, NULL, 0, "no exact null vector found");
        ids(hb, sizeof hb, nid);
        claim(c, "sigma_min", at, &r->sigma_min->lo, &r->sigma_min->hi, "-", hb);
        claim(c, "resolvent_norm", at, &r->resolvent_norm->lo, &r->resolvent_norm->hi, hb, "-");
        return done(c, err);
    }
    if (r->lower->kind == KR_CLAIM_GRAM_GE && arf_sgn(&r->sigma_min->lo) > 0)
        lo = rec_gram_ge(c, zre, zim, &r->lower->t, &r->lower->pd);
    if (r->upper->kind == KR_CLAIM_VEC_NORM)
        hi = rec_vec(c, "smin_vec", zre, zim, r->upper);
    ids(lb, sizeof lb, lo);
    ids(hb, sizeof hb, hi);
    claim(c, "sigma_min", at, &r->sigma_min->lo, &r->sigma_min->hi, lb, hb);
    claim(c, "resolvent_norm", at, &r->resolvent_norm->lo, &r->resolvent_norm->hi, hb, lb);
    return done(c, err);
}

kr_status
kr_cert_radius(kr_cert_t c, const kr_radius_result_t r, kr_error_t err)
{
    char lb[32], hb[64];
    long lo = 0, hi = 0, hi2 = 0, v = 0;
    arf_t one;
    arf_init(one);
    arf_one(one);
    /* the general verdict's Stein certificate at t = 1 */
    if (r->verdict_w->kind == KR_CLAIM_STEIN_LT || r->verdict_w->kind == KR_CLAIM_STEIN_GT)
        v = rec_stein(c, r->verdict_w);
    if (r->lower->kind == KR_CLAIM_RAYLEIGH)
        lo = rec_vec(c, "rayleigh", NULL, NULL, r->lower);
    else if (r->lower->kind == KR_CLAIM_STEIN_GT)
        lo = rec_stein(c, r->lower);
    else if (r->verdict == KR_RHO_GT1 && arf_cmp(&r->rho->lo, one) <= 0)
        lo = v;
    if (arf_is_finite(&r->rho->hi))
    {
        if (r->upper->kind == KR_CLAIM_STEIN_LT)
            hi = rec_stein(c, r->upper);
        else if (r->upper->kind == KR_CLAIM_SYM_LE && r->upper2->kind == KR_CLAIM_SYM_GE)
        {
            hi = rec_sym(c, r->upper);
            hi2 = rec_sym(c, r->upper2);
        }
        else if (r->upper->kind == KR_CLAIM_GRAM_LE)
            hi = rec_gram_le(c, r->upper);
        else if (r->verdict == KR_RHO_LT1 && arf_cmp(&r->rho->hi, one) >= 0)
            hi = v;
    }
    arf_clear(one);
    ids(lb, sizeof lb, lo);
    if (hi2 > 0)
        snprintf(hb, sizeof hb, "%ld,%ld", hi, hi2);
    else
        ids(hb, sizeof hb, hi);
    claim(c, "spectral_radius", "", &r->rho->lo, &r->rho->hi, lb, hb);
    /* the verdict: a Stein certificate at t = 1, or (Hermitian) the bounds */
    if (r->verdict == KR_RHO_LT1)
    {
        if (v > 0)
            put(c, "claim verdict rho<1 by=%ld\n", v);
        else if (hi2 > 0)
            put(c, "claim verdict rho<1 by=%s\n", hb);
    }
    else if (r->verdict == KR_RHO_GT1)
    {
        if (v > 0)
            put(c, "claim verdict rho>1 by=%ld\n", v);
        else if (lo > 0)
            put(c, "claim verdict rho>1 by=%ld\n", lo);
    }
    return done(c, err);
}

kr_status
kr_cert_circle(kr_cert_t c, const kr_qmat_t M, const fmpq_t radius,
               const kr_circle_result_t r, kr_error_t err)
{
    char at[512], lb[32], hb[32];
    char *rs = fmpq_get_str(NULL, 10, radius);
    long lo = 0, hi = 0;
    snprintf(at, sizeof at, " r=%s", rs);
    flint_free(rs);
    if (arf_is_pos_inf(&r->value->lo))
    {
        fmpq_t zr, zi;
        fmpq_init(zr);
        fmpq_init(zi);
        kr_circle_point(zr, zi, radius, r->theta);
        lo = rec_null(c, M, zr, zi);
        fmpq_clear(zr);
        fmpq_clear(zi);
        if (lo <= 0)
            return kr_error_set(err, KR_ERR_INTERNAL, NULL, 0, "no exact null vector found");
    }
    else
    {
        if (r->lower->kind == KR_CLAIM_POINT && arf_sgn(&r->value->lo) > 0)
            lo = rec_point(c, r->lower);
        if (arf_is_finite(&r->value->hi))
            hi = rec_circle(c, radius, &r->value->hi, r->upper, 0);
    }
    ids(lb, sizeof lb, lo);
    ids(hb, sizeof hb, hi);
    claim(c, "circle_max", at, &r->value->lo, &r->value->hi, lb, hb);
    return done(c, err);
}

/* Append ",id" to a growing list. */
static int
list_add(char **s, size_t *len, size_t *cap, long id)
{
    char buf[32];
    size_t k = (size_t) snprintf(buf, sizeof buf, *len ? ",%ld" : "%ld", id);
    if (*len + k + 1 > *cap)
    {
        size_t nc = 2 * (*cap + k + 16);
        char *ns = realloc(*s, nc);
        if (ns == NULL)
            return 0;
        *s = ns;
        *cap = nc;
    }
    memcpy(*s + *len, buf, k + 1);
    *len += k;
    return 1;
}

kr_status
kr_cert_kreiss(kr_cert_t c, const kr_qmat_t M, const kr_kreiss_result_t k, kr_error_t err)
{
    char lb[32];
    long rho = 0, norm = 0, lo = 0, *cid = NULL;
    char *hl = NULL;
    size_t hlen = 0, hcap = 0;
    slong i, j, prec = 256;
    kr_status st = KR_OK;
    (void) M;

    if (k->verdict == KR_RHO_GT1 && k->rho_w->kind == KR_CLAIM_STEIN_GT)
    {
        rho = rec_stein(c, k->rho_w);
        ids(lb, sizeof lb, rho);
        put(c, "claim verdict rho>1 by=%ld\n", rho);
        claim(c, "kreiss", "", &k->kreiss->lo, &k->kreiss->hi, lb, "-");
        return done(c, err);
    }
    if (k->lower->kind == KR_CLAIM_POINT && arf_cmp_si(&k->kreiss->lo, 1) > 0)
        lo = rec_point(c, k->lower);
    ids(lb, sizeof lb, lo);
    if (!arf_is_finite(&k->kreiss->hi) || k->verdict != KR_RHO_LT1 || k->circles == 0)
    {
        claim(c, "kreiss", "", &k->kreiss->lo, &k->kreiss->hi, lb, "-");
        return done(c, err);
    }

    /* the upper bound: rho < 1, ||M||, the circles, a cover by segments */
    rho = rec_stein(c, k->rho_w);
    put(c, "claim verdict rho<1 by=%ld\n", rho);
    if (k->norm_upper->kind == KR_CLAIM_GRAM_LE)
        norm = rec_gram_le(c, k->norm_upper);
    cid = malloc(sizeof(long) * (size_t) k->circles);
    if (cid == NULL)
        return kr_error_set(err, KR_ERR_NOMEM, NULL, 0, "out of memory");
    for (i = 0; i < k->circles; i++)
    {
        fmpq_t r;
        fmpq_init(r);
        kr_fmpq_set_double(r, k->circle[i].r);
        cid[i] = rec_circle(c, r, &k->circle[i].U, &k->circle[i].w, norm);
        fmpq_clear(r);
        if (cid[i] <= 0)
        {
            st = kr_error_set(err, KR_ERR_INTERNAL, NULL, 0, "circle %ld has no witness", (long) i);
            goto done;
        }
    }
    /* Greedy cover of [1, inf): from circle i, the tail if it is under hi,
     * else the farthest circle j whose segment bound is under hi.  The
     * producer's bound is the maximum of such pieces (inherited caps come
     * from wider segments or from an earlier tail), so the cover exists. */
    {
        arb_t seg;
        arf_t b, tl;
        arb_init(seg);
        arf_init(b);
        arf_init(tl);
        i = 0;
        for (;;)
        {
            slong best = -1;
            if (arf_is_finite(&k->kreiss->hi) && norm > 0
                && kr_tail_bound(tl, k->circle[i].r, &k->norm_hi, prec)
                && arf_cmp(tl, &k->kreiss->hi) <= 0)
            {
                long id = new_id(c);
                put(c, "tail %ld r=", id);
                put_d(c, k->circle[i].r);
                put(c, " norm=%ld bound=", norm);
                put_arf(c, tl);
                put(c, "\n");
                if (!list_add(&hl, &hlen, &hcap, id))
                    st = kr_error_set(err, KR_ERR_NOMEM, NULL, 0, "out of memory");
                break;
            }
            for (j = k->circles - 1; j > i; j--)
            {
                kr_segment_bound(seg, k->circle[i].r, &k->circle[i].U, k->circle[j].r,
                                 &k->circle[j].U, prec);
                arb_get_ubound_arf(b, seg, prec);
                if (arf_is_finite(b) && arf_cmp(b, &k->kreiss->hi) <= 0)
                {
                    best = j;
                    break;
                }
            }
            if (best < 0)
            {
                st = kr_error_set(err, KR_ERR_INTERNAL, NULL, 0,
                                  "the certificate cannot reproduce the upper bound past r = %.17g",
                                  k->circle[i].r);
                break;
            }
            {
                long id = new_id(c);
                put(c, "segment %ld a=%ld b=%ld bound=", id, cid[i], cid[best]);
                put_arf(c, b);
                put(c, " rho=%ld\n", rho);
                if (!list_add(&hl, &hlen, &hcap, id))
                {
                    st = kr_error_set(err, KR_ERR_NOMEM, NULL, 0, "out of memory");
                    break;
                }
            }
            i = best;
        }
        arb_clear(seg);
        arf_clear(b);
        arf_clear(tl);
    }
    if (st != KR_OK)
        goto done;
    claim(c, "kreiss", "", &k->kreiss->lo, &k->kreiss->hi, lb, hl);
    /* M(1): the unit circle is the first circle */
    if (k->circle[0].r == 1)
    {
        long pl = 0;
        char pb[32], cb[32];
        if (k->circle_lower->kind == KR_CLAIM_POINT && arf_sgn(&k->circle_max->lo) > 0)
            pl = rec_point(c, k->circle_lower);
        ids(pb, sizeof pb, pl);
        ids(cb, sizeof cb, cid[0]);
        claim(c, "circle_max", " r=1", &k->circle_max->lo, &k->circle_max->hi, pb, cb);
    }
    st = done(c, err);
done:
    free(cid);
    free(hl);
    return st;
}

/* ------------------------------------------------------------ peak */

/* The upper bound of the peak as a power_upper record (FORMAT.md): the
 * checker replays the binary64 powers itself with its own error bound, so
 * the bound it can prove is a little above the producer's peak.hi.  The
 * record's bound (and the claim's hi, into *hic) is peak.hi widened by an
 * estimate of the checker's error; gram lines hand it squared levels for
 * the steps where its cheap norm bound could exceed that.  Returns the id,
 * or 0 when the checker's replay would not reach ||M^T|| < 1. */
static long
rec_power_upper(kr_cert_t c, const kr_qmat_t M, const kr_peak_result_t p, arf_t hic)
{
    slong N = c->N, T = p->T, t, i, j, n = M->n, ngram = 0;
    double FR = 0.0, dR, gN, sN, hi0, D = 0.0, B, *ub, *Dt;
    long id;
    int ok = 1;
    if (T <= 0 || T >= p->nsteps || !arf_is_finite(&p->peak->hi))
        return 0;
    ub = flint_malloc(sizeof(double) * (size_t) (T + 1));
    Dt = flint_malloc(sizeof(double) * (size_t) (T + 1));
    for (i = 0; i < n; i++)
        for (j = 0; j < n; j++)
        {
            double x = fmpq_get_d(kr_qmat_re(M, i, j));
            FR += x * x;
            if (M->im != NULL)
            {
                x = fmpq_get_d(kr_qmat_im(M, i, j));
                FR += x * x;
            }
        }
    FR = sqrt((M->im != NULL ? 2 : 1) * FR) * (1 + 0x1p-40);
    dR = 0x1p-53 * FR + (double) N * 0x1p-1000;
    gN = 1.01 * (double) N * 0x1p-53;
    sN = sqrt((double) N) * (1 + 0x1p-40);
    hi0 = arf_get_d(&p->peak->hi, ARF_RND_UP);
    for (t = 0; t <= T && ok; t++)
    {
        ub[t] = arf_get_d(p->ub + t, ARF_RND_UP);
        if (t == T && arf_is_finite(&p->q))
        {
            double q = arf_get_d(&p->q, ARF_RND_UP);
            if (q < ub[t])
                ub[t] = q;
        }
        if (!isfinite(ub[t]))
            ok = 0;
        if (t > 0)
            D += (dR + gN * FR) * sN * ub[t - 1] * (1 + 0x1p-30) + (double) N * (double) N * 0x1p-1000;
        Dt[t] = D;
    }
    B = hi0 + 4 * hi0 * D + hi0 * 0x1p-34;
    /* the checker needs ||M^T|| < 1 from its own replay */
    if (!ok || !isfinite(B) || !(ub[T] * (1 + 0x1p-35) + 3 * hi0 * Dt[T] * 1.01 < 1))
    {
        flint_free(ub);
        flint_free(Dt);
        return 0;
    }
    for (t = 1; t <= T; t++)
        if (t == T || sN * ub[t] * (1 + 0x1p-30) + 3 * B * Dt[t] >= B)
            ngram++;
    id = new_id(c);
    arf_set_d(hic, B);
    put(c, "power_upper %ld T=%ld bound=", id, (long) T);
    put_arf(c, hic);
    put(c, " n=%ld\n", (long) ngram);
    for (t = 1; t <= T; t++)
        if (t == T || sN * ub[t] * (1 + 0x1p-30) + 3 * B * Dt[t] >= B)
        {
            arf_t s;
            arf_init(s);
            arf_set_d(s, ub[t] + 2 * hi0 * Dt[t] + ub[t] * 0x1p-36);
            arf_mul(s, s, s, ARF_PREC_EXACT, ARF_RND_UP);
            put(c, "gram %ld ", (long) t);
            put_arf(c, s);
            put(c, " 53\n");
            arf_clear(s);
        }
    flint_free(ub);
    flint_free(Dt);
    return id;
}

kr_status
kr_cert_peak(kr_cert_t c, const kr_qmat_t M, const kr_peak_result_t p, kr_error_t err)
{
    char lb[32], hb[32];
    long lo = 0, hi = 0;
    arf_t clo, chi;
    if (arf_is_pos_inf(&p->peak->lo))
    {
        /* P = inf: rho(M) > 1 by a Stein certificate at t >= 1 */
        if (p->lower->kind == KR_CLAIM_STEIN_GT)
            lo = rec_stein(c, p->lower);
        if (lo <= 0)
            return kr_error_set(err, KR_ERR_INTERNAL, NULL, 0, "no Stein certificate of P = inf");
        ids(lb, sizeof lb, lo);
        claim(c, "peak", "", &p->peak->lo, &p->peak->hi, lb, "-");
        return done(c, err);
    }
    arf_init(clo);
    arf_init(chi);
    arf_set(clo, &p->peak->lo);
    if (arf_cmp_si(clo, 1) > 0)
    {
        if (p->lower->kind == KR_CLAIM_VEC_NORM && p->t_lower >= 0 && p->lower->len == c->N)
        {
            lo = new_id(c);
            put(c, "power_vec %ld t=%ld len=%ld\n", lo, (long) p->t_lower, (long) p->lower->len);
            put_vec(c, p->lower->vec, p->lower->len);
        }
        else
            arf_one(clo); /* P >= ||M^0|| = 1 needs no witness */
    }
    arf_pos_inf(chi);
    if (arf_is_finite(&p->peak->hi))
    {
        if (p->T > 0)
            hi = rec_power_upper(c, M, p, chi);
        else if (p->contraction && c->N <= 64)
        {
            hi = new_id(c);
            put(c, "contraction %ld\n", hi);
            arf_set(chi, &p->peak->hi);
        }
        if (hi <= 0)
        {
            put(c, "c the upper bound of the peak is not in this certificate "
                   "(the checker could not reproduce it)\n");
            arf_pos_inf(chi);
        }
    }
    ids(lb, sizeof lb, lo);
    ids(hb, sizeof hb, hi);
    claim(c, "peak", "", clo, chi, lb, hb);
    arf_clear(clo);
    arf_clear(chi);
    return done(c, err);
}
