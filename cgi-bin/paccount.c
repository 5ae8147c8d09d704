/*
 * paccount: the provider portal's pass codes and account page (P-LOGIN
 * 3, 4; issue 11.3, 11.7). "Forgot your password?" never tells whether
 * an address has an account; a pass code is typed, never linked, and
 * never logged.
 *
 *   GET  /provider/forgot            ask for a pass code (also for an
 *   POST /provider/forgot            expired password)
 *   GET  /provider/reset             e-mail and pass code; then the
 *   POST /provider/reset             security questions (when on) and
 *                                    the new password
 *   GET  /provider/account           the account page (signed in)
 *   POST /provider/account/contact   name and phone
 *   POST /provider/account/password  a new password (the current one
 *                                    required)
 *   POST /provider/account/code      e-mail a pass code to change the
 *                                    security questions
 *   POST /provider/account/questions new questions with that code
 */
#include <string.h>

#include "auth.h"
#include "conf.h"
#include "form.h"
#include "http.h"
#include "passcode.h"
#include "pform.h"
#include "provider.h"
#include "sess.h"
#include "tmpl.h"

static const struct field forgot_fields[] = {
	{ "email", "e-mail address", valid_email, F_REQ },
};
static const struct field reset_fields[] = {
	{ "email", "e-mail address", valid_email, F_REQ },
	{ "code", "pass code", valid_pass_code, F_REQ },
	{ "step", "step", valid_id, 0 },
	{ "a1", "answer 1", valid_line, F_SECRET },
	{ "a2", "answer 2", valid_line, F_SECRET },
	{ "a3", "answer 3", valid_line, F_SECRET },
	{ "password", "new password", valid_password, F_SECRET },
	{ "password2", "new password again", valid_password, F_SECRET },
};
static const struct field contact_fields[] = {
	{ "given", "given name", valid_name, F_REQ },
	{ "family", "family name", valid_name, F_REQ },
	{ "phone", "phone", valid_line, 0 },
};
static const struct field password_fields[] = {
	{ "current", "current password", valid_password, F_REQ | F_SECRET },
	{ "password", "new password", valid_password, F_REQ | F_SECRET },
	{ "password2", "new password again", valid_password, F_REQ | F_SECRET },
};
static const struct field questions_fields[] = {
	{ "code", "pass code", valid_pass_code, F_REQ | F_SECRET },
	PFORM_QUESTIONS,
};
#define N(x) (sizeof(x) / sizeof((x)[0]))

static int
forgot_show(struct ctx *c, struct form *f, int sent, int status)
{
	tvars_str(c->vars, "title", "Reset your password");
	tvars_bool(c->vars, "questions", c->call.p->conf->security_questions != 0);
	if (f != NULL)
		form_echo(f, c->vars);
	tvars_bool(c->vars, "sent", sent);
	c->page = "pforgot";
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
	struct form	 f;
	enum app_rc	 rc;
	long		 wait;

	if (form_read(c, forgot_fields, N(forgot_fields), &f) > 0)
		return forgot_show(c, &f, 0, 422);
	switch ((rc = app_provider_forgot(&c->call, form_val(&f, "email"),
	    &wait))) {
	case APP_OK:
		tvars_str(c->vars, "email", form_val(&f, "email"));
		return forgot_show(c, NULL, 1, 200);
	case APP_REFUSED:
		tvars_str(c->vars, "problem", arena_printf(c->call.a, "Too many "
		    "pass codes were asked for from your network. Wait %s and "
		    "try again.", auth_wait_text(c->call.a, wait)));
		return forgot_show(c, &f, 0, 429);
	default:
		return forgot_show(c, &f, 0, http_form_failed(c, rc));
	}
}

