/* Text and JSON output of the kreiss tool. */
#ifndef KREISS_CLI_OUTPUT_H
#define KREISS_CLI_OUTPUT_H

#include <stdio.h>

#include "kreiss.h"

typedef struct
{
    FILE *out;
    int json;
    slong digits;   /* significant digits of printed bounds */
    int first;      /* JSON: no member written yet */
} kr_out;

void kr_out_begin(kr_out *o, const char *command);
void kr_out_end(kr_out *o);

/* A string member ("key": "value"); value NULL gives null. */
void kr_out_string(kr_out *o, const char *key, const char *value);
void kr_out_int(kr_out *o, const char *key, long value);
void kr_out_bool(kr_out *o, const char *key, int value);
/* JSON only: a member whose value is the given JSON text. */
void kr_out_raw(kr_out *o, const char *key, const char *json);

/* Describe the input matrix. */
void kr_out_input(kr_out *o, const char *name, const kr_qmat_t M);

/* An enclosure: JSON {"lo": "...", "hi": "..."} ("hi": null when there is
 * no certified upper bound); text "label  [lo, hi]". */
void kr_out_encl(kr_out *o, const char *key, const char *label,
                 const kr_encl_t e);

/* How a witness proved its side: JSON object under key, text line. */
void kr_out_witness(kr_out *o, const char *key, const char *label,
                    const kr_witness_t w);

/* A free text note (text mode only, indented). */
void kr_out_note(kr_out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
