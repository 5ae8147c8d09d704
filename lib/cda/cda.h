/*
 * Import of HL7 C-CDA documents into the record (F-RECORD 2), with
 * libxml2: network, DTDs and entities off, limits on size, depth, element
 * count and time. One document is one transaction: it is imported whole,
 * or refused with a reason and nothing of it is written. The same bytes
 * twice are one document (documents.sha256).
 *
 * What is taken, and how entries are counted (tests/import/run.py counts
 * documents independently by this same rule):
 *
 *  - Sections are ClinicalDocument/component/structuredBody/component/
 *    section and, recursively, section/component/section. A section's
 *    kind is that of the first of its templateId/@root values found in
 *    the table of cda_sections.c (C-CDA R1.1 and R2.1 roots, extension
 *    ignored), else that of its code/@code (LOINC), else "narrative".
 *  - Rows come from a structured section's own entry children E. The
 *    statement X is E's first child element in the urn:hl7-org:v3
 *    namespace; the candidates C are, by kind:
 *      results, vitals:        X=organizer: each X/component/observation;
 *                              X=observation: X
 *      medications, immunizations: X=substanceAdministration: X
 *      allergies, problems:    X=act: each X/entryRelationship/observation;
 *                              X=observation: X
 *      encounters:             X=encounter: X
 *    Any other X is skipped as "unexpected". A candidate is skipped when
 *    E, X or C carries @nullFlavor ("no information"), else when C has
 *    negationInd="true" ("negated": no known allergies, not given ...),
 *    else, for encounters, when C has no date (effectiveTime/@value, else
 *    effectiveTime/low/@value, whose first 8 characters are a valid
 *    YYYYMMDD), else when C names nothing ("names nothing"): no name for
 *      results, vitals:        C/code
 *      medications, immunizations: C/consumable/manufacturedProduct/
 *                              manufacturedMaterial/code, nor text in
 *                              manufacturedMaterial/name
 *      problems:               C/value, nor text in C/text (as originalText)
 *      allergies:              the playingEntity/code of a participant of
 *                              typeCode CSM or none, nor text in its name;
 *                              nor C/value
 *    where a code has a name if it has @displayName, an originalText whose
 *    reference/@value "#ID" points at an element with text or with text of
 *    its own, or a translation with @displayName; and, except for
 *    allergies, an @code. Every other candidate is one row of its table.
 *  - Note documents (ClinicalDocument/code/@code in the table of
 *    cda_sections.c: progress, consult, discharge summary, H&P, operative,
 *    procedure notes) give one `notes` row whose body is the text of all
 *    their sections; a Diagnostic Imaging Report (18748-4) gives one
 *    radiology `results` row whose report is that text. Either also gives
 *    one `encounters` row for componentOf/encompassingEncounter when it
 *    has no @nullFlavor and has a date (as above).
 *  - In other documents, each section with text (section/text holds a
 *    character other than space, tab, CR, LF and U+00A0) gives one
 *    `narratives` row when it is not structured, or is structured and gave
 *    no row. Note and imaging documents give no narratives: their text is
 *    released by the note and radiology rules only (F-PROXY 6).
 *
 * Refused (nothing written): over CDA_MAX_BYTES, deeper than
 * CDA_MAX_DEPTH, more than CDA_MAX_ELEMENTS, an element with more than
 * CDA_MAX_ATTRIBUTES attributes, slower than CDA_MAX_SECONDS (checked at
 * every element), an encoding other than UTF-8, UTF-16 or an 8-bit
 * superset of ASCII, a DOCTYPE, not well-formed, not a ClinicalDocument,
 * a nonXMLBody, no MRN-like id (recordTarget/patientRole/id with an
 * @extension whose @root is not the SSN root), no such id under the
 * hospital's MRN root (conf mrn_root: "from another system"), two
 * different extensions under it, no birth date to the day, no name, or a
 * name or birth date that differs from the patient on file for that MRN.
 *
 * Patients are keyed by (root, extension) of that id, and every patient
 * on file is the hospital's, under mrn_root (patients.mrn is the
 * extension). An id under another root is another system's number: the
 * same number, name and birth date from another system is not merged
 * into the hospital's patient, the document is refused. Documents from
 * elsewhere about the hospital's patient carry the hospital's MRN among
 * their patient ids (as the hospital's exports do, cda_export.c) and are
 * imported as outside information (hospital_oids).
 */
#ifndef PORTAL_CDA_H
#define PORTAL_CDA_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

struct arena;
struct conf;
struct db;

#define CDA_MAX_BYTES		(20L * 1024 * 1024)
#define CDA_MAX_DEPTH		200
#define CDA_MAX_ELEMENTS	500000L
#define CDA_MAX_ATTRIBUTES	100	/* per element; real ones have < 10 */
#define CDA_MAX_SECONDS		10
#define CDA_PROGRESS_EVERY	50

