/*
 * `portalctl statements import FILE|-` (bill_ctl.h): reads the CSV with
 * lib/base/csv.c, checks each row (bill_row_check), gathers a
 * statement's consecutive rows and hands them to app_bill_import as the
 * command-line actor. A statement with any bad row is refused whole.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "bill.h"
#include "bill_ctl.h"
#include "call.h"
#include "csv.h"
#include "portal.h"

#define PROGRESS_EVERY	100
#define REASONS_MAX	200	/* refusals named; then only counted */

/* A row: 4 KiB; the format's 15 columns (a few more are refused as
 * unknown columns by the header check, not by the reader). */
static const struct csv_limits bill_limits = { 4096, 32 };

static const char usage[] =
    "usage: portalctl statements import FILE|-\n"
    "  CSV with a header row; one row per line item, a statement's rows\n"
    "  together (ARCHITECTURE.md \"Billing: statements and paying them\");\n"
    "  exits 1 if any statement or row was refused or failed\n";

struct run {
	struct call	 c;
	FILE		*out;
	struct arena	*sa;		/* the statement being gathered */
	struct bill_row	*rows;
	size_t		 n, cap;
	size_t		 first_line;
	const char	*bad;		/* why the statement is refused */
	long		 statements, fresh, updated, refused, failed, badrows;
	long		 named;
};

static void
say(struct run *r, const char *fmt, size_t line, const char *why)
{
	if (r->named++ < REASONS_MAX)
		fprintf(r->out, fmt, line, why);
}

static const char *
dup(struct arena *a, const char *s)
{
	return arena_strdup(a, s);
}

static void
row_keep(struct run *r, const struct bill_row *in)
{
	struct bill_row	*o;

	o = arena_push(r->sa, (void **)&r->rows, &r->n, &r->cap, sizeof(*o));
	*o = *in;
	o->statement = dup(r->sa, in->statement);
	o->guarantor = dup(r->sa, in->guarantor);
	o->gname = dup(r->sa, in->gname);
	o->gemail = dup(r->sa, in->gemail);
	o->date = dup(r->sa, in->date);
	o->due = dup(r->sa, in->due);
	o->mrn = dup(r->sa, in->mrn);
	o->service = dup(r->sa, in->service);
	o->desc = dup(r->sa, in->desc);
}

/* The statement gathered so far, imported or refused. */
static void
flush(struct run *r)
{
	struct bill_import_in	 in;
	struct bill_import_out	 out;
	enum app_rc		 rc;

	if (r->n == 0 && r->bad == NULL)
		return;
	r->statements++;
	if (r->statements % PROGRESS_EVERY == 0) {
		fprintf(r->out, "statements import: %ld statements so far, "
		    "%ld refused\n", r->statements, r->refused + r->failed);
		fflush(r->out);
	}
	in.rows = r->rows;
	in.n = r->n;
	arena_reset(r->c.a);
	r->c.now = time(NULL);
	if (r->bad != NULL) {
		rc = app_bill_refused(&r->c, r->n > 0 ? r->rows[0].statement :
		    NULL, r->n, r->bad);
		r->refused++;
		say(r, "refused: the statement from line %zu: %s\n",
		    r->first_line, r->bad);
		if (rc != APP_OK)
			r->failed++;
	} else if ((rc = app_bill_import(&r->c, &in, &out)) != APP_OK) {
		r->failed++;
		say(r, "failed: the statement from line %zu: %s\n",
		    r->first_line, rc == APP_BUSY ? "the database is busy; "
		    "run again" : "database error (see the log)");
	} else if (out.result == BILL_REFUSED) {
		r->refused++;
		say(r, "refused: the statement from line %zu: %s\n",
		    r->first_line, out.why);
	} else if (out.result == BILL_NEW)
		r->fresh++;
	else
		r->updated++;
	arena_reset(r->sa);
	r->rows = NULL;
	r->n = r->cap = 0;
	r->bad = NULL;
}

