/*
 * What each staff role may do (issue 11.8), as a table; a member may do
 * what any of their roles may. The names are the ones stored in
 * staff_roles.role. Admin runs the portal (both queues) but is not in a
 * care team or the billing office unless given those roles too.
 * The audit log is the privacy office's alone (issue 16.1): it names
 * every patient and every person who saw them, so running the portal
 * (admin) does not open it; IT reads it with portalctl audit.
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
	[STAFF_PRIVACY] = "privacy",
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
	[STAFF_CLINIC_SETUP] = "set up their own clinics: visit types, the "
	    "documents families sign at pre-check-in, open slots (publish, "
	    "withdraw an untaken one)",
	[STAFF_VISIT_QUEUE] = "work their own clinics' visit requests (mark "
	    "contacted, scheduled, closed) and see their upcoming visits with "
	    "the patient's name, MRN, pre-check-in and the documents signed",
	[STAFF_INSURANCE_REVIEW] = "review families' insurance changes (with "
	    "the card photos) and approve or reject them",
	[STAFF_AUDIT_SEARCH] = "search and export the audit log (who saw "
	    "which patient's record, when, from where) and see a patient's "
	    "accounting of disclosures",
};

/* Acts done only to the member's own clinics (staff_clinics). */
static const int clinic_bound[STAFF_ACT__MAX] = {
	[STAFF_INBOX] = 1,
	[STAFF_CLINIC_SETUP] = 1,
	[STAFF_VISIT_QUEUE] = 1,
};

static const int may[STAFF_ROLE__MAX][STAFF_ACT__MAX] = {
	[STAFF_VERIFIER] = { [STAFF_QUEUE_VIEW] = 1, [STAFF_QUEUE_DECIDE] = 1 },
	[STAFF_PROVISIONING] = { [STAFF_PROVISION_VIEW] = 1,
	    [STAFF_PROVISION_DECIDE] = 1, [STAFF_PCP_DECIDE] = 1 },
	[STAFF_BILLING] = { [STAFF_BILLING_WORK] = 1,
	    [STAFF_INSURANCE_REVIEW] = 1 },
	[STAFF_CLINIC] = { [STAFF_INBOX] = 1, [STAFF_VISIT_QUEUE] = 1 },
	/* Clinic set-up is the admin's, in the clinics the admin is a
	 * member of (portalctl clinic staff): running the portal does not
	 * make one a member of every clinic. */
	[STAFF_ADMIN] = { [STAFF_QUEUE_VIEW] = 1, [STAFF_QUEUE_DECIDE] = 1,
	    [STAFF_PROVISION_VIEW] = 1, [STAFF_PROVISION_DECIDE] = 1,
	    [STAFF_PCP_DECIDE] = 1, [STAFF_CLINIC_SETUP] = 1 },
	/* Only the privacy office, not admin (see above). */
	[STAFF_PRIVACY] = { [STAFF_AUDIT_SEARCH] = 1 },
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

int
policy_staff_clinic_bound(enum staff_act act)
{
	return act < STAFF_ACT__MAX && clinic_bound[act];
}

int
policy_staff_may_at(unsigned roles, enum staff_act act, int member)
{
	if (!policy_staff_may_any(roles, act))
		return 0;
	return !policy_staff_clinic_bound(act) || member == 1;
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
				policy_print_para(out, 4, "- ", acts[a],
				    clinic_bound[a] ? " (only in the clinics "
				    "the member belongs to: portalctl clinic "
				    "staff)" : "");
	}
	fputc('\n', out);
}
