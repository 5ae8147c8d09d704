/*
 * The rows a C-CDA import writes (lib/cda_import.c): the document, and
 * the visits, notes, results, medications, allergies, problems,
 * immunizations, vital signs and narratives it holds. The caller holds
 * the transaction. Text fields may be NULL (SQL NULL) unless marked.
 */
#ifndef PORTAL_STORE_IMPORT_H
#define PORTAL_STORE_IMPORT_H

#include <stdint.h>

struct db;

/* What every row of one document shares. */
struct imp_owner {
	int64_t		 patient_id;
	int64_t		 document_id;
	int		 outside;
	/* A note's or an imaging report's department, kept on each result,
	 * medication, allergy, problem, immunization and vital sign coded
	 * in it (020); NULL for a summary document's. */
	const char	*department;
};

struct imp_document {
	const char	*sha256;	/* not NULL: hex of the raw bytes */
	int64_t		 patient_id;
	const char	*doc_code;
	const char	*title;
	const char	*source;
	int		 outside;
	int		 confidential;
	const char	*effective;
	int64_t		 imported;
};

struct imp_encounter {
	const char	*date;		/* not NULL: YYYY-MM-DD */
	const char	*kind;		/* not NULL: outpatient, inpatient, emergency */
	const char	*department;
	const char	*start_at, *end_at;
	const char	*status;	/* not NULL: completed, planned */
	const char	*title;
	const char	*location;
	const char	*provider;
	const char	*provider_contact;
	const char	*source_id;	/* its id in the documents ("root"
					 * or "root^extension"), or NULL */
	int		 confidential;
};

struct imp_note {
	int64_t		 encounter_id;	/* 0: none */
	const char	*department;
	const char	*note_type;	/* not NULL */
	const char	*title;
	const char	*author;
	const char	*body;		/* not NULL */
	int64_t		 completed;	/* -1: NULL */
	int		 confidential;
};

struct imp_result {
	int64_t		 encounter_id;	/* 0: none */
	const char	*kind;		/* not NULL: lab, radiology */
	const char	*panel;
	const char	*code;
	const char	*name;		/* not NULL: the coded name */
	const char	*display_name;	/* the document's own words for
					 * the test (originalText), if any
					 * and unlike name (issue 15.2) */
	const char	*value;
	const char	*unit;
	const char	*ref_range;
	const char	*flag;
	const char	*report;
	int64_t		 resulted;	/* -1: NULL */
	const char	*resulted_text;
	int		 confidential;
};

struct imp_medication {
	const char	*name;		/* not NULL */
	const char	*code, *dose, *route, *frequency;
	const char	*start_text, *stop_text, *status;
	int		 confidential;
};

struct imp_allergy {
	const char	*substance;	/* not NULL */
	const char	*reaction, *severity, *status;
	int		 confidential;
};

struct imp_problem {
	const char	*name;		/* not NULL */
	const char	*code, *onset_text, *status;
	int		 confidential;
};

struct imp_immunization {
	const char	*name;		/* not NULL */
	const char	*code, *date_text, *status;
	int		 confidential;
};

struct imp_vital {
	const char	*name;		/* not NULL */
	const char	*code, *value, *unit, *taken_text;
	int		 confidential;
};

struct imp_narrative {
	const char	*loinc;
	const char	*title;
	const char	*body;		/* not NULL */
	int		 confidential;
};

/* The id of the document with this SHA-256 (hex), 0 if none, -1. */
int64_t	store_import_seen(struct db *, const char *sha256);
/* Each returns the new row's id, or -1. */
int64_t	store_import_document(struct db *, const struct imp_document *);
int64_t	store_import_encounter(struct db *, const struct imp_owner *,
	    const struct imp_encounter *);
int64_t	store_import_note(struct db *, const struct imp_owner *,
	    const struct imp_note *);
int64_t	store_import_result(struct db *, const struct imp_owner *,
	    const struct imp_result *);
int64_t	store_import_medication(struct db *, const struct imp_owner *,
	    const struct imp_medication *);
int64_t	store_import_allergy(struct db *, const struct imp_owner *,
	    const struct imp_allergy *);
int64_t	store_import_problem(struct db *, const struct imp_owner *,
	    const struct imp_problem *);
int64_t	store_import_immunization(struct db *, const struct imp_owner *,
	    const struct imp_immunization *);
int64_t	store_import_vital(struct db *, const struct imp_owner *,
	    const struct imp_vital *);
int64_t	store_import_narrative(struct db *, const struct imp_owner *,
	    const struct imp_narrative *);

/* A coverage (insurance) from a document's payers section (issue 14.2):
 * payer not NULL. The same payer and member id of the patient from an
 * earlier document is updated, not added again. 0 or -1. */
struct imp_coverage {
	const char	*payer;
	const char	*plan;
	const char	*member_id;
	const char	*group_no;
	const char	*subscriber;
	const char	*relationship;
	long		 rank;		/* 1 primary */
};
int	store_import_coverage(struct db *, const struct imp_owner *,
	    const struct imp_coverage *, int64_t now);
/* A note's entries (results, medications, allergies, problems,
 * immunizations, vitals of document) are confidential when its visit is
 * (a restricted visit, a confidential clinic's, or a visit another
 * document marked): the note is withheld for it, and so are they. 0 or
 * -1. */
int	store_import_visit_conf(struct db *, int64_t document, int64_t visit);

#endif
