/*
 * svisits: the clinic staff's visit pages (issue 13.4, 13.6): the visit
 * requests of the member's clinics and their status, the clinics'
 * visits of the next 30 days with pre-check-in and the documents signed.
 * Who may is the policy's (lib/app/svisits.c: STAFF_VISIT_QUEUE in the
 * clinic); every page of patients is audited there.
 *
 *   GET  /staff/visits/          the open requests, new first
 *   GET  /staff/visits/request   ?id=: one request
 *   POST /staff/visits/status    id, status contacted|scheduled|closed
 *   GET  /staff/visits/upcoming  ?page=: the visits of the next 30 days
 *   GET  /staff/visits/visit     ?id=: one visit
 *   GET  /staff/visits/signed    ?id=: a signed document, printable
 */
#include <inttypes.h>
#include <string.h>

#include "form.h"
#include "http.h"
#include "svisits.h"
#include "tmpl.h"

#define N(x) (sizeof(x) / sizeof((x)[0]))

static const char *
valid_status(struct arena *a, const char *in, size_t len, const char **out)
{
	static const char *const ok[] = { "contacted", "scheduled", "closed" };
	size_t	 i;

	for (i = 0; i < N(ok); i++)
		if (len == strlen(ok[i]) && memcmp(in, ok[i], len) == 0) {
			*out = arena_strndup(a, in, len);
			return NULL;
		}
	return "Choose Contacted, Scheduled or Closed.";
}

static const struct field status_fields[] = {
	{ "id", "request", valid_id, F_REQ },
	{ "status", "status", valid_status, F_REQ },
};

static const char no_role[] = "Your role does not include the clinic's "
    "visit requests and visits. If you work them, ask the portal's "
    "administrator for the clinic role and membership of your clinic.";

static int
refusal(struct ctx *c, enum app_rc rc, enum sv_why why, const char *what)
{
	if (rc != APP_REFUSED)
		return http_app_status(c, rc);
	if (why == SV_ROLE)
		return http_fail(c, 403, no_role);
	return http_fail(c, 404, arena_printf(c->call.a, "There is no such %s "
	    "in your clinics.", what));
}

static const char *
name(struct ctx *c, const char *given, const char *family)
{
	return arena_printf(c->call.a, "%s %s", given, family);
}

static void
req_vars(struct ctx *c, const struct vreq *r)
{
	struct tvars	*it = tvars_item(c->vars, "reqs");

	tvars_int(it, "id", r->id);
	tvars_str(it, "patient", name(c, r->pt_given, r->pt_family));
	tvars_str(it, "mrn", r->mrn);
	tvars_str(it, "clinic", r->clinic);
	tvars_str(it, "reason", r->reason);
	tvars_str(it, "preferred", r->preferred);
	tvars_str(it, "phone", r->phone);
	tvars_str(it, "asker", arena_printf(c->call.a, "%s <%s>",
	    name(c, r->asker_given, r->asker_family), r->asker_email));
	tvars_str(it, "status", r->status);
	tvars_bool(it, "is_new", strcmp(r->status, "new") == 0);
	tvars_bool(it, "open", strcmp(r->status, "new") == 0 ||
	    strcmp(r->status, "contacted") == 0);
	tvars_when(it, "asked", r->created);
	if (*r->updated_by != '\0')
		tvars_str(it, "updated_by", r->updated_by);
	tvars_when(it, "updated", r->updated);
}

static int
queue_show(struct ctx *c, int status)
{
	struct vreq	*r;
	enum sv_why	 why;
	enum app_rc	 rc;
	size_t		 n, i;

	if ((rc = app_sv_requests(&c->call, &r, &n, &why)) != APP_OK)
		return refusal(c, rc, why, "request");
	tvars_str(c->vars, "title", "Visit requests");
	if (n == 0)
		http_no_phi(c);
	tvars_list(c->vars, "reqs");
	for (i = 0; i < n; i++)
		req_vars(c, &r[i]);
	c->page = "svisits";
	return status;
}

/* One request, alone: its details, also once it is no longer open. */
static int
request_get(struct ctx *c)
{
	struct vreq	 r;
	enum sv_why	 why;
	enum app_rc	 rc;

	if ((rc = app_sv_request(&c->call, http_query_id(c, "id"), &r, &why)) !=
	    APP_OK)
		return refusal(c, rc, why, "request");
	tvars_strf(c->vars, "title", "Visit request %" PRId64, r.id);
	tvars_bool(c->vars, "one", 1);
	req_vars(c, &r);
	c->page = "svisits";
	return 200;
}

static int
queue_get(struct ctx *c)
{
	if (http_query(c, "done") != NULL)
		tvars_str(c->vars, "notice", "Status changed; the family was "
		    "e-mailed to look in the portal.");
	return queue_show(c, 200);
}

