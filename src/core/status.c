/* Status names and error records. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "kreiss/status.h"

const char *
kr_status_name(kr_status s)
{
    switch (s)
    {
        case KR_OK: return "success";
        case KR_ERR_IO: return "input/output error";
        case KR_ERR_FORMAT: return "malformed input";
        case KR_ERR_UNSUPPORTED: return "unsupported input";
        case KR_ERR_LIMIT: return "resource limit exceeded";
        case KR_ERR_DOMAIN: return "argument out of domain";
        case KR_ERR_NOMEM: return "out of memory";
        case KR_ERR_INTERNAL: return "internal error";
    }
    return "unknown status";
}

void
kr_error_init(kr_error_t err)
{
    err->status = KR_OK;
    err->file[0] = '\0';
    err->line = 0;
    err->offset = -1;
    err->msg[0] = '\0';
}

static kr_status
error_vset(kr_error_t err, kr_status st, const char *file, long line,
           long offset, const char *fmt, va_list ap)
{
    if (err == NULL)
        return st;
    err->status = st;
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    err->line = line;
    err->offset = offset;
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    return st;
}

kr_status
kr_error_set(kr_error_t err, kr_status st, const char *file, long line,
             const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    error_vset(err, st, file, line, -1, fmt, ap);
    va_end(ap);
    return st;
}

kr_status
kr_error_set_offset(kr_error_t err, kr_status st, const char *file,
                    long offset, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    error_vset(err, st, file, 0, offset, fmt, ap);
    va_end(ap);
    return st;
}

void
kr_error_format(char *buf, unsigned long size, const kr_error_t err)
{
    if (err->file[0] != '\0' && err->line > 0)
        snprintf(buf, size, "%s:%ld: %s", err->file, err->line, err->msg);
    else if (err->file[0] != '\0' && err->offset >= 0)
        snprintf(buf, size, "%s: byte %ld: %s", err->file, err->offset, err->msg);
    else if (err->file[0] != '\0')
        snprintf(buf, size, "%s: %s", err->file, err->msg);
    else
        snprintf(buf, size, "%s", err->msg);
}
