/*
 * The family's side of providers' non-PCP access requests (issue 12.3,
 * P-ACCESS 2): the pending 'share' requests on the patients the calling
 * family account may share (grant_holder, policy_share_scope), and the
 * decision. Approving makes a grant (how 'request', the approver's
 * scope); either answer is e-mailed to the provider who asked. The first
 * decision wins. Audited "arequest.*".
 */
#ifndef PORTAL_APP_AREQUEST_H
#define PORTAL_APP_AREQUEST_H

#include <stddef.h>
#include <stdint.h>

#include "app.h"
#include "policy_record.h"
#include "store_areq.h"

struct call;

/* The pending requests shown on one page at most, per patient. */
#define AREQUEST_PAGE	50

struct arequest_item {
	struct areq		 r;
	enum share_scope	 scope;	/* what approving would give */
};

struct arequest_list_out {
	struct arequest_item	*items;	/* by patient, oldest first */
	size_t			 n;
};

/*
 * The pending requests the caller may answer: APP_OK (one row
 * arequest.list per patient with requests, before it returns);
 * APP_REFUSED if the caller is not a family account; APP_BUSY,
 * APP_ERROR.
 */
enum app_rc	app_arequest_list(const struct call *,
		    struct arequest_list_out *out);
/* How many requests the caller may answer (for a link): APP_OK and *n. */
enum app_rc	app_arequest_count(const struct call *, size_t *n);

enum arequest_why {
	AREQUEST_OK,
	AREQUEST_NONE,		/* no such request, another patient's or
				 * one the caller may not answer: one answer */
	AREQUEST_DECIDED,	/* answered already (by anyone) */
};

struct arequest_decide_in {
	int64_t		 id;
	int		 approve;
};
struct arequest_decide_out {
	enum arequest_why	 why;
	struct areq		 r;	/* the request (APP_OK, DECIDED) */
};
/*
 * Approves or declines request in->id: APP_OK after the grant (approve),
 * the decision, the e-mail to the provider who asked and the row
 * arequest.approve or arequest.decline, in one transaction; APP_REFUSED
 * with out->why after the row arequest.refused; APP_BUSY, APP_ERROR.
 */
enum app_rc	app_arequest_decide(const struct call *,
		    const struct arequest_decide_in *in,
		    struct arequest_decide_out *out);

#endif
