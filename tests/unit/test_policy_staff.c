/*
 * lib/policy/policy_staff: staff roles as an enum and what each may do
 * (issue 8.4), as a table; names in and out, unknown names refused.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy_staff.h"
#include "t.h"

#define NELEM(x)	(sizeof(x) / sizeof((x)[0]))

static const struct {
	const char	*name;
	int		 ok;
	enum staff_role	 role;
} names[] = {
	{ "verifier", 0, STAFF_VERIFIER },
	{ "provisioning", 0, STAFF_PROVISIONING },
	{ "billing", 0, STAFF_BILLING },
	{ "clinic", 0, STAFF_CLINIC },
	{ "admin", 0, STAFF_ADMIN },
	{ "privacy", 0, STAFF_PRIVACY },
	{ "Privacy", -1, 0 },
	{ "clinic ", -1, 0 },
	{ "verifier,admin", -1, 0 },
	{ "Admin", -1, 0 },
	{ "", -1, 0 },
	{ "root", -1, 0 },
	{ NULL, -1, 0 },
};

static const struct {
	enum staff_role	 role;
	enum staff_act	 act;
	int		 may;
} acts[] = {
	/* Every role against every act (issue 11.8). */
	{ STAFF_VERIFIER, STAFF_QUEUE_VIEW, 1 },
	{ STAFF_VERIFIER, STAFF_QUEUE_DECIDE, 1 },
	{ STAFF_VERIFIER, STAFF_PROVISION_VIEW, 0 },
	{ STAFF_VERIFIER, STAFF_PROVISION_DECIDE, 0 },
	{ STAFF_VERIFIER, STAFF_INBOX, 0 },
	{ STAFF_VERIFIER, STAFF_BILLING_WORK, 0 },
	{ STAFF_PROVISIONING, STAFF_QUEUE_VIEW, 0 },
	{ STAFF_PROVISIONING, STAFF_QUEUE_DECIDE, 0 },
	{ STAFF_PROVISIONING, STAFF_PROVISION_VIEW, 1 },
	{ STAFF_PROVISIONING, STAFF_PROVISION_DECIDE, 1 },
	{ STAFF_PROVISIONING, STAFF_INBOX, 0 },
	{ STAFF_PROVISIONING, STAFF_BILLING_WORK, 0 },
	{ STAFF_BILLING, STAFF_QUEUE_VIEW, 0 },
	{ STAFF_BILLING, STAFF_QUEUE_DECIDE, 0 },
	{ STAFF_BILLING, STAFF_PROVISION_VIEW, 0 },
	{ STAFF_BILLING, STAFF_PROVISION_DECIDE, 0 },
	{ STAFF_BILLING, STAFF_INBOX, 0 },
	{ STAFF_BILLING, STAFF_BILLING_WORK, 1 },
	{ STAFF_CLINIC, STAFF_QUEUE_VIEW, 0 },
	{ STAFF_CLINIC, STAFF_QUEUE_DECIDE, 0 },
	{ STAFF_CLINIC, STAFF_PROVISION_VIEW, 0 },
	{ STAFF_CLINIC, STAFF_PROVISION_DECIDE, 0 },
	{ STAFF_CLINIC, STAFF_INBOX, 1 },
	{ STAFF_CLINIC, STAFF_BILLING_WORK, 0 },
	{ STAFF_ADMIN, STAFF_QUEUE_VIEW, 1 },
	{ STAFF_ADMIN, STAFF_QUEUE_DECIDE, 1 },
	{ STAFF_ADMIN, STAFF_PROVISION_VIEW, 1 },
	{ STAFF_ADMIN, STAFF_PROVISION_DECIDE, 1 },
	{ STAFF_ADMIN, STAFF_INBOX, 0 },
	{ STAFF_ADMIN, STAFF_BILLING_WORK, 0 },
	/* The staff PCP page (issue 12.3). */
	{ STAFF_VERIFIER, STAFF_PCP_DECIDE, 0 },
	{ STAFF_PROVISIONING, STAFF_PCP_DECIDE, 1 },
	{ STAFF_BILLING, STAFF_PCP_DECIDE, 0 },
	{ STAFF_CLINIC, STAFF_PCP_DECIDE, 0 },
	{ STAFF_ADMIN, STAFF_PCP_DECIDE, 1 },
	/* Visits (issue 13.2, 13.4, 13.6) and insurance review (14.2). */
	{ STAFF_VERIFIER, STAFF_CLINIC_SETUP, 0 },
	{ STAFF_PROVISIONING, STAFF_CLINIC_SETUP, 0 },
	{ STAFF_BILLING, STAFF_CLINIC_SETUP, 0 },
	{ STAFF_CLINIC, STAFF_CLINIC_SETUP, 0 },
	{ STAFF_ADMIN, STAFF_CLINIC_SETUP, 1 },
	{ STAFF_VERIFIER, STAFF_VISIT_QUEUE, 0 },
	{ STAFF_PROVISIONING, STAFF_VISIT_QUEUE, 0 },
	{ STAFF_BILLING, STAFF_VISIT_QUEUE, 0 },
	{ STAFF_CLINIC, STAFF_VISIT_QUEUE, 1 },
	{ STAFF_ADMIN, STAFF_VISIT_QUEUE, 0 },
	{ STAFF_VERIFIER, STAFF_INSURANCE_REVIEW, 0 },
	{ STAFF_PROVISIONING, STAFF_INSURANCE_REVIEW, 0 },
	{ STAFF_BILLING, STAFF_INSURANCE_REVIEW, 1 },
	{ STAFF_CLINIC, STAFF_INSURANCE_REVIEW, 0 },
	{ STAFF_ADMIN, STAFF_INSURANCE_REVIEW, 0 },
	/* The audit log (issue 16.1): the privacy office only, not admin;
	 * the privacy office nothing else. */
	{ STAFF_VERIFIER, STAFF_AUDIT_SEARCH, 0 },
	{ STAFF_PROVISIONING, STAFF_AUDIT_SEARCH, 0 },
	{ STAFF_BILLING, STAFF_AUDIT_SEARCH, 0 },
	{ STAFF_CLINIC, STAFF_AUDIT_SEARCH, 0 },
	{ STAFF_ADMIN, STAFF_AUDIT_SEARCH, 0 },
	{ STAFF_PRIVACY, STAFF_AUDIT_SEARCH, 1 },
	{ STAFF_PRIVACY, STAFF_QUEUE_VIEW, 0 },
	{ STAFF_PRIVACY, STAFF_INBOX, 0 },
	{ STAFF_PRIVACY, STAFF_PROVISION_VIEW, 0 },
	{ STAFF_PRIVACY, STAFF_BILLING_WORK, 0 },
	{ STAFF_PRIVACY, STAFF_VISIT_QUEUE, 0 },
	{ STAFF_PRIVACY, STAFF_INSURANCE_REVIEW, 0 },
	{ STAFF_PRIVACY, STAFF_CLINIC_SETUP, 0 },
	{ STAFF_PRIVACY, STAFF_PCP_DECIDE, 0 },
	{ STAFF_ROLE__MAX, STAFF_QUEUE_VIEW, 0 },
	{ STAFF_ADMIN, STAFF_ACT__MAX, 0 },
};

