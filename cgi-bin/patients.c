/*
 * patients: a provider's patients in the provider portal (issue 12:
 * P-ACCESS 1-3, 5, P-TOKEN, P-SPONSOR 1). Fields in, one operation of
 * lib/app/ppatients.h, the page out; who sees which patient is paccess's
 * answer at this request (a sponsored user's is their sponsor's). Names
 * and dates of birth travel only in POST bodies, never in URLs.
 *
 *   GET  /provider/patients/           the search form, patients shared
 *                                      with you, links to the rest
 *   POST /provider/patients/search     mrn, or family + dob (+ given)
 *   GET  /provider/patients/ask?p=ID   a patient you may not see: the two
 *                                      requests (?sent=pcp|share: done)
 *   POST /provider/patients/request    p, kind (pcp, share)
 *   GET  /provider/patients/signup-sheet  printable sign-up instructions
 *   GET  /provider/patients/token      validate an invitation token
 *   POST /provider/patients/token      token, mrn
 *   GET  /provider/patients/saved      the saved list (?done=add|remove)
 *   POST /provider/patients/save       p, action (add, remove)
 *   GET  /provider/patients/requests   the requests you made
 */
#include <string.h>
#include <time.h>

#include "conf.h"
#include "form.h"
#include "http.h"
#include "ppatients.h"
#include "tmpl.h"

#define N(x) (sizeof(x) / sizeof((x)[0]))

static const char *
valid_kind(struct arena *a, const char *in, size_t len, const char **out)
{
	if (strlen(in) != len || (strcmp(in, "pcp") != 0 &&
	    strcmp(in, "share") != 0))
		return "Choose the request to send.";
	*out = arena_strdup(a, in);
	return NULL;
}

static const char *
valid_save(struct arena *a, const char *in, size_t len, const char **out)
{
	if (strlen(in) != len || (strcmp(in, "add") != 0 &&
	    strcmp(in, "remove") != 0))
		return "Choose what to do.";
	*out = arena_strdup(a, in);
	return NULL;
}

/* Name prefixes: any text of a line; '%' and '_' are letters here. */
static const struct field search_fields[] = {
	{ "mrn", "MRN", valid_mrn, 0 },
	{ "family", "last name", valid_line, 0 },
	{ "given", "first name", valid_line, 0 },
	{ "dob", "date of birth", valid_date, 0 },
};
static const struct field id_query[] = {
	{ "p", "patient", valid_id, F_REQ },
	{ "sent", "sent", valid_kind, 0 },
};
static const struct field request_fields[] = {
	{ "p", "patient", valid_id, F_REQ },
	{ "kind", "request", valid_kind, F_REQ },
};
static const struct field token_fields[] = {
	{ "token", "token", valid_token, F_REQ | F_SECRET },
	{ "mrn", "MRN", valid_mrn, F_REQ },
};
static const struct field save_fields[] = {
	{ "p", "patient", valid_id, F_REQ },
	{ "action", "action", valid_save, F_REQ },
};
static const struct field saved_query[] = {
	{ "done", "done", valid_save, 0 },
};
static const struct field home_query[] = {
	{ "validated", "validated", valid_id, 0 },
};

static const char not_found[] = "We could not find that patient among the "
    "patients you searched for. Search for the patient again: by MRN, or "
    "by last name and date of birth.";

static int
refused(struct ctx *c, int status, const char *title, const char *message)
{
	http_no_phi(c);
	tvars_str(c->vars, "title", title);
	tvars_str(c->vars, "message", message);
	c->page = "ppatients_refused";
	return status;
}

/* A refusal of an operation as a page. */
static int
failed(struct ctx *c, enum app_rc rc, enum pp_why why, long wait)
{
	if (rc != APP_REFUSED)
		return http_app_status(c, rc);
	switch (why) {
	case PP_WAIT:
		return refused(c, 429, "Please wait", arena_printf(c->call.a,
		    "You have searched or validated tokens many times in the "
		    "last hour. Try again in %ld minute%s.", (wait + 59) / 60,
		    (wait + 59) / 60 == 1 ? "" : "s"));
	case PP_NO_ENTRY:
		return refused(c, 403, "No directory entry", "Your account is "
		    "not linked to an entry of the provider directory (your "
		    "NPI), so access cannot be given to it. Call provider "
		    "support to have your account linked.");
	case PP_NOT_PROVIDER:
		return refused(c, 403, "Provider portal", "Only provider-portal "
		    "users search for patients.");
	default:
		return refused(c, 404, "No such patient", not_found);
	}
}

