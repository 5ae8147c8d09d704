/*
 * A clinician's application (register.h): the documents checked by their
 * content, then everything stored, mailed and audited in one transaction.
 */
#include <string.h>

#include "arena.h"
#include "audit.h"
#include "auth.h"
#include "call.h"
#include "conf.h"
#include "db.h"
#include "mail.h"
#include "magic.h"
#include "portal.h"
#include "register.h"
#include "store_apply.h"
#include "store_provider.h"
#include "valid.h"

/* What each document is called in messages and e-mails. */
static const char *const doc_words[APPLY_DOC__MAX] = {
	[APPLY_DOC_AGREEMENT] = "the signed certification & agreement",
	[APPLY_DOC_IDENTITY] = "a copy of your driver's licence or passport",
	[APPLY_DOC_SPONSORSHIP] = "the signed sponsorship agreement",
};

enum app_rc
app_register_practices(const struct call *c, struct practice **out, size_t *n)
{
	if (store_practice_listed(c->p->db, c->a, out, n) == -1)
		return app_db_failed(c);
	return APP_OK;
}

/* The file's name as the applicant chose it, for a message: its last
 * path component, if it is one line of text. */
static const char *
file_words(struct arena *a, const char *name)
{
	const char	*s;

	if (name == NULL || *name == '\0')
		return "The file you chose";
	if ((s = strrchr(name, '/')) != NULL || (s = strrchr(name, '\\')) != NULL)
		name = s + 1;
	if (*name == '\0' || strlen(name) > 120 ||
	    !valid_utf8(name, strlen(name), 0))
		return "The file you chose";
	return arena_printf(a, "The file %s", name);
}

/* The problem with one needed document, or NULL (*type set if uploaded). */
static const char *
doc_problem(const struct call *c, const struct register_doc *d,
    enum magic_type *type)
{
	long	 max = c->p->conf->provider_document_max;

	*type = MAGIC_NONE;
	if (d->fax)
		return NULL;
	if (d->len == 0 && (d->name == NULL || *d->name == '\0'))
		return "Choose the file to upload, or choose to fax it.";
	if (d->len == 0)
		return arena_printf(c->a, "%s is empty. Choose the file again, "
		    "or choose to fax it.", file_words(c->a, d->name));
	if (d->len > (size_t)max)
		return arena_printf(c->a, "%s is larger than %ld MB. Choose a "
		    "smaller file (a scan at 150 to 300 dpi is enough), or "
		    "choose to fax it.", file_words(c->a, d->name),
		    max / (1024 * 1024));
	/* By its content, never by its name or the type the browser sent. */
	*type = magic_detect(d->data, d->len);
	if (!policy_apply_doc_type(*type))
		return arena_printf(c->a, "%s is not a PDF, PNG or JPEG file "
		    "(we check what the file holds, not its name). Choose "
		    "another file, or choose to fax it.",
		    file_words(c->a, d->name));
	return NULL;
}

/* What the applicant is asked to fax, for the e-mail ("" if nothing). */
static const char *
fax_words(const struct call *c, const struct register_in *in)
{
	struct buf	 b;
	int		 k, any = 0;

	buf_init(&b, c->a);
	for (k = 0; k < APPLY_DOC__MAX; k++) {
		if (!policy_apply_doc_needed(k, in->sponsor) || !in->docs[k].fax)
			continue;
		if (!any)
			buf_puts(&b, arena_printf(c->a, "Fax these documents to "
			    "%s, with your name and NPI (%s) on the cover "
			    "sheet:\n\n", c->p->conf->provider_fax, in->npi));
		buf_puts(&b, arena_printf(c->a, "  - %s\n", doc_words[k]));
		any = 1;
	}
	if (any)
		buf_puts(&b, "\nWe review your application once they arrive.\n\n");
	return any ? b.b_data : "";
}

/* The address or NPI is on file: the same answer as a new application,
 * and an e-mail to the address on file (not to the one typed), at most
 * once a day. */
static enum app_rc
register_again(const struct call *c, const struct provider_account *on_file,
    struct register_out *out)
{
	const char	*who = arena_printf(c->a, "provider:%s", on_file->email);

	out->duplicate = 1;
	if (db_begin(c->p->db) == -1)
		return app_db_failed(c);
	/* Once a day however many strangers try, as the family sign-up's
	 * "sign-up attempt" (THR_MAIL_SIGNUP, issue 7.3). */
	if ((!auth_over(c, THR_MAIL_SIGNUP, who) &&
	    (auth_count(c, THR_MAIL_SIGNUP, who) == -1 ||
	    mail_queue(c->p->db, c->p->conf, MAIL_PROVIDER_EXISTS,
	    on_file->email, NULL, NULL, c->now) == -1)) ||
	    audit_call(c, "provider.apply", 0, arena_printf(c->a,
	    "again: account %lld on file", (long long)on_file->id)) == -1 ||
	    db_commit(c->p->db) == -1) {
		db_rollback(c->p->db);
		return app_db_failed(c);
	}
	return APP_OK;
}