/* Sets of roles: a member may what any role may. */
static const struct {
	const char	*names[3];
	size_t		 n;
	enum staff_act	 act;
	int		 may;
} sets[] = {
	{ { NULL }, 0, STAFF_QUEUE_VIEW, 0 },
	{ { "clinic", "billing" }, 2, STAFF_INBOX, 1 },
	{ { "clinic", "verifier" }, 2, STAFF_PCP_DECIDE, 0 },
	{ { "clinic", "billing" }, 2, STAFF_BILLING_WORK, 1 },
	{ { "clinic", "billing" }, 2, STAFF_QUEUE_VIEW, 0 },
	{ { "verifier", "provisioning" }, 2, STAFF_PROVISION_DECIDE, 1 },
	{ { "root", "Admin", "" }, 3, STAFF_QUEUE_VIEW, 0 },
	{ { "root", "clinic" }, 2, STAFF_INBOX, 1 },
	{ { "admin", "clinic", "billing" }, 3, STAFF_AUDIT_SEARCH, 0 },
	{ { "admin", "privacy" }, 2, STAFF_AUDIT_SEARCH, 1 },
};

/* Acts bound to own clinics need membership too (issue 13). */
static const struct {
	const char	*names[2];
	size_t		 n;
	enum staff_act	 act;
	int		 member;
	int		 may;
} at[] = {
	{ { "admin" }, 1, STAFF_CLINIC_SETUP, 1, 1 },
	{ { "admin" }, 1, STAFF_CLINIC_SETUP, 0, 0 },
	{ { "clinic" }, 1, STAFF_CLINIC_SETUP, 1, 0 },
	{ { "clinic" }, 1, STAFF_VISIT_QUEUE, 1, 1 },
	{ { "clinic" }, 1, STAFF_VISIT_QUEUE, 0, 0 },
	{ { "admin" }, 1, STAFF_VISIT_QUEUE, 1, 0 },
	{ { "billing" }, 1, STAFF_VISIT_QUEUE, 1, 0 },
	{ { "clinic" }, 1, STAFF_INBOX, 0, 0 },
	{ { "billing" }, 1, STAFF_INSURANCE_REVIEW, 0, 1 },
	{ { "clinic" }, 1, STAFF_INSURANCE_REVIEW, 1, 0 },
	{ { "admin", "clinic" }, 2, STAFF_CLINIC_SETUP, 1, 1 },
	{ { "admin", "clinic" }, 2, STAFF_VISIT_QUEUE, 1, 1 },
	{ { NULL }, 0, STAFF_CLINIC_SETUP, 1, 0 },
	{ { "admin" }, 1, STAFF_ACT__MAX, 1, 0 },
};

