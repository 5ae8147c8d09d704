/*
 * Sponsored access as tables (policy_sponsor.h): the staff kinds a
 * sponsor chooses from, and the allowed changes of status. Revoked is
 * final: no row leaves it. Reinstating undoes a suspension only.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "policy_sponsor.h"

#define NELEM(x)	(sizeof(x) / sizeof((x)[0]))

static const struct {
	const char	*name;
	const char	*label;
} kinds[SKIND__MAX] = {
	[SKIND_NURSE] = { "nurse", "Registered nurse" },
	[SKIND_REFERRAL] = { "referral", "Referral coordinator" },
	[SKIND_OFFICE] = { "office", "Office manager" },
	[SKIND_OTHER] = { "other", "Other" },
};

static const char *const act_names[SACT__MAX] = {
	[SACT_SUSPEND] = "suspend",
	[SACT_REINSTATE] = "reinstate",
	[SACT_REVOKE] = "revoke",
};

/* Every allowed change; anything not here is refused. */
static const struct {
	const char	*from;
	enum status_act	 act;
	const char	*to;
} changes[] = {
	{ "approved", SACT_SUSPEND, "suspended" },
	{ "suspended", SACT_REINSTATE, "approved" },
	{ "approved", SACT_REVOKE, "revoked" },
	{ "suspended", SACT_REVOKE, "revoked" },
	{ "pending", SACT_REVOKE, "revoked" },
	{ "rejected", SACT_REVOKE, "revoked" },
};

int
policy_sponsor_kind(const char *name, enum sponsor_kind *out)
{
	int	 i;

	for (i = 0; name != NULL && i < SKIND__MAX; i++)
		if (strcmp(kinds[i].name, name) == 0) {
			*out = (enum sponsor_kind)i;
			return 0;
		}
	return -1;
}

const char *
policy_sponsor_kind_name(enum sponsor_kind k)
{
	return (unsigned)k < SKIND__MAX ? kinds[k].name : "";
}

const char *
policy_sponsor_kind_label(enum sponsor_kind k)
{
	return (unsigned)k < SKIND__MAX ? kinds[k].label : "";
}

int
policy_status_act(const char *name, enum status_act *out)
{
	int	 i;

	for (i = 0; name != NULL && i < SACT__MAX; i++)
		if (strcmp(act_names[i], name) == 0) {
			*out = (enum status_act)i;
			return 0;
		}
	return -1;
}

const char *
policy_status_act_name(enum status_act a)
{
	return (unsigned)a < SACT__MAX ? act_names[a] : "";
}

const char *
policy_status_after(const char *from, enum status_act act)
{
	size_t	 i;

	for (i = 0; from != NULL && i < NELEM(changes); i++)
		if (changes[i].act == act && strcmp(changes[i].from, from) == 0)
			return changes[i].to;
	return NULL;
}

int
policy_status_ends_access(enum status_act act)
{
	return act == SACT_SUSPEND || act == SACT_REVOKE;
}

int
policy_sponsor_may_resend(const char *status, int has_password)
{
	return status != NULL && strcmp(status, "approved") == 0 &&
	    !has_password;
}

void
policy_print_sponsor(FILE *out)
{
	size_t	 i;
	int	 k;

	fprintf(out, "SPONSORED STAFF (P-SPONSOR 1)\n"
	    "  A sponsor (an approved clinician granted sponsorship privileges) "
	    "creates,\n  suspends, reinstates and revokes their own sponsored "
	    "users only. Kinds of\n  staff (a label; every sponsored user sees "
	    "exactly what the sponsor sees):\n");
	for (k = 0; k < SKIND__MAX; k++)
		fprintf(out, "    %-9s %s\n", kinds[k].name, kinds[k].label);
	fprintf(out, "  Changes of status (by a sponsor for their users, by "
	    "portalctl for any\n  provider-portal account); nothing else, and "
	    "revoked is final:\n");
	for (i = 0; i < NELEM(changes); i++)
		fprintf(out, "    %-9s %-10s -> %s%s\n", act_names[changes[i].act],
		    changes[i].from, changes[i].to,
		    policy_status_ends_access(changes[i].act) ?
		    " (access ends at the next request)" :
		    " (older sessions ended)");
	fprintf(out, "  A new set-password link: for an approved user who has "
	    "not chosen a password.\n  Taking a sponsor's privileges back "
	    "(portalctl provider sponsor off) or\n  suspending the sponsor "
	    "ends their users' access at the next request (the\n  standing "
	    "is asked on every request); giving them back ends the users'\n"
	    "  older sessions.\n\n");
}
