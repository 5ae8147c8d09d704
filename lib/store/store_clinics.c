/*
 * The clinics, staff_clinics and patient_clinics tables.
 */
#include "arena.h"
#include "db.h"
#include "store.h"
#include "store_clinics.h"
#include "store_staff.h"

enum {
	Q_INSERT, Q_ID, Q_ADD_STAFF, Q_ADD_PATIENT, Q_OF_PATIENT,
	Q_HAS_PATIENT, Q_HAS_STAFF, Q__MAX
};

static const struct db_sql q[Q__MAX] = {
	[Q_INSERT] = { "insert",
	    "INSERT INTO clinics (name) VALUES (?) ON CONFLICT DO NOTHING" },
	[Q_ID] = { "id", "SELECT id FROM clinics WHERE name = ?" },
	[Q_ADD_STAFF] = { "add_staff",
	    "INSERT INTO staff_clinics (staff_id, clinic_id) VALUES (?, ?) "
	    "ON CONFLICT DO NOTHING" },
	[Q_ADD_PATIENT] = { "add_patient",
	    "INSERT INTO patient_clinics (patient_id, clinic_id) VALUES (?, ?) "
	    "ON CONFLICT DO NOTHING" },
	[Q_OF_PATIENT] = { "of_patient",
	    "SELECT c.id, c.name FROM patient_clinics pc "
	    "JOIN clinics c ON c.id = pc.clinic_id "
	    "WHERE pc.patient_id = ? ORDER BY c.name" },
	[Q_HAS_PATIENT] = { "has_patient",
	    "SELECT 1 FROM patient_clinics WHERE clinic_id = ? AND patient_id = ?" },
	[Q_HAS_STAFF] = { "has_staff",
	    "SELECT 1 FROM staff_clinics WHERE clinic_id = ? AND staff_id = ?" },
};
const struct db_sqltab store_clinics_sql = DB_SQLTAB("clinics", q);

int64_t
store_clinic_id(struct db *db, const char *name)
{
	int64_t	 id;

	return db_int(db, &q[Q_ID], &id, "t", name) == -1 ? -1 : id;
}

int64_t
store_clinic_ensure(struct db *db, const char *name)
{
	if (db_exec(db, &q[Q_INSERT], "t", name) == -1)
		return -1;
	return store_clinic_id(db, name);
}

int
store_clinic_add_staff(struct db *db, int64_t staff, int64_t clinic)
{
	/* A care team's member holds the role "clinic" (issue 11.8). */
	if (db_exec(db, &q[Q_ADD_STAFF], "ii", staff, clinic) == -1)
		return -1;
	return store_staff_role_add(db, staff, "clinic");
}

int
store_clinic_add_patient(struct db *db, int64_t patient, int64_t clinic)
{
	return db_exec(db, &q[Q_ADD_PATIENT], "ii", patient, clinic);
}

static void
clinic_fill(struct db_stmt *st, struct arena *a, void *row)
{
	struct clinic	*c = row;

	c->id = db_col_int(st, 0);
	c->name = db_col_text(a, st, 1);
}

int
store_clinics_of_patient(struct db *db, struct arena *a, int64_t patient,
    struct clinic **out, size_t *n)
{
	return db_rows(db, a, &q[Q_OF_PATIENT], clinic_fill, sizeof(**out), out,
	    n, "i", patient);
}

int
store_clinic_has_patient(struct db *db, int64_t clinic, int64_t patient)
{
	int64_t	 one;

	return db_int(db, &q[Q_HAS_PATIENT], &one, "ii", clinic, patient);
}

int
store_clinic_has_staff(struct db *db, int64_t clinic, int64_t staff)
{
	int64_t	 one;

	return db_int(db, &q[Q_HAS_STAFF], &one, "ii", clinic, staff);
}
