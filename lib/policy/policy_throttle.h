/*
 * How often people may try (S-2, F-SIGNUP 2, 6): the throttle rules as one
 * table, and pure functions of (rule, count, times, now). No SQL and no
 * clock: lib/auth counts in the store and asks here. Every rule has rows
 * in tests/unit/test_policy_throttle.c; `portalctl policy` prints them.
 */
#ifndef PORTAL_POLICY_THROTTLE_H
#define PORTAL_POLICY_THROTTLE_H

#include <stddef.h>
#include <stdio.h>
#include <time.h>

struct conf;

enum thr_kind {
	THR_LOGIN,		/* wrong passwords: one account, from one
				 * address, or from one browser that signed
				 * in to it before */
	THR_LOGIN_ACCOUNT,	/* wrong passwords: one account, from every
				 * browser that never signed in to it */
	THR_LOGIN_ADDRESS,	/* wrong passwords: one address, any account */
	THR_TOKEN_DOB,		/* wrong dates of birth: one activation token,
				 * from anywhere */
	THR_PROOF_ADDRESS,	/* wrong tokens or dates of birth: one address */
	THR_QUEUE_ADDRESS,	/* MRN requests queued from one address */
	THR_QUEUE_ACCOUNT,	/* MRN requests of one account waiting for staff */
	THR_MAIL_SIGNUP,	/* "sign-up attempt" e-mails to one address */
	THR_MAIL_RESET,		/* password-reset e-mails to one address */
	THR_MAIL_PASS_CODE,	/* provider portal: pass-code e-mails to one
				 * account */
	THR_PASS_CODE_ASK,	/* provider portal: pass codes asked for from
				 * one address, any account */
	THR_PASS_CODE_WRONG,	/* provider portal: wrong pass codes or
				 * security answers from one address */
	THR_APPLY_ADDRESS,	/* provider portal: applications (with their
				 * documents) sent from one address */
	THR_MFA,		/* wrong second-factor codes (TOTP or recovery
				 * codes) for one account, from anywhere */
	THR_PATIENT_SEARCH,	/* provider portal: patient searches of one
				 * user (conf patient_search_hour) */
	THR_TOKEN_VALIDATE,	/* provider portal: invitation tokens one
				 * user validates, right or wrong */
	THR_SHARE_TOKEN,	/* family portal: invitation tokens one
				 * account issues (each may e-mail an
				 * address typed) */
	THR_CONTACT_ADDRESS,	/* contact-form messages to support from one
				 * address (issue 15.6) */
	THR_CONTACT_SENDER,	/* contact-form messages from one account, or
				 * one e-mail address typed when signed out */
	THR_PAY_FORGED,		/* payment results whose signature fails, from
				 * one address: beyond, refused unaudited */
	THR_PAY_FORGED_ALL,	/* the same from all addresses together */
	THR_PAY_REPEAT,		/* signed payment results that change nothing
				 * (repeats, refusals), for one reference:
				 * beyond, answered as before, unaudited */
	THR__MAX
};

/* What happens once the count reaches the limit. */
enum thr_then {
	THEN_DELAY,	/* each further attempt waits longer (the schedule) */
	THEN_WAIT,	/* refused until the window is over */
	THEN_VOID,	/* the token is voided for good */
	THEN_SKIP,	/* the e-mail is not sent, or the audit row not
			 * written; the page reads the same */
	THEN__MAX
};

struct thr_rule {
	const char	*tr_key;	/* key prefix in the store */
	const char	*tr_counts;	/* what is counted (for the printout) */
	long		 tr_limit;	/* events allowed before the rule acts */
	long		 tr_window;	/* seconds a count lasts from its first
					 * event; 0: counted in the store (the
					 * requests still waiting) */
	enum thr_then	 tr_then;
};

/*
 * The rule for k, with the configured numbers where portal.conf has them
 * (login_fail_account for THR_LOGIN; login_fail_address and login_window
 * for THR_LOGIN_ADDRESS; token_lifetime_days for THR_TOKEN_DOB; patient_search_hour for
 * THR_PATIENT_SEARCH). cf may
 * be NULL: the defaults.
 */
void		 policy_throttle_rule(enum thr_kind k, const struct conf *cf,
		    struct thr_rule *out);
/* 1 if count events have reached r's limit, else 0. */
int		 policy_throttle_over(const struct thr_rule *r, long count);
/*
 * Seconds to wait, at now, before the next attempt under r after count
 * events in the window that began at since, the latest at last; 0: go
 * ahead. THEN_DELAY: the schedule's delay for the count, from last;
 * THEN_WAIT: until the window is over; THEN_VOID and THEN_SKIP never wait
 * (ask policy_throttle_over).
 */
long		 policy_throttle_wait(const struct thr_rule *r, long count,
		    time_t since, time_t last, time_t now);
/* The delay after the n-th counted event beyond the limit (n >= 1):
 * 1, 2, 5, 15, 30 minutes, then an hour each. */
long		 policy_throttle_delay(long n);
/*
 * The client address as the per-address rules count it, written into out
 * (outsz bytes; 64 is always enough) and returned: an IPv4 address as
 * given; an IPv6 address by its /64 network ("2001:db8:1:2::/64"), since
 * one connection is commonly given a whole /64 and could otherwise count
 * each address apart; an IPv4-mapped IPv6 address as the IPv4 address; a
 * zone (%eth0) left out. Anything else (NULL, empty, not an address) is
 * "unknown" plus what was given, cut to fit.
 */
const char	*policy_throttle_addr(const char *addr, char *out, size_t outsz);
/* Prints the rules in force (cf: the configuration, may be NULL). */
void		 policy_throttle_print(FILE *out, const struct conf *cf);

#endif
