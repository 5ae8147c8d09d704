/*
 * The record tables of 002, read section by section. Each section has
 * two statements in the table below and a fill function that maps their
 * columns onto struct rec_row, so the pages and the download read every
 * section the same way.
 *
 * Column order of every statement: id, name, when, detail0..5,
 * department, note_type, encounter_kind, code, body, at, confidential,
 * encounter_confidential, outside, planned.
 */
#include <string.h>

#include "arena.h"
#include "civil.h"
#include "db.h"
#include "store.h"
#include "store_record.h"

#define TAIL_NONE "department, NULL, NULL, code, NULL, 0, confidential, 0, outside, 0 "

/* Each section's two statements: all of a patient's rows (WHERE
 * patient_id = ?1) at ALL(s), one row by id (... AND id = ?2) at ONE(s);
 * then the summary's SCAN of all sections. */
#define ALL(s)	(2 * (s))
#define ONE(s)	(2 * (s) + 1)
#define SCAN	(2 * REC__MAX)

/* The section numbers SCAN gives: enum rec_section's. */
_Static_assert(REC_VISITS == 0 && REC_NOTES == 1 && REC_LABS == 2 &&
    REC_RADIOLOGY == 3 && REC_MEDICATIONS == 4 && REC_ALLERGIES == 5 &&
    REC_PROBLEMS == 6 && REC_IMMUNIZATIONS == 7 && REC_VITALS == 8,
    "store_record.c: SCAN numbers the sections");

/* A visit's title: the document's, else its kind's ("Inpatient visit"). */
#define VISIT_TITLE \
	"COALESCE(e.title, CASE e.kind WHEN 'unknown' THEN 'Visit' " \
	"ELSE e.kind || ' visit' END)"

