/*
 * Billing statements (store_bill.h).
 */
#include <string.h>

#include "db.h"
#include "store.h"
#include "store_bill.h"

enum {
	Q_GUARANTOR, Q_STATEMENT_NEW, Q_STATEMENT_SET, Q_STATEMENT_ID,
	Q_LINES_CLEAR, Q_LINE_ADD, Q_OF_EMAIL, Q_GET, Q_LINES, Q_PAID_SINCE,
	Q_BIND, Q__MAX
};

/* newest: no statement of the same account with a later date (or the
 * same date and a higher id). */
#define ST_COLS \
    "SELECT s.id, s.number, s.guarantor_id, g.number, g.name, " \
    "COALESCE(g.email, ''), s.date, COALESCE(s.due_date, ''), " \
    "s.balance_cents, s.imported, " \
    "CASE WHEN EXISTS (SELECT 1 FROM statements n WHERE " \
    "n.guarantor_id = s.guarantor_id AND (n.date > s.date OR " \
    "(n.date = s.date AND n.id > s.id))) THEN 0 ELSE 1 END, " \
    "COALESCE(g.account_id, 0) " \
    "FROM statements s JOIN guarantors g ON g.id = s.guarantor_id "

static const struct db_sql q[Q__MAX] = {
	[Q_GUARANTOR] = { "guarantor", "INSERT INTO guarantors (number, name, "
	    "email, updated) VALUES (?, ?, ?, ?) ON CONFLICT (number) DO "
	    "UPDATE SET name = excluded.name, email = excluded.email, "
	    "updated = excluded.updated RETURNING id" },
	[Q_STATEMENT_NEW] = { "statement_new", "INSERT INTO statements "
	    "(number, guarantor_id, date, due_date, balance_cents, imported, "
	    "updated) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING "
	    "RETURNING id" },
	[Q_STATEMENT_SET] = { "statement_set", "UPDATE statements SET "
	    "guarantor_id = ?, date = ?, due_date = ?, balance_cents = ?, "
	    "updated = ? WHERE number = ?" },
	[Q_STATEMENT_ID] = { "statement_id",
	    "SELECT id FROM statements WHERE number = ?" },
	[Q_LINES_CLEAR] = { "lines_clear",
	    "DELETE FROM statement_lines WHERE statement_id = ?" },
	[Q_LINE_ADD] = { "line_add", "INSERT INTO statement_lines "
	    "(statement_id, line, patient_id, service_date, description, "
	    "charges_cents, insurance_cents, adjustment_cents, due_cents, "
	    "confidential) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)" },
	/* The account's own guarantor accounts, and those not yet bound
	 * that carry its address. */
	[Q_OF_EMAIL] = { "of_email", ST_COLS "WHERE g.account_id = ?2 OR "
	    "(g.account_id IS NULL AND g.email = ?1) "
	    "ORDER BY s.date DESC, s.id DESC LIMIT ?" },
	[Q_GET] = { "get", ST_COLS "WHERE s.id = ?" },
	[Q_BIND] = { "bind", "UPDATE guarantors SET account_id = ? "
	    "WHERE email = ? AND account_id IS NULL" },
	[Q_LINES] = { "lines", "SELECT id, line, patient_id, service_date, "
	    "description, charges_cents, insurance_cents, adjustment_cents, "
	    "due_cents, confidential FROM statement_lines "
	    "WHERE statement_id = ? ORDER BY line" },
	[Q_PAID_SINCE] = { "paid_since", "SELECT COALESCE(SUM(amount_cents), "
	    "0) FROM payments WHERE guarantor_id = ? AND purpose = 'statement' "
	    "AND status = 'paid' AND refund = 0 AND decided >= ?" },
};
const struct db_sqltab store_bill_sql = DB_SQLTAB("bill", q);

int64_t
store_guarantor_put(struct db *db, const char *number, const char *name,
    const char *email, time_t now)
{
	return db_insert(db, &q[Q_GUARANTOR], "ttti", number, name,
	    email != NULL && *email != '\0' ? email : NULL, (int64_t)now);
}

