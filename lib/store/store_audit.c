/*
 * The audit table. Triggers in the schema refuse UPDATE and DELETE.
 */
#include <string.h>

#include "arena.h"
#include "db.h"
#include "store.h"
#include "store_audit.h"

enum { Q_LAST, Q_HEAD, Q_MARKED, Q_APPEND, Q_EACH, Q__MAX };

static const struct db_sql q[Q__MAX] = {
	[Q_LAST] = { "last", "SELECT hash FROM audit ORDER BY id DESC LIMIT 1" },
	[Q_HEAD] = { "head",
	    "SELECT count(*), (SELECT hash FROM audit ORDER BY id DESC LIMIT 1) "
	    "FROM audit" },
	[Q_MARKED] = { "marked",
	    "SELECT 1 FROM audit WHERE action = '" STORE_AUDIT_MARKER "' LIMIT 1" },
	[Q_APPEND] = { "append",
	    "INSERT INTO audit (at, actor, action, patient_id, addr, detail, prev, "
	    "hash) VALUES (?, ?, ?, NULLIF(CAST(? AS BIGINT), 0), ?, ?, ?, ?)" },
	[Q_EACH] = { "each",
	    "SELECT id, at, actor, action, COALESCE(patient_id, 0), addr, detail, "
	    "prev, hash FROM audit ORDER BY id" },
};
const struct db_sqltab store_audit_sql = DB_SQLTAB("audit", q);

/* A hash column into out, or the genesis value (64 zeros). */
static void
hash_copy(struct db_stmt *st, int i, char out[65])
{
	const char	*h = st != NULL ? db_col_str(st, i) : NULL;

	memset(out, '0', 64);
	out[64] = '\0';
	if (h != NULL && strlen(h) == 64)
		memcpy(out, h, 64);
}

int
store_audit_last(struct db *db, char out[65])
{
	struct db_stmt	*st = db_stmt(db, &q[Q_LAST]);
	int		 rc = db_bindv(st, "");

	hash_copy(rc == DB_ROW ? st : NULL, 0, out);
	db_reset(st);
	return rc == -1 ? -1 : 0;
}

int
store_audit_head(struct db *db, int64_t *count, char head[65])
{
	struct db_stmt	*st = db_stmt(db, &q[Q_HEAD]);
	int		 rc = db_bindv(st, "");

	*count = rc == DB_ROW ? db_col_int(st, 0) : 0;
	hash_copy(rc == DB_ROW ? st : NULL, 1, head);
	db_reset(st);
	return rc == DB_ROW ? 0 : -1;
}

int
store_audit_marked(struct db *db)
{
	int64_t	 one;

	return db_int(db, &q[Q_MARKED], &one, "");
}

int
store_audit_append(struct db *db, const struct audit_row *r)
{
	return db_exec(db, &q[Q_APPEND], "ittitttt", r->at, r->actor, r->action,
	    r->patient_id, r->addr, r->detail, r->prev, r->hash);
}

int
store_audit_each(struct db *db, struct arena *a,
    int (*fn)(const struct audit_row *, void *), void *arg)
{
	struct db_stmt		*st = db_stmt(db, &q[Q_EACH]);
	struct audit_row	 r;
	int			 rc, stop = 0;

	for (rc = db_bindv(st, ""); rc == DB_ROW && stop == 0; rc = db_step(st)) {
		r.id = db_col_int(st, 0);
		r.at = db_col_int(st, 1);
		r.actor = db_col_text(a, st, 2);
		r.action = db_col_text(a, st, 3);
		r.patient_id = db_col_int(st, 4);
		r.addr = db_col_text(a, st, 5);
		r.detail = db_col_text(a, st, 6);
		r.prev = db_col_text(a, st, 7);
		r.hash = db_col_text(a, st, 8);
		stop = fn(&r, arg);
	}
	db_reset(st);
	if (stop != 0)
		return stop;
	return rc == DB_DONE ? 0 : -1;
}
