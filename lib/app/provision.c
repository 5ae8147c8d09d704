/*
 * The provisioning queue and its decisions (provision.h). Who may do
 * what is policy_staff's (app_staff_may); when an application may be
 * decided is policy_apply's.
 */
#include <string.h>

#include "arena.h"
#include "audit.h"
#include "call.h"
#include "conf.h"
#include "db.h"
#include "magic.h"
#include "mail.h"
#include "policy_apply.h"
#include "portal.h"
#include "provider.h"
#include "provision.h"
#include "secret.h"
#include "staff.h"

const struct provision_reason provision_reasons[] = {
	{ "documents", "Documents missing or unreadable",
	    "The documents we received were incomplete or could not be read. "
	    "You are welcome to apply again with all of them." },
	{ "identity", "Identity could not be confirmed",
	    "We could not confirm your identity or your NPI from the details "
	    "and documents you sent." },
	{ "eligibility", "Not eligible for the provider portal",
	    "The provider portal is open to physicians, nurse practitioners and "
	    "physician assistants who care for our patients; your application "
	    "does not meet these conditions." },
	{ "duplicate", "Already has an account",
	    "You already have an account, or another application of yours is "
	    "being handled." },
	{ "other", "Other (explain below)",
	    "We could not approve your application." },
	{ NULL, NULL, NULL },
};

static enum app_rc
refuse(struct provision_no *no, enum provision_why why, const char *msg)
{
	no->why = why;
	no->message = msg;
	return APP_REFUSED;
}

/* The member may do act: 1; else 0 (refused, audited) or -1. */
static int
may(const struct call *c, enum staff_act act, const char *what,
    struct provision_no *no)
{
	int	 rc = app_staff_may(c, act);

	if (rc == 0) {
		audit_call(c, "staff.refused", 0, what);
		refuse(no, PROV_ROLE, "Your role does not give access to "
		    "provider-portal applications. Ask the portal's "
		    "administrator if you need it.");
	}
	return rc;
}

static int
item_fill(const struct call *c, int64_t id, struct provision_item *it)
{
	size_t	 i;

	memset(it, 0, sizeof(*it));
	if (store_provider_by_id(c->p->db, c->a, id, &it->acct) != 1)
		return -1;
	if (it->acct.practice_id != 0 && store_practice_get(c->p->db, c->a,
	    it->acct.practice_id, &it->practice) == -1)
		return -1;
	if (store_apply_docs(c->p->db, c->a, id, &it->docs, &it->ndocs) == -1)
		return -1;
	for (i = 0; i < it->ndocs; i++)
		if (it->docs[i].size == 0 && it->docs[i].fax_received == 0)
			it->outstanding++;
	return 0;
}

enum app_rc
app_provision_queue(const struct call *c, struct provision_queue_out *out,
    struct provision_no *no)
{
	int64_t	*ids;
	size_t	 n, i;
	long	 total;
	int	 rc, began;

	memset(out, 0, sizeof(*out));
	if ((rc = may(c, STAFF_PROVISION_VIEW, "provider queue", no)) != 1)
		return rc == 0 ? APP_REFUSED : app_db_failed(c);
	if ((rc = app_staff_may(c, STAFF_PROVISION_DECIDE)) == -1)
		return app_db_failed(c);
	out->may_decide = rc;
	if ((began = db_read(c->p->db)) == -1)
		return app_db_failed(c);
	if (store_apply_pending(c->p->db, c->a, PROVISION_PAGE, &ids, &n) == -1 ||
	    (total = store_apply_pending_total(c->p->db)) == -1)
		goto fail;
	out->items = arena_alloc(c->a, (n ? n : 1) * sizeof(*out->items));
	for (i = 0; i < n; i++)
		if (item_fill(c, ids[i], &out->items[i]) == -1)
			goto fail;
	db_read_end(c->p->db, began);
	out->n = n;
	out->more = total > (long)n ? total - (long)n : 0;
	return APP_OK;
fail:
	db_read_end(c->p->db, began);
	return app_db_failed(c);
}

enum app_rc
app_provision_unset(const struct call *c, struct provider_account **out,
    size_t *n)
{
	int64_t	*ids;
	size_t	 i;

	*out = NULL;
	*n = 0;
	if (app_staff_may(c, STAFF_PROVISION_VIEW) != 1)
		return APP_REFUSED;
	if (store_apply_unset(c->p->db, c->a, PROVISION_PAGE, &ids, n) == -1)
		return app_db_failed(c);
	*out = arena_alloc(c->a, (*n ? *n : 1) * sizeof(**out));
	for (i = 0; i < *n; i++)
		if (store_provider_by_id(c->p->db, c->a, ids[i], &(*out)[i]) != 1)
			return app_db_failed(c);
	return APP_OK;
}

enum app_rc
app_provision_document(const struct call *c, int64_t id,
    struct provision_doc_out *out, struct provision_no *no)
{
	enum magic_type	 t;
	int		 rc;

