/*
 * Times and ids are 64-bit integers on both engines (issue 10 review).
 * PostgreSQL types a statement's parameter from where it first stands:
 * in NULLIF(?, 0) or ? - 600 it is a 32-bit integer, and a time after
 * 2038-01-19 (a C-CDA's date, a due time, the clock itself) is refused
 * there ("out of range for type integer", a 500), where SQLite stores it.
 * A statement so needs CAST(? AS BIGINT); this checks every statement of
 * the registry on PostgreSQL, and one such write on both engines.
 */
#include <inttypes.h>

#include "app_test.h"
#include "audit.h"
#include "db.h"
#include "store_outbox.h"

#define LATE	4102444800	/* 2100-01-01 00:00 UTC: past 2^31 */

/* Prepared statements of this connection with a 32-bit parameter; the
 * registry's are all prepared when the portal opens. substr()'s length
 * is one and is an int on PostgreSQL. Tests only: SQL stays in lib/store
 * for the portal itself. */
enum { Q_INT4, Q__MAX };
static const struct db_sql q[Q__MAX] = {
	[Q_INT4] = { "int4",
	    "SELECT count(*) FROM pg_prepared_statements WHERE "
	    "'integer'::regtype = ANY (parameter_types) AND "
	    "statement NOT LIKE '%substr(%'" },
};
static const struct db_sqltab int4_sql = DB_SQLTAB("test_int4", q);

int
main(void)
{
	struct portal	*p = t_portal();
	struct outmail	 m = { 0 };
	struct arena	*a = arena_new();
	int64_t		 n = -1;
	char		 err[256];

	if (strcmp(db_engine(p->db), "postgresql") == 0) {
		T_INT(db_prepare(p->db, &int4_sql, err, sizeof(err)), 0,
		    "prepare the catalog's question");
		T_INT(db_int(p->db, &q[Q_INT4], &n, ""), 1, "ask it");
		T_INT(n, 0, "no statement has a 32-bit parameter");
	}

	/* The outbox's claim compares its clock in a 32-bit expression
	 * unless cast: mail after 2038 was never sent on PostgreSQL. */
	T_INT(store_outbox_add(p->db, "a@example.org", "s", "b", LATE) > 0, 1,
	    "outbox add at 2100");
	T_INT(store_outbox_claim(p->db, a, LATE, &m), 1, "outbox claim at 2100");
	T_INT(m.created, LATE, "its time");

	/* The audit row of a call in 2100 (its patient through NULLIF). */
	{
		struct call c = t_call(p, ACTOR_CLI, 0, LATE);

		T_INT(audit_call(&c, "test.late", 3000000000LL, NULL), 0,
		    "audit row at 2100, patient id past 2^31");
		arena_free(c.a);
	}
	arena_free(a);
	portal_close(p);
	t_portal_remove();
	return t_done("app_bigint");
}
