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

#endif
