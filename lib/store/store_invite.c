/*
 * share_tokens for the family (store_invite.h). A selector collision is
 * no error: ON CONFLICT DO NOTHING returns no row, and the caller draws
 * another token.
 */
#include "arena.h"
#include "db.h"
#include "store.h"
#include "store_invite.h"

enum { Q_CREATE, Q_PENDING, Q_GET, Q_REVOKE, Q__MAX };

#define INVITE_COLS \
    "SELECT id, patient_id, scope, by_account, invitee, " \
    "COALESCE(provider_id, 0), email, created, expires FROM share_tokens "
#define PENDING \
    "used IS NULL AND revoked IS NULL AND expires > ? AND tries < ? "

static const struct db_sql q[Q__MAX] = {
	[Q_CREATE] = { "create",
	    "INSERT INTO share_tokens (selector, verifier_hash, patient_id, "
	    "scope, by_account, invitee, provider_id, email, created, expires) "
	    "VALUES (?, ?, ?, ?, ?, ?, NULLIF(CAST(? AS BIGINT), 0), ?, ?, ?) "
	    "ON CONFLICT DO NOTHING RETURNING id" },
	[Q_PENDING] = { "pending", INVITE_COLS
	    "WHERE patient_id = ? AND " PENDING
	    "ORDER BY created DESC, id DESC" },
	[Q_GET] = { "get", INVITE_COLS
	    "WHERE id = ? AND patient_id = ? AND " PENDING },
	[Q_REVOKE] = { "revoke",
	    "UPDATE share_tokens SET revoked = ?, revoked_by = ? "
	    "WHERE id = ? AND patient_id = ? AND used IS NULL "
	    "AND revoked IS NULL" },
};
const struct db_sqltab store_invite_sql = DB_SQLTAB("invite", q);

static void
invite_fill(struct db_stmt *st, struct arena *a, void *row)
{
	struct invite	*o = row;

	o->id = db_col_int(st, 0);
	o->patient_id = db_col_int(st, 1);
	o->scope = db_col_text(a, st, 2);
	o->by_account = db_col_int(st, 3);
	o->invitee = db_col_text(a, st, 4);
	o->provider_id = db_col_int(st, 5);
	o->email = db_col_text(a, st, 6);
	o->created = db_col_int(st, 7);
	o->expires = db_col_int(st, 8);
}

int64_t
store_invite_create(struct db *db, const struct invite_new *in)
{
	/* No row back: the selector is taken (0): the caller draws again. */
	return db_insert(db, &q[Q_CREATE], "ttitititii", in->selector,
	    in->vhash, in->patient, in->scope, in->by, in->invitee,
	    in->provider, in->email, (int64_t)in->now, (int64_t)in->expires);
}

int
store_invite_pending(struct db *db, struct arena *a, int64_t patient,
    time_t now, long tries, struct invite **out, size_t *n)
{
	return db_rows(db, a, &q[Q_PENDING], invite_fill, sizeof(**out), out,
	    n, "iii", patient, (int64_t)now, (int64_t)tries);
}

int
store_invite_get(struct db *db, struct arena *a, int64_t id, int64_t patient,
    time_t now, long tries, struct invite *out)
{
	return db_row(db, a, &q[Q_GET], invite_fill, out, "iiii", id, patient,
	    (int64_t)now, (int64_t)tries);
}

int
store_invite_revoke(struct db *db, int64_t id, int64_t patient, int64_t by,
    time_t now)
{
	long	 n;

	n = db_changes(db, &q[Q_REVOKE], "iiii", (int64_t)now, by, id, patient);
	return n < 0 ? -1 : n > 0;
}
