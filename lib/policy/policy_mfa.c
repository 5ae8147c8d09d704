/*
 * The second-factor rules (policy_mfa.h): one row per kind of account
 * and setting. What is not in the table is refused.
 */
#include <stddef.h>

#include "policy_mfa.h"

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
