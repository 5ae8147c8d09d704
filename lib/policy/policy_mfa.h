/*
 * Second factors (issue 11.6): who must have one, and who may turn theirs
 * off, as one table. A family account's factor is its owner's choice; a
 * provider-portal account's is the hospital's once provider_mfa_required
 * is on. Rows in tests/unit/test_policy_mfa.c.
 */
#ifndef PORTAL_POLICY_MFA_H
#define PORTAL_POLICY_MFA_H

#include <stdio.h>

enum mfa_rule {
	MFA_MAY_TURN_OFF,	/* may turn the factor off */
	MFA_MUST_ENROL,		/* without one, must set one up to sign in */
	MFA_RULE__MAX
};

/* 1 if the rule holds for an account of the family portal (provider 0)
 * or of the provider portal (provider 1), with the hospital's
 * provider_mfa_required setting (required), else 0. */
int	policy_mfa(enum mfa_rule r, int provider, int required);
/* Prints the table (portalctl policy). */
void	policy_mfa_print(FILE *out);

#endif
