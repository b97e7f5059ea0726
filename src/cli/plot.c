/* kreiss plot: figures drawn by gnuplot (Debian's gnuplot-nox).
 *
 *   PREFIX-powers.EXT  ||M^t|| against t: the certified band [lb_t, ub_t]
 *                      of every computed step, the certified peak, and the
 *                      bounds as horizontal lines (e n K; with --split, the
 *                      paper's Theorem 4 and the sharper bound);
 *   PREFIX-pspec.EXT   pseudospectra: contours of sigma_min(zI - M) (a
 *                      floating-point picture, labelled so), the unit circle,
 *                      the eigenvalues (floating point) and the circles the
 *                      Kreiss certificate used (certified: M(r) <= U on each).
 *
 * Each file is drawn to a temporary name and renamed into place. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/cli.h"
#include "kreiss/peak.h"

#define GRID 121

static double
d_lo(const arf_t x)
{
    return arf_get_d(x, ARF_RND_DOWN);
}

static double
d_hi(const arf_t x)
{
    return arf_get_d(x, ARF_RND_UP);
}

/* Run gnuplot on script; 1 on success. */
static int
gnuplot(const char *script, size_t len)
{
    FILE *p = popen("gnuplot 2>&1", "w");
    int st;
    if (p == NULL)
        return 0;
    fwrite(script, 1, len, p);
    st = pclose(p);
    return st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

/* An output file: drawn to tmp, renamed to path. */
static int
finish_file(const char *tmp, const char *path)
{
    FILE *f = fopen(tmp, "rb");
    long size = -1;
    if (f != NULL)
    {
        fseek(f, 0, SEEK_END);
        size = ftell(f);
        fclose(f);
    }
    if (size <= 0 || rename(tmp, path) != 0)
    {
        fprintf(stderr, "%s: %s: the figure was not written (is gnuplot installed? apt-get install gnuplot-nox)\n",
                progname, path);
        unlink(tmp);
        return 0;
    }
    return 1;
}

static const char *
terminal(const char *fmt)
{
    return strcmp(fmt, "png") == 0 ? "pngcairo size 1000,700 font ',11'"
                                   : "svg size 1000,700 dynamic font 'sans,11'";
}

int
cmd_plot(const cli_args *a, kr_out *o)
{
    kr_qmat_t M;
    kr_peak_result_t pk;
    kr_kreiss_result_t k;
    kr_report_t rep;
    kr_error_t err;
    kr_encl_t enk;
    char name[1100], path[4200], tmp[4300];
    const char *fmt = a->format != NULL ? a->format : "svg";
    char *s = NULL;
    size_t len = 0;
    FILE *sf;
    int code = EXIT_USAGE, have_rep = 0;
    slong t, i, j;
    double *grid = NULL, *eig = NULL, R = 1.5;
    slong neig = 0;
    (void) o;

    if (a->out == NULL)
        return usage_error("%s needs --out PREFIX (files PREFIX-powers.svg and PREFIX-pspec.svg)", "plot");
    if (strcmp(fmt, "svg") != 0 && strcmp(fmt, "png") != 0)
        return usage_error("--format takes svg or png, not '%s'", fmt);
    kr_qmat_init(M, 0, 0);
    if (!load_matrix(M, name, sizeof name, a))
        return EXIT_USAGE;
    kr_peak_result_init(pk);
    kr_kreiss_result_init(k);
    kr_report_init(rep);
    kr_encl_init(enk);
    kr_error_init(err);
    if (kr_peak(pk, M, NULL, KR_PEAK_DEFAULT_MAX_STEPS, &a->opts, err) != KR_OK
        || kr_kreiss(k, M, a->kreiss_tol, &a->opts, err) != KR_OK)
    {
        print_error(err);
        goto done;
    }
    kr_peak_kreiss_interval(enk, k->kreiss, M->n, 64);
    if (a->split != NULL)
    {
        char *end;
        long kk = strtol(a->split, &end, 10);
        if (*end != '\0' || kk < 1 || kk >= M->n)
        {
            usage_error("--split takes an integer k with 1 <= k < n, not '%s'", a->split);
            goto done;
        }
        if (kr_report(rep, M, kk, NULL, NULL, 0, a->kreiss_tol, &a->opts, err) != KR_OK)
        {
            print_error(err);
            goto done;
        }
        have_rep = kr_encl_has_upper(rep->bound_paper);
    }

    /* ---------------------------------------------------------- powers */
    sf = open_memstream(&s, &len);
    if (sf == NULL)
        goto done;
    snprintf(path, sizeof path, "%s-powers.%s", a->out, fmt);
    snprintf(tmp, sizeof tmp, "%s.tmp%ld", path, (long) getpid());
    fprintf(sf, "set terminal %s\nset output '%s'\n", terminal(fmt), tmp);
    fprintf(sf, "$band << EOD\n");
    for (t = 0; t < pk->nsteps; t++)
    {
        double lo = d_lo(pk->lb + t), hi = d_hi(pk->ub + t);
        if (!(lo > 1e-300))
            lo = 1e-300;
        if (!isfinite(hi))
            hi = 1e300;
        fprintf(sf, "%ld %.17g %.17g\n", (long) t, lo, hi);
    }
    fprintf(sf, "EOD\n");
    fprintf(sf, "set logscale y\nset xlabel 't'\nset ylabel '||M^t||_2'\nset key top right box opaque\n");
    fprintf(sf, "set title \"%s: certified enclosure of ||M^t|| (every band point is proved)\" noenhanced\n",
            name);
    fprintf(sf, "set xrange [0:%ld]\n", (long) (pk->nsteps > 1 ? pk->nsteps - 1 : 1));
    fprintf(sf, "plot $band using 1:2:3 with filledcurves fc rgb '#9ecae1' fs transparent solid 0.6 "
                "title 'certified band lb_t <= ||M^t|| <= ub_t', \\\n");
    fprintf(sf, "     $band using 1:3 with lines lc rgb '#08519c' lw 1 notitle");
    if (kr_encl_has_upper(pk->peak))
        fprintf(sf, ", \\\n     %.17g with lines lc rgb '#d62728' lw 2 title 'certified peak P in [%.6g, %.6g]'",
                d_hi(&pk->peak->hi), d_lo(&pk->peak->lo), d_hi(&pk->peak->hi));
    if (kr_encl_has_upper(enk))
        fprintf(sf, ", \\\n     %.17g with lines dt 2 lc rgb '#2ca02c' lw 2 title 'e n K (Kreiss matrix theorem), K <= %.6g'",
                d_hi(&enk->hi), d_hi(&k->kreiss->hi));
    if (arf_is_finite(&k->kreiss->lo))
        fprintf(sf, ", \\\n     %.17g with lines dt 3 lc rgb '#555555' lw 2 title 'K >= %.6g (certified; K <= P)'",
                d_lo(&k->kreiss->lo), d_lo(&k->kreiss->lo));
    if (have_rep)
        fprintf(sf, ", \\\n     %.17g with lines dt 4 lc rgb '#9467bd' lw 2 title 'Theorem 4 (paper): %.6g', \\\n"
                    "     %.17g with lines dt 5 lc rgb '#ff7f0e' lw 2 title 'sharper bound: %.6g'",
                d_hi(&rep->bound_paper->hi), d_hi(&rep->bound_paper->hi),
                d_hi(&rep->bound_sharp->hi), d_hi(&rep->bound_sharp->hi));
    fprintf(sf, "\nunset output\n");
    fclose(sf);
    if (!gnuplot(s, len) || !finish_file(tmp, path))
        goto done;
    printf("%s\n", path);
    free(s);
    s = NULL;

    /* ---------------------------------------------------------- pseudospectra */
    eig = malloc(sizeof(double) * (size_t) (4 * M->n + 2));
    grid = malloc(sizeof(double) * GRID * GRID);
    if (eig == NULL || grid == NULL)
        goto done;
    /* window: the eigenvalues, the unit circle and a margin */
    if (kr_approx_pspec_grid(grid, eig, &neig, M, -1, 1, -1, 1, 2, 2))
        for (i = 0; i < neig; i++)
            R = fmax(R, 1.15 * hypot(eig[2 * i], eig[2 * i + 1]));
    if (!kr_approx_pspec_grid(grid, eig, &neig, M, -R, R, -R, R, GRID, GRID))
    {
        fprintf(stderr, "%s: no floating-point picture of the pseudospectra (entries beyond binary64?)\n",
                progname);
        goto done;
    }
    sf = open_memstream(&s, &len);
    if (sf == NULL)
        goto done;
    snprintf(path, sizeof path, "%s-pspec.%s", a->out, fmt);
    snprintf(tmp, sizeof tmp, "%s.tmp%ld", path, (long) getpid());
    fprintf(sf, "$grid << EOD\n");
    for (j = 0; j < GRID; j++)
    {
        for (i = 0; i < GRID; i++)
            fprintf(sf, "%.9g %.9g %.9g\n", -R + 2 * R * i / (GRID - 1), -R + 2 * R * j / (GRID - 1),
                    log10(fmax(grid[j * GRID + i], 1e-300)));
        fprintf(sf, "\n");
    }
    fprintf(sf, "EOD\n$eig << EOD\n");
    for (i = 0; i < neig; i++)
        fprintf(sf, "%.17g %.17g\n", eig[2 * i], eig[2 * i + 1]);
    fprintf(sf, "EOD\n");
    fprintf(sf, "set contour base\nset cntrparam levels discrete -1,-2,-3,-4,-5,-6,-7,-8\nunset surface\n"
                "set view map\nset table $cont\nsplot $grid using 1:2:3 with lines\nunset table\n"
                "unset contour\n");
    fprintf(sf, "set terminal %s\nset output '%s'\n", terminal(fmt), tmp);
    fprintf(sf, "set size ratio -1\nset xrange [%g:%g]\nset yrange [%g:%g]\nset xlabel 'Re z'\nset ylabel 'Im z'\n",
            -R, R, -R, R);
    fprintf(sf, "set key below box noenhanced\nset parametric\nset trange [0:2*pi]\n");
    fprintf(sf, "set title \"%s: pseudospectra, contours sigma_min(zI - M) = 1e-1 ... 1e-8\\n"
                "(floating-point picture, NOT certified; the dashed circles are certified)\" noenhanced\n",
            name);
    fprintf(sf, "set palette defined (-8 '#440154', -4 '#21918c', -1 '#fde725')\nset cbrange [-8:-1]\nset cblabel 'log10 eps (float)'\n");
    fprintf(sf, "plot $cont using 1:2:3 with lines lc palette lw 1.2 title 'eps-contours of sigma_min(zI - M) (float)', \\\n"
                "     cos(t), sin(t) with lines lc rgb 'black' lw 2 title 'unit circle', \\\n"
                "     $eig using 1:2 with points pt 7 ps 0.8 lc rgb '#d62728' title 'eigenvalues (float)'");
    for (i = 0; i < k->circles; i++)
        fprintf(sf, ", \\\n     %.17g*cos(t), %.17g*sin(t) with lines dt 2 lc rgb '#1f77b4' lw 1 %s",
                k->circle[i].r, k->circle[i].r,
                i == 0 ? "title 'circles of the Kreiss certificate (certified: M(r) <= U)'" : "notitle");
    fprintf(sf, "\nunset output\n");
    fclose(sf);
    if (!gnuplot(s, len) || !finish_file(tmp, path))
        goto done;
    printf("%s\n", path);
    code = 0;
done:
    free(s);
    free(grid);
    free(eig);
    kr_encl_clear(enk);
    kr_report_clear(rep);
    kr_kreiss_result_clear(k);
    kr_peak_result_clear(pk);
    kr_qmat_clear(M);
    return code;
}
