/*
 * What a staff member may do: their roles from the store, the decision
 * from policy_staff's table (staff.h).
 */
#include "arena.h"
#include "call.h"
#include "portal.h"
#include "staff.h"
#include "store_clinics.h"
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
	const char	**names;
	size_t		  n;

	if (c->who.kind != ACTOR_STAFF)
		return 0;
	/* A disabled member holds no role in force: one statement. */
	if (store_staff_roles_in_force(c->p->db, c->a, c->who.id, &names,
	    &n) == -1)
		return -1;
	return policy_staff_may_any(policy_staff_roles(names, n), act);
}

int
app_staff_may_at(const struct call *c, enum staff_act act, int64_t clinic)
{
	const char	**names;
	size_t		  n;
	int		  member = 0;

	if (c->who.kind != ACTOR_STAFF)
		return 0;
	if (store_staff_roles_in_force(c->p->db, c->a, c->who.id, &names,
	    &n) == -1)
		return -1;
	if (policy_staff_clinic_bound(act) && clinic > 0 &&
	    (member = store_clinic_has_staff(c->p->db, clinic, c->who.id)) == -1)
		return -1;
	return policy_staff_may_at(policy_staff_roles(names, n), act, member);
}
