/*
 * The profile (profile.h): contact information, e-mail changes, the PCP
 * on file.
 */
#include <inttypes.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "audit.h"
#include "auth.h"
#include "call.h"
#include "conf.h"
#include "crypto.h"
#include "db.h"
#include "mail.h"
#include "policy_secret.h"
#include "portal.h"
#include "profile.h"
#include "record.h"
#include "store_accounts.h"
#include "store_bill.h"
#include "store_directory.h"
#include "store_tokens.h"
#include "valid.h"

#define TOKEN_BYTES	32

/* A person's place, "Boston, MA", or NULL. */
static const char *
place(struct arena *a, const char *city, const char *state)
{
	if (city == NULL || *city == '\0')
		return state != NULL && *state != '\0' ? state : NULL;
	if (state == NULL || *state == '\0')
		return city;
	return arena_printf(a, "%s, %s", city, state);
}

enum app_rc
app_profile_view(const struct call *c, const void *in, struct profile_out *out)
{
	struct record_choice	*ch;
	struct audit_group	*g;
	struct dir_entry	 e;
	size_t			 n, i;
	int			 rc;

	(void)in;
	memset(out, 0, sizeof(*out));
	if (c->who.kind != ACTOR_FAMILY)
		return APP_REFUSED;
	if ((rc = store_contact_get(c->p->db, c->a, c->who.id, &out->c)) != 1)
		return rc == 0 ? APP_REFUSED : app_db_failed(c);
	if (record_choices(c, &ch, &n) == -1)
		return app_db_failed(c);
	out->pcps = arena_alloc(c->a, (n + 1) * sizeof(*out->pcps));
	g = audit_group_new(c);
	for (i = 0; i < n; i++) {
		struct profile_pcp	*p = &out->pcps[out->npcps++];

		p->patient_id = ch[i].patient_id;
		p->patient = ch[i].name;
		if ((rc = store_dir_pcp(c->p->db, c->a, p->patient_id, &e)) == -1)
			return app_db_failed(c);
		if (rc == 1) {
			p->pcp = arena_printf(c->a, "%s %s%s%s", e.given, e.family,
			    e.credential ? ", " : "", e.credential ?
			    e.credential : "");
			p->practice = e.organization;
			p->city = place(c->a, e.city, e.state);
		}
		/* The PCP is of the record: its view is on record (S-1). */
		audit_group_add(g, "profile.view", p->patient_id, rc == 1 ?
		    arena_printf(c->a, "pcp=%" PRId64, e.id) : "pcp=none");
	}
	return audit_group_write(g) == -1 ? APP_ERROR : APP_OK;
}

/* One rule broken: the field and the message. */
static enum app_rc
invalid(struct profile_save_out *out, const char *field, const char *msg)
{
	out->field = field;
	out->msg = msg;
	return APP_INVALID;
}

static int
empty(const char *s)
{
	return s == NULL || *s == '\0';
}

/* Runs one field's validator again (the web form ran it: an operation
 * takes no value on trust); "" stays "". 0, or -1 and out set. */
static int
recheck(const struct call *c, valid_fn fn, const char **v, const char *field,
    struct profile_save_out *out)
{
	const char	*msg, *norm = NULL;

	if (*v == NULL)
		*v = "";
	if (**v == '\0')
		return 0;
	if ((msg = fn(c->a, *v, strlen(*v), &norm)) != NULL) {
		invalid(out, field, msg);
		return -1;
	}
	*v = norm;
	return 0;
}

