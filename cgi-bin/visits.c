/*
 * visits: the family's Visits pages (issue 13.3-13.6, 13.8-13.9, F-VISIT
 * 1-7). Fields in, one operation of lib/app/visits.h, the page out.
 *   GET  /visits/?p=N&done=WHAT     upcoming and past visits, requests
 *   GET  /visits/visit?v=N          one visit's details and actions
 *   POST /visits/confirm, /visits/cancel (v, reason), /visits/join (v)
 *   GET  /visits/ics?v=N            the calendar file
 *   GET  /visits/request?p=N, POST  "Request a visit"
 *   GET  /visits/schedule?p=N&type=N&from=N | ?again=VISIT
 *   POST /visits/book (p, slot)     self-scheduling
 * Another patient's visit, a malformed id, a visit not the caller's to
 * see: the one 404 page of a missing visit.
 */
#include <string.h>

#include "about.h"
#include "conf.h"
#include "form.h"
#include "http.h"
#include "tmpl.h"
#include "visit_page.h"
#include "visits.h"

#define N(x) (sizeof(x) / sizeof((x)[0]))

static const char *const dones[] = {
	"confirmed", "cancelled", "booked", "requested",
};
static const struct field list_query[] = {
	{ "p", "patient", valid_id, 0 },
	{ "done", "done", valid_line, 0 },
};
static const struct field one_query[] = {
	{ "v", "visit", valid_id, 0 },
	{ "done", "done", valid_line, 0 },
};
static const struct field one_fields[] = {
	{ "v", "visit", valid_id, 0 },
	{ "reason", "reason for cancelling", valid_line, 0 },
};
static const struct field request_fields[] = {
	{ "p", "patient", valid_id, F_REQ },
	{ "clinic", "clinic", valid_id, F_REQ },
	{ "reason", "reason for the visit", valid_line, F_REQ },
	{ "preferred", "preferred days and times", valid_line, F_REQ },
	{ "phone", "contact phone", valid_phone, F_REQ },
};
static const struct field schedule_query[] = {
	{ "p", "patient", valid_id, 0 },
	{ "type", "visit type", valid_id, 0 },
	{ "from", "more", valid_id, 0 },
	{ "again", "visit", valid_id, 0 },
};
static const struct field book_fields[] = {
	{ "p", "patient", valid_id, 0 },
	{ "slot", "time", valid_id, F_REQ },
};

static struct record_ask
ask(struct ctx *c, const struct form *f, const char *name, int post)
{
	struct record_ask	 q;

	q.id = form_id(f, name);
	q.raw = post ? http_form(c, name) : http_query(c, name);
	return q;
}

static void
dones_vars(struct ctx *c, const struct form *f)
{
	size_t	 i;

	for (i = 0; i < N(dones) && form_val(f, "done") != NULL; i++)
		if (strcmp(form_val(f, "done"), dones[i]) == 0)
			tvars_bool(c->vars, arena_printf(c->call.a, "done_%s",
			    dones[i]), 1);
}

/* The refusal page: no such patient or visit (404), or nobody. */
static int
refuse(struct ctx *c, enum app_rc rc, enum visits_why why)
{
	if (rc != APP_REFUSED && rc != APP_INVALID)
		return http_app_status(c, rc);
	tvars_str(c->vars, "title", "Visits");
	tvars_bool(c->vars, why == VW_NO_PATIENT ? "no_patient" : "not_seen", 1);
	c->page = "visits_refused";
	return why == VW_NO_PATIENT ? 200 : 404;
}

static int
list_get(struct ctx *c)
{
	struct visits_page_in	 in;
	struct visits_page_out	 out;
	struct form		 f;
	enum app_rc		 rc;
	size_t			 i;

	form_query(c, list_query, N(list_query), &f);
	dones_vars(c, &f);
	in.p = ask(c, &f, "p", 0);
	if ((rc = app_visits_page(&c->call, &in, &out)) != APP_OK)
		return refuse(c, rc, out.why);
	tvars_str(c->vars, "title", "Visits");
	visit_page_switcher(c, out.choices, out.nchoices, &out.rv);
	tvars_list(c->vars, "upcoming");
	for (i = 0; i < out.nupcoming; i++)
		visit_page_visit(c, tvars_item(c->vars, "upcoming"), &out.upcoming[i]);
	tvars_list(c->vars, "past");
	for (i = 0; i < out.npast; i++)
		visit_page_visit(c, tvars_item(c->vars, "past"), &out.past[i]);
	visit_page_encounters(c, out.encounters, out.nencounters);
	visit_page_requests(c, out.requests, out.nrequests);
	tvars_bool(c->vars, "can_schedule", out.can_schedule);
	c->page = "visits";
	return 200;
}

