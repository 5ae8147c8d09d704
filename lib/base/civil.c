/*
 * Day numbers and the Gregorian calendar (see civil.h).
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "civil.h"

long
civil_days(int y, int m, int d)
{
	long	 yy = (long)y - (m <= 2);
	long	 era = (yy >= 0 ? yy : yy - 399) / 400;
	long	 yoe = yy - era * 400;
	long	 doy = (153L * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	long	 doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

void
civil_date(long z, int *y, int *m, int *d)
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

int
civil_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
civil_month_days(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && civil_leap(y) ? 29 : days[m - 1];
}

int
civil_valid(int y, int m, int d)
{
	return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 &&
	    d <= civil_month_days(y, m);
}

char *
civil_when(time_t t, char out[CIVIL_WHEN_LEN])
{
	struct tm	 tm;

	if (localtime_r(&t, &tm) == NULL || tm.tm_year < -1900 ||
	    tm.tm_year > 9999 - 1900)
		return NULL;
	/* The remainders only tell the compiler the widths. */
	snprintf(out, CIVIL_WHEN_LEN, "%04u-%02u-%02u %02u:%02u",
	    (unsigned)(tm.tm_year + 1900) % 10000u, (unsigned)(tm.tm_mon + 1) % 100u,
	    (unsigned)tm.tm_mday % 100u, (unsigned)tm.tm_hour % 100u,
	    (unsigned)tm.tm_min % 100u);
	return out;
}

int
civil_local(int y, int m, int d, int hh, int mm, int ss, time_t *out)
{
	static const int isdst[] = { -1, 1, 0 };
	struct tm	 tm, back;
	time_t		 t, best = 0;
	size_t		 i;
	int		 found = 0;

	/* mktime normalises a time in the gap silently: try each reading
	 * of daylight time and keep those whose local fields come back. */
	for (i = 0; i < sizeof(isdst) / sizeof(isdst[0]); i++) {
		memset(&tm, 0, sizeof(tm));
		tm.tm_year = y - 1900;
		tm.tm_mon = m - 1;
		tm.tm_mday = d;
		tm.tm_hour = hh;
		tm.tm_min = mm;
		tm.tm_sec = ss;
		tm.tm_isdst = isdst[i];
		if ((t = mktime(&tm)) == (time_t)-1 ||
		    localtime_r(&t, &back) == NULL)
			continue;
		if (back.tm_year != y - 1900 || back.tm_mon != m - 1 ||
		    back.tm_mday != d || back.tm_hour != hh ||
		    back.tm_min != mm || back.tm_sec != ss)
			continue;
		if (!found || t < best)
			best = t;
		found = 1;
	}
	if (!found)
		return -1;
	*out = best;
	return 0;
}
