/*
 * Payments (store_payments.h).
 */
#include <string.h>

#include "db.h"
#include "store.h"
#include "store_payments.h"

enum {
	Q_START, Q_BY_REF, Q_TXN_USED, Q_PAID, Q_DECIDE, Q_COPAY_PAID, Q_STEP,
	Q_OF_ACCOUNT, Q_REFUND_VISIT, Q_START_STATEMENT, Q_EXPIRE, Q_PAID_OTHERS,
	Q__MAX
};

#define PAY_COLS \
    "SELECT id, reference, account_id, patient_id, purpose, " \
    "COALESCE(visit_id, 0), amount_cents, currency, status, refund, " \
    "COALESCE(txn, ''), created, COALESCE(decided, 0), " \
    "COALESCE(statement_id, 0), COALESCE(guarantor_id, 0) FROM payments "

static const struct db_sql q[Q__MAX] = {
	[Q_START] = { "start", "INSERT INTO payments (reference, account_id, "
	    "patient_id, purpose, visit_id, amount_cents, currency, status, "
	    "created) VALUES (?, ?, ?, ?, ?, ?, ?, 'started', ?) RETURNING id" },
	[Q_BY_REF] = { "by_ref", PAY_COLS "WHERE reference = ?" },
	[Q_TXN_USED] = { "txn_used",
	    "SELECT count(*) FROM payments WHERE txn = ? AND id <> ?" },
	/* paid: from anything but paid (a decline seen first does not lose
	 * a payment the processor took). */
	[Q_PAID] = { "paid", "UPDATE payments SET status = 'paid', txn = ?, "
	    "refund = ?, decided = ? WHERE id = ? AND status <> 'paid'" },
	[Q_DECIDE] = { "decide", "UPDATE payments SET status = ?, decided = ? "
	    "WHERE id = ? AND status = 'started'" },
	[Q_COPAY_PAID] = { "copay_paid", "SELECT count(*) FROM payments "
	    "WHERE visit_id = ? AND purpose = 'copay' AND status = 'paid' "
	    "AND id <> ?" },
	[Q_STEP] = { "step", "INSERT INTO visit_checkins (visit_id, step, "
	    "account_id, done) VALUES (?, 'copay', ?, ?) "
	    "ON CONFLICT DO NOTHING" },
	[Q_OF_ACCOUNT] = { "of_account", PAY_COLS "WHERE account_id = ? "
	    "ORDER BY created DESC, id DESC LIMIT ?" },
	/* The visit is not due any more (cancelled): its paid copays. */
	[Q_REFUND_VISIT] = { "refund_visit", "UPDATE payments SET refund = 1 "
	    "WHERE visit_id = ? AND purpose = 'copay' AND status = 'paid' "
	    "AND refund = 0" },
	/* One started payment per statement at a time: the partial unique
	 * index payments_statement_started (sql/015-billing.sql) makes a
	 * second one no row. */
	[Q_START_STATEMENT] = { "start_statement", "INSERT INTO payments "
	    "(reference, account_id, purpose, statement_id, guarantor_id, "
	    "amount_cents, currency, status, created) VALUES (?, ?, "
	    "'statement', ?, ?, ?, 'USD', 'started', ?) "
	    "ON CONFLICT DO NOTHING RETURNING id" },
	[Q_EXPIRE] = { "expire", "UPDATE payments SET status = 'cancelled', "
	    "decided = ? WHERE statement_id = ? AND status = 'started' "
	    "AND created < ?" },
	[Q_PAID_OTHERS] = { "paid_others", "SELECT COALESCE(SUM(amount_cents), "
	    "0) FROM payments WHERE guarantor_id = ? AND purpose = 'statement' "
	    "AND status = 'paid' AND refund = 0 AND decided >= ? AND id <> ?" },
};
const struct db_sqltab store_payments_sql = DB_SQLTAB("payments", q);

