/*
 * portalctl audit search|export|disclosures (audit_ctl.h).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "audit_ctl.h"
#include "call.h"
#include "ctlopt.h"
#include "portal.h"
#include "privacy.h"
#include "valid.h"

static const char usage[] =
    "usage: portalctl audit search [--mrn MRN] [--actor WHO] [--action NAME]\n"
    "           [--since WHEN] [--until WHEN] [--page N]\n"
    "       portalctl audit export [--format csv|jsonl] (the same filters)\n"
    "       portalctl audit disclosures --mrn MRN [--format csv|jsonl]\n"
    "  WHO: family:12 staff:3 provider:5 sponsored:2 cli anonymous, or a "
    "kind alone\n  NAME: record.view.labs, or record.* for a family\n"
    "  WHEN: YYYY-MM-DD or YYYY-MM-DDTHH:MM, hospital time (--until a "
    "date:\n  through the end of that day)\n";

/* A filter option's message, prefixed with the option, to err. */
static int
bad(FILE *err, const char *opt, const char *msg)
{
	fprintf(err, "portalctl: %s: %s\n", opt, msg);
	return 1;
}

/* The filter of the options into q; 0, or 1 after a message. */
static int
filter(struct arena *a, int argc, char **argv, struct privacy_q *q, FILE *err)
{
	const char	*v, *msg;

	memset(q, 0, sizeof(*q));
	q->page = 1;
	q->mrn = ctl_opt_or(argc, argv, "--mrn", "");
	if (*q->mrn != '\0' && (msg = valid_mrn(a, q->mrn, strlen(q->mrn),
	    &q->mrn)) != NULL)
		return bad(err, "--mrn", msg);
	q->actor = ctl_opt_or(argc, argv, "--actor", "");
	if (*q->actor != '\0' && (msg = auditq_actor(a, q->actor, &q->f)) != NULL)
		return bad(err, "--actor", msg);
	q->action = ctl_opt_or(argc, argv, "--action", "");
	if (*q->action != '\0' &&
	    (msg = auditq_action(a, q->action, &q->f)) != NULL)
		return bad(err, "--action", msg);
	q->since = ctl_opt_or(argc, argv, "--since", "");
	if (*q->since != '\0' &&
	    (msg = auditq_when(q->since, 0, &q->f.since)) != NULL)
		return bad(err, "--since", msg);
	q->until = ctl_opt_or(argc, argv, "--until", "");
	if (*q->until != '\0' &&
	    (msg = auditq_when(q->until, 1, &q->f.until)) != NULL)
		return bad(err, "--until", msg);
	if (q->f.since != 0 && q->f.until != 0 && q->f.until <= q->f.since)
		return bad(err, "--until", "Enter an end after the start.");
	if ((v = ctl_opt(argc, argv, "--page")) != NULL &&
	    (msg = auditq_page(v, &q->page)) != NULL)
		return bad(err, "--page", msg);
	return 0;
}

/* A value for the table: control characters (a detail can hold what
 * someone typed) shown as '?', so no value moves the terminal. */
static const char *
cell(struct arena *a, const char *s)
{
	char	*t;
	size_t	 i;

	if (s == NULL)
		return "-";
	t = arena_strdup(a, s);
	for (i = 0; t[i] != '\0'; i++)
		if ((unsigned char)t[i] < 0x20 || t[i] == 0x7f)
			t[i] = '?';
	return *t != '\0' ? t : "-";
}

static int
put(const char *s, size_t len, void *arg)
{
	return fwrite(s, 1, len, arg) == len ? 0 : -1;
}

static int
failed(enum app_rc rc, enum privacy_why why, FILE *err)
{
	const char	*field, *msg = privacy_why_words(why, &field);

	if (rc == APP_INVALID && msg != NULL)
		fprintf(err, "portalctl: --%s: %s\n", field, msg);
	else
		fputs("portalctl: database error\n", err);
	return 1;
}

static int
format_of(int argc, char **argv, enum privacy_format *fmt, FILE *err)
{
	const char	*f = ctl_opt_or(argc, argv, "--format", "csv");

	if (strcmp(f, "csv") == 0)
		*fmt = PRIVACY_CSV;
	else if (strcmp(f, "jsonl") == 0)
		*fmt = PRIVACY_JSONL;
	else
		return bad(err, "--format", "csv or jsonl");
	return 0;
}