/* The details page of a loaded visit (f: the cancel form, to show again). */
static int
detail_show(struct ctx *c, const struct visits_one_out *out, struct form *f,
    int status)
{
	tvars_str(c->vars, "title", "Visit details");
	tvars_bool(c->vars, "details", 1);
	/* "Begin video visit" leads (303) to the video service. */
	if (out->it.may[VISIT_JOIN] == VISIT_OK)
		http_form_action(c, visits_video_origin(c->call.a,
		    c->call.p->conf->video_url));
	visit_page_visit(c, c->vars, &out->it);
	about_vars(c, &out->it.s.rv.patient);
	if (out->why == VW_POLICY)
		tvars_bool(c->vars, arena_printf(c->call.a, "refused_%s",
		    policy_visit_verdict_name(out->verdict)), 1);
	if (f != NULL)
		form_echo(f, c->vars);
	c->page = "visit";
	return status;
}

static int
detail_get(struct ctx *c)
{
	struct visits_one_in	 in;
	struct visits_one_out	 out;
	struct form		 f;
	enum app_rc		 rc;

	form_query(c, one_query, N(one_query), &f);
	dones_vars(c, &f);
	memset(&in, 0, sizeof(in));
	in.v = ask(c, &f, "v", 0);
	if ((rc = app_visits_detail(&c->call, &in, &out)) != APP_OK)
		return refuse(c, rc, out.why);
	return detail_show(c, &out, NULL, 200);
}

/* Confirm, cancel and join: POSTs of one visit. */
static int
one_post(struct ctx *c)
{
	struct visits_one_in	 in;
	struct visits_one_out	 out;
	struct form		 f;
	enum app_rc		 rc;
	int			 cancel = strcmp(c->path, "/visits/cancel") == 0;
	int			 join = strcmp(c->path, "/visits/join") == 0;

	form_read(c, one_fields, N(one_fields), &f);
	memset(&in, 0, sizeof(in));
	in.v = ask(c, &f, "v", 1);
	in.reason = form_val(&f, "reason");
	if (cancel && form_has_error(&f, "reason")) {
		/* The typed reason is wrong: the page again, nothing done. */
		if ((rc = app_visits_detail(&c->call, &in, &out)) != APP_OK)
			return refuse(c, rc, out.why);
		return detail_show(c, &out, &f, 422);
	}
	rc = join ? app_visits_join(&c->call, &in, &out) : cancel ?
	    app_visits_cancel(&c->call, &in, &out) :
	    app_visits_confirm(&c->call, &in, &out);
	if (rc == APP_OK && join) {
		/* The video service's address: checked by visits_join_url
		 * (http(s), no control characters); never logged. */
		c->location = out.url;
		return 303;
	}
	if (rc == APP_OK)
		return http_redirect(c, arena_printf(c->call.a,
		    "/visits/visit?v=%lld&done=%s", (long long)in.v.id,
		    cancel ? "cancelled" : "confirmed"));
	if (rc == APP_INVALID) {
		form_error(&f, out.field, out.problem);
		if ((rc = app_visits_detail(&c->call, &in, &out)) != APP_OK)
			return refuse(c, rc, out.why);
		return detail_show(c, &out, &f, 422);
	}
	if (rc == APP_REFUSED && out.why == VW_POLICY)
		return detail_show(c, &out, &f, 409);
	return refuse(c, rc, out.why);
}

static int
ics_get(struct ctx *c)
{
	struct visits_one_in	 in;
	struct visits_one_out	 out;
	struct form		 f;
	enum app_rc		 rc;

	form_query(c, one_query, N(one_query), &f);
	memset(&in, 0, sizeof(in));
	in.v = ask(c, &f, "v", 0);
	if ((rc = app_visits_ics(&c->call, &in, &out)) != APP_OK)
		return refuse(c, rc, out.why);
	c->body = out.ics;
	c->raw = 1;
	c->ctype = "text/calendar; charset=utf-8";
	http_header(c, "Content-Disposition",
	    arena_printf(c->call.a, "attachment; filename=\"visit-%lld.ics\"",
	    (long long)in.v.id));
	return 200;
}

