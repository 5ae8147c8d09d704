/*
 * Pass codes, and the provider account's own changes (passcode.h).
 */
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "audit.h"
#include "auth.h"
#include "call.h"
#include "conf.h"
#include "crypto.h"
#include "db.h"
#include "mail.h"
#include "passcode.h"
#include "provider.h"
#include "store_passcode.h"
#include "store_sess.h"

#define CODE_DIGITS	8
#define CODE_RANGE	100000000u	/* 10^CODE_DIGITS */

/* 8 random digits, uniformly (arena). */
static char *
code_new(struct arena *a)
{
	uint32_t	 r;

	do
		crypto_random(&r, sizeof(r));
	while (r >= UINT32_MAX - UINT32_MAX % CODE_RANGE);
	return arena_printf(a, "%08u", (unsigned)(r % CODE_RANGE));
}

static const char *
who_of(const struct call *c, const char *email)
{
	return arena_printf(c->a, "provider:%s", email);
}

static enum sess_kind
sess_kind_of(const struct provider_account *a)
{
	return strcmp(a->kind, "sponsored") == 0 ? SESS_SPONSORED : SESS_PROVIDER;
}

/* Stores a new code of purpose for a and e-mails it (the earlier ones
 * of the purpose are void from now). hash: the code's, made ahead. */
static enum app_rc
code_send(const struct call *c, const struct provider_account *a,
    const char *purpose, const char *code, const char *hash,
    const char *what_for)
{
	if (db_begin(c->p->db) == -1)
		return app_db_failed(c);
	if (store_pass_code_create(c->p->db, a->id, purpose, hash, c->now,
	    c->p->conf->pass_code_lifetime) == -1 ||
	    mail_queue(c->p->db, c->p->conf, MAIL_PASS_CODE, a->email, code,
	    what_for, c->now) == -1 ||
	    audit_call(c, "provider.pass_code", 0, arena_printf(c->a, "%s %s",
	    a->email, purpose)) == -1 ||
	    db_commit(c->p->db) == -1) {
		db_rollback(c->p->db);
		return app_db_failed(c);
	}
	return APP_OK;
}

enum app_rc
app_provider_forgot(const struct call *c, const char *email, long *wait)
{
	struct provider_account	 a;
	const char		*code, *hash;
	int			 st;

	/* Per client address, whatever the address typed. */
	if ((*wait = auth_wait(c, THR_PASS_CODE_ASK, NULL)) > 0) {
		if (audit_call(c, "provider.forgot_throttled", 0, email) == -1)
			return app_db_failed(c);
		return APP_REFUSED;
	}
	if (auth_count(c, THR_PASS_CODE_ASK, NULL) == -1)
		return app_db_failed(c);
	/* Made before the lookup, so that the answer takes as long for an
	 * address without an account. */
	code = code_new(c->a);
	hash = auth_hash(c->a, c->p->conf, code);
	if (store_provider_by_email(c->p->db, c->a, email, &a) != 1 ||
	    (st = app_provider_standing(c, a.id, &a)) != PSTAND_OK ||
	    !policy_provider_password(a.sso_user != NULL) ||
	    auth_over(c, THR_MAIL_PASS_CODE, who_of(c, a.email)))
		return APP_OK;
	if (auth_count(c, THR_MAIL_PASS_CODE, who_of(c, a.email)) == -1)
		return app_db_failed(c);
	return code_send(c, &a, "reset", code, hash, "to reset your password");
}

static const char *const code_problems[] = {
	[SECRET_OK] = "",
	[SECRET_BAD] = "This pass code is not correct. Check the code in the "
	    "newest e-mail we sent you, or request a new one.",
	[SECRET_USED] = "This pass code has already been used. Request a new one.",
	[SECRET_EXPIRED] = "This pass code has expired. Request a new one.",
	[SECRET_VOIDED] = "This pass code no longer works: it was entered wrong "
	    "too many times. Request a new one.",
	[SECRET_MISMATCH] = "An answer to your security questions is not "
	    "correct. Answers are not case-sensitive.",
};

