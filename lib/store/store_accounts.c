/*
 * The accounts and account_patients tables.
 */
#include "arena.h"
#include "db.h"
#include "store.h"
#include "store_accounts.h"

enum {
	Q_BY_EMAIL, Q_BY_ID, Q_CREATE, Q_VERIFY, Q_SET_PW, Q_HOLDING_SET,
	Q_HOLDING_STATUS, Q_HOLDING_GET, Q_GUARDIAN_HOLDS, Q_REMINDER_ONCE,
	Q_SELF_HOLDERS, Q_HOLDINGS, Q__MAX
};

#define ACCOUNT_COLS \
    "SELECT id, email, pw_hash, given, family, COALESCE(verified, 0), disabled " \
    "FROM accounts "

static const struct db_sql q[Q__MAX] = {
	[Q_BY_EMAIL] = { "by_email", ACCOUNT_COLS "WHERE email = ?" },
	[Q_BY_ID] = { "by_id", ACCOUNT_COLS "WHERE id = ?" },
	[Q_CREATE] = { "create",
	    "INSERT INTO accounts (email, pw_hash, given, family, created, "
	    "pw_changed) VALUES (?1, ?2, ?3, ?4, ?5, ?5) RETURNING id" },
	[Q_VERIFY] = { "verify",
	    "UPDATE accounts SET verified = ? WHERE id = ? AND verified IS NULL" },
	[Q_SET_PW] = { "set_pw",
	    "UPDATE accounts SET pw_hash = ?, pw_changed = ? WHERE id = ?" },
	[Q_HOLDING_SET] = { "holding_set",
	    "INSERT INTO account_patients (account_id, patient_id, role, "
	    "relation_id, status, created) VALUES (?, ?, ?, "
	    "NULLIF(CAST(? AS BIGINT), 0), ?, ?) "
	    "ON CONFLICT (account_id, patient_id) DO UPDATE SET "
	    "role = excluded.role, relation_id = excluded.relation_id, "
	    "status = excluded.status" },
	[Q_HOLDING_STATUS] = { "holding_status",
	    "SELECT status FROM account_patients WHERE account_id = ? "
	    "AND patient_id = ?" },
	[Q_HOLDING_GET] = { "holding_get",
	    "SELECT ap.role, ap.status, CASE WHEN ap.role = 'self' OR EXISTS "
	    "(SELECT 1 FROM relations r WHERE r.id = ap.relation_id AND "
	    "r.patient_id = ap.patient_id) THEN 1 ELSE 0 END "
	    "FROM account_patients ap WHERE ap.account_id = ? AND ap.patient_id = ?" },
	[Q_GUARDIAN_HOLDS] = { "guardian_holds",
	    "SELECT ap.account_id, ap.patient_id, a.email, p.dob, p.guardianship, "
	    "p.given "
	    "FROM account_patients ap JOIN accounts a ON a.id = ap.account_id "
	    "JOIN patients p ON p.id = ap.patient_id "
	    "WHERE ap.status = 'active' AND ap.role <> 'self' AND a.disabled = 0" },
	[Q_REMINDER_ONCE] = { "reminder_once",
	    "INSERT INTO reminders_sent (account_id, patient_id, days, sent) "
	    "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING" },
	[Q_SELF_HOLDERS] = { "self_holders",
	    "SELECT (SELECT count(*) FROM account_patients WHERE patient_id = ?1 "
	    "AND role = 'self' AND status IN ('active', 'pending') "
	    "AND account_id <> ?2) + (SELECT count(*) FROM signup_requests "
	    "WHERE patient_id = ?1 AND role = 'self' AND status = 'pending' "
	    "AND account_id <> ?2)" },
	[Q_HOLDINGS] = { "holdings",
	    "SELECT p.id, p.given, p.family, p.dob, ap.role, ap.status "
	    "FROM account_patients ap JOIN patients p ON p.id = ap.patient_id "
	    "WHERE ap.account_id = ? "
	    "ORDER BY CASE WHEN ap.status = 'active' THEN 0 ELSE 1 END, "
	    "p.given, p.family" },
};
const struct db_sqltab store_accounts_sql = DB_SQLTAB("accounts", q);

static void
account_fill(struct db_stmt *st, struct arena *a, void *row)
{
	struct account	*out = row;

	out->id = db_col_int(st, 0);
	out->email = db_col_text(a, st, 1);
	out->pw_hash = db_col_text(a, st, 2);
	out->given = db_col_text(a, st, 3);
	out->family = db_col_text(a, st, 4);
	out->verified = db_col_int(st, 5);
	out->disabled = (int)db_col_int(st, 6);
}

