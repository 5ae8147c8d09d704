/*
 * Clinic set-up's reads and writes (store_clinicset.h).
 */
#include <string.h>

#include "db.h"
#include "store.h"
#include "store_clinicset.h"

enum {
	Q_CLINICS, Q_CLINICS_OF, Q_CLINIC_GET, Q_CLINIC_ADD, Q_CLINIC_SET,
	Q_TYPES, Q_TYPE_GET, Q_TYPE_TAKEN, Q_TYPE_ADD, Q_TYPE_SET,
	Q_DOCS, Q_DOC_GET, Q_DOC_ADD, Q_DOC_RETIRE,
	Q_SLOT_EXISTS, Q_SLOT_ADD, Q_SLOT_GET, Q_SLOTS, Q_SLOT_WITHDRAW,
	Q__MAX
};

#define CLINIC_COLS "SELECT c.id, c.name, COALESCE(c.phone, ''), " \
    "COALESCE(c.location, '') FROM clinics c "
#define TYPE_COLS "SELECT t.id, t.clinic_id, c.name, t.name, " \
    "COALESCE(t.code, ''), t.minutes, t.video, t.self_schedule, " \
    "t.notice_hours, t.copay_cents, t.active, (SELECT count(*) FROM " \
    "visit_documents d WHERE d.visit_type_id = t.id AND d.retired = 0) " \
    "FROM visit_types t JOIN clinics c ON c.id = t.clinic_id "
#define DOC_COLS "SELECT d.id, d.visit_type_id, t.clinic_id, d.title, " \
    "d.body, d.retired, d.created FROM visit_documents d " \
    "JOIN visit_types t ON t.id = d.visit_type_id "
#define SLOT_COLS "SELECT s.id, s.clinic_id, s.visit_type_id, t.name, " \
    "COALESCE(s.provider, ''), COALESCE(s.location, ''), s.start_at, " \
    "s.minutes, s.withdrawn, (SELECT count(*) FROM visits v WHERE " \
    "v.slot_id = s.id AND v.status = 'booked'), s.source FROM slots s " \
    "JOIN visit_types t ON t.id = s.visit_type_id "

static const struct db_sql q[Q__MAX] = {
	[Q_CLINICS] = { "clinics", CLINIC_COLS "ORDER BY c.name" },
	[Q_CLINICS_OF] = { "clinics_of", CLINIC_COLS "JOIN staff_clinics sc "
	    "ON sc.clinic_id = c.id WHERE sc.staff_id = ? ORDER BY c.name" },
	[Q_CLINIC_GET] = { "clinic_get", CLINIC_COLS "WHERE c.id = ?" },
	[Q_CLINIC_ADD] = { "clinic_add", "INSERT INTO clinics (name, phone, "
	    "location) VALUES (?, ?, ?) ON CONFLICT DO NOTHING RETURNING id" },
	[Q_CLINIC_SET] = { "clinic_set", "UPDATE clinics SET phone = "
	    "COALESCE(?, phone), location = COALESCE(?, location) WHERE id = ?" },
	[Q_TYPES] = { "types", TYPE_COLS "WHERE t.clinic_id = ? ORDER BY "
	    "t.active DESC, t.name" },
	[Q_TYPE_GET] = { "type_get", TYPE_COLS "WHERE t.id = ?" },
	[Q_TYPE_TAKEN] = { "type_taken", "SELECT count(*) FROM visit_types "
	    "WHERE clinic_id = ? AND name = ? AND id <> ?" },
	[Q_TYPE_ADD] = { "type_add", "INSERT INTO visit_types (clinic_id, "
	    "name, code, minutes, video, self_schedule, notice_hours, "
	    "copay_cents, active) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
	    "RETURNING id" },
	[Q_TYPE_SET] = { "type_set", "UPDATE visit_types SET name = ?, "
	    "code = ?, minutes = ?, video = ?, self_schedule = ?, "
	    "notice_hours = ?, copay_cents = ?, active = ? WHERE id = ?" },
	[Q_DOCS] = { "docs", DOC_COLS "WHERE d.visit_type_id = ? "
	    "ORDER BY d.retired, d.id DESC" },
	[Q_DOC_GET] = { "doc_get", DOC_COLS "WHERE d.id = ?" },
	[Q_DOC_ADD] = { "doc_add", "INSERT INTO visit_documents "
	    "(visit_type_id, title, body, created) VALUES (?, ?, ?, ?) "
	    "RETURNING id" },
	[Q_DOC_RETIRE] = { "doc_retire", "UPDATE visit_documents SET "
	    "retired = 1 WHERE id = ? AND retired = 0" },
	[Q_SLOT_EXISTS] = { "slot_exists", "SELECT count(*) FROM slots WHERE "
	    "visit_type_id = ? AND start_at = ? AND withdrawn = 0" },
	[Q_SLOT_ADD] = { "slot_add", "INSERT INTO slots (clinic_id, "
	    "visit_type_id, provider, location, start_at, minutes, created) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id" },
	[Q_SLOT_GET] = { "slot_get", SLOT_COLS "WHERE s.id = ?" },
	[Q_SLOTS] = { "slots", SLOT_COLS "WHERE s.clinic_id = ? AND "
	    "s.start_at >= ? AND s.withdrawn = 0 ORDER BY s.start_at, s.id "
	    "LIMIT ?" },
	/* Taken: a booked visit names it. One statement, so a booking
	 * that committed first keeps its slot. */
	[Q_SLOT_WITHDRAW] = { "slot_withdraw", "UPDATE slots SET withdrawn = 1 "
	    "WHERE id = ? AND withdrawn = 0 AND NOT EXISTS (SELECT 1 FROM "
	    "visits v WHERE v.slot_id = slots.id AND v.status = 'booked')" },
};
const struct db_sqltab store_clinicset_sql = DB_SQLTAB("clinicset", q);

