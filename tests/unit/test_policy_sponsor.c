/*
 * lib/policy/policy_sponsor: the kinds of sponsored staff and the allowed
 * changes of an account's status (issue 11.5), every status against
 * every act, as tables.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy_sponsor.h"
#include "t.h"

#define NELEM(x)	(sizeof(x) / sizeof((x)[0]))

static const struct {
	const char		*name;
	int			 ok;
	enum sponsor_kind	 kind;
	const char		*label;
} kinds[] = {
	{ "nurse", 0, SKIND_NURSE, "Registered nurse" },
	{ "referral", 0, SKIND_REFERRAL, "Referral coordinator" },
	{ "office", 0, SKIND_OFFICE, "Office manager" },
	{ "other", 0, SKIND_OTHER, "Other" },
	/* Nothing a form can post becomes a role of its own. */
	{ "admin", -1, 0, NULL },
	{ "provider", -1, 0, NULL },
	{ "sponsor", -1, 0, NULL },
	{ "Nurse", -1, 0, NULL },
	{ "nurse ", -1, 0, NULL },
	{ "", -1, 0, NULL },
	{ NULL, -1, 0, NULL },
};

/* Every status (and two that are not) against every act. */
static const struct {
	const char	*from;
	enum status_act	 act;
	const char	*to;		/* NULL: refused */
} changes[] = {
	{ "approved", SACT_SUSPEND, "suspended" },
	{ "approved", SACT_REINSTATE, NULL },
	{ "approved", SACT_REVOKE, "revoked" },
	{ "suspended", SACT_SUSPEND, NULL },
	{ "suspended", SACT_REINSTATE, "approved" },
	{ "suspended", SACT_REVOKE, "revoked" },
	{ "revoked", SACT_SUSPEND, NULL },
	{ "revoked", SACT_REINSTATE, NULL },
	{ "revoked", SACT_REVOKE, NULL },
	{ "pending", SACT_SUSPEND, NULL },
	{ "pending", SACT_REINSTATE, NULL },
	{ "pending", SACT_REVOKE, "revoked" },
	{ "rejected", SACT_SUSPEND, NULL },
	{ "rejected", SACT_REINSTATE, NULL },
	{ "rejected", SACT_REVOKE, "revoked" },
	{ "Approved", SACT_SUSPEND, NULL },
	{ "", SACT_REVOKE, NULL },
	{ NULL, SACT_REVOKE, NULL },
	{ "approved", SACT__MAX, NULL },
};

static const struct {
	const char	*name;
	int		 ok;
	enum status_act	 act;
} acts[] = {
	{ "suspend", 0, SACT_SUSPEND },
	{ "reinstate", 0, SACT_REINSTATE },
	{ "revoke", 0, SACT_REVOKE },
	{ "approve", -1, 0 },
	{ "delete", -1, 0 },
	{ "", -1, 0 },
	{ NULL, -1, 0 },
};

static const struct {
	const char	*status;
	int		 has_password;
	int		 may;
} resend[] = {
	{ "approved", 0, 1 },
	{ "approved", 1, 0 },
	{ "suspended", 0, 0 },
	{ "revoked", 0, 0 },
	{ "pending", 0, 0 },
	{ NULL, 0, 0 },
};

static void
test_kinds(void)
{
	enum sponsor_kind	 k;
	size_t			 i;

	for (i = 0; i < NELEM(kinds); i++) {
		k = SKIND__MAX;
		T_INT(policy_sponsor_kind(kinds[i].name, &k), kinds[i].ok,
		    kinds[i].name ? kinds[i].name : "(null)");
		if (kinds[i].ok != 0)
			continue;
		T_INT(k, kinds[i].kind, kinds[i].name);
		T_STR(policy_sponsor_kind_name(k), kinds[i].name, "round trip");
		T_STR(policy_sponsor_kind_label(k), kinds[i].label, "label");
	}
	T_STR(policy_sponsor_kind_name(SKIND__MAX), "", "out of range");
}

static void
test_changes(void)
{
	size_t	 i;
	char	 what[64];

	for (i = 0; i < NELEM(changes); i++) {
		snprintf(what, sizeof(what), "%s %s",
		    policy_status_act_name(changes[i].act),
		    changes[i].from ? changes[i].from : "(null)");
		T_STR(policy_status_after(changes[i].from, changes[i].act),
		    changes[i].to, what);
	}
	T_INT(policy_status_ends_access(SACT_SUSPEND), 1, "suspend ends");
	T_INT(policy_status_ends_access(SACT_REVOKE), 1, "revoke ends");
	T_INT(policy_status_ends_access(SACT_REINSTATE), 0, "reinstate");
}

static void
test_acts(void)
{
	enum status_act	 a;
	size_t		 i;

	for (i = 0; i < NELEM(acts); i++) {
		a = SACT__MAX;
		T_INT(policy_status_act(acts[i].name, &a), acts[i].ok,
		    acts[i].name ? acts[i].name : "(null)");
		if (acts[i].ok == 0) {
			T_INT(a, acts[i].act, acts[i].name);
			T_STR(policy_status_act_name(a), acts[i].name, "round trip");
		}
	}
}

static void
test_resend(void)
{
	size_t	 i;

	for (i = 0; i < NELEM(resend); i++)
		T_INT(policy_sponsor_may_resend(resend[i].status,
		    resend[i].has_password), resend[i].may,
		    resend[i].status ? resend[i].status : "(null)");
}

static void
test_print(void)
{
	char	*buf = NULL;
	size_t	 len = 0;
	FILE	*f = open_memstream(&buf, &len);

	policy_print_sponsor(f);
	fclose(f);
	T_OK(strstr(buf, "nurse     Registered nurse") != NULL, "kinds: %s", buf);
	T_OK(strstr(buf, "revoke    suspended  -> revoked (access ends at the "
	    "next request)") != NULL, "changes: %s", buf);
	T_OK(strstr(buf, "reinstate suspended  -> approved (older sessions "
	    "ended)\n") != NULL, "reinstate: %s", buf);
	free(buf);
}

int
main(void)
{
	test_kinds();
	test_changes();
	test_acts();
	test_resend();
	test_print();
	return t_done("policy_sponsor");
}
