/*
 * The clinic staff's visit reads and the request status (store_svisits.h).
 */
#include <string.h>

#include "db.h"
#include "store.h"
#include "store_svisits.h"

enum {
	Q_REQ_OPEN, Q_REQ_GET, Q_REQ_STATUS, Q_VISITS, Q_VISIT_GET, Q_SIGS,
	Q_SIG_GET, Q__MAX
};

#define REQ_COLS "SELECT r.id, r.patient_id, r.account_id, r.clinic_id, " \
    "c.name, r.reason, r.preferred, r.phone, r.status, r.created, " \
    "r.updated, COALESCE(s.name, ''), p.given, p.family, p.mrn, a.given, " \
    "a.family, a.email FROM visit_requests r " \
    "JOIN clinics c ON c.id = r.clinic_id " \
    "JOIN patients p ON p.id = r.patient_id " \
    "JOIN accounts a ON a.id = r.account_id " \
    "LEFT JOIN staff s ON s.id = r.updated_by "
#define SVISIT_COLS "SELECT v.id, v.patient_id, v.clinic_id, c.name, " \
    "v.type_name, COALESCE(v.provider, ''), COALESCE(v.location, ''), " \
    "v.video, v.start_at, v.minutes, v.status, v.confidential, " \
    "COALESCE(v.confirmed, 0), COALESCE(v.confirmed_by, ''), " \
    "COALESCE(v.cancelled, 0), COALESCE(v.cancelled_by, ''), " \
    "COALESCE(v.cancel_reason, ''), p.given, p.family, p.mrn " \
    "FROM visits v JOIN clinics c ON c.id = v.clinic_id " \
    "JOIN patients p ON p.id = v.patient_id "
#define SIG_COLS "SELECT s.id, s.visit_id, s.document_id, d.title, " \
    "s.account_id, s.signer_name, s.body, s.sha256, s.signed " \
    "FROM visit_signatures s JOIN visit_documents d ON d.id = s.document_id "

static const struct db_sql q[Q__MAX] = {
	[Q_REQ_OPEN] = { "req_open", REQ_COLS "WHERE r.status IN ('new', "
	    "'contacted') AND r.clinic_id IN (SELECT clinic_id FROM "
	    "staff_clinics WHERE staff_id = ?) ORDER BY CASE r.status WHEN "
	    "'new' THEN 0 ELSE 1 END, r.created, r.id LIMIT ?" },
	[Q_REQ_GET] = { "req_get", REQ_COLS "WHERE r.id = ?" },
	[Q_REQ_STATUS] = { "req_status", "UPDATE visit_requests SET status = ?, "
	    "updated = ?, updated_by = ? WHERE id = ? AND status = ?" },
	[Q_VISITS] = { "visits", SVISIT_COLS "WHERE v.clinic_id IN (SELECT "
	    "clinic_id FROM staff_clinics WHERE staff_id = ?) AND "
	    "v.start_at >= ? AND v.start_at < ? ORDER BY v.start_at, v.id "
	    "LIMIT ? OFFSET ?" },
	[Q_VISIT_GET] = { "visit_get", SVISIT_COLS "WHERE v.id = ?" },
	[Q_SIGS] = { "sigs", SIG_COLS "WHERE s.visit_id = ? ORDER BY s.signed, "
	    "s.id" },
	[Q_SIG_GET] = { "sig_get", SIG_COLS "WHERE s.id = ?" },
};
const struct db_sqltab store_svisits_sql = DB_SQLTAB("svisits", q);

static void
req_fill(struct db_stmt *st, struct arena *a, void *row)
{
	struct vreq	*r = row;

	r->id = db_col_int(st, 0);
	r->patient_id = db_col_int(st, 1);
	r->account_id = db_col_int(st, 2);
	r->clinic_id = db_col_int(st, 3);
	r->clinic = db_col_text(a, st, 4);
	r->reason = db_col_text(a, st, 5);
	r->preferred = db_col_text(a, st, 6);
	r->phone = db_col_text(a, st, 7);
	r->status = db_col_text(a, st, 8);
	r->created = (time_t)db_col_int(st, 9);
	r->updated = (time_t)db_col_int(st, 10);
	r->updated_by = db_col_text(a, st, 11);
	r->pt_given = db_col_text(a, st, 12);
	r->pt_family = db_col_text(a, st, 13);
	r->mrn = db_col_text(a, st, 14);
	r->asker_given = db_col_text(a, st, 15);
	r->asker_family = db_col_text(a, st, 16);
	r->asker_email = db_col_text(a, st, 17);
}

