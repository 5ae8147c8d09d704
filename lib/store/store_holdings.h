/*
 * An account's holdings in one query: every patient the account holds,
 * with the patient's details and the link's, which is everything the
 * access policy needs for the patient switcher and the record pages
 * (issue 8.4). Nothing here decides access: the caller asks
 * policy_access for each row.
 */
#ifndef PORTAL_STORE_HOLDINGS_H
#define PORTAL_STORE_HOLDINGS_H

#include <stddef.h>
#include <stdint.h>

#include "store_patients.h"

struct arena;
struct db;

struct held {
	struct patient	 patient;
	const char	*role;		/* account_patients.role, as stored */
	const char	*status;	/* active, pending, rejected */
	int		 on_file;	/* the relation the link was made through
					 * is still on file for the patient */
};

/* Every patient the account holds, whatever the link's status, active
 * first then by name, into *out (arena): 0, or -1 on error. */
int	store_holdings_all(struct db *, struct arena *, int64_t account,
	    struct held **out, size_t *n);

#endif
