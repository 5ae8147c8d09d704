/*
 * lib/policy/policy_visit (issue 13.10, F-VISIT 1-7): who sees a visit,
 * and every time rule of every act at its edges: the 30 calendar days,
 * the minimum notice to cancel, the 15 minutes before a video visit and
 * its end, pre-check-in first; and self-scheduling's needs in order.
 */
#include <stdio.h>
#include <string.h>

#include "policy_visit.h"
#include "t.h"

#define NELEM(x)	(sizeof(x) / sizeof((x)[0]))
#define NOW		1790000000L
#define MIN		60L
#define HOUR		3600L
#define DAY		86400L
#define TODAY		20717L		/* civil day of NOW, as the app says */

#define F	ACCESS_FULL
#define T	ACCESS_PROXY_TEEN
#define B	VSTAT_BOOKED

/* level, confidential, status, now, start, end, today, day, notice,
 * video, confirmed, checked_in */
#define V(lvl, conf, st, start, len, day, notice, video, confd, ci)	\
	{ lvl, conf, st, NOW, NOW + (start), NOW + (start) + (len),	\
	    TODAY, TODAY + (day), notice, video, confd, ci }

static const struct {
	enum visit_act		 act;
	struct visit_facts	 f;
	enum visit_verdict	 want;
} rows[] = {
	/* Who sees: a parent of a teen never a confidential visit. */
	{ VISIT_SEE, V(F, 0, B, DAY, HOUR, 1, 24, 0, 0, 0), VISIT_OK },
	{ VISIT_SEE, V(F, 1, B, DAY, HOUR, 1, 24, 0, 0, 0), VISIT_OK },
	{ VISIT_SEE, V(T, 0, B, DAY, HOUR, 1, 24, 0, 0, 0), VISIT_OK },
	{ VISIT_SEE, V(T, 1, B, DAY, HOUR, 1, 24, 0, 0, 0), VISIT_NOT_SEEN },
	{ VISIT_CANCEL, V(T, 1, B, 5 * DAY, HOUR, 5, 24, 0, 0, 0), VISIT_NOT_SEEN },
	{ VISIT_CONFIRM, V(T, 1, B, DAY, HOUR, 1, 24, 0, 0, 0), VISIT_NOT_SEEN },
	{ VISIT_CHECKIN, V(T, 1, B, DAY, HOUR, 1, 24, 0, 0, 0), VISIT_NOT_SEEN },
	{ VISIT_JOIN, V(T, 1, B, 5 * MIN, HOUR, 0, 24, 1, 0, 1), VISIT_NOT_SEEN },
	/* Nobody without access: the 18th birthday, a pending link. */
	{ VISIT_SEE, V(ACCESS_NONE, 0, B, DAY, HOUR, 1, 24, 0, 0, 0), VISIT_NOT_SEEN },
	{ VISIT_SEE, V(ACCESS__MAX, 0, B, DAY, HOUR, 1, 24, 0, 0, 0), VISIT_NOT_SEEN },
	/* Past and cancelled visits are seen, not acted on. */
	{ VISIT_SEE, V(F, 0, VSTAT_COMPLETED, -DAY, HOUR, -1, 24, 0, 0, 0), VISIT_OK },
	{ VISIT_SEE, V(F, 0, VSTAT_CANCELLED, DAY, HOUR, 1, 24, 0, 0, 0), VISIT_OK },
	{ VISIT_CONFIRM, V(F, 0, VSTAT_CANCELLED, DAY, HOUR, 1, 24, 0, 0, 0),
	    VISIT_NOT_UPCOMING },
	{ VISIT_CANCEL, V(F, 0, VSTAT_NOSHOW, DAY, HOUR, 1, 0, 0, 0, 0),
	    VISIT_NOT_UPCOMING },
	{ VISIT_CHECKIN, V(F, 0, VSTAT_OTHER, DAY, HOUR, 1, 0, 0, 0, 0),
	    VISIT_NOT_UPCOMING },
	{ VISIT_CONFIRM, V(F, 0, B, -1, HOUR, 0, 24, 0, 0, 0), VISIT_NOT_UPCOMING },
	{ VISIT_CANCEL, V(F, 0, B, 0, HOUR, 0, 0, 0, 0, 0), VISIT_NOT_UPCOMING },
	{ VISIT_CHECKIN, V(F, 0, B, -MIN, HOUR, 0, 0, 0, 0, 0), VISIT_NOT_UPCOMING },
	/* Confirm: the 30 calendar days, edges; once. */
	{ VISIT_CONFIRM, V(F, 0, B, 30 * DAY + 20 * HOUR, HOUR, 30, 24, 0, 0, 0),
	    VISIT_OK },
	{ VISIT_CONFIRM, V(F, 0, B, 30 * DAY + 2 * HOUR, HOUR, 31, 24, 0, 0, 0),
	    VISIT_TOO_FAR },
	{ VISIT_CONFIRM, V(F, 0, B, MIN, HOUR, 0, 24, 0, 0, 0), VISIT_OK },
	{ VISIT_CONFIRM, V(F, 0, B, DAY, HOUR, 1, 24, 0, 1, 0), VISIT_ALREADY },
	/* Pre-check-in: the same window; the last minute before the start. */
	{ VISIT_CHECKIN, V(F, 0, B, 30 * DAY, HOUR, 30, 24, 0, 0, 0), VISIT_OK },
	{ VISIT_CHECKIN, V(F, 0, B, 31 * DAY, HOUR, 31, 24, 0, 0, 0), VISIT_TOO_FAR },
	{ VISIT_CHECKIN, V(F, 0, B, 1, HOUR, 0, 24, 0, 0, 0), VISIT_OK },
	/*
	 * A daylight-saving change between now and the visit: 30 calendar
	 * days hold 30 * 24 - 1 hours (spring) or + 1 (autumn). The day
	 * numbers decide, not the hours.
	 */
	{ VISIT_CHECKIN, V(F, 0, B, 30 * DAY - HOUR + 10 * MIN, HOUR, 30, 24, 0,
	    0, 0), VISIT_OK },
	{ VISIT_CHECKIN, V(F, 0, B, 30 * DAY + 23 * HOUR, HOUR, 30, 24, 0, 0, 0),
	    VISIT_OK },
	{ VISIT_CONFIRM, V(F, 0, B, 30 * DAY - 30 * MIN, HOUR, 31, 24, 0, 0, 0),
	    VISIT_TOO_FAR },
	/* Cancel: the minimum notice in real seconds, edges. */
	{ VISIT_CANCEL, V(F, 0, B, 24 * HOUR, HOUR, 1, 24, 0, 0, 0), VISIT_OK },
	{ VISIT_CANCEL, V(F, 0, B, 24 * HOUR - 1, HOUR, 1, 24, 0, 0, 0),
	    VISIT_INSIDE_NOTICE },
	{ VISIT_CANCEL, V(F, 0, B, 48 * HOUR, HOUR, 2, 48, 0, 0, 0), VISIT_OK },
	{ VISIT_CANCEL, V(F, 0, B, 47 * HOUR, HOUR, 2, 48, 0, 0, 0),
	    VISIT_INSIDE_NOTICE },
	{ VISIT_CANCEL, V(F, 0, B, 1, HOUR, 0, 0, 0, 0, 0), VISIT_OK },
	{ VISIT_CANCEL, V(F, 0, B, 400 * DAY, HOUR, 400, 24, 0, 0, 0), VISIT_OK },
	{ VISIT_CANCEL, V(F, 0, B, DAY, HOUR, 1, -1, 0, 0, 0), VISIT_INSIDE_NOTICE },
	/* Join: video, booked, not ended, checked in, 15 minutes before. */
	{ VISIT_JOIN, V(F, 0, B, 15 * MIN, HOUR, 0, 24, 1, 0, 1), VISIT_OK },
	{ VISIT_JOIN, V(F, 0, B, 16 * MIN, HOUR, 0, 24, 1, 0, 1),
	    VISIT_NOT_OPEN_YET },
	{ VISIT_JOIN, V(F, 0, B, 15 * MIN + 1, HOUR, 0, 24, 1, 0, 1),
	    VISIT_NOT_OPEN_YET },
	{ VISIT_JOIN, V(F, 0, B, -30 * MIN, HOUR, 0, 24, 1, 0, 1), VISIT_OK },
	{ VISIT_JOIN, V(F, 0, B, -HOUR + 1, HOUR, 0, 24, 1, 0, 1), VISIT_OK },
	{ VISIT_JOIN, V(F, 0, B, -HOUR, HOUR, 0, 24, 1, 0, 1), VISIT_OVER },
	{ VISIT_JOIN, V(F, 0, B, -2 * HOUR, HOUR, 0, 24, 1, 0, 1), VISIT_OVER },
	{ VISIT_JOIN, V(F, 0, B, 5 * MIN, HOUR, 0, 24, 1, 0, 0),
	    VISIT_NEED_CHECKIN },
	{ VISIT_JOIN, V(F, 0, B, 16 * MIN, HOUR, 0, 24, 1, 0, 0),
	    VISIT_NEED_CHECKIN },
	{ VISIT_JOIN, V(F, 0, B, 5 * MIN, HOUR, 0, 24, 0, 0, 1), VISIT_NOT_VIDEO },
	{ VISIT_JOIN, V(F, 0, VSTAT_CANCELLED, 5 * MIN, HOUR, 0, 24, 1, 0, 1),
	    VISIT_NOT_UPCOMING },
	{ VISIT_JOIN, V(F, 1, B, 5 * MIN, HOUR, 0, 24, 1, 0, 1), VISIT_OK },
	{ VISIT_JOIN, V(T, 0, B, 5 * MIN, HOUR, 0, 24, 1, 0, 1), VISIT_OK },
	/* An act the table does not name. */
	{ VISIT_ACT__MAX, V(F, 0, B, DAY, HOUR, 1, 24, 1, 0, 1), VISIT_NOT_SEEN },
};

