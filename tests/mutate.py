#!/usr/bin/python3
"""Mutation test of kreiss-check (TAP).

For certificates of the 2x2 family J = [[g, 0], [c, g]] (g = 0.9, c = 10,
the 'jordan' example), whose quantities are known in closed form (computed
here with exact rationals, independently of kreiss), apply systematic
mutations -- a digit of every line, every line dropped, duplicated, swapped
with the next, truncations -- and run kreiss-check --matrix on each.  A mutant
may be accepted only if every claim it then verifies is still true; the test
fails on any accepted mutant with a false claim.  Usage:

    mutate.py [KREISS KREISS_CHECK WORKDIR [SEED]]

(under make check: KREISS and KREISS_CHECK from the environment, a
temporary WORKDIR)
"""
import os
import random
import shutil
import subprocess
import sys
import tempfile
from fractions import Fraction as Q

G, C = Q(9, 10), Q(10)
MTX = "%%MatrixMarket matrix array real general\n2 2\n0.9\n10\n0\n0.9\n"


def smax2_sq(a, b, c):
    """sigma_max^2 of [[a, 0], [b, c]] (real), exactly as (p + sqrt(q)) / 2."""
    s = a * a + b * b + c * c
    d = s * s - 4 * (a * c) ** 2
    return s, d  # sigma_max^2 = (s + sqrt d)/2, sigma_min^2 = (s - sqrt d)/2


def sq_between(lo, hi, s, d, sign):
    """lo^2 <= (s + sign sqrt d)/2 <= hi^2, exactly (lo, hi >= 0 or None)."""
    def ge(x):  # (s + sign sqrt d)/2 >= x^2  <=>  sign sqrt d >= 2x^2 - s
        y = 2 * x * x - s
        if sign > 0:
            return y <= 0 or d >= y * y
        return y <= 0 and d <= y * y

    ok = True
    if lo is not None and lo > 0:
        ok = ok and ge(lo)
    if hi is not None:
        ok = ok and hi >= 0 and (not ge(hi) or (2 * hi * hi - s) ** 2 == d)
    return ok


def truth_ok(line):
    """Is the verified claim of a 'v' line true for J?"""
    f = line.split()
    q = f[1]
    if q == "verdict":
        return f[2] == "rho<1"
    lo = None if f[2] == "inf" else Q(f[2])
    hi = None if f[3] == "inf" else Q(f[3])
    if f[2] == "inf":
        return False  # every quantity of J here is finite
    if q == "kreiss":
        k = C / (4 * (1 - G)) + (1 - G) / C
        return lo <= k and (hi is None or k <= hi)
    if q == "peak":
        # P = ||J^9||, J^t = [[g^t, 0], [t c g^(t-1), g^t]]
        s, d = smax2_sq(G ** 9, 9 * C * G ** 8, G ** 9)
        return sq_between(lo, hi, s, d, +1)
    if q == "spectral_radius":
        return lo <= G and (hi is None or G <= hi)
    if q == "norm":
        s, d = smax2_sq(G, C, G)
        return sq_between(lo, hi, s, d, +1)
    at = f[5] if len(f) > 5 else ""
    if q in ("sigma_min", "resolvent_norm"):
        zre, zim = (Q(x) for x in at[2:].split(","))
        assert zim == 0
        s, d = smax2_sq(zre - G, -C, zre - G)
        if q == "sigma_min":
            return sq_between(lo, hi, s, d, -1)
        # resolvent = 1 / sigma_min: lo <= 1/smin <= hi  <=>  1/hi <= smin <= 1/lo
        return sq_between(None if hi is None else 1 / hi if hi else None,
                          None if lo <= 0 else 1 / lo, s, d, -1)
    if q == "circle_max":
        r = Q(at[2:])
        dd = r - G  # nearest point of the circle to the eigenvalue g
        s, d = smax2_sq(1 / dd, C / (dd * dd), 1 / dd)
        return sq_between(lo, hi, s, d, +1)
    raise SystemExit("unknown quantity " + q)


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


def main():
    if len(sys.argv) >= 4:
        kreiss, check, work = sys.argv[1:4]
    else:
        kreiss, check = os.environ["KREISS"], os.environ["KREISS_CHECK"]
        work = tempfile.mkdtemp(prefix="kreiss-mutate.")
    seed = int(os.environ.get("KREISS_SEED", sys.argv[4] if len(sys.argv) > 4 else "20261122"))
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
    print("1..%d" % (2 * len(commands)))
    print("# seed %d (override with KREISS_SEED)" % seed)
    t = 0
    total_rej = total_true = 0
    for cmd in commands:
        cert = os.path.join(work, cmd[0] + ".cert")
        p = subprocess.run([kreiss] + cmd + ["--cert", cert], capture_output=True, text=True)
        rc, vs = run(check, cert, mtx)
        t += 1
        ok = p.returncode == 0 and rc == 0 and vs and all(truth_ok(v) for v in vs)
        print("%s %d - %s: the certificate verifies and its claims are true%s" %
              ("ok" if ok else "not ok", t, cmd[0], "" if ok else " (%d, %d, %s)" % (p.returncode, rc, vs)))
        with open(cert) as f:
            lines = f.read().splitlines()
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
    if len(sys.argv) < 4:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
