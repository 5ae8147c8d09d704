/*
 * provider: the provider portal's sign-in and home (P-LOGIN 1-4; issue
 * 11.3, 11.4). A wrong password reads the same for every address; an
 * account's standing is told only to the holder of its password.
 *
 *   GET  /provider/          home (signed in)
 *   GET  /provider/login     the form (?expired=1 idle, ?ended=1 access
 *                            ended, ?out=1 signed out)
 *   POST /provider/login     sign in: then the home page, or the second
 *                            factor (/provider/2fa, /provider/2fa/setup)
 *   POST /provider/logout    sign out
 *   GET  /provider/help      what the portal is, whom to call
 *   GET  /provider/setup     choose a first password (and security
 *   POST /provider/setup     questions) with the e-mailed link, whose
 *                            code is in the fragment (#t=): htdocs/
 *                            link-code.js fills it in
 *   GET  /provider/sso       hospital single sign-on (Children's ID): the
 *                            web server authenticates and passes
 *                            REMOTE_USER; only with provider_sso on
 */
#include <string.h>

#include "audit_req.h"
#include "auth.h"
#include "conf.h"
#include "form.h"
#include "http.h"
#include "mfa.h"
#include "pform.h"
#include "plogin.h"
#include "sess.h"
#include "tmpl.h"

static const char wrong[] = "The e-mail address or password is not correct.";

static const struct field login_fields[] = {
	{ "email", "e-mail address", valid_email, F_REQ },
	{ "password", "password", valid_password, F_REQ | F_SECRET },
};
static const struct field setup_fields[] = {
	{ "t", "code from your e-mail", valid_secret, F_REQ | F_SECRET },
	{ "password", "password", valid_password, F_REQ | F_SECRET },
	{ "password2", "password again", valid_password, F_REQ | F_SECRET },
	PFORM_QUESTIONS,
	{ "check", "check", valid_id, 0 },
};
#define N(x) (sizeof(x) / sizeof((x)[0]))

static int
login_show(struct ctx *c, struct form *f, const char *problem, int status)
{
	tvars_str(c->vars, "title", "Sign in");
	tvars_bool(c->vars, "sso", c->call.p->conf->provider_sso != 0);
	if (f != NULL)
		form_echo(f, c->vars);
	if (problem != NULL)
		tvars_str(c->vars, "problem", problem);
	c->page = "plogin";
	return status;
}

static int
login_get(struct ctx *c)
{
	if (c->call.who.kind == ACTOR_PROVIDER ||
	    c->call.who.kind == ACTOR_SPONSORED)
		return http_redirect(c, "/provider/");
	if (http_query(c, "ended") != NULL)
		tvars_str(c->vars, "problem", "Your access has ended: your "
		    "account, or your sponsor's, is no longer in force. Call "
		    "provider support if you think this is a mistake.");
	else if (http_query(c, "expired") != NULL)
		tvars_str(c->vars, "notice", "For your security you were signed "
		    "out after a period without activity. Sign in again.");
	else if (http_query(c, "out") != NULL)
		tvars_str(c->vars, "notice", "You are signed out.");
	return login_show(c, NULL, NULL, 200);
}

/* The session a right password (or Children's ID) starts, and where it
 * goes next. */
static int
signed_in(struct ctx *c, const struct plogin_out *out)
{
	static const enum sess_stage stages[] = {
		[MFA_NONE] = SESS_IN, [MFA_CODE] = SESS_MFA,
		[MFA_ENROL] = SESS_ENROL,
	};
	static const char *const next[] = {
		[MFA_NONE] = "/provider/", [MFA_CODE] = "/provider/2fa",
		[MFA_ENROL] = "/provider/2fa/setup",
	};

	if (sess_start(c, out->sponsored ? SESS_SPONSORED : SESS_PROVIDER,
	    stages[out->need], out->id) == -1)
		return 500;
	return http_redirect(c, next[out->need]);
}

static int
login_post(struct ctx *c)
{
	struct form		 f;
	struct plogin_in	 in;
	struct plogin_out	 out;
	enum app_rc		 rc;
	const char		*who;

	if (form_read(c, login_fields, N(login_fields), &f) > 0)
		return login_show(c, &f, wrong, 422);
	in.email = form_val(&f, "email");
	in.password = form_val(&f, "password");
	who = arena_printf(c->call.a, "provider:%s", in.email);
	in.device = sess_device(c, who);
	switch ((rc = app_provider_login(&c->call, &in, &out))) {
	case APP_OK:
		sess_device_remember(c, who);
		return signed_in(c, &out);
	case APP_REFUSED:
		break;
	default:
		return login_show(c, &f, NULL, http_form_failed(c, rc));
	}
	switch (out.why) {
	case PLOGIN_THROTTLED:
		return login_show(c, &f, arena_printf(c->call.a, "Too many "
		    "sign-in attempts. Wait %s and try again, or reset your "
		    "password.", auth_wait_text(c->call.a, out.wait)), 429);
	case PLOGIN_STANDING:
		return login_show(c, &f, out.message, 403);
	case PLOGIN_EXPIRED:
		sess_device_remember(c, who);
		tvars_bool(c->vars, "expired_pw", 1);
		return login_show(c, &f, NULL, 403);
	default:
		return login_show(c, &f, wrong, 401);
	}
}

static int
logout_post(struct ctx *c)
{
	if (c->sess != NULL && (c->sess->s_kind == SESS_PROVIDER ||
	    c->sess->s_kind == SESS_SPONSORED)) {
		audit_req(c, "provider_logout", 0, NULL);
		sess_end(c);
	}
	sess_clear_site(c);
	return http_redirect(c, "/provider/login?out=1");
}

