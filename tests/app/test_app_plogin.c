/*
 * The provider portal's sign-in and pass codes as operations
 * (lib/app/plogin.h, passcode.h): the standing told only after the right
 * password, password expiry, single sign-on, and a pass code's life
 * (wrong, right, used, expired, another account's, void after tries),
 * with the security answers asked in addition.
 */
#include "app_test.h"
#include "auth.h"
#include "conf.h"
#include "mfa.h"
#include "passcode.h"
#include "plogin.h"
#include "store_passcode.h"
#include "store_provider.h"

#define NOW	1767225600	/* 2026-01-01 00:00 UTC */
#define PW	"Right5Password"
#define NELEM(x)	(sizeof(x) / sizeof((x)[0]))

static struct portal	*p;
static int		 seq;

static int64_t
account(const char *status, const char *sso, int64_t changed, char *email,
    size_t len)
{
	struct provider_account	 n;
	struct arena		*a = arena_new();
	int64_t			 id;

	snprintf(email, len, "dr%d@clinic.example.org", ++seq);
	memset(&n, 0, sizeof(n));
	n.kind = "provider";
	n.email = email;
	n.given = "Dana";
	n.family = "Doctor";
	n.status = status;
	n.pw_hash = auth_hash(a, p->conf, PW);
	n.sso_user = sso;
	id = store_provider_create(p->db, &n, (time_t)changed);
	arena_free(a);
	return id;
}

static void
test_standing(void)
{
	static const struct {
		const char	*status;
		const char	*pw;
		enum app_rc	 rc;
		enum plogin_why	 why;
	} cases[] = {
		{ "approved", PW, APP_OK, PLOGIN_NONE },
		{ "approved", "Wrong5Password", APP_REFUSED, PLOGIN_WRONG },
		{ "pending", PW, APP_REFUSED, PLOGIN_STANDING },
		{ "pending", "Wrong5Password", APP_REFUSED, PLOGIN_WRONG },
		{ "rejected", PW, APP_REFUSED, PLOGIN_STANDING },
		{ "rejected", "Wrong5Password", APP_REFUSED, PLOGIN_WRONG },
		{ "suspended", PW, APP_REFUSED, PLOGIN_STANDING },
		{ "suspended", "Wrong5Password", APP_REFUSED, PLOGIN_WRONG },
		{ "revoked", PW, APP_REFUSED, PLOGIN_STANDING },
	};
	struct plogin_in	 in;
	struct plogin_out	 out;
	struct call		 c;
	char			 email[64];
	size_t			 i;
	int64_t			 id;

	for (i = 0; i < NELEM(cases); i++) {
		id = account(cases[i].status, NULL, NOW - 86400, email,
		    sizeof(email));
		c = t_call(p, ACTOR_NOBODY, 0, NOW);
		in.email = email;
		in.password = cases[i].pw;
		in.device = NULL;
		T_INT(app_provider_login(&c, &in, &out), cases[i].rc,
		    cases[i].status);
		T_INT(out.why, cases[i].why, cases[i].status);
		T_OK((out.message != NULL) == (cases[i].why == PLOGIN_STANDING),
		    "%s: a standing message only with the right password",
		    cases[i].status);
		if (cases[i].rc == APP_OK) {
			T_INT(out.id, id, "the account");
			T_INT(out.need, MFA_NONE, "no second factor");
		}
		arena_free(c.a);
	}
}

static void
test_expiry(void)
{
	static const struct {
		long		 age_days;
		long		 limit;
		enum app_rc	 rc;
	} cases[] = {
		{ 1, 365, APP_OK },
		{ 364, 365, APP_OK },
		{ 365, 365, APP_REFUSED },
		{ 900, 365, APP_REFUSED },
		{ 900, 0, APP_OK },
	};
	struct plogin_in	 in;
	struct plogin_out	 out;
	struct call		 c;
	char			 email[64];
	size_t			 i;
	long			 keep = p->conf->provider_password_days;

	for (i = 0; i < NELEM(cases); i++) {
		p->conf->provider_password_days = cases[i].limit;
		account("approved", NULL, NOW - cases[i].age_days * 86400, email,
		    sizeof(email));
		c = t_call(p, ACTOR_NOBODY, 0, NOW);
		in.email = email;
		in.password = PW;
		in.device = NULL;
		T_INT(app_provider_login(&c, &in, &out), cases[i].rc, "expiry");
		if (cases[i].rc == APP_REFUSED)
			T_INT(out.why, PLOGIN_EXPIRED, "expired");
		arena_free(c.a);
	}
	p->conf->provider_password_days = keep;
}

