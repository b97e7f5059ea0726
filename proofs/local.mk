## Frama-C/WP proofs of the ACSL contracts, one proof unit each
## (proofs/run.sh):
##   check  kreiss-check's combination rules: the contracts of
##          src/check/combine.h, the loop invariants of src/check/combine.c,
##          the logic of proofs/combine.acsl;
##   hyp    the paper-hypothesis decisions: the contracts of
##          include/kreiss/decide.h, the loop invariants and ghost lemma
##          functions of src/hyp/decide.c, the logic of proofs/hyp.acsl.
## Included by the top-level Makefile.am (non-recursive make), after
## EXTRA_DIST and CLEANFILES are first set:
##
##   make proofs    run WP on both units with the project Why3 configuration;
##                  print "proofs: P/N goals proved ..."; write proofs/results.txt
##                  (in the build tree); fail if any goal is unproved
##   make check     runs proofs/wp.test when TESTS lists $(proofs_tests)
##                  (TAP; skipped when frama-c is not installed)
##
## Tools (Debian 12): frama-c-base why3 z3 cvc5.  proofs/why3.conf makes the
## run independent of any user Why3 configuration.

proofs_sources = \
	proofs/combine.acsl \
	proofs/hyp.acsl \
	proofs/why3.conf \
	proofs/cvc5-axfp.drv \
	proofs/run.sh \
	proofs/wp.test \
	proofs/results.txt \
	proofs/local.mk
proofs_tests = proofs/wp.test
proofs_env = top_srcdir='$(top_srcdir)' top_builddir='$(top_builddir)'
proofs_results = $(top_builddir)/proofs/results.txt

EXTRA_DIST += $(proofs_sources)
CLEANFILES += proofs/frama-c.log

proofs:
	@$(proofs_env) $(SHELL) $(top_srcdir)/proofs/run.sh --results $(proofs_results)

.PHONY: proofs
