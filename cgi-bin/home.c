/*
 * home: the family's home page after sign-in (issue 15.1): for one
 * patient (?p=, else the one the session remembers, else the first), the
 * cards of what needs attention, each linking to its page; the account's
 * own to-dos (bills, providers' requests, reminders) whoever is shown.
 * One operation (lib/app/home.h) decides and audits; this renders.
 *
 *   GET /home/      ?p=patient id
 */
#include <inttypes.h>
#include <string.h>

#include "about.h"
#include "form.h"
#include "home.h"
#include "http.h"
#include "rec_page.h"
#include "tmpl.h"
#include "valid.h"

#define N(x) (sizeof(x) / sizeof((x)[0]))

static const struct field query[] = {
	{ "p", "patient", valid_id, 0 },
};

#define NOT_SEEN "There is no such patient on your account, or you cannot " \
	"see this patient's information. If you think this is wrong, call " \
	"Support."

/* "1 message", "2 messages". */
static void
count_var(struct ctx *c, const char *name, size_t n, const char *one,
    const char *many)
{
	tvars_strf(c->vars, name, "%zu %s", n, n == 1 ? one : many);
}

static void
switcher_vars(struct ctx *c, const struct home_out *h)
{
	struct tvars	*it;
	size_t		 i;

	for (i = 0; i < h->nchoices; i++) {
		it = tvars_item(c->vars, "choices");
		tvars_int(it, "id", h->choices[i].patient_id);
		tvars_str(it, "name", h->choices[i].name);
		tvars_bool(it, "selected",
		    h->choices[i].patient_id == h->rv.patient.id);
	}
	tvars_bool(c->vars, "several", h->nchoices > 1);
}

/* The patient's cards: messages, visits, results, pre-check-in; returns
 * how many visits are open for pre-check-in. */
static size_t
patient_cards(struct ctx *c, const struct home_out *h)
{
	struct tvars	*it;
	size_t		 i, ncheck = 0;

	tvars_int(c->vars, "patient_id", h->rv.patient.id);
	about_vars(c, &h->rv.patient);
	if (h->ends != NULL)
		tvars_isodate(c->vars, "access_ends", h->ends);
	tvars_bool(c->vars, "unread", h->unread > 0);
	count_var(c, "unread_text", h->unread, "conversation has a new answer",
	    "conversations have a new answer");
	for (i = 0; i < h->nupcoming && i < HOME_VISITS; i++) {
		const struct visit *v = &h->upcoming[i].s.v;

		it = tvars_item(c->vars, "visits");
		tvars_int(it, "id", v->id);
		tvars_datetime(it, "when", v->start);
		tvars_str(it, "type", v->type_name);
		tvars_str(it, "clinic", v->clinic);
		tvars_str(it, "location", v->location);
		tvars_bool(it, "video", v->video);
	}
	tvars_bool(c->vars, "has_visits", h->nupcoming > 0);
	tvars_bool(c->vars, "more_visits", h->nupcoming > HOME_VISITS);
	/* Pre-check-in open (policy_visit VISIT_CHECKIN) and not done. */
	for (i = 0; i < h->nupcoming; i++) {
		const struct visits_item *v = &h->upcoming[i];

		if (v->may[VISIT_CHECKIN] != VISIT_OK ||
		    (v->s.done & v->s.needed) == v->s.needed)
			continue;
		it = tvars_item(c->vars, "checkins");
		tvars_int(it, "id", v->s.v.id);
		tvars_datetime(it, "when", v->s.v.start);
		ncheck++;
	}
	tvars_bool(c->vars, "has_checkins", ncheck > 0);
	for (i = 0; i < h->nresults && i < HOME_RESULTS; i++) {
		const struct home_result *r = &h->results[i];

		it = tvars_item(c->vars, "results");
		tvars_int(it, "id", r->row.id);
		tvars_str(it, "name", rec_name(&r->row));	/* as the record names it (15.2) */
		tvars_date(it, "when", r->row.at);
		tvars_str(it, "section", r->s == REC_LABS ? "labs" : "radiology");
		tvars_str(it, "kind", r->s == REC_LABS ? "Lab result" :
		    "Radiology report");
	}
	tvars_bool(c->vars, "has_results", h->nresults > 0);
	count_var(c, "results_text", h->nresults, "new result",
	    "new results");
	return ncheck;
}

/* The account's to-dos. */
static int
todo_vars(struct ctx *c, const struct home_out *h)
{
	int	 n = 0;

	if (h->bills_due > 0) {
		tvars_strf(c->vars, "bills_text", "%s due on %zu %s",
		    arena_printf(c->call.a, "$%ld.%02ld", h->due_cents / 100,
		    h->due_cents % 100), h->bills_due, h->bills_due == 1 ?
		    "statement" : "statements");
		n++;
	}
	if (h->asked > 0) {
		count_var(c, "asked_text", h->asked, "request to see a record "
		    "is waiting for your answer", "requests to see a record "
		    "are waiting for your answer");
		n++;
	}
	tvars_bool(c->vars, "mfa_off", h->mfa_off);
	tvars_bool(c->vars, "contact_unchecked", h->contact_unchecked);
	return n + h->mfa_off + h->contact_unchecked;
}

static int
home_get(struct ctx *c)
{
	struct home_in	 in;
	struct home_out	 h;
	struct form	 f;
	enum app_rc	 rc;
	size_t		 todo = 0;

	form_query(c, query, N(query), &f);
	in.p.id = form_id(&f, "p");
	in.p.raw = http_query(c, "p");
	rc = app_home(&c->call, &in, &h);
	if (rc == APP_REFUSED)
		return http_fail(c, 404, NOT_SEEN);
	if (rc != APP_OK)
		return http_app_status(c, rc);
	tvars_str(c->vars, "title", "Home");
	tvars_str(c->vars, "account_given", h.given != NULL ? h.given : "");
	if (h.why == RECORD_NO_PATIENT) {
		/* Nobody to show: the account's own cards only. */
		http_no_phi(c);
		tvars_bool(c->vars, "no_patient", 1);
	} else {
		switcher_vars(c, &h);
		todo = patient_cards(c, &h);
	}
	todo += (size_t)todo_vars(c, &h);
	tvars_bool(c->vars, "has_todo", todo > 0);
	c->page = "start";
	return 200;
}

static const struct route routes[] = {
	{ M_GET, "/home/", home_get, R_FAMILY | R_PHI | R_PATIENT },
};

int
main(void)
{
	static const struct app app = { "home", routes, N(routes) };

	return http_main(&app);
}
