/*
 * The record's page values shared by the family's and the provider's
 * record pages (rec_page.h). Nothing here decides what is shown: the
 * rows come released by the operations; this only words them.
 */
#include <ctype.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "chart.h"
#include "units.h"
#include "record.h"
#include "rec_page.h"
#include "tmpl.h"
#include "words.h"

#define N(x) (sizeof(x) / sizeof((x)[0]))

/* Flags as results carry them (HL7 v3 ObservationInterpretation, and
 * the words some documents put in displayName instead). */
static const struct {
	const char	*flag;
	const char	*words;
	const char	*mark;
} flags[] = {
	{ "H", "High", "\u25b2" }, { "HH", "Critically high", "\u25b2\u25b2" },
	{ "L", "Low", "\u25bc" }, { "LL", "Critically low", "\u25bc\u25bc" },
	{ "A", "Abnormal", "\u25c6" }, { "AA", "Critically abnormal", "\u25c6\u25c6" },
	{ "N", "Normal", "" },
	{ "High", "High", "\u25b2" }, { "Low", "Low", "\u25bc" },
	{ "Abnormal", "Abnormal", "\u25c6" }, { "Normal", "Normal", "" },
};

const char *
rec_flag_words(const char *f, const char **mark)
{
	size_t	 i;

	*mark = "";
	for (i = 0; f != NULL && i < N(flags); i++)
		if (strcmp(flags[i].flag, f) == 0) {
			*mark = flags[i].mark;
			return flags[i].words;
		}
	return f;
}

const char *
rec_name(const struct rec_row *r)
{
	if (r->display != NULL && *r->display != '\0')
		return r->display;
	return r->name != NULL ? r->name : "";
}

/* Sets name to a cell: words for a date, else the text. */
static void
cell_text(struct tvars *cell, int date, const char *val)
{
	if (date)
		tvars_isodate(cell, "text", val);
	else
		tvars_str(cell, "text", val);
}

/* How many of r[0..n) are the same test as r[k]. */
static size_t
repeats(const struct rec_row *r, size_t n, size_t k)
{
	size_t	 i, m = 0;

	for (i = 0; i < n; i++)
		m += record_same_test(&r[i], &r[k]);
	return m;
}

/* A lab's unit and reference range as a family reads them, into it: the
 * range ends with the unit as coded when the document gave one. */
static void
unit_vars(struct tvars *it, const char *unit, const char *range)
{
	char		 u[UNITS_LEN];
	const char	*w = units_words(unit, u);
	size_t		 n = unit ? strlen(unit) : 0, rn = range ? strlen(range) : 0;

	tvars_strf(it, "unit", "%s", w);
	if (n > 0 && rn > n && range[rn - n - 1] == ' ' &&
	    strcmp(range + rn - n, unit) == 0)
		tvars_strf(it, "range", "%.*s%s%s", (int)(rn - n - 1), range,
		    *w ? " " : "", w);
	else
		tvars_str(it, "range", range ? range : "");
}

/* One lab result as a row of the table. */
static void
lab_row(struct tvars *it, const struct rec_row *r, size_t reps,
    const char *trend)
{
	const char	*words, *mark;

	tvars_str(it, "name", rec_name(r));
	tvars_int(it, "id", r->id);
	tvars_str(it, "value", r->detail[0] ? r->detail[0] : "");
	unit_vars(it, r->detail[1], r->detail[2]);
	words = rec_flag_words(r->detail[3], &mark);
	tvars_str(it, "flag", words ? words : "");
	tvars_str(it, "mark", mark);
	tvars_bool(it, "out", *mark != '\0');
	tvars_str(it, "panel", r->detail[4] ? r->detail[4] : "");
	tvars_isodate(it, "when", r->when);
	tvars_bool(it, "outside", r->outside);
	if (trend != NULL && reps > 1) {
		tvars_str(it, "trend", trend);
		tvars_strf(it, "reps", "%zu", reps);
	} else
		tvars_str(it, "trend", "");
}

void
rec_page_rows(struct tvars *into, const struct rec_cols *sec,
    const struct rec_row *r, size_t n, const char *trend)
{
	struct tvars	*it, *cell;
	size_t		 i, j;
	const char	*val;
	char		 u[UNITS_LEN];

	tvars_list(into, "rows");
	tvars_list(into, "labrows");
	tvars_bool(into, "labs", sec->labs);
	tvars_bool(into, "empty", n == 0);
	for (i = 0; i < n; i++) {
		if (sec->labs) {
			lab_row(tvars_item(into, "labrows"), &r[i],
			    repeats(r, n, i), trend);
			continue;
		}
		it = tvars_item(into, "rows");
		tvars_str(it, "name", rec_name(&r[i]));
		tvars_int(it, "id", r[i].id);
		if (sec->when != NULL && r[i].when != NULL) {
			cell = tvars_item(it, "cells");
			tvars_str(cell, "label", sec->when);
			tvars_isodate(cell, "text", r[i].when);
		}
		for (j = 0; j < 6; j++) {
			if (sec->cols[j] == NULL || (val = r[i].detail[j]) == NULL ||
			    *val == '\0')
				continue;
			cell = tvars_item(it, "cells");
			tvars_str(cell, "label", sec->cols[j]);
			if ((sec->units >> j) & 1)
				tvars_strf(cell, "text", "%s",
				    units_words(val, u));
			else
				cell_text(cell, (sec->dates >> j) & 1, val);
		}
		if (r[i].department != NULL) {
			cell = tvars_item(it, "cells");
			tvars_str(cell, "label", "Department");
			tvars_str(cell, "text", r[i].department);
		}
		/* Set on every row (to "" if none), so that {{#body}} is
		 * answered here and not looked up in the page's values. */
		tvars_str(it, "body", r[i].body);
		tvars_bool(it, "outside", r[i].outside);
		tvars_bool(it, "planned", r[i].planned);
	}
}

