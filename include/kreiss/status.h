/* Status codes and error reports shared by every kreiss module.
 *
 * The library never prints and never exits: a function that can fail
 * returns a kr_status and, when given one, fills a kr_error_t with a
 * message that names the file and the line (or byte offset) at fault. */
#ifndef KREISS_STATUS_H
#define KREISS_STATUS_H

#ifdef __cplusplus
extern "C" {
#endif

typedef enum
{
    KR_OK = 0,
    KR_ERR_IO,          /* a file cannot be opened, read or written */
    KR_ERR_FORMAT,      /* malformed input: the message says what was expected */
    KR_ERR_UNSUPPORTED, /* well-formed input that kreiss does not handle */
    KR_ERR_LIMIT,       /* a resource limit (size, digits, precision) was hit */
    KR_ERR_DOMAIN,      /* an argument outside the domain of the function */
    KR_ERR_NOMEM,       /* allocation failed */
    KR_ERR_INTERNAL     /* a bug: please report */
} kr_status;

#define KR_ERROR_MSG_LEN 512
#define KR_ERROR_FILE_LEN 1024

typedef struct
{
    kr_status status;
    char file[KR_ERROR_FILE_LEN]; /* "" when no file is involved */
    long line;                    /* 1-based line number, 0 when not applicable */
    long offset;                  /* byte offset (binary formats), -1 when not applicable */
    char msg[KR_ERROR_MSG_LEN];   /* what was wrong / what was expected */
} kr_error_struct;

typedef kr_error_struct kr_error_t[1];

/* A short English name of a status ("malformed input", ...). */
const char *kr_status_name(kr_status s);

void kr_error_init(kr_error_t err);

/* Record an error (printf-style message) and return st. err may be NULL. */
kr_status kr_error_set(kr_error_t err, kr_status st, const char *file,
                       long line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Same, with a byte offset instead of a line (binary formats). */
kr_status kr_error_set_offset(kr_error_t err, kr_status st, const char *file,
                              long offset, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Format "FILE:LINE: msg", "FILE: byte N: msg" or "msg" into buf. */
void kr_error_format(char *buf, unsigned long size, const kr_error_t err);

#ifdef __cplusplus
}
#endif

#endif
