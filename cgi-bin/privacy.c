/*
 * privacy: the privacy office's audit log (issue 16.1; S-1, H-2). Who
 * may, what is read and the audit are lib/app/privacy.c's; the filter's
 * parsing is lib/app/auditq.c's, shared with portalctl audit.
 *
 *   GET /staff/audit/              ?mrn=&actor=&action=&since=&until=
 *                                  &page=: the rows, newest first, 50 a
 *                                  page; &format=csv|jsonl: every row
 *                                  of the filter, oldest first, as a file
 *   GET /staff/audit/disclosures   ?mrn=: a patient's accounting of
 *                                  disclosures; &format=csv|jsonl
 */
#include <inttypes.h>
#include <string.h>

#include "conf.h"
#include "form.h"
#include "http.h"
#include "privacy.h"
#include "tmpl.h"

#define N(x) (sizeof(x) / sizeof((x)[0]))

static const char *
valid_format(struct arena *a, const char *in, size_t len, const char **out)
{
	if ((len == 3 && memcmp(in, "csv", 3) == 0) ||
	    (len == 5 && memcmp(in, "jsonl", 5) == 0)) {
		*out = arena_strndup(a, in, len);
		return NULL;
	}
	return "Choose CSV or JSON lines.";
}

static const struct field search_query[] = {
	{ "mrn", "MRN", valid_mrn, 0 },
	{ "actor", "Who", auditq_valid_actor, 0 },
	{ "action", "Action", auditq_valid_action, 0 },
	{ "since", "From", auditq_valid_when, 0 },
	{ "until", "Through", auditq_valid_until, 0 },
	{ "page", "Page", auditq_valid_page, 0 },
	{ "format", "Format", valid_format, 0 },
};

static const struct field disclosures_query[] = {
	{ "mrn", "MRN", valid_mrn, F_REQ },
	{ "format", "Format", valid_format, 0 },
};

static int
role_refused(struct ctx *c)
{
	return http_fail(c, 403, "The audit log is for the privacy office "
	    "(the privacy role). Ask the portal's administrator if you need "
	    "it.");
}

/* The form alone (empty, or a filter in error): nothing was read, so
 * nothing audited; still only for the privacy office. */
static int
form_only(struct ctx *c, struct form *f, int status,
    int (*show)(struct ctx *, struct form *, int))
{
	int	 rc = app_privacy_may(&c->call);

	if (rc != 1)
		return rc == 0 ? role_refused(c) : http_app_status(c, APP_ERROR);
	http_no_phi(c);
	return show(c, f, status);
}

/* An export's lines go to the response body (the worker sends it when
 * the handler returns; the rows were read one at a time), up to
 * audit_export_kb: past it the export stops and the page says so. */
struct sink {
	struct buf	*b;
	size_t		 max;
	int		 too_big;
};

static int
put(const char *s, size_t len, void *arg)
{
	struct sink	*k = arg;

	if (k->b->b_len + len > k->max) {
		k->too_big = 1;
		return 1;
	}
	buf_put(k->b, s, len);
	return 0;
}

static void
sink_init(struct ctx *c, struct sink *k)
{
	buf_init(&c->body, c->call.a);
	k->b = &c->body;
	k->max = (size_t)c->call.p->conf->audit_export_kb * 1024;
	k->too_big = 0;
}

/* The export stopped at audit_export_kb: nothing is sent, the form says
 * how to get it (its audit.export row stays: it was asked for). The
 * search narrows by its filter; the accounting of one patient cannot. */
static int
too_big(struct ctx *c, struct form *f, const char *field, const char *how,
    int (*show)(struct ctx *, struct form *, int))
{
	buf_init(&c->body, c->call.a);
	form_error(f, field, arena_printf(c->call.a, "This export is larger "
	    "than the page sends (%ld KB). %s", c->call.p->conf->audit_export_kb,
	    how));
	return form_only(c, f, 400, show);
}

static const char *
val(const struct form *f, const char *name)
{
	const char	*v = form_val(f, name);

	return v != NULL ? v : "";
}

