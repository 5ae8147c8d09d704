/*
 * The synthetic hospital's bulk load (see store_bench.h): plain INSERTs
 * into the tables of 001, 002 and 003, and the pragmas around the load. Every
 * statement is prepared once (db_stmt) and reused for millions of rows.
 */
#include "db.h"
#include "store_bench.h"

static const char sql_count[] =
    "SELECT (SELECT count(*) FROM patients) + (SELECT count(*) FROM accounts)";

/* Outside a transaction: journal_mode and foreign_keys are no-ops in one. */
static const char sql_fast_journal[] = "PRAGMA journal_mode=OFF";
static const char sql_fast_sync[] = "PRAGMA synchronous=OFF";
static const char sql_fast_fk[] = "PRAGMA foreign_keys=OFF";
static const char sql_fast_cache[] = "PRAGMA cache_size=-262144";	/* 256 MB */
static const char sql_safe_journal[] = "PRAGMA journal_mode=WAL";
static const char sql_safe_sync[] = "PRAGMA synchronous=FULL";
static const char sql_safe_fk[] = "PRAGMA foreign_keys=ON";
static const char sql_safe_cache[] = "PRAGMA cache_size=-2000";	/* the default */

static const char sql_patient[] =
    "INSERT INTO patients (id, mrn, given, family, dob, sex, created) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)";
static const char sql_relation[] =
    "INSERT INTO relations (id, patient_id, kind, given, family, email, phone) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)";
static const char sql_encounter[] =
    "INSERT INTO encounters (id, patient_id, date, kind, department, "
    "confidential, start_at, end_at, status, title, location, provider, "
    "provider_contact) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'completed', ?, ?, ?, ?)";
static const char sql_result[] =
    "INSERT INTO results (patient_id, encounter_id, kind, panel, code, name, "
    "value, unit, ref_range, flag, report, resulted, resulted_text) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char sql_note[] =
    "INSERT INTO notes (patient_id, encounter_id, department, note_type, "
    "title, author, body, completed, confidential) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

static const char sql_thread[] =
    "INSERT INTO threads (id, patient_id, clinic_id, account_id, by_patient, "
    "topic, subject, status, due, unread_family, unread_staff, created, "
    "updated) VALUES (?, ?, ?, ?, 0, ?, ?, ?, NULLIF(?, 0), ?, ?, ?, ?)";

/* ?1 patient, ?2 name, ?3 code, ?4..?8 t1..t5 (store_bench.h); fmt binds
 * as many as the statement numbers, unused numbers in between stay NULL. */
static const struct {
	const char	*sql;
	const char	*fmt;
} items[BENCH_ITEM__MAX] = {
	[BENCH_MEDICATION] = {
	    "INSERT INTO medications (patient_id, name, code, dose, route, "
	    "frequency, start_text, status) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	    "ittttttt" },
	[BENCH_ALLERGY] = {
	    "INSERT INTO allergies (patient_id, substance, reaction, severity, "
	    "status) VALUES (?1, ?2, ?4, ?5, ?6)",
	    "ittttt" },
	[BENCH_PROBLEM] = {
	    "INSERT INTO problems (patient_id, name, code, onset_text, status) "
	    "VALUES (?1, ?2, ?3, ?4, ?5)",
	    "itttt" },
	[BENCH_IMMUNIZATION] = {
	    "INSERT INTO immunizations (patient_id, name, code, date_text, status) "
	    "VALUES (?1, ?2, ?3, ?4, ?5)",
	    "itttt" },
	[BENCH_VITAL] = {
	    "INSERT INTO vitals (patient_id, name, code, value, unit, taken_text) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	    "ittttt" },
};

int
store_bench_fresh(struct db *db)
{
	sqlite3_stmt	*st = db_stmt(db, sql_count);
	int		 rc = db_bindv(st, "");
	int64_t		 n = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;

	sqlite3_reset(st);
	return n < 0 ? -1 : n == 0;
}

int
store_bench_load_begin(struct db *db)
{
	if (db_exec(db, sql_fast_journal, "") == -1 ||
	    db_exec(db, sql_fast_sync, "") == -1 ||
	    db_exec(db, sql_fast_fk, "") == -1 ||
	    db_exec(db, sql_fast_cache, "") == -1)
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
	if (db_exec(db, sql_safe_journal, "") == -1 ||
	    db_exec(db, sql_safe_sync, "") == -1 ||
	    db_exec(db, sql_safe_fk, "") == -1 ||
	    db_exec(db, sql_safe_cache, "") == -1)
		return -1;
	return 0;
}

int
store_bench_patient(struct db *db, const struct bench_patient *p)
{
	return db_exec(db, sql_patient, "ittttti",
	    p->id, p->mrn, p->given, p->family, p->dob, p->sex, p->created);
}

int
store_bench_relation(struct db *db, const struct bench_relation *r)
{
	return db_exec(db, sql_relation, "iittttt", r->id, r->patient_id,
	    r->kind, r->given, r->family, r->email, r->phone);
}

int
store_bench_encounter(struct db *db, const struct bench_encounter *e)
{
	return db_exec(db, sql_encounter, "iitttitttttt", e->id, e->patient_id,
	    e->date, e->kind, e->department, (int64_t)e->confidential,
	    e->start_at, e->end_at, e->title, e->location, e->provider,
	    e->provider_contact);
}

int
store_bench_result(struct db *db, const struct bench_result *r)
{
	return db_exec(db, sql_result, "iitttttttttit", r->patient_id,
	    r->encounter_id, r->kind, r->panel, r->code, r->name, r->value,
	    r->unit, r->ref_range, r->flag, r->report, r->resulted,
	    r->resulted_text);
}

int
store_bench_note(struct db *db, const struct bench_note *n)
{
	return db_exec(db, sql_note, "iitttttii", n->patient_id,
	    n->encounter_id, n->department, n->note_type, n->title, n->author,
	    n->body, n->completed, (int64_t)n->confidential);
}

int
store_bench_thread(struct db *db, const struct bench_thread *t)
{
	return db_exec(db, sql_thread, "iiiitttiiiii", t->id, t->patient_id,
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
	return db_exec(db, items[k].sql, items[k].fmt, patient, name, code,
	    t1, t2, t3, t4, t5);
}
