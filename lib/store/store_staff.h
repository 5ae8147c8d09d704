/* Hospital staff accounts (created with portalctl). */
#ifndef PORTAL_STORE_STAFF_H
#define PORTAL_STORE_STAFF_H

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
	const char	*role;		/* verifier, admin */
	int		 disabled;
};

int	store_staff_by_username(struct db *, struct arena *, const char *username,
	    struct staff *out);
int	store_staff_by_id(struct db *, struct arena *, int64_t id, struct staff *out);
/* The new member's id, or -1 (for example, the user name is taken). */
int64_t	store_staff_create(struct db *, const char *username, const char *pw_hash,
	    const char *name, const char *email, const char *role, time_t now);

#endif
