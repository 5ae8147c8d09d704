/*
 * portalctl's statements command (issue 14.3): the billing system's
 * statements (the CSV format of ARCHITECTURE.md "Billing: statements and
 * paying them") into the portal through the application layer.
 */
#ifndef PORTALCTL_BILL_CTL_H
#define PORTALCTL_BILL_CTL_H

#include <stdio.h>

/*
 * The body of "portalctl statements import FILE|-": one transaction per
 * statement (its rows consecutive in the file), a progress line now and
 * then, a summary, and each refused statement or row with its line
 * number and reason (never its content). 0 done, 1 something refused or
 * failed, 2 usage.
 */
int	ctl_statements(int argc, char **argv, FILE *out, FILE *err);

#endif
