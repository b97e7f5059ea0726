/* kreiss report: a certified stability report for the paper's setting
 * (include/kreiss/theory.h, MATH.md section 5): Markdown on standard output
 * (or --json), LaTeX macros of the certified digits (--latex FILE), and the
 * certificate of every bound (--cert-dir DIR). */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "kreiss/peak.h"

/* "[lo, hi]" with the digits of o; "not certified" for a missing side. */
static char *
encl_str(const kr_out *o, const kr_encl_t e)
{
    char *lo = kr_arf_get_decimal(&e->lo, o->digits, 0);
    char *hi = (kr_encl_has_upper(e) || arf_is_pos_inf(&e->lo)) ? kr_arf_get_decimal(&e->hi, o->digits, 1)
                                                                 : NULL;
    size_t len = (lo ? strlen(lo) : 1) + (hi ? strlen(hi) : 16) + 8;
    char *s = malloc(len);
    if (s != NULL)
        snprintf(s, len, "[%s, %s]", lo ? lo : "?", hi ? hi : "not certified");
    free(lo);
    free(hi);
    return s;
}

/* An exact rational as a decimal rounded down or up. */
static char *
q_dec(const fmpq_t q, slong digits, int up)
{
    arf_t x;
    char *s;
    arf_init(x);
    arf_set_fmpq(x, q, 128, up ? ARF_RND_UP : ARF_RND_DOWN);
    s = kr_arf_get_decimal(x, digits, up);
    arf_clear(x);
    return s;
}

static const char *
decision_name(kr_decision d)
{
    return d == KR_HOLDS ? "holds" : d == KR_FAILS ? "fails" : "undecided";
}

static const char *
decision_json(kr_decision d)
{
    return d == KR_HOLDS ? "true" : d == KR_FAILS ? "false" : "null";
}

/* ratio enclosure b / K: [b.lo / K.hi, b.hi / K.lo] */
static void
ratio(kr_encl_t out, const kr_encl_t b, const kr_encl_t K)
{
    arf_div(&out->lo, &b->lo, &K->hi, 64, ARF_RND_DOWN);
    arf_div(&out->hi, &b->hi, &K->lo, 64, ARF_RND_UP);
    if (!arf_is_finite(&out->lo))
        arf_zero(&out->lo);
    if (arf_is_nan(&out->hi))
        arf_pos_inf(&out->hi);
}

/* gamma as an enclosure of max(rho(A), rho(D)) whose upper end is the gamma used. */
static void
gamma_encl(kr_encl_t g, const kr_report_t r)
{
    if (arf_cmp(&r->rho_A->rho->lo, &r->rho_D->rho->lo) >= 0)
        arf_set(&g->lo, &r->rho_A->rho->lo);
    else
        arf_set(&g->lo, &r->rho_D->rho->lo);
    arf_set(&g->hi, &r->gamma);
}

static int
bounds_valid(const kr_report_t r)
{
    return kr_encl_has_upper(r->bound_paper);
}

/* Theorem 11's K^2 log(1/delta) / (1 - gamma)^2, a float figure only. */
static double
theorem11(const kr_report_t r, double delta)
{
    double K = arf_get_d(&r->K->kreiss->hi, ARF_RND_UP), g = arf_get_d(&r->gamma, ARF_RND_UP);
    return K * K * log(1 / delta) / ((1 - g) * (1 - g));
}

/* ---------------------------------------------------------------- LaTeX */

