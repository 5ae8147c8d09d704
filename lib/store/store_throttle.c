/*
 * The throttle table: one row a key, events since a window start, and
 * the latest event (growing delays count from it).
 */
#include <string.h>

#include "db.h"
#include "store.h"
#include "store_throttle.h"

enum { Q_GET, Q_FAIL, Q_CLEAR, Q_UNDO, Q_CLEAR_PREFIX, Q__MAX };

static const struct db_sql q[Q__MAX] = {
	[Q_GET] = { "get",
	    "SELECT failures, since, last_at FROM throttle WHERE key = ? "
	    "AND since > ?" },
	[Q_FAIL] = { "fail",
	    "INSERT INTO throttle (key, since, failures, last_at) "
	    "VALUES (?1, ?2, 1, ?2) ON CONFLICT (key) DO UPDATE SET "
	    "failures = CASE WHEN throttle.since > ?3 THEN "
	    "throttle.failures + 1 ELSE 1 END, "
	    "since = CASE WHEN throttle.since > ?3 THEN throttle.since "
	    "ELSE ?2 END, "
	    "last_at = ?2" },
	[Q_CLEAR] = { "clear", "DELETE FROM throttle WHERE key = ?" },
	[Q_UNDO] = { "undo",
	    "UPDATE throttle SET failures = failures - 1 WHERE key = ? "
	    "AND failures > 0" },
	/* substr, not LIKE: a key may hold '_' (and LIKE's case rules
	 * differ between engines). */
	[Q_CLEAR_PREFIX] = { "clear_prefix",
	    "DELETE FROM throttle WHERE substr(key, 1, ?2) = ?1" },
};
const struct db_sqltab store_throttle_sql = DB_SQLTAB("throttle", q);

static void
throttle_fill(struct db_stmt *st, struct arena *a, void *row)
{
	struct throttle_row	*out = row;

	(void)a;
	out->tr_count = (long)db_col_int(st, 0);
	out->tr_since = (time_t)db_col_int(st, 1);
	out->tr_last = (time_t)db_col_int(st, 2);
	/* Rows from before last_at was kept. */
	if (out->tr_last < out->tr_since)
		out->tr_last = out->tr_since;
}

int
store_throttle_row(struct db *db, const char *key, time_t now, long window,
    struct throttle_row *out)
{
	memset(out, 0, sizeof(*out));
	return db_row(db, NULL, &q[Q_GET], throttle_fill, out, "ti", key,
	    (int64_t)(now - window));
}

long
store_throttle_get(struct db *db, const char *key, time_t now, long window)
{
	struct throttle_row	 r;

	return store_throttle_row(db, key, now, window, &r) == 1 ? r.tr_count : 0;
}

int
store_throttle_fail(struct db *db, const char *key, time_t now, long window)
{
	return db_exec(db, &q[Q_FAIL], "tii", key, (int64_t)now,
	    (int64_t)(now - window));
}

int
store_throttle_clear(struct db *db, const char *key)
{
	return db_exec(db, &q[Q_CLEAR], "t", key);
}

int
store_throttle_clear_prefix(struct db *db, const char *prefix)
{
	return db_exec(db, &q[Q_CLEAR_PREFIX], "ti", prefix,
	    (int64_t)strlen(prefix));
}

int
store_throttle_undo(struct db *db, const char *key)
{
	return db_exec(db, &q[Q_UNDO], "t", key);
}
