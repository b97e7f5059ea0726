/* kreiss: the command-line tool.
 *
 * Exit status: 0 when everything asked for was certified, 1 when something
 * could not be, 2 for bad input or usage. */
#include <errno.h>
#include <math.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kreiss.h"
#include "cli/examples.h"
#include "cli/output.h"
#include "cli/cli.h"


const char *progname = "kreiss";

static void
usage(FILE *f)
{
    fprintf(f,
"Usage: kreiss COMMAND [OPTIONS] [FILE]\n"
"\n"
"Certified enclosures for a square matrix M read from FILE (Matrix Market or\n"
"NumPy .npy) or from an embedded example (--example NAME).  Decimal entries\n"
"are exact: 0.1 means 1/10.\n"
"\n"
"Commands:\n"
"  norm FILE             enclosure of the spectral norm ||M||_2\n"
"  smin FILE --at Z      enclosures of sigma_min(zI - M) and ||(zI - M)^-1||_2\n"
"  radius FILE           spectral radius: enclosure and verdict rho<1 / rho>1\n"
"  circle FILE --r R     max over |z| = R of ||(zI - M)^-1||_2 (R = 1: sup over\n"
"                        |z| >= 1 when rho(M) < 1)\n"
"  constant FILE         the Kreiss constant K(M) = sup_{|z|>1} (|z|-1) ||(zI-M)^-1||\n"
"  report FILE --split k a certified stability report for J = [[A, B], [C, D]]\n"
"                        (A: leading k x k block): the paper's hypotheses and\n"
"                        bounds, K(J), perturbations; Markdown (or --json)\n"
"  peak FILE [--settle D] the transient peak sup_t ||M^t||_2, where it occurs, and\n"
"                        the settling time min{T : ||M^t|| <= D for t >= T}\n"
"  plot FILE --out P     figures P-powers.svg (||M^t|| with its certified band)\n"
"                        and P-pspec.svg (pseudospectra, a float picture)\n"
"  examples              list the embedded examples\n"
"  example NAME          print an embedded example as Matrix Market text\n"
"  help, version\n"
"\n"
"Options:\n"
"  --example NAME        use an embedded example instead of FILE\n"
"  --at Z                the point z, e.g. 1.05-0.2i (exact decimal)\n"
"  --r R                 the circle radius for 'circle' (exact decimal, > 0)\n"
"  --rel-tol T           constant/circle: target hi <= lo (1 + T) (1e-4)\n"
"  --max-circles N       constant: at most N certified circles (400)\n"
"  --time-limit S        stop computing after S seconds and print what is\n"
"                        certified by then (3600; 0: no limit)\n"
"  --progress            report progress of long computations on stderr\n"
"  --json                one JSON object on standard output\n"
"  --cert PATH           write the certificate of the bounds to PATH (checked\n"
"                        by kreiss-check; certs/FORMAT.md)\n"
"report options:\n"
"  --split k             A = J[1..k, 1..k], C = J[k+1..n, 1..k], D the rest;\n"
"                        a non-zero upper-right block B is a perturbation\n"
"  --blocks A C D        the blocks as three files (square, same order)\n"
"  --perturb B0 --eps E  J_eps = J0 + E B0: corrected Neumann condition, K(J_eps)\n"
"  --critical-eps        bracket eps* = inf{eps : rho(J0 + eps B0) >= 1}\n"
"  --latex FILE          LaTeX macros of the certified digits, for citing\n"
"  --cert-dir DIR        a certificate for every bound of the report\n"
"  --delta D             delta of the Theorem 11 figure (1e-6; approximate)\n"
"  --entries MODE        exact (default) or binary64: round each decimal entry\n"
"                        to the nearest double first, as NumPy would\n"
"  --tol T               target relative width of norm/smin enclosures (1e-10)\n"
"  --max-prec BITS       precision cap for ball arithmetic (4096, at most\n"
"                        1048576)\n"
"  --digits D            significant digits of printed bounds (17)\n"
"  --pd-kernel K         lapack (default) or validsdp: the binary64 Cholesky\n"
"  --no-f64, --no-arb    disable the binary64 path / the Arb fallback\n"
"  --arcs-only           circles by the Weyl-arc fallback only (cross-checks)\n"
"  --format svg|png      plot: the figures' format (svg)\n"
"  -h, --help            this text;  -V, --version  the version\n"
"\n"
"Exit status: 0 all certified, 1 something not certified, 2 bad input/usage.\n"
"See kreiss(1) and docs/ for the methods and the formats.\n");
}