static const struct db_sql q[2 * REC__MAX + 1] = {
#define VISITS \
	"SELECT e.id, " VISIT_TITLE ", " \
	"COALESCE(e.start_at, e.date), e.location, e.provider, " \
	"e.provider_contact, e.status, e.end_at, NULL, e.department, NULL, " \
	"e.kind, NULL, NULL, 0, e.confidential, e.confidential, e.outside, " \
	"CASE WHEN e.status = 'planned' THEN 1 ELSE 0 END " \
	"FROM encounters e WHERE e.patient_id = ?1 "
	[ALL(REC_VISITS)] = { "visits",
	    VISITS "ORDER BY COALESCE(e.start_at, e.date) DESC, e.id DESC" },
	[ONE(REC_VISITS)] = { "visit", VISITS "AND e.id = ?2" },
/* Column 2 is the completion time, unix: note_fill writes it out. */
#define NOTES \
	"SELECT n.id, COALESCE(n.title, 'Clinic note'), n.completed, " \
	"n.author, NULL, NULL, NULL, NULL, NULL, n.department, n.note_type, " \
	"e.kind, NULL, n.body, COALESCE(n.completed, 0), " \
	"n.confidential, COALESCE(e.confidential, 0), n.outside, 0 " \
	"FROM notes n LEFT JOIN encounters e ON e.id = n.encounter_id " \
	"WHERE n.patient_id = ?1 "
	[ALL(REC_NOTES)] = { "notes",
	    NOTES "ORDER BY n.completed DESC, n.id DESC",
	    NOTES "ORDER BY n.completed DESC NULLS LAST, n.id DESC" },
	[ONE(REC_NOTES)] = { "note", NOTES "AND n.id = ?2" },
/* PostgreSQL's texts of the lists differ in one place: SQLite puts NULL
 * (not yet resulted, no date) last in a DESC order, PostgreSQL first
 * unless told; so the page reads the same on both engines. */
#define RESULTS(kind) \
	"SELECT r.id, r.name, r.resulted_text, r.value, r.unit, r.ref_range, " \
	"r.flag, r.panel, r.display_name, r.department, NULL, " \
	"COALESCE(e.kind, 'outpatient'), " \
	"r.code, r.report, COALESCE(r.resulted, 0), r.confidential, " \
	"COALESCE(e.confidential, 0), r.outside, 0 " \
	"FROM results r LEFT JOIN encounters e ON e.id = r.encounter_id " \
	"WHERE r.patient_id = ?1 AND r.kind = '" kind "' "
	[ALL(REC_LABS)] = { "labs",
	    RESULTS("lab") "ORDER BY r.resulted DESC, r.id DESC",
	    RESULTS("lab") "ORDER BY r.resulted DESC NULLS LAST, r.id DESC" },
	[ONE(REC_LABS)] = { "lab", RESULTS("lab") "AND r.id = ?2" },
	[ALL(REC_RADIOLOGY)] = { "radiology",
	    RESULTS("radiology") "ORDER BY r.resulted DESC, r.id DESC",
	    RESULTS("radiology") "ORDER BY r.resulted DESC NULLS LAST, r.id DESC" },
	[ONE(REC_RADIOLOGY)] = { "radiology_one",
	    RESULTS("radiology") "AND r.id = ?2" },
#define MEDS \
	"SELECT id, name, start_text, dose, route, frequency, status, stop_text, " \
	"NULL, " TAIL_NONE "FROM medications WHERE patient_id = ?1 "
	[ALL(REC_MEDICATIONS)] = { "medications",
	    MEDS "ORDER BY start_text DESC, id",
	    MEDS "ORDER BY start_text DESC NULLS LAST, id" },
	[ONE(REC_MEDICATIONS)] = { "medication", MEDS "AND id = ?2" },
#define ALLERGIES \
	"SELECT id, substance, NULL, reaction, severity, status, NULL, NULL, " \
	"NULL, department, NULL, NULL, NULL, NULL, 0, confidential, 0, " \
	"outside, 0 " \
	"FROM allergies WHERE patient_id = ?1 "
	[ALL(REC_ALLERGIES)] = { "allergies", ALLERGIES "ORDER BY substance, id" },
	[ONE(REC_ALLERGIES)] = { "allergy", ALLERGIES "AND id = ?2" },
#define PROBLEMS \
	"SELECT id, name, onset_text, status, NULL, NULL, NULL, NULL, NULL, " \
	TAIL_NONE "FROM problems WHERE patient_id = ?1 "
	[ALL(REC_PROBLEMS)] = { "problems", PROBLEMS "ORDER BY onset_text DESC, id",
	    PROBLEMS "ORDER BY onset_text DESC NULLS LAST, id" },
	[ONE(REC_PROBLEMS)] = { "problem", PROBLEMS "AND id = ?2" },
#define IMMS \
	"SELECT id, name, date_text, status, NULL, NULL, NULL, NULL, NULL, " \
	TAIL_NONE "FROM immunizations WHERE patient_id = ?1 "
	[ALL(REC_IMMUNIZATIONS)] = { "immunizations",
	    IMMS "ORDER BY date_text DESC, id",
	    IMMS "ORDER BY date_text DESC NULLS LAST, id" },
	[ONE(REC_IMMUNIZATIONS)] = { "immunization", IMMS "AND id = ?2" },
#define VITALS \
	"SELECT id, name, taken_text, value, unit, NULL, NULL, NULL, NULL, " \
	TAIL_NONE "FROM vitals WHERE patient_id = ?1 "
	[ALL(REC_VITALS)] = { "vitals", VITALS "ORDER BY taken_text DESC, id",
	    VITALS "ORDER BY taken_text DESC NULLS LAST, id" },
	[ONE(REC_VITALS)] = { "vital", VITALS "AND id = ?2" },
/*
 * SCAN: what the release rules look at of every row of every section, and
 * nothing else (no text a page shows): the summary counts what is
 * released without reading the record. Each part gives, for its section,
 * the values its statement above gives in the columns of the same names.
 * Columns: section, name, department, note_type, encounter_kind, code,
 * at, confidential, encounter_confidential, outside, display, panel.
 */
#define SCAN_SEC(s)	"SELECT " #s ", "
	[SCAN] = { "scan",
	    SCAN_SEC(0) VISIT_TITLE ", e.department, "
	    "NULL, e.kind, NULL, 0, e.confidential, e.confidential, e.outside, "
	    "NULL, NULL "
	    "FROM encounters e WHERE e.patient_id = ?1 "
	    "UNION ALL " SCAN_SEC(1) "COALESCE(n.title, 'Clinic note'), "
	    "n.department, n.note_type, e.kind, NULL, "
	    "COALESCE(n.completed, 0), n.confidential, "
	    "COALESCE(e.confidential, 0), n.outside, NULL, NULL "
	    "FROM notes n LEFT JOIN encounters e ON e.id = n.encounter_id "
	    "WHERE n.patient_id = ?1 "
	    "UNION ALL SELECT CASE r.kind WHEN 'lab' THEN 2 ELSE 3 END, r.name, "
	    "r.department, NULL, COALESCE(e.kind, 'outpatient'), r.code, "
	    "COALESCE(r.resulted, 0), r.confidential, "
	    "COALESCE(e.confidential, 0), r.outside, r.display_name, r.panel "
	    "FROM results r LEFT JOIN encounters e ON e.id = r.encounter_id "
	    "WHERE r.patient_id = ?1 AND r.kind IN ('lab', 'radiology') "
	    "UNION ALL " SCAN_SEC(4) "name, department, NULL, NULL, code, 0, "
	    "confidential, 0, outside, NULL, NULL FROM medications WHERE patient_id = ?1 "
	    "UNION ALL " SCAN_SEC(5) "substance, department, NULL, NULL, NULL, 0, "
	    "confidential, 0, outside, NULL, NULL FROM allergies WHERE patient_id = ?1 "
	    "UNION ALL " SCAN_SEC(6) "name, department, NULL, NULL, code, 0, "
	    "confidential, 0, outside, NULL, NULL FROM problems WHERE patient_id = ?1 "
	    "UNION ALL " SCAN_SEC(7) "name, department, NULL, NULL, code, 0, "
	    "confidential, 0, outside, NULL, NULL FROM immunizations WHERE patient_id = ?1 "
	    "UNION ALL " SCAN_SEC(8) "name, department, NULL, NULL, code, 0, "
	    "confidential, 0, outside, NULL, NULL FROM vitals WHERE patient_id = ?1" },
};
const struct db_sqltab store_record_sql = DB_SQLTAB("record", q);

