/*
 * "Who has seen the record" (issue 12.8): the audit rows of one patient
 * written by providers, sponsored users and staff, newest first, and who
 * those actors are. Nothing here decides which rows the family is shown:
 * policy_seen.h does.
 */
#ifndef PORTAL_STORE_SEEN_H
#define PORTAL_STORE_SEEN_H

#include <stddef.h>
#include <stdint.h>

#include "store_audit.h"

struct arena;
struct db;

/*
 * Up to max audit rows on patient with an id below before (0: from the
 * newest), whose actor is a provider, a sponsored user or staff member,
 * newest first (id, at, actor, action, detail; addr, prev, hash NULL).
 * 0 or -1.
 */
int	store_seen_rows(struct db *, struct arena *, int64_t patient,
	    int64_t before, size_t max, struct audit_row **out, size_t *n);

/* Who a provider-portal account is, for the family's page. */
struct seen_who {
	const char	*given;
	const char	*family;
	const char	*credential;	/* NULL if none */
	const char	*kind;		/* provider, sponsored */
	int64_t		 sponsor_id;	/* a sponsored user's, else 0 */
	int64_t		 provider_id;	/* the directory entry, 0 if none */
	const char	*organization;	/* the directory entry's, else the
					 * practice's name; NULL if neither */
};
/* Provider-portal account id: 1 and *out, 0 if none, -1. */
int	store_seen_provider(struct db *, struct arena *, int64_t id,
	    struct seen_who *out);

#endif
