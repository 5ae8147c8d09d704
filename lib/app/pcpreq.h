/*
 * Providers' PCP requests, the staff's side (issue 12.3, P-ACCESS 2):
 * the open requests of kind 'pcp' with the patient, the provider and the
 * PCP on file, and the decision: "Make PCP" puts the request's directory
 * entry on file as the patient's PCP (access follows at the provider's
 * next request), "Decline" does not; either answer is e-mailed to the
 * provider who asked. Staff with STAFF_PCP_DECIDE only; the first
 * decision wins; audited "pcp.*".
 */
#ifndef PORTAL_APP_PCPREQ_H
#define PORTAL_APP_PCPREQ_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "app.h"
#include "store_areq.h"

struct call;

/* A page shows at most this many requests, oldest first. */
#define PCPREQ_PAGE	100

enum pcpreq_why {
	PCPREQ_OK,
	PCPREQ_ROLE,		/* the member's roles do not allow it: 403 */
	PCPREQ_NONE,		/* no such PCP request: 404 */
	PCPREQ_DECIDED,		/* decided already: 409 */
};

struct pcpreq_list_out {
	struct areq	*items;
	size_t		 n;
	int64_t		 total;		/* pending, this page or not */
};
/* APP_OK (a row pcp.list per request shown, before it returns);
 * APP_REFUSED with *why (PCPREQ_ROLE, after the row staff.refused);
 * APP_BUSY, APP_ERROR. */
enum app_rc	app_pcpreq_list(const struct call *, struct pcpreq_list_out *out,
		    enum pcpreq_why *why);

struct pcpreq_decide_in {
	int64_t		 id;
	int		 approve;	/* 1 make PCP, 0 decline */
};
/* APP_OK after the change, the decision, the e-mail and the row
 * pcp.approve (detail names the PCP before) or pcp.decline, in one
 * transaction; APP_REFUSED with *why after the row pcp.refused (or
 * staff.refused); APP_BUSY, APP_ERROR. *r is the request when found. */
enum app_rc	app_pcpreq_decide(const struct call *,
		    const struct pcpreq_decide_in *in, struct areq *r,
		    enum pcpreq_why *why);

/* The C-CDA import's PCP put on file, audited (cda_on_pcp): the row
 * pcp.set, actor cli, in the document's transaction. 0 or -1. */
struct db;
int		pcpreq_import_audit(struct db *, time_t now, int64_t patient,
		    int64_t provider, int64_t document);

#endif
