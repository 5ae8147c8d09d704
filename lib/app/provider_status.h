/*
 * The hospital's side of a provider-portal account's standing (issues
 * 11.2, 11.5): suspend, reinstate or revoke any account, and grant or
 * take back a clinician's sponsorship privileges. Run by hospital IT
 * (portalctl, ACTOR_CLI) or by provisioning staff (STAFF_PROVISION_DECIDE).
 * Access taken away ends at the next request of each session, which
 * the standing asked on every request (sess.c) refuses, ends, and
 * explains (?ended=1).
 */
#ifndef PORTAL_APP_PROVIDER_STATUS_H
#define PORTAL_APP_PROVIDER_STATUS_H

#include <stdint.h>

#include "app.h"
#include "policy_sponsor.h"

struct call;

struct pstatus_out {
	const char	*problem;	/* APP_INVALID, APP_REFUSED: why */
	const char	*from;		/* the status before */
	const char	*to;		/* ... and after (APP_OK) */
};

/* Changes account id's status by act (policy_status_after). Suspending or
 * revoking ends the account's access and, for a sponsor, their users'
 * (whose standing then fails: PSTAND_SPONSOR) at the next request;
 * reinstating ends the sessions from before (the account's and, for a
 * sponsor, the users'), so that none resumes. Audited
 * "provider.suspend", "provider.reinstate", "provider.revoke".
 * APP_REFUSED: the caller may not, or no such account; APP_INVALID: the
 * status does not allow act (revoked is final). */
enum app_rc	app_provider_status_set(const struct call *, int64_t id,
		    enum status_act act, struct pstatus_out *out);
/* Grants (on) or takes back (off) a clinician's sponsorship privileges;
 * taking them back ends the sponsor's users' access at their next
 * request, granting them ends the users' older sessions. Audited
 * "provider.sponsor_on" / "provider.sponsor_off". APP_INVALID for a
 * sponsored user: they never sponsor. */
enum app_rc	app_provider_sponsor_set(const struct call *, int64_t id, int on,
		    struct pstatus_out *out);

#endif
