/*
 * A provider-portal account's standing (P-REG 2, P-SPONSOR 1): whether
 * it may sign in and use the portal now. Asked at sign-in and again on
 * every request, so that a suspension or revocation (of the user, or of
 * a sponsor's privileges) ends access at the next request. Which
 * patients it sees is policy_provider (policy_record.h).
 */
#ifndef PORTAL_POLICY_PROVIDER_H
#define PORTAL_POLICY_PROVIDER_H

#include <stdio.h>

struct provider_standing_in {
	const char	*status;	/* pending approved rejected suspended revoked */
	int		 sponsored;	/* a sponsored user */
	const char	*sponsor_status; /* sponsored: the sponsor's status */
	int		 sponsor_granted; /* sponsored: the sponsor's sponsorship
					 * privileges are in force */
};

enum provider_standing {
	PSTAND_OK,		/* may use the portal */
	PSTAND_PENDING,		/* the application waits for a decision */
	PSTAND_REJECTED,	/* the application was rejected */
	PSTAND_SUSPENDED,	/* suspended (by provisioning, or the sponsor) */
	PSTAND_REVOKED,		/* revoked for good */
	PSTAND_SPONSOR,		/* sponsored: the sponsor's account or
				 * privileges are not in force */
	PSTAND__MAX
};

enum provider_standing policy_provider_standing(const struct provider_standing_in *);
/* What the person is told (no other account is named). */
const char	*policy_provider_standing_text(enum provider_standing);
/* 1 if the account may create and manage sponsored users: a clinician
 * (not a sponsored user) in good standing whose sponsorship privileges
 * were granted. Sponsored users never sponsor. */
int		 policy_provider_may_sponsor(const struct provider_standing_in *,
		    int sponsor_granted);
/* 1 if an account may have and use a portal password: not one that
 * signs in with the hospital's single sign-on (Children's ID, sso 1),
 * whose password is managed elsewhere (P-LOGIN 4), so that switching a
 * physician off in the hospital's sign-in system ends their access. */
int		 policy_provider_password(int sso);
/* The standing part of `portalctl policy`. */
void		 policy_print_provider_standing(FILE *out);

#endif