/* The rules of the contact information (profile.h), in place. */
static enum app_rc
contact_check(const struct call *c, struct contact *k,
    struct profile_save_out *out)
{
	if (recheck(c, valid_line, &k->address1, "address1", out) == -1 ||
	    recheck(c, valid_line, &k->address2, "address2", out) == -1 ||
	    recheck(c, valid_line, &k->city, "city", out) == -1 ||
	    recheck(c, valid_state, &k->state, "state", out) == -1 ||
	    recheck(c, valid_postal, &k->postal, "postal", out) == -1 ||
	    recheck(c, valid_phone, &k->phone_mobile, "phone_mobile", out) == -1 ||
	    recheck(c, valid_phone, &k->phone_home, "phone_home", out) == -1 ||
	    recheck(c, valid_email, &k->email, "email", out) == -1)
		return APP_INVALID;
	if (strlen(k->address1) > 100 || strlen(k->address2) > 100 ||
	    strlen(k->city) > 100)
		return invalid(out, strlen(k->city) > 100 ? "city" :
		    strlen(k->address1) > 100 ? "address1" : "address2",
		    "Enter at most 100 characters.");
	if (empty(k->preferred))
		k->preferred = "email";
	if (recheck(c, valid_preferred, &k->preferred, "preferred", out) == -1)
		return APP_INVALID;
	if ((strcmp(k->preferred, "mobile") == 0 ||
	    strcmp(k->preferred, "text") == 0) && empty(k->phone_mobile))
		return invalid(out, "phone_mobile", "Enter a mobile number, or "
		    "choose another way to contact you: calls and text messages "
		    "go to the mobile number.");
	if (strcmp(k->preferred, "home") == 0 && empty(k->phone_home))
		return invalid(out, "phone_home", "Enter a home number, or "
		    "choose another way to contact you.");
	/* An address, if any, is a whole one: a letter must arrive. */
	if (!empty(k->address1) || !empty(k->address2) || !empty(k->city) ||
	    !empty(k->state) || !empty(k->postal)) {
		if (empty(k->address1))
			return invalid(out, "address1", "Enter the street address.");
		if (empty(k->city))
			return invalid(out, "city", "Enter the city or town.");
		if (empty(k->state))
			return invalid(out, "state", "Enter the state's two-letter "
			    "code, like MA.");
		if (empty(k->postal))
			return invalid(out, "postal", "Enter the ZIP code.");
	}
	return APP_OK;
}

static int
differs(const char *a, const char *b)
{
	return strcmp(a != NULL ? a : "", b != NULL ? b : "") != 0;
}

/* Which groups changed, for the audit: "address,phones,preferred". */
static const char *
changed(struct arena *a, const struct contact *was, const struct contact *now)
{
	const char	*s = "";

	if (differs(was->address1, now->address1) ||
	    differs(was->address2, now->address2) ||
	    differs(was->city, now->city) || differs(was->state, now->state) ||
	    differs(was->postal, now->postal))
		s = "address";
	if (differs(was->phone_mobile, now->phone_mobile) ||
	    differs(was->phone_home, now->phone_home))
		s = arena_printf(a, "%s%sphones", s, *s ? "," : "");
	if (differs(was->preferred, now->preferred))
		s = arena_printf(a, "%s%spreferred", s, *s ? "," : "");
	return *s ? s : "none";
}

/* Asks for an e-mail change inside the open transaction: a link to the
 * new address and a note to the old one, or, if another account has the
 * new address, a note to it (no link). Either way the old address is told
 * and older links retired, so the account holder sees the same whatever
 * the address (issue 14: no account enumeration, not even through the
 * old mailbox). 0 or -1. */
