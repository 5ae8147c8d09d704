/*
 * Who sees and changes a patient's insurance (issue 14.2, F-PROFILE 2):
 * a pure function of the caller's access to the patient today (the
 * record's policy_access) and whether it is the patient's own account
 * under 18. Deny by default. Every row has a test row in
 * tests/unit/test_policy_insurance.c; `portalctl policy` prints them.
 *
 * Coverage is not confidential care: the parent of a 13-17-year-old
 * sees and reports it (the parent is nearly always the subscriber, and
 * billing's decision is e-mailed to whoever reported). The teen's own
 * account sees what is on file (to show a card at the desk) but does not
 * report a change: the subscriber does, and a teen cannot sign for the
 * policy. Nobody else learns that the patient exists.
 */
#ifndef PORTAL_POLICY_INSURANCE_H
#define PORTAL_POLICY_INSURANCE_H

#include <stdio.h>

#include "policy_record.h"

enum ins_right {
	INS_NONE,	/* not seen: the answer of a missing patient */
	INS_SEE,	/* the coverages and changes, no "Report a change" */
	INS_CHANGE,	/* seen, and may report a change for review */
};

struct ins_facts {
	enum access_level level;	/* the caller's access today */
	int		 self_minor;	/* the patient's own account, under 18 */
};

enum ins_right	 policy_insurance(const struct ins_facts *f);
/* A short name for the audit ("none", "see", "change"). Static text. */
const char	*policy_insurance_name(enum ins_right);
/* The insurance part of `portalctl policy`. */
void		 policy_print_insurance(FILE *out);

#endif
