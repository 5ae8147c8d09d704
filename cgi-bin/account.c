/*
 * account: the signed-in family's home page and "add a patient"
 * (F-SIGNUP 7): the same proof as at sign-up, per patient.
 *
 *   GET  /account/      the patients on the account and their status
 *   GET  /account/add   the form
 *   POST /account/add   token: linked at once; MRN: queued for staff
 */
#include <string.h>

#include "account.h"
#include "arequest.h"
#include "enrol.h"
#include "enrol_form.h"
#include "form.h"
#include "http.h"
#include "record.h"
#include "tmpl.h"

static const struct field fields[] = {
	ENROL_FIELDS,
};
#define N(x) (sizeof(x) / sizeof((x)[0]))

static const struct {
	const char	*status;
	const char	*text;
} statuses[] = {
	{ "active", "" },
	{ "pending", "Waiting for our staff to check the details (allow up to one business day)" },
	{ "rejected", "Not approved: see the e-mail we sent you" },
	{ "approved", "" },
};

static const char *
status_text(const char *status)
{
	size_t	 i;

	for (i = 0; i < N(statuses); i++)
		if (strcmp(statuses[i].status, status) == 0)
			return statuses[i].text;
	return "";
}

static int
home_get(struct ctx *c)
{
	struct account_home_out	 h;
	struct tvars		*it;
	size_t			 i, asked;
	enum app_rc		 rc;

	/* The patients on the account, each view on record (S-1). */
	if ((rc = app_account_home(&c->call, NULL, &h)) != APP_OK)
		return rc == APP_BUSY ? 503 : 500;
	tvars_str(c->vars, "title", "My account");
	tvars_str(c->vars, "account_given", h.given);
	tvars_bool(c->vars, "holdings", h.holdings.n > 0);
	/* No patient on the account: nothing to audit, nothing shown. */
	if (h.holdings.n == 0)
		http_no_phi(c);
	for (i = 0; i < h.holdings.n; i++) {
		const struct record_holding *x = &h.holdings.h[i];

		it = tvars_item(c->vars, "holding");
		tvars_strf(it, "name", "%s %s", x->patient.given, x->patient.family);
		tvars_strf(it, "id", "%lld", (long long)x->patient.id);
		/* An active link the policy no longer honours (the 18th
		 * birthday, no longer on file): say why and what to do. */
		tvars_str(it, "status", x->ended != NULL ? "ended" : x->status);
		tvars_str(it, "status_text", x->ended != NULL ? x->ended :
		    status_text(x->status));
		tvars_bool(it, "active", x->level != ACCESS_NONE);
		/* Age and, for a guardian of a 17-year-old, the day access
		 * ends (policy_access_ends), in words (issue 15.1). */
		tvars_age(it, "age", x->patient.dob, c->call.now);
		if (x->ends != NULL)
			tvars_isodate(it, "ends", x->ends);
	}
	/* Requests staff have not approved: only what the person typed. */
	tvars_bool(c->vars, "has_requests", h.nrequests > 0);
	for (i = 0; i < h.nrequests; i++) {
		it = tvars_item(c->vars, "requests");
		tvars_str(it, "mrn", h.requests[i].mrn);
		tvars_str(it, "status", h.requests[i].status);
		tvars_str(it, "status_text", status_text(h.requests[i].status));
	}
	/* Providers' requests the account may answer (issue 12.3). */
	if (app_arequest_count(&c->call, &asked) == APP_OK && asked > 0)
		tvars_strf(c->vars, "requests_waiting", "%zu %s waiting for "
		    "your answer", asked, asked == 1 ? "request is" :
		    "requests are");
	if (http_query(c, "added") != NULL)
		tvars_str(c->vars, "notice", "The patient was added to your account.");
	else if (http_query(c, "queued") != NULL)
		tvars_str(c->vars, "notice", "Thank you. Our staff will check the "
		    "details against our records: allow up to one business day. "
		    "We will e-mail you when it is done.");
	c->page = "home";
	return 200;
}

static int
add_show(struct ctx *c, struct form *f, int status)
{
	tvars_str(c->vars, "title", "Add a patient");
	if (f != NULL) {
		form_echo(f, c->vars);
		enrol_echo(f, c->vars);
	}
	c->page = "add_patient";
	return status;
}

static int
add_get(struct ctx *c)
{
	return add_show(c, NULL, 200);
}

static int
add_post(struct ctx *c)
{
	struct form		 f;
	struct enrol_in		 in;
	struct patient_add_out	 out;
	enum app_rc		 rc;

	memset(&in, 0, sizeof(in));
	form_read(c, fields, N(fields), &f);
	enrol_from_form(&f, &in);
	if (f.nerr > 0)
		return add_show(c, &f, 422);
	switch ((rc = app_patient_add(&c->call, &in, &out))) {
	case APP_OK:
		return http_redirect(c, out.done == ENROL_LINKED ?
		    "/account/?added=1" : "/account/?queued=1");
	case APP_INVALID:
	case APP_REFUSED:
		enrol_to_form(rc, &out.no, &f, c->vars);
		return add_show(c, &f, 422);
	default:
		return add_show(c, &f, http_form_failed(c, rc));
	}
}

static const struct route routes[] = {
	{ M_GET, "/account/", home_get, R_FAMILY | R_PHI },
	{ M_GET, "/account/add", add_get, R_FAMILY },
	{ M_POST, "/account/add", add_post, R_FAMILY },
};

int
main(void)
{
	static const struct app app = { "account", routes, N(routes) };

	return http_main(&app);
}
