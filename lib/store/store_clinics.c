/*
 * The clinics, staff_clinics and patient_clinics tables.
 */
#include "arena.h"
#include "db.h"
#include "store_clinics.h"

static const char sql_insert[] = "INSERT OR IGNORE INTO clinics (name) VALUES (?)";
static const char sql_id[] = "SELECT id FROM clinics WHERE name = ?";
static const char sql_add_staff[] =
    "INSERT OR IGNORE INTO staff_clinics (staff_id, clinic_id) VALUES (?, ?)";
static const char sql_add_patient[] =
    "INSERT OR IGNORE INTO patient_clinics (patient_id, clinic_id) VALUES (?, ?)";
static const char sql_of_patient[] =
    "SELECT c.id, c.name FROM patient_clinics pc JOIN clinics c ON c.id = pc.clinic_id "
    "WHERE pc.patient_id = ? ORDER BY c.name";
static const char sql_has_patient[] =
    "SELECT 1 FROM patient_clinics WHERE clinic_id = ? AND patient_id = ?";
static const char sql_has_staff[] =
    "SELECT 1 FROM staff_clinics WHERE clinic_id = ? AND staff_id = ?";

int64_t
store_clinic_id(struct db *db, const char *name)
{
	sqlite3_stmt	*st = db_stmt(db, sql_id);
	int		 rc = db_bindv(st, "t", name);
	int64_t		 id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;

	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? id : -1;
}

int64_t
store_clinic_ensure(struct db *db, const char *name)
{
	if (db_exec(db, sql_insert, "t", name) == -1)
		return -1;
	return store_clinic_id(db, name);
}

int
store_clinic_add_staff(struct db *db, int64_t staff, int64_t clinic)
{
	return db_exec(db, sql_add_staff, "ii", staff, clinic);
}

int
store_clinic_add_patient(struct db *db, int64_t patient, int64_t clinic)
{
	return db_exec(db, sql_add_patient, "ii", patient, clinic);
}

int
store_clinics_of_patient(struct db *db, struct arena *a, int64_t patient,
    struct clinic **out, size_t *n)
{
	sqlite3_stmt	*st = db_stmt(db, sql_of_patient);
	struct clinic	*c;
	size_t		 cap = 0;
	int		 rc;

	*n = 0;
	*out = NULL;
	for (rc = db_bindv(st, "i", patient); rc == SQLITE_ROW; rc = sqlite3_step(st)) {
		c = arena_push(a, (void **)out, n, &cap, sizeof(*c));
		c->id = sqlite3_column_int64(st, 0);
		c->name = db_text(a, st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int
exists(struct db *db, const char *sql, int64_t a1, int64_t a2)
{
	sqlite3_stmt	*st = db_stmt(db, sql);
	int		 rc = db_bindv(st, "ii", a1, a2);

	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int
store_clinic_has_patient(struct db *db, int64_t clinic, int64_t patient)
{
	return exists(db, sql_has_patient, clinic, patient);
}

int
store_clinic_has_staff(struct db *db, int64_t clinic, int64_t staff)
{
	return exists(db, sql_has_staff, clinic, staff);
}
