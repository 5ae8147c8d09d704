/*
 * The family's side of a grant (grant.h): the record's holdings say who
 * the caller is to the patient, policy_share what follows from it.
 */
#include <inttypes.h>
#include <string.h>

#include "arena.h"
#include "audit.h"
#include "call.h"
#include "db.h"
#include "grant.h"
#include "portal.h"
#include "enrol.h"
#include "record.h"
#include "store_ppatients.h"

int
grant_holder(const struct call *c, int64_t patient, struct grant_holder *h)
{
	struct record_view	 v;
	int			 rc;

	memset(h, 0, sizeof(*h));
	if (c->who.kind != ACTOR_FAMILY || patient <= 0)
		return 0;
	if ((rc = record_access(c, patient, &v)) != 1)
		return rc;
	h->patient = v.patient;
	h->level = (enum access_level)v.level;
	h->role = v.role;
	h->scope = policy_share_scope(h->role, h->level);
	return 1;
}

int
grant_visible(const struct grant_holder *h, const struct grant *g)
{
	return policy_share_sees(h->level, policy_scope_parse(g->scope));
}

int
grant_giver_may(const struct call *c, int64_t patient, int64_t giver,
    enum share_scope scope)
{
	struct patient		 p;
	struct pholder		*h;
	struct access_in	 in;
	size_t			 n, i;
	int			 rc;

	if ((rc = store_patient_by_id(c->p->db, c->a, patient, &p)) != 1)
		return rc;
	if (store_ppatients_holders(c->p->db, c->a, patient, &h, &n) == -1)
		return -1;
	memset(&in, 0, sizeof(in));
	enrol_today(c->now, &in.y, &in.m, &in.d);
	for (i = 0; i < n; i++) {
		if (h[i].account_id != giver)
			continue;
		in.role = policy_hold_role(h[i].role);
		in.status = HOLD_ACTIVE;
		in.dob = p.dob;
		in.foster = p.foster;
		in.guardianship = p.guardianship;
		in.on_file = h[i].on_file;
		if (policy_grant_counts(policy_share_scope(in.role,
		    policy_access(&in, NULL)), scope))
			return 1;
	}
	return 0;
}

int
grant_list_live(const struct call *c, int64_t patient, struct grant **out,
    size_t *n)
{
	size_t	 i, k;
	int	 rc;

	if (store_grant_list(c->p->db, c->a, patient, out, n) == -1)
		return -1;
	for (i = k = 0; i < *n; i++) {
		if ((rc = grant_giver_may(c, patient, (*out)[i].by_account,
		    policy_scope_parse((*out)[i].scope))) == -1)
			return -1;
		if (rc == 1)
			(*out)[k++] = (*out)[i];
	}
	*n = k;
	return 0;
}

int64_t
grant_make(const struct call *c, int64_t patient, int64_t provider,
    const char *how, enum share_scope scope, int64_t by, int64_t token)
{
	struct grant	 g;
	const char	*sc = policy_scope_name(scope);
	int64_t		 id;
	int		 rc;

	if ((id = store_grant_create(c->p->db, patient, provider, how, sc, by,
	    token, c->now)) != 0)
		return id;
	if ((rc = store_grant_equal(c->p->db, c->a, patient, provider, sc,
	    &g)) != 1)
		return rc == -1 ? -1 : 0;
	if ((rc = grant_giver_may(c, patient, g.by_account, scope)) != 0)
		return rc == -1 ? -1 : 0;
	if (store_grant_revoke(c->p->db, g.id, patient, by, c->now) != 1)
		return -1;
	return store_grant_create(c->p->db, patient, provider, how, sc, by,
	    token, c->now);
}

/* The refusal's row, outside any transaction. */
static enum app_rc
revoke_refused(const struct call *c, const struct grant_revoke_in *in,
    struct grant_revoke_out *out, enum grant_refusal why)
{
	out->why = why;
	if (audit_call(c, "share.revoke_refused", why == GRANT_NONE ?
	    in->patient : 0, arena_printf(c->a, "%s: asked grant=%" PRId64
	    " p=%" PRId64, why == GRANT_NONE ? "no such grant" : "not seen",
	    in->grant, in->patient)) == -1)
		return APP_ERROR;
	return APP_REFUSED;
}

enum app_rc
app_grant_revoke(const struct call *c, const struct grant_revoke_in *in,
    struct grant_revoke_out *out)
{
	struct grant_holder	 h;
	int			 rc;

	memset(out, 0, sizeof(*out));
	if (db_begin(c->p->db) == -1)
		return app_db_failed(c);
	if ((rc = grant_holder(c, in->patient, &h)) != 1) {
		db_rollback(c->p->db);
		return rc == -1 ? app_db_failed(c) :
		    revoke_refused(c, in, out, GRANT_NOT_SEEN);
	}
	if ((rc = store_grant_get(c->p->db, c->a, in->grant, in->patient,
	    &out->g)) == -1) {
		db_rollback(c->p->db);
		return app_db_failed(c);
	}
	if (rc == 0 || !grant_visible(&h, &out->g)) {
		db_rollback(c->p->db);
		memset(&out->g, 0, sizeof(out->g));
		return revoke_refused(c, in, out, GRANT_NONE);
	}
	if (store_grant_revoke(c->p->db, out->g.id, in->patient, c->who.id,
	    c->now) != 1 ||
	    audit_call(c, "share.revoke", in->patient, arena_printf(c->a,
	    "grant=%" PRId64 " %s %s", out->g.id, out->g.how, out->g.scope)) == -1 ||
	    db_commit(c->p->db) == -1) {
		db_rollback(c->p->db);
		return app_db_failed(c);
	}
	return APP_OK;
}
