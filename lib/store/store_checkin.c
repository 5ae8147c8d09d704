/*
 * Pre-check-in's statements (store_checkin.h).
 */
#include <string.h>

#include "db.h"
#include "store.h"
#include "store_checkin.h"

enum {
	Q_STEP, Q_DOCS, Q_DOC, Q_SIGN, Q_SIGS, Q_SIG, Q_COPAY, Q__MAX
};

#define SIG_COLS "SELECT s.document_id, s.account_id, s.signer_name, " \
    "s.body, s.sha256, s.signed, d.title FROM visit_signatures s " \
    "JOIN visit_documents d ON d.id = s.document_id "

static const struct db_sql q[Q__MAX] = {
	[Q_STEP] = { "step", "INSERT INTO visit_checkins (visit_id, step, "
	    "account_id, done) VALUES (?, ?, ?, ?) "
	    "ON CONFLICT (visit_id, step) DO NOTHING" },
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
