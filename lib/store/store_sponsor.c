/*
 * A sponsor's users in provider_accounts (store_sponsor.h). Every read
 * and change of a user names the sponsor in its WHERE clause: a sponsor
 * acting on another's user changes no row.
 */
#include "arena.h"
#include "db.h"
#include "store.h"
#include "store_sponsor.h"

enum { Q_USERS, Q_USER, Q_STATUS, Q_END_SESSIONS, Q_GRANT, Q__MAX };

#define USER_COLS \
    "SELECT id, given, family, email, staff_kind, status, " \
    "CASE WHEN pw_hash IS NULL THEN 0 ELSE 1 END, created " \
    "FROM provider_accounts "

static const struct db_sql q[Q__MAX] = {
	[Q_USERS] = { "users", USER_COLS
	    "WHERE sponsor_id = ? AND kind = 'sponsored' "
	    "ORDER BY CASE status WHEN 'revoked' THEN 1 ELSE 0 END, "
	    "family, given, id" },
	[Q_USER] = { "user", USER_COLS
	    "WHERE id = ? AND sponsor_id = ? AND kind = 'sponsored'" },
	[Q_STATUS] = { "status",
	    "UPDATE provider_accounts SET status = ? "
	    "WHERE id = ? AND sponsor_id = ? AND kind = 'sponsored' "
	    "AND status = ?" },
	[Q_END_SESSIONS] = { "end_sessions",
	    "DELETE FROM sessions WHERE kind = 'sponsored' AND principal IN "
	    "(SELECT id FROM provider_accounts WHERE sponsor_id = ?)" },
	[Q_GRANT] = { "grant",
	    "UPDATE provider_accounts SET sponsor_granted = ? "
	    "WHERE id = ? AND kind = 'provider'" },
};
const struct db_sqltab store_sponsor_sql = DB_SQLTAB("sponsor", q);

static void
user_fill(struct db_stmt *st, struct arena *a, void *row)
{
	struct sponsored_user	*o = row;

	o->id = db_col_int(st, 0);
	o->given = db_col_text(a, st, 1);
	o->family = db_col_text(a, st, 2);
	o->email = db_col_text(a, st, 3);
	o->staff_kind = db_col_text(a, st, 4);
	o->status = db_col_text(a, st, 5);
	o->has_password = (int)db_col_int(st, 6);
	o->created = db_col_int(st, 7);
}

int
store_sponsor_users(struct db *db, struct arena *a, int64_t sponsor,
    struct sponsored_user **out, size_t *n)
{
	return db_rows(db, a, &q[Q_USERS], user_fill, sizeof(**out), out, n,
	    "i", sponsor);
}

int
store_sponsor_user(struct db *db, struct arena *a, int64_t sponsor,
    int64_t id, struct sponsored_user *out)
{
	return db_row(db, a, &q[Q_USER], user_fill, out, "ii", id, sponsor);
}

int
store_sponsor_set_status(struct db *db, int64_t sponsor, int64_t id,
    const char *from, const char *to)
{
	long	 n;

	n = db_changes(db, &q[Q_STATUS], "tiit", to, id, sponsor, from);
	return n < 0 ? -1 : n > 0;
}

int
store_sponsor_end_sessions(struct db *db, int64_t sponsor)
{
	return db_exec(db, &q[Q_END_SESSIONS], "i", sponsor);
}

int
store_sponsor_grant(struct db *db, int64_t id, int granted)
{
	long	 n;

	n = db_changes(db, &q[Q_GRANT], "ii", (int64_t)(granted != 0), id);
	return n < 0 ? -1 : n > 0;
}
