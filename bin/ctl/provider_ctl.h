/*
 * portalctl's provider commands that change an account's standing, apart
 * from portalctl.c (which keeps `provider add`).
 */
#ifndef PORTALCTL_PROVIDER_CTL_H
#define PORTALCTL_PROVIDER_CTL_H

#include <stdio.h>

/* 1 if argv[0] is one of this file's verbs. */
int	ctl_provider_is_verb(const char *verb);
/*
 * The body of "portalctl provider VERB ...", argv[0] the verb:
 *   sponsor --email E on|off	grant or take back sponsorship privileges
 *				(off ends every session of the sponsor's users)
 *   suspend --email E		suspend an approved account
 *   reinstate --email E		undo a suspension
 *   revoke --email E		revoke for good
 * Suspending and revoking end the account's sessions and, for a sponsor,
 * their users' sessions; every change is audited. Results go to out,
 * messages to err. 0 done, 1 not done (no such account, a change the
 * policy refuses, a database error), 2 usage.
 */
int	ctl_provider(int argc, char **argv, FILE *out, FILE *err);

#endif
