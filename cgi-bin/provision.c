/*
 * provision: provisioning staff decide clinicians' applications to the
 * provider portal (P-REG 2, issue 11.2). Staff session (the cookie of
 * /staff/); who may look or decide is the policy's (lib/app/provision.c).
 *
 *   GET  /staff/providers/          the queue, oldest first, and the
 *                                   approved accounts still without a password
 *   GET  /staff/providers/document  ?id=: an uploaded document, inline
 *   POST /staff/providers/fax       a faxed document arrived
 *   POST /staff/providers/decide    approve or reject an application
 *   POST /staff/providers/resend    a new set-password link
 */
#include <inttypes.h>
#include <string.h>
#include <time.h>

#include "form.h"
#include "http.h"
#include "provision.h"
#include "tmpl.h"

#define N(x) (sizeof(x) / sizeof((x)[0]))

static const char *
valid_yesno(struct arena *a, const char *in, size_t len, const char **out)
{
	if ((len == 3 && memcmp(in, "yes", 3) == 0) ||
	    (len == 2 && memcmp(in, "no", 2) == 0)) {
		*out = arena_strndup(a, in, len);
		return NULL;
	}
	return "Choose yes or no.";
}

static const struct field id_fields[] = {
	{ "id", "application", valid_id, F_REQ },
};
static const struct field doc_fields[] = {
	{ "id", "document", valid_id, F_REQ },
};
static const struct field decide_fields[] = {
	{ "id", "application", valid_id, F_REQ },
	{ "decision", "decision", valid_decision, F_REQ },
	{ "sponsor", "sponsorship privileges", valid_yesno, 0 },
	{ "sso_user", "Children's ID user name", valid_username, 0 },
	{ "reason", "reason", valid_line, 0 },
	{ "note", "note", valid_line, 0 },
};

static const char *const doc_labels[] = {
	"Certification & agreement", "Driver's licence or passport",
	"Sponsorship agreement",
};

/* A refusal as a page: the queue again for what is about one
 * application, an error page for the rest. */
static int
refused(struct ctx *c, enum app_rc rc, const struct provision_no *no);

static void
doc_vars(struct tvars *it, const struct apply_doc *d)
{
	struct tvars	*dv = tvars_item(it, "docs");
	size_t		 k;

	for (k = 0; k < N(doc_labels); k++)
		if (strcmp(d->kind, policy_apply_doc_name(k)) == 0)
			tvars_str(dv, "label", doc_labels[k]);
	tvars_strf(dv, "id", "%" PRId64, d->id);
	if (d->size > 0) {
		tvars_bool(dv, "uploaded", 1);
		tvars_str(dv, "name", d->name ? d->name : "document");
		tvars_strf(dv, "size", "%" PRId64 " KB", (d->size + 1023) / 1024);
	} else if (d->fax_received)
		tvars_when(dv, "fax_received", d->fax_received);
	else
		tvars_bool(dv, "awaiting", 1);
}

static void
item_vars(struct ctx *c, const struct provision_item *p, int may_decide)
{
	const struct provider_account	*a = &p->acct;
	struct tvars			*it = tvars_item(c->vars, "apps");
	size_t				 i;

	tvars_strf(it, "id", "%" PRId64, a->id);
	tvars_strf(it, "name", "%s %s, %s", a->given, a->family,
	    a->credential ? a->credential : "");
	tvars_bool(it, "hospital", a->hospital);
	tvars_str(it, "npi", a->npi ? a->npi : "");
	tvars_str(it, "specialty", a->specialty ? a->specialty : "");
	tvars_str(it, "email", a->email);
	tvars_str(it, "phone", a->phone ? a->phone : "");
	tvars_when(it, "received", a->created);
	tvars_bool(it, "sponsor_asked", a->sponsor_asked);
	if (p->practice.id != 0) {
		tvars_str(it, "practice", p->practice.name);
		tvars_str(it, "practice_address", p->practice.address ?
		    p->practice.address : "");
		tvars_str(it, "practice_phone", p->practice.phone ?
		    p->practice.phone : "");
		tvars_str(it, "practice_fax", p->practice.fax ? p->practice.fax : "");
		tvars_bool(it, "practice_new", !p->practice.listed);
	}
	for (i = 0; i < p->ndocs; i++)
		doc_vars(it, &p->docs[i]);
	tvars_bool(it, "complete", p->outstanding == 0);
	tvars_bool(it, "may_decide", may_decide);
}

static int
queue_show(struct ctx *c, int status)
{
	struct provision_queue_out	 q;
	struct provision_no		 no;
	struct provider_account		*u;
	const struct provision_reason	*r;
	struct tvars			*it;
	enum app_rc			 rc;
	size_t				 i, nu;

	if ((rc = app_provision_queue(&c->call, &q, &no)) != APP_OK)
		return refused(c, rc, &no);
	tvars_str(c->vars, "title", "Provider applications");
	tvars_list(c->vars, "apps");
	for (i = 0; i < q.n; i++)
		item_vars(c, &q.items[i], q.may_decide);
	if (q.more > 0)
		tvars_strf(c->vars, "more", "%ld more %s waiting: %s shown as the "
		    "ones above are decided, oldest first.", q.more, q.more == 1 ?
		    "application is" : "applications are", q.more == 1 ? "it is" :
		    "they are");
	for (r = provision_reasons; r->code != NULL; r++) {
		it = tvars_item(c->vars, "reasons");
		tvars_str(it, "code", r->code);
		tvars_str(it, "label", r->label);
	}
	if (q.may_decide && app_provision_unset(&c->call, &u, &nu) == APP_OK)
		for (i = 0; i < nu; i++) {
			it = tvars_item(c->vars, "unset");
			tvars_strf(it, "id", "%" PRId64, u[i].id);
			tvars_strf(it, "name", "%s %s", u[i].given, u[i].family);
			tvars_str(it, "email", u[i].email);
		}
	c->page = "provision_queue";
	return status;
}