int
store_account_by_email(struct db *db, struct arena *a, const char *email,
    struct account *out)
{
	return db_row(db, a, &q[Q_BY_EMAIL], account_fill, out, "t", email);
}

int
store_account_by_id(struct db *db, struct arena *a, int64_t id,
    struct account *out)
{
	return db_row(db, a, &q[Q_BY_ID], account_fill, out, "i", id);
}

int64_t
store_account_create(struct db *db, const char *email, const char *pw_hash,
    const char *given, const char *family, time_t now)
{
	return db_insert(db, &q[Q_CREATE], "tttti", email, pw_hash, given,
	    family, (int64_t)now);
}

int
store_account_verify(struct db *db, int64_t id, time_t now)
{
	return db_exec(db, &q[Q_VERIFY], "ii", (int64_t)now, id);
}

int
store_account_set_password(struct db *db, int64_t id, const char *pw_hash,
    time_t now)
{
	return db_exec(db, &q[Q_SET_PW], "tii", pw_hash, (int64_t)now, id);
}

int
store_holding_set(struct db *db, int64_t account, int64_t patient,
    const char *role, int64_t relation, const char *status, time_t now)
{
	/* relation 0 or less: none (NULLIF turns 0 into NULL). */
	return db_exec(db, &q[Q_HOLDING_SET], "iititi", account, patient, role,
	    relation > 0 ? relation : 0, status, (int64_t)now);
}

static void
status_fill(struct db_stmt *st, struct arena *a, void *row)
{
	*(const char **)row = db_col_text(a, st, 0);
}

const char *
store_holding_status(struct db *db, struct arena *a, int64_t account,
    int64_t patient)
{
	const char	*s = NULL;

	if (db_row(db, a, &q[Q_HOLDING_STATUS], status_fill, &s, "ii",
	    account, patient) != 1)
		return NULL;
	return s;
}

static void
holding_rel_fill(struct db_stmt *st, struct arena *a, void *row)
{
	struct holding_rel	*out = row;

	out->role = db_col_text(a, st, 0);
	out->status = db_col_text(a, st, 1);
	out->on_file = (int)db_col_int(st, 2);
}

int
store_holding_get(struct db *db, struct arena *a, int64_t account,
    int64_t patient, struct holding_rel *out)
{
	return db_row(db, a, &q[Q_HOLDING_GET], holding_rel_fill, out, "ii",
	    account, patient);
}

int
store_self_holders(struct db *db, int64_t patient, int64_t except)
{
	int64_t	 n;

	return db_int(db, &q[Q_SELF_HOLDERS], &n, "ii", patient, except) == 1 ?
	    (int)n : -1;
}

static void
holding_fill(struct db_stmt *st, struct arena *a, void *row)
{
	struct holding	*h = row;

	h->patient_id = db_col_int(st, 0);
	h->given = db_col_text(a, st, 1);
	h->family = db_col_text(a, st, 2);
	h->dob = db_col_text(a, st, 3);
	h->role = db_col_text(a, st, 4);
	h->status = db_col_text(a, st, 5);
}

int
store_holdings(struct db *db, struct arena *a, int64_t account,
    struct holding **out, size_t *n)
{
	return db_rows(db, a, &q[Q_HOLDINGS], holding_fill, sizeof(**out), out,
	    n, "i", account);
}

static void
guardian_fill(struct db_stmt *st, struct arena *a, void *row)
{
	struct guardian_hold	*g = row;

	g->account_id = db_col_int(st, 0);
	g->patient_id = db_col_int(st, 1);
	g->email = db_col_text(a, st, 2);
	g->dob = db_col_text(a, st, 3);
	g->guardianship = (int)db_col_int(st, 4);
	g->given = db_col_text(a, st, 5);
}

int
store_guardian_holds(struct db *db, struct arena *a, struct guardian_hold **out,
    size_t *n)
{
	return db_rows(db, a, &q[Q_GUARDIAN_HOLDS], guardian_fill, sizeof(**out),
	    out, n, "");
}

int
store_reminder_once(struct db *db, int64_t account, int64_t patient, int days,
    time_t now)
{
	long	 n = db_changes(db, &q[Q_REMINDER_ONCE], "iiii", account, patient,
	    (int64_t)days, (int64_t)now);

	return n < 0 ? -1 : n == 1;
}
