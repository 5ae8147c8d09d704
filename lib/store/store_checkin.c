/*
 * Pre-check-in's statements (store_checkin.h).
 */
#include <string.h>

#include "db.h"
#include "store.h"
#include "store_checkin.h"

enum {
	Q_STEP, Q_COVERAGES, Q_COVERAGE_OF, Q_CHANGE_NEW, Q_CHANGES_VISIT,
	Q_DOCS, Q_DOC, Q_SIGN, Q_SIGS, Q_SIG, Q_COPAY, Q__MAX
};

#define SIG_COLS "SELECT s.document_id, s.account_id, s.signer_name, " \
    "s.body, s.sha256, s.signed, d.title FROM visit_signatures s " \
    "JOIN visit_documents d ON d.id = s.document_id "

static const struct db_sql q[Q__MAX] = {
	[Q_STEP] = { "step", "INSERT INTO visit_checkins (visit_id, step, "
	    "account_id, done) VALUES (?, ?, ?, ?) "
	    "ON CONFLICT (visit_id, step) DO NOTHING" },
	[Q_COVERAGES] = { "coverages", "SELECT id, payer, COALESCE(plan, ''), "
	    "COALESCE(member_id, ''), COALESCE(group_no, ''), "
	    "COALESCE(subscriber, ''), COALESCE(relationship, ''), rank, updated "
	    "FROM coverages WHERE patient_id = ? AND active = 1 "
	    "ORDER BY rank, id" },
	[Q_COVERAGE_OF] = { "coverage_of", "SELECT count(*) FROM coverages "
	    "WHERE id = ? AND patient_id = ? AND active = 1" },
	[Q_CHANGE_NEW] = { "change_new", "INSERT INTO insurance_changes "
	    "(patient_id, account_id, coverage_id, visit_id, payer, plan, "
	    "member_id, group_no, subscriber, relationship, front, front_mime, "
	    "back, back_mime, created) VALUES (?, ?, "
	    "NULLIF(CAST(? AS BIGINT), 0), NULLIF(CAST(? AS BIGINT), 0), "
	    "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id" },
	[Q_CHANGES_VISIT] = { "changes_visit", "SELECT id, patient_id, "
	    "account_id, COALESCE(coverage_id, 0), COALESCE(visit_id, 0), "
	    "payer, COALESCE(plan, ''), member_id, COALESCE(group_no, ''), "
	    "subscriber, relationship, status, COALESCE(reason, ''), created, "
	    "COALESCE(decided, 0) FROM insurance_changes WHERE visit_id = ? "
	    "ORDER BY created DESC, id DESC" },
	[Q_DOCS] = { "docs", "SELECT id, title, body FROM visit_documents "
	    "WHERE visit_type_id = ? AND retired = 0 ORDER BY id" },
	[Q_DOC] = { "doc", "SELECT id, title, body FROM visit_documents "
	    "WHERE visit_type_id = ? AND id = ? AND retired = 0" },
	[Q_SIGN] = { "sign", "INSERT INTO visit_signatures (visit_id, "
	    "document_id, account_id, signer_name, body, sha256, signed) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?) "
	    "ON CONFLICT (visit_id, document_id) DO NOTHING" },
	[Q_SIGS] = { "sigs", SIG_COLS "WHERE s.visit_id = ? ORDER BY s.id" },
	[Q_SIG] = { "sig", SIG_COLS "WHERE s.visit_id = ? AND s.document_id = ?" },
	[Q_COPAY] = { "copay", "SELECT status FROM payments WHERE visit_id = ? "
	    "AND purpose = 'copay' ORDER BY (status = 'paid') DESC, "
	    "created DESC, id DESC LIMIT 1" },
};
const struct db_sqltab store_checkin_sql = DB_SQLTAB("checkin", q);

int
store_checkin_step(struct db *db, int64_t visit, const char *step,
    int64_t account, time_t now)
{
	return db_exec(db, &q[Q_STEP], "itii", visit, step, account,
	    (int64_t)now);
}

static void
coverage_fill(struct db_stmt *st, struct arena *a, void *row)
{
	struct coverage	*c = row;

	c->id = db_col_int(st, 0);
	c->payer = db_col_text(a, st, 1);
	c->plan = db_col_text(a, st, 2);
	c->member_id = db_col_text(a, st, 3);
	c->group_no = db_col_text(a, st, 4);
	c->subscriber = db_col_text(a, st, 5);
	c->relationship = db_col_text(a, st, 6);
	c->rank = (long)db_col_int(st, 7);
	c->updated = (time_t)db_col_int(st, 8);
}

