/*
 * Answer due times (SPEC F-MSG 3, lib/bizday.h) in America/New_York: the
 * FAQ's example; whole weeks hour by hour, their expectations listed per
 * day; the 8 a.m. and 5 p.m. edges to the second; holidays on the day a
 * message counts from, on the due day and in runs; Thanksgiving,
 * Christmas and the year's end; both daylight-saving weekends with their
 * UTC offsets; then a property check of 10,000 pseudo-random times in 2026
 * against a slow reference built another way (mktime and a linear scan).
 * Last, the holidays table and "portalctl holiday" on a temporary
 * database. Tests run from the project root ("sql" is the real folder).
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "arena.h"
#include "audit.h"
#include "bizday.h"
#include "holiday.h"
#include "db.h"
#include "db_sqlite.h"
#include "store_holidays.h"
#include "t.h"

#define NELEM(x)	(sizeof(x) / sizeof((x)[0]))

/* The test hospital's holidays: US federal days off as a hospital might
 * keep them, a Saturday (harmless), and a made-up week-long closure. */
static const char *const holidays[] = {
	"2025-12-25",			/* Thursday */
	"2026-01-01",			/* Thursday */
	"2026-01-19",			/* Monday: Martin Luther King Jr. Day */
	"2026-02-16",			/* Monday: Presidents' Day */
	"2026-05-25",			/* Monday: Memorial Day */
	"2026-06-19",			/* Friday: Juneteenth */
	"2026-07-03",			/* Friday: Independence Day observed */
	"2026-07-04",			/* Saturday */
	"2026-08-10", "2026-08-11", "2026-08-12", "2026-08-13",
	"2026-08-14",			/* Monday to Friday: a closure */
	"2026-09-07",			/* Monday: Labor Day */
	"2026-11-26", "2026-11-27",	/* Thanksgiving and the day after */
	"2026-12-24", "2026-12-25",	/* Thursday, Friday */
	"2027-01-01",			/* Friday */
};
static const struct bizday_cal cal = { holidays, NELEM(holidays) };

