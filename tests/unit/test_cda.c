/*
 * The C-CDA importer (F-RECORD 2, F-PROXY 6) on small documents written
 * here: HL7 TS values, sections known by R1.1 and R2.1 templateIds and by
 * LOINC alone, the counting rule of cda.h (rows and skips), field values,
 * confidentiality, outside marking, notes and imaging reports, refusals
 * with their reasons (each leaving the database as it was), the limits,
 * and idempotence. Dates are read in America/New_York. Tests run from
 * the project root, so "sql" is the real schema.
 */
#include <dirent.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "cda.h"
#include "conf.h"
#include "db.h"
#include "db_sqlite.h"
#include "t.h"

#define NELEM(x)	(sizeof(x) / sizeof((x)[0]))
#define NOW		1700000000	/* 2023-11-14: "now" in these tests */

static char		 tmpdir[] = "/tmp/test_cda.XXXXXX";
static struct conf	 cf;

/* ---- TS values ---- */

static void
test_ts(void)
{
	static const struct {
		const char	*in;
		int		 rc, prec;
		const char	*iso;
		int64_t		 unix;	/* -1: less than a day */
	} t[] = {
		{ "20120806", 0, 8, "2012-08-06", 1344225600 },
		{ "201208061230", 0, 12, "2012-08-06T12:30", 1344270600 },
		{ "20120806123000-0500", 0, 14, "2012-08-06T12:30:00-05:00",
		    1344274200 },
		{ "20120806123000.123+0100", 0, 14, "2012-08-06T12:30:00+01:00",
		    1344252600 },
		{ "20120806123000-05", 0, 14, "2012-08-06T12:30:00-05:00",
		    1344274200 },
		{ "201208061200-0500", 0, 12, "2012-08-06T12:00-05:00",
		    1344272400 },
		{ "20120115", 0, 8, "2012-01-15", 1326603600 },	/* EST */
		{ "2012080612", 0, 10, "2012-08-06T12:00", 1344268800 },
		{ "2012", 0, 4, "2012", -1 },
		{ "201208", 0, 6, "2012-08", -1 },
		{ "  20120806\n", 0, 8, "2012-08-06", 1344225600 },
		{ "20120229", 0, 8, "2012-02-29", 1330491600 },
		{ "201208061", 0, 8, "2012-08-06", 1344225600 },	/* stray digit */
		{ "2012080625", 0, 8, "2012-08-06", 1344225600 },	/* hour 25 */
		{ "201208061261", 0, 8, "2012-08-06", 1344225600 },	/* minute 61 */
		{ "20120806123000-9900", 0, 14, "2012-08-06T12:30:00", 1344274200 -
		    3600 },	/* a bad offset is none: local time */
		{ "20120806-0500", 0, 8, "2012-08-06", 1344225600 },
		{ "19700101000000+0000", 0, 14, "1970-01-01T00:00:00+00:00", 0 },
		{ "20121301", -1, 0, NULL, -1 },
		{ "20130229", -1, 0, NULL, -1 },
		{ "20120800", -1, 0, NULL, -1 },
		{ "0000", -1, 0, NULL, -1 },
		{ "201", -1, 0, NULL, -1 },
		{ "2012-08-06", 0, 4, "2012", -1 },
		{ "abc", -1, 0, NULL, -1 },
		{ "", -1, 0, NULL, -1 },
		{ NULL, -1, 0, NULL, -1 },
	};
	static const struct {
		const char	*in;
		int		 day;
	} d[] = {
		{ "20120806", 1 }, { "20120806123000-0500", 1 }, { "201208061", 1 },
		{ "2012080", 0 }, { "2012-08-06", 0 }, { "20121301", 0 },
		{ "20120230", 0 }, { "00000101", 0 }, { " 20120806", 0 },
		{ "", 0 }, { NULL, 0 },
	};
	struct cda_ts	 ts;
	char		 iso[32];
	size_t		 i;

	for (i = 0; i < NELEM(t); i++) {
		T_INT(cda_ts_parse(t[i].in, &ts), t[i].rc, t[i].in ? t[i].in : "NULL");
		if (t[i].rc != 0)
			continue;
		T_INT(ts.prec, t[i].prec, t[i].in);
		cda_ts_iso(&ts, iso);
		T_STR(iso, t[i].iso, t[i].in);
		T_INT(cda_ts_unix(&ts), t[i].unix, t[i].in);
	}
	for (i = 0; i < NELEM(d); i++)
		T_INT(cda_ts_has_day(d[i].in), d[i].day, d[i].in ? d[i].in : "NULL");
}

/* ---- Tables ---- */

static void
test_tables(void)
{
	static const struct {
		const char	*roots[3];
		const char	*loinc;
		enum cda_sec	 kind;
	} s[] = {
		{ { "2.16.840.1.113883.10.20.22.2.3.1" }, NULL, CDA_SEC_RESULTS },
		{ { "2.16.840.1.113883.10.20.22.2.3" }, NULL, CDA_SEC_RESULTS },
		{ { "2.16.840.1.113883.10.20.22.2.1.1" }, NULL, CDA_SEC_MEDICATIONS },
		{ { "2.16.840.1.113883.10.20.22.2.6" }, NULL, CDA_SEC_ALLERGIES },
		{ { "2.16.840.1.113883.10.20.22.2.5.1" }, NULL, CDA_SEC_PROBLEMS },
		{ { "2.16.840.1.113883.10.20.22.2.2" }, NULL, CDA_SEC_IMMUNIZATIONS },
		{ { "2.16.840.1.113883.10.20.22.2.4.1" }, NULL, CDA_SEC_VITALS },
		{ { "2.16.840.1.113883.10.20.22.2.22.1" }, NULL, CDA_SEC_ENCOUNTERS },
		{ { "2.16.840.1.113883.10.20.22.2.7.1" }, NULL, CDA_SEC_PROCEDURES },
		{ { NULL }, "30954-2", CDA_SEC_RESULTS },
		{ { NULL }, "10160-0", CDA_SEC_MEDICATIONS },
		{ { NULL }, "48765-2", CDA_SEC_ALLERGIES },
		{ { NULL }, "11450-4", CDA_SEC_PROBLEMS },
		{ { NULL }, "11369-6", CDA_SEC_IMMUNIZATIONS },
		{ { NULL }, "8716-3", CDA_SEC_VITALS },
		{ { NULL }, "46240-8", CDA_SEC_ENCOUNTERS },
		{ { NULL }, "47519-4", CDA_SEC_PROCEDURES },
		{ { NULL }, "29762-2", CDA_SEC_NARRATIVE },
		{ { NULL }, NULL, CDA_SEC_NARRATIVE },
		/* An unknown template, then a known one: the known one. */
		{ { "1.2.3", "2.16.840.1.113883.10.20.22.2.6.1" }, NULL,
		    CDA_SEC_ALLERGIES },
		/* The template wins over the code. */
		{ { "2.16.840.1.113883.10.20.22.2.1.1" }, "48765-2",
		    CDA_SEC_MEDICATIONS },
		/* A template of no section here: the code says. */
		{ { "2.16.840.1.113883.10.20.22.4.26" }, "8716-3", CDA_SEC_VITALS },
		{ { "2.16.840.1.113883.10.20.22.2.3.1.9" }, NULL, CDA_SEC_NARRATIVE },
	};
	static const struct {
		const char		*loinc;
		enum cda_doctype	 type;
		const char		*note_type;
	} d[] = {
		{ "34133-9", CDA_DOC_RECORD, NULL },
		{ "57133-1", CDA_DOC_RECORD, NULL },
		{ NULL, CDA_DOC_RECORD, NULL },
		{ "11506-3", CDA_DOC_NOTE, "progress" },
		{ "11488-4", CDA_DOC_NOTE, "consult" },
		{ "18842-5", CDA_DOC_NOTE, "discharge_summary" },
		{ "34117-2", CDA_DOC_NOTE, "history_and_physical" },
		{ "18748-4", CDA_DOC_IMAGING, NULL },
	};
	static const struct {
		const char	*code, *display, *kind;
	} k[] = {
		{ "IMP", NULL, "inpatient" },
		{ "ACUTE", NULL, "inpatient" },
		{ "EMER", NULL, "emergency" },
		{ "AMB", NULL, "outpatient" },
		{ "99213", "Office visit", "outpatient" },
		{ "99245", NULL, "outpatient" },
		{ "99221", NULL, "inpatient" },
		{ "99239", NULL, "inpatient" },
		{ "99240", NULL, NULL },
		{ "99281", NULL, "emergency" },
		{ "99285", NULL, "emergency" },
		{ "9928", NULL, NULL },
		{ "CPT", "Outpatient Visit", "outpatient" },
		{ "992810", NULL, NULL },
		{ "32485007", "Hospital admission", "inpatient" },
		{ "4525004", NULL, "emergency" },
		{ "LOCAL1", "Inpatient stay", "inpatient" },
		{ "LOCAL2", "Pediatric EMERGENCY dept", "emergency" },
		{ NULL, "Well child visit", NULL },
		{ NULL, NULL, NULL },
	};
	const char	*nt;
	size_t		 i, n;

	for (i = 0; i < NELEM(s); i++) {
		for (n = 0; n < NELEM(s[i].roots) && s[i].roots[n] != NULL; n++)
			;
		T_INT(cda_section_kind(s[i].roots, n, s[i].loinc), s[i].kind,
		    s[i].roots[0] ? s[i].roots[0] : s[i].loinc ? s[i].loinc :
		    "nothing");
	}
	T_STR(cda_section_loinc(CDA_SEC_ALLERGIES), "48765-2", "allergies LOINC");
	T_STR(cda_section_loinc(CDA_SEC_NARRATIVE), NULL, "narrative LOINC");
	for (i = 0; i < NELEM(d); i++) {
		T_INT(cda_doc_type(d[i].loinc, &nt), d[i].type,
		    d[i].loinc ? d[i].loinc : "NULL");
		T_STR(nt, d[i].note_type, d[i].loinc ? d[i].loinc : "NULL");
	}
	for (i = 0; i < NELEM(k); i++)
		T_STR(cda_encounter_kind(k[i].code, k[i].display), k[i].kind,
		    k[i].code ? k[i].code : k[i].display ? k[i].display : "NULL");
	T_STR(cda_tab_name(CDA_T_VITALS), "vitals", "table name");
	T_STR(cda_skip_name(CDA_SKIP__MAX), "?", "skip name out of range");
}

