/*
 * The audit row of an operation (S-1), written from a call as any actor,
 * without a web server: the actor named as the log names it, the client
 * address, the call's own clock, and the keyed chain intact after. What
 * the web layer's "no audit, no page" reads (issue 9.2): each row counted
 * in the call's audit record, a row in the caller's transaction only when
 * that commits, a group all or none.
 */
#include <inttypes.h>

#include "app_test.h"
#include "audit.h"
#include "db.h"
#include "store_audit.h"

#define NOW	1767225600	/* 2026-01-01 00:00 UTC */

static const struct {
	enum actor_kind	 kind;
	int64_t		 id;
	const char	*name;
} actors[] = {
	{ ACTOR_NOBODY, 0, "anonymous" },
	{ ACTOR_FAMILY, 12, "family:12" },
	{ ACTOR_STAFF, 3, "staff:3" },
	{ ACTOR_PROVIDER, 40, "provider:40" },
	{ ACTOR_SPONSORED, 41, "sponsored:41" },
	{ ACTOR_CLI, 0, "cli" },
};

static size_t	 n;

/* Each test row (after init's own) against the table. */
static int
seen(const struct audit_row *r, void *arg)
{
	(void)arg;
	if (strcmp(r->action, "test.view") != 0)
		return 0;
	if (n < sizeof(actors) / sizeof(actors[0])) {
		T_STR(r->actor, actors[n].name, "row's actor");
		T_INT(r->at, NOW + (int64_t)n, "row's time is the call's");
		T_STR(r->addr, "192.0.2.7", "row's client address");
		T_INT(r->patient_id, 7, "row's patient");
	}
	n++;
	return 0;
}

int
main(void)
{
	struct portal		*p = t_portal();
	struct audit_report	 rep;
	size_t			 i;

	for (i = 0; i < sizeof(actors) / sizeof(actors[0]); i++) {
		struct call c = t_call(p, actors[i].kind, actors[i].id,
		    NOW + (time_t)i);

		T_STR(actor_name(c.a, &c.who), actors[i].name, "actor_name");
		T_INT(audit_call(&c, "test.view", 7, "detail"), 0, "audit_call");
		arena_free(c.a);
	}
	/* The outcome of each row, as the web layer sees it. */
	{
		struct call		 c = t_call(p, ACTOR_FAMILY, 12, NOW);
		struct call_audit	 ca;
		struct audit_group	*g;

		memset(&ca, 0, sizeof(ca));
		c.audit = &ca;
		T_INT(audit_call(&c, "test.outcome", 7, NULL), 0, "own row");
		T_INT(ca.ca_acked, 1, "own row: acknowledged");
		T_INT(db_begin(p->db), 0, "begin");
		T_INT(audit_call(&c, "test.outcome", 7, NULL), 0, "row in a transaction");
		T_INT(ca.ca_acked + ca.ca_pending * 10, 11, "pending until it ends");
		db_rollback(p->db);
		T_INT(ca.ca_failed, 1, "rolled back: failed");
		T_INT(db_begin(p->db), 0, "begin");
		T_INT(audit_call(&c, "test.outcome", 7, NULL), 0, "row in a transaction");
		T_INT(db_commit(p->db), 0, "commit");
		T_INT(ca.ca_acked, 2, "committed: acknowledged");
		T_INT(ca.ca_pending, 0, "nothing pending");
		g = audit_group_new(&c);
		audit_group_add(g, "test.group", 7, "a");
		audit_group_add(g, "test.group", 8, "b");
		T_INT(audit_group_write(g), 0, "a group");
		T_INT(ca.ca_acked, 4, "a group: each row acknowledged");
		T_INT(audit_group_write(audit_group_new(&c)), 0, "an empty group");
		T_INT(ca.ca_acked + ca.ca_failed, 5, "an empty group counts nothing");
		arena_free(c.a);
	}
	/* What the log holds: each row as the call said, chain intact. */
	{
		struct call	 c = t_call(p, ACTOR_CLI, 0, NOW);

		n = 0;
		T_INT(store_audit_each(p->db, c.a, seen, NULL), 0, "read the log");
		T_INT(n, sizeof(actors) / sizeof(actors[0]), "rows written");
		T_INT(audit_verify(p->db, NULL, 0, &rep), 0, "chain verifies");
		arena_free(c.a);
	}
	portal_close(p);
	t_portal_remove();
	return t_done("app_audit");
}
