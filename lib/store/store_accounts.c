/*
 * The accounts and account_patients tables.
 */
#include "arena.h"
#include "db.h"
#include "store_accounts.h"

static const char sql_by_email[] =
    "SELECT id, email, pw_hash, given, family, COALESCE(verified, 0), disabled "
    "FROM accounts WHERE email = ?";
static const char sql_by_id[] =
    "SELECT id, email, pw_hash, given, family, COALESCE(verified, 0), disabled "
    "FROM accounts WHERE id = ?";
static const char sql_create[] =
    "INSERT INTO accounts (email, pw_hash, given, family, created, pw_changed) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?5)";
static const char sql_verify[] =
    "UPDATE accounts SET verified = ? WHERE id = ? AND verified IS NULL";
static const char sql_set_pw[] =
    "UPDATE accounts SET pw_hash = ?, pw_changed = ? WHERE id = ?";
static const char sql_holding_set[] =
    "INSERT INTO account_patients (account_id, patient_id, role, relation_id, "
    "status, created) VALUES (?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (account_id, patient_id) DO UPDATE SET role = excluded.role, "
    "relation_id = excluded.relation_id, status = excluded.status";
static const char sql_holding_status[] =
    "SELECT status FROM account_patients WHERE account_id = ? AND patient_id = ?";
static const char sql_holding_get[] =
    "SELECT ap.role, ap.status, ap.role = 'self' OR EXISTS (SELECT 1 FROM "
    "relations r WHERE r.id = ap.relation_id AND r.patient_id = ap.patient_id) "
    "FROM account_patients ap WHERE ap.account_id = ? AND ap.patient_id = ?";
static const char sql_guardian_holds[] =
    "SELECT ap.account_id, ap.patient_id, a.email, p.dob, p.guardianship "
    "FROM account_patients ap JOIN accounts a ON a.id = ap.account_id "
    "JOIN patients p ON p.id = ap.patient_id "
    "WHERE ap.status = 'active' AND ap.role <> 'self' AND a.disabled = 0";
static const char sql_reminder_once[] =
    "INSERT OR IGNORE INTO reminders_sent (account_id, patient_id, days, sent) "
    "VALUES (?, ?, ?, ?)";
static const char sql_self_holders[] =
    "SELECT (SELECT count(*) FROM account_patients WHERE patient_id = ?1 "
    "AND role = 'self' AND status IN ('active', 'pending') AND account_id <> ?2) "
    "+ (SELECT count(*) FROM signup_requests WHERE patient_id = ?1 "
    "AND role = 'self' AND status = 'pending' AND account_id <> ?2)";
static const char sql_holdings[] =
    "SELECT p.id, p.given, p.family, p.dob, ap.role, ap.status "
    "FROM account_patients ap JOIN patients p ON p.id = ap.patient_id "
    "WHERE ap.account_id = ? "
    "ORDER BY ap.status = 'active' DESC, p.given, p.family";

static int
account_row(struct db *db, struct arena *a, const char *sql, const char *fmt,
    const void *key, struct account *out)
{
	sqlite3_stmt	*st = db_stmt(db, sql);
	int		 rc;

	rc = fmt[0] == 'i' ? db_bindv(st, "i", *(const int64_t *)key) :
	    db_bindv(st, "t", (const char *)key);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return -1;
	out->id = sqlite3_column_int64(st, 0);
	out->email = db_text(a, st, 1);
	out->pw_hash = db_text(a, st, 2);
	out->given = db_text(a, st, 3);
	out->family = db_text(a, st, 4);
	out->verified = sqlite3_column_int64(st, 5);
	out->disabled = sqlite3_column_int(st, 6);
	sqlite3_reset(st);
	return 1;
}

int
store_account_by_email(struct db *db, struct arena *a, const char *email,
    struct account *out)
{
	return account_row(db, a, sql_by_email, "t", email, out);
}

int
store_account_by_id(struct db *db, struct arena *a, int64_t id,
    struct account *out)
{
	return account_row(db, a, sql_by_id, "i", &id, out);
}

