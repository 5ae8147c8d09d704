/*
 * The page values both record portals share (issue 15.2): the family's
 * record (cgi-bin/record) and the provider portal's (cgi-bin/precord)
 * show a patient's rows the same way: dates in words in the hospital's
 * zone, the date of birth with the age, lab results as a table whose
 * out-of-range flag is words and a mark (not colour alone), a lab's
 * trend as a server-drawn chart, and the download named after the
 * patient and the day. Templates: rec_rows.html, rec_chart.html.
 */
#ifndef PORTAL_REC_PAGE_H
#define PORTAL_REC_PAGE_H

#include <stddef.h>
#include <stdint.h>

#include "store_record.h"

struct arena;
struct patient;
struct tvars;

/* How a section's rows read: the label of rec_row.when, of each of
 * detail[0..5] (NULL: not shown), which details are dates (bit j for
 * detail[j]), whether it is the lab results' table, and which details are
 * coded units ("mm[Hg]", shown "mmHg": units.h). */
struct rec_cols {
	const char	*when;
	const char	*cols[6];
	unsigned	 dates;
	int		 labs;
	unsigned	 units;
};

/* The name a person understands: the document's own words for a test
 * (rec_row.display) over its coded name; "" if neither. */
const char	*rec_name(const struct rec_row *);
/* A lab flag as stored ("H", "LL", "Low") in words, and its mark
 * ("▲", "▼▼"; "" for normal or unknown). Static texts; an unknown flag
 * comes back as it is. */
const char	*rec_flag_words(const char *flag, const char **mark);
/* The rows into scope into: "rows" (articles) or, for labs, "labrows"
 * (a table), with "labs" and "empty". trend: the page a lab's trend is
 * on ("/record/trend"), linked from each test shown more than once;
 * NULL for none. */
void		 rec_page_rows(struct tvars *into, const struct rec_cols *,
		    const struct rec_row *r, size_t n, const char *trend);
/* patient_dob ("29 April 2011") and patient_age ("15 years"). */
void		 rec_page_born(struct tvars *, const struct patient *,
		    int64_t now);
/* The chart of a lab's series (oldest first) into scope into:
 * "chart" (1 if two or more values are numbers), its points and axis
 * texts, and the list "points" for the table of every value. */
void		 rec_page_chart(struct arena *, struct tvars *into,
		    const struct rec_row *r, size_t n);
/* "health-record-Ana-Rivera-2026-12-01.xml": the patient's names with
 * anything but [A-Za-z0-9-] dropped (spaces become '-'), and the day in
 * the hospital's zone. In a's memory. */
char		*rec_page_filename(struct arena *, const struct patient *,
		    int64_t now);

#endif
