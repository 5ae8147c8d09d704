/*
 * Naming actors for the audit log; see call.h.
 */
#include <inttypes.h>
#include <pwd.h>
#include <stdlib.h>
#include <unistd.h>

#include "arena.h"
#include "call.h"

static const char *const kinds[ACTOR__MAX] = {
	[ACTOR_NOBODY] = "anonymous",
	[ACTOR_FAMILY] = "family",
	[ACTOR_STAFF] = "staff",
	[ACTOR_PROVIDER] = "provider",
	[ACTOR_SPONSORED] = "sponsored",
	[ACTOR_CLI] = "cli",
};

const char *
actor_name(struct arena *a, const struct actor *who)
{
	if ((unsigned)who->kind >= ACTOR__MAX)
		return "anonymous";
	if (who->kind == ACTOR_NOBODY || who->kind == ACTOR_CLI)
		return kinds[who->kind];
	return arena_printf(a, "%s:%" PRId64, kinds[who->kind], who->id);
}

const char *
actor_addr(struct arena *a, const struct actor *who)
{
	const struct passwd	*pw;
	const char		*sudo = getenv("SUDO_USER");
	uid_t			 uid = geteuid();

	if (who->kind != ACTOR_CLI || (who->addr != NULL && *who->addr != '\0'))
		return who->addr;
	pw = getpwuid(uid);
	return arena_printf(a, "local:%s%s%s", pw != NULL ? pw->pw_name :
	    arena_printf(a, "%lu", (unsigned long)uid), uid == 0 && sudo !=
	    NULL && *sudo != '\0' ? " sudo:" : "", uid == 0 && sudo != NULL ?
	    sudo : "");
}