static int
status_post(struct ctx *c)
{
	struct vreq	 r;
	struct form	 f;
	enum sv_why	 why;
	enum app_rc	 rc;

	if (form_read(c, status_fields, N(status_fields), &f) > 0) {
		tvars_str(c->vars, "problem", "The form did not name a request "
		    "and a status; nothing was changed.");
		return queue_show(c, 400);
	}
	rc = app_sv_request_status(&c->call, form_id(&f, "id"),
	    form_val(&f, "status"), &r, &why);
	if (rc == APP_OK)
		return http_redirect(c, "/staff/visits/?done=1");
	if (rc == APP_REFUSED && why == SV_STALE) {
		tvars_strf(c->vars, "problem", "Request %" PRId64 " is %s: it "
		    "cannot be marked %s; nothing was changed.", r.id, r.status,
		    form_val(&f, "status"));
		return queue_show(c, 409);
	}
	return refusal(c, rc, why, "request");
}

static void
visit_vars(struct ctx *c, struct tvars *it, const struct svisit *v)
{
	tvars_int(it, "id", v->id);
	tvars_str(it, "patient", name(c, v->pt_given, v->pt_family));
	tvars_str(it, "mrn", v->mrn);
	tvars_when(it, "start", v->start);
	tvars_int(it, "minutes", v->minutes);
	tvars_str(it, "clinic", v->clinic);
	tvars_str(it, "type", v->type_name);
	tvars_str(it, "provider", v->provider);
	tvars_str(it, "place", v->video ? "video visit" : v->location);
	tvars_str(it, "status", v->status);
	tvars_bool(it, "confidential", v->confidential);
	if (v->confirmed != 0) {
		tvars_when(it, "confirmed", v->confirmed);
		tvars_str(it, "confirmed_by", v->confirmed_by);
	}
	if (v->cancelled != 0) {
		tvars_when(it, "cancelled", v->cancelled);
		tvars_str(it, "cancelled_by", v->cancelled_by);
		tvars_str(it, "cancel_reason", v->cancel_reason);
	}
}

static int
upcoming_get(struct ctx *c)
{
	struct svisit	*v;
	enum sv_why	 why;
	enum app_rc	 rc;
	size_t		 n, i;
	long		 page = (long)http_query_id(c, "page");
	int		 more;

	if ((rc = app_sv_visits(&c->call, page, &v, &n, &more, &why)) != APP_OK)
		return refusal(c, rc, why, "visit");
	tvars_str(c->vars, "title", "Clinic visits");
	if (n == 0)
		http_no_phi(c);
	tvars_list(c->vars, "visits");
	for (i = 0; i < n; i++)
		visit_vars(c, tvars_item(c->vars, "visits"), &v[i]);
	if (page > 0)
		tvars_int(c->vars, "prev", page - 1);
	tvars_bool(c->vars, "has_prev", page > 0);
	if (more)
		tvars_int(c->vars, "next", page + 1);
	c->page = "svisits_upcoming";
	return 200;
}

static int
visit_get(struct ctx *c)
{
	struct sv_visit_out	 o;
	struct tvars		*it;
	enum sv_why		 why;
	enum app_rc		 rc;
	size_t			 i;

	if ((rc = app_sv_visit(&c->call, http_query_id(c, "id"), &o, &why)) !=
	    APP_OK)
		return refusal(c, rc, why, "visit");
	tvars_str(c->vars, "title", "Visit");
	visit_vars(c, c->vars, &o.v);
	tvars_list(c->vars, "steps");
	for (i = 0; i < o.nsteps; i++)
		tvars_str(tvars_item(c->vars, "steps"), "step", o.steps[i]);
	tvars_list(c->vars, "sigs");
	for (i = 0; i < o.nsigs; i++) {
		it = tvars_item(c->vars, "sigs");
		tvars_int(it, "sig", o.sigs[i].id);
		tvars_str(it, "doc", o.sigs[i].title);
		tvars_str(it, "signer", o.sigs[i].signer_name);
		tvars_when(it, "signed", o.sigs[i].signed_at);
	}
	c->page = "svisits_visit";
	return 200;
}

static int
signed_get(struct ctx *c)
{
	struct vsig	 s;
	struct svisit	 v;
	enum sv_why	 why;
	enum app_rc	 rc;

	if ((rc = app_sv_signature(&c->call, http_query_id(c, "id"), &s, &v,
	    &why)) != APP_OK)
		return refusal(c, rc, why, "signed document");
	tvars_str(c->vars, "title", s.title);
	visit_vars(c, c->vars, &v);
	tvars_str(c->vars, "doc", s.title);
	tvars_str(c->vars, "body", s.body);
	tvars_str(c->vars, "signer", s.signer_name);
	tvars_int(c->vars, "account", s.account_id);
	tvars_when(c->vars, "signed", s.signed_at);
	tvars_str(c->vars, "sha256", s.sha256);
	c->page = "svisits_signed";
	return 200;
}

static const struct route routes[] = {
	{ M_GET, "/staff/visits/", queue_get, R_STAFF | R_PHI },
	{ M_GET, "/staff/visits/request", request_get, R_STAFF | R_PHI },
	{ M_POST, "/staff/visits/status", status_post, R_STAFF | R_PHI },
	{ M_GET, "/staff/visits/upcoming", upcoming_get, R_STAFF | R_PHI },
	{ M_GET, "/staff/visits/visit", visit_get, R_STAFF | R_PHI },
	{ M_GET, "/staff/visits/signed", signed_get, R_STAFF | R_PHI },
};

int
main(void)
{
	static const struct app app = { "svisits", routes, N(routes) };

	return http_main(&app);
}