/* ---- Documents ---- */

struct hdr {
	const char	*code;		/* document LOINC */
	const char	*conf;		/* confidentialityCode */
	const char	*mrn_root, *mrn;
	const char	*given, *family, *dob;
	const char	*custodian;	/* custodian org id root; "" for none */
	const char	*extra;		/* more header (componentOf ...) */
};

static const struct hdr	 hdr0 = {
	"34133-9", "N", "2.16.840.1.113883.19.5", "M100", "Ada", "Lovelace",
	"20100203", "2.16.840.1.113883.19.5", "",
};

static char *
xprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *
xprintf(const char *fmt, ...)
{
	va_list	 ap;
	char	*s;
	int	 n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || (s = malloc((size_t)n + 1)) == NULL)
		abort();
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}

/* A document of h's header and body (sections); free it. */
static char *
doc(const struct hdr *h, const char *body)
{
	char	 cust[256] = "";

	if (*h->custodian != '\0')
		snprintf(cust, sizeof(cust), "<id root=\"%s\"/>", h->custodian);
	return xprintf(
	    "<?xml version=\"1.0\"?>\n"
	    "<?xml-stylesheet type=\"text/xsl\" href=\"http://example.org/cda.xsl\"?>\n"
	    "<ClinicalDocument xmlns=\"urn:hl7-org:v3\" "
	    "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n"
	    " <code code=\"%s\" codeSystem=\"2.16.840.1.113883.6.1\"/>\n"
	    " <title>Test document</title>\n"
	    " <effectiveTime value=\"20120806120000-0500\"/>\n"
	    " <confidentialityCode code=\"%s\"/>\n"
	    " <recordTarget><patientRole>\n"
	    "  <id root=\"2.16.840.1.113883.4.1\" extension=\"111-22-3333\"/>\n"
	    "  <id root=\"%s\" extension=\"%s\"/>\n"
	    "  <patient><name><given>%s</given><family>%s</family></name>\n"
	    "   <administrativeGenderCode code=\"F\"/>\n"
	    "   <birthTime value=\"%s\"/></patient>\n"
	    " </patientRole></recordTarget>\n"
	    " <author><assignedAuthor><assignedPerson><name><given>Henry</given>"
	    "<family>Seven</family></name></assignedPerson></assignedAuthor>"
	    "</author>\n"
	    " <custodian><assignedCustodian><representedCustodianOrganization>"
	    "%s<name>Good Health</name></representedCustodianOrganization>"
	    "</assignedCustodian></custodian>\n"
	    "%s\n"
	    " <component><structuredBody>\n%s\n </structuredBody></component>\n"
	    "</ClinicalDocument>\n",
	    h->code, h->conf, h->mrn_root, h->mrn, h->given, h->family, h->dob,
	    cust, h->extra, body);
}

#define SEC(inner)	"<component><section>" inner "</section></component>\n"

/* Every kind of section, by R2.1 or R1.1 template or LOINC alone, with
 * entries that count and entries that are skipped. */
