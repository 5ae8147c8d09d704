/*
 * The throttle table: one row a key, events since a window start, and
 * the latest event (growing delays count from it).
 */
#include <string.h>

#include "db.h"
#include "store_throttle.h"

static const char sql_get[] =
    "SELECT failures, since, last_at FROM throttle WHERE key = ? AND since > ?";
static const char sql_fail[] =
    "INSERT INTO throttle (key, since, failures, last_at) VALUES (?1, ?2, 1, ?2) "
    "ON CONFLICT (key) DO UPDATE SET "
    "failures = CASE WHEN since > ?3 THEN failures + 1 ELSE 1 END, "
    "since = CASE WHEN since > ?3 THEN since ELSE ?2 END, "
    "last_at = ?2";
static const char sql_clear[] = "DELETE FROM throttle WHERE key = ?";
static const char sql_undo[] =
    "UPDATE throttle SET failures = failures - 1 WHERE key = ? AND failures > 0";
/* substr, not LIKE: a key may hold '_' (and LIKE's case rules differ
 * between engines). */
static const char sql_clear_prefix[] =
    "DELETE FROM throttle WHERE substr(key, 1, ?2) = ?1";

int
store_throttle_row(struct db *db, const char *key, time_t now, long window,
    struct throttle_row *out)
{
	sqlite3_stmt	*st = db_stmt(db, sql_get);
	int		 rc;

	memset(out, 0, sizeof(*out));
	rc = db_bindv(st, "ti", key, (int64_t)(now - window));
	if (rc == SQLITE_ROW) {
		out->tr_count = (long)sqlite3_column_int64(st, 0);
		out->tr_since = (time_t)sqlite3_column_int64(st, 1);
		out->tr_last = (time_t)sqlite3_column_int64(st, 2);
		/* Rows from before last_at was kept. */
		if (out->tr_last < out->tr_since)
			out->tr_last = out->tr_since;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
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
	return db_exec(db, sql_fail, "tii", key, (int64_t)now,
	    (int64_t)(now - window));
}

int
store_throttle_clear(struct db *db, const char *key)
{
	return db_exec(db, sql_clear, "t", key);
}

int
store_throttle_clear_prefix(struct db *db, const char *prefix)
{
	return db_exec(db, sql_clear_prefix, "ti", prefix, (int64_t)strlen(prefix));
}

int
store_throttle_undo(struct db *db, const char *key)
{
	return db_exec(db, sql_undo, "t", key);
}
