/*
 * The scale of a small trend chart (issue 15.2): a lab's values over
 * time placed in a box of w x h units, oldest on the left, so that the
 * server can draw the chart as SVG with no script. Only numbers are
 * placed ("13.1", "-2", "1e3" are; "<0.5", "Positive", "" are not);
 * a single value sits in the middle, and equal values on the middle
 * line, so no division by a zero span ever happens.
 */
#ifndef PORTAL_CHART_H
#define PORTAL_CHART_H

#include <stddef.h>
#include <time.h>

/* One placed value: its index in the input, and where it goes. */
struct chart_pt {
	size_t	 i;
	double	 x, y;		/* 0 <= x <= w, 0 <= y <= h; y grows down */
	double	 v;
	time_t	 t;		/* its time, when *timed */
};

/* Whether s is a plain decimal number (sign, digits, one point,
 * exponent), as a lab value can be plotted: 1 and *v, or 0. */
int	chart_number(const char *s, double *v);
/*
 * Places the numeric ones of values[0..n) (oldest first, taken at
 * when[0..n), ISO 8601 texts) in a w x h box with pad units kept free on
 * every side, into out (room for n): returns how many were placed, with
 * the smallest and largest value in *lo and *hi (both 0 if none). Across,
 * the points stand by their time (*timed 1): three results in a week and
 * one a year later are not drawn as evenly spaced. When a placed value's
 * time is missing or unreadable, out of order, or all are the same, they
 * stand evenly in their order instead (*timed 0).
 */
size_t	chart_scale(const char *const *values, const char *const *when,
	    size_t n, double w, double h, double pad, struct chart_pt *out,
	    double *lo, double *hi, int *timed);

#endif
