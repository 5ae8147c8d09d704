/*
 * Who may do what with a visit, and when (policy_visit.h). Two steps,
 * each a table: who sees the visit at all (access level and
 * confidentiality), then what each act needs of the visit and the
 * clock, checked in the order the table names so that the first unmet
 * need is the one the page explains.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "policy_visit.h"

#define NELEM(x)	(sizeof(x) / sizeof((x)[0]))
#define HOUR		3600L

static const char *const status_names[VSTAT__MAX] = {
	[VSTAT_BOOKED] = "booked",
	[VSTAT_CANCELLED] = "cancelled",
	[VSTAT_NOSHOW] = "noshow",
	[VSTAT_COMPLETED] = "completed",
};

enum visit_status
policy_visit_status(const char *name)
{
	size_t	 i;

	if (name == NULL)
		return VSTAT_OTHER;
	for (i = 0; i < VSTAT__MAX; i++)
		if (status_names[i] != NULL && strcmp(status_names[i], name) == 0)
			return (enum visit_status)i;
	return VSTAT_OTHER;
}

/* Who sees a visit: first row that matches; none: not seen. */
static const struct {
	enum access_level	 level;
	int			 confidential;
	int			 sees;
	const char		*text;
} seers[] = {
	{ ACCESS_FULL, 0, 1, "an account with full access (the patient "
	    "themself, a parent or guardian of a child under 13 or of an adult "
	    "with guardianship papers, a DCF caseworker): every visit" },
	{ ACCESS_FULL, 1, 1, NULL },
	{ ACCESS_PROXY_TEEN, 0, 1, "a parent or guardian of a 13-17-year-old: "
	    "the visits that are not confidential care" },
	{ ACCESS_PROXY_TEEN, 1, 0, "a parent or guardian of a 13-17-year-old: "
	    "never a confidential visit (not listed, no details, no action); "
	    "the teen sees and manages it" },
};

/* What each act needs, in order. */
enum need {
	NEED_END,
	NEED_BOOKED,		/* status booked */
	NEED_NOT_BEGUN,		/* now < start */
	NEED_NOT_ENDED,		/* now < end */
	NEED_WINDOW,		/* day - today <= 30 */
	NEED_NOTICE,		/* start - now >= notice */
	NEED_NOT_CONFIRMED,
	NEED_VIDEO,
	NEED_CHECKED_IN,
	NEED_JOIN_OPEN,		/* now >= start - 15 minutes */
};

static const struct {
	enum visit_act	 act;
	enum need	 needs[7];
	const char	*text;
} acts[] = {
	{ VISIT_SEE, { NEED_END },
	    "see: upcoming and past visits, their details and calendar file" },
	{ VISIT_CONFIRM, { NEED_BOOKED, NEED_NOT_BEGUN, NEED_WINDOW,
	    NEED_NOT_CONFIRMED, NEED_END },
	    "confirm: a booked visit that has not begun, on one of the next "
	    "30 calendar days of the hospital's time zone, not confirmed yet" },
	{ VISIT_CANCEL, { NEED_BOOKED, NEED_NOT_BEGUN, NEED_NOTICE, NEED_END },
	    "cancel: a booked visit that has not begun, at least the visit "
	    "type's minimum notice (hours, counted in real time) before its "
	    "start; inside it the page gives the clinic's phone number" },
	{ VISIT_CHECKIN, { NEED_BOOKED, NEED_NOT_BEGUN, NEED_WINDOW, NEED_END },
	    "pre-check-in (contact, insurance, copay, documents, each step on "
	    "its own): a booked visit that has not begun, on one of the next 30 "
	    "calendar days" },
	{ VISIT_JOIN, { NEED_VIDEO, NEED_BOOKED, NEED_NOT_ENDED,
	    NEED_CHECKED_IN, NEED_JOIN_OPEN, NEED_END },
	    "begin video visit: a booked video visit, after every pre-check-in "
	    "step is done, from 15 minutes before its start until its end" },
};