static void
test_at(void)
{
	size_t	 i;

	for (i = 0; i < NELEM(at); i++)
		T_INT(policy_staff_may_at(policy_staff_roles(at[i].names,
		    at[i].n), at[i].act, at[i].member), at[i].may,
		    "roles, act and membership");
	T_INT(policy_staff_clinic_bound(STAFF_INSURANCE_REVIEW), 0, "billing");
	T_INT(policy_staff_clinic_bound(STAFF_CLINIC_SETUP), 1, "set-up");
}

static void
test_names(void)
{
	enum staff_role	 r;
	size_t		 i;

	for (i = 0; i < NELEM(names); i++) {
		r = STAFF_ROLE__MAX;
		T_INT(policy_staff_role(names[i].name, &r), names[i].ok,
		    names[i].name ? names[i].name : "(null)");
		if (names[i].ok == 0) {
			T_INT(r, names[i].role, names[i].name);
			T_STR(policy_staff_role_name(r), names[i].name, "round trip");
		}
	}
}

static void
test_may(void)
{
	size_t	 i;

	for (i = 0; i < NELEM(acts); i++)
		T_INT(policy_staff_may(acts[i].role, acts[i].act), acts[i].may,
		    "role and act");
}

static void
test_sets(void)
{
	size_t	 i;

	for (i = 0; i < NELEM(sets); i++)
		T_INT(policy_staff_may_any(policy_staff_roles(sets[i].names,
		    sets[i].n), sets[i].act), sets[i].may, "set of roles");
	T_INT(policy_staff_roles(NULL, 0), 0, "no roles");
}

static void
test_print(void)
{
	char	*buf = NULL;
	size_t	 len = 0;
	FILE	*f = open_memstream(&buf, &len);

	policy_print_staff(f);
	fclose(f);
	T_OK(strstr(buf, "verifier may:\n    - see the verification queue") != NULL,
	    "verifier: %s", buf);
	T_OK(strstr(buf, "admin may:") != NULL, "admin: %s", buf);
	T_OK(strstr(buf, "set up their own clinics") != NULL, "set-up: %s", buf);
	T_OK(strstr(buf, "privacy may:\n    - search and export the audit log")
	    != NULL, "privacy: %s", buf);
	free(buf);
}

int
main(void)
{
	test_names();
	test_may();
	test_sets();
	test_at();
	test_print();
	return t_done("test_policy_staff");
}