static int
refused(struct ctx *c, enum app_rc rc, const struct provision_no *no)
{
	if (rc != APP_REFUSED && rc != APP_INVALID)
		return http_app_status(c, rc);
	switch (no->why) {
	case PROV_ROLE:
		return http_fail(c, 403, no->message);
	case PROV_NO_SUCH:
		return http_fail(c, 404, no->message);
	case PROV_ALREADY:
	case PROV_NO_LINK:
		tvars_str(c->vars, "notice", no->message);
		return queue_show(c, 409);
	default:
		tvars_str(c->vars, "problem", no->message);
		return queue_show(c, 422);
	}
}

static const struct {
	const char	*query;
	const char	*notice;
} done_notices[] = {
	{ "approved", "Application approved: the provider is e-mailed a link "
	    "to choose a password." },
	{ "rejected", "Application rejected: the applicant is e-mailed the reason." },
	{ "faxed", "Document marked as received by fax." },
	{ "resent", "A new link was e-mailed; earlier links no longer work." },
};

static int
queue_get(struct ctx *c)
{
	size_t	 i;

	for (i = 0; i < N(done_notices); i++)
		if (http_query(c, done_notices[i].query) != NULL)
			tvars_str(c->vars, "notice", done_notices[i].notice);
	return queue_show(c, 200);
}

static int
document_get(struct ctx *c)
{
	struct provision_doc_out out;
	struct provision_no	 no;
	struct form		 f;
	enum app_rc		 rc;

	if (form_query(c, doc_fields, N(doc_fields), &f) > 0)
		return http_fail(c, 400, "This link does not name a document.");
	if ((rc = app_provision_document(&c->call, form_id(&f, "id"), &out,
	    &no)) != APP_OK)
		return rc == APP_REFUSED ? http_fail(c, no.why == PROV_ROLE ?
		    403 : 404, no.message) : http_app_status(c, rc);
	/* Shown in the browser as the one safe type its bytes are, and
	 * nothing in it may run or reach anything. */
	buf_put(&c->body, out.data, (size_t)out.doc.size);
	c->raw = 1;
	c->ctype = out.doc.mime;
	http_header(c, "Content-Disposition", arena_printf(c->call.a,
	    "inline; filename=\"%s\"", out.doc.name ? out.doc.name : "document"));
	http_header(c, "Content-Security-Policy", "sandbox; default-src 'none'; "
	    "img-src 'self'");
	return 200;
}

static int
fax_post(struct ctx *c)
{
	struct provision_no	 no;
	struct form		 f;
	enum app_rc		 rc;

	if (form_read(c, doc_fields, N(doc_fields), &f) > 0)
		return http_fail(c, 400, "The form did not name a document. Go "
		    "back and try again.");
	if ((rc = app_provision_fax(&c->call, form_id(&f, "id"), &no)) != APP_OK)
		return refused(c, rc, &no);
	return http_redirect(c, "/staff/providers/?faxed=1");
}

static int
decide_post(struct ctx *c)
{
	struct provision_decide_in	 in;
	struct provision_no		 no;
	struct form			 f;
	enum app_rc			 rc;
	const char			*s;

	if (form_read(c, decide_fields, N(decide_fields), &f) > 0) {
		if (form_val(&f, "id") == NULL || form_val(&f, "decision") == NULL)
			return http_fail(c, 400, "The decision was not complete. "
			    "Go back and try again.");
		tvars_str(c->vars, "problem", form_has_error(&f, "sso_user") ?
		    "The Children's ID user name is not valid (2 to 64 letters, "
		    "digits, '.', '_' or '-'); nothing was changed." :
		    "The decision was not complete; nothing was changed.");
		return queue_show(c, 422);
	}
	memset(&in, 0, sizeof(in));
	in.id = form_id(&f, "id");
	in.approve = strcmp(form_val(&f, "decision"), "approve") == 0;
	in.grant_sponsor = (s = form_val(&f, "sponsor")) != NULL &&
	    strcmp(s, "yes") == 0;
	in.sso_user = form_val(&f, "sso_user");
	in.reason = form_val(&f, "reason");
	in.note = form_val(&f, "note");
	if ((rc = app_provision_decide(&c->call, &in, &no)) != APP_OK)
		return refused(c, rc, &no);
	return http_redirect(c, in.approve ? "/staff/providers/?approved=1" :
	    "/staff/providers/?rejected=1");
}

static int
resend_post(struct ctx *c)
{
	struct provision_no	 no;
	struct form		 f;
	enum app_rc		 rc;

	if (form_read(c, id_fields, N(id_fields), &f) > 0)
		return http_fail(c, 400, "The form did not name an account. Go "
		    "back and try again.");
	if ((rc = app_provision_resend(&c->call, form_id(&f, "id"), &no)) != APP_OK)
		return refused(c, rc, &no);
	return http_redirect(c, "/staff/providers/?resent=1");
}

static const struct route routes[] = {
	{ M_GET, "/staff/providers/", queue_get, R_STAFF },
	{ M_GET, "/staff/providers/document", document_get, R_STAFF },
	{ M_POST, "/staff/providers/fax", fax_post, R_STAFF },
	{ M_POST, "/staff/providers/decide", decide_post, R_STAFF },
	{ M_POST, "/staff/providers/resend", resend_post, R_STAFF },
};

int
main(void)
{
	static const struct app app = { "provision", routes, N(routes) };

	return http_main(&app);
}
