/*
 * Who reads a message thread and who writes about whom
 * (lib/policy/policy_messages.h), as tables: every combination of a
 * family viewer's access level and the thread's two flags; a staff
 * member on and off the care team of the thread's clinic, whatever the
 * other inputs say; nobody; and the new-message verdicts.
 * SPEC F-MSG 1, 4, 5; F-PROXY 2.
 */
#include <stdio.h>

#include "policy_messages.h"
#include "t.h"

#define NELEM(x)	(sizeof(x) / sizeof((x)[0]))
#define NONE	ACCESS_NONE
#define FULL	ACCESS_FULL
#define TEEN	ACCESS_PROXY_TEEN
#define FAM	THREAD_FAMILY
#define STAFF	THREAD_CARE_TEAM

/* viewer, level, started by the viewer, by the patient, on the care team */
static const struct {
	struct thread_access	 in;
	int			 want;
} threads[] = {
	/* A family account with no access now: nothing. */
	{ { FAM, NONE, 0, 0, 0 }, 0 }, { { FAM, NONE, 0, 1, 0 }, 0 },
	{ { FAM, NONE, 1, 0, 0 }, 0 }, { { FAM, NONE, 1, 1, 0 }, 0 },
	/* FULL: the teen (or adult) patient, or a parent of a child under
	 * 13: only their own threads. */
	{ { FAM, FULL, 0, 0, 0 }, 0 }, { { FAM, FULL, 0, 1, 0 }, 0 },
	{ { FAM, FULL, 1, 0, 0 }, 1 }, { { FAM, FULL, 1, 1, 0 }, 1 },
	/* PROXY_TEEN: the parent's own threads, never the teen's. */
	{ { FAM, TEEN, 0, 0, 0 }, 0 }, { { FAM, TEEN, 0, 1, 0 }, 0 },
	{ { FAM, TEEN, 1, 0, 0 }, 1 }, { { FAM, TEEN, 1, 1, 0 }, 0 },
	{ { FAM, ACCESS__MAX, 1, 0, 0 }, 0 },
	/* "On the care team" means nothing for a family account. */
	{ { FAM, NONE, 1, 0, 1 }, 0 }, { { FAM, FULL, 0, 0, 1 }, 0 },
	{ { FAM, TEEN, 1, 1, 1 }, 0 }, { { FAM, TEEN, 0, 0, 1 }, 0 },
	/* Staff on the clinic's care team: every thread, whatever the rest. */
	{ { STAFF, NONE, 0, 0, 1 }, 1 }, { { STAFF, NONE, 0, 1, 1 }, 1 },
	{ { STAFF, FULL, 1, 0, 1 }, 1 }, { { STAFF, TEEN, 1, 1, 1 }, 1 },
	{ { STAFF, ACCESS__MAX, 0, 0, 1 }, 1 },
	/* Staff not on it: none, whatever the rest says. */
	{ { STAFF, NONE, 0, 0, 0 }, 0 }, { { STAFF, NONE, 0, 1, 0 }, 0 },
	{ { STAFF, FULL, 1, 0, 0 }, 0 }, { { STAFF, FULL, 1, 1, 0 }, 0 },
	{ { STAFF, TEEN, 1, 0, 0 }, 0 }, { { STAFF, TEEN, 0, 1, 0 }, 0 },
	/* Nobody (signed out, the command line) and nonsense: nothing. */
	{ { THREAD_NOBODY, FULL, 1, 0, 1 }, 0 },
	{ { THREAD_NOBODY, NONE, 0, 0, 0 }, 0 },
	{ { THREAD__MAX, FULL, 1, 0, 1 }, 0 },
};

/* level, clinic chosen, clinic cares for the patient */
static const struct {
	enum access_level	 level;
	int			 chosen, cares;
	enum message_new	 want;
} news[] = {
	{ NONE, 0, 0, MESSAGE_NEW_NO_PATIENT },
	{ NONE, 1, 1, MESSAGE_NEW_NO_PATIENT },
	{ NONE, 1, 0, MESSAGE_NEW_NO_PATIENT },
	{ ACCESS__MAX, 1, 1, MESSAGE_NEW_NO_PATIENT },
	{ FULL, 0, 0, MESSAGE_NEW_OK },		/* the list, the compose page */
	{ FULL, 1, 1, MESSAGE_NEW_OK },
	{ FULL, 1, 0, MESSAGE_NEW_CLINIC },
	{ TEEN, 0, 0, MESSAGE_NEW_OK },
	{ TEEN, 1, 1, MESSAGE_NEW_OK },
	{ TEEN, 1, 0, MESSAGE_NEW_CLINIC },
};

static const char *const viewers[] = { "nobody", "family", "care team", "?" };

int
main(void)
{
	char	 what[160];
	size_t	 i;

	for (i = 0; i < NELEM(threads); i++) {
		const struct thread_access *in = &threads[i].in;

		snprintf(what, sizeof(what), "policy_thread_visible(%s, %s, "
		    "viewer's %d, patient's %d, on care team %d)",
		    viewers[in->viewer < THREAD__MAX ? in->viewer : THREAD__MAX],
		    policy_access_name(in->level), in->started_by_viewer,
		    in->started_by_patient, in->on_care_team);
		T_INT(policy_thread_visible(in), threads[i].want, what);
	}
	T_INT(policy_thread_visible(NULL), 0, "policy_thread_visible(NULL)");
	for (i = 0; i < NELEM(news); i++) {
		snprintf(what, sizeof(what), "policy_message_new(%s, chosen %d, "
		    "cares %d)", policy_access_name(news[i].level),
		    news[i].chosen, news[i].cares);
		T_INT(policy_message_new(news[i].level, news[i].chosen,
		    news[i].cares), news[i].want, what);
	}
	return t_done("policy_messages");
}
