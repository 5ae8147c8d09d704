/*
 * Hospital-side changes of a provider-portal account's standing
 * (provider_status.h): who may is policy_staff's (or IT's, on the
 * command line); which change is allowed is policy_sponsor's.
 */
#include <inttypes.h>
#include <string.h>

#include "arena.h"
#include "audit.h"
#include "call.h"
#include "db.h"
#include "portal.h"
#include "provider_status.h"
#include "staff.h"
#include "store_provider.h"
#include "store_sess.h"
#include "store_sponsor.h"

/* 1 if the caller may change accounts' standing, 0 (refusal audited),
 * -1 on error. */
static int
hospital_may(const struct call *c, int64_t id, struct pstatus_out *out)
{
	int	 rc;

	if (c->who.kind == ACTOR_CLI)
		return 1;
	if ((rc = app_staff_may(c, STAFF_PROVISION_DECIDE)) == 0) {
		out->problem = "Your role does not include provider accounts.";
		if (audit_call(c, "provider.refused", 0, arena_printf(c->a,
		    "provider:%" PRId64, id)) == -1)
			return -1;
	}
	return rc;
}

/* Ends the sessions of account a and, for a clinician, of the users they
 * sponsor: when access comes back, so that no session from before it was
 * taken away resumes. (While it is away, the standing refuses every
 * request of theirs: sess.c ends each session at its next request and
 * tells the person why.) 0 or -1. */
static int
end_sessions(const struct call *c, const struct provider_account *a)
{
	if (strcmp(a->kind, "sponsored") == 0)
		return store_sess_delete_principal(c->p->db, SESS_SPONSORED, a->id);
	if (store_sess_delete_principal(c->p->db, SESS_PROVIDER, a->id) == -1 ||
	    store_sponsor_end_sessions(c->p->db, a->id) == -1)
		return -1;
	return 0;
}

/* Reads account id inside the caller's transaction: 1, or 0 (rolled
 * back, out->problem says) or -1 (rolled back). */
static int
account_get(const struct call *c, int64_t id, struct provider_account *a,
    struct pstatus_out *out)
{
	int	 rc;

	if ((rc = store_provider_by_id(c->p->db, c->a, id, a)) != 1) {
		db_rollback(c->p->db);
		out->problem = "There is no such provider portal account.";
	} else
		out->from = a->status;
	return rc;
}

static enum app_rc
done(const struct call *c, const char *action, int64_t id, const char *what)
{
	if (audit_call(c, action, 0, arena_printf(c->a, "provider:%" PRId64
	    " %s", id, what)) == -1 || db_commit(c->p->db) == -1) {
		db_rollback(c->p->db);
		return app_db_failed(c);
	}
	return APP_OK;
}

enum app_rc
app_provider_status_set(const struct call *c, int64_t id, enum status_act act,
    struct pstatus_out *out)
{
	static const char *const actions[SACT__MAX] = {
		[SACT_SUSPEND] = "provider.suspend",
		[SACT_REINSTATE] = "provider.reinstate",
		[SACT_REVOKE] = "provider.revoke",
	};
	struct provider_account	 a;
	int			 rc;

	memset(out, 0, sizeof(*out));
	if ((unsigned)act >= SACT__MAX)
		return APP_ERROR;
	if ((rc = hospital_may(c, id, out)) != 1)
		return rc == 0 ? APP_REFUSED : app_db_failed(c);
	if (db_begin(c->p->db) == -1)
		return app_db_failed(c);
	if ((rc = account_get(c, id, &a, out)) != 1)
		return rc == 0 ? APP_REFUSED : app_db_failed(c);
	if ((out->to = policy_status_after(a.status, act)) == NULL) {
		db_rollback(c->p->db);
		out->problem = strcmp(a.status, "revoked") == 0 ?
		    "The account is revoked, which is final." :
		    arena_printf(c->a, "An account that is %s cannot be %s.",
		    a.status, act == SACT_SUSPEND ? "suspended" : "reinstated");
		return APP_INVALID;
	}
	if (store_provider_set_status(c->p->db, id, out->to) == -1 ||
	    (!policy_status_ends_access(act) && end_sessions(c, &a) == -1)) {
		db_rollback(c->p->db);
		return app_db_failed(c);
	}
	return done(c, actions[act], id, arena_printf(c->a, "%s -> %s",
	    a.status, out->to));
}

enum app_rc
app_provider_sponsor_set(const struct call *c, int64_t id, int on,
    struct pstatus_out *out)
{
	struct provider_account	 a;
	int			 rc;

	memset(out, 0, sizeof(*out));
	if ((rc = hospital_may(c, id, out)) != 1)
		return rc == 0 ? APP_REFUSED : app_db_failed(c);
	if (db_begin(c->p->db) == -1)
		return app_db_failed(c);
	if ((rc = account_get(c, id, &a, out)) != 1)
		return rc == 0 ? APP_REFUSED : app_db_failed(c);
	if (strcmp(a.kind, "provider") != 0) {
		db_rollback(c->p->db);
		out->problem = "A sponsored user never sponsors: only a "
		    "clinician's account can hold sponsorship privileges.";
		return APP_INVALID;
	}
	out->from = a.sponsor_granted ? "on" : "off";
	out->to = on ? "on" : "off";
	if (store_sponsor_grant(c->p->db, id, on) != 1 ||
	    (on && store_sponsor_end_sessions(c->p->db, id) == -1)) {
		db_rollback(c->p->db);
		return app_db_failed(c);
	}
	return done(c, on ? "provider.sponsor_on" : "provider.sponsor_off", id,
	    arena_printf(c->a, "%s -> %s", out->from, out->to));
}