static const char body_all[] =
    /* Results, R2.1: 2 rows, 1 nullFlavor. */
    SEC("<templateId root=\"2.16.840.1.113883.10.20.22.2.3.1\" extension=\"2015-08-01\"/>"
    "<code code=\"30954-2\"/><title>Results</title><text>CBC</text>"
    "<entry><organizer classCode=\"BATTERY\" moodCode=\"EVN\">"
    "<code code=\"58410-2\" displayName=\"CBC panel\"/><effectiveTime value=\"20120806\"/>"
    "<component><observation classCode=\"OBS\" moodCode=\"EVN\">"
    "<code code=\"718-7\" displayName=\"Hemoglobin\"/>"
    "<effectiveTime value=\"201208061230\"/>"
    "<value xsi:type=\"PQ\" value=\"13.2\" unit=\"g/dL\"/><interpretationCode code=\"N\"/>"
    "<referenceRange><observationRange><value xsi:type=\"IVL_PQ\"><low value=\"12\" "
    "unit=\"g/dL\"/><high value=\"16\" unit=\"g/dL\"/></value></observationRange>"
    "</referenceRange></observation></component>"
    "<component><observation classCode=\"OBS\" moodCode=\"EVN\">"
    "<code code=\"6690-2\" displayName=\"WBC\"/>"
    "<value xsi:type=\"PQ\" value=\"11.5\" unit=\"10*3/uL\"/><interpretationCode code=\"H\"/>"
    "<referenceRange><observationRange><text>4.5-11.0</text></observationRange>"
    "</referenceRange></observation></component>"
    "<component><observation nullFlavor=\"NI\"><code nullFlavor=\"NI\"/></observation>"
    "</component></organizer></entry>")
    /* Medications, R1.1 template only: 1 row, 1 negated, 1 naming nothing. */
    SEC("<templateId root=\"2.16.840.1.113883.10.20.22.2.1\"/><title>Medications</title>"
    "<text>Ibuprofen</text>"
    "<entry><substanceAdministration classCode=\"SBADM\" moodCode=\"EVN\">"
    "<statusCode code=\"active\"/>"
    "<effectiveTime xsi:type=\"IVL_TS\"><low value=\"20120101\"/></effectiveTime>"
    "<effectiveTime xsi:type=\"PIVL_TS\" operator=\"A\"><period value=\"8\" unit=\"h\"/>"
    "</effectiveTime><routeCode code=\"C38288\" displayName=\"Oral\"/>"
    "<doseQuantity value=\"1\" unit=\"{tbl}\"/><consumable><manufacturedProduct>"
    "<manufacturedMaterial><code code=\"197806\" displayName=\"Ibuprofen 600 MG Oral Tablet\"/>"
    "</manufacturedMaterial></manufacturedProduct></consumable></substanceAdministration></entry>"
    "<entry><substanceAdministration moodCode=\"EVN\" negationInd=\"true\"><consumable>"
    "<manufacturedProduct><manufacturedMaterial><code code=\"1191\" displayName=\"Aspirin\"/>"
    "</manufacturedMaterial></manufacturedProduct></consumable></substanceAdministration></entry>"
    "<entry><substanceAdministration moodCode=\"EVN\"><consumable><manufacturedProduct>"
    "<manufacturedMaterial><code nullFlavor=\"UNK\"/></manufacturedMaterial>"
    "</manufacturedProduct></consumable></substanceAdministration></entry>")
    /* Allergies, LOINC only: 1 row with reaction and severity. */
    SEC("<code code=\"48765-2\"/><title>Allergies</title><text>Penicillin</text>"
    "<entry><act classCode=\"ACT\" moodCode=\"EVN\"><statusCode code=\"active\"/>"
    "<entryRelationship typeCode=\"SUBJ\"><observation classCode=\"OBS\" moodCode=\"EVN\">"
    "<participant typeCode=\"CSM\"><participantRole><playingEntity>"
    "<code code=\"7980\" displayName=\"Penicillin G\"/></playingEntity></participantRole>"
    "</participant><entryRelationship typeCode=\"MFST\"><observation>"
    "<templateId root=\"2.16.840.1.113883.10.20.22.4.9\"/>"
    "<value xsi:type=\"CD\" displayName=\"Hives\"/><entryRelationship typeCode=\"SUBJ\">"
    "<observation><templateId root=\"2.16.840.1.113883.10.20.22.4.8\"/>"
    "<value xsi:type=\"CD\" displayName=\"Moderate\"/></observation></entryRelationship>"
    "</observation></entryRelationship></observation></entryRelationship></act></entry>")
    /* Problems, R2.1: an act with 2 problems, one named by reference. */
    SEC("<templateId root=\"2.16.840.1.113883.10.20.22.2.5.1\"/><code code=\"11450-4\"/>"
    "<title>Problems</title><text><content ID=\"p2\">Seasonal   allergies</content></text>"
    "<entry><act classCode=\"ACT\" moodCode=\"EVN\"><statusCode code=\"active\"/>"
    "<entryRelationship typeCode=\"SUBJ\"><observation classCode=\"OBS\" moodCode=\"EVN\">"
    "<effectiveTime><low value=\"2011\"/></effectiveTime>"
    "<value xsi:type=\"CD\" code=\"195967001\" displayName=\"Asthma\"/></observation>"
    "</entryRelationship><entryRelationship typeCode=\"SUBJ\"><observation classCode=\"OBS\">"
    "<value xsi:type=\"CD\" nullFlavor=\"OTH\"><originalText><reference value=\"#p2\"/>"
    "</originalText></value></observation></entryRelationship></act></entry>")
    /* Immunizations, R1.1: 2 rows (one intended), 1 negated. */
    SEC("<templateId root=\"2.16.840.1.113883.10.20.22.2.2\"/><code code=\"11369-6\"/>"
    "<title>Immunizations</title><text>Flu</text>"
    "<entry><substanceAdministration moodCode=\"EVN\"><statusCode code=\"completed\"/>"
    "<effectiveTime value=\"20111001\"/><consumable><manufacturedProduct>"
    "<manufacturedMaterial><code code=\"141\" displayName=\"Influenza, seasonal\"/>"
    "</manufacturedMaterial></manufacturedProduct></consumable></substanceAdministration></entry>"
    "<entry><substanceAdministration moodCode=\"INT\"><consumable><manufacturedProduct>"
    "<manufacturedMaterial><code code=\"20\" displayName=\"DTaP\"/></manufacturedMaterial>"
    "</manufacturedProduct></consumable></substanceAdministration></entry>"
    "<entry><substanceAdministration moodCode=\"EVN\" negationInd=\"true\"><consumable>"
    "<manufacturedProduct><manufacturedMaterial><code code=\"33\" displayName=\"Pneumo\"/>"
    "</manufacturedMaterial></manufacturedProduct></consumable></substanceAdministration></entry>")
    /* Vital signs, R2.1: 3 rows, one of them very restricted. */
    SEC("<templateId root=\"2.16.840.1.113883.10.20.22.2.4.1\"/><code code=\"8716-3\"/>"
    "<title>Vitals</title><text>Height</text>"
    "<entry><organizer classCode=\"CLUSTER\" moodCode=\"EVN\"><effectiveTime value=\"20120806\"/>"
    "<component><observation><code code=\"8302-2\" displayName=\"Height\"/>"
    "<value xsi:type=\"PQ\" value=\"120\" unit=\"cm\"/></observation></component>"
    "<component><observation><code code=\"29463-7\" displayName=\"Weight\"/>"
    "<value xsi:type=\"PQ\" value=\"25\" unit=\"kg\"/></observation></component>"
    "<component><observation><code code=\"8867-4\"/><confidentialityCode code=\"V\"/>"
    "<value xsi:type=\"PQ\" value=\"90\" unit=\"/min\"/></observation></component>"
    "</organizer></entry>")
    /* Encounters, R2.1: 2 rows (an ED visit, a planned visit), 1 without a
     * date, 1 unexpected statement. */
    SEC("<templateId root=\"2.16.840.1.113883.10.20.22.2.22.1\"/><code code=\"46240-8\"/>"
    "<title>Encounters</title><text>Visits</text>"
    "<entry><encounter classCode=\"ENC\" moodCode=\"EVN\">"
    "<code code=\"99283\" displayName=\"Emergency dept visit\"/>"
    "<effectiveTime><low value=\"201103121030-0500\"/><high value=\"201103121400-0500\"/>"
    "</effectiveTime><performer><assignedEntity><code displayName=\"Pediatrics\"/>"
    "<telecom value=\"tel:+1-555-555-1000\"/><assignedPerson><name><prefix>Dr.</prefix>"
    "<given>Ann</given><family>Smith</family></name></assignedPerson></assignedEntity>"
    "</performer><participant typeCode=\"LOC\"><participantRole><playingEntity>"
    "<name>Main Hospital</name></playingEntity></participantRole></participant>"
    "</encounter></entry>"
    "<entry><encounter moodCode=\"APT\"><code code=\"99213\" displayName=\"Office visit\"/>"
    "<effectiveTime value=\"20110101\"/></encounter></entry>"
    "<entry><encounter moodCode=\"EVN\"><code code=\"99213\"/><effectiveTime nullFlavor=\"UNK\"/>"
    "</encounter></entry>"
    "<entry><act moodCode=\"EVN\"><code code=\"x\"/></act></entry>")
    /* Narrative only: social history; a section with nothing in its text;
     * procedures (kept as text) with a nested section of its own. */
    SEC("<code code=\"29762-2\"/><title>Social History</title>"
    "<text><table><tr><th>Smoking</th><th>Never</th></tr><tr><td>Alcohol</td><td>None</td>"
    "</tr></table></text>")
    SEC("<code code=\"10164-2\"/><title>History of present illness</title>"
    "<text> &#160; <br/> </text>")
    SEC("<templateId root=\"2.16.840.1.113883.10.20.22.2.7.1\"/><code code=\"47519-4\"/>"
    "<title>Procedures</title><text><paragraph>Tonsillectomy 2012</paragraph></text>"
    "<entry><procedure moodCode=\"EVN\"><code code=\"173422009\"/></procedure></entry>"
    "<component><section><code code=\"51847-2\"/><title>Plan</title>"
    "<text>Follow up in <content>two</content> weeks.</text></section></component>");

/* Raw query: one integer, or -1. */
static long long
q_int(struct db *db, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static long long
q_int(struct db *db, const char *fmt, ...)
{
	sqlite3_stmt	*st;
	long long	 v = -1;
	char		 sql[1024];
	va_list		 ap;

	va_start(ap, fmt);
	vsnprintf(sql, sizeof(sql), fmt, ap);
	va_end(ap);
	if (sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "q_int: %s: %s\n", sql, sqlite3_errmsg(db_handle(db)));
		return -1;
	}
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* Raw query: one text into out (empty for NULL or no row). */
static const char *
q_text(struct db *db, char *out, size_t n, const char *sql)
{
	sqlite3_stmt		*st;
	const unsigned char	*s;

	*out = '\0';
	if (sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "q_text: %s: %s\n", sql, sqlite3_errmsg(db_handle(db)));
		return out;
	}
	if (sqlite3_step(st) == SQLITE_ROW &&
	    (s = sqlite3_column_text(st, 0)) != NULL)
		snprintf(out, n, "%s", (const char *)s);
	sqlite3_finalize(st);
	return out;
}

static const char *const tables[CDA_T__MAX] = {
	"encounters", "notes", "results", "medications", "allergies",
	"problems", "immunizations", "vitals", "narratives",
};