	memset(out, 0, sizeof(*out));
	if ((rc = may(c, STAFF_PROVISION_VIEW, arena_printf(c->a,
	    "provider document %lld", (long long)id), no)) != 1)
		return rc == 0 ? APP_REFUSED : app_db_failed(c);
	if ((rc = store_apply_doc_get(c->p->db, c->a, id, &out->doc,
	    &out->data)) == -1)
		return app_db_failed(c);
	if (rc == 0 || out->data == NULL)
		return refuse(no, PROV_NO_SUCH, "There is no such document: it "
		    "may be one the applicant faxes.");
	/* Served only as the safe type its bytes are, checked again. */
	t = magic_detect(out->data, (size_t)out->doc.size);
	if (!policy_apply_doc_type(t))
		return refuse(no, PROV_NO_SUCH, "This document cannot be shown.");
	out->doc.mime = magic_mime(t);
	if (audit_call(c, "provider.document_view", 0, arena_printf(c->a,
	    "document %lld (%s) of application %lld", (long long)id,
	    out->doc.kind, (long long)out->doc.account_id)) == -1)
		return APP_ERROR;
	return APP_OK;
}

enum app_rc
app_provision_fax(const struct call *c, int64_t doc, struct provision_no *no)
{
	struct apply_doc	 d;
	const unsigned char	*data;
	int			 rc;

	if ((rc = may(c, STAFF_PROVISION_DECIDE, arena_printf(c->a,
	    "fax received, document %lld", (long long)doc), no)) != 1)
		return rc == 0 ? APP_REFUSED : app_db_failed(c);
	if ((rc = store_apply_doc_get(c->p->db, c->a, doc, &d, &data)) == -1)
		return app_db_failed(c);
	if (rc == 0)
		return refuse(no, PROV_NO_SUCH, "There is no such document.");
	if (db_begin(c->p->db) == -1)
		return app_db_failed(c);
	if ((rc = store_apply_doc_faxed(c->p->db, doc, c->who.id, c->now)) != 1) {
		db_rollback(c->p->db);
		return rc == -1 ? app_db_failed(c) : refuse(no, PROV_ALREADY,
		    "That document was already received; nothing was changed.");
	}
	if (audit_call(c, "provider.fax_received", 0, arena_printf(c->a,
	    "document %lld (%s) of application %lld", (long long)doc, d.kind,
	    (long long)d.account_id)) == -1 || db_commit(c->p->db) == -1) {
		db_rollback(c->p->db);
		return app_db_failed(c);
	}
	return APP_OK;
}

static const struct provision_reason *
reason_of(const char *code)
{
	const struct provision_reason	*r;

	for (r = provision_reasons; code != NULL && r->code != NULL; r++)
		if (strcmp(r->code, code) == 0)
			return r;
	return NULL;
}

/* The directory entry of the approved clinician: found by NPI (what it
 * lacks filled in) or made. Its id, or -1. */
static int64_t
directory_entry(const struct call *c, const struct provider_account *a)
{
	int64_t	 id;
	int	 rc;

	if ((rc = store_directory_by_npi(c->p->db, a->npi, &id)) == -1)
		return -1;
	if (rc == 1)
		return store_directory_fill(c->p->db, id, a->credential,
		    a->practice_id, a->email, a->phone) == -1 ? -1 : id;
	return store_directory_create(c->p->db, a->npi, a->given, a->family,
	    a->credential, a->practice_id, a->email, a->phone);
}

/* The approval's changes, in the caller's transaction: 1, 0 if it is
 * not pending any more, -1. */
static int
approve(const struct call *c, const struct provider_account *a,
    const struct provision_decide_in *in, const struct link_secret *ls,
    const char *sso)
{
	struct apply_decision	 d;
	int			 rc;

	memset(&d, 0, sizeof(d));
	d.account = a->id;
	d.status = "approved";
	d.by = c->who.id;
	d.sponsor_granted = policy_apply_sponsor(a->sponsor_asked,
	    in->grant_sponsor);
	d.sso_user = sso;
	if ((d.provider_id = directory_entry(c, a)) == -1)
		return -1;
	if ((rc = store_apply_decide(c->p->db, &d, c->now)) != 1)
		return rc;
	if (a->practice_id != 0 && store_practice_list(c->p->db,
	    a->practice_id) == -1)
		return -1;
	if (sso != NULL)
		return mail_queue(c->p->db, c->p->conf, MAIL_PROVIDER_APPROVED_SSO,
		    a->email, NULL, NULL, c->now) == -1 ? -1 : 1;
	if (secret_link_store(c->p->db, ls, a->id, "setup", c->now,
	    c->p->conf->setup_link_lifetime) == -1 ||
	    mail_queue(c->p->db, c->p->conf, MAIL_PROVIDER_APPROVED, a->email,
	    ls->text, NULL, c->now) == -1)
		return -1;
	return 1;
}

