/*
 * portalctl's holiday command, apart so that its unit test can call it.
 */
#ifndef PORTALCTL_HOLIDAY_H
#define PORTALCTL_HOLIDAY_H

#include <stdio.h>

struct db;

/*
 * The body of "portalctl holiday ...": argv[0] is "holiday", then
 *   add YYYY-MM-DD NAME...	(the words of NAME are joined by spaces)
 *   list
 *   remove YYYY-MM-DD
 * The date is checked with valid_date, the name with valid_line. Results
 * and error messages go to out; a change is written to the audit log.
 * Returns 0 on success, 1 if it could not be done (a holiday on that date
 * already, none to remove, a database error), 2 for a usage error.
 */
int	 bizday_cmd_holiday(struct db *, int argc, char **argv, FILE *out);

#endif