/* The tables a document's rows go to; the order of the summary. */
enum cda_tab {
	CDA_T_ENCOUNTERS,
	CDA_T_NOTES,
	CDA_T_RESULTS,
	CDA_T_MEDICATIONS,
	CDA_T_ALLERGIES,
	CDA_T_PROBLEMS,
	CDA_T_IMMUNIZATIONS,
	CDA_T_VITALS,
	CDA_T_NARRATIVES,
	CDA_T__MAX
};

/* Why a candidate entry gave no row. */
enum cda_skip {
	CDA_SKIP_NULLFLAVOR,	/* "no information" placeholder */
	CDA_SKIP_NEGATED,	/* negationInd: none known, not given */
	CDA_SKIP_NODATE,	/* an encounter without a date */
	CDA_SKIP_UNNAMED,	/* names no test, medication, substance ... */
	CDA_SKIP_UNEXPECTED,	/* a statement the section does not hold */
	CDA_SKIP__MAX
};

enum cda_status {
	CDA_IMPORTED,
	CDA_DUPLICATE,		/* these bytes were imported before */
	CDA_REFUSED,		/* reason says why; nothing written */
	CDA_FAILED,		/* database or system error; nothing written */
	CDA_STATUS__MAX
};

struct cda_result {
	enum cda_status	 status;
	long		 rows[CDA_T__MAX];
	long		 skipped[CDA_SKIP__MAX];
	int64_t		 patient_id;	/* imported: the patient */
	int64_t		 document_id;	/* imported, duplicate: the document */
	int		 pcp;		/* imported: 1 the document's PCP was
					 * put on file, 2 it names one but
					 * another is on file (kept) */
	char		 reason[256];	/* refused, failed: one line */
	long		 coverages;	/* imported: payers section's policies
					 * put on file (coverages, issue 14.2) */
};

/* Section kinds: the structured ones fill a table, the others are text. */
enum cda_sec {
	CDA_SEC_RESULTS,
	CDA_SEC_MEDICATIONS,
	CDA_SEC_ALLERGIES,
	CDA_SEC_PROBLEMS,
	CDA_SEC_IMMUNIZATIONS,
	CDA_SEC_VITALS,
	CDA_SEC_ENCOUNTERS,
	CDA_SEC_PROCEDURES,	/* kept as narrative */
	CDA_SEC_NARRATIVE,	/* any other section */
	CDA_SEC__MAX
};

/* Document types that are imported as one item of their own. */
enum cda_doctype {
	CDA_DOC_RECORD,		/* CCD, referral ...: sections only */
	CDA_DOC_NOTE,		/* one notes row */
	CDA_DOC_IMAGING,	/* one radiology results row */
	CDA_DOC__MAX
};

/*
 * Imports one document (buf, len bytes) named name (for messages) into db
 * at now. Fills res. Returns 0 when the document was imported, was a
 * duplicate or was refused (res->status says which), -1 on a database or
 * system failure (CDA_FAILED). Either way a refused or failed document
 * leaves the database as it was. Dates without a zone are read in the
 * process's time zone (conf_apply_tz).
 */
int	cda_import_buffer_at(struct db *db, const struct conf *cf,
	    const char *name, const unsigned char *buf, size_t len, time_t now,
	    struct cda_result *res);

/*
 * Putting a PCP on file is an access change, to be audited (S-1) with
 * the change. The importer sits below the audit layer: the program sets
 * fn (portalctl: an audit row "pcp.set"), called in the document's
 * transaction; -1 fails the document. Without one, no PCP is put on file
 * (res->pcp says 2, as for one kept).
 */
typedef int	cda_pcp_fn(struct db *db, time_t now, int64_t patient,
		    int64_t provider, int64_t document);
void	cda_on_pcp(cda_pcp_fn *fn);

/*
 * Imports every path: a file, a folder (recursively, files whose name
 * ends in ".xml", ".ccd", ".ccda" or ".cda" in any case, in name order;
 * every other file of a folder is named as skipped) or "-" for standard
 * input, each imported at now. Prints a progress line to out every CDA_PROGRESS_EVERY documents
 * and a summary at the end (documents imported, already imported,
 * refused and failed with one line each, rows per table, skipped entries
 * by reason, skipped files). Returns 0 if every document was imported or
 * had been, 1 if any was refused or failed (a path could not be read, the
 * database failed).
 */
int	cda_import_paths(struct db *db, const struct conf *cf,
	    char *const *paths, int npaths, time_t now, FILE *out);

/* The table's name as the summary prints it ("encounters" ...). */
const char	*cda_tab_name(enum cda_tab t);
/* A skip reason as the summary prints it. */
const char	*cda_skip_name(enum cda_skip s);

/* ---- Parts, exported for the tests ---- */

/*
 * Why buf cannot be handed to libxml2, or NULL: a start tag with more
 * than CDA_MAX_ATTRIBUTES attributes (libxml2 2.9.14 checks them for
 * duplicates pairwise, before any callback), or an encoding other than
 * UTF-8, UTF-16 or an 8-bit superset of ASCII (which the count could not
 * read). One pass over the bytes.
 */
