#!/usr/bin/python3
"""Mutation test of kreiss-check (TAP).

For certificates of the 2x2 family J = [[g, 0], [c, g]] (g = 0.9, c = 10,
the 'jordan' example), whose quantities are known in closed form (computed
here with exact rationals, independently of kreiss), mutate the certificates
and run kreiss-check --matrix on each mutant.  A mutant may be accepted only
if every claim it then verifies is still true; the test fails on any accepted
mutant with a false claim.  Two phases:

- systematic: a digit of every line, every line dropped, duplicated, swapped
  with the next, every digit of every claimed bound up and down, truncations;
- random: KREISS_MUTATE_RANDOM mutants (default RANDOM_DEFAULT below), each
  made by 1 to 5 random operators (OPERATORS below: bytes, numbers, claims,
  fields swapped between records of a kind, lines spliced from the other
  certificates of the family, ranges, header, hints, ids and references,
  the matrix binding) from one of the phase's base certificates (the
  systematic phase's and three more).  Mutant k is a function of (seed, k)
  alone, so a smaller count runs a prefix of the same mutants.  Besides
  accepting a false claim, a crash (a signal, a sanitizer report, an exit
  status other than 0, 1, 2 -- docs/errors.md), a verdict line that does not
  match the status and a run longer than the timeout fail; a failing mutant
  is kept in WORKDIR, printed with the seed.

Usage:

    mutate.py [KREISS KREISS_CHECK WORKDIR [SEED]]

(under make check: KREISS and KREISS_CHECK from the environment, a
temporary WORKDIR, removed unless something failed).  Environment:
KREISS_MUTATE_SEED (or KREISS_SEED) the seed when SEED is not given,
KREISS_MUTATE_RANDOM the number of random mutants (RANDOM_DEFAULT, or
RANDOM_ASAN for a kreiss-check built with AddressSanitizer),
KREISS_MUTATE_TIMEOUT the seconds a run may take (20, or 100 with
AddressSanitizer), KREISS_MUTATE_JOBS parallel runs (the CPUs, at most 4).
"""
import collections
import math
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from fractions import Fraction as Q

if hasattr(sys, "set_int_max_str_digits"):
    sys.set_int_max_str_digits(0)  # numbers of 10^5 digits are allowed (FORMAT.md section 1)
G, C = Q(9, 10), Q(10)
MTX = "%%MatrixMarket matrix array real general\n2 2\n0.9\n10\n0\n0.9\n"
SEED_DEFAULT = 20261122
RANDOM_DEFAULT = 20000  # about a minute on 2 cores
RANDOM_ASAN = 2000      # the default for a kreiss-check built with AddressSanitizer (~30 times slower a run)


# ---------------------------------------------------------------- the truth

INFINITE = "inf"  # quantity(): the value is +inf


def num(tok):
    """A number of certs/FORMAT.md section 1: a Fraction, or +-math.inf."""
    sign = -1 if tok[0] == "-" else 1
    t = tok[1:] if tok[0] in "+-" else tok
    if t == "inf":
        return sign * math.inf
    if "p" in t:
        m, e = t.split("p")
        return sign * Q(int(m)) * Q(2) ** int(e)
    return sign * Q(t)


def fl(x):
    """x as a float (inf beyond the range)."""
    try:
        return float(x)
    except OverflowError:
        return math.inf if x > 0 else -math.inf


def sgn(x):
    return (x > 0) - (x < 0)


def singular(a2, b2, c2, which):
    """A singular value of [[a, 0], [b, c]] given |a|^2, |b|^2, |c|^2 (exact):
    which = +1 the largest, -1 the smallest.  Returns (estimate, cmp), cmp(x)
    the sign of sigma - x, exactly, for a rational x."""
    s = a2 + b2 + c2
    d = s * s - 4 * a2 * c2  # sigma^2 = (s +- sqrt d) / 2
    lmax = (fl(s) + math.sqrt(fl(d))) / 2
    lam = lmax if which > 0 else (fl(a2 * c2) / lmax if lmax else 0.0)

    def cmp(x):
        if x < 0:
            return 1
        y = 2 * x * x - s  # sigma >= x  <=>  which sqrt d >= y
        if which > 0:
            return 1 if y < 0 else sgn(d - y * y)
        return -1 if y > 0 else -sgn(d - y * y)
    return math.sqrt(lam), cmp


def peak_of(g):
    """sup_t ||J^t||: J^t = [[g^t, 0], [t c g^(t-1), g^t]].  Estimates pick the
    steps that can be the maximum; they are then compared exactly."""
    gf, cf = fl(g), fl(C)
    est = [singular(gf ** (2 * t), (t * cf * gf ** (t - 1)) ** 2 if t else 0.0, gf ** (2 * t), 1)[0]
           for t in range(300)]
    top = max(est)
    cands = [singular(g ** (2 * t), (t * C * g ** (t - 1)) ** 2 if t else Q(0), g ** (2 * t), 1)[1]
             for t in range(300) if est[t] >= top * (1 - 1e-9)]
    return top, lambda x: max(cmp(x) for cmp in cands)


