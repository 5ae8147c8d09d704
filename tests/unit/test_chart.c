/*
 * A trend chart's scale (issue 15.2, lib/base/chart.h), as tables: which
 * texts are numbers a chart draws, and where values land in a 200 x 100
 * box with 10 units of padding: several values, a single point, equal
 * values, and texts that are not numbers skipped; across, by their times
 * when every drawn value has one, in order, else evenly.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "chart.h"
#include "t.h"

#define N(x)	(sizeof(x) / sizeof((x)[0]))
#define MAXV	6

static int
near(double a, double b)
{
	return fabs(a - b) < 1e-9;
}

int
main(void)
{
	static const struct {
		const char	*s;
		int		 ok;
		double		 v;
	} nums[] = {
		{ "13.1", 1, 13.1 }, { "-2", 1, -2 }, { "+4", 1, 4 },
		{ "1e3", 1, 1000 }, { "0", 1, 0 }, { ".5", 1, 0.5 },
		{ "", 0, 0 }, { "Positive", 0, 0 }, { "<0.5", 0, 0 },
		{ ">=10", 0, 0 }, { " 5", 0, 0 }, { "5 ", 0, 0 }, { "inf", 0, 0 },
		{ "nan", 0, 0 }, { "0x10", 0, 0 }, { "1e999", 0, 0 }, { "-", 0, 0 },
		{ ".", 0, 0 }, { "1.2.3", 0, 0 }, { "3-4", 0, 0 },
		/* Beyond any measurement: two of them would make the span
		 * infinite and the points NaN ("nan" in the SVG). */
		{ "1e308", 0, 0 }, { "-1e300", 0, 0 }, { "1e14", 1, 1e14 },
	};
	static const struct {
		const char	*what;
		const char	*v[MAXV];
		const char	*when[MAXV];	/* all NULL: no dates */
		int		 timed;		/* spaced by time */
		size_t		 n;
		size_t		 placed;
		double		 lo, hi;
		struct { size_t i; double x, y; } pt[MAXV];
	} rows[] = {
		{ "rising", { "10", "15", "20" }, { NULL }, 0, 3, 3, 10, 20,
		    { { 0, 10, 90 }, { 1, 100, 50 }, { 2, 190, 10 } } },
		{ "falling, two", { "8", "4" }, { NULL }, 0, 2, 2, 4, 8,
		    { { 0, 10, 10 }, { 1, 190, 90 } } },
		{ "single point", { "13.1" }, { "2024-01-01" }, 0, 1, 1, 13.1,
		    13.1, { { 0, 100, 50 } } },
		{ "equal values", { "5", "5", "5" }, { NULL }, 0, 3, 3, 5, 5,
		    { { 0, 10, 50 }, { 1, 100, 50 }, { 2, 190, 50 } } },
		{ "non-numeric skipped", { "Positive", "2", "", "<1", "4", NULL },
		    { NULL }, 0, 6, 2, 2, 4, { { 1, 10, 90 }, { 4, 190, 10 } } },
		{ "none numeric", { "Negative", "n/a" }, { NULL }, 0, 2, 0, 0, 0,
		    { { 0 } } },
		{ "empty", { NULL }, { NULL }, 0, 0, 0, 0, 0, { { 0 } } },
		{ "negative values", { "-1", "1" }, { NULL }, 0, 2, 2, -1, 1,
		    { { 0, 10, 90 }, { 1, 190, 10 } } },
		{ "spread beyond a double", { "-1e308", "1e308", "2", "4" },
		    { NULL }, 0, 4, 2, 2, 4, { { 2, 10, 90 }, { 3, 190, 10 } } },
		/* By time: a day apart, two days, then 27 days (30 days in
		 * all: x = 10 + 180 * day / 30). */
		{ "by time", { "10", "20", "10", "20" },
		    { "2024-01-01", "2024-01-02", "2024-01-04", "2024-01-31" },
		    1, 4, 4, 10, 20, { { 0, 10, 90 }, { 1, 16, 10 },
		    { 2, 28, 90 }, { 3, 190, 10 } } },
		/* 18:00+06:00 is the moment 12:00Z is; a day later. */
		{ "moments with offsets", { "1", "2", "3" },
		    { "2024-03-01T12:00Z", "2024-03-01T18:00+06:00",
		    "2024-03-02T12:00:00Z" }, 1, 3, 3, 1, 3,
		    { { 0, 10, 90 }, { 1, 10, 50 }, { 2, 190, 10 } } },
		/* Months: January 31 days, February (2024) 29. */
		{ "months", { "1", "2", "3" }, { "2024-01", "2024-02",
		    "2024-03" }, 1, 3, 3, 1, 3,
		    { { 0, 10, 90 }, { 1, 103, 50 }, { 2, 190, 10 } } },
		/* A value not drawn needs no date. */
		{ "the drawn values' dates", { "Positive", "1", "2" },
		    { "garbage", "2024-01-01", "2024-12" }, 1, 3, 2, 1, 2,
		    { { 1, 10, 90 }, { 2, 190, 10 } } },
		/* Otherwise evenly in their order. */
		{ "a date missing", { "1", "2", "3" },
		    { "2024-01-01", NULL, "2024-02-01" }, 0, 3, 3, 1, 3,
		    { { 0, 10, 90 }, { 1, 100, 50 }, { 2, 190, 10 } } },
		{ "a date unreadable", { "1", "2", "3" },
		    { "2024-01-01", "2024-13-01", "2024-02-01" }, 0, 3, 3, 1, 3,
		    { { 0, 10, 90 }, { 1, 100, 50 }, { 2, 190, 10 } } },
		{ "out of order", { "1", "2", "3" },
		    { "2024-02-01", "2024-01-01", "2024-03-01" }, 0, 3, 3, 1, 3,
		    { { 0, 10, 90 }, { 1, 100, 50 }, { 2, 190, 10 } } },
		/* Without an offset, the hospital's time (New York): 10:00
		 * is 15:00Z, after 12:00Z, though the list has it first. */
		{ "local after a moment", { "1", "2" },
		    { "2024-03-01T10:00", "2024-03-01T12:00Z" }, 0, 2, 2, 1, 2,
		    { { 0, 10, 90 }, { 1, 190, 10 } } },
		/* 20:00-05:00 is 01:00Z on the 2nd, before its midnight in
		 * New York (05:00Z). */
		{ "a moment before a local day", { "1", "2" },
		    { "2024-03-01T20:00-05:00", "2024-03-02" }, 1, 2, 2, 1, 2,
		    { { 0, 10, 90 }, { 1, 190, 10 } } },
		{ "all at one time", { "1", "2" },
		    { "2024-01-01", "2024-01-01T00:00" }, 0, 2, 2, 1, 2,
		    { { 0, 10, 90 }, { 1, 190, 10 } } },
	};
	struct chart_pt	 out[MAXV];
	double		 v, lo, hi;
	size_t		 i, j, k;
	int		 timed;

	/* The hospital's zone, for the dates without an offset. */
	setenv("TZ", "America/New_York", 1);
	tzset();
	for (i = 0; i < N(nums); i++) {
		v = 0;
		T_INT(chart_number(nums[i].s, &v), nums[i].ok, nums[i].s);
		if (nums[i].ok)
			T_OK(near(v, nums[i].v), "%s: got %g", nums[i].s, v);
	}
	T_INT(chart_number(NULL, &v), 0, "NULL");
	for (i = 0; i < N(rows); i++) {
		k = chart_scale(rows[i].v, rows[i].when, rows[i].n, 200, 100,
		    10, out, &lo, &hi, &timed);
		T_INT(timed, rows[i].timed, rows[i].what);
		T_INT(k, rows[i].placed, rows[i].what);
		T_OK(near(lo, rows[i].lo) && near(hi, rows[i].hi),
		    "%s: lo %g hi %g", rows[i].what, lo, hi);
		for (j = 0; j < k && j < rows[i].placed; j++) {
			T_INT(out[j].i, rows[i].pt[j].i, rows[i].what);
			T_OK(near(out[j].x, rows[i].pt[j].x) &&
			    near(out[j].y, rows[i].pt[j].y),
			    "%s: point %zu at (%g, %g), want (%g, %g)",
			    rows[i].what, j, out[j].x, out[j].y,
			    rows[i].pt[j].x, rows[i].pt[j].y);
			T_OK(out[j].x >= 0 && out[j].x <= 200 && out[j].y >= 0 &&
			    out[j].y <= 100, "%s: inside the box", rows[i].what);
		}
	}
	return t_done("test_chart");
}