static void
test_setup_send(void)
{
	struct call	 c = t_call(p, ACTOR_CLI, 0, NOW);
	char		 email[64];
	int64_t		 ok, pending;

	ok = account("approved", NULL, NOW, email, sizeof(email));
	pending = account("pending", NULL, NOW, email, sizeof(email));
	T_INT(app_provider_setup_send(&c, ok), APP_OK, "setup link: approved");
	T_INT(app_provider_setup_send(&c, pending), APP_REFUSED,
	    "setup link: pending gets none");
	T_INT(app_provider_setup_send(&c, 999999), APP_REFUSED,
	    "setup link: no such account");
	arena_free(c.a);
}

static void
test_sso(void)
{
	struct plogin_out	 out;
	struct plogin_in	 in;
	struct call		 c;
	char			 email[64], other[64];
	int64_t			 id;

	id = account("approved", "kid.doc", NOW, email, sizeof(email));
	account("suspended", "kid.gone", NOW, other, sizeof(other));
	c = t_call(p, ACTOR_NOBODY, 0, NOW);
	T_INT(app_provider_sso(&c, "kid.doc", &out), APP_OK, "sso");
	T_INT(out.id, id, "sso: the account");
	/* Its password is the hospital's (P-LOGIN 4): even a hash on file
	 * (an account made before this rule) signs nobody in. */
	memset(&in, 0, sizeof(in));
	in.email = email;
	in.password = PW;
	T_INT(app_provider_login(&c, &in, &out), APP_REFUSED, "sso: no password");
	T_INT(out.why, PLOGIN_WRONG, "sso: read as a wrong password");
	T_INT(app_provider_sso(&c, "kid.nobody", &out), APP_REFUSED, "unknown");
	T_INT(out.why, PLOGIN_WRONG, "unknown: no account");
	T_INT(app_provider_sso(&c, "kid.gone", &out), APP_REFUSED, "suspended");
	T_INT(out.why, PLOGIN_STANDING, "suspended: standing");
	arena_free(c.a);
}

/* A reset with code at now (password NULL: step 1). */
static enum app_rc
reset(const char *email, const char *code, const char *pw, time_t now,
    struct preset_out *out)
{
	struct preset_in	 in;
	struct call		 c = t_call(p, ACTOR_NOBODY, 0, now);
	enum app_rc		 rc;

	memset(&in, 0, sizeof(in));
	in.email = email;
	in.code = code;
	in.password = in.password2 = pw;
	rc = app_provider_reset(&c, &in, out);
	arena_free(c.a);
	return rc;
}

static void
code_for(int64_t id, const char *code)
{
	struct arena	*a = arena_new();

	T_OK(store_pass_code_create(p->db, id, "reset", auth_hash(a, p->conf,
	    code), NOW, p->conf->pass_code_lifetime) > 0, "code stored");
	arena_free(a);
}

static void
test_pass_codes(void)
{
	struct preset_out	 out;
	struct pass_code_row	 row;
	struct arena		*a = arena_new();
	char			 email[64], other[64];
	int64_t			 id, id2;
	long			 i;

	id = account("approved", NULL, NOW, email, sizeof(email));
	id2 = account("approved", NULL, NOW, other, sizeof(other));
	T_INT(reset(email, "12345678", NULL, NOW, &out), APP_REFUSED,
	    "no code sent");
	T_INT(out.state, SECRET_BAD, "no code: not valid");
	code_for(id, "12345678");
	code_for(id2, "87654321");
	T_INT(reset(email, "11111111", NULL, NOW, &out), APP_REFUSED, "wrong");
	T_INT(out.state, SECRET_BAD, "wrong: not valid");
	T_INT(store_pass_code_latest(p->db, a, id, "reset", &row), 1, "row");
	T_INT(row.tries, 1, "a wrong try counted");
	T_INT(reset(email, "87654321", NULL, NOW, &out), APP_REFUSED,
	    "another account's code");
	T_INT(reset(email, "12345678", NULL, NOW, &out), APP_OK, "step 1");
	T_INT(out.done, 0, "step 1 changes nothing");
	T_INT(reset(email, "12345678", "short", NOW, &out), APP_INVALID,
	    "password rule");
	T_INT(reset(email, "12345678", "Brand5NewPassword",
	    NOW + p->conf->pass_code_lifetime, &out), APP_REFUSED, "expired");
	T_INT(out.state, SECRET_EXPIRED, "expired");
	T_INT(reset(email, "12345678", "Brand5NewPassword", NOW + 60, &out),
	    APP_OK, "reset");
	T_INT(out.done, 1, "done");
	T_INT(reset(email, "12345678", "Brand5NewPassword", NOW + 61, &out),
	    APP_REFUSED, "used");
	T_INT(out.state, SECRET_USED, "used");
	/* Void after pass_code_tries wrong tries, the right code too. */
	code_for(id2, "87654321");
	for (i = 0; i < p->conf->pass_code_tries; i++)
		reset(other, "11111111", NULL, NOW, &out);
	T_INT(reset(other, "87654321", NULL, NOW, &out), APP_REFUSED, "void");
	T_INT(out.state, SECRET_VOIDED, "voided");
	/* A newer code voids the older. */
	code_for(id2, "22222222");
	code_for(id2, "33333333");
	T_INT(reset(other, "22222222", NULL, NOW, &out), APP_REFUSED, "older");
	T_INT(reset(other, "33333333", NULL, NOW, &out), APP_OK, "newest");
	arena_free(a);
}

