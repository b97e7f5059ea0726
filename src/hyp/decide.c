/* The decisions behind the paper's hypotheses: exact integer arithmetic on
 * canonical ids and small dyadic numbers (include/kreiss/decide.h, which
 * holds the ACSL contracts; logic in proofs/hyp.acsl).  Frama-C/WP proves
 * the contracts and the absence of runtime errors (proofs/run.sh).
 *
 * The ghost functions are "lemma functions" (auto-active proof): each
 * contract is a fact the C functions use, proved once by WP from the
 * function's body.  kr_pow2_pos, kr_pow2_mono and kr_pow2_add are facts
 * about 2^e that need induction: their loops are the inductions.  The
 * others cut nonlinear steps (products of reals, index bounds) into goals
 * with few hypotheses, which the solvers prove quickly.  Ghost code lives
 * in ACSL comments, so the compiler never sees it; the C code proper is
 * the four functions at the end of the file. */
#include <limits.h>

#include "kreiss/decide.h"

#if LONG_MAX >> 62 != 1
#error "kreiss/decide.h needs a 64-bit long (a product of three mantissas has 63 bits)"
#endif

/* The exponent range of the ghost lemma functions: sums of three
 * KR_DYADIC_EMAX-bounded exponents and their differences stay inside. */
#define KR_GHOST_EMAX (8L * KR_DYADIC_EMAX)

/* The largest mantissa, 2^21 - 1: its cube is below 2^63. */
#define KR_MANT_MAX ((1L << KR_DYADIC_BITS) - 1)

/*@ ghost
  /@ requires range: -KR_GHOST_EMAX <= e <= KR_GHOST_EMAX;
     assigns \nothing;
     ensures pos: kr_pow2(e) > 0; @/
  static void
  kr_pow2_pos(long e)
  {
      long i = 0;
      if (e >= 0) {
          /@ loop invariant range: 0 <= i <= e;
             loop invariant pos: kr_pow2(i) > 0;
             loop assigns i;
             loop variant e - i; @/
          while (i < e)
              i++;
      } else {
          /@ loop invariant range: e <= i <= 0;
             loop invariant pos: kr_pow2(i) > 0;
             loop assigns i;
             loop variant i - e; @/
          while (i > e)
              i--;
      }
  }
*/

/*@ ghost
  /@ requires range: -KR_GHOST_EMAX <= a <= b <= KR_GHOST_EMAX;
     assigns \nothing;
     ensures mono: kr_pow2(a) <= kr_pow2(b); @/
  static void
  kr_pow2_mono(long a, long b)
  {
      long i = a;
      kr_pow2_pos(a);
      /@ loop invariant range: a <= i <= b;
         loop invariant pos: kr_pow2(i) > 0;
         loop invariant mono: kr_pow2(a) <= kr_pow2(i);
         loop assigns i;
         loop variant b - i; @/
      while (i < b)
          i++;
  }
*/

/*@ ghost
  /@ requires range: -KR_GHOST_EMAX <= a <= KR_GHOST_EMAX;
     requires range: -KR_GHOST_EMAX <= b <= KR_GHOST_EMAX;
     assigns \nothing;
     ensures add: kr_pow2(a + b) == kr_pow2(a) * kr_pow2(b); @/
  static void
  kr_pow2_add(long a, long b)
  {
      long i = 0;
      if (b >= 0) {
          /@ loop invariant range: 0 <= i <= b;
             loop invariant add: kr_pow2(a + i) == kr_pow2(a) * kr_pow2(i);
             loop assigns i;
             loop variant b - i; @/
          while (i < b)
              i++;
      } else {
          /@ loop invariant range: b <= i <= 0;
             loop invariant add: kr_pow2(a + i) == kr_pow2(a) * kr_pow2(i);
             loop assigns i;
             loop variant i - b; @/
          while (i > b)
              i--;
      }
  }
*/

/*@ ghost
  /@ requires range: -KR_DYADIC_EMAX <= ex <= KR_DYADIC_EMAX;
     requires range: -KR_DYADIC_EMAX <= ey <= KR_DYADIC_EMAX;
     requires range: -KR_DYADIC_EMAX <= ez <= KR_DYADIC_EMAX;
     requires prod: m == mx * my * mz && e == ex + ey + ez;
     assigns \nothing;
     ensures mul: kr_m2e(m, e) == ((real) mx * (real) my * (real) mz)
                                  * (kr_pow2(ex) * kr_pow2(ey) * kr_pow2(ez)); @/
  static void
  kr_m2e_prod3(long mx, long ex, long my, long ey, long mz, long ez, long m, long e)
  {
      /@ assert def: kr_m2e(m, e) == m * kr_pow2(e); @/
      kr_pow2_add(ex, ey);
      kr_pow2_add(ex + ey, ez);
      /@ assert pow: kr_pow2(e) == kr_pow2(ex) * kr_pow2(ey) * kr_pow2(ez); @/
  }
*/

