/* Exact input matrices. */
#include <stdlib.h>

#include "kreiss/qmat.h"

static fmpq *
qvec_alloc(slong len)
{
    fmpq *v;
    slong i;
    if (len <= 0)
        return NULL;
    v = malloc(sizeof(fmpq) * (size_t) len);
    if (v == NULL)
        return NULL;
    for (i = 0; i < len; i++)
        fmpq_init(v + i);
    return v;
}

static void
qvec_free(fmpq *v, slong len)
{
    slong i;
    if (v == NULL)
        return;
    for (i = 0; i < len; i++)
        fmpq_clear(v + i);
    free(v);
}

int
kr_qmat_init(kr_qmat_t M, slong n, int complex_entries)
{
    M->n = n;
    M->re = NULL;
    M->im = NULL;
    M->declared = KR_SYM_GENERAL;
    M->entries = KR_ENTRIES_EXACT;
    if (n <= 0)
    {
        M->n = 0;
        return n == 0;
    }
    M->re = qvec_alloc(n * n);
    if (M->re == NULL)
    {
        M->n = 0;
        return 0;
    }
    if (complex_entries && !kr_qmat_make_complex(M))
    {
        kr_qmat_clear(M);
        return 0;
    }
    return 1;
}

void
kr_qmat_clear(kr_qmat_t M)
{
    qvec_free(M->re, M->n * M->n);
    qvec_free(M->im, M->n * M->n);
    M->re = NULL;
    M->im = NULL;
    M->n = 0;
}

void
kr_qmat_swap(kr_qmat_t A, kr_qmat_t B)
{
    kr_qmat_struct t = *A;
    *A = *B;
    *B = t;
}

int
kr_qmat_set(kr_qmat_t dest, const kr_qmat_t src)
{
    slong i, len = src->n * src->n;
    kr_qmat_t T;
    if (dest == src)
        return 1;
    if (!kr_qmat_init(T, src->n, src->im != NULL))
        return 0;
    for (i = 0; i < len; i++)
    {
        fmpq_set(T->re + i, src->re + i);
        if (src->im != NULL)
            fmpq_set(T->im + i, src->im + i);
    }
    T->declared = src->declared;
    T->entries = src->entries;
    kr_qmat_swap(dest, T);
    kr_qmat_clear(T);
    return 1;
}

int
kr_qmat_make_complex(kr_qmat_t M)
{
    if (M->im != NULL || M->n == 0)
        return 1;
    M->im = qvec_alloc(M->n * M->n);
    return M->im != NULL;
}

void
kr_qmat_drop_zero_imag(kr_qmat_t M)
{
    slong i, len = M->n * M->n;
    if (M->im == NULL)
        return;
    for (i = 0; i < len; i++)
        if (!fmpq_is_zero(M->im + i))
            return;
    qvec_free(M->im, len);
    M->im = NULL;
}

int
kr_qmat_is_complex(const kr_qmat_t M)
{
    slong i, len = M->n * M->n;
    if (M->im == NULL)
        return 0;
    for (i = 0; i < len; i++)
        if (!fmpq_is_zero(M->im + i))
            return 1;
    return 0;
}

int
kr_qmat_is_zero(const kr_qmat_t M)
{
    slong i, len = M->n * M->n;
    for (i = 0; i < len; i++)
        if (!fmpq_is_zero(M->re + i))
            return 0;
    return !kr_qmat_is_complex(M);
}

int
kr_qmat_is_hermitian(const kr_qmat_t M)
{
    slong i, j, n = M->n;
    fmpq_t t;
    int ok = 1;
    for (i = 0; i < n && ok; i++)
        for (j = 0; j <= i && ok; j++)
            if (!fmpq_equal(kr_qmat_re(M, i, j), kr_qmat_re(M, j, i)))
                ok = 0;
    if (!ok || M->im == NULL)
        return ok;
    fmpq_init(t);
    for (i = 0; i < n && ok; i++)
        for (j = 0; j <= i && ok; j++)
        {
            fmpq_neg(t, kr_qmat_im(M, j, i));
            if (!fmpq_equal(kr_qmat_im(M, i, j), t))
                ok = 0;
        }
    fmpq_clear(t);
    return ok;
}

int
kr_qmat_equal(const kr_qmat_t A, const kr_qmat_t B)
{
    slong i, len;
    int ca = kr_qmat_is_complex(A), cb = kr_qmat_is_complex(B);
    if (A->n != B->n || ca != cb)
        return 0;
    len = A->n * A->n;
    for (i = 0; i < len; i++)
    {
        if (!fmpq_equal(A->re + i, B->re + i))
            return 0;
        if (ca && !fmpq_equal(A->im + i, B->im + i))
            return 0;
    }
    return 1;
}