static int
search(struct call *c, int argc, char **argv, FILE *out, FILE *err)
{
	struct privacy_q	 q;
	struct privacy_row	*r;
	enum privacy_why	 why;
	enum app_rc		 rc;
	size_t			 n, i;
	int			 more;

	if (filter(c->a, argc, argv, &q, err) != 0)
		return 1;
	if ((rc = app_privacy_search(c, &q, &r, &n, &more, &why)) != APP_OK)
		return failed(rc, why, err);
	fprintf(out, "%-8s %-16s %-14s %-28s %-10s %s\n", "ROW", "WHEN (LOCAL)",
	    "ACTOR", "ACTION", "MRN", "WHO / DETAIL");
	for (i = 0; i < n; i++)
		fprintf(out, "%-8" PRId64 " %-16s %-14s %-28s %-10s %s / %s\n",
		    r[i].found.r.id, r[i].when, cell(c->a, r[i].found.r.actor),
		    cell(c->a, r[i].found.r.action), cell(c->a, r[i].found.mrn),
		    cell(c->a, r[i].who), cell(c->a, r[i].found.r.detail));
	fprintf(out, "page %" PRId64 ": %zu rows%s\n", q.page, n, more ?
	    arena_printf(c->a, "; more on --page %" PRId64, q.page + 1) : "");
	return 0;
}

static int
export(struct call *c, int argc, char **argv, FILE *out, FILE *err)
{
	struct privacy_q	 q;
	enum privacy_format	 fmt;
	enum privacy_why	 why;
	enum app_rc		 rc;

	if (filter(c->a, argc, argv, &q, err) != 0 ||
	    format_of(argc, argv, &fmt, err) != 0)
		return 1;
	if ((rc = app_privacy_export(c, &q, fmt, put, out, &why)) != APP_OK)
		return failed(rc, why, err);
	return fflush(out) == 0 ? 0 : 1;
}

static int
disclosures(struct call *c, int argc, char **argv, FILE *out, FILE *err)
{
	struct privacy_row	*r;
	const char		*mrn = ctl_opt(argc, argv, "--mrn"), *msg;
	enum privacy_format	 fmt;
	enum privacy_why	 why;
	enum app_rc		 rc;
	size_t			 n, i;

	if (mrn == NULL)
		return bad(err, "--mrn", "the patient's MRN is needed");
	if ((msg = valid_mrn(c->a, mrn, strlen(mrn), &mrn)) != NULL)
		return bad(err, "--mrn", msg);
	if (ctl_opt(argc, argv, "--format") != NULL) {
		if (format_of(argc, argv, &fmt, err) != 0)
			return 1;
		if ((rc = app_privacy_disclosures_export(c, mrn, fmt, put, out,
		    &why)) != APP_OK)
			return failed(rc, why, err);
		return fflush(out) == 0 ? 0 : 1;
	}
	if ((rc = app_privacy_disclosures(c, mrn, &r, &n, &why)) != APP_OK)
		return failed(rc, why, err);
	fprintf(out, "%-8s %-16s %-40s %s\n", "ROW", "WHEN (LOCAL)", "TO WHOM",
	    "WHAT / DETAIL");
	for (i = 0; i < n; i++)
		fprintf(out, "%-8" PRId64 " %-16s %-40s %s / %s\n",
		    r[i].found.r.id, r[i].when, cell(c->a, r[i].recipient),
		    cell(c->a, r[i].what), cell(c->a, r[i].found.r.detail));
	fprintf(out, "%zu disclosures\n", n);
	return 0;
}

int
ctl_audit_query(int argc, char **argv, FILE *out, FILE *err)
{
	static const struct {
		const char	*verb;
		int		(*fn)(struct call *, int, char **, FILE *, FILE *);
	} verbs[] = {
		{ "search", search },
		{ "export", export },
		{ "disclosures", disclosures },
	};
	struct call	 c;
	size_t		 i;
	int		 rc;

	for (i = 0; argc >= 1 && i < sizeof(verbs) / sizeof(verbs[0]); i++)
		if (strcmp(argv[0], verbs[i].verb) == 0)
			break;
	if (argc < 1 || i == sizeof(verbs) / sizeof(verbs[0])) {
		fputs(usage, err);
		return 2;
	}
	memset(&c, 0, sizeof(c));
	c.a = arena_new();
	c.p = portal_open(0);
	c.who.kind = ACTOR_CLI;
	c.who.addr = "";
	c.now = time(NULL);
	rc = verbs[i].fn(&c, argc, argv, out, err);
	portal_close(c.p);
	arena_free(c.a);
	return rc;
}
