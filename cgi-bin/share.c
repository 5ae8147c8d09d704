/*
 * share: the family's sharing of a patient's record with providers
 * (issue 12.2, F-SHARE 1-2, P-TOKEN). For one patient the caller may
 * share: who has access and how (the PCP on file, the grants in force
 * the caller sees), the invitation tokens pending; a search of the
 * provider directory, and from its results a share (a provider with a
 * portal account: access at once) or an invitation token (one without,
 * or someone not in the directory), printed once; removing access and
 * cancelling a token. Fields in, one operation of lib/app/share.h or
 * grant.h, the page out. Search terms travel in POST bodies: a query
 * string carries only numeric ids.
 *
 *   GET  /account/share/          ?p=N (&done=WHAT: what was done)
 *   POST /account/share/search    p, family, given, specialty, city, npi
 *   POST /account/share/invite    p, entry
 *   POST /account/share/token     p, entry | invitee, email; or replace
 *                                 (the printable invitation, 200)
 *   POST /account/share/revoke    p, grant
 *   POST /account/share/cancel    p, invite
 */
#include <string.h>

#include "civil.h"
#include "conf.h"
#include "form.h"
#include "http.h"
#include "share.h"
#include "tmpl.h"

#define N(x) (sizeof(x) / sizeof((x)[0]))

/* What a redirect back to the page says was done (the words are the
 * template's: done_<name>). */
static const char *const dones[] = {
	"invited", "already", "pcp", "removed", "cancelled",
};

static const char *
valid_done(struct arena *a, const char *in, size_t len, const char **out)
{
	size_t	 i;

	for (i = 0; i < N(dones); i++)
		if (strlen(in) == len && strcmp(dones[i], in) == 0) {
			*out = arena_strdup(a, in);
			return NULL;
		}
	return "Unknown.";
}

