/* Ball enclosures of real forms and the ball evaluations of vector claims. */
#include "bounds/internal.h"

void
kr_realform_arb(arb_mat_t R, const kr_qmat_t M, slong prec)
{
    slong n = M->n, i, j;
    int cplx = kr_qmat_is_complex(M);
    for (i = 0; i < n; i++)
        for (j = 0; j < n; j++)
        {
            arb_set_fmpq(arb_mat_entry(R, i, j), kr_qmat_re(M, i, j), prec);
            if (cplx)
            {
                arb_set(arb_mat_entry(R, i + n, j + n), arb_mat_entry(R, i, j));
                arb_set_fmpq(arb_mat_entry(R, i + n, j), kr_qmat_im(M, i, j), prec);
                arb_neg(arb_mat_entry(R, i, j + n), arb_mat_entry(R, i + n, j));
            }
        }
}

/* y = R v with v exact. */
static void
arb_matvec(arb_ptr y, const arb_mat_t R, arb_srcptr v, slong prec)
{
    slong i, N = arb_mat_nrows(R);
    for (i = 0; i < N; i++)
        arb_dot(y + i, NULL, 0, arb_mat_entry(R, i, 0), 1, v, 1, N, prec);
}

static arb_ptr
arb_vec_from_arf(const arf_struct *v, slong len)
{
    arb_ptr x = _arb_vec_init(len);
    slong i;
    for (i = 0; i < len; i++)
        arb_set_arf(x + i, v + i);
    return x;
}

void
kr_arb_vec_norm_ratio(arb_t res, const arb_mat_t R, const arf_struct *v,
                      slong prec)
{
    slong N = arb_mat_nrows(R);
    arb_ptr x = arb_vec_from_arf(v, N), y = _arb_vec_init(N);
    arb_t a, b;
    arb_init(a);
    arb_init(b);
    arb_matvec(y, R, x, prec);
    arb_dot(a, NULL, 0, y, 1, y, 1, N, prec);
    arb_dot(b, NULL, 0, x, 1, x, 1, N, prec);
    arb_div(res, a, b, prec);
    arb_sqrtpos(res, res, prec);
    arb_clear(a);
    arb_clear(b);
    _arb_vec_clear(x, N);
    _arb_vec_clear(y, N);
}

void
kr_arb_rayleigh(arb_t res, const arb_mat_t R, const arf_struct *v, slong prec)
{
    slong N = arb_mat_nrows(R);
    arb_ptr x = arb_vec_from_arf(v, N), y = _arb_vec_init(N);
    arb_t a, b;
    arb_init(a);
    arb_init(b);
    arb_matvec(y, R, x, prec);
    arb_dot(a, NULL, 0, x, 1, y, 1, N, prec);
    arb_dot(b, NULL, 0, x, 1, x, 1, N, prec);
    arb_div(res, a, b, prec);
    arb_clear(a);
    arb_clear(b);
    _arb_vec_clear(x, N);
    _arb_vec_clear(y, N);
}

void
kr_arb_gram_shift(arb_mat_t H, const arb_mat_t R, const arf_t t, int s,
                  slong prec)
{
    slong N = arb_mat_nrows(R), i;
    arb_mat_t Rt;
    arb_mat_init(Rt, N, N);
    arb_mat_transpose(Rt, R);
    arb_mat_mul(H, Rt, R, prec);
    arb_mat_clear(Rt);
    /* H := s (t I - H) */
    if (s > 0)
        arb_mat_neg(H, H);
    for (i = 0; i < N; i++)
    {
        if (s > 0)
            arb_add_arf(arb_mat_entry(H, i, i), arb_mat_entry(H, i, i), t, prec);
        else
            arb_sub_arf(arb_mat_entry(H, i, i), arb_mat_entry(H, i, i), t, prec);
    }
}

void
kr_arb_point_ratio(arb_t res, const arb_mat_t R, const fmpq_t zre,
                   const fmpq_t zim, const arf_struct *v, slong prec)
{
    slong N = arb_mat_nrows(R), i;
    arb_ptr x = arb_vec_from_arf(v, 2 * N), w = _arb_vec_init(2 * N);
    arb_t a, b, zr, zi;
    arb_init(a);
    arb_init(b);
    arb_init(zr);
    arb_init(zi);
    arb_set_fmpq(zr, zre, prec);
    arb_set_fmpq(zi, zim, prec);
    /* w = z v - R v, real and imaginary parts */
    arb_matvec(w, R, x, prec);
    arb_matvec(w + N, R, x + N, prec);
    for (i = 0; i < N; i++)
    {
        arb_neg(w + i, w + i);
        arb_addmul(w + i, zr, x + i, prec);
        arb_submul(w + i, zi, x + N + i, prec);
        arb_neg(w + N + i, w + N + i);
        arb_addmul(w + N + i, zr, x + N + i, prec);
        arb_addmul(w + N + i, zi, x + i, prec);
    }
    arb_dot(a, NULL, 0, x, 1, x, 1, 2 * N, prec);
    arb_dot(b, NULL, 0, w, 1, w, 1, 2 * N, prec);
    arb_div(res, a, b, prec);
    arb_sqrtpos(res, res, prec);
    arb_clear(a);
    arb_clear(b);
    arb_clear(zr);
    arb_clear(zi);
    _arb_vec_clear(x, 2 * N);
    _arb_vec_clear(w, 2 * N);
}
