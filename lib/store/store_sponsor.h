/*
 * A sponsor's users (issue 11.5): the sponsored provider_accounts rows
 * of one sponsor, read and changed only together with the sponsor's id,
 * so that no statement here reaches another sponsor's user; and the
 * hospital's switch of a clinician's sponsorship privileges. Creating
 * an account is store_provider_create.
 */
#ifndef PORTAL_STORE_SPONSOR_H
#define PORTAL_STORE_SPONSOR_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;

struct sponsored_user {
	int64_t		 id;
	const char	*given;
	const char	*family;
	const char	*email;
	const char	*staff_kind;	/* nurse referral office other */
	const char	*status;	/* approved suspended revoked */
	int		 has_password;	/* chose one through the setup link */
	int64_t		 created;
};

/* The sponsor's users (arena), revoked ones last, then by name. 0 or -1. */
int	store_sponsor_users(struct db *, struct arena *, int64_t sponsor,
	    struct sponsored_user **out, size_t *n);
/* User id if the sponsor sponsors it: 1 and *out; 0 if not (or no such
 * account); -1 on error. */
int	store_sponsor_user(struct db *, struct arena *, int64_t sponsor,
	    int64_t id, struct sponsored_user *out);
/* Sets the user's status from `from` to `to`, if the sponsor sponsors it
 * and its status is still `from`: 1 if changed, 0 if not, -1 on error. */
int	store_sponsor_set_status(struct db *, int64_t sponsor, int64_t id,
	    const char *from, const char *to);
/* Ends every session of the sponsor's users. 0 or -1. */
int	store_sponsor_end_sessions(struct db *, int64_t sponsor);
/* Grants (1) or takes back (0) a clinician's sponsorship privileges; a
 * sponsored user is never changed. 1 if changed, 0 if no such
 * clinician, -1 on error. */
int	store_sponsor_grant(struct db *, int64_t id, int granted);

#endif