static const struct field page_query[] = {
	{ "p", "patient", valid_id, 0 },
	{ "done", "done", valid_done, 0 },
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
static const struct field invite_fields[] = {
	{ "p", "patient", valid_id, F_REQ },
	{ "entry", "provider", valid_id, F_REQ },
};
static const struct field token_fields[] = {
	{ "p", "patient", valid_id, F_REQ },
	{ "entry", "provider", valid_id, 0 },
	{ "invitee", "name of the person invited", valid_name, 0 },
	{ "email", "e-mail address", valid_email, 0 },
	{ "replace", "invitation", valid_id, 0 },
};
static const struct field revoke_fields[] = {
	{ "p", "patient", valid_id, F_REQ },
	{ "grant", "provider", valid_id, F_REQ },
};
static const struct field cancel_fields[] = {
	{ "p", "patient", valid_id, F_REQ },
	{ "invite", "invitation", valid_id, F_REQ },
};

/* The refusals, by name: the template (share_refused) words them. */
static const char *const refusals[] = {
	[SHARE_OK] = "not_seen",
	[SHARE_NO_PATIENT] = "no_patient",
	[SHARE_NOT_SEEN] = "not_seen",
	[SHARE_NO_RIGHT] = "no_right",
	[SHARE_NO_ENTRY] = "no_entry",
	[SHARE_NO_ACCOUNT] = "no_account",
	[SHARE_HAS_ACCOUNT] = "has_account",
	[SHARE_NO_INVITE] = "no_invite",
	[SHARE_INPUT] = "not_seen",
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
	if ((size_t)why >= N(refusals))
		why = SHARE_NOT_SEEN;
	return refuse(c, refusals[why], why == SHARE_NO_RIGHT ? 403 : 404);
}

/* "YYYY-MM-DD" of t, the hospital's time zone. */
static const char *
day(struct ctx *c, int64_t t)
{
	char	 w[CIVIL_WHEN_LEN];

	civil_when((time_t)t, w);
	return arena_printf(c->call.a, "%.10s", w);
}

static const char *
how_text(const char *how)
{
	if (strcmp(how, "token") == 0)
		return "invitation token";
	if (strcmp(how, "request") == 0)
		return "you approved their request";
	return "shared from this page";
}

static void
entry_vars(struct tvars *it, const struct dir_entry *e)
{
	tvars_int(it, "id", e->id);
	tvars_strf(it, "name", "%s %s", e->given, e->family);
	tvars_str(it, "credential", e->credential ? e->credential : "");
	tvars_str(it, "specialty", e->specialty ? e->specialty : "");
	tvars_str(it, "organization", e->organization ? e->organization : "");
	tvars_str(it, "city", e->city ? e->city : "");
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
		tvars_int(it, "id", g->id);
		tvars_strf(it, "name", "%s %s", g->given, g->family);
		tvars_str(it, "credential", g->credential ? g->credential : "");
		tvars_str(it, "specialty", g->specialty ? g->specialty : "");
		tvars_str(it, "organization", g->organization ?
		    g->organization : "");
		tvars_str(it, "how", how_text(g->how));
		tvars_str(it, "by", g->by_account == c->call.who.id ? "you" :
		    "another account holder");
		tvars_str(it, "since", day(c, g->created));
	}
	tvars_list(c->vars, "invites");
	for (i = 0; i < out.ninvites; i++) {
		const struct invite *v = &out.invites[i];

		it = tvars_item(c->vars, "invites");
		tvars_int(it, "id", v->id);
		tvars_str(it, "invitee", v->invitee);
		tvars_str(it, "email", v->email ? v->email : "");
		tvars_str(it, "created", day(c, v->created));
		tvars_str(it, "expires", day(c, v->expires));
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

	form_query(c, page_query, N(page_query), &f);
	if (form_val(&f, "done") != NULL)
		tvars_bool(c->vars, arena_printf(c->call.a, "done_%s",
		    form_val(&f, "done")), 1);
	return page_show(c, form_id(&f, "p"), http_query(c, "p"), NULL, NULL,
	    200);
}

/* A POST whose p is missing or malformed: the one "no such patient". */
static int
bad_post(struct ctx *c, const struct form *f)
{
	if (form_id(f, "p") == 0)
		return failed(c, APP_REFUSED, SHARE_NOT_SEEN);
	return 0;
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
	if ((rc = bad_post(c, &f)) != 0)
		return rc;
	p = form_id(&f, "p");
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
invite_post(struct ctx *c)
{
	struct share_invite_in	 in;
	struct share_invite_out	 out;
	struct form		 f;
	enum app_rc		 rc;

	if (form_read(c, invite_fields, N(invite_fields), &f) > 0)
		return failed(c, APP_REFUSED, form_id(&f, "p") == 0 ?
		    SHARE_NOT_SEEN : SHARE_NO_ENTRY);
	in.patient = form_id(&f, "p");
	in.entry = form_id(&f, "entry");
	if ((rc = app_share_invite(&c->call, &in, &out)) != APP_OK)
		return failed(c, rc, out.why);
	return back(c, in.patient, out.pcp ? "pcp" : out.already ? "already" :
	    "invited");
}

static int
token_post(struct ctx *c)
{
	struct share_token_in	 in;
	struct share_token_out	 out;
	struct form		 f;
	enum app_rc		 rc;
	const struct conf	*cf = c->call.p->conf;

	form_read(c, token_fields, N(token_fields), &f);
	if ((rc = bad_post(c, &f)) != 0)
		return rc;
	if (f.nerr > 0)
		return page_show(c, form_id(&f, "p"), http_form(c, "p"), &f,
		    NULL, 422);
	in.patient = form_id(&f, "p");
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
	tvars_str(c->vars, "mailed_to", out.email ? out.email : "");
	tvars_str(c->vars, "expires", day(c, out.expires));
	tvars_strf(c->vars, "provider_url", "%s/provider/", cf->base_url);
	tvars_strf(c->vars, "register_url", "%s/provider/register",
	    cf->base_url);
	c->page = "share_token";
	return 200;
}

static int
revoke_post(struct ctx *c)
{
	struct grant_revoke_in	 in;
	struct grant_revoke_out	 out;
	struct form		 f;
	enum app_rc		 rc;

	if (form_read(c, revoke_fields, N(revoke_fields), &f) > 0)
		return form_id(&f, "p") == 0 ? failed(c, APP_REFUSED,
		    SHARE_NOT_SEEN) : refuse(c, "no_grant", 404);
	in.patient = form_id(&f, "p");
	in.grant = form_id(&f, "grant");
	if ((rc = app_grant_revoke(&c->call, &in, &out)) != APP_OK) {
		return rc == APP_REFUSED && out.why == GRANT_NONE ?
		    refuse(c, "no_grant", 404) : failed(c, rc, SHARE_NOT_SEEN);
	}
	return back(c, in.patient, "removed");
}

static int
cancel_post(struct ctx *c)
{
	struct share_cancel_in	 in;
	struct share_cancel_out	 out;
	struct form		 f;
	enum app_rc		 rc;

	if (form_read(c, cancel_fields, N(cancel_fields), &f) > 0)
		return failed(c, APP_REFUSED, form_id(&f, "p") == 0 ?
		    SHARE_NOT_SEEN : SHARE_NO_INVITE);
	in.patient = form_id(&f, "p");
	in.invite = form_id(&f, "invite");
	if ((rc = app_share_cancel(&c->call, &in, &out)) != APP_OK)
		return failed(c, rc, out.why);
	return back(c, in.patient, "cancelled");
}

static const struct route routes[] = {
	{ M_GET, "/account/share/", page_get, R_FAMILY | R_PHI },
	{ M_POST, "/account/share/search", search_post, R_FAMILY | R_PHI },
	{ M_POST, "/account/share/invite", invite_post, R_FAMILY },
	{ M_POST, "/account/share/token", token_post, R_FAMILY | R_PHI },
	{ M_POST, "/account/share/revoke", revoke_post, R_FAMILY },
	{ M_POST, "/account/share/cancel", cancel_post, R_FAMILY },
};

int
main(void)
{
	static const struct app app = { "share", routes, N(routes) };

	return http_main(&app);
}
