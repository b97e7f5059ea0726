/* Matrices embedded in the kreiss tool; examples/README.md explains them. */
#include <string.h>

#include "cli/examples.h"

const kr_example kr_examples[] = {
    {"bilevel",
     "Jacobian of a coupled linear-quadratic bilevel problem, J = [[A, 0], [C, D]] "
     "with A = I - 0.2 H_F, D = I - 0.1 H_G, C = -0.1 H_GF (6x6)",
     "%%MatrixMarket matrix array real general\n"
     "% J = [[A, 0], [C, D]]: outer step A = I - alpha H_F (alpha = 0.2),\n"
     "% inner step D = I - beta H_G (beta = 0.1), coupling C = -beta H_GF,\n"
     "% H_F = [[2, .5, 0], [.5, 3, .5], [0, .5, 4]],\n"
     "% H_G = [[1, .2, 0], [.2, 1.5, .2], [0, .2, 2]],\n"
     "% H_GF = [[-20, 5, 0], [5, -30, 5], [0, 5, -25]].  Column-major entries.\n"
     "6 6\n"
     "0.6\n-0.1\n0\n2\n-0.5\n0\n"
     "-0.1\n0.4\n-0.1\n-0.5\n3\n-0.5\n"
     "0\n-0.1\n0.2\n0\n-0.5\n2.5\n"
     "0\n0\n0\n0.9\n-0.02\n0\n"
     "0\n0\n0\n-0.02\n0.85\n-0.02\n"
     "0\n0\n0\n0\n-0.02\n0.8\n"},
    {"jordan",
     "J = [[0.9, 0], [10, 0.9]]: the 2x2 family of MATH.md, K(J) = 25.01 exactly",
     "%%MatrixMarket matrix array real general\n"
     "% g = 0.9, c = 10: K = c/(4(1-g)) + (1-g)/c = 25.01\n"
     "2 2\n0.9\n10\n0\n0.9\n"},
    {"rotation",
     "A rotation by the Pythagorean angle (cos, sin) = (0.6, 0.8): normal, rho = 1",
     "%%MatrixMarket matrix array real general\n"
     "2 2\n0.6\n0.8\n-0.8\n0.6\n"},
    {NULL, NULL, NULL}};

const kr_example *
kr_example_find(const char *name)
{
    const kr_example *e;
    for (e = kr_examples; e->name != NULL; e++)
        if (strcmp(e->name, name) == 0)
            return e;
    return NULL;
}
