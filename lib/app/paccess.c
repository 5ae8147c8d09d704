/*
 * The provider rules' inputs gathered (paccess.h): the account half from
 * provider_accounts (for a sponsored user, also the sponsor's), the
 * patient half from store_access (the PCP) and the grants whose giver
 * still may give them (grant.c); policy_provider decides.
 */
#include <string.h>

#include "arena.h"
#include "call.h"
#include "grant.h"
#include "paccess.h"
#include "portal.h"
#include "provider.h"

int
paccess_viewer(const struct call *c, struct pviewer *v)
{
	struct provider_standing_in	 in;
	int				 rc;

	memset(v, 0, sizeof(*v));
	if (c->who.kind != ACTOR_PROVIDER && c->who.kind != ACTOR_SPONSORED)
		return 0;
	if ((rc = store_provider_by_id(c->p->db, c->a, c->who.id, &v->acct)) != 1)
		return rc;
	app_provider_standing_in(&v->acct, &in);
	v->eff = v->acct;
	v->base.sponsored = in.sponsored;
	if (in.sponsored) {
		if ((rc = store_provider_by_id(c->p->db, c->a, v->acct.sponsor_id,
		    &v->eff)) == -1)
			return -1;
		if (rc == 0)
			memset(&v->eff, 0, sizeof(v->eff));
		/* The standing rules say whether the user and the sponsor
		 * are in force; the patient rules take their answer. */
		v->base.active = v->eff.status != NULL &&
		    strcmp(v->eff.status, "approved") == 0;
		v->base.sponsor_privileges = in.sponsor_granted;
		v->base.user_active = policy_provider_standing(&in) == PSTAND_OK;
	} else
		v->base.active = policy_provider_standing(&in) == PSTAND_OK;
	return 1;
}

/* The grants to the viewer's entry that count: in force, and still
 * their giver's to give (grant_giver_may), folded into rel. 0 or -1. */
static int
grants_fold(const struct call *c, const struct pviewer *v, int64_t patient,
    struct provider_rel *rel, int64_t *since)
{
	struct grant	*g;
	size_t		 n, i;
	int		 sc, rc;

	if (store_grant_list_to(c->p->db, c->a, v->eff.provider_id, patient,
	    &g, &n) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		sc = (int)policy_scope_parse(g[i].scope);
		if ((rc = grant_giver_may(c, patient, g[i].by_account,
		    (enum share_scope)sc)) == -1)
			return -1;
		if (rc == 0)
			continue;
		if (strcmp(g[i].how, "token") == 0) {
			rel->token = 1;
			if (sc > rel->token_scope)
				rel->token_scope = sc;
		} else {
			rel->share = 1;
			if (sc > rel->share_scope)
				rel->share_scope = sc;
		}
		if (*since == 0 || g[i].created < *since)
			*since = g[i].created;
	}
	return 0;
}

int
paccess_of(const struct call *c, const struct pviewer *v,
    const struct patient *p, struct paccess *out)
{
	struct access_facts	 f;
	struct provider_rel	 rel;

	memset(out, 0, sizeof(*out));
	out->patient = *p;
	if (store_access_facts(c->p->db, v->eff.provider_id, v->eff.practice_id,
	    p->id, &f) == -1)
		return -1;
	rel = v->base;
	rel.pcp = f.pcp;
	rel.practice_pcp = f.practice_pcp;
	if (grants_fold(c, v, p->id, &rel, &out->since) == -1)
		return -1;
	out->ground = policy_provider(&rel);
	out->scope = policy_provider_scope(&rel);
	return out->ground != PROVIDER_NONE;
}

int
paccess_patient(const struct call *c, const struct pviewer *v, int64_t patient,
    struct paccess *out)
{
	struct patient	 p;
	int		 rc;

	memset(out, 0, sizeof(*out));
	if (patient <= 0)
		return 0;
	if ((rc = store_patient_by_id(c->p->db, c->a, patient, &p)) != 1)
		return rc;
	return paccess_of(c, v, &p, out);
}

const char *
paccess_detail(const struct call *c, const struct paccess *pa)
{
	return arena_printf(c->a, "%s %s", policy_provider_name(pa->ground),
	    policy_scope_name(pa->scope));
}

enum share_scope
paccess_detail_scope(const char *detail)
{
	const char	*sp;

	if (detail == NULL || (sp = strchr(detail, ' ')) == NULL)
		return SCOPE_NONE;
	return policy_scope_parse(sp + 1);
}
