/*
 * portalctl's copy command (issue 10.4), apart so that the application
 * tests can call it in-process.
 */
#ifndef PORTALCTL_COPY_H
#define PORTALCTL_COPY_H

#include <stdio.h>

struct conf;

/*
 * Copies the whole portal database from (an SQLite file, or a PostgreSQL
 * URI) into to (an empty PostgreSQL database, or an SQLite file that does
 * not exist yet or is empty): to's schema by the migrations in cf->sql,
 * then every row in one transaction, read from one snapshot of from.
 * Then checks to: its rows per table equal those copied, and its audit
 * chain verifies with cf->key_file's key and ends at from's newest row.
 * The report goes to out, refusals and failures to errf, the progress
 * line to stderr. 0 if copied and checked, 1 if refused or failed (to is
 * then left without rows).
 */
int	 ctl_copy(const struct conf *cf, const char *from, const char *to,
	    FILE *out, FILE *errf);

#endif