/* level, self_schedule, seen_here, withdrawn, now, start */
static const struct {
	struct visit_book_facts	 f;
	enum book_verdict	 want;
} books[] = {
	{ { F, 1, 1, 0, NOW, NOW + DAY }, BOOK_OK },
	{ { T, 1, 1, 0, NOW, NOW + DAY }, BOOK_OK },
	{ { F, 1, 1, 0, NOW, NOW + HOUR }, BOOK_OK },
	{ { F, 1, 1, 0, NOW, NOW + HOUR - 1 }, BOOK_GONE },
	{ { F, 1, 1, 0, NOW, NOW - DAY }, BOOK_GONE },		/* past */
	{ { F, 1, 1, 1, NOW, NOW + DAY }, BOOK_GONE },		/* withdrawn */
	{ { F, 0, 1, 0, NOW, NOW + DAY }, BOOK_NOT_SELF },
	{ { F, 1, 0, 0, NOW, NOW + DAY }, BOOK_NOT_SEEN_HERE },
	{ { F, 0, 0, 1, NOW, NOW - DAY }, BOOK_NOT_SELF },	/* first need */
	{ { ACCESS_NONE, 1, 1, 0, NOW, NOW + DAY }, BOOK_NOT_SEEN },
	{ { ACCESS__MAX, 1, 1, 0, NOW, NOW + DAY }, BOOK_NOT_SEEN },
};

