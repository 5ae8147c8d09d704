/*
 * Providers' non-PCP requests, the family's side (arequest.h). Who may
 * answer is who may share (grant_holder: policy_share_scope), asked
 * again at the decision, inside its transaction.
 */
#include <inttypes.h>
#include <string.h>

#include "arena.h"
#include "audit.h"
#include "call.h"
#include "arequest.h"
#include "db.h"
#include "grant.h"
#include "mail.h"
#include "portal.h"
#include "store_access.h"
#include "store_holdings.h"

/* Calls fn for each active patient of the caller that the caller may
 * share, with its scope: 0, or -1. */
static int
each_sharable(const struct call *c, int (*fn)(const struct call *,
    const struct grant_holder *, void *), void *arg)
{
	struct held		*held;
	struct grant_holder	 h;
	size_t			 i, n;
	int			 rc;

	if (store_holdings_all(c->p->db, c->a, c->who.id, &held, &n) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		if (strcmp(held[i].status, "active") != 0)
			continue;
		if ((rc = grant_holder(c, held[i].patient.id, &h)) == -1)
			return -1;
		if (rc == 1 && h.scope != SCOPE_NONE && fn(c, &h, arg) == -1)
			return -1;
	}
	return 0;
}

static int
list_one(const struct call *c, const struct grant_holder *h, void *arg)
{
	struct arequest_list_out	*out = arg;
	struct arequest_item		*it;
	struct areq			*r;
	size_t				 i, n, cap = out->n;

	if (store_areq_pending(c->p->db, c->a, "share", h->patient.id,
	    AREQUEST_PAGE, &r, &n) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		it = arena_push(c->a, (void **)&out->items, &out->n, &cap,
		    sizeof(*it));
		it->r = r[i];
		it->scope = h->scope;
	}
	if (n > 0 && audit_call(c, "arequest.list", h->patient.id,
	    arena_printf(c->a, "pending=%zu", n)) == -1)
		return -1;
	return 0;
}

enum app_rc
app_arequest_list(const struct call *c, struct arequest_list_out *out)
{
	memset(out, 0, sizeof(*out));
	if (c->who.kind != ACTOR_FAMILY)
		return APP_REFUSED;
	if (each_sharable(c, list_one, out) == -1)
		return app_db_failed(c);
	return APP_OK;
}

static int
count_one(const struct call *c, const struct grant_holder *h, void *arg)
{
	size_t	*total = arg;
	int64_t	 n;

	if (store_areq_count(c->p->db, "share", h->patient.id, &n) == -1)
		return -1;
	*total += (size_t)n;
	return 0;
}

enum app_rc
app_arequest_count(const struct call *c, size_t *n)
{
	*n = 0;
	if (c->who.kind != ACTOR_FAMILY)
		return APP_REFUSED;
	return each_sharable(c, count_one, n) == -1 ? app_db_failed(c) : APP_OK;
}

/* The refusal's row, outside the transaction. */
static enum app_rc
refused(const struct call *c, const struct arequest_decide_in *in,
    struct arequest_decide_out *out, enum arequest_why why, int64_t patient)
{
	out->why = why;
	if (audit_call(c, "arequest.refused", patient, arena_printf(c->a,
	    "%s: request=%" PRId64 " %s", why == AREQUEST_DECIDED ?
	    "decided already" : "no such request", in->id, in->approve ?
	    "approve" : "decline")) == -1)
		return APP_ERROR;
	return APP_REFUSED;
}

enum app_rc
app_arequest_decide(const struct call *c, const struct arequest_decide_in *in,
    struct arequest_decide_out *out)
{
	struct grant_holder	 h;
	int64_t			 share = 0;
	int			 rc;

	memset(out, 0, sizeof(*out));
	if (c->who.kind != ACTOR_FAMILY)
		return APP_REFUSED;
	if (db_begin(c->p->db) == -1)
		return app_db_failed(c);
	if ((rc = store_areq_get(c->p->db, c->a, in->id, "share", &out->r)) ==
	    -1 || (rc == 1 && (rc = grant_holder(c, out->r.patient_id, &h)) ==
	    -1))
		goto dberr;
	if (rc != 1 || h.scope == SCOPE_NONE) {
		db_rollback(c->p->db);
		return refused(c, in, out, AREQUEST_NONE, 0);
	}
	if (strcmp(out->r.status, "pending") != 0)
		goto decided;
	if (in->approve && (share = grant_make(c, out->r.patient_id,
	    out->r.provider_id, "request", h.scope, c->who.id, 0)) == -1)
		goto dberr;
	/* share 0: an equal grant is in force already; approved all the
	 * same, the provider has access. */
	if ((rc = store_areq_decide(c->p->db, in->id, in->approve ?
	    "approved" : "declined", c->who.id, share, c->now)) == -1)
		goto dberr;
	if (rc == 0)
		goto decided;
	if (mail_queue(c->p->db, c->p->conf, in->approve ? MAIL_ACCESS_GRANTED :
	    MAIL_ACCESS_DECLINED, out->r.asker_email,
	    NULL, "A family", c->now) == -1 ||
	    audit_call(c, in->approve ? "arequest.approve" : "arequest.decline",
	    out->r.patient_id, arena_printf(c->a, "request=%" PRId64
	    " provider=%" PRId64 " asker=%" PRId64 " grant=%" PRId64 " %s",
	    in->id, out->r.provider_id, out->r.account_id, share,
	    policy_scope_name(h.scope))) == -1 ||
	    db_commit(c->p->db) == -1)
		goto dberr;
	return APP_OK;
decided:
	db_rollback(c->p->db);
	return refused(c, in, out, AREQUEST_DECIDED, out->r.patient_id);
dberr:
	db_rollback(c->p->db);
	return app_db_failed(c);
}
