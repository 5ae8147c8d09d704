/*
 * login: family sign-in and sign-out, and the forgotten-password link
 * (F-LOGIN, F-SIGNUP 6, S-2). No answer tells whether an address has an
 * account: wrong address and wrong password read the same.
 *
 *   GET  /login/         the form (?expired=1 after an idle log-off)
 *   POST /login/         sign in
 *   POST /login/out      sign out
 *   GET  /login/forgot   ask for a reset link
 *   POST /login/forgot   send it, if the address has an account
 *   GET  /login/reset    the new-password form; the e-mailed link carries
 *                        the code in its fragment (#t=...), which never
 *                        reaches the server or its logs: htdocs/link-code.js
 *                        fills it in, or the person pastes it
 *   POST /login/reset    set it; every other session ends
 */
#include <string.h>

#include "audit.h"
#include "auth.h"
#include "conf.h"
#include "db.h"
#include "form.h"
#include "http.h"
#include "mail.h"
#include "secret.h"
#include "sess.h"
#include "store_accounts.h"
#include "store_sess.h"
#include "store_tokens.h"
#include "tmpl.h"

static const char wrong[] = "The e-mail address or password is not correct.";

static const struct field login_fields[] = {
	{ "email", "e-mail address", valid_email, F_REQ },
	{ "password", "password", valid_password, F_REQ | F_SECRET },
};
static const struct field forgot_fields[] = {
	{ "email", "e-mail address", valid_email, F_REQ },
};
static const struct field reset_fields[] = {
	{ "t", "code from your e-mail", valid_secret, F_REQ },
	{ "password", "new password", valid_password, F_REQ | F_SECRET },
	{ "password2", "new password again", valid_password, F_REQ | F_SECRET },
};
#define N(x) (sizeof(x) / sizeof((x)[0]))

static int
login_show(struct ctx *c, struct form *f, const char *problem, int status)
{
	tvars_str(c->vars, "title", "Sign in");
	if (f != NULL)
		form_echo(f, c->vars);
	if (problem != NULL)
		tvars_str(c->vars, "problem", problem);
	c->page = "login";
	return status;
}

static int
login_get(struct ctx *c)
{
	if (http_query(c, "expired") != NULL)
		tvars_str(c->vars, "notice", "For your security you were signed out "
		    "after a period without activity. Sign in again.");
	else if (http_query(c, "out") != NULL)
		tvars_str(c->vars, "notice", "You are signed out.");
	return login_show(c, NULL, NULL, 200);
}

/* An unconfirmed address gets a fresh link, sent only after the right
 * password, so it tells a stranger nothing. */
static int
resend_verify(struct ctx *c, const struct account *a)
{
	struct link_secret	 ls;

	secret_link_make(c->a, c->p->conf, &ls);
	if (db_begin(c->p->db) == -1)
		return -1;
	if (secret_link_store(c->p->db, &ls, a->id, "verify", c->now,
	    c->p->conf->verify_link_lifetime) == -1 ||
	    mail_queue(c->p->db, c->p->conf, MAIL_VERIFY, a->email, ls.text,
	    NULL, c->now) == -1 || db_commit(c->p->db) == -1) {
		db_rollback(c->p->db);
		return -1;
	}
	return 0;
}