/* Every row of every record table, and the documents and patients. */
static long long
all_rows(struct db *db)
{
	long long	 n;
	size_t		 i;

	n = q_int(db, "SELECT count(*) FROM documents") +
	    q_int(db, "SELECT count(*) FROM patients");
	for (i = 0; i < CDA_T__MAX; i++)
		n += q_int(db, "SELECT count(*) FROM %s", tables[i]);
	return n;
}

static struct db *
open_db(const char *name)
{
	struct db	*db;
	char		 p[1024], err[512] = "";

	snprintf(p, sizeof(p), "%s/%s", tmpdir, name);
	if ((db = db_open(p, 1, err, sizeof(err))) == NULL ||
	    db_migrate(db, "sql", err, sizeof(err)) == -1) {
		fprintf(stderr, "%s: %s\n", p, err);
		exit(1);
	}
	return db;
}

static int
import(struct db *db, const char *xml, struct cda_result *res)
{
	return cda_import_buffer_at(db, &cf, "test", (const unsigned char *)xml,
	    strlen(xml), NOW, res);
}

static void
test_counts(void)
{
	static const long	 want_rows[CDA_T__MAX] = {
		[CDA_T_ENCOUNTERS] = 2, [CDA_T_RESULTS] = 2,
		[CDA_T_MEDICATIONS] = 1, [CDA_T_ALLERGIES] = 1,
		[CDA_T_PROBLEMS] = 2, [CDA_T_IMMUNIZATIONS] = 2,
		[CDA_T_VITALS] = 3, [CDA_T_NARRATIVES] = 3,
	};
	static const long	 want_skips[CDA_SKIP__MAX] = {
		[CDA_SKIP_NULLFLAVOR] = 1, [CDA_SKIP_NEGATED] = 2,
		[CDA_SKIP_NODATE] = 1, [CDA_SKIP_UNNAMED] = 1,
		[CDA_SKIP_UNEXPECTED] = 1,
	};
	static const struct {
		const char	*sql, *want;
	} fields[] = {
		{ "SELECT given || ' ' || family || ' ' || dob || ' ' || sex "
		    "FROM patients", "Ada Lovelace 2010-02-03 F" },
		{ "SELECT doc_code || '|' || title || '|' || source || '|' || "
		    "effective FROM documents",
		    "34133-9|Test document|Good Health|2012-08-06T12:00:00-05:00" },
		{ "SELECT panel || '|' || code || '|' || value || '|' || unit || '|' "
		    "|| ref_range || '|' || flag || '|' || resulted || '|' || "
		    "resulted_text FROM results WHERE name = 'Hemoglobin'",
		    "CBC panel|718-7|13.2|g/dL|12-16 g/dL|N|1344270600|"
		    "2012-08-06T12:30" },
		{ "SELECT ref_range || '|' || flag || '|' || resulted FROM results "
		    "WHERE name = 'WBC'", "4.5-11.0|H|1344225600" },
		{ "SELECT name || '|' || code || '|' || dose || '|' || route || '|' "
		    "|| frequency || '|' || start_text || '|' || status "
		    "FROM medications", "Ibuprofen 600 MG Oral Tablet|197806|1 {tbl}|"
		    "Oral|every 8 h|2012-01-01|active" },
		{ "SELECT substance || '|' || reaction || '|' || severity || '|' || "
		    "status FROM allergies", "Penicillin G|Hives|Moderate|active" },
		{ "SELECT group_concat(name || '/' || coalesce(onset_text, '-'), '|') "
		    "FROM (SELECT * FROM problems ORDER BY id)",
		    "Asthma/2011|Seasonal allergies/-" },
		{ "SELECT group_concat(name || '/' || coalesce(date_text, '-') || '/' "
		    "|| status, '|') FROM (SELECT * FROM immunizations ORDER BY id)",
		    "Influenza, seasonal/2011-10-01/completed|DTaP/-/intended" },
		{ "SELECT group_concat(name || '=' || value || unit || '/' || "
		    "confidential, '|') FROM (SELECT * FROM vitals ORDER BY id)",
		    "Height=120cm/0|Weight=25kg/0|8867-4=90/min/1" },
		{ "SELECT kind || '|' || date || '|' || start_at || '|' || end_at || "
		    "'|' || status || '|' || title || '|' || department || '|' || "
		    "location || '|' || provider || '|' || provider_contact "
		    "FROM encounters WHERE kind = 'emergency'",
		    "emergency|2011-03-12|2011-03-12T10:30-05:00|2011-03-12T14:00-05:00"
		    "|completed|Emergency dept visit|Pediatrics|Main Hospital|"
		    "Dr. Ann Smith|+1-555-555-1000" },
		{ "SELECT kind || '|' || status FROM encounters WHERE title = "
		    "'Office visit'", "outpatient|planned" },
		{ "SELECT group_concat(coalesce(loinc, '-') || ':' || title || ':' || "
		    "body, '#') FROM (SELECT * FROM narratives ORDER BY id)",
		    "29762-2:Social History:Smoking | Never\nAlcohol | None#"
		    "47519-4:Procedures:Tonsillectomy 2012#"
		    "51847-2:Plan:Follow up in two weeks." },
		{ "SELECT sum(outside) || '/' || count(*) FROM results", "2/2" },
		{ "SELECT count(*) FROM notes", "0" },
	};
	struct cda_result	 res;
	struct db		*db = open_db("counts.db");
	char			*x = doc(&hdr0, body_all), got[1024];
	size_t			 i;

	T_INT(import(db, x, &res), 0, "import");
	T_INT(res.status, CDA_IMPORTED, "status");
	T_STR(res.reason, "", "reason");
	for (i = 0; i < CDA_T__MAX; i++) {
		T_INT(res.rows[i], want_rows[i], tables[i]);
		T_INT(q_int(db, "SELECT count(*) FROM %s WHERE document_id = %lld",
		    tables[i], (long long)res.document_id), want_rows[i], tables[i]);
	}
	for (i = 0; i < CDA_SKIP__MAX; i++)
		T_INT(res.skipped[i], want_skips[i], cda_skip_name(i));
	for (i = 0; i < NELEM(fields); i++)
		T_STR(q_text(db, got, sizeof(got), fields[i].sql), fields[i].want,
		    fields[i].sql);

	/* Idempotent: the same bytes again change nothing. */
	{
		long long	 before = all_rows(db);
		int64_t		 docid = res.document_id;

		T_INT(import(db, x, &res), 0, "import again");
		T_INT(res.status, CDA_DUPLICATE, "status again");
		T_STR(res.reason, "already imported", "reason again");
		T_INT(res.document_id, docid, "document of the duplicate");
		for (i = 0; i < CDA_T__MAX; i++)
			T_INT(res.rows[i], 0, "rows of a duplicate");
		T_INT(all_rows(db), before, "rows after the duplicate");
	}
	free(x);
	db_close(db);
}

/* A structured section whose entries all give nothing is kept as text. */
static void
test_empty_structured(void)
{
	struct cda_result	 res;
	struct db		*db = open_db("empty.db");
	char			*x, got[256];

	x = doc(&hdr0, SEC("<code code=\"11369-6\"/><title>Immunizations</title>"
	    "<text>No immunizations on file</text><entry><substanceAdministration "
	    "nullFlavor=\"NI\"/></entry>")
	    SEC("<code code=\"48765-2\"/><title>Allergies</title><text>NKA</text>"
	    "<entry><act><entryRelationship><observation negationInd=\"true\">"
	    "<value displayName=\"Allergy to substance\"/></observation>"
	    "</entryRelationship></act></entry>"));
	T_INT(import(db, x, &res), 0, "import");
	T_INT(res.status, CDA_IMPORTED, "status");
	T_INT(res.rows[CDA_T_IMMUNIZATIONS], 0, "immunizations");
	T_INT(res.rows[CDA_T_NARRATIVES], 2, "narratives");
	T_INT(res.skipped[CDA_SKIP_NULLFLAVOR], 1, "nullFlavor skips");
	T_INT(res.skipped[CDA_SKIP_NEGATED], 1, "negated skips");
	T_STR(q_text(db, got, sizeof(got), "SELECT group_concat(loinc || ':' || "
	    "body, '|') FROM narratives"),
	    "11369-6:No immunizations on file|48765-2:NKA", "narratives");
	free(x);
	db_close(db);
}

/* A payers section (issue 14.2): each policy with a payer is a coverage,
 * with its member id, group, subscriber and relationship; a guarantor is
 * not a payer; a later document updates the same payer and member id. */
