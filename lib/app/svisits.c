/*
 * The clinic staff's visit pages (svisits.h).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "audit.h"
#include "call.h"
#include "db.h"
#include "mail.h"
#include "portal.h"
#include "staff.h"
#include "store_accounts.h"
#include "store_staff.h"
#include "store_visits.h"
#include "svisits.h"

int
app_sv_may(const struct call *c)
{
	return app_staff_may(c, STAFF_VISIT_QUEUE);
}

/* Who confirmed or cancelled, as the audit names actors ("family:12",
 * "staff:3", "siu"), in words for the page. */
static const char *
actor_words(const struct call *c, const char *who)
{
	struct account	 a;
	struct staff	 st;
	long long	 id;

	if (who == NULL || *who == '\0')
		return who;
	if (strcmp(who, "siu") == 0)
		return "the scheduling system";
	if (strcmp(who, "cli") == 0)
		return "hospital IT (portalctl)";
	if (sscanf(who, "family:%lld", &id) == 1 &&
	    store_account_by_id(c->p->db, c->a, (int64_t)id, &a) == 1)
		return arena_printf(c->a, "%s %s (family account)", a.given,
		    a.family);
	if (sscanf(who, "staff:%lld", &id) == 1 &&
	    store_staff_by_id(c->p->db, c->a, (int64_t)id, &st) == 1)
		return arena_printf(c->a, "%s (staff)", st.name);
	return who;
}

static void
actors(const struct call *c, struct svisit *v)
{
	v->confirmed_by = actor_words(c, v->confirmed_by);
	v->cancelled_by = actor_words(c, v->cancelled_by);
}

/* 1 if the member may (in clinic, or 0: the role at all); 0 after the
 * refusal's row (*why); -1. */
static int
may(const struct call *c, int64_t clinic, const char *action,
    const char *asked, enum sv_why *why)
{
	int	 rc = app_sv_may(c);

	if (rc == 1 && clinic != 0)
		rc = app_staff_may_at(c, STAFF_VISIT_QUEUE, clinic);
	else if (rc == 0) {
		*why = SV_ROLE;
		return audit_call(c, "staff.refused", 0, arena_printf(c->a,
		    "%s: no clinic role", asked)) == -1 ? -1 : 0;
	}
	if (rc != 0)
		return rc;
	*why = SV_NONE;
	return audit_call(c, action, 0, arena_printf(c->a, "asked %s: not in "
	    "the member's clinics", asked)) == -1 ? -1 : 0;
}

static enum app_rc
none(const struct call *c, const char *action, const char *asked,
    enum sv_why *why)
{
	*why = SV_NONE;
	return audit_call(c, action, 0, arena_printf(c->a, "asked %s: none",
	    asked)) == -1 ? APP_ERROR : APP_REFUSED;
}

static enum app_rc
refused_or(const struct call *c, int rc)
{
	return rc == 0 ? APP_REFUSED : app_db_failed(c);
}

enum app_rc
app_sv_requests(const struct call *c, struct vreq **out, size_t *n,
    enum sv_why *why)
{
	struct audit_group	*g;
	size_t			 i;
	int			 rc;

	*out = NULL;
	*n = 0;
	*why = SV_OK;
	if ((rc = may(c, 0, "visitreq.refused", "requests", why)) != 1)
		return refused_or(c, rc);
	if (store_vreq_open(c->p->db, c->a, c->who.id, SV_REQ_PAGE, out, n) ==
	    -1)
		return app_db_failed(c);
	g = audit_group_new(c);
	for (i = 0; i < *n; i++) {
		audit_group_once(g, "visitreq.list", (*out)[i].patient_id,
		    arena_printf(c->a, "request=%" PRId64, (*out)[i].id));
	}
	return audit_group_write(g) == -1 ? APP_ERROR : APP_OK;
}

/* The request, if in the member's clinics. */
static enum app_rc
req_load(const struct call *c, int64_t id, struct vreq *r, enum sv_why *why)
{
	const char	*asked = arena_printf(c->a, "request=%" PRId64, id);
	int		 rc;

	if ((rc = may(c, 0, "visitreq.refused", asked, why)) != 1)
		return refused_or(c, rc);
	if ((rc = store_vreq_get(c->p->db, c->a, id, r)) == -1)
		return app_db_failed(c);
	if (rc == 0)
		return none(c, "visitreq.refused", asked, why);
	if ((rc = may(c, r->clinic_id, "visitreq.refused", asked, why)) != 1)
		return refused_or(c, rc);
	return APP_OK;
}

enum app_rc
app_sv_request(const struct call *c, int64_t id, struct vreq *out,
    enum sv_why *why)
{
	enum app_rc	 rc;

	*why = SV_OK;
	memset(out, 0, sizeof(*out));
	if ((rc = req_load(c, id, out, why)) != APP_OK)
		return rc;
	if (audit_call(c, "visitreq.view", out->patient_id, arena_printf(c->a,
	    "request=%" PRId64, id)) == -1)
		return APP_ERROR;
	return APP_OK;
}

int
sv_status_moves(const char *was, const char *to)
{
	static const struct {
		const char	*was, *to;
	} moves[] = {
		{ "new", "contacted" }, { "new", "scheduled" }, { "new", "closed" },
		{ "contacted", "scheduled" }, { "contacted", "closed" },
	};
	size_t	 i;

	for (i = 0; was != NULL && to != NULL &&
	    i < sizeof(moves) / sizeof(moves[0]); i++)
		if (strcmp(moves[i].was, was) == 0 && strcmp(moves[i].to, to) == 0)
			return 1;
	return 0;
}

