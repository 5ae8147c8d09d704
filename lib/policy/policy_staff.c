/*
 * What each staff role may do (issue 11.8), as a table; a member may do
 * what any of their roles may. The names are the ones stored in
 * staff_roles.role. Admin runs the portal (both queues) but is not in a
 * care team or the billing office unless given those roles too.
 */
#include <string.h>

#include "policy_record.h"
#include "policy_staff.h"

static const char *const names[STAFF_ROLE__MAX] = {
	[STAFF_VERIFIER] = "verifier",
	[STAFF_PROVISIONING] = "provisioning",
	[STAFF_BILLING] = "billing",
	[STAFF_CLINIC] = "clinic",
	[STAFF_ADMIN] = "admin",
};

static const char *const acts[STAFF_ACT__MAX] = {
	[STAFF_QUEUE_VIEW] = "see the verification queue (with the records' "
	    "details of each patient)",
	[STAFF_QUEUE_DECIDE] = "approve or reject a sign-up request",
	[STAFF_PROVISION_VIEW] = "see provider-portal applications and their "
	    "documents",
	[STAFF_PROVISION_DECIDE] = "approve or reject an application, grant "
	    "sponsorship, mark a faxed document received",
	[STAFF_INBOX] = "answer the messages of their own clinics' patients",
	[STAFF_BILLING_WORK] = "work billing statements and payments",
	[STAFF_PCP_DECIDE] = "see providers' requests to be a patient's PCP "
	    "(with the patient's name, MRN and date of birth), make the "
	    "provider the PCP on file or decline",
};

static const int may[STAFF_ROLE__MAX][STAFF_ACT__MAX] = {
	[STAFF_VERIFIER] = { [STAFF_QUEUE_VIEW] = 1, [STAFF_QUEUE_DECIDE] = 1 },
	[STAFF_PROVISIONING] = { [STAFF_PROVISION_VIEW] = 1,
	    [STAFF_PROVISION_DECIDE] = 1, [STAFF_PCP_DECIDE] = 1 },
	[STAFF_BILLING] = { [STAFF_BILLING_WORK] = 1 },
	[STAFF_CLINIC] = { [STAFF_INBOX] = 1 },
	[STAFF_ADMIN] = { [STAFF_QUEUE_VIEW] = 1, [STAFF_QUEUE_DECIDE] = 1,
	    [STAFF_PROVISION_VIEW] = 1, [STAFF_PROVISION_DECIDE] = 1,
	    [STAFF_PCP_DECIDE] = 1 },
};

int
policy_staff_role(const char *name, enum staff_role *out)
{
	int	 i;

	for (i = 0; name != NULL && i < STAFF_ROLE__MAX; i++)
		if (strcmp(names[i], name) == 0) {
			*out = (enum staff_role)i;
			return 0;
		}
	return -1;
}

const char *
policy_staff_role_name(enum staff_role r)
{
	return r < STAFF_ROLE__MAX ? names[r] : "";
}

int
policy_staff_may(enum staff_role r, enum staff_act act)
{
	return r < STAFF_ROLE__MAX && act < STAFF_ACT__MAX && may[r][act];
}

int
policy_staff_may_any(unsigned roles, enum staff_act act)
{
	int	 r;

	for (r = 0; r < STAFF_ROLE__MAX; r++)
		if ((roles & STAFF_ROLE_BIT(r)) && policy_staff_may(r, act))
			return 1;
	return 0;
}

unsigned
policy_staff_roles(const char *const *given, size_t n)
{
	enum staff_role	 r;
	unsigned	 set = 0;
	size_t		 i;

	for (i = 0; i < n; i++)
		if (policy_staff_role(given[i], &r) == 0)
			set |= STAFF_ROLE_BIT(r);
	return set;
}

void
policy_print_staff(FILE *out)
{
	int	 r, a;

	fprintf(out, "STAFF ROLES (portalctl staff add --role ROLE[,ROLE])\n"
	    "  A member may do what any of their roles may.\n");
	for (r = 0; r < STAFF_ROLE__MAX; r++) {
		fprintf(out, "  %s may:\n", names[r]);
		for (a = 0; a < STAFF_ACT__MAX; a++)
			if (may[r][a])
				policy_print_para(out, 4, "- ", acts[a], "");
	}
	fputc('\n', out);
}
