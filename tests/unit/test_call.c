/*
 * How the audit log names an actor and where their row came from
 * (lib/base/call.c): actor_name as a table; actor_addr keeps a client's
 * address and names portalctl's Unix user, with sudo's SUDO_USER beside
 * it when set (the login id is the kernel's: unset in this test's
 * session, or another user's, it is said only when it differs).
 */
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "call.h"
#include "t.h"

#define N(x)	(sizeof(x) / sizeof((x)[0]))

int
main(void)
{
	static const struct {
		enum actor_kind	 kind;
		int64_t		 id;
		const char	*name;
	} names[] = {
		{ ACTOR_FAMILY, 12, "family:12" },
		{ ACTOR_STAFF, 3, "staff:3" },
		{ ACTOR_PROVIDER, 5, "provider:5" },
		{ ACTOR_SPONSORED, 2, "sponsored:2" },
		{ ACTOR_CLI, 0, "cli" },
		{ ACTOR_NOBODY, 0, "anonymous" },
		{ (enum actor_kind)99, 1, "anonymous" },
	};
	struct arena		*a = arena_new();
	struct actor		 who;
	const struct passwd	*pw = getpwuid(geteuid());
	const char		*me, *s;
	size_t			 i;

	for (i = 0; i < N(names); i++) {
		memset(&who, 0, sizeof(who));
		who.kind = names[i].kind;
		who.id = names[i].id;
		T_STR(actor_name(a, &who), names[i].name, names[i].name);
	}
	me = arena_printf(a, "local:%s", pw != NULL ? pw->pw_name : "?");
	memset(&who, 0, sizeof(who));
	who.kind = ACTOR_FAMILY;
	who.addr = "192.0.2.7";
	T_STR(actor_addr(a, &who), "192.0.2.7", "a client's address");
	who.kind = ACTOR_CLI;
	who.addr = "";
	unsetenv("SUDO_USER");
	s = actor_addr(a, &who);
	T_OK(strncmp(s, me, strlen(me)) == 0 && strstr(s, "sudo:") == NULL,
	    "portalctl: the Unix user (%s)", s);
	setenv("SUDO_USER", "alice", 1);
	s = actor_addr(a, &who);
	T_OK(strncmp(s, me, strlen(me)) == 0 &&
	    strcmp(s + strlen(s) - 11, " sudo:alice") == 0,
	    "portalctl through sudo (%s)", s);
	who.addr = NULL;
	T_OK(strncmp(actor_addr(a, &who), "local:", 6) == 0, "no address");
	arena_free(a);
	return t_done("call");
}
