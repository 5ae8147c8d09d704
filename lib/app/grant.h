/*
 * A family account holder and the grants on one of their patients
 * (issue 12: F-SHARE 1, 3): who the caller is to the patient for the
 * sharing rules (policy_share.h), and revoking a grant, which the list
 * of providers with access and "who has seen" both offer.
 */
#ifndef PORTAL_APP_GRANT_H
#define PORTAL_APP_GRANT_H

#include <stddef.h>
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
/*
 * 1 if family account giver may still give what a grant of scope gives
 * on patient today (policy_share_scope of their holding is at least the
 * scope): a grant (a share, a validated token, an approved request) is
 * that person's consent, and counts only while it is theirs to give: not
 * once a parent's child turned 18, went into DCF custody, or the parent
 * was taken off file. 0 if not, -1 on error.
 */
int	grant_giver_may(const struct call *, int64_t patient, int64_t giver,
	    enum share_scope scope);
/* The grants on patient in force whose giver still may (grant_giver_may),
 * newest first: 0 or -1. */
int	grant_list_live(const struct call *, int64_t patient, struct grant **out,
	    size_t *n);
/*
 * A new grant (store_grant_create's arguments, by the caller's clock).
 * An equal grant already in force whose giver may no longer give it is
 * revoked first (revoked_by: by), so that the person who may now, the
 * adult patient for one, can give it again. The new grant's id; 0 if an
 * equal grant stands; -1 on error. Inside the caller's transaction.
 */
int64_t	grant_make(const struct call *, int64_t patient, int64_t provider,
	    const char *how, enum share_scope scope, int64_t by, int64_t token);

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
