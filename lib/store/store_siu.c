/*
 * Visits and slots by filler id, visit types by code, reminders
 * (store_siu.h).
 */
#include <string.h>

#include "db.h"
#include "store.h"
#include "store_siu.h"

enum {
	Q_VISIT, Q_VISIT_ADD, Q_VISIT_SET, Q_VISIT_CANCEL, Q_VISIT_NOSHOW,
	Q_SLOT, Q_SLOT_ADD, Q_SLOT_SET, Q_TYPE, Q_DUE, Q_HOLDERS, Q_REMINDED,
	Q_REMIND, Q_SLOT_TAKEN, Q__MAX
};

static const struct db_sql q[Q__MAX] = {
	[Q_VISIT] = { "visit",
	    "SELECT id, patient_id, clinic_id, COALESCE(visit_type_id, 0), "
	    "type_name, COALESCE(provider, ''), COALESCE(location, ''), video, "
	    "start_at, minutes, status, confidential FROM visits "
	    "WHERE filler_id = ?" },
	[Q_VISIT_ADD] = { "visit_add",
	    "INSERT INTO visits (patient_id, clinic_id, visit_type_id, "
	    "type_name, provider, location, video, start_at, minutes, status, "
	    "confidential, source, filler_id, room, created, updated) VALUES "
	    "(?1, ?2, NULLIF(CAST(?3 AS BIGINT), 0), ?4, NULLIF(?5, ''), "
	    "NULLIF(?6, ''), ?7, ?8, ?9, ?10, ?11, 'siu', ?12, ?13, ?14, ?14) "
	    "RETURNING id" },
	[Q_VISIT_SET] = { "visit_set",
	    "UPDATE visits SET clinic_id = ?2, "
	    "visit_type_id = NULLIF(CAST(?3 AS BIGINT), 0), type_name = ?4, "
	    "provider = NULLIF(?5, ''), location = NULLIF(?6, ''), video = ?7, "
	    "confirmed = CASE WHEN start_at = ?8 THEN confirmed END, "
	    "confirmed_by = CASE WHEN start_at = ?8 THEN confirmed_by END, "
	    "start_at = ?8, minutes = ?9, status = ?10, confidential = ?11, "
	    "cancelled = CASE WHEN ?10 = 'cancelled' THEN cancelled END, "
	    "cancelled_by = CASE WHEN ?10 = 'cancelled' THEN cancelled_by END, "
	    "cancel_reason = CASE WHEN ?10 = 'cancelled' THEN cancel_reason END, "
	    "updated = ?12 WHERE id = ?1" },
	[Q_VISIT_CANCEL] = { "visit_cancel",
	    "UPDATE visits SET status = 'cancelled', cancelled = ?2, "
	    "cancelled_by = 'siu', cancel_reason = NULLIF(?3, ''), updated = ?2 "
	    "WHERE id = ?1" },
	[Q_VISIT_NOSHOW] = { "visit_noshow",
	    "UPDATE visits SET status = 'noshow', updated = ?2 WHERE id = ?1" },
	[Q_SLOT] = { "slot",
	    "SELECT id, clinic_id, visit_type_id, COALESCE(provider, ''), "
	    "COALESCE(location, ''), start_at, minutes, withdrawn FROM slots "
	    "WHERE filler_id = ?" },
	[Q_SLOT_ADD] = { "slot_add",
	    "INSERT INTO slots (clinic_id, visit_type_id, provider, location, "
	    "start_at, minutes, source, filler_id, withdrawn, created) VALUES "
	    "(?, ?, NULLIF(?, ''), NULLIF(?, ''), ?, ?, 'siu', ?, 0, ?) "
	    "RETURNING id" },
	[Q_SLOT_TAKEN] = { "slot_taken", "SELECT count(*) FROM visits "
	    "WHERE slot_id = ? AND status = 'booked'" },
	[Q_SLOT_SET] = { "slot_set",
	    "UPDATE slots SET clinic_id = ?2, visit_type_id = ?3, "
	    "provider = NULLIF(?4, ''), location = NULLIF(?5, ''), "
	    "start_at = ?6, minutes = ?7, withdrawn = ?8 WHERE id = ?1" },
	[Q_TYPE] = { "type",
	    "SELECT id, name, minutes, video FROM visit_types "
	    "WHERE clinic_id = ? AND code = ? AND active = 1 ORDER BY id LIMIT 1" },
	[Q_DUE] = { "due",
	    "SELECT id, patient_id, start_at FROM visits WHERE status = 'booked' "
	    "AND start_at > ? AND start_at < ? ORDER BY start_at, id" },
	[Q_HOLDERS] = { "holders",
	    "SELECT a.id, a.email FROM account_patients ap "
	    "JOIN accounts a ON a.id = ap.account_id "
	    "WHERE ap.patient_id = ? AND ap.status = 'active' ORDER BY a.id" },
	[Q_REMINDED] = { "reminded",
	    "SELECT count(*) FROM visit_reminders WHERE visit_id = ? AND days = ?" },
	[Q_REMIND] = { "remind",
	    "INSERT INTO visit_reminders (visit_id, days, sent) VALUES (?, ?, ?) "
	    "ON CONFLICT DO NOTHING" },
};
const struct db_sqltab store_siu_sql = DB_SQLTAB("siu", q);

