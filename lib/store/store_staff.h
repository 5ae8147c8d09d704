/* Hospital staff accounts (created with portalctl). */
#ifndef PORTAL_STORE_STAFF_H
#define PORTAL_STORE_STAFF_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct arena;
struct db;

struct staff {
	int64_t		 id;
	const char	*username;
	const char	*pw_hash;
	const char	*name;
	const char	*email;
	int		 disabled;
};

int	store_staff_by_username(struct db *, struct arena *, const char *username,
	    struct staff *out);
int	store_staff_by_id(struct db *, struct arena *, int64_t id, struct staff *out);
/* The new member's id, or -1 (for example, the user name is taken);
 * with no role (store_staff_role_add), a member may do nothing. */
int64_t	store_staff_create(struct db *, const char *username, const char *pw_hash,
	    const char *name, const char *email, time_t now);
/* The member's role names (staff_roles.role, arena), *n of them. 0 or -1. */
int	store_staff_roles(struct db *, struct arena *, int64_t id,
	    const char ***out, size_t *n);
/* The same, but none for a disabled member: the roles in force. */
int	store_staff_roles_in_force(struct db *, struct arena *, int64_t id,
	    const char ***out, size_t *n);
/* Gives or takes one role (the policy checks the name first). 0 or -1. */
int	store_staff_role_add(struct db *, int64_t id, const char *role);
int	store_staff_role_remove(struct db *, int64_t id, const char *role);

#endif
