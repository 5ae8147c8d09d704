/*
 * Billing's review of insurance changes (insreview.h).
 */
#include <inttypes.h>
#include <string.h>

#include "arena.h"
#include "audit.h"
#include "call.h"
#include "db.h"
#include "insreview.h"
#include "mail.h"
#include "portal.h"
#include "staff.h"
#include "valid.h"

/* The kinds a card photo may be served as. */
static const enum magic_type photo_kinds[] = { MAGIC_JPEG, MAGIC_PNG,
    MAGIC_PDF };

int
app_ir_may(const struct call *c)
{
	return app_staff_may(c, STAFF_INSURANCE_REVIEW);
}

/* 1, or 0 after the row staff.refused (*why IR_ROLE), or -1. */
static int
may(const struct call *c, const char *asked, enum ir_why *why)
{
	int	 rc = app_ir_may(c);

	if (rc != 0)
		return rc;
	*why = IR_ROLE;
	return audit_call(c, "staff.refused", 0, arena_printf(c->a,
	    "insurance review: %s", asked)) == -1 ? -1 : 0;
}

static enum app_rc
refused(const struct call *c, int64_t patient, const char *detail,
    enum ir_why w, enum ir_why *why)
{
	*why = w;
	return audit_call(c, "insurance.refused", patient, detail) == -1 ?
	    APP_ERROR : APP_REFUSED;
}

enum app_rc
app_ir_queue(const struct call *c, struct ins_change **out, size_t *n,
    int64_t *total, enum ir_why *why)
{
	struct audit_group	*g;
	size_t			 i;
	int			 rc;

	*out = NULL;
	*n = 0;
	*total = 0;
	*why = IR_OK;
	if ((rc = may(c, "queue", why)) != 1)
		return rc == 0 ? APP_REFUSED : app_db_failed(c);
	if (store_ins_pending(c->p->db, c->a, IR_PAGE, out, n, total) == -1)
		return app_db_failed(c);
	g = audit_group_new(c);
	for (i = 0; i < *n; i++) {
		audit_group_once(g, "insurance.list", (*out)[i].patient_id,
		    arena_printf(c->a, "change=%" PRId64, (*out)[i].id));
	}
	return audit_group_write(g) == -1 ? APP_ERROR : APP_OK;
}

enum app_rc
app_ir_get(const struct call *c, int64_t id, struct ir_detail *out,
    enum ir_why *why)
{
	int	 rc;

	*why = IR_OK;
	memset(out, 0, sizeof(*out));
	if ((rc = may(c, "change", why)) != 1)
		return rc == 0 ? APP_REFUSED : app_db_failed(c);
	if ((rc = store_ins_get(c->p->db, c->a, id, &out->ch)) == -1)
		return app_db_failed(c);
	if (rc == 0)
		return refused(c, 0, arena_printf(c->a, "asked change=%" PRId64
		    ": none", id), IR_NONE, why);
	if (out->ch.coverage_id != 0) {
		if ((rc = store_ins_coverage(c->p->db, c->a, out->ch.coverage_id,
		    &out->was)) == -1)
			return app_db_failed(c);
		out->has_was = rc == 1 &&
		    out->was.patient_id == out->ch.patient_id;
	}
	if (audit_call(c, "insurance.view", out->ch.patient_id,
	    arena_printf(c->a, "change=%" PRId64, id)) == -1)
		return APP_ERROR;
	return APP_OK;
}

enum app_rc
app_ir_photo(const struct call *c, int64_t id, int back, struct ir_photo *out,
    enum ir_why *why)
{
	struct ins_change	 ch;
	const char		*mime;
	enum magic_type		 kind;
	size_t			 i;
	int			 rc;

