/*
 * Business days and answer due times (SPEC F-MSG 3; the rule is stated in
 * bizday.h). Dates are walked as day numbers in the proleptic Gregorian
 * calendar, so stepping over weekends, holidays, month and year ends needs
 * no time zone; the zone comes in only twice: to find the local date and
 * hour a message was sent (localtime_r) and to turn 5 p.m. on the due day
 * into a time (mktime, tm_isdst = -1, so the day's own UTC offset counts).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "bizday.h"
#include "civil.h"

#define YEAR_MIN	1
#define YEAR_MAX	9999	/* dates print as 4 digits, as the holidays */

static int
cmp_date(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

static int
is_holiday(int y, int m, int d, const struct bizday_cal *cal)
{
	char	 key[16];

	if (cal == NULL || cal->bc_ndates == 0 || cal->bc_dates == NULL)
		return 0;
	snprintf(key, sizeof(key), "%04d-%02d-%02d", y, m, d);
	return bsearch(key, cal->bc_dates, cal->bc_ndates,
	    sizeof(cal->bc_dates[0]), cmp_date) != NULL;
}

/* 0 Sunday ... 6 Saturday; 1970-01-01 was a Thursday. */
static int
weekday(long day)
{
	long	 w = (day + 4) % 7;

	return (int)(w < 0 ? w + 7 : w);
}

int
bizday_weekday(int y, int m, int d)
{
	return civil_valid(y, m, d) ? weekday(civil_days(y, m, d)) : -1;
}

int
bizday_is_business_day(int y, int m, int d, const struct bizday_cal *cal)
{
	int	 w;

	if (!civil_valid(y, m, d))
		return 0;
	w = weekday(civil_days(y, m, d));
	return w >= 1 && w <= 5 && !is_holiday(y, m, d, cal);
}

int
bizday_next(int *y, int *m, int *d, const struct bizday_cal *cal)
{
	long	 day;
	int	 ny, nm, nd;

	if (!civil_valid(*y, *m, *d))
		return -1;
	/* Ends: the holidays are finite, so a weekday that is not one comes. */
	for (day = civil_days(*y, *m, *d) + 1;; day++) {
		civil_date(day, &ny, &nm, &nd);
		if (ny > YEAR_MAX)
			return -1;
		if (bizday_is_business_day(ny, nm, nd, cal))
			break;
	}
	*y = ny;
	*m = nm;
	*d = nd;
	return 0;
}

int
bizday_count_from(time_t sent, const struct bizday_cal *cal, int *y, int *m,
    int *d)
{
	struct tm	 tm;
	int		 ly, lm, ld;

	if (localtime_r(&sent, &tm) == NULL || tm.tm_year > YEAR_MAX - 1900)
		return -1;
	ly = tm.tm_year + 1900;
	lm = tm.tm_mon + 1;
	ld = tm.tm_mday;
	if (!civil_valid(ly, lm, ld))
		return -1;
	/* Before 5 p.m. on a business day: that day's close is still ahead. */
	if (!(bizday_is_business_day(ly, lm, ld, cal) && tm.tm_hour < BIZDAY_CLOSE) &&
	    bizday_next(&ly, &lm, &ld, cal) == -1)
		return -1;
	*y = ly;
	*m = lm;
	*d = ld;
	return 0;
}

time_t
bizday_due(time_t sent, const struct bizday_cal *cal)
{
	struct tm	 tm;
	int		 y, m, d, i;

	if (bizday_count_from(sent, cal, &y, &m, &d) == -1)
		return (time_t)-1;
	for (i = 0; i < BIZDAY_WITHIN; i++)
		if (bizday_next(&y, &m, &d, cal) == -1)
			return (time_t)-1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = BIZDAY_CLOSE;
	tm.tm_isdst = -1;	/* the offset in force on that day at 5 p.m. */
	return mktime(&tm);
}

const char *
bizday_format(struct arena *a, time_t t)
{
	static const char *const days[] = { "Sunday", "Monday", "Tuesday",
	    "Wednesday", "Thursday", "Friday", "Saturday" };
	static const char *const months[] = { "January", "February", "March",
	    "April", "May", "June", "July", "August", "September", "October",
	    "November", "December" };
	struct tm	 tm;
	int		 h;

	if (localtime_r(&t, &tm) == NULL || tm.tm_year > YEAR_MAX - 1900 ||
	    tm.tm_year < YEAR_MIN - 1900 || tm.tm_wday < 0 || tm.tm_wday > 6 ||
	    tm.tm_mon < 0 || tm.tm_mon > 11)
		return NULL;
	h = tm.tm_hour % 12 == 0 ? 12 : tm.tm_hour % 12;
	return arena_printf(a, "%s, %s %d, %d, %d:%02d %s", days[tm.tm_wday],
	    months[tm.tm_mon], tm.tm_mday, tm.tm_year + 1900, h, tm.tm_min,
	    tm.tm_hour < 12 ? "a.m." : "p.m.");
}
