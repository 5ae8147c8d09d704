/*
 * What the importer knows about C-CDA by name: sections by templateId
 * (R1.1 roots and the R2.1 ".1" "entries required" roots) and by LOINC,
 * document types that are one note or one imaging report, and the codes
 * that make a visit inpatient or emergency. Only tables here; the rule
 * that uses them is in cda.h.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cda.h"

#define NELEM(x)	(sizeof(x) / sizeof((x)[0]))

static const struct {
	enum cda_sec	 kind;
	const char	*loinc;
	const char	*roots[2];	/* entries optional, required; R2.1 adds
					 * an extension to the same roots */
} sections[] = {
	{ CDA_SEC_RESULTS, "30954-2",
	    { "2.16.840.1.113883.10.20.22.2.3", "2.16.840.1.113883.10.20.22.2.3.1" } },
	{ CDA_SEC_MEDICATIONS, "10160-0",
	    { "2.16.840.1.113883.10.20.22.2.1", "2.16.840.1.113883.10.20.22.2.1.1" } },
	{ CDA_SEC_ALLERGIES, "48765-2",
	    { "2.16.840.1.113883.10.20.22.2.6", "2.16.840.1.113883.10.20.22.2.6.1" } },
	{ CDA_SEC_PROBLEMS, "11450-4",
	    { "2.16.840.1.113883.10.20.22.2.5", "2.16.840.1.113883.10.20.22.2.5.1" } },
	{ CDA_SEC_IMMUNIZATIONS, "11369-6",
	    { "2.16.840.1.113883.10.20.22.2.2", "2.16.840.1.113883.10.20.22.2.2.1" } },
	{ CDA_SEC_VITALS, "8716-3",
	    { "2.16.840.1.113883.10.20.22.2.4", "2.16.840.1.113883.10.20.22.2.4.1" } },
	{ CDA_SEC_ENCOUNTERS, "46240-8",
	    { "2.16.840.1.113883.10.20.22.2.22",
	    "2.16.840.1.113883.10.20.22.2.22.1" } },
	{ CDA_SEC_PROCEDURES, "47519-4",
	    { "2.16.840.1.113883.10.20.22.2.7", "2.16.840.1.113883.10.20.22.2.7.1" } },
};

enum cda_sec
cda_section_kind(const char *const *roots, size_t n, const char *loinc)
{
	size_t	 i, j, k;

	for (i = 0; i < n; i++)
		for (j = 0; roots[i] != NULL && j < NELEM(sections); j++)
			for (k = 0; k < NELEM(sections[j].roots); k++)
				if (strcmp(roots[i], sections[j].roots[k]) == 0)
					return sections[j].kind;
	for (j = 0; loinc != NULL && j < NELEM(sections); j++)
		if (strcmp(loinc, sections[j].loinc) == 0)
			return sections[j].kind;
	return CDA_SEC_NARRATIVE;
}

const char *
cda_section_loinc(enum cda_sec k)
{
	size_t	 j;

	for (j = 0; j < NELEM(sections); j++)
		if (sections[j].kind == k)
			return sections[j].loinc;
	return NULL;
}

/* note_type values are those of notes.note_type and the release rules'
 * note_excluded_types setting. */
static const struct {
	const char		*loinc;
	enum cda_doctype	 type;
	const char		*note_type;
} doctypes[] = {
	{ "11506-3", CDA_DOC_NOTE, "progress" },
	{ "11488-4", CDA_DOC_NOTE, "consult" },
	{ "18842-5", CDA_DOC_NOTE, "discharge_summary" },
	{ "34117-2", CDA_DOC_NOTE, "history_and_physical" },
	{ "11504-8", CDA_DOC_NOTE, "operative" },
	{ "28570-0", CDA_DOC_NOTE, "procedure" },
	{ "18748-4", CDA_DOC_IMAGING, NULL },
};

enum cda_doctype
cda_doc_type(const char *loinc, const char **note_type)
{
	size_t	 i;

	if (note_type != NULL)
		*note_type = NULL;
	for (i = 0; loinc != NULL && i < NELEM(doctypes); i++)
		if (strcmp(loinc, doctypes[i].loinc) == 0) {
			if (note_type != NULL)
				*note_type = doctypes[i].note_type;
			return doctypes[i].type;
		}
	return CDA_DOC_RECORD;
}

/*
 * Visit kinds. Codes: HL7 ActCode (AMB, IMP, EMER ...), CPT ranges of
 * office visits and consultations and preventive care, of hospital
 * inpatient, observation, inpatient consultation, critical and
 * neonatal/pediatric inpatient care, and emergency department visits;
 * SNOMED CT admissions and ED visits; HL7 RoleCode locations. Then words
 * of the display name, which catch local codes. The release rules hold
 * back notes of these visits, so a code missing here shows a note that
 * should wait: add codes, do not remove them.
 */
static const struct {
	const char	*lo, *hi;	/* codes lo..hi, compared as text */
	const char	*kind;
} kind_codes[] = {
	{ "AMB", "AMB", "outpatient" },
	{ "99201", "99215", "outpatient" },
	{ "99241", "99245", "outpatient" },
	{ "99381", "99429", "outpatient" },
	{ "EMER", "EMER", "emergency" },
	{ "ED", "ED", "emergency" },
	{ "ER", "ER", "emergency" },
	{ "ETU", "ETU", "emergency" },
	{ "99281", "99288", "emergency" },
	{ "4525004", "4525004", "emergency" },
	{ "50849002", "50849002", "emergency" },
	{ "183452005", "183452005", "emergency" },
	{ "IMP", "IMP", "inpatient" },
	{ "ACUTE", "ACUTE", "inpatient" },
	{ "NONAC", "NONAC", "inpatient" },
	{ "HOSP", "HOSP", "inpatient" },
	{ "ICU", "ICU", "inpatient" },
	{ "PEDICU", "PEDICU", "inpatient" },
	{ "NICU", "NICU", "inpatient" },
	{ "99217", "99239", "inpatient" },
	{ "99251", "99255", "inpatient" },
	{ "99291", "99292", "inpatient" },
	{ "99460", "99480", "inpatient" },
	{ "32485007", "32485007", "inpatient" },
	{ "8715000", "8715000", "inpatient" },
	{ "305342007", "305342007", "inpatient" },
};

static const struct {
	const char	*word;
	const char	*kind;
} kind_words[] = {
	{ "outpatient", "outpatient" },
	{ "emergency", "emergency" },
	{ "inpatient", "inpatient" },
	{ "hospital admission", "inpatient" },
	{ "hospitalization", "inpatient" },
};

/* Case-insensitive strstr for ASCII words. */
static int
has_word(const char *s, const char *w)
{
	size_t	 n = strlen(w);

	for (; *s != '\0'; s++)
		if (strncasecmp(s, w, n) == 0)
			return 1;
	return 0;
}

const char *
cda_encounter_kind(const char *code, const char *display)
{
	size_t	 i, n;

	for (i = 0; code != NULL && i < NELEM(kind_codes); i++) {
		n = strlen(code);
		/* Ranges hold codes of one length (CPT: 5 characters). */
		if (n == strlen(kind_codes[i].lo) &&
		    strcmp(code, kind_codes[i].lo) >= 0 &&
		    strcmp(code, kind_codes[i].hi) <= 0)
			return kind_codes[i].kind;
	}
	for (i = 0; display != NULL && i < NELEM(kind_words); i++)
		if (has_word(display, kind_words[i].word))
			return kind_words[i].kind;
	return NULL;
}
