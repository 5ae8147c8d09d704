/*
 * Sign-in and password recovery (login.h): what cgi-bin/login.c and the
 * staff sign-in of cgi-bin/staff.c do besides the session cookie.
 */
#include <string.h>

#include "arena.h"
#include "audit.h"
#include "auth.h"
#include "call.h"
#include "conf.h"
#include "db.h"
#include "login.h"
#include "mail.h"
#include "secret.h"
#include "store_accounts.h"
#include "store_sess.h"
#include "store_staff.h"

static enum app_rc
refuse(struct login_out *out, enum login_why why)
{
	out->why = why;
	return APP_REFUSED;
}

/* An unconfirmed address gets a fresh link, sent only after the right
 * password, so it tells a stranger nothing. The links of earlier
 * e-mails keep working (a few of them: issue 15.4). */
static int
resend_verify(const struct call *c, const struct account *a)
{
	struct link_secret	 ls;

	secret_link_make(c->a, c->p->conf, &ls);
	if (db_begin(c->p->db) == -1)
		return -1;
	if (secret_link_add(c->p->db, &ls, a->id, "verify", c->now,
	    c->p->conf->verify_link_lifetime, SECRET_VERIFY_LIVE) == -1 ||
	    mail_queue(c->p->db, c->p->conf, MAIL_VERIFY, a->email, ls.text,
	    NULL, c->now) == -1 || db_commit(c->p->db) == -1) {
		db_rollback(c->p->db);
		return -1;
	}
	return 0;
}

enum app_rc
app_login(const struct call *c, const struct login_in *in, struct login_out *out)
{
	struct account	 a;
	int		 found;

	memset(out, 0, sizeof(*out));
	/* The same wait whether or not the address has an account. */
	if ((out->wait = auth_login_wait(c, in->who, in->device)) > 0) {
		audit_call(c, "login.throttled", 0, in->who);
		return refuse(out, LOGIN_THROTTLED);
	}
	/* Counted as a failure before the slow check, taken back on
	 * success: concurrent guesses see each other's counts (issue 7.3,
	 * 7.9). */
	if (auth_login_attempt(c, in->who, in->device) == -1)
		return app_db_failed(c);
	if ((found = store_account_by_email(c->p->db, c->a, in->who, &a)) == -1)
		return APP_ERROR;
	if (found == 0) {
		auth_burn(c->p->conf, in->password);
		goto fail;
	}
	if (!auth_verify(in->password, a.pw_hash) || a.disabled)
		goto fail;
	auth_login_ok(c, in->who, in->device);
	if (!a.verified) {
		if (resend_verify(c, &a) == -1)
			return APP_ERROR;
		audit_call(c, "login.unverified", 0, in->who);
		return refuse(out, LOGIN_UNVERIFIED);
	}
	/* Raised hashing parameters reach stored hashes at sign-in. */
	if (auth_needs_rehash(c->p->conf, a.pw_hash))
		store_account_set_password(c->p->db, a.id,
		    auth_hash(c->a, c->p->conf, in->password), c->now);
	audit_call(c, "login.ok", 0, in->who);
	out->id = a.id;
	return APP_OK;
fail:
	audit_call(c, "login.failed", 0, in->who);
	return refuse(out, LOGIN_WRONG);
}

enum app_rc
app_staff_login(const struct call *c, const struct login_in *in,
    struct login_out *out)
{
	struct staff	 s;
	const char	*who = arena_printf(c->a, "staff:%s", in->who);
	int		 found;

	memset(out, 0, sizeof(*out));
	if ((out->wait = auth_login_wait(c, who, in->device)) > 0) {
		audit_call(c, "staff_login.throttled", 0, in->who);
		return refuse(out, LOGIN_THROTTLED);
	}
	/* Counted before the slow check, taken back on success (app_login). */
	if (auth_login_attempt(c, who, in->device) == -1)
		return app_db_failed(c);
	if ((found = store_staff_by_username(c->p->db, c->a, in->who, &s)) == -1)
		return APP_ERROR;
	if (found == 0)
		auth_burn(c->p->conf, in->password);
	if (found == 0 || !auth_verify(in->password, s.pw_hash) || s.disabled) {
		audit_call(c, "staff_login.failed", 0, in->who);
		return refuse(out, LOGIN_WRONG);
	}
	auth_login_ok(c, who, in->device);
	audit_call(c, "staff_login.ok", 0, in->who);
	out->id = s.id;
	return APP_OK;
}