/*@ ghost
  /@ requires valid: \valid_read(x) && \valid_read(y) && \valid_read(z);
     assigns \nothing;
     ensures mul: kr_dy(x) * kr_dy(y) * kr_dy(z)
                  == ((real) x->m * (real) y->m * (real) z->m)
                     * (kr_pow2(x->e) * kr_pow2(y->e) * kr_pow2(z->e)); @/
  static void
  kr_dy_prod3(const kr_dyadic *x, const kr_dyadic *y, const kr_dyadic *z)
  {
  }
*/

/*@ ghost
  /@ requires mant: 0 <= m;
     requires range: -KR_GHOST_EMAX <= e <= KR_GHOST_EMAX;
     assigns \nothing;
     ensures zero: m == 0 ==> kr_m2e(m, e) == 0;
     ensures pos: 0 < m ==> 0 < kr_m2e(m, e); @/
  static void
  kr_m2e_sign(long m, long e)
  {
      kr_pow2_pos(e);
  }
*/

/*@ ghost
  /@ requires range: -KR_GHOST_EMAX <= e <= KR_GHOST_EMAX;
     assigns \nothing;
     ensures lt: kr_m2e(m1, e) < kr_m2e(m2, e) <==> m1 < m2; @/
  static void
  kr_m2e_lt(long m1, long m2, long e)
  {
      kr_pow2_pos(e);
  }
*/

/* mb 2^eb < ma 2^ea when ma >= 2^62 (0x4000000000000000), eb < ea and
 * mb < 2^63: the exits of dyadic_lt's loops. */
/*@ ghost
  /@ requires mant: 0x4000000000000000 <= ma && 0 <= mb;
     requires range: -KR_GHOST_EMAX <= eb < ea <= KR_GHOST_EMAX;
     assigns \nothing;
     ensures lt: kr_m2e(mb, eb) < kr_m2e(ma, ea); @/
  static void
  kr_m2e_big(long ma, long ea, long mb, long eb)
  {
      kr_pow2_mono(eb + 1, ea);
      kr_pow2_pos(eb);
      /@ assert pow: 0 < 2 * kr_pow2(eb) == kr_pow2(eb + 1) <= kr_pow2(ea); @/
      /@ assert ge: kr_m2e(ma, ea) >= 0x4000000000000000 * kr_pow2(ea); @/
      /@ assert ge: 0x4000000000000000 * kr_pow2(ea)
                        >= 0x8000000000000000 * kr_pow2(eb); @/
      /@ assert gt: 0x8000000000000000 * kr_pow2(eb) > kr_m2e(mb, eb); @/
  }
*/

/*@ ghost
  /@ requires range: 0 <= i < n && 0 <= j < n;
     assigns \nothing;
     ensures index: 0 <= kr_idx(n, i, j) < n * n; @/
  static void
  kr_index_ok(int n, int i, int j)
  {
      /@ assert le: (i + 1) * n <= n * n; @/
  }
*/

/*@ ghost
  /@ requires lower: \forall integer p, q; 0 <= q < p < n ==>
         c[kr_idx(n, p, q)] == c[kr_idx(n, q, p)];
     assigns \nothing;
     ensures sym: kr_symmetric(c, n); @/
  static void
  kr_symmetric_lower(const long *c, int n)
  {
      /@ assert sym: \forall integer i, j; 0 <= i < n && 0 <= j < n ==>
             c[kr_idx(n, i, j)] == c[kr_idx(n, j, i)]; @/
  }
*/

/*@ ghost
  /@ requires mant: 0 <= a <= KR_MANT_MAX && 0 <= b <= KR_MANT_MAX
                    && 0 <= c <= KR_MANT_MAX;
     assigns \nothing;
     ensures bound: 0 <= a * b <= KR_MANT_MAX * KR_MANT_MAX;
     ensures bound: 0 <= a * b * c <= KR_MANT_MAX * KR_MANT_MAX * KR_MANT_MAX; @/
  static void
  kr_mant3(long a, long b, long c)
  {
      /@ assert ab: a * b <= KR_MANT_MAX * b <= KR_MANT_MAX * KR_MANT_MAX; @/
      /@ assert abc: a * b * c <= KR_MANT_MAX * KR_MANT_MAX * c; @/
  }
*/

int
kr_hyp_symmetric(const long *canon, int n)
{
    int i, j;
    long ij, ji;
    /*@ loop invariant range: 0 <= i && (n >= 0 ==> i <= n);
        loop invariant sym: \forall integer p, q; 0 <= q < p < i ==>
            canon[kr_idx(n, p, q)] == canon[kr_idx(n, q, p)];
        loop assigns i, j, ij, ji;
        loop variant n - i; */
    for (i = 0; i < n; i++)
        /*@ loop invariant range: 0 <= j <= i;
            loop invariant sym: \forall integer q; 0 <= q < j ==>
                canon[kr_idx(n, i, q)] == canon[kr_idx(n, q, i)];
            loop assigns j, ij, ji;
            loop variant i - j; */
        for (j = 0; j < i; j++)
        {
            //@ ghost kr_index_ok(n, i, j);
            //@ ghost kr_index_ok(n, j, i);
            ij = (long) i * n + j;
            ji = (long) j * n + i;
            /*@ assert index: ij == kr_idx(n, i, j) && ji == kr_idx(n, j, i); */
            if (canon[ij] != canon[ji])
                return 0;
        }
    //@ ghost kr_symmetric_lower(canon, n);
    return 1;
}