/*
 * Checks code against the account's latest code of purpose (account 0:
 * none), and the answers against sa[0..nsa) when answers is not NULL.
 * A wrong code or answer counts against the code and the client address.
 * The state and *row, or -1 if the store could not answer.
 */
static int
code_check(const struct call *c, int64_t account, const char *purpose,
    const char *code, const char *const *answers,
    const struct security_answer *sa, size_t nsa, struct pass_code_row *row)
{
	struct pass_code_facts	 f;
	enum secret_state	 s;
	size_t			 i;
	int			 found = 0;

	memset(&f, 0, sizeof(f));
	memset(row, 0, sizeof(*row));
	f.max_tries = c->p->conf->pass_code_tries;
	if (account != 0 && (found = store_pass_code_latest(c->p->db, c->a,
	    account, purpose, row)) == -1)
		return -1;
	f.sent = found;
	if (found)
		f.matches = auth_verify(code, row->code_hash);
	else
		auth_burn(c->p->conf, code);
	f.answers_ok = 1;
	for (i = 0; answers != NULL && f.matches && i < nsa; i++)
		if (answers[i] == NULL || !auth_verify(app_answer_fold(c->a,
		    answers[i]), sa[i].answer_hash))
			f.answers_ok = 0;
	f.tries = row->tries;
	f.used = row->used;
	f.expires = row->expires;
	s = policy_pass_code(&f, c->now);
	if (policy_pass_code_wrong_try(&f, s) &&
	    store_pass_code_try(c->p->db, row->id) == -1)
		return -1;
	if ((s == SECRET_BAD || s == SECRET_MISMATCH) &&
	    auth_count(c, THR_PASS_CODE_WRONG, NULL) == -1)
		return -1;
	return (int)s;
}

/* A refused code: the page's message, an audit row without the code. */
static enum app_rc
code_refused(const struct call *c, const char *action, const char *email,
    enum secret_state s, struct preset_out *out)
{
	out->state = s;
	out->message = code_problems[s];
	audit_call(c, action, 0, arena_printf(c->a, "%s: %s", email,
	    out->message));
	return APP_REFUSED;
}

/* Refused before any check: too many wrong codes from this address
 * (audited as action, with who the code was for). */
static int
code_throttled(const struct call *c, const char *action, const char *email,
    struct preset_out *out)
{
	if ((out->wait = auth_wait(c, THR_PASS_CODE_WRONG, NULL)) <= 0)
		return 0;
	out->state = SECRET_BAD;
	out->message = arena_printf(c->a, "Too many wrong pass codes or answers "
	    "were entered from your network. Wait %s and try again.",
	    auth_wait_text(c->a, out->wait));
	audit_call(c, action, 0, arena_printf(c->a, "%s: throttled", email));
	return 1;
}

static enum app_rc
invalid(struct app_invalid *bad, const char *field, const char *msg)
{
	bad->field = field;
	bad->message = msg;
	return APP_INVALID;
}

/* The new password's rule, twice: APP_OK or APP_INVALID. */
static enum app_rc
new_password(const struct call *c, const char *email, const char *pw,
    const char *pw2, struct app_invalid *bad)
{
	enum pw_rule	 r;

	if (pw == NULL)
		return invalid(bad, "password", NULL);
	if ((r = auth_pw_rule(c->p->pwlist, pw, email)) != PW_OK)
		return invalid(bad, "password", auth_pw_message(r));
	if (pw2 == NULL || strcmp(pw, pw2) != 0)
		return invalid(bad, "password2", "The two passwords are not the same.");
	return APP_OK;
}

