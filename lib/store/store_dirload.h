/*
 * The provider directory's loading (issue 12.1): entries from the NPPES
 * file (portalctl providers import), entries a C-CDA document names as a
 * patient's PCP, and the PCP on file itself (patients.pcp_id). Searching
 * the directory is store_directory's.
 */
#ifndef PORTAL_STORE_DIRLOAD_H
#define PORTAL_STORE_DIRLOAD_H

#include <stdint.h>
#include <time.h>

struct arena;
struct db;

/* One directory entry as a source gives it (NULL: the source has none). */
struct dir_entry {
	const char	*npi;
	const char	*given;
	const char	*family;
	const char	*credential;
	const char	*specialty;
	const char	*organization;
	const char	*address;
	const char	*city;
	const char	*state;
	const char	*postal;
	const char	*phone;
};

/* What store_dir_upsert did. */
enum dir_upsert {
	DIR_ADDED,
	DIR_UPDATED,
	DIR_UNCHANGED,
	DIR_FILLED,	/* an entry of another source: only empty fields set */
};

/*
 * Adds or updates the entry with e->npi from the NPPES file (source
 * 'nppes'). An entry of source 'nppes' or 'cda' takes the file's fields;
 * an entry the hospital made (an approved provider account, 'hospital' or
 * 'account') keeps what it has and gets only the fields it lacks. 0 and
 * *what, or -1.
 */
int	store_dir_upsert(struct db *, const struct dir_entry *e, time_t now,
	    enum dir_upsert *what);
/*
 * The entry with e->npi, made with source (e.g. "cda") if there is none:
 * its id (and *made 1 if new), or -1. An existing entry is not changed.
 */
int64_t	store_dir_ensure(struct db *, const struct dir_entry *e,
	    const char *source, time_t now, int *made);
/* The entry with npi: 1 and *id, 0 if none, -1. */
int	store_dir_by_npi(struct db *, const char *npi, int64_t *id);
/*
 * Links provider-portal account to its directory entry provider, and the
 * entry to the account's practice (0: none) where it has none: what the
 * approval of an application does (the demo, tests). 0 or -1.
 */
int	store_dir_link_account(struct db *, int64_t account, int64_t provider,
	    int64_t practice);
/* The PCP on file of patient: 1 and *provider (0 if none), 0 if no such
 * patient, -1. */
int	store_pcp_get(struct db *, int64_t patient, int64_t *provider);
/* Sets the PCP on file of patient to directory entry provider (0: none).
 * 1, 0 if no such patient, -1. */
int	store_pcp_set(struct db *, int64_t patient, int64_t provider);

#endif