static void
tex_macro(FILE *f, const char *name, const kr_out *o, const kr_encl_t e)
{
    char *lo = kr_arf_get_decimal(&e->lo, o->digits, 0);
    char *hi = kr_encl_has_upper(e) || arf_is_pos_inf(&e->lo) ? kr_arf_get_decimal(&e->hi, o->digits, 1)
                                                               : NULL;
    fprintf(f, "\\newcommand{\\kreiss%s}{[%s,\\,%s]}\n", name, lo ? lo : "?",
            hi ? (strcmp(hi, "inf") == 0 ? "\\infty" : hi) : "\\text{not certified}");
    fprintf(f, "\\newcommand{\\kreiss%sLo}{%s}\n", name, lo ? lo : "?");
    fprintf(f, "\\newcommand{\\kreiss%sHi}{%s}\n", name,
            hi ? (strcmp(hi, "inf") == 0 ? "\\infty" : hi) : "\\text{not certified}");
    free(lo);
    free(hi);
}

static void
latex_body(FILE *f, const kr_report_t r, const kr_out *o, const char *name)
{
    kr_encl_t g;
    kr_encl_init(g);
    gamma_encl(g, r);
    fprintf(f, "%% Certified enclosures from kreiss %s report %s.\n", KREISS_VERSION, name);
    fprintf(f, "%% Each macro is an interval [lo, hi] rounded outward; ...Lo and ...Hi its ends.\n");
    tex_macro(f, "K", o, r->K->kreiss);
    tex_macro(f, "NormC", o, r->norm_C->norm);
    tex_macro(f, "Gamma", o, g);
    if (bounds_valid(r))
    {
        tex_macro(f, "BoundPaper", o, r->bound_paper);
        tex_macro(f, "BoundSharp", o, r->bound_sharp);
    }
    if (r->perturbed)
    {
        tex_macro(f, "CircleMax", o, r->M0->value);
        tex_macro(f, "NormB", o, r->norm_B0->norm);
        tex_macro(f, "KPerturbed", o, r->kreiss_perturbed);
    }
    kr_encl_clear(g);
}

/* Write the LaTeX macros atomically (temporary file, then rename). */
static int
write_latex(const char *path, const kr_report_t r, const kr_out *o, const char *name)
{
    size_t len = strlen(path) + 16;
    char *tmp = malloc(len);
    FILE *f;
    int fd, ok;
    struct stat sb;
    if (tmp == NULL)
        return 0;
    if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode))
    {
        /* a device or a pipe: written as it is, never replaced */
        free(tmp);
        if (S_ISDIR(sb.st_mode) || (f = fopen(path, "w")) == NULL)
        {
            fprintf(stderr, "%s: %s: cannot write: %s\n", progname, path,
                    S_ISDIR(sb.st_mode) ? "a directory" : strerror(errno));
            return 0;
        }
        latex_body(f, r, o, name);
        return fclose(f) == 0;
    }
    snprintf(tmp, len, "%s.tmpXXXXXX", path);
    fd = mkstemp(tmp);
    if (fd < 0 || (f = fdopen(fd, "w")) == NULL)
    {
        fprintf(stderr, "%s: %s: cannot write: %s\n", progname, path, strerror(errno));
        if (fd >= 0)
        {
            close(fd);
            unlink(tmp);
        }
        free(tmp);
        return 0;
    }
    {
        mode_t um = umask(0);
        umask(um);
        (void) fchmod(fd, 0666 & ~um);
    }
    latex_body(f, r, o, name);
    ok = fflush(f) == 0 && fsync(fd) == 0;
    ok = (fclose(f) == 0) && ok;
    if (!ok || rename(tmp, path) != 0)
    {
        fprintf(stderr, "%s: %s: cannot write: %s\n", progname, path, strerror(errno));
        unlink(tmp);
        free(tmp);
        return 0;
    }
    free(tmp);
    return 1;
}

/* ---------------------------------------------------------------- certificates */

