/*
 * A write transaction is never begun inside another, on either engine
 * (issue 10 review). SQLite refuses a second BEGIN IMMEDIATE; PostgreSQL
 * only warns about a second BEGIN and goes on, so the inner db_commit
 * committed the outer transaction's work half-way, and a write inside
 * db_read's READ ONLY snapshot failed as "read-only" (25006), which reads
 * as a standby: a 503 for what is a bug. Both engines now refuse the
 * inner db_begin, and the outer transaction's rows stay undecided until
 * its owner ends it.
 *
 * On PostgreSQL, a write refused as read-only (25006) inside db_read is
 * the caller's bug (500), not a standby (503); outside one it is a
 * server fenced or demoted under the connection, which the next request
 * leaves for a new connection (target_session_attrs finds the primary).
 */
#include "app_test.h"
#include "db.h"
#include "store_outbox.h"

#define NOW	1767225600	/* 2026-01-01 00:00 UTC */

/* The server turned read-only under the connection, as a fenced primary
 * (ALTER SYSTEM SET default_transaction_read_only) is: here for this
 * session only. Tests only: SQL stays in lib/store for the portal. */
enum { Q_FENCE, Q__MAX };
static const struct db_sql q[Q__MAX] = {
	[Q_FENCE] = { "fence", "SELECT set_config("
	    "'default_transaction_read_only', 'on', false)" },
};
static const struct db_sqltab fence_sql = DB_SQLTAB("test_fence", q);

/* Outbox rows to addr, read outside any transaction. */
static long
mails_to(struct portal *p, const char *addr)
{
	struct arena	*a = arena_new();
	struct outmail	 m;
	long		 n = 0;

	/* Each claim takes the oldest unsent row; claimed rows are not
	 * claimed again within 10 minutes. */
	while (store_outbox_claim(p->db, a, NOW, &m) == 1)
		if (strcmp(m.to, addr) == 0)
			n++;
	arena_free(a);
	return n;
}

int
main(void)
{
	struct portal	*p = t_portal();
	int		 rd;

	/* A second db_begin inside a write transaction. */
	T_INT(db_begin(p->db), 0, "begin");
	T_INT(store_outbox_add(p->db, "outer@example.org", "s", "b", NOW) > 0, 1,
	    "a row in the outer transaction");
	T_INT(db_begin(p->db), -1, "a second begin is refused");
	db_rollback(p->db);
	T_INT(db_in_transaction(p->db), 0, "rolled back: no transaction");
	T_INT(mails_to(p, "outer@example.org"), 0,
	    "the outer transaction's row is not committed");

	/* db_begin inside db_read. */
	db_failure_clear(p->db);
	T_INT(rd = db_read(p->db), 1, "read");
	T_INT(db_begin(p->db), -1, "begin inside a read is refused");
	T_INT(db_unavailable(p->db), 0, "a bug, not an unavailable database");
	db_rollback(p->db);
	(void)rd;
	(void)t_call;

	if (strcmp(db_engine(p->db), "postgresql") == 0) {
		char	 err[256];

		/* A write inside db_read: the caller's bug. */
		db_failure_clear(p->db);
		T_INT(db_read(p->db), 1, "read");
		T_INT(store_outbox_add(p->db, "r@example.org", "s", "b", NOW), -1,
		    "a write inside a read fails");
		T_INT(db_unavailable(p->db), 0, "as a bug, not as a standby");
		db_rollback(p->db);

		/* A fenced server: a 503, then a new connection. */
		db_failure_clear(p->db);
		T_INT(db_prepare(p->db, &fence_sql, err, sizeof(err)), 0,
		    "prepare the fence");
		T_INT(db_exec(p->db, &q[Q_FENCE], ""), 0, "fence this session");
		db_failure_clear(p->db);
		T_INT(db_begin(p->db), 0, "begin on the fenced server");
		T_INT(store_outbox_add(p->db, "f@example.org", "s", "b", NOW), -1,
		    "a write is refused");
		T_INT(db_unavailable(p->db), 1, "unavailable (503)");
		db_rollback(p->db);
		db_failure_clear(p->db);
		T_INT(db_begin(p->db), 0, "next request: begin");
		T_INT(store_outbox_add(p->db, "f@example.org", "s", "b", NOW) > 0,
		    1, "on a new connection the write goes through");
		T_INT(db_commit(p->db), 0, "commit");
		T_INT(mails_to(p, "f@example.org"), 1, "committed");
	}

	/* And the connection still works for the next operation. */
	db_failure_clear(p->db);
	T_INT(db_begin(p->db), 0, "begin again");
	T_INT(store_outbox_add(p->db, "next@example.org", "s", "b", NOW) > 0, 1,
	    "a row");
	T_INT(db_commit(p->db), 0, "commit");
	T_INT(mails_to(p, "next@example.org"), 1, "committed");

	portal_close(p);
	t_portal_remove();
	return t_done("app_txn");
}