int
usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "%s: ", progname);
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry 'kreiss --help'.\n");
    return EXIT_USAGE;
}


enum
{
    OPT_EXAMPLE = 256,
    OPT_AT,
    OPT_JSON,
    OPT_ENTRIES,
    OPT_TOL,
    OPT_MAX_PREC,
    OPT_DIGITS,
    OPT_PD_KERNEL,
    OPT_NO_F64,
    OPT_NO_ARB,
    OPT_R,
    OPT_REL_TOL,
    OPT_MAX_CIRCLES,
    OPT_TIME_LIMIT,
    OPT_PROGRESS,
    OPT_CERT,
    OPT_SPLIT,
    OPT_BLOCKS,
    OPT_PERTURB,
    OPT_EPS,
    OPT_CRITICAL_EPS,
    OPT_LATEX,
    OPT_CERT_DIR,
    OPT_DELTA,
    OPT_ARCS_ONLY,
    OPT_OUT,
    OPT_FORMAT,
    OPT_SETTLE
};

static const struct option long_options[] = {
    {"example", required_argument, NULL, OPT_EXAMPLE},
    {"at", required_argument, NULL, OPT_AT},
    {"json", no_argument, NULL, OPT_JSON},
    {"entries", required_argument, NULL, OPT_ENTRIES},
    {"tol", required_argument, NULL, OPT_TOL},
    {"max-prec", required_argument, NULL, OPT_MAX_PREC},
    {"digits", required_argument, NULL, OPT_DIGITS},
    {"pd-kernel", required_argument, NULL, OPT_PD_KERNEL},
    {"no-f64", no_argument, NULL, OPT_NO_F64},
    {"no-arb", no_argument, NULL, OPT_NO_ARB},
    {"r", required_argument, NULL, OPT_R},
    {"rel-tol", required_argument, NULL, OPT_REL_TOL},
    {"max-circles", required_argument, NULL, OPT_MAX_CIRCLES},
    {"time-limit", required_argument, NULL, OPT_TIME_LIMIT},
    {"progress", no_argument, NULL, OPT_PROGRESS},
    {"cert", required_argument, NULL, OPT_CERT},
    {"split", required_argument, NULL, OPT_SPLIT},
    {"blocks", required_argument, NULL, OPT_BLOCKS},
    {"perturb", required_argument, NULL, OPT_PERTURB},
    {"eps", required_argument, NULL, OPT_EPS},
    {"critical-eps", no_argument, NULL, OPT_CRITICAL_EPS},
    {"latex", required_argument, NULL, OPT_LATEX},
    {"cert-dir", required_argument, NULL, OPT_CERT_DIR},
    {"delta", required_argument, NULL, OPT_DELTA},
    {"arcs-only", no_argument, NULL, OPT_ARCS_ONLY},
    {"out", required_argument, NULL, OPT_OUT},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"settle", required_argument, NULL, OPT_SETTLE},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0}};

