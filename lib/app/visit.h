/*
 * A visit as the calling family account sees it (issue 13): the one
 * place that loads a visit, asks the caller's access to its patient,
 * counts the pre-check-in steps done, and puts the policy's facts
 * together (lib/policy/policy_visit.h) in the hospital's time zone.
 * Every family operation on a visit (the Visits pages, pre-check-in,
 * the copay, the video link, the calendar file) starts here, so a
 * visit another patient's, or one the caller may not see, is refused
 * alike everywhere.
 */
#ifndef PORTAL_APP_VISIT_H
#define PORTAL_APP_VISIT_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "app.h"
#include "policy_visit.h"
#include "record.h"
#include "store_visits.h"

struct call;

/* The pre-check-in steps, as bits of visit_seen.done and .needed. */
enum checkin_step {
	STEP_CONTACT = 1 << 0,
	STEP_INSURANCE = 1 << 1,
	STEP_COPAY = 1 << 2,	/* needed only if the type has a copay */
	STEP_DOCUMENTS = 1 << 3,/* needed only if it has documents to sign */
};
/* The step's stored name ("contact"...), "" if not one step; and back
 * (0 if none). */
const char	*visit_step_name(enum checkin_step s);
enum checkin_step visit_step_parse(const char *name);

struct visit_seen {
	struct visit		 v;
	struct record_view	 rv;	/* its patient, the caller's level
					 * and role */
	unsigned		 done;	/* steps done (enum checkin_step) */
	unsigned		 needed;/* steps this visit has */
	struct visit_facts	 f;	/* for policy_visit */
};

/* The civil day number of t in the hospital's zone (TZ, conf_apply_tz). */
long		 visit_day(time_t t);
/* 1 if clinic is one of list's comma-separated names (case and the
 * blanks around a name aside): conf visit_confidential_clinics, whose
 * visits are confidential however they arrive (SIU feed or booking). */
int		 visit_clinic_in(const char *list, const char *clinic);

/*
 * Loads visit id for the calling family account: 1 and *out if the
 * caller sees it now (policy_visit VISIT_SEE); 0 if not, if it is
 * another patient's, or if there is no such visit (one answer); -1 on
 * error. Writes no audit row: the operation writes its own.
 */
int		 visit_load(const struct call *, int64_t id, struct visit_seen *out);
/* The facts of a visit already read (v) for a caller with this level;
 * done and needed as visit_seen's. For lists: no read of its own. */
void		 visit_facts_of(const struct call *, const struct visit *v,
		    enum access_level level, unsigned done, unsigned needed,
		    struct visit_facts *f);
/* What the policy says of act on the loaded visit, now. */
enum visit_verdict visit_may(const struct visit_seen *, enum visit_act act);

#endif
