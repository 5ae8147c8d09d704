/*
 * lib/policy/policy_mfa: every kind of account and setting against
 * every rule, and a rule the table does not know.
 */
#include "policy_mfa.h"
#include "t.h"

#define NELEM(x)	(sizeof(x) / sizeof((x)[0]))

static const struct {
	int		 provider, required;
	enum mfa_rule	 r;
	int		 want;
	const char	*what;
} cases[] = {
	{ 0, 0, MFA_MAY_TURN_OFF, 1, "family may turn it off" },
	{ 0, 1, MFA_MAY_TURN_OFF, 1, "family, provider setting on: still may" },
	{ 1, 0, MFA_MAY_TURN_OFF, 1, "provider, not required: may" },
	{ 1, 1, MFA_MAY_TURN_OFF, 0, "provider, required: may not" },
	{ 0, 0, MFA_MUST_ENROL, 0, "family never must" },
	{ 0, 1, MFA_MUST_ENROL, 0, "family never must, setting on" },
	{ 1, 0, MFA_MUST_ENROL, 0, "provider, not required" },
	{ 1, 1, MFA_MUST_ENROL, 1, "provider, required: must enrol" },
	{ 2, 5, MFA_MUST_ENROL, 1, "any true value counts as 1" },
	{ 1, 1, MFA_RULE__MAX, 0, "an unknown rule grants nothing" },
};

int
main(void)
{
	size_t	 i;

	for (i = 0; i < NELEM(cases); i++)
		T_INT(policy_mfa(cases[i].r, cases[i].provider,
		    cases[i].required), cases[i].want, cases[i].what);
	return t_done("test_policy_mfa");
}
