/*
 * sponsor: a sponsor's staff accounts in the provider portal (P-SPONSOR
 * 1, issue 11.5). A clinician granted sponsorship privileges lists their
 * sponsored users, adds one (who is e-mailed a link to choose a
 * password), suspends, reinstates and revokes them, and sends a new link
 * to one who has not chosen a password. Everyone else, sponsored users
 * included, is refused (403). Fields in, one operation of
 * lib/app/sponsor.h, the page out; the sponsor is always the signed-in
 * account, never a field.
 *
 *   GET  /provider/staff/         the list and the form to add someone
 *                                 (?added=1, ?done=ACTION: what was done)
 *   POST /provider/staff/add      given, family, email, role
 *   POST /provider/staff/change   id, action: suspend reinstate revoke link;
 *                                 revoke, which is final, asks first
 *                                 (confirm=yes)
 */
#include <string.h>

#include "form.h"
#include "http.h"
#include "sponsor.h"
#include "tmpl.h"

#define N(x) (sizeof(x) / sizeof((x)[0]))

/* role: one of the policy's kinds of staff, nothing else. */
static const char *
valid_role(struct arena *a, const char *in, size_t len, const char **out)
{
	enum sponsor_kind	 k;

	if (strlen(in) != len || policy_sponsor_kind(in, &k) == -1)
		return "Choose the person's role from the list.";
	*out = arena_strdup(a, in);
	return NULL;
}

/* What the buttons of a row do. */
static const struct {
	const char	*name;
	const char	*done;		/* the notice once done */
} actions[] = {
	{ "suspend", "The account is suspended: its sessions have ended, and "
	    "it cannot sign in until you reinstate it." },
	{ "reinstate", "The account is reinstated: the person can sign in "
	    "again." },
	{ "revoke", "The account is revoked for good: its sessions have ended." },
	{ "link", "A new link to choose a password was e-mailed; earlier "
	    "links no longer work." },
};

/* The index of action in, or -1. */
static int
action_of(const char *in)
{
	size_t	 i;

	for (i = 0; in != NULL && i < N(actions); i++)
		if (strcmp(actions[i].name, in) == 0)
			return (int)i;
	return -1;
}

static const char *
valid_action(struct arena *a, const char *in, size_t len, const char **out)
{
	if (strlen(in) != len || action_of(in) == -1)
		return "Choose what to do.";
	*out = arena_strdup(a, in);
	return NULL;
}

/* Only these are read: a posted role=admin, sponsor_id, kind or status
 * is no field of the form and never reaches the operation. */
static const struct field add_fields[] = {
	{ "given", "first name", valid_name, F_REQ },
	{ "family", "last name", valid_name, F_REQ },
	{ "email", "e-mail address", valid_email, F_REQ },
	{ "role", "role", valid_role, F_REQ },
};
static const struct field change_fields[] = {
	{ "id", "staff member", valid_id, F_REQ },
	{ "action", "action", valid_action, F_REQ },
	{ "confirm", "confirmation", valid_line, 0 },
};
static const struct field list_query[] = {
	{ "added", "added", valid_id, 0 },
	{ "done", "done", valid_action, 0 },
};

static const char not_sponsor[] = "Only a provider granted sponsorship "
    "privileges manages sponsored staff accounts. Sponsored staff cannot "
    "add or change accounts. If you should have these privileges, call "
    "provider support.";

static int
refused(struct ctx *c, int status, const char *title, const char *message)
{
	tvars_str(c->vars, "title", title);
	tvars_str(c->vars, "message", message);
	c->page = "sponsor_refused";
	return status;
}

/* A refusal or failure of an operation, as a page. */
static int
failed(struct ctx *c, enum app_rc rc, enum sponsor_why why)
{
	if (rc != APP_REFUSED)
		return http_app_status(c, rc);
	if (why == SPONSOR_NO_SUCH)
		return refused(c, 404, "No such staff member",
		    "That account is not one of your sponsored staff. Nothing "
		    "was changed.");
	return refused(c, 403, "Sponsored staff", not_sponsor);
}

