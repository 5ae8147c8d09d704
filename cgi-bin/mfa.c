/*
 * mfa: two-step sign-in (TOTP, RFC 6238, with recovery codes; issue
 * 11.6) for both portals. A sign-in whose password was right waits at
 * stage mfa (a code to give) or enrol (the hospital requires a factor
 * the account does not have yet) until these pages start it again at
 * stage in. At those stages the call acts for nobody: the account is the
 * session's principal.
 *
 *   GET  /login/2fa             family: the code form
 *   POST /login/2fa             check it; signed in: /home/
 *   GET  /account/2fa           family: on or off, recovery codes left
 *   GET  /account/2fa/setup     the QR code, the secret as text, a code
 *   POST /account/2fa/setup     confirm with a code: recovery codes, once
 *   POST /account/2fa/off       turn off (a code needed)
 *   POST /account/2fa/codes     new recovery codes (a code needed)
 *   GET  /provider/2fa          provider portal: the code form
 *   POST /provider/2fa          check it; signed in: /provider/
 *   GET  /provider/2fa/setup    enrolment (forced at stage enrol), or,
 *                               signed in with a factor, its status
 *   POST /provider/2fa/setup    confirm; at stage enrol also signs in
 *   POST /provider/2fa/off      turn off (refused while required)
 *   POST /provider/2fa/codes    new recovery codes
 */
#include <string.h>

#include "auth.h"
#include "form.h"
#include "http.h"
#include "mfa.h"
#include "qr.h"
#include "sess.h"
#include "tmpl.h"

static const struct field fields[] = {
	{ "code", "code", valid_otp, F_REQ | F_SECRET },
};
#define N(x) (sizeof(x) / sizeof((x)[0]))

/* Each portal's paths and templates. */
static const struct side {
	enum mfa_kind	 kind;
	const char	*home, *step, *setup, *status, *off, *codes, *logout;
	const char	*t_code, *t_setup, *t_codes, *t_status;
} sides[] = {
	[MFA_FAMILY] = { MFA_FAMILY, "/home/", "/login/2fa",
	    "/account/2fa/setup", "/account/2fa", "/account/2fa/off",
	    "/account/2fa/codes", "/login/out",
	    "mfa_code", "mfa_setup", "mfa_codes", "mfa_status" },
	[MFA_PROVIDER] = { MFA_PROVIDER, "/provider/", "/provider/2fa",
	    "/provider/2fa/setup", "/provider/2fa/setup", "/provider/2fa/off",
	    "/provider/2fa/codes", "/provider/logout",
	    "pmfa_code", "pmfa_setup", "pmfa_codes", "pmfa_status" },
};

static const char wrong[] = "That code is not right, or it was used already. "
    "Enter the code your app shows now (it changes every 30 seconds), or "
    "one of your recovery codes.";

/* The portal of the request's path. */
static const struct side *
side(const struct ctx *c)
{
	return &sides[strncmp(c->path, "/provider/", 10) == 0 ?
	    MFA_PROVIDER : MFA_FAMILY];
}

static void
side_vars(struct ctx *c, const struct side *s)
{
	tvars_str(c->vars, "step_action", s->step);
	tvars_str(c->vars, "setup_action", s->setup);
	tvars_str(c->vars, "off_action", s->off);
	tvars_str(c->vars, "codes_action", s->codes);
	tvars_str(c->vars, "logout_action", s->logout);
	tvars_str(c->vars, "home", s->home);
}

/* A refused code: the form again with why (422, or 429 when throttled). */
static int
refused(struct ctx *c, struct form *f, const struct mfa_out *o)
{
	switch (o->why) {
	case MFA_WHY_THROTTLED:
		form_error(f, "code", arena_printf(c->call.a, "Too many wrong "
		    "codes. Wait %s and try again.", auth_wait_text(c->call.a,
		    o->wait)));
		return 429;
	case MFA_WHY_NOT_ALLOWED:
		form_error(f, "code", "The hospital requires two-step sign-in "
		    "for provider portal accounts: it cannot be turned off.");
		return 403;
	case MFA_WHY_NO_FACTOR:
		form_error(f, "code", "Two-step sign-in is not set up for this "
		    "account.");
		return 409;
	default:
		form_error(f, "code", wrong);
		return 422;
	}
}