static int
one_cert(const char *dir, const char *file, const kr_qmat_t M, const char *what,
         const cli_args *a, kr_status (*fn)(kr_cert_t, const void *, const void *, kr_error_t),
         const void *x, const void *y)
{
    char path[4096], comment[512];
    kr_cert_t c;
    kr_error_t err;
    kr_error_init(err);
    snprintf(path, sizeof path, "%s/%s", dir, file);
    snprintf(comment, sizeof comment, "kreiss report: %s", what);
    if (kr_cert_open(c, path, comment, a->digits, err) != KR_OK)
    {
        print_error(err);
        return 0;
    }
    kr_cert_input(c, M);
    if (fn(c, x, y, err) != KR_OK)
    {
        kr_cert_abort(c);
        print_error(err);
        return 0;
    }
    if (kr_cert_commit(c, err) != KR_OK)
    {
        print_error(err);
        return 0;
    }
    return 1;
}

static kr_status
w_kreiss(kr_cert_t c, const void *M, const void *k, kr_error_t err)
{
    return kr_cert_kreiss(c, *(const kr_qmat_t *) M, *(const kr_kreiss_result_t *) k, err);
}

static kr_status
w_norm(kr_cert_t c, const void *M, const void *r, kr_error_t err)
{
    return kr_cert_norm(c, *(const kr_qmat_t *) M, *(const kr_norm_result_t *) r, err);
}

static kr_status
w_radius(kr_cert_t c, const void *M, const void *r, kr_error_t err)
{
    (void) M;
    return kr_cert_radius(c, *(const kr_radius_result_t *) r, err);
}

static kr_status
w_circle(kr_cert_t c, const void *M, const void *r, kr_error_t err)
{
    fmpq_t one;
    kr_status st;
    fmpq_init(one);
    fmpq_one(one);
    st = kr_cert_circle(c, *(const kr_qmat_t *) M, one, *(const kr_circle_result_t *) r, err);
    fmpq_clear(one);
    return st;
}

static int
write_certs(const char *dir, const kr_report_t r, const cli_args *a)
{
    const kr_blocks_struct *b = r->blocks;
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
    {
        fprintf(stderr, "%s: %s: cannot create the directory: %s\n", progname, dir, strerror(errno));
        return 0;
    }
    if (!one_cert(dir, "kreiss.cert", r->J, "K(J)", a, w_kreiss, &r->J, &r->K)
        || !one_cert(dir, "norm_C.cert", b->C, "||C||", a, w_norm, &b->C, &r->norm_C)
        || !one_cert(dir, "rho_A.cert", b->A, "rho(A)", a, w_radius, &b->A, &r->rho_A)
        || !one_cert(dir, "rho_D.cert", b->D, "rho(D)", a, w_radius, &b->D, &r->rho_D))
        return 0;
    if (r->perturbed
        && (!one_cert(dir, "circle_max.cert", r->J, "M0(1)", a, w_circle, &r->J, &r->M0)
            || !one_cert(dir, "norm_B0.cert", r->B0, "||B0||", a, w_norm, &r->B0, &r->norm_B0)
            || !one_cert(dir, "kreiss_perturbed.cert", r->Jeps, "K(J_eps)", a, w_kreiss, &r->Jeps,
                         &r->Keps)))
        return 0;
    return 1;
}

/* ---------------------------------------------------------------- output */

static void
row(FILE *f, const char *what, const char *value, const char *how)
{
    fprintf(f, "| %s | %s | %s |\n", what, value, how);
}

