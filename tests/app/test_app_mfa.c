/*
 * Second factors as operations (lib/app/mfa.h): enrolment (the same
 * secret shown again until confirmed, a wrong first code refused),
 * sign-in codes taken once within their window, the neighbouring step
 * accepted, recovery codes each used once (the owner e-mailed, the code
 * not in the e-mail), wrong codes throttled per account, turning off
 * only with a code and never while the hospital requires it for
 * providers, new recovery codes, and the audit rows; no code in any.
 */
#include <ctype.h>

#include "app_test.h"
#include "audit.h"
#include "conf.h"
#include "crypto.h"
#include "mfa.h"
#include "store_accounts.h"
#include "store_audit.h"
#include "store_mfa.h"
#include "store_outbox.h"
#include "store_provider.h"
#include "totp.h"

#define NOW	1767225600	/* 2026-01-01 00:00 UTC: a step boundary */

static struct portal	*P;

struct found {
	const char	*action;
	const char	*detail;
	int		 n;
};

static int
match(const struct audit_row *r, void *arg)
{
	struct found	*f = arg;

	if (strcmp(r->action, f->action) == 0) {
		f->n++;
		f->detail = r->detail;
	}
	return 0;
}

static struct found
audit_count(struct arena *a, const char *action)
{
	struct found	 f;

	memset(&f, 0, sizeof(f));
	f.action = action;
	store_audit_each(P->db, a, match, &f);
	return f;
}

/* The code of the secret's base32 text at t. */
static const char *
code_at(struct arena *a, const char *b32, time_t t)
{
	unsigned char	 key[64];
	char		*out = arena_alloc(a, TOTP_DIGITS + 1);
	long		 n = totp_unb32(b32, key, sizeof(key));

	totp_code(key, (size_t)n, totp_step(t), out);
	return out;
}

/* Mails to addr in the outbox (sent from now on); *body the last one's. */
static int
mails_to(struct arena *a, const char *to, const char **body)
{
	struct outmail	 m;
	int		 n = 0;

	while (store_outbox_claim(P->db, a, NOW, &m) == 1) {
		store_outbox_sent(P->db, m.id, NOW);
		if (strcmp(m.to, to) == 0) {
			n++;
			if (body != NULL)
				*body = m.body;
		}
	}
	return n;
}

/* A code from the app that is not right at t. */
static const char *
wrong_at(struct arena *a, const char *b32, time_t t)
{
	const char	*right = code_at(a, b32, t);

	return strcmp(right, "000000") == 0 ? "000001" : "000000";
}

