/*
 * The provider portal's sign-in, single sign-on and first password
 * (plogin.h).
 */
#include <ctype.h>
#include <string.h>

#include "arena.h"
#include "audit.h"
#include "auth.h"
#include "call.h"
#include "conf.h"
#include "db.h"
#include "mail.h"
#include "mfa.h"
#include "passcode.h"
#include "plogin.h"
#include "provider.h"
#include "secret.h"
#include "store_passcode.h"
#include "store_tokens.h"

#define NELEM(x)	(sizeof(x) / sizeof((x)[0]))

static enum app_rc
refuse(struct plogin_out *out, enum plogin_why why)
{
	out->why = why;
	return APP_REFUSED;
}

enum app_rc
app_provider_login(const struct call *c, const struct plogin_in *in,
    struct plogin_out *out)
{
	struct provider_account	 a;
	struct provider_standing_in si;
	enum provider_standing	 st;
	const char		*who = arena_printf(c->a, "provider:%s", in->email);
	int			 found, need;

	memset(out, 0, sizeof(*out));
	/* The same wait whether or not the address has an account. */
	if ((out->wait = auth_login_wait(c, who, in->device)) > 0) {
		audit_call(c, "provider_login.throttled", 0, in->email);
		return refuse(out, PLOGIN_THROTTLED);
	}
	/* Counted before the slow check, taken back on success (app_login). */
	if (auth_login_attempt(c, who, in->device) == -1)
		return app_db_failed(c);
	if ((found = store_provider_by_email(c->p->db, c->a, in->email, &a)) == -1)
		return app_db_failed(c);
	/* Children's ID accounts sign in only through the hospital. */
	if (found == 0 || a.pw_hash == NULL ||
	    !policy_provider_password(a.sso_user != NULL)) {
		auth_burn(c->p->conf, in->password);
		goto fail;
	}
	if (!auth_verify(in->password, a.pw_hash))
		goto fail;
	auth_login_ok(c, who, in->device);
	/* Only now, to the holder of the password, the standing. */
	app_provider_standing_in(&a, &si);
	if ((st = policy_provider_standing(&si)) != PSTAND_OK) {
		audit_call(c, "provider_login.refused", 0, in->email);
		out->message = policy_provider_standing_text(st);
		return refuse(out, PLOGIN_STANDING);
	}
	if (policy_password_expired(a.pw_changed,
	    c->p->conf->provider_password_days, c->now)) {
		audit_call(c, "provider_login.expired", 0, in->email);
		return refuse(out, PLOGIN_EXPIRED);
	}
	if (auth_needs_rehash(c->p->conf, a.pw_hash))
		store_provider_set_password(c->p->db, a.id,
		    auth_hash(c->a, c->p->conf, in->password), a.pw_changed);
	if ((need = app_mfa_need(c, MFA_PROVIDER, a.id)) == -1)
		return app_db_failed(c);
	if (audit_call(c, need == MFA_NONE ? "provider_login.ok" :
	    "provider_login.password", 0, in->email) == -1)
		return app_db_failed(c);
	out->id = a.id;
	out->sponsored = si.sponsored;
	out->need = need;
	return APP_OK;
fail:
	audit_call(c, "provider_login.failed", 0, in->email);
	return refuse(out, PLOGIN_WRONG);
}

enum app_rc
app_provider_sso(const struct call *c, const char *user, struct plogin_out *out)
{
	struct provider_account	 a;
	struct provider_standing_in si;
	enum provider_standing	 st;
	int			 found;

	memset(out, 0, sizeof(*out));
	if ((found = store_provider_by_sso(c->p->db, c->a, user, &a)) == -1)
		return app_db_failed(c);
	if (found == 0) {
		audit_call(c, "provider_sso.refused", 0,
		    arena_printf(c->a, "%s: no account", user));
		return refuse(out, PLOGIN_WRONG);
	}
	app_provider_standing_in(&a, &si);
	if ((st = policy_provider_standing(&si)) != PSTAND_OK) {
		audit_call(c, "provider_sso.refused", 0,
		    arena_printf(c->a, "%s: %s", user, a.status));
		out->message = policy_provider_standing_text(st);
		return refuse(out, PLOGIN_STANDING);
	}
	if (audit_call(c, "provider_sso.ok", 0, user) == -1)
		return app_db_failed(c);
	out->id = a.id;
	out->sponsored = si.sponsored;
	out->need = MFA_NONE;
	return APP_OK;
}