static const char *
day(struct ctx *c, int64_t t)
{
	struct tm	 tm;
	time_t		 tt = (time_t)t;
	char		 s[32];

	localtime_r(&tt, &tm);
	strftime(s, sizeof(s), "%Y-%m-%d", &tm);
	return arena_strdup(c->call.a, s);
}

/* One patient of a list: what picks them out, and the access now. */
static void
item_vars(struct ctx *c, struct tvars *it, const struct pp_item *p)
{
	const struct patient *pt = &p->pa.patient;

	tvars_int(it, "id", pt->id);
	tvars_strf(it, "name", "%s %s", pt->given, pt->family);
	tvars_str(it, "dob", pt->dob);
	tvars_str(it, "sex", pt->sex != NULL ? pt->sex : "");
	tvars_bool(it, "authorized", p->pa.ground != PROVIDER_NONE);
	tvars_str(it, "how", app_pp_ground_label(p->pa.ground));
	tvars_bool(it, "saved", p->saved);
	if (p->since > 0)
		tvars_str(it, "since", day(c, p->since));
}

static void
items_vars(struct ctx *c, const char *list, const struct pp_item *v, size_t n)
{
	size_t	 i;

	tvars_list(c->vars, list);
	for (i = 0; i < n; i++)
		item_vars(c, tvars_item(c->vars, list), &v[i]);
}

/* The home page: the search form (f: what was typed, or NULL), the
 * patients shared with you, and the results of a search (res). */
static int
home(struct ctx *c, struct form *f, const struct pp_search_out *res,
    int status)
{
	struct pp_list_out	 sh;
	enum app_rc		 rc;

	if ((rc = app_pp_shared(&c->call, &sh)) != APP_OK)
		return failed(c, rc, sh.why, 0);
	if (sh.n == 0 && res == NULL)
		http_no_phi(c);
	tvars_str(c->vars, "title", "Your patients");
	items_vars(c, "shared", sh.items, sh.n);
	if (res != NULL) {
		tvars_bool(c->vars, "searched", 1);
		tvars_bool(c->vars, "more", res->more);
		items_vars(c, "results", res->items, res->n);
	}
	if (f != NULL)
		form_echo(f, c->vars);
	c->page = "ppatients";
	return status;
}

static int
home_get(struct ctx *c)
{
	struct form	 f;

	form_query(c, home_query, N(home_query), &f);
	if (form_val(&f, "validated") != NULL)
		tvars_str(c->vars, "notice", "The token was accepted: the "
		    "patient is now among the patients shared with you.");
	return home(c, NULL, NULL, 200);
}

static int
search_post(struct ctx *c)
{
	struct pp_search_in	 in;
	struct pp_search_out	 out;
	struct form		 f;
	enum app_rc		 rc;

	if (form_read(c, search_fields, N(search_fields), &f) > 0)
		return home(c, &f, NULL, 422);
	in.mrn = form_val(&f, "mrn");
	in.family = form_val(&f, "family");
	in.given = form_val(&f, "given");
	in.dob = form_val(&f, "dob");
	switch ((rc = app_pp_search(&c->call, &in, &out))) {
	case APP_OK:
		return home(c, &f, &out, 200);
	case APP_INVALID:
		form_error(&f, out.field, out.problem);
		return home(c, &f, NULL, 422);
	default:
		return failed(c, rc, out.why, out.wait);
	}
}