static void
visit_fill(struct db_stmt *st, struct arena *a, void *row)
{
	struct siu_visit	*v = row;

	v->id = db_col_int(st, 0);
	v->patient_id = db_col_int(st, 1);
	v->clinic_id = db_col_int(st, 2);
	v->type_id = db_col_int(st, 3);
	v->type_name = db_col_text(a, st, 4);
	v->provider = db_col_text(a, st, 5);
	v->location = db_col_text(a, st, 6);
	v->video = db_col_int(st, 7) != 0;
	v->start = db_col_int(st, 8);
	v->minutes = (long)db_col_int(st, 9);
	v->status = db_col_text(a, st, 10);
	v->confidential = db_col_int(st, 11) != 0;
}

int
store_siu_visit(struct db *db, struct arena *a, const char *filler,
    struct siu_visit *out)
{
	return db_row(db, a, &q[Q_VISIT], visit_fill, out, "t", filler);
}

int64_t
store_siu_visit_add(struct db *db, const struct siu_visit *v,
    const char *filler, const char *room, time_t now)
{
	return db_insert(db, &q[Q_VISIT_ADD], "iiitttiiititti", v->patient_id,
	    v->clinic_id, v->type_id, v->type_name, v->provider, v->location,
	    (int64_t)v->video, v->start, (int64_t)v->minutes, v->status,
	    (int64_t)v->confidential, filler, room, (int64_t)now);
}

int
store_siu_visit_set(struct db *db, const struct siu_visit *v, time_t now)
{
	return db_exec(db, &q[Q_VISIT_SET], "iiitttiiitii", v->id, v->clinic_id,
	    v->type_id, v->type_name, v->provider, v->location,
	    (int64_t)v->video, v->start, (int64_t)v->minutes, v->status,
	    (int64_t)v->confidential, (int64_t)now);
}

int
store_siu_visit_cancel(struct db *db, int64_t id, const char *reason,
    time_t now)
{
	return db_exec(db, &q[Q_VISIT_CANCEL], "iit", id, (int64_t)now, reason);
}

int
store_siu_visit_noshow(struct db *db, int64_t id, time_t now)
{
	return db_exec(db, &q[Q_VISIT_NOSHOW], "ii", id, (int64_t)now);
}

