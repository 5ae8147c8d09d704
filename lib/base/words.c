/*
 * Dates, times and ages in words (see words.h). Month names are English
 * and the clock is 24-hour, as the examples have them; a
 * translation would swap the two tables.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "civil.h"
#include "words.h"

static const char *const month_long[12] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December",
};
static const char *const month_short[12] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
	"Nov", "Dec",
};

static int
local_tm(time_t t, struct tm *tm)
{
	return localtime_r(&t, tm) != NULL && tm->tm_year >= 1 - 1900 &&
	    tm->tm_year <= 9999 - 1900;
}

char *
words_day(time_t t, char out[WORDS_LEN])
{
	struct tm	 tm;

	if (!local_tm(t, &tm))
		return NULL;
	snprintf(out, WORDS_LEN, "%d %s %d", tm.tm_mday,
	    month_long[tm.tm_mon], tm.tm_year + 1900);
	return out;
}

char *
words_when(time_t t, char out[WORDS_LEN])
{
	struct tm	 tm;

	if (!local_tm(t, &tm))
		return NULL;
	snprintf(out, WORDS_LEN, "%d %s %d, %02d:%02d", tm.tm_mday,
	    month_short[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour % 100,
	    tm.tm_min % 100);
	return out;
}

/* n digits at *p into *v; advances *p. */
static int
digits(const char **p, int n, int *v)
{
	*v = 0;
	while (n-- > 0) {
		if (**p < '0' || **p > '9')
			return 0;
		*v = *v * 10 + (*(*p)++ - '0');
	}
	return 1;
}

/* An ISO 8601 text as words_iso takes it, in parts. */
struct iso {
	int	 prec;		/* ISO_YEAR ... ISO_MOMENT */
	int	 y, mo, d, h, mi, s;
	long	 off;		/* ISO_MOMENT: seconds east of UTC */
};
enum { ISO_NONE, ISO_YEAR, ISO_MONTH, ISO_DAY, ISO_LOCAL, ISO_MOMENT };

static int
iso_parse(const char *iso, struct iso *t)
{
	const char	*p = iso;
	int		 oh, om, sign;

	memset(t, 0, sizeof(*t));
	t->mo = t->d = 1;
	if (iso == NULL || !digits(&p, 4, &t->y) || t->y < 1)
		return t->prec = ISO_NONE;
	if (*p == '\0')
		return t->prec = ISO_YEAR;
	if (*p++ != '-' || !digits(&p, 2, &t->mo) || t->mo < 1 || t->mo > 12)
		return t->prec = ISO_NONE;
	if (*p == '\0')
		return t->prec = ISO_MONTH;
	if (*p++ != '-' || !digits(&p, 2, &t->d) ||
	    !civil_valid(t->y, t->mo, t->d))
		return t->prec = ISO_NONE;
	if (*p == '\0')
		return t->prec = ISO_DAY;
	if ((*p != 'T' && *p != ' ') || (p++, !digits(&p, 2, &t->h)) ||
	    *p++ != ':' || !digits(&p, 2, &t->mi) || t->h > 23 || t->mi > 59)
		return t->prec = ISO_NONE;
	if (*p == ':' && (p++, !digits(&p, 2, &t->s) || t->s > 60))
		return t->prec = ISO_NONE;
	if (*p == '.')			/* fractions of a second: not shown */
		for (p++; *p >= '0' && *p <= '9'; p++)
			;
	if (*p == '\0')
		return t->prec = ISO_LOCAL;
	if (*p == 'Z' && p[1] == '\0')
		oh = om = sign = 0;
	else if ((*p == '+' || *p == '-') && (sign = *p++ == '-' ? -1 : 1,
	    digits(&p, 2, &oh)) && (*p != ':' || p++) && digits(&p, 2, &om) &&
	    *p == '\0' && oh <= 14 && om <= 59)
		;
	else
		return t->prec = ISO_NONE;
	t->off = sign * (oh * 3600L + om * 60L);
	return t->prec = ISO_MOMENT;
}

/* The parts' seconds since the epoch, as if UTC, less the offset. */
static time_t
iso_seconds(const struct iso *t)
{
	return (time_t)civil_days(t->y, t->mo, t->d) * 86400 + t->h * 3600 +
	    t->mi * 60 + t->s - t->off;
}

