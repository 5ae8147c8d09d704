/*
 * The synthetic hospital's bulk load (see store_bench.h): plain INSERTs
 * into the tables of 001, 002 and 003, around db_bulk. The statements are
 * this program's own table, prepared beside the registry's (db_prepare)
 * and reused for millions of rows.
 */
#include <stdio.h>

#include "db.h"
#include "store_bench.h"

enum {
	Q_COUNT, Q_PATIENT, Q_RELATION, Q_ENCOUNTER, Q_RESULT, Q_NOTE, Q_THREAD,
	Q_ITEM,			/* + enum bench_item */
	Q__MAX = Q_ITEM + BENCH_ITEM__MAX
};

/* The items: ?1 patient, ?2 name, ?3 code, ?4..?8 t1..t5 (store_bench.h);
 * fmt binds as many as the statement numbers, unused numbers in between
 * stay NULL. */
static const char *const item_fmt[BENCH_ITEM__MAX] = {
	[BENCH_MEDICATION] = "ittttttt",
	[BENCH_ALLERGY] = "ittttt",
	[BENCH_PROBLEM] = "itttt",
	[BENCH_IMMUNIZATION] = "itttt",
	[BENCH_VITAL] = "ittttt",
};

static const struct db_sql q[Q__MAX] = {
	[Q_COUNT] = { "count",
	    "SELECT (SELECT count(*) FROM patients) + "
	    "(SELECT count(*) FROM accounts)" },
	[Q_PATIENT] = { "patient",
	    "INSERT INTO patients (id, mrn, given, family, dob, sex, created) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?)" },
	[Q_RELATION] = { "relation",
	    "INSERT INTO relations (id, patient_id, kind, given, family, email, "
	    "phone) VALUES (?, ?, ?, ?, ?, ?, ?)" },
	[Q_ENCOUNTER] = { "encounter",
	    "INSERT INTO encounters (id, patient_id, date, kind, department, "
	    "confidential, start_at, end_at, status, title, location, provider, "
	    "provider_contact) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'completed', ?, ?, ?, ?)" },
	[Q_RESULT] = { "result",
	    "INSERT INTO results (patient_id, encounter_id, kind, panel, code, "
	    "name, value, unit, ref_range, flag, report, resulted, resulted_text) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)" },
	[Q_NOTE] = { "note",
	    "INSERT INTO notes (patient_id, encounter_id, department, note_type, "
	    "title, author, body, completed, confidential) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)" },
	[Q_THREAD] = { "thread",
	    "INSERT INTO threads (id, patient_id, clinic_id, account_id, "
	    "by_patient, topic, subject, status, due, unread_family, "
	    "unread_staff, created, updated) "
	    "VALUES (?, ?, ?, ?, 0, ?, ?, ?, NULLIF(?, 0), ?, ?, ?, ?)" },
	[Q_ITEM + BENCH_MEDICATION] = { "medication",
	    "INSERT INTO medications (patient_id, name, code, dose, route, "
	    "frequency, start_text, status) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)" },
	[Q_ITEM + BENCH_ALLERGY] = { "allergy",
	    "INSERT INTO allergies (patient_id, substance, reaction, severity, "
	    "status) VALUES (?1, ?2, ?4, ?5, ?6)" },
	[Q_ITEM + BENCH_PROBLEM] = { "problem",
	    "INSERT INTO problems (patient_id, name, code, onset_text, status) "
	    "VALUES (?1, ?2, ?3, ?4, ?5)" },
	[Q_ITEM + BENCH_IMMUNIZATION] = { "immunization",
	    "INSERT INTO immunizations (patient_id, name, code, date_text, "
	    "status) VALUES (?1, ?2, ?3, ?4, ?5)" },
	[Q_ITEM + BENCH_VITAL] = { "vital",
	    "INSERT INTO vitals (patient_id, name, code, value, unit, "
	    "taken_text) VALUES (?1, ?2, ?3, ?4, ?5, ?6)" },
};
static const struct db_sqltab bench_sql = DB_SQLTAB("bench", q);

int
store_bench_prepare(struct db *db)
{
	char	 err[512];

	if (db_prepare(db, &bench_sql, err, sizeof(err)) == -1) {
		fprintf(stderr, "bench: %s\n", err);
		return -1;
	}
	return 0;
}

int
store_bench_fresh(struct db *db)
{
	int64_t	 n;

	if (db_int(db, &q[Q_COUNT], &n, "") != 1)
		return -1;
	return n == 0;
}

int
store_bench_load_begin(struct db *db)
{
	if (db_bulk(db, 1) == -1)
		return -1;
	return db_begin(db);
}

int
store_bench_commit(struct db *db)
{
	if (db_commit(db) == -1)
		return -1;
	return db_begin(db);
}

int
store_bench_load_end(struct db *db)
{
	if (db_commit(db) == -1)
		return -1;
	return db_bulk(db, 0);
}

int
store_bench_patient(struct db *db, const struct bench_patient *p)
{
	return db_exec(db, &q[Q_PATIENT], "ittttti",
	    p->id, p->mrn, p->given, p->family, p->dob, p->sex, p->created);
}

int
store_bench_relation(struct db *db, const struct bench_relation *r)
{
	return db_exec(db, &q[Q_RELATION], "iittttt", r->id, r->patient_id,
	    r->kind, r->given, r->family, r->email, r->phone);
}

int
store_bench_encounter(struct db *db, const struct bench_encounter *e)
{
	return db_exec(db, &q[Q_ENCOUNTER], "iitttitttttt", e->id, e->patient_id,
	    e->date, e->kind, e->department, (int64_t)e->confidential,
	    e->start_at, e->end_at, e->title, e->location, e->provider,
	    e->provider_contact);
}

int
store_bench_result(struct db *db, const struct bench_result *r)
{
	return db_exec(db, &q[Q_RESULT], "iitttttttttit", r->patient_id,
	    r->encounter_id, r->kind, r->panel, r->code, r->name, r->value,
	    r->unit, r->ref_range, r->flag, r->report, r->resulted,
	    r->resulted_text);
}

int
store_bench_note(struct db *db, const struct bench_note *n)
{
	return db_exec(db, &q[Q_NOTE], "iitttttii", n->patient_id,
	    n->encounter_id, n->department, n->note_type, n->title, n->author,
	    n->body, n->completed, (int64_t)n->confidential);
}

int
store_bench_thread(struct db *db, const struct bench_thread *t)
{
	return db_exec(db, &q[Q_THREAD], "iiiitttiiiii", t->id, t->patient_id,
	    t->clinic_id, t->account_id, t->topic, t->subject, t->status, t->due,
	    (int64_t)t->unread_family, (int64_t)t->unread_staff, t->created,
	    t->updated);
}

int
store_bench_item(struct db *db, enum bench_item k, int64_t patient,
    const char *name, const char *code, const char *t1, const char *t2,
    const char *t3, const char *t4, const char *t5)
{
	if ((unsigned)k >= BENCH_ITEM__MAX)
		return -1;
	return db_exec(db, &q[Q_ITEM + k], item_fmt[k], patient, name, code,
	    t1, t2, t3, t4, t5);
}
