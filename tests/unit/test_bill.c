/*
 * Statements' parsing (lib/app/bill.h) and the amount a family types to
 * pay one (payment.h pay_typed_amount): dollars to cents exactly, never
 * by floating point; the import's header and its row checks, each
 * refusal naming its column and never the value.
 */
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "bill.h"
#include "payment.h"
#include "t.h"

#define N(x)	(sizeof(x) / sizeof((x)[0]))

static void
money(void)
{
	static const struct {
		const char	*in;
		int		 sign;
		long		 want;	/* -999 refused */
	} t[] = {
		{ "123.45", 0, 12345 }, { "0.10", 0, 10 }, { "0.1", 0, 10 },
		{ "7", 0, 700 }, { "0", 0, 0 }, { "0.00", 0, 0 },
		{ "19.99", 0, 1999 }, { "0.29", 0, 29 }, { "1.15", 0, 115 },
		{ "10000000.00", 0, 1000000000 }, { "10000000.01", 0, -999 },
		{ "-5.00", 1, -500 }, { "-5.00", 0, -999 }, { "-", 1, -999 },
		{ "", 0, -999 }, { ".50", 0, -999 }, { "5.", 0, -999 },
		{ "1.234", 0, -999 }, { "1e3", 0, -999 }, { "1,000.00", 0, -999 },
		{ " 1.00", 0, -999 }, { "1.00 ", 0, -999 }, { "+1.00", 0, -999 },
		{ "1.0.0", 0, -999 }, { "12345678901", 0, -999 },
		{ "0x10", 0, -999 }, { "NaN", 0, -999 }, { "--1", 1, -999 },
	};
	size_t	 i;
	long	 c;

	for (i = 0; i < N(t); i++) {
		c = -999;
		if (bill_money(t[i].in, t[i].sign, &c) == -1)
			c = -999;
		T_INT(c, t[i].want, t[i].in);
	}
	T_INT(bill_money(NULL, 0, &c), -1, "NULL");
}

static void
typed(void)
{
	static const struct {
		const char		*in;
		long			 due;
		enum pay_amount_why	 why;
		long			 cents;
	} t[] = {
		{ "25.00", 15000, PAY_AMOUNT_OK, 2500 },
		{ "$25", 15000, PAY_AMOUNT_OK, 2500 },
		{ " 25.5 ", 15000, PAY_AMOUNT_OK, 2550 },
		{ "$1,234.56", 200000, PAY_AMOUNT_OK, 123456 },
		{ "150.00", 15000, PAY_AMOUNT_OK, 15000 },
		{ "150.01", 15000, PAY_AMOUNT_TOO_MUCH, 15001 },
		{ "0", 15000, PAY_AMOUNT_ZERO, 0 },
		{ "0.00", 15000, PAY_AMOUNT_ZERO, 0 },
		{ "-5", 15000, PAY_AMOUNT_NEGATIVE, 500 },
		{ "-$5.00", 15000, PAY_AMOUNT_NEGATIVE, 500 },
		{ "abc", 15000, PAY_AMOUNT_MALFORMED, 0 },
		{ "", 15000, PAY_AMOUNT_MALFORMED, 0 },
		{ "1e2", 15000, PAY_AMOUNT_MALFORMED, 0 },
		{ "1.234", 15000, PAY_AMOUNT_MALFORMED, 0 },
		{ "12 34", 15000, PAY_AMOUNT_MALFORMED, 0 },
		{ "1,", 15000, PAY_AMOUNT_MALFORMED, 0 },
		/* A decimal comma or a misplaced separator is no thousands
		 * separator: never $1250 for "12,50". */
		{ "12,50", 200000, PAY_AMOUNT_MALFORMED, 0 },
		{ "1,5", 200000, PAY_AMOUNT_MALFORMED, 0 },
		{ "1,,500", 200000, PAY_AMOUNT_MALFORMED, 0 },
		{ "1234,567", 200000000, PAY_AMOUNT_MALFORMED, 0 },
		{ "1,2345", 200000000, PAY_AMOUNT_MALFORMED, 0 },
		{ "1,234,56", 200000000, PAY_AMOUNT_MALFORMED, 0 },
		{ ",123", 200000, PAY_AMOUNT_MALFORMED, 0 },
		{ "1,234,567.89", 200000000, PAY_AMOUNT_TOO_MUCH, 123456789 },
		{ "10,234.50", 2000000, PAY_AMOUNT_OK, 1023450 },
		{ "$12,500", 2000000, PAY_AMOUNT_OK, 1250000 },
		{ "99999999999999", 15000, PAY_AMOUNT_MALFORMED, 0 },
	};
	size_t	 i;
	long	 c;

	for (i = 0; i < N(t); i++) {
		T_INT(pay_typed_amount(t[i].in, t[i].due, &c), t[i].why,
		    t[i].in);
		if (t[i].why != PAY_AMOUNT_MALFORMED)
			T_INT(c, t[i].cents, t[i].in);
	}
	T_INT(pay_typed_amount(NULL, 100, &c), PAY_AMOUNT_MALFORMED, "NULL");
}

