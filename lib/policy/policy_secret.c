/*
 * Whether a token or link may be used (F-SIGNUP 2, 3; issue 7.3): a table
 * of rules applied in order. A wrong date of birth is told before "used"
 * or "expired", so a token's state is shown only to someone who knows the
 * patient's date of birth; a voided token is told first, whatever the date.
 */
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