static int
login_post(struct ctx *c)
{
	struct form	 f;
	struct account	 a;
	const char	*email, *pw;
	long		 wait;
	int		 found;

	if (form_read(c, login_fields, N(login_fields), &f) > 0)
		return login_show(c, &f, wrong, 422);
	email = form_val(&f, "email");
	pw = form_val(&f, "password");
	/* The same wait whether or not the address has an account. */
	if ((wait = auth_login_wait(c, email)) > 0) {
		audit_req(c, "login.throttled", 0, email);
		return login_show(c, &f, arena_printf(c->a, "Too many sign-in "
		    "attempts. Wait %s and try again, or reset your password.",
		    auth_wait_text(c->a, wait)), 429);
	}
	/* Counted as a failure before the slow check, taken back on success:
	 * concurrent guesses see each other's counts. */
	auth_login_attempt(c, email);
	found = store_account_by_email(c->p->db, c->a, email, &a);
	if (found == -1)
		return 500;
	if (found == 0) {
		auth_burn(c->p->conf, pw);
		goto fail;
	}
	if (!auth_verify(pw, a.pw_hash) || a.disabled)
		goto fail;
	auth_login_ok(c, email);
	if (!a.verified) {
		if (resend_verify(c, &a) == -1)
			return 500;
		audit_req(c, "login.unverified", 0, email);
		return login_show(c, &f, "Confirm your e-mail address first: we "
		    "have sent you a new link. Open it, then sign in.", 403);
	}
	if (sess_start(c, SESS_FAMILY, a.id) == -1)
		return 500;
	sess_device_remember(c, email);
	/* Raised hashing parameters reach stored hashes at sign-in. */
	if (auth_needs_rehash(c->p->conf, a.pw_hash))
		store_account_set_password(c->p->db, a.id,
		    auth_hash(c->a, c->p->conf, pw), c->now);
	audit_req(c, "login.ok", 0, email);
	return http_redirect(c, "/account/");
fail:
	audit_req(c, "login.failed", 0, email);
	return login_show(c, &f, wrong, 401);
}

static int
logout_post(struct ctx *c)
{
	if (c->sess != NULL && c->sess->s_kind == SESS_FAMILY) {
		audit_req(c, "logout", 0, NULL);
		sess_end(c);
	}
	return http_redirect(c, "/login/?out=1");
}

static int
forgot_show(struct ctx *c, struct form *f, int sent, int status)
{
	tvars_str(c->vars, "title", "Forgot your password?");
	if (f != NULL)
		form_echo(f, c->vars);
	tvars_bool(c->vars, "sent", sent);
	c->page = "forgot";
	return status;
}

static int
forgot_get(struct ctx *c)
{
	return forgot_show(c, NULL, 0, 200);
}

static int
forgot_post(struct ctx *c)
{
	struct form		 f;
	struct account		 a;
	struct link_secret	 ls;
	const char		*email;

	if (form_read(c, forgot_fields, N(forgot_fields), &f) > 0)
		return forgot_show(c, &f, 0, 422);
	email = form_val(&f, "email");
	/* The same answer whatever happens below (F-SIGNUP 6). */
	secret_link_make(c->a, c->p->conf, &ls);
	if (auth_over(c, THR_MAIL_RESET, email) ||
	    store_account_by_email(c->p->db, c->a, email, &a) != 1 || a.disabled)
		goto done;
	auth_count(c, THR_MAIL_RESET, email);	/* a few e-mails an hour */
	if (db_begin(c->p->db) == -1)
		return 503;
	if (secret_link_store(c->p->db, &ls, a.id, "reset", c->now,
	    c->p->conf->reset_link_lifetime) == -1 ||
	    mail_queue(c->p->db, c->p->conf, MAIL_RESET, a.email, ls.text, NULL,
	    c->now) == -1 ||
	    audit_req(c, "password.reset_requested", 0, email) == -1 ||
	    db_commit(c->p->db) == -1) {
		db_rollback(c->p->db);
		return 500;
	}
done:
	return forgot_show(c, NULL, 1, 200);
}

static const char *const link_problems[] = {
	[SECRET_OK] = "",
	[SECRET_BAD] = "This code is not valid. Check that you copied the whole "
	    "code from the e-mail, or ask for a new one.",
	[SECRET_USED] = "This code has already been used. Ask for a new one.",
	[SECRET_EXPIRED] = "This code has expired. Ask for a new one.",
};