static const struct {
	const char		*name;
	enum visit_status	 want;
} statuses[] = {
	{ "booked", VSTAT_BOOKED },
	{ "cancelled", VSTAT_CANCELLED },
	{ "noshow", VSTAT_NOSHOW },
	{ "completed", VSTAT_COMPLETED },
	{ "Booked", VSTAT_OTHER },
	{ "", VSTAT_OTHER },
	{ NULL, VSTAT_OTHER },
};

/* Confidential clinics (conf visit_confidential_clinics) and where a
 * document places a visit. */
#define CLINICS	"Adolescent Medicine, Adolescent Substance Abuse, " \
	"Child Protection, Gynecolog"
static const struct {
	const char	*clinics, *where;
	int		 want;
} clinics[] = {
	{ CLINICS, "Gynecology", 1 },
	{ CLINICS, "Pediatric and Adolescent Gynecologic Clinic", 1 },
	{ CLINICS, "GYNECOLOGY, Physician", 1 },
	{ CLINICS, "Adolescent Substance Abuse Program", 1 },
	{ CLINICS, "Child Protection Team", 1 },
	{ CLINICS, "adolescent medicine clinic", 1 },
	{ CLINICS, "Cardiology", 0 },
	{ CLINICS, "Adolescent", 0 },
	{ CLINICS, "Gyn", 0 },
	{ CLINICS, "", 0 },
	{ CLINICS, NULL, 0 },
	{ NULL, "Gynecology", 0 },
	{ "", "Gynecology", 0 },
	{ " , ,", "Gynecology", 0 },
	{ " Cardiology ,", "Pediatric Cardiology", 1 },
	{ "Cardiology", "Cardiolog", 0 },
};

