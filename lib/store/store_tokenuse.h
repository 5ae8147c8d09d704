/*
 * Invitation tokens as a provider uses them (P-TOKEN 1-3): one looked up
 * by its selector with the MRN of its patient, a wrong MRN counted on it,
 * and its use. Issuing them is the family's side (F-SHARE 2).
 */
#ifndef PORTAL_STORE_TOKENUSE_H
#define PORTAL_STORE_TOKENUSE_H

#include <stdint.h>
#include <time.h>

struct arena;
struct db;

struct share_token {
	int64_t		 id;
	const char	*verifier_hash;
	int64_t		 patient_id;
	const char	*mrn;		/* the patient's */
	const char	*scope;		/* clinical, patient */
	int64_t		 by_account;
	int64_t		 expires;
	long		 tries;
	int64_t		 used;		/* 0 if not */
	int64_t		 revoked;	/* 0 if not */
};

/* The token with selector: 1 and *out, 0 if none, -1 on error. */
int	store_tokenuse_get(struct db *, struct arena *, const char *selector,
	    struct share_token *out);
/* Counts one validation with a wrong MRN on token id. 0 or -1. */
int	store_tokenuse_try(struct db *, int64_t id);
/* Marks token id used by provider-portal account by, if it is still
 * unused, not revoked and has had fewer than tries wrong MRNs: 1, 0 if
 * not (someone was first, or wrong tries voided it), -1. */
int	store_tokenuse_use(struct db *, int64_t id, int64_t by, time_t now,
	    long tries);

#endif
