/*
 * lib/policy/policy_bill (issue 14.5): who sees a statement, and how
 * each line shows: every row, and what the tables do not name.
 */
#include <stdio.h>

#include "policy_bill.h"
#include "t.h"

#define NELEM(x)	(sizeof(x) / sizeof((x)[0]))

/* guarantor, holds_any, self_minor */
static const struct {
	struct bill_caller	 c;
	int			 want;
} callers[] = {
	{ { 1, 1, 0 }, 1 },	/* the guarantor holding a patient of it */
	{ { 0, 1, 0 }, 0 },	/* the other parent: not the guarantor */
	{ { 1, 0, 0 }, 0 },	/* the guarantor, no patient held today */
	{ { 1, 1, 1 }, 0 },	/* a 13-17-year-old's own account */
	{ { 0, 1, 1 }, 0 },
	{ { 0, 0, 0 }, 0 },
};

/* level, confidential, hide */
static const struct {
	struct bill_line_facts	 f;
	enum bill_line_view	 want;
} rows[] = {
	{ { ACCESS_FULL, 0, 1 }, BILL_LINE_SHOWN },
	{ { ACCESS_FULL, 1, 1 }, BILL_LINE_SHOWN },	/* under 13; adult */
	{ { ACCESS_FULL, 1, 0 }, BILL_LINE_SHOWN },
	{ { ACCESS_PROXY_TEEN, 0, 1 }, BILL_LINE_SHOWN },
	{ { ACCESS_PROXY_TEEN, 0, 0 }, BILL_LINE_SHOWN },
	{ { ACCESS_PROXY_TEEN, 1, 1 }, BILL_LINE_HIDDEN },
	{ { ACCESS_PROXY_TEEN, 1, 0 }, BILL_LINE_MASKED },
	{ { ACCESS_NONE, 0, 1 }, BILL_LINE_MASKED },
	{ { ACCESS_NONE, 1, 1 }, BILL_LINE_MASKED },
	{ { ACCESS_NONE, 1, 0 }, BILL_LINE_MASKED },
	{ { ACCESS__MAX, 0, 0 }, BILL_LINE_HIDDEN },	/* not named */
};

int
main(void)
{
	char	 what[64];
	size_t	 i;

	for (i = 0; i < NELEM(callers); i++) {
		snprintf(what, sizeof(what), "policy_bill_sees row %zu", i);
		T_INT(policy_bill_sees(&callers[i].c), callers[i].want, what);
	}
	T_INT(policy_bill_sees(NULL), 0, "no caller");
	for (i = 0; i < NELEM(rows); i++) {
		snprintf(what, sizeof(what), "policy_bill_line row %zu", i);
		T_INT(policy_bill_line(&rows[i].f), rows[i].want, what);
	}
	T_INT(policy_bill_line(NULL), BILL_LINE_HIDDEN, "no line");
	return t_done("test_policy_bill");
}