int
store_coverages(struct db *db, struct arena *a, int64_t patient,
    struct coverage **out, size_t *n)
{
	return db_rows(db, a, &q[Q_COVERAGES], coverage_fill, sizeof(**out),
	    out, n, "i", patient);
}

int
store_coverage_of(struct db *db, int64_t patient, int64_t id)
{
	int64_t	 n;

	if (db_int(db, &q[Q_COVERAGE_OF], &n, "ii", id, patient) == -1)
		return -1;
	return n > 0;
}

static const char *
orn(const char *s)
{
	return s != NULL && *s != '\0' ? s : NULL;
}

int64_t
store_ins_change_new(struct db *db, const struct ins_change *c, time_t now)
{
	return db_insert(db, &q[Q_CHANGE_NEW], "iiiittttttbtbti", c->patient,
	    c->account, c->coverage, c->visit, c->payer, orn(c->plan), c->member_id, orn(c->group_no),
	    c->subscriber, c->relationship, c->front, c->front_len,
	    orn(c->front_mime), c->back, c->back_len, orn(c->back_mime),
	    (int64_t)now);
}

static void
change_fill(struct db_stmt *st, struct arena *a, void *row)
{
	struct ins_change	*c = row;

	memset(c, 0, sizeof(*c));
	c->id = db_col_int(st, 0);
	c->patient = db_col_int(st, 1);
	c->account = db_col_int(st, 2);
	c->coverage = db_col_int(st, 3);
	c->visit = db_col_int(st, 4);
	c->payer = db_col_text(a, st, 5);
	c->plan = db_col_text(a, st, 6);
	c->member_id = db_col_text(a, st, 7);
	c->group_no = db_col_text(a, st, 8);
	c->subscriber = db_col_text(a, st, 9);
	c->relationship = db_col_text(a, st, 10);
	c->status = db_col_text(a, st, 11);
	c->reason = db_col_text(a, st, 12);
	c->created = (time_t)db_col_int(st, 13);
	c->decided = (time_t)db_col_int(st, 14);
}

int
store_ins_changes_of_visit(struct db *db, struct arena *a, int64_t visit,
    struct ins_change **out, size_t *n)
{
	return db_rows(db, a, &q[Q_CHANGES_VISIT], change_fill, sizeof(**out),
	    out, n, "i", visit);
}

static void
doc_fill(struct db_stmt *st, struct arena *a, void *row)
{
	struct visit_doc	*d = row;

	d->id = db_col_int(st, 0);
	d->title = db_col_text(a, st, 1);
	d->body = db_col_text(a, st, 2);
}

int
store_visit_docs(struct db *db, struct arena *a, int64_t type,
    struct visit_doc **out, size_t *n)
{
	return db_rows(db, a, &q[Q_DOCS], doc_fill, sizeof(**out), out, n, "i",
	    type);
}

int
store_visit_doc_get(struct db *db, struct arena *a, int64_t type, int64_t id,
    struct visit_doc *out)
{
	return db_row(db, a, &q[Q_DOC], doc_fill, out, "ii", type, id);
}

int
store_signature_add(struct db *db, int64_t visit, int64_t document,
    int64_t account, const char *signer, const char *body, const char *sha256,
    time_t now)
{
	long	 n = db_changes(db, &q[Q_SIGN], "iiittti", visit, document,
	    account, signer, body, sha256, (int64_t)now);

	return n < 0 ? -1 : n > 0;
}

static void
sig_fill(struct db_stmt *st, struct arena *a, void *row)
{
	struct signature	*s = row;

	s->document = db_col_int(st, 0);
	s->account = db_col_int(st, 1);
	s->signer = db_col_text(a, st, 2);
	s->body = db_col_text(a, st, 3);
	s->sha256 = db_col_text(a, st, 4);
	s->signed_at = (time_t)db_col_int(st, 5);
	s->title = db_col_text(a, st, 6);
}

int
store_signatures(struct db *db, struct arena *a, int64_t visit,
    struct signature **out, size_t *n)
{
	return db_rows(db, a, &q[Q_SIGS], sig_fill, sizeof(**out), out, n, "i",
	    visit);
}

int
store_signature_get(struct db *db, struct arena *a, int64_t visit,
    int64_t document, struct signature *out)
{
	return db_row(db, a, &q[Q_SIG], sig_fill, out, "ii", visit, document);
}

int
store_copay_status(struct db *db, struct arena *a, int64_t visit,
    const char **status)
{
	struct db_stmt	*st;
	int		 rc;

	*status = NULL;
	if ((st = db_stmt(db, &q[Q_COPAY])) == NULL)
		return -1;
	rc = db_bindv(st, "i", visit);
	if (rc == DB_ROW)
		*status = db_col_text(a, st, 0);
	db_reset(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}
