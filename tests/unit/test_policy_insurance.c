/*
 * lib/policy/policy_insurance (issue 14.2): who sees and changes a
 * patient's insurance: every row, and what the table does not name.
 */
#include <stdio.h>

#include "policy_insurance.h"
#include "t.h"

#define NELEM(x)	(sizeof(x) / sizeof((x)[0]))

/* level, self_minor */
static const struct {
	struct ins_facts	 f;
	enum ins_right		 want;
} rows[] = {
	{ { ACCESS_FULL, 0 }, INS_CHANGE },	/* parent of a child, adult */
	{ { ACCESS_FULL, 1 }, INS_SEE },	/* a teen's own account */
	{ { ACCESS_PROXY_TEEN, 0 }, INS_CHANGE },	/* a teen's parent */
	{ { ACCESS_PROXY_TEEN, 1 }, INS_CHANGE },
	{ { ACCESS_NONE, 0 }, INS_NONE },
	{ { ACCESS_NONE, 1 }, INS_NONE },
	{ { ACCESS__MAX, 0 }, INS_NONE },	/* not named */
};

int
main(void)
{
	char	 what[64];
	size_t	 i;

	for (i = 0; i < NELEM(rows); i++) {
		snprintf(what, sizeof(what), "policy_insurance row %zu", i);
		T_INT(policy_insurance(&rows[i].f), rows[i].want, what);
	}
	T_INT(policy_insurance(NULL), INS_NONE, "no facts");
	T_STR(policy_insurance_name(INS_CHANGE), "change", "name");
	T_STR(policy_insurance_name(INS_NONE), "none", "name none");
	return t_done("test_policy_insurance");
}
