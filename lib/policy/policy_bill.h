/*
 * Who sees and pays which bill (issue 14.5, F-BILL 4): pure functions of
 * the caller's standing with a statement and with each line's patient.
 * Deny by default. Every row has a test row in
 * tests/unit/test_policy_bill.c; `portalctl policy` prints them.
 *
 * Statements and payments belong to the guarantor: in the portal, the
 * family account the guarantor account is bound to, or until one is the
 * account whose verified e-mail is the guarantor account's on file (the
 * caller works out which: struct bill_caller.guarantor), and which holds,
 * today, at least one patient of the statement.
 * A patient's own account while under 18 never sees a statement (a
 * 13-17-year-old does not see the parent's bills). Each line is then
 * shown, masked (amounts only: the guarantor no longer sees that
 * patient's record, an adult child for one) or hidden (confidential care
 * of a 13-17-year-old when the hospital hides it from parents: it is left
 * out of the parent's view and of what the parent pays online, so
 * nothing of it shows, not even a total).
 */
#ifndef PORTAL_POLICY_BILL_H
#define PORTAL_POLICY_BILL_H

#include <stdio.h>

#include "policy_record.h"

struct bill_caller {
	int		 guarantor;	/* the account bound, or the verified
					 * e-mail = the guarantor's */
	int		 holds_any;	/* access today to a patient of it */
	int		 self_minor;	/* a patient's own account, under 18 */
};

/* 1 if the caller sees the statement (its lines as policy_bill_line
 * says) and may pay it; 0 if not (one answer with "no such statement"). */
int		 policy_bill_sees(const struct bill_caller *c);

enum bill_line_view {
	BILL_LINE_HIDDEN,	/* left out: not in the view nor its sums */
	BILL_LINE_MASKED,	/* amounts only, no patient, no description */
	BILL_LINE_SHOWN,
};

struct bill_line_facts {
	enum access_level level;	/* the caller's access to the line's
					 * patient today */
	int		 confidential;	/* the hospital marked the line */
	int		 hide_confidential; /* conf bill_hide_confidential */
};

/* How a line shows to a caller who sees its statement. */
enum bill_line_view policy_bill_line(const struct bill_line_facts *f);

/* The billing part of `portalctl policy`. */
void		 policy_print_billing(FILE *out);

#endif