/* failed: the code was checked and refused (the page links to a new one). */
static int
reset_show(struct ctx *c, struct form *f, int failed, int status)
{
	tvars_str(c->vars, "title", "Choose a new password");
	tvars_bool(c->vars, "link_code", 1);
	if (f != NULL)
		form_echo(f, c->vars);
	tvars_bool(c->vars, "failed", failed);
	c->page = "reset";
	return status;
}

/* An old link (?t=...) still opens the form with its code filled in: see
 * verify_get in signup.c for why. */
static int
reset_get(struct ctx *c)
{
	const char	*t = http_query(c, "t"), *v;

	if (t != NULL && valid_secret(c->a, t, strlen(t), &v) == NULL)
		tvars_str(c->vars, "t", v);
	return reset_show(c, NULL, 0, 200);
}

static int
reset_post(struct ctx *c)
{
	struct form		 f;
	struct secret_row	 row;
	struct account		 a;
	enum secret_state	 st;
	enum pw_rule		 r;
	const char		*t, *pw, *pw2, *hash;

	form_read(c, reset_fields, N(reset_fields), &f);
	if ((t = form_val(&f, "t")) == NULL)
		return reset_show(c, &f, 0, 422);
	st = secret_link_check(c->p->db, c->a, t, "reset", c->now, &row);
	if (st != SECRET_OK) {
		audit_req(c, "password.reset_refused", 0, link_problems[st]);
		form_error(&f, "t", link_problems[st]);
		return reset_show(c, &f, 1, 400);
	}
	if (store_account_by_id(c->p->db, c->a, row.owner, &a) != 1)
		return 500;
	pw = form_val(&f, "password");
	pw2 = form_val(&f, "password2");
	if (pw != NULL && (r = auth_pw_rule(c->p->pwlist, pw, a.email)) != PW_OK)
		form_error(&f, "password", auth_pw_message(r));
	else if (pw != NULL && pw2 != NULL && strcmp(pw, pw2) != 0)
		form_error(&f, "password2", "The two passwords are not the same.");
	if (f.nerr > 0)
		return reset_show(c, &f, 0, 422);
	hash = auth_hash(c->a, c->p->conf, pw);
	if (db_begin(c->p->db) == -1)
		return 503;
	if (store_elink_use(c->p->db, row.id, c->now) != 1) {
		db_rollback(c->p->db);
		form_error(&f, "t", link_problems[SECRET_USED]);
		return reset_show(c, &f, 1, 400);
	}
	/* The link proved the address, so it counts as confirmed too, and
	 * the owner: the sign-in delays of the account end. */
	if (store_account_set_password(c->p->db, a.id, hash, c->now) == -1 ||
	    store_account_verify(c->p->db, a.id, c->now) == -1 ||
	    auth_login_reset(c, a.email) == -1 ||
	    store_sess_delete_principal(c->p->db, SESS_FAMILY, a.id) == -1 ||
	    mail_queue(c->p->db, c->p->conf, MAIL_PW_CHANGED, a.email, NULL, NULL,
	    c->now) == -1 ||
	    audit_req(c, "password.reset", 0, a.email) == -1 ||
	    db_commit(c->p->db) == -1) {
		db_rollback(c->p->db);
		return 500;
	}
	c->sess = NULL;
	tvars_str(c->vars, "notice", "Your password has been changed.");
	tvars_bool(c->vars, "done", 1);
	return reset_show(c, NULL, 0, 200);
}

static const struct route routes[] = {
	{ M_GET, "/login/", login_get, 0 },
	{ M_POST, "/login/", login_post, 0 },
	{ M_POST, "/login/out", logout_post, 0 },
	{ M_GET, "/login/forgot", forgot_get, 0 },
	{ M_POST, "/login/forgot", forgot_post, 0 },
	{ M_GET, "/login/reset", reset_get, 0 },
	{ M_POST, "/login/reset", reset_post, 0 },
};

int
main(void)
{
	static const struct app app = { "login", routes, N(routes) };

	return http_main(&app);
}
