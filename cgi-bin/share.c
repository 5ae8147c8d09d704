/*
 * share: the family's sharing of a patient's record with providers
 * (issue 12.2, F-SHARE 1-2, P-TOKEN): who has access and how, pending
 * invitation tokens, a directory search, and from its results a share
 * (a provider with a portal account) or an invitation token printed once
 * (one without, or someone not in the directory); removing access and
 * cancelling a token. Fields in, one operation of lib/app/share.h or
 * grant.h, the page out. Search terms travel in POST bodies (a query
 * string carries only numeric ids): GET /account/share/?p=N&done=WHAT;
 * POST search, invite, token (the printable invitation), revoke, cancel.
 */
#include <string.h>

#include "civil.h"
#include "conf.h"
#include "form.h"
#include "http.h"
#include "share.h"
#include "tmpl.h"

#define N(x) (sizeof(x) / sizeof((x)[0]))

/* What a redirect back says was done (template words: done_<name>). */
static const char *const dones[] = {
	"invited", "already", "pcp", "removed", "cancelled",
};

static const struct field page_query[] = {
	{ "p", "patient", valid_id, 0 },
	{ "done", "done", valid_line, 0 },
};
/* '%' and '_' are plain characters here: the store uses no LIKE. */
static const struct field search_fields[] = {
	{ "p", "patient", valid_id, F_REQ },
	{ "family", "last name", valid_line, 0 },
	{ "given", "first name", valid_line, 0 },
	{ "specialty", "specialty", valid_line, 0 },
	{ "city", "town", valid_line, 0 },
	{ "npi", "NPI number", valid_npi, 0 },
};
static const struct field token_fields[] = {
	{ "p", "patient", valid_id, F_REQ },
	{ "entry", "provider", valid_id, 0 },
	{ "invitee", "name of the person invited", valid_name, 0 },
	{ "email", "e-mail address", valid_email, 0 },
	{ "replace", "invitation", valid_id, 0 },
};

/* The changes that go back to the page: p and the id of what changes. */
enum change { CH_INVITE, CH_REVOKE, CH_CANCEL, CH__MAX };
static const char *const change_paths[CH__MAX] = {
	"/account/share/invite", "/account/share/revoke", "/account/share/cancel",
};
static const struct field change_fields[][2] = {
	[CH_INVITE] = { { "p", "patient", valid_id, F_REQ },
	    { "entry", "provider", valid_id, F_REQ } },
	[CH_REVOKE] = { { "p", "patient", valid_id, F_REQ },
	    { "grant", "provider", valid_id, F_REQ } },
	[CH_CANCEL] = { { "p", "patient", valid_id, F_REQ },
	    { "invite", "invitation", valid_id, F_REQ } },
};
/* ... and the refusal when that id is not one of the patient's. */
static const char *const missing[] = { "no_entry", "no_grant", "no_invite" };

/* The refusals, by name: the template (share_refused) words them. */
static const char *const refusals[] = {
	[SHARE_NO_PATIENT] = "no_patient",
	[SHARE_NOT_SEEN] = "not_seen",
	[SHARE_NO_RIGHT] = "no_right",
	[SHARE_NO_ENTRY] = "no_entry",
	[SHARE_NO_ACCOUNT] = "no_account",
	[SHARE_HAS_ACCOUNT] = "has_account",
	[SHARE_NO_INVITE] = "no_invite", [SHARE_WAIT] = "wait",
};

/* The refusal page, its words chosen by name. */
static int
refuse(struct ctx *c, const char *name, int status)
{
	tvars_str(c->vars, "title", "Share record");
	tvars_bool(c->vars, name, 1);
	c->page = "share_refused";
	return status;
}

static int
failed(struct ctx *c, enum app_rc rc, enum share_why why)
{
	if (rc != APP_REFUSED && rc != APP_INVALID)
		return http_app_status(c, rc);
	if ((size_t)why >= N(refusals) || refusals[why] == NULL)
		why = SHARE_NOT_SEEN;
	return refuse(c, refusals[why], why == SHARE_NO_RIGHT ? 403 :
	    why == SHARE_WAIT ? 429 : 404);
}

/* A provider's name and practice, as every list shows them. */
static void
who_vars(struct tvars *it, int64_t id, const char *given, const char *family,
    const char *credential, const char *specialty, const char *organization)
{
	tvars_int(it, "id", id);
	tvars_strf(it, "name", "%s %s", given, family);
	tvars_str(it, "credential", credential);
	tvars_str(it, "specialty", specialty);
	tvars_str(it, "organization", organization);
}

