/*
 * pcpreq: staff answer providers' requests to be a patient's PCP
 * (issue 12.3, P-ACCESS 2). Staff session; who may is the policy's
 * (lib/app/pcpreq.c: STAFF_PCP_DECIDE).
 *
 *   GET  /staff/pcp/         the open requests, oldest first, with the
 *                            patient, the provider and the PCP on file
 *   POST /staff/pcp/decide   id, decision make|decline
 */
#include <inttypes.h>
#include <string.h>
#include <time.h>

#include "form.h"
#include "http.h"
#include "pcpreq.h"
#include "tmpl.h"

#define N(x) (sizeof(x) / sizeof((x)[0]))

static const char *
valid_pcp_decision(struct arena *a, const char *in, size_t len,
    const char **out)
{
	if ((len == 4 && memcmp(in, "make", 4) == 0) ||
	    (len == 7 && memcmp(in, "decline", 7) == 0)) {
		*out = arena_strndup(a, in, len);
		return NULL;
	}
	return "Choose Make PCP or Decline.";
}

static const struct field decide_fields[] = {
	{ "id", "request", valid_id, F_REQ },
	{ "decision", "decision", valid_pcp_decision, F_REQ },
};

static const char *
or_empty(const char *s)
{
	return s != NULL ? s : "";
}

static void
item_vars(struct ctx *c, const struct areq *r)
{
	struct tvars	*it = tvars_item(c->vars, "reqs");

	tvars_strf(it, "id", "%" PRId64, r->id);
	tvars_strf(it, "patient", "%s %s", r->pt_given, r->pt_family);
	tvars_str(it, "mrn", r->mrn);
	tvars_str(it, "dob", r->dob);
	tvars_strf(it, "provider", "%s %s%s%s", r->given, r->family,
	    r->credential != NULL ? ", " : "", or_empty(r->credential));
	tvars_str(it, "npi", or_empty(r->npi));
	tvars_str(it, "specialty", or_empty(r->specialty));
	tvars_str(it, "organization", or_empty(r->organization));
	tvars_strf(it, "address", "%s%s%s%s%s%s%s", or_empty(r->address),
	    r->city != NULL ? ", " : "", or_empty(r->city),
	    r->state != NULL ? ", " : "", or_empty(r->state),
	    r->postal != NULL ? " " : "", or_empty(r->postal));
	tvars_str(it, "phone", or_empty(r->phone));
	tvars_strf(it, "asker", "%s %s <%s>%s", r->asker_given, r->asker_family,
	    r->asker_email, strcmp(r->asker_kind, "sponsored") == 0 ?
	    arena_printf(c->call.a, ", on behalf of %s %s", r->given,
	    r->family) : "");
	tvars_when(it, "asked", r->created);
	if (r->pcp_id != 0)
		tvars_strf(it, "pcp", "%s %s%s%s (NPI %s)", or_empty(r->pcp_given),
		    or_empty(r->pcp_family), r->pcp_credential != NULL ? ", " : "",
		    or_empty(r->pcp_credential), r->pcp_npi != NULL ?
		    r->pcp_npi : "none");
}

static int
list_show(struct ctx *c, int status)
{
	struct pcpreq_list_out	 out;
	enum pcpreq_why		 why;
	enum app_rc		 rc;
	size_t			 i;

	if ((rc = app_pcpreq_list(&c->call, &out, &why)) != APP_OK)
		return rc == APP_REFUSED ? http_fail(c, 403, "Your role does not "
		    "give access to PCP requests. Ask the portal's "
		    "administrator if you need it.") : http_app_status(c, rc);
	tvars_str(c->vars, "title", "PCP requests");
	tvars_list(c->vars, "reqs");
	for (i = 0; i < out.n; i++)
		item_vars(c, &out.items[i]);
	if (out.n == 0)
		http_no_phi(c);
	if (out.total > (int64_t)out.n)
		tvars_strf(c->vars, "more", "%" PRId64 " more waiting: shown as "
		    "the ones above are decided.", out.total - (int64_t)out.n);
	c->page = "pcpreq";
	return status;
}

static int
list_get(struct ctx *c)
{
	if (http_query(c, "made") != NULL)
		tvars_str(c->vars, "notice", "The provider is now the patient's "
		    "PCP on file, and was e-mailed that access was granted.");
	else if (http_query(c, "declined") != NULL)
		tvars_str(c->vars, "notice", "Request declined: the provider was "
		    "e-mailed; nothing changed for the patient.");
	return list_show(c, 200);
}

static int
decide_post(struct ctx *c)
{
	struct pcpreq_decide_in	 in;
	struct areq		 r;
	struct form		 f;
	enum pcpreq_why		 why;
	enum app_rc		 rc;

	if (form_read(c, decide_fields, N(decide_fields), &f) > 0) {
		tvars_str(c->vars, "problem", "The form did not name a request "
		    "and a decision; nothing was changed.");
		return list_show(c, 400);
	}
	memset(&in, 0, sizeof(in));
	in.id = form_id(&f, "id");
	in.approve = strcmp(form_val(&f, "decision"), "make") == 0;
	rc = app_pcpreq_decide(&c->call, &in, &r, &why);
	if (rc == APP_OK)
		return http_redirect(c, in.approve ? "/staff/pcp/?made=1" :
		    "/staff/pcp/?declined=1");
	if (rc != APP_REFUSED)
		return http_app_status(c, rc);
	switch (why) {
	case PCPREQ_ROLE:
		return http_fail(c, 403, "Your role does not give access to PCP "
		    "requests. Ask the portal's administrator if you need it.");
	case PCPREQ_DECIDED:
		tvars_strf(c->vars, "notice", "Request %" PRId64 " was decided "
		    "already (%s); nothing was changed.", in.id, r.status);
		return list_show(c, 409);
	default:
		tvars_str(c->vars, "problem", "There is no such PCP request; "
		    "nothing was changed.");
		return list_show(c, 404);
	}
}

static const struct route routes[] = {
	{ M_GET, "/staff/pcp/", list_get, R_STAFF | R_PHI },
	{ M_POST, "/staff/pcp/decide", decide_post, R_STAFF | R_PHI },
};

int
main(void)
{
	static const struct app app = { "pcpreq", routes, N(routes) };

	return http_main(&app);
}