static int
code_show(struct ctx *c, struct form *f, int status)
{
	side_vars(c, side(c));
	tvars_str(c->vars, "title", "Two-step sign-in");
	if (f != NULL)
		form_echo(f, c->vars);
	c->page = side(c)->t_code;
	return status;
}

/* The second step of a sign-in. */
static int
step_get(struct ctx *c)
{
	if (c->sess->s_stage == SESS_IN)
		return http_redirect(c, side(c)->home);
	if (c->sess->s_stage == SESS_ENROL)
		return http_redirect(c, side(c)->setup);
	return code_show(c, NULL, 200);
}

static int
step_post(struct ctx *c)
{
	const struct side	*s = side(c);
	struct form		 f;
	struct mfa_out		 o;
	enum app_rc		 rc;

	if (c->sess->s_stage != SESS_MFA)
		return step_get(c);
	if (form_read(c, fields, N(fields), &f) > 0)
		return code_show(c, &f, 422);
	switch ((rc = app_mfa_verify(&c->call, s->kind, c->sess->s_principal,
	    form_val(&f, "code"), &o))) {
	case APP_OK:
		break;
	case APP_REFUSED:
		return code_show(c, &f, refused(c, &f, &o));
	default:
		return code_show(c, &f, http_form_failed(c, rc));
	}
	if (sess_start(c, c->sess->s_kind, SESS_IN, c->sess->s_principal) == -1)
		return 500;
	return http_redirect(c, s->home);
}

/* The account's status: on or off, codes left, what may be done. */
static int
status_show(struct ctx *c, struct form *f, int status)
{
	const struct side	*s = side(c);
	struct mfa_status_out	 st;
	enum app_rc		 rc;

	if ((rc = app_mfa_status(&c->call, s->kind, c->call.who.id, &st)) !=
	    APP_OK)
		return http_app_status(c, rc);
	side_vars(c, s);
	tvars_str(c->vars, "title", "Two-step sign-in");
	tvars_bool(c->vars, "enabled", st.enabled);
	tvars_bool(c->vars, "may_turn_off", st.may_turn_off);
	tvars_bool(c->vars, "required", st.required);
	tvars_int(c->vars, "recovery_left", (int64_t)st.recovery_left);
	tvars_bool(c->vars, "recovery_low", st.recovery_left < 3);
	if (f != NULL)
		form_echo(f, c->vars);
	if (http_query(c, "off") != NULL)
		tvars_str(c->vars, "notice", "Two-step sign-in is off.");
	c->page = s->t_status;
	return status;
}

static int
status_get(struct ctx *c)
{
	return status_show(c, NULL, 200);
}

/* Enrolment: the QR code, the secret as text, the code form. */
static int
setup_show(struct ctx *c, struct form *f, int status)
{
	const struct side	*s = side(c);
	struct mfa_setup_out	 su;
	enum app_rc		 rc;

	switch ((rc = app_mfa_enrol_start(&c->call, s->kind,
	    c->sess->s_principal, &su))) {
	case APP_OK:
		break;
	case APP_REFUSED:	/* on already */
		if (c->sess->s_stage != SESS_IN)
			return http_redirect(c, s->step);
		return status_show(c, f, f != NULL ? status : 200);
	default:
		return http_app_status(c, rc);
	}
	side_vars(c, s);
	tvars_str(c->vars, "title", "Set up two-step sign-in");
	tvars_bool(c->vars, "forced", c->sess->s_stage == SESS_ENROL);
	if (qr_var(c->vars, c->call.a, "qr", su.uri, "QR code to scan with "
	    "your authenticator app") == -1)
		return 500;
	tvars_str(c->vars, "secret", su.grouped);
	if (http_query(c, "off") != NULL)
		tvars_str(c->vars, "notice", "Two-step sign-in is off.");
	if (f != NULL)
		form_echo(f, c->vars);
	c->page = s->t_setup;
	return status;
}

static int
setup_get(struct ctx *c)
{
	if (c->sess->s_stage == SESS_MFA)
		return http_redirect(c, side(c)->step);
	return setup_show(c, NULL, 200);
}

