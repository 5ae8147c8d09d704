/*
 * portalctl copy FROM TO (issue 10.4): a hospital that started on SQLite
 * moves to PostgreSQL (or back) without losing a row. The destination
 * must be empty; it gets its schema from the migrations, then every row
 * in one transaction read from one snapshot of the source, so it ends
 * either whole or without rows. Then the copy is checked where it now
 * lives: rows per table against those read, and the audit chain verified
 * with the installation key and ending at the source's newest row.
 * Stop the web workers first: rows written to the source during the copy
 * are not in it.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "audit.h"
#include "conf.h"
#include "copy.h"
#include "db.h"
#include "keyfile.h"
#include "store_audit.h"
#include "store_copy.h"

struct copy {
	const struct conf	*cf;
	FILE			*out;
	FILE			*err;	/* refusals, failures */
	struct db		*from, *to;
	char			 from_shown[1024], to_shown[1024];
	int64_t			*read;		/* rows per table in the snapshot */
	int64_t			*copied;	/* rows per table in to, after */
	int64_t			 audit_rows;
	char			 audit_head[65];
	int			 tty;
};

/* The progress line: rewritten in place on a terminal, a line per table
 * in a log. */
static void
progress(void *arg, const char *table, int64_t done, int64_t total)
{
	struct copy	*c = arg;

	if (c->tty)
		fprintf(stderr, "\rcopy: %s %" PRId64 "/%" PRId64 " rows\033[K",
		    table, done, total);
	else if (done == total)
		fprintf(stderr, "copy: %s %" PRId64 "/%" PRId64 " rows\n",
		    table, done, total);
}