const char	*cda_scan(const unsigned char *buf, size_t len);

/*
 * An HL7 TS value ("20120806", "201208061230", "20120806123000-0500").
 * Digits are read in pairs after the year; a fraction is ignored; an
 * offset is [+-]HH or [+-]HHMM. What follows the valid prefix is
 * ignored, a time out of range leaves the date alone.
 */
struct cda_ts {
	int	 prec;		/* 4 year, 6 month, 8 day, 10 hour, 12 minute,
				 * 14 second */
	int	 y, mo, d, h, mi, s;
	int	 has_off;
	int	 off;		/* east of UTC, in minutes */
};
/* 0 if s begins with a valid date of at least a year, else -1. */
int	cda_ts_parse(const char *s, struct cda_ts *ts);
/* ISO 8601 text of ts: "2012", "2012-08", "2012-08-06",
 * "2012-08-06T12:30", "2012-08-06T12:30:00-05:00"; into out (32 bytes). */
void	cda_ts_iso(const struct cda_ts *ts, char out[32]);
/* Unix seconds of ts (midnight for a date; the process's time zone when
 * there is no offset); -1 when ts is less precise than a day. */
int64_t	cda_ts_unix(const struct cda_ts *ts);
/* 1 if s's first 8 characters are a valid YYYYMMDD date. */
int	cda_ts_has_day(const char *s);

/* The kind of a section by its templateId roots (n of them), else by
 * its LOINC code (either may be NULL). */
enum cda_sec	 cda_section_kind(const char *const *roots, size_t n,
		    const char *loinc);
/* The LOINC code a kind is known by; NULL for CDA_SEC_NARRATIVE. */
const char	*cda_section_loinc(enum cda_sec k);
/* The type of a document by its LOINC code (NULL: a record), and for a
 * note its note_type (clinic, discharge_summary ...). */
enum cda_doctype cda_doc_type(const char *loinc, const char **note_type);
/* Visit kind for a code (code/@code or translation/@code) and its
 * displayName: "outpatient", "inpatient", "emergency", or NULL if
 * neither says. */
const char	*cda_encounter_kind(const char *code, const char *display);

/* ---- Reading the tree (cda_text.c), for the cda_ files ---- */

struct _xmlNode;
struct cda_ids;

#define CDA_NAME_MAX	2048	/* bytes of a name taken from narrative */

/* 1 if n is an element of the urn:hl7-org:v3 namespace named name (any
 * name if NULL). */
int		 cda_is(const struct _xmlNode *n, const char *name);
/* n's first child element / next sibling element as cda_is says. */
struct _xmlNode	*cda_child(const struct _xmlNode *n, const char *name);
struct _xmlNode	*cda_next(const struct _xmlNode *n, const char *name);
/* The first element down "a/b/c" from n, or NULL. */
struct _xmlNode	*cda_path(const struct _xmlNode *n, const char *path);
/* An attribute without namespace, trimmed; NULL when absent or blank.
 * Lives as long as the tree or a. */
const char	*cda_attr(struct arena *a, const struct _xmlNode *n,
		    const char *name);
/* xsi:type without its prefix ("PQ"), or NULL. */
const char	*cda_xsi_type(struct arena *a, const struct _xmlNode *n);
/* The text under n with whitespace folded, at most cap bytes; blocks on
 * lines of their own if lines, else joined by spaces. NULL if empty. */
char		*cda_text(struct arena *a, const struct _xmlNode *n,
		    size_t cap, int lines);
/* 1 if the text under n holds more than whitespace (as cda_text). */
int		 cda_has_text(const struct _xmlNode *n);
/* The elements of the tree under root with an ID attribute. */
struct cda_ids	*cda_ids_build(struct arena *a, struct _xmlNode *root);
/* The element with ID ref ("#x" or "x"), or NULL. */
struct _xmlNode	*cda_ids_get(const struct cda_ids *ids, const char *ref);
/* originalText and the like: the narrative its reference points to,
 * else its own text; NULL if none. */
char		*cda_ref_text(struct arena *a, const struct cda_ids *ids,
		    const struct _xmlNode *n);
/* A code's name: @displayName, originalText, a translation's
 * @displayName; NULL if none. */
const char	*cda_code_name(struct arena *a, const struct cda_ids *ids,
		    const struct _xmlNode *cd);
/* "prefix given family suffix" of a name element, or its text. */
char		*cda_person_name(struct arena *a, const struct _xmlNode *name);

/* ---- The PCP a document names (cda_pcp.c) ---- */

struct dir_entry;
/* The document's PCP with a valid NPI (the rule in cda_pcp.c) into
 * *out, texts in a: 1, or 0 if it names none. */
int		 cda_pcp(struct arena *a, const struct _xmlNode *root,
		    struct dir_entry *out);

#endif