static void
entry_vars(struct tvars *it, const struct dir_entry *e)
{
	who_vars(it, e->id, e->given, e->family, e->credential, e->specialty,
	    e->organization);
	tvars_str(it, "city", e->city);
	tvars_bool(it, "portal", e->portal);
}

/* The page of p (f: a form typed, to show again; s: search results). */
static int
page_show(struct ctx *c, int64_t p, const char *raw, struct form *f,
    const struct share_search_out *s, int status)
{
	struct share_page_in	 in;
	struct share_page_out	 out;
	struct tvars		*it;
	enum app_rc		 rc;
	size_t			 i;

	in.p.id = p;
	in.p.raw = raw;
	if ((rc = app_share_page(&c->call, &in, &out)) != APP_OK)
		return failed(c, rc, out.why);
	tvars_str(c->vars, "title", "Share record");
	for (i = 0; i < out.nchoices; i++) {
		it = tvars_item(c->vars, "choices");
		tvars_int(it, "id", out.choices[i].patient_id);
		tvars_str(it, "name", out.choices[i].name);
		tvars_bool(it, "selected", out.choices[i].patient_id ==
		    out.h.patient.id);
	}
	tvars_bool(c->vars, "several", out.nchoices > 1);
	tvars_int(c->vars, "patient_id", out.h.patient.id);
	tvars_strf(c->vars, "patient_name", "%s %s", out.h.patient.given,
	    out.h.patient.family);
	tvars_bool(c->vars, "teen_own", out.h.scope == SCOPE_PATIENT);
	tvars_bool(c->vars, "has_pcp", out.has_pcp);
	if (out.has_pcp)
		entry_vars(tvars_item(c->vars, "pcp"), &out.pcp);
	tvars_list(c->vars, "grants");
	for (i = 0; i < out.ngrants; i++) {
		const struct grant *g = &out.grants[i];

		it = tvars_item(c->vars, "grants");
		who_vars(it, g->id, g->given, g->family, g->credential,
		    g->specialty, g->organization);
		tvars_bool(it, arena_printf(c->call.a, "how_%s", g->how), 1);
		tvars_str(it, "by", g->by_account == c->call.who.id ? "you" :
		    "another account holder");
		tvars_date(it, "since", g->created);
	}
	tvars_list(c->vars, "invites");
	for (i = 0; i < out.ninvites; i++) {
		const struct invite *v = &out.invites[i];

		it = tvars_item(c->vars, "invites");
		tvars_int(it, "id", v->id);
		tvars_str(it, "invitee", v->invitee);
		tvars_str(it, "email", v->email);
		tvars_date(it, "created", v->created);
		tvars_date(it, "expires", v->expires);
	}
	tvars_bool(c->vars, "searched", s != NULL);
	if (s != NULL) {
		tvars_list(c->vars, "results");
		for (i = 0; i < s->n; i++)
			entry_vars(tvars_item(c->vars, "results"), &s->e[i]);
		tvars_bool(c->vars, "more", s->more);
		tvars_int(c->vars, "max", SHARE_RESULTS_MAX);
	}
	if (f != NULL)
		form_echo(f, c->vars);
	c->page = "share";
	return status;
}

static int
page_get(struct ctx *c)
{
	struct form	 f;
	size_t		 i;

	form_query(c, page_query, N(page_query), &f);
	for (i = 0; i < N(dones) && form_val(&f, "done") != NULL; i++)
		if (strcmp(form_val(&f, "done"), dones[i]) == 0)
			tvars_bool(c->vars, arena_printf(c->call.a, "done_%s",
			    dones[i]), 1);
	return page_show(c, form_id(&f, "p"), http_query(c, "p"), NULL, NULL,
	    200);
}

static int
search_post(struct ctx *c)
{
	struct share_search_in	 in;
	struct share_search_out	 out;
	struct form		 f;
	enum app_rc		 rc;
	int64_t			 p;

	form_read(c, search_fields, N(search_fields), &f);
	if ((p = form_id(&f, "p")) == 0)	/* the one "no such patient" */
		return failed(c, APP_REFUSED, SHARE_NOT_SEEN);
	if (f.nerr > 0)
		return page_show(c, p, http_form(c, "p"), &f, NULL, 422);
	in.family = form_val(&f, "family");
	in.given = form_val(&f, "given");
	in.specialty = form_val(&f, "specialty");
	in.city = form_val(&f, "city");
	in.npi = form_val(&f, "npi");
	if ((rc = app_share_search(&c->call, &in, &out)) == APP_INVALID) {
		form_error(&f, out.field, out.problem);
		return page_show(c, p, http_form(c, "p"), &f, NULL, 422);
	}
	if (rc != APP_OK)
		return http_app_status(c, rc);
	return page_show(c, p, http_form(c, "p"), &f, &out, 200);
}

