/*
 * Billing statements (issue 14.3, F-BILL 4): the billing system's import
 * (portalctl statements import: the CSV format of ARCHITECTURE.md
 * "Billing: statements and paying them"), and the family's pages: the
 * guarantor's statements with the balance per guarantor account, and one
 * statement with its lines as policy_bill_line shows them. Sums are of
 * what is shown: a hidden line leaves no trace, not even in a total.
 */
#ifndef PORTAL_APP_BILL_H
#define PORTAL_APP_BILL_H

#include <stddef.h>
#include <stdint.h>

#include "app.h"
#include "policy_bill.h"
#include "store_bill.h"

struct arena;
struct call;

#define BILL_CENTS_MAX	1000000000L	/* $10,000,000.00: above it, refused */
#define BILL_LINES_MAX	500		/* lines of one statement */
#define BILL_TEXT_MAX	200		/* a name, a description */
#define BILL_LIST_MAX	100		/* statements on the family's page */

/* "123.45", "-5.00", "7", "7.5" -> cents, exactly (no floating point);
 * -1 if not digits with at most two decimals, an optional leading '-'
 * (only if sign), or beyond BILL_CENTS_MAX. 0 and *cents. */
int		 bill_money(const char *s, int sign, long *cents);

/* The columns of the import's header, in any order (bill_columns). */
enum bill_col {
	BC_STATEMENT, BC_GUARANTOR, BC_GNAME, BC_GEMAIL, BC_DATE, BC_DUE,
	BC_BALANCE, BC_MRN, BC_SERVICE, BC_DESC, BC_CHARGES, BC_INSURANCE,
	BC_ADJUST, BC_PATIENT_DUE, BC_CONFIDENTIAL, BC__MAX
};
const char	*bill_col_name(enum bill_col);
/* The header row: map[c] = its field index; NULL, or why it is not a
 * header of this format (a column missing, unknown or twice). */
const char	*bill_columns(char **field, size_t n, int map[BC__MAX]);

/* One row of the file, checked: one line item of one statement. */
struct bill_row {
	const char	*statement, *guarantor, *gname, *gemail;
	const char	*date, *due, *mrn, *service, *desc;
	long		 balance, charges, insurance, adjust, patient_due;
	int		 confidential;
};
/* Checks one row (fields by the header's map): NULL and *out, or why
 * (a static sentence naming the column; never the value). Line rule:
 * charges - insurance paid - adjustments = patient due. */
const char	*bill_row_check(struct arena *, char **field, size_t n,
		    const int map[BC__MAX], struct bill_row *out);
/* NULL if b is the same statement as a (its statement columns agree),
 * or why. */
const char	*bill_row_same(const struct bill_row *a, const struct bill_row *b);

/* One statement: its rows, in order. */
struct bill_import_in {
	const struct bill_row	*rows;
	size_t			 n;
};
enum bill_import_result { BILL_NEW, BILL_UPDATED, BILL_REFUSED };
struct bill_import_out {
	enum bill_import_result	 result;
	const char		*why;	/* BILL_REFUSED: static, or the arena's */
};
/* Upserts the statement and replaces its lines in one transaction, with
 * an audit row; APP_OK with out->result (a refusal is audited too). */
enum app_rc	app_bill_import(const struct call *, const struct bill_import_in *,
		    struct bill_import_out *);

/* A statement the reader refused before it was whole (a row not CSV, a
 * row that failed its checks): its audit row. APP_OK or APP_ERROR. */
enum app_rc	app_bill_refused(const struct call *, const char *statement,
		    size_t lines, const char *why);

/* ---- The family's pages ---- */

/* A statement the caller sees, with its sums of what is shown. */
struct bill_seen {
	struct statement	 st;
	long			 due_cents;	/* sum of shown+masked lines'
						 * patient due */
	long			 charges_cents, insurance_cents,
				 adjustment_cents;
	long			 paid_cents;	/* paid online since */
	long			 due_now_cents;	/* newest: min(balance of
						 * what is shown, ...) - paid;
						 * 0 if not the newest */
	int			 shown;		/* a line shows in full */
};

struct bill_line_row {
	enum bill_line_view	 view;
	struct statement_line	 l;
	const char		*patient;	/* SHOWN: "Given Family" */
};

struct bill_list_out {
	struct bill_seen	*rows;
	size_t			 n;
};
enum app_rc	app_bill_list(const struct call *, const void *in,
		    struct bill_list_out *);

struct bill_view_in {
	int64_t		 id;		/* 0: malformed or absent */
	const char	*what;		/* "view", "print", "pdf", "pay" */
};
struct bill_view_out {
	int			 seen;	/* 0: the answer of a missing one */
	struct bill_seen	 s;
	struct bill_line_row	*lines;
	size_t			 n;
};
/* One statement; its patients audited (one row per patient shown), or
 * a refusal row. APP_REFUSED: no such statement (one answer). */
enum app_rc	app_bill_view(const struct call *, const struct bill_view_in *,
		    struct bill_view_out *);

/* For the payment: the statement as the caller sees it, without the
 * audit (payment.c writes its own); 1, 0 not seen, -1 on error. */
int		 bill_load(const struct call *, int64_t id, struct bill_seen *s,
		    struct bill_line_row **lines, size_t *n);

/* 1 if st is the guarantor's newest statement as the caller sees it: the
 * newest, or every newer one a statement of lines the policy leaves out
 * for the caller (BILL_LINE_HIDDEN), which is then not shown at all; 0 if
 * not, -1 on error. */
int	bill_newest_for(const struct call *, const struct statement *);

#endif