#define POLICY(payer, member, group, holder, rel) \
    "<entryRelationship typeCode=\"COMP\">" \
    POLICY_ACT(payer, member, group, holder, rel)
/* The same with a sequenceNumber (the rank, when it is one). */
#define SEQ_POLICY(seq, payer, member, group, holder, rel) \
    "<entryRelationship typeCode=\"COMP\"><sequenceNumber value=\"" seq \
    "\"/>" POLICY_ACT(payer, member, group, holder, rel)
#define POLICY_ACT(payer, member, group, holder, rel) \
    "<act classCode=\"ACT\" moodCode=\"EVN\">" \
    "<templateId root=\"2.16.840.1.113883.10.20.22.4.61\"/>" \
    "<id root=\"1.2.3\" extension=\"" group "\"/>" \
    "<code code=\"12\" displayName=\"PPO\"/>" \
    "<performer typeCode=\"PRF\"><assignedEntity><code code=\"GUAR\"/>" \
    "<representedOrganization><name>Guarantor Org</name>" \
    "</representedOrganization></assignedEntity></performer>" \
    "<performer typeCode=\"PRF\"><assignedEntity><code code=\"PAYOR\"/>" \
    "<representedOrganization><name>" payer "</name>" \
    "</representedOrganization></assignedEntity></performer>" \
    "<participant typeCode=\"COV\"><participantRole><id root=\"9.9\" " \
    "extension=\"" member "\"/><code code=\"CHILD\" displayName=\"" rel \
    "\"/></participantRole></participant>" \
    "<participant typeCode=\"HLD\"><participantRole><playingEntity><name>" \
    holder "</name></playingEntity></participantRole></participant>" \
    "</act></entryRelationship>"
#define PAYERS(policies) SEC("<templateId root=\"2.16.840.1.113883.10.20.22.2.18\"/>" \
    "<code code=\"48768-6\"/><title>Insurance</title><text>On file</text>" \
    "<entry><act classCode=\"ACT\" moodCode=\"EVN\"><code code=\"48768-6\"/>" \
    policies "</act></entry>")

static void
test_payers(void)
{
	struct cda_result	 res;
	struct db		*db = open_db("payers.db");
	char			*x, got[512];

	x = doc(&hdr0, PAYERS(POLICY("Blue Cross", "XYZ123", "G-77",
	    "<given>Maria</given><family>Rivera</family>", "Child")
	    POLICY("Medicaid", "MA999", "", "Lily Rivera", "Self")));
	T_INT(import(db, x, &res), 0, "payers import");
	T_INT(res.coverages, 2, "two coverages");
	T_INT(res.rows[CDA_T_NARRATIVES], 1, "its text still a narrative");
	T_STR(q_text(db, got, sizeof(got), "SELECT group_concat(payer || '|' || "
	    "plan || '|' || member_id || '|' || COALESCE(group_no, '-') || '|' || "
	    "subscriber || '|' || relationship || '|' || rank || '|' || source, "
	    "';') FROM coverages"),
	    "Blue Cross|PPO|XYZ123|G-77|Maria Rivera|Child|1|cda;"
	    "Medicaid|PPO|MA999|-|Lily Rivera|Self|2|cda", "coverage rows");
	free(x);
	/* The same again: a duplicate, nothing new. */
	x = doc(&hdr0, PAYERS(POLICY("Blue Cross", "XYZ123", "G-77",
	    "<given>Maria</given><family>Rivera</family>", "Child")
	    POLICY("Medicaid", "MA999", "", "Lily Rivera", "Self")));
	T_INT(import(db, x, &res), 0, "again");
	T_INT(res.status, CDA_DUPLICATE, "a duplicate");
	free(x);
	/* A newer document: the same policy with a new group, one row. */
	x = doc(&hdr0, PAYERS(POLICY("Blue Cross", "XYZ123", "G-78",
	    "<given>Maria</given><family>Rivera</family>", "Child")));
	T_INT(import(db, x, &res), 0, "newer");
	T_INT(res.status, CDA_IMPORTED, "newer imported");
	T_INT(q_int(db, "SELECT count(*) FROM coverages"), 2, "still two rows");
	T_STR(q_text(db, got, sizeof(got), "SELECT group_no || ':' || "
	    "document_id FROM coverages WHERE payer = 'Blue Cross'"), "G-78:2",
	    "the newer document's group");
	free(x);
	db_close(db);

	/* A sequenceNumber of one or two digits is the rank; anything else
	 * ("1x", "007", "-1") leaves the entries' order. */
	db = open_db("payers-seq.db");
	x = doc(&hdr0, PAYERS(SEQ_POLICY("2", "Blue Cross", "XYZ123", "G-77",
	    "Maria Rivera", "Child") SEQ_POLICY("1x", "Medicaid", "MA999", "",
	    "Lily Rivera", "Self") SEQ_POLICY("007", "Tufts", "T1", "",
	    "Lily Rivera", "Self") SEQ_POLICY("-1", "Aetna", "A1", "",
	    "Lily Rivera", "Self")));
	T_INT(import(db, x, &res), 0, "sequence numbers");
	T_STR(q_text(db, got, sizeof(got), "SELECT group_concat(payer || ':' || "
	    "rank, ';') FROM coverages"),
	    "Blue Cross:2;Medicaid:2;Tufts:3;Aetna:4", "ranks");
	free(x);
	db_close(db);
}

static void
test_confidential(void)
{
	struct hdr		 h = hdr0;
	struct cda_result	 res;
	struct db		*db = open_db("conf.db");
	char			*x, *body;
	size_t			 i;

	/* Restricted document: the document and every row. */
	h.conf = "R";
	x = doc(&h, body_all);
	T_INT(import(db, x, &res), 0, "import R");
	T_INT(q_int(db, "SELECT confidential FROM documents WHERE id = %lld",
	    (long long)res.document_id), 1, "document R");
	for (i = 0; i < CDA_T__MAX; i++)
		T_INT(q_int(db, "SELECT count(*) FROM %s WHERE document_id = %lld "
		    "AND confidential = 0", tables[i], (long long)res.document_id),
		    0, tables[i]);
	free(x);

	/* Normal document, one very restricted entry, one restricted section. */
	h.conf = "N";
	h.mrn = "M101";
	body = xprintf("%s%s", body_all,
	    SEC("<code code=\"11450-4\"/><confidentialityCode code=\"R\"/>"
	    "<title>Problems</title><text>x</text><entry><observation>"
	    "<value displayName=\"Depression\"/></observation></entry>"));
	x = doc(&h, body);
	free(body);
	T_INT(import(db, x, &res), 0, "import N");
	T_INT(q_int(db, "SELECT confidential FROM documents WHERE id = %lld",
	    (long long)res.document_id), 0, "document N");
	T_INT(q_int(db, "SELECT count(*) FROM vitals WHERE document_id = %lld "
	    "AND confidential = 1", (long long)res.document_id), 1, "vital V");
	T_INT(q_int(db, "SELECT count(*) FROM results WHERE document_id = %lld "
	    "AND confidential = 1", (long long)res.document_id), 0, "results N");
	T_INT(q_int(db, "SELECT confidential FROM problems WHERE name = "
	    "'Depression'"), 1, "problem of an R section");
	free(x);
	db_close(db);
}

