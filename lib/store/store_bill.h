/*
 * Billing statements (issue 14.3, sql/015-billing.sql): guarantor
 * accounts and statements as the billing system sends them (portalctl
 * statements import: an upsert by number, the lines replaced), what a
 * family account's statements are, and what was paid on them online.
 */
#ifndef PORTAL_STORE_BILL_H
#define PORTAL_STORE_BILL_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct arena;
struct db;

struct statement {
	int64_t		 id;
	const char	*number;
	int64_t		 guarantor_id;
	const char	*guarantor_number;
	const char	*guarantor_name;
	const char	*guarantor_email;	/* "" if none */
	const char	*date;			/* YYYY-MM-DD */
	const char	*due_date;		/* "" if none */
	long		 balance_cents;
	time_t		 imported;
	int		 newest;		/* the account's newest */
	int64_t		 guarantor_account;	/* the family account it is
						 * bound to, 0 if none yet */
};

struct statement_line {
	int64_t		 id;
	int		 line;
	int64_t		 patient_id;
	const char	*service_date;
	const char	*description;
	long		 charges_cents;
	long		 insurance_cents;
	long		 adjustment_cents;
	long		 due_cents;
	int		 confidential;
};

/* The guarantor account of number, created or its name and e-mail
 * updated: its id or -1. */
int64_t	store_guarantor_put(struct db *, const char *number, const char *name,
	    const char *email, time_t now);
/* The statement of number, created or updated (its lines are then
 * replaced by store_statement_lines_clear and _line_add in the same
 * transaction): its id or -1; *created 1 if it is new. */
int64_t	store_statement_put(struct db *, const char *number, int64_t guarantor,
	    const char *date, const char *due, long balance, time_t now,
	    int *created);
int	store_statement_lines_clear(struct db *, int64_t statement);
int	store_statement_line_add(struct db *, int64_t statement,
	    const struct statement_line *);
/* The statements of the guarantor accounts bound to account, and of
 * those not bound yet whose e-mail is email (lower case), newest first,
 * at most limit: 0 or -1. */
int	store_statements_of_email(struct db *, struct arena *, const char *email,
	    int64_t account, long limit, struct statement **out, size_t *n);
/* Binds the guarantor accounts not bound yet whose e-mail is email to
 * account (before the account's address changes): how many, or -1. */
long	store_guarantors_bind(struct db *, const char *email, int64_t account);
/* One statement: 1 and *out, 0 if none, -1 on error. */
int	store_statement_get(struct db *, struct arena *, int64_t id,
	    struct statement *out);
/* Its lines, in order: 0 or -1. */
int	store_statement_lines(struct db *, struct arena *, int64_t statement,
	    struct statement_line **out, size_t *n);
/* Cents paid online (paid, not flagged for a refund) on the guarantor
 * account since the time given (its newest statement's import): 0 and
 * *cents, or -1. */
int	store_guarantor_paid_since(struct db *, int64_t guarantor, time_t since,
	    long *cents);

#endif
