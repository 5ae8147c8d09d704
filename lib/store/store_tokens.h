/*
 * Single-use secrets in two parts: a selector, stored plainly to find the
 * row, and a verifier, stored only as an scrypt hash (S-3). Activation
 * tokens (printed on visit papers, for one patient) and e-mail links
 * (address verification, password reset, for one account).
 */
#ifndef PORTAL_STORE_TOKENS_H
#define PORTAL_STORE_TOKENS_H

#include <stdint.h>
#include <time.h>

struct arena;
struct db;

struct secret_row {
	int64_t		 id;
	int64_t		 owner;		/* patient (tokens) or account (links) */
	const char	*verifier_hash;
	int64_t		 expires;
	int64_t		 used;		/* 0 if unused */
	const char	*scope;		/* tokens: "family" or "self"; links: NULL */
	int64_t		 issued;	/* tokens: when issued; links: 0 */
};

/* scope: "family" (printed on the visit papers) or "self" (for the
 * patient's own account only). The new row's id, or -1. */
int64_t	store_token_create(struct db *, const char *selector, const char *vhash,
	    int64_t patient, const char *scope, time_t issued, time_t expires);
/* 1 and *out if the selector exists, 0 if not, -1 on error. */
int	store_token_get(struct db *, struct arena *, const char *selector,
	    struct secret_row *out);
/* 1 if the token was unused and is now used; 0 if it was used or voided
 * already. */
int	store_token_use(struct db *, int64_t id, time_t now);
/* Voids the token for good (too many wrong dates of birth). 0 or -1. */
int	store_token_void(struct db *, int64_t id, time_t now);
/* 1 if the token was voided, 0 if not (or no such token), -1 on error. */
int	store_token_voided(struct db *, int64_t id);

/* purpose: "verify" or "reset" (a family account, email_links), or
 * "setup" (a provider-portal account choosing its password,
 * provider_links); the owner is then that table's account. */
int64_t	store_elink_create(struct db *, const char *selector, const char *vhash,
	    int64_t account, const char *purpose, time_t now, time_t expires);
int	store_elink_get(struct db *, struct arena *, const char *selector,
	    const char *purpose, struct secret_row *out);
int	store_elink_use(struct db *, int64_t id, const char *purpose, time_t now);
/* Marks every unused link of that purpose for the account as used, so
 * only the newest works. */
int	store_elink_retire(struct db *, int64_t account, const char *purpose,
	    time_t now);
/* Marks every live (unused, unexpired) family-portal link of that
 * purpose for the account as used but the newest keep (issue 15.4). 0
 * or -1. */
int	store_elink_trim(struct db *, int64_t account, const char *purpose,
	    time_t now, long keep);

#endif
