/*
 * Which patients a provider-portal user sees. The rules, in order:
 *   the account (for a sponsored user: the sponsor's) is approved and
 *   not disabled; a sponsored user is not revoked and their sponsor's
 *   sponsorship privileges are in force (P-SPONSOR 1), and then sees
 *   exactly the patients the sponsor sees;
 *   the provider is the patient's PCP on file, or a provider of the same
 *   practice is, or the family shared the record and has not revoked the
 *   share, or the provider validated an invitation token for the patient
 *   and the family has not revoked that access (P-ACCESS 1);
 *   an invitation token can be validated once, for its MRN, before it
 *   expires (P-TOKEN 3); the expiry limits validation, not the access
 *   it grants.
 * Anything else is "not authorized" (P-ACCESS 2 offers the requests).
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "policy_provider.h"
#include "policy_record.h"

#define NELEM(x)	(sizeof(x) / sizeof((x)[0]))

/* The grounds for access, strongest first. */
static const struct {
	size_t			 off;	/* an int in struct provider_rel */
	enum provider_access	 a;
	const char		*text;
} grounds[] = {
	{ offsetof(struct provider_rel, pcp), PROVIDER_PCP,
	    "the provider is the patient's PCP on file" },
	{ offsetof(struct provider_rel, practice_pcp), PROVIDER_PRACTICE,
	    "a provider of the same practice is the patient's PCP on file" },
	{ offsetof(struct provider_rel, share), PROVIDER_SHARE,
	    "the family shared the record, until they revoke the share" },
	{ offsetof(struct provider_rel, token), PROVIDER_TOKEN,
	    "the provider validated an invitation token, until revoked" },
};

static int
flag(const struct provider_rel *rel, size_t off)
{
	return *(const int *)(const void *)((const char *)rel + off) != 0;
}

enum provider_access
policy_provider(const struct provider_rel *rel)
{
	size_t	 i;

	if (rel == NULL || !rel->active)
		return PROVIDER_NONE;
	if (rel->sponsored && (!rel->sponsor_privileges || !rel->user_active))
		return PROVIDER_NONE;
	for (i = 0; i < NELEM(grounds); i++)
		if (flag(rel, grounds[i].off))
			return grounds[i].a;
	return PROVIDER_NONE;
}

static const char *const provider_names[PROVIDER__MAX] = {
	[PROVIDER_NONE] = "none",
	[PROVIDER_PCP] = "pcp",
	[PROVIDER_PRACTICE] = "practice",
	[PROVIDER_SHARE] = "share",
	[PROVIDER_TOKEN] = "token",
};

const char *
policy_provider_name(enum provider_access a)
{
	return (unsigned)a < PROVIDER__MAX ? provider_names[a] : "none";
}

static const char *const scope_names[SCOPE__MAX] = {
	[SCOPE_NONE] = "none",
	[SCOPE_CLINICAL] = "clinical",
	[SCOPE_PATIENT] = "patient",
};

const char *
policy_scope_name(enum share_scope s)
{
	return (unsigned)s < SCOPE__MAX ? scope_names[s] : "none";
}

enum share_scope
policy_scope_parse(const char *name)
{
	size_t	 i;

	for (i = 0; name != NULL && i < SCOPE__MAX; i++)
		if (strcmp(scope_names[i], name) == 0)
			return (enum share_scope)i;
	return SCOPE_NONE;
}

/* A stored scope as the rules take it: anything else is none. */
static enum share_scope
scope_of(int s)
{
	return s == SCOPE_CLINICAL || s == SCOPE_PATIENT ?
	    (enum share_scope)s : SCOPE_NONE;
}

enum share_scope
policy_provider_scope(const struct provider_rel *rel)
{
	enum share_scope	 s = SCOPE_NONE, g;

	if (policy_provider(rel) == PROVIDER_NONE)
		return SCOPE_NONE;
	if (rel->pcp || rel->practice_pcp)
		s = SCOPE_CLINICAL;
	if (rel->share && (g = scope_of(rel->share_scope)) > s)
		s = g;
	if (rel->token && (g = scope_of(rel->token_scope)) > s)
		s = g;
	/* A grant whose scope was lost still gives the narrower view. */
	return s == SCOPE_NONE ? SCOPE_CLINICAL : s;
}

