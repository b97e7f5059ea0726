#!/bin/sh
# kreiss report end to end: the Markdown report, the JSON keys, the LaTeX
# macros, a certificate per bound (each verified by kreiss-check), the
# counterexample of MATH.md section 5, and usage errors.  TAP output.
. "${top_srcdir:-.}/tests/tap.sh"
json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($1)" "$tmp/out"; }

# --- the default example
run "$KREISS" report --example bilevel
ok $(( rc != 0 )) "report --example bilevel: exit 0"
has "# kreiss stability report" "$tmp/out"; ok $? "... a Markdown report"
has "| A exactly symmetric | yes |" "$tmp/out"; ok $? "... A symmetric"
has "bound_paper" "$tmp/out"; ok $? "... with Theorem 4's bound"
has "order of magnitude only" "$tmp/out"; ok $? "... Theorem 11 labelled as an order of magnitude"

run "$KREISS" report --example bilevel --json
ok $(( rc != 0 )) "report --json: exit 0"
for k in kreiss bound_paper bound_sharp norm_C gamma; do
    [ "$(json "sorted(d['$k'].keys())")" = "['hi', 'lo']" ]
    ok $? "... JSON key $k is an enclosure"
done
[ "$(json "d['circle_max'], d['kreiss_perturbed']")" = "None None" ]
ok $? "... circle_max and kreiss_perturbed are null without a perturbation"
[ "$(json "d['hypotheses']")" = "{'symmetric': True, 'gamma_lt_1': True, 'neumann': None, 'paper_condition': None}" ]
ok $? "... hypotheses: symmetric, gamma_lt_1 true; neumann, paper_condition null"
python3 -c "import json,sys; from fractions import Fraction as F; d=json.load(open(sys.argv[1]))
assert F(d['bound_sharp']['hi']) <= F(d['bound_paper']['lo'])
assert F(d['bound_sharp']['lo']) >= F(d['kreiss']['hi'])" "$tmp/out"
ok $? "... K <= sharper bound <= Theorem 4's bound"

# --- LaTeX macros and certificates
run "$KREISS" report --example bilevel --latex "$tmp/k.tex" --cert-dir "$tmp/certs"
ok $(( rc != 0 )) "--latex and --cert-dir: exit 0"
has '\newcommand{\kreissK}{[' "$tmp/k.tex"; ok $? "... LaTeX macro \\kreissK"
has '\newcommand{\kreissBoundPaperHi}{' "$tmp/k.tex"; ok $? "... and \\kreissBoundPaperHi"
for c in kreiss norm_C rho_A rho_D; do
    run "$CHECK" "$tmp/certs/$c.cert"
    ok $(( rc != 0 )) "... certificate $c.cert verifies"
done
"$KREISS" report --example bilevel --json >"$tmp/out"
kh=$(json "d['kreiss']['hi']")
"$CHECK" "$tmp/certs/kreiss.cert" >"$tmp/chk"
grep -q "^v kreiss .* $kh\$" "$tmp/chk"; ok $? "... and states the printed K upper end $kh"

# --- the counterexample of MATH.md section 5
"$KREISS" example jordan >"$tmp/j.mtx"
printf '%%%%MatrixMarket matrix coordinate real general\n2 2 1\n1 2 1\n' >"$tmp/B0.mtx"
run "$KREISS" report "$tmp/j.mtx" --split 1 --perturb "$tmp/B0.mtx" --eps 0.002 --json --cert-dir "$tmp/c2"
ok $(( rc != 0 )) "counterexample: exit 0"
[ "$(json "d['hypotheses']['paper_condition'], d['hypotheses']['neumann']")" = "True False" ]
ok $? "... the paper's condition holds, the correct one fails"
[ "$(json "d['kreiss_perturbed']")" = "{'lo': 'inf', 'hi': 'inf'}" ]
ok $? "... K(J_eps) = inf: no finite bound"
[ "$(json "d['verdict_perturbed']")" = "rho>1" ]; ok $? "... rho(J_eps) > 1 certified"
run "$CHECK" "$tmp/c2/kreiss_perturbed.cert"
has "v kreiss inf inf" "$tmp/out"; ok $? "... and its certificate proves K(J_eps) = inf"
run "$KREISS" report "$tmp/j.mtx" --split 1 --perturb "$tmp/B0.mtx" --eps 0.002
has "**not** a valid bound" "$tmp/out"; ok $? "... the Markdown report says the paper's bound is not valid here"

# --- usage errors
run "$KREISS" report "$tmp/j.mtx"; ok $(( rc != 2 )) "report FILE without --split: exit 2"
run "$KREISS" report "$tmp/j.mtx" --split 2; ok $(( rc != 2 )) "--split k = n: exit 2"
run "$KREISS" report "$tmp/j.mtx" --split 1 --eps 0.1; ok $(( rc != 2 )) "--eps without --perturb: exit 2"
run "$KREISS" report "$tmp/j.mtx" --split 1 --perturb "$tmp/B0.mtx"; ok $(( rc != 2 )) "--perturb without --eps: exit 2"
echo keep >"$tmp/keep.tex"
run "$KREISS" report "$tmp/missing.mtx" --split 1 --latex "$tmp/keep.tex"
ok $(( rc != 2 )) "missing input: exit 2"
[ "$(cat "$tmp/keep.tex")" = keep ]; ok $? "... the --latex file is untouched"

done_testing