static int
home_get(struct ctx *c)
{
	struct phome	 h;
	enum app_rc	 rc;

	if ((rc = app_provider_home(&c->call, &h)) == APP_REFUSED)
		return http_redirect(c, "/provider/login?ended=1");
	if (rc != APP_OK)
		return http_app_status(c, rc);
	tvars_str(c->vars, "title", "Provider portal");
	tvars_str(c->vars, "name", h.name);
	tvars_str(c->vars, "email", h.email);
	tvars_bool(c->vars, "sponsored", h.sponsored && h.sponsor_name != NULL);
	if (h.sponsor_name != NULL)
		tvars_str(c->vars, "sponsor_name", h.sponsor_name);
	tvars_bool(c->vars, "may_sponsor", h.may_sponsor);
	tvars_bool(c->vars, "sso", h.sso);
	tvars_bool(c->vars, "questions", c->call.p->conf->security_questions != 0);
	c->page = "phome";
	return 200;
}

static int
help_get(struct ctx *c)
{
	const struct conf	*cf = c->call.p->conf;

	tvars_str(c->vars, "title", "Provider portal help");
	/* The FAQ's numbers, from the configuration (issue 15.6). */
	tvars_str(c->vars, "provider_fax", cf->provider_fax);
	tvars_int(c->vars, "review_days", cf->provider_review_days);
	tvars_int(c->vars, "token_months", cf->invite_token_months);
	tvars_int(c->vars, "code_minutes", cf->pass_code_lifetime / 60);
	tvars_bool(c->vars, "questions", cf->security_questions != 0);
	c->page = "phelp";
	return 200;
}

static int
notice(struct ctx *c, const char *title, const char *message,
    const char *flag, int status)
{
	tvars_str(c->vars, "title", title);
	tvars_str(c->vars, "message", message);
	if (flag != NULL)
		tvars_bool(c->vars, flag, 1);
	c->page = "pnotice";
	return status;
}

static int
setup_show(struct ctx *c, struct form *f, int status)
{
	tvars_str(c->vars, "title", "Choose your password");
	tvars_bool(c->vars, "link_code", 1);
	if (f != NULL)
		form_echo(f, c->vars);
	if (f != NULL && form_val(f, "t") != NULL)
		tvars_str(c->vars, "t", form_val(f, "t"));
	pform_questions_vars(c, f);
	c->page = "psetup";
	return status;
}

static int
setup_get(struct ctx *c)
{
	return setup_show(c, NULL, 200);
}

static int
setup_post(struct ctx *c)
{
	struct form		 f;
	struct psetup_in	 in;
	struct psetup_out	 out;
	enum app_rc		 rc;

	form_read(c, setup_fields, N(setup_fields), &f);
	memset(&in, 0, sizeof(in));
	/* The check on arrival (htdocs/link-code.js) sends the code alone:
	 * a used or expired link says so before the form is filled in. */
	if ((in.check = form_val(&f, "check") != NULL)) {
		form_error_clear(&f, "password");
		form_error_clear(&f, "password2");
	}
	in.code = form_val(&f, "t");
	in.password = form_has_error(&f, "password2") ? NULL :
	    form_val(&f, "password");
	in.password2 = form_val(&f, "password2");
	pform_questions_in(&f, &in.qs);
	switch ((rc = app_provider_setup(&c->call, &in, &out))) {
	case APP_OK:
		if (in.check) {
			tvars_bool(c->vars, "checked", 1);
			return setup_show(c, &f, 200);
		}
		tvars_bool(c->vars, "done", 1);
		return setup_show(c, NULL, 200);
	case APP_REFUSED:
		return notice(c, "This link does not work", out.message,
		    "new_link", 400);
	case APP_INVALID:
		pform_invalid(&f, &out.bad);
		return setup_show(c, &f, 422);
	default:
		return setup_show(c, &f, http_form_failed(c, rc));
	}
}

static int
sso_get(struct ctx *c)
{
	struct plogin_out	 out;
	enum app_rc		 rc;

	if (!c->call.p->conf->provider_sso)
		return http_fail(c, 404, "Children's ID sign-in is not used on "
		    "this portal. Sign in with your e-mail address and password.");
	if (c->remote_user == NULL || c->remote_user[0] == '\0' ||
	    strlen(c->remote_user) > 200)
		return notice(c, "Children's ID sign-in did not work", "The "
		    "hospital's sign-in did not tell us who you are.", "call", 403);
	switch ((rc = app_provider_sso(&c->call, c->remote_user, &out))) {
	case APP_OK:
		return signed_in(c, &out);
	case APP_REFUSED:
		if (out.why == PLOGIN_STANDING)
			return notice(c, "You cannot sign in", out.message,
			    "call", 403);
		return notice(c, "No provider portal account", "There is no "
		    "provider portal account for your Children's ID.", "call",
		    403);
	default:
		return http_app_status(c, rc);
	}
}

static const struct route routes[] = {
	{ M_GET, "/provider/", home_get, R_PROVIDER },
	{ M_GET, "/provider/login", login_get, 0 },
	{ M_POST, "/provider/login", login_post, 0 },
	{ M_POST, "/provider/logout", logout_post, 0 },
	{ M_GET, "/provider/help", help_get, 0 },
	{ M_GET, "/provider/setup", setup_get, 0 },
	{ M_POST, "/provider/setup", setup_post, 0 },
	{ M_GET, "/provider/sso", sso_get, 0 },
};

int
main(void)
{
	static const struct app app = { "provider", routes, N(routes) };

	return http_main(&app);
}