static int
reject(const struct call *c, const struct provider_account *a,
    const struct provision_reason *r, const char *note)
{
	struct apply_decision	 d;
	int			 rc;

	memset(&d, 0, sizeof(d));
	d.account = a->id;
	d.status = "rejected";
	d.by = c->who.id;
	d.reason = note != NULL ? arena_printf(c->a, "%s: %s", r->code, note) :
	    r->code;
	if ((rc = store_apply_decide(c->p->db, &d, c->now)) != 1)
		return rc;
	return mail_queue(c->p->db, c->p->conf, MAIL_PROVIDER_REJECTED, a->email,
	    NULL, note != NULL ? arena_printf(c->a, "%s\n\n%s", r->text, note) :
	    r->text, c->now) == -1 ? -1 : 1;
}

enum app_rc
app_provision_decide(const struct call *c, const struct provision_decide_in *in,
    struct provision_no *no)
{
	struct provision_item		 it;
	struct provider_account		 other;
	const struct provision_reason	*r = NULL;
	struct link_secret		 ls;
	struct apply_facts		 f;
	const char			*sso = NULL;
	enum apply_verdict		 v;
	int				 rc;

	memset(no, 0, sizeof(*no));
	if ((rc = may(c, STAFF_PROVISION_DECIDE, arena_printf(c->a,
	    "decide application %lld", (long long)in->id), no)) != 1)
		return rc == 0 ? APP_REFUSED : app_db_failed(c);
	if ((rc = store_provider_by_id(c->p->db, c->a, in->id, &it.acct)) == -1)
		return app_db_failed(c);
	if (rc == 0 || strcmp(it.acct.kind, "provider") != 0)
		return refuse(no, PROV_NO_SUCH, "There is no such application.");
	if (item_fill(c, in->id, &it) == -1)
		return app_db_failed(c);
	if (!in->approve)
		r = reason_of(in->reason);
	memset(&f, 0, sizeof(f));
	f.status = it.acct.status;
	f.approve = in->approve;
	f.outstanding = it.outstanding;
	f.reason = r != NULL;
	if ((v = policy_apply_decide(&f)) != APPLY_OK)
		return refuse(no, v == APPLY_NOT_PENDING ? PROV_ALREADY :
		    v == APPLY_DOCS_MISSING ? PROV_DOCS : PROV_NO_REASON,
		    policy_apply_text(v));
	/* A Children's ID only for a hospital physician, and only one's. */
	if (in->approve && it.acct.hospital && in->sso_user != NULL) {
		sso = in->sso_user;
		if ((rc = store_provider_by_sso(c->p->db, c->a, sso, &other)) == -1)
			return app_db_failed(c);
		if (rc == 1)
			return refuse(no, PROV_SSO_TAKEN, "That Children's ID user "
			    "name belongs to another account; nothing was changed.");
	}
	/* The slow hash before the transaction (secret.h). */
	if (in->approve && sso == NULL)
		secret_link_make(c->a, c->p->conf, &ls);
	if (db_begin(c->p->db) == -1)
		return app_db_failed(c);
	rc = in->approve ? approve(c, &it.acct, in, &ls, sso) :
	    reject(c, &it.acct, r, in->note);
	if (rc != 1) {
		db_rollback(c->p->db);
		return rc == -1 ? app_db_failed(c) : refuse(no, PROV_ALREADY,
		    policy_apply_text(APPLY_NOT_PENDING));
	}
	if (audit_call(c, in->approve ? "provider.approve" : "provider.reject", 0,
	    arena_printf(c->a, "application %lld%s%s", (long long)in->id,
	    in->approve ? (policy_apply_sponsor(it.acct.sponsor_asked,
	    in->grant_sponsor) ? ", sponsorship granted" : it.acct.sponsor_asked ?
	    ", sponsorship not granted" : "") : ", reason ",
	    in->approve ? (sso != NULL ? ", Children's ID" : "") : r->code)) == -1 ||
	    db_commit(c->p->db) == -1) {
		db_rollback(c->p->db);
		return app_db_failed(c);
	}
	return APP_OK;
}

enum app_rc
app_provision_resend(const struct call *c, int64_t id, struct provision_no *no)
{
	struct provider_account	 a;
	int			 rc;

	memset(no, 0, sizeof(*no));
	if ((rc = may(c, STAFF_PROVISION_DECIDE, arena_printf(c->a,
	    "new link, application %lld", (long long)id), no)) != 1)
		return rc == 0 ? APP_REFUSED : app_db_failed(c);
	if ((rc = store_provider_by_id(c->p->db, c->a, id, &a)) == -1)
		return app_db_failed(c);
	if (rc == 0 || strcmp(a.kind, "provider") != 0)
		return refuse(no, PROV_NO_SUCH, "There is no such account.");
	if (strcmp(a.status, "approved") != 0 || a.pw_hash != NULL ||
	    a.sso_user != NULL)
		return refuse(no, PROV_NO_LINK, "This account needs no new link: "
		    "it is not approved, its password was already chosen, or it "
		    "signs in with Children's ID. Nothing was sent.");
	return app_provider_link_send(c, a.id, a.email, MAIL_PROVIDER_SETUP,
	    NULL, "provider.link_resent", arena_printf(c->a, "account %lld",
	    (long long)id));
}