static const char *
nul(const char *s)
{
	return s != NULL && s[0] != '\0' ? s : NULL;
}

static void
clinic_fill(struct db_stmt *st, struct arena *a, void *row)
{
	struct cs_clinic	*c = row;

	c->id = db_col_int(st, 0);
	c->name = db_col_text(a, st, 1);
	c->phone = db_col_text(a, st, 2);
	c->location = db_col_text(a, st, 3);
}

int
store_cs_clinics(struct db *db, struct arena *a, int64_t staff,
    struct cs_clinic **out, size_t *n)
{
	if (staff == 0)
		return db_rows(db, a, &q[Q_CLINICS], clinic_fill, sizeof(**out),
		    out, n, "");
	return db_rows(db, a, &q[Q_CLINICS_OF], clinic_fill, sizeof(**out), out,
	    n, "i", staff);
}

int
store_cs_clinic_get(struct db *db, struct arena *a, int64_t id,
    struct cs_clinic *out)
{
	return db_row(db, a, &q[Q_CLINIC_GET], clinic_fill, out, "i", id);
}

int64_t
store_cs_clinic_add(struct db *db, const char *name, const char *phone,
    const char *location)
{
	int64_t	 id;

	if (db_int(db, &q[Q_CLINIC_ADD], &id, "ttt", name, nul(phone),
	    nul(location)) == -1)
		return -1;
	return id;
}

int
store_cs_clinic_set(struct db *db, int64_t id, const char *phone,
    const char *location)
{
	long	 n = db_changes(db, &q[Q_CLINIC_SET], "tti", phone, location, id);

	return n < 0 ? -1 : n > 0;
}

static void
type_fill(struct db_stmt *st, struct arena *a, void *row)
{
	struct cs_type	*t = row;

	t->id = db_col_int(st, 0);
	t->clinic_id = db_col_int(st, 1);
	t->clinic = db_col_text(a, st, 2);
	t->name = db_col_text(a, st, 3);
	t->code = db_col_text(a, st, 4);
	t->minutes = (long)db_col_int(st, 5);
	t->video = db_col_int(st, 6) != 0;
	t->self_schedule = db_col_int(st, 7) != 0;
	t->notice_hours = (long)db_col_int(st, 8);
	t->copay_cents = (long)db_col_int(st, 9);
	t->active = db_col_int(st, 10) != 0;
	t->documents = (long)db_col_int(st, 11);
}

int
store_cs_types(struct db *db, struct arena *a, int64_t clinic,
    struct cs_type **out, size_t *n)
{
	return db_rows(db, a, &q[Q_TYPES], type_fill, sizeof(**out), out, n,
	    "i", clinic);
}

int
store_cs_type_get(struct db *db, struct arena *a, int64_t id,
    struct cs_type *out)
{
	return db_row(db, a, &q[Q_TYPE_GET], type_fill, out, "i", id);
}

int
store_cs_type_name_taken(struct db *db, int64_t clinic, const char *name,
    int64_t id)
{
	int64_t	 n;

	if (db_int(db, &q[Q_TYPE_TAKEN], &n, "iti", clinic, name, id) == -1)
		return -1;
	return n > 0;
}