static double
seconds(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Opens both ends, prepares the copy's statements and checks that to is
 * empty and both have this portalctl's schema. 0 or -1 (said). */
static int
open_both(struct copy *c, const char *from, const char *to)
{
	char	 err[512];
	int64_t	 ntab;
	int	 fv, tv;
	size_t	 i;

	err[0] = '\0';
	if (strcmp(from, to) == 0) {
		fprintf(c->err, "portalctl: copy: FROM and TO are the same database\n");
		return -1;
	}
	if (!db_is_server(from) && access(from, F_OK) == -1) {
		fprintf(c->err, "portalctl: copy: %s: no such database file\n",
		    c->from_shown);
		return -1;
	}
	if ((c->from = db_open(from, DB_SCHEMA, err, sizeof(err))) == NULL ||
	    (c->to = db_open(to, db_is_server(to) ? DB_SCHEMA : DB_CREATE, err,
	    sizeof(err))) == NULL) {
		fprintf(c->err, "portalctl: copy: %s: %s\n", c->from == NULL ?
		    c->from_shown : c->to_shown, err);
		return -1;
	}
	if (!db_is_server(to) && db_protect(to, err, sizeof(err)) == -1) {
		fprintf(c->err, "portalctl: copy: %s\n", err);
		return -1;
	}
	if ((fv = db_version(c->from)) <= 0) {
		fprintf(c->err, "portalctl: copy: %s: not a portal database (schema "
		    "version %d)\n", c->from_shown, fv);
		return -1;
	}
	if (store_copy_prepare_catalog(c->to, err, sizeof(err)) == -1 ||
	    store_copy_ntab(c->to, &ntab) == -1 || (tv = db_version(c->to)) < 0) {
		fprintf(c->err, "portalctl: copy: %s: %s\n", c->to_shown, *err ? err :
		    db_errmsg(c->to));
		return -1;
	}
	/* Tables that are not a portal's: someone else's database. */
	if (ntab > 0 && tv == 0) {
		fprintf(c->err, "portalctl: copy: %s is not empty (%" PRId64 " tables, no "
		    "portal schema): copy needs an empty database\n",
		    c->to_shown, ntab);
		return -1;
	}
	if (db_migrate(c->to, c->cf->sql, err, sizeof(err)) == -1) {
		fprintf(c->err, "portalctl: copy: %s: schema: %s\n", c->to_shown, err);
		return -1;
	}
	if ((tv = db_version(c->to)) != fv) {
		fprintf(c->err, "portalctl: copy: %s has schema version %d, this portalctl's "
		    "is %d: %s\n", c->from_shown, fv, tv, fv < tv ? "run "
		    "portalctl migrate on it first" : "use the portalctl that "
		    "made it");
		return -1;
	}
	if (store_copy_prepare(c->from, err, sizeof(err)) == -1 ||
	    store_copy_check(c->from, err, sizeof(err)) != 0) {
		fprintf(c->err, "portalctl: copy: %s: %s\n", c->from_shown, err);
		return -1;
	}
	if (store_copy_prepare(c->to, err, sizeof(err)) == -1 ||
	    store_copy_check(c->to, err, sizeof(err)) != 0 ||
	    store_copy_counts(c->to, c->copied) == -1) {
		fprintf(c->err, "portalctl: copy: %s: %s\n", c->to_shown, *err ? err :
		    db_errmsg(c->to));
		return -1;
	}
	for (i = 0; i < store_copy_ntables; i++)
		if (c->copied[i] != 0) {
			fprintf(c->err, "portalctl: copy: %s is not empty (table %s has %"
			    PRId64 " rows): copy needs an empty database\n",
			    c->to_shown, store_copy_tables[i].name,
			    c->copied[i]);
			return -1;
		}
	return 0;
}

/* Every row, in one transaction on to, from one snapshot of from. 0, or
 * -1 (said; to rolled back). */
static int
copy_rows(struct copy *c)
{
	char	 err[512];
	double	 t0 = seconds(), dt;
	int64_t	 rows = 0;
	int	 began;
	size_t	 i;

	err[0] = '\0';
	if ((began = db_read(c->from)) == -1 ||
	    store_copy_counts(c->from, c->read) == -1 ||
	    store_audit_head(c->from, &c->audit_rows, c->audit_head) == -1) {
		fprintf(c->err, "portalctl: copy: %s: %s\n", c->from_shown,
		    db_errmsg(c->from));
		db_read_end(c->from, began);
		return -1;
	}
	if (db_begin(c->to) == -1)
		snprintf(err, sizeof(err), "%s", db_errmsg(c->to));
	else if (store_copy_rows(c->from, c->to, progress, c, err,
	    sizeof(err)) == -1)
		db_rollback(c->to);
	else if (db_commit(c->to) == -1)
		snprintf(err, sizeof(err), "commit: %s", db_errmsg(c->to));
	db_read_end(c->from, began);
	if (c->tty)
		fputc('\n', stderr);
	if (err[0] != '\0') {
		fprintf(c->err, "portalctl: copy: %s: %s\ncopy: rolled back: no row was "
		    "written to %s\n", c->to_shown, err, c->to_shown);
		return -1;
	}
	for (i = 0; i < store_copy_ntables; i++)
		rows += c->read[i];
	dt = seconds() - t0;
	fprintf(c->out, "copied %" PRId64 " rows in %.1f s (%.0f rows/s)\n",
	    rows, dt, dt > 0 ? rows / dt : 0.0);
	return 0;
}

/* The copy where it now lives: rows per table, the audit chain. 0 or -1
 * (said). */
static int
check(struct copy *c)
{
	struct audit_report	 r;
	unsigned char		 ikm[KEYFILE_LEN];
	char			 err[512];
	size_t			 i;
	int			 rc = 0, began, v;

	began = db_read(c->to);
	if (began == -1 || store_copy_counts(c->to, c->copied) == -1) {
		fprintf(c->err, "portalctl: copy: %s: counting: %s\n", c->to_shown,
		    db_errmsg(c->to));
		db_read_end(c->to, began);
		return -1;
	}
	db_read_end(c->to, began);
	fprintf(c->out, "%-20s %12s %12s\n", "table", "read", "in copy");
	for (i = 0; i < store_copy_ntables; i++) {
		fprintf(c->out, "%-20s %12" PRId64 " %12" PRId64 "%s\n",
		    store_copy_tables[i].name, c->read[i], c->copied[i],
		    c->read[i] == c->copied[i] ? "" : "  DIFFERS");
		if (c->read[i] != c->copied[i])
			rc = -1;
	}
	if (keyfile_read(c->cf->key_file, ikm, err, sizeof(err)) == -1) {
		fprintf(c->err, "portalctl: copy: audit: installation key: %s\n", err);
		return -1;
	}
	audit_key_set(ikm);
	explicit_bzero(ikm, sizeof(ikm));
	v = audit_verify(c->to, NULL, 0, &r);
	audit_key_clear();
	if (v == -1) {
		fprintf(c->err, "portalctl: copy: audit verify: database error\n");
		return -1;
	}
	if (v == 1)
		fprintf(c->out, "audit log in the copy BROKEN at row %" PRId64
		    " (after %" PRId64 " good rows)\n", r.bad, r.count);
	else if (r.count != c->audit_rows || strcmp(r.head, c->audit_head) != 0)
		fprintf(c->out, "audit log in the copy: %" PRId64 " rows, the "
		    "source's %" PRId64 ": it does not end at the source's newest "
		    "row\n", r.count, c->audit_rows);
	else
		fprintf(c->out, "audit log in the copy intact: %" PRId64 " rows, "
		    "ending at the source's newest (%.16s)\n", r.count, r.head);
	if (v != 0 || r.count != c->audit_rows ||
	    strcmp(r.head, c->audit_head) != 0)
		rc = -1;
	return rc;
}

int
ctl_copy(const struct conf *cf, const char *from, const char *to, FILE *out,
    FILE *errf)
{
	struct copy	 c;
	int		 rc = 1;

	memset(&c, 0, sizeof(c));
	c.cf = cf;
	c.out = out;
	c.err = errf;
	c.tty = isatty(2);
	conf_db_shown(from, c.from_shown, sizeof(c.from_shown));
	conf_db_shown(to, c.to_shown, sizeof(c.to_shown));
	if ((c.read = calloc(store_copy_ntables, sizeof(int64_t))) == NULL ||
	    (c.copied = calloc(store_copy_ntables, sizeof(int64_t))) == NULL) {
		fprintf(errf, "portalctl: copy: out of memory\n");
		goto out;
	}
	if (open_both(&c, from, to) == -1)
		goto out;
	fprintf(out, "%s (%s) -> %s (%s), schema version %d\n", c.from_shown,
	    db_engine(c.from), c.to_shown, db_engine(c.to), db_version(c.to));
	if (copy_rows(&c) == -1)
		goto out;
	if (check(&c) == -1)
		fprintf(errf, "portalctl: copy: the copy in %s does not match: "
		    "do not use it\n", c.to_shown);
	else
		rc = 0;
out:
	db_close(c.from);
	db_close(c.to);
	free(c.read);
	free(c.copied);
	return rc;
}
