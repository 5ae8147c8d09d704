/*
 * "My account" (see account.h).
 */
#include <string.h>

#include "account.h"
#include "arena.h"
#include "call.h"
#include "store_accounts.h"
#include "store_signup.h"

enum app_rc
app_account_home(const struct call *c, const void *in,
    struct account_home_out *out)
{
	struct account	 a;
	struct sreq	*r;
	size_t		 n, i;
	enum app_rc	 rc;
	int		 found;

	(void)in;
	memset(out, 0, sizeof(*out));
	if (c->who.kind != ACTOR_FAMILY)
		return APP_REFUSED;
	if ((found = store_account_by_id(c->p->db, c->a, c->who.id, &a)) != 1)
		return found == 0 ? APP_REFUSED : APP_ERROR;
	if (store_sreq_for_account(c->p->db, c->a, a.id, &r, &n) == -1)
		return APP_ERROR;
	if ((rc = app_record_holdings(c, NULL, &out->holdings)) != APP_OK)
		return rc;
	out->given = a.given;
	out->requests = arena_alloc(c->a, (n ? n : 1) * sizeof(*out->requests));
	for (i = 0; i < n; i++) {
		out->requests[i].mrn = r[i].mrn;
		out->requests[i].status = r[i].status;
	}
	out->nrequests = n;
	return APP_OK;
}
