/*
 * Contact information and e-mail changes (store_profile.h).
 */
#include <string.h>

#include "crypto.h"
#include "db.h"
#include "store.h"
#include "store_profile.h"

enum {
	Q_GET, Q_SET, Q_TAKEN, Q_RETIRE, Q_NEW, Q_CHANGE, Q_USE, Q_EMAIL,
	Q__MAX
};

static const struct db_sql q[Q__MAX] = {
	[Q_GET] = { "get", "SELECT email, COALESCE(address1, ''), "
	    "COALESCE(address2, ''), COALESCE(city, ''), COALESCE(state, ''), "
	    "COALESCE(postal, ''), COALESCE(phone_mobile, ''), "
	    "COALESCE(phone_home, ''), preferred, COALESCE(contact_updated, 0) "
	    "FROM accounts WHERE id = ?" },
	[Q_SET] = { "set", "UPDATE accounts SET address1 = ?, address2 = ?, "
	    "city = ?, state = ?, postal = ?, phone_mobile = ?, phone_home = ?, "
	    "preferred = ?, contact_updated = ? WHERE id = ?" },
	[Q_TAKEN] = { "taken", "SELECT count(*) FROM accounts "
	    "WHERE email = ? AND id <> ?" },
	[Q_RETIRE] = { "retire", "UPDATE email_changes SET used = ? "
	    "WHERE account_id = ? AND used IS NULL" },
	[Q_NEW] = { "new", "INSERT INTO email_changes (account_id, email, "
	    "token_hash, created, expires) VALUES (?, ?, ?, ?, ?) RETURNING id" },
	[Q_CHANGE] = { "change", "SELECT id, account_id, email, expires, "
	    "COALESCE(used, 0) FROM email_changes WHERE token_hash = ?" },
	[Q_USE] = { "use", "UPDATE email_changes SET used = ? "
	    "WHERE id = ? AND used IS NULL" },
	[Q_EMAIL] = { "email", "UPDATE accounts SET email = ?, "
	    "contact_updated = ? WHERE id = ?" },
};
const struct db_sqltab store_profile_sql = DB_SQLTAB("profile", q);

static void
contact_fill(struct db_stmt *st, struct arena *a, void *row)
{
	struct contact	*c = row;

	c->email = db_col_text(a, st, 0);
	c->address1 = db_col_text(a, st, 1);
	c->address2 = db_col_text(a, st, 2);
	c->city = db_col_text(a, st, 3);
	c->state = db_col_text(a, st, 4);
	c->postal = db_col_text(a, st, 5);
	c->phone_mobile = db_col_text(a, st, 6);
	c->phone_home = db_col_text(a, st, 7);
	c->preferred = db_col_text(a, st, 8);
	c->updated = (time_t)db_col_int(st, 9);
}

int
store_contact_get(struct db *db, struct arena *a, int64_t account,
    struct contact *out)
{
	return db_row(db, a, &q[Q_GET], contact_fill, out, "i", account);
}

/* "" is stored as NULL: none on file. */
static const char *
orn(const char *s)
{
	return s != NULL && *s != '\0' ? s : NULL;
}

int
store_contact_set(struct db *db, int64_t account, const struct contact *c,
    time_t now)
{
	long	 n;

	n = db_changes(db, &q[Q_SET], "tttttttt" "ii", orn(c->address1),
	    orn(c->address2), orn(c->city), orn(c->state), orn(c->postal),
	    orn(c->phone_mobile), orn(c->phone_home), c->preferred,
	    (int64_t)now, account);
	return n < 0 ? -1 : n > 0;
}

int
store_email_taken(struct db *db, const char *email, int64_t except)
{
	int64_t	 n;

	if (db_int(db, &q[Q_TAKEN], &n, "ti", email, except) == -1)
		return -1;
	return n > 0;
}

int
store_email_changes_retire(struct db *db, int64_t account, time_t now)
{
	return db_exec(db, &q[Q_RETIRE], "ii", (int64_t)now, account);
}

int64_t
store_email_change_new(struct db *db, int64_t account, const char *email,
    const unsigned char *hash, time_t now, time_t expires)
{
	if (store_email_changes_retire(db, account, now) == -1)
		return -1;
	return db_insert(db, &q[Q_NEW], "itbii", account, email, hash,
	    (size_t)CRYPTO_SHA256_LEN, (int64_t)now, (int64_t)expires);
}

static void
change_fill(struct db_stmt *st, struct arena *a, void *row)
{
	struct email_change	*e = row;

	e->id = db_col_int(st, 0);
	e->account = db_col_int(st, 1);
	e->email = db_col_text(a, st, 2);
	e->expires = (time_t)db_col_int(st, 3);
	e->used = (time_t)db_col_int(st, 4);
}

int
store_email_change_get(struct db *db, struct arena *a,
    const unsigned char *hash, struct email_change *out)
{
	return db_row(db, a, &q[Q_CHANGE], change_fill, out, "b", hash,
	    (size_t)CRYPTO_SHA256_LEN);
}

int
store_email_change_use(struct db *db, int64_t id, time_t now)
{
	long	 n = db_changes(db, &q[Q_USE], "ii", (int64_t)now, id);

	return n < 0 ? -1 : n > 0;
}

int
store_account_set_email(struct db *db, int64_t account, const char *email,
    time_t now)
{
	long	 n = db_changes(db, &q[Q_EMAIL], "tii", email, (int64_t)now,
	    account);

	return n < 0 ? -1 : n > 0;
}
