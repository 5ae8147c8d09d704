/*
 * The sessions table. The kind is stored as text so the table reads well
 * in an audit; it is mapped to the enum here.
 */
#include <string.h>

#include "db.h"
#include "store_sess.h"

static const char *const kinds[] = { [SESS_FAMILY] = "family", [SESS_STAFF] = "staff" };

static const char sql_create[] =
    "INSERT INTO sessions (token_hash, kind, principal, created, seen, addr) "
    "VALUES (?, ?, ?, ?, ?, ?)";
static const char sql_get[] =
    "SELECT id, kind, principal, created, seen FROM sessions WHERE token_hash = ?";
static const char sql_touch[] = "UPDATE sessions SET seen = ? WHERE id = ?";
static const char sql_delete[] = "DELETE FROM sessions WHERE id = ?";
static const char sql_delete_principal[] =
    "DELETE FROM sessions WHERE kind = ? AND principal = ?";
static const char sql_purge[] =
    "DELETE FROM sessions WHERE seen < ? OR created < ?";

int64_t
store_sess_create(struct db *db, enum sess_kind kind, int64_t principal,
    const unsigned char hash[32], time_t now, const char *addr)
{
	if (db_exec(db, sql_create, "btiiit", hash, (size_t)32, kinds[kind],
	    principal, (int64_t)now, (int64_t)now, addr) == -1)
		return -1;
	return sqlite3_last_insert_rowid(db_handle(db));
}

int
store_sess_get(struct db *db, const unsigned char hash[32], struct sess *out)
{
	sqlite3_stmt	*st = db_stmt(db, sql_get);
	const char	*k;
	int		 rc;

	rc = db_bindv(st, "b", hash, (size_t)32);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return -1;
	memset(out, 0, sizeof(*out));
	out->s_id = sqlite3_column_int64(st, 0);
	k = (const char *)sqlite3_column_text(st, 1);
	out->s_kind = (k != NULL && strcmp(k, "staff") == 0) ? SESS_STAFF : SESS_FAMILY;
	out->s_principal = sqlite3_column_int64(st, 2);
	out->s_created = (time_t)sqlite3_column_int64(st, 3);
	out->s_seen = (time_t)sqlite3_column_int64(st, 4);
	memcpy(out->s_hash, hash, 32);
	sqlite3_reset(st);
	return 1;
}

int
store_sess_touch(struct db *db, int64_t id, time_t now)
{
	return db_exec(db, sql_touch, "ii", (int64_t)now, id);
}

int
store_sess_delete(struct db *db, int64_t id)
{
	return db_exec(db, sql_delete, "i", id);
}

int
store_sess_delete_principal(struct db *db, enum sess_kind kind, int64_t principal)
{
	return db_exec(db, sql_delete_principal, "ti", kinds[kind], principal);
}

int
store_sess_purge(struct db *db, time_t idle_before, time_t created_before)
{
	if (db_exec(db, sql_purge, "ii", (int64_t)idle_before,
	    (int64_t)created_before) == -1)
		return -1;
	return sqlite3_changes(db_handle(db));
}
