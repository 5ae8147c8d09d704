/*
 * A family account holder and the grants on one of their patients
 * (issue 12: F-SHARE 1, 3): who the caller is to the patient for the
 * sharing rules (policy_share.h), and revoking a grant, which the list
 * of providers with access and "who has seen" both offer.
 */
#ifndef PORTAL_APP_GRANT_H
#define PORTAL_APP_GRANT_H

#include <stdint.h>

#include "app.h"
#include "policy_share.h"
#include "store_access.h"
#include "store_patients.h"

struct call;

struct grant_holder {
	struct patient		 patient;
	enum access_level	 level;	/* the caller's access today */
	enum hold_role		 role;
	enum share_scope	 scope;	/* what a share of theirs carries;
					 * SCOPE_NONE: they may not share */
};

/*
 * The calling family account as a holder of patient: 1 and *h if it has
 * access today (h->scope may still be SCOPE_NONE); 0 if not, or no such
 * patient (one answer); -1 on error. Reads within the caller's
 * transaction, if any; writes no audit row.
 */
int	grant_holder(const struct call *, int64_t patient, struct grant_holder *h);
/* 1 if the holder sees (and may revoke) grant g (policy_share_sees). */
int	grant_visible(const struct grant_holder *h, const struct grant *g);

enum grant_refusal {
	GRANT_OK,
	GRANT_NOT_SEEN,		/* not the caller's patient today (one answer
				 * with "no such patient") */
	GRANT_NONE,		/* no such grant in force on that patient, or
				 * not one the caller sees */
};

struct grant_revoke_in {
	int64_t		 patient;
	int64_t		 grant;
};
struct grant_revoke_out {
	enum grant_refusal	 why;
	struct grant		 g;	/* the grant revoked (for the page) */
};
/*
 * Revokes a grant (disinvite, F-SHARE 1): effective at the provider's
 * next request, since every provider request asks paccess again. APP_OK
 * after the row share.revoke (detail "grant=N how scope"), in one
 * transaction with the change; APP_REFUSED with out->why after the row
 * share.revoke_refused; APP_BUSY, APP_ERROR.
 */
enum app_rc	app_grant_revoke(const struct call *,
		    const struct grant_revoke_in *, struct grant_revoke_out *);

#endif
