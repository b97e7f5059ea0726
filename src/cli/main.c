/* kreiss: the command-line tool.
 *
 * Exit status: 0 when everything asked for was certified, 1 when something
 * could not be, 2 for bad input or usage. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kreiss.h"
#include "cli/examples.h"
#include "cli/output.h"

#define EXIT_NOT_CERTIFIED 1
#define EXIT_USAGE 2

static const char *progname = "kreiss";

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
"  examples              list the embedded examples\n"
"  example NAME          print an embedded example as Matrix Market text\n"
"  help, version\n"
"\n"
"Options:\n"
"  --example NAME        use an embedded example instead of FILE\n"
"  --at Z                the point z, e.g. 1.05-0.2i (exact decimal)\n"
"  --json                one JSON object on standard output\n"
"  --entries MODE        exact (default) or binary64: round each decimal entry\n"
"                        to the nearest double first, as NumPy would\n"
"  --tol T               target relative width of norm/smin enclosures (1e-10)\n"
"  --max-prec BITS       precision cap for ball arithmetic (4096)\n"
"  --digits D            significant digits of printed bounds (17)\n"
"  --pd-kernel K         lapack (default) or validsdp: the binary64 Cholesky\n"
"  --no-f64, --no-arb    disable the binary64 path / the Arb fallback\n"
"  -h, --help            this text;  -V, --version  the version\n"
"\n"
"Exit status: 0 all certified, 1 something not certified, 2 bad input/usage.\n"
"See kreiss(1) and docs/ for the methods and the formats.\n");
}

static int
usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "%s: ", progname);
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry 'kreiss --help'.\n");
    return EXIT_USAGE;
}

typedef struct
{
    const char *command;
    const char *file;
    const char *example;
    const char *at;
    int json;
    slong digits;
    kr_read_opts read;
    kr_opts opts;
} cli_args;

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
    OPT_NO_ARB
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
parse_args(cli_args *a, int argc, char **argv)
{
    int c;
    memset(a, 0, sizeof *a);
    a->digits = 17;
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
            {
                char *end;
                double t;
                errno = 0;
                t = strtod(optarg, &end);
                if (errno != 0 || end == optarg || *end != '\0' || !(t >= 1e-30 && t <= 1))
                    return usage_error("--tol takes a number in [1e-30, 1], not '%s'", optarg);
                a->opts.rel_tol = t;
                break;
            }
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

/* Load the matrix of FILE or --example; prints the error and returns 0 on
 * failure. */
static int
load_matrix(kr_qmat_t M, char *name, size_t namesize, const cli_args *a)
{
    kr_error_t err;
    kr_status st;
    char msg[2048];
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
        kr_error_format(msg, sizeof msg, err);
        fprintf(stderr, "%s: %s\n", progname, msg);
        return 0;
    }
    return 1;
}

static int
cmd_norm(const cli_args *a, kr_out *o)
{
    kr_qmat_t M;
    kr_norm_result_t r;
    kr_error_t err;
    char name[1100], msg[2048];
    int code;

    kr_qmat_init(M, 0, 0);
    if (!load_matrix(M, name, sizeof name, a))
        return EXIT_USAGE;
    kr_norm_result_init(r);
    kr_error_init(err);
    if (kr_norm(r, M, &a->opts, err) != KR_OK)
    {
        kr_error_format(msg, sizeof msg, err);
        fprintf(stderr, "%s: %s\n", progname, msg);
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
    code = kr_encl_has_upper(r->norm) ? 0 : EXIT_NOT_CERTIFIED;
    kr_out_bool(o, "certified", code == 0);
    kr_out_string(o, "reason", r->reason[0] ? r->reason : NULL);
    kr_out_end(o);
    kr_norm_result_clear(r);
    kr_qmat_clear(M);
    return code;
}

static int
cmd_smin(const cli_args *a, kr_out *o)
{
    kr_qmat_t M;
    kr_smin_result_t r;
    kr_error_t err;
    fmpq_t zre, zim;
    char name[1100], msg[2048];
    int code;

    if (a->at == NULL)
        return usage_error("%s needs --at Z (e.g. --at 1.05-0.2i)", "smin");
    fmpq_init(zre);
    fmpq_init(zim);
    kr_error_init(err);
    if (kr_parse_complex(zre, zim, a->at, &a->read, err) != KR_OK)
    {
        kr_error_format(msg, sizeof msg, err);
        fprintf(stderr, "%s: --at '%s': %s\n", progname, a->at, msg);
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
        kr_error_format(msg, sizeof msg, err);
        fprintf(stderr, "%s: %s\n", progname, msg);
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
    code = (kr_encl_has_upper(r->resolvent_norm) || arf_is_pos_inf(&r->resolvent_norm->lo))
               ? 0 : EXIT_NOT_CERTIFIED;
    kr_out_bool(o, "certified", code == 0);
    kr_out_string(o, "reason", r->reason[0] ? r->reason : NULL);
    kr_out_end(o);
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
    kr_qmat_t M;
    kr_radius_result_t r;
    kr_error_t err;
    char name[1100], msg[2048];
    int code;

    kr_qmat_init(M, 0, 0);
    if (!load_matrix(M, name, sizeof name, a))
        return EXIT_USAGE;
    kr_radius_result_init(r);
    kr_error_init(err);
    if (kr_radius(r, M, &a->opts, err) != KR_OK)
    {
        kr_error_format(msg, sizeof msg, err);
        fprintf(stderr, "%s: %s\n", progname, msg);
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
    code = r->verdict != KR_RHO_UNDECIDED && kr_encl_has_upper(r->rho) ? 0 : EXIT_NOT_CERTIFIED;
    kr_out_bool(o, "certified", code == 0);
    kr_out_string(o, "reason", r->reason[0] ? r->reason : NULL);
    kr_out_end(o);
    kr_radius_result_clear(r);
    kr_qmat_clear(M);
    return code;
}

int
main(int argc, char **argv)
{
    cli_args a;
    kr_out o;
    int rc = parse_args(&a, argc, argv);
    if (rc != 0)
        return rc;
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
    else
        rc = usage_error("unknown command '%s'", a.command);
    flint_cleanup();
    return rc;
}
