/*
 * The signup_requests table, joined with the applicant's account.
 */
#include "arena.h"
#include "db.h"
#include "store_signup.h"

static const char sql_create[] =
    "INSERT INTO signup_requests (account_id, role, mrn, visit_date, patient_id, "
    "created) VALUES (?, ?, ?, ?, NULLIF(?, 0), ?)";
static const char sql_create_self_token[] =
    "INSERT INTO signup_requests (account_id, role, mrn, visit_date, patient_id, "
    "proof, created) VALUES (?, 'self', ?, '', ?, 'self_token', ?)";
#define SREQ_COLS \
    "SELECT r.id, r.account_id, r.role, r.mrn, r.visit_date, " \
    "COALESCE(r.patient_id, 0), r.status, r.created, a.email, a.given, " \
    "a.family, COALESCE(a.verified, 0), r.proof " \
    "FROM signup_requests r JOIN accounts a ON a.id = r.account_id "
static const char sql_pending[] = SREQ_COLS
    "WHERE r.status = 'pending' ORDER BY r.created, r.id LIMIT ?";
static const char sql_pending_total[] =
    "SELECT count(*) FROM signup_requests WHERE status = 'pending'";
static const char sql_get[] = SREQ_COLS "WHERE r.id = ?";
static const char sql_for_account[] = SREQ_COLS
    "WHERE r.account_id = ? AND r.status <> 'approved' ORDER BY r.created DESC";
static const char sql_pending_count[] =
    "SELECT count(*) FROM signup_requests WHERE account_id = ? "
    "AND status = 'pending'";
static const char sql_decide[] =
    "UPDATE signup_requests SET status = ?, reason = ?, decided_by = ?, "
    "decided = ? WHERE id = ? AND status = 'pending'";

static void
sreq_row(sqlite3_stmt *st, struct arena *a, struct sreq *r)
{
	r->id = sqlite3_column_int64(st, 0);
	r->account_id = sqlite3_column_int64(st, 1);
	r->role = db_text(a, st, 2);
	r->mrn = db_text(a, st, 3);
	r->visit_date = db_text(a, st, 4);
	r->patient_id = sqlite3_column_int64(st, 5);
	r->status = db_text(a, st, 6);
	r->created = sqlite3_column_int64(st, 7);
	r->email = db_text(a, st, 8);
	r->given = db_text(a, st, 9);
	r->family = db_text(a, st, 10);
	r->verified = sqlite3_column_int64(st, 11);
	r->proof = db_text(a, st, 12);
}

/* Collects rows from a statement whose first step gave rc. */
static int
sreq_rows(sqlite3_stmt *st, int rc, struct arena *a, struct sreq **out, size_t *n)
{
	size_t	 cap = 0;

	*n = 0;
	*out = NULL;
	for (; rc == SQLITE_ROW; rc = sqlite3_step(st))
		sreq_row(st, a, arena_push(a, (void **)out, n, &cap, sizeof(**out)));
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int64_t
store_sreq_create(struct db *db, int64_t account, const char *role,
    const char *mrn, const char *visit_date, int64_t patient, time_t now)
{
	if (db_exec(db, sql_create, "itttii", account, role, mrn, visit_date,
	    patient, (int64_t)now) == -1)
		return -1;
	return sqlite3_last_insert_rowid(db_handle(db));
}

int64_t
store_sreq_self_token(struct db *db, int64_t account, const char *mrn,
    int64_t patient, time_t now)
{
	if (db_exec(db, sql_create_self_token, "itii", account, mrn, patient,
	    (int64_t)now) == -1)
		return -1;
	return sqlite3_last_insert_rowid(db_handle(db));
}

int
store_sreq_pending(struct db *db, struct arena *a, long limit,
    struct sreq **out, size_t *n)
{
	sqlite3_stmt	*st = db_stmt(db, sql_pending);

	return sreq_rows(st, db_bindv(st, "i", (int64_t)limit), a, out, n);
}

long
store_sreq_pending_total(struct db *db)
{
	sqlite3_stmt	*st = db_stmt(db, sql_pending_total);
	long		 n = -1;

	if (sqlite3_step(st) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return n;
}

int
store_sreq_for_account(struct db *db, struct arena *a, int64_t account,
    struct sreq **out, size_t *n)
{
	sqlite3_stmt	*st = db_stmt(db, sql_for_account);

	return sreq_rows(st, db_bindv(st, "i", account), a, out, n);
}

int
store_sreq_get(struct db *db, struct arena *a, int64_t id, struct sreq *out)
{
	sqlite3_stmt	*st = db_stmt(db, sql_get);
	int		 rc = db_bindv(st, "i", id);

	if (rc == SQLITE_ROW)
		sreq_row(st, a, out);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int
store_sreq_decide(struct db *db, int64_t id, const char *status,
    const char *reason, int64_t staff, time_t now)
{
	if (db_exec(db, sql_decide, "ttiii", status, reason, staff,
	    (int64_t)now, id) == -1)
		return -1;
	return sqlite3_changes(db_handle(db)) == 1;
}

long
store_sreq_pending_count(struct db *db, int64_t account)
{
	sqlite3_stmt	*st = db_stmt(db, sql_pending_count);
	long		 n = -1;

	if (db_bindv(st, "i", account) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return n;
}
