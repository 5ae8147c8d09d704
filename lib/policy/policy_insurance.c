/*
 * Who sees and changes a patient's insurance (policy_insurance.h): a
 * table, first row that matches.
 */
#include <stddef.h>
#include <stdio.h>

#include "policy_insurance.h"

#define NELEM(x)	(sizeof(x) / sizeof((x)[0]))
#define ANY		-1

static const struct {
	enum access_level	 level;
	int			 self_minor;	/* ANY: either */
	enum ins_right		 right;
	const char		*text;
} rows[] = {
	{ ACCESS_FULL, 1, INS_SEE,
	    "a 13-17-year-old's own account: sees the coverages on file and "
	    "the changes reported, but does not report one (the subscriber, "
	    "a parent, does)" },
	{ ACCESS_FULL, 0, INS_CHANGE,
	    "an account with full access (a parent of a child under 13, an "
	    "adult patient's own account, a guardian or caseworker with "
	    "papers on file): sees the coverages and reports changes for "
	    "billing's review" },
	{ ACCESS_PROXY_TEEN, ANY, INS_CHANGE,
	    "a parent of a 13-17-year-old: the same (coverage is not "
	    "confidential care)" },
	{ ACCESS_NONE, ANY, INS_NONE,
	    "anyone else: the answer of a missing patient" },
};

enum ins_right
policy_insurance(const struct ins_facts *f)
{
	size_t	 i;

	if (f == NULL)
		return INS_NONE;
	for (i = 0; i < NELEM(rows); i++)
		if (rows[i].level == f->level && (rows[i].self_minor == ANY ||
		    rows[i].self_minor == (f->self_minor != 0)))
			return rows[i].right;
	return INS_NONE;
}

const char *
policy_insurance_name(enum ins_right r)
{
	switch (r) {
	case INS_SEE:
		return "see";
	case INS_CHANGE:
		return "change";
	default:
		return "none";
	}
}

void
policy_print_insurance(FILE *out)
{
	size_t	 i;

	fprintf(out, "INSURANCE (F-PROFILE 2, issue 14.2)\n");
	policy_print_para(out, 2, "", "Who sees a patient's coverages and "
	    "reports a change (submitted for billing's review, never "
	    "applied directly):", "");
	for (i = 0; i < NELEM(rows); i++)
		policy_print_para(out, 2, "- ", rows[i].text, ".");
	fputc('\n', out);
}