static void
test_outside(void)
{
	static const struct {
		const char	*oids, *custodian, *mrn_root;
		int		 outside;
	} t[] = {
		{ "", "2.16.840.1.113883.19.5", "2.16.840.1.113883.19.5", 1 },
		{ "2.16.840.1.113883.19.5", "2.16.840.1.113883.19.5", "1.2.3", 0 },
		{ " 1.2.3 , 2.16.840.1.113883.19.5 ", "2.16.840.1.113883.19.5",
		    "1.2.3", 0 },
		{ "2.16.840.1.113883.19", "2.16.840.1.113883.19.5",
		    "2.16.840.1.113883.19", 1 },
		{ "1.2.3", "9.9.9", "1.2.3", 1 },	/* the custodian says */
		{ "1.2.3", "", "1.2.3", 0 },		/* no custodian id: the MRN */
		{ "1.2.3", "", "4.5.6", 1 },
	};
	struct hdr		 h = hdr0;
	struct cda_result	 res;
	struct db		*db = open_db("outside.db");
	char			*x, mrn[32], *saved = cf.hospital_oids,
				*saved_root = cf.mrn_root;
	size_t			 i, k;

	for (i = 0; i < NELEM(t); i++) {
		/* Each row's MRN is under the hospital's MRN root; whether its
		 * document is outside is hospital_oids' to say. */
		cf.hospital_oids = (char *)t[i].oids;
		cf.mrn_root = (char *)t[i].mrn_root;
		snprintf(mrn, sizeof(mrn), "OUT%zu", i);
		h.mrn = mrn;
		h.custodian = t[i].custodian;
		h.mrn_root = t[i].mrn_root;
		x = doc(&h, body_all);
		T_INT(import(db, x, &res), 0, "import");
		T_INT(q_int(db, "SELECT outside FROM documents WHERE id = %lld",
		    (long long)res.document_id), t[i].outside, t[i].oids);
		for (k = 0; k < CDA_T__MAX; k++)
			T_INT(q_int(db, "SELECT count(*) FROM %s WHERE document_id = "
			    "%lld AND outside != %d", tables[k],
			    (long long)res.document_id, t[i].outside), 0, tables[k]);
		free(x);
	}
	cf.hospital_oids = saved;
	cf.mrn_root = saved_root;
	db_close(db);
}

/* Note and imaging documents: one item each, their text, their visit. */
static void
test_doc_items(void)
{
	static const char	 enc_ed[] =
	    " <componentOf><encompassingEncounter><code code=\"EMER\"/>"
	    "<effectiveTime><low value=\"20120806\"/></effectiveTime>"
	    "<encounterParticipant><assignedEntity><code displayName=\"Adolescent "
	    "Medicine\"/></assignedEntity></encounterParticipant>"
	    "<location><healthCareFacility><location><name>Clinic 4</name>"
	    "</location></healthCareFacility></location>"
	    "</encompassingEncounter></componentOf>"
	    " <legalAuthenticator><time value=\"20120807\"/></legalAuthenticator>";
	static const char	 enc_plain[] =
	    " <componentOf><encompassingEncounter><effectiveTime value="
	    "\"20120806\"/></encompassingEncounter></componentOf>";
	static const char	 svc[] =
	    " <documentationOf><serviceEvent><code code=\"71020\" "
	    "displayName=\"Chest X-ray\"/></serviceEvent></documentationOf>";
	struct hdr		 h = hdr0;
	struct cda_result	 res;
	struct db		*db = open_db("items.db");
	char			*x, got[1024];

	h.code = "11506-3";
	h.extra = enc_ed;
	x = doc(&h, body_all);
	T_INT(import(db, x, &res), 0, "progress note");
	T_INT(res.rows[CDA_T_NOTES], 1, "notes");
	T_INT(res.rows[CDA_T_NARRATIVES], 0, "narratives of a note");
	T_INT(res.rows[CDA_T_ENCOUNTERS], 3, "encounters of a note");
	T_INT(res.rows[CDA_T_MEDICATIONS], 1, "medications of a note");
	T_STR(q_text(db, got, sizeof(got), "SELECT n.note_type || '|' || "
	    "n.department || '|' || e.kind || '|' || n.author || '|' || "
	    "n.completed FROM notes n JOIN encounters e ON e.id = n.encounter_id"),
	    "progress|Adolescent Medicine, Clinic 4|emergency|Henry Seven|"
	    "1344312000", "note");
	T_OK(strstr(q_text(db, got, sizeof(got), "SELECT body FROM notes"),
	    "Social History\nSmoking | Never") != NULL, "note body: %s", got);
	T_OK(strstr(got, "Plan\nFollow up in two weeks.") != NULL,
	    "nested section in the note body: %s", got);
	free(x);

	h.code = "18842-5";
	h.extra = enc_plain;
	h.mrn = "M200";
	x = doc(&h, SEC("<code code=\"8648-8\"/><title>Hospital Course</title>"
	    "<text>Admitted for asthma.</text>"));
	T_INT(import(db, x, &res), 0, "discharge summary");
	T_STR(q_text(db, got, sizeof(got), "SELECT n.note_type || '|' || e.kind "
	    "|| '|' || n.body || '|' || n.completed FROM notes n JOIN encounters e "
	    "ON e.id = n.encounter_id WHERE n.note_type = 'discharge_summary'"),
	    "discharge_summary|inpatient|Hospital Course\nAdmitted for asthma.|"
	    "1344272400", "discharge summary");
	free(x);

	h.code = "18748-4";
	h.extra = svc;
	h.mrn = "M201";
	x = doc(&h, SEC("<code code=\"121070\"/><title>Findings</title>"
	    "<text>No acute process.</text>"));
	T_INT(import(db, x, &res), 0, "imaging report");
	T_INT(res.rows[CDA_T_RESULTS], 1, "results of a report");
	T_INT(res.rows[CDA_T_NARRATIVES], 0, "narratives of a report");
	T_INT(res.rows[CDA_T_ENCOUNTERS], 0, "a report without a visit");
	T_STR(q_text(db, got, sizeof(got), "SELECT kind || '|' || code || '|' || "
	    "name || '|' || report || '|' || resulted FROM results WHERE kind = "
	    "'radiology'"), "radiology|71020|Chest X-ray|Findings\nNo acute "
	    "process.|1344272400", "imaging report");
	free(x);
	db_close(db);
}

static void
test_refusals(void)
{
	static const char	 ok_body[] = SEC("<code code=\"29762-2\"/><text>x</text>");
	struct {
		const char	*what;
		char		*xml;
		const char	*reason;
	} t[] = {
		{ "not XML", strdup("%PDF-1.4 binary"), "not well-formed XML" },
		{ "truncated", NULL, "not well-formed XML" },
		{ "DOCTYPE with an entity", strdup("<?xml version=\"1.0\"?>"
		    "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>"),
		    "DOCTYPE" },
		{ "billion laughs", strdup("<!DOCTYPE l [<!ENTITY a \"aaaaaaaaaa\">"
		    "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
		    "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]><l>&c;</l>"),
		    "DOCTYPE" },
		{ "DOCTYPE alone", strdup("<!DOCTYPE ClinicalDocument>"
		    "<ClinicalDocument xmlns=\"urn:hl7-org:v3\"/>"), "DOCTYPE" },
		{ "other root", strdup("<html><body/></html>"),
		    "not a C-CDA document" },
		{ "no namespace", strdup("<ClinicalDocument/>"),
		    "not a C-CDA document" },
		{ "nonXMLBody", strdup("<ClinicalDocument xmlns=\"urn:hl7-org:v3\">"
		    "<component><nonXMLBody><text mediaType=\"application/pdf\" "
		    "representation=\"B64\">JVBERi0=</text></nonXMLBody></component>"
		    "</ClinicalDocument>"), "non-XML body" },
		{ "SSN only", NULL, "no MRN-like patient id" },
		{ "root only", NULL, "no MRN-like patient id" },
		{ "another system's root", NULL, "from another system: the "
		    "patient's id is assigned by 2.16.840.1.113883.3.4242, none "
		    "by the hospital's MRN root 2.16.840.1.113883.19.5 (mrn_root)" },
		{ "no root", NULL, "from another system: the patient's id is "
		    "assigned by no one (no root)" },
		{ "two MRNs", NULL, "two different MRNs under the hospital's "
		    "root 2.16.840.1.113883.19.5" },
		{ "no name", NULL, "no patient name" },
		{ "birth year only", NULL, "no birth date" },
		{ "no birth date", NULL, "no birth date" },
		{ "empty", strdup(""), "empty" },
	};
	struct hdr		 h = hdr0;
	struct cda_result	 res;
	struct db		*db = open_db("refuse.db");
	char			*x;
	long long		 before;
	size_t			 i;

	x = doc(&hdr0, ok_body);
	t[1].xml = strndup(x, strlen(x) / 2);
	free(x);
	h.mrn_root = "2.16.840.1.113883.4.1";
	t[8].xml = doc(&h, ok_body);
	h = hdr0;
	h.mrn = "\" nothing=\"";
	t[9].xml = doc(&h, ok_body);
	h = hdr0;
	h.mrn_root = "2.16.840.1.113883.3.4242";
	t[10].xml = doc(&h, ok_body);
	h.mrn_root = "\" x=\"";		/* an extension, no root */
	t[11].xml = doc(&h, ok_body);
	h.mrn_root = "2.16.840.1.113883.19.5\" extension=\"M101\"/><id root=\""
	    "2.16.840.1.113883.19.5";
	t[12].xml = doc(&h, ok_body);
	h = hdr0;
	h.given = " ";
	h.family = "";
	t[13].xml = doc(&h, ok_body);
	h = hdr0;
	h.dob = "2010";
	t[14].xml = doc(&h, ok_body);
	h.dob = "";
	t[15].xml = doc(&h, ok_body);

	/* Something is in the database already: it must stay as it is. */
	x = doc(&hdr0, body_all);
	T_INT(import(db, x, &res), 0, "seed");
	free(x);
	before = all_rows(db);
	for (i = 0; i < NELEM(t); i++) {
		T_INT(import(db, t[i].xml, &res), 0, t[i].what);
		T_INT(res.status, CDA_REFUSED, t[i].what);
		T_OK(strstr(res.reason, t[i].reason) != NULL, "%s: reason \"%s\"",
		    t[i].what, res.reason);
		T_OK(strchr(res.reason, '\n') == NULL, "%s: one line", t[i].what);
		T_INT(res.rows[CDA_T_RESULTS] + res.skipped[CDA_SKIP_NEGATED], 0,
		    t[i].what);
		T_INT(all_rows(db), before, t[i].what);
		free(t[i].xml);
	}

	/* Another patient on file under the MRN: refused, nothing written. */
	h = hdr0;
	h.given = "Augusta";
	x = doc(&h, body_all);
	T_INT(import(db, x, &res), 0, "other name");
	T_INT(res.status, CDA_REFUSED, "other name");
	T_STR(res.reason, "demographics do not match the patient on file for "
	    "MRN M100", "other name");
	T_INT(all_rows(db), before, "other name");
	free(x);
	h = hdr0;
	h.dob = "20100204";
	x = doc(&h, body_all);
	T_INT(import(db, x, &res), 0, "other birth date");
	T_INT(res.status, CDA_REFUSED, "other birth date");
	T_INT(all_rows(db), before, "other birth date");
	free(x);
	/* The same patient written otherwise: the same patient. */
	h = hdr0;
	h.given = "ADA ";
	h.family = "LOVE-LACE";
	h.dob = "20100203120000-0500";
	x = doc(&h, body_all);
	T_INT(import(db, x, &res), 0, "same patient");
	T_INT(res.status, CDA_IMPORTED, "same patient");
	T_INT(q_int(db, "SELECT count(*) FROM patients"), 1, "one patient");
	T_INT(q_int(db, "SELECT count(*) FROM patients WHERE given = 'Ada'"), 1,
	    "the name on file unchanged");
	free(x);
	db_close(db);
}