int64_t
store_statement_put(struct db *db, const char *number, int64_t guarantor,
    const char *date, const char *due, long balance, time_t now,
    int *created)
{
	int64_t	 id;

	due = due != NULL && *due != '\0' ? due : NULL;
	id = db_insert(db, &q[Q_STATEMENT_NEW], "tittiii", number, guarantor,
	    date, due, (int64_t)balance, (int64_t)now, (int64_t)now);
	*created = id > 0;
	if (id != 0)
		return id;
	if (db_exec(db, &q[Q_STATEMENT_SET], "ittiit", guarantor, date, due,
	    (int64_t)balance, (int64_t)now, number) == -1 ||
	    db_int(db, &q[Q_STATEMENT_ID], &id, "t", number) == -1)
		return -1;
	return id;
}

int
store_statement_lines_clear(struct db *db, int64_t statement)
{
	return db_exec(db, &q[Q_LINES_CLEAR], "i", statement);
}

int
store_statement_line_add(struct db *db, int64_t statement,
    const struct statement_line *l)
{
	return db_exec(db, &q[Q_LINE_ADD], "iiittiiiii", statement,
	    (int64_t)l->line, l->patient_id, l->service_date, l->description,
	    (int64_t)l->charges_cents, (int64_t)l->insurance_cents,
	    (int64_t)l->adjustment_cents, (int64_t)l->due_cents,
	    (int64_t)(l->confidential != 0));
}

static void
st_fill(struct db_stmt *st, struct arena *a, void *row)
{
	struct statement	*s = row;

	s->id = db_col_int(st, 0);
	s->number = db_col_text(a, st, 1);
	s->guarantor_id = db_col_int(st, 2);
	s->guarantor_number = db_col_text(a, st, 3);
	s->guarantor_name = db_col_text(a, st, 4);
	s->guarantor_email = db_col_text(a, st, 5);
	s->date = db_col_text(a, st, 6);
	s->due_date = db_col_text(a, st, 7);
	s->balance_cents = (long)db_col_int(st, 8);
	s->imported = (time_t)db_col_int(st, 9);
	s->newest = db_col_int(st, 10) != 0;
	s->guarantor_account = db_col_int(st, 11);
}

static void
line_fill(struct db_stmt *st, struct arena *a, void *row)
{
	struct statement_line	*l = row;

	l->id = db_col_int(st, 0);
	l->line = (int)db_col_int(st, 1);
	l->patient_id = db_col_int(st, 2);
	l->service_date = db_col_text(a, st, 3);
	l->description = db_col_text(a, st, 4);
	l->charges_cents = (long)db_col_int(st, 5);
	l->insurance_cents = (long)db_col_int(st, 6);
	l->adjustment_cents = (long)db_col_int(st, 7);
	l->due_cents = (long)db_col_int(st, 8);
	l->confidential = db_col_int(st, 9) != 0;
}

int
store_statements_of_email(struct db *db, struct arena *a, const char *email,
    int64_t account, long limit, struct statement **out, size_t *n)
{
	return db_rows(db, a, &q[Q_OF_EMAIL], st_fill, sizeof(**out), out, n,
	    "tii", email, account, (int64_t)limit);
}

long
store_guarantors_bind(struct db *db, const char *email, int64_t account)
{
	return db_changes(db, &q[Q_BIND], "it", account, email);
}

int
store_statement_get(struct db *db, struct arena *a, int64_t id,
    struct statement *out)
{
	return db_row(db, a, &q[Q_GET], st_fill, out, "i", id);
}

int
store_statement_lines(struct db *db, struct arena *a, int64_t statement,
    struct statement_line **out, size_t *n)
{
	return db_rows(db, a, &q[Q_LINES], line_fill, sizeof(**out), out, n,
	    "i", statement);
}

int
store_guarantor_paid_since(struct db *db, int64_t guarantor, time_t since,
    long *cents)
{
	int64_t	 v;

	if (db_int(db, &q[Q_PAID_SINCE], &v, "ii", guarantor,
	    (int64_t)since) == -1)
		return -1;
	*cents = (long)v;
	return 0;
}