enum app_rc
app_sv_request_status(const struct call *c, int64_t id, const char *to,
    struct vreq *r, enum sv_why *why)
{
	enum app_rc	 arc;
	int		 rc;

	*why = SV_OK;
	memset(r, 0, sizeof(*r));
	if ((arc = req_load(c, id, r, why)) != APP_OK)
		return arc;
	if (!sv_status_moves(r->status, to))
		goto stale;
	if (db_begin(c->p->db) == -1)
		return app_db_failed(c);
	if ((rc = store_vreq_status(c->p->db, id, r->status, to, c->who.id,
	    c->now)) == -1)
		goto dberr;
	if (rc == 0) {
		db_rollback(c->p->db);
		goto stale;
	}
	if (mail_queue(c->p->db, c->p->conf, MAIL_VISIT_REQUEST_UPDATED,
	    r->asker_email, NULL, app_mail_child(c, r->patient_id),
	    c->now) == -1 ||
	    audit_call(c, "visitreq.status", r->patient_id, arena_printf(c->a,
	    "request=%" PRId64 " %s->%s", id, r->status, to)) == -1 ||
	    db_commit(c->p->db) == -1)
		goto dberr;
	r->status = to;
	return APP_OK;
stale:
	*why = SV_STALE;
	return audit_call(c, "visitreq.refused", r->patient_id,
	    arena_printf(c->a, "request=%" PRId64 " %s->%s: not a move", id,
	    r->status, to)) == -1 ? APP_ERROR : APP_REFUSED;
dberr:
	db_rollback(c->p->db);
	return app_db_failed(c);
}

enum app_rc
app_sv_visits(const struct call *c, long page, struct svisit **out, size_t *n,
    int *more, enum sv_why *why)
{
	struct audit_group	*g;
	size_t			 i;
	int			 rc;

	*out = NULL;
	*n = 0;
	*more = 0;
	*why = SV_OK;
	if ((rc = may(c, 0, "svisit.refused", "visits", why)) != 1)
		return refused_or(c, rc);
	if (page < 0 || page > 10000)
		page = 0;
	/* From an hour ago: a visit under way still shows. */
	if (store_svisits(c->p->db, c->a, c->who.id, c->now - 3600,
	    c->now + SV_DAYS * 86400L, page * SV_VISITS_PAGE, SV_VISITS_PAGE,
	    out, n, more) == -1)
		return app_db_failed(c);
	g = audit_group_new(c);
	for (i = 0; i < *n; i++) {
		actors(c, &(*out)[i]);
		audit_group_once(g, "svisit.list", (*out)[i].patient_id,
		    arena_printf(c->a, "visit=%" PRId64, (*out)[i].id));
	}
	return audit_group_write(g) == -1 ? APP_ERROR : APP_OK;
}

/* The visit, if in the member's clinics. */
static enum app_rc
visit_load(const struct call *c, int64_t id, struct svisit *v,
    enum sv_why *why)
{
	const char	*asked = arena_printf(c->a, "visit=%" PRId64, id);
	int		 rc;

	if ((rc = may(c, 0, "svisit.refused", asked, why)) != 1)
		return refused_or(c, rc);
	if ((rc = store_svisit_get(c->p->db, c->a, id, v)) == -1)
		return app_db_failed(c);
	if (rc == 0)
		return none(c, "svisit.refused", asked, why);
	if ((rc = may(c, v->clinic_id, "svisit.refused", asked, why)) != 1)
		return refused_or(c, rc);
	actors(c, v);
	return APP_OK;
}

enum app_rc
app_sv_visit(const struct call *c, int64_t id, struct sv_visit_out *out,
    enum sv_why *why)
{
	enum app_rc	 rc;

	*why = SV_OK;
	memset(out, 0, sizeof(*out));
	if ((rc = visit_load(c, id, &out->v, why)) != APP_OK)
		return rc;
	if (store_visit_steps_done(c->p->db, c->a, id, &out->steps,
	    &out->nsteps) == -1 ||
	    store_vsigs(c->p->db, c->a, id, &out->sigs, &out->nsigs) == -1)
		return app_db_failed(c);
	if (audit_call(c, "svisit.view", out->v.patient_id, arena_printf(c->a,
	    "visit=%" PRId64, id)) == -1)
		return APP_ERROR;
	return APP_OK;
}

enum app_rc
app_sv_signature(const struct call *c, int64_t id, struct vsig *out,
    struct svisit *v, enum sv_why *why)
{
	const char	*asked = arena_printf(c->a, "signature=%" PRId64, id);
	enum app_rc	 arc;
	int		 rc;

	*why = SV_OK;
	memset(out, 0, sizeof(*out));
	memset(v, 0, sizeof(*v));
	if ((rc = may(c, 0, "svisit.refused", asked, why)) != 1)
		return refused_or(c, rc);
	if ((rc = store_vsig_get(c->p->db, c->a, id, out)) == -1)
		return app_db_failed(c);
	if (rc == 0)
		return none(c, "svisit.refused", asked, why);
	if ((arc = visit_load(c, out->visit_id, v, why)) != APP_OK)
		return arc;
	if (audit_call(c, "svisit.signature", v->patient_id, arena_printf(c->a,
	    "visit=%" PRId64 " signature=%" PRId64, v->id, id)) == -1)
		return APP_ERROR;
	return APP_OK;
}
