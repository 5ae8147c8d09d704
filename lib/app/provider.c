/*
 * A provider-portal account's standing: the store's facts, the policy's
 * verdict (provider.h).
 */
#include <string.h>

#include "call.h"
#include "provider.h"

void
app_provider_standing_in(const struct provider_account *a,
    struct provider_standing_in *out)
{
	memset(out, 0, sizeof(*out));
	out->status = a->status;
	out->sponsored = a->kind != NULL && strcmp(a->kind, "sponsored") == 0;
	out->sponsor_status = a->sponsor_status;
	out->sponsor_granted = a->sponsor_privileges;
}

int
app_provider_standing(const struct call *c, int64_t id,
    struct provider_account *acct)
{
	struct provider_account	 mine;
	struct provider_standing_in in;

	if (acct == NULL)
		acct = &mine;
	switch (store_provider_by_id(c->p->db, c->a, id, acct)) {
	case 1:
		break;
	case 0:
		memset(acct, 0, sizeof(*acct));
		return PSTAND_REVOKED;
	default:
		return -1;
	}
	app_provider_standing_in(acct, &in);
	return policy_provider_standing(&in);
}