static int
back(struct ctx *c, int64_t p, const char *done)
{
	return http_redirect(c, arena_printf(c->call.a,
	    "/account/share/?p=%lld&done=%s", (long long)p, done));
}

static int
token_post(struct ctx *c)
{
	struct share_token_in	 in;
	struct share_token_out	 out;
	struct form		 f;
	enum app_rc		 rc;

	form_read(c, token_fields, N(token_fields), &f);
	if ((in.patient = form_id(&f, "p")) == 0)
		return failed(c, APP_REFUSED, SHARE_NOT_SEEN);
	if (f.nerr > 0)
		return page_show(c, in.patient, http_form(c, "p"), &f, NULL, 422);
	in.entry = form_id(&f, "entry");
	in.invitee = form_val(&f, "invitee");
	in.email = form_val(&f, "email");
	in.replace = form_id(&f, "replace");
	switch ((rc = app_share_token(&c->call, &in, &out))) {
	case APP_OK:
		break;
	case APP_INVALID:
		form_error(&f, out.field, out.problem);
		return page_show(c, in.patient, http_form(c, "p"), &f, NULL,
		    422);
	default:
		return failed(c, rc, out.why);
	}
	tvars_str(c->vars, "title", "Invitation to see a health record");
	tvars_str(c->vars, "token", out.token);
	tvars_int(c->vars, "patient_id", in.patient);
	tvars_int(c->vars, "invite_id", out.id);
	tvars_strf(c->vars, "patient_name", "%s %s", out.patient.given,
	    out.patient.family);
	tvars_str(c->vars, "patient_mrn", out.patient.mrn);
	tvars_str(c->vars, "invitee", out.invitee);
	tvars_str(c->vars, "mailed_to", out.email);
	tvars_date(c->vars, "expires", out.expires);
	tvars_str(c->vars, "base_url", c->call.p->conf->base_url);
	c->page = "share_token";
	return 200;
}

/* Gives access, removes it, or cancels a token; then back to the page
 * with what was done. */
static int
change_post(struct ctx *c)
{
	struct share_invite_out	 iout;
	struct grant_revoke_out	 rout;
	struct share_cancel_in	 cin;
	struct share_cancel_out	 cout;
	struct form		 f;
	enum app_rc		 rc;
	int64_t			 p, id;
	enum change		 k;

	for (k = 0; k < CH__MAX - 1; k++)
		if (strcmp(c->path, change_paths[k]) == 0)
			break;
	if (form_read(c, change_fields[k], 2, &f) > 0)
		return form_id(&f, "p") == 0 ? failed(c, APP_REFUSED,
		    SHARE_NOT_SEEN) : refuse(c, missing[k], 404);
	p = form_id(&f, "p");
	id = form_id(&f, change_fields[k][1].name);
	if (k == CH_INVITE) {
		struct share_invite_in	 in = { p, id };

		if ((rc = app_share_invite(&c->call, &in, &iout)) != APP_OK)
			return failed(c, rc, iout.why);
		return back(c, p, iout.pcp ? "pcp" : iout.already ?
		    "already" : "invited");
	}
	if (k == CH_REVOKE) {
		struct grant_revoke_in	 in = { p, id };

		if ((rc = app_grant_revoke(&c->call, &in, &rout)) == APP_OK)
			return back(c, p, "removed");
		return rc == APP_REFUSED && rout.why == GRANT_NONE ?
		    refuse(c, "no_grant", 404) : failed(c, rc, SHARE_NOT_SEEN);
	}
	cin.patient = p;
	cin.invite = id;
	if ((rc = app_share_cancel(&c->call, &cin, &cout)) != APP_OK)
		return failed(c, rc, cout.why);
	return back(c, p, "cancelled");
}

static const struct route routes[] = {
	{ M_GET, "/account/share/", page_get, R_FAMILY | R_PHI | R_PATIENT },
	{ M_POST, "/account/share/search", search_post, R_FAMILY | R_PHI },
	{ M_POST, "/account/share/invite", change_post, R_FAMILY },
	{ M_POST, "/account/share/token", token_post, R_FAMILY | R_PHI },
	{ M_POST, "/account/share/revoke", change_post, R_FAMILY },
	{ M_POST, "/account/share/cancel", change_post, R_FAMILY },
};

int
main(void)
{
	static const struct app app = { "share", routes, N(routes) };

	return http_main(&app);
}