/* The filter of a form without errors (its values parse again). */
static void
query_of(struct ctx *c, const struct form *f, struct privacy_q *q)
{
	memset(q, 0, sizeof(*q));
	q->mrn = val(f, "mrn");
	q->actor = val(f, "actor");
	q->action = val(f, "action");
	q->since = val(f, "since");
	q->until = val(f, "until");
	if (*q->actor != '\0')
		auditq_actor(c->call.a, q->actor, &q->f);
	if (*q->action != '\0')
		auditq_action(c->call.a, q->action, &q->f);
	if (*q->since != '\0')
		auditq_when(q->since, 0, &q->f.since);
	if (*q->until != '\0')
		auditq_when(q->until, 1, &q->f.until);
	q->page = 1;
	if (*val(f, "page") != '\0')
		auditq_page(val(f, "page"), &q->page);
}

static int
refusal(struct ctx *c, enum app_rc rc, enum privacy_why why, struct form *f,
    int (*show)(struct ctx *, struct form *, int))
{
	const char	*field, *msg = privacy_why_words(why, &field);

	if (rc == APP_INVALID && msg != NULL) {
		form_error(f, field, msg);
		http_no_phi(c);
		return show(c, f, 404);
	}
	if (rc == APP_REFUSED)
		return role_refused(c);
	return http_app_status(c, rc);
}

/* The page's query string of the filter, for paging and export links
 * (the template escapes each value for a URL). */
static void
filter_vars(struct ctx *c, const struct form *f)
{
	static const char *const keep[] = { "mrn", "actor", "action", "since",
	    "until" };
	size_t		 i;

	for (i = 0; i < N(keep); i++)
		tvars_str(c->vars, arena_printf(c->call.a, "q_%s", keep[i]),
		    val(f, keep[i]));
}

static int
search_show(struct ctx *c, struct form *f, int status)
{
	tvars_str(c->vars, "title", "Audit log");
	c->page = "audit";
	form_echo(f, c->vars);
	return status;
}

static int
export_send(struct ctx *c, int disclosures, enum privacy_format fmt)
{
	c->raw = 1;
	c->ctype = fmt == PRIVACY_CSV ? "text/csv; charset=utf-8" :
	    "application/x-ndjson; charset=utf-8";
	http_header(c, "Content-Disposition", arena_printf(c->call.a,
	    "attachment; filename=\"%s\"", privacy_filename(disclosures, fmt)));
	return 200;
}

static enum privacy_format
format_of(const struct form *f)
{
	return strcmp(val(f, "format"), "jsonl") == 0 ? PRIVACY_JSONL :
	    PRIVACY_CSV;
}

static int
search_get(struct ctx *c)
{
	struct form		 f;
	struct privacy_q	 q;
	struct privacy_row	*rows;
	struct tvars		*it;
	struct sink		 k;
	enum privacy_why	 why;
	enum app_rc		 rc;
	size_t			 n, i;
	int			 more;

	form_query(c, search_query, N(search_query), &f);
	if (c->nquery == 0)
		return form_only(c, &f, 200, search_show);
	if (f.nerr > 0)
		return form_only(c, &f, 400, search_show);
	query_of(c, &f, &q);
	if (q.f.since != 0 && q.f.until != 0 && q.f.until <= q.f.since) {
		form_error(&f, "until", "Enter an end after the start.");
		return form_only(c, &f, 400, search_show);
	}
	if (*val(&f, "format") != '\0') {
		sink_init(c, &k);
		rc = app_privacy_export(&c->call, &q, format_of(&f), put,
		    &k, &why);
		if (k.too_big)
			return too_big(c, &f, "since", "Narrow the filter "
			    "(the dates, the actor or the action), or ask IT "
			    "to run portalctl audit export, which has no "
			    "limit.", search_show);
		if (rc != APP_OK)
			return refusal(c, rc, why, &f, search_show);
		return export_send(c, 0, format_of(&f));
	}
	rc = app_privacy_search(&c->call, &q, &rows, &n, &more, &why);
	if (rc != APP_OK)
		return refusal(c, rc, why, &f, search_show);
	search_show(c, &f, 200);
	tvars_bool(c->vars, "searched", 1);
	filter_vars(c, &f);
	tvars_list(c->vars, "rows");
	for (i = 0; i < n; i++) {
		it = tvars_item(c->vars, "rows");
		tvars_int(it, "id", rows[i].found.r.id);
		tvars_datetime(it, "when", rows[i].found.r.at);
		tvars_str(it, "actor", rows[i].found.r.actor);
		tvars_str(it, "who", rows[i].who);
		tvars_str(it, "action", rows[i].found.r.action);
		tvars_str(it, "mrn", rows[i].found.mrn != NULL ?
		    rows[i].found.mrn : "");
		tvars_str(it, "patient", rows[i].patient);
		tvars_str(it, "addr", rows[i].found.r.addr != NULL ?
		    rows[i].found.r.addr : "");
		tvars_str(it, "detail", rows[i].found.r.detail != NULL ?
		    rows[i].found.r.detail : "");
	}
	tvars_int(c->vars, "page", q.page);
	if (q.page > 1)
		tvars_int(c->vars, "prev", q.page - 1);
	if (more)
		tvars_int(c->vars, "next", q.page + 1);
	if (n == 0)
		tvars_str(c->vars, "none", q.page > 1 ? "No rows on this page."
		    : "No rows match this filter.");
	return 200;
}