static void
test_family(int64_t acct)
{
	struct call		 c = t_call(P, ACTOR_FAMILY, acct, NOW);
	struct mfa_setup_out	 s, s2;
	struct mfa_status_out	 st;
	struct mfa_out		 o;
	const char		*secret, *code, *body = NULL, *rc0, *rc1;
	struct found		 f;
	struct mfa_row		 row;
	char			 plain[16];
	size_t			 i;

	T_INT(app_mfa_need(&c, MFA_FAMILY, acct), MFA_NONE, "none at first");
	T_INT(app_mfa_status(&c, MFA_FAMILY, acct, &st), APP_OK, "status");
	T_OK(!st.enabled && st.may_turn_off && !st.required, "off, optional");

	T_INT(app_mfa_enrol_start(&c, MFA_FAMILY, acct, &s), APP_OK, "enrol");
	secret = strdup(s.secret);
	T_INT(strlen(secret), 32, "160-bit secret in base32");
	/* The issuer is portal_name, percent-encoded ("MyChildren's"). */
	T_OK(strcmp(s.uri, arena_printf(c.a, "otpauth://totp/MyChildren%%27s:"
	    "fam%%40example.org?secret=%s&issuer=MyChildren%%27s&algorithm=SHA1"
	    "&digits=6&period=30", secret)) == 0, "otpauth URI: %s", s.uri);
	T_INT(strlen(s.grouped), 32 + 7, "grouped by 4");
	T_OK(s.grouped[4] == ' ' && strncmp(s.grouped, secret, 4) == 0,
	    "groups of 4");
	T_INT(store_mfa_get(P->db, c.a, "family", acct, &row), 1, "stored");
	T_INT(row.secret_len, TOTP_SECRET_LEN + CRYPTO_SEAL_OVERHEAD, "sealed");
	T_INT(app_mfa_need(&c, MFA_FAMILY, acct), MFA_NONE,
	    "not needed until confirmed");
	T_INT(app_mfa_enrol_start(&c, MFA_FAMILY, acct, &s2), APP_OK, "again");
	T_STR(s2.secret, secret, "the same secret until confirmed");
	T_INT(audit_count(c.a, "mfa.enrol_started").n, 1, "one enrol_started");

	T_INT(app_mfa_enrol_confirm(&c, MFA_FAMILY, acct, wrong_at(c.a, secret,
	    NOW), &o), APP_REFUSED, "wrong first code");
	T_INT(o.why, MFA_WHY_WRONG, "wrong: why");
	T_INT(o.ncodes, 0, "no codes");
	T_INT(app_mfa_enrol_confirm(&c, MFA_FAMILY, acct, code_at(c.a, secret,
	    NOW), &o), APP_OK, "right first code");
	T_INT(o.ncodes, MFA_RECOVERY_CODES, "ten recovery codes");
	T_OK(o.codes[0] != NULL && strlen(o.codes[0]) == 11 &&
	    o.codes[0][5] == '-', "xxxxx-xxxxx");
	rc0 = strdup(o.codes[0]);
	rc1 = strdup(o.codes[1]);
	T_OK(strcmp(rc0, rc1) != 0, "codes differ");
	T_INT(audit_count(c.a, "mfa.enabled").n, 1, "mfa.enabled row");
	T_INT(app_mfa_need(&c, MFA_FAMILY, acct), MFA_CODE, "now needed");
	T_INT(app_mfa_enrol_start(&c, MFA_FAMILY, acct, &s2), APP_REFUSED,
	    "no second enrolment while on");
	arena_free(c.a);

	/* Sign-in: the code of the enrolment's step is taken already. */
	c = t_call(P, ACTOR_NOBODY, 0, NOW + 10);
	code = code_at(c.a, secret, NOW);
	T_INT(app_mfa_verify(&c, MFA_FAMILY, acct, code, &o), APP_REFUSED,
	    "the confirming code again");
	T_INT(app_mfa_verify(&c, MFA_FAMILY, acct, code_at(c.a, secret,
	    NOW + 30), &o), APP_OK, "the next step's code (clock ahead)");
	T_INT(app_mfa_verify(&c, MFA_FAMILY, acct, code_at(c.a, secret,
	    NOW + 30), &o), APP_REFUSED, "the same code again in its window");
	T_INT(o.why, MFA_WHY_WRONG, "reused: why");
	arena_free(c.a);
	c = t_call(P, ACTOR_NOBODY, 0, NOW + 95);
	T_INT(app_mfa_verify(&c, MFA_FAMILY, acct, code_at(c.a, secret,
	    NOW + 60), &o), APP_OK, "a step behind (clock slow), newer");
	T_INT(app_mfa_verify(&c, MFA_FAMILY, acct, code_at(c.a, secret,
	    NOW + 200), &o), APP_REFUSED, "a step too far ahead");
	T_INT(audit_count(c.a, "mfa.ok").n, 2, "mfa.ok rows");
	arena_free(c.a);

	/* A recovery code, as typed: capitals, spaces. */
	c = t_call(P, ACTOR_NOBODY, 0, NOW + 300);
	mails_to(c.a, "fam@example.org", NULL);
	for (i = 0; rc0[i] != '\0'; i++)
		plain[i] = rc0[i] == '-' ? ' ' : (char)toupper((unsigned char)rc0[i]);
	plain[i] = '\0';
	T_INT(app_mfa_verify(&c, MFA_FAMILY, acct, plain, &o), APP_OK,
	    "recovery code, upper case with a space");
	T_OK(o.recovery, "recovery flagged");
	T_INT(app_mfa_verify(&c, MFA_FAMILY, acct, rc0, &o), APP_REFUSED,
	    "the same recovery code again");
	T_INT(audit_count(c.a, "mfa.recovery_used").n, 1, "recovery_used row");
	T_INT(mails_to(c.a, "fam@example.org", &body), 1, "owner e-mailed");
	T_OK(body != NULL && strstr(body, "recovery code") != NULL &&
	    strstr(body, rc0) == NULL && strstr(body, plain) == NULL,
	    "the e-mail does not carry the code");
	T_INT(app_mfa_status(&c, MFA_FAMILY, acct, &st), APP_OK, "status");
	T_INT(st.recovery_left, 9, "nine left");
	arena_free(c.a);

	/* New recovery codes need a code; the old ones then stop working.
	 * (After the 15 minutes in which the wrong codes above count.) */
	c = t_call(P, ACTOR_FAMILY, acct, NOW + 1000);
	T_INT(app_mfa_recovery_new(&c, MFA_FAMILY, acct, "123", &o),
	    APP_REFUSED, "new codes without a right code");
	T_INT(app_mfa_recovery_new(&c, MFA_FAMILY, acct, code_at(c.a, secret,
	    NOW + 1000), &o), APP_OK, "new codes");
	T_INT(o.ncodes, 10, "ten new");
	T_INT(audit_count(c.a, "mfa.recovery_regenerated").n, 1, "row");
	arena_free(c.a);
	c = t_call(P, ACTOR_NOBODY, 0, NOW + 1100);
	T_INT(app_mfa_verify(&c, MFA_FAMILY, acct, rc1, &o), APP_REFUSED,
	    "an old recovery code after new ones");
	arena_free(c.a);

	/* Turning off needs a code. */
	c = t_call(P, ACTOR_FAMILY, acct, NOW + 1200);
	T_INT(app_mfa_disable(&c, MFA_FAMILY, acct, NULL, &o), APP_REFUSED,
	    "off without a code");
	T_INT(app_mfa_disable(&c, MFA_FAMILY, acct, wrong_at(c.a, secret,
	    NOW + 1200), &o), APP_REFUSED, "off with a wrong code");
	T_INT(app_mfa_need(&c, MFA_FAMILY, acct), MFA_CODE, "still on");
	T_INT(app_mfa_disable(&c, MFA_FAMILY, acct, code_at(c.a, secret,
	    NOW + 1200), &o), APP_OK, "off with a right code");
	T_INT(app_mfa_need(&c, MFA_FAMILY, acct), MFA_NONE, "off");
	T_INT(audit_count(c.a, "mfa.disabled").n, 1, "mfa.disabled row");
	T_INT(app_mfa_status(&c, MFA_FAMILY, acct, &st), APP_OK, "status");
	T_INT(st.recovery_left, 0, "recovery codes gone");
	T_INT(mails_to(c.a, "fam@example.org", NULL), 1, "owner e-mailed");
	T_INT(app_mfa_enrol_start(&c, MFA_FAMILY, acct, &s2), APP_OK,
	    "a new enrolment");
	T_OK(strcmp(s2.secret, secret) != 0, "with a new secret");
	f = audit_count(c.a, "mfa.failed");
	T_OK(f.n >= 5, "mfa.failed rows (%d)", f.n);
	T_STR(f.detail, arena_printf(c.a, "family:%lld", (long long)acct),
	    "rows name the account");
	arena_free(c.a);
	free((char *)secret);
	free((char *)rc0);
	free((char *)rc1);
}

