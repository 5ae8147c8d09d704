/*
 * Sponsored access (issue 11.5, P-SPONSOR 1) as tables: the kinds of
 * staff a sponsor may create (a label only: every sponsored user sees
 * exactly what the sponsor sees, so no kind grants more than another),
 * and which changes of an account's status are allowed, by a sponsor to
 * their own users and by hospital IT (portalctl) to any provider-portal
 * account. `portalctl policy` prints both.
 */
#ifndef PORTAL_POLICY_SPONSOR_H
#define PORTAL_POLICY_SPONSOR_H

#include <stdio.h>

/* A sponsored user's kind of work, as stored in staff_kind. */
enum sponsor_kind {
	SKIND_NURSE,		/* registered nurse */
	SKIND_REFERRAL,		/* referral coordinator */
	SKIND_OFFICE,		/* office manager */
	SKIND_OTHER,
	SKIND__MAX
};

/* The kind stored as name ("nurse"): 0 and *out, or -1. */
int		 policy_sponsor_kind(const char *name, enum sponsor_kind *out);
/* The stored name ("nurse") and the label ("Registered nurse"). */
const char	*policy_sponsor_kind_name(enum sponsor_kind);
const char	*policy_sponsor_kind_label(enum sponsor_kind);

/* A change of an account's status. */
enum status_act {
	SACT_SUSPEND,		/* approved -> suspended */
	SACT_REINSTATE,		/* suspended -> approved */
	SACT_REVOKE,		/* anything but revoked -> revoked, for good */
	SACT__MAX
};

/* The act named name ("suspend"): 0 and *out, or -1. */
int		 policy_status_act(const char *name, enum status_act *out);
const char	*policy_status_act_name(enum status_act);
/* The status an account of status from has after act, or NULL if the
 * change is not allowed (revoked is final; an unknown status changes
 * to nothing). */
const char	*policy_status_after(const char *from, enum status_act act);
/* 1 if the act takes access away (suspend, revoke): the account's
 * standing then refuses its sessions (and, for a sponsor, their users')
 * at their next request, which ends them and tells the person why; 0 if
 * it gives access back (reinstate), when the sessions from before the
 * suspension are ended at once, so that none comes back. */
int		 policy_status_ends_access(enum status_act act);
/* 1 if a sponsor may e-mail a new set-password link to their user: the
 * user is approved and has not chosen a password yet. */
int		 policy_sponsor_may_resend(const char *status, int has_password);
/* The sponsorship part of `portalctl policy`. */
void		 policy_print_sponsor(FILE *out);

#endif
