/*
 * lib/policy/policy_seen (issue 12.8, F-SHARE 3): which audit rows are
 * views "who has seen" lists, in what words, and which account holders
 * see them. Every row of both tables, and what they do not name.
 */
#include <stdio.h>
#include <string.h>

#include "policy_seen.h"
#include "t.h"

#define NELEM(x)	(sizeof(x) / sizeof((x)[0]))

static const struct {
	const char	*actor;
	enum seen_actor	 by;
	long long	 id;
} actors[] = {
	{ "provider:12", SEEN_BY_PROVIDER, 12 },
	{ "sponsored:3", SEEN_BY_SPONSORED, 3 },
	{ "staff:7", SEEN_BY_STAFF, 7 },
	{ "family:7", SEEN_BY_OTHER, 0 },
	{ "cli", SEEN_BY_OTHER, 0 },
	{ "anonymous", SEEN_BY_OTHER, 0 },
	{ "provider:", SEEN_BY_OTHER, 0 },
	{ "provider:0", SEEN_BY_OTHER, 0 },
	{ "provider:-1", SEEN_BY_OTHER, 0 },
	{ "provider:12x", SEEN_BY_OTHER, 0 },
	{ "Provider:12", SEEN_BY_OTHER, 0 },
	{ NULL, SEEN_BY_OTHER, 0 },
};

static const struct {
	enum seen_actor	 by;
	const char	*action;
	enum seen_kind	 kind;
	const char	*what;
} kinds[] = {
	{ SEEN_BY_PROVIDER, "precord.view.summary", SEEN_PROVIDER, "Summary" },
	{ SEEN_BY_PROVIDER, "precord.view.labs", SEEN_PROVIDER, "Lab results" },
	{ SEEN_BY_PROVIDER, "precord.view.notes", SEEN_PROVIDER, "Notes" },
	{ SEEN_BY_PROVIDER, "precord.view.admissions", SEEN_PROVIDER,
	    "Admissions and emergency visits" },
	{ SEEN_BY_PROVIDER, "precord.view.print", SEEN_PROVIDER,
	    "The whole record (printable)" },
	{ SEEN_BY_SPONSORED, "precord.view.vitals", SEEN_PROVIDER,
	    "Vital signs" },
	/* A section the table does not word: still a view of the record. */
	{ SEEN_BY_PROVIDER, "precord.view.other", SEEN_PROVIDER, "The record" },
	{ SEEN_BY_PROVIDER, "precord.view.", SEEN_NONE, "" },
	{ SEEN_BY_PROVIDER, "precord.refused", SEEN_NONE, "" },
	{ SEEN_BY_PROVIDER, "ppatients.search", SEEN_NONE, "" },
	{ SEEN_BY_STAFF, "inbox.list", SEEN_STAFF_MESSAGES,
	    "The list of messages" },
	{ SEEN_BY_STAFF, "inbox.read", SEEN_STAFF_MESSAGES, "A message" },
	{ SEEN_BY_STAFF, "inbox.attachment", SEEN_STAFF_MESSAGES,
	    "A message's attachment" },
	{ SEEN_BY_STAFF, "staff.queue_view", SEEN_STAFF_QUEUE,
	    "A request to link an account to the patient" },
	{ SEEN_BY_STAFF, "inbox.answered", SEEN_NONE, "" },
	{ SEEN_BY_STAFF, "precord.view.labs", SEEN_NONE, "" },
	{ SEEN_BY_PROVIDER, "inbox.read", SEEN_NONE, "" },
	{ SEEN_BY_OTHER, "record.view.labs", SEEN_NONE, "" },
	{ SEEN_BY_OTHER, "precord.view.labs", SEEN_NONE, "" },
	{ SEEN_BY_PROVIDER, NULL, SEEN_NONE, "" },
};

static const struct {
	enum access_level	 level;
	enum seen_kind		 kind;
	enum share_scope	 scope;
	int			 want;
} sees[] = {
	{ ACCESS_FULL, SEEN_PROVIDER, SCOPE_CLINICAL, 1 },
	{ ACCESS_FULL, SEEN_PROVIDER, SCOPE_PATIENT, 1 },
	{ ACCESS_FULL, SEEN_STAFF_MESSAGES, SCOPE_NONE, 0 },	/* F-PROXY 2 */
	{ ACCESS_FULL, SEEN_STAFF_QUEUE, SCOPE_NONE, 1 },
	{ ACCESS_PROXY_TEEN, SEEN_PROVIDER, SCOPE_CLINICAL, 1 },
	{ ACCESS_PROXY_TEEN, SEEN_PROVIDER, SCOPE_PATIENT, 0 },	/* teen's */
	{ ACCESS_PROXY_TEEN, SEEN_STAFF_MESSAGES, SCOPE_NONE, 0 },
	{ ACCESS_PROXY_TEEN, SEEN_STAFF_QUEUE, SCOPE_NONE, 0 },
	{ ACCESS_NONE, SEEN_PROVIDER, SCOPE_CLINICAL, 0 },
	{ ACCESS_NONE, SEEN_STAFF_MESSAGES, SCOPE_NONE, 0 },
	{ ACCESS_FULL, SEEN_PROVIDER, SCOPE_NONE, 0 },	/* no detail */
	{ ACCESS_FULL, SEEN_NONE, SCOPE_PATIENT, 0 },
	{ ACCESS__MAX, SEEN_PROVIDER, SCOPE_CLINICAL, 0 },
	{ ACCESS_FULL, SEEN__MAX, SCOPE_CLINICAL, 0 },
};

int
main(void)
{
	const char	*what;
	char		 name[128];
	long long	 id;
	size_t		 i;

	for (i = 0; i < NELEM(actors); i++) {
		snprintf(name, sizeof(name), "actor row %zu", i);
		T_INT(policy_seen_actor(actors[i].actor, &id), actors[i].by, name);
		T_INT(id, actors[i].id, name);
	}
	for (i = 0; i < NELEM(kinds); i++) {
		snprintf(name, sizeof(name), "kind row %zu", i);
		T_INT(policy_seen_kind(kinds[i].by, kinds[i].action, &what),
		    kinds[i].kind, name);
		T_STR(what, kinds[i].what, name);
	}
	for (i = 0; i < NELEM(sees); i++) {
		snprintf(name, sizeof(name), "sees row %zu", i);
		T_INT(policy_seen_sees(sees[i].level, sees[i].kind,
		    sees[i].scope), sees[i].want, name);
	}
	return t_done("test_policy_seen");
}
