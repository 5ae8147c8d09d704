/*
 * The mfa and recovery_codes tables (store_mfa.h). Taking a time step or
 * a recovery code is one UPDATE that succeeds only while the step is
 * newer or the code unused, so two racing requests cannot both use the
 * same code.
 */
#include <string.h>

#include "arena.h"
#include "db.h"
#include "store.h"
#include "store_mfa.h"

enum {
	Q_GET, Q_START, Q_CONFIRM, Q_STEP, Q_DELETE, Q_RC_DELETE, Q_RC_ADD,
	Q_RC_LIST, Q_RC_USE, Q__MAX
};

static const struct db_sql q[Q__MAX] = {
	[Q_GET] = { "get",
	    "SELECT secret, COALESCE(enabled, 0), last_step FROM mfa "
	    "WHERE kind = ? AND principal = ?" },
	/* A new enrolment replaces one not confirmed, never a factor in use. */
	[Q_START] = { "start",
	    "INSERT INTO mfa (kind, principal, secret, enabled, last_step, created) "
	    "VALUES (?, ?, ?, NULL, 0, ?) ON CONFLICT (kind, principal) DO UPDATE "
	    "SET secret = excluded.secret, last_step = 0, created = excluded.created "
	    "WHERE mfa.enabled IS NULL" },
	[Q_CONFIRM] = { "confirm",
	    "UPDATE mfa SET enabled = ?, last_step = ? WHERE kind = ? AND "
	    "principal = ? AND enabled IS NULL AND last_step < ?" },
	[Q_STEP] = { "step",
	    "UPDATE mfa SET last_step = ? WHERE kind = ? AND principal = ? "
	    "AND enabled IS NOT NULL AND last_step < ?" },
	[Q_DELETE] = { "delete",
	    "DELETE FROM mfa WHERE kind = ? AND principal = ?" },
	[Q_RC_DELETE] = { "rc_delete",
	    "DELETE FROM recovery_codes WHERE kind = ? AND principal = ?" },
	[Q_RC_ADD] = { "rc_add",
	    "INSERT INTO recovery_codes (kind, principal, code_hash) "
	    "VALUES (?, ?, ?) RETURNING id" },
	[Q_RC_LIST] = { "rc_list",
	    "SELECT id, code_hash FROM recovery_codes WHERE kind = ? AND "
	    "principal = ? AND used IS NULL ORDER BY id" },
	[Q_RC_USE] = { "rc_use",
	    "UPDATE recovery_codes SET used = ? WHERE id = ? AND used IS NULL" },
};
const struct db_sqltab store_mfa_sql = DB_SQLTAB("mfa", q);

static void
mfa_fill(struct db_stmt *st, struct arena *a, void *row)
{
	struct mfa_row	*o = row;
	const void	*b = db_col_blob(st, 0, &o->secret_len);
	unsigned char	*copy = arena_alloc(a, o->secret_len + 1);

	if (o->secret_len > 0)
		memcpy(copy, b, o->secret_len);
	o->secret = copy;
	o->enabled = db_col_int(st, 1);
	o->last_step = db_col_int(st, 2);
}

int
store_mfa_get(struct db *db, struct arena *a, const char *kind,
    int64_t principal, struct mfa_row *out)
{
	return db_row(db, a, &q[Q_GET], mfa_fill, out, "ti", kind, principal);
}

int
store_mfa_start(struct db *db, const char *kind, int64_t principal,
    const unsigned char *sealed, size_t len, time_t now)
{
	long	 n = db_changes(db, &q[Q_START], "tibi", kind, principal,
	    sealed, len, (int64_t)now);

	return n < 0 ? -1 : n > 0;
}

int
store_mfa_confirm(struct db *db, const char *kind, int64_t principal,
    int64_t step, time_t now)
{
	long	 n = db_changes(db, &q[Q_CONFIRM], "iitii", (int64_t)now, step,
	    kind, principal, step);

	return n < 0 ? -1 : n > 0;
}

int
store_mfa_take_step(struct db *db, const char *kind, int64_t principal,
    int64_t step)
{
	long	 n = db_changes(db, &q[Q_STEP], "itii", step, kind, principal,
	    step);

	return n < 0 ? -1 : n > 0;
}

int
store_mfa_delete(struct db *db, const char *kind, int64_t principal)
{
	if (db_exec(db, &q[Q_RC_DELETE], "ti", kind, principal) == -1 ||
	    db_exec(db, &q[Q_DELETE], "ti", kind, principal) == -1)
		return -1;
	return 0;
}

int
store_recovery_replace(struct db *db, const char *kind, int64_t principal,
    const char *const *hashes, size_t n)
{
	size_t	 i;

	if (db_exec(db, &q[Q_RC_DELETE], "ti", kind, principal) == -1)
		return -1;
	for (i = 0; i < n; i++)
		if (db_insert(db, &q[Q_RC_ADD], "tit", kind, principal,
		    hashes[i]) == -1)
			return -1;
	return 0;
}

static void
rc_fill(struct db_stmt *st, struct arena *a, void *row)
{
	struct recovery_row	*o = row;

	o->id = db_col_int(st, 0);
	o->code_hash = db_col_text(a, st, 1);
}

int
store_recovery_list(struct db *db, struct arena *a, const char *kind,
    int64_t principal, struct recovery_row **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	return db_rows(db, a, &q[Q_RC_LIST], rc_fill, sizeof(**out), out, n,
	    "ti", kind, principal);
}

int
store_recovery_use(struct db *db, int64_t id, time_t now)
{
	long	 n = db_changes(db, &q[Q_RC_USE], "ii", (int64_t)now, id);

	return n < 0 ? -1 : n > 0;
}