int64_t
store_account_create(struct db *db, const char *email, const char *pw_hash,
    const char *given, const char *family, time_t now)
{
	if (db_exec(db, sql_create, "tttti", email, pw_hash, given, family,
	    (int64_t)now) == -1)
		return -1;
	return sqlite3_last_insert_rowid(db_handle(db));
}

int
store_account_verify(struct db *db, int64_t id, time_t now)
{
	return db_exec(db, sql_verify, "ii", (int64_t)now, id);
}

int
store_account_set_password(struct db *db, int64_t id, const char *pw_hash,
    time_t now)
{
	return db_exec(db, sql_set_pw, "tii", pw_hash, (int64_t)now, id);
}

int
store_holding_set(struct db *db, int64_t account, int64_t patient,
    const char *role, int64_t relation, const char *status, time_t now)
{
	sqlite3_stmt	*st = db_stmt(db, sql_holding_set);
	int		 rc;

	sqlite3_bind_int64(st, 1, account);
	sqlite3_bind_int64(st, 2, patient);
	sqlite3_bind_text(st, 3, role, -1, SQLITE_STATIC);
	if (relation > 0)
		sqlite3_bind_int64(st, 4, relation);
	sqlite3_bind_text(st, 5, status, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, (int64_t)now);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

const char *
store_holding_status(struct db *db, struct arena *a, int64_t account,
    int64_t patient)
{
	sqlite3_stmt	*st = db_stmt(db, sql_holding_status);
	const char	*s = NULL;

	if (db_bindv(st, "ii", account, patient) == SQLITE_ROW)
		s = db_text(a, st, 0);
	sqlite3_reset(st);
	return s;
}

int
store_holding_get(struct db *db, struct arena *a, int64_t account,
    int64_t patient, struct holding_rel *out)
{
	sqlite3_stmt	*st = db_stmt(db, sql_holding_get);
	int		 rc = db_bindv(st, "ii", account, patient);

	if (rc == SQLITE_ROW) {
		out->role = db_text(a, st, 0);
		out->status = db_text(a, st, 1);
		out->on_file = sqlite3_column_int(st, 2);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int
store_self_holders(struct db *db, int64_t patient, int64_t except)
{
	sqlite3_stmt	*st = db_stmt(db, sql_self_holders);
	int		 rc = db_bindv(st, "ii", patient, except), n;

	n = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	sqlite3_reset(st);
	return n;
}

int
store_holdings(struct db *db, struct arena *a, int64_t account,
    struct holding **out, size_t *n)
{
	sqlite3_stmt	*st = db_stmt(db, sql_holdings);
	struct holding	*h;
	size_t		 cap = 0;
	int		 rc;

	*n = 0;
	*out = NULL;
	for (rc = db_bindv(st, "i", account); rc == SQLITE_ROW; rc = sqlite3_step(st)) {
		h = arena_push(a, (void **)out, n, &cap, sizeof(*h));
		h->patient_id = sqlite3_column_int64(st, 0);
		h->given = db_text(a, st, 1);
		h->family = db_text(a, st, 2);
		h->dob = db_text(a, st, 3);
		h->role = db_text(a, st, 4);
		h->status = db_text(a, st, 5);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int
store_guardian_holds(struct db *db, struct arena *a, struct guardian_hold **out,
    size_t *n)
{
	sqlite3_stmt		*st = db_stmt(db, sql_guardian_holds);
	struct guardian_hold	*g;
	size_t			 cap = 0;
	int			 rc;

	*n = 0;
	*out = NULL;
	for (rc = sqlite3_step(st); rc == SQLITE_ROW; rc = sqlite3_step(st)) {
		g = arena_push(a, (void **)out, n, &cap, sizeof(*g));
		g->account_id = sqlite3_column_int64(st, 0);
		g->patient_id = sqlite3_column_int64(st, 1);
		g->email = db_text(a, st, 2);
		g->dob = db_text(a, st, 3);
		g->guardianship = sqlite3_column_int(st, 4);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int
store_reminder_once(struct db *db, int64_t account, int64_t patient, int days,
    time_t now)
{
	if (db_exec(db, sql_reminder_once, "iiii", account, patient, (int64_t)days,
	    (int64_t)now) == -1)
		return -1;
	return sqlite3_changes(db_handle(db)) == 1;
}
