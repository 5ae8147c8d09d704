/*
 * The second-factor rules (policy_mfa.h): one row per kind of account
 * and setting. What is not in the table is refused.
 */
#include <stddef.h>
#include <stdio.h>

#include "policy_mfa.h"
#include "policy_record.h"

static const struct {
	int	 provider, required;
	int	 may_off, must_enrol;
} rows[] = {
	{ 0, 0, 1, 0 },		/* a family chose it: may undo it */
	{ 0, 1, 1, 0 },		/* the provider setting does not bind families */
	{ 1, 0, 1, 0 },		/* a provider chose it */
	{ 1, 1, 0, 1 },		/* the hospital requires it */
};

int
policy_mfa(enum mfa_rule r, int provider, int required)
{
	size_t	 i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		if (rows[i].provider != (provider != 0) ||
		    rows[i].required != (required != 0))
			continue;
		switch (r) {
		case MFA_MAY_TURN_OFF:
			return rows[i].may_off;
		case MFA_MUST_ENROL:
			return rows[i].must_enrol;
		default:
			return 0;
		}
	}
	return 0;
}

void
policy_mfa_print(FILE *out)
{
	char	 text[256];
	size_t	 i;

	fprintf(out, "TWO-STEP SIGN-IN (issue 11.6)\n");
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		snprintf(text, sizeof(text), "%s account, provider_mfa_required "
		    "%s: %s, %s", rows[i].provider ? "provider-portal" :
		    "family", rows[i].required ? "on" : "off",
		    rows[i].must_enrol ? "must set one up to sign in" :
		    "optional", rows[i].may_off ? "may turn it off (with a code)" :
		    "may not turn it off");
		policy_print_para(out, 2, "- ", text, "");
	}
}