int
app_provider_password_set(const struct call *c,
    const struct provider_account *a, const char *hash)
{
	if (store_provider_set_password(c->p->db, a->id, hash, c->now) == -1 ||
	    store_sess_delete_principal(c->p->db, sess_kind_of(a), a->id) == -1 ||
	    auth_login_reset(c, who_of(c, a->email)) == -1 ||
	    mail_queue(c->p->db, c->p->conf, MAIL_PROVIDER_PW_CHANGED, a->email,
	    NULL, NULL, c->now) == -1)
		return -1;
	return 0;
}

enum app_rc
app_provider_reset(const struct call *c, const struct preset_in *in,
    struct preset_out *out)
{
	struct provider_account	 a;
	struct security_answer	*sa = NULL;
	struct pass_code_row	 row;
	size_t			 nsa = 0, i;
	int			 s, step2 = in->password != NULL ||
				    in->password2 != NULL;
	enum app_rc		 rc;
	const char		*hash;

	memset(out, 0, sizeof(*out));
	if (code_throttled(c, "provider.reset_refused", in->email, out))
		return APP_REFUSED;
	if (store_provider_by_email(c->p->db, c->a, in->email, &a) != 1 ||
	    app_provider_standing(c, a.id, &a) != PSTAND_OK ||
	    !policy_provider_password(a.sso_user != NULL))
		memset(&a, 0, sizeof(a));
	if (a.id != 0 && c->p->conf->security_questions &&
	    store_answers_get(c->p->db, c->a, a.id, &sa, &nsa) == -1)
		return app_db_failed(c);
	for (i = 0; i < nsa && i < APP_QUESTIONS; i++)
		out->question[out->nquestions++] = sa[i].question;
	if ((s = code_check(c, a.id, "reset", in->code, step2 ? in->answer :
	    NULL, sa, (size_t)out->nquestions, &row)) == -1)
		return app_db_failed(c);
	if (s != SECRET_OK)
		return code_refused(c, "provider.reset_refused", in->email, s, out);
	if (!step2)
		return APP_OK;
	if ((rc = new_password(c, a.email, in->password, in->password2,
	    &out->bad)) != APP_OK)
		return rc;
	hash = auth_hash(c->a, c->p->conf, in->password);
	if (db_begin(c->p->db) == -1)
		return app_db_failed(c);
	if (store_pass_code_use(c->p->db, row.id, c->now) != 1) {
		db_rollback(c->p->db);
		return code_refused(c, "provider.reset_refused", in->email,
		    SECRET_USED, out);
	}
	if (app_provider_password_set(c, &a, hash) == -1 ||
	    audit_call(c, "provider.password_reset", 0, a.email) == -1 ||
	    db_commit(c->p->db) == -1) {
		db_rollback(c->p->db);
		return app_db_failed(c);
	}
	out->done = 1;
	return APP_OK;
}

/* The caller's own account: 1, 0 if gone, -1. */
static int
own_account(const struct call *c, struct provider_account *a)
{
	return store_provider_by_id(c->p->db, c->a, c->who.id, a);
}

enum app_rc
app_provider_contact(const struct call *c, const char *given,
    const char *family, const char *phone)
{
	struct provider_account	 a;

	if (db_begin(c->p->db) == -1)
		return app_db_failed(c);
	/* The names before and after are on record: families read them
	 * in "who has seen" (the directory's name first, store_seen). */
	if (own_account(c, &a) != 1 ||
	    store_provider_set_contact(c->p->db, c->who.id, given, family,
	    phone) == -1 ||
	    audit_call(c, "provider.contact_changed", 0, arena_printf(c->a,
	    "was=\"%s %s\" now=\"%s %s\"", a.given ? a.given : "",
	    a.family ? a.family : "", given ? given : "",
	    family ? family : "")) == -1 ||
	    db_commit(c->p->db) == -1) {
		db_rollback(c->p->db);
		return app_db_failed(c);
	}
	return APP_OK;
}

enum app_rc
app_provider_password(const struct call *c, const struct ppassword_in *in,
    struct app_invalid *bad)
{
	struct provider_account	 a;
	const char		*who, *hash;
	enum app_rc		 rc;
	long			 wait;

