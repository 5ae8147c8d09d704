/*
 * Who may do what with a visit, and when (F-VISIT 1-7, issue 13.10):
 * pure functions of the caller's access to the patient, the visit's
 * facts and the clock, which the caller passes (now, and the hospital's
 * calendar days of now and of the start: lib/app/visit.c computes them
 * in the configured time zone). Deny by default. Every rule has a row in
 * tests/unit/test_policy_visit.c; `portalctl policy` prints them.
 *
 * Time rules: "within the next 30 days" counts the hospital's calendar
 * days (a visit on day today+30 is in, whatever the hour, and a
 * daylight-saving change in between moves nothing); the minimum notice
 * to cancel and the video window count real seconds (a 24-hour notice
 * is 86,400 seconds even across a change of clocks).
 */
#ifndef PORTAL_POLICY_VISIT_H
#define PORTAL_POLICY_VISIT_H

#include <stdio.h>
#include <time.h>

#include "policy_record.h"

/* Days ahead a visit may be confirmed or pre-checked-in (F-VISIT 5, 6). */
#define VISIT_WINDOW_DAYS	30
/* Seconds before the start that "Begin video visit" opens (F-VISIT 7). */
#define VISIT_JOIN_EARLY	(15 * 60)
/* Seconds before its start after which a slot is no longer offered for
 * self-scheduling: the clinic needs the time to prepare. */
#define VISIT_BOOK_LEAD		(60 * 60)

/* What a family account asks to do with a visit. */
enum visit_act {
	VISIT_SEE,		/* see it listed, its details, its .ics */
	VISIT_CONFIRM,
	VISIT_CANCEL,
	VISIT_CHECKIN,		/* any pre-check-in step: contact, insurance,
				 * copay, documents */
	VISIT_JOIN,		/* begin the video visit */
	VISIT_ACT__MAX
};

/* visits.status, as the rules see it. */
enum visit_status {
	VSTAT_OTHER,		/* any other name: nothing may be done */
	VSTAT_BOOKED,
	VSTAT_CANCELLED,
	VSTAT_NOSHOW,
	VSTAT_COMPLETED,
	VSTAT__MAX
};

/* The status named ("booked", "cancelled", "noshow", "completed");
 * VSTAT_OTHER for anything else, NULL included. */
enum visit_status policy_visit_status(const char *name);

struct visit_facts {
	enum access_level level;	/* the caller's access to the patient
					 * today (policy_access) */
	int		 confidential;	/* the visit is confidential care */
	enum visit_status status;
	time_t		 now;
	time_t		 start;
	time_t		 end;		/* start + length */
	long		 today;		/* civil day number of now, and of */
	long		 day;		/* the start, in the hospital's zone */
	long		 notice_hours;	/* the visit type's minimum notice to
					 * cancel online (0: any time before) */
	int		 video;		/* a video visit */
	int		 confirmed;	/* confirmed already */
	int		 checked_in;	/* every pre-check-in step done */
};

enum visit_verdict {
	VISIT_OK,
	VISIT_NOT_SEEN,		/* not the caller's to see: one answer with
				 * "no such visit" */
	VISIT_NOT_UPCOMING,	/* cancelled, no-show, completed, or begun */
	VISIT_TOO_FAR,		/* more than 30 days ahead */
	VISIT_INSIDE_NOTICE,	/* cancel: inside the clinic's notice: phone */
	VISIT_ALREADY,		/* confirm: confirmed already */
	VISIT_NOT_VIDEO,	/* join: not a video visit */
	VISIT_NEED_CHECKIN,	/* join: pre-check-in not done */
	VISIT_NOT_OPEN_YET,	/* join: more than 15 minutes before the start */
	VISIT_OVER,		/* join: the visit has ended */
	VISIT_VERDICT__MAX
};

/*
 * Whether the caller may do act with the visit now. A parent of a
 * 13-17-year-old never sees (nor does anything with) a confidential
 * visit; the teen does; nobody without access sees any (the 18th
 * birthday ends a parent's access to visits with the rest).
 */
enum visit_verdict policy_visit(enum visit_act act, const struct visit_facts *f);
/* The moment "Begin video visit" opens for a visit starting at start. */
time_t		 policy_visit_join_opens(time_t start);
/* 1 if an account at this level sees confidential visits (the seers'
 * table): what the family's lists of clinics, bookable types and
 * requests may draw on. */
int		 policy_visit_sees_confidential(enum access_level);
/*
 * 1 if a visit a document places at where (its department or location as
 * the document names it: "Pediatric Gynecology Clinic, Physician") is
 * confidential care: its name contains one of clinics (conf
 * visit_confidential_clinics, a comma list), letter case aside: for the
 * scheduling system's visits, online bookings and a C-CDA document's
 * encounters alike (the release rules read the same list as the record
 * is read).
 */
int		 policy_visit_clinic_confidential(const char *clinics,
		    const char *where);
/* A short name of a verdict for the audit ("not_seen", "too_far"...);
 * static text. */
const char	*policy_visit_verdict_name(enum visit_verdict v);

/* Booking an open slot (self-scheduling, F-VISIT 3). */
struct visit_book_facts {
	enum access_level level;	/* the caller's access to the patient */
	int		 self_schedule;	/* the slot's visit type allows it */
	int		 seen_here;	/* the patient was seen in the clinic */
	int		 withdrawn;	/* the clinic withdrew the slot */
	time_t		 now;
	time_t		 start;		/* the slot's */
};

enum book_verdict {
	BOOK_OK,
	BOOK_NOT_SEEN,		/* no access to the patient: one answer */
	BOOK_NOT_SELF,		/* the type is not self-schedulable */
	BOOK_NOT_SEEN_HERE,	/* never seen in that clinic: request a visit */
	BOOK_GONE,		/* withdrawn, past, or inside the lead time */
	BOOK_VERDICT__MAX
};

enum book_verdict policy_visit_book(const struct visit_book_facts *f);
const char	*policy_book_verdict_name(enum book_verdict v);

/* Whether an account at level sees a visit request of the patient
 * (asked_by_caller: the caller's own request): a parent of a
 * 13-17-year-old sees only their own, never the teen's (a request is
 * the start of a visit that may be confidential care). */
int		 policy_visit_request_sees(enum access_level level,
		    int asked_by_caller);

/* The visits part of `portalctl policy`. */
void		 policy_print_visits(FILE *out);

#endif
