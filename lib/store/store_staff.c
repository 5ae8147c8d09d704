/*
 * The staff table.
 */
#include "arena.h"
#include "db.h"
#include "store.h"
#include "store_staff.h"

enum { Q_BY_NAME, Q_BY_ID, Q_CREATE, Q_ROLES, Q_ROLES_IN_FORCE, Q_ROLE_ADD,
    Q_ROLE_DEL, Q__MAX };

#define STAFF_COLS \
    "SELECT id, username, pw_hash, name, email, disabled FROM staff "

static const struct db_sql q[Q__MAX] = {
	[Q_BY_NAME] = { "by_name", STAFF_COLS "WHERE username = ?" },
	[Q_BY_ID] = { "by_id", STAFF_COLS "WHERE id = ?" },
	[Q_CREATE] = { "create",
	    "INSERT INTO staff (username, pw_hash, name, email, created) "
	    "VALUES (?, ?, ?, ?, ?) RETURNING id" },
	[Q_ROLES] = { "roles",
	    "SELECT role FROM staff_roles WHERE staff_id = ? ORDER BY role" },
	/* One statement for every staff page's check (app_staff_may). */
	[Q_ROLES_IN_FORCE] = { "roles_in_force",
	    "SELECT r.role FROM staff_roles r JOIN staff s ON s.id = r.staff_id "
	    "WHERE r.staff_id = ? AND s.disabled = 0 ORDER BY r.role" },
	[Q_ROLE_ADD] = { "role_add",
	    "INSERT INTO staff_roles (staff_id, role) VALUES (?, ?) "
	    "ON CONFLICT DO NOTHING" },
	[Q_ROLE_DEL] = { "role_del",
	    "DELETE FROM staff_roles WHERE staff_id = ? AND role = ?" },
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
	out->disabled = (int)db_col_int(st, 5);
}

static void
role_fill(struct db_stmt *st, struct arena *a, void *row)
{
	*(const char **)row = db_col_text(a, st, 0);
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
    const char *name, const char *email, time_t now)
{
	return db_insert(db, &q[Q_CREATE], "tttti", username, pw_hash, name,
	    email, (int64_t)now);
}

int
store_staff_roles(struct db *db, struct arena *a, int64_t id,
    const char ***out, size_t *n)
{
	return db_rows(db, a, &q[Q_ROLES], role_fill, sizeof(const char *),
	    out, n, "i", id);
}

int
store_staff_roles_in_force(struct db *db, struct arena *a, int64_t id,
    const char ***out, size_t *n)
{
	return db_rows(db, a, &q[Q_ROLES_IN_FORCE], role_fill,
	    sizeof(const char *), out, n, "i", id);
}

int
store_staff_role_add(struct db *db, int64_t id, const char *role)
{
	return db_exec(db, &q[Q_ROLE_ADD], "it", id, role);
}

int
store_staff_role_remove(struct db *db, int64_t id, const char *role)
{
	return db_exec(db, &q[Q_ROLE_DEL], "it", id, role);
}