static void
row_fill(struct db_stmt *st, struct arena *a, void *row)
{
	struct rec_row	*r = row;
	int		 i;

	r->id = db_col_int(st, 0);
	r->name = db_col_text(a, st, 1);
	r->when = db_col_text(a, st, 2);
	for (i = 0; i < 6; i++)
		r->detail[i] = db_col_text(a, st, 3 + i);
	r->department = db_col_text(a, st, 9);
	r->note_type = db_col_text(a, st, 10);
	r->encounter_kind = db_col_text(a, st, 11);
	r->code = db_col_text(a, st, 12);
	r->body = db_col_text(a, st, 13);
	r->at = db_col_int(st, 14);
	r->confidential = (int)db_col_int(st, 15);
	r->encounter_confidential = (int)db_col_int(st, 16);
	r->outside = (int)db_col_int(st, 17);
	r->planned = (int)db_col_int(st, 18);
}

/* Notes: "when" is the completion time (column 2, unix), written out in
 * the hospital's time by civil_when. */
static void
note_fill(struct db_stmt *st, struct arena *a, void *row)
{
	struct rec_row	*r = row;
	char		 when[CIVIL_WHEN_LEN];

	row_fill(st, a, row);
	r->when = db_col_null(st, 2) || civil_when((time_t)db_col_int(st, 2),
	    when) == NULL ? NULL : arena_strdup(a, when);
}

/* Results: detail[5] (column 8) is the document's own name of the test
 * (results.display_name), taken out of the details into display. */
static void
result_fill(struct db_stmt *st, struct arena *a, void *row)
{
	struct rec_row	*r = row;

	row_fill(st, a, row);
	r->display = r->detail[5];
	r->detail[5] = NULL;
	r->panel = r->detail[4];
}

static db_fill *const fill[REC__MAX] = {
	[REC_VISITS] = row_fill,
	[REC_NOTES] = note_fill,
	[REC_LABS] = result_fill,
	[REC_RADIOLOGY] = result_fill,
	[REC_MEDICATIONS] = row_fill,
	[REC_ALLERGIES] = row_fill,
	[REC_PROBLEMS] = row_fill,
	[REC_IMMUNIZATIONS] = row_fill,
	[REC_VITALS] = row_fill,
};

int
store_record_rows(struct db *db, struct arena *a, int64_t patient,
    enum rec_section s, struct rec_row **out, size_t *n)
{
	return db_rows(db, a, &q[ALL(s)], fill[s], sizeof(**out), out, n, "i",
	    patient);
}

int
store_record_row(struct db *db, struct arena *a, int64_t patient,
    enum rec_section s, int64_t id, struct rec_row *out)
{
	return db_row(db, a, &q[ONE(s)], fill[s], out, "ii", patient, id);
}

int
store_record_scan(struct db *db, int64_t patient, store_record_fn *fn,
    void *arg)
{
	struct db_stmt	*st = db_stmt(db, &q[SCAN]);
	struct rec_row	 r;
	int64_t		 sec;
	int		 rc;

	memset(&r, 0, sizeof(r));
	for (rc = db_bindv(st, "i", patient); rc == DB_ROW; rc = db_step(st)) {
		if ((sec = db_col_int(st, 0)) < 0 || sec >= REC__MAX)
			continue;
		r.name = db_col_str(st, 1);
		r.department = db_col_str(st, 2);
		r.note_type = db_col_str(st, 3);
		r.encounter_kind = db_col_str(st, 4);
		r.code = db_col_str(st, 5);
		r.at = db_col_int(st, 6);
		r.confidential = (int)db_col_int(st, 7);
		r.encounter_confidential = (int)db_col_int(st, 8);
		r.outside = (int)db_col_int(st, 9);
		r.display = db_col_str(st, 10);
		r.panel = db_col_str(st, 11);
		fn(arg, (enum rec_section)sec, &r);
	}
	db_reset(st);
	return rc == DB_DONE ? 0 : -1;
}
