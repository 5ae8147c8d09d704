/*
 * A family account's contact information (F-PROFILE 1, issue 14.1) and
 * its e-mail changes waiting for their link (email_changes: the token is
 * stored only as its SHA-256; it is 32 random bytes, so a hash without
 * salt or cost is enough to make a stolen table useless).
 */
#ifndef PORTAL_STORE_PROFILE_H
#define PORTAL_STORE_PROFILE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct arena;
struct db;

struct contact {
	const char	*email;
	const char	*address1;	/* "" when none, as every field */
	const char	*address2;
	const char	*city;
	const char	*state;
	const char	*postal;
	const char	*phone_mobile;
	const char	*phone_home;
	const char	*preferred;	/* email, mobile, home, text */
	time_t		 updated;	/* 0: never */
};

/* 1 and *out, 0 if no such account, -1. */
int	store_contact_get(struct db *, struct arena *, int64_t account,
	    struct contact *out);
/* Sets every field but the e-mail address: 1, 0 if no such account, -1. */
int	store_contact_set(struct db *, int64_t account, const struct contact *c,
	    time_t now);
/* 1 if another account than except has the address (case folded), 0, -1. */
int	store_email_taken(struct db *, const char *email, int64_t except);

struct email_change {
	int64_t		 id;
	int64_t		 account;
	const char	*email;
	time_t		 expires;
	time_t		 used;		/* 0 if not */
};

/* Retires the account's unused changes (a newer request, even one for an
 * address that cannot be used, leaves no older link working): 0 or -1. */
int	store_email_changes_retire(struct db *, int64_t account, time_t now);
/* Retires the account's unused changes (only the newest link works) and
 * stores a new one: its id, or -1. hash: 32 bytes. */
int64_t	store_email_change_new(struct db *, int64_t account, const char *email,
	    const unsigned char *hash, time_t now, time_t expires);
/* The change whose token hashes to hash: 1 and *out, 0, -1. */
int	store_email_change_get(struct db *, struct arena *,
	    const unsigned char *hash, struct email_change *out);
/* Marks it used: 1 if it was unused, 0 if not, -1. */
int	store_email_change_use(struct db *, int64_t id, time_t now);
/* Sets the account's address: 1, 0 (no such account), -1 (also when
 * another account took it meanwhile: the UNIQUE constraint). */
int	store_account_set_email(struct db *, int64_t account, const char *email,
	    time_t now);

#endif