static int
ask_get(struct ctx *c)
{
	struct pp_ask_out	 out;
	struct pp_item		 it;
	struct form		 f;
	enum app_rc		 rc;
	const char		*sent;

	if (form_query(c, id_query, N(id_query), &f) > 0)
		return refused(c, 404, "No such patient", not_found);
	if ((rc = app_pp_ask(&c->call, form_id(&f, "p"), &out)) != APP_OK)
		return failed(c, rc, out.why, 0);
	memset(&it, 0, sizeof(it));
	it.pa = out.pa;
	item_vars(c, c->vars, &it);
	tvars_strf(c->vars, "title", "%s %s", out.pa.patient.given,
	    out.pa.patient.family);
	tvars_bool(c->vars, "has_entry", out.has_entry);
	tvars_bool(c->vars, "no_holder", out.holders == 0);
	tvars_bool(c->vars, "pending_pcp", out.pending_pcp);
	tvars_bool(c->vars, "pending_share", out.pending_share);
	tvars_bool(c->vars, "is_pcp", out.pa.ground == PROVIDER_PCP ||
	    out.pa.ground == PROVIDER_PRACTICE);
	if ((sent = form_val(&f, "sent")) != NULL)
		tvars_str(c->vars, "notice", strcmp(sent, "pcp") == 0 ?
		    "Your request for PCP access was sent to the provider "
		    "support team." : "Your request was e-mailed to the "
		    "patient's family, who can approve it in the family portal. "
		    "We will e-mail you when access is granted.");
	c->page = "ppatients_ask";
	return 200;
}

static int
request_post(struct ctx *c)
{
	struct pp_request_out	 out;
	struct form		 f;
	enum app_rc		 rc;

	if (form_read(c, request_fields, N(request_fields), &f) > 0)
		return refused(c, 400, "Nothing was sent", "The request was not "
		    "complete. Search for the patient again and try again.");
	rc = app_pp_request(&c->call, form_id(&f, "p"), form_val(&f, "kind"),
	    &out);
	if (rc == APP_OK)
		return http_redirect(c, arena_printf(c->call.a,
		    "/provider/patients/ask?p=%lld&sent=%s",
		    (long long)form_id(&f, "p"), form_val(&f, "kind")));
	if (rc != APP_REFUSED)
		return http_app_status(c, rc);
	switch (out.why) {
	case PP_PENDING:
		return refused(c, 409, "Already requested", "You already asked "
		    "for this access, and the request is still open. Nothing "
		    "more was sent. You will be e-mailed when it is answered.");
	case PP_NO_HOLDER:
		return refused(c, 409, "No family-portal account", "Nobody "
		    "who could approve your request has a family-portal account "
		    "for this patient, so nothing was sent. Give the family the "
		    "printable sign-up instructions: once they have an account, "
		    "they can invite you.");
	case PP_AUTHORIZED:
		return refused(c, 409, "You have this access", "You can already "
		    "open this patient's record; nothing was sent.");
	default:
		return failed(c, rc, out.why, 0);
	}
}

static int
sheet_get(struct ctx *c)
{
	http_no_phi(c);
	tvars_str(c->vars, "title", "Sign up for the family portal");
	tvars_str(c->vars, "base_url", c->call.p->conf->base_url);
	c->page = "ppatients_sheet";
	return 200;
}

static int
token_show(struct ctx *c, struct form *f, int status)
{
	http_no_phi(c);
	tvars_str(c->vars, "title", "Validate a token");
	if (f != NULL)
		form_echo(f, c->vars);
	c->page = "ppatients_token";
	return status;
}

static int
token_get(struct ctx *c)
{
	return token_show(c, NULL, 200);
}

/* One message for each refusal, and the way to ask instead. */
static const char *const token_says[SECRET__MAX] = {
	[SECRET_BAD] = "This token and MRN do not match a valid invitation. "
	    "Check both against the invitation.",
	[SECRET_MISMATCH] = "This token and MRN do not match a valid "
	    "invitation. Check both against the invitation.",
	[SECRET_USED] = "This token has already been used. Each token works "
	    "once.",
	[SECRET_EXPIRED] = "This token has expired: tokens work for 6 months "
	    "after they are issued.",
	[SECRET_VOIDED] = "This token can no longer be used: it was withdrawn "
	    "by the family, or the MRN was entered wrongly too many times.",
};

