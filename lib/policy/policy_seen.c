/*
 * Which audit rows are views the family is shown, and to whom
 * (policy_seen.h): two small tables, first row that matches. Deny by
 * default: an action or a level the tables do not name is not shown.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "policy_seen.h"
#include "policy_share.h"

#define NELEM(x)	(sizeof(x) / sizeof((x)[0]))

/* Actions: exact, or a prefix when it ends in '.'. */
static const struct {
	enum seen_actor	 by;
	const char	*action;
	enum seen_kind	 kind;
	const char	*what;
} kinds[] = {
	{ SEEN_BY_PROVIDER, "precord.view.summary", SEEN_PROVIDER, "Summary" },
	{ SEEN_BY_PROVIDER, "precord.view.admissions", SEEN_PROVIDER,
	    "Admissions and emergency visits" },
	{ SEEN_BY_PROVIDER, "precord.view.visits", SEEN_PROVIDER,
	    "Specialty and clinic visits" },
	{ SEEN_BY_PROVIDER, "precord.view.notes", SEEN_PROVIDER, "Notes" },
	{ SEEN_BY_PROVIDER, "precord.view.labs", SEEN_PROVIDER, "Lab results" },
	{ SEEN_BY_PROVIDER, "precord.view.radiology", SEEN_PROVIDER,
	    "Radiology reports" },
	{ SEEN_BY_PROVIDER, "precord.view.medications", SEEN_PROVIDER,
	    "Medications" },
	{ SEEN_BY_PROVIDER, "precord.view.allergies", SEEN_PROVIDER,
	    "Allergies" },
	{ SEEN_BY_PROVIDER, "precord.view.problems", SEEN_PROVIDER, "Problems" },
	{ SEEN_BY_PROVIDER, "precord.view.immunizations", SEEN_PROVIDER,
	    "Immunizations" },
	{ SEEN_BY_PROVIDER, "precord.view.vitals", SEEN_PROVIDER, "Vital signs" },
	{ SEEN_BY_PROVIDER, "precord.view.print", SEEN_PROVIDER,
	    "The whole record (printable)" },
	{ SEEN_BY_PROVIDER, "precord.view.", SEEN_PROVIDER, "The record" },
	{ SEEN_BY_STAFF, "inbox.list", SEEN_STAFF_MESSAGES,
	    "The list of messages" },
	{ SEEN_BY_STAFF, "inbox.read", SEEN_STAFF_MESSAGES, "A message" },
	{ SEEN_BY_STAFF, "inbox.attachment", SEEN_STAFF_MESSAGES,
	    "A message's attachment" },
	{ SEEN_BY_STAFF, "staff.queue_view", SEEN_STAFF_QUEUE,
	    "A request to link an account to the patient" },
};

/* Who sees which kind: scope_rule says the provider view's grant decides
 * (policy_share_sees). */
static const struct {
	enum access_level	 level;
	enum seen_kind		 kind;
	int			 sees;
	int			 scope_rule;
	const char		*text;
} sees[] = {
	{ ACCESS_FULL, SEEN_PROVIDER, 1, 1,
	    "full access: every provider's and sponsored user's view of the "
	    "record (section, when, who)" },
	{ ACCESS_FULL, SEEN_STAFF_MESSAGES, 0, 0,
	    "nobody: hospital staff reading messages (not views of the record; "
	    "a teen's and a parent's threads are each their own, F-PROXY 2)" },
	{ ACCESS_FULL, SEEN_STAFF_QUEUE, 1, 0,
	    "full access: hospital staff reviewing a request naming the "
	    "patient" },
	{ ACCESS_PROXY_TEEN, SEEN_PROVIDER, 1, 1,
	    "a parent of a 13-17-year-old: the views made through a grant "
	    "they see (PCP, the parents' own shares), not through the teen's "
	    "own" },
	{ ACCESS_PROXY_TEEN, SEEN_STAFF_MESSAGES, 0, 0,
	    "a parent of a 13-17-year-old: not staff reading messages (the "
	    "teen's own are confidential)" },
	{ ACCESS_PROXY_TEEN, SEEN_STAFF_QUEUE, 0, 0,
	    "a parent of a 13-17-year-old: not staff reviewing requests (the "
	    "teen's own sign-up is theirs)" },
};

enum seen_actor
policy_seen_actor(const char *actor, long long *id)
{
	static const struct {
		const char	*prefix;
		enum seen_actor	 by;
	} names[] = {
		{ "provider:", SEEN_BY_PROVIDER },
		{ "sponsored:", SEEN_BY_SPONSORED },
		{ "staff:", SEEN_BY_STAFF },
	};
	const char	*s;
	char		*end;
	long long	 n;
	size_t		 i, len;

	*id = 0;
	for (i = 0; actor != NULL && i < NELEM(names); i++) {
		len = strlen(names[i].prefix);
		if (strncmp(actor, names[i].prefix, len) != 0)
			continue;
		s = actor + len;
		if (*s < '1' || *s > '9')
			return SEEN_BY_OTHER;
		n = strtoll(s, &end, 10);
		if (*end != '\0' || n <= 0)
			return SEEN_BY_OTHER;
		*id = n;
		return names[i].by;
	}
	return SEEN_BY_OTHER;
}

enum seen_kind
policy_seen_kind(enum seen_actor by, const char *action, const char **what)
{
	size_t	 i, len;

	*what = "";
	if (action == NULL)
		return SEEN_NONE;
	/* A sponsored user's view is the sponsor's kind of view. */
	if (by == SEEN_BY_SPONSORED)
		by = SEEN_BY_PROVIDER;
	for (i = 0; i < NELEM(kinds); i++) {
		if (kinds[i].by != by)
			continue;
		len = strlen(kinds[i].action);
		if (kinds[i].action[len - 1] == '.' ?
		    strncmp(action, kinds[i].action, len) != 0 ||
		    action[len] == '\0' : strcmp(action, kinds[i].action) != 0)
			continue;
		*what = kinds[i].what;
		return kinds[i].kind;
	}
	return SEEN_NONE;
}

int
policy_seen_sees(enum access_level level, enum seen_kind kind,
    enum share_scope scope)
{
	size_t	 i;

	for (i = 0; i < NELEM(sees); i++) {
		if (sees[i].level != level || sees[i].kind != kind)
			continue;
		if (!sees[i].sees)
			return 0;
		return sees[i].scope_rule ? policy_share_sees(level, scope) : 1;
	}
	return 0;
}

void
policy_print_seen(FILE *out)
{
	char	 text[256];
	size_t	 i;

	fprintf(out, "WHO HAS SEEN THE RECORD (F-SHARE 3, issue 12.8)\n"
	    "  The audit rows the family's \"who has seen\" page lists:\n");
	for (i = 0; i < NELEM(kinds); i++) {
		snprintf(text, sizeof(text), "%s %s%s: %s",
		    kinds[i].by == SEEN_BY_STAFF ? "staff" :
		    "provider or sponsored user", kinds[i].action,
		    kinds[i].action[strlen(kinds[i].action) - 1] == '.' ?
		    "*" : "", kinds[i].what);
		policy_print_para(out, 2, "- ", text, ".");
	}
	fprintf(out, "  Who sees them:\n");
	for (i = 0; i < NELEM(sees); i++)
		policy_print_para(out, 2, "- ", sees[i].text, ".");
	fprintf(out, "  Anyone without access to the patient today sees "
	    "nothing.\n\n");
}
