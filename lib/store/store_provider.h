/*
 * Provider-portal accounts (sql/012): registered clinicians and the staff
 * they sponsor. This file reads them and changes their standing; the
 * application's other steps have their own stores.
 */
#ifndef PORTAL_STORE_PROVIDER_H
#define PORTAL_STORE_PROVIDER_H

#include <stdint.h>
#include <time.h>

struct arena;
struct db;

struct provider_account {
	int64_t		 id;
	const char	*kind;		/* provider, sponsored */
	const char	*email;
	const char	*given;
	const char	*family;
	const char	*phone;
	const char	*status;	/* pending approved rejected suspended revoked */
	const char	*pw_hash;	/* NULL until chosen */
	int64_t		 pw_changed;	/* 0 if never */
	const char	*sso_user;	/* Children's ID, or NULL */
	const char	*npi;		/* a clinician's */
	const char	*credential;
	const char	*specialty;
	int		 hospital;
	int64_t		 practice_id;	/* 0 if none */
	int64_t		 provider_id;	/* the directory entry, 0 if none */
	int		 sponsor_asked;
	int		 sponsor_granted;
	int64_t		 sponsor_id;	/* a sponsored user's sponsor, else 0 */
	const char	*staff_kind;	/* a sponsored user's: nurse referral office other */
	/* For a sponsored user, the sponsor's standing (else NULL, 0). */
	const char	*sponsor_status;
	int		 sponsor_privileges;
	int64_t		 created;
};

/* 1 and *out if found, 0 if not, -1 on error (strings in the arena). */
int	store_provider_by_id(struct db *, struct arena *, int64_t id,
	    struct provider_account *out);
int	store_provider_by_email(struct db *, struct arena *, const char *email,
	    struct provider_account *out);
int	store_provider_by_npi(struct db *, struct arena *, const char *npi,
	    struct provider_account *out);
int	store_provider_by_sso(struct db *, struct arena *, const char *user,
	    struct provider_account *out);
/* A new account from n's kind, email, given, family, phone, status,
 * pw_hash (pw_changed is now if one is given), sso_user, npi, credential,
 * specialty, hospital, practice_id, sponsor_asked, sponsor_granted,
 * sponsor_id and staff_kind (ids of 0 and NULL texts stored as NULL).
 * Its id, or -1 (an address, NPI or Children's ID already on file). */
int64_t	store_provider_create(struct db *, const struct provider_account *n,
	    time_t now);
/* Sets the account's status (approved suspended revoked ...). 0 or -1. */
int	store_provider_set_status(struct db *, int64_t id, const char *status);
/* Sets the password hash and when it changed. 0 or -1. */
int	store_provider_set_password(struct db *, int64_t id, const char *pw_hash,
	    time_t now);

#endif
