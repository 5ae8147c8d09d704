/*
 * HL7 TS values as real systems write them: the standard's
 * YYYYMMDDHHMMSS.UUUU+ZZZZ with any suffix left off, and the variants
 * the corpus shows (a two-digit offset, a stray digit). The text is kept
 * for display as ISO 8601; release rules compare Unix seconds.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cda.h"

static int
days_in(int y, int m)
{
	static const int	 mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31,
	    30, 31, 30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return mdays[m - 1];
}

/* The two digits at s as a number, or -1. */
static int
pair(const char *s)
{
	if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
		return -1;
	return (s[0] - '0') * 10 + (s[1] - '0');
}

int
cda_ts_parse(const char *s, struct cda_ts *ts)
{
	/* After the year: month, day, hour, minute, second and their ranges. */
	static const struct {
		int	 lo, hi;
	} part[5] = { { 1, 12 }, { 1, 31 }, { 0, 23 }, { 0, 59 }, { 0, 60 } };
	int	*field[5];
	size_t	 ndig;
	int	 i, v, hh, mm, sign;

	memset(ts, 0, sizeof(*ts));
	if (s == NULL)
		return -1;
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	for (ndig = 0; s[ndig] >= '0' && s[ndig] <= '9'; ndig++)
		;
	if (ndig < 4)
		return -1;
	ts->y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	if (ts->y < 1)
		return -1;
	ts->prec = 4;
	ts->mo = ts->d = 1;
	field[0] = &ts->mo;
	field[1] = &ts->d;
	field[2] = &ts->h;
	field[3] = &ts->mi;
	field[4] = &ts->s;
	for (i = 0; i < 5 && 4 + 2 * (size_t)i + 2 <= ndig; i++) {
		v = pair(s + 4 + 2 * i);
		if (v < part[i].lo || v > part[i].hi ||
		    (i == 1 && v > days_in(ts->y, ts->mo)))
			break;
		*field[i] = v;
		ts->prec += 2;
	}
	if (i < 5 && 4 + 2 * (size_t)i + 2 <= ndig) {
		/* A pair out of range: in the date, no date; in the time,
		 * the date alone. */
		if (i < 2)
			return -1;
		ts->prec = 8;
		ts->h = ts->mi = ts->s = 0;
		return 0;
	}
	if (ts->prec < 10 || ndig != (size_t)ts->prec)
		return 0;	/* no zone on a date, nor after stray digits */
	s += ndig;
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9'; s++)
			;
	if (*s != '+' && *s != '-')
		return 0;
	sign = *s++ == '-' ? -1 : 1;
	if ((hh = pair(s)) < 0 || hh > 14)
		return 0;
	mm = 0;
	if (s[2] >= '0' && s[2] <= '9') {
		if ((mm = pair(s + 2)) < 0 || mm > 59 ||
		    (s[4] >= '0' && s[4] <= '9'))
			return 0;
	}
	ts->has_off = 1;
	ts->off = sign * (hh * 60 + mm);
	return 0;
}

void
cda_ts_iso(const struct cda_ts *ts, char out[32])
{
	char	 zone[8] = "";
	int	 a;

	if (ts->has_off) {
		a = ts->off < 0 ? -ts->off : ts->off;
		snprintf(zone, sizeof(zone), "%c%02d:%02d",
		    ts->off < 0 ? '-' : '+', a / 60 % 100, a % 60);
	}
	switch (ts->prec) {
	case 4:
		snprintf(out, 32, "%04d", ts->y);
		break;
	case 6:
		snprintf(out, 32, "%04d-%02d", ts->y, ts->mo);
		break;
	case 8:
		snprintf(out, 32, "%04d-%02d-%02d", ts->y, ts->mo, ts->d);
		break;
	case 10:
	case 12:
		snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d%s", ts->y, ts->mo,
		    ts->d, ts->h, ts->mi, zone);
		break;
	default:
		snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d:%02d%s", ts->y,
		    ts->mo, ts->d, ts->h, ts->mi, ts->s, zone);
		break;
	}
}

int64_t
cda_ts_unix(const struct cda_ts *ts)
{
	struct tm	 tm;
	time_t		 t;

	if (ts->prec < 8)
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = ts->y - 1900;
	tm.tm_mon = ts->mo - 1;
	tm.tm_mday = ts->d;
	tm.tm_hour = ts->h;
	tm.tm_min = ts->mi;
	tm.tm_sec = ts->s;
	if (ts->has_off)
		return (int64_t)timegm(&tm) - (int64_t)ts->off * 60;
	tm.tm_isdst = -1;
	if ((t = mktime(&tm)) == (time_t)-1)
		return -1;
	return (int64_t)t;
}

int
cda_ts_has_day(const char *s)
{
	struct cda_ts	 ts;
	size_t		 i;

	if (s == NULL)
		return 0;
	for (i = 0; i < 8; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return cda_ts_parse(s, &ts) == 0 && ts.prec >= 8;
}
