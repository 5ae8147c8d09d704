/*
 * The relationship data of the provider rules (policy_provider, issue
 * 12): a patient's PCP on file and the grants a family made (shares,
 * validated tokens, approved requests) to a directory entry, until
 * revoked. Nothing here decides who sees what.
 */
#ifndef PORTAL_STORE_ACCESS_H
#define PORTAL_STORE_ACCESS_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct arena;
struct db;

/* What the store knows of one directory entry and one patient's PCP
 * (the grants: store_grant_list_to, each judged by its giver). */
struct access_facts {
	int	 pcp;		/* the entry is the patient's PCP on file */
	int	 practice_pcp;	/* the PCP on file is of practice (not 0) */
};

/*
 * The facts for directory entry provider (0: none, as for an account
 * without one) of practice (0: none) and patient. 0, or -1 on error.
 */
int	store_access_facts(struct db *, int64_t provider, int64_t practice,
	    int64_t patient, struct access_facts *out);

/* One grant in force, with the directory entry it is to. */
struct grant {
	int64_t		 id;
	int64_t		 patient_id;
	int64_t		 provider_id;
	const char	*how;		/* share, token, request */
	const char	*scope;		/* clinical, patient */
	int64_t		 by_account;
	int64_t		 created;
	/* The directory entry: */
	const char	*given;
	const char	*family;
	const char	*credential;
	const char	*specialty;
	const char	*organization;
	const char	*city;
	const char	*phone;
};

/*
 * A new grant of how ("share", "token", "request") and scope
 * ("clinical", "patient") on patient to directory entry provider, made
 * by family account by (token: the token it came from, else 0). Its id;
 * 0 if an equal grant (same patient, entry and scope) is already in
 * force; -1 on error.
 */
int64_t	store_grant_create(struct db *, int64_t patient, int64_t provider,
	    const char *how, const char *scope, int64_t by, int64_t token,
	    time_t now);
/* The grants in force on patient, newest first. 0 or -1. */
int	store_grant_list(struct db *, struct arena *, int64_t patient,
	    struct grant **out, size_t *n);
/* Grant id, in force, on patient, into *out: 1, 0 (none such), -1. */
int	store_grant_get(struct db *, struct arena *, int64_t id,
	    int64_t patient, struct grant *out);
/* The grant in force on patient to provider of scope: 1, 0, -1. */
int	store_grant_equal(struct db *, struct arena *, int64_t patient,
	    int64_t provider, const char *scope, struct grant *out);
/* The grants in force on patient to directory entry provider: 0 or -1. */
int	store_grant_list_to(struct db *, struct arena *, int64_t provider,
	    int64_t patient, struct grant **out, size_t *n);
/* Revokes grant id on patient by family account by: 1, 0 if there was
 * no such grant in force on that patient, -1. */
int	store_grant_revoke(struct db *, int64_t id, int64_t patient,
	    int64_t by, time_t now);

#endif
