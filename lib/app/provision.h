/*
 * Provisioning staff and clinicians' applications (P-REG 2, issue 11.2):
 * the queue, a document, "received by fax", the decision, and a new
 * set-password link. Every operation asks app_staff_may first
 * (STAFF_PROVISION_VIEW to look, STAFF_PROVISION_DECIDE to change) and
 * audits what it did with the staff member as actor.
 */
#ifndef PORTAL_APP_PROVISION_H
#define PORTAL_APP_PROVISION_H

#include <stddef.h>
#include <stdint.h>

#include "app.h"
#include "policy_apply.h"
#include "store_apply.h"
#include "store_provider.h"

struct call;

/* A page of the queue shows at most this many applications. */
#define PROVISION_PAGE	50

struct provision_item {
	struct provider_account	 acct;
	struct practice		 practice;	/* id 0 if none */
	struct apply_doc	*docs;
	size_t			 ndocs;
	int			 outstanding;	/* documents still awaited */
};

struct provision_queue_out {
	struct provision_item	*items;		/* oldest first */
	size_t			 n;
	long			 more;		/* waiting beyond this page */
	int			 may_decide;	/* the member may decide */
};

/* Why an operation was refused, for the page's words and status. */
enum provision_why {
	PROV_ROLE = 1,		/* the member's roles do not allow it: 403 */
	PROV_NO_SUCH,		/* no such application or document: 404 */
	PROV_ALREADY,		/* decided or marked already: nothing changed */
	PROV_DOCS,		/* approve: a document is still awaited */
	PROV_NO_REASON,		/* reject: no reason chosen */
	PROV_SSO_TAKEN,		/* the Children's ID is another account's */
	PROV_NO_LINK,		/* a new link: not approved, or a password
				 * was chosen, or signs in by Children's ID */
};

struct provision_no {
	enum provision_why	 why;
	const char		*message;
};

enum app_rc	app_provision_queue(const struct call *,
		    struct provision_queue_out *out, struct provision_no *no);

/* One document's bytes, to be shown inline as its type (audited:
 * provider.document_view). */
struct provision_doc_out {
	struct apply_doc	 doc;
	const unsigned char	*data;
};
enum app_rc	app_provision_document(const struct call *, int64_t id,
		    struct provision_doc_out *out, struct provision_no *no);

/* Marks a document to be faxed as received (provider.fax_received). */
enum app_rc	app_provision_fax(const struct call *, int64_t doc,
		    struct provision_no *no);

/* A rejection's reasons: code, the staff's label, the applicant's words. */
struct provision_reason {
	const char	*code;
	const char	*label;
	const char	*text;
};
extern const struct provision_reason provision_reasons[];	/* ends with NULL */

struct provision_decide_in {
	int64_t		 id;		/* the application */
	int		 approve;
	int		 grant_sponsor;	/* approve: grant sponsorship privileges */
	const char	*sso_user;	/* approve, a hospital physician: the
					 * Children's ID, or NULL */
	const char	*reason;	/* reject: a provision_reasons code */
	const char	*note;		/* reject: a line for the applicant, or NULL */
};
/* Approves (one transaction: the decision, the practice listed, the
 * directory entry, the set-password link e-mailed) or rejects (the
 * reason e-mailed); audited provider.approve / provider.reject. */
enum app_rc	app_provision_decide(const struct call *,
		    const struct provision_decide_in *in, struct provision_no *no);

/* A new set-password link for an approved account that has not chosen a
 * password yet (provider.link_resent). */
enum app_rc	app_provision_resend(const struct call *, int64_t id,
		    struct provision_no *no);

/* Approved accounts still without a password (at most PROVISION_PAGE,
 * oldest decision first), for the "send a new link" list. */
enum app_rc	app_provision_unset(const struct call *,
		    struct provider_account **out, size_t *n);

#endif
