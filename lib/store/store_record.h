/*
 * Reading a patient's record for the pages and the download: every item
 * with what the release rules need (confidential, outside, times, the
 * visit it belongs to). Nothing here decides what is shown: the caller
 * asks policy_item_visible for each row.
 */
#ifndef PORTAL_STORE_RECORD_H
#define PORTAL_STORE_RECORD_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;

enum rec_section {
	REC_VISITS,
	REC_NOTES,
	REC_LABS,
	REC_RADIOLOGY,
	REC_MEDICATIONS,
	REC_ALLERGIES,
	REC_PROBLEMS,
	REC_IMMUNIZATIONS,
	REC_VITALS,
	REC__MAX
};

/* One item of any section; fields a section does not have are NULL/0. */
struct rec_row {
	int64_t		 id;
	const char	*name;		/* title, test, drug, substance, ... */
	const char	*display;	/* results: the document's own words
					 * for the test, if it had any beside
					 * the coded name (issue 15.2); the
					 * pages show it over name */
	const char	*when;		/* as written: date or date-time */
	const char	*detail[6];	/* the section's columns, see store_record.c */
	const char	*department;	/* visits, notes: theirs; other items:
					 * the note's or report's they were
					 * coded in (NULL: a summary's) */
	const char	*panel;		/* results: the panel's name */
	const char	*note_type;
	const char	*encounter_kind;	/* outpatient, inpatient, emergency */
	const char	*code;		/* LOINC or other code */
	const char	*body;		/* note text, radiology report */
	int64_t		 at;		/* completed/resulted, unix; 0 if not */
	int		 confidential;
	int		 encounter_confidential;
	int		 outside;
	int		 planned;	/* visits: upcoming */
};

/* The rows of one section of a patient's record, newest first. */
int	store_record_rows(struct db *, struct arena *, int64_t patient,
	    enum rec_section s, struct rec_row **out, size_t *n);
/* One row by id, if it belongs to the patient: 1, 0 (none), -1. */
int	store_record_row(struct db *, struct arena *, int64_t patient,
	    enum rec_section s, int64_t id, struct rec_row *out);
/*
 * Every row of every section of a patient's record, with only what the
 * release rules look at (name, department, note_type, encounter_kind,
 * code, at, confidential, encounter_confidential, outside; the rest 0 or
 * NULL): fn(arg, section, row) for each, in no set order. The row and
 * its texts are valid only during the call. 0 or -1.
 */
typedef void	store_record_fn(void *arg, enum rec_section,
		    const struct rec_row *);
int	store_record_scan(struct db *, int64_t patient, store_record_fn *,
	    void *arg);

#endif
