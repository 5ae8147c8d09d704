/*
 * Who sees and pays which bill (policy_bill.h): a statement's one rule
 * and a line's table, first row that matches.
 */
#include <stddef.h>
#include <stdio.h>

#include "policy_bill.h"

#define NELEM(x)	(sizeof(x) / sizeof((x)[0]))
#define ANY		-1

int
policy_bill_sees(const struct bill_caller *c)
{
	return c != NULL && c->guarantor && c->holds_any && !c->self_minor;
}

static const struct {
	enum access_level	 level;
	int			 confidential;	/* ANY: either */
	int			 hide;		/* ANY: either */
	enum bill_line_view	 view;
	const char		*text;
} lines[] = {
	{ ACCESS_FULL, ANY, ANY, BILL_LINE_SHOWN,
	    "the guarantor with full access to the line's patient: the line "
	    "in full (patient, service date, description, amounts)" },
	{ ACCESS_PROXY_TEEN, 0, ANY, BILL_LINE_SHOWN,
	    "a parent guarantor of a 13-17-year-old: the lines the hospital "
	    "did not mark as confidential care, in full" },
	{ ACCESS_PROXY_TEEN, 1, 1, BILL_LINE_HIDDEN,
	    "a parent guarantor of a 13-17-year-old, a line of confidential "
	    "care, bill_hide_confidential = yes: left out of the view and of "
	    "what is paid online; no trace of it (a statement of no other "
	    "line: the answer of a missing one)" },
	{ ACCESS_PROXY_TEEN, 1, 0, BILL_LINE_MASKED,
	    "the same with bill_hide_confidential = no: amounts only, without "
	    "the patient or the service" },
	{ ACCESS_NONE, ANY, ANY, BILL_LINE_MASKED,
	    "a guarantor who no longer sees the line's patient (an adult "
	    "child, a child in custody): amounts only, without the patient or "
	    "the service, so the balance still adds up" },
};

enum bill_line_view
policy_bill_line(const struct bill_line_facts *f)
{
	size_t	 i;

	if (f == NULL)
		return BILL_LINE_HIDDEN;
	for (i = 0; i < NELEM(lines); i++)
		if (lines[i].level == f->level &&
		    (lines[i].confidential == ANY ||
		    lines[i].confidential == (f->confidential != 0)) &&
		    (lines[i].hide == ANY || lines[i].hide == (f->hide_confidential != 0)))
			return lines[i].view;
	return BILL_LINE_HIDDEN;
}

void
policy_print_billing(FILE *out)
{
	size_t	 i;

	fprintf(out, "BILLS AND PAYMENTS (F-BILL 4, issue 14.5)\n");
	policy_print_para(out, 2, "", "A statement, and paying it, belongs to "
	    "its guarantor: the family account the guarantor account is bound "
	    "to (bound when that account changes its e-mail in the portal), "
	    "or, until then, the account whose verified e-mail is the "
	    "guarantor account's on file; and which holds, today, at least one "
	    "patient of the statement. A patient's own account under 18 never "
	    "sees a statement (a 13-17-year-old does not see the parent's "
	    "bills). Anyone else: the answer of a missing statement.", "");
	policy_print_para(out, 2, "", "Each line of a statement the caller "
	    "sees:", "");
	for (i = 0; i < NELEM(lines); i++)
		policy_print_para(out, 2, "- ", lines[i].text, ".");
	policy_print_para(out, 2, "", "Anything else: left out. A copay is "
	    "paid as part of pre-check-in (VISITS above).", "");
	fputc('\n', out);
}
