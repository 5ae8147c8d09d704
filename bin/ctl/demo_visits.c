/*
 * The demo's visits (issue 13): the scheduling system's SIU messages for
 * the demo patients, made with times relative to now and taken through
 * the same import as the hospital's interface (app_siu_message), so the
 * demo shows what a real feed gives. Lily: a video visit later today,
 * an in-person visit in a week, one in six weeks, one two weeks ago
 * (completed); Sofia (15): a confidential Adolescent Medicine visit;
 * Ethan: a visit booked and then cancelled by the clinic. Times are the
 * hospital's local time without an offset, as many systems send them.
 * General Pediatrics gets its telephone, place, visit types and the
 * documents to sign at pre-check-in through the clinic set-up's
 * operations (lib/app/clinicset, as `portalctl clinic` and the staff
 * pages; Follow-up ($20 copay) and Video follow-up self-schedulable),
 * and open slots arrive as the interface sends them (S12 without PID,
 * SCH-25 Open).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "call.h"
#include "demo.h"
#include "portal.h"
#include "clinicset.h"
#include "siuimport.h"
#include "store_clinics.h"
#include "store_siu.h"

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

/* As `portalctl clinic type add` makes them (lib/app/clinicset). */
static const struct demo_type {
	const char	*clinic;
	const char	*name, *code, *minutes, *notice, *copay;
	int		 video, self_schedule;
} types[] = {
	{ "General Pediatrics", "Well-child visit", "WCC", "30", "24", "0", 0, 0 },
	{ "General Pediatrics", "Follow-up", "FU", "20", "24", "20", 0, 1 },
	{ "General Pediatrics", "Video follow-up", "TELE", "20", "4", "0", 1, 1 },
	{ "General Pediatrics", "Allergy testing", "ALGY", "60", "48", "0", 0, 0 },
	{ "Adolescent Medicine", "Adolescent visit", "AMV", "40", "24", "0", 0, 0 },
};

/* The documents families sign at pre-check-in, per type code. */
static const struct {
	const char	*code, *title, *body;
} docs[] = {
	{ "TELE", "Consent to a video visit",
	    "I agree that my child's visit takes place by video. I understand "
	    "that the clinician cannot examine my child in person, that the "
	    "video service is private and not recorded, and that I may ask for "
	    "an in-person visit at any time.\n\nIf the connection fails, the "
	    "clinic will call the phone number on file." },
	{ "WCC", "Consent to treatment",
	    "I consent to the examination and treatment of my child by the "
	    "care team of Boston Children's Hospital at this visit, including "
	    "routine screening and vaccines that we discuss together." },
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
	/* Open slots for self-scheduling (no PID). */
	{ "S12", "DEMO-S1", NULL, 2, 9, 0, 20, "FU^Follow-up^LOCAL",
	    "4411^Okafor^Amara^^^Dr.^MD", "General Pediatrics", "CLINIC", "Open" },
	{ "S12", "DEMO-S2", NULL, 2, 9, 20, 20, "FU^Follow-up^LOCAL",
	    "4411^Okafor^Amara^^^Dr.^MD", "General Pediatrics", "CLINIC", "Open" },
	{ "S12", "DEMO-S3", NULL, 3, 14, 0, 20, "FU^Follow-up^LOCAL",
	    "5520^Nguyen^Linh^^^Dr.^MD", "General Pediatrics", "CLINIC", "Open" },
	{ "S12", "DEMO-S4", NULL, 3, 16, 0, 20, "TELE^Video follow-up^LOCAL",
	    "4411^Okafor^Amara^^^Dr.^MD", "General Pediatrics", "VIDEO", "Open" },
	{ "S12", "DEMO-S5", NULL, 5, 10, 40, 20, "FU^Follow-up^LOCAL",
	    "4411^Okafor^Amara^^^Dr.^MD", "General Pediatrics", "CLINIC", "Open" },
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
	struct cs_type_in	 ti;
	struct cs_doc_in	 di;
	struct cs_err		 err;
	enum cs_why		 why;
	size_t			 i, j;
	int64_t			 gp, tid, did;
	int			 taken = 0, rc = 0;

	memset(&c, 0, sizeof(c));
	c.p = p;
	c.a = arena_new();
	c.who.kind = ACTOR_CLI;
	c.now = now;
	if ((gp = store_clinic_ensure(p->db, "General Pediatrics")) <= 0 ||
	    app_cs_clinic_set(&c, gp, "(617) 355-6000",
	    "Main building, 2nd floor", &err, &why) != APP_OK ||
	    store_clinic_ensure(p->db, "Adolescent Medicine") <= 0) {
		arena_free(c.a);
		return -1;
	}
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		memset(&ti, 0, sizeof(ti));
		ti.clinic = store_clinic_id(p->db, types[i].clinic);
		ti.name = types[i].name;
		ti.code = types[i].code;
		ti.minutes = types[i].minutes;
		ti.notice_hours = types[i].notice;
		ti.copay = types[i].copay;
		ti.video = types[i].video;
		ti.self_schedule = types[i].self_schedule;
		ti.active = 1;
		if (ti.clinic <= 0 ||
		    app_cs_type_save(&c, &ti, &tid, &err, &why) != APP_OK) {
			fprintf(stderr, "demo: visit type %s: %s\n",
			    types[i].name, err.msg != NULL ? err.msg : "refused");
			arena_free(c.a);
			return -1;
		}
		for (j = 0; j < sizeof(docs) / sizeof(docs[0]); j++) {
			if (strcmp(docs[j].code, types[i].code) != 0)
				continue;
			memset(&di, 0, sizeof(di));
			di.type = tid;
			di.title = docs[j].title;
			di.body = docs[j].body;
			if (app_cs_doc_add(&c, &di, &did, &err, &why) != APP_OK) {
				arena_free(c.a);
				return -1;
			}
		}
	}
	for (i = 0; i < sizeof(msgs) / sizeof(msgs[0]); i++) {
		m = &msgs[i];
		start_ts(m, now, ts);
		msg = arena_printf(c.a, "MSH|^~\\&|EPICCADENCE|CH|MYCHILDRENS|CH|"
		    "%s||SIU^%s^SIU_S12|DEMO%zu|P|2.5.1\r"
		    "SCH||%s^EPIC||||||%s|%d|MIN|^^%d^%s||||||||||||||%s\r"
		    "%s%s%s"
		    "AIS|1||%s\rAIP|1||%s\rAIL|1||^^^CH^^^^^%s|%s\r", ts, m->event,
		    i + 1, m->filler, m->type, m->minutes, m->minutes, ts,
		    m->status, m->mrn != NULL ? "PID|1||" : "",
		    m->mrn != NULL ? m->mrn : "", m->mrn != NULL ? "^^^CH^MR\r" : "",
		    m->type, m->provider, m->clinic, m->loctype);
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
	    "Ethan: a cancelled visit; open General Pediatrics slots in the "
	    "next days for self-scheduling)\n", taken);
	arena_free(c.a);
	return rc;
}
