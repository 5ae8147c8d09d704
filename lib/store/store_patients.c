/*
 * The patients, relations and encounters tables.
 */
#include "arena.h"
#include "db.h"
#include "store_patients.h"

static const char sql_by_id[] =
    "SELECT id, mrn, given, family, dob, sex, foster, guardianship, email "
    "FROM patients WHERE id = ?";
static const char sql_by_mrn[] =
    "SELECT id, mrn, given, family, dob, sex, foster, guardianship, email "
    "FROM patients WHERE mrn = ?";
static const char sql_create[] =
    "INSERT INTO patients (mrn, given, family, dob, sex, foster, guardianship, "
    "email, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char sql_set_email[] =
    "UPDATE patients SET email = ? WHERE id = ?";
static const char sql_rel_add[] =
    "INSERT INTO relations (patient_id, kind, given, family, email, phone) "
    "VALUES (?, ?, ?, ?, ?, ?)";
static const char sql_rels[] =
    "SELECT id, patient_id, kind, given, family, email, phone "
    "FROM relations WHERE patient_id = ? ORDER BY id";
static const char sql_enc_add[] =
    "INSERT INTO encounters (patient_id, date, kind, department, confidential) "
    "VALUES (?, ?, ?, ?, ?)";
static const char sql_enc_on[] =
    "SELECT 1 FROM encounters WHERE patient_id = ? AND date = ?";

static int
patient_row(sqlite3_stmt *st, int rc, struct arena *a, struct patient *out)
{
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return -1;
	out->id = sqlite3_column_int64(st, 0);
	out->mrn = db_text(a, st, 1);
	out->given = db_text(a, st, 2);
	out->family = db_text(a, st, 3);
	out->dob = db_text(a, st, 4);
	out->sex = db_text(a, st, 5);
	out->foster = sqlite3_column_int(st, 6);
	out->guardianship = sqlite3_column_int(st, 7);
	out->email = db_text(a, st, 8);
	sqlite3_reset(st);
	return 1;
}

int
store_patient_by_id(struct db *db, struct arena *a, int64_t id, struct patient *out)
{
	sqlite3_stmt	*st = db_stmt(db, sql_by_id);

	return patient_row(st, db_bindv(st, "i", id), a, out);
}

int
store_patient_by_mrn(struct db *db, struct arena *a, const char *mrn,
    struct patient *out)
{
	sqlite3_stmt	*st = db_stmt(db, sql_by_mrn);

	return patient_row(st, db_bindv(st, "t", mrn), a, out);
}

int64_t
store_patient_create(struct db *db, const struct patient *p, time_t now)
{
	if (db_exec(db, sql_create, "tttttiiti", p->mrn, p->given, p->family,
	    p->dob, p->sex, (int64_t)p->foster, (int64_t)p->guardianship,
	    p->email, (int64_t)now) == -1)
		return -1;
	return sqlite3_last_insert_rowid(db_handle(db));
}

int
store_patient_set_email(struct db *db, int64_t id, const char *email)
{
	return db_exec(db, sql_set_email, "ti", email, id) == -1 ? -1 : 0;
}

int64_t
store_relation_add(struct db *db, const struct relation *r)
{
	if (db_exec(db, sql_rel_add, "ittttt", r->patient_id, r->kind,
	    r->given, r->family, r->email, r->phone) == -1)
		return -1;
	return sqlite3_last_insert_rowid(db_handle(db));
}

int
store_relations(struct db *db, struct arena *a, int64_t patient,
    struct relation **out, size_t *n)
{
	sqlite3_stmt	*st = db_stmt(db, sql_rels);
	struct relation	*r;
	size_t		 cap = 0;
	int		 rc;

	*n = 0;
	*out = NULL;
	for (rc = db_bindv(st, "i", patient); rc == SQLITE_ROW; rc = sqlite3_step(st)) {
		r = arena_push(a, (void **)out, n, &cap, sizeof(*r));
		r->id = sqlite3_column_int64(st, 0);
		r->patient_id = sqlite3_column_int64(st, 1);
		r->kind = db_text(a, st, 2);
		r->given = db_text(a, st, 3);
		r->family = db_text(a, st, 4);
		r->email = db_text(a, st, 5);
		r->phone = db_text(a, st, 6);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int64_t
store_encounter_add(struct db *db, int64_t patient, const char *date,
    const char *kind, const char *department, int confidential)
{
	if (db_exec(db, sql_enc_add, "ittti", patient,
	    date, kind, department, (int64_t)confidential) == -1)
		return -1;
	return sqlite3_last_insert_rowid(db_handle(db));
}

int
store_encounter_on(struct db *db, int64_t patient, const char *date)
{
	sqlite3_stmt	*st = db_stmt(db, sql_enc_on);
	int		 rc = db_bindv(st, "it", patient, date);

	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}
