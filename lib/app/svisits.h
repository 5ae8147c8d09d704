/*
 * The clinic staff's visit pages (issue 13.4, 13.6): the visit requests
 * of the member's clinics (new first, then contacted), a request's
 * details, its status moved to contacted, scheduled or closed (the
 * account that asked is e-mailed, without health information); the
 * clinics' visits of the next 30 days, a page at a time, one visit with
 * its pre-check-in steps and the documents signed, and a signed document
 * as it was signed. Who: policy_staff's STAFF_VISIT_QUEUE in the visit's
 * or request's clinic (the clinic role, and a member). Another clinic's
 * id answers as a missing one; every view is audited per patient, every
 * change and refusal too ("visitreq.*", "svisit.*").
 */
#ifndef PORTAL_APP_SVISITS_H
#define PORTAL_APP_SVISITS_H

#include <stddef.h>
#include <stdint.h>

#include "app.h"
#include "store_svisits.h"

struct call;

#define SV_REQ_PAGE	100	/* requests a page shows */
#define SV_VISITS_PAGE	25	/* visits a page shows */
#define SV_DAYS		30	/* the window of the clinic's visits */

enum sv_why {
	SV_OK,
	SV_ROLE,	/* not of the clinic role: 403 */
	SV_NONE,	/* no such thing in the member's clinics: 404 */
	SV_STALE,	/* the request is not in a status that may move so: 409 */
};

/* 1 if the caller holds the clinic role (any clinic), 0, -1. */
int		app_sv_may(const struct call *);
/* The open requests (a row visitreq.list per patient). */
enum app_rc	app_sv_requests(const struct call *, struct vreq **out,
		    size_t *n, enum sv_why *why);
/* One request (visitreq.view). */
enum app_rc	app_sv_request(const struct call *, int64_t id, struct vreq *out,
		    enum sv_why *why);
/* 1 if a request may move from status was to status to, else 0: new to
 * contacted, scheduled or closed; contacted to scheduled or closed. */
int		sv_status_moves(const char *was, const char *to);
/* Moves a request to status to, e-mails the account that asked, audits
 * visitreq.status: one transaction. *r the request when found. */
enum app_rc	app_sv_request_status(const struct call *, int64_t id,
		    const char *to, struct vreq *r, enum sv_why *why);

/* Page page (0 first) of the visits of the next SV_DAYS days (a row
 * svisit.list per patient). */
enum app_rc	app_sv_visits(const struct call *, long page,
		    struct svisit **out, size_t *n, int *more, enum sv_why *why);

struct sv_visit_out {
	struct svisit	 v;
	const char	**steps;	/* pre-check-in steps done */
	size_t		 nsteps;
	struct vsig	*sigs;
	size_t		 nsigs;
};
/* One visit (svisit.view). */
enum app_rc	app_sv_visit(const struct call *, int64_t id,
		    struct sv_visit_out *out, enum sv_why *why);
/* One signed document with its visit (svisit.signature). */
enum app_rc	app_sv_signature(const struct call *, int64_t id,
		    struct vsig *out, struct svisit *v, enum sv_why *why);

#endif
