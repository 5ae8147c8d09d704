/*
 * Whether a token or link may be used (F-SIGNUP 2, 3; issue 7.3): a table
 * of rules applied in order. A wrong date of birth is told before "used"
 * or "expired", so a token's state is shown only to someone who knows the
 * patient's date of birth; a voided token is told first, whatever the date.
 */
#include <stdio.h>

#include "policy_record.h"
#include "policy_secret.h"

struct secret_rule {
	int		(*applies)(const struct secret_facts *, time_t);
	enum secret_state out;
	const char	*when;		/* for policy_print_secrets */
};

static int
r_bad(const struct secret_facts *f, time_t now)
{
	(void)now;
	return !f->found;
}

static int
r_voided(const struct secret_facts *f, time_t now)
{
	(void)now;
	return f->voided;
}

static int
r_mismatch(const struct secret_facts *f, time_t now)
{
	(void)now;
	return !f->proof_ok;
}

static int
r_used(const struct secret_facts *f, time_t now)
{
	(void)now;
	return f->used != 0;
}

static int
r_expired(const struct secret_facts *f, time_t now)
{
	return f->expires <= (int64_t)now;
}

static const struct secret_rule rules[] = {
	{ r_bad, SECRET_BAD, "no such token or link, or the rest of it is "
	    "wrong: not valid" },
	{ r_voided, SECRET_VOIDED, "a token voided after too many wrong dates "
	    "of birth: refused for good" },
	{ r_mismatch, SECRET_MISMATCH, "a token with a wrong date of birth: "
	    "refused, counted against the token" },
	{ r_used, SECRET_USED, "used before: refused (single use)" },
	{ r_expired, SECRET_EXPIRED, "past its expiry: refused" },
};

#define NELEM(x)	(sizeof(x) / sizeof((x)[0]))

enum secret_state
policy_secret(const struct secret_facts *f, time_t now)
{
	size_t	 i;

	for (i = 0; i < NELEM(rules); i++)
		if (rules[i].applies(f, now))
			return rules[i].out;
	return SECRET_OK;
}

void
policy_print_secrets(FILE *out)
{
	size_t	 i;

	fprintf(out, "TOKENS AND E-MAILED LINKS: SINGLE USE AND EXPIRY\n"
	    "  The first rule that applies decides:\n");
	for (i = 0; i < NELEM(rules); i++)
		fprintf(out, "    %zu. %s\n", i + 1, rules[i].when);
	fprintf(out, "    otherwise: accepted, and used up in the same "
	    "transaction as what it\n       proves\n\n");
}

/* Pass codes (policy_secret.h): their own facts, the same verdicts. */
struct pass_code_rule {
	int		(*applies)(const struct pass_code_facts *, time_t);
	enum secret_state out;
	const char	*when;
};

static int
p_unsent(const struct pass_code_facts *f, time_t now)
{
	(void)now;
	return !f->sent;
}

static int
p_voided(const struct pass_code_facts *f, time_t now)
{
	(void)now;
	return f->tries >= f->max_tries;
}

static int
p_wrong(const struct pass_code_facts *f, time_t now)
{
	(void)now;
	return !f->matches;
}

static int
p_used(const struct pass_code_facts *f, time_t now)
{
	(void)now;
	return f->used != 0;
}

static int
p_expired(const struct pass_code_facts *f, time_t now)
{
	return f->expires <= (int64_t)now;
}

static int
p_answers(const struct pass_code_facts *f, time_t now)
{
	(void)now;
	return !f->answers_ok;
}

static const struct pass_code_rule pass_rules[] = {
	{ p_unsent, SECRET_BAD, "no pass code was sent to the account: not "
	    "valid" },
	/* A wrong code reads the same before and after the code is void:
	 * "void" told to anyone would tell them that the address typed has
	 * an account (an address without one never has a code to void). */
	{ p_wrong, SECRET_BAD, "not the code sent last (earlier ones are "
	    "void): not valid, a wrong try" },
	{ p_voided, SECRET_VOIDED, "as many wrong tries as pass_code_tries: "
	    "void, the right code too (told only to who types it)" },
	{ p_used, SECRET_USED, "used before: refused (single use)" },
	{ p_expired, SECRET_EXPIRED, "older than pass_code_lifetime: refused" },
	{ p_answers, SECRET_MISMATCH, "a security question answered wrong: "
	    "refused, a wrong try" },
};

enum secret_state
policy_pass_code(const struct pass_code_facts *f, time_t now)
{
	size_t	 i;

	for (i = 0; i < NELEM(pass_rules); i++)
		if (pass_rules[i].applies(f, now))
			return pass_rules[i].out;
	return SECRET_OK;
}

int
policy_pass_code_wrong_try(const struct pass_code_facts *f,
    enum secret_state s)
{
	return (s == SECRET_BAD && f->sent) || s == SECRET_MISMATCH;
}

void
policy_print_pass_codes(FILE *out)
{
	char	 lead[16];
	size_t	 i;

	fprintf(out, "PROVIDER PORTAL: E-MAILED PASS CODES (P-LOGIN 3)\n"
	    "  Only the code sent last counts. The first rule that applies "
	    "decides:\n");
	for (i = 0; i < NELEM(pass_rules); i++) {
		snprintf(lead, sizeof(lead), "%zu. ", i + 1);
		policy_print_para(out, 4, lead, pass_rules[i].when, "");
	}
	fprintf(out, "    otherwise: accepted, and used up with the change it "
	    "proves\n  A password older than provider_password_days signs "
	    "nobody in until it is\n  reset with a pass code.\n\n");
}

int
policy_password_expired(int64_t changed, long days, time_t now)
{
	if (days <= 0)
		return 0;
	if (changed <= 0)
		return 1;
	return (int64_t)now - changed >= (int64_t)days * 86400;
}
