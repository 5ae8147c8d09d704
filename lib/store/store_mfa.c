/*
 * The mfa and recovery_codes tables (store_mfa.h).
 */
#include <string.h>

#include "arena.h"
#include "db.h"
#include "store.h"
#include "store_mfa.h"

enum { Q_GET, Q__MAX };

static const struct db_sql q[Q__MAX] = {
	[Q_GET] = { "get",
	    "SELECT secret, COALESCE(enabled, 0), last_step FROM mfa "
	    "WHERE kind = ? AND principal = ?" },
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
