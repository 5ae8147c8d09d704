/*
 * lib/policy/policy_provider: a provider-portal account's standing
 * (P-REG 2, P-SPONSOR 1) and who may sponsor, as tables: every status,
 * and for a sponsored user every state of the sponsor.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy_provider.h"
#include "t.h"

#define NELEM(x)	(sizeof(x) / sizeof((x)[0]))

static const struct {
	struct provider_standing_in	 in;
	enum provider_standing		 want;
	int				 may_sponsor;	/* with privileges granted */
} cases[] = {
	{ { "approved", 0, NULL, 0 }, PSTAND_OK, 1 },
	{ { "pending", 0, NULL, 0 }, PSTAND_PENDING, 0 },
	{ { "rejected", 0, NULL, 0 }, PSTAND_REJECTED, 0 },
	{ { "suspended", 0, NULL, 0 }, PSTAND_SUSPENDED, 0 },
	{ { "revoked", 0, NULL, 0 }, PSTAND_REVOKED, 0 },
	/* Words the table does not know grant nothing. */
	{ { "Approved", 0, NULL, 0 }, PSTAND_PENDING, 0 },
	{ { "", 0, NULL, 0 }, PSTAND_PENDING, 0 },
	{ { NULL, 0, NULL, 0 }, PSTAND_PENDING, 0 },
	/* A clinician's own sponsor fields are not read. */
	{ { "approved", 0, "revoked", 0 }, PSTAND_OK, 1 },
	/* A sponsored user: their own status first, then the sponsor's. */
	{ { "approved", 1, "approved", 1 }, PSTAND_OK, 0 },
	{ { "approved", 1, "approved", 0 }, PSTAND_SPONSOR, 0 },
	{ { "approved", 1, "suspended", 1 }, PSTAND_SPONSOR, 0 },
	{ { "approved", 1, "revoked", 1 }, PSTAND_SPONSOR, 0 },
	{ { "approved", 1, "pending", 1 }, PSTAND_SPONSOR, 0 },
	{ { "approved", 1, NULL, 1 }, PSTAND_SPONSOR, 0 },
	{ { "suspended", 1, "approved", 1 }, PSTAND_SUSPENDED, 0 },
	{ { "revoked", 1, "approved", 1 }, PSTAND_REVOKED, 0 },
	{ { "pending", 1, "approved", 1 }, PSTAND_PENDING, 0 },
};

int
main(void)
{
	size_t	 i;
	char	 label[128];
	char	*buf = NULL;
	size_t	 len = 0;
	FILE	*f;

	for (i = 0; i < NELEM(cases); i++) {
		snprintf(label, sizeof(label), "case %zu (%s, sponsored %d, %s, %d)",
		    i, cases[i].in.status ? cases[i].in.status : "NULL",
		    cases[i].in.sponsored, cases[i].in.sponsor_status ?
		    cases[i].in.sponsor_status : "NULL",
		    cases[i].in.sponsor_granted);
		T_INT(policy_provider_standing(&cases[i].in), cases[i].want, label);
		T_INT(policy_provider_may_sponsor(&cases[i].in, 1),
		    cases[i].may_sponsor, label);
		T_INT(policy_provider_may_sponsor(&cases[i].in, 0), 0, label);
		T_OK(cases[i].want == PSTAND_OK ||
		    strlen(policy_provider_standing_text(cases[i].want)) > 10,
		    "%s: a refusal says why", label);
	}
	T_INT(policy_provider_password(0), 1, "a password account");
	T_INT(policy_provider_password(1), 0, "a Children's ID account: none");
	T_INT(policy_provider_standing(NULL), PSTAND_PENDING, "no account");
	T_INT(policy_provider_may_sponsor(NULL, 1), 0, "no account sponsors");
	T_OK(strlen(policy_provider_standing_text(PSTAND__MAX)) > 10,
	    "an unknown standing has words");

	f = open_memstream(&buf, &len);
	policy_print_provider_standing(f);
	fclose(f);
	T_OK(strstr(buf, "sponsored users never sponsor") != NULL,
	    "printed: %s", buf);
	free(buf);
	return t_done("test_policy_provider");
}