static int
token_post(struct ctx *c)
{
	struct pp_token_in	 in;
	struct pp_token_out	 out;
	struct form		 f;
	enum app_rc		 rc;

	if (form_read(c, token_fields, N(token_fields), &f) > 0)
		return token_show(c, &f, 422);
	in.token = form_val(&f, "token");
	in.mrn = form_val(&f, "mrn");
	rc = app_pp_token(&c->call, &in, &out);
	if (rc == APP_OK)
		return http_redirect(c, "/provider/patients/?validated=1");
	if (rc == APP_REFUSED && out.why == PP_TOKEN) {
		tvars_str(c->vars, "problem", token_says[out.state] != NULL ?
		    token_says[out.state] : token_says[SECRET_BAD]);
		tvars_bool(c->vars, "token_refused", 1);
		return token_show(c, &f, 422);
	}
	return failed(c, rc, out.why, out.wait);
}

static int
saved_get(struct ctx *c)
{
	struct pp_list_out	 out;
	struct form		 f;
	enum app_rc		 rc;
	const char		*done;

	form_query(c, saved_query, N(saved_query), &f);
	if ((rc = app_pp_saved(&c->call, &out)) != APP_OK)
		return failed(c, rc, out.why, 0);
	if (out.n == 0)
		http_no_phi(c);
	if ((done = form_val(&f, "done")) != NULL)
		tvars_str(c->vars, "notice", strcmp(done, "add") == 0 ?
		    "The patient was saved to your list." :
		    "The patient was taken off your list.");
	tvars_str(c->vars, "title", "Saved patients");
	items_vars(c, "saved", out.items, out.n);
	c->page = "ppatients_saved";
	return 200;
}

static int
save_post(struct ctx *c)
{
	struct form	 f;
	enum pp_why	 why;
	enum app_rc	 rc;
	int		 rm;

	if (form_read(c, save_fields, N(save_fields), &f) > 0)
		return refused(c, 404, "No such patient", not_found);
	rm = strcmp(form_val(&f, "action"), "remove") == 0;
	if ((rc = app_pp_save(&c->call, form_id(&f, "p"), rm, &why)) != APP_OK)
		return failed(c, rc, why, 0);
	return http_redirect(c, rm ? "/provider/patients/saved?done=remove" :
	    "/provider/patients/saved?done=add");
}

static int
requests_get(struct ctx *c)
{
	struct pp_requests_out	 out;
	struct tvars		*it;
	enum app_rc		 rc;
	size_t			 i;

	if ((rc = app_pp_requests(&c->call, &out)) != APP_OK)
		return failed(c, rc, out.why, 0);
	if (out.n == 0)
		http_no_phi(c);
	tvars_str(c->vars, "title", "Your requests");
	tvars_bool(c->vars, "has_reqs", out.n > 0);
	tvars_list(c->vars, "reqs");
	for (i = 0; i < out.n; i++) {
		it = tvars_item(c->vars, "reqs");
		tvars_strf(it, "name", "%s %s", out.reqs[i].given,
		    out.reqs[i].family);
		tvars_str(it, "dob", out.reqs[i].dob);
		tvars_str(it, "kind", strcmp(out.reqs[i].kind, "pcp") == 0 ?
		    "PCP access" : "Non-PCP access");
		tvars_str(it, "status", out.reqs[i].status);
		tvars_str(it, "asked", day(c, out.reqs[i].created));
	}
	c->page = "ppatients_requests";
	return 200;
}

static const struct route routes[] = {
	{ M_GET, "/provider/patients/", home_get, R_PROVIDER | R_PHI },
	{ M_POST, "/provider/patients/search", search_post, R_PROVIDER | R_PHI },
	{ M_GET, "/provider/patients/ask", ask_get, R_PROVIDER | R_PHI },
	{ M_POST, "/provider/patients/request", request_post, R_PROVIDER },
	{ M_GET, "/provider/patients/signup-sheet", sheet_get, R_PROVIDER },
	{ M_GET, "/provider/patients/token", token_get, R_PROVIDER },
	{ M_POST, "/provider/patients/token", token_post, R_PROVIDER },
	{ M_GET, "/provider/patients/saved", saved_get, R_PROVIDER | R_PHI },
	{ M_POST, "/provider/patients/save", save_post, R_PROVIDER },
	{ M_GET, "/provider/patients/requests", requests_get,
	    R_PROVIDER | R_PHI },
};

int
main(void)
{
	static const struct app app = { "patients", routes, N(routes) };

	return http_main(&app);
}