static int
email_ask(const struct call *c, const char *old, const char *email)
{
	unsigned char	 tok[TOKEN_BYTES], hash[CRYPTO_SHA256_LEN];
	char		 text[TOKEN_BYTES * 2];
	int		 taken;
	int64_t		 id;

	if ((taken = store_email_taken(c->p->db, email, c->who.id)) == -1)
		return -1;
	if (taken)
		return store_email_changes_retire(c->p->db, c->who.id,
		    c->now) == -1 || mail_queue(c->p->db, c->p->conf,
		    MAIL_EMAIL_TAKEN, email, NULL, NULL, c->now) == -1 ||
		    mail_queue(c->p->db, c->p->conf, MAIL_EMAIL_ASKED, old, NULL,
		    NULL, c->now) == -1 || audit_call(c, "profile.email_asked", 0,
		    "taken=1") == -1 ? -1 : 0;
	crypto_random(tok, sizeof(tok));
	crypto_b64url(tok, sizeof(tok), text);
	crypto_sha256(text, strlen(text), hash);
	if ((id = store_email_change_new(c->p->db, c->who.id, email, hash,
	    c->now, c->now + PROFILE_EMAIL_SECONDS)) == -1 ||
	    mail_queue(c->p->db, c->p->conf, MAIL_EMAIL_CONFIRM, email, text,
	    NULL, c->now) == -1 ||
	    mail_queue(c->p->db, c->p->conf, MAIL_EMAIL_ASKED, old, NULL, NULL,
	    c->now) == -1)
		return -1;
	return audit_call(c, "profile.email_asked", 0,
	    arena_printf(c->a, "change=%" PRId64, id));
}

/*
 * A new e-mail address takes the password resets with it: asked for from
 * a session alone (a computer left signed in), it would take the account.
 * So it needs the account's password, guessed no faster than at sign-in
 * (the sign-in's own count). APP_OK (also when email is no change),
 * APP_INVALID ("password"), or the store's failure.
 */
static enum app_rc
email_password(const struct call *c, const char *email, const char *password,
    struct profile_save_out *out)
{
	struct account	 a;
	long		 wait;
	int		 found;

	if ((found = store_account_by_id(c->p->db, c->a, c->who.id, &a)) != 1)
		return found == 0 ? APP_REFUSED : app_db_failed(c);
	if (empty(email) || strcasecmp(email, a.email) == 0)
		return APP_OK;
	if ((wait = auth_login_wait(c, a.email, NULL)) > 0)
		return invalid(out, "password", arena_printf(c->a, "Too many "
		    "wrong passwords. Wait %s and try again.",
		    auth_wait_text(c->a, wait)));
	if (empty(password))
		return invalid(out, "password", "Enter your password to change "
		    "your e-mail address.");
	if (auth_login_attempt(c, a.email, NULL) == -1)
		return app_db_failed(c);
	if (!auth_verify(password, a.pw_hash)) {
		if (audit_call(c, "profile.password_refused", 0, NULL) == -1)
			return app_db_failed(c);
		return invalid(out, "password", "Your password is not correct.");
	}
	auth_login_ok(c, a.email, NULL);
	return APP_OK;
}

enum app_rc
app_profile_save(const struct call *c, const struct profile_save_in *in,
    struct profile_save_out *out)
{
	struct contact	 k = in->c, was;
	enum app_rc	 rc;
	int		 found;

	memset(out, 0, sizeof(*out));
	if (c->who.kind != ACTOR_FAMILY)
		return APP_REFUSED;
	if ((rc = contact_check(c, &k, out)) != APP_OK)
		return rc;
	if ((rc = email_password(c, k.email, in->password, out)) != APP_OK)
		return rc;
	if (db_begin(c->p->db) == -1)
		return app_db_failed(c);
	if ((found = store_contact_get(c->p->db, c->a, c->who.id, &was)) != 1) {
		db_rollback(c->p->db);
		return found == 0 ? APP_REFUSED : app_db_failed(c);
	}
	if (store_contact_set(c->p->db, c->who.id, &k, c->now) != 1 ||
	    audit_call(c, "profile.update", 0, arena_printf(c->a, "changed=%s",
	    changed(c->a, &was, &k))) == -1)
		goto fail;
	if (!empty(k.email) && strcasecmp(k.email, was.email) != 0) {
		if (email_ask(c, was.email, k.email) == -1)
			goto fail;
		out->email_sent = 1;
	}
	if (db_commit(c->p->db) == -1)
		return app_db_failed(c);
	return APP_OK;
fail:
	db_rollback(c->p->db);
	return app_db_failed(c);
}