static int
request_page(struct ctx *c, int post)
{
	struct visits_request_in	 in;
	struct visits_request_out	 out;
	struct tvars			*it;
	struct form			 f;
	enum app_rc			 rc;
	size_t				 i;
	int				 status = 200;

	memset(&in, 0, sizeof(in));
	if (post) {
		form_read(c, request_fields, N(request_fields), &f);
		in.p = ask(c, &f, "p", 1);
		if (f.nerr == 0) {
			in.clinic = form_id(&f, "clinic");
			in.reason = form_val(&f, "reason");
			in.preferred = form_val(&f, "preferred");
			in.phone = form_val(&f, "phone");
		}
	} else {
		form_query(c, list_query, N(list_query), &f);
		dones_vars(c, &f);
		in.p = ask(c, &f, "p", 0);
	}
	rc = app_visits_request(&c->call, &in, &out);
	if (rc == APP_OK && in.clinic != 0)
		return http_redirect(c, arena_printf(c->call.a,
		    "/visits/request?p=%lld&done=requested",
		    (long long)out.rv.patient.id));
	if (rc == APP_INVALID)
		form_error(&f, out.field, out.problem);
	else if (rc != APP_OK)
		return refuse(c, rc, out.why);
	if (post && (rc == APP_INVALID || f.nerr > 0))
		status = 422;
	tvars_str(c->vars, "title", "Request a visit");
	visit_page_switcher(c, out.choices, out.nchoices, &out.rv);
	for (i = 0; i < out.nclinics; i++) {
		it = tvars_item(c->vars, "clinics");
		tvars_int(it, "id", out.clinics[i].id);
		tvars_str(it, "name", out.clinics[i].name);
		tvars_bool(it, "selected", post &&
		    out.clinics[i].id == form_id(&f, "clinic"));
	}
	visit_page_requests(c, out.requests, out.nrequests);
	if (post)
		form_echo(&f, c->vars);
	c->page = "visits_request";
	return status;
}

static int request_get(struct ctx *c) { return request_page(c, 0); }
static int request_post(struct ctx *c) { return request_page(c, 1); }

static int
schedule_get(struct ctx *c)
{
	struct visits_schedule_in	 in;
	struct visits_schedule_out	 out;
	struct form			 f;
	enum app_rc			 rc;

	form_query(c, schedule_query, N(schedule_query), &f);
	memset(&in, 0, sizeof(in));
	in.p = ask(c, &f, "p", 0);
	in.again = ask(c, &f, "again", 0);
	in.type = form_id(&f, "type");
	in.offset = (long)form_id(&f, "from");
	if (in.offset > 10000)
		in.offset = 10000;
	if ((rc = app_visits_schedule(&c->call, &in, &out)) != APP_OK)
		return refuse(c, rc, out.why);
	return visit_page_schedule(c, &out, in.offset, 200);
}

static int
book_post(struct ctx *c)
{
	struct visits_schedule_in	 in;
	struct visits_schedule_out	 out;
	struct form			 f;
	enum app_rc			 rc;

	form_read(c, book_fields, N(book_fields), &f);
	memset(&in, 0, sizeof(in));
	in.p = ask(c, &f, "p", 1);
	in.slot = form_id(&f, "slot");
	if ((rc = app_visits_book(&c->call, &in, &out)) == APP_OK &&
	    out.hidden)
		return http_redirect(c, arena_printf(c->call.a,
		    "/visits/?p=%lld&done=booked", (long long)out.rv.patient.id));
	if (rc == APP_OK)
		return http_redirect(c, arena_printf(c->call.a,
		    "/visits/visit?v=%lld&done=booked", (long long)out.visit));
	if (rc == APP_REFUSED && (out.why == VW_BOOK || out.why == VW_TAKEN))
		return visit_page_schedule(c, &out, 0, 409);
	return refuse(c, rc, out.why);
}

static const struct route routes[] = {
	{ M_GET, "/visits/", list_get, R_FAMILY | R_PHI | R_PATIENT },
	{ M_GET, "/visits/visit", detail_get, R_FAMILY | R_PHI },
	{ M_POST, "/visits/confirm", one_post, R_FAMILY | R_PHI },
	{ M_POST, "/visits/cancel", one_post, R_FAMILY | R_PHI },
	{ M_POST, "/visits/join", one_post, R_FAMILY | R_PHI },
	{ M_GET, "/visits/ics", ics_get, R_FAMILY | R_PHI },
	{ M_GET, "/visits/request", request_get, R_FAMILY | R_PHI | R_PATIENT },
	{ M_POST, "/visits/request", request_post, R_FAMILY | R_PHI },
	{ M_GET, "/visits/schedule", schedule_get, R_FAMILY | R_PHI },
	{ M_POST, "/visits/book", book_post, R_FAMILY | R_PHI },
};

int
main(void)
{
	static const struct app app = { "visits", routes, N(routes) };

	return http_main(&app);
}