/* New recovery codes, shown this once. */
static int
codes_show(struct ctx *c, const struct mfa_out *o, const char *notice)
{
	const struct side	*s = side(c);
	size_t			 i;

	side_vars(c, s);
	tvars_str(c->vars, "title", "Your recovery codes");
	tvars_str(c->vars, "notice", notice);
	for (i = 0; i < o->ncodes; i++)
		tvars_str(tvars_item(c->vars, "codes"), "code", o->codes[i]);
	tvars_str(c->vars, "next", s->kind == MFA_PROVIDER ? s->home : s->status);
	c->page = s->t_codes;	/* no-store, as every page (http.c) */
	return 200;
}

static int
setup_post(struct ctx *c)
{
	const struct side	*s = side(c);
	struct form		 f;
	struct mfa_out		 o;
	enum app_rc		 rc;

	if (c->sess->s_stage == SESS_MFA)
		return http_redirect(c, s->step);
	if (form_read(c, fields, N(fields), &f) > 0)
		return setup_show(c, &f, 422);
	switch ((rc = app_mfa_enrol_confirm(&c->call, s->kind,
	    c->sess->s_principal, form_val(&f, "code"), &o))) {
	case APP_OK:
		break;
	case APP_REFUSED:
		return setup_show(c, &f, refused(c, &f, &o));
	default:
		return setup_show(c, &f, http_form_failed(c, rc));
	}
	/* The hospital's required enrolment was the sign-in's last step. */
	if (c->sess->s_stage == SESS_ENROL && sess_start(c, c->sess->s_kind,
	    SESS_IN, c->sess->s_principal) == -1)
		return 500;
	return codes_show(c, &o, "Two-step sign-in is on. Save these "
	    "recovery codes now: they are shown only this once.");
}

static int
off_post(struct ctx *c)
{
	const struct side	*s = side(c);
	struct form		 f;
	struct mfa_out		 o;
	enum app_rc		 rc;

	if (form_read(c, fields, N(fields), &f) > 0)
		return status_show(c, &f, 422);
	switch ((rc = app_mfa_disable(&c->call, s->kind, c->call.who.id,
	    form_val(&f, "code"), &o))) {
	case APP_OK:
		return http_redirect(c, arena_printf(c->call.a, "%s?off=1",
		    s->status));
	case APP_REFUSED:
		return status_show(c, &f, refused(c, &f, &o));
	default:
		return status_show(c, &f, http_form_failed(c, rc));
	}
}

static int
codes_post(struct ctx *c)
{
	const struct side	*s = side(c);
	struct form		 f;
	struct mfa_out		 o;
	enum app_rc		 rc;

	if (form_read(c, fields, N(fields), &f) > 0)
		return status_show(c, &f, 422);
	switch ((rc = app_mfa_recovery_new(&c->call, s->kind, c->call.who.id,
	    form_val(&f, "code"), &o))) {
	case APP_OK:
		return codes_show(c, &o, "Your old recovery codes no longer "
		    "work. Save these new ones now: they are shown only this "
		    "once.");
	case APP_REFUSED:
		return status_show(c, &f, refused(c, &f, &o));
	default:
		return status_show(c, &f, http_form_failed(c, rc));
	}
}

static const struct route routes[] = {
	{ M_GET, "/login/2fa", step_get, R_FAMILY | R_STEP },
	{ M_POST, "/login/2fa", step_post, R_FAMILY | R_STEP },
	{ M_GET, "/account/2fa", status_get, R_FAMILY },
	{ M_GET, "/account/2fa/setup", setup_get, R_FAMILY },
	{ M_POST, "/account/2fa/setup", setup_post, R_FAMILY },
	{ M_POST, "/account/2fa/off", off_post, R_FAMILY },
	{ M_POST, "/account/2fa/codes", codes_post, R_FAMILY },
	{ M_GET, "/provider/2fa", step_get, R_PROVIDER | R_STEP },
	{ M_POST, "/provider/2fa", step_post, R_PROVIDER | R_STEP },
	{ M_GET, "/provider/2fa/setup", setup_get, R_PROVIDER | R_STEP },
	{ M_POST, "/provider/2fa/setup", setup_post, R_PROVIDER | R_STEP },
	{ M_POST, "/provider/2fa/off", off_post, R_PROVIDER },
	{ M_POST, "/provider/2fa/codes", codes_post, R_PROVIDER },
};

int
main(void)
{
	static const struct app app = { "mfa", routes, N(routes) };

	return http_main(&app);
}
