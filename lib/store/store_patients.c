/*
 * The patients, relations and encounters tables.
 */
#include "arena.h"
#include "db.h"
#include "store.h"
#include "store_patients.h"

enum {
	Q_BY_ID, Q_BY_MRN, Q_CREATE, Q_SET_EMAIL, Q_REL_ADD, Q_RELS,
	Q_ENC_ADD, Q_ENC_ON, Q__MAX
};

#define PATIENT_COLS \
    "SELECT id, mrn, given, family, dob, sex, foster, guardianship, email " \
    "FROM patients "

static const struct db_sql q[Q__MAX] = {
	[Q_BY_ID] = { "by_id", PATIENT_COLS "WHERE id = ?" },
	[Q_BY_MRN] = { "by_mrn", PATIENT_COLS "WHERE mrn = ?" },
	[Q_CREATE] = { "create",
	    "INSERT INTO patients (mrn, given, family, dob, sex, foster, "
	    "guardianship, email, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
	    "RETURNING id" },
	[Q_SET_EMAIL] = { "set_email", "UPDATE patients SET email = ? WHERE id = ?" },
	[Q_REL_ADD] = { "rel_add",
	    "INSERT INTO relations (patient_id, kind, given, family, email, phone) "
	    "VALUES (?, ?, ?, ?, ?, ?) RETURNING id" },
	[Q_RELS] = { "rels",
	    "SELECT id, patient_id, kind, given, family, email, phone "
	    "FROM relations WHERE patient_id = ? ORDER BY id" },
	[Q_ENC_ADD] = { "enc_add",
	    "INSERT INTO encounters (patient_id, date, kind, department, "
	    "confidential) VALUES (?, ?, ?, ?, ?) RETURNING id" },
	[Q_ENC_ON] = { "enc_on",
	    "SELECT 1 FROM encounters WHERE patient_id = ? AND date = ?" },
};
const struct db_sqltab store_patients_sql = DB_SQLTAB("patients", q);

static void
patient_fill(struct db_stmt *st, struct arena *a, void *row)
{
	struct patient	*out = row;

	out->id = db_col_int(st, 0);
	out->mrn = db_col_text(a, st, 1);
	out->given = db_col_text(a, st, 2);
	out->family = db_col_text(a, st, 3);
	out->dob = db_col_text(a, st, 4);
	out->sex = db_col_text(a, st, 5);
	out->foster = (int)db_col_int(st, 6);
	out->guardianship = (int)db_col_int(st, 7);
	out->email = db_col_text(a, st, 8);
}

int
store_patient_by_id(struct db *db, struct arena *a, int64_t id, struct patient *out)
{
	return db_row(db, a, &q[Q_BY_ID], patient_fill, out, "i", id);
}

int
store_patient_by_mrn(struct db *db, struct arena *a, const char *mrn,
    struct patient *out)
{
	return db_row(db, a, &q[Q_BY_MRN], patient_fill, out, "t", mrn);
}

int64_t
store_patient_create(struct db *db, const struct patient *p, time_t now)
{
	return db_insert(db, &q[Q_CREATE], "tttttiiti", p->mrn, p->given,
	    p->family, p->dob, p->sex, (int64_t)p->foster,
	    (int64_t)p->guardianship, p->email, (int64_t)now);
}

int
store_patient_set_email(struct db *db, int64_t id, const char *email)
{
	return db_exec(db, &q[Q_SET_EMAIL], "ti", email, id);
}

int64_t
store_relation_add(struct db *db, const struct relation *r)
{
	return db_insert(db, &q[Q_REL_ADD], "ittttt", r->patient_id, r->kind,
	    r->given, r->family, r->email, r->phone);
}

static void
relation_fill(struct db_stmt *st, struct arena *a, void *row)
{
	struct relation	*r = row;

	r->id = db_col_int(st, 0);
	r->patient_id = db_col_int(st, 1);
	r->kind = db_col_text(a, st, 2);
	r->given = db_col_text(a, st, 3);
	r->family = db_col_text(a, st, 4);
	r->email = db_col_text(a, st, 5);
	r->phone = db_col_text(a, st, 6);
}

int
store_relations(struct db *db, struct arena *a, int64_t patient,
    struct relation **out, size_t *n)
{
	return db_rows(db, a, &q[Q_RELS], relation_fill, sizeof(**out), out, n,
	    "i", patient);
}

int64_t
store_encounter_add(struct db *db, int64_t patient, const char *date,
    const char *kind, const char *department, int confidential)
{
	return db_insert(db, &q[Q_ENC_ADD], "ittti", patient, date, kind,
	    department, (int64_t)confidential);
}

int
store_encounter_on(struct db *db, int64_t patient, const char *date)
{
	int64_t	 one;

	return db_int(db, &q[Q_ENC_ON], &one, "it", patient, date);
}
