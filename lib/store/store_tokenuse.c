/*
 * Invitation tokens as a provider uses them (store_tokenuse.h). The use
 * names what it expects (unused, not revoked, tries left) in its WHERE
 * clause: of two providers validating the same token at once, one
 * changes the row; wrong MRNs counted since the token was read void it.
 */
#include "arena.h"
#include "db.h"
#include "store.h"
#include "store_tokenuse.h"

enum { Q_GET, Q_TRY, Q_USE, Q__MAX };

static const struct db_sql q[Q__MAX] = {
	[Q_GET] = { "get",
	    "SELECT t.id, t.verifier_hash, t.patient_id, p.mrn, t.scope, "
	    "t.by_account, t.expires, t.tries, COALESCE(t.used, 0), "
	    "COALESCE(t.revoked, 0) "
	    "FROM share_tokens t JOIN patients p ON p.id = t.patient_id "
	    "WHERE t.selector = ?" },
	[Q_TRY] = { "try",
	    "UPDATE share_tokens SET tries = tries + 1 WHERE id = ?" },
	[Q_USE] = { "use",
	    "UPDATE share_tokens SET used = ?, used_by = ? "
	    "WHERE id = ? AND used IS NULL AND revoked IS NULL "
	    "AND tries < CAST(? AS BIGINT)" },
};
const struct db_sqltab store_tokenuse_sql = DB_SQLTAB("tokenuse", q);

static void
token_fill(struct db_stmt *st, struct arena *a, void *row)
{
	struct share_token	*t = row;

	t->id = db_col_int(st, 0);
	t->verifier_hash = db_col_text(a, st, 1);
	t->patient_id = db_col_int(st, 2);
	t->mrn = db_col_text(a, st, 3);
	t->scope = db_col_text(a, st, 4);
	t->by_account = db_col_int(st, 5);
	t->expires = db_col_int(st, 6);
	t->tries = (long)db_col_int(st, 7);
	t->used = db_col_int(st, 8);
	t->revoked = db_col_int(st, 9);
}

int
store_tokenuse_get(struct db *db, struct arena *a, const char *selector,
    struct share_token *out)
{
	return db_row(db, a, &q[Q_GET], token_fill, out, "t", selector);
}

int
store_tokenuse_try(struct db *db, int64_t id)
{
	return db_exec(db, &q[Q_TRY], "i", id);
}

int
store_tokenuse_use(struct db *db, int64_t id, int64_t by, time_t now,
    long tries)
{
	long	 n;

	n = db_changes(db, &q[Q_USE], "iiii", (int64_t)now, by, id,
	    (int64_t)tries);
	return n < 0 ? -1 : n > 0;
}