char *
words_iso(const char *iso, char out[WORDS_LEN])
{
	struct iso	 t;

	switch (iso_parse(iso, &t)) {
	case ISO_YEAR:
		snprintf(out, WORDS_LEN, "%d", t.y);
		return out;
	case ISO_MONTH:
		snprintf(out, WORDS_LEN, "%s %d", month_long[t.mo - 1], t.y);
		return out;
	case ISO_DAY:
		snprintf(out, WORDS_LEN, "%d %s %d", t.d, month_long[t.mo - 1],
		    t.y);
		return out;
	case ISO_LOCAL:
		snprintf(out, WORDS_LEN, "%d %s %d, %02d:%02d", t.d,
		    month_short[t.mo - 1], t.y, t.h, t.mi);
		return out;
	case ISO_MOMENT:
		/* The moment, shown in the hospital's zone. */
		return words_when(iso_seconds(&t), out);
	default:
		return NULL;
	}
}

int
words_iso_time(const char *iso, time_t *out)
{
	struct iso	 t;

	switch (iso_parse(iso, &t)) {
	case ISO_NONE:
		return 0;
	case ISO_MOMENT:
		*out = iso_seconds(&t);
		return 1;
	default:
		/* Without an offset: the hospital's time, as words_iso shows
		 * it (a time in the spring gap: as if an hour later; a leap
		 * second as the second before). */
		if (t.s > 59)
			t.s = 59;
		if (civil_local(t.y, t.mo, t.d, t.h, t.mi, t.s, out) == 0)
			return 1;
		t.h++;
		return t.h < 24 && civil_local(t.y, t.mo, t.d, t.h, t.mi, t.s,
		    out) == 0;
	}
}

/* Today's date in the hospital's zone. */
static int
today(time_t now, int *y, int *m, int *d)
{
	struct tm	 tm;

	if (!local_tm(now, &tm))
		return 0;
	*y = tm.tm_year + 1900;
	*m = tm.tm_mon + 1;
	*d = tm.tm_mday;
	return 1;
}

static int
dob_parse(const char *dob, int *y, int *m, int *d)
{
	const char	*p = dob;

	return dob != NULL && digits(&p, 4, y) && *p++ == '-' &&
	    digits(&p, 2, m) && *p++ == '-' && digits(&p, 2, d) &&
	    *p == '\0' && civil_valid(*y, *m, *d);
}

/* Whole months from (y,m,d) to (ty,tm,td): as with years, a day the
 * month lacks (31 January) is reached on the next month's first. */
static long
months_between(int y, int m, int d, int ty, int tm, int td)
{
	return (long)(ty - y) * 12 + (tm - m) - (td < d);
}

int
words_years(const char *dob, time_t now)
{
	int	 y, m, d, ty, tm, td;
	long	 n;

	if (!dob_parse(dob, &y, &m, &d) || !today(now, &ty, &tm, &td))
		return -1;
	if (civil_days(ty, tm, td) < civil_days(y, m, d))
		return -1;
	/* 29 February: not reached on 28 February, reached on 1 March. */
	n = ty - y;
	if (tm < m || (tm == m && td < d))
		n--;
	return (int)n;
}

char *
words_age(const char *dob, time_t now, char out[WORDS_LEN])
{
	int	 y, m, d, ty, tm, td;
	long	 days, months;

	if (!dob_parse(dob, &y, &m, &d) || !today(now, &ty, &tm, &td))
		return NULL;
	days = civil_days(ty, tm, td) - civil_days(y, m, d);
	if (days < 0)
		return NULL;
	months = months_between(y, m, d, ty, tm, td);
	if (months < 2 && days < 14)
		snprintf(out, WORDS_LEN, "%ld day%s", days, days == 1 ? "" : "s");
	else if (months < 2)
		snprintf(out, WORDS_LEN, "%ld weeks", days / 7);
	else if (months < 24)
		snprintf(out, WORDS_LEN, "%ld months", months);
	else
		snprintf(out, WORDS_LEN, "%d years", words_years(dob, now));
	return out;
}