/* VISIT_OK if f meets need n, else the verdict that explains it. */
static enum visit_verdict
meets(enum need n, const struct visit_facts *f)
{
	switch (n) {
	case NEED_END:
		return VISIT_OK;
	case NEED_BOOKED:
		return f->status == VSTAT_BOOKED ? VISIT_OK : VISIT_NOT_UPCOMING;
	case NEED_NOT_BEGUN:
		return f->now < f->start ? VISIT_OK : VISIT_NOT_UPCOMING;
	case NEED_NOT_ENDED:
		return f->now < f->end ? VISIT_OK : VISIT_OVER;
	case NEED_WINDOW:
		return f->day - f->today <= VISIT_WINDOW_DAYS ? VISIT_OK :
		    VISIT_TOO_FAR;
	case NEED_NOTICE:
		return f->notice_hours >= 0 &&
		    (long long)f->start - f->now >= (long long)f->notice_hours * HOUR ?
		    VISIT_OK : VISIT_INSIDE_NOTICE;
	case NEED_NOT_CONFIRMED:
		return f->confirmed ? VISIT_ALREADY : VISIT_OK;
	case NEED_VIDEO:
		return f->video ? VISIT_OK : VISIT_NOT_VIDEO;
	case NEED_CHECKED_IN:
		return f->checked_in ? VISIT_OK : VISIT_NEED_CHECKIN;
	case NEED_JOIN_OPEN:
		return f->now >= policy_visit_join_opens(f->start) ? VISIT_OK :
		    VISIT_NOT_OPEN_YET;
	}
	return VISIT_NOT_SEEN;
}

static int
sees(const struct visit_facts *f)
{
	size_t	 i;

	for (i = 0; i < NELEM(seers); i++)
		if (seers[i].level == f->level &&
		    seers[i].confidential == (f->confidential != 0))
			return seers[i].sees;
	return 0;
}

int
policy_visit_sees_confidential(enum access_level level)
{
	struct visit_facts	 f;

	memset(&f, 0, sizeof(f));
	f.level = level;
	f.confidential = 1;
	return sees(&f);
}

/* 1 if s holds the n bytes of p, letter case aside. */
static int
holds(const char *s, const char *p, size_t n)
{
	for (; *s != '\0'; s++)
		if (strncasecmp(s, p, n) == 0)
			return 1;
	return 0;
}

int
policy_visit_clinic_confidential(const char *clinics, const char *where)
{
	const char	*p = clinics, *e;
	size_t		 n;

	if (clinics == NULL || where == NULL)
		return 0;
	while (*p != '\0') {
		while (*p == ' ' || *p == ',')
			p++;
		for (e = p; *e != '\0' && *e != ','; e++)
			;
		for (n = (size_t)(e - p); n > 0 && p[n - 1] == ' '; n--)
			;
		if (n > 0 && holds(where, p, n))
			return 1;
		p = e;
	}
	return 0;
}

enum visit_verdict
policy_visit(enum visit_act act, const struct visit_facts *f)
{
	enum visit_verdict	 v;
	size_t			 i, j;

	if (f == NULL || !sees(f))
		return VISIT_NOT_SEEN;
	for (i = 0; i < NELEM(acts); i++) {
		if (acts[i].act != act)
			continue;
		for (j = 0; j < NELEM(acts[i].needs); j++) {
			if (acts[i].needs[j] == NEED_END)
				return VISIT_OK;
			if ((v = meets(acts[i].needs[j], f)) != VISIT_OK)
				return v;
		}
	}
	return VISIT_NOT_SEEN;
}

time_t
policy_visit_join_opens(time_t start)
{
	return start - VISIT_JOIN_EARLY;
}

static const char *const verdict_names[VISIT_VERDICT__MAX] = {
	[VISIT_OK] = "ok",
	[VISIT_NOT_SEEN] = "not_seen",
	[VISIT_NOT_UPCOMING] = "not_upcoming",
	[VISIT_TOO_FAR] = "too_far",
	[VISIT_INSIDE_NOTICE] = "inside_notice",
	[VISIT_ALREADY] = "already",
	[VISIT_NOT_VIDEO] = "not_video",
	[VISIT_NEED_CHECKIN] = "need_checkin",
	[VISIT_NOT_OPEN_YET] = "not_open_yet",
	[VISIT_OVER] = "over",
};

