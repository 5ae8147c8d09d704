/*
 * The record tables of 002, read section by section. Each section is one
 * row of the table below: its statement and how its columns map onto
 * struct rec_row, so the pages and the download read every section the
 * same way.
 *
 * Column order of every statement: id, name, when, detail0..5,
 * department, note_type, encounter_kind, code, body, at, confidential,
 * encounter_confidential, outside, planned.
 */
#include "arena.h"
#include "db.h"
#include "store_record.h"

#define TAIL_NONE "NULL, NULL, NULL, code, NULL, 0, confidential, 0, outside, 0 "

static const struct {
	const char	*all;	/* WHERE patient_id = ?1 */
	const char	*one;	/* ... AND id = ?2 */
} sql[REC__MAX] = {
#define VISITS \
	"SELECT e.id, COALESCE(e.title, e.kind || ' visit'), COALESCE(e.start_at, e.date), " \
	"e.location, e.provider, e.provider_contact, e.status, e.end_at, NULL, " \
	"e.department, NULL, e.kind, NULL, NULL, 0, e.confidential, e.confidential, " \
	"e.outside, e.status = 'planned' FROM encounters e WHERE e.patient_id = ?1 "
	[REC_VISITS] = { VISITS "ORDER BY COALESCE(e.start_at, e.date) DESC, e.id DESC",
	    VISITS "AND e.id = ?2" },
#define NOTES \
	"SELECT n.id, COALESCE(n.title, 'Clinic note'), " \
	"strftime('%Y-%m-%d %H:%M', n.completed, 'unixepoch', 'localtime'), " \
	"n.author, NULL, NULL, NULL, NULL, NULL, n.department, n.note_type, " \
	"COALESCE(e.kind, 'outpatient'), NULL, n.body, COALESCE(n.completed, 0), " \
	"n.confidential, COALESCE(e.confidential, 0), n.outside, 0 " \
	"FROM notes n LEFT JOIN encounters e ON e.id = n.encounter_id " \
	"WHERE n.patient_id = ?1 "
	[REC_NOTES] = { NOTES "ORDER BY n.completed DESC, n.id DESC", NOTES "AND n.id = ?2" },
#define RESULTS(kind) \
	"SELECT r.id, r.name, r.resulted_text, r.value, r.unit, r.ref_range, " \
	"r.flag, r.panel, NULL, NULL, NULL, COALESCE(e.kind, 'outpatient'), r.code, " \
	"r.report, COALESCE(r.resulted, 0), r.confidential, " \
	"COALESCE(e.confidential, 0), r.outside, 0 " \
	"FROM results r LEFT JOIN encounters e ON e.id = r.encounter_id " \
	"WHERE r.patient_id = ?1 AND r.kind = '" kind "' "
	[REC_LABS] = { RESULTS("lab") "ORDER BY r.resulted DESC, r.id DESC",
	    RESULTS("lab") "AND r.id = ?2" },
	[REC_RADIOLOGY] = { RESULTS("radiology") "ORDER BY r.resulted DESC, r.id DESC",
	    RESULTS("radiology") "AND r.id = ?2" },
#define MEDS \
	"SELECT id, name, start_text, dose, route, frequency, status, stop_text, " \
	"NULL, " TAIL_NONE "FROM medications WHERE patient_id = ?1 "
	[REC_MEDICATIONS] = { MEDS "ORDER BY start_text DESC, id", MEDS "AND id = ?2" },
#define ALLERGIES \
	"SELECT id, substance, NULL, reaction, severity, status, NULL, NULL, " \
	"NULL, NULL, NULL, NULL, NULL, NULL, 0, confidential, 0, outside, 0 " \
	"FROM allergies WHERE patient_id = ?1 "
	[REC_ALLERGIES] = { ALLERGIES "ORDER BY substance, id", ALLERGIES "AND id = ?2" },
#define PROBLEMS \
	"SELECT id, name, onset_text, status, NULL, NULL, NULL, NULL, NULL, " \
	TAIL_NONE "FROM problems WHERE patient_id = ?1 "
	[REC_PROBLEMS] = { PROBLEMS "ORDER BY onset_text DESC, id", PROBLEMS "AND id = ?2" },
#define IMMS \
	"SELECT id, name, date_text, status, NULL, NULL, NULL, NULL, NULL, " \
	TAIL_NONE "FROM immunizations WHERE patient_id = ?1 "
	[REC_IMMUNIZATIONS] = { IMMS "ORDER BY date_text DESC, id", IMMS "AND id = ?2" },
#define VITALS \
	"SELECT id, name, taken_text, value, unit, NULL, NULL, NULL, NULL, " \
	TAIL_NONE "FROM vitals WHERE patient_id = ?1 "
	[REC_VITALS] = { VITALS "ORDER BY taken_text DESC, id", VITALS "AND id = ?2" },
};

static void
row_read(sqlite3_stmt *st, struct arena *a, struct rec_row *r)
{
	int	 i;

	r->id = sqlite3_column_int64(st, 0);
	r->name = db_text(a, st, 1);
	r->when = db_text(a, st, 2);
	for (i = 0; i < 6; i++)
		r->detail[i] = db_text(a, st, 3 + i);
	r->department = db_text(a, st, 9);
	r->note_type = db_text(a, st, 10);
	r->encounter_kind = db_text(a, st, 11);
	r->code = db_text(a, st, 12);
	r->body = db_text(a, st, 13);
	r->at = sqlite3_column_int64(st, 14);
	r->confidential = sqlite3_column_int(st, 15);
	r->encounter_confidential = sqlite3_column_int(st, 16);
	r->outside = sqlite3_column_int(st, 17);
	r->planned = sqlite3_column_int(st, 18);
}

int
store_record_rows(struct db *db, struct arena *a, int64_t patient,
    enum rec_section s, struct rec_row **out, size_t *n)
{
	sqlite3_stmt	*st = db_stmt(db, sql[s].all);
	size_t		 cap = 0;
	int		 rc;

	*n = 0;
	*out = NULL;
	for (rc = db_bindv(st, "i", patient); rc == SQLITE_ROW; rc = sqlite3_step(st))
		row_read(st, a, arena_push(a, (void **)out, n, &cap, sizeof(**out)));
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int
store_record_row(struct db *db, struct arena *a, int64_t patient,
    enum rec_section s, int64_t id, struct rec_row *out)
{
	sqlite3_stmt	*st = db_stmt(db, sql[s].one);
	int		 rc = db_bindv(st, "ii", patient, id);

	if (rc == SQLITE_ROW)
		row_read(st, a, out);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}