	*why = IR_OK;
	memset(out, 0, sizeof(*out));
	if ((rc = may(c, "card photo", why)) != 1)
		return rc == 0 ? APP_REFUSED : app_db_failed(c);
	if ((rc = store_ins_get(c->p->db, c->a, id, &ch)) == -1 ||
	    (rc == 1 && (rc = store_ins_photo(c->p->db, c->a, id, back,
	    &out->data, &out->len, &mime)) == -1))
		return app_db_failed(c);
	if (rc == 0)
		return refused(c, 0, arena_printf(c->a, "asked change=%" PRId64
		    " %s: none", id, back ? "back" : "front"), IR_NONE, why);
	/* Served only as an allowed kind its bytes prove, named as stored. */
	kind = magic_detect(out->data, out->len);
	for (i = 0; i < sizeof(photo_kinds) / sizeof(photo_kinds[0]); i++)
		if (photo_kinds[i] == kind &&
		    strcmp(magic_mime(kind), mime) == 0)
			break;
	if (i == sizeof(photo_kinds) / sizeof(photo_kinds[0]))
		return refused(c, ch.patient_id, arena_printf(c->a, "change=%"
		    PRId64 " %s: not an allowed image", id, back ? "back" :
		    "front"), IR_NONE, why);
	out->kind = kind;
	out->mime = magic_mime(kind);
	if (audit_call(c, "insurance.photo", ch.patient_id, arena_printf(c->a,
	    "change=%" PRId64 " %s", id, back ? "back" : "front")) == -1)
		return APP_ERROR;
	return APP_OK;
}

enum app_rc
app_ir_decide(const struct call *c, const struct ir_decide_in *in,
    const char **msg, enum ir_why *why)
{
	struct ins_change	 ch;
	const char		*reason = NULL;
	int64_t			 cov = 0;
	int			 rc;

	*why = IR_OK;
	*msg = NULL;
	if ((rc = may(c, "decision", why)) != 1)
		return rc == 0 ? APP_REFUSED : app_db_failed(c);
	if (!in->approve) {
		if (in->reason == NULL || *in->reason == '\0') {
			*msg = "Enter the reason: the family sees it.";
			return APP_INVALID;
		}
		if ((*msg = valid_line(c->a, in->reason, strlen(in->reason),
		    &reason)) != NULL)
			return APP_INVALID;
	}
	if (db_begin(c->p->db) == -1)
		return app_db_failed(c);
	if ((rc = store_ins_get(c->p->db, c->a, in->id, &ch)) == -1)
		goto dberr;
	if (rc == 0) {
		db_rollback(c->p->db);
		return refused(c, 0, arena_printf(c->a, "asked change=%" PRId64
		    ": none", in->id), IR_NONE, why);
	}
	if (strcmp(ch.status, "pending") != 0)
		goto decided;
	if (in->approve) {
		if ((cov = store_ins_apply(c->p->db, ch.patient_id,
		    ch.coverage_id, &ch.f, c->now)) == -1)
			goto dberr;
		if (cov == 0) {
			db_rollback(c->p->db);
			return refused(c, ch.patient_id, arena_printf(c->a,
			    "change=%" PRId64 " coverage=%" PRId64 ": not the "
			    "patient's", in->id, ch.coverage_id), IR_GONE, why);
		}
		if (ch.coverage_id != 0)
			cov = ch.coverage_id;
	}
	if ((rc = store_ins_decide(c->p->db, in->id, in->approve ? "approved" :
	    "rejected", reason, c->who.id, c->now)) == -1)
		goto dberr;
	if (rc == 0)
		goto decided;
	if (mail_queue(c->p->db, c->p->conf, MAIL_INSURANCE_REVIEWED,
	    ch.asker_email, NULL, app_mail_child(c, ch.patient_id),
	    c->now) == -1 ||
	    audit_call(c, in->approve ? "insurance.approve" : "insurance.reject",
	    ch.patient_id, arena_printf(c->a, "change=%" PRId64 " coverage=%"
	    PRId64 "%s", in->id, cov, ch.coverage_id == 0 && in->approve ?
	    " new" : "")) == -1 ||
	    db_commit(c->p->db) == -1)
		goto dberr;
	return APP_OK;
decided:
	db_rollback(c->p->db);
	return refused(c, ch.patient_id, arena_printf(c->a, "change=%" PRId64
	    ": decided already (%s)", in->id, ch.status), IR_DECIDED, why);
dberr:
	db_rollback(c->p->db);
	return app_db_failed(c);
}