/* "YYYY-MM-DD HH:MM:SS" as local time (the offset in force then). */
static time_t
loc(const char *s)
{
	struct tm	 tm;

	memset(&tm, 0, sizeof(tm));
	if (sscanf(s, "%d-%d-%d %d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
	    &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6) {
		fprintf(stderr, "bad test time %s\n", s);
		exit(1);
	}
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	tm.tm_isdst = -1;
	return mktime(&tm);
}

/* "YYYY-MM-DD HH:MM:SS" as UTC. */
static time_t
utc(const char *s)
{
	struct tm	 tm;

	memset(&tm, 0, sizeof(tm));
	if (sscanf(s, "%d-%d-%d %d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
	    &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6) {
		fprintf(stderr, "bad test time %s\n", s);
		exit(1);
	}
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return timegm(&tm);
}

/* t as local "YYYY-MM-DD HH:MM:SS" (rotating buffers: two per check). */
static const char *
show(time_t t)
{
	static char	 b[4][32];
	static int	 i;
	struct tm	 tm;

	i = (i + 1) % 4;
	if (t == (time_t)-1 || localtime_r(&t, &tm) == NULL)
		return "(error)";
	strftime(b[i], sizeof(b[i]), "%Y-%m-%d %H:%M:%S", &tm);
	return b[i];
}

static const char *
show_utc(time_t t)
{
	static char	 b[4][32];
	static int	 i;
	struct tm	 tm;

	i = (i + 1) % 4;
	if (t == (time_t)-1 || gmtime_r(&t, &tm) == NULL)
		return "(error)";
	strftime(b[i], sizeof(b[i]), "%Y-%m-%d %H:%M:%S", &tm);
	return b[i];
}

static long
gmtoff(time_t t)
{
	struct tm	 tm;

	localtime_r(&t, &tm);
	return tm.tm_gmtoff;
}

/*
 * Whole weeks, Monday to Sunday: for each day, when a message sent in each
 * hour 00 to 16 is due, and one sent in each hour 17 to 23. Worked out by
 * hand from the rule, with a calendar.
 */
struct day {
	const char	*date;
	const char	*before5, *from5;	/* due days, at 17:00 */
};

static const struct day week_june[7] = {	/* no holiday within reach */
	{ "2026-06-08", "2026-06-10", "2026-06-11" },
	{ "2026-06-09", "2026-06-11", "2026-06-12" },
	{ "2026-06-10", "2026-06-12", "2026-06-15" },
	{ "2026-06-11", "2026-06-15", "2026-06-16" },
	{ "2026-06-12", "2026-06-16", "2026-06-17" },
	{ "2026-06-13", "2026-06-17", "2026-06-17" },
	{ "2026-06-14", "2026-06-17", "2026-06-17" },
};
static const struct day week_thanksgiving[7] = {
	{ "2026-11-23", "2026-11-25", "2026-11-30" },
	{ "2026-11-24", "2026-11-30", "2026-12-01" },
	{ "2026-11-25", "2026-12-01", "2026-12-02" },
	{ "2026-11-26", "2026-12-02", "2026-12-02" },	/* holiday */
	{ "2026-11-27", "2026-12-02", "2026-12-02" },	/* holiday */
	{ "2026-11-28", "2026-12-02", "2026-12-02" },
	{ "2026-11-29", "2026-12-02", "2026-12-02" },
};
static const struct day week_christmas[7] = {
	{ "2026-12-21", "2026-12-23", "2026-12-28" },
	{ "2026-12-22", "2026-12-28", "2026-12-29" },
	{ "2026-12-23", "2026-12-29", "2026-12-30" },
	{ "2026-12-24", "2026-12-30", "2026-12-30" },	/* holiday */
	{ "2026-12-25", "2026-12-30", "2026-12-30" },	/* holiday */
	{ "2026-12-26", "2026-12-30", "2026-12-30" },
	{ "2026-12-27", "2026-12-30", "2026-12-30" },
};
static const struct day week_newyear[7] = {
	{ "2026-12-28", "2026-12-30", "2026-12-31" },
	{ "2026-12-29", "2026-12-31", "2027-01-04" },
	{ "2026-12-30", "2027-01-04", "2027-01-05" },
	{ "2026-12-31", "2027-01-05", "2027-01-06" },
	{ "2027-01-01", "2027-01-06", "2027-01-06" },	/* holiday */
	{ "2027-01-02", "2027-01-06", "2027-01-06" },
	{ "2027-01-03", "2027-01-06", "2027-01-06" },
};
static const struct day week_spring[7] = {	/* clocks forward Sunday 2 a.m. */
	{ "2026-03-02", "2026-03-04", "2026-03-05" },
	{ "2026-03-03", "2026-03-05", "2026-03-06" },
	{ "2026-03-04", "2026-03-06", "2026-03-09" },
	{ "2026-03-05", "2026-03-09", "2026-03-10" },
	{ "2026-03-06", "2026-03-10", "2026-03-11" },
	{ "2026-03-07", "2026-03-11", "2026-03-11" },
	{ "2026-03-08", "2026-03-11", "2026-03-11" },
};
static const struct day week_fall[7] = {	/* clocks back Sunday 2 a.m. */
	{ "2026-10-26", "2026-10-28", "2026-10-29" },
	{ "2026-10-27", "2026-10-29", "2026-10-30" },
	{ "2026-10-28", "2026-10-30", "2026-11-02" },
	{ "2026-10-29", "2026-11-02", "2026-11-03" },
	{ "2026-10-30", "2026-11-03", "2026-11-04" },
	{ "2026-10-31", "2026-11-04", "2026-11-04" },
	{ "2026-11-01", "2026-11-04", "2026-11-04" },
};

static void
test_week(const char *name, const struct day *w)
{
	char		 s[32], want[32];
	struct tm	 tm;
	time_t		 t;
	int		 i, h, mm;

	for (i = 0; i < 7; i++) {
		/* The table itself: Monday to Sunday. */
		t = loc(strcat(strcpy(s, w[i].date), " 12:00:00"));
		localtime_r(&t, &tm);
		T_INT(tm.tm_wday, (i + 1) % 7, "weekday of a week table's row");
		for (h = 0; h < 24; h++)
			for (mm = 0; mm < 2; mm++) {
				snprintf(s, sizeof(s), "%s %02d:%s", w[i].date, h,
				    mm ? "59:59" : "00:00");
				snprintf(want, sizeof(want), "%s 17:00:00",
				    h < BIZDAY_CLOSE ? w[i].before5 : w[i].from5);
				T_OK(strcmp(show(bizday_due(loc(s), &cal)), want) == 0,
				    "%s week: sent %s: due %s, want %s", name, s,
				    show(bizday_due(loc(s), &cal)), want);
			}
	}
}

/* Sent and due, both local. */
static const struct {
	const char	*sent, *due, *why;
} vectors[] = {
	{ "2026-11-20 18:00:00", "2026-11-25 17:00:00", "the FAQ: Friday 6 p.m." },
	{ "2026-06-12 18:00:00", "2026-06-17 17:00:00", "another Friday 6 p.m." },
	{ "2026-06-08 10:00:00", "2026-06-10 17:00:00", "Monday 10 a.m." },
	/* The edges of the day, to the second. */
	{ "2026-06-07 23:59:59", "2026-06-10 17:00:00", "Sunday's last second" },
	{ "2026-06-08 00:00:00", "2026-06-10 17:00:00", "Monday midnight" },
	{ "2026-06-08 07:59:59", "2026-06-10 17:00:00", "Monday 07:59:59" },
	{ "2026-06-08 08:00:00", "2026-06-10 17:00:00", "Monday 08:00" },
	{ "2026-06-08 16:59:59", "2026-06-10 17:00:00", "Monday 16:59:59" },
	{ "2026-06-08 17:00:00", "2026-06-11 17:00:00", "Monday 17:00" },
	{ "2026-06-08 23:59:59", "2026-06-11 17:00:00", "Monday 23:59:59" },
	{ "2026-06-12 07:59:59", "2026-06-16 17:00:00", "Friday 07:59:59" },
	{ "2026-06-12 16:59:59", "2026-06-16 17:00:00", "Friday 16:59:59" },
	{ "2026-06-12 17:00:00", "2026-06-17 17:00:00", "Friday 17:00" },
	/* A holiday on the due day, on the day it counts from, between. */
	{ "2026-05-21 10:00:00", "2026-05-26 17:00:00", "due day Memorial Day" },
	{ "2026-05-25 10:00:00", "2026-05-28 17:00:00", "sent on Memorial Day" },
	{ "2026-05-22 09:00:00", "2026-05-27 17:00:00", "Memorial Day between" },
	{ "2026-06-17 12:00:00", "2026-06-22 17:00:00", "due day Juneteenth" },
	{ "2026-06-18 10:00:00", "2026-06-23 17:00:00", "Juneteenth between" },
	{ "2026-06-19 10:00:00", "2026-06-24 17:00:00", "sent on Juneteenth" },
	{ "2026-07-02 18:00:00", "2026-07-08 17:00:00", "Thursday before July 3" },
	{ "2026-07-04 12:00:00", "2026-07-08 17:00:00", "Saturday holiday" },
	/* A weekend and a Monday holiday. */
	{ "2026-01-16 18:00:00", "2026-01-22 17:00:00", "Friday before MLK Day" },
	{ "2026-01-17 12:00:00", "2026-01-22 17:00:00", "Saturday before MLK Day" },
	{ "2026-01-19 09:00:00", "2026-01-22 17:00:00", "on MLK Day" },
	{ "2026-01-20 07:00:00", "2026-01-22 17:00:00", "Tuesday after, early" },
	{ "2026-02-13 17:30:00", "2026-02-19 17:00:00", "Friday before Presidents' Day" },
	{ "2026-09-04 17:00:00", "2026-09-10 17:00:00", "Friday before Labor Day" },
	{ "2026-09-03 16:00:00", "2026-09-08 17:00:00", "Thursday before Labor Day" },
	/* A run of holidays: the closure of 10-14 August. */
	{ "2026-08-06 12:00:00", "2026-08-17 17:00:00", "Thursday before a closure" },
	{ "2026-08-07 10:00:00", "2026-08-18 17:00:00", "Friday before, in hours" },
	{ "2026-08-07 17:00:00", "2026-08-19 17:00:00", "Friday before, 17:00" },
	{ "2026-08-08 10:00:00", "2026-08-19 17:00:00", "weekend before a closure" },
	{ "2026-08-12 12:00:00", "2026-08-19 17:00:00", "during a closure" },
	{ "2026-08-14 23:00:00", "2026-08-19 17:00:00", "its last evening" },
	/* Thanksgiving, Christmas, the year's end. */
	{ "2026-11-25 10:00:00", "2026-12-01 17:00:00", "Wednesday before Thanksgiving" },
	{ "2026-11-26 10:00:00", "2026-12-02 17:00:00", "on Thanksgiving" },
	{ "2025-12-24 12:00:00", "2025-12-29 17:00:00", "Christmas Eve 2025" },
	{ "2025-12-31 12:00:00", "2026-01-05 17:00:00", "31 December, in hours" },
	{ "2025-12-31 18:00:00", "2026-01-06 17:00:00", "31 December, evening" },
	{ "2026-12-31 17:00:00", "2027-01-06 17:00:00", "31 December 2026, 17:00" },
	{ "2027-01-01 00:00:00", "2027-01-06 17:00:00", "New Year's Day" },
	/* A leap day (2028-02-29 is a Tuesday). */
	{ "2028-02-28 18:00:00", "2028-03-02 17:00:00", "Monday before 29 February" },
};

static void
test_vectors(void)
{
	size_t	 i;
	time_t	 due;

	for (i = 0; i < NELEM(vectors); i++) {
		due = bizday_due(loc(vectors[i].sent), &cal);
		T_OK(strcmp(show(due), vectors[i].due) == 0,
		    "%s: sent %s: due %s, want %s", vectors[i].why,
		    vectors[i].sent, show(due), vectors[i].due);
	}
}

/* Across the changes of offset, in UTC, with the interval in seconds. */
static const struct {
	const char	*sent, *due;	/* UTC */
	long		 off_sent, off_due;
	const char	*why;
} dst[] = {
	/* 8 March 2026: 02:00 EST becomes 03:00 EDT. */
	{ "2026-03-06 23:00:00", "2026-03-11 21:00:00", -18000, -14400,
	    "Friday 18:00 EST -> Wednesday 17:00 EDT" },
	{ "2026-03-06 21:00:00", "2026-03-10 21:00:00", -18000, -14400,
	    "Friday 16:00 EST -> Tuesday 17:00 EDT" },
	{ "2026-03-05 15:00:00", "2026-03-09 21:00:00", -18000, -14400,
	    "Thursday 10:00 EST -> Monday 17:00 EDT" },
	{ "2026-03-08 06:59:59", "2026-03-11 21:00:00", -18000, -14400,
	    "Sunday 01:59:59 EST, the last second before" },
	{ "2026-03-08 07:00:00", "2026-03-11 21:00:00", -14400, -14400,
	    "Sunday 03:00 EDT, the first second after" },
	/* 1 November 2026: 02:00 EDT becomes 01:00 EST. */
	{ "2026-10-30 22:00:00", "2026-11-04 22:00:00", -14400, -18000,
	    "Friday 18:00 EDT -> Wednesday 17:00 EST" },
	{ "2026-10-29 14:00:00", "2026-11-02 22:00:00", -14400, -18000,
	    "Thursday 10:00 EDT -> Monday 17:00 EST" },
	{ "2026-11-01 05:30:00", "2026-11-04 22:00:00", -14400, -18000,
	    "Sunday 01:30 EDT, the first time" },
	{ "2026-11-01 06:30:00", "2026-11-04 22:00:00", -18000, -18000,
	    "Sunday 01:30 EST, the second time" },
};

static void
test_dst(void)
{
	size_t	 i;
	time_t	 sent, due;

	for (i = 0; i < NELEM(dst); i++) {
		sent = utc(dst[i].sent);
		due = bizday_due(sent, &cal);
		T_STR(show_utc(due), dst[i].due, dst[i].why);
		T_STR(show(due) + 11, "17:00:00", dst[i].why);
		T_INT(gmtoff(sent), dst[i].off_sent, dst[i].why);
		T_INT(gmtoff(due), dst[i].off_due, dst[i].why);
	}
	/* Friday 18:00 to Wednesday 17:00 is 119 hours on the wall clock:
	 * 118 real ones in spring, 120 in the fall. */
	T_INT(bizday_due(utc("2026-03-06 23:00:00"), &cal) - utc("2026-03-06 23:00:00"),
	    118 * 3600, "spring forward: seconds to the due time");
	T_INT(bizday_due(utc("2026-10-30 22:00:00"), &cal) - utc("2026-10-30 22:00:00"),
	    120 * 3600, "fall back: seconds to the due time");
	T_INT(bizday_due(loc("2026-06-12 18:00:00"), &cal) - loc("2026-06-12 18:00:00"),
	    119 * 3600, "no change: seconds to the due time");
}

static const struct {
	const char	*sent, *from;
} froms[] = {
	{ "2026-11-20 18:00:00", "2026-11-23" },
	{ "2026-06-08 07:59:59", "2026-06-08" },
	{ "2026-06-08 16:59:59", "2026-06-08" },
	{ "2026-06-08 17:00:00", "2026-06-09" },
	{ "2026-06-13 10:00:00", "2026-06-15" },
	{ "2026-05-25 10:00:00", "2026-05-26" },
	{ "2026-12-23 17:00:00", "2026-12-28" },
	{ "2025-12-31 18:00:00", "2026-01-02" },
	{ "2026-08-08 10:00:00", "2026-08-17" },
};

static const struct {
	int	 y, m, d;
	int	 wday, with_cal, without;
} days[] = {
	{ 2026, 6, 8, 1, 1, 1 },
	{ 2026, 6, 12, 5, 1, 1 },
	{ 2026, 6, 13, 6, 0, 0 },
	{ 2026, 6, 14, 0, 0, 0 },
	{ 2026, 11, 25, 3, 1, 1 },
	{ 2026, 11, 26, 4, 0, 1 },		/* Thanksgiving */
	{ 2026, 7, 4, 6, 0, 0 },		/* a Saturday holiday */
	{ 2025, 12, 25, 4, 0, 1 },
	{ 2027, 1, 1, 5, 0, 1 },
	{ 2024, 2, 29, 4, 1, 1 },		/* a leap day */
	{ 2000, 2, 29, 2, 1, 1 },
	{ 1970, 1, 1, 4, 1, 1 },
	{ 1900, 1, 1, 1, 1, 1 },
	{ 9999, 12, 31, 5, 1, 1 },
	{ 1, 1, 1, 1, 1, 1 },
	{ 2026, 2, 29, -1, 0, 0 },		/* not dates */
	{ 2100, 2, 29, -1, 0, 0 },
	{ 2026, 4, 31, -1, 0, 0 },
	{ 2026, 13, 1, -1, 0, 0 },
	{ 2026, 0, 1, -1, 0, 0 },
	{ 2026, 1, 0, -1, 0, 0 },
	{ 0, 1, 1, -1, 0, 0 },
	{ 10000, 1, 1, -1, 0, 0 },
	{ -5, 1, 1, -1, 0, 0 },
};

static void
test_days(void)
{
	static const char *const none_dates[] = { NULL };
	const struct bizday_cal	 empty = { none_dates, 0 };
	char			 what[64], got[16];
	size_t			 i;
	int			 y, m, d;

	for (i = 0; i < NELEM(days); i++) {
		snprintf(what, sizeof(what), "%d-%d-%d", days[i].y, days[i].m,
		    days[i].d);
		T_INT(bizday_weekday(days[i].y, days[i].m, days[i].d),
		    days[i].wday, what);
		T_INT(bizday_is_business_day(days[i].y, days[i].m, days[i].d, &cal),
		    days[i].with_cal, what);
		T_INT(bizday_is_business_day(days[i].y, days[i].m, days[i].d, NULL),
		    days[i].without, what);
		T_INT(bizday_is_business_day(days[i].y, days[i].m, days[i].d, &empty),
		    days[i].without, what);
	}
	for (i = 0; i < NELEM(froms); i++) {
		y = m = d = 0;
		T_INT(bizday_count_from(loc(froms[i].sent), &cal, &y, &m, &d), 0,
		    froms[i].sent);
		snprintf(got, sizeof(got), "%04d-%02d-%02d", y, m, d);
		T_STR(got, froms[i].from, froms[i].sent);
	}

	y = 2026, m = 11, d = 25;
	T_INT(bizday_next(&y, &m, &d, &cal), 0, "next after 2026-11-25");
	T_INT(y * 10000 + m * 100 + d, 20261130, "next after 2026-11-25");
	y = 2026, m = 12, d = 31;
	T_INT(bizday_next(&y, &m, &d, &cal), 0, "next after 2026-12-31");
	T_INT(y * 10000 + m * 100 + d, 20270104, "next after 2026-12-31");
	y = 2026, m = 12, d = 31;
	T_INT(bizday_next(&y, &m, &d, NULL), 0, "next after 2026-12-31, none");
	T_INT(y * 10000 + m * 100 + d, 20270101, "next after 2026-12-31, none");
	y = 2026, m = 2, d = 30;
	T_INT(bizday_next(&y, &m, &d, &cal), -1, "next after 2026-02-30");
	T_INT(y * 10000 + m * 100 + d, 20260230, "2026-02-30 left alone");
	y = 9999, m = 12, d = 31;
	T_INT(bizday_next(&y, &m, &d, &cal), -1, "next after 9999-12-31");

	/* Without holidays the FAQ holds, and Thanksgiving is a day like any. */
	T_STR(show(bizday_due(loc("2026-11-20 18:00:00"), NULL)),
	    "2026-11-25 17:00:00", "the FAQ without holidays");
	T_STR(show(bizday_due(loc("2026-11-20 18:00:00"), &empty)),
	    "2026-11-25 17:00:00", "the FAQ with an empty calendar");
	T_STR(show(bizday_due(loc("2026-11-25 10:00:00"), NULL)),
	    "2026-11-27 17:00:00", "Thanksgiving week without holidays");

	/* Times that cannot be converted, or whose due day is past 9999. */
	T_INT(bizday_due((time_t)INT64_MAX, &cal), -1, "bizday_due(INT64_MAX)");
	T_INT(bizday_count_from((time_t)INT64_MAX, &cal, &y, &m, &d), -1,
	    "bizday_count_from(INT64_MAX)");
	T_INT(bizday_due(loc("9999-12-30 12:00:00"), &cal), -1,
	    "due after 9999");
}

static const struct {
	const char	*t, *want;
} formats[] = {
	{ "2026-11-25 17:00:00", "Wednesday, November 25, 2026, 5:00 p.m." },
	{ "2026-03-01 00:00:00", "Sunday, March 1, 2026, 12:00 a.m." },
	{ "2026-03-01 00:59:00", "Sunday, March 1, 2026, 12:59 a.m." },
	{ "2026-03-01 11:59:59", "Sunday, March 1, 2026, 11:59 a.m." },
	{ "2026-03-01 12:00:00", "Sunday, March 1, 2026, 12:00 p.m." },
	{ "2026-03-01 12:05:00", "Sunday, March 1, 2026, 12:05 p.m." },
	{ "2026-07-04 09:30:00", "Saturday, July 4, 2026, 9:30 a.m." },
	{ "2026-01-02 13:07:00", "Friday, January 2, 2026, 1:07 p.m." },
	{ "2026-12-31 23:59:59", "Thursday, December 31, 2026, 11:59 p.m." },
	{ "2026-09-14 08:00:00", "Monday, September 14, 2026, 8:00 a.m." },
	{ "2026-10-06 10:00:00", "Tuesday, October 6, 2026, 10:00 a.m." },
	{ "2026-04-30 16:00:00", "Thursday, April 30, 2026, 4:00 p.m." },
	{ "2026-05-01 06:00:00", "Friday, May 1, 2026, 6:00 a.m." },
	{ "2026-06-13 21:00:00", "Saturday, June 13, 2026, 9:00 p.m." },
	{ "2026-08-31 07:00:00", "Monday, August 31, 2026, 7:00 a.m." },
	{ "2026-02-28 15:00:00", "Saturday, February 28, 2026, 3:00 p.m." },
};

static void
test_format(void)
{
	struct arena	*a = arena_new();
	size_t		 i;

	for (i = 0; i < NELEM(formats); i++)
		T_STR(bizday_format(a, loc(formats[i].t)), formats[i].want,
		    formats[i].t);
	T_STR(bizday_format(a, bizday_due(loc("2026-11-20 18:00:00"), &cal)),
	    "Wednesday, November 25, 2026, 5:00 p.m.", "the FAQ's due time");
	T_STR(bizday_format(a, utc("2026-11-01 06:30:00")),
	    "Sunday, November 1, 2026, 1:30 a.m.", "01:30 EST");
	T_STR(bizday_format(a, (time_t)INT64_MAX), NULL, "bizday_format(INT64_MAX)");
	arena_free(a);
}

/*
 * The property check's reference: slow and independent of bizday.c's day
 * numbers. Dates are normalised by mktime at noon; holidays are found by
 * a linear scan.
 */
static int
ref_business(struct tm *day)
{
	char	 s[16];
	size_t	 i;

	if (day->tm_wday == 0 || day->tm_wday == 6)
		return 0;
	strftime(s, sizeof(s), "%Y-%m-%d", day);
	for (i = 0; i < NELEM(holidays); i++)
		if (strcmp(holidays[i], s) == 0)
			return 0;
	return 1;
}

/* The day k days after y-m-d, at noon, normalised. */
static void
ref_day(int y, int m, int d, int k, struct tm *out)
{
	memset(out, 0, sizeof(*out));
	out->tm_year = y - 1900;
	out->tm_mon = m - 1;
	out->tm_mday = d + k;
	out->tm_hour = 12;
	out->tm_isdst = -1;
	mktime(out);
}

static time_t
ref_at5(const struct tm *day)
{
	struct tm	 tm = *day;

	tm.tm_hour = BIZDAY_CLOSE;
	tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	return mktime(&tm);
}

static uint64_t
xorshift(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/*
 * For each sent time: C, the day it counts from, is the first business
 * day whose 17:00 local is after sent (the reference finds it by walking
 * forward from sent's local date); D, the due day, is a business day and
 * exactly BIZDAY_WITHIN business days lie in (C, D], so exactly one lies
 * strictly between C and D. The due time is 17:00:00 local on D, after
 * sent. Failures are counted per property; the first of each is shown.
 */
static void
test_property(void)
{
	enum { P_FROM, P_AFTER, P_FIVE, P_BUSINESS, P_BETWEEN, P_REF, P__MAX };
	static const char *const pname[P__MAX] = {
		"count-from day is the reference's",
		"due is after sent",
		"due is 17:00:00 local",
		"due day is a business day",
		"2 business days in (count-from, due day]",
		"due is 17:00 on the reference's due day",
	};
	int		 bad[P__MAX] = { 0 };
	uint64_t	 seed = 0x2026f3a5c0ffee11ULL;
	time_t		 start = loc("2026-01-01 00:00:00");
	time_t		 end = loc("2027-01-01 00:00:00");
	time_t		 sent, due, refdue;
	struct tm	 st, c, dd, day;
	int		 i, k, n, y, m, d, ok[P__MAX], p, found;

	for (i = 0; i < 10000; i++) {
		sent = start + (time_t)(xorshift(&seed) % (uint64_t)(end - start));
		localtime_r(&sent, &st);

		/* The reference's C. */
		found = 0;
		for (k = 0; k < 60 && !found; k++) {
			ref_day(st.tm_year + 1900, st.tm_mon + 1, st.tm_mday, k, &c);
			found = ref_business(&c) && ref_at5(&c) > sent;
		}
		y = m = d = 0;
		ok[P_FROM] = found &&
		    bizday_count_from(sent, &cal, &y, &m, &d) == 0 &&
		    y == c.tm_year + 1900 && m == c.tm_mon + 1 && d == c.tm_mday;

		due = bizday_due(sent, &cal);
		localtime_r(&due, &dd);
		ok[P_AFTER] = due != (time_t)-1 && due > sent;
		ok[P_FIVE] = dd.tm_hour == 17 && dd.tm_min == 0 && dd.tm_sec == 0;
		ref_day(dd.tm_year + 1900, dd.tm_mon + 1, dd.tm_mday, 0, &day);
		ok[P_BUSINESS] = ref_business(&day);

		/* Business days in (C, D], walking from C; and the
		 * reference's own due day, the second of them. */
		n = 0;
		refdue = -1;
		for (k = 1; k < 60; k++) {
			ref_day(c.tm_year + 1900, c.tm_mon + 1, c.tm_mday, k, &day);
			if (ref_business(&day) && ++n == BIZDAY_WITHIN)
				refdue = ref_at5(&day);
			if (day.tm_year == dd.tm_year && day.tm_mon == dd.tm_mon &&
			    day.tm_mday == dd.tm_mday)
				break;
		}
		ok[P_BETWEEN] = k < 60 && n == BIZDAY_WITHIN;
		ok[P_REF] = refdue == due;

		for (p = 0; p < P__MAX; p++)
			if (!ok[p] && bad[p]++ == 0)
				fprintf(stderr, "property \"%s\" fails: sent %s, "
				    "due %s\n", pname[p], show(sent), show(due));
	}
	for (p = 0; p < P__MAX; p++)
		T_INT(bad[p], 0, pname[p]);
}

/* The holidays table and "portalctl holiday". */
static char	tmpdir[] = "/tmp/test_bizday.XXXXXX";

static long long
q_int(struct db *db, const char *sql)
{
	sqlite3_stmt	*st;
	long long	 v = -1;

	if (sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static void
rm_tree(const char *dir)
{
	DIR		*dp;
	struct dirent	*e;
	char		 p[1024];

	if ((dp = opendir(dir)) == NULL)
		return;
	while ((e = readdir(dp)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
		unlink(p);
	}
	closedir(dp);
	rmdir(dir);
}

static void
test_store(struct db *db)
{
	struct arena		*a = arena_new();
	struct holiday		*h;
	struct bizday_cal	 c;
	size_t			 n;

	T_INT(store_holiday_list(db, a, &h, &n), 0, "list, empty");
	T_INT(n, 0, "no holidays at first");
	T_OK(h == NULL, "empty list: NULL");
	T_INT(store_holiday_cal(db, a, &c), 0, "cal, empty");
	T_INT(c.bc_ndates, 0, "an empty calendar");

	T_INT(store_holiday_add(db, "2026-12-25", "Christmas Day"), 0, "add");
	T_INT(store_holiday_add(db, "2026-11-26", "Thanksgiving Day"), 0, "add");
	T_INT(store_holiday_add(db, "2026-11-27", "Day after Thanksgiving"), 0, "add");
	T_INT(store_holiday_add(db, "2026-01-01", "New Year's Day"), 0, "add");
	T_INT(store_holiday_add(db, "2026-12-25", "Xmas"), 1, "add on a taken date");
	T_INT(store_holiday_add(db, "2026-06-19", NULL), -1, "add without a name");

	T_INT(store_holiday_list(db, a, &h, &n), 0, "list");
	T_INT(n, 4, "holidays listed");
	if (n == 4) {
		T_STR(h[0].h_date, "2026-01-01", "first by date");
		T_STR(h[0].h_name, "New Year's Day", "its name");
		T_STR(h[1].h_date, "2026-11-26", "second by date");
		T_STR(h[2].h_date, "2026-11-27", "third by date");
		T_STR(h[3].h_date, "2026-12-25", "last by date");
		T_STR(h[3].h_name, "Christmas Day", "a taken date keeps its name");
	}
	T_INT(store_holiday_cal(db, a, &c), 0, "cal");
	T_INT(c.bc_ndates, 4, "calendar dates");
	T_STR(show(bizday_due(loc("2026-11-25 10:00:00"), &c)),
	    "2026-12-01 17:00:00", "Thanksgiving from the store's calendar");
	T_STR(show(bizday_due(loc("2026-11-20 18:00:00"), &c)),
	    "2026-11-25 17:00:00", "the FAQ from the store's calendar");

	T_INT(store_holiday_remove(db, "2026-11-27"), 1, "remove");
	T_INT(store_holiday_remove(db, "2026-11-27"), 0, "remove again");
	T_INT(store_holiday_remove(db, "2030-01-01"), 0, "remove a date never added");
	T_INT(store_holiday_list(db, a, &h, &n), 0, "list after remove");
	T_INT(n, 3, "holidays after remove");
	T_INT(store_holiday_cal(db, a, &c), 0, "cal after remove");
	T_STR(show(bizday_due(loc("2026-11-25 10:00:00"), &c)),
	    "2026-11-30 17:00:00", "Thanksgiving week, the Friday open");

	T_INT(store_holiday_remove(db, "2026-12-25"), 1, "remove");
	T_INT(store_holiday_remove(db, "2026-11-26"), 1, "remove");
	T_INT(store_holiday_remove(db, "2026-01-01"), 1, "remove");
	T_INT(store_holiday_list(db, a, &h, &n), 0, "list, emptied");
	T_INT(n, 0, "none left");
	arena_free(a);
}

static char	long_name[202];

/* Each row runs after the ones above it, on one database. */
static const struct {
	const char	*argv[8];
	int		 rc;
	const char	*want;		/* in the output */
} cmds[] = {
	{ { "holiday", "list" }, 0, "no holidays" },
	{ { "holiday" }, 2, "usage: portalctl holiday add YYYY-MM-DD NAME" },
	{ { "holiday", "frobnicate" }, 2, "unknown action \"frobnicate\"" },
	{ { "holiday", "" }, 2, "unknown action \"\"" },
	{ { "holiday", "add" }, 2, "holiday add: missing arguments" },
	{ { "holiday", "add", "2026-07-03" }, 2, "give the holiday a name" },
	{ { "holiday", "add", "2026-07-03", "  ", "\t" }, 2, "give the holiday a name" },
	{ { "holiday", "add", "2026-02-30", "Nothing" }, 2,
	    "\"2026-02-30\": That date does not exist" },
	{ { "holiday", "add", "tomorrow", "Nothing" }, 2,
	    "\"tomorrow\": Enter a date like 2015-04-30" },
	{ { "holiday", "add", "2026-7-3", "Nothing" }, 2, "Enter a date like" },
	{ { "holiday", "add", "1899-12-25", "Nothing" }, 2, "does not exist" },
	{ { "holiday", "add", "2026-07-03", "Bad\001name" }, 2, "holiday: name: " },
	{ { "holiday", "add", "2026-07-03", long_name }, 2,
	    "name: Enter at most 200 characters." },
	{ { "holiday", "add", "2026-07-03", "Independence", "Day", "(observed)" }, 0,
	    "holiday added: 2026-07-03 (Friday) Independence Day (observed)" },
	{ { "holiday", "add", "07/03/2026", "Again" }, 1,
	    "there is a holiday on 2026-07-03 already" },
	{ { "holiday", "add", "2026-07-04", "Independence Day" }, 0,
	    "note: 2026-07-04 is a Saturday, never a business day" },
	{ { "holiday", "add", "12/25/2026", "  Christmas   Day " }, 0,
	    "holiday added: 2026-12-25 (Friday) Christmas Day\n" },
	{ { "holiday", "list", "extra" }, 2, "holiday list: too many arguments" },
	{ { "holiday", "list" }, 0,
	    "2026-07-03  Friday     Independence Day (observed)\n"
	    "2026-07-04  Saturday   Independence Day\n"
	    "2026-12-25  Friday     Christmas Day\n" },
	{ { "holiday", "remove" }, 2, "holiday remove: missing arguments" },
	{ { "holiday", "remove", "2026-07-04", "x" }, 2, "too many arguments" },
	{ { "holiday", "remove", "2026-13-01" }, 2, "does not exist" },
	{ { "holiday", "remove", "2026-08-01" }, 1, "there is no holiday on 2026-08-01" },
	{ { "holiday", "remove", "07/04/2026" }, 0, "holiday removed: 2026-07-04" },
	{ { "holiday", "remove", "2026-07-04" }, 1, "no holiday on 2026-07-04" },
	{ { "holiday", "list" }, 0,
	    "2026-07-03  Friday     Independence Day (observed)\n"
	    "2026-12-25  Friday     Christmas Day\n" },
};

static void
test_cmd(struct db *db)
{
	char	*buf, *argv[8];
	size_t	 len, i;
	FILE	*out;
	int	 argc, rc;

	memset(long_name, 'x', sizeof(long_name) - 1);
	for (i = 0; i < NELEM(cmds); i++) {
		for (argc = 0; argc < 8 && cmds[i].argv[argc] != NULL; argc++)
			argv[argc] = (char *)cmds[i].argv[argc];
		buf = NULL;
		len = 0;
		if ((out = open_memstream(&buf, &len)) == NULL) {
			perror("open_memstream");
			exit(1);
		}
		rc = bizday_cmd_holiday(db, argc, argv, out);
		fclose(out);
		T_INT(rc, cmds[i].rc, cmds[i].want);
		T_OK(strstr(buf, cmds[i].want) != NULL,
		    "holiday command %zu: output \"%s\" lacks \"%s\"", i, buf,
		    cmds[i].want);
		free(buf);
	}
	/* Four changes (three adds, one removal), four audit rows. */
	T_INT(q_int(db, "SELECT count(*) FROM audit WHERE action LIKE 'holiday.%'"),
	    4, "audit rows of holiday changes");
	T_INT(q_int(db, "SELECT count(*) FROM audit WHERE action = 'holiday.remove' "
	    "AND detail = '2026-07-04'"), 1, "the removal's audit row");
}

int
main(void)
{
	struct db	*db;
	char		 p[1024], err[512] = "";

	setenv("TZ", "America/New_York", 1);
	tzset();

	test_vectors();
	test_week("June", week_june);
	test_week("Thanksgiving", week_thanksgiving);
	test_week("Christmas", week_christmas);
	test_week("New Year", week_newyear);
	test_week("spring forward", week_spring);
	test_week("fall back", week_fall);
	test_dst();
	test_days();
	test_format();
	test_property();

	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	snprintf(p, sizeof(p), "%s/h.db", tmpdir);
	if ((db = db_open(p, 1, err, sizeof(err))) == NULL ||
	    db_migrate(db, "sql", err, sizeof(err)) == -1) {
		fprintf(stderr, "%s: %s\n", p, err);
		return 1;
	}
	/* The table is sql/003-messages.sql's; made here if it is not yet. */
	sqlite3_exec(db_handle(db), "CREATE TABLE IF NOT EXISTS holidays ("
	    "date TEXT PRIMARY KEY, name TEXT NOT NULL)", NULL, NULL, NULL);
	/* Holiday changes write audit rows: the chain needs its key. */
	audit_key_set((const unsigned char *)"a test key of thirty-two bytes!");
	if (audit_start(db, 0, err, sizeof(err)) == -1) {
		fprintf(stderr, "%s: %s\n", p, err);
		return 1;
	}
	test_store(db);
	test_cmd(db);
	audit_key_clear();
	db_close(db);
	rm_tree(tmpdir);
	return t_done("bizday");
}
