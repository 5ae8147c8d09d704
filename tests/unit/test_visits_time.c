/*
 * The family Visits pages' pure parts (issue 13.8-13.9): visit_day, the
 * hospital's calendar day, across both daylight-saving changes of
 * America/New_York (a day of 23 hours and one of 25 are one day each,
 * and the 30-day count does not move); the calendar file (CRLF, lines
 * folded at 75 octets never inside a UTF-8 character, UTC times, text
 * escaped, no visit type in it); the video join address and its signed
 * token (the format conf/portal.conf.example documents).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "crypto.h"
#include "t.h"
#include "visits.h"

static void
test_day(void)
{
	/* 2026-03-08: clocks go from 02:00 EST to 03:00 EDT (07:00 UTC). */
	time_t	 before = 1772953200;		/* 2026-03-08 03:00 EDT */
	time_t	 midnight_est = 1772946000;	/* 2026-03-08 00:00 EST = 05:00 UTC */
	time_t	 midnight_edt = 1773028800;	/* 2026-03-09 00:00 EDT = 04:00 UTC */

	setenv("TZ", "America/New_York", 1);
	tzset();
	T_INT(visit_day(midnight_est), visit_day(before), "the change's day");
	T_INT(visit_day(midnight_edt - 1), visit_day(midnight_est),
	    "a 23-hour day is one day");
	T_INT(visit_day(midnight_edt), visit_day(midnight_est) + 1,
	    "the next day begins at midnight EDT");
	/* 24 real hours after 23:30 EST on the 7th is 00:30 EDT on the 9th:
	 * two calendar days on */
	T_INT(visit_day(1772944200 + 24 * 3600) - visit_day(1772944200), 2,
	    "24 hours across the change: two days on");
	/* 30 calendar days from 2026-02-20 10:00 EST to 2026-03-22 10:00
	 * EDT: 30 days, though 719 hours */
	T_INT(visit_day(1771599600 + 30 * 86400 - 3600) - visit_day(1771599600),
	    30, "30 days across the spring change");
	/* 2026-11-01: clocks go back (06:00 UTC); a 25-hour day */
	T_INT(visit_day(1793505600 + 25 * 3600 - 1) - visit_day(1793505600), 0,
	    "a 25-hour day is one day");
	T_INT(visit_day(1793505600 + 25 * 3600) - visit_day(1793505600), 1,
	    "and then the next");
}

static void
test_ics(void)
{
	struct arena	*a = arena_new();
	struct visit	 v;
	struct buf	 b;
	const char	*p, *line;
	size_t		 len;

	memset(&v, 0, sizeof(v));
	v.id = 42;
	v.start = 1773064800;			/* 2026-03-09 14:00 UTC */
	v.minutes = 45;
	v.status = "booked";
	v.type_name = "Secret reason";
	v.location = "Building B, room 4; \xc3\xa9tage 2 with a very long "
	    "description of the place that goes past the line length";
	v.clinic_location = "";
	buf_init(&b, a);
	T_INT(visits_ics_build(&b, &v, "portal.example.org", "Children's", 1),
	    0, "built");
	T_OK(strncmp(b.b_data, "BEGIN:VCALENDAR\r\n", 17) == 0, "begins");
	T_OK(strstr(b.b_data, "DTSTART:20260309T140000Z\r\n") != NULL, "start");
	T_OK(strstr(b.b_data, "DTEND:20260309T144500Z\r\n") != NULL, "end");
	T_OK(strstr(b.b_data, "UID:visit-42@portal.example.org\r\n") != NULL,
	    "uid");
	T_OK(strstr(b.b_data, "Secret reason") == NULL, "no type");
	T_OK(strstr(b.b_data, "Building B\\, room 4\\;") != NULL, "escaped");
	for (line = b.b_data; *line != '\0'; line = p + 2) {
		p = strstr(line, "\r\n");
		T_OK(p != NULL, "every line ends in CRLF");
		if (p == NULL)
			break;
		len = (size_t)(p - line);
		T_OK(len <= 75, "a line of %zu octets", len);
		/* a folded line never starts inside a UTF-8 character */
		if (line[0] == ' ')
			T_OK(((unsigned char)line[1] & 0xc0) != 0x80,
			    "fold inside a character");
	}
	T_OK(strstr(b.b_data, "\r\n ") != NULL, "the long line is folded");
	arena_free(a);
}

static void
test_join(void)
{
	struct arena	*a = arena_new();
	const char	*u, *t, *dot;
	unsigned char	 pl[128], mac[32], want[32];
	long		 n;
	char		 tok[256];

	u = visits_join_url(a, "https://v.example/j/{room}?t={token}", "",
	    "abc", 100);
	T_STR(u, "https://v.example/j/abc?t=", "no secret: no token");
	T_STR(visits_video_origin(a, "https://v.example:8443/j/{room}"),
	    "https://v.example:8443", "origin");
	T_OK(visits_video_origin(a, "https://{room}.v.example/") == NULL,
	    "no origin made of the room");
	T_OK(visits_video_origin(a, "ftp://v/") == NULL, "not http(s)");
	T_OK(visits_join_url(a, "javascript:{room}", "", "abc", 1) == NULL,
	    "not http(s)");
	T_OK(visits_join_url(a, "https://v/{room}", "", "a\r\nb", 1) == NULL,
	    "control characters");
	u = visits_join_url(a, "https://v.example/j/{room}?t={token}", "k3y",
	    "room1", 1773066000);
	T_OK(u != NULL && (t = strstr(u, "?t=")) != NULL, "token");
	snprintf(tok, sizeof(tok), "%s", t + 3);
	dot = strchr(tok, '.');
	T_OK(dot != NULL, "payload.mac");
	tok[dot - tok] = '\0';
	n = crypto_unb64url(tok, pl, sizeof(pl) - 1);
	T_OK(n > 0, "payload decodes");
	pl[n > 0 ? n : 0] = '\0';
	T_STR((char *)pl, "v1|room1|patient|1773066000", "payload");
	T_INT(crypto_unb64url(dot + 1, mac, sizeof(mac)), 32, "mac decodes");
	crypto_hmac_sha256("k3y", 3, pl, (size_t)n, want);
	T_OK(memcmp(mac, want, 32) == 0, "HMAC-SHA256 of the payload");
	arena_free(a);
}

int
main(void)
{
	test_day();
	test_ics();
	test_join();
	return t_done("visits_time");
}