static void
test_limits(void)
{
	/* ClinicalDocument/component/structuredBody/component/section/text
	 * is 6 deep: so many <content> more reach the limit, one more passes. */
	static const struct {
		size_t		 extra;
		enum cda_status	 st;
	} deep[] = {
		{ CDA_MAX_DEPTH - 6, CDA_IMPORTED },
		{ CDA_MAX_DEPTH - 5, CDA_REFUSED },
	};
	struct cda_result	 res;
	struct db		*db = open_db("limits.db");
	struct hdr		 h = hdr0;
	char			*x, *body, mrn[32];
	unsigned char		*big;
	size_t			 i, k, n;

	for (i = 0; i < NELEM(deep); i++) {
		n = deep[i].extra;
		body = malloc(64 + n * 20);
		strcpy(body, "<component><section><text>");
		for (k = 0; k < n; k++)
			strcat(body, "<content>");
		strcat(body, "x");
		for (k = 0; k < n; k++)
			strcat(body, "</content>");
		strcat(body, "</text></section></component>");
		snprintf(mrn, sizeof(mrn), "DEEP%zu", i);
		h.mrn = mrn;
		x = doc(&h, body);
		T_INT(import(db, x, &res), 0, "depth");
		T_INT(res.status, deep[i].st, "depth");
		if (deep[i].st == CDA_REFUSED)
			T_STR(res.reason, "elements nested more than 200 deep",
			    "depth reason");
		free(x);
		free(body);
	}

	/* Too many elements. */
	n = (size_t)CDA_MAX_ELEMENTS + 10;
	body = malloc(64 + n * 5);
	strcpy(body, "<component><section><text>");
	for (i = 0, x = body + strlen(body); i < n; i++, x += 5)
		memcpy(x, "<br/>", 5);
	strcpy(x, "</text></section></component>");
	h.mrn = "MANY";
	x = doc(&h, body);
	T_INT(import(db, x, &res), 0, "elements");
	T_INT(res.status, CDA_REFUSED, "elements");
	T_STR(res.reason, "too many elements", "elements reason");
	free(x);
	free(body);

	/* One element with 150,000 attributes (issue 7.14): libxml2 2.9.14
	 * would spend a minute checking them for duplicates; refused by the
	 * count before it is parsed. */
	n = 150000;
	body = malloc(128 + n * 16);
	strcpy(body, "<component><section><text><content");
	for (i = 0, x = body + strlen(body); i < n; i++)
		x += sprintf(x, " a%zu=\"x\"", i);
	strcpy(x, ">x</content></text></section></component>");
	h.mrn = "ATTRS";
	x = doc(&h, body);
	T_INT(import(db, x, &res), 0, "attributes");
	T_INT(res.status, CDA_REFUSED, "attributes");
	T_STR(res.reason, "an element with more than 100 attributes",
	    "attributes reason");
	free(x);
	free(body);
	/* 100 are fine. */
	body = malloc(128 + 100 * 16);
	strcpy(body, "<component><section><text><content");
	for (i = 0, x = body + strlen(body); i < 100; i++)
		x += sprintf(x, " a%zu=\"x\"", i);
	strcpy(x, ">x</content></text></section></component>");
	h.mrn = "ATTRS100";
	x = doc(&h, body);
	T_INT(import(db, x, &res), 0, "100 attributes");
	T_INT(res.status, CDA_IMPORTED, "100 attributes");
	free(x);
	free(body);

	/* Too large: refused before it is read. */
	big = calloc(1, (size_t)CDA_MAX_BYTES + 1);
	memset(big, ' ', (size_t)CDA_MAX_BYTES + 1);
	T_INT(cda_import_buffer_at(db, &cf, "big", big, (size_t)CDA_MAX_BYTES + 1,
	    NOW, &res), 0, "large");
	T_INT(res.status, CDA_REFUSED, "large");
	T_STR(res.reason, "larger than 20 MB", "large reason");
	free(big);
	T_INT(q_int(db, "SELECT count(*) FROM documents"), 2, "documents");
	db_close(db);
}

/*
 * Patients by (root, extension) of the MRN (issue 7.14): the same number,
 * name and birth date under another system's root is not the hospital's
 * patient; the hospital's id is found wherever it stands among the ids.
 */