const char *
policy_visit_verdict_name(enum visit_verdict v)
{
	return (unsigned)v < VISIT_VERDICT__MAX ? verdict_names[v] : "";
}

/* Booking a slot: each row a need, in order; the first unmet one is the
 * answer. */
static const struct {
	enum book_verdict	 fails;
	const char		*text;
} book_rows[] = {
	{ BOOK_NOT_SEEN, "the account has access to the patient today (a "
	    "parent of a 13-17-year-old may book too: a booked visit is not "
	    "confidential care unless the clinic marks it)" },
	{ BOOK_NOT_SELF, "the clinic lets families self-schedule the slot's "
	    "visit type" },
	{ BOOK_NOT_SEEN_HERE, "the patient has been seen in that clinic (a past "
	    "visit there that was not cancelled or missed, or a visit in an "
	    "imported record in a department of that name); otherwise: "
	    "request a visit" },
	{ BOOK_GONE, "the slot is not withdrawn and starts at least an hour "
	    "from now" },
};

static int
book_meets(enum book_verdict v, const struct visit_book_facts *f)
{
	switch (v) {
	case BOOK_NOT_SEEN:
		return f->level == ACCESS_FULL || f->level == ACCESS_PROXY_TEEN;
	case BOOK_NOT_SELF:
		return f->self_schedule != 0;
	case BOOK_NOT_SEEN_HERE:
		return f->seen_here != 0;
	case BOOK_GONE:
		return !f->withdrawn &&
		    (long long)f->start - f->now >= VISIT_BOOK_LEAD;
	default:
		return 0;
	}
}

enum book_verdict
policy_visit_book(const struct visit_book_facts *f)
{
	size_t	 i;

	if (f == NULL)
		return BOOK_NOT_SEEN;
	for (i = 0; i < NELEM(book_rows); i++)
		if (!book_meets(book_rows[i].fails, f))
			return book_rows[i].fails;
	return BOOK_OK;
}

static const char *const book_names[BOOK_VERDICT__MAX] = {
	[BOOK_OK] = "ok",
	[BOOK_NOT_SEEN] = "not_seen",
	[BOOK_NOT_SELF] = "not_self_schedule",
	[BOOK_NOT_SEEN_HERE] = "not_seen_here",
	[BOOK_GONE] = "gone",
};

const char *
policy_book_verdict_name(enum book_verdict v)
{
	return (unsigned)v < BOOK_VERDICT__MAX ? book_names[v] : "";
}

int
policy_visit_request_sees(enum access_level level, int asked_by_caller)
{
	return level == ACCESS_FULL ||
	    (level == ACCESS_PROXY_TEEN && asked_by_caller);
}

void
policy_print_visits(FILE *out)
{
	size_t	 i;

	fprintf(out, "VISITS (F-VISIT 1-7)\n");
	policy_print_para(out, 2, "", "Who sees a visit (nobody without access "
	    "to the patient today: the 18th birthday ends a parent's access to "
	    "visits with the rest):", "");
	for (i = 0; i < NELEM(seers); i++)
		if (seers[i].text != NULL)
			policy_print_para(out, 2, "- ", seers[i].text, ".");
	policy_print_para(out, 2, "", "What those who see a visit may do with "
	    "it, and when:", "");
	for (i = 0; i < NELEM(acts); i++)
		policy_print_para(out, 2, "- ", acts[i].text, ".");
	policy_print_para(out, 2, "", "Self-scheduling a slot needs, in "
	    "order:", "");
	for (i = 0; i < NELEM(book_rows); i++)
		policy_print_para(out, 2, "- ", book_rows[i].text, ".");
	policy_print_para(out, 2, "", "Requesting a visit (the clinic calls "
	    "back) is open to every account with access to the patient. "
	    "Another patient's visit, or one the caller does not see, gets the "
	    "answer of a missing one, and the refusal is audited. A parent or "
	    "guardian of a 13-17-year-old sees only the visit requests they "
	    "sent themselves, never the teen's.", "");
	fputc('\n', out);
}
