/*
 * profile: the family account's contact information (F-PROFILE 1, 3;
 * issue 14.1): address, phones, e-mail, preferred contact, applied at
 * once; a new e-mail address after its link; the PCP on file of each
 * patient, read-only.
 *
 *   GET  /account/profile/         the page (?saved=1, ?sent=1: notices)
 *   POST /account/profile/         save (app_profile_save)
 *   GET  /account/profile/email    the e-mailed link's page (#t=, filled
 *                                  in by link-code.js)
 *   POST /account/profile/email    t: app_profile_email_confirm
 */
#include <string.h>

#include "contact_form.h"
#include "form.h"
#include "http.h"
#include "profile.h"
#include "tmpl.h"
#include "valid.h"

#define N(x) (sizeof(x) / sizeof((x)[0]))

static const struct field fields[] = {
	CONTACT_FIELDS,
	{ "email", "E-mail address", valid_email, F_REQ },
	/* Only to change the e-mail address (app_profile_save). */
	{ "password", "password", valid_password, F_SECRET },
};

static const struct field email_fields[] = {
	{ "t", "code from your e-mail", valid_secret, F_REQ | F_SECRET },
	{ "check", "check", valid_id, 0 },
};

/* The page: the contact on file (when f is NULL) or what was typed. */
static int
show(struct ctx *c, struct form *f, int status)
{
	struct profile_out	 out;
	struct tvars		*it;
	enum app_rc		 rc;
	size_t			 i;

	if ((rc = app_profile_view(&c->call, NULL, &out)) != APP_OK)
		return rc == APP_REFUSED ? http_fail(c, 403, "This page is for "
		    "family accounts.") : http_app_status(c, rc);
	tvars_str(c->vars, "title", "Contact information");
	tvars_str(c->vars, "email_on_file", out.c.email);
	if (f == NULL)
		contact_to_vars(&out.c, c->vars);
	else {
		form_echo(f, c->vars);
		contact_pref_echo(f, c->vars);
	}
	if (out.c.updated != 0)
		tvars_datetime(c->vars, "updated", out.c.updated);
	for (i = 0; i < out.npcps; i++) {
		it = tvars_item(c->vars, "pcps");
		tvars_str(it, "patient", out.pcps[i].patient);
		tvars_bool(it, "has_pcp", out.pcps[i].pcp != NULL);
		tvars_str(it, "pcp", out.pcps[i].pcp ? out.pcps[i].pcp : "");
		tvars_str(it, "practice", out.pcps[i].practice ?
		    out.pcps[i].practice : "");
		tvars_str(it, "place", out.pcps[i].city ? out.pcps[i].city : "");
	}
	tvars_bool(c->vars, "has_pcps", out.npcps > 0);
	if (out.npcps == 0)
		http_no_phi(c);
	if (f == NULL && http_query(c, "sent") != NULL)
		tvars_str(c->vars, "notice", "Your contact information was "
		    "saved. We sent a link to the new e-mail address: the "
		    "change takes effect when you open it (within 24 hours). "
		    "Until then we keep writing to the old address.");
	else if (f == NULL && http_query(c, "saved") != NULL)
		tvars_str(c->vars, "notice", "Your contact information was saved.");
	else if (f == NULL && http_query(c, "changed") != NULL)
		tvars_str(c->vars, "notice", "Your e-mail address was changed.");
	c->page = "profile";
	return status;
}

static int
profile_get(struct ctx *c)
{
	return show(c, NULL, 200);
}

static int
profile_post(struct ctx *c)
{
	struct form		 f;
	struct profile_save_in	 in;
	struct profile_save_out	 out;
	enum app_rc		 rc;

	memset(&in, 0, sizeof(in));
	form_read(c, fields, N(fields), &f);
	if (f.nerr > 0)
		return show(c, &f, 422);
	contact_from_form(&f, &in.c);
	in.c.email = form_val(&f, "email");
	in.password = form_val(&f, "password");
	switch ((rc = app_profile_save(&c->call, &in, &out))) {
	case APP_OK:
		return http_redirect(c, out.email_sent ?
		    "/account/profile/?sent=1" : "/account/profile/?saved=1");
	case APP_INVALID:
		form_error(&f, out.field, out.msg);
		return show(c, &f, 422);
	case APP_REFUSED:
		return http_fail(c, 403, "This page is for family accounts.");
	default:
		http_form_failed(c, rc);
		return show(c, &f, http_app_status(c, rc));
	}
}

static int
email_show(struct ctx *c, struct form *f, int status)
{
	tvars_str(c->vars, "title", "Confirm your new e-mail address");
	tvars_bool(c->vars, "link_code", 1);
	if (f != NULL)
		form_echo(f, c->vars);
	http_no_phi(c);
	c->page = "profile_email";
	return status;
}

static int
email_get(struct ctx *c)
{
	return email_show(c, NULL, 200);
}

static int
email_post(struct ctx *c)
{
	static const char *const why[] = {
		[EMAIL_BAD] = "This link or code is not valid. Copy the whole "
		    "code from the e-mail, or ask for the change again on "
		    "your profile.",
		[EMAIL_USED] = "This link has already been used, or a newer "
		    "change replaced it. Use the newest e-mail, or ask for the "
		    "change again.",
		[EMAIL_EXPIRED] = "This link has expired (links work for 24 "
		    "hours). Ask for the change again on your profile.",
		[EMAIL_TAKEN] = "This address cannot be used for your account. "
		    "Nothing was changed.",
	};
	struct form			 f;
	struct email_confirm_out	 out;
	enum app_rc			 rc;
	int				 check;

	if (form_read(c, email_fields, N(email_fields), &f) > 0)
		return email_show(c, &f, 422);
	/* check=1: the page's check on arrival (htdocs/link-code.js). */
	check = form_val(&f, "check") != NULL;
	switch ((rc = (check ? app_profile_email_check :
	    app_profile_email_confirm)(&c->call, form_val(&f, "t"), &out))) {
	case APP_OK:
		if (check) {
			tvars_str(c->vars, "t", form_val(&f, "t"));
			tvars_bool(c->vars, "checked", 1);
			return email_show(c, NULL, 200);
		}
		tvars_bool(c->vars, "done", 1);
		tvars_bool(c->vars, "changed", 1);
		return email_show(c, NULL, 200);
	case APP_REFUSED:
		if (out.why == EMAIL_USED || out.why == EMAIL_EXPIRED) {
			/* The words and the next step, not the form. */
			tvars_str(c->vars, "link_problem", why[out.why]);
			tvars_bool(c->vars, "done", 1);
			return email_show(c, NULL, 400);
		}
		form_error(&f, "t", why[out.why]);
		tvars_bool(c->vars, "failed", 1);
		return email_show(c, &f, 400);
	default:
		http_form_failed(c, rc);
		return email_show(c, &f, http_app_status(c, rc));
	}
}

static const struct route routes[] = {
	{ M_GET, "/account/profile/", profile_get, R_FAMILY | R_PHI },
	{ M_POST, "/account/profile/", profile_post, R_FAMILY | R_PHI },
	{ M_GET, "/account/profile/email", email_get, 0 },
	{ M_POST, "/account/profile/email", email_post, 0 },
};

int
main(void)
{
	static const struct app app = { "profile", routes, N(routes) };

	return http_main(&app);
}
