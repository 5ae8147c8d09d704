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
 *   POST /signup/verify  confirm the address (the code in the form body)
 */
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "auth.h"
#include "conf.h"
#include "db.h"
#include "enrol.h"
#include "form.h"
#include "http.h"
#include "log.h"
#include "mail.h"
#include "secret.h"
#include "store_accounts.h"
#include "store_tokens.h"
#include "tmpl.h"

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
	if ((r = auth_pw_rule(c->p->pwlist, pw, form_val(f, "email"))) != PW_OK)
		form_error(f, "password", auth_pw_message(r));
	else if (pw2 != NULL && strcmp(pw, pw2) != 0)
		form_error(f, "password2", "The two passwords are not the same.");
}

static int
signup_post(struct ctx *c)
{
	struct form		 f;
	struct enrol_in		 in;
	struct enrol		 e;
	struct account		 acct;
	struct link_secret	 ls;
	const char		*pw_hash;
	int64_t			 id;
	int			 rc;

	memset(&in, 0, sizeof(in));
	form_read(c, fields, NFIELDS, &f);
	enrol_from_form(&f, &in);
	check_password(c, &f);
	if (f.nerr > 0)
		return show(c, &f, 422);
	in.given = form_val(&f, "given");
	in.family = form_val(&f, "family");
	in.email = form_val(&f, "email");
	enrol_check(c, &in, &e);
	if (e.outcome != ENROL_READY) {
		enrol_to_form(&e, &f, c->vars);
		if (e.outcome == ENROL_REFUSED)
			audit_req(c, "signup.refused", e.patient_id, e.message);
		return show(c, &f, 422);
	}

	/* The slow hashes run before the write lock, and on both paths, so
	 * the answer's timing does not tell whether the address is taken. */
	pw_hash = auth_hash(c->a, c->p->conf, form_val(&f, "password"));
	secret_link_make(c->a, c->p->conf, &ls);
	if (db_begin(c->p->db) == -1)
		return 503;
	if ((rc = store_account_by_email(c->p->db, c->a, in.email, &acct)) == 1) {
		/* F-SIGNUP 6: same page as a new sign-up; the owner is told,
		 * once a day however many strangers try (issue 7.3). The token
		 * is left unused: the mail tells the owner to use it with "Add
		 * a patient" (issue 7.4). */
		if (!auth_over(c, THR_MAIL_SIGNUP, in.email) &&
		    (auth_count(c, THR_MAIL_SIGNUP, in.email) == -1 ||
		    mail_queue(c->p->db, c->p->conf, MAIL_ALREADY, in.email, NULL,
		    NULL, c->now) == -1))
			goto fail;
		if (audit_req(c, "signup.address_taken", e.patient_id, NULL) == -1)
			goto fail;
	} else if (rc == 0) {
		if ((id = store_account_create(c->p->db, in.email, pw_hash, in.given,
		    in.family, c->now)) == -1)
			goto fail;
		if ((rc = enrol_apply(c, id, &e)) == 1) {
			db_rollback(c->p->db);
			form_error(&f, "token", "This token has already been used.");
			return show(c, &f, 422);
		}
		if (rc == -1 || secret_link_store(c->p->db, &ls, id, "verify",
		    c->now, c->p->conf->verify_link_lifetime) == -1 ||
		    mail_queue(c->p->db, c->p->conf, MAIL_VERIFY, in.email,
		    ls.text, NULL, c->now) == -1 ||
		    audit_req(c, e.queued_self ? "signup.self_queued" :
		    e.by_token ? "signup.token" : "signup.mrn_queued",
		    e.patient_id, arena_printf(c->a, "account %lld",
		    (long long)id)) == -1)
			goto fail;
	} else
		goto fail;
	if (db_commit(c->p->db) == -1)
		return 503;
	return http_redirect(c, "/signup/sent");
fail:
	db_rollback(c->p->db);
	return 500;
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
};

static const char *const link_problems[] = {
	[SECRET_OK] = "",
	[SECRET_BAD] = "This code is not valid. Check that you copied the whole "
	    "code from the e-mail.",
	[SECRET_USED] = "This code has already been used.",
	[SECRET_EXPIRED] = "This code has expired.",
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

	if (t != NULL && valid_secret(c->a, t, strlen(t), &v) == NULL)
		tvars_str(c->vars, "t", v);
	return verify_show(c, NULL, 0, 200);
}

static int
verify_post(struct ctx *c)
{
	struct form		 f;
	struct secret_row	 row;
	enum secret_state	 st;
	const char		*t;

	if (form_read(c, verify_fields, 1, &f) > 0 ||
	    (t = form_val(&f, "t")) == NULL)
		return verify_show(c, &f, 0, 422);
	st = secret_link_check(c->p->db, c->a, t, "verify", c->now, &row);
	if (st != SECRET_OK) {
		audit_req(c, "verify.refused", 0, link_problems[st]);
		form_error(&f, "t", link_problems[st]);
		return verify_show(c, &f, 1, 400);
	}
	if (db_begin(c->p->db) == -1)
		return 503;
	if (store_elink_use(c->p->db, row.id, c->now) != 1) {
		db_rollback(c->p->db);
		form_error(&f, "t", link_problems[SECRET_USED]);
		return verify_show(c, &f, 1, 400);
	}
	if (store_account_verify(c->p->db, row.owner, c->now) == -1 ||
	    audit_req(c, "verify.ok", 0, arena_printf(c->a, "account %lld",
	    (long long)row.owner)) == -1 || db_commit(c->p->db) == -1) {
		db_rollback(c->p->db);
		return 500;
	}
	tvars_str(c->vars, "notice", "Thank you: your e-mail address is confirmed.");
	tvars_bool(c->vars, "done", 1);
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