static void
pay_fill(struct db_stmt *st, struct arena *a, void *row)
{
	struct payment	*p = row;

	p->id = db_col_int(st, 0);
	p->reference = db_col_text(a, st, 1);
	p->account_id = db_col_int(st, 2);
	p->patient_id = db_col_int(st, 3);
	p->purpose = db_col_text(a, st, 4);
	p->visit_id = db_col_int(st, 5);
	p->cents = (long)db_col_int(st, 6);
	p->currency = db_col_text(a, st, 7);
	p->status = db_col_text(a, st, 8);
	p->refund = db_col_int(st, 9) != 0;
	p->txn = db_col_text(a, st, 10);
	p->created = (time_t)db_col_int(st, 11);
	p->decided = (time_t)db_col_int(st, 12);
	p->statement_id = db_col_int(st, 13);
	p->guarantor_id = db_col_int(st, 14);
}

int64_t
store_payment_start(struct db *db, const char *reference, int64_t account,
    int64_t patient, const char *purpose, int64_t visit, long cents,
    const char *currency, time_t now)
{
	return db_insert(db, &q[Q_START], "tiitiiti", reference, account,
	    patient, purpose, visit, (int64_t)cents, currency, (int64_t)now);
}

int
store_payment_by_ref(struct db *db, struct arena *a, const char *reference,
    struct payment *out)
{
	return db_row(db, a, &q[Q_BY_REF], pay_fill, out, "t", reference);
}

int
store_payment_txn_used(struct db *db, const char *txn, int64_t id)
{
	int64_t	 n;

	if (db_int(db, &q[Q_TXN_USED], &n, "ti", txn, id) == -1)
		return -1;
	return n > 0;
}

int
store_payment_decide(struct db *db, int64_t id, const char *status,
    const char *txn, int refund, time_t now)
{
	long	 n;

	if (strcmp(status, "paid") == 0)
		n = db_changes(db, &q[Q_PAID], "tiii", txn, (int64_t)refund,
		    (int64_t)now, id);
	else
		n = db_changes(db, &q[Q_DECIDE], "tii", status, (int64_t)now,
		    id);
	return n < 0 ? -1 : n > 0;
}

int
store_payment_copay_paid(struct db *db, int64_t visit, int64_t id)
{
	int64_t	 n;

	if (db_int(db, &q[Q_COPAY_PAID], &n, "ii", visit, id) == -1)
		return -1;
	return n > 0;
}

int
store_payment_step(struct db *db, int64_t visit, int64_t account, time_t now)
{
	return db_exec(db, &q[Q_STEP], "iii", visit, account, (int64_t)now);
}

int
store_payments_of_account(struct db *db, struct arena *a, int64_t account,
    long limit, struct payment **out, size_t *n)
{
	return db_rows(db, a, &q[Q_OF_ACCOUNT], pay_fill, sizeof(**out), out,
	    n, "ii", account, (int64_t)limit);
}

long
store_payment_refund_visit(struct db *db, int64_t visit)
{
	return db_changes(db, &q[Q_REFUND_VISIT], "i", visit);
}

int64_t
store_payment_start_statement(struct db *db, const char *reference,
    int64_t account, int64_t statement, int64_t guarantor, long cents,
    time_t now, time_t stale)
{
	if (db_exec(db, &q[Q_EXPIRE], "iii", (int64_t)now, statement,
	    (int64_t)stale) == -1)
		return -1;
	return db_insert(db, &q[Q_START_STATEMENT], "tiiiii", reference,
	    account, statement, guarantor, (int64_t)cents, (int64_t)now);
}

int
store_payment_paid_others(struct db *db, int64_t guarantor, time_t since,
    int64_t id, long *cents)
{
	int64_t	 v;

	if (db_int(db, &q[Q_PAID_OTHERS], &v, "iii", guarantor,
	    (int64_t)since, id) == -1)
		return -1;
	*cents = (long)v;
	return 0;
}