int64_t
store_cs_type_save(struct db *db, const struct cs_type *t)
{
	if (t->id == 0)
		return db_insert(db, &q[Q_TYPE_ADD], "ittiiiiii", t->clinic_id,
		    t->name, nul(t->code), (int64_t)t->minutes, (int64_t)t->video,
		    (int64_t)t->self_schedule, (int64_t)t->notice_hours,
		    (int64_t)t->copay_cents, (int64_t)t->active);
	if (db_exec(db, &q[Q_TYPE_SET], "ttiiiiiii", t->name, nul(t->code),
	    (int64_t)t->minutes, (int64_t)t->video, (int64_t)t->self_schedule,
	    (int64_t)t->notice_hours, (int64_t)t->copay_cents,
	    (int64_t)t->active, t->id) == -1)
		return -1;
	return t->id;
}

static void
doc_fill(struct db_stmt *st, struct arena *a, void *row)
{
	struct cs_doc	*d = row;

	d->id = db_col_int(st, 0);
	d->type_id = db_col_int(st, 1);
	d->clinic_id = db_col_int(st, 2);
	d->title = db_col_text(a, st, 3);
	d->body = db_col_text(a, st, 4);
	d->retired = db_col_int(st, 5) != 0;
	d->created = (time_t)db_col_int(st, 6);
}

int
store_cs_docs(struct db *db, struct arena *a, int64_t type,
    struct cs_doc **out, size_t *n)
{
	return db_rows(db, a, &q[Q_DOCS], doc_fill, sizeof(**out), out, n, "i",
	    type);
}

int
store_cs_doc_get(struct db *db, struct arena *a, int64_t id,
    struct cs_doc *out)
{
	return db_row(db, a, &q[Q_DOC_GET], doc_fill, out, "i", id);
}

int64_t
store_cs_doc_add(struct db *db, int64_t type, const char *title,
    const char *body, time_t now)
{
	return db_insert(db, &q[Q_DOC_ADD], "itti", type, title, body,
	    (int64_t)now);
}

int
store_cs_doc_retire(struct db *db, int64_t id)
{
	long	 n = db_changes(db, &q[Q_DOC_RETIRE], "i", id);

	return n < 0 ? -1 : n > 0;
}

int
store_cs_slot_exists(struct db *db, int64_t type, time_t start)
{
	int64_t	 n;

	if (db_int(db, &q[Q_SLOT_EXISTS], &n, "ii", type, (int64_t)start) == -1)
		return -1;
	return n > 0;
}

int64_t
store_cs_slot_add(struct db *db, const struct cs_slot *s, time_t now)
{
	return db_insert(db, &q[Q_SLOT_ADD], "iittiii", s->clinic_id,
	    s->type_id, nul(s->provider), nul(s->location), (int64_t)s->start,
	    (int64_t)s->minutes, (int64_t)now);
}

static void
slot_fill(struct db_stmt *st, struct arena *a, void *row)
{
	struct cs_slot	*s = row;

	s->id = db_col_int(st, 0);
	s->clinic_id = db_col_int(st, 1);
	s->type_id = db_col_int(st, 2);
	s->type_name = db_col_text(a, st, 3);
	s->provider = db_col_text(a, st, 4);
	s->location = db_col_text(a, st, 5);
	s->start = (time_t)db_col_int(st, 6);
	s->minutes = (long)db_col_int(st, 7);
	s->withdrawn = db_col_int(st, 8) != 0;
	s->taken = db_col_int(st, 9) > 0;
	s->source = db_col_text(a, st, 10);
}

int
store_cs_slot_get(struct db *db, struct arena *a, int64_t id,
    struct cs_slot *out)
{
	return db_row(db, a, &q[Q_SLOT_GET], slot_fill, out, "i", id);
}

int
store_cs_slots(struct db *db, struct arena *a, int64_t clinic, time_t from,
    long limit, struct cs_slot **out, size_t *n)
{
	return db_rows(db, a, &q[Q_SLOTS], slot_fill, sizeof(**out), out, n,
	    "iii", clinic, (int64_t)from, (int64_t)limit);
}

int
store_cs_slot_withdraw(struct db *db, int64_t id)
{
	long	 n = db_changes(db, &q[Q_SLOT_WITHDRAW], "i", id);

	return n < 0 ? -1 : n > 0;
}