static void
markdown(FILE *f, const kr_report_t r, const kr_peak_result_t pk, const kr_out *o, const char *name,
         const cli_args *a)
{
    char buf[512];
    char *s;
    kr_encl_t g, q;
    kr_encl_init(g);
    kr_encl_init(q);
    gamma_encl(g, r);
    fprintf(f, "# kreiss stability report\n\n");
    fprintf(f, "Input: %s, J = [[A, B], [C, D]] of order %ld with A of order %ld; "
               "entries %s.  Every interval below is certified (it contains the exact value "
               "for the exact input); numbers marked ~ are floating-point figures.\n\n",
            name, (long) r->J->n, (long) r->blocks->k,
            r->J->entries == KR_ENTRIES_BINARY64 ? "rounded to binary64" : "exact decimals");

    fprintf(f, "## Hypotheses of the paper's theorems\n\n| hypothesis | status | how |\n|---|---|---|\n");
    row(f, "A exactly symmetric", r->symmetric_A ? "yes" : "**no**",
        "comparison of the exact parsed entries (WP-proved check)");
    row(f, "D exactly symmetric", r->symmetric_D ? "yes" : "**no**",
        "comparison of the exact parsed entries (WP-proved check)");
    s = encl_str(o, g);
    snprintf(buf, sizeof buf, "%s, max(rho(A), rho(D)) in %s",
             r->gamma_lt_1 == KR_HOLDS ? "yes" : r->gamma_lt_1 == KR_FAILS ? "**no**" : "undecided",
             s ? s : "?");
    free(s);
    row(f, "gamma < 1", buf, "certified spectral radii; gamma = the upper end (WP-proved decision)");
    if (r->perturbed)
    {
        row(f, "eps ‖B0‖ M0(1) < 1 (Neumann, correct)", decision_name(r->neumann),
            "certified upper/lower bounds, exact decision (WP-proved)");
        snprintf(buf, sizeof buf, "%s, **not sufficient**", decision_name(r->paper_condition));
        row(f, "eps ‖B0‖ K0 < 1 - gamma (the paper's)", buf,
            "MATH.md section 5: it can hold while rho(J_eps) > 1");
    }
    if (!r->blocks->b_zero)
        fprintf(f, "\nThe upper-right block B of J is not zero: the theorems are applied to "
                   "J0 = [[A, 0], [C, D]] and J = J0 + B is treated as a perturbation (eps = 1).\n");

    fprintf(f, "\n## Certified numbers\n\n| quantity | enclosure |\n|---|---|\n");
    fprintf(f, "| rho(J0) | %s |\n", kr_rho_verdict_name(r->K->verdict));
    s = encl_str(o, r->norm_C->norm);
    fprintf(f, "| norm_C = ‖C‖ | %s |\n", s ? s : "?");
    free(s);
    s = encl_str(o, g);
    fprintf(f, "| gamma | %s |\n", s ? s : "?");
    free(s);
    s = encl_str(o, r->K->kreiss);
    fprintf(f, "| kreiss = K(J0) | %s (%ld circles) |\n", s ? s : "?", (long) r->K->circles);
    free(s);
    s = encl_str(o, pk->peak);
    if (pk->t_hi >= 0 && pk->t_lo == pk->t_hi)
        fprintf(f, "| peak = sup_t ‖J0^t‖ | %s at t = %ld |\n", s ? s : "?", (long) pk->t_lo);
    else
        fprintf(f, "| peak = sup_t ‖J0^t‖ | %s |\n", s ? s : "?");
    free(s);
    if (bounds_valid(r))
    {
        s = encl_str(o, r->bound_paper);
        fprintf(f, "| bound_paper = 2/(1-γ) + ‖C‖/(4(1-γ)) (Theorem 4) | %s |\n", s ? s : "?");
        free(s);
        s = encl_str(o, r->bound_sharp);
        fprintf(f, "| bound_sharp = sup_r (r-1)/(r-γ) + (r-1)‖C‖/(r-γ)² | %s |\n", s ? s : "?");
        free(s);
        fprintf(f, "\n## Comparison\n\n| bound | bound / K(J0) | bound / peak |\n|---|---|---|\n");
        {
            const kr_encl_struct *bs[2] = {r->bound_paper, r->bound_sharp};
            const char *names[2] = {"Theorem 4 (paper)", "sharper bound"};
            int b;
            for (b = 0; b < 2; b++)
            {
                char *s2;
                ratio(q, bs[b], r->K->kreiss);
                s = encl_str(o, q);
                ratio(q, bs[b], pk->peak);
                s2 = kr_encl_has_upper(pk->peak) ? encl_str(o, q) : NULL;
                fprintf(f, "| %s | %s | %s |\n", names[b], s ? s : "?", s2 ? s2 : "not certified");
                free(s);
                free(s2);
            }
        }
        fprintf(f, "\nThe bounds are bounds on K(J0) (they are also Kreiss-theorem estimates of the "
                   "peak up to the factor e n, not bounds on the peak itself).\n");
    }
    else
        fprintf(f, "| bound_paper, bound_sharp | not applicable: %s |\n", r->reason);

    if (r->perturbed)
    {
        char *e = fmpq_get_str(NULL, 10, &r->eps);
        fprintf(f, "\n## Perturbation J_eps = J0 + eps B0, eps = %s\n\n| quantity | enclosure |\n|---|---|\n", e);
        flint_free(e);
        s = encl_str(o, r->norm_B0->norm);
        fprintf(f, "| ‖B0‖ | %s |\n", s ? s : "?");
        free(s);
        s = encl_str(o, r->M0->value);
        fprintf(f, "| circle_max = M0(1) = max over \\|z\\| = 1 of ‖(zI - J0)^-1‖ | %s |\n", s ? s : "?");
        free(s);
        fprintf(f, "| rho(J_eps) | %s |\n", kr_rho_verdict_name(r->rho_eps));
        s = encl_str(o, r->kreiss_perturbed);
        fprintf(f, "| kreiss_perturbed = K(J_eps) | %s%s |\n", s ? s : "?",
                r->neumann == KR_HOLDS ? " (upper end: min of the Neumann bound K0/(1 - eps‖B0‖M0(1)) and the direct computation)"
                                       : " (direct computation; the Neumann condition does not hold)");
        free(s);
        if (r->critical)
        {
            char *l = q_dec(&r->crit_lo, o->digits, 0), *h = q_dec(&r->crit_hi, o->digits, 1),
                 *st = q_dec(&r->crit_stable, o->digits, 0);
            fprintf(f, "| critical eps* = inf{eps : rho(J0 + eps B0) >= 1} | in [%s, %s] "
                       "(lower end: Neumann; upper end: certified rho > 1 there; rho < 1 certified "
                       "at eps = %s) |\n", l, h, st);
            free(l);
            free(h);
            free(st);
        }
        if (r->paper_condition == KR_HOLDS && r->neumann != KR_HOLDS)
            fprintf(f, "\nThe paper's condition holds but the correct Neumann condition does not: "
                       "the paper's bound K0 / (1 - eps‖B0‖K0/(1 - gamma)) is **not** a valid bound "
                       "here%s.\n", r->rho_eps == KR_RHO_GT1 ? " (indeed rho(J_eps) > 1 is certified, K(J_eps) = inf)" : "");
    }
    if (bounds_valid(r) && kr_encl_has_upper(r->K->kreiss))
        fprintf(f, "\n## Theorem 11 (order of magnitude only)\n\n~ K² log(1/δ)/(1-γ)² = %.3g for "
                   "δ = %g: the theorem has no explicit constant, so this is not a bound.  "
                   "A certified settling time: `kreiss peak FILE --settle DELTA`.\n",
                theorem11(r, a->delta), a->delta);
    if (!encl_certified(r->K->kreiss) && r->K->reason[0] != '\0')
        fprintf(f, "\nK(J0) is not certified: %s.\n", r->K->reason);
    if (!encl_certified(pk->peak) && pk->reason[0] != '\0')
        fprintf(f, "\nThe peak is not certified: %s.\n", pk->reason);
    kr_encl_clear(g);
    kr_encl_clear(q);
}