void
rec_page_born(struct tvars *v, const struct patient *p, int64_t now)
{
	tvars_isodate(v, "patient_dob", p->dob);
	tvars_age(v, "patient_age", p->dob, now);
}

/* The chart's box, in SVG user units. */
#define CHART_W		320
#define CHART_H		140
#define CHART_PAD	16
#define CHART_MAX	100	/* the newest values drawn, at most */

void
rec_page_chart(struct arena *a, struct tvars *into, const struct rec_row *r,
    size_t n)
{
	struct buf	 line;
	const char	*vals[CHART_MAX], *when[CHART_MAX];
	struct chart_pt	 pt[CHART_MAX];
	struct tvars	*it;
	char		 w0[WORDS_LEN], w1[WORDS_LEN], u[UNITS_LEN];
	const char	*unit, *first, *last, *words, *mark;
	double		 lo, hi;
	size_t		 i, k, skip;
	int		 timed;

	/* The table has every value; the chart the newest CHART_MAX. */
	tvars_list(into, "points");
	for (i = 0; i < n; i++) {
		it = tvars_item(into, "points");
		tvars_isodate(it, "when", r[i].when);
		tvars_str(it, "value", r[i].detail[0] ? r[i].detail[0] : "");
		unit_vars(it, r[i].detail[1], r[i].detail[2]);
		words = rec_flag_words(r[i].detail[3], &mark);
		tvars_str(it, "flag", words ? words : "");
		tvars_str(it, "mark", mark);
		tvars_bool(it, "out", *mark != '\0');
	}
	skip = n > CHART_MAX ? n - CHART_MAX : 0;
	for (i = skip; i < n; i++) {
		vals[i - skip] = r[i].detail[0];
		when[i - skip] = r[i].when;
	}
	k = chart_scale(vals, when, n - skip, CHART_W, CHART_H - 24, CHART_PAD,
	    pt, &lo, &hi, &timed);
	tvars_bool(into, "chart", k >= 2);
	if (k < 2)
		return;
	tvars_strf(into, "chart_w", "%d", CHART_W);
	tvars_strf(into, "chart_h", "%d", CHART_H);
	buf_init(&line, a);
	for (i = 0; i < k; i++) {
		buf_printf(&line, "%s%.1f,%.1f", i ? " " : "", pt[i].x,
		    pt[i].y);
		it = tvars_item(into, "dots");
		tvars_strf(it, "cx", "%.1f", pt[i].x);
		tvars_strf(it, "cy", "%.1f", pt[i].y);
	}
	tvars_str(into, "chart_line", line.b_data);
	unit = units_words(r[n - 1].detail[1], u);
	first = r[skip + pt[0].i].when;
	last = r[skip + pt[k - 1].i].when;
	tvars_strf(into, "chart_base_y", "%d", CHART_H - 4);
	tvars_strf(into, "chart_desc",
	    "%zu results from %s%s%s on %s to %s%s%s on %s; lowest %g, "
	    "highest %g. %s",
	    k, r[skip + pt[0].i].detail[0], *unit ? " " : "", unit,
	    words_iso(first, w0) ? w0 : (first ? first : "an unknown date"),
	    r[skip + pt[k - 1].i].detail[0], *unit ? " " : "", unit,
	    words_iso(last, w1) ? w1 : (last ? last : "an unknown date"), lo, hi,
	    timed ? "Across, the points are spaced by their dates." :
	    "Across, the points are in their order, evenly spaced.");
}

/* Appends the letters, digits and hyphens of s (spaces as '-') to b. */
static void
name_part(struct buf *b, const char *s)
{
	int	 dash = b->b_len > 0 && b->b_data[b->b_len - 1] != '-';

	for (; s != NULL && *s != '\0'; s++) {
		if (isascii((unsigned char)*s) && isalnum((unsigned char)*s)) {
			if (dash)
				buf_putc(b, '-');
			dash = 0;
			buf_putc(b, *s);
		} else if ((*s == ' ' || *s == '-') && b->b_len > 0)
			dash = 1;
	}
}

char *
rec_page_filename(struct arena *a, const struct patient *p, int64_t now)
{
	struct buf	 b;
	struct tm	 tm;
	time_t		 t = (time_t)now;

	buf_init(&b, a);
	buf_puts(&b, "health-record");
	name_part(&b, p->given);
	name_part(&b, p->family);
	if (localtime_r(&t, &tm) != NULL)
		buf_printf(&b, "-%04d-%02d-%02d", tm.tm_year + 1900,
		    tm.tm_mon + 1, tm.tm_mday);
	buf_puts(&b, ".xml");
	return b.b_data;
}