/* 1 and *out if the address or the NPI is on file, 0, or -1. */
static int
on_file(const struct call *c, const struct register_in *in,
    struct provider_account *out)
{
	int	 rc;

	if ((rc = store_provider_by_email(c->p->db, c->a, in->email, out)) != 0)
		return rc;
	return store_provider_by_npi(c->p->db, c->a, in->npi, out);
}

/* Stores the application (in the caller's transaction); its id or -1. */
static int64_t
register_store(const struct call *c, const struct register_in *in,
    const enum magic_type *types, int *nfax)
{
	struct provider_account	 n;
	const struct register_doc *d;
	int64_t			 practice = in->practice, id;
	int			 k;

	if (practice == 0 && (practice = store_practice_create(c->p->db,
	    in->practice_name, in->practice_address, in->practice_phone,
	    in->practice_fax)) == -1)
		return -1;
	memset(&n, 0, sizeof(n));
	n.kind = "provider";
	n.status = "pending";
	n.email = in->email;
	n.given = in->given;
	n.family = in->family;
	n.phone = in->phone;
	n.npi = in->npi;
	n.credential = in->credential;
	n.specialty = in->specialty;
	n.hospital = in->hospital != 0;
	n.practice_id = practice;
	n.sponsor_asked = in->sponsor != 0;
	if ((id = store_provider_create(c->p->db, &n, c->now)) == -1)
		return -1;
	*nfax = 0;
	for (k = 0; k < APPLY_DOC__MAX; k++) {
		if (!policy_apply_doc_needed(k, in->sponsor))
			continue;
		d = &in->docs[k];
		if (d->fax)
			(*nfax)++;
		if (store_apply_doc_add(c->p->db, id, policy_apply_doc_name(k),
		    d->fax ? NULL : magic_safe_name(c->a, d->name, types[k]),
		    d->fax ? NULL : magic_mime(types[k]), d->fax ? NULL : d->data,
		    d->fax ? 0 : d->len, c->now) == -1)
			return -1;
	}
	return id;
}

/* app_register_check, with each document's type in types. */
static enum app_rc
check(const struct call *c, const struct register_in *in,
    struct register_out *out, enum magic_type *types)
{
	struct practice	 pr;
	int		 k, bad = 0, rc;

	memset(out, 0, sizeof(*out));
	for (k = 0; k < APPLY_DOC__MAX; k++) {
		types[k] = MAGIC_NONE;
		if (policy_apply_doc_needed(k, in->sponsor) &&
		    (out->doc_error[k] = doc_problem(c, &in->docs[k],
		    &types[k])) != NULL)
			bad = 1;
	}
	if (in->practice != 0) {
		if ((rc = store_practice_get(c->p->db, c->a, in->practice,
		    &pr)) == -1)
			return app_db_failed(c);
		if (rc == 0 || !pr.listed) {
			out->practice_error = "Choose one of the listed practices, "
			    "or name your practice.";
			bad = 1;
		}
	}
	return bad ? APP_INVALID : APP_OK;
}

enum app_rc
app_register_check(const struct call *c, const struct register_in *in,
    struct register_out *out)
{
	enum magic_type	 types[APPLY_DOC__MAX];

	return check(c, in, out, types);
}

enum app_rc
app_register(const struct call *c, const struct register_in *in,
    struct register_out *out)
{
	struct provider_account	 dup;
	enum magic_type		 types[APPLY_DOC__MAX];
	enum app_rc		 arc;
	int64_t			 id;
	int			 nfax, rc;

	if ((arc = check(c, in, out, types)) != APP_OK)
		return arc;
	/* Per client address, new or again alike (THR_APPLY_ADDRESS). */
	if ((out->wait = auth_wait(c, THR_APPLY_ADDRESS, NULL)) > 0) {
		if (audit_call(c, "provider.apply_throttled", 0, NULL) == -1)
			return app_db_failed(c);
		return APP_REFUSED;
	}
	if (auth_count(c, THR_APPLY_ADDRESS, NULL) == -1)
		return app_db_failed(c);
	if ((rc = on_file(c, in, &dup)) == -1)
		return app_db_failed(c);
	if (rc == 1)
		return register_again(c, &dup, out);
	if (db_begin(c->p->db) == -1)
		return app_db_failed(c);
	if ((id = register_store(c, in, types, &nfax)) == -1) {
		db_rollback(c->p->db);
		/* Another request with the same address or NPI came first. */
		if (on_file(c, in, &dup) == 1)
			return register_again(c, &dup, out);
		return app_db_failed(c);
	}
	if (mail_queue(c->p->db, c->p->conf, MAIL_PROVIDER_APPLIED, in->email,
	    NULL, fax_words(c, in), c->now) == -1 ||
	    audit_call(c, "provider.apply", 0, arena_printf(c->a,
	    "application %lld, %d document%s to fax", (long long)id, nfax,
	    nfax == 1 ? "" : "s")) == -1 || db_commit(c->p->db) == -1) {
		db_rollback(c->p->db);
		return app_db_failed(c);
	}
	return APP_OK;
}
