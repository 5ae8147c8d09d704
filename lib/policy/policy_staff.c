/*
 * What each staff role may do. Both roles work the verification queue
 * (F-SIGNUP 2b); the role names are the ones stored in staff.role.
 */
#include <string.h>

#include "policy_staff.h"

static const char *const names[STAFF_ROLE__MAX] = {
	[STAFF_VERIFIER] = "verifier",
	[STAFF_ADMIN] = "admin",
};

static const char *const acts[STAFF_ACT__MAX] = {
	[STAFF_QUEUE_VIEW] = "see the verification queue (with the records' "
	    "details of each patient)",
	[STAFF_QUEUE_DECIDE] = "approve or reject a sign-up request",
};

static const int may[STAFF_ROLE__MAX][STAFF_ACT__MAX] = {
	[STAFF_VERIFIER] = { [STAFF_QUEUE_VIEW] = 1, [STAFF_QUEUE_DECIDE] = 1 },
	[STAFF_ADMIN] = { [STAFF_QUEUE_VIEW] = 1, [STAFF_QUEUE_DECIDE] = 1 },
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

void
policy_print_staff(FILE *out)
{
	int	 r, a;

	fprintf(out, "STAFF ROLES (portalctl staff add --role)\n");
	for (r = 0; r < STAFF_ROLE__MAX; r++) {
		fprintf(out, "  %s may:\n", names[r]);
		for (a = 0; a < STAFF_ACT__MAX; a++)
			if (may[r][a])
				fprintf(out, "    - %s\n", acts[a]);
	}
	fputc('\n', out);
}
