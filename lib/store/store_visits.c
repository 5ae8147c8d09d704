/*
 * Reads of visits shared by every visit operation (store_visits.h).
 */
#include <string.h>

#include "db.h"
#include "store.h"
#include "store_visits.h"

enum {
	Q_GET, Q_OF_PATIENT, Q_STEPS, Q_TYPE_DOCS, Q__MAX
};

#define VISIT_COLS \
    "SELECT v.id, v.patient_id, v.clinic_id, COALESCE(v.visit_type_id, 0), " \
    "v.type_name, COALESCE(v.provider, ''), COALESCE(v.location, ''), " \
    "v.video, v.start_at, v.minutes, v.status, v.confidential, v.source, " \
    "COALESCE(v.filler_id, ''), COALESCE(v.slot_id, 0), v.room, " \
    "COALESCE(v.booked_by, 0), COALESCE(v.confirmed, 0), " \
    "COALESCE(v.confirmed_by, ''), COALESCE(v.cancelled, 0), " \
    "COALESCE(v.cancelled_by, ''), COALESCE(v.cancel_reason, ''), " \
    "v.created, v.updated, c.name, COALESCE(c.phone, ''), " \
    "COALESCE(c.location, ''), COALESCE(t.notice_hours, 24), " \
    "COALESCE(t.copay_cents, 0), COALESCE(t.self_schedule * t.active, 0) " \
    "FROM visits v JOIN clinics c ON c.id = v.clinic_id " \
    "LEFT JOIN visit_types t ON t.id = v.visit_type_id "

static const struct db_sql q[Q__MAX] = {
	[Q_GET] = { "get", VISIT_COLS "WHERE v.id = ?" },
	[Q_OF_PATIENT] = { "of_patient", VISIT_COLS
	    "WHERE v.patient_id = ? ORDER BY v.start_at DESC, v.id DESC "
	    "LIMIT ?" },
	[Q_STEPS] = { "steps",
	    "SELECT step FROM visit_checkins WHERE visit_id = ? ORDER BY step" },
	[Q_TYPE_DOCS] = { "type_docs", "SELECT count(*) FROM visit_documents "
	    "WHERE visit_type_id = ? AND retired = 0" },
};
const struct db_sqltab store_visits_sql = DB_SQLTAB("visits", q);

static void
visit_fill(struct db_stmt *st, struct arena *a, void *row)
{
	struct visit	*v = row;

	v->id = db_col_int(st, 0);
	v->patient_id = db_col_int(st, 1);
	v->clinic_id = db_col_int(st, 2);
	v->type_id = db_col_int(st, 3);
	v->type_name = db_col_text(a, st, 4);
	v->provider = db_col_text(a, st, 5);
	v->location = db_col_text(a, st, 6);
	v->video = db_col_int(st, 7) != 0;
	v->start = (time_t)db_col_int(st, 8);
	v->minutes = (long)db_col_int(st, 9);
	v->status = db_col_text(a, st, 10);
	v->confidential = db_col_int(st, 11) != 0;
	v->source = db_col_text(a, st, 12);
	v->filler_id = db_col_text(a, st, 13);
	v->slot_id = db_col_int(st, 14);
	v->room = db_col_text(a, st, 15);
	v->booked_by = db_col_int(st, 16);
	v->confirmed = (time_t)db_col_int(st, 17);
	v->confirmed_by = db_col_text(a, st, 18);
	v->cancelled = (time_t)db_col_int(st, 19);
	v->cancelled_by = db_col_text(a, st, 20);
	v->cancel_reason = db_col_text(a, st, 21);
	v->created = (time_t)db_col_int(st, 22);
	v->updated = (time_t)db_col_int(st, 23);
	v->clinic = db_col_text(a, st, 24);
	v->clinic_phone = db_col_text(a, st, 25);
	v->clinic_location = db_col_text(a, st, 26);
	v->notice_hours = (long)db_col_int(st, 27);
	v->copay_cents = (long)db_col_int(st, 28);
	v->self_schedule = db_col_int(st, 29) != 0;
}

int
store_visit_get(struct db *db, struct arena *a, int64_t id, struct visit *out)
{
	return db_row(db, a, &q[Q_GET], visit_fill, out, "i", id);
}

int
store_visits_of_patient(struct db *db, struct arena *a, int64_t patient,
    long limit, struct visit **out, size_t *n)
{
	return db_rows(db, a, &q[Q_OF_PATIENT], visit_fill, sizeof(**out), out,
	    n, "ii", patient, (int64_t)limit);
}

static void
step_fill(struct db_stmt *st, struct arena *a, void *row)
{
	*(const char **)row = db_col_text(a, st, 0);
}

int
store_visit_steps_done(struct db *db, struct arena *a, int64_t visit,
    const char ***out, size_t *n)
{
	return db_rows(db, a, &q[Q_STEPS], step_fill, sizeof(**out), out, n,
	    "i", visit);
}

int
store_visit_type_documents(struct db *db, int64_t type, int64_t *n)
{
	return db_int(db, &q[Q_TYPE_DOCS], n, "i", type) == -1 ? -1 : 0;
}
