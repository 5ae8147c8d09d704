/* Sessions, stored by the SHA-256 of their token. */
#ifndef PORTAL_STORE_SESS_H
#define PORTAL_STORE_SESS_H

#include <stdint.h>
#include <time.h>

struct db;

/* A stored session (the cookie holds the token; only its hash is kept). */
enum sess_kind { SESS_FAMILY, SESS_STAFF, SESS_PROVIDER, SESS_SPONSORED,
    SESS__MAX };

/* How far the sign-in went (issue 11.6): signed in; the password was
 * right and the second factor is to come; the password was right and a
 * second factor must be set up first (the hospital requires one). */
enum sess_stage { SESS_IN, SESS_MFA, SESS_ENROL, SESS_STAGE__MAX };

struct sess {
	int64_t		 s_id;
	enum sess_kind	 s_kind;
	enum sess_stage	 s_stage;
	int64_t		 s_principal;	/* accounts.id, staff.id or
					 * provider_accounts.id */
	time_t		 s_created;
	time_t		 s_seen;
	unsigned char	 s_hash[32];	/* SHA-256 of the cookie's token */
	int64_t		 s_patient;	/* family: the patient last shown
					 * (issue 15.1), 0 if none; a default
					 * only, never trusted */
};

/* The new session's id, or -1. */
int64_t	store_sess_create(struct db *, enum sess_kind, enum sess_stage,
	    int64_t principal, const unsigned char hash[32], time_t now,
	    const char *addr);
/* 1 and *out filled if a session has this hash, 0 if none, -1 on error. */
int	store_sess_get(struct db *, const unsigned char hash[32], struct sess *out);
int	store_sess_touch(struct db *, int64_t id, time_t now);
int	store_sess_delete(struct db *, int64_t id);
/* Ends every session of one account or staff member (password reset,
 * a provider-portal account suspended or revoked). */
int	store_sess_delete_principal(struct db *, enum sess_kind, int64_t principal);
/* Remembers the patient a family session last showed (0: none). */
int	store_sess_patient(struct db *, int64_t id, int64_t patient);
/* Removes sessions idle since before idle_before or made before
 * created_before; returns how many, or -1. */
int	store_sess_purge(struct db *, time_t idle_before, time_t created_before);

#endif
