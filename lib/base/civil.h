/*
 * Calendar arithmetic on proleptic Gregorian dates, without time zones:
 * day numbers (days since 1970-01-01, H. Hinnant's algorithms), leap
 * years and real dates. One copy for the business days, the policy's
 * birthdays, validation and the bench data; and the one formatter of a
 * moment as local date and time (civil_when), so no SQL formats dates.
 */
#ifndef PORTAL_CIVIL_H
#define PORTAL_CIVIL_H

#include <time.h>

/* Days since 1970-01-01 of y-m-d (negative before). */
long	civil_days(int y, int m, int d);
/* The date of day number z. */
void	civil_date(long z, int *y, int *m, int *d);
/* 1 if y is a leap year. */
int	civil_leap(int y);
/* Days in month m of year y (m 1-12). */
int	civil_month_days(int y, int m);
/* 1 if y-m-d is a real date with 1 <= y <= 9999. */
int	civil_valid(int y, int m, int d);

/*
 * The moment of the local wall-clock time y-m-d hh:mm:ss in the hospital's
 * zone (TZ: conf_apply_tz): 0 and *out; -1 if that time does not exist
 * there (the spring gap) or is out of range. In the autumn overlap, the
 * first of the two (daylight time). The one conversion of a local time
 * typed or sent without an offset (clinic slots, HL7 timestamps).
 */
int	civil_local(int y, int m, int d, int hh, int mm, int ss, time_t *out);

/* The size of civil_when's text with its NUL: "YYYY-MM-DD HH:MM". */
#define CIVIL_WHEN_LEN	17
/* t as "YYYY-MM-DD HH:MM" in local time (the hospital's zone: conf_apply_tz)
 * into out; returns out, or NULL if t has no date of years 0-9999. */
char	*civil_when(time_t t, char out[CIVIL_WHEN_LEN]);

#endif
