#!/bin/sh
# kreiss plot and kreiss peak from the command line: the figures exist,
# render (a PNG decoded here is not blank: many distinct colours, the curve's
# colour present) and the SVG is well-formed XML; JSON keys of peak.  TAP.
. "${top_srcdir:-.}/tests/tap.sh"

# --- peak
run "$KREISS" peak --example jordan --settle 0.001 --json
ok $(( rc != 0 )) "peak --example jordan: exit 0"
python3 -c "import json,sys; from fractions import Fraction as F; d=json.load(open(sys.argv[1]))
assert sorted(d['peak']) == ['hi', 'lo'] and d['t_peak'] == {'lo': 9, 'hi': 9}
assert sorted(d['settling_time']) == ['hi', 'lo']
assert F(d['kreiss']['lo']) <= F(d['peak']['hi']) and F(d['peak']['lo']) <= F(d['kreiss_theorem']['hi'])" "$tmp/out"
ok $? "... JSON peak, t_peak = 9, settling_time; K <= P <= e n K consistent"
run "$KREISS" peak --example jordan --cert "$tmp/p.cert"
ok $(( rc != 0 )) "peak --cert: exit 0"
"$builddir/kreiss-check" "$tmp/p.cert" >"$tmp/out" 2>&1
grep -q '^v peak ' "$tmp/out"; ok $? "... and kreiss-check verifies the peak claim"

if ! command -v gnuplot >/dev/null 2>&1; then
    echo "1..$n # gnuplot missing: the figure tests are skipped"
    exit 0
fi

# --- plot
run "$KREISS" plot --example jordan --out "$tmp/j" --format png --split 1
ok $(( rc != 0 )) "plot --format png: exit 0"
for f in powers pspec; do
    python3 - "$tmp/j-$f.png" <<'PY'
import struct, sys, zlib
data = open(sys.argv[1], 'rb').read()
assert data[:8] == b'\x89PNG\r\n\x1a\n', 'not a PNG'
pos, idat, w = 8, b'', 0
while pos < len(data):
    ln, typ = struct.unpack('>I4s', data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + ln]
    if typ == b'IHDR':
        w, h, depth, ctype = struct.unpack('>IIBB', body[:10])
        assert depth == 8 and ctype in (2, 6), (depth, ctype)
        bpp = 3 if ctype == 2 else 4
    elif typ == b'IDAT':
        idat += body
    pos += 12 + ln
raw = zlib.decompress(idat)
stride = w * bpp
prev = bytearray(stride)
colours = set()
for y in range(h):
    f = raw[y * (stride + 1)]
    line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for x in range(stride):
        a = line[x - bpp] if x >= bpp else 0
        b = prev[x]
        c = prev[x - bpp] if x >= bpp else 0
        if f == 1: line[x] = (line[x] + a) & 255
        elif f == 2: line[x] = (line[x] + b) & 255
        elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    for x in range(0, stride, bpp):
        colours.add(bytes(line[x:x + 3]))
    prev = line
nonwhite = len(colours - {b'\xff\xff\xff'})
assert nonwhite >= 10, 'blank figure: %d colours' % nonwhite
print('# %s: %dx%d, %d colours' % (sys.argv[1].split('/')[-1], w, h, len(colours)))
PY
    ok $? "... $f PNG decodes and is not blank"
done
run "$KREISS" plot --example bilevel --out "$tmp/b"
ok $(( rc != 0 )) "plot (SVG): exit 0"
python3 -c "import sys, xml.dom.minidom as m; d = m.parse(sys.argv[1]); assert d.getElementsByTagName('path')" "$tmp/b-powers.svg"
ok $? "... powers SVG is XML with paths"
grep -q "NOT certified" "$tmp/b-pspec.svg"; ok $? "... the pseudospectra figure says it is a floating-point picture"
grep -q "certified band" "$tmp/b-powers.svg"; ok $? "... the powers figure labels the certified band"
run "$KREISS" plot --example jordan; ok $(( rc != 2 )) "plot without --out: exit 2"
run "$KREISS" plot --example jordan --out "$tmp/x" --format gif; ok $(( rc != 2 )) "plot --format gif: exit 2"
done_testing
