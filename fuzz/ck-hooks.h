/* Force-included (clang -include fuzz/ck-hooks.h) into the sources of src/check/ when
 * they are compiled for the fuzz-check target; never part of kreiss-check.
 *
 * kreiss-check is a program: main() returns, die_malformed() calls exit(2)
 * with the parser's temporaries still on the stack.  Fuzzing it in-process
 * needs five things, provided here by macros so that src/check/ is
 * compiled unchanged:
 *
 *  - main is renamed ck_main, and the harness calls it with the argument
 *    vector of "kreiss-check fuzz.cert";
 *  - exit() becomes ck_fz_exit(), which longjmps back to the harness;
 *  - malloc, calloc, realloc, free, strdup, strndup, asprintf, vasprintf go
 *    through an allocator
 *    that keeps every live block on a list, so that the harness frees what
 *    a run left behind (the checker's own end-of-run "leaks" and everything
 *    abandoned by the longjmp); GMP (and MPFR and MPFI through it) is given
 *    the same allocator by mp_set_memory_functions();
 *  - fopen() opens the fuzzer's bytes as a memory stream, fclose() is
 *    tracked, and a stream left open by the longjmp is closed;
 *  - printf/fprintf/vfprintf/fputc/fputs/puts on stdout or stderr format
 *    their arguments (so bad format arguments are still caught) and discard
 *    the text.
 *
 * The system headers come first, so that their declarations are untouched;
 * the files of src/check/ include them again, which their guards make a no-op. */
#ifndef KREISS_FUZZ_CK_HOOKS_H
#define KREISS_FUZZ_CK_HOOKS_H

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gmp.h>
#include <mpfr.h>
#include <mpfi.h>

void *ck_fz_malloc(size_t n);
void *ck_fz_calloc(size_t n, size_t size);
void *ck_fz_realloc(void *p, size_t n);
void ck_fz_free(void *p);
char *ck_fz_strdup(const char *s);
char *ck_fz_strndup(const char *s, size_t n);
int ck_fz_vasprintf(char **out, const char *fmt, va_list ap);
int ck_fz_asprintf(char **out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
FILE *ck_fz_fopen(const char *path, const char *mode);
int ck_fz_fclose(FILE *f);
void ck_fz_exit(int status) __attribute__((noreturn));
int ck_fz_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int ck_fz_fprintf(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int ck_fz_vfprintf(FILE *f, const char *fmt, va_list ap);
int ck_fz_fputc(int c, FILE *f);
int ck_fz_fputs(const char *s, FILE *f);
int ck_fz_puts(const char *s);
int ck_main(int argc, char **argv);

#undef malloc
#undef calloc
#undef realloc
#undef free
#undef strdup
#undef strndup
#undef vasprintf
#undef asprintf
#undef fopen
#undef fclose
#undef exit
#undef printf
#undef fprintf
#undef vfprintf
#undef fputc
#undef fputs
#undef puts
/* function-like, so that __attribute__((format(printf, ...))) is untouched */
#define malloc(...) ck_fz_malloc(__VA_ARGS__)
#define calloc(...) ck_fz_calloc(__VA_ARGS__)
#define realloc(...) ck_fz_realloc(__VA_ARGS__)
#define free(...) ck_fz_free(__VA_ARGS__)
#define strdup(...) ck_fz_strdup(__VA_ARGS__)
#define strndup(...) ck_fz_strndup(__VA_ARGS__)
#define vasprintf(...) ck_fz_vasprintf(__VA_ARGS__)
#define asprintf(...) ck_fz_asprintf(__VA_ARGS__)
#define fopen(...) ck_fz_fopen(__VA_ARGS__)
#define fclose(...) ck_fz_fclose(__VA_ARGS__)
#define exit(...) ck_fz_exit(__VA_ARGS__)
#define printf(...) ck_fz_printf(__VA_ARGS__)
#define fprintf(...) ck_fz_fprintf(__VA_ARGS__)
#define vfprintf(...) ck_fz_vfprintf(__VA_ARGS__)
#define fputc(...) ck_fz_fputc(__VA_ARGS__)
#define fputs(...) ck_fz_fputs(__VA_ARGS__)
#define puts(...) ck_fz_puts(__VA_ARGS__)
#define main ck_main

#endif
