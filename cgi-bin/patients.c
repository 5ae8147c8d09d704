/*
 * patients: a provider's patients at /provider/patients/ (issue 12:
 * P-ACCESS 1-3, 5, P-TOKEN, P-SPONSOR 1): the search (POST: names and
 * dates of birth never travel in URLs) and the patients shared with you,
 * a patient's page with the two requests (ask?p=), the sign-up sheet,
 * "Validate a token", the saved list and your requests. Fields in, one
 * operation of lib/app/ppatients.h, the page out; which patient the
 * user sees is paccess's answer at this request.
 */
#include <string.h>

#include "civil.h"
#include "conf.h"
#include "form.h"
#include "http.h"
#include "ppatients.h"
#include "tmpl.h"

#define N(x) (sizeof(x) / sizeof((x)[0]))

/* Name prefixes: any text of a line; '%' and '_' are letters here. */
static const struct field search_fields[] = {
	{ "mrn", "MRN", valid_mrn, 0 },
	{ "family", "last name", valid_line, 0 },
	{ "given", "first name", valid_line, 0 },
	{ "dob", "date of birth", valid_date, 0 },
};
static const struct field id_query[] = {
	{ "p", "patient", valid_id, F_REQ },
	{ "sent", "sent", valid_line, 0 },
};
static const struct field request_fields[] = {
	{ "p", "patient", valid_id, F_REQ },
	{ "kind", "request", valid_line, F_REQ },	/* the app's to check */
};
static const struct field token_fields[] = {
	{ "token", "token", valid_token, F_REQ | F_SECRET },
	{ "mrn", "MRN", valid_mrn, F_REQ },
};
static const struct field save_fields[] = {
	{ "p", "patient", valid_id, F_REQ },
};
/* What was done, said on the page a redirect leads to. */
static const struct field done_query[] = {
	{ "done", "done", valid_id, 0 },
};

/* The status of each refusal of ppatients.h; its words are the app's. */
static const int statuses[] = {
	[PP_NOT_PROVIDER] = 403, [PP_WAIT] = 429, [PP_INPUT] = 422,
	[PP_NOT_SEEN] = 404, [PP_NO_ENTRY] = 403, [PP_PENDING] = 409,
	[PP_NO_HOLDER] = 409, [PP_AUTHORIZED] = 409, [PP_TOKEN] = 422,
};

/* A refusal of an operation as a page. */
static int
failed(struct ctx *c, enum app_rc rc, enum pp_why why, long wait)
{
	const char	*title, *message;

	if (rc != APP_REFUSED)
		return http_app_status(c, rc);
	if ((size_t)why >= N(statuses) || statuses[why] == 0)
		why = PP_NOT_SEEN;
	app_pp_refusal(&c->call, why, wait, &title, &message);
	http_no_phi(c);
	tvars_str(c->vars, "title", title);
	tvars_str(c->vars, "message", message);
	tvars_bool(c->vars, "no_holder", why == PP_NO_HOLDER);
	c->page = "ppatients_refused";
	return statuses[why];
}

/* One patient of a list: what picks them out, and the access now. */
static void
item_vars(struct tvars *it, const struct pp_item *p)
{
	const struct patient *pt = &p->pa.patient;

	tvars_int(it, "id", pt->id);
	tvars_strf(it, "name", "%s %s", pt->given, pt->family);
	tvars_str(it, "dob", pt->dob);
	tvars_str(it, "sex", pt->sex != NULL ? pt->sex : "");
	tvars_bool(it, "authorized", p->pa.ground != PROVIDER_NONE);
	tvars_str(it, "how", app_pp_ground_label(p->pa.ground));
	tvars_bool(it, "saved", p->saved);
	tvars_bool(it, "no_holder", p->no_holder);
	if (p->since > 0)
		tvars_day(it, "since", p->since);
	/* Requests: which, and where they stand. */
	tvars_bool(it, "pcp", p->how != NULL && strcmp(p->how, "pcp") == 0);
	if (p->status != NULL)
		tvars_str(it, "status", p->status);
}