enum app_rc
app_provider_home(const struct call *c, struct phome *out)
{
	struct provider_account	 a, sp;
	struct provider_standing_in si;
	int			 st;

	memset(out, 0, sizeof(*out));
	if ((st = app_provider_standing(c, c->who.id, &a)) == -1)
		return app_db_failed(c);
	if (a.id == 0)
		return APP_REFUSED;
	app_provider_standing_in(&a, &si);
	out->name = arena_printf(c->a, "%s %s", a.given, a.family);
	out->email = a.email;
	out->sponsored = si.sponsored;
	out->may_sponsor = policy_provider_may_sponsor(&si, a.sponsor_granted);
	out->sso = a.sso_user != NULL;
	if (si.sponsored && a.sponsor_id != 0) {
		if (app_provider_standing(c, a.sponsor_id, &sp) == -1)
			return app_db_failed(c);
		if (sp.id != 0)
			out->sponsor_name = arena_printf(c->a, "%s %s", sp.given,
			    sp.family);
	}
	return APP_OK;
}

/* Questions whose answers a person remembers and others cannot look up
 * easily; answers are compared folded (app_answer_fold). */
static const char *const questions[] = {
	"What was the name of your first pet?",
	"In what city or town were you born?",
	"What was the name of your elementary school?",
	"What is the first name of your oldest cousin?",
	"What was the make and model of your first car?",
	"In what city or town did your parents meet?",
	"What was the first name of your childhood best friend?",
	"What was the name of the street you lived on in third grade?",
	"What was your first job?",
	"What is the middle name of your oldest sibling?",
};

const char *const *
app_question_list(size_t *n)
{
	*n = NELEM(questions);
	return questions;
}

const char *
app_answer_fold(struct arena *a, const char *answer)
{
	char	*s = arena_alloc(a, strlen(answer) + 1), *o = s;
	int	 space = 0;

	for (; *answer != '\0'; answer++) {
		if (isspace((unsigned char)*answer)) {
			space = o != s;
			continue;
		}
		if (space)
			*o++ = ' ';
		space = 0;
		*o++ = (char)tolower((unsigned char)*answer);
	}
	*o = '\0';
	return s;
}

static const char *const q_fields[APP_QUESTIONS] = { "q1", "q2", "q3" };
static const char *const a_fields[APP_QUESTIONS] = { "a1", "a2", "a3" };

static enum app_rc
invalid(struct app_invalid *bad, const char *field, const char *msg)
{
	bad->field = field;
	bad->message = msg;
	return APP_INVALID;
}

enum app_rc
app_questions_make(const struct call *c, const struct questions_in *in,
    struct security_answer **out, struct app_invalid *bad)
{
	struct security_answer	*sa;
	const char		*fold;
	int64_t			 k[APP_QUESTIONS];
	size_t			 i, j;

	sa = arena_alloc(c->a, sizeof(*sa) * APP_QUESTIONS);
	for (i = 0; i < APP_QUESTIONS; i++) {
		k[i] = in->q[i];
		if (k[i] < 1 || (uint64_t)k[i] > NELEM(questions))
			return invalid(bad, q_fields[i], "Choose a question.");
		for (j = 0; j < i; j++)
			if (k[j] == k[i])
				return invalid(bad, q_fields[i], "Choose three "
				    "different questions.");
		fold = in->a[i] != NULL ? app_answer_fold(c->a, in->a[i]) : "";
		if (strlen(fold) < 2)
			return invalid(bad, a_fields[i], "Answer the question "
			    "(at least 2 characters).");
		sa[i].n = (int)i + 1;
		sa[i].question = questions[k[i] - 1];
		sa[i].answer_hash = NULL;
	}
	/* Hashed only once all are right: the hash is slow. */
	for (i = 0; i < APP_QUESTIONS; i++)
		sa[i].answer_hash = auth_hash(c->a, c->p->conf,
		    app_answer_fold(c->a, in->a[i]));
	*out = sa;
	return APP_OK;
}

