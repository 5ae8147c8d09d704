/*
 * Naming actors for the audit log; see call.h.
 */
#include <inttypes.h>
#include <pwd.h>
#include <stdio.h>
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

/* A user's name, or their number. */
static const char *
user_name(struct arena *a, uid_t uid)
{
	const struct passwd	*pw = getpwuid(uid);

	return pw != NULL ? arena_strdup(a, pw->pw_name) :
	    arena_printf(a, "%lu", (unsigned long)uid);
}

/* The user who logged in to this session (the kernel's audit login id,
 * kept across sudo and su, and not settable by them), or -1. */
static long
login_uid(void)
{
	FILE	*f = fopen("/proc/self/loginuid", "r");
	long	 v = -1;

	if (f == NULL)
		return -1;
	if (fscanf(f, "%ld", &v) != 1 || v < 0 || v >= 4294967295L)
		v = -1;
	fclose(f);
	return v;
}

const char *
actor_addr(struct arena *a, const struct actor *who)
{
	const char	*sudo, *s;
	uid_t		 uid;
	long		 login;

	/* A web request's row: its client's address, nothing looked up
	 * (this is every view's path). */
	if (who->kind != ACTOR_CLI || (who->addr != NULL && *who->addr != '\0'))
		return who->addr;
	sudo = getenv("SUDO_USER");
	uid = geteuid();
	login = login_uid();
	s = arena_printf(a, "local:%s", user_name(a, uid));
	/* Who logged in, when another than who runs it ("sudo -u portal
	 * portalctl" from alice's login); sudo's own word beside it (an
	 * environment variable: informative, not proof). */
	if (login >= 0 && (uid_t)login != uid)
		s = arena_printf(a, "%s login:%s", s, user_name(a, (uid_t)login));
	if (sudo != NULL && *sudo != '\0')
		s = arena_printf(a, "%s sudo:%s", s, sudo);
	return s;
}
