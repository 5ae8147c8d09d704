/*
 * The staff table.
 */
#include "arena.h"
#include "db.h"
#include "store.h"
#include "store_staff.h"

enum { Q_BY_NAME, Q_BY_ID, Q_CREATE, Q__MAX };

#define STAFF_COLS \
    "SELECT id, username, pw_hash, name, email, role, disabled FROM staff "

static const struct db_sql q[Q__MAX] = {
	[Q_BY_NAME] = { "by_name", STAFF_COLS "WHERE username = ?" },
	[Q_BY_ID] = { "by_id", STAFF_COLS "WHERE id = ?" },
	[Q_CREATE] = { "create",
	    "INSERT INTO staff (username, pw_hash, name, email, role, created) "
	    "VALUES (?, ?, ?, ?, ?, ?) RETURNING id" },
};
const struct db_sqltab store_staff_sql = DB_SQLTAB("staff", q);

static void
staff_fill(struct db_stmt *st, struct arena *a, void *row)
{
	struct staff	*out = row;

	out->id = db_col_int(st, 0);
	out->username = db_col_text(a, st, 1);
	out->pw_hash = db_col_text(a, st, 2);
	out->name = db_col_text(a, st, 3);
	out->email = db_col_text(a, st, 4);
	out->role = db_col_text(a, st, 5);
	out->disabled = (int)db_col_int(st, 6);
}

int
store_staff_by_username(struct db *db, struct arena *a, const char *username,
    struct staff *out)
{
	return db_row(db, a, &q[Q_BY_NAME], staff_fill, out, "t", username);
}

int
store_staff_by_id(struct db *db, struct arena *a, int64_t id, struct staff *out)
{
	return db_row(db, a, &q[Q_BY_ID], staff_fill, out, "i", id);
}

int64_t
store_staff_create(struct db *db, const char *username, const char *pw_hash,
    const char *name, const char *email, const char *role, time_t now)
{
	return db_insert(db, &q[Q_CREATE], "ttttti", username, pw_hash, name,
	    email, role, (int64_t)now);
}
