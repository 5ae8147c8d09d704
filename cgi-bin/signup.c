/*
 * signup: the family sign-up form (F-SIGNUP 1-5) and the single-use link
 * that confirms the e-mail address (F-SIGNUP 3).
 *
 *   GET  /signup/        the form
 *   POST /signup/        create the account (token: linked at once;
 *                        MRN: queued for staff), e-mail the link
 *   GET  /signup/sent    "check your e-mail"
 *   GET  /signup/verify  the confirm form: the e-mailed link carries the
 *                        code in its fragment (#t=...), which a browser
 *                        never sends, so it reaches no log;
 *                        htdocs/link-code.js copies it into the code field,
 *                        or the person pastes it from the e-mail. A button
 *                        confirms (mail scanners that fetch links do not
 *                        use it up)
 *   POST /signup/verify  confirm the address (the code in the form body);
 *                        with check=1, the script's check on arrival: a
 *                        used, expired or replaced link says so with the
 *                        next step, before any button (issue 15.4)
 */
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "enrol.h"
#include "enrol_form.h"
#include "form.h"
#include "http.h"
#include "tmpl.h"

#define N(x) (sizeof(x) / sizeof((x)[0]))

static const struct field fields[] = {
	ENROL_FIELDS,
	{ "given", "first name", valid_name, F_REQ },
	{ "family", "last name", valid_name, F_REQ },
	{ "email", "e-mail address", valid_email, F_REQ },
	{ "password", "password", valid_password, F_REQ | F_SECRET },
	{ "password2", "password again", valid_password, F_REQ | F_SECRET },
};
#define NFIELDS (sizeof(fields) / sizeof(fields[0]))

static int
show(struct ctx *c, struct form *f, int status)
{
	tvars_str(c->vars, "title", "Sign up");
	if (f != NULL) {
		form_echo(f, c->vars);
		enrol_echo(f, c->vars);
	}
	c->page = "signup";
	return status;
}

static int
signup_get(struct ctx *c)
{
	return show(c, NULL, 200);
}

/* Password rule and confirmation (F-SIGNUP 5). */
static void
check_password(struct ctx *c, struct form *f)
{
	const char	*pw = form_val(f, "password"), *pw2 = form_val(f, "password2");
	enum pw_rule	 r;

	if (pw == NULL)
		return;
	if ((r = auth_pw_rule(c->call.p->pwlist, pw, form_val(f, "email"))) != PW_OK)
		form_error(f, "password", auth_pw_message(r));
	else if (pw2 != NULL && strcmp(pw, pw2) != 0)
		form_error(f, "password2", "The two passwords are not the same.");
}

static int
signup_post(struct ctx *c)
{
	struct form		 f;
	struct signup_in	 in;
	struct signup_out	 out;
	enum app_rc		 rc;

	memset(&in, 0, sizeof(in));
	form_read(c, fields, NFIELDS, &f);
	enrol_from_form(&f, &in.e);
	check_password(c, &f);
	if (f.nerr > 0)
		return show(c, &f, 422);
	in.e.given = form_val(&f, "given");
	in.e.family = form_val(&f, "family");
	in.e.email = form_val(&f, "email");
	in.password = form_val(&f, "password");
	switch ((rc = app_signup(&c->call, &in, &out))) {
	case APP_OK:
		return http_redirect(c, "/signup/sent");
	case APP_INVALID:
	case APP_REFUSED:
		enrol_to_form(rc, &out.no, &f, c->vars);
		return show(c, &f, 422);
	default:
		return show(c, &f, http_form_failed(c, rc));
	}
}

static int
sent_get(struct ctx *c)
{
	tvars_str(c->vars, "title", "Check your e-mail");
	c->page = "signup_sent";
	return 200;
}

static const struct field verify_fields[] = {
	{ "t", "code from your e-mail", valid_secret, F_REQ },
	{ "check", "check", valid_id, 0 },
};

/* The next step the page offers for each refusal (templates/verify.html). */
static const char *const verify_steps[SECRET__MAX] = {
	[SECRET_USED] = "step_signin",
	[SECRET_EXPIRED] = "step_new",
	[SECRET_VOIDED] = "step_new",
};

/* failed: the code was checked and refused (the page says what to do). */
static int
verify_show(struct ctx *c, struct form *f, int failed, int status)
{
	tvars_str(c->vars, "title", "Confirm your e-mail address");
	tvars_bool(c->vars, "link_code", 1);
	if (f != NULL)
		form_echo(f, c->vars);
	tvars_bool(c->vars, "failed", failed);
	c->page = "verify";
	return status;
}

/* A link that cannot work: its words instead of the form. */
static int
verify_refused(struct ctx *c, struct form *f, const struct verify_out *out)
{
	const char	*step = out->state < SECRET__MAX ?
	    verify_steps[out->state] : NULL;

	if (step == NULL) {
		form_error(f, "t", out->message);
		return verify_show(c, f, 1, 400);
	}
	tvars_str(c->vars, "link_problem", out->message);
	tvars_bool(c->vars, step, 1);
	tvars_bool(c->vars, "done", 1);
	return verify_show(c, NULL, 0, 400);
}

/*
 * A link in the old form (?t=..., mailed before the code moved into the
 * fragment) still opens the form with its code filled in, until it
 * expires: by the time it arrives the request line has already reached
 * the web server (the shipped log formats leave the query string out),
 * so refusing it would protect nothing and only strand the person. Like
 * any link it confirms nothing until the button is pressed, and the
 * script removes the query from the address bar.
 */
static int
verify_get(struct ctx *c)
{
	const char	*t = http_query(c, "t"), *v;

	if (t != NULL && valid_secret(c->call.a, t, strlen(t), &v) == NULL)
		tvars_str(c->vars, "t", v);
	return verify_show(c, NULL, 0, 200);
}

static int
verify_post(struct ctx *c)
{
	struct form		 f;
	struct verify_in	 in;
	struct verify_out	 out;

	if (form_read(c, verify_fields, N(verify_fields), &f) > 0 ||
	    (in.code = form_val(&f, "t")) == NULL)
		return verify_show(c, &f, 0, 422);
	in.check = form_val(&f, "check") != NULL;
	switch (app_signup_verify(&c->call, &in, &out)) {
	case APP_OK:
		if (in.check) {
			tvars_bool(c->vars, "checked", 1);
			return verify_show(c, &f, 0, 200);
		}
		break;
	case APP_REFUSED:
		return verify_refused(c, &f, &out);
	case APP_BUSY:
		return 503;
	default:
		return 500;
	}
	tvars_str(c->vars, "notice", "Thank you: your e-mail address is confirmed.");
	tvars_bool(c->vars, "done", 1);
	tvars_bool(c->vars, "confirmed", 1);
	return verify_show(c, NULL, 0, 200);
}

static const struct route routes[] = {
	{ M_GET, "/signup/", signup_get, 0 },
	{ M_POST, "/signup/", signup_post, 0 },
	{ M_GET, "/signup/sent", sent_get, 0 },
	{ M_GET, "/signup/verify", verify_get, 0 },
	{ M_POST, "/signup/verify", verify_post, 0 },
};

int
main(void)
{
	static const struct app app = { "signup", routes,
	    sizeof(routes) / sizeof(routes[0]) };

	return http_main(&app);
}