static const char *const link_problems[] = {
	[SECRET_OK] = "",
	[SECRET_BAD] = "This link is not valid. Check that you opened the "
	    "whole link from the e-mail, or ask for a new link.",
	[SECRET_USED] = "This link has already been used. If you have chosen "
	    "your password, sign in; if not, ask for a new link.",
	[SECRET_EXPIRED] = "This link has expired. Ask for a new link.",
	[SECRET_VOIDED] = "This link has already been used. Ask for a new link.",
	[SECRET_MISMATCH] = "This link is not valid. Ask for a new link.",
};

static enum app_rc
setup_refused(const struct call *c, struct psetup_out *out,
    enum secret_state s)
{
	out->state = s;
	out->message = link_problems[s];
	audit_call(c, "provider.setup_refused", 0, out->message);
	return APP_REFUSED;
}

enum app_rc
app_provider_setup(const struct call *c, const struct psetup_in *in,
    struct psetup_out *out)
{
	struct secret_row	 row;
	struct provider_account	 a;
	struct security_answer	*sa = NULL;
	enum secret_state	 s;
	enum pw_rule		 r;
	enum app_rc		 rc;
	const char		*hash;
	int			 st;

	memset(out, 0, sizeof(*out));
	if (in->code == NULL)
		return setup_refused(c, out, SECRET_BAD);
	if ((s = secret_link_check(c->p->db, c->a, in->code, "setup", c->now,
	    &row)) != SECRET_OK)
		return setup_refused(c, out, s);
	if ((st = app_provider_standing(c, row.owner, &a)) == -1)
		return app_db_failed(c);
	if (st != PSTAND_OK) {
		out->state = SECRET_BAD;
		out->message = policy_provider_standing_text(st);
		audit_call(c, "provider.setup_refused", 0, a.email);
		return APP_REFUSED;
	}
	out->email = a.email;
	if (in->check)
		return APP_OK;
	if (in->password == NULL)
		return invalid(&out->bad, "password", NULL);
	if ((r = auth_pw_rule(c->p->pwlist, in->password, a.email)) != PW_OK)
		return invalid(&out->bad, "password", auth_pw_message(r));
	if (in->password2 == NULL || strcmp(in->password, in->password2) != 0)
		return invalid(&out->bad, "password2",
		    "The two passwords are not the same.");
	if (c->p->conf->security_questions &&
	    (rc = app_questions_make(c, &in->qs, &sa, &out->bad)) != APP_OK)
		return rc;
	hash = auth_hash(c->a, c->p->conf, in->password);
	if (db_begin(c->p->db) == -1)
		return app_db_failed(c);
	if (store_elink_use(c->p->db, row.id, "setup", c->now) != 1) {
		db_rollback(c->p->db);
		return setup_refused(c, out, SECRET_USED);
	}
	/* A link on an account already set up (staff sent one again) is a
	 * reset: its sessions end and the owner is told, as with a code. */
	if ((a.pw_hash != NULL ? app_provider_password_set(c, &a, hash) :
	    store_provider_set_password(c->p->db, a.id, hash, c->now)) == -1 ||
	    (sa != NULL && store_answers_set(c->p->db, a.id, sa,
	    APP_QUESTIONS) == -1) ||
	    auth_login_reset(c, arena_printf(c->a, "provider:%s", a.email)) == -1 ||
	    audit_call(c, "provider.setup", 0, a.email) == -1 ||
	    db_commit(c->p->db) == -1) {
		db_rollback(c->p->db);
		return app_db_failed(c);
	}
	return APP_OK;
}

enum app_rc
app_provider_setup_send(const struct call *c, int64_t account)
{
	struct provider_account	 a;
	int			 st;

	/* Only an account that may use the portal gets one (a pending
	 * application gets its link on approval). */
	if ((st = app_provider_standing(c, account, &a)) == -1)
		return app_db_failed(c);
	if (st != PSTAND_OK || !policy_provider_password(a.sso_user != NULL))
		return APP_REFUSED;
	return app_provider_link_send(c, a.id, a.email, MAIL_PROVIDER_SETUP,
	    NULL, "provider.setup_link", a.email);
}