static void
test_throttle(int64_t acct)
{
	struct call		 c = t_call(P, ACTOR_FAMILY, acct, NOW + 3600);
	struct mfa_setup_out	 s;
	struct mfa_out		 o;
	char			 secret[TOTP_B32_LEN];
	const char		*bad;
	int			 i;

	T_INT(app_mfa_enrol_start(&c, MFA_FAMILY, acct, &s), APP_OK, "enrol");
	snprintf(secret, sizeof(secret), "%s", s.secret);
	T_INT(app_mfa_enrol_confirm(&c, MFA_FAMILY, acct, code_at(c.a, secret,
	    NOW + 3600), &o), APP_OK, "confirm");
	arena_free(c.a);
	c = t_call(P, ACTOR_NOBODY, 0, NOW + 3700);
	bad = wrong_at(c.a, secret, NOW + 3700);
	for (i = 0; i < 5; i++)
		T_INT(app_mfa_verify(&c, MFA_FAMILY, acct, bad, &o), APP_REFUSED,
		    "wrong code");
	T_INT(o.why, MFA_WHY_WRONG, "the 5th is still wrong, not throttled");
	T_INT(app_mfa_verify(&c, MFA_FAMILY, acct, code_at(c.a, secret,
	    NOW + 3700), &o), APP_REFUSED, "then even a right code waits");
	T_INT(o.why, MFA_WHY_THROTTLED, "throttled");
	T_OK(o.wait > 0 && o.wait <= 900, "a wait within 15 minutes (%ld)",
	    o.wait);
	T_INT(audit_count(c.a, "mfa.throttled").n, 1, "mfa.throttled row");
	arena_free(c.a);
	c = t_call(P, ACTOR_NOBODY, 0, NOW + 3700 + 900);
	T_INT(app_mfa_verify(&c, MFA_FAMILY, acct, code_at(c.a, secret,
	    NOW + 3700 + 900), &o), APP_OK, "after the window");
	arena_free(c.a);
}

