/*
 * The staff table.
 */
#include "arena.h"
#include "db.h"
#include "store_staff.h"

static const char sql_by_name[] =
    "SELECT id, username, pw_hash, name, email, role, disabled "
    "FROM staff WHERE username = ?";
static const char sql_by_id[] =
    "SELECT id, username, pw_hash, name, email, role, disabled "
    "FROM staff WHERE id = ?";
static const char sql_create[] =
    "INSERT INTO staff (username, pw_hash, name, email, role, created) "
    "VALUES (?, ?, ?, ?, ?, ?)";

static int
staff_row(sqlite3_stmt *st, int rc, struct arena *a, struct staff *out)
{
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return -1;
	out->id = sqlite3_column_int64(st, 0);
	out->username = db_text(a, st, 1);
	out->pw_hash = db_text(a, st, 2);
	out->name = db_text(a, st, 3);
	out->email = db_text(a, st, 4);
	out->role = db_text(a, st, 5);
	out->disabled = sqlite3_column_int(st, 6);
	sqlite3_reset(st);
	return 1;
}

int
store_staff_by_username(struct db *db, struct arena *a, const char *username,
    struct staff *out)
{
	sqlite3_stmt	*st = db_stmt(db, sql_by_name);

	return staff_row(st, db_bindv(st, "t", username), a, out);
}

int
store_staff_by_id(struct db *db, struct arena *a, int64_t id, struct staff *out)
{
	sqlite3_stmt	*st = db_stmt(db, sql_by_id);

	return staff_row(st, db_bindv(st, "i", id), a, out);
}

int64_t
store_staff_create(struct db *db, const char *username, const char *pw_hash,
    const char *name, const char *email, const char *role, time_t now)
{
	if (db_exec(db, sql_create, "ttttti", username,
	    pw_hash, name, email, role, (int64_t)now) == -1)
		return -1;
	return sqlite3_last_insert_rowid(db_handle(db));
}
