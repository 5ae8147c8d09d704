/*
 * Providers' PCP requests, the staff's side (pcpreq.h). Who may is
 * policy_staff's (STAFF_PCP_DECIDE, through app_staff_may).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "audit.h"
#include "call.h"
#include "db.h"
#include "mail.h"
#include "pcpreq.h"
#include "portal.h"
#include "staff.h"
#include "store_dirload.h"

/* 1 if the member may; 0 after the row staff.refused; -1. */
static int
may(const struct call *c, const char *what)
{
	int	 rc = app_staff_may(c, STAFF_PCP_DECIDE);

	if (rc == 0 && audit_call(c, "staff.refused", 0, what) == -1)
		return -1;
	return rc;
}

enum app_rc
app_pcpreq_list(const struct call *c, struct pcpreq_list_out *out,
    enum pcpreq_why *why)
{
	size_t	 i;
	int	 rc, began;

	memset(out, 0, sizeof(*out));
	*why = PCPREQ_OK;
	if ((rc = may(c, "PCP requests")) != 1) {
		*why = PCPREQ_ROLE;
		return rc == 0 ? APP_REFUSED : app_db_failed(c);
	}
	if ((began = db_read(c->p->db)) == -1)
		return app_db_failed(c);
	rc = store_areq_pending(c->p->db, c->a, "pcp", 0, PCPREQ_PAGE,
	    &out->items, &out->n) == -1 || store_areq_count(c->p->db, "pcp", 0,
	    &out->total) == -1;
	db_read_end(c->p->db, began);
	if (rc)
		return app_db_failed(c);
	for (i = 0; i < out->n; i++)
		if (audit_call(c, "pcp.list", out->items[i].patient_id,
		    arena_printf(c->a, "request=%" PRId64, out->items[i].id)) ==
		    -1)
			return APP_ERROR;
	return APP_OK;
}

static enum app_rc
refused(const struct call *c, const struct pcpreq_decide_in *in,
    enum pcpreq_why w, int64_t patient, enum pcpreq_why *why)
{
	*why = w;
	if (audit_call(c, "pcp.refused", patient, arena_printf(c->a,
	    "%s: request=%" PRId64 " %s", w == PCPREQ_DECIDED ?
	    "decided already" : "no such request", in->id, in->approve ?
	    "make PCP" : "decline")) == -1)
		return APP_ERROR;
	return APP_REFUSED;
}

enum app_rc
app_pcpreq_decide(const struct call *c, const struct pcpreq_decide_in *in,
    struct areq *r, enum pcpreq_why *why)
{
	int64_t	 was = 0;
	int	 rc;

	memset(r, 0, sizeof(*r));
	*why = PCPREQ_OK;
	if ((rc = may(c, "PCP request decision")) != 1) {
		*why = PCPREQ_ROLE;
		return rc == 0 ? APP_REFUSED : app_db_failed(c);
	}
	if (db_begin(c->p->db) == -1)
		return app_db_failed(c);
	if ((rc = store_areq_get(c->p->db, c->a, in->id, "pcp", r)) == -1)
		goto dberr;
	if (rc == 0) {
		db_rollback(c->p->db);
		return refused(c, in, PCPREQ_NONE, 0, why);
	}
	if (strcmp(r->status, "pending") != 0)
		goto decided;
	if (in->approve && (store_pcp_get(c->p->db, r->patient_id, &was) != 1 ||
	    store_pcp_set(c->p->db, r->patient_id, r->provider_id) != 1))
		goto dberr;
	/* decided_by names a family account: staff are named by the row. */
	if ((rc = store_areq_decide(c->p->db, in->id, in->approve ? "approved" :
	    "declined", 0, 0, c->now)) == -1)
		goto dberr;
	if (rc == 0)
		goto decided;
	if (mail_queue(c->p->db, c->p->conf, in->approve ? MAIL_ACCESS_GRANTED :
	    MAIL_ACCESS_DECLINED, r->asker_email,
	    NULL, "The provider portal team", c->now) == -1 ||
	    audit_call(c, in->approve ? "pcp.approve" : "pcp.decline",
	    r->patient_id, arena_printf(c->a, "request=%" PRId64 " provider=%"
	    PRId64 " asker=%" PRId64 "%s", in->id, r->provider_id,
	    r->account_id, in->approve ? arena_printf(c->a, " was=%" PRId64,
	    was) : "")) == -1 ||
	    db_commit(c->p->db) == -1)
		goto dberr;
	return APP_OK;
decided:
	db_rollback(c->p->db);
	return refused(c, in, PCPREQ_DECIDED, r->patient_id, why);
dberr:
	db_rollback(c->p->db);
	return app_db_failed(c);
}

int
pcpreq_import_audit(struct db *db, time_t now, int64_t patient,
    int64_t provider, int64_t document)
{
	char	 detail[96];

	snprintf(detail, sizeof(detail), "provider:%" PRId64 " was:0 "
	    "document:%" PRId64, provider, document);
	return audit_write(db, now, "cli", "pcp.set", patient, "", detail);
}