/* ma 2^ea < mb 2^eb, exactly, for mantissas 0 <= ma, mb < 2^63.  Doubling
 * the mantissa with the larger exponent and decrementing that exponent
 * keeps the value; it stops when the exponents agree or that mantissa
 * reaches 2^62 (at most 62 doublings).  In the second case its number is
 * at least 2^62 2^(e + 1) = 2^63 2^e, with e the other exponent, and the
 * other number is below 2^63 2^e. */
/*@ requires mant: 0 <= ma && 0 <= mb;
    requires range: -KR_GHOST_EMAX <= ea <= KR_GHOST_EMAX;
    requires range: -KR_GHOST_EMAX <= eb <= KR_GHOST_EMAX;
    assigns \nothing;
    ensures bool: \result == 0 || \result == 1;
    ensures result: \result == 1 <==> kr_m2e(ma, ea) < kr_m2e(mb, eb);
*/
static int
dyadic_lt(long ma, long ea, long mb, long eb)
{
    const long half = 1L << 62;
    if (ma == 0 || mb == 0)
    {
        //@ ghost kr_m2e_sign(ma, ea);
        //@ ghost kr_m2e_sign(mb, eb);
        /*@ assert result: ma < mb <==> kr_m2e(ma, ea) < kr_m2e(mb, eb); */
        return ma < mb;
    }
    /*@ loop invariant range: \at(ea, Pre) <= eb ==> ea == \at(ea, Pre);
        loop invariant range: \at(ea, Pre) > eb ==> eb <= ea <= \at(ea, Pre);
        loop invariant mant: 0 < ma;
        loop invariant value: kr_m2e(ma, ea) == kr_m2e(\at(ma, Pre), \at(ea, Pre));
        loop assigns ma, ea;
        loop variant ea - eb; */
    while (ea > eb && ma < half)
    {
        ma *= 2;
        ea--;
    }
    /*@ loop invariant range: \at(eb, Pre) <= ea ==> eb == \at(eb, Pre);
        loop invariant range: \at(eb, Pre) > ea ==> ea <= eb <= \at(eb, Pre);
        loop invariant mant: 0 < mb;
        loop invariant value: kr_m2e(mb, eb) == kr_m2e(\at(mb, Pre), \at(eb, Pre));
        loop assigns mb, eb;
        loop variant eb - ea; */
    while (eb > ea && mb < half)
    {
        mb *= 2;
        eb--;
    }
    if (ea > eb)
    {
        //@ ghost kr_m2e_big(ma, ea, mb, eb);
        /*@ assert result: !(kr_m2e(ma, ea) < kr_m2e(mb, eb)); */
        return 0;
    }
    if (eb > ea)
    {
        //@ ghost kr_m2e_big(mb, eb, ma, ea);
        /*@ assert result: kr_m2e(ma, ea) < kr_m2e(mb, eb); */
        return 1;
    }
    //@ ghost kr_m2e_lt(ma, mb, ea);
    /*@ assert result: ma < mb <==> kr_m2e(ma, ea) < kr_m2e(mb, eb); */
    return ma < mb;
}

int
kr_hyp_gamma(kr_dyadic *gamma, const kr_dyadic *a, const kr_dyadic *b)
{
    long am = a->m, ae = a->e, bm = b->m, be = b->e, m, e;
    int lt;
    if (dyadic_lt(am, ae, bm, be))
    {
        m = bm;
        e = be;
    }
    else
    {
        m = am;
        e = ae;
    }
    /*@ assert max: kr_m2e(m, e) == \max(kr_m2e(am, ae), kr_m2e(bm, be)); */
    lt = dyadic_lt(m, e, 1, 0);
    gamma->m = m;
    gamma->e = e;
    return lt;
}

int
kr_hyp_prod3_lt(const kr_dyadic *x, const kr_dyadic *y, const kr_dyadic *z,
                const kr_dyadic *w)
{
    long xm = x->m, xe = x->e, ym = y->m, ye = y->e, zm = z->m, ze = z->e, m, e;
    //@ ghost kr_mant3(xm, ym, zm);
    m = xm * ym * zm; /* < 2^63 */
    e = xe + ye + ze;
    //@ ghost kr_m2e_prod3(xm, xe, ym, ye, zm, ze, m, e);
    //@ ghost kr_dy_prod3(x, y, z);
    return dyadic_lt(m, e, w->m, w->e);
}
