/*
 * Paying on the processor's hosted page (issue 13.7's copay; issue 14.4's
 * protocol, which statements will reuse by adding a purpose). Modelled on
 * CyberSource Secure Acceptance hosted checkout (ARCHITECTURE.md "Visits:
 * paying a copay through the processor's hosted page"): the portal signs
 * a form that the browser posts to the processor; the processor takes the
 * card on its own page and signs its result, which comes back twice: the
 * browser's return and a server-to-server notification. Both are checked
 * the same way (signature, signed fields, reference, amount, currency,
 * time) and recorded once. The portal never sees a card number.
 *
 * The signature: base64(HMAC-SHA256(secret, "n1=v1,n2=v2,...")) over the
 * fields named, in order, by the field signed_field_names (itself among
 * them), as the processor documents it.
 */
#ifndef PORTAL_APP_PAYMENT_H
#define PORTAL_APP_PAYMENT_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "app.h"

struct arena;
struct call;
struct conf;

#define PAY_SIG_LEN	45	/* base64 of 32 bytes, '=' and the NUL */
#define PAY_FIELDS_MAX	40	/* fields a form or result may carry */
#define PAY_CENTS_MAX	10000000 /* $100,000.00: above it, not an amount */

struct pay_field {
	const char	*name;
	const char	*value;
};

/* What can be wrong with a signed message. */
enum pay_bad {
	PAY_GOOD,
	PAY_MALFORMED,		/* no or a bad signed_field_names, a field
				 * twice, a signed field missing, too many */
	PAY_BAD_SIGNATURE,	/* not signed with our secret, or changed */
	PAY_UNSIGNED,		/* a field we need is not among the signed */
	PAY_BAD__MAX
};
/* "malformed", "signature", "unsigned": for the audit. */
const char	*pay_bad_name(enum pay_bad);

/* The string signed: "n=v,..." in the order of the comma-separated names
 * (letters, digits, '_'; each once; signed_field_names among them); NULL
 * if the list is malformed, a name is missing from f[0..n), or a field
 * appears twice. In the arena. */
char		*pay_signed_string(struct arena *, const struct pay_field *f,
		    size_t n, const char *names);
/* sig = base64(HMAC-SHA256(secret, that string)); 0, or -1 as
 * pay_signed_string's NULL. */
int		 pay_sign(struct arena *, const char *secret,
		    const struct pay_field *f, size_t n, char sig[PAY_SIG_LEN]);
/* Checks f's signature (constant time) and that every name of need (a
 * NULL-terminated list) is among the signed fields. */
enum pay_bad	 pay_verify(struct arena *, const char *secret,
		    const struct pay_field *f, size_t n, const char *const *need);
/* The value of name in f, or NULL. */
const char	*pay_get(const struct pay_field *f, size_t n, const char *name);

/* "12.50" -> 1250; -1 unless digits, '.', two digits, 1 cent to
 * PAY_CENTS_MAX (no sign, no spaces, no exponent). */
long		 pay_cents(const char *s);
/* 1250 -> "12.50" into out (>= 16 bytes). */
void		 pay_amount(long cents, char *out, size_t outsz);
/* "2026-12-01T03:04:05Z" -> epoch seconds; -1 if not that exact form. */
time_t		 pay_time(const char *s);
/* Epoch seconds -> that form, into out (>= 21 bytes). */
void		 pay_time_format(time_t t, char *out, size_t outsz);

/* Why a start or a result was refused (the page's words). */
enum pay_why {
	PAY_NONE,
	PAY_NOT_SEEN,		/* no such visit for this account (one answer) */
	PAY_NOT_NOW,		/* the visit is not open to pre-check-in */
	PAY_NO_COPAY,		/* nothing to pay for this visit */
	PAY_ALREADY,		/* the copay is paid */
	PAY_REFUSED,		/* a result we do not take (signature,
				 * reference, amount, time): 400 */
	PAY_NOTHING_DUE,	/* the statement is not the newest, or
				 * nothing is due on it now */
	PAY_AMOUNT,		/* the amount typed: see amount_why */
	PAY_BUSY,		/* a payment of it is under way */
	PAY_OFFLINE,		/* online payment is not offered (pay_offered) */
};

/* What is wrong with an amount typed for a statement. */
enum pay_amount_why {
	PAY_AMOUNT_OK,
	PAY_AMOUNT_MALFORMED,	/* not dollars and cents ("25.00") */
	PAY_AMOUNT_ZERO,
	PAY_AMOUNT_NEGATIVE,
	PAY_AMOUNT_TOO_MUCH,	/* more than due now */
};
/* The amount typed ("25", "25.5", "$1,234.56", "25.00") against due now:
 * PAY_AMOUNT_OK and *cents, exactly, never by floating point. */
enum pay_amount_why pay_typed_amount(const char *s, long due, long *cents);

/* POST /pay/start: purpose copay of visit_id, or statement of
 * statement_id for the amount typed. */
struct pay_start_in {
	const char	*purpose;
	int64_t		 visit_id;
	int64_t		 statement_id;
	const char	*amount;	/* statement: as typed */
};
struct pay_start_out {
	enum pay_why		 why;
	enum pay_amount_why	 amount_why;
	long			 due_cents;	/* statement: due now */
	long			 cents;
	const char		*processor;	/* its name */
	const char		*url;		/* where the form posts */
	const char		*origin;	/* scheme://host[:port] of url */
	struct pay_field	*fields;	/* the signed form, signature last */
	size_t			 nfields;
};
enum app_rc	app_pay_start(const struct call *, const struct pay_start_in *,
		    struct pay_start_out *);

/* A signed result, from the browser (notify 0) or the processor (1). */
struct pay_result_in {
	const struct pay_field	*fields;
	size_t			 nfields;
	int			 notify;
};
enum pay_outcome {
	PAID, DECLINED, CANCELLED
};
struct pay_result_out {
	enum pay_why	 why;		/* PAY_REFUSED: not taken */
	enum pay_outcome outcome;	/* the payment's, as recorded */
	long		 cents;
	int64_t		 visit_id;	/* 0 if none */
	int64_t		 statement_id;	/* 0 if none */
	int		 refund;	/* paid for what was no longer due */
	int		 duplicate;	/* it had been recorded already */
};
enum app_rc	app_pay_result(const struct call *, const struct pay_result_in *,
		    struct pay_result_out *);

/* GET /pay/: the calling account's payments, for patients it sees. */
struct pay_row {
	int64_t		 id;
	const char	*reference;
	int64_t		 patient_id;
	const char	*patient;	/* "Given Family" */
	const char	*purpose;
	int64_t		 visit_id;
	int64_t		 statement_id;
	const char	*statement;	/* its number, "" if none */
	long		 cents;
	const char	*status;
	int		 refund;
	time_t		 created;
	time_t		 decided;	/* 0 if not */
};
struct pay_list_out {
	struct pay_row	*rows;
	size_t		 n;
};
enum app_rc	app_pay_list(const struct call *, const void *in,
		    struct pay_list_out *);

#endif
