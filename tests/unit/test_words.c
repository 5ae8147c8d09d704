/*
 * Dates, times and ages in words (issue 15.2, lib/base/words.h), as
 * tables: moments in the hospital's zone (America/New_York, both sides of
 * a daylight-saving change), ISO texts of every precision with and
 * without offsets, texts that are not dates, and ages around birthdays,
 * month ends and 29 February.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "civil.h"
#include "words.h"
#include "t.h"

#define N(x)	(sizeof(x) / sizeof((x)[0]))

/* Unix seconds of a UTC wall-clock time. */
static time_t
utc(int y, int m, int d, int hh, int mm)
{
	return (time_t)civil_days(y, m, d) * 86400 + hh * 3600 + mm * 60;
}

int
main(void)
{
	static const struct {
		int		 y, m, d, hh, mm;	/* UTC */
		const char	*day, *when;
	} moments[] = {
		{ 2011, 4, 29, 16, 0, "29 April 2011", "29 Apr 2011, 12:00" },
		{ 2010, 12, 26, 15, 0, "26 December 2010", "26 Dec 2010, 10:00" },
		/* 03:30 UTC is still the evening before in New York. */
		{ 2026, 1, 1, 3, 30, "31 December 2025", "31 Dec 2025, 22:30" },
		/* Daylight time: UTC-4. */
		{ 2026, 7, 4, 13, 5, "4 July 2026", "4 Jul 2026, 09:05" },
		{ 2026, 3, 8, 6, 59, "8 March 2026", "8 Mar 2026, 01:59" },
		{ 2026, 3, 8, 7, 0, "8 March 2026", "8 Mar 2026, 03:00" },
		{ 2026, 11, 1, 5, 30, "1 November 2026", "1 Nov 2026, 01:30" },
		{ 2026, 11, 1, 6, 30, "1 November 2026", "1 Nov 2026, 01:30" },
		{ 2024, 2, 29, 17, 0, "29 February 2024", "29 Feb 2024, 12:00" },
	};
	static const struct {
		const char	*iso, *want;		/* NULL: not a date */
	} isos[] = {
		{ "2011", "2011" },
		{ "2011-04", "April 2011" },
		{ "2011-04-29", "29 April 2011" },
		{ "2010-12-26T10:00:00", "26 Dec 2010, 10:00" },
		{ "2010-12-26T10:00", "26 Dec 2010, 10:00" },
		{ "2010-12-26 10:00", "26 Dec 2010, 10:00" },
		{ "2010-12-26T10:00:00.250", "26 Dec 2010, 10:00" },
		/* With an offset: the moment in New York. */
		{ "2010-12-26T10:00:00-05:00", "26 Dec 2010, 10:00" },
		{ "2010-12-26T10:00:00-08:00", "26 Dec 2010, 13:00" },
		{ "2010-12-26T10:00:00+0100", "26 Dec 2010, 04:00" },
		{ "2010-12-26T03:00:00Z", "25 Dec 2010, 22:00" },
		{ "2026-07-04T12:00:00Z", "4 Jul 2026, 08:00" },
		{ "2024-02-29", "29 February 2024" },
		/* Not dates: shown as they came by the caller. */
		{ "", NULL }, { "201", NULL }, { "2023-02-29", NULL },
		{ "2011-13", NULL }, { "2011-00-10", NULL }, { "0000-01-01", NULL },
		{ "2011-04-29T", NULL }, { "2011-04-29T24:00", NULL },
		{ "2011-04-29T10:60", NULL }, { "2011-04-29X10:00", NULL },
		{ "2011-04-29T10:00+", NULL }, { "2011-04-29T10:00+25:00", NULL },
		{ "2011-04-29T10:00Zjunk", NULL }, { "2011-4-29", NULL },
		{ "yesterday", NULL }, { "2011-04-29junk", NULL },
	};
	/* words_iso_time: seconds from 2010-12-26T00:00Z, or NO. Without
	 * an offset, New York's time (UTC-5 in winter, -4 in summer), as
	 * words_iso shows it. */
#define NO	(-1L)
#define EST	18000L
	static const struct {
		const char	*iso;
		long		 after;
	} times[] = {
		{ "2010-12-26", EST }, { "2010-12-26T10:00", 36000 + EST },
		{ "2010-12-26 10:00:30.5", 36030 + EST },
		{ "2010-12-26T10:00:60", 36059 + EST },
		{ "2010-12-26T10:00:00Z", 36000 },
		{ "2010-12-26T10:00:00-05:00", 54000 },
		{ "2010-12-26T10:00:00+0100", 32400 },
		{ "2010-12", -25 * 86400L + EST }, { "2011", 6 * 86400L + EST },
		{ "2010-12-27", 86400 + EST },
		/* Summer time; the spring gap (02:30 on 13 March 2011 is not
		 * a New York time) as an hour later, 03:30 EDT. */
		{ "2011-07-01", 187 * 86400L + 14400 },
		{ "2011-03-13T02:30", 77 * 86400L + 12600 + 14400 },
		{ "", NO }, { "2011-13", NO }, { "2011-04-29T24:00", NO },
		{ "2011-04-29junk", NO }, { "yesterday", NO },
	};
	static const struct {
		const char	*dob;
		int		 y, m, d;		/* today, noon UTC */
		const char	*age;
		int		 years;
	} ages[] = {
		{ "2026-11-30", 2026, 11, 30, "0 days", 0 },
		{ "2026-11-29", 2026, 11, 30, "1 day", 0 },
		{ "2026-11-17", 2026, 11, 30, "13 days", 0 },
		{ "2026-11-16", 2026, 11, 30, "2 weeks", 0 },
		{ "2026-10-01", 2026, 11, 30, "8 weeks", 0 },
		{ "2026-09-30", 2026, 11, 30, "2 months", 0 },
		{ "2025-01-31", 2026, 2, 28, "12 months", 1 },
		{ "2024-12-01", 2026, 11, 30, "23 months", 1 },
		{ "2024-11-30", 2026, 11, 30, "2 years", 2 },
		{ "2011-04-29", 2026, 11, 30, "15 years", 15 },
		{ "2008-12-01", 2026, 11, 30, "17 years", 17 },
		{ "2008-11-30", 2026, 11, 30, "18 years", 18 },
		{ "2008-02-29", 2026, 2, 28, "17 years", 17 },
		{ "2008-02-29", 2026, 3, 1, "18 years", 18 },
		{ "2008-02-29", 2028, 2, 29, "20 years", 20 },
		{ "2027-01-01", 2026, 11, 30, NULL, -1 },
		{ "2011-02-30", 2026, 11, 30, NULL, -1 },
		{ "2011-04-29T00:00", 2026, 11, 30, NULL, -1 },
		{ "", 2026, 11, 30, NULL, -1 },
	};
	char	 out[WORDS_LEN];
	size_t	 i;

	setenv("TZ", "America/New_York", 1);
	tzset();
	for (i = 0; i < N(moments); i++) {
		time_t t = utc(moments[i].y, moments[i].m, moments[i].d,
		    moments[i].hh, moments[i].mm);
		T_STR(words_day(t, out), moments[i].day, moments[i].day);
		T_STR(words_when(t, out), moments[i].when, moments[i].when);
	}
	for (i = 0; i < N(isos); i++)
		T_STR(words_iso(isos[i].iso, out), isos[i].want, isos[i].iso);
	T_STR(words_iso(NULL, out), NULL, "NULL");
	for (i = 0; i < N(times); i++) {
		time_t	 t0 = utc(2010, 12, 26, 0, 0), t = 0;
		int	 ok = words_iso_time(times[i].iso, &t);

		T_INT(ok, times[i].after != NO, times[i].iso);
		if (ok)
			T_INT((long)(t - t0), times[i].after, times[i].iso);
	}
	{
		time_t	 t;

		T_INT(words_iso_time(NULL, &t), 0, "NULL");
	}
	for (i = 0; i < N(ages); i++) {
		time_t now = utc(ages[i].y, ages[i].m, ages[i].d, 12, 0);
		T_STR(words_age(ages[i].dob, now, out), ages[i].age, ages[i].dob);
		T_INT(words_years(ages[i].dob, now), ages[i].years, ages[i].dob);
	}
	return t_done("test_words");
}
