/*
 * Secrets (S-3): passwords, activation tokens, link verifiers and pass
 * codes are stored only as "scrypt$N$r$p$salt$hash", the parameters beside
 * each hash so they can be raised later. Also the password rule (F-SIGNUP
 * 5) and throttling (S-2).
 */
#ifndef PORTAL_AUTH_H
#define PORTAL_AUTH_H

#include <stddef.h>

#include "policy_throttle.h"

struct arena;
struct conf;
struct call;
struct pwlist;

/* The stored form of secret under the configured parameters (arena). */
char		*auth_hash(struct arena *a, const struct conf *cf, const char *secret);
/* 1 if secret matches stored, else 0 (also for a malformed stored value). */
int		 auth_verify(const char *secret, const char *stored);
/* 1 if stored was made with other parameters than the configured ones. */
int		 auth_needs_rehash(const struct conf *cf, const char *stored);
/* Spends the time of one verification, for an unknown account, so the
 * answer's timing does not tell whether an address is registered. */
void		 auth_burn(const struct conf *cf, const char *secret);

enum pw_rule {
	PW_OK,
	PW_SHORT,	/* under 8 characters */
	PW_LONG,	/* over 128 characters */
	PW_NO_DIGIT,
	PW_NO_UPPER,
	PW_COMMON,	/* on the shipped list once its decoration is undone:
			 * case, trailing digits and symbols ("Sunshine1!"),
			 * look-alikes ("P@ssw0rd"), one or two letters in
			 * front of a listed number ("Aa123456") */
	PW_PERSONAL	/* contains the e-mail address's name */
};

/* Checks pw against the rule; email (may be NULL) is the account's. */
enum pw_rule	 auth_pw_rule(const struct pwlist *l, const char *pw, const char *email);
/* What to tell the person about r. */
const char	*auth_pw_message(enum pw_rule r);

/* The list of common and breached passwords, one a line ('#' comments),
 * compared in lower case. NULL with the reason in err. */
struct pwlist	*auth_pwlist_load(const char *path, char *err, size_t errsz);
void		 auth_pwlist_free(struct pwlist *);

/*
 * Throttling (S-2): the rules are policy_throttle's; these count in the
 * store and ask it. who: an e-mail address, a staff user name as
 * "staff:<name>", or an id (hashed before storing); NULL for the rules
 * counted per client address.
 */

/* Seconds before the next attempt of kind k for who (0: go ahead). */
long		 auth_wait(const struct call *c, enum thr_kind k, const char *who);
/* 1 if who has reached the limit of kind k (void and skip rules). */
int		 auth_over(const struct call *c, enum thr_kind k, const char *who);
/* Counts one event of kind k for who. 0 or -1. */
int		 auth_count(const struct call *c, enum thr_kind k, const char *who);
/* Counts one event of kind k for who and says where it stands: within
 * the limit (AUTH_WITHIN), the one that reached it (AUTH_LAST), beyond it
 * (AUTH_BEYOND); -1 on a database error. Counted first, then read: two
 * at once can both read beyond, never both within past the limit. */
enum { AUTH_WITHIN, AUTH_LAST, AUTH_BEYOND };
int		 auth_quota(const struct call *c, enum thr_kind k, const char *who);
/* Takes back one event auth_count counted (an attempt counted before it
 * was checked, so that racing guesses see each other, that was right). */
void		 auth_uncount(const struct call *c, enum thr_kind k, const char *who);

/* Sign-in to the account who: the seconds this browser and address must
 * wait (0: go ahead). device: the browser's id if it signed in to who
 * before (sess_device), else NULL. Each attempt is counted as a failure
 * before the password is checked (auth_login_attempt), so concurrent
 * guesses see each other's counts during the slow hash (issue 7.3, 7.9);
 * a success takes it back and clears the browser's or address's count
 * (auth_login_ok). */
long		 auth_login_wait(const struct call *c, const char *who,
		    const char *device);
/* 0, or -1 if an attempt could not be counted: the caller must not go
 * on to check the password (an uncounted guess escapes the limits). */
int		 auth_login_attempt(const struct call *c, const char *who,
		    const char *device);
void		 auth_login_ok(const struct call *c, const char *who,
		    const char *device);
/* After a completed password reset: clears every sign-in count of the
 * account, from every address and browser. 0 or -1. */
int		 auth_login_reset(const struct call *c, const char *who);
/* "1 minute", "15 minutes", "1 hour" (arena): seconds rounded up. */
const char	*auth_wait_text(struct arena *a, long seconds);

#endif