def quantity(q, at, g):
    """The exact value of quantity q of J = [[g, 0], [C, g]] at 'at' (z=re,im,
    r=x or ''): (estimate, cmp) as in singular(), or INFINITE; None for an
    unknown quantity or a point where it is not defined."""
    if q == "norm":
        return singular(g * g, C * C, g * g, 1)
    if q == "spectral_radius":
        return fl(g), lambda x: sgn(g - x)
    if q == "kreiss":
        k = C / (4 * (1 - g)) + (1 - g) / C
        return fl(k), lambda x: sgn(k - x)
    if q == "peak":
        return peak_of(g)
    if q in ("sigma_min", "resolvent_norm") and at.startswith("z="):
        zre, zim = (num(x) for x in at[2:].split(","))
    elif q == "circle_max" and at.startswith("r="):
        # the point of |z| = r nearest to the eigenvalue g > 0 is z = r
        zre, zim = num(at[2:]), Q(0)
        if zre <= 0:
            return None
    else:
        return None
    if math.inf in (abs(zre), abs(zim)):
        return None
    w2 = (zre - g) ** 2 + zim ** 2  # zI - J = [[w, 0], [-c, w]], w = z - g
    est, cmp = singular(w2, C * C, w2, -1)
    if q == "sigma_min":
        return est, cmp
    if w2 == 0:
        return INFINITE
    # 1/sigma_min >= x  <=>  sigma_min <= 1/x
    return 1 / est if est else None, lambda x: 1 if x <= 0 else -cmp(1 / x)


def holds(lo, hi, qv):
    """lo <= q <= hi for the quantity qv = (estimate, cmp) of quantity()."""
    if qv is None:
        return False
    if qv is INFINITE:
        return hi == math.inf
    est, cmp = qv

    def side(x):  # the sign of q - x; the estimate decides far from q
        if est is not None and 1e-300 < est < 1e300:
            xf = fl(x)
            if xf < est * (1 - 1e-9):
                return 1
            if xf > est * (1 + 1e-9):
                return -1
        return cmp(x)
    lo_ok = lo == -math.inf or (lo != math.inf and side(lo) >= 0)
    hi_ok = hi == math.inf or (hi != -math.inf and side(hi) <= 0)
    return lo_ok and hi_ok


def truth_ok(line, g=G):
    """Is the verified claim of a 'v' line true for J (with J[0][0] = J[1][1] = g)?"""
    f = line.split()
    if f[1] == "verdict":
        return f[2] == ("rho<1" if g < 1 else "rho>1")
    at = f[5] if len(f) > 5 else ""
    return holds(num(f[2]), num(f[3]), quantity(f[1], at, g))


def run(check, path, mtx):
    p = subprocess.run([check, path, "--matrix", mtx], capture_output=True, text=True, timeout=120)
    return p.returncode, [l for l in p.stdout.splitlines() if l.startswith("v ")]


def mutants(lines, rng):
    n = len(lines)
    for i in range(1, n):
        # a digit of the line (several per line, spread over it)
        pos = [k for k, ch in enumerate(lines[i]) if ch.isdigit()]
        for k in rng.sample(pos, min(3, len(pos))):
            ch = lines[i][k]
            new = str((int(ch) + rng.randint(1, 9)) % 10)
            yield "digit %d:%d" % (i + 1, k), lines[:i] + [lines[i][:k] + new + lines[i][k + 1:]] + lines[i + 1:]
        yield "drop %d" % (i + 1), lines[:i] + lines[i + 1:]
        yield "dup %d" % (i + 1), lines[:i + 1] + lines[i:]
        if i + 1 < n:
            yield "swap %d" % (i + 1), lines[:i] + [lines[i + 1], lines[i]] + lines[i + 2:]
    # every digit of every claimed bound, one up and one down: a checker that
    # does not compare a claim with its witnesses lets false ones through
    for i in range(n):
        if not lines[i].startswith("claim "):
            continue
        for key in (" lo=", " hi="):
            a = lines[i].find(key)
            if a < 0:
                continue
            a += len(key)
            b = lines[i].find(" ", a)
            for k in range(a, b):
                if lines[i][k].isdigit():
                    for dlt in (1, 9):
                        new = str((int(lines[i][k]) + dlt) % 10)
                        yield ("claim %d:%d%+d" % (i + 1, k, dlt if dlt == 1 else -1),
                               lines[:i] + [lines[i][:k] + new + lines[i][k + 1:]] + lines[i + 1:])
    for frac in (0.1, 0.3, 0.5, 0.7, 0.9, 0.99):
        yield "truncate %.2f" % frac, lines[:max(1, int(n * frac))]


# ---------------------------------------------------------------- random mutants
#
# A mutant is a list of lines, written with a newline after each; the byte
# operator can take the last newline away (mutant_text / from_text).

KINDS = ("gram_le", "gram_ge", "norm_vec", "smin_vec", "null_vec", "sym_le", "sym_ge", "rayleigh",
         "stein_lt", "stein_gt", "kyp", "norm_circle", "arcs", "circle", "point", "segment", "tail",
         "power_vec", "power_upper", "contraction")
DATA = ("row", "vec", "pt", "gram")
REFS = ("by", "norm", "a", "b", "rho", "lo_by", "hi_by")  # fields whose values are record ids
NUM_RE = re.compile(r"[-+]?(?:inf|\d+(?:/\d+|p[-+]?\d+|(?:\.\d+)?(?:[eE][-+]?\d+)?))")
NOEOL = "\x00no newline"  # a last 'line' that stands for a missing final newline
ODD_NUMBERS = [
    "0", "-0", "+0", "1", "-1", "2", "inf", "+inf", "-inf", "nan", "NaN", "Inf", "1e1000000",
    "1e1000001", "1e-1000000", "-1e999999", "1p1000000", "1p1000001", "1p-1000000", "1p-1074", "1p-1075",
    "2p1023", "1p1024", "9007199254740993p0", "4503599627370497p0", "-9007199254740991p-1074",
    "1/0", "0/0", "0/7", "1/3", "-2/3", "6/4", "0x10", "1.", ".5", "1e", "1p", "1/", "/2", "--1", "+-1",
    "1e+5", "1E5", "00000000000000000001", "18446744073709551617", "-9223372036854775809",
    "9223372036854775807", "2147483648", "4294967296", "999999999999", "1000000000000",
    "1" + "0" * 100000, "9" * 100000, "0." + "0" * 99998 + "1", "1e5e5", "1,5", "1 5", "",
]


