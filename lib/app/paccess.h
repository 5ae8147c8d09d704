/*
 * Who sees which patient in the provider portal (issue 12: P-ACCESS 1,
 * P-SPONSOR 1), for every provider operation: the viewer (the caller's
 * account, and whose grounds count: a sponsored user's sponsor's), and
 * for one patient the ground and scope the policy gives. The store's
 * facts, policy_provider's verdict; no audit row of its own (the
 * operation that shows something writes it, with paccess_detail).
 */
#ifndef PORTAL_APP_PACCESS_H
#define PORTAL_APP_PACCESS_H

#include <stdint.h>

#include "policy_record.h"
#include "store_access.h"
#include "store_patients.h"
#include "store_provider.h"

struct call;

struct pviewer {
	struct provider_account	 acct;	/* the caller's own account */
	struct provider_account	 eff;	/* whose grounds count: the caller,
					 * or a sponsored user's sponsor */
	struct provider_rel	 base;	/* the account half of the rules
					 * (active, sponsored, ...) */
};

/* The caller as a viewer: 1 and *v; 0 if the caller is not a provider or
 * sponsored user on file; -1 on error. */
int	paccess_viewer(const struct call *, struct pviewer *v);

struct paccess {
	struct patient		 patient;	/* filled whenever it exists */
	enum provider_access	 ground;	/* PROVIDER_NONE: not authorized */
	enum share_scope	 scope;		/* what the viewer sees of it */
	int64_t			 since;		/* oldest grant in force, 0 if none */
};

/*
 * Whether viewer v sees patient now: 1 (out->ground and scope say how),
 * 0 if not (out->patient filled if the patient exists, else zeroed: the
 * caller gives one answer for both where ids come from outside), -1 on
 * error. Asks the store within the caller's transaction, if any.
 */
int	paccess_patient(const struct call *, const struct pviewer *v,
	    int64_t patient, struct paccess *out);
/* The same for a patient already read (search results): 1, 0, -1. */
int	paccess_of(const struct call *, const struct pviewer *v,
	    const struct patient *p, struct paccess *out);
/* "pcp clinical", "share patient", "none none": the ground and the scope
 * of a view, as the audit rows of provider views carry them (the
 * family's "who has seen" reads the scope back: paccess_detail_scope). */
const char	*paccess_detail(const struct call *, const struct paccess *);
/* The scope a detail written by paccess_detail names (SCOPE_NONE if none). */
enum share_scope paccess_detail_scope(const char *detail);

#endif
