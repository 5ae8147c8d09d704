/*
 * A trend chart's scale (chart.h): the arithmetic only; the picture is
 * a template (templates/rec_chart.html), so everything shown is escaped.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"

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

size_t
chart_scale(const char *const *values, size_t n, double w, double h,
    double pad, struct chart_pt *out, double *lo, double *hi)
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
	span = *hi - *lo;
	for (j = 0; j < k; j++) {
		out[j].x = k == 1 ? w / 2 : pad + iw * (double)j / (double)(k - 1);
		out[j].y = span == 0 ? h / 2 :
		    pad + ih * (*hi - out[j].v) / span;
	}
	return k;
}
