/*
 * portalctl's insurance command (issue 14.2): the coverages the billing
 * system sends, as CSV (lib/app/insurance.h, insurance_import).
 */
#ifndef PORTALCTL_INSURANCE_CTL_H
#define PORTALCTL_INSURANCE_CTL_H

#include <stdio.h>

/*
 * The body of "portalctl insurance import FILE|-", argv[0] the verb.
 * The summary goes to out; the progress line and each refused row (line
 * and why, never the row's values) to err. 0 done, 1 a row refused or
 * the file unreadable, 2 usage.
 */
int	ctl_insurance(int argc, char **argv, FILE *out, FILE *err);

#endif
