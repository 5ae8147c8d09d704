/*
 * The family's visit statements (store_vfamily.h).
 */
#include <string.h>

#include "db.h"
#include "store.h"
#include "store_vfamily.h"

enum {
	Q_CONFIRM, Q_CANCEL, Q_TYPES, Q_TYPE, Q_SLOT, Q_SLOTS, Q_BOOK,
	Q_CLINICS, Q_REQ_ADD, Q_REQS, Q__MAX
};

/* seen_here of clinic t.clinic_id for patient ?1 at time ?2; ?3 = 0: a
 * viewer who does not see confidential visits, whose seen_here draws on
 * none (nor on confidential encounters). */
#define SEEN_HERE \
    "CASE WHEN EXISTS (SELECT 1 FROM visits v WHERE v.patient_id = ?1 " \
    "AND v.clinic_id = t.clinic_id AND v.start_at < ?2 " \
    "AND v.status IN ('booked', 'completed') " \
    "AND (CAST(?3 AS BIGINT) = 1 OR v.confidential = 0)) " \
    "OR EXISTS (SELECT 1 FROM encounters e WHERE e.patient_id = ?1 " \
    "AND lower(e.department) = lower(c.name) " \
    "AND (CAST(?3 AS BIGINT) = 1 OR e.confidential = 0)) THEN 1 ELSE 0 END"
/* self_schedule: only while the clinic offers the type (active): a type
 * it stopped offering keeps its open slots, none bookable. */
#define TYPE_COLS \
    "SELECT t.id, t.clinic_id, c.name, t.name, t.minutes, t.video, " \
    "CASE WHEN t.self_schedule = 1 AND t.active = 1 THEN 1 ELSE 0 END, " \
    SEEN_HERE " " \
    "FROM visit_types t JOIN clinics c ON c.id = t.clinic_id "
#define SLOT_COLS \
    "SELECT s.id, s.clinic_id, s.visit_type_id, COALESCE(s.provider, ''), " \
    "COALESCE(s.location, ''), s.start_at, s.minutes, s.withdrawn, " \
    "CASE WHEN EXISTS (SELECT 1 FROM visits b WHERE b.slot_id = s.id " \
    "AND b.status = 'booked') THEN 1 ELSE 0 END FROM slots s "

static const struct db_sql q[Q__MAX] = {
	[Q_CONFIRM] = { "confirm",
	    "UPDATE visits SET confirmed = ?, confirmed_by = ?, updated = ? "
	    "WHERE id = ? AND status = 'booked' AND confirmed IS NULL" },
	[Q_CANCEL] = { "cancel",
	    "UPDATE visits SET status = 'cancelled', cancelled = ?, "
	    "cancelled_by = ?, cancel_reason = ?, updated = ? "
	    "WHERE id = ? AND status = 'booked'" },
	[Q_TYPES] = { "types", TYPE_COLS
	    "WHERE t.active = 1 AND t.self_schedule = 1 "
	    "ORDER BY c.name, t.name, t.id" },
	[Q_TYPE] = { "type", TYPE_COLS "WHERE t.id = ?4" },
	[Q_SLOT] = { "slot", SLOT_COLS "WHERE s.id = ?" },
	[Q_SLOTS] = { "slots", SLOT_COLS
	    "WHERE s.visit_type_id = ?1 AND s.withdrawn = 0 "
	    "AND s.start_at >= ?2 AND s.start_at < ?3 "
	    "AND NOT EXISTS (SELECT 1 FROM visits b WHERE b.slot_id = s.id "
	    "AND b.status = 'booked') "
	    "ORDER BY CASE WHEN ?4 <> '' AND s.provider = ?4 THEN 0 ELSE 1 END, "
	    "s.start_at, s.id LIMIT ?5 OFFSET ?6" },
	/* The loser of a race on one slot inserts nothing (no row back). */
	[Q_BOOK] = { "book",
	    "INSERT INTO visits (patient_id, clinic_id, visit_type_id, "
	    "type_name, provider, location, video, start_at, minutes, status, "
	    "confidential, source, slot_id, room, booked_by, created, updated) "
	    "VALUES (?, ?, ?, ?, NULLIF(?, ''), NULLIF(?, ''), ?, ?, ?, "
	    "'booked', ?, 'portal', ?, ?, ?, ?, ?) "
	    "ON CONFLICT (slot_id) WHERE status = 'booked' DO NOTHING "
	    "RETURNING id" },
	/* ?2 = 0: confidential visits and encounters name no clinic. */
	[Q_CLINICS] = { "clinics",
	    "SELECT c.id, c.name FROM clinics c WHERE "
	    "EXISTS (SELECT 1 FROM patient_clinics pc WHERE pc.clinic_id = c.id "
	    "AND pc.patient_id = ?1) "
	    "OR EXISTS (SELECT 1 FROM visits v WHERE v.clinic_id = c.id "
	    "AND v.patient_id = ?1 AND (CAST(?2 AS BIGINT) = 1 OR v.confidential = 0)) "
	    "OR EXISTS (SELECT 1 FROM encounters e WHERE e.patient_id = ?1 "
	    "AND lower(e.department) = lower(c.name) "
	    "AND (CAST(?2 AS BIGINT) = 1 OR e.confidential = 0)) ORDER BY c.name, c.id" },
	[Q_REQ_ADD] = { "request_add",
	    "INSERT INTO visit_requests (patient_id, account_id, clinic_id, "
	    "reason, preferred, phone, created, updated) VALUES "
	    "(?, ?, ?, ?, ?, ?, ?, ?) RETURNING id" },
	[Q_REQS] = { "requests",
	    "SELECT r.id, c.name, r.reason, r.preferred, r.phone, r.status, "
	    "r.created, r.updated FROM visit_requests r "
	    "JOIN clinics c ON c.id = r.clinic_id WHERE r.patient_id = ?1 "
	    "AND (CAST(?2 AS BIGINT) = 0 OR r.account_id = ?2) "
	    "ORDER BY r.created DESC, r.id DESC LIMIT ?3" },
};
const struct db_sqltab store_vfamily_sql = DB_SQLTAB("vfamily", q);