/* step2: the code was right; the questions (out) and new password. */
static int
reset_show(struct ctx *c, struct form *f, const struct preset_out *out,
    int step2, int status)
{
	struct tvars	*it;
	int		 i;

	tvars_str(c->vars, "title", "Reset your password");
	if (f != NULL)
		form_echo(f, c->vars);
	if (f != NULL && form_val(f, "code") != NULL)
		tvars_str(c->vars, "code", form_val(f, "code"));
	tvars_bool(c->vars, "step2", step2);
	tvars_bool(c->vars, "has_asked", out != NULL && out->nquestions > 0);
	for (i = 0; out != NULL && step2 && i < out->nquestions; i++) {
		it = tvars_item(c->vars, "asked");
		tvars_int(it, "n", i + 1);
		tvars_str(it, "question", out->question[i]);
	}
	c->page = "preset";
	return status;
}

static int
reset_get(struct ctx *c)
{
	return reset_show(c, NULL, NULL, 0, 200);
}

static int
reset_post(struct ctx *c)
{
	struct form		 f;
	struct preset_in	 in;
	struct preset_out	 out;
	enum app_rc		 rc;
	int			 step2;

	form_read(c, reset_fields, N(reset_fields), &f);
	step2 = form_id(&f, "step") == 2;
	if ((in.email = form_val(&f, "email")) == NULL ||
	    (in.code = form_val(&f, "code")) == NULL)
		return reset_show(c, &f, NULL, 0, 422);
	in.answer[0] = form_val(&f, "a1");
	in.answer[1] = form_val(&f, "a2");
	in.answer[2] = form_val(&f, "a3");
	in.password = step2 ? form_val(&f, "password") : NULL;
	in.password2 = step2 ? form_val(&f, "password2") : NULL;
	if (step2 && in.password == NULL && in.password2 == NULL)
		in.password = "";	/* step 2, left empty: the rule says so */
	switch ((rc = app_provider_reset(&c->call, &in, &out))) {
	case APP_OK:
		break;
	case APP_REFUSED:
		tvars_str(c->vars, "problem", out.message);
		tvars_bool(c->vars, "ask_new", out.state != SECRET_BAD &&
		    out.state != SECRET_MISMATCH);
		return reset_show(c, &f, &out, out.state == SECRET_MISMATCH, 400);
	case APP_INVALID:
		pform_invalid(&f, &out.bad);
		return reset_show(c, &f, &out, 1, 422);
	default:
		return reset_show(c, &f, NULL, step2, http_form_failed(c, rc));
	}
	if (!out.done)
		return reset_show(c, &f, &out, 1, 200);
	tvars_bool(c->vars, "done", 1);
	return reset_show(c, NULL, NULL, 0, 200);
}

static int
account_show(struct ctx *c, struct form *f, const char *form_id, int status)
{
	struct provider_account	 a;
	int			 st;

	if ((st = app_provider_standing(&c->call, c->call.who.id, &a)) == -1)
		return http_app_status(c, APP_ERROR);
	tvars_str(c->vars, "title", "Your account");
	tvars_str(c->vars, "email", a.email);
	tvars_str(c->vars, "given", a.given);
	tvars_str(c->vars, "family", a.family);
	if (a.phone != NULL)
		tvars_str(c->vars, "phone", a.phone);
	tvars_bool(c->vars, "sso", a.sso_user != NULL);
	if (f != NULL) {
		form_echo(f, c->vars);
		tvars_bool(c->vars, form_id, 1);
	}
	if (http_query(c, "code") != NULL || (form_id != NULL &&
	    strcmp(form_id, "in_questions") == 0))
		tvars_bool(c->vars, "code_sent", 1);
	pform_questions_vars(c, form_id != NULL &&
	    strcmp(form_id, "in_questions") == 0 ? f : NULL);
	c->page = "paccount";
	return status;
}

static int
account_get(struct ctx *c)
{
	static const struct { const char *q, *text; } done[] = {
		{ "contact", "Your name and phone number are saved." },
		{ "password", "Your password has been changed." },
		{ "questions", "Your security questions are saved." },
		{ "code", "We have e-mailed you a pass code. Enter it below "
		    "with your new security questions." },
	};
	size_t	 i;

	for (i = 0; i < N(done); i++)
		if (http_query(c, done[i].q) != NULL)
			tvars_str(c->vars, "notice", done[i].text);
	return account_show(c, NULL, NULL, 200);
}