static void
test_answers(void)
{
	struct security_answer	 sa[3];
	struct preset_in	 in;
	struct preset_out	 out;
	struct arena		*a = arena_new();
	struct call		 c;
	char			 email[64];
	int64_t			 id;

	T_STR(app_answer_fold(a, "  Lincoln \t ELEMENTARY "), "lincoln elementary",
	    "fold");
	id = account("approved", NULL, NOW, email, sizeof(email));
	sa[0] = (struct security_answer){ 1, "Q1?", auth_hash(a, p->conf, "rex") };
	sa[1] = (struct security_answer){ 2, "Q2?", auth_hash(a, p->conf, "boston") };
	sa[2] = (struct security_answer){ 3, "Q3?", auth_hash(a, p->conf, "volvo") };
	T_INT(store_answers_set(p->db, id, sa, 3), 0, "answers");
	code_for(id, "44444444");
	memset(&in, 0, sizeof(in));
	in.email = email;
	in.code = "44444444";
	c = t_call(p, ACTOR_NOBODY, 0, NOW);
	T_INT(app_provider_reset(&c, &in, &out), APP_OK, "step 1");
	T_INT(out.nquestions, 3, "three asked");
	T_STR(out.question[1], "Q2?", "in order");
	in.password = in.password2 = "Brand5NewPassword";
	in.answer[0] = "Rex";
	in.answer[1] = "Chicago";
	in.answer[2] = "Volvo";
	T_INT(app_provider_reset(&c, &in, &out), APP_REFUSED, "a wrong answer");
	T_INT(out.state, SECRET_MISMATCH, "mismatch");
	in.answer[1] = NULL;
	T_INT(app_provider_reset(&c, &in, &out), APP_REFUSED, "a missing answer");
	in.answer[1] = " BOSTON ";
	T_INT(app_provider_reset(&c, &in, &out), APP_OK, "right answers");
	T_INT(out.done, 1, "done");
	arena_free(c.a);
	arena_free(a);
}

static void
test_questions(void)
{
	static const struct {
		struct questions_in	 in;
		enum app_rc		 rc;
		const char		*field;
	} cases[] = {
		{ { { 1, 2, 3 }, { "rex", "boston", "volvo" } }, APP_OK, NULL },
		{ { { 0, 2, 3 }, { "rex", "boston", "volvo" } }, APP_INVALID, "q1" },
		{ { { 1, 2, 99 }, { "rex", "boston", "volvo" } }, APP_INVALID, "q3" },
		{ { { 1, 2, 1 }, { "rex", "boston", "volvo" } }, APP_INVALID, "q3" },
		{ { { 1, 2, 3 }, { "rex", NULL, "volvo" } }, APP_INVALID, "a2" },
		{ { { 1, 2, 3 }, { "rex", "boston", "  x  " } }, APP_INVALID, "a3" },
	};
	struct security_answer	*sa;
	struct app_invalid	 bad;
	struct call		 c = t_call(p, ACTOR_NOBODY, 0, NOW);
	size_t			 i;

	for (i = 0; i < NELEM(cases); i++) {
		memset(&bad, 0, sizeof(bad));
		T_INT(app_questions_make(&c, &cases[i].in, &sa, &bad), cases[i].rc,
		    "questions");
		T_STR(bad.field, cases[i].field, "questions: the field");
	}
	arena_free(c.a);
}

int
main(void)
{
	p = t_portal();
	test_standing();
	test_expiry();
	test_sso();
	test_setup_send();
	test_pass_codes();
	test_answers();
	test_questions();
	portal_close(p);
	t_portal_remove();
	return t_done("app_plogin");
}
