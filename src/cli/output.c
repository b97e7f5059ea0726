/* Text and JSON output of the kreiss tool.  Every number printed here is an
 * end of a certified enclosure, rounded outward to decimal. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli/output.h"

static void
json_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++)
    {
        unsigned char c = (unsigned char) *s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c == '\n')
            fputs("\\n", f);
        else if (c == '\t')
            fputs("\\t", f);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

static void
json_key(kr_out *o, const char *key)
{
    if (!o->first)
        fputs(",\n", o->out);
    o->first = 0;
    fputs("  ", o->out);
    json_string(o->out, key);
    fputs(": ", o->out);
}

void
kr_out_begin(kr_out *o, const char *command)
{
    o->first = 1;
    if (o->json)
    {
        fputs("{\n", o->out);
        kr_out_string(o, "command", command);
        kr_out_string(o, "version", KREISS_VERSION);
    }
    else
        fprintf(o->out, "kreiss %s\n", command);
}

void
kr_out_end(kr_out *o)
{
    if (o->json)
        fputs("\n}\n", o->out);
    fflush(o->out);
}

void
kr_out_string(kr_out *o, const char *key, const char *value)
{
    if (o->json)
    {
        json_key(o, key);
        if (value == NULL)
            fputs("null", o->out);
        else
            json_string(o->out, value);
    }
    else if (value != NULL)
        fprintf(o->out, "  %-16s %s\n", key, value);
}

void
kr_out_int(kr_out *o, const char *key, long value)
{
    if (o->json)
    {
        json_key(o, key);
        fprintf(o->out, "%ld", value);
    }
    else
        fprintf(o->out, "  %-16s %ld\n", key, value);
}

void
kr_out_bool(kr_out *o, const char *key, int value)
{
    if (o->json)
    {
        json_key(o, key);
        fputs(value ? "true" : "false", o->out);
    }
    else
        fprintf(o->out, "  %-16s %s\n", key, value ? "yes" : "no");
}

void
kr_out_raw(kr_out *o, const char *key, const char *json)
{
    if (!o->json)
        return;
    json_key(o, key);
    fputs(json, o->out);
}

void
kr_out_input(kr_out *o, const char *name, const kr_qmat_t M)
{
    const char *field = kr_qmat_is_complex(M) ? "complex" : "real";
    const char *sem = M->entries == KR_ENTRIES_BINARY64 ? "binary64" : "exact";
    if (o->json)
    {
        json_key(o, "input");
        fputs("{\"name\": ", o->out);
        json_string(o->out, name);
        fprintf(o->out, ", \"n\": %ld, \"field\": \"%s\", \"entries\": \"%s\"}",
                (long) M->n, field, sem);
    }
    else
        fprintf(o->out, "  input            %s (%ldx%ld %s, %s entries)\n", name,
                (long) M->n, (long) M->n, field,
                M->entries == KR_ENTRIES_BINARY64 ? "binary64-rounded" : "exact decimal");
}

void
kr_out_encl(kr_out *o, const char *key, const char *label, const kr_encl_t e)
{
    char *lo = kr_arf_get_decimal(&e->lo, o->digits, 0);
    char *hi = kr_encl_has_upper(e) || arf_is_pos_inf(&e->lo)
                   ? kr_arf_get_decimal(&e->hi, o->digits, 1)
                   : NULL;
    if (o->json)
    {
        json_key(o, key);
        fputs("{\"lo\": ", o->out);
        json_string(o->out, lo ? lo : "nan");
        fputs(", \"hi\": ", o->out);
        if (hi != NULL)
            json_string(o->out, hi);
        else
            fputs("null", o->out);
        fputs("}", o->out);
    }
    else
        fprintf(o->out, "  %-16s [%s, %s]\n", label, lo ? lo : "?",
                hi ? hi : "not certified");
    free(lo);
    free(hi);
}

static void
pd_describe(char *buf, size_t size, const kr_pd_result *r)
{
    if (r->method == KR_PD_METHOD_ARB)
        snprintf(buf, size, "%s, %ld bits", kr_pd_method_name(r->method), (long) r->prec);
    else
        snprintf(buf, size, "%s", kr_pd_method_name(r->method));
}

void
kr_out_witness(kr_out *o, const char *key, const char *label, const kr_witness_t w)
{
    char how[256], t[64];
    char *ts;
    int vec = w->kind == KR_CLAIM_VEC_NORM || w->kind == KR_CLAIM_RAYLEIGH
              || w->kind == KR_CLAIM_POINT;
    if (w->kind == KR_CLAIM_NONE)
        return;
    if (vec && w->prec == 53)
        snprintf(how, sizeof how, "witness %s, binary64 with directed rounding",
                 w->kind == KR_CLAIM_POINT ? "point and vector" : "vector");
    else if (vec)
        snprintf(how, sizeof how, "witness %s, ball arithmetic (%ld bits)",
                 w->kind == KR_CLAIM_POINT ? "point and vector" : "vector", (long) w->prec);
    else
        pd_describe(how, sizeof how, &w->pd);
    ts = kr_arf_get_decimal(&w->t, 17, 1);
    snprintf(t, sizeof t, "%s", ts ? ts : "?");
    free(ts);
    if (o->json)
    {
        json_key(o, key);
        fputs("{\"claim\": ", o->out);
        json_string(o->out, kr_claim_name(w->kind));
        if (!vec)
        {
            fputs(", \"t\": ", o->out);
            json_string(o->out, t);
        }
        fputs(", \"method\": ", o->out);
        json_string(o->out, how);
        fprintf(o->out, ", \"precision\": %ld}",
                (long) (vec ? w->prec : w->pd.prec));
    }
    else if (vec)
        fprintf(o->out, "    %-14s %s\n", label, how);
    else
        fprintf(o->out, "    %-14s PD certificate (%s, t = %s): %s\n", label,
                kr_claim_name(w->kind), t, how);
}

void
kr_out_note(kr_out *o, const char *fmt, ...)
{
    va_list ap;
    if (o->json)
        return;
    fputs("  note: ", o->out);
    va_start(ap, fmt);
    vfprintf(o->out, fmt, ap);
    va_end(ap);
    fputc('\n', o->out);
}
