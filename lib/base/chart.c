/*
 * A trend chart's scale (chart.h): the arithmetic only; the picture is
 * a template (templates/rec_chart.html), so everything shown is escaped.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "words.h"

#define CHART_BIG	1e15

int
chart_number(const char *s, double *v)
{
	const char	*p = s;
	char		*end;
	int		 digits = 0;

	if (s == NULL || *s == '\0')
		return 0;
	/* strtod takes "inf", "nan", hex and leading blanks: a lab's
	 * "Positive" or " 5" is not a number to draw. */
	if (*p == '-' || *p == '+')
		p++;
	for (; *p != '\0'; p++) {
		if (*p >= '0' && *p <= '9')
			digits++;
		else if (*p != '.' && *p != 'e' && *p != 'E' && *p != '-' &&
		    *p != '+')
			return 0;
	}
	if (digits == 0)
		return 0;
	errno = 0;
	*v = strtod(s, &end);
	/* Nothing measured comes near 1e15: two values beyond would make
	 * the span overflow and the points NaN. */
	return *end == '\0' && errno == 0 && isfinite(*v) &&
	    fabs(*v) < CHART_BIG;
}

/* The placed points' times, if every one has a readable time, in
 * order, spanning more than an instant: 1, else 0. */
static int
times(const char *const *when, struct chart_pt *pt, size_t k)
{
	size_t	 j;

	if (when == NULL || k < 2)
		return 0;
	for (j = 0; j < k; j++)
		if (!words_iso_time(when[pt[j].i], &pt[j].t) ||
		    (j > 0 && pt[j].t < pt[j - 1].t))
			return 0;
	return pt[k - 1].t > pt[0].t;
}

size_t
chart_scale(const char *const *values, const char *const *when, size_t n,
    double w, double h, double pad, struct chart_pt *out, double *lo,
    double *hi, int *timed)
{
	size_t	 i, k = 0, j;
	double	 v, span, iw = w - 2 * pad, ih = h - 2 * pad;

	*lo = *hi = 0;
	for (i = 0; i < n; i++) {
		if (!chart_number(values[i], &v))
			continue;
		if (k == 0 || v < *lo)
			*lo = v;
		if (k == 0 || v > *hi)
			*hi = v;
		out[k].i = i;
		out[k].v = v;
		k++;
	}
	*timed = times(when, out, k);
	span = *hi - *lo;
	for (j = 0; j < k; j++) {
		if (*timed)
			out[j].x = pad + iw * (double)(out[j].t - out[0].t) /
			    (double)(out[k - 1].t - out[0].t);
		else
			out[j].x = k == 1 ? w / 2 :
			    pad + iw * (double)j / (double)(k - 1);
		out[j].y = span == 0 ? h / 2 :
		    pad + ih * (*hi - out[j].v) / span;
	}
	return k;
}
