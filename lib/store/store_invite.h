/*
 * Invitation tokens as the family issues them (issue 12.2, P-TOKEN):
 * share_tokens rows made, listed while pending, and cancelled. The
 * token itself is never stored: a selector and an scrypt hash of the
 * verifier (lib/app/invite.c makes them). Validating a token is the
 * provider side's (store of its own). Every read and change names the
 * patient: another patient's token id is "none such".
 */
#ifndef PORTAL_STORE_INVITE_H
#define PORTAL_STORE_INVITE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct arena;
struct db;

/* One token as the family's list shows it (never the secret). */
struct invite {
	int64_t		 id;
	int64_t		 patient_id;
	const char	*scope;		/* clinical, patient */
	int64_t		 by_account;
	const char	*invitee;	/* the provider's name, as invited */
	int64_t		 provider_id;	/* the directory entry, 0 if none */
	const char	*email;		/* where it was e-mailed, or NULL */
	int64_t		 created;
	int64_t		 expires;
};

struct invite_new {
	const char	*selector;	/* the first 6 symbols */
	const char	*vhash;		/* auth_hash of the last 10 */
	int64_t		 patient;
	const char	*scope;
	int64_t		 by;		/* the family account */
	const char	*invitee;
	int64_t		 provider;	/* 0: not from the directory */
	const char	*email;		/* NULL: not e-mailed */
	time_t		 now;
	time_t		 expires;
};

/* Stores a new token: its id; 0 if the selector is taken (draw again);
 * -1 on error. */
int64_t	store_invite_create(struct db *, const struct invite_new *);
/* The tokens of patient still pending at now (not used, not cancelled,
 * not expired, fewer than tries wrong MRNs), newest first. 0 or -1. */
int	store_invite_pending(struct db *, struct arena *, int64_t patient,
	    time_t now, long tries, struct invite **out, size_t *n);
/* Token id of patient, pending as above, into *out: 1, 0, -1. */
int	store_invite_get(struct db *, struct arena *, int64_t id,
	    int64_t patient, time_t now, long tries, struct invite *out);
/* Cancels token id of patient by family account by, if not yet used or
 * cancelled: 1, 0 (none such), -1. */
int	store_invite_revoke(struct db *, int64_t id, int64_t patient,
	    int64_t by, time_t now);

#endif
