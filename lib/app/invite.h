/*
 * Making an invitation token (P-TOKEN, issue 12.2): the same shape as
 * the activation tokens (secret.h): 16 symbols of Crockford's base32,
 * printed "XXXX-XXXX-XXXX-XXXX"; the first 6 are the selector, stored
 * plain, the last 10 the verifier, stored as auth_hash. It expires
 * invite_token_months calendar months after it was issued.
 */
#ifndef PORTAL_INVITE_H
#define PORTAL_INVITE_H

#include <time.h>

struct arena;
struct conf;

struct invite_secret {
	char	*text;		/* as printed, for the page and the e-mail */
	char	*selector;
	char	*vhash;
};

/* A new token, made ahead of the transaction that stores it so that the
 * slow hash does not run while the database is locked for writing. */
void	invite_secret_make(struct arena *, const struct conf *,
	    struct invite_secret *out);
/* The moment months calendar months after t, local time (the 31st of a
 * shorter month becomes its last day). */
time_t	invite_expiry(time_t t, long months);

#endif
