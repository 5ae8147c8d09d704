/*
 * Hospital staff roles (created with `portalctl staff add --role`) and
 * what each may do in the staff portal, as a table. `portalctl policy`
 * prints it.
 */
#ifndef PORTAL_POLICY_STAFF_H
#define PORTAL_POLICY_STAFF_H

#include <stdio.h>

enum staff_role {
	STAFF_VERIFIER,		/* checks sign-up requests */
	STAFF_ADMIN,		/* the same, and runs the portal */
	STAFF_ROLE__MAX
};

enum staff_act {
	STAFF_QUEUE_VIEW,	/* see the verification queue */
	STAFF_QUEUE_DECIDE,	/* approve or reject a request */
	STAFF_ACT__MAX
};

/* The role named name ("verifier", "admin"): 0 and *out, or -1. */
int		 policy_staff_role(const char *name, enum staff_role *out);
/* The role's name as stored ("verifier"). */
const char	*policy_staff_role_name(enum staff_role r);
/* 1 if a member of role r may do act, else 0. */
int		 policy_staff_may(enum staff_role r, enum staff_act act);
/* Prints the table. */
void		 policy_print_staff(FILE *out);

#endif
