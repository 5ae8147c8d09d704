/*
 * Who may share a record with a provider and what that share carries
 * (F-SHARE 1, issue 12.2): two small tables, first row that matches.
 * Deny by default: a role or level the tables do not name shares
 * nothing and sees no grant.
 */
#include <stddef.h>
#include <stdio.h>

#include "policy_share.h"

#define NELEM(x)	(sizeof(x) / sizeof((x)[0]))
#define ANY_ROLE	HOLD_ROLE__MAX

static const struct {
	enum hold_role		 role;	/* ANY_ROLE: every role */
	enum access_level	 level;
	enum share_scope	 scope;
	const char		*text;
} shares[] = {
	{ HOLD_ROLE_SELF, ACCESS_FULL, SCOPE_PATIENT,
	    "the patient themself (an adult, or 13-17 for their own record): "
	    "the provider sees the release, confidential care included" },
	{ HOLD_ROLE_PARENT, ACCESS_FULL, SCOPE_CLINICAL,
	    "a parent of a child under 13 (or of an adult, with guardianship "
	    "papers): the release without confidential care" },
	{ HOLD_ROLE_LEGAL_GUARDIAN, ACCESS_FULL, SCOPE_CLINICAL,
	    "a legal guardian, likewise" },
	{ HOLD_ROLE_DCF_CASEWORKER, ACCESS_FULL, SCOPE_CLINICAL,
	    "the DCF caseworker of a child in custody, likewise" },
	{ HOLD_ROLE_PARENT, ACCESS_PROXY_TEEN, SCOPE_CLINICAL,
	    "a parent of a 13-17-year-old: only what the parent may see, so "
	    "never the teen's confidential care" },
	{ HOLD_ROLE_LEGAL_GUARDIAN, ACCESS_PROXY_TEEN, SCOPE_CLINICAL,
	    "a legal guardian of a 13-17-year-old, likewise" },
	{ HOLD_ROLE_DCF_CASEWORKER, ACCESS_PROXY_TEEN, SCOPE_CLINICAL,
	    "the DCF caseworker of a 13-17-year-old, likewise" },
	{ ANY_ROLE, ACCESS_NONE, SCOPE_NONE,
	    "anyone without access to the patient today: nothing" },
};

static const struct {
	enum access_level	 level;
	enum share_scope	 grant;
	int			 sees;
	const char		*text;
} sees[] = {
	{ ACCESS_FULL, SCOPE_PATIENT, 1,
	    "full access: every grant, its views, and may revoke it" },
	{ ACCESS_FULL, SCOPE_CLINICAL, 1, NULL },
	{ ACCESS_PROXY_TEEN, SCOPE_CLINICAL, 1,
	    "a parent of a 13-17-year-old: the grants of the clinical scope "
	    "(PCP, the parents' own shares), their views, may revoke them" },
	{ ACCESS_PROXY_TEEN, SCOPE_PATIENT, 0,
	    "a parent of a 13-17-year-old: not the teen's own shares, nor the "
	    "views made through them" },
};

enum share_scope
policy_share_scope(enum hold_role role, enum access_level level)
{
	size_t	 i;

	for (i = 0; i < NELEM(shares); i++)
		if ((shares[i].role == ANY_ROLE || shares[i].role == role) &&
		    shares[i].level == level)
			return shares[i].scope;
	return SCOPE_NONE;
}

int
policy_share_sees(enum access_level level, enum share_scope grant)
{
	size_t	 i;

	for (i = 0; i < NELEM(sees); i++)
		if (sees[i].level == level && sees[i].grant == grant)
			return sees[i].sees;
	return 0;
}

int
policy_grant_counts(enum share_scope giver, enum share_scope grant)
{
	if (grant != SCOPE_CLINICAL && grant != SCOPE_PATIENT)
		return 0;
	return (giver == SCOPE_CLINICAL || giver == SCOPE_PATIENT) &&
	    giver >= grant;
}

void
policy_print_sharing(FILE *out)
{
	size_t	 i;

	fprintf(out, "SHARING WITH PROVIDERS (F-SHARE 1-3, P-ACCESS 4)\n");
	policy_print_para(out, 2, "", "Who may share (invite a provider, issue "
	    "an invitation token, approve a provider's request), and what the "
	    "provider then sees:", "");
	for (i = 0; i < NELEM(shares); i++)
		policy_print_para(out, 2, "- ", shares[i].text, ".");
	policy_print_para(out, 2, "", "Who sees a grant, the views made through "
	    "it, and may revoke it:", "");
	for (i = 0; i < NELEM(sees); i++)
		if (sees[i].text != NULL)
			policy_print_para(out, 2, "- ", sees[i].text, ".");
	policy_print_para(out, 2, "", "A grant (a share, a validated token, an "
	    "approved request) is its giver's consent: it counts only while the "
	    "giver may still share that scope (not after a parent's access ends "
	    "at the 18th birthday, with DCF custody, or when they are no longer "
	    "on file), and until it is revoked. Either ends the provider's "
	    "access at their next request; whoever may share now can give it "
	    "again.", "");
	fputc('\n', out);
}
