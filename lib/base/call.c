/*
 * Naming actors for the audit log; see call.h.
 */
#include <inttypes.h>

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