enum app_rc
app_password_forgot(const struct call *c, const struct forgot_in *in)
{
	struct account		 a;
	struct link_secret	 ls;

	/* The same answer whatever happens below (F-SIGNUP 6). */
	secret_link_make(c->a, c->p->conf, &ls);
	if (auth_over(c, THR_MAIL_RESET, in->email) ||
	    store_account_by_email(c->p->db, c->a, in->email, &a) != 1 || a.disabled)
		return APP_OK;
	auth_count(c, THR_MAIL_RESET, in->email);	/* a few e-mails an hour */
	if (db_begin(c->p->db) == -1)
		return app_db_failed(c);
	if (secret_link_add(c->p->db, &ls, a.id, "reset", c->now,
	    c->p->conf->reset_link_lifetime, SECRET_RESET_LIVE) == -1 ||
	    mail_queue(c->p->db, c->p->conf, MAIL_RESET, a.email, ls.text, NULL,
	    c->now) == -1 ||
	    audit_call(c, "password.reset_requested", 0, in->email) == -1 ||
	    db_commit(c->p->db) == -1) {
		db_rollback(c->p->db);
		return APP_ERROR;
	}
	return APP_OK;
}

static const char *const link_problems[] = {
	[SECRET_OK] = "",
	[SECRET_BAD] = "This code is not valid. Check that you copied the whole "
	    "code from the e-mail, or ask for a new one.",
	[SECRET_USED] = "This link has already been used: if you chose a new "
	    "password with it, you can sign in.",
	[SECRET_EXPIRED] = "This link has expired: we can send you a new one.",
	[SECRET_VOIDED] = "This link has already been used: if you chose a new "
	    "password with it, you can sign in.",
	[SECRET_MISMATCH] = "This code is not valid. Check that you copied the "
	    "whole code from the e-mail, or ask for a new one.",
};

static enum app_rc
reset_invalid(struct reset_out *out, const char *field, const char *msg)
{
	out->field = field;
	out->message = msg;
	return APP_INVALID;
}

enum app_rc
app_password_reset(const struct call *c, const struct reset_in *in,
    struct reset_out *out)
{
	struct secret_row	 row;
	struct account		 a;
	enum pw_rule		 r;
	const char		*hash;

	memset(out, 0, sizeof(*out));
	out->state = secret_link_check(c->p->db, c->a, in->code, "reset", c->now,
	    &row);
	if (out->state != SECRET_OK) {
		out->message = link_problems[out->state];
		audit_call(c, "password.reset_refused", 0, out->message);
		return APP_REFUSED;
	}
	if (in->check)
		return APP_OK;
	if (store_account_by_id(c->p->db, c->a, row.owner, &a) != 1)
		return APP_ERROR;
	if (in->password != NULL &&
	    (r = auth_pw_rule(c->p->pwlist, in->password, a.email)) != PW_OK)
		return reset_invalid(out, "password", auth_pw_message(r));
	if (in->password != NULL && in->password2 != NULL &&
	    strcmp(in->password, in->password2) != 0)
		return reset_invalid(out, "password2",
		    "The two passwords are not the same.");
	if (in->password == NULL || in->password2 == NULL)
		return reset_invalid(out, NULL, NULL);
	hash = auth_hash(c->a, c->p->conf, in->password);
	if (db_begin(c->p->db) == -1)
		return app_db_failed(c);
	if (store_elink_use(c->p->db, row.id, "reset", c->now) != 1) {
		db_rollback(c->p->db);
		out->state = SECRET_USED;
		out->message = link_problems[SECRET_USED];
		return APP_REFUSED;
	}
	/* The link proved the address, so it counts as confirmed too, and
	 * the owner: the sign-in delays of the account end. */
	if (store_account_set_password(c->p->db, a.id, hash, c->now) == -1 ||
	    store_account_verify(c->p->db, a.id, c->now) == -1 ||
	    store_elink_retire(c->p->db, a.id, "reset", c->now) == -1 ||
	    store_elink_retire(c->p->db, a.id, "verify", c->now) == -1 ||
	    auth_login_reset(c, a.email) == -1 ||
	    store_sess_delete_principal(c->p->db, SESS_FAMILY, a.id) == -1 ||
	    mail_queue(c->p->db, c->p->conf, MAIL_PW_CHANGED, a.email, NULL, NULL,
	    c->now) == -1 ||
	    audit_call(c, "password.reset", 0, a.email) == -1 ||
	    db_commit(c->p->db) == -1) {
		db_rollback(c->p->db);
		return APP_ERROR;
	}
	out->account = a.id;
	return APP_OK;
}
