/*
 * The saved patient lists (store_saved.h): every statement names the
 * account, so one user's list is never another's.
 */
#include "arena.h"
#include "db.h"
#include "store.h"
#include "store_saved.h"

enum { Q_ADD, Q_REMOVE, Q_LIST, Q_HAS, Q__MAX };

static const struct db_sql q[Q__MAX] = {
	[Q_ADD] = { "add",
	    "INSERT INTO saved_patients (account_id, patient_id, created) "
	    "VALUES (?, ?, ?) ON CONFLICT DO NOTHING" },
	[Q_REMOVE] = { "remove",
	    "DELETE FROM saved_patients WHERE account_id = ? AND patient_id = ?" },
	[Q_LIST] = { "list",
	    "SELECT p.id, p.mrn, p.given, p.family, p.dob, p.sex, p.foster, "
	    "p.guardianship, p.email, s.created "
	    "FROM saved_patients s JOIN patients p ON p.id = s.patient_id "
	    "WHERE s.account_id = ? ORDER BY p.family, p.given, p.id" },
	[Q_HAS] = { "has",
	    "SELECT 1 FROM saved_patients WHERE account_id = ? AND patient_id = ?" },
};
const struct db_sqltab store_saved_sql = DB_SQLTAB("saved", q);

int
store_saved_add(struct db *db, int64_t account, int64_t patient, time_t now)
{
	return db_exec(db, &q[Q_ADD], "iii", account, patient, (int64_t)now);
}

int
store_saved_remove(struct db *db, int64_t account, int64_t patient)
{
	long	 n;

	n = db_changes(db, &q[Q_REMOVE], "ii", account, patient);
	return n < 0 ? -1 : n > 0;
}

static void
saved_fill(struct db_stmt *st, struct arena *a, void *row)
{
	struct saved	*s = row;

	s->patient.id = db_col_int(st, 0);
	s->patient.mrn = db_col_text(a, st, 1);
	s->patient.given = db_col_text(a, st, 2);
	s->patient.family = db_col_text(a, st, 3);
	s->patient.dob = db_col_text(a, st, 4);
	s->patient.sex = db_col_text(a, st, 5);
	s->patient.foster = db_col_int(st, 6) != 0;
	s->patient.guardianship = db_col_int(st, 7) != 0;
	s->patient.email = db_col_text(a, st, 8);
	s->created = db_col_int(st, 9);
}

int
store_saved_list(struct db *db, struct arena *a, int64_t account,
    struct saved **out, size_t *n)
{
	return db_rows(db, a, &q[Q_LIST], saved_fill, sizeof(**out), out, n,
	    "i", account);
}

int
store_saved_has(struct db *db, int64_t account, int64_t patient)
{
	int64_t	 v;

	return db_int(db, &q[Q_HAS], &v, "ii", account, patient);
}