static char *head[] = {
	"statement", "guarantor_account", "guarantor_name", "guarantor_email",
	"statement_date", "due_date", "balance", "mrn", "service_date",
	"description", "charges", "insurance_paid", "adjustments",
	"patient_due", "confidential",
};

static void
columns(void)
{
	char	*h[N(head) + 1];
	int	 map[BC__MAX];

	memcpy(h, head, sizeof(head));
	T_STR(bill_columns(h, N(head), map), NULL, "the header");
	T_INT(map[BC_MRN], 7, "mrn's index");
	/* Another order is the same format. */
	h[0] = head[7];
	h[7] = head[0];
	T_STR(bill_columns(h, N(head), map), NULL, "reordered");
	T_INT(map[BC_STATEMENT], 7, "statement's index");
	T_OK(bill_columns(h, N(head) - 1, map) != NULL, "a column missing");
	h[N(head)] = "extra";
	T_OK(bill_columns(h, N(head) + 1, map) != NULL, "an unknown column");
	h[N(head)] = "mrn";
	T_OK(bill_columns(h, N(head) + 1, map) != NULL, "a column twice");
}

static const char *
check(struct arena *a, int k, const char *v, struct bill_row *r)
{
	char	*f[N(head)] = {
		"S1", "G1", "Pat Parent", "Pat@Example.org", "2026-11-15",
		"2026-12-15", "150.00", "t00001", "2026-10-02", "Visit",
		"300.00", "200.00", "0", "100.00", "N",
	};
	int	 map[BC__MAX];

	if (k >= 0)
		f[k] = (char *)v;
	bill_columns(head, N(head), map);
	return bill_row_check(a, f, N(head), map, r);
}

static void
rows(struct arena *a)
{
	static const struct {
		int		 col;
		const char	*v;
		const char	*want;	/* start of the reason, NULL good */
	} t[] = {
		{ -1, NULL, NULL },
		{ BC_STATEMENT, "", "statement:" },
		{ BC_STATEMENT, "S 1", "statement:" },
		{ BC_GUARANTOR, "G;1", "guarantor_account:" },
		{ BC_GNAME, "", "guarantor_name:" },
		{ BC_GNAME, "A\tB", "guarantor_name:" },
		{ BC_GEMAIL, "not-mail", "guarantor_email:" },
		{ BC_GEMAIL, "", NULL },
		{ BC_DATE, "2026-02-30", "statement_date:" },
		{ BC_DATE, "11/15/2026", "statement_date:" },
		{ BC_DUE, "", NULL },
		{ BC_DUE, "soon", "due_date:" },
		{ BC_BALANCE, "-20.00", NULL },
		{ BC_BALANCE, "1e3", "balance:" },
		{ BC_MRN, "x", "mrn:" },
		{ BC_SERVICE, "2026-13-01", "service_date:" },
		{ BC_DESC, "", "description:" },
		{ BC_CHARGES, "300", NULL },
		{ BC_CHARGES, "$300", "charges:" },
		{ BC_INSURANCE, "abc", "insurance_paid:" },
		{ BC_ADJUST, "10.00", "the line does not add up" },
		{ BC_PATIENT_DUE, "99.99", "the line does not add up" },
		{ BC_PATIENT_DUE, "1.001", "patient_due:" },
		{ BC_CONFIDENTIAL, "Y", NULL },
		{ BC_CONFIDENTIAL, "maybe", "confidential:" },
	};
	struct bill_row	 r, r2;
	const char	*why;
	size_t		 i;

	for (i = 0; i < N(t); i++) {
		why = check(a, t[i].col, t[i].v, &r);
		if (t[i].want == NULL)
			T_STR(why, NULL, t[i].v != NULL ? t[i].v : "good row");
		else
			T_OK(why != NULL && strncmp(why, t[i].want,
			    strlen(t[i].want)) == 0, "%s: got %s", t[i].v,
			    why != NULL ? why : "(good)");
		/* The reason never carries the value. */
		if (why != NULL && t[i].v != NULL && strlen(t[i].v) > 2)
			T_OK(strstr(why, t[i].v) == NULL, "value in %s", why);
	}
	T_STR(check(a, -1, NULL, &r), NULL, "good");
	T_INT(r.charges, 30000, "charges in cents");
	T_INT(r.patient_due, 10000, "due in cents");
	T_STR(r.mrn, "T00001", "mrn upper-cased");
	T_INT(r.confidential, 0, "not confidential");
	check(a, BC_CONFIDENTIAL, "yes", &r2);
	T_INT(r2.confidential, 1, "confidential");
	T_STR(bill_row_same(&r, &r2), NULL, "same statement");
	check(a, BC_BALANCE, "149.00", &r2);
	T_OK(bill_row_same(&r, &r2) != NULL, "rows disagree on the balance");
}

int
main(void)
{
	struct arena	*a = arena_new();

	money();
	typed();
	columns();
	rows(a);
	arena_free(a);
	return t_done("bill");
}
