/*
 * "Who has seen my child's record" (issue 12.8, F-SHARE 3, S-1): which
 * audit rows count as a view of a patient's record by someone outside
 * the family, in what words, and which account holders see each. A
 * pure table; the store reads the rows, this says what they are.
 */
#ifndef PORTAL_POLICY_SEEN_H
#define PORTAL_POLICY_SEEN_H

#include <stdio.h>

#include "policy_record.h"

enum seen_kind {
	SEEN_NONE,		/* not a view the family is shown */
	SEEN_PROVIDER,		/* a provider's (or sponsored user's) view of
				 * the record: precord.view.<section> */
	SEEN_STAFF_MESSAGES,	/* hospital staff reading the patient's
				 * messages in the clinic inbox (shown to
				 * nobody: not views of the record) */
	SEEN_STAFF_QUEUE,	/* hospital staff reviewing a sign-up or
				 * patient-link request naming the patient */
	SEEN__MAX
};

/* How an audit actor is named ("provider:3"): its kind before the colon. */
enum seen_actor {
	SEEN_BY_OTHER,
	SEEN_BY_PROVIDER,	/* provider:N */
	SEEN_BY_SPONSORED,	/* sponsored:N */
	SEEN_BY_STAFF,		/* staff:N */
	SEEN_BY__MAX
};

/*
 * What the row (actor kind, action) records: the kind of view and what
 * was seen in words ("Lab results", "A message") into *what (static
 * text; "" for SEEN_NONE). Deny by default: any other pair is
 * SEEN_NONE.
 */
enum seen_kind	 policy_seen_kind(enum seen_actor by, const char *action,
		    const char **what);
/* The actor kind of an audit actor name and its id into *id (0 if
 * none); SEEN_BY_OTHER for anything else, NULL included. */
enum seen_actor	 policy_seen_actor(const char *actor, long long *id);
/*
 * 1 if an account holder with this access level sees a view of this
 * kind; scope is the scope the view was made through (a provider view's
 * audit detail, paccess_detail_scope): a parent of a 13-17-year-old sees
 * a provider's view only through a grant they see (policy_share_sees),
 * and no staff view (the teen's messages and requests are not theirs).
 */
int		 policy_seen_sees(enum access_level level, enum seen_kind kind,
		    enum share_scope scope);
/* The "who has seen" part of `portalctl policy`. */
void		 policy_print_seen(FILE *out);

#endif
