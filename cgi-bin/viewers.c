/*
 * viewers: "who has seen my child's record" in the family portal (issue
 * 12.8, F-SHARE 3). For a patient the account holds today: the views of
 * the record by providers, their sponsored staff and hospital staff, from
 * the audit log, newest first, 50 a page, those the policy lets this
 * holder see (policy_seen.h); and for each provider shown whose grant is
 * in force and the holder's to see, "Remove access".
 *
 *   GET  /account/viewers/          ?p=patient id (else the first),
 *                                   ?before=audit id (the next page),
 *                                   ?removed=1 (notice)
 *   POST /account/viewers/remove    p, grant: app_grant_revoke
 */
#include <inttypes.h>
#include <string.h>
#include <time.h>

#include "form.h"
#include "http.h"
#include "tmpl.h"
#include "valid.h"
#include "viewers.h"

#define N(x) (sizeof(x) / sizeof((x)[0]))

static const struct field query[] = {
	{ "p", "patient", valid_id, 0 },
	{ "before", "page", valid_id, 0 },
};

static const struct field remove_fields[] = {
	{ "p", "patient", valid_id, F_REQ },
	{ "grant", "access", valid_id, F_REQ },
};

#define NOT_SEEN "There is no such patient on your account, or you cannot " \
	"see this patient's record. If you think this is wrong, call Support."

/* "Ann Lee, MD (Cardiology), Riverside Heart". */
static const char *
grant_who(struct ctx *c, const struct grant *g)
{
	return arena_printf(c->call.a, "%s %s%s%s%s%s", g->given, g->family,
	    g->credential ? ", " : "", g->credential ? g->credential : "",
	    g->organization ? ", " : "", g->organization ? g->organization : "");
}

static int
list_get(struct ctx *c)
{
	struct viewers_in	 in;
	struct viewers_out	 out;
	struct form		 f;
	struct tvars		*it;
	enum app_rc		 rc;
	size_t			 i;

	form_query(c, query, N(query), &f);
	in.p.id = form_id(&f, "p");
	in.p.raw = http_query(c, "p");
	in.before = form_id(&f, "before");
	if ((rc = app_viewers(&c->call, &in, &out)) != APP_OK) {
		if (rc == APP_REFUSED && out.why == RECORD_NO_PATIENT) {
			tvars_str(c->vars, "title", "Who has seen the record");
			http_no_phi(c);
			c->page = "record_none";
			return 200;
		}
		if (rc == APP_REFUSED)
			return http_fail(c, 404, NOT_SEEN);
		return http_app_status(c, rc);
	}
	tvars_str(c->vars, "title", "Who has seen the record");
	tvars_int(c->vars, "patient_id", out.h.patient.id);
	tvars_strf(c->vars, "patient_name", "%s %s", out.h.patient.given,
	    out.h.patient.family);
	for (i = 0; i < out.nchoices; i++) {
		it = tvars_item(c->vars, "choices");
		tvars_int(it, "id", out.choices[i].patient_id);
		tvars_str(it, "name", out.choices[i].name);
		tvars_bool(it, "selected",
		    out.choices[i].patient_id == out.h.patient.id);
	}
	tvars_bool(c->vars, "several", out.nchoices > 1);
	tvars_list(c->vars, "views");
	for (i = 0; i < out.n; i++) {
		it = tvars_item(c->vars, "views");
		tvars_datetime(it, "when", out.v[i].at);
		tvars_str(it, "who", out.v[i].who);
		tvars_str(it, "org", out.v[i].org ? out.v[i].org : "");
		tvars_str(it, "what", out.v[i].what);
	}
	tvars_bool(c->vars, "none", out.n == 0);
	if (out.next > 0)
		tvars_int(c->vars, "next", out.next);
	tvars_bool(c->vars, "paged", in.before > 0);
	tvars_list(c->vars, "grants");
	for (i = 0; i < out.ngrants; i++) {
		it = tvars_item(c->vars, "grants");
		tvars_int(it, "id", out.grants[i].id);
		tvars_str(it, "who", grant_who(c, &out.grants[i]));
	}
	tvars_bool(c->vars, "has_grants", out.ngrants > 0);
	tvars_bool(c->vars, "removed", http_query(c, "removed") != NULL);
	c->page = "viewers";
	return 200;
}

static int
remove_post(struct ctx *c)
{
	struct grant_revoke_in	 in;
	struct grant_revoke_out	 out;
	struct form		 f;
	enum app_rc		 rc;

	if (form_read(c, remove_fields, N(remove_fields), &f) > 0)
		return http_fail(c, 400, "Nothing was changed: the request was "
		    "not complete. Go back to the page and try again.");
	in.patient = form_id(&f, "p");
	in.grant = form_id(&f, "grant");
	switch ((rc = app_grant_revoke(&c->call, &in, &out))) {
	case APP_OK:
		return http_redirect(c, arena_printf(c->call.a,
		    "/account/viewers/?p=%" PRId64 "&removed=1", in.patient));
	case APP_REFUSED:
		return http_fail(c, 404, out.why == GRANT_NOT_SEEN ? NOT_SEEN :
		    "Nothing was changed: that provider has no access you can "
		    "remove (it may already have ended).");
	default:
		return http_app_status(c, rc);
	}
}

static const struct route routes[] = {
	{ M_GET, "/account/viewers/", list_get,
	    R_FAMILY | R_PHI | R_PATIENT },
	{ M_POST, "/account/viewers/remove", remove_post, R_FAMILY },
};

int
main(void)
{
	static const struct app app = { "viewers", routes, N(routes) };

	return http_main(&app);
}
