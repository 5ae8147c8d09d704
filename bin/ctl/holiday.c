/*
 * "portalctl holiday add|list|remove": the hospital's holidays, which are
 * not business days for answer due times (F-MSG 3). One row per verb in
 * the table below; inputs are checked with the web forms' validators, and
 * each change is written to the audit log with the change itself.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "audit.h"
#include "bizday.h"
#include "holiday.h"
#include "db.h"
#include "store_holidays.h"
#include "valid.h"

static const char *const wdays[] = { "Sunday", "Monday", "Tuesday",
    "Wednesday", "Thursday", "Friday", "Saturday" };

static const char usage[] =
    "usage: portalctl holiday add YYYY-MM-DD NAME\n"
    "       portalctl holiday list\n"
    "       portalctl holiday remove YYYY-MM-DD\n";

/* The validated date in *date (YYYY-MM-DD) and its weekday, or -1 with
 * the reason printed. */
static int
arg_date(struct arena *a, const char *in, const char **date, FILE *out)
{
	const char	*msg;
	int		 y, m, d;

	if ((msg = valid_date(a, in, strlen(in), date)) != NULL) {
		fprintf(out, "portalctl: holiday: \"%s\": %s\n", in, msg);
		return -1;
	}
	if (!valid_ymd(*date, &y, &m, &d)) {
		fprintf(out, "portalctl: holiday: \"%s\": not a date\n", in);
		return -1;
	}
	return bizday_weekday(y, m, d);
}

/* Runs the change and its audit row in one transaction. */
static int
change(struct db *db, int (*fn)(struct db *, const char *, const char *),
    const char *date, const char *name, const char *action, const char *detail)
{
	int	 rc;

	if (db_begin(db) == -1)
		return -1;
	if ((rc = fn(db, date, name)) != 0) {
		db_rollback(db);
		return rc;
	}
	if (audit_write(db, time(NULL), "portalctl", action, 0, NULL, detail) == -1 ||
	    db_commit(db) == -1) {
		db_rollback(db);
		return -1;
	}
	return 0;
}

/* store_holiday_add and _remove as "0 done, 1 not done, -1 error". */
static int
do_add(struct db *db, const char *date, const char *name)
{
	return store_holiday_add(db, date, name);
}

static int
do_remove(struct db *db, const char *date, const char *name)
{
	int	 rc;

	(void)name;
	rc = store_holiday_remove(db, date);
	return rc == 1 ? 0 : rc == 0 ? 1 : -1;
}

static int
cmd_add(struct db *db, struct arena *a, int argc, char **argv, FILE *out)
{
	struct buf	 b;
	const char	*date, *name, *msg;
	int		 w, i, rc;

	if ((w = arg_date(a, argv[2], &date, out)) == -1)
		return 2;
	/* The name may come as one quoted argument or as several words. */
	buf_init(&b, a);
	for (i = 3; i < argc; i++) {
		if (i > 3)
			buf_putc(&b, ' ');
		buf_puts(&b, argv[i]);
	}
	if (strspn(b.b_data, " \t") == b.b_len) {
		fputs("portalctl: holiday: give the holiday a name, as in "
		    "\"portalctl holiday add 2026-12-25 Christmas Day\"\n", out);
		return 2;
	}
	if ((msg = valid_line(a, b.b_data, b.b_len, &name)) != NULL) {
		fprintf(out, "portalctl: holiday: name: %s\n", msg);
		return 2;
	}
	rc = change(db, do_add, date, name, "holiday.add",
	    arena_printf(a, "%s %s", date, name));
	if (rc == 1) {
		fprintf(out, "portalctl: holiday: there is a holiday on %s already "
		    "(see \"portalctl holiday list\"); remove it first to rename it\n",
		    date);
		return 1;
	}
	if (rc == -1) {
		fprintf(out, "portalctl: holiday: cannot add %s: database error\n",
		    date);
		return 1;
	}
	fprintf(out, "holiday added: %s (%s) %s\n", date, wdays[w], name);
	if (w == 0 || w == 6)
		fprintf(out, "note: %s is a %s, never a business day anyway; the "
		    "day off observed in the week needs a holiday of its own\n",
		    date, wdays[w]);
	return 0;
}

static int
cmd_list(struct db *db, struct arena *a, int argc, char **argv, FILE *out)
{
	struct holiday	*h;
	size_t		 n, i;
	int		 y, m, d, w;

	(void)argc;
	(void)argv;
	if (store_holiday_list(db, a, &h, &n) == -1) {
		fputs("portalctl: holiday: cannot read the holidays: database "
		    "error\n", out);
		return 1;
	}
	if (n == 0)
		fputs("no holidays: every Monday to Friday is a business day\n", out);
	for (i = 0; i < n; i++) {
		w = h[i].h_date != NULL && valid_ymd(h[i].h_date, &y, &m, &d) ?
		    bizday_weekday(y, m, d) : -1;
		fprintf(out, "%s  %-9s  %s\n", h[i].h_date ? h[i].h_date : "(none)",
		    w >= 0 ? wdays[w] : "?", h[i].h_name ? h[i].h_name : "");
	}
	return 0;
}

static int
cmd_remove(struct db *db, struct arena *a, int argc, char **argv, FILE *out)
{
	const char	*date;
	int		 rc;

	(void)argc;
	if (arg_date(a, argv[2], &date, out) == -1)
		return 2;
	rc = change(db, do_remove, date, NULL, "holiday.remove", date);
	if (rc == 1) {
		fprintf(out, "portalctl: holiday: there is no holiday on %s "
		    "(see \"portalctl holiday list\")\n", date);
		return 1;
	}
	if (rc == -1) {
		fprintf(out, "portalctl: holiday: cannot remove %s: database "
		    "error\n", date);
		return 1;
	}
	fprintf(out, "holiday removed: %s\n", date);
	return 0;
}

static const struct {
	const char	*verb;
	int		 min, max;	/* argc, counting "holiday" and the verb */
	int		(*fn)(struct db *, struct arena *, int, char **, FILE *);
} verbs[] = {
	{ "add", 3, -1, cmd_add },
	{ "list", 2, 2, cmd_list },
	{ "remove", 3, 3, cmd_remove },
};

int
bizday_cmd_holiday(struct db *db, int argc, char **argv, FILE *out)
{
	struct arena	*a;
	size_t		 i;
	int		 rc;

	for (i = 0; argc >= 2 && i < sizeof(verbs) / sizeof(verbs[0]); i++)
		if (strcmp(verbs[i].verb, argv[1]) == 0)
			break;
	if (argc < 2 || i == sizeof(verbs) / sizeof(verbs[0])) {
		if (argc >= 2)
			fprintf(out, "portalctl: holiday: unknown action \"%s\"\n",
			    argv[1]);
		fputs(usage, out);
		return 2;
	}
	if (argc < verbs[i].min || (verbs[i].max != -1 && argc > verbs[i].max)) {
		fprintf(out, "portalctl: holiday %s: %s\n", verbs[i].verb,
		    argc < verbs[i].min ? "missing arguments" : "too many arguments");
		fputs(usage, out);
		return 2;
	}
	a = arena_new();
	rc = verbs[i].fn(db, a, argc, argv, out);
	arena_free(a);
	return rc;
}
