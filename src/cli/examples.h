/* Matrices embedded in the kreiss tool (--example NAME). */
#ifndef KREISS_CLI_EXAMPLES_H
#define KREISS_CLI_EXAMPLES_H

typedef struct
{
    const char *name;
    const char *summary;
    const char *mtx; /* Matrix Market text, exact decimal entries */
} kr_example;

/* NULL-terminated table. */
extern const kr_example kr_examples[];

const kr_example *kr_example_find(const char *name);

#define KR_DEFAULT_EXAMPLE "bilevel"

#endif