static enum app_rc
email_refused(const struct call *c, struct email_confirm_out *out,
    enum email_confirm_why why, int64_t change)
{
	static const char *const names[] = { "bad", "used", "expired", "taken" };

	out->why = why;
	if (audit_call(c, "profile.email_refused", 0, arena_printf(c->a,
	    "state=%s change=%" PRId64, names[why], change)) == -1)
		return APP_ERROR;
	return APP_REFUSED;
}

/* check: only whether the link works (nothing used or changed). */
static enum app_rc
email_confirm(const struct call *c, const char *token,
    struct email_confirm_out *out, int check)
{
	unsigned char		 hash[CRYPTO_SHA256_LEN];
	struct email_change	 e;
	struct secret_facts	 f;
	struct contact		 was;
	int			 rc;

	memset(out, 0, sizeof(*out));
	if (token == NULL || strlen(token) != 43)
		return email_refused(c, out, EMAIL_BAD, 0);
	crypto_sha256(token, strlen(token), hash);
	if (db_begin(c->p->db) == -1)
		return app_db_failed(c);
	if ((rc = store_email_change_get(c->p->db, c->a, hash, &e)) == -1)
		goto fail;
	memset(&f, 0, sizeof(f));
	f.found = rc == 1;
	f.proof_ok = 1;
	if (f.found) {
		f.used = e.used;
		f.expires = e.expires;
	}
	switch (policy_secret(&f, c->now)) {
	case SECRET_OK:
		break;
	case SECRET_USED:
		db_rollback(c->p->db);
		return email_refused(c, out, EMAIL_USED, e.id);
	case SECRET_EXPIRED:
		db_rollback(c->p->db);
		return email_refused(c, out, EMAIL_EXPIRED, e.id);
	default:
		db_rollback(c->p->db);
		return email_refused(c, out, EMAIL_BAD, 0);
	}
	if ((rc = store_email_taken(c->p->db, e.email, e.account)) == -1)
		goto fail;
	if (rc == 1) {
		db_rollback(c->p->db);
		return email_refused(c, out, EMAIL_TAKEN, e.id);
	}
	if (check) {
		db_rollback(c->p->db);
		return APP_OK;
	}
	if (store_contact_get(c->p->db, c->a, e.account, &was) != 1 ||
	    store_email_change_use(c->p->db, e.id, c->now) != 1 ||
	    /* The bills found by the old address stay the account's. */
	    store_guarantors_bind(c->p->db, was.email, e.account) == -1 ||
	    store_account_set_email(c->p->db, e.account, e.email, c->now) != 1 ||
	    /* Links mailed to the old address die with it: whoever still
	     * reads that mailbox cannot reset the password (issue 15.4
	     * keeps several live). */
	    store_elink_retire(c->p->db, e.account, "reset", c->now) == -1 ||
	    store_elink_retire(c->p->db, e.account, "verify", c->now) == -1 ||
	    mail_queue(c->p->db, c->p->conf, MAIL_EMAIL_CHANGED, was.email,
	    NULL, NULL, c->now) == -1 ||
	    audit_call(c, "profile.email", 0, arena_printf(c->a,
	    "account=%" PRId64 " change=%" PRId64, e.account, e.id)) == -1)
		goto fail;
	if (db_commit(c->p->db) == -1)
		return app_db_failed(c);
	return APP_OK;
fail:
	db_rollback(c->p->db);
	return app_db_failed(c);
}

enum app_rc
app_profile_email_confirm(const struct call *c, const char *token,
    struct email_confirm_out *out)
{
	return email_confirm(c, token, out, 0);
}

enum app_rc
app_profile_email_check(const struct call *c, const char *token,
    struct email_confirm_out *out)
{
	return email_confirm(c, token, out, 1);
}
