/*
 * Providers' access requests (access_requests, issue 12: P-ACCESS 2),
 * listed and decided: the staff's PCP requests (kind 'pcp') and the
 * family's non-PCP ones ('share'). Making a request is the provider
 * pages'. A decision is taken once: the UPDATE names status 'pending',
 * so of two the first wins and the second changes nothing.
 */
#ifndef PORTAL_STORE_AREQ_H
#define PORTAL_STORE_AREQ_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct arena;
struct db;

/* One request with who asked, whose access it would be, the patient and
 * the patient's PCP on file. */
struct areq {
	int64_t		 id;
	int64_t		 patient_id;
	int64_t		 account_id;	/* who asked (provider_accounts) */
	int64_t		 provider_id;	/* whose access: a directory entry */
	const char	*kind;		/* pcp, share */
	const char	*status;	/* pending, approved, declined */
	int64_t		 created;
	/* Who asked: */
	const char	*asker_kind;	/* provider, sponsored */
	const char	*asker_given, *asker_family, *asker_email;
	/* The directory entry: */
	const char	*npi, *given, *family, *credential, *specialty;
	const char	*organization, *address, *city, *state, *postal;
	const char	*phone;
	/* The patient and the PCP on file (pcp_id 0: none): */
	const char	*mrn, *pt_given, *pt_family, *dob;
	int64_t		 pcp_id;
	const char	*pcp_given, *pcp_family, *pcp_credential, *pcp_npi;
};

/* Pending requests of kind ("pcp", "share") on patient (0: any), oldest
 * first, at most limit: 0, or -1. */
int	store_areq_pending(struct db *, struct arena *, const char *kind,
	    int64_t patient, long limit, struct areq **out, size_t *n);
/* How many requests of kind are pending on patient (0: any): 0, or -1. */
int	store_areq_count(struct db *, const char *kind, int64_t patient,
	    int64_t *n);
/* Request id of kind, whatever its status: 1 and *out, 0 none, -1. */
int	store_areq_get(struct db *, struct arena *, int64_t id,
	    const char *kind, struct areq *out);
/*
 * Decides pending request id: status "approved" or "declined", by family
 * account by (0: a staff member, named by the audit row), with the grant
 * share (0: none). 1 if it was pending and is now decided, 0 if it was
 * not pending (decided before: nothing changed), -1.
 */
int	store_areq_decide(struct db *, int64_t id, const char *status,
	    int64_t by, int64_t share, time_t now);

#endif
