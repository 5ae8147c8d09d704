/*
 * The provider directory as a family searches it (issue 12.2, F-SHARE
 * 1): by family-name prefix (the indexed family_key), given-name prefix,
 * specialty (contains), town, or NPI; one entry by id; the patient's PCP
 * on file; and whether an entry has an approved provider-portal account
 * (and its address). No LIKE: every comparison is on lower-cased text
 * with substr and replace, so '%' and '_' are plain characters and
 * PostgreSQL's collations do not matter.
 */
#ifndef PORTAL_STORE_DIRECTORY_H
#define PORTAL_STORE_DIRECTORY_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;

/* One directory entry, with whether it uses the provider portal. */
struct dir_entry {
	int64_t		 id;
	const char	*npi;		/* NULL if none */
	const char	*given;
	const char	*family;
	const char	*credential;	/* each NULL if unknown */
	const char	*specialty;
	const char	*organization;
	const char	*city;
	const char	*state;
	const char	*email;		/* the directory's address, if any */
	int		 portal;	/* an approved provider account is this
					 * entry's (provider_accounts.provider_id) */
};

/* What to search for: each "" when not asked; text already lower case
 * (npi as its 10 digits). */
struct dir_query {
	const char	*family;	/* prefix of the family name */
	const char	*given;		/* prefix of the given name */
	const char	*specialty;	/* contained in the specialty */
	const char	*city;		/* prefix of the town */
	const char	*npi;		/* exactly */
};

/*
 * Entries matching every part of q asked, by family then given name, at
 * most max of them (the caller asks one more than it shows to know there
 * are more). 0 or -1.
 */
int	store_dir_search(struct db *, struct arena *, const struct dir_query *q,
	    size_t max, struct dir_entry **out, size_t *n);
/* Entry id into *out: 1, 0 (none such), -1. */
int	store_dir_get(struct db *, struct arena *, int64_t id,
	    struct dir_entry *out);
/* The PCP on file of patient (patients.pcp_id) into *out: 1, 0 (none
 * on file), -1. */
int	store_dir_pcp(struct db *, struct arena *, int64_t patient,
	    struct dir_entry *out);
/* The e-mail address of the approved provider account whose directory
 * entry is id, into *email (arena): 1, 0 (the entry has none), -1. */
int	store_dir_account_email(struct db *, struct arena *, int64_t id,
	    const char **email);

#endif
