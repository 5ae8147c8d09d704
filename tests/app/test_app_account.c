/*
 * "My account" as an operation (lib/app/account.h): the holder's name,
 * the requests staff have not decided (only what was typed), refused for
 * anyone but an existing family account.
 */
#include "account.h"
#include "app_test.h"
#include "store_accounts.h"
#include "store_signup.h"

#define NOW	1767225600	/* 2026-01-01 00:00 UTC */

int
main(void)
{
	struct portal		*p = t_portal();
	struct account_home_out	 out;
	struct call		 c;
	int64_t			 acct;
	static const struct {
		enum actor_kind	 kind;
		int64_t		 id;
		const char	*what;
	} refused[] = {
		{ ACTOR_NOBODY, 0, "nobody" },
		{ ACTOR_STAFF, 1, "staff" },
		{ ACTOR_CLI, 0, "portalctl" },
		{ ACTOR_FAMILY, 999, "no such account" },
	};
	size_t			 i;

	acct = store_account_create(p->db, "home@example.org", "x", "Hana",
	    "Home", NOW);
	T_OK(acct > 0, "account made");
	T_OK(store_sreq_create(p->db, acct, "guardian", "Z123", "2025-12-01", 0,
	    NOW) > 0, "request made");

	c = t_call(p, ACTOR_FAMILY, acct, NOW);
	T_INT(app_account_home(&c, NULL, &out), APP_OK, "home");
	T_STR(out.given, "Hana", "holder's name");
	T_INT(out.holdings.n, 0, "no patients yet");
	T_INT(out.nrequests, 1, "one request");
	if (out.nrequests == 1) {
		T_STR(out.requests[0].mrn, "Z123", "the MRN as typed");
		T_STR(out.requests[0].status, "pending", "its status");
	}
	arena_free(c.a);

	for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		c = t_call(p, refused[i].kind, refused[i].id, NOW);
		T_INT(app_account_home(&c, NULL, &out), APP_REFUSED, refused[i].what);
		T_OK(out.given == NULL && out.nrequests == 0, "%s: nothing given",
		    refused[i].what);
		arena_free(c.a);
	}
	portal_close(p);
	t_portal_remove();
	return t_done("app_account");
}