static void
json(kr_out *o, const kr_report_t r, const kr_peak_result_t pk, const char *name, const cli_args *a)
{
    char buf[512];
    kr_encl_t g;
    kr_encl_init(g);
    gamma_encl(g, r);
    kr_out_begin(o, "report");
    kr_out_input(o, name, r->J);
    kr_out_int(o, "split", (long) r->blocks->k);
    snprintf(buf, sizeof buf,
             "{\"symmetric\": %s, \"gamma_lt_1\": %s, \"neumann\": %s, \"paper_condition\": %s}",
             r->symmetric_A && r->symmetric_D ? "true" : "false", decision_json(r->gamma_lt_1),
             r->perturbed ? decision_json(r->neumann) : "null",
             r->perturbed ? decision_json(r->paper_condition) : "null");
    kr_out_raw(o, "hypotheses", buf);
    kr_out_string(o, "verdict", kr_rho_verdict_name(r->K->verdict));
    kr_out_encl(o, "kreiss", "kreiss", r->K->kreiss);
    kr_out_encl(o, "norm_C", "norm_C", r->norm_C->norm);
    kr_out_encl(o, "gamma", "gamma", g);
    kr_out_encl(o, "peak", "peak", pk->peak);
    if (bounds_valid(r))
    {
        kr_out_encl(o, "bound_paper", "bound_paper", r->bound_paper);
        kr_out_encl(o, "bound_sharp", "bound_sharp", r->bound_sharp);
    }
    else
    {
        kr_out_raw(o, "bound_paper", "null");
        kr_out_raw(o, "bound_sharp", "null");
    }
    if (r->perturbed)
    {
        char *e = fmpq_get_str(NULL, 10, &r->eps);
        kr_out_string(o, "eps", e);
        flint_free(e);
        kr_out_encl(o, "norm_B0", "norm_B0", r->norm_B0->norm);
        kr_out_encl(o, "circle_max", "circle_max", r->M0->value);
        kr_out_encl(o, "kreiss_perturbed", "kreiss_perturbed", r->kreiss_perturbed);
        kr_out_string(o, "verdict_perturbed", kr_rho_verdict_name(r->rho_eps));
        if (r->critical)
        {
            char *l = q_dec(&r->crit_lo, o->digits, 0), *h = q_dec(&r->crit_hi, o->digits, 1);
            snprintf(buf, sizeof buf, "{\"lo\": \"%s\", \"hi\": \"%s\"}", l, h);
            kr_out_raw(o, "critical_eps", buf);
            free(l);
            free(h);
        }
    }
    else
    {
        kr_out_raw(o, "circle_max", "null");
        kr_out_raw(o, "kreiss_perturbed", "null");
    }
    if (bounds_valid(r) && kr_encl_has_upper(r->K->kreiss))
    {
        snprintf(buf, sizeof buf, "{\"value\": %.6g, \"delta\": %g, \"approximate\": true}",
                 theorem11(r, a->delta), a->delta);
        kr_out_raw(o, "theorem11_order", buf);
    }
    kr_encl_clear(g);
}

