/* The kreiss command line: parsed arguments and the helpers every command
 * shares (main.c), the report command (report.c). */
#ifndef KREISS_CLI_H
#define KREISS_CLI_H

#include "kreiss.h"
#include "cli/output.h"

#define EXIT_NOT_CERTIFIED 1
#define EXIT_USAGE 2

typedef struct
{
    const char *command;
    const char *file;
    const char *example;
    const char *at;
    const char *radius;
    double kreiss_tol;
    int progress;
    int json;
    const char *cert;
    slong digits;
    kr_read_opts read;
    kr_opts opts;
    /* report */
    const char *split;          /* --split k */
    const char *blocks[3];      /* --blocks A C D */
    const char *perturb;        /* --perturb B0 */
    const char *eps;            /* --eps E */
    int critical_eps;           /* --critical-eps */
    const char *latex;          /* --latex FILE */
    const char *cert_dir;       /* --cert-dir DIR */
    double delta;               /* --delta (Theorem 11 figure) */
    /* plot */
    const char *out;            /* --out PREFIX */
    const char *format;         /* --format svg|png */
    /* peak */
    const char *settle;         /* --settle DELTA */
} cli_args;

extern const char *progname;

int usage_error(const char *fmt, const char *arg);
void print_error(const kr_error_t err);
/* Read FILE or the embedded example of a into M; name describes it. */
int load_matrix(kr_qmat_t M, char *name, size_t namesize, const cli_args *a);
int cert_begin(kr_cert_t c, const cli_args *a, const kr_qmat_t M, const char *name);
int cert_end(kr_cert_t c, const cli_args *a, kr_status st, kr_error_t err);
int finish(kr_out *o, const cli_args *a, int certified, const char *reason);
int encl_certified(const kr_encl_t e);

int cmd_report(const cli_args *a, kr_out *o);
int cmd_plot(const cli_args *a, kr_out *o);
int cmd_peak(const cli_args *a, kr_out *o);

#endif