static int
import(struct run *r, const char *path, FILE *err)
{
	struct csv	*csv;
	struct csv_row	 row;
	struct bill_row	 br;
	struct arena	*ra = arena_new();
	const char	*why, *st;
	FILE		*f;
	int		 map[BC__MAX];
	time_t		 t0 = time(NULL);
	enum csv_rc	 rc;

	if (strcmp(path, "-") == 0)
		f = stdin;
	else if ((f = fopen(path, "r")) == NULL) {
		fprintf(err, "portalctl: %s: %s\n", path, strerror(errno));
		arena_free(ra);
		return 1;
	}
	if ((csv = csv_open(f, &bill_limits)) == NULL ||
	    (rc = csv_read(csv, ra, &row, &why)) != CSV_ROW ||
	    (why = bill_columns(row.field, row.n, map)) != NULL) {
		fprintf(err, "portalctl: statements import: %s\n", csv == NULL ?
		    "out of memory" : why != NULL ? why : "no header row");
		goto fail;
	}
	for (;;) {
		arena_reset(ra);
		rc = csv_read(csv, ra, &row, &why);
		if (rc == CSV_END)
			break;
		if (rc == CSV_ERROR) {
			fprintf(err, "portalctl: statements import: reading "
			    "failed\n");
			goto fail;
		}
		if (rc == CSV_BAD) {
			/* Whose row it was cannot be known: the row is
			 * refused, and so is the statement gathered. */
			r->badrows++;
			say(r, "refused: line %zu: %s\n", row.line, why);
			if (r->n > 0 && r->bad == NULL)
				r->bad = "a row of it (or just after it) is not "
				    "well-formed CSV";
			continue;
		}
		st = map[BC_STATEMENT] < (int)row.n ?
		    row.field[map[BC_STATEMENT]] : "";
		if (r->n == 0 || strcmp(st, r->rows[0].statement) != 0) {
			flush(r);
			r->first_line = row.line;
		}
		if ((why = bill_row_check(ra, row.field, row.n, map,
		    &br)) != NULL) {
			if (r->bad == NULL)
				r->bad = arena_printf(r->sa, "line %zu: %s",
				    row.line, why);
			if (r->n == 0) {
				/* Nothing gathered to name it by: keep the
				 * number so its other rows join it. */
				memset(&br, 0, sizeof(br));
				br.statement = br.guarantor = br.gname = "";
				br.gemail = br.date = br.due = br.mrn = "";
				br.service = br.desc = "";
				br.statement = st;
				row_keep(r, &br);
			}
			continue;
		}
		if (r->n > 0 && r->bad == NULL &&
		    (why = bill_row_same(&r->rows[0], &br)) != NULL)
			r->bad = arena_printf(r->sa, "line %zu: %s", row.line,
			    why);
		if (r->n >= BILL_LINES_MAX) {
			if (r->bad == NULL)
				r->bad = "more than 500 lines";
			continue;
		}
		row_keep(r, &br);
	}
	flush(r);
	fprintf(r->out, "statements import: %ld statements in %ld s: %ld new, "
	    "%ld updated, %ld refused, %ld failed; %ld rows not CSV\n",
	    r->statements, (long)(time(NULL) - t0), r->fresh, r->updated,
	    r->refused, r->failed, r->badrows);
	if (r->named > REASONS_MAX)
		fprintf(r->out, "(%ld more refusals not named)\n",
		    r->named - REASONS_MAX);
	csv_close(csv);
	if (f != stdin)
		fclose(f);
	arena_free(ra);
	return r->refused > 0 || r->failed > 0 || r->badrows > 0;
fail:
	if (csv != NULL)
		csv_close(csv);
	if (f != stdin)
		fclose(f);
	arena_free(ra);
	return 1;
}

int
ctl_statements(int argc, char **argv, FILE *out, FILE *err)
{
	struct run	 r;
	int		 rc;

	if (argc != 2 || strcmp(argv[0], "import") != 0) {
		fputs(usage, err);
		return 2;
	}
	memset(&r, 0, sizeof(r));
	r.out = out;
	r.sa = arena_new();
	r.c.a = arena_new();
	if ((r.c.p = portal_open(0)) == NULL) {
		fprintf(err, "portalctl: statements import: cannot open the "
		    "portal\n");
		return 1;
	}
	r.c.who.kind = ACTOR_CLI;
	rc = import(&r, argv[1], err);
	portal_close(r.c.p);
	arena_free(r.c.a);
	arena_free(r.sa);
	return rc;
}