int
store_vf_confirm(struct db *db, int64_t visit, const char *by, time_t now)
{
	long	 n;

	n = db_changes(db, &q[Q_CONFIRM], "itii", (int64_t)now, by,
	    (int64_t)now, visit);
	return n < 0 ? -1 : n > 0;
}

int
store_vf_cancel(struct db *db, int64_t visit, const char *by,
    const char *reason, time_t now)
{
	long	 n;

	n = db_changes(db, &q[Q_CANCEL], "ittii", (int64_t)now, by, reason,
	    (int64_t)now, visit);
	return n < 0 ? -1 : n > 0;
}

static void
type_fill(struct db_stmt *st, struct arena *a, void *row)
{
	struct vf_type	*t = row;

	t->id = db_col_int(st, 0);
	t->clinic_id = db_col_int(st, 1);
	t->clinic = db_col_text(a, st, 2);
	t->name = db_col_text(a, st, 3);
	t->minutes = (long)db_col_int(st, 4);
	t->video = db_col_int(st, 5) != 0;
	t->self_schedule = db_col_int(st, 6) != 0;
	t->seen_here = db_col_int(st, 7) != 0;
}

int
store_vf_types(struct db *db, struct arena *a, int64_t patient,
    time_t now, int conf_ok, struct vf_type **out, size_t *n)
{
	return db_rows(db, a, &q[Q_TYPES], type_fill, sizeof(**out), out, n,
	    "iii", patient, (int64_t)now, (int64_t)(conf_ok != 0));
}

int
store_vf_type(struct db *db, struct arena *a, int64_t type, int64_t patient,
    time_t now, int conf_ok, struct vf_type *out)
{
	return db_row(db, a, &q[Q_TYPE], type_fill, out, "iiii", patient,
	    (int64_t)now, (int64_t)(conf_ok != 0), type);
}

static void
slot_fill(struct db_stmt *st, struct arena *a, void *row)
{
	struct vf_slot	*s = row;

	s->id = db_col_int(st, 0);
	s->clinic_id = db_col_int(st, 1);
	s->type_id = db_col_int(st, 2);
	s->provider = db_col_text(a, st, 3);
	s->location = db_col_text(a, st, 4);
	s->start = (time_t)db_col_int(st, 5);
	s->minutes = (long)db_col_int(st, 6);
	s->withdrawn = db_col_int(st, 7) != 0;
	s->taken = db_col_int(st, 8) != 0;
}

int
store_vf_slot(struct db *db, struct arena *a, int64_t id, struct vf_slot *out)
{
	return db_row(db, a, &q[Q_SLOT], slot_fill, out, "i", id);
}

int
store_vf_slots_open(struct db *db, struct arena *a, int64_t type, time_t from,
    time_t to, const char *provider, long limit, long offset,
    struct vf_slot **out, size_t *n)
{
	return db_rows(db, a, &q[Q_SLOTS], slot_fill, sizeof(**out), out, n,
	    "iiitii", type, (int64_t)from, (int64_t)to, provider,
	    (int64_t)limit, (int64_t)offset);
}

int64_t
store_vf_book(struct db *db, const struct vf_slot *s, int64_t patient,
    const struct vf_type *t, int confidential, int64_t account,
    const char *room, time_t now)
{
	return db_insert(db, &q[Q_BOOK], "iiitttiiiiitiii", patient,
	    s->clinic_id, t->id, t->name, s->provider, s->location,
	    (int64_t)t->video, (int64_t)s->start, (int64_t)s->minutes,
	    (int64_t)(confidential != 0), s->id, room, account, (int64_t)now,
	    (int64_t)now);
}

static void
clinic_fill(struct db_stmt *st, struct arena *a, void *row)
{
	struct vf_clinic	*c = row;

	c->id = db_col_int(st, 0);
	c->name = db_col_text(a, st, 1);
}

int
store_vf_clinics(struct db *db, struct arena *a, int64_t patient,
    int conf_ok, struct vf_clinic **out, size_t *n)
{
	return db_rows(db, a, &q[Q_CLINICS], clinic_fill, sizeof(**out), out,
	    n, "ii", patient, (int64_t)(conf_ok != 0));
}

int64_t
store_vf_request_add(struct db *db, int64_t patient, int64_t account,
    int64_t clinic, const char *reason, const char *preferred,
    const char *phone, time_t now)
{
	return db_insert(db, &q[Q_REQ_ADD], "iiitttii", patient, account,
	    clinic, reason, preferred, phone, (int64_t)now, (int64_t)now);
}

static void
req_fill(struct db_stmt *st, struct arena *a, void *row)
{
	struct vf_request	*r = row;

	r->id = db_col_int(st, 0);
	r->clinic = db_col_text(a, st, 1);
	r->reason = db_col_text(a, st, 2);
	r->preferred = db_col_text(a, st, 3);
	r->phone = db_col_text(a, st, 4);
	r->status = db_col_text(a, st, 5);
	r->created = (time_t)db_col_int(st, 6);
	r->updated = (time_t)db_col_int(st, 7);
}

int
store_vf_requests(struct db *db, struct arena *a, int64_t patient,
    int64_t account, long limit, struct vf_request **out, size_t *n)
{
	return db_rows(db, a, &q[Q_REQS], req_fill, sizeof(**out), out, n,
	    "iii", patient, account, (int64_t)limit);
}
