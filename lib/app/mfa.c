/*
 * Second factors (mfa.h).
 */
#include "call.h"
#include "conf.h"
#include "mfa.h"
#include "store_mfa.h"

static const char *const kind_names[] = {
	[MFA_FAMILY] = "family",
	[MFA_PROVIDER] = "provider",
};

const char *
app_mfa_kind_name(enum mfa_kind k)
{
	return k == MFA_PROVIDER ? kind_names[MFA_PROVIDER] :
	    kind_names[MFA_FAMILY];
}

int
app_mfa_need(const struct call *c, enum mfa_kind k, int64_t principal)
{
	struct mfa_row	 m;

	switch (store_mfa_get(c->p->db, c->a, app_mfa_kind_name(k), principal,
	    &m)) {
	case 1:
		if (m.enabled != 0)
			return MFA_CODE;
		break;
	case 0:
		break;
	default:
		return -1;
	}
	return k == MFA_PROVIDER && c->p->conf->provider_mfa_required ?
	    MFA_ENROL : MFA_NONE;
}