static void
test_provider(void)
{
	struct provider_account	 n;
	struct call		 c;
	struct mfa_setup_out	 s;
	struct mfa_out		 o;
	struct mfa_status_out	 st;
	char			 secret[TOTP_B32_LEN];
	int64_t			 id;

	memset(&n, 0, sizeof(n));
	n.kind = "provider";
	n.email = "doc@example.org";
	n.given = "Dana";
	n.family = "Doc";
	n.status = "approved";
	id = store_provider_create(P->db, &n, NOW);
	T_OK(id > 0, "provider made");
	c = t_call(P, ACTOR_NOBODY, 0, NOW);
	T_INT(app_mfa_need(&c, MFA_PROVIDER, id), MFA_NONE, "optional by default");
	P->conf->provider_mfa_required = 1;
	T_INT(app_mfa_need(&c, MFA_PROVIDER, id), MFA_ENROL, "required: enrol");
	T_INT(app_mfa_enrol_start(&c, MFA_PROVIDER, id, &s), APP_OK, "enrol");
	snprintf(secret, sizeof(secret), "%s", s.secret);
	T_INT(app_mfa_need(&c, MFA_PROVIDER, id), MFA_ENROL, "until confirmed");
	T_INT(app_mfa_enrol_confirm(&c, MFA_PROVIDER, id, code_at(c.a, secret,
	    NOW), &o), APP_OK, "confirmed");
	T_INT(app_mfa_need(&c, MFA_PROVIDER, id), MFA_CODE, "then a code");
	/* A family account with the same id is another account. */
	T_INT(app_mfa_verify(&c, MFA_FAMILY, id, code_at(c.a, secret, NOW + 30),
	    &o), APP_REFUSED, "not the family account's factor");
	arena_free(c.a);
	c = t_call(P, ACTOR_PROVIDER, id, NOW + 60);
	T_INT(app_mfa_status(&c, MFA_PROVIDER, id, &st), APP_OK, "status");
	T_OK(st.enabled && st.required && !st.may_turn_off, "required: stays on");
	T_INT(app_mfa_disable(&c, MFA_PROVIDER, id, code_at(c.a, secret,
	    NOW + 60), &o), APP_REFUSED, "no turning off while required");
	T_INT(o.why, MFA_WHY_NOT_ALLOWED, "why");
	P->conf->provider_mfa_required = 0;
	T_INT(app_mfa_disable(&c, MFA_PROVIDER, id, code_at(c.a, secret,
	    NOW + 60), &o), APP_OK, "optional again: may turn off");
	arena_free(c.a);
}

int
main(void)
{
	struct call	 c;
	struct found	 f;
	int64_t		 acct, acct2;

	P = t_portal();
	acct = store_account_create(P->db, "fam@example.org", "x", "Fay",
	    "Family", NOW);
	acct2 = store_account_create(P->db, "two@example.org", "x", "Tom",
	    "Two", NOW);
	T_OK(acct > 0 && acct2 > 0, "accounts made");
	test_family(acct);
	test_throttle(acct2);
	test_provider();
	c = t_call(P, ACTOR_NOBODY, 0, NOW);
	f = audit_count(c.a, "mfa.ok");
	T_OK(f.n > 0 && f.detail != NULL && strspn(f.detail,
	    "0123456789") < 6, "no code in a row's detail");
	arena_free(c.a);
	portal_close(P);
	t_portal_remove();
	return t_done("app_mfa");
}