def mutant_text(lines):
    text = "".join(l + "\n" for l in lines if l != NOEOL)
    return text[:-1] if lines[-1:] == [NOEOL] else text


def from_text(text):
    if text.endswith("\n") or not text:
        return text[:-1].split("\n") if text else []
    return text.split("\n") + [NOEOL]


def records(lines):
    """[start, end, kind, id]: each 'input', record or claim line with its data lines."""
    out = []
    for i, l in enumerate(lines):
        f = l.split(" ")
        if f[0] in KINDS or f[0] in ("claim", "input"):
            rid = int(f[1]) if f[0] in KINDS and len(f) > 1 and f[1].isdigit() else None
            out.append([i, i + 1, f[0], rid])
        elif f[0] in DATA and out and out[-1][1] == i:
            out[-1][1] = i + 1
    return out


def fmt(v, rng):
    """The rational v in a random notation of FORMAT.md section 1 that denotes it exactly."""
    a, sign = abs(v), "-" if v < 0 else rng.choice(["", "", "", "+"])
    n, d = a.numerator, a.denominator
    if n.bit_length() + d.bit_length() > 300000:  # too long to print (quadratic): about the value
        return "%s1e%d" % (sign, round((n.bit_length() - d.bit_length()) * math.log10(2)))
    forms = ["ratio"]
    if d & (d - 1) == 0:
        forms += ["binary", "binary"]
    e2 = (d & -d).bit_length() - 1
    r, e5 = d >> e2, 0
    while r % 5 == 0 and d.bit_length() < 10000:  # (not for huge numbers: too slow)
        r, e5 = r // 5, e5 + 1
    if r == 1:
        forms += ["decimal", "decimal"]
    form = rng.choice(forms)
    if form == "binary":
        k = rng.choice([0, 0, 0, 1, 3])  # trailing zero bits are allowed
        return "%s%dp%d" % (sign, n << k, -(d.bit_length() - 1) - k)
    if form == "decimal":
        k = max(e2, e5)
        digits = str(n * 10 ** k // d)
        if rng.random() < 0.3:
            return "%s%se%d" % (sign, digits, -k)
        digits = digits.rjust(k + 1, "0")
        return sign + (digits[:len(digits) - k] + "." + digits[len(digits) - k:] if k else digits)
    k = rng.choice([1, 1, 1, 2, 10])
    return "%s%d/%d" % (sign, n * k, d * k)


def new_number(s, rng):
    """A random replacement for the number written s."""
    how = rng.choice(["near", "near", "scale", "sign", "digits", "drop", "exponent", "odd", "odd",
                      "random", "same", "same"])
    try:
        v = num(s)
    except (ValueError, ZeroDivisionError):
        v = None
    if v is None or abs(v) == math.inf or how == "odd":
        return rng.choice(ODD_NUMBERS)
    if how == "near":
        u = Q(rng.randint(1, 9), 10 ** rng.randint(1, 20)) * rng.choice([-1, 1])
        return fmt(v * (1 + u) if v else u, rng)
    if how == "scale":
        return fmt(v * rng.choice([Q(2), Q(1, 2), Q(10), Q(1, 10), Q(1000), Q(1, 1000), Q(2) ** 60, Q(-1)]), rng)
    if how == "sign":
        return s[1:] if s[0] == "-" else "-" + s.lstrip("+")
    digs = [k for k, ch in enumerate(s) if ch.isdigit()]
    if how == "digits":
        k = rng.choice(digs) + rng.randint(0, 1)
        return s[:k] + "".join(rng.choice("0123456789") for _ in range(rng.choice([1, 1, 2, 5, 20]))) + s[k:]
    if how == "drop":
        k = rng.choice(digs)
        return s[:k] + s[k + 1:]
    if how == "exponent":
        m = re.match(r"(.*?)([pPeE])([-+]?\d+)$", s)
        dx = rng.choice([1, -1, 2, -2, 10, -10, 64, -64, 1000, -1000, 999999, -999999])
        if m:
            return "%s%s%d" % (m.group(1), m.group(2), int(m.group(3)) + dx)
        return s + rng.choice(["e", "p", "E"]) + str(dx)
    if how == "random":
        mag = Q(10) ** rng.randint(-30, 30)
        return fmt(Q(rng.randint(-10 ** 6, 10 ** 6), 10 ** 6) * mag, rng)
    return fmt(v, rng)  # the same value, written otherwise


def op_byte(lines, rng, ctx):
    """1 to 4 random bytes replaced, inserted or deleted."""
    text = mutant_text(lines)
    pools = ["0123456789", "+-./,=pe ", "abcdefghijklmnopqrstuvwxyz_<>", "\n", "\t\r\x00\x0b\x7f",
             "\x80\xa0\xc3\xff"]
    for _ in range(rng.randint(1, 4)):
        k = rng.randrange(len(text) + 1)
        ch = rng.choice(rng.choice(pools))
        how = rng.choice(["set", "insert", "delete"])
        if how == "insert" or k == len(text):
            text = text[:k] + ch + text[k:]
        elif how == "set":
            text = text[:k] + ch + text[k + 1:]
        else:
            text = text[:k] + text[k + 1:]
    return from_text(text)


def op_number(lines, rng, ctx):
    """A number anywhere replaced: near, scaled, negated, digits added or dropped,
    exponent changed, 0/inf/nan/huge/malformed, random, or the same value written otherwise."""
    cands = [(i, m.span()) for i, l in enumerate(lines) for m in NUM_RE.finditer(l)]
    if not cands:
        return None
    i, (a, b) = rng.choice(cands)
    return lines[:i] + [lines[i][:a] + new_number(lines[i][a:b], rng) + lines[i][b:]] + lines[i + 1:]


def claim_value(q, at, rng):
    """A rational very close to the true value of q at 'at' (exact bisection): (below, above)."""
    qv = quantity(q, at, G)
    if qv is None or qv is INFINITE:
        return None
    cmp = qv[1]
    a, b = Q(0), Q(1)
    while cmp(b) > 0:
        a, b = b, 2 * b
    for _ in range(rng.randint(20, 140)):
        m = (a + b) / 2
        if cmp(m) == 0:
            return m, m
        a, b = (m, b) if cmp(m) > 0 else (a, m)
    return a, b


def op_claim(lines, rng, ctx):
    """A claim tightened (by random amounts, or just past the true value), collapsed,
    swapped, loosened, made infinite, its quantity, point or supports changed."""
    idx = [i for i, l in enumerate(lines) if l.startswith("claim ")]
    if not idx:
        return None
    i = rng.choice(idx)
    f = lines[i].split(" ")
    if len(f) > 2 and f[1] == "verdict":
        f[2] = rng.choice(["rho>1", "rho>1", "rho<=1", "rho<1 ", "rho<2", "rho=1"])
        return lines[:i] + [" ".join(f)] + lines[i + 1:]
    pos = {t.split("=")[0]: k for k, t in enumerate(f) if "=" in t}
    if "lo" not in pos or "hi" not in pos:
        return None
    try:
        lo, hi = num(f[pos["lo"]][3:]), num(f[pos["hi"]][3:])
    except (ValueError, ZeroDivisionError, IndexError):
        return None
    at = f[2] if f[2][:2] in ("z=", "r=") else ""
    fin = lo not in (math.inf, -math.inf) and hi not in (math.inf, -math.inf)
    how = rng.choice(["tighten", "tighten", "tighten", "edge", "edge", "edge", "collapse", "swap",
                      "loosen", "inf", "quantity", "point", "supports"])
    new = {}
    if how == "tighten" and fin:
        side = rng.choice(["lo", "hi", "both"])
        for key, x, sg in (("lo", lo, 1), ("hi", hi, -1)):
            if side in (key, "both"):
                step = (hi - lo) * Q(rng.randint(1, 1000), 1000) if rng.random() < 0.3 else \
                    abs(x) * Q(rng.randint(1, 99), 10 ** rng.randint(2, 22))
                new[key] = x + sg * step
    elif how == "edge":
        near = claim_value(f[1], at, rng)
        if near is None:
            return None
        below, above = near
        eps = (above - below) * rng.choice([0, 0, 1, Q(1, 2), 2])
        if rng.random() < 0.5:
            new["lo"] = above + eps  # lo just above q: false (or q itself when exact)
        else:
            new["hi"] = below - eps
    elif how == "collapse" and fin:
        new = {"lo": hi} if rng.random() < 0.5 else {"hi": lo}
    elif how == "swap":
        f[pos["lo"]], f[pos["hi"]] = "lo=" + f[pos["hi"]][3:], "hi=" + f[pos["lo"]][3:]
    elif how == "loosen":
        new = rng.choice([{"lo": Q(0)}, {"lo": Q(-1)}, {"hi": math.inf}, {"lo": Q(1)},
                          {"hi": hi * 2 if fin else Q(10) ** 9}])
    elif how == "inf":
        new = {"lo": math.inf, "hi": math.inf}
    elif how == "quantity":
        others = {"": ["norm", "spectral_radius", "kreiss", "peak"], "z=": ["sigma_min", "resolvent_norm"],
                  "r=": ["circle_max"]}
        shape = rng.choice(list(others))
        f[1] = rng.choice(others[shape])
        point = {"": [], "z=": ["z=" + (at[2:] + ",0" if at[:2] == "r=" else "1,0")],
                 "r=": ["r=" + (at[2:].split(",")[0] if at else "1")]}[shape]
        if at:
            f[2:3] = point
        else:
            f[2:2] = point
        return lines[:i] + [" ".join(f)] + lines[i + 1:]
    elif how == "point" and at:
        parts = at[2:].split(",")
        k = rng.randrange(len(parts))
        parts[k] = new_number(parts[k], rng) if rng.random() < 0.7 else fmt(
            num(parts[k]) + Q(rng.choice([-1, 1]), 2 ** rng.randint(10, 120)), rng)
        f[2] = at[:2] + ",".join(parts)
    elif how == "supports":
        ids = [r[3] for r in records(lines[:i]) if r[3] is not None]
        key = rng.choice(["lo_by", "hi_by"])
        if key not in pos:
            return None
        cur = f[pos[key]][len(key) + 1:]
        choice = rng.choice(["swap", "add", "empty", "one"])
        if choice == "swap" and "lo_by" in pos and "hi_by" in pos:
            a, b = pos["lo_by"], pos["hi_by"]
            f[a], f[b] = "lo_by=" + f[b][6:], "hi_by=" + f[a][6:]
        elif choice == "add" and ids:
            f[pos[key]] = key + "=" + (cur + "," if cur != "-" else "") + str(rng.choice(ids))
        elif choice == "one" and ids:
            f[pos[key]] = key + "=" + str(rng.choice(ids))
        else:
            f[pos[key]] = key + "=-"
    else:
        return None
    for key, x in new.items():
        f[pos[key]] = key + "=" + ("inf" if x == math.inf else fmt(x, rng))
    return lines[:i] + [" ".join(f)] + lines[i + 1:]


def op_swap_fields(lines, rng, ctx):
    """Fields or data lines swapped (or copied) between two records of the same kind."""
    recs = records(lines)
    by_kind = collections.defaultdict(list)
    for r in recs:
        by_kind[r[2]].append(r)
    kinds = [k for k, v in by_kind.items() if len(v) > 1]
    if not kinds:
        return None
    r1, r2 = rng.sample(by_kind[rng.choice(kinds)], 2)
    out = list(lines)
    if rng.random() < 0.6:  # a header field
        f1, f2 = out[r1[0]].split(" "), out[r2[0]].split(" ")
        keys = [k for k in range(2, min(len(f1), len(f2))) if f1[k].split("=")[0] == f2[k].split("=")[0]]
        if not keys:
            return None
        k = rng.choice(keys)
        f1[k], f2[k] = f2[k], (f1[k] if rng.random() < 0.7 else f2[k])
        out[r1[0]], out[r2[0]] = " ".join(f1), " ".join(f2)
        return out
    d1, d2 = list(range(r1[0] + 1, r1[1])), list(range(r2[0] + 1, r2[1]))
    if not d1 or not d2:
        return None
    a, b = rng.choice(d1), rng.choice(d2)
    out[a], out[b] = out[b], out[a]
    return out


def remap_refs(line, mapping):
    """The record ids of the header fields and lists of a line mapped by 'mapping'."""
    f = line.split(" ")
    if f[0] in KINDS and len(f) > 1 and f[1].isdigit() and int(f[1]) in mapping:
        f[1] = str(mapping[int(f[1])])
    for k in range(2, len(f)):
        key, _, val = f[k].partition("=")
        if key in REFS and f[0] in KINDS + ("claim",):
            f[k] = key + "=" + ",".join(str(mapping.get(int(x), x)) if x.isdigit() else x
                                        for x in val.split(","))
    return " ".join(f)


def renumber(lines, rng):
    """The record ids renumbered, increasing with random gaps, references following."""
    mapping, nid = {}, 0
    for r in records(lines):
        if r[3] is not None:
            nid += rng.choice([1, 1, 1, 2, 5, 100, 10 ** rng.randint(3, 11)])
            mapping[r[3]] = nid
    return [remap_refs(l, mapping) for l in lines], mapping


def op_splice(lines, rng, ctx):
    """A record, claim or line of another certificate of the family spliced in (or
    replacing a claim), its ids and references renumbered to fit, or not."""
    others = [c for name, c in ctx["bases"] if name != ctx["base"]]
    src = rng.choice(others)
    srecs = [r for r in records(src) if r[2] != "input"]
    what = rng.choice(["record", "record", "claim", "line"])
    if what == "line" or not srecs:
        k = rng.randrange(len(src))
        block, sr = src[k:k + 1], None
    else:
        pool = [r for r in srecs if (r[2] == "claim") == (what == "claim")] or srecs
        sr = rng.choice(pool)
        block = src[sr[0]:sr[1]]
    out = list(lines)
    if rng.random() < 0.7:  # make it fit: a fresh id, references to records of the kinds referred to
        if rng.random() < 0.5:
            out = renumber(out, rng)[0]
        recs = records(out)
        claims = [r for r in recs if r[2] == "claim"]
        if what == "claim" and claims and rng.random() < 0.5:
            at, cut = rng.choice(claims)[:2]  # in place of a claim
        else:
            at = cut = rng.choice([r[1] for r in recs if r[2] != "input"] or [r[1] for r in recs] or [len(out)])
        earlier = [r for r in recs if r[1] <= at and r[3] is not None]
        mapping = {}
        for r in records(src):
            same = [e[3] for e in earlier if e[2] == r[2]]
            if r[3] is not None and same:
                mapping[r[3]] = rng.choice(same)
        if sr is not None and sr[3] is not None:
            prev = max([r[3] for r in earlier] or [0])
            # the later records (and the references to them) move up by one
            out = [remap_refs(l, {r[3]: r[3] + 1 for r in recs if r[3] is not None and r[3] > prev})
                   for l in out]
            mapping[sr[3]] = prev + 1
        block = [remap_refs(l, mapping) for l in block]
        return out[:at] + block + out[cut:]
    at = rng.randrange(len(out) + 1)
    return out[:at] + block + out[at:]


def op_range(lines, rng, ctx):
    """A random range of lines removed, duplicated, moved or reversed."""
    n = len(lines)
    if n < 2:
        return None
    a = rng.randrange(n)
    b = min(n, a + max(1, int(rng.expovariate(1 / 4))))
    seg = lines[a:b]
    how = rng.choice(["remove", "duplicate", "move", "reverse"])
    if how == "remove":
        return lines[:a] + lines[b:]
    if how == "duplicate":
        return lines[:b] + seg + lines[b:]
    if how == "reverse":
        return lines[:a] + seg[::-1] + lines[b:]
    rest = lines[:a] + lines[b:]
    k = rng.randrange(len(rest) + 1)
    return rest[:k] + seg + rest[k:]


def op_header(lines, rng, ctx):
    """The first line, comments, empty lines, 'end', spacing and line ends."""
    out = list(lines)
    how = rng.choice(["first", "comment", "comment", "empty", "end", "space", "cr"])
    if how == "first" and out:
        out[0] = rng.choice(["kreiss-cert 2", "kreiss-cert 0", "kreiss-cert  1", "kreiss-cert 1 ",
                             "kreiss-cert", "kreiss-cert 01", "kreiss-cert 1.0", "Kreiss-cert 1",
                             " kreiss-cert 1", "kreiss-cert 1 c", "c kreiss-cert 1", ""])
        return out
    k = rng.randrange(len(out) + 1)
    if how in ("comment", "empty"):
        line = "" if how == "empty" else rng.choice(["c", "c ", "c x y", "cx", " c x", "# x", "c end",
                                                      "c claim norm lo=0 hi=1 lo_by=- hi_by=-"])
        return out[:k] + [line] + out[k:]
    if how == "end":
        e = [j for j, l in enumerate(out) if l == "end"]
        j = e[-1] if e else len(out) - 1
        repl = rng.choice([[], ["end", "end"], ["end "], ["End"], ["end 1"], ["end", "c after"],
                           ["end", ""], ["end", "claim verdict rho<1 by=-"], ["en"]])
        return out[:j] + repl + out[j + 1:]
    k = min(k, len(out) - 1)
    if how == "space":
        out[k] = rng.choice([out[k].replace(" ", "  ", 1), " " + out[k], out[k] + " ",
                             out[k].replace("=", " = ", 1), out[k].replace(" ", "", 1)])
    else:
        out[k] += rng.choice(["\r", "\t", " \r"])
    return out


def op_hint(lines, rng, ctx):
    """Precision hints, lengths, counts and steps (prec=, prec2=, the precision of
    'pt' and 'gram' lines, len=, n=, T=, t= of power_vec and gram lines)."""
    cands = []
    for i, l in enumerate(lines):
        f = l.split(" ")
        for k, t in enumerate(f):
            key = t.split("=")[0]
            if key in ("prec", "prec2", "len", "n", "T") or (key == "t" and f[0] == "power_vec"):
                cands.append((i, k, key + "=", t.split("=", 1)[-1]))
        if f[0] in ("pt", "gram") and len(f) > 3:
            cands.append((i, len(f) - 1, "", f[-1]))
        if f[0] == "gram" and len(f) > 1:
            cands.append((i, 1, "", f[1]))
    if not cands:
        return None
    i, k, key, val = rng.choice(cands)
    v = int(val) if re.fullmatch(r"-?\d+", val) else 53
    new = rng.choice([v - 1, v + 1, 0, 1, 2, 52, 53, 54, 64, 113, 128, 4096, 4097, 1 << 20, (1 << 20) + 1,
                      2 ** 31, 2 ** 63, -v, 2 * v, v // 2, 10 ** 7 + 1, str(v) + ".0", "+%d" % v,
                      "0%d" % v, "%de0" % v, "x"])
    f = lines[i].split(" ")
    f[k] = key + str(new)
    return lines[:i] + [" ".join(f)] + lines[i + 1:]


def op_ids(lines, rng, ctx):
    """Record ids and references: all renumbered consistently; one id changed;
    one reference retargeted; a list of ids edited."""
    recs = [r for r in records(lines) if r[3] is not None]
    how = rng.choice(["renumber", "id", "ref", "ref", "list"])
    if how == "renumber" or not recs:
        return renumber(lines, rng)[0]
    out = list(lines)
    if how == "id":
        r = rng.choice(recs)
        f = out[r[0]].split(" ")
        f[1] = str(rng.choice([r[3] - 1, r[3] + 1, 0, -1, 10 ** 12, 10 ** 12 - 1, 2 ** 63, recs[0][3],
                               "0%d" % r[3], "+%d" % r[3], "%d.0" % r[3], "x"]))
        out[r[0]] = " ".join(f)
        return out
    sites = [(i, k) for i, l in enumerate(out) for k, t in enumerate(l.split(" "))
             if k >= 2 and t.split("=")[0] in REFS and (l.startswith("claim ") or l.split(" ")[0] in KINDS)]
    if not sites:
        return None
    i, k = rng.choice(sites)
    f = out[i].split(" ")
    key, val = f[k].split("=", 1)
    ids = val.split(",") if val != "-" else []
    own = next((r for r in recs if r[0] == i), None)
    earlier = [r for r in recs if r[0] < i]
    if how == "ref":
        tgt = rng.choice([rng.choice(earlier or recs)[3], rng.choice(earlier or recs)[3],
                          rng.choice(recs)[3], recs[-1][3] + 1, 0, own[3] if own else 1])
        j = rng.randrange(len(ids)) if ids else 0
        ids[j:j + 1] = [str(tgt)]
    else:
        choice = rng.choice(["dup", "drop", "reverse", "add", "empty", "bad"])
        if choice == "dup" and ids:
            ids.append(rng.choice(ids))
        elif choice == "drop" and ids:
            ids.pop(rng.randrange(len(ids)))
        elif choice == "reverse":
            ids.reverse()
        elif choice == "add" and recs:
            ids.insert(rng.randint(0, len(ids)), str(rng.choice(recs)[3]))
        elif choice == "bad":
            ids = [rng.choice(["", ",1", "1,", "1,,2", "-,1", "01", "x", "-1"])]
        else:
            ids = []
    f[k] = key + "=" + (",".join(ids) if ids else "-")
    out[i] = " ".join(f)
    return out


def op_matrix(lines, rng, ctx):
    """The matrix binding: entries=binary64 (with or without the binary64 values
    of the rows), entries written otherwise, perturbed, transposed, field=complex,
    another order."""
    ii = next((i for i, l in enumerate(lines) if l.startswith("input ")), None)
    if ii is None or ii + 2 >= len(lines):
        return None
    out = list(lines)
    rows = [out[ii + 1].split(" ")[1:], out[ii + 2].split(" ")[1:]]
    how = rng.choice(["binary64", "binary64", "header", "notation", "perturb", "transpose", "complex",
                      "order", "swap"])
    if how in ("binary64", "notation"):
        conv = (lambda x: Q(float(x))) if how == "binary64" else (lambda x: x)
        try:
            rows = [[fmt(conv(num(x)), rng) for x in r] for r in rows]
        except (ValueError, ZeroDivisionError, OverflowError):
            return None
    if how in ("binary64", "header"):
        out[ii] = out[ii].replace("entries=exact", "entries=binary64")
    elif how == "perturb":
        r, k = rng.randrange(2), rng.randrange(len(rows[0]))
        try:
            rows[r][k] = fmt(num(rows[r][k]) + Q(rng.choice([-1, 1]), 10 ** rng.randint(1, 40)), rng)
        except (ValueError, ZeroDivisionError, IndexError):
            return None
    elif how == "transpose":
        rows = [list(x) for x in zip(*rows)]
    elif how == "complex":
        out[ii] = out[ii].replace("field=real", "field=complex")
        rows = [[y for x in r for y in (x, rng.choice(["0", "0", "-0", "0p0", "1p-1074"]))] for r in rows]
    elif how == "order":
        out[ii] = out[ii].replace("n=2", rng.choice(["n=1", "n=3", "n=02", "n=0"]))
        if rng.random() < 0.5:
            out.insert(ii + 3, "row 0 0 0")
    elif how == "swap":
        rows.reverse()
    out[ii + 1:ii + 3] = ["row " + " ".join(r) for r in rows]
    return out


OPERATORS = collections.OrderedDict([
    ("byte", op_byte), ("number", op_number), ("claim", op_claim), ("swap-fields", op_swap_fields),
    ("splice", op_splice), ("range", op_range), ("header", op_header), ("hint", op_hint),
    ("ids", op_ids), ("matrix", op_matrix)])


def random_mutant(bases, seed, k):
    """Mutant k of the seed: (its base, the operators applied, its lines)."""
    rng = random.Random("mutant %d %d" % (seed, k))
    name, lines = rng.choice(bases)
    ctx = {"bases": bases, "base": name}
    nops = rng.choice([1, 1, 1, 2, 2, 3, 4, 5])
    done = []
    while len(done) < nops:
        op = rng.choice(list(OPERATORS))
        try:
            new = OPERATORS[op](lines, rng, ctx)
        except (ValueError, ZeroDivisionError, IndexError, OverflowError):
            new = None  # a number or field an earlier operator made unreadable: another operator
        if new is not None:
            lines = new
            done.append(op)
    return name, done, lines


# ---------------------------------------------------------------- the random phase

OUTCOMES = ("rejected", "true", "false", "crash", "timeout", "protocol")
FAILURES = ("false", "crash", "timeout", "protocol")
SANITIZER = ("AddressSanitizer", "LeakSanitizer", "UndefinedBehaviorSanitizer", "runtime error:")


def check_run(check, path, mtx, timeout):
    """kreiss-check on path: (exit status or None after the timeout, stdout lines, stderr)."""
    try:
        p = subprocess.run([check, path, "--matrix", mtx], capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, [], ""
    return p.returncode, p.stdout.decode("latin-1").splitlines(), p.stderr.decode("latin-1")


def outcome(result, lines):
    """(one of OUTCOMES, why) for a run of kreiss-check on the mutant 'lines'."""
    rc, out, err = result
    if rc is None:
        return "timeout", "no verdict within the time limit"
    if rc not in (0, 1, 2) or any(s in err for s in SANITIZER):
        return "crash", "exit status %d: %s" % (rc, err.strip()[-300:])
    verdicts = [l for l in out if l.startswith("s ")]
    if verdicts != ["s VERIFIED" if rc == 0 else "s NOT VERIFIED"]:
        return "protocol", "exit status %d with the verdict lines %r" % (rc, verdicts)
    if rc != 0:
        return "rejected", ""
    vs = [l for l in out if l.startswith("v ")]
    if not vs:
        return "protocol", "verified without a claim"
    inp = next((l for l in lines if l.startswith("input ")), "")
    g = Q(float(G)) if "entries=binary64" in inp else G  # the matrix the claims are about
    bad = []
    for v in vs:
        try:
            ok = truth_ok(v, g)
        except (ValueError, ZeroDivisionError, IndexError):
            ok = False
        if not ok:
            bad.append(v)
    return ("false", "false claims: " + "; ".join(bad)) if bad else ("true", "")


def sanitized(path):
    """Is the program at path built with AddressSanitizer?"""
    try:
        with open(path, "rb") as f:
            return b"__asan_init" in f.read()
    except OSError:
        return False


def random_phase(check, mtx, work, bases, seed, t):
    """The random mutants; prints TAP lines from t + 1 on, returns the last number
    and whether anything failed."""
    asan = sanitized(check)
    count = int(os.environ.get("KREISS_MUTATE_RANDOM", RANDOM_ASAN if asan else RANDOM_DEFAULT))
    timeout = float(os.environ.get("KREISS_MUTATE_TIMEOUT", 100 if asan else 20))
    jobs = int(os.environ.get("KREISS_MUTATE_JOBS", min(4, len(os.sched_getaffinity(0)))))
    print("# random phase: %d mutants of seed %d (KREISS_MUTATE_RANDOM), timeout %g s%s, %d parallel runs"
          % (count, seed, timeout, " (AddressSanitizer)" if asan else "", jobs))
    tally = collections.defaultdict(collections.Counter)  # class -> outcome -> count
    used = collections.defaultdict(collections.Counter)   # operator -> outcome -> count
    failed = []
    pending = collections.deque()

    def collect():
        k, name, ops, lines, path, fut = pending.popleft()
        what, why = outcome(fut.result(), lines)
        tally["combo" if len(ops) > 1 else ops[0]][what] += 1
        for op in set(ops):
            used[op][what] += 1
        if what in FAILURES:
            keep = os.path.join(work, "failed-seed%d-mutant%d.cert" % (seed, k))
            os.replace(path, keep)
            failed.append("mutant %d of seed %d (base %s, %s): %s: %s; kept as %s: %s %s --matrix %s"
                          % (k, seed, name, "+".join(ops), what, why, keep, check, keep, mtx))
        else:
            os.remove(path)

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        for k in range(count):
            name, ops, lines = random_mutant(bases, seed, k)
            path = os.path.join(work, "mutant-%d.cert" % k)
            with open(path, "w", encoding="latin-1", newline="") as f:
                f.write(mutant_text(lines))
            pending.append((k, name, ops, lines, path, pool.submit(check_run, check, path, mtx, timeout)))
            if len(pending) >= 4 * jobs:
                collect()
        while pending:
            collect()

    def counts(c):
        return "%d rejected, %d accepted with true claims, %d accepted with a false claim, %d crashes, " \
               "%d timeouts, %d protocol errors" % tuple(c[o] for o in OUTCOMES)
    for cls in list(OPERATORS) + ["combo"]:
        c = tally[cls]
        t += 1
        print("%s %d - random, %s: %d mutants: %s" %
              ("not ok" if any(c[o] for o in FAILURES) else "ok", t,
               "2 to 5 operators combined" if cls == "combo" else "operator %s alone" % cls,
               sum(c.values()), counts(c)))
    for op in OPERATORS:
        print("# operator %-12s used in %5d mutants: %s" % (op, sum(used[op].values()), counts(used[op])))
    total = sum(tally.values(), collections.Counter())
    t += 1
    print("%s %d - random: %d mutants of seed %d: %s" %
          ("not ok" if failed else "ok", t, count, seed, counts(total)))
    for f in failed[:20]:
        print("#   FAILED %s" % f)
    if failed:
        print("# %d failing mutants kept in %s" % (len(failed), work))
    return t, bool(failed)


def certify(kreiss, check, cmd, cert, mtx):
    """kreiss CMD --cert CERT and kreiss-check CERT: (it verifies and its claims
    are true, the statuses and claims, the lines of CERT)."""
    p = subprocess.run([kreiss] + cmd + ["--cert", cert], capture_output=True, text=True)
    rc, vs = run(check, cert, mtx)
    with open(cert) as f:
        lines = f.read().splitlines()
    return p.returncode == 0 and rc == 0 and vs and all(truth_ok(v) for v in vs), \
        "(%d, %d, %s)" % (p.returncode, rc, vs), lines


def base(cmd, lines, mtx):
    """A base certificate of the random phase: (its name, its lines without the
    path of WORKDIR, so that the mutants depend on the seed alone)."""
    return " ".join(cmd[:1] + cmd[2:]), [l.replace(mtx, "jordan.mtx") if l.startswith("c ") else l for l in lines]


def main():
    if len(sys.argv) >= 4:
        kreiss, check, work = sys.argv[1:4]
    else:
        kreiss, check = os.environ["KREISS"], os.environ["KREISS_CHECK"]
        work = tempfile.mkdtemp(prefix="kreiss-mutate.")
    seed = int(sys.argv[4] if len(sys.argv) > 4 else
               os.environ.get("KREISS_MUTATE_SEED", os.environ.get("KREISS_SEED", SEED_DEFAULT)))
    rng = random.Random(seed)
    os.makedirs(work, exist_ok=True)
    mtx = os.path.join(work, "jordan.mtx")
    with open(mtx, "w") as f:
        f.write(MTX)
    commands = [
        ["constant", mtx],
        ["circle", mtx, "--r", "1.05"],
        ["circle", mtx, "--r", "1.5", "--arcs-only", "--rel-tol", "0.1"],
        ["norm", mtx],
        ["smin", mtx, "--at", "1"],
        ["radius", mtx],
        ["peak", mtx],
    ]
    # more bases for the random phase: an eigenvalue (null_vec, infinite
    # resolvent), a complex point, a circle inside the spectrum's radius
    extra = [
        ["smin", mtx, "--at", "0.9"],
        ["smin", mtx, "--at", "1+0.5i"],
        ["circle", mtx, "--r", "0.5"],
    ]
    print("1..%d" % (2 * len(commands) + 1 + len(OPERATORS) + 2))
    print("# seed %d (override with the SEED argument or KREISS_MUTATE_SEED)" % seed)
    t = 0
    total_rej = total_true = 0
    bases = []
    for cmd in commands:
        ok, why, lines = certify(kreiss, check, cmd, os.path.join(work, cmd[0] + ".cert"), mtx)
        t += 1
        print("%s %d - %s: the certificate verifies and its claims are true%s" %
              ("ok" if ok else "not ok", t, cmd[0], "" if ok else " " + why))
        bases.append(base(cmd, lines, mtx))
        rejected = accepted_true = 0
        bad = []
        mpath = os.path.join(work, "mutant.cert")
        for name, mut in mutants(lines, rng):
            with open(mpath, "w") as f:
                f.write("\n".join(mut) + ("\n" if mut else ""))
            rc, vs = run(check, mpath, mtx)
            if rc != 0:
                rejected += 1
            elif all(truth_ok(v) for v in vs):
                accepted_true += 1
            else:
                bad.append((name, vs))
        t += 1
        total_rej += rejected
        total_true += accepted_true
        print("%s %d - %s: %d mutants rejected, %d accepted with true claims, %d accepted with a false claim" %
              ("ok" if not bad else "not ok", t, cmd[0], rejected, accepted_true, len(bad)))
        for name, vs in bad[:5]:
            print("#   accepted false mutant: %s: %s" % (name, vs))
    print("# total: %d rejected, %d accepted-but-true" % (total_rej, total_true))

    fails = []
    for cmd in extra:
        ok, why, lines = certify(kreiss, check, cmd, os.path.join(work, "extra-%d.cert" % len(bases)), mtx)
        if not ok:
            fails.append("%s %s" % (" ".join(cmd), why))
        bases.append(base(cmd, lines, mtx))
    t += 1
    print("%s %d - the extra bases of the random phase verify and their claims are true%s" %
          ("not ok" if fails else "ok", t, "" if not fails else ": " + "; ".join(fails)))
    t, failed = random_phase(check, mtx, work, bases, seed, t)
    if len(sys.argv) < 4 and not failed:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
