/*
 * What a staff member may do: their roles from the store, the decision
 * from policy_staff's table (staff.h).
 */
#include "arena.h"
#include "call.h"
#include "portal.h"
#include "staff.h"
#include "store_staff.h"

long
app_staff_roles(struct db *db, struct arena *a, int64_t id)
{
	const char	**names;
	size_t		  n;

	if (store_staff_roles(db, a, id, &names, &n) == -1)
		return -1;
	return (long)policy_staff_roles(names, n);
}

int
app_staff_may(const struct call *c, enum staff_act act)
{
	struct staff	 s;
	long		 roles;
	int		 rc;

	if (c->who.kind != ACTOR_STAFF)
		return 0;
	if ((rc = store_staff_by_id(c->p->db, c->a, c->who.id, &s)) != 1)
		return rc;
	if (s.disabled)
		return 0;
	if ((roles = app_staff_roles(c->p->db, c->a, c->who.id)) == -1)
		return -1;
	return policy_staff_may_any((unsigned)roles, act);
}
