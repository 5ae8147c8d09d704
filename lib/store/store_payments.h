/*
 * Payments through the processor's hosted page (issue 13.7, 14.4): the
 * row started before the hand-off, its decision once the processor's
 * signed result is verified (lib/app/payment.c), and the copay step of
 * pre-check-in it completes.
 */
#ifndef PORTAL_STORE_PAYMENTS_H
#define PORTAL_STORE_PAYMENTS_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct arena;
struct db;

struct payment {
	int64_t		 id;
	const char	*reference;
	int64_t		 account_id;
	int64_t		 patient_id;
	const char	*purpose;	/* copay, statement */
	int64_t		 visit_id;	/* 0 if none */
	long		 cents;
	const char	*currency;
	const char	*status;	/* started, paid, declined, cancelled */
	int		 refund;
	const char	*txn;		/* "" if none */
	time_t		 created;
	time_t		 decided;	/* 0 if not */
	int64_t		 statement_id;	/* 0 if none */
	int64_t		 guarantor_id;	/* 0 if none */
};

/* A new payment, status started; its id or -1. */
int64_t	store_payment_start(struct db *, const char *reference, int64_t account,
	    int64_t patient, const char *purpose, int64_t visit, long cents,
	    const char *currency, time_t now);
/* The payment of that reference: 1 and *out, 0 if none, -1 on error. */
int	store_payment_by_ref(struct db *, struct arena *, const char *reference,
	    struct payment *out);
/* 1 if another payment (not id) carries txn, 0 if not, -1 on error. */
int	store_payment_txn_used(struct db *, const char *txn, int64_t id);
/* Records the processor's decision on a payment not yet paid (paid: with
 * txn and the refund flag; declined, cancelled: only one still started):
 * 1 if it changed, 0 if it was decided already, -1 on error. */
int	store_payment_decide(struct db *, int64_t id, const char *status,
	    const char *txn, int refund, time_t now);
/* 1 if another payment (not id) paid the visit's copay, 0, -1. */
int	store_payment_copay_paid(struct db *, int64_t visit, int64_t id);
/* Marks the visit's copay step done (kept if done already): 0 or -1. */
int	store_payment_step(struct db *, int64_t visit, int64_t account,
	    time_t now);
/* The account's payments, newest first, at most limit: 0 or -1. */
int	store_payments_of_account(struct db *, struct arena *, int64_t account,
	    long limit, struct payment **out, size_t *n);

/* Flags the visit's paid copays for a refund (the visit was cancelled):
 * how many, or -1. */
long	store_payment_refund_visit(struct db *, int64_t visit);
/* A statement's payment (patient NULL), status started, after the
 * statement's started payments older than stale are cancelled (given
 * up): its id, 0 if another is under way, -1 on error. */
int64_t	store_payment_start_statement(struct db *, const char *reference,
	    int64_t account, int64_t statement, int64_t guarantor, long cents,
	    time_t now, time_t stale);
/* Cents paid (not refunded) on the guarantor account since the time
 * given, payment id left out: 0 and *cents, or -1. */
int	store_payment_paid_others(struct db *, int64_t guarantor, time_t since,
	    int64_t id, long *cents);

#endif
