/*
 * The provider_accounts table: reads (with a sponsored user's sponsor's
 * standing, which every request of theirs needs) and the standing.
 */
#include "arena.h"
#include "db.h"
#include "store.h"
#include "store_provider.h"

enum { Q_BY_ID, Q_BY_EMAIL, Q_BY_NPI, Q_BY_SSO, Q_STATUS, Q_PASSWORD,
    Q_CREATE, Q__MAX };

#define PROVIDER_COLS \
    "SELECT a.id, a.kind, a.email, a.given, a.family, a.phone, a.status, " \
    "a.pw_hash, a.pw_changed, a.sso_user, a.npi, a.credential, " \
    "a.specialty, a.hospital, a.practice_id, a.provider_id, " \
    "a.sponsor_asked, a.sponsor_granted, a.sponsor_id, a.staff_kind, " \
    "s.status, s.sponsor_granted, a.created " \
    "FROM provider_accounts a " \
    "LEFT JOIN provider_accounts s ON s.id = a.sponsor_id "

static const struct db_sql q[Q__MAX] = {
	[Q_BY_ID] = { "by_id", PROVIDER_COLS "WHERE a.id = ?" },
	[Q_BY_EMAIL] = { "by_email", PROVIDER_COLS "WHERE a.email = ?" },
	[Q_BY_NPI] = { "by_npi", PROVIDER_COLS "WHERE a.npi = ?" },
	[Q_BY_SSO] = { "by_sso", PROVIDER_COLS "WHERE a.sso_user = ?" },
	[Q_STATUS] = { "status",
	    "UPDATE provider_accounts SET status = ? WHERE id = ?" },
	[Q_PASSWORD] = { "password",
	    "UPDATE provider_accounts SET pw_hash = ?, pw_changed = ? "
	    "WHERE id = ?" },
	[Q_CREATE] = { "create",
	    "INSERT INTO provider_accounts (kind, email, given, family, phone, "
	    "status, pw_hash, pw_changed, sso_user, npi, credential, specialty, "
	    "hospital, practice_id, sponsor_asked, sponsor_granted, sponsor_id, "
	    "staff_kind, created) VALUES (?, ?, ?, ?, ?, ?, ?, "
	    /* 0 stands for none: NULL in a time or a foreign key. */
	    "NULLIF(CAST(? AS BIGINT), 0), ?, ?, ?, ?, ?, "
	    "NULLIF(CAST(? AS BIGINT), 0), ?, ?, NULLIF(CAST(? AS BIGINT), 0), "
	    "?, ?) RETURNING id" },
};
const struct db_sqltab store_provider_sql = DB_SQLTAB("provider", q);

static void
provider_fill(struct db_stmt *st, struct arena *a, void *row)
{
	struct provider_account	*o = row;

	o->id = db_col_int(st, 0);
	o->kind = db_col_text(a, st, 1);
	o->email = db_col_text(a, st, 2);
	o->given = db_col_text(a, st, 3);
	o->family = db_col_text(a, st, 4);
	o->phone = db_col_text(a, st, 5);
	o->status = db_col_text(a, st, 6);
	o->pw_hash = db_col_text(a, st, 7);
	o->pw_changed = db_col_int(st, 8);
	o->sso_user = db_col_text(a, st, 9);
	o->npi = db_col_text(a, st, 10);
	o->credential = db_col_text(a, st, 11);
	o->specialty = db_col_text(a, st, 12);
	o->hospital = (int)db_col_int(st, 13);
	o->practice_id = db_col_int(st, 14);
	o->provider_id = db_col_int(st, 15);
	o->sponsor_asked = (int)db_col_int(st, 16);
	o->sponsor_granted = (int)db_col_int(st, 17);
	o->sponsor_id = db_col_int(st, 18);
	o->staff_kind = db_col_text(a, st, 19);
	o->sponsor_status = db_col_text(a, st, 20);
	o->sponsor_privileges = (int)db_col_int(st, 21);
	o->created = db_col_int(st, 22);
}

int
store_provider_by_id(struct db *db, struct arena *a, int64_t id,
    struct provider_account *out)
{
	return db_row(db, a, &q[Q_BY_ID], provider_fill, out, "i", id);
}

int
store_provider_by_email(struct db *db, struct arena *a, const char *email,
    struct provider_account *out)
{
	return db_row(db, a, &q[Q_BY_EMAIL], provider_fill, out, "t", email);
}

int
store_provider_by_npi(struct db *db, struct arena *a, const char *npi,
    struct provider_account *out)
{
	return db_row(db, a, &q[Q_BY_NPI], provider_fill, out, "t", npi);
}

int
store_provider_by_sso(struct db *db, struct arena *a, const char *user,
    struct provider_account *out)
{
	return db_row(db, a, &q[Q_BY_SSO], provider_fill, out, "t", user);
}

int
store_provider_set_status(struct db *db, int64_t id, const char *status)
{
	return db_exec(db, &q[Q_STATUS], "ti", status, id);
}

int
store_provider_set_password(struct db *db, int64_t id, const char *pw_hash,
    time_t now)
{
	return db_exec(db, &q[Q_PASSWORD], "tii", pw_hash, (int64_t)now, id);
}

int64_t
store_provider_create(struct db *db, const struct provider_account *n,
    time_t now)
{
	return db_insert(db, &q[Q_CREATE], "tttttttittttiiiiiti", n->kind,
	    n->email, n->given, n->family, n->phone, n->status, n->pw_hash,
	    n->pw_hash != NULL ? (int64_t)now : (int64_t)0, n->sso_user, n->npi,
	    n->credential, n->specialty, (int64_t)n->hospital, n->practice_id,
	    (int64_t)n->sponsor_asked, (int64_t)n->sponsor_granted, n->sponsor_id,
	    n->staff_kind, (int64_t)now);
}