static int
disclosures_show(struct ctx *c, struct form *f, int status)
{
	tvars_str(c->vars, "title", "Accounting of disclosures");
	c->page = "audit_disclosures";
	form_echo(f, c->vars);
	return status;
}

static int
disclosures_get(struct ctx *c)
{
	struct form		 f;
	struct privacy_row	*rows;
	struct tvars		*it;
	struct sink		 k;
	enum privacy_why	 why;
	enum app_rc		 rc;
	size_t			 n, i;

	form_query(c, disclosures_query, N(disclosures_query), &f);
	if (c->nquery == 0) {
		form_error_clear(&f, "mrn");
		return form_only(c, &f, 200, disclosures_show);
	}
	if (f.nerr > 0)
		return form_only(c, &f, 400, disclosures_show);
	if (*val(&f, "format") != '\0') {
		sink_init(c, &k);
		rc = app_privacy_disclosures_export(&c->call, val(&f, "mrn"),
		    format_of(&f), put, &k, &why);
		if (k.too_big)
			return too_big(c, &f, "mrn", "Ask IT to run "
			    "portalctl audit disclosures with this MRN, which "
			    "has no limit.", disclosures_show);
		if (rc != APP_OK)
			return refusal(c, rc, why, &f, disclosures_show);
		return export_send(c, 1, format_of(&f));
	}
	rc = app_privacy_disclosures(&c->call, val(&f, "mrn"), &rows, &n, &why);
	if (rc != APP_OK)
		return refusal(c, rc, why, &f, disclosures_show);
	disclosures_show(c, &f, 200);
	tvars_bool(c->vars, "searched", 1);
	tvars_str(c->vars, "q_mrn", val(&f, "mrn"));
	tvars_list(c->vars, "rows");
	for (i = 0; i < n; i++) {
		it = tvars_item(c->vars, "rows");
		tvars_int(it, "id", rows[i].found.r.id);
		tvars_datetime(it, "when", rows[i].found.r.at);
		tvars_str(it, "recipient", rows[i].recipient);
		tvars_str(it, "actor", rows[i].found.r.actor);
		tvars_str(it, "action", rows[i].found.r.action);
		tvars_str(it, "what", rows[i].what);
		tvars_str(it, "detail", rows[i].found.r.detail != NULL ?
		    rows[i].found.r.detail : "");
	}
	if (n > 0)
		tvars_str(c->vars, "patient", rows[0].patient);
	return 200;
}

static const struct route routes[] = {
	{ M_GET, "/staff/audit/", search_get, R_STAFF | R_PHI },
	{ M_GET, "/staff/audit/disclosures", disclosures_get, R_STAFF | R_PHI },
};

int
main(void)
{
	static const struct app app = { "privacy", routes, N(routes) };

	return http_main(&app);
}
