/*
 * Making and checking the two-part single-use secrets of store_tokens:
 * e-mail links ("selector.verifier", 9 + 24 random bytes in base64url)
 * and printed activation tokens (16 Crockford base32 symbols: 6 of
 * selector, 10 of verifier, 50 random bits against guessing, with
 * throttling in front).
 */
#ifndef PORTAL_SECRET_H
#define PORTAL_SECRET_H

#include <stdint.h>
#include <time.h>

#include "policy_secret.h"
#include "store_tokens.h"

struct arena;
struct conf;
struct db;

/* A link secret made ahead of the transaction that stores it, so the
 * slow hash does not run while the database is locked for writing. */
struct link_secret {
	char	*text;		/* "selector.verifier", for the e-mail */
	char	*selector;
	char	*vhash;
};

void		 secret_link_make(struct arena *, const struct conf *,
		    struct link_secret *out);
/* Stores s for account (older unused links of the purpose stop working).
 * 0 or -1. */
int		 secret_link_store(struct db *, const struct link_secret *s,
		    int64_t account, const char *purpose, time_t now, long lifetime);
/*
 * Stores s for account beside the account's other live links of the
 * purpose, up to keep of them (the oldest beyond stop working): an
 * earlier e-mail's link keeps working (issue 15.4). The link cannot be
 * sent again instead, as only its hash is kept (S-3). 0 or -1.
 */
int		 secret_link_add(struct db *, const struct link_secret *s,
		    int64_t account, const char *purpose, time_t now,
		    long lifetime, long keep);
/* Live verification and reset links an account keeps (secret_link_add);
 * a reset or a confirmed address ends them all. Reset e-mails are
 * throttled (THR_MAIL_RESET) besides. */
#define SECRET_VERIFY_LIVE	5
#define SECRET_RESET_LIVE	3
/* Checks a link secret: the store's facts, policy_secret's verdict
 * (SECRET_OK, _BAD, _USED or _EXPIRED); on SECRET_OK *out holds the row. */
enum secret_state secret_link_check(struct db *, struct arena *, const char *text,
		    const char *purpose, time_t now, struct secret_row *out);
/* A new activation token for patient, as printed: "ABCD-EFGH-JKMN-PQRS";
 * scope "family" or "self" (store_token_create). NULL on failure. */
char		*secret_token_new(struct db *, struct arena *, const struct conf *,
		    int64_t patient, const char *scope, time_t now);

#endif