int
store_vreq_open(struct db *db, struct arena *a, int64_t staff, long limit,
    struct vreq **out, size_t *n)
{
	return db_rows(db, a, &q[Q_REQ_OPEN], req_fill, sizeof(**out), out, n,
	    "ii", staff, (int64_t)limit);
}

int
store_vreq_get(struct db *db, struct arena *a, int64_t id, struct vreq *out)
{
	return db_row(db, a, &q[Q_REQ_GET], req_fill, out, "i", id);
}

int
store_vreq_status(struct db *db, int64_t id, const char *was, const char *to,
    int64_t staff, time_t now)
{
	long	 n = db_changes(db, &q[Q_REQ_STATUS], "tiiit", to, (int64_t)now,
		    staff, id, was);

	return n < 0 ? -1 : n > 0;
}

static void
svisit_fill(struct db_stmt *st, struct arena *a, void *row)
{
	struct svisit	*v = row;

	v->id = db_col_int(st, 0);
	v->patient_id = db_col_int(st, 1);
	v->clinic_id = db_col_int(st, 2);
	v->clinic = db_col_text(a, st, 3);
	v->type_name = db_col_text(a, st, 4);
	v->provider = db_col_text(a, st, 5);
	v->location = db_col_text(a, st, 6);
	v->video = db_col_int(st, 7) != 0;
	v->start = (time_t)db_col_int(st, 8);
	v->minutes = (long)db_col_int(st, 9);
	v->status = db_col_text(a, st, 10);
	v->confidential = db_col_int(st, 11) != 0;
	v->confirmed = (time_t)db_col_int(st, 12);
	v->confirmed_by = db_col_text(a, st, 13);
	v->cancelled = (time_t)db_col_int(st, 14);
	v->cancelled_by = db_col_text(a, st, 15);
	v->cancel_reason = db_col_text(a, st, 16);
	v->pt_given = db_col_text(a, st, 17);
	v->pt_family = db_col_text(a, st, 18);
	v->mrn = db_col_text(a, st, 19);
}

int
store_svisits(struct db *db, struct arena *a, int64_t staff, time_t from,
    time_t to, long offset, long limit, struct svisit **out, size_t *n,
    int *more)
{
	if (db_rows(db, a, &q[Q_VISITS], svisit_fill, sizeof(**out), out, n,
	    "iiiii", staff, (int64_t)from, (int64_t)to, (int64_t)limit + 1,
	    (int64_t)offset) == -1)
		return -1;
	*more = *n > (size_t)limit;
	if (*more)
		*n = (size_t)limit;
	return 0;
}

int
store_svisit_get(struct db *db, struct arena *a, int64_t id,
    struct svisit *out)
{
	return db_row(db, a, &q[Q_VISIT_GET], svisit_fill, out, "i", id);
}

static void
sig_fill(struct db_stmt *st, struct arena *a, void *row)
{
	struct vsig	*s = row;

	s->id = db_col_int(st, 0);
	s->visit_id = db_col_int(st, 1);
	s->document_id = db_col_int(st, 2);
	s->title = db_col_text(a, st, 3);
	s->account_id = db_col_int(st, 4);
	s->signer_name = db_col_text(a, st, 5);
	s->body = db_col_text(a, st, 6);
	s->sha256 = db_col_text(a, st, 7);
	s->signed_at = (time_t)db_col_int(st, 8);
}

int
store_vsigs(struct db *db, struct arena *a, int64_t visit, struct vsig **out,
    size_t *n)
{
	return db_rows(db, a, &q[Q_SIGS], sig_fill, sizeof(**out), out, n, "i",
	    visit);
}

int
store_vsig_get(struct db *db, struct arena *a, int64_t id, struct vsig *out)
{
	return db_row(db, a, &q[Q_SIG_GET], sig_fill, out, "i", id);
}
