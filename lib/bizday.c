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

#define YEAR_MIN	1
#define YEAR_MAX	9999	/* dates print as 4 digits, as the holidays */

/* Days from 1970-01-01 to y-m-d (H. Hinnant's days_from_civil). */
static long
day_number(int y, int m, int d)
{
	long	 yy = (long)y - (m <= 2);
	long	 era = (yy >= 0 ? yy : yy - 399) / 400;
	long	 yoe = yy - era * 400;
	long	 doy = (153L * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	long	 doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

/* The inverse of day_number. */
static void
civil(long z, int *y, int *m, int *d)
{
	long	 era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static int
real_date(int y, int m, int d)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int	 leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return y >= YEAR_MIN && y <= YEAR_MAX && m >= 1 && m <= 12 && d >= 1 &&
	    d <= mdays[m - 1] + (m == 2 && leap);
}

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
	return real_date(y, m, d) ? weekday(day_number(y, m, d)) : -1;
}

int
bizday_is_business_day(int y, int m, int d, const struct bizday_cal *cal)
{
	int	 w;

	if (!real_date(y, m, d))
		return 0;
	w = weekday(day_number(y, m, d));
	return w >= 1 && w <= 5 && !is_holiday(y, m, d, cal);
}

int
bizday_next(int *y, int *m, int *d, const struct bizday_cal *cal)
{
	long	 day;
	int	 ny, nm, nd;

	if (!real_date(*y, *m, *d))
		return -1;
	/* Ends: the holidays are finite, so a weekday that is not one comes. */
	for (day = day_number(*y, *m, *d) + 1;; day++) {
		civil(day, &ny, &nm, &nd);
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
	if (!real_date(ly, lm, ld))
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