static void
test_mrn_root(void)
{
	static const char	 other[] = "2.16.840.1.113883.3.4242";
	struct cda_result	 res;
	struct db		*db = open_db("mrn_root.db");
	struct hdr		 h = hdr0;
	char			*x, *saved = cf.mrn_root;
	long long		 before;
	int64_t			 ada;

	x = doc(&hdr0, body_all);
	T_INT(import(db, x, &res), 0, "seed");
	T_INT(res.status, CDA_IMPORTED, "seed");
	ada = res.patient_id;
	free(x);
	before = all_rows(db);

	/* Another system's M100, the same child by name and birth date. */
	h.mrn_root = other;
	x = doc(&h, body_all);
	T_INT(import(db, x, &res), 0, "same number elsewhere");
	T_INT(res.status, CDA_REFUSED, "same number elsewhere: refused");
	T_OK(strstr(res.reason, "from another system") != NULL,
	    "same number elsewhere: reason \"%s\"", res.reason);
	T_INT(all_rows(db), before, "same number elsewhere: nothing written");
	free(x);

	/* The other system's id first, the hospital's after it. */
	h.mrn_root = "2.16.840.1.113883.3.4242\" extension=\"M100\"/>"
	    "<id root=\"2.16.840.1.113883.19.5";
	h.given = "Ada";
	x = doc(&h, SEC("<code code=\"29762-2\"/><text>both ids</text>"));
	T_INT(import(db, x, &res), 0, "both ids");
	T_INT(res.status, CDA_IMPORTED, "both ids: imported");
	T_INT(res.patient_id, ada, "both ids: the hospital's patient");
	free(x);

	/* The other system's M100 and the hospital's M200: patient M200. */
	h.mrn_root = "2.16.840.1.113883.3.4242\" extension=\"M100\"/>"
	    "<id root=\"2.16.840.1.113883.19.5";
	h.mrn = "M200";
	h.given = "Eve";
	x = doc(&h, SEC("<code code=\"29762-2\"/><text>Eve</text>"));
	T_INT(import(db, x, &res), 0, "M200");
	T_INT(res.status, CDA_IMPORTED, "M200: imported");
	T_OK(res.patient_id != ada, "M200: not Ada");
	T_INT(q_int(db, "SELECT count(*) FROM patients WHERE mrn = 'M200' AND "
	    "given = 'Eve'"), 1, "M200: Eve");
	free(x);

	/* Another hospital root in the configuration: Ada's documents are
	 * now another system's. */
	cf.mrn_root = (char *)other;
	h = hdr0;
	x = doc(&h, SEC("<code code=\"29762-2\"/><text>once more</text>"));
	T_INT(import(db, x, &res), 0, "configured root");
	T_INT(res.status, CDA_REFUSED, "configured root: refused");
	T_OK(strstr(res.reason, "by the hospital's MRN root "
	    "2.16.840.1.113883.3.4242") != NULL, "configured root: \"%s\"",
	    res.reason);
	free(x);
	cf.mrn_root = saved;
	T_INT(q_int(db, "SELECT count(*) FROM patients"), 2, "two patients");
	db_close(db);
}

/* cda_scan: attributes counted per start tag, in any construct's place;
 * encodings it cannot count in are refused. */
static void
test_scan(void)
{
	static const char	 over[] = "an element with more than 100 attributes";
	static const char	 enc[] = "encoding the importer does not read";
	static const struct {
		const char	*pre, *unit, *post;
		int		 n;		/* copies of unit */
		const char	*why;		/* NULL: passes */
	} t[] = {
		{ "<a ", "b=\"1\" ", "/>", 100, NULL },
		{ "<a ", "b=\"1\" ", "/>", 101, over },
		{ "<a ", "b='1' ", ">x</a>", 101, over },
		{ "<a xmlns:x='u' ", "b=\"1\" ", "/>", 100, over },
		/* '=' in values, text, comments, CDATA, PIs, end tags. */
		{ "<a b=\"", "=", "\"/>", 500, NULL },
		{ "<a b='", "\"=\"", "'/>", 500, NULL },
		{ "<a>", "= ", "</a>", 500, NULL },
		{ "<a><!--", "<b c=1 ", "--></a>", 500, NULL },
		{ "<a><![CDATA[", "<b c=1 ", "]]></a>", 500, NULL },
		{ "<?pi ", "c=1 ", "?><a/>", 500, NULL },
		{ "<a></a ", "c=1 ", ">", 500, NULL },
		/* A '>' in a value does not end the tag. */
		{ "<a ", "b=\">\" ", "/>", 101, over },
		/* Unclosed: libxml2 refuses it; the scan ends. */
		{ "<a ", "b=\"1\" ", "", 50, NULL },
		{ "<a ", "b=\"1\" ", "", 101, over },
		/* Declared encodings. */
		{ "<?xml version='1.0' encoding='ISO-8859-1'?><a ", "b='1' ", "/>",
		    1, NULL },
		{ "<?xml version='1.0' encoding=\"utf-8\"?><a ", "b='1' ", "/>",
		    1, NULL },
		{ "<?xml version='1.0' encoding='IBM037'?><a ", "b='1' ", "/>",
		    1, enc },
		{ "<?xml version='1.0' encoding='UTF-7'?><a ", "b='1' ", "/>",
		    1, enc },
	};
	static const unsigned char ebcdic[] = { 0x4c, 0x6f, 0xa7, 0x94, 0x93 };
	static const unsigned char ucs4[] = { 0, 0, 0, '<', 0, 0, 0, 'a' };
	char		*x, what[64];
	unsigned char	*u;
	size_t		 i, k, n, len;
	const char	*why;
	int		 be;

	for (i = 0; i < NELEM(t); i++) {
		snprintf(what, sizeof(what), "scan row %zu", i);
		n = strlen(t[i].pre) + strlen(t[i].unit) * (size_t)t[i].n +
		    strlen(t[i].post);
		x = malloc(n + 1);
		strcpy(x, t[i].pre);
		for (k = 0; k < (size_t)t[i].n; k++)
			strcat(x, t[i].unit);
		strcat(x, t[i].post);
		why = cda_scan((const unsigned char *)x, n);
		if (t[i].why == NULL)
			T_OK(why == NULL, "%s: refused: %s", what, why);
		else
			T_OK(why != NULL && strstr(why, t[i].why) != NULL,
			    "%s: \"%s\"", what, why ? why : "(passed)");
		/* The same in UTF-16, both byte orders, with a BOM. */
		for (be = 0; be < 2 && strstr(x, "encoding") == NULL; be++) {
			len = 2 * (n + 1);
			u = malloc(len);
			u[be ? 0 : 1] = 0xfe;
			u[be ? 1 : 0] = 0xff;
			for (k = 0; k < n; k++) {
				u[2 + 2 * k + (be ? 1 : 0)] = (unsigned char)x[k];
				u[2 + 2 * k + (be ? 0 : 1)] = 0;
			}
			why = cda_scan(u, len);
			T_OK(t[i].why == NULL ? why == NULL : why != NULL &&
			    strstr(why, t[i].why) != NULL, "%s: UTF-16%s: %s",
			    what, be ? "BE" : "LE", why ? why : "(passed)");
			free(u);
		}
		free(x);
	}
	T_OK((why = cda_scan(ebcdic, sizeof(ebcdic))) != NULL &&
	    strstr(why, enc) != NULL, "EBCDIC");
	T_OK((why = cda_scan(ucs4, sizeof(ucs4))) != NULL &&
	    strstr(why, enc) != NULL, "UCS-4");
	T_OK(cda_scan((const unsigned char *)"", 0) == NULL, "empty");
}

/* Quirks of real files: a byte-order mark, CRLF, no XML declaration,
 * entities of the language, a PI before the root. */
static void
test_quirks(void)
{
	struct cda_result	 res;
	struct db		*db = open_db("quirks.db");
	struct hdr		 h = hdr0;
	char			*x, *y, got[256];
	size_t			 i, j;

	x = doc(&h, SEC("<code code=\"29762-2\"/><title>A &amp; B</title>"
	    "<text>caf\xc3\xa9 &lt;3&#x263A; \xef\xbf\xbd</text>"));
	/* BOM + CRLF, and no "<?xml ...?>" line. */
	y = malloc(2 * strlen(x) + 4);
	memcpy(y, "\xef\xbb\xbf", 3);
	for (i = strlen("<?xml version=\"1.0\"?>\n"), j = 3; x[i] != '\0'; i++) {
		if (x[i] == '\n')
			y[j++] = '\r';
		y[j++] = x[i];
	}
	y[j] = '\0';
	T_INT(import(db, y, &res), 0, "quirks");
	T_INT(res.status, CDA_IMPORTED, "quirks");
	T_STR(q_text(db, got, sizeof(got), "SELECT title || '|' || body FROM "
	    "narratives"), "A & B|caf\xc3\xa9 <3\xe2\x98\xba \xef\xbf\xbd",
	    "quirks text");
	free(x);
	free(y);
	db_close(db);
}

static void
rm_tree(const char *dir)
{
	DIR		*d;
	struct dirent	*e;
	char		 p[1024];

	if ((d = opendir(dir)) == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
		unlink(p);
	}
	closedir(d);
	rmdir(dir);
}

int
main(void)
{
	char	 err[256];

	if (conf_load(&cf, "/dev/null", err, sizeof(err)) == -1) {
		fprintf(stderr, "conf_load: %s\n", err);
		return 1;
	}
	setenv("TZ", "America/New_York", 1);
	tzset();
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	test_ts();
	test_tables();
	test_counts();
	test_empty_structured();
	test_payers();
	test_confidential();
	test_outside();
	test_doc_items();
	test_refusals();
	test_mrn_root();
	test_scan();
	test_limits();
	test_quirks();
	rm_tree(tmpdir);
	conf_free(&cf);
	return t_done("test_cda");
}
