/*
 * When a message's answer is due (SPEC F-MSG 3): "by 2 business days".
 * Business days are Monday to Friday, 8 a.m. to 5 p.m. in the hospital's
 * time zone, without the hospital's holidays. The rule as implemented:
 *
 *   - the day a message counts from is the first business day whose
 *     5 p.m. is after the time it was sent. So a message sent on a
 *     business day before 5 p.m. (before 8 a.m. too) counts from that
 *     day; one sent at or after 5 p.m., or on a weekend or holiday,
 *     counts from the next business day;
 *   - the answer is due at 5 p.m. local time on the second business day
 *     after the day it counts from.
 *
 * The FAQ's example: sent Friday 6 p.m. counts from Monday, due Wednesday
 * 5 p.m.; sent Monday 10 a.m. is due Wednesday 5 p.m. too. Under this
 * reading the opening hour never moves a due time: it is for display.
 *
 * The time zone is the process's (TZ, set by conf_apply_tz); 5 p.m. is
 * local wall time on the due day, whatever its UTC offset (daylight
 * saving). Nothing here reads the clock or the database: the caller gives
 * the time sent and the holidays (store_holiday_cal loads them).
 */
#ifndef PORTAL_BIZDAY_H
#define PORTAL_BIZDAY_H

#include <stddef.h>
#include <stdio.h>
#include <time.h>

struct arena;
struct db;

#define BIZDAY_OPEN	8	/* 8 a.m., local */
#define BIZDAY_CLOSE	17	/* 5 p.m., local: the due hour */
#define BIZDAY_WITHIN	2	/* answered within this many business days */

/*
 * The hospital's holidays: "YYYY-MM-DD" strings sorted in ascending order
 * (as store_holiday_list gives them), not owned by the calendar. A NULL
 * calendar, or none, means no holidays.
 */
struct bizday_cal {
	const char *const	*bc_dates;
	size_t			 bc_ndates;
};

/* The day of the week of y-m-d: 0 Sunday ... 6 Saturday; -1 if it is not
 * a real date (years 1 to 9999). */
int	 bizday_weekday(int y, int m, int d);

/* 1 if y-m-d is a real date, Monday to Friday and not a holiday; else 0. */
int	 bizday_is_business_day(int y, int m, int d, const struct bizday_cal *);

/* Moves y-m-d to the next business day strictly after it. 0, or -1 (and
 * nothing changed) if y-m-d is not a real date. */
int	 bizday_next(int *y, int *m, int *d, const struct bizday_cal *);

/* The local date a message sent at sent counts from (see above) in
 * *y, *m, *d. 0, or -1 if sent cannot be converted to local time. */
int	 bizday_count_from(time_t sent, const struct bizday_cal *, int *y, int *m,
	    int *d);

/* When the answer to a message sent at sent is due: 5 p.m. local on the
 * second business day after the day it counts from. (time_t)-1 if sent
 * cannot be converted. */
time_t	 bizday_due(time_t sent, const struct bizday_cal *);

/* t in local time for a page, in the arena: "Wednesday, November 25,
 * 2026, 5:00 p.m." (English names, whatever the locale). NULL if t
 * cannot be converted. */
const char *bizday_format(struct arena *, time_t t);


#endif