static void
slot_fill(struct db_stmt *st, struct arena *a, void *row)
{
	struct siu_slot	*s = row;

	s->id = db_col_int(st, 0);
	s->clinic_id = db_col_int(st, 1);
	s->type_id = db_col_int(st, 2);
	s->provider = db_col_text(a, st, 3);
	s->location = db_col_text(a, st, 4);
	s->start = db_col_int(st, 5);
	s->minutes = (long)db_col_int(st, 6);
	s->withdrawn = db_col_int(st, 7) != 0;
}

int
store_siu_slot(struct db *db, struct arena *a, const char *filler,
    struct siu_slot *out)
{
	return db_row(db, a, &q[Q_SLOT], slot_fill, out, "t", filler);
}

int64_t
store_siu_slot_add(struct db *db, const struct siu_slot *s, const char *filler,
    time_t now)
{
	return db_insert(db, &q[Q_SLOT_ADD], "iittiiti", s->clinic_id, s->type_id,
	    s->provider, s->location, s->start, (int64_t)s->minutes, filler,
	    (int64_t)now);
}

int
store_siu_slot_set(struct db *db, const struct siu_slot *s)
{
	return db_exec(db, &q[Q_SLOT_SET], "iiittiii", s->id, s->clinic_id,
	    s->type_id, s->provider, s->location, s->start, (int64_t)s->minutes,
	    (int64_t)s->withdrawn);
}

struct type_row {
	int64_t		 id;
	const char	*name;
	long		 minutes;
	int		 video;
};

static void
type_fill(struct db_stmt *st, struct arena *a, void *row)
{
	struct type_row	*t = row;

	t->id = db_col_int(st, 0);
	t->name = db_col_text(a, st, 1);
	t->minutes = (long)db_col_int(st, 2);
	t->video = db_col_int(st, 3) != 0;
}

int
store_siu_type(struct db *db, struct arena *a, int64_t clinic,
    const char *code, int64_t *id, const char **name, long *minutes,
    int *video)
{
	struct type_row	 t;
	int		 rc;

	if ((rc = db_row(db, a, &q[Q_TYPE], type_fill, &t, "it", clinic,
	    code)) != 1)
		return rc;
	*id = t.id;
	*name = t.name;
	*minutes = t.minutes;
	*video = t.video;
	return 1;
}

static void
due_fill(struct db_stmt *st, struct arena *a, void *row)
{
	struct siu_due	*d = row;

	(void)a;
	d->visit_id = db_col_int(st, 0);
	d->patient_id = db_col_int(st, 1);
	d->start = db_col_int(st, 2);
}

int
store_siu_due(struct db *db, struct arena *a, time_t from, time_t to,
    struct siu_due **out, size_t *n)
{
	return db_rows(db, a, &q[Q_DUE], due_fill, sizeof(**out), (void **)out,
	    n, "ii", (int64_t)from, (int64_t)to);
}

static void
holder_fill(struct db_stmt *st, struct arena *a, void *row)
{
	struct siu_holder	*h = row;

	h->account_id = db_col_int(st, 0);
	h->email = db_col_text(a, st, 1);
}

int
store_siu_holders(struct db *db, struct arena *a, int64_t patient,
    struct siu_holder **out, size_t *n)
{
	return db_rows(db, a, &q[Q_HOLDERS], holder_fill, sizeof(**out),
	    (void **)out, n, "i", patient);
}

int
store_siu_reminded(struct db *db, int64_t visit, long days)
{
	int64_t	 n;

	if (db_int(db, &q[Q_REMINDED], &n, "ii", visit, (int64_t)days) == -1)
		return -1;
	return n > 0;
}

int
store_siu_remind_once(struct db *db, int64_t visit, long days, time_t now)
{
	long	 n = db_changes(db, &q[Q_REMIND], "iii", visit, (int64_t)days,
	    (int64_t)now);

	return n < 0 ? -1 : n == 1;
}

int
store_siu_slot_taken(struct db *db, int64_t slot)
{
	int64_t	 n;

	if (db_int(db, &q[Q_SLOT_TAKEN], &n, "i", slot) == -1)
		return -1;
	return n > 0;
}