/* The list and the add form (f: what was typed, or NULL). */
static int
list_show(struct ctx *c, struct form *f, int status)
{
	struct sponsor_list_out	 out;
	enum sponsor_why	 why;
	struct tvars		*it;
	enum app_rc		 rc;
	enum sponsor_kind	 k;
	size_t			 i;

	if ((rc = app_sponsor_list(&c->call, &out, &why)) != APP_OK)
		return failed(c, rc, why);
	tvars_str(c->vars, "title", "Sponsored staff");
	tvars_list(c->vars, "users");
	for (i = 0; i < out.n; i++) {
		const struct sponsored_user *u = &out.users[i];

		it = tvars_item(c->vars, "users");
		tvars_int(it, "id", u->id);
		tvars_strf(it, "name", "%s %s", u->given, u->family);
		tvars_str(it, "email", u->email);
		tvars_str(it, "role_label", app_sponsor_kind_label(u->staff_kind));
		tvars_str(it, "status", u->status);
		tvars_bool(it, "active", strcmp(u->status, "approved") == 0);
		tvars_bool(it, "suspended", strcmp(u->status, "suspended") == 0);
		tvars_bool(it, "revoked", strcmp(u->status, "revoked") == 0);
		tvars_bool(it, "has_password", u->has_password);
		tvars_bool(it, "may_resend", policy_sponsor_may_resend(u->status,
		    u->has_password));
	}
	for (k = 0; k < SKIND__MAX; k++) {
		it = tvars_item(c->vars, "roles");
		tvars_str(it, "value", policy_sponsor_kind_name(k));
		tvars_str(it, "label", policy_sponsor_kind_label(k));
		tvars_bool(it, "selected", f != NULL && form_val(f, "role") !=
		    NULL && strcmp(form_val(f, "role"),
		    policy_sponsor_kind_name(k)) == 0);
	}
	if (f != NULL)
		form_echo(f, c->vars);
	c->page = "sponsor";
	return status;
}

static int
list_get(struct ctx *c)
{
	struct form	 f;
	int		 i;

	form_query(c, list_query, N(list_query), &f);
	if (form_val(&f, "added") != NULL)
		tvars_str(c->vars, "notice", "The staff member was added. We "
		    "e-mailed them a link to choose their password.");
	else if ((i = action_of(form_val(&f, "done"))) != -1)
		tvars_str(c->vars, "notice", actions[i].done);
	return list_show(c, NULL, 200);
}

static int
add_post(struct ctx *c)
{
	struct sponsor_add_in	 in;
	struct sponsor_add_out	 out;
	struct form		 f;
	enum app_rc		 rc;

	/* A form with errors comes back on the list, which a caller who may
	 * not sponsor is refused (403) as the operation would refuse it. */
	if (form_read(c, add_fields, N(add_fields), &f) > 0)
		return list_show(c, &f, 422);
	in.given = form_val(&f, "given");
	in.family = form_val(&f, "family");
	in.email = form_val(&f, "email");
	in.kind = form_val(&f, "role");
	switch ((rc = app_sponsor_add(&c->call, &in, &out))) {
	case APP_OK:
		return http_redirect(c, "/provider/staff/?added=1");
	case APP_INVALID:
		form_error(&f, out.field != NULL ? out.field : "email",
		    out.problem);
		return list_show(c, &f, 422);
	case APP_REFUSED:
		return failed(c, rc, out.why);
	default:
		return list_show(c, &f, http_form_failed(c, rc));
	}
}

/* Revoking is final: the page that asks first, for one of the caller's
 * users only. */
static int
revoke_ask(struct ctx *c, const struct sponsor_user_in *in)
{
	struct sponsor_user_out	 out;
	enum app_rc		 rc;

	if ((rc = app_sponsor_user(&c->call, in, &out)) != APP_OK)
		return failed(c, rc, out.why);
	tvars_str(c->vars, "title", "Revoke access for good?");
	tvars_int(c->vars, "id", in->id);
	tvars_str(c->vars, "name", out.name);
	c->page = "sponsor_revoke";
	return 200;
}

static int
change_post(struct ctx *c)
{
	struct sponsor_user_in	 in;
	struct sponsor_user_out	 out;
	struct form		 f;
	enum app_rc		 rc;
	int			 i;

	if (form_read(c, change_fields, N(change_fields), &f) > 0)
		return refused(c, 400, "Nothing was changed", "The change was "
		    "not complete. Go back to your sponsored staff and try "
		    "again.");
	memset(&in, 0, sizeof(in));
	in.id = form_id(&f, "id");
	i = action_of(form_val(&f, "action"));
	if (strcmp(actions[i].name, "revoke") == 0 &&
	    (form_val(&f, "confirm") == NULL ||
	    strcmp(form_val(&f, "confirm"), "yes") != 0))
		return revoke_ask(c, &in);
	if (strcmp(actions[i].name, "link") == 0)
		rc = app_sponsor_resend(&c->call, &in, &out);
	else {
		policy_status_act(actions[i].name, &in.act);
		rc = app_sponsor_status(&c->call, &in, &out);
	}
	switch (rc) {
	case APP_OK:
		return http_redirect(c, arena_printf(c->call.a,
		    "/provider/staff/?done=%s", actions[i].name));
	case APP_INVALID:
		tvars_str(c->vars, "problem", out.problem);
		return list_show(c, NULL, 409);
	default:
		return failed(c, rc, out.why);
	}
}

static const struct route routes[] = {
	{ M_GET, "/provider/staff/", list_get, R_PROVIDER },
	{ M_POST, "/provider/staff/add", add_post, R_PROVIDER },
	{ M_POST, "/provider/staff/change", change_post, R_PROVIDER },
};

int
main(void)
{
	static const struct app app = { "sponsor", routes, N(routes) };

	return http_main(&app);
}
