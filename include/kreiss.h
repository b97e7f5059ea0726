/* kreiss: certified transient-growth numbers for linear iterations.
 *
 * Modules (one header each):
 *   kreiss/status.h   status codes and error reports
 *   kreiss/qmat.h     exact input matrices
 *   kreiss/io.h       exact numbers, Matrix Market and .npy input
 *   kreiss/opts.h     options of the certified computations
 *   kreiss/encl.h     enclosures and their outward decimal form
 *   kreiss/fmat.h     binary64 ball matrices with proved error bounds
 *   kreiss/pd.h       the certified positive-definiteness kernel
 *   kreiss/witness.h  the witnesses behind every bound
 *   kreiss/bounds.h   norm, sigma_min, resolvent norm, spectral radius
 *   kreiss/constant.h circle maxima of the resolvent, Kreiss constants
 *   kreiss/cert.h     certificates (certs/FORMAT.md)
 *   kreiss/hyp.h      the paper's hypotheses, decided by WP-proved code
 *   kreiss/theory.h   the paper's theorems: bounds and stability reports
 *   kreiss/peak.h     transient peaks and settling times */
#ifndef KREISS_H
#define KREISS_H

#define KREISS_VERSION "0.1.0"

#include "kreiss/status.h"
#include "kreiss/qmat.h"
#include "kreiss/io.h"
#include "kreiss/opts.h"
#include "kreiss/encl.h"
#include "kreiss/fmat.h"
#include "kreiss/pd.h"
#include "kreiss/witness.h"
#include "kreiss/bounds.h"
#include "kreiss/constant.h"
#include "kreiss/cert.h"
#include "kreiss/hyp.h"
#include "kreiss/theory.h"
#include "kreiss/peak.h"

#endif
