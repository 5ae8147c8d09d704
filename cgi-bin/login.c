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
 *   POST /login/reset    set it; every other session ends; with check=1
 *                        only whether the link works, so a used or
 *                        expired link says so on arrival (issue 15.4)
 */
#include <string.h>

#include "audit_req.h"
#include "auth.h"
#include "form.h"
#include "http.h"
#include "login.h"
#include "mfa.h"
#include "sess.h"
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
	{ "check", "check", valid_id, 0 },
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
blank(struct ctx *c, const char *name)
{
	const char	*v = http_form(c, name);

	return v == NULL || v[strspn(v, " \t")] == '\0';
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

static int
login_post(struct ctx *c)
{
	struct form		 f;
	struct login_in		 in;
	struct login_out	 out;
	enum app_rc		 rc;
	int			 need;

	/* A field left empty is said on the field ("Enter your password.");
	 * anything else refused reads as a wrong password. */
	if (form_read(c, login_fields, N(login_fields), &f) > 0)
		return login_show(c, &f, blank(c, "email") || blank(c,
		    "password") ? NULL : wrong, 422);
	in.who = form_val(&f, "email");
	in.password = form_val(&f, "password");
	in.device = sess_device(c, in.who);
	switch ((rc = app_login(&c->call, &in, &out))) {
	case APP_OK:
		break;
	case APP_REFUSED:
		if (out.why == LOGIN_THROTTLED)
			return login_show(c, &f, arena_printf(c->call.a, "Too many "
			    "sign-in attempts. Wait %s and try again, or reset "
			    "your password.", auth_wait_text(c->call.a, out.wait)),
			    429);
		if (out.why == LOGIN_UNVERIFIED)
			return login_show(c, &f, "Confirm your e-mail address "
			    "first: we have sent you a new link. Open it (or "
			    "the link of an earlier e-mail: it still works), "
			    "then sign in.", 403);
		return login_show(c, &f, wrong, 401);
	default:
		return login_show(c, &f, NULL, http_form_failed(c, rc));
	}
	/* With two-step sign-in on, the session waits for the code
	 * (cgi-bin/mfa.c) and acts for nobody until then. */
	if ((need = app_mfa_need(&c->call, MFA_FAMILY, out.id)) == -1)
		return login_show(c, &f, NULL, http_form_failed(c, APP_ERROR));
	if (sess_start(c, SESS_FAMILY, need == MFA_CODE ? SESS_MFA : SESS_IN,
	    out.id) == -1)
		return 500;
	sess_device_remember(c, in.who);
	return http_redirect(c, need == MFA_CODE ? "/login/2fa" : "/home/");
}

static int
logout_post(struct ctx *c)
{
	if (c->sess != NULL && c->sess->s_kind == SESS_FAMILY) {
		audit_req(c, "logout", 0, NULL);
		sess_end(c);
	}
	sess_clear_site(c);
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
	struct forgot_in	 in;

	if (form_read(c, forgot_fields, N(forgot_fields), &f) > 0)
		return forgot_show(c, &f, 0, 422);
	in.email = form_val(&f, "email");
	switch (app_password_forgot(&c->call, &in)) {
	case APP_OK:
		return forgot_show(c, NULL, 1, 200);
	case APP_BUSY:
		return 503;
	default:
		return 500;
	}
}

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

/* The next step for each refusal (templates/reset.html), as verify's. */
static const char *const reset_steps[SECRET__MAX] = {
	[SECRET_USED] = "step_signin",
	[SECRET_EXPIRED] = "step_new",
};

/* A link that cannot work: its words and the next step, not the form. */
static int
reset_refused(struct ctx *c, struct form *f, const struct reset_out *out)
{
	const char	*step = out->state < SECRET__MAX ?
	    reset_steps[out->state] : NULL;

	if (step == NULL) {
		form_error(f, "t", out->message);
		return reset_show(c, f, 1, 400);
	}
	tvars_str(c->vars, "link_problem", out->message);
	tvars_bool(c->vars, step, 1);
	tvars_bool(c->vars, "done", 1);
	return reset_show(c, NULL, 0, 400);
}

/* An old link (?t=...) still opens the form with its code filled in: see
 * verify_get in signup.c for why. */
static int
reset_get(struct ctx *c)
{
	const char	*t = http_query(c, "t"), *v;

	if (t != NULL && valid_secret(c->call.a, t, strlen(t), &v) == NULL)
		tvars_str(c->vars, "t", v);
	return reset_show(c, NULL, 0, 200);
}

static int
reset_post(struct ctx *c)
{
	struct form		 f;
	struct reset_in		 in;
	struct reset_out	 out;

	form_read(c, reset_fields, N(reset_fields), &f);
	/* The check on arrival (htdocs/link-code.js) sends the code alone. */
	if ((in.check = form_val(&f, "check") != NULL)) {
		form_error_clear(&f, "password");
		form_error_clear(&f, "password2");
	}
	if ((in.code = form_val(&f, "t")) == NULL)
		return reset_show(c, &f, 0, 422);
	in.password = form_val(&f, "password");
	in.password2 = form_val(&f, "password2");
	switch (app_password_reset(&c->call, &in, &out)) {
	case APP_OK:
		if (in.check) {
			tvars_bool(c->vars, "checked", 1);
			return reset_show(c, &f, 0, 200);
		}
		break;
	case APP_REFUSED:
		return reset_refused(c, &f, &out);
	case APP_INVALID:
		if (out.field != NULL)
			form_error(&f, out.field, out.message);
		return reset_show(c, &f, 0, 422);
	case APP_BUSY:
		return 503;
	default:
		return 500;
	}
	c->sess = NULL;
	tvars_str(c->vars, "notice", "Your password has been changed.");
	tvars_bool(c->vars, "done", 1);
	tvars_bool(c->vars, "changed", 1);
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
