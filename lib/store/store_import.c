/*
 * The SQL of the C-CDA import: one INSERT per record table, each row
 * naming its patient, its document and whether it came from outside.
 * Unknown integers are bound as sentinels and turned into NULL here
 * (NULLIF), so callers never juggle SQL NULLs.
 */
#include "db.h"
#include "store.h"
#include "store_import.h"

enum {
	Q_SEEN, Q_DOCUMENT, Q_ENCOUNTER, Q_ENCOUNTER_CONF, Q_NOTE, Q_RESULT, Q_MEDICATION,
	Q_ALLERGY, Q_PROBLEM, Q_IMMUNIZATION, Q_VITAL, Q_NARRATIVE,
	Q_COVERAGE_SET, Q_COVERAGE_ADD,
	Q_CONF_RESULTS, Q_CONF_MEDS, Q_CONF_ALLERGIES, Q_CONF_PROBLEMS,
	Q_CONF_IMMS, Q_CONF_VITALS, Q__MAX
};

/* The entries of document ?1 become confidential when its visit ?2 is
 * (store_import_visit_conf). */
#define CONF_OF(t) \
	"UPDATE " t " SET confidential = 1 WHERE document_id = ?1 AND " \
	"confidential = 0 AND EXISTS (SELECT 1 FROM encounters e " \
	"WHERE e.id = ?2 AND e.confidential = 1)"

static const struct db_sql q[Q__MAX] = {
	[Q_SEEN] = { "seen",
	    "SELECT id FROM documents WHERE sha256 = ?" },
	[Q_DOCUMENT] = { "document",
	    "INSERT INTO documents (sha256, patient_id, doc_code, title, source, "
	    "outside, confidential, effective, imported) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id" },
	[Q_ENCOUNTER] = { "encounter",
	    "INSERT INTO encounters (patient_id, document_id, outside, date, kind, "
	    "department, start_at, end_at, status, title, location, provider, "
	    "provider_contact, confidential, source_id) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id" },
	/* One visit in several documents: confidential care in all its rows
	 * when one of them says so, whichever came first. */
	[Q_ENCOUNTER_CONF] = { "encounter_conf",
	    "UPDATE encounters SET confidential = 1 WHERE patient_id = ?1 "
	    "AND source_id = ?2 AND confidential = 0 AND EXISTS (SELECT 1 "
	    "FROM encounters c WHERE c.patient_id = ?1 AND c.source_id = ?2 "
	    "AND c.confidential = 1)" },
	[Q_NOTE] = { "note",
	    "INSERT INTO notes (patient_id, document_id, outside, encounter_id, "
	    "department, note_type, title, author, body, completed, confidential) "
	    "VALUES (?, ?, ?, NULLIF(CAST(? AS BIGINT), 0), ?, ?, ?, ?, ?, "
	    "NULLIF(CAST(? AS BIGINT), -1), ?) RETURNING id" },
	[Q_RESULT] = { "result",
	    "INSERT INTO results (patient_id, document_id, outside, encounter_id, "
	    "kind, panel, code, name, value, unit, ref_range, flag, report, "
	    "resulted, resulted_text, confidential, display_name, department) "
	    "VALUES (?, ?, ?, NULLIF(CAST(? AS BIGINT), 0), ?, ?, ?, ?, ?, ?, "
	    "?, ?, ?, NULLIF(CAST(? AS BIGINT), -1), ?, ?, ?, ?) RETURNING id" },
	[Q_MEDICATION] = { "medication",
	    "INSERT INTO medications (patient_id, document_id, outside, name, code, "
	    "dose, route, frequency, start_text, stop_text, status, confidential, "
	    "department) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
	    "RETURNING id" },
	[Q_ALLERGY] = { "allergy",
	    "INSERT INTO allergies (patient_id, document_id, outside, substance, "
	    "reaction, severity, status, confidential, department) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id" },
	[Q_PROBLEM] = { "problem",
	    "INSERT INTO problems (patient_id, document_id, outside, name, code, "
	    "onset_text, status, confidential, department) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id" },
	[Q_IMMUNIZATION] = { "immunization",
	    "INSERT INTO immunizations (patient_id, document_id, outside, name, "
	    "code, date_text, status, confidential, department) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id" },
	[Q_VITAL] = { "vital",
	    "INSERT INTO vitals (patient_id, document_id, outside, name, code, "
	    "value, unit, taken_text, confidential, department) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id" },
	[Q_NARRATIVE] = { "narrative",
	    "INSERT INTO narratives (patient_id, document_id, outside, loinc, title, "
	    "body, confidential) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id" },
	/* A payer and member id already on file from a document: the
	 * newer document's details (issue 14.2). */
	[Q_COVERAGE_SET] = { "coverage_set",
	    "UPDATE coverages SET plan = ?3, group_no = ?4, subscriber = ?5, "
	    "relationship = ?6, rank = ?7, document_id = ?8, active = 1, "
	    "updated = ?9 WHERE patient_id = ?1 AND source = 'cda' AND "
	    "payer = ?2 AND COALESCE(member_id, '') = COALESCE(?10, '')" },
	[Q_COVERAGE_ADD] = { "coverage_add",
	    "INSERT INTO coverages (patient_id, payer, plan, member_id, "
	    "group_no, subscriber, relationship, rank, source, document_id, "
	    "active, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'cda', ?, 1, ?) "
	    "RETURNING id" },
	[Q_CONF_RESULTS] = { "conf_results", CONF_OF("results") },
	[Q_CONF_MEDS] = { "conf_medications", CONF_OF("medications") },
	[Q_CONF_ALLERGIES] = { "conf_allergies", CONF_OF("allergies") },
	[Q_CONF_PROBLEMS] = { "conf_problems", CONF_OF("problems") },
	[Q_CONF_IMMS] = { "conf_immunizations", CONF_OF("immunizations") },
	[Q_CONF_VITALS] = { "conf_vitals", CONF_OF("vitals") },
};
const struct db_sqltab store_import_sql = DB_SQLTAB("import", q);