void
policy_print_providers(FILE *out)
{
	size_t	 i;

	fprintf(out, "PROVIDER PORTAL: WHO SEES A PATIENT (P-ACCESS 1, P-TOKEN 3, "
	    "P-SPONSOR 1)\n");
	policy_print_para(out, 2, "", "Only an approved provider account that "
	    "is not disabled; a sponsored user sees exactly the patients their "
	    "sponsor sees, while neither the user nor the sponsor's sponsorship "
	    "privileges are revoked. A patient is seen when:", "");
	for (i = 0; i < NELEM(grounds); i++)
		fprintf(out, "  %-9s %s\n", policy_provider_name(grounds[i].a),
		    grounds[i].text);
	policy_print_para(out, 2, "", "Otherwise: \"not authorized\", with the "
	    "requests for PCP or non-PCP access.", "");
	policy_print_para(out, 2, "", "An invitation token is validated once, by "
	    "one provider, with the MRN it was issued for, before it expires "
	    "(invite_token_months), and only while whoever issued it may still "
	    "share; the access it gives lasts as a share does. A PCP ground "
	    "changes with the PCP on file.", "");
	policy_print_para(out, 2, "", "What is seen: the widest scope of the "
	    "grounds that hold; a PCP (own or of the practice) sees the clinical "
	    "scope, a share or token its own scope (SHARING, below).", "");
}

/* An account's own status, as standing; unknown text stands as pending
 * (nothing is granted on a word the table does not know). */
static const struct {
	const char		*status;
	enum provider_standing	 s;
} statuses[] = {
	{ "approved", PSTAND_OK },
	{ "pending", PSTAND_PENDING },
	{ "rejected", PSTAND_REJECTED },
	{ "suspended", PSTAND_SUSPENDED },
	{ "revoked", PSTAND_REVOKED },
};

static const char *const standing_text[PSTAND__MAX] = {
	[PSTAND_OK] = "",
	[PSTAND_PENDING] = "Your registration has not been approved yet. "
	    "You will be e-mailed when it has been reviewed.",
	[PSTAND_REJECTED] = "Your registration was not approved. The e-mail "
	    "we sent you says why and whom to call.",
	[PSTAND_SUSPENDED] = "This account is suspended. Call the provider "
	    "portal's support line.",
	[PSTAND_REVOKED] = "This account has been closed.",
	[PSTAND_SPONSOR] = "Your access through your sponsoring provider has "
	    "ended. Ask them, or call the provider portal's support line.",
};

static enum provider_standing
status_standing(const char *status)
{
	size_t	 i;

	for (i = 0; status != NULL && i < NELEM(statuses); i++)
		if (strcmp(statuses[i].status, status) == 0)
			return statuses[i].s;
	return PSTAND_PENDING;
}

enum provider_standing
policy_provider_standing(const struct provider_standing_in *in)
{
	enum provider_standing	 s;

	if (in == NULL)
		return PSTAND_PENDING;
	if ((s = status_standing(in->status)) != PSTAND_OK)
		return s;
	if (in->sponsored && (status_standing(in->sponsor_status) != PSTAND_OK ||
	    !in->sponsor_granted))
		return PSTAND_SPONSOR;
	return PSTAND_OK;
}

const char *
policy_provider_standing_text(enum provider_standing s)
{
	return (unsigned)s < PSTAND__MAX ? standing_text[s] :
	    standing_text[PSTAND_PENDING];
}

int
policy_provider_may_sponsor(const struct provider_standing_in *in,
    int sponsor_granted)
{
	return in != NULL && !in->sponsored && sponsor_granted &&
	    policy_provider_standing(in) == PSTAND_OK;
}

int
policy_provider_password(int sso)
{
	return !sso;
}

void
policy_print_provider_standing(FILE *out)
{
	fprintf(out, "PROVIDER PORTAL: WHO MAY SIGN IN (P-REG 2, P-SPONSOR 1)\n");
	policy_print_para(out, 2, "", "Asked on every request: an account whose "
	    "status is approved; not pending, rejected, suspended or revoked.",
	    "");
	policy_print_para(out, 2, "", "A sponsored user also needs their sponsor "
	    "approved with sponsorship privileges in force.", "");
	policy_print_para(out, 2, "", "Only an approved clinician granted "
	    "sponsorship privileges creates sponsored users; sponsored users "
	    "never sponsor.", "");
	policy_print_para(out, 2, "", "An account that signs in with Children's "
	    "ID (the hospital's single sign-on) has no portal password: none is "
	    "set, reset or taken for it.", "");
	fputc('\n', out);
}