	memset(bad, 0, sizeof(*bad));
	if (own_account(c, &a) != 1)
		return app_db_failed(c);
	who = who_of(c, a.email);
	/* The current password is guessed no faster than at sign-in. */
	if ((wait = auth_login_wait(c, who, NULL)) > 0) {
		bad->field = "current";
		bad->message = arena_printf(c->a, "Too many wrong passwords. "
		    "Wait %s and try again.", auth_wait_text(c->a, wait));
		return APP_REFUSED;
	}
	if (auth_login_attempt(c, who, NULL) == -1)
		return app_db_failed(c);
	if (in->current == NULL || a.pw_hash == NULL ||
	    !policy_provider_password(a.sso_user != NULL) ||
	    !auth_verify(in->current, a.pw_hash)) {
		audit_call(c, "provider.password_refused", 0, a.email);
		bad->field = "current";
		bad->message = "Your current password is not correct.";
		return APP_REFUSED;
	}
	auth_login_ok(c, who, NULL);
	if ((rc = new_password(c, a.email, in->password, in->password2,
	    bad)) != APP_OK)
		return rc;
	hash = auth_hash(c->a, c->p->conf, in->password);
	if (db_begin(c->p->db) == -1)
		return app_db_failed(c);
	if (app_provider_password_set(c, &a, hash) == -1 ||
	    audit_call(c, "provider.password_changed", 0, a.email) == -1 ||
	    db_commit(c->p->db) == -1) {
		db_rollback(c->p->db);
		return app_db_failed(c);
	}
	return APP_OK;
}

enum app_rc
app_provider_questions_code(const struct call *c)
{
	struct provider_account	 a;
	const char		*code, *hash;

	if (own_account(c, &a) != 1)
		return app_db_failed(c);
	if (auth_over(c, THR_MAIL_PASS_CODE, who_of(c, a.email))) {
		if (audit_call(c, "provider.pass_code_refused", 0, arena_printf(
		    c->a, "%s questions: throttled", a.email)) == -1)
			return app_db_failed(c);
		return APP_REFUSED;
	}
	if (auth_count(c, THR_MAIL_PASS_CODE, who_of(c, a.email)) == -1)
		return app_db_failed(c);
	code = code_new(c->a);
	hash = auth_hash(c->a, c->p->conf, code);
	return code_send(c, &a, "questions", code, hash,
	    "to change your security questions");
}

enum app_rc
app_provider_questions(const struct call *c, const char *code,
    const struct questions_in *qs, struct preset_out *out)
{
	struct provider_account	 a;
	struct security_answer	*sa;
	struct pass_code_row	 row;
	enum app_rc		 rc;
	int			 s;

	memset(out, 0, sizeof(*out));
	if (own_account(c, &a) != 1)
		return app_db_failed(c);
	if (code_throttled(c, "provider.questions_refused", a.email, out))
		return APP_REFUSED;
	if (code == NULL)
		return invalid(&out->bad, "code", NULL);
	if ((s = code_check(c, a.id, "questions", code, NULL, NULL, 0,
	    &row)) == -1)
		return app_db_failed(c);
	if (s != SECRET_OK)
		return code_refused(c, "provider.questions_refused", a.email, s,
		    out);
	if ((rc = app_questions_make(c, qs, &sa, &out->bad)) != APP_OK)
		return rc;
	if (db_begin(c->p->db) == -1)
		return app_db_failed(c);
	if (store_pass_code_use(c->p->db, row.id, c->now) != 1) {
		db_rollback(c->p->db);
		return code_refused(c, "provider.questions_refused", a.email,
		    SECRET_USED, out);
	}
	if (store_answers_set(c->p->db, a.id, sa, APP_QUESTIONS) == -1 ||
	    audit_call(c, "provider.questions_changed", 0, a.email) == -1 ||
	    db_commit(c->p->db) == -1) {
		db_rollback(c->p->db);
		return app_db_failed(c);
	}
	return APP_OK;
}
