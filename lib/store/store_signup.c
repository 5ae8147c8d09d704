/*
 * The signup_requests table, joined with the applicant's account.
 */
#include "arena.h"
#include "db.h"
#include "store.h"
#include "store_signup.h"

enum {
	Q_CREATE, Q_CREATE_SELF_TOKEN, Q_PENDING, Q_GET, Q_FOR_ACCOUNT,
	Q_PENDING_COUNT, Q_PENDING_TOTAL, Q_DECIDE, Q__MAX
};

#define SREQ_COLS \
    "SELECT r.id, r.account_id, r.role, r.mrn, r.visit_date, " \
    "COALESCE(r.patient_id, 0), r.status, r.created, a.email, a.given, " \
    "a.family, COALESCE(a.verified, 0), r.proof " \
    "FROM signup_requests r JOIN accounts a ON a.id = r.account_id "

static const struct db_sql q[Q__MAX] = {
	[Q_CREATE] = { "create",
	    "INSERT INTO signup_requests (account_id, role, mrn, visit_date, "
	    "patient_id, created) VALUES (?, ?, ?, ?, NULLIF(CAST(? AS BIGINT), 0), "
	    "?) "
	    "RETURNING id" },
	[Q_CREATE_SELF_TOKEN] = { "create_self_token",
	    "INSERT INTO signup_requests (account_id, role, mrn, visit_date, "
	    "patient_id, proof, created) VALUES (?, 'self', ?, '', ?, "
	    "'self_token', ?) RETURNING id" },
	[Q_PENDING] = { "pending", SREQ_COLS
	    "WHERE r.status = 'pending' ORDER BY r.created, r.id LIMIT ?" },
	[Q_GET] = { "get", SREQ_COLS "WHERE r.id = ?" },
	[Q_FOR_ACCOUNT] = { "for_account", SREQ_COLS
	    "WHERE r.account_id = ? AND r.status <> 'approved' "
	    "ORDER BY r.created DESC" },
	[Q_PENDING_COUNT] = { "pending_count",
	    "SELECT count(*) FROM signup_requests WHERE account_id = ? "
	    "AND status = 'pending'" },
	[Q_PENDING_TOTAL] = { "pending_total",
	    "SELECT count(*) FROM signup_requests WHERE status = 'pending'" },
	[Q_DECIDE] = { "decide",
	    "UPDATE signup_requests SET status = ?, reason = ?, decided_by = ?, "
	    "decided = ? WHERE id = ? AND status = 'pending'" },
};
const struct db_sqltab store_signup_sql = DB_SQLTAB("signup", q);

static void
sreq_fill(struct db_stmt *st, struct arena *a, void *row)
{
	struct sreq	*r = row;

	r->id = db_col_int(st, 0);
	r->account_id = db_col_int(st, 1);
	r->role = db_col_text(a, st, 2);
	r->mrn = db_col_text(a, st, 3);
	r->visit_date = db_col_text(a, st, 4);
	r->patient_id = db_col_int(st, 5);
	r->status = db_col_text(a, st, 6);
	r->created = db_col_int(st, 7);
	r->email = db_col_text(a, st, 8);
	r->given = db_col_text(a, st, 9);
	r->family = db_col_text(a, st, 10);
	r->verified = db_col_int(st, 11);
	r->proof = db_col_text(a, st, 12);
}

int64_t
store_sreq_create(struct db *db, int64_t account, const char *role,
    const char *mrn, const char *visit_date, int64_t patient, time_t now)
{
	return db_insert(db, &q[Q_CREATE], "itttii", account, role, mrn,
	    visit_date, patient, (int64_t)now);
}

int64_t
store_sreq_self_token(struct db *db, int64_t account, const char *mrn,
    int64_t patient, time_t now)
{
	return db_insert(db, &q[Q_CREATE_SELF_TOKEN], "itii", account, mrn,
	    patient, (int64_t)now);
}

int
store_sreq_pending(struct db *db, struct arena *a, long limit,
    struct sreq **out, size_t *n)
{
	return db_rows(db, a, &q[Q_PENDING], sreq_fill, sizeof(**out), out, n,
	    "i", (int64_t)limit);
}

int
store_sreq_for_account(struct db *db, struct arena *a, int64_t account,
    struct sreq **out, size_t *n)
{
	return db_rows(db, a, &q[Q_FOR_ACCOUNT], sreq_fill, sizeof(**out), out,
	    n, "i", account);
}

int
store_sreq_get(struct db *db, struct arena *a, int64_t id, struct sreq *out)
{
	return db_row(db, a, &q[Q_GET], sreq_fill, out, "i", id);
}

int
store_sreq_decide(struct db *db, int64_t id, const char *status,
    const char *reason, int64_t staff, time_t now)
{
	long	 n = db_changes(db, &q[Q_DECIDE], "ttiii", status, reason, staff,
	    (int64_t)now, id);

	return n < 0 ? -1 : n == 1;
}

long
store_sreq_pending_count(struct db *db, int64_t account)
{
	int64_t	 n;

	return db_int(db, &q[Q_PENDING_COUNT], &n, "i", account) == 1 ?
	    (long)n : -1;
}

long
store_sreq_pending_total(struct db *db)
{
	int64_t	 n;

	return db_int(db, &q[Q_PENDING_TOTAL], &n, "") == 1 ? (long)n : -1;
}
