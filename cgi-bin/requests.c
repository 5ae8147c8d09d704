/*
 * requests: the family answers providers' requests to see a patient's
 * record (issue 12.3, P-ACCESS 2, F-SHARE 1). Family session; the
 * requests shown and answerable are those on the patients the account
 * may share (lib/app/arequest.c).
 *
 *   GET  /account/requests/         the pending requests
 *   POST /account/requests/decide   id, decision approve|decline
 */
#include <inttypes.h>
#include <string.h>

#include "arequest.h"
#include "form.h"
#include "http.h"
#include "tmpl.h"

#define N(x) (sizeof(x) / sizeof((x)[0]))

static const char *
valid_answer(struct arena *a, const char *in, size_t len, const char **out)
{
	if ((len == 7 && memcmp(in, "approve", 7) == 0) ||
	    (len == 7 && memcmp(in, "decline", 7) == 0)) {
		*out = arena_strndup(a, in, len);
		return NULL;
	}
	return "Choose Approve or Decline.";
}

static const struct field decide_fields[] = {
	{ "id", "request", valid_id, F_REQ },
	{ "decision", "decision", valid_answer, F_REQ },
};

/* "Dr Linh Nguyen, MD" for the provider; a sponsored user asks "on
 * behalf of" theirs. */
static const char *
who_asked(struct ctx *c, const struct areq *r)
{
	const char	*dr = arena_printf(c->call.a, "%s %s%s%s", r->given,
	    r->family, r->credential != NULL ? ", " : "", r->credential != NULL ?
	    r->credential : "");

	if (strcmp(r->asker_kind, "sponsored") == 0)
		return arena_printf(c->call.a, "%s %s, on behalf of %s",
		    r->asker_given, r->asker_family, dr);
	return dr;
}

static int
list_show(struct ctx *c, int status)
{
	struct arequest_list_out	 out;
	const struct areq		*r;
	struct tvars			*it;
	enum app_rc			 rc;
	size_t				 i;

	if ((rc = app_arequest_list(&c->call, &out)) != APP_OK)
		return rc == APP_REFUSED ? http_fail(c, 403, "Sign in with your "
		    "family account to answer requests.") :
		    http_app_status(c, rc);
	tvars_str(c->vars, "title", "Requests to see a record");
	tvars_list(c->vars, "reqs");
	if (out.n == 0)
		http_no_phi(c);
	for (i = 0; i < out.n; i++) {
		r = &out.items[i].r;
		it = tvars_item(c->vars, "reqs");
		tvars_strf(it, "id", "%" PRId64, r->id);
		tvars_strf(it, "patient", "%s %s", r->pt_given, r->pt_family);
		tvars_str(it, "who", who_asked(c, r));
		tvars_str(it, "specialty", r->specialty != NULL ? r->specialty :
		    "");
		tvars_str(it, "organization", r->organization != NULL ?
		    r->organization : "");
		tvars_str(it, "city", r->city != NULL ? arena_printf(c->call.a,
		    "%s%s%s", r->city, r->state != NULL ? ", " : "",
		    r->state != NULL ? r->state : "") : "");
		tvars_date(it, "asked", r->created);
		tvars_bool(it, "own_scope", out.items[i].scope == SCOPE_PATIENT);
	}
	c->page = "requests";
	return status;
}

static int
list_get(struct ctx *c)
{
	if (http_query(c, "approved") != NULL)
		tvars_str(c->vars, "notice", "Approved: the provider can now see "
		    "the record and was e-mailed. You can end their access at "
		    "any time under Share record.");
	else if (http_query(c, "declined") != NULL)
		tvars_str(c->vars, "notice", "Declined: nothing was shared. The "
		    "provider was e-mailed that the request was declined.");
	return list_show(c, 200);
}

static int
decide_post(struct ctx *c)
{
	struct arequest_decide_in	 in;
	struct arequest_decide_out	 out;
	struct form			 f;
	enum app_rc			 rc;

	if (form_read(c, decide_fields, N(decide_fields), &f) > 0) {
		tvars_str(c->vars, "problem", "The form did not name a request "
		    "and an answer; nothing was changed.");
		return list_show(c, 400);
	}
	memset(&in, 0, sizeof(in));
	in.id = form_id(&f, "id");
	in.approve = strcmp(form_val(&f, "decision"), "approve") == 0;
	rc = app_arequest_decide(&c->call, &in, &out);
	if (rc == APP_OK)
		return http_redirect(c, in.approve ? "/account/requests/?approved=1"
		    : "/account/requests/?declined=1");
	if (rc != APP_REFUSED)
		return http_app_status(c, rc);
	if (out.why == AREQUEST_DECIDED) {
		tvars_str(c->vars, "notice", strcmp(out.r.status, "approved") == 0 ?
		    "This request was approved already (perhaps by another "
		    "person on the account); nothing was changed." :
		    "This request was answered already (perhaps by another "
		    "person on the account); nothing was changed.");
		return list_show(c, 409);
	}
	tvars_str(c->vars, "problem", "There is no such request to answer; "
	    "nothing was changed.");
	return list_show(c, 404);
}

static const struct route routes[] = {
	{ M_GET, "/account/requests/", list_get, R_FAMILY | R_PHI },
	{ M_POST, "/account/requests/decide", decide_post, R_FAMILY | R_PHI },
};

int
main(void)
{
	static const struct app app = { "requests", routes, N(routes) };

	return http_main(&app);
}