int
main(void)
{
	char	 what[96];
	size_t	 i;

	for (i = 0; i < NELEM(clinics); i++) {
		snprintf(what, sizeof(what), "clinic row %zu", i);
		T_INT(policy_visit_clinic_confidential(clinics[i].clinics,
		    clinics[i].where), clinics[i].want, what);
	}

	for (i = 0; i < NELEM(rows); i++) {
		snprintf(what, sizeof(what), "policy_visit row %zu", i);
		T_INT(policy_visit(rows[i].act, &rows[i].f), rows[i].want, what);
	}
	T_INT(policy_visit(VISIT_SEE, NULL), VISIT_NOT_SEEN, "no facts");
	for (i = 0; i < NELEM(books); i++) {
		snprintf(what, sizeof(what), "policy_visit_book row %zu", i);
		T_INT(policy_visit_book(&books[i].f), books[i].want, what);
	}
	T_INT(policy_visit_book(NULL), BOOK_NOT_SEEN, "no book facts");
	for (i = 0; i < NELEM(statuses); i++) {
		snprintf(what, sizeof(what), "status %s",
		    statuses[i].name ? statuses[i].name : "NULL");
		T_INT(policy_visit_status(statuses[i].name), statuses[i].want,
		    what);
	}
	T_INT(policy_visit_join_opens(NOW), NOW - 15 * MIN, "join opens");
	T_STR(policy_visit_verdict_name(VISIT_INSIDE_NOTICE), "inside_notice",
	    "verdict name");
	T_STR(policy_visit_verdict_name(VISIT_VERDICT__MAX), "", "name __MAX");
	T_STR(policy_book_verdict_name(BOOK_NOT_SEEN_HERE), "not_seen_here",
	    "book name");
	T_INT(policy_visit_sees_confidential(ACCESS_FULL), 1, "full sees conf");
	T_INT(policy_visit_sees_confidential(ACCESS_PROXY_TEEN), 0,
	    "teen's parent does not see conf");
	T_INT(policy_visit_sees_confidential(ACCESS_NONE), 0, "none");
	/* Visit requests: a teen's parent sees only their own. */
	T_INT(policy_visit_request_sees(ACCESS_FULL, 0), 1, "request full");
	T_INT(policy_visit_request_sees(ACCESS_FULL, 1), 1, "request full own");
	T_INT(policy_visit_request_sees(ACCESS_PROXY_TEEN, 1), 1,
	    "request teen parent own");
	T_INT(policy_visit_request_sees(ACCESS_PROXY_TEEN, 0), 0,
	    "request teen parent, the teen's");
	T_INT(policy_visit_request_sees(ACCESS_NONE, 1), 0, "request none");
	return t_done("test_policy_visit");
}
