/*
 * Hospital staff roles (created with `portalctl staff add --role`) and
 * what each may do in the staff portal, as a table. `portalctl policy`
 * prints it.
 */
#ifndef PORTAL_POLICY_STAFF_H
#define PORTAL_POLICY_STAFF_H

#include <stddef.h>
#include <stdio.h>

/* A staff member holds any number of roles (staff_roles, issue 11.8). */
enum staff_role {
	STAFF_VERIFIER,		/* checks family sign-up requests */
	STAFF_PROVISIONING,	/* decides provider-portal applications */
	STAFF_BILLING,		/* billing office */
	STAFF_CLINIC,		/* a care team member: the inbox */
	STAFF_ADMIN,		/* runs the portal: both queues */
	STAFF_PRIVACY,		/* the privacy office: the audit log (issue 16) */
	STAFF_ROLE__MAX
};

enum staff_act {
	STAFF_QUEUE_VIEW,	/* see the verification queue */
	STAFF_QUEUE_DECIDE,	/* approve or reject a request */
	STAFF_PROVISION_VIEW,	/* see provider applications and documents */
	STAFF_PROVISION_DECIDE,	/* approve, reject, mark a fax received */
	STAFF_INBOX,		/* the care team's inbox of own clinics */
	STAFF_BILLING_WORK,	/* billing statements and payments */
	STAFF_PCP_DECIDE,	/* providers' PCP requests: see, make PCP,
				 * decline (issue 12.3) */
	STAFF_CLINIC_SETUP,	/* a clinic's visit types, documents, open
				 * slots (issue 13.2): own clinics only */
	STAFF_VISIT_QUEUE,	/* a clinic's visit requests and upcoming
				 * visits (issue 13.4, 13.6): own clinics */
	STAFF_INSURANCE_REVIEW,	/* families' insurance changes (issue 14.2) */
	STAFF_AUDIT_SEARCH,	/* search and export the audit log, a
				 * patient's accounting of disclosures
				 * (issue 16.1) */
	STAFF_ACT__MAX
};

/* A set of roles: bit (1u << role) for each. */
#define STAFF_ROLE_BIT(r)	(1u << (unsigned)(r))

/* The role named name ("verifier", "admin"): 0 and *out, or -1. */
int		 policy_staff_role(const char *name, enum staff_role *out);
/* The role's name as stored ("verifier"). */
const char	*policy_staff_role_name(enum staff_role r);
/* 1 if a member of role r may do act, else 0. */
int		 policy_staff_may(enum staff_role r, enum staff_act act);
/* 1 if any role of the set roles (STAFF_ROLE_BIT) may do act, else 0. */
int		 policy_staff_may_any(unsigned roles, enum staff_act act);
/* The set of the names (stored role names; unknown ones ignored). */
unsigned	 policy_staff_roles(const char *const *names, size_t n);
/* 1 if act is bound to the member's own clinics (staff_clinics): the
 * inbox, clinic set-up, the visit queue. */
int		 policy_staff_clinic_bound(enum staff_act act);
/* 1 if a member holding roles, who belongs (member 1) or not (0) to the
 * clinic of the thing asked about, may do act to it: a role that may,
 * and membership where the act is bound to own clinics. Else 0. */
int		 policy_staff_may_at(unsigned roles, enum staff_act act,
		    int member);
/* Prints the table. */
void		 policy_print_staff(FILE *out);

#endif