/* The owner's three columns lead every row: "iii" in each format. */
#define OWNER(o)	(o)->patient_id, (o)->document_id, (int64_t)(o)->outside

int64_t
store_import_seen(struct db *db, const char *sha256)
{
	int64_t	 id;

	return db_int(db, &q[Q_SEEN], &id, "t", sha256) == -1 ? -1 : id;
}

int64_t
store_import_document(struct db *db, const struct imp_document *d)
{
	return db_insert(db, &q[Q_DOCUMENT], "titttiiti", d->sha256,
	    d->patient_id, d->doc_code, d->title, d->source, (int64_t)d->outside,
	    (int64_t)d->confidential, d->effective, d->imported);
}

int64_t
store_import_encounter(struct db *db, const struct imp_owner *o,
    const struct imp_encounter *e)
{
	int64_t	 id;

	if ((id = db_insert(db, &q[Q_ENCOUNTER], "iiittttttttttit",
	    OWNER(o), e->date, e->kind, e->department, e->start_at, e->end_at,
	    e->status, e->title, e->location, e->provider, e->provider_contact,
	    (int64_t)e->confidential, e->source_id)) == -1)
		return -1;
	if (e->source_id != NULL && db_changes(db, &q[Q_ENCOUNTER_CONF], "it",
	    o->patient_id, e->source_id) < 0)
		return -1;
	return id;
}

int64_t
store_import_note(struct db *db, const struct imp_owner *o,
    const struct imp_note *n)
{
	return db_insert(db, &q[Q_NOTE], "iiiitttttii", OWNER(o),
	    n->encounter_id, n->department, n->note_type, n->title, n->author,
	    n->body, n->completed, (int64_t)n->confidential);
}

int64_t
store_import_result(struct db *db, const struct imp_owner *o,
    const struct imp_result *r)
{
	return db_insert(db, &q[Q_RESULT], "iiiitttttttttititt", OWNER(o),
	    r->encounter_id, r->kind, r->panel, r->code, r->name, r->value,
	    r->unit, r->ref_range, r->flag, r->report, r->resulted,
	    r->resulted_text, (int64_t)r->confidential, r->display_name,
	    o->department);
}

int64_t
store_import_medication(struct db *db, const struct imp_owner *o,
    const struct imp_medication *m)
{
	return db_insert(db, &q[Q_MEDICATION], "iiittttttttit", OWNER(o),
	    m->name, m->code, m->dose, m->route, m->frequency, m->start_text,
	    m->stop_text, m->status, (int64_t)m->confidential, o->department);
}

int64_t
store_import_allergy(struct db *db, const struct imp_owner *o,
    const struct imp_allergy *al)
{
	return db_insert(db, &q[Q_ALLERGY], "iiittttit",
	    OWNER(o), al->substance, al->reaction, al->severity, al->status,
	    (int64_t)al->confidential, o->department);
}

int64_t
store_import_problem(struct db *db, const struct imp_owner *o,
    const struct imp_problem *p)
{
	return db_insert(db, &q[Q_PROBLEM], "iiittttit", OWNER(o),
	    p->name, p->code, p->onset_text, p->status,
	    (int64_t)p->confidential, o->department);
}

int64_t
store_import_immunization(struct db *db, const struct imp_owner *o,
    const struct imp_immunization *im)
{
	return db_insert(db, &q[Q_IMMUNIZATION], "iiittttit", OWNER(o),
	    im->name, im->code, im->date_text, im->status,
	    (int64_t)im->confidential, o->department);
}

int64_t
store_import_vital(struct db *db, const struct imp_owner *o,
    const struct imp_vital *v)
{
	return db_insert(db, &q[Q_VITAL], "iiitttttit", OWNER(o),
	    v->name, v->code, v->value, v->unit, v->taken_text,
	    (int64_t)v->confidential, o->department);
}

int64_t
store_import_narrative(struct db *db, const struct imp_owner *o,
    const struct imp_narrative *n)
{
	return db_insert(db, &q[Q_NARRATIVE], "iiittti", OWNER(o),
	    n->loinc, n->title, n->body, (int64_t)n->confidential);
}

int
store_import_coverage(struct db *db, const struct imp_owner *o,
    const struct imp_coverage *c, int64_t now)
{
	long	 n;

	if ((n = db_changes(db, &q[Q_COVERAGE_SET], "itttttiiit",
	    o->patient_id, c->payer, c->plan, c->group_no, c->subscriber,
	    c->relationship, (int64_t)c->rank, o->document_id, now,
	    c->member_id)) != 0)
		return n < 0 ? -1 : 0;
	return db_insert(db, &q[Q_COVERAGE_ADD], "ittttttiii", o->patient_id,
	    c->payer, c->plan, c->member_id, c->group_no, c->subscriber,
	    c->relationship, (int64_t)c->rank, o->document_id, now) < 0 ? -1 : 0;
}

int
store_import_visit_conf(struct db *db, int64_t document, int64_t visit)
{
	int	 i;

	for (i = Q_CONF_RESULTS; i <= Q_CONF_VITALS; i++)
		if (db_changes(db, &q[i], "ii", document, visit) < 0)
			return -1;
	return 0;
}
