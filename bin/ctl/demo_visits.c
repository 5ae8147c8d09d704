/*
 * The demo's visits (issue 13): the scheduling system's SIU messages for
 * the demo patients, made with times relative to now and taken through
 * the same import as the hospital's interface (app_siu_message), so the
 * demo shows what a real feed gives. Lily: a video visit later today,
 * an in-person visit in a week, one in six weeks, one two weeks ago
 * (completed); Sofia (15): a confidential Adolescent Medicine visit;
 * Ethan: a visit booked and then cancelled by the clinic. Times are the
 * hospital's local time without an offset, as many systems send them.
 * The clinic set-up (visit types, documents, open slots) is not made
 * here: these visits name their type by text.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "call.h"
#include "demo.h"
#include "portal.h"
#include "siuimport.h"
#include "store_clinics.h"

struct demo_msg {
	const char	*event;
	const char	*filler;
	const char	*mrn;
	int		 days;		/* from today (local) */
	int		 hour, minute;	/* local; hour -1: now + 2 hours */
	int		 minutes;
	const char	*type;		/* AIS-3: code^text */
	const char	*provider;	/* AIP-3 (XCN) */
	const char	*clinic;	/* AIL-3.9 */
	const char	*loctype;	/* AIL-4 */
	const char	*status;	/* SCH-25 */
};

static const struct demo_msg msgs[] = {
	{ "S12", "DEMO-V1", "DEMO1001", 0, -1, 0, 20,
	    "TELE^Video follow-up^LOCAL", "4411^Okafor^Amara^^^Dr.^MD",
	    "General Pediatrics", "VIDEO", "Booked" },
	{ "S12", "DEMO-V2", "DEMO1001", 7, 10, 0, 30,
	    "WCC^Well-child visit^LOCAL", "4411^Okafor^Amara^^^Dr.^MD",
	    "General Pediatrics", "CLINIC", "Booked" },
	{ "S12", "DEMO-V3", "DEMO1001", 42, 14, 30, 60,
	    "ALGY^Allergy testing^LOCAL", "5520^Nguyen^Linh^^^Dr.^MD",
	    "General Pediatrics", "CLINIC", "Booked" },
	{ "S12", "DEMO-V4", "DEMO1001", -14, 9, 0, 20,
	    "FU^Follow-up^LOCAL", "4411^Okafor^Amara^^^Dr.^MD",
	    "General Pediatrics", "CLINIC", "Complete" },
	{ "S12", "DEMO-V5", "DEMO1003", 10, 15, 0, 40,
	    "AMV^Adolescent visit^LOCAL", "6630^Brennan^Kate^^^Dr.^MD",
	    "Adolescent Medicine", "CLINIC", "Booked" },
	{ "S12", "DEMO-V6", "DEMO1002", 12, 11, 0, 30,
	    "FU^Follow-up^LOCAL", "4411^Okafor^Amara^^^Dr.^MD",
	    "General Pediatrics", "CLINIC", "Booked" },
	{ "S15", "DEMO-V6", "DEMO1002", 12, 11, 0, 30,
	    "FU^Follow-up^LOCAL", "4411^Okafor^Amara^^^Dr.^MD",
	    "General Pediatrics", "CLINIC", "Cancelled" },
};

/* The message's start as a local TS ("YYYYMMDDHHMMSS"). */
static void
start_ts(const struct demo_msg *m, time_t now, char out[16])
{
	struct tm	 tm;
	time_t		 t;

	if (m->hour < 0) {
		/* Later today: two hours on, on the quarter hour. */
		t = now + 2 * 3600;
		t -= t % 900;
		localtime_r(&t, &tm);
	} else {
		localtime_r(&now, &tm);
		tm.tm_mday += m->days;
		tm.tm_hour = m->hour;
		tm.tm_min = m->minute;
		tm.tm_sec = 0;
		tm.tm_isdst = -1;
		t = mktime(&tm);
		localtime_r(&t, &tm);
	}
	strftime(out, 16, "%Y%m%d%H%M%S", &tm);
}

int
demo_visits(struct portal *p, time_t now, FILE *out)
{
	struct siu_result	 r;
	struct call		 c;
	const struct demo_msg	*m;
	char			 ts[16];
	const char		*msg;
	size_t			 i;
	int			 taken = 0, rc = 0;

	memset(&c, 0, sizeof(c));
	c.p = p;
	c.a = arena_new();
	c.who.kind = ACTOR_CLI;
	c.now = now;
	if (store_clinic_ensure(p->db, "Adolescent Medicine") <= 0) {
		arena_free(c.a);
		return -1;
	}
	for (i = 0; i < sizeof(msgs) / sizeof(msgs[0]); i++) {
		m = &msgs[i];
		start_ts(m, now, ts);
		msg = arena_printf(c.a, "MSH|^~\\&|EPICCADENCE|CH|MYCHILDRENS|CH|"
		    "%s||SIU^%s^SIU_S12|DEMO%zu|P|2.5.1\r"
		    "SCH||%s^EPIC||||||%s|%d|MIN|^^%d^%s||||||||||||||%s\r"
		    "PID|1||%s^^^CH^MR\r"
		    "AIS|1||%s\rAIP|1||%s\rAIL|1||^^^CH^^^^^%s|%s\r", ts, m->event,
		    i + 1, m->filler, m->type, m->minutes, m->minutes, ts,
		    m->status, m->mrn, m->type, m->provider, m->clinic, m->loctype);
		if (app_siu_message(&c, msg, strlen(msg), (long)i + 1, &r) !=
		    APP_OK || r.out == SIU_REFUSED) {
			fprintf(stderr, "demo: visit message %zu: %s\n", i + 1,
			    r.out == SIU_REFUSED ? r.why : "database error");
			rc = -1;
		} else
			taken++;
		arena_reset(c.a);
	}
	fprintf(out, "\nVisits: %d scheduling messages taken (Lily: a video "
	    "visit later today, visits in a week and in six weeks, one two "
	    "weeks ago; Sofia: a confidential Adolescent Medicine visit; "
	    "Ethan: a cancelled visit)\n", taken);
	arena_free(c.a);
	return rc;
}