static int
contact_post(struct ctx *c)
{
	struct form	 f;
	enum app_rc	 rc;

	if (form_read(c, contact_fields, N(contact_fields), &f) > 0)
		return account_show(c, &f, "in_contact", 422);
	if ((rc = app_provider_contact(&c->call, form_val(&f, "given"),
	    form_val(&f, "family"), form_val(&f, "phone"))) != APP_OK)
		return http_form_failed(c, rc);
	return http_redirect(c, "/provider/account?contact=1");
}

static int
password_post(struct ctx *c)
{
	struct form		 f;
	struct ppassword_in	 in;
	struct app_invalid	 bad;
	enum app_rc		 rc;

	if (form_read(c, password_fields, N(password_fields), &f) > 0)
		return account_show(c, &f, "in_password", 422);
	in.current = form_val(&f, "current");
	in.password = form_val(&f, "password");
	in.password2 = form_val(&f, "password2");
	switch ((rc = app_provider_password(&c->call, &in, &bad))) {
	case APP_OK:
		/* Every session of the account ended: this one starts again. */
		if (sess_start(c, c->sess->s_kind, SESS_IN, c->call.who.id) == -1)
			return 500;
		return http_redirect(c, "/provider/account?password=1");
	case APP_REFUSED:
	case APP_INVALID:
		pform_invalid(&f, &bad);
		return account_show(c, &f, "in_password",
		    rc == APP_REFUSED ? 403 : 422);
	default:
		return http_form_failed(c, rc);
	}
}

static int
code_post(struct ctx *c)
{
	enum app_rc	 rc;

	if ((rc = app_provider_questions_code(&c->call)) == APP_REFUSED) {
		tvars_str(c->vars, "problem", "Too many pass codes were sent "
		    "this hour. Use the newest one, or wait and try again.");
		tvars_bool(c->vars, "code_sent", 1);
		return account_show(c, NULL, NULL, 429);
	}
	if (rc != APP_OK)
		return http_form_failed(c, rc);
	return http_redirect(c, "/provider/account?code=1");
}

static int
questions_post(struct ctx *c)
{
	struct form		 f;
	struct questions_in	 qs;
	struct preset_out	 out;
	enum app_rc		 rc;

	form_read(c, questions_fields, N(questions_fields), &f);
	pform_questions_in(&f, &qs);
	switch ((rc = app_provider_questions(&c->call, form_val(&f, "code"), &qs,
	    &out))) {
	case APP_OK:
		return http_redirect(c, "/provider/account?questions=1");
	case APP_REFUSED:
		form_error(&f, "code", out.message);
		return account_show(c, &f, "in_questions", 400);
	case APP_INVALID:
		pform_invalid(&f, &out.bad);
		return account_show(c, &f, "in_questions", 422);
	default:
		return http_form_failed(c, rc);
	}
}

static const struct route routes[] = {
	{ M_GET, "/provider/forgot", forgot_get, 0 },
	{ M_POST, "/provider/forgot", forgot_post, 0 },
	{ M_GET, "/provider/reset", reset_get, 0 },
	{ M_POST, "/provider/reset", reset_post, 0 },
	{ M_GET, "/provider/account", account_get, R_PROVIDER },
	{ M_POST, "/provider/account/contact", contact_post, R_PROVIDER },
	{ M_POST, "/provider/account/password", password_post, R_PROVIDER },
	{ M_POST, "/provider/account/code", code_post, R_PROVIDER },
	{ M_POST, "/provider/account/questions", questions_post, R_PROVIDER },
};

int
main(void)
{
	static const struct app app = { "paccount", routes, N(routes) };

	return http_main(&app);
}