/* Read a block file (or fail with a message). */
static int
load_file(kr_qmat_t M, const char *path, const cli_args *a)
{
    kr_error_t err;
    kr_error_init(err);
    if (kr_read_matrix(M, path, &a->read, err) != KR_OK)
    {
        print_error(err);
        return 0;
    }
    return 1;
}

int
cmd_report(const cli_args *a, kr_out *o)
{
    kr_qmat_t J, B0;
    kr_report_t r;
    kr_peak_result_t pk;
    kr_error_t err;
    fmpq_t eps;
    char name[1100];
    slong k = 0;
    int code = EXIT_USAGE, have_b0 = 0;

    kr_qmat_init(J, 0, 0);
    kr_qmat_init(B0, 0, 0);
    fmpq_init(eps);
    kr_error_init(err);
    kr_report_init(r);
    kr_peak_result_init(pk);
    if (a->blocks[0] != NULL)
    {
        kr_qmat_t A, C, D;
        int ok;
        if (a->file != NULL || a->example != NULL || a->split != NULL)
        {
            usage_error("%s: give --blocks A C D, or FILE with --split k, not both", "report");
            goto done;
        }
        kr_qmat_init(A, 0, 0);
        kr_qmat_init(C, 0, 0);
        kr_qmat_init(D, 0, 0);
        ok = load_file(A, a->blocks[0], a) && load_file(C, a->blocks[1], a) && load_file(D, a->blocks[2], a);
        /* C is m×k: Matrix Market rectangular input is not read by kreiss,
         * so C must be given square (k = m) */
        if (ok && (C->n != A->n || C->n != D->n))
        {
            fprintf(stderr, "%s: --blocks: A, C and D must have the same order (C is read as a square matrix)\n",
                    progname);
            ok = 0;
        }
        if (ok && kr_blocks_join(J, A, C, D, NULL, err) != KR_OK)
        {
            print_error(err);
            ok = 0;
        }
        k = A->n;
        snprintf(name, sizeof name, "blocks %s %s %s", a->blocks[0], a->blocks[1], a->blocks[2]);
        kr_qmat_clear(A);
        kr_qmat_clear(C);
        kr_qmat_clear(D);
        if (!ok)
            goto done;
    }
    else
    {
        char *end;
        if (!load_matrix(J, name, sizeof name, a))
            goto done;
        if (a->split == NULL)
        {
            if (a->example != NULL && strcmp(a->example, "bilevel") == 0)
                k = 3;
            else if (a->example != NULL && strcmp(a->example, "jordan") == 0)
                k = 1;
            else
            {
                usage_error("%s needs --split k (A is the leading k x k block) or --blocks A C D", "report");
                goto done;
            }
        }
        else
        {
            errno = 0;
            k = strtol(a->split, &end, 10);
            if (errno != 0 || *end != '\0' || k < 1 || k >= J->n)
            {
                usage_error("--split takes an integer k with 1 <= k < n, not '%s'", a->split);
                goto done;
            }
        }
    }
    if (a->perturb != NULL)
    {
        fmpq_t zi;
        if (a->eps == NULL)
        {
            usage_error("%s: --perturb B0 needs --eps E", "report");
            goto done;
        }
        fmpq_init(zi);
        if (kr_parse_complex(eps, zi, a->eps, &a->read, err) != KR_OK || !fmpq_is_zero(zi)
            || fmpq_sgn(eps) < 0)
        {
            fmpq_clear(zi);
            usage_error("--eps takes a real number >= 0 (exact decimal), not '%s'", a->eps);
            goto done;
        }
        fmpq_clear(zi);
        if (!load_file(B0, a->perturb, a))
            goto done;
        have_b0 = 1;
    }
    else if (a->eps != NULL)
    {
        usage_error("%s: --eps needs --perturb B0", "report");
        goto done;
    }
    if (kr_report(r, J, k, have_b0 ? B0 : NULL, eps, a->critical_eps, a->kreiss_tol, &a->opts, err)
        != KR_OK)
    {
        print_error(err);
        goto done;
    }
    if (kr_peak(pk, r->J, NULL, KR_PEAK_DEFAULT_MAX_STEPS, &a->opts, err) != KR_OK)
    {
        print_error(err);
        goto done;
    }
    if (a->cert_dir != NULL && !write_certs(a->cert_dir, r, a))
        goto done;
    if (a->latex != NULL && !write_latex(a->latex, r, o, name))
        goto done;
    if (o->json)
    {
        json(o, r, pk, name, a);
        code = finish(o, a, encl_certified(r->K->kreiss), r->K->reason);
    }
    else
    {
        markdown(o->out, r, pk, o, name, a);
        code = encl_certified(r->K->kreiss) ? 0 : EXIT_NOT_CERTIFIED;
    }
done:
    kr_peak_result_clear(pk);
    kr_report_clear(r);
    kr_qmat_clear(J);
    kr_qmat_clear(B0);
    fmpq_clear(eps);
    return code;
}