static void
items_vars(struct ctx *c, const char *list, const struct pp_item *v, size_t n)
{
	size_t	 i;

	tvars_list(c->vars, list);
	for (i = 0; i < n; i++)
		item_vars(tvars_item(c->vars, list), &v[i]);
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

	form_query(c, done_query, N(done_query), &f);
	tvars_bool(c->vars, "validated", form_val(&f, "done") != NULL);
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

	/* A malformed id is 0: refused (and audited) as no such patient. */
	form_query(c, id_query, N(id_query), &f);
	if ((rc = app_pp_ask(&c->call, form_id(&f, "p"), &out)) != APP_OK)
		return failed(c, rc, out.why, 0);
	memset(&it, 0, sizeof(it));
	it.pa = out.pa;
	item_vars(c->vars, &it);
	tvars_str(c->vars, "title", "Request access");
	tvars_bool(c->vars, "has_entry", out.has_entry);
	tvars_bool(c->vars, "no_holder", out.holders == 0);
	tvars_bool(c->vars, "pending_pcp", out.pending_pcp);
	tvars_bool(c->vars, "pending_share", out.pending_share);
	tvars_bool(c->vars, "is_pcp", out.pa.ground == PROVIDER_PCP ||
	    out.pa.ground == PROVIDER_PRACTICE);
	sent = form_val(&f, "sent");
	tvars_bool(c->vars, "sent_pcp", sent != NULL && strcmp(sent, "pcp") == 0);
	tvars_bool(c->vars, "sent_share", sent != NULL &&
	    strcmp(sent, "share") == 0);
	c->page = "ppatients_ask";
	return 200;
}

static int
request_post(struct ctx *c)
{
	struct pp_request_out	 out;
	struct form		 f;
	enum app_rc		 rc;

	form_read(c, request_fields, N(request_fields), &f);	/* as ask_get */
	rc = app_pp_request(&c->call, form_id(&f, "p"), form_val(&f, "kind"),
	    &out);
	if (rc == APP_OK)
		return http_redirect(c, arena_printf(c->call.a,
		    "/provider/patients/ask?p=%lld&sent=%s",
		    (long long)form_id(&f, "p"), form_val(&f, "kind")));
	return failed(c, rc, out.why, 0);
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
	tvars_int(c->vars, "months", c->call.p->conf->invite_token_months);
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
		return http_redirect(c, "/provider/patients/?done=1");
	if (rc == APP_REFUSED && out.why == PP_TOKEN) {
		tvars_str(c->vars, "problem", app_pp_token_text(out.state));
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

	form_query(c, done_query, N(done_query), &f);
	if ((rc = app_pp_saved(&c->call, &out)) != APP_OK)
		return failed(c, rc, out.why, 0);
	if (out.n == 0)
		http_no_phi(c);
	/* done=1: saved; done=2: taken off. */
	tvars_bool(c->vars, "added", form_id(&f, "done") == 1);
	tvars_bool(c->vars, "removed", form_id(&f, "done") == 2);
	tvars_str(c->vars, "title", "Saved patients");
	items_vars(c, "saved", out.items, out.n);
	c->page = "ppatients_saved";
	return 200;
}

/* /save puts the patient posted on the list, /unsave takes it off. */
static int
save_post(struct ctx *c)
{
	struct form	 f;
	enum pp_why	 why;
	enum app_rc	 rc;
	int		 rm = strcmp(c->path, "/provider/patients/unsave") == 0;

	form_read(c, save_fields, N(save_fields), &f);	/* as ask_get */
	if ((rc = app_pp_save(&c->call, form_id(&f, "p"), rm, &why)) != APP_OK)
		return failed(c, rc, why, 0);
	return http_redirect(c, rm ? "/provider/patients/saved?done=2" :
	    "/provider/patients/saved?done=1");
}

static int
requests_get(struct ctx *c)
{
	struct pp_list_out	 out;
	enum app_rc		 rc;

	if ((rc = app_pp_requests(&c->call, &out)) != APP_OK)
		return failed(c, rc, out.why, 0);
	if (out.n == 0)
		http_no_phi(c);
	tvars_str(c->vars, "title", "Your requests");
	tvars_bool(c->vars, "has_reqs", out.n > 0);
	items_vars(c, "reqs", out.items, out.n);
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
	{ M_POST, "/provider/patients/unsave", save_post, R_PROVIDER },
	{ M_GET, "/provider/patients/requests", requests_get, R_PROVIDER|R_PHI },
};

int
main(void)
{
	static const struct app app = { "patients", routes, N(routes) };

	return http_main(&app);
}
