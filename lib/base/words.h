/*
 * Dates, times and ages as the family's pages say them (issue 15.2):
 * "29 April 2011", "26 Dec 2010, 10:00", "15 years". One formatter, so
 * every family page reads the same; forms and staff queues keep ISO text
 * (civil_when) because that is what an <input type="date"> and a
 * sortable queue need. Moments are shown in the hospital's zone
 * (conf_apply_tz); text dates from documents keep their own wall clock
 * unless they carry an offset, which is then turned into the zone.
 */
#ifndef PORTAL_WORDS_H
#define PORTAL_WORDS_H

#include <time.h>

/* Room for any text these functions write, with its NUL. */
#define WORDS_LEN	40

/* t as "29 April 2011" in the hospital's zone; NULL if t is out of
 * years 1-9999. */
char		*words_day(time_t t, char out[WORDS_LEN]);
/* t as "26 Dec 2010, 10:00" in the hospital's zone; NULL likewise. */
char		*words_when(time_t t, char out[WORDS_LEN]);
/* An ISO 8601 text as documents and the store keep it ("2011",
 * "2011-04", "2011-04-29", "2010-12-26T10:00[:00][Z|+hh:mm]", a space
 * for the T too) in words at its precision: "2011", "April 2011",
 * "29 April 2011", "26 Dec 2010, 10:00". Returns out, or NULL if iso is
 * not such a text (the caller then shows it as it came). */
char		*words_iso(const char *iso, char out[WORDS_LEN]);
/* Where iso (as words_iso takes it) lies on a time line, for spacing
 * points by time: seconds since the epoch of its start ("2011" its 1
 * January), a text without an offset in the hospital's zone, as
 * words_iso shows it. 1 and *out, or 0. */
int		 words_iso_time(const char *iso, time_t *out);
/* The age on day now of someone born on dob ("YYYY-MM-DD"), as a
 * children's hospital says it: "3 days", "5 weeks" (under 2 months),
 * "18 months" (under 2 years), "15 years". NULL if dob is not a real
 * date or is after now. */
char		*words_age(const char *dob, time_t now, char out[WORDS_LEN]);
/* The whole years on day now of someone born on dob; -1 as words_age
 * fails. A birthday on 29 February comes on 1 March in other years. */
int		 words_years(const char *dob, time_t now);

#endif
