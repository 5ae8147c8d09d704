/*
 * The throttle table: one row a key, failures since a window start.
 */
#include "db.h"
#include "store_throttle.h"

static const char sql_get[] =
    "SELECT failures FROM throttle WHERE key = ? AND since > ?";
static const char sql_fail[] =
    "INSERT INTO throttle (key, since, failures) VALUES (?1, ?2, 1) "
    "ON CONFLICT (key) DO UPDATE SET "
    "failures = CASE WHEN since > ?3 THEN failures + 1 ELSE 1 END, "
    "since = CASE WHEN since > ?3 THEN since ELSE ?2 END";
static const char sql_clear[] = "DELETE FROM throttle WHERE key = ?";

long
store_throttle_get(struct db *db, const char *key, time_t now, long window)
{
	sqlite3_stmt	*st = db_stmt(db, sql_get);
	long		 n = 0;

	if (db_bindv(st, "ti", key, (int64_t)(now - window)) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return n;
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
