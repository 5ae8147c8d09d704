/*
 * Second factors (sql/012 mfa, recovery_codes): a TOTP secret per family
 * or provider-portal account, sealed by the application (never stored in
 * the clear), and its one-time recovery codes, hashed.
 */
#ifndef PORTAL_STORE_MFA_H
#define PORTAL_STORE_MFA_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct arena;
struct db;

struct mfa_row {
	const unsigned char	*secret;	/* sealed (arena) */
	size_t			 secret_len;
	int64_t			 enabled;	/* when confirmed; 0 while enrolling */
	int64_t			 last_step;	/* last TOTP step accepted */
};

/* kind: "family" or "provider". 1 and *out, 0 if none, -1 on error. */
int	store_mfa_get(struct db *, struct arena *, const char *kind,
	    int64_t principal, struct mfa_row *out);

/*
 * Starts an enrolment: stores the sealed secret, not yet enabled,
 * replacing an enrolment never confirmed. 1, 0 if the account has a
 * factor in use (nothing changed), -1 on error.
 */
int	store_mfa_start(struct db *, const char *kind, int64_t principal,
	    const unsigned char *sealed, size_t len, time_t now);
/* Confirms the enrolment with the first code's step (taken: last_step).
 * 1, 0 if there is no enrolment waiting (or the step is not newer), -1. */
int	store_mfa_confirm(struct db *, const char *kind, int64_t principal,
	    int64_t step, time_t now);
/* Takes step: one UPDATE ... WHERE last_step < step, so of two requests
 * with the same code only one wins. 1 taken, 0 not (an older or the
 * same step, or no factor in use), -1 on error. */
int	store_mfa_take_step(struct db *, const char *kind, int64_t principal,
	    int64_t step);
/* Removes the factor and its recovery codes (run in a transaction). */
int	store_mfa_delete(struct db *, const char *kind, int64_t principal);

/* A recovery code not yet used: its id and auth_hash. */
struct recovery_row {
	int64_t		 id;
	const char	*code_hash;
};
/* Replaces every recovery code of the account by hashes[0..n) (run in a
 * transaction). 0 or -1. */
int	store_recovery_replace(struct db *, const char *kind, int64_t principal,
	    const char *const *hashes, size_t n);
/* The unused codes (arena array). 0 or -1. */
int	store_recovery_list(struct db *, struct arena *, const char *kind,
	    int64_t principal, struct recovery_row **out, size_t *n);
/* Marks a code used, if it still is not: 1 taken, 0 already used, -1. */
int	store_recovery_use(struct db *, int64_t id, time_t now);

#endif