static int
parse_long(slong *out, const char *s, slong lo, slong hi)
{
    char *end;
    long v;
    errno = 0;
    v = strtol(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0' || v < lo || v > hi)
        return 0;
    *out = (slong) v;
    return 1;
}

static int
parse_double(double *out, const char *s, double lo, double hi)
{
    char *end;
    double v;
    errno = 0;
    v = strtod(s, &end);
    if (errno != 0 || end == s || *end != '\0' || !(v >= lo && v <= hi))
        return 0;
    *out = v;
    return 1;
}

static int
parse_args(cli_args *a, int argc, char **argv)
{
    int c;
    memset(a, 0, sizeof *a);
    a->digits = 17;
    a->delta = 1e-6;
    a->kreiss_tol = KR_DEFAULT_KREISS_TOL;
    kr_read_opts_init(&a->read);
    kr_opts_init(&a->opts);
    opterr = 0;
    while ((c = getopt_long(argc, argv, "hV", long_options, NULL)) != -1)
    {
        switch (c)
        {
            case 'h':
                a->command = "help";
                return 0;
            case 'V':
                a->command = "version";
                return 0;
            case OPT_EXAMPLE: a->example = optarg; break;
            case OPT_AT: a->at = optarg; break;
            case OPT_JSON: a->json = 1; break;
            case OPT_ENTRIES:
                if (strcmp(optarg, "exact") == 0)
                    a->read.entries = KR_ENTRIES_EXACT;
                else if (strcmp(optarg, "binary64") == 0)
                    a->read.entries = KR_ENTRIES_BINARY64;
                else
                    return usage_error("--entries takes 'exact' or 'binary64', not '%s'", optarg);
                break;
            case OPT_TOL:
                if (!parse_double(&a->opts.rel_tol, optarg, 1e-30, 1))
                    return usage_error("--tol takes a number in [1e-30, 1], not '%s'", optarg);
                break;
            case OPT_REL_TOL:
                if (!parse_double(&a->kreiss_tol, optarg, 1e-15, 1))
                    return usage_error("--rel-tol takes a number in [1e-15, 1], not '%s'", optarg);
                break;
            case OPT_TIME_LIMIT:
                if (!parse_double(&a->opts.time_limit, optarg, 0, 1e9))
                    return usage_error("--time-limit takes a number of seconds >= 0, not '%s'", optarg);
                break;
            case OPT_MAX_CIRCLES:
                if (!parse_long(&a->opts.max_circles, optarg, 3, 1000000))
                    return usage_error("--max-circles takes a number in [3, 1000000], not '%s'", optarg);
                break;
            case OPT_R: a->radius = optarg; break;
            case OPT_PROGRESS: a->progress = 1; break;
            case OPT_CERT: a->cert = optarg; break;
            case OPT_SPLIT: a->split = optarg; break;
            case OPT_BLOCKS:
                /* --blocks A C D: three file names */
                if (optind + 1 >= argc)
                    return usage_error("--blocks takes three files A C D, got '%s' only", optarg);
                a->blocks[0] = optarg;
                a->blocks[1] = argv[optind++];
                a->blocks[2] = argv[optind++];
                break;
            case OPT_PERTURB: a->perturb = optarg; break;
            case OPT_EPS: a->eps = optarg; break;
            case OPT_CRITICAL_EPS: a->critical_eps = 1; break;
            case OPT_ARCS_ONLY: a->opts.circle_arcs_only = 1; break;
            case OPT_OUT: a->out = optarg; break;
            case OPT_FORMAT: a->format = optarg; break;
            case OPT_SETTLE: a->settle = optarg; break;
            case OPT_LATEX: a->latex = optarg; break;
            case OPT_CERT_DIR: a->cert_dir = optarg; break;
            case OPT_DELTA:
                if (!parse_double(&a->delta, optarg, 1e-300, 0.999))
                    return usage_error("--delta takes a number in (0, 1), not '%s'", optarg);
                break;
            case OPT_MAX_PREC:
                if (!parse_long(&a->opts.max_prec, optarg, 64, 1 << 20))
                    return usage_error("--max-prec takes a number of bits in [64, 1048576], not '%s'", optarg);
                if (a->opts.prec > a->opts.max_prec)
                    a->opts.prec = a->opts.max_prec;
                break;
            case OPT_DIGITS:
                if (!parse_long(&a->digits, optarg, 1, 1000))
                    return usage_error("--digits takes a number in [1, 1000], not '%s'", optarg);
                break;
            case OPT_PD_KERNEL:
                if (strcmp(optarg, "lapack") == 0)
                    a->opts.kernel = KR_PD_KERNEL_LAPACK;
                else if (strcmp(optarg, "validsdp") == 0)
                    a->opts.kernel = KR_PD_KERNEL_VALIDSDP;
                else
                    return usage_error("--pd-kernel takes 'lapack' or 'validsdp', not '%s'", optarg);
                break;
            case OPT_NO_F64: a->opts.use_f64 = 0; break;
            case OPT_NO_ARB: a->opts.use_arb = 0; break;
            case '?':
            default:
                if (optopt != 0 && optopt < 256)
                {
                    char s[2] = {(char) optopt, 0};
                    return usage_error("unknown option '-%s'", s);
                }
                return usage_error("unknown option or missing argument: '%s'",
                                   argv[optind - 1]);
        }
    }
    if (optind < argc)
        a->command = argv[optind++];
    if (optind < argc)
        a->file = argv[optind++];
    if (optind < argc)
        return usage_error("unexpected argument '%s'", argv[optind]);
    return 0;
}

/* "kreiss: FILE:LINE: message" on stderr. */
void
print_error(const kr_error_t err)
{
    char msg[2048];
    kr_error_format(msg, sizeof msg, err);
    fprintf(stderr, "%s: %s\n", progname, msg);
}

/* Load the matrix of FILE or --example; prints the error and returns 0 on
 * failure. */
int
load_matrix(kr_qmat_t M, char *name, size_t namesize, const cli_args *a)
{
    kr_error_t err;
    kr_status st;
    kr_error_init(err);
    if (a->example != NULL && a->file != NULL)
    {
        usage_error("give either FILE or --example, not both (%s)", a->file);
        return 0;
    }
    if (a->example != NULL)
    {
        const kr_example *ex = kr_example_find(a->example);
        FILE *f;
        if (ex == NULL)
        {
            usage_error("no embedded example '%s' (see 'kreiss examples')", a->example);
            return 0;
        }
        snprintf(name, namesize, "example:%s", ex->name);
        f = fmemopen((void *) ex->mtx, strlen(ex->mtx), "r");
        if (f == NULL)
        {
            fprintf(stderr, "%s: cannot open the embedded example\n", progname);
            return 0;
        }
        st = kr_read_mm(M, f, name, &a->read, err);
        fclose(f);
    }
    else if (a->file != NULL)
    {
        snprintf(name, namesize, "%s", a->file);
        st = kr_read_matrix(M, a->file, &a->read, err);
    }
    else
    {
        usage_error("%s needs a FILE or --example NAME", a->command);
        return 0;
    }
    if (st != KR_OK)
    {
        print_error(err);
        return 0;
    }
    return 1;
}

/* Certificates: opened before the output, committed after it; any failure
 * removes the temporary file and leaves an existing PATH untouched. */
int
cert_begin(kr_cert_t c, const cli_args *a, const kr_qmat_t M, const char *name)
{
    kr_error_t err;
    char comment[1400];
    if (a->cert == NULL)
        return 1;
    kr_error_init(err);
    snprintf(comment, sizeof comment, "kreiss %s %s", a->command, name);
    if (kr_cert_open(c, a->cert, comment, a->digits, err) != KR_OK)
    {
        print_error(err);
        return 0;
    }
    kr_cert_input(c, M);
    return 1;
}

/* st: the status of the kr_cert_<command> call. */
int
cert_end(kr_cert_t c, const cli_args *a, kr_status st, kr_error_t err)
{
    if (a->cert == NULL)
        return 1;
    if (st != KR_OK)
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

/* An enclosure is fully certified when its upper end is finite or the value
 * itself is certifiably +inf. */
int
encl_certified(const kr_encl_t e)
{
    return kr_encl_has_upper(e) || arf_is_pos_inf(&e->lo);
}

/* The members every command ends with; returns the exit status.  When the
 * time limit cut the command short, the reason says so even if what was
 * asked for is certified (its bounds may be looser than they could be). */
int
finish(kr_out *o, const cli_args *a, int certified, const char *reason)
{
    char cut[KR_REASON_LEN];
    if (reason[0] == '\0' && a->opts.limits != NULL && a->opts.limits->time_out)
    {
        kr_reason_set(cut, &a->opts, "the bounds were not refined further");
        reason = cut;
    }
    kr_out_bool(o, "certified", certified);
    kr_out_string(o, "reason", reason[0] ? reason : NULL);
    kr_out_end(o);
    return certified ? 0 : EXIT_NOT_CERTIFIED;
}

static int
cmd_norm(const cli_args *a, kr_out *o)
{
    kr_cert_t c;
    kr_qmat_t M;
    kr_norm_result_t r;
    kr_error_t err;
    char name[1100];
    int code;

    kr_qmat_init(M, 0, 0);
    if (!load_matrix(M, name, sizeof name, a))
        return EXIT_USAGE;
    kr_norm_result_init(r);
    kr_error_init(err);
    if (kr_norm(r, M, &a->opts, err) != KR_OK)
    {
        print_error(err);
        kr_norm_result_clear(r);
        kr_qmat_clear(M);
        return EXIT_USAGE;
    }
    if (!cert_begin(c, a, M, name)
        || !cert_end(c, a, a->cert ? kr_cert_norm(c, M, r, err) : KR_OK, err))
    {
        kr_norm_result_clear(r);
        kr_qmat_clear(M);
        return EXIT_USAGE;
    }
    kr_out_begin(o, "norm");
    kr_out_input(o, name, M);
    kr_out_encl(o, "norm", "norm", r->norm);
    if (r->exact)
        kr_out_note(o, "M = 0 exactly");
    kr_out_witness(o, "lower", "lower:", r->lower);
    kr_out_witness(o, "upper", "upper:", r->upper);
    code = finish(o, a, kr_encl_has_upper(r->norm), r->reason);
    kr_norm_result_clear(r);
    kr_qmat_clear(M);
    return code;
}

static int
cmd_smin(const cli_args *a, kr_out *o)
{
    kr_cert_t c;
    kr_qmat_t M;
    kr_smin_result_t r;
    kr_error_t err;
    fmpq_t zre, zim;
    char name[1100];
    int code;

    if (a->at == NULL)
        return usage_error("%s needs --at Z (e.g. --at 1.05-0.2i)", "smin");
    fmpq_init(zre);
    fmpq_init(zim);
    kr_error_init(err);
    if (kr_parse_complex(zre, zim, a->at, &a->read, err) != KR_OK)
    {
        fprintf(stderr, "%s: --at '%s': %s\n", progname, a->at, err->msg);
        fmpq_clear(zre);
        fmpq_clear(zim);
        return EXIT_USAGE;
    }
    kr_qmat_init(M, 0, 0);
    if (!load_matrix(M, name, sizeof name, a))
    {
        fmpq_clear(zre);
        fmpq_clear(zim);
        return EXIT_USAGE;
    }
    kr_smin_result_init(r);
    if (kr_smin(r, M, zre, zim, &a->opts, err) != KR_OK)
    {
        print_error(err);
        code = EXIT_USAGE;
        goto done;
    }
    if (!cert_begin(c, a, M, name)
        || !cert_end(c, a, a->cert ? kr_cert_smin(c, M, zre, zim, r, err) : KR_OK, err))
    {
        code = EXIT_USAGE;
        goto done;
    }
    kr_out_begin(o, "smin");
    kr_out_input(o, name, M);
    kr_out_string(o, "at", a->at);
    kr_out_encl(o, "sigma_min", "sigma_min", r->sigma_min);
    kr_out_encl(o, "resolvent_norm", "resolvent_norm", r->resolvent_norm);
    kr_out_witness(o, "lower", "lower:", r->lower);
    kr_out_witness(o, "upper", "upper:", r->upper);
    code = finish(o, a, encl_certified(r->resolvent_norm), r->reason);
done:
    kr_smin_result_clear(r);
    kr_qmat_clear(M);
    fmpq_clear(zre);
    fmpq_clear(zim);
    return code;
}

static int
cmd_radius(const cli_args *a, kr_out *o)
{
    kr_cert_t c;
    kr_qmat_t M;
    kr_radius_result_t r;
    kr_error_t err;
    char name[1100];
    int code;

    kr_qmat_init(M, 0, 0);
    if (!load_matrix(M, name, sizeof name, a))
        return EXIT_USAGE;
    kr_radius_result_init(r);
    kr_error_init(err);
    if (kr_radius(r, M, &a->opts, err) != KR_OK)
    {
        print_error(err);
        kr_radius_result_clear(r);
        kr_qmat_clear(M);
        return EXIT_USAGE;
    }
    if (!cert_begin(c, a, M, name)
        || !cert_end(c, a, a->cert ? kr_cert_radius(c, r, err) : KR_OK, err))
    {
        kr_radius_result_clear(r);
        kr_qmat_clear(M);
        return EXIT_USAGE;
    }
    kr_out_begin(o, "radius");
    kr_out_input(o, name, M);
    kr_out_string(o, "structure", r->hermitian ? "hermitian" : "general");
    kr_out_encl(o, "spectral_radius", "spectral_radius", r->rho);
    kr_out_string(o, "verdict", kr_rho_verdict_name(r->verdict));
    kr_out_witness(o, "lower", "lower:", r->lower);
    kr_out_witness(o, "upper", "upper:", r->upper);
    kr_out_witness(o, "upper2", "upper (2):", r->upper2);
    kr_out_witness(o, "verdict_certificate", "verdict:", r->verdict_w);
    code = finish(o, a, r->verdict != KR_RHO_UNDECIDED && kr_encl_has_upper(r->rho), r->reason);
    kr_radius_result_clear(r);
    kr_qmat_clear(M);
    return code;
}

static void
progress_stderr(void *ctx, const char *what)
{
    (void) ctx;
    fprintf(stderr, "kreiss: %s\n", what);
}

static void
out_point(kr_out *o, const char *key, const char *label, double re, double im,
          int approximate)
{
    char buf[128];
    if (o->json)
    {
        snprintf(buf, sizeof buf, "{\"re\": %.17g, \"im\": %.17g%s}", re, im,
                 approximate ? ", \"approximate\": true" : "");
        kr_out_raw(o, key, buf);
    }
    else
    {
        snprintf(buf, sizeof buf, "%.17g %c %.17gi%s", re, im < 0 ? '-' : '+', fabs(im),
                 approximate ? "   (approximate)" : "   (exact binary64 coordinates)");
        kr_out_string(o, label, buf);
    }
}

static int
cmd_circle(const cli_args *a, kr_out *o)
{
    kr_cert_t c;
    kr_qmat_t M;
    kr_circle_result_t r;
    kr_error_t err;
    fmpq_t rad, zero;
    char name[1100];
    int code;

    if (a->radius == NULL)
        return usage_error("%s needs --r R (e.g. --r 1)", "circle");
    fmpq_init(rad);
    fmpq_init(zero);
    kr_error_init(err);
    if (kr_parse_complex(rad, zero, a->radius, &a->read, err) != KR_OK || !fmpq_is_zero(zero)
        || fmpq_sgn(rad) <= 0)
    {
        fmpq_clear(rad);
        fmpq_clear(zero);
        return usage_error("--r takes a positive real number (exact decimal), not '%s'", a->radius);
    }
    kr_qmat_init(M, 0, 0);
    if (!load_matrix(M, name, sizeof name, a))
    {
        fmpq_clear(rad);
        fmpq_clear(zero);
        return EXIT_USAGE;
    }
    kr_circle_result_init(r);
    if (kr_circle_max(r, M, rad, a->kreiss_tol, &a->opts, err) != KR_OK)
    {
        print_error(err);
        code = EXIT_USAGE;
        goto done;
    }
    if (!cert_begin(c, a, M, name)
        || !cert_end(c, a, a->cert ? kr_cert_circle(c, M, rad, r, err) : KR_OK, err))
    {
        code = EXIT_USAGE;
        goto done;
    }
    kr_out_begin(o, "circle");
    kr_out_input(o, name, M);
    kr_out_string(o, "r", a->radius);
    kr_out_encl(o, "circle_max", "circle_max", r->value);
    {
        double rr = fmpq_get_d(rad);
        out_point(o, "maximiser_z", "maximiser z", rr * cos(r->theta), rr * sin(r->theta), 1);
    }
    kr_out_witness(o, "lower", "lower:", r->lower);
    kr_out_witness(o, "upper", "upper:", r->upper);
    code = finish(o, a, encl_certified(r->value), r->reason);
done:
    kr_circle_result_clear(r);
    kr_qmat_clear(M);
    fmpq_clear(rad);
    fmpq_clear(zero);
    return code;
}

static int
cmd_constant(const cli_args *a, kr_out *o)
{
    kr_cert_t c;
    kr_qmat_t M;
    kr_kreiss_result_t k;
    kr_error_t err;
    char name[1100];
    int code, infinite;

    kr_qmat_init(M, 0, 0);
    if (!load_matrix(M, name, sizeof name, a))
        return EXIT_USAGE;
    kr_kreiss_result_init(k);
    kr_error_init(err);
    if (kr_kreiss(k, M, a->kreiss_tol, &a->opts, err) != KR_OK)
    {
        print_error(err);
        kr_kreiss_result_clear(k);
        kr_qmat_clear(M);
        return EXIT_USAGE;
    }
    if (!cert_begin(c, a, M, name)
        || !cert_end(c, a, a->cert ? kr_cert_kreiss(c, M, k, err) : KR_OK, err))
    {
        kr_kreiss_result_clear(k);
        kr_qmat_clear(M);
        return EXIT_USAGE;
    }
    infinite = arf_is_pos_inf(&k->kreiss->lo);
    kr_out_begin(o, "constant");
    kr_out_input(o, name, M);
    kr_out_encl(o, "kreiss", "kreiss", k->kreiss);
    kr_out_encl(o, "circle_max", "circle_max(1)", k->circle_max);
    kr_out_string(o, "verdict", kr_rho_verdict_name(k->verdict));
    if (!infinite && k->lower->kind == KR_CLAIM_POINT)
        out_point(o, "witness_z", "witness z", k->witness_re, k->witness_im, 0);
    else if (o->json)
        kr_out_raw(o, "witness_z", "null");
    kr_out_int(o, "circles", (long) k->circles);
    kr_out_witness(o, "lower", "lower:", k->lower);
    code = finish(o, a, encl_certified(k->kreiss), k->reason);
    kr_kreiss_result_clear(k);
    kr_qmat_clear(M);
    return code;
}

int
main(int argc, char **argv)
{
    cli_args a;
    kr_out o;
    kr_limits lim;
    int rc = parse_args(&a, argc, argv);
    if (rc != 0)
        return rc;
    /* one clock for the whole command (a report runs many computations) */
    kr_opts_start_clock(&a.opts, &lim);
    if (a.progress)
    {
        a.opts.progress = progress_stderr;
        a.opts.progress_ctx = NULL;
    }
    o.out = stdout;
    o.json = a.json;
    o.digits = a.digits;
    o.first = 1;

    if (a.command == NULL || strcmp(a.command, "help") == 0)
    {
        usage(stdout);
        return a.command == NULL ? EXIT_USAGE : 0;
    }
    if (strcmp(a.command, "version") == 0)
    {
        printf("kreiss %s\n", KREISS_VERSION);
        return 0;
    }
    if (strcmp(a.command, "examples") == 0)
    {
        const kr_example *e;
        for (e = kr_examples; e->name != NULL; e++)
            printf("%-10s %s\n", e->name, e->summary);
        return 0;
    }
    if (strcmp(a.command, "example") == 0)
    {
        const kr_example *e = a.file ? kr_example_find(a.file) : NULL;
        if (e == NULL)
            return usage_error("example needs the NAME of an embedded example (see 'kreiss examples'), got '%s'",
                               a.file ? a.file : "");
        fputs(e->mtx, stdout);
        return 0;
    }
    if (strcmp(a.command, "norm") == 0)
        rc = cmd_norm(&a, &o);
    else if (strcmp(a.command, "smin") == 0)
        rc = cmd_smin(&a, &o);
    else if (strcmp(a.command, "radius") == 0)
        rc = cmd_radius(&a, &o);
    else if (strcmp(a.command, "circle") == 0)
        rc = cmd_circle(&a, &o);
    else if (strcmp(a.command, "constant") == 0)
        rc = cmd_constant(&a, &o);
    else if (strcmp(a.command, "report") == 0)
        rc = cmd_report(&a, &o);
    else if (strcmp(a.command, "peak") == 0)
        rc = cmd_peak(&a, &o);
    else if (strcmp(a.command, "plot") == 0)
        rc = cmd_plot(&a, &o);
    else
        rc = usage_error("unknown command '%s'", a.command);
    flint_cleanup();
    return rc;
}
