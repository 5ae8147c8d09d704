/*
 * C-CDA R2.1 CCD writer. Each section of the record is one row of the
 * table below (template id, LOINC code, title, column labels); its rows
 * become the section's narrative table. The "entries optional" section
 * templates are used, so a narrative-only section is conformant.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <libxml/xmlwriter.h>

#include "arena.h"
#include "cda_export.h"
#include "conf.h"
#include "crypto.h"
#include "store_patients.h"

#define LOINC "2.16.840.1.113883.6.1"

static const struct {
	const char	*template;
	const char	*code;
	const char	*title;
	const char	*when;
	const char	*cols[6];
} secs[REC__MAX] = {
	[REC_VISITS] = { "2.16.840.1.113883.10.20.22.2.22", "46240-8", "Encounters",
	    "Date", { "Location", "Care provider", "Contact", "Status", "Until" } },
	[REC_NOTES] = { "2.16.840.1.113883.10.20.22.2.65", "34109-9", "Notes",
	    "Completed", { "Author" } },
	[REC_LABS] = { "2.16.840.1.113883.10.20.22.2.3", "30954-2", "Results",
	    "Resulted", { "Result", "Unit", "Reference range", "Interpretation", "Panel" } },
	[REC_RADIOLOGY] = { "2.16.840.1.113883.10.20.22.2.65", "18748-4",
	    "Diagnostic imaging reports", "Completed", { NULL } },
	[REC_MEDICATIONS] = { "2.16.840.1.113883.10.20.22.2.1", "10160-0", "Medications",
	    "Started", { "Dose", "Route", "Frequency", "Status", "Until" } },
	[REC_ALLERGIES] = { "2.16.840.1.113883.10.20.22.2.6", "48765-2",
	    "Allergies and adverse reactions", NULL, { "Reaction", "Severity", "Status" } },
	[REC_PROBLEMS] = { "2.16.840.1.113883.10.20.22.2.5", "11450-4", "Problems",
	    "Onset", { "Status" } },
	[REC_IMMUNIZATIONS] = { "2.16.840.1.113883.10.20.22.2.2", "11369-6",
	    "Immunizations", "Date", { "Status" } },
	[REC_VITALS] = { "2.16.840.1.113883.10.20.22.2.4", "8716-3", "Vital signs",
	    "Taken", { "Value", "Unit" } },
};

#define W(call) do { if ((call) < 0) goto err; } while (0)

static int
attr(xmlTextWriterPtr w, const char *name, const char *value)
{
	return xmlTextWriterWriteAttribute(w, BAD_CAST name, BAD_CAST value);
}

/* <name a="v" .../> with up to two attributes. */
static int
empty(xmlTextWriterPtr w, const char *name, const char *a1, const char *v1,
    const char *a2, const char *v2)
{
	if (xmlTextWriterStartElement(w, BAD_CAST name) < 0 ||
	    (a1 != NULL && attr(w, a1, v1) < 0) ||
	    (a2 != NULL && attr(w, a2, v2) < 0))
		return -1;
	return xmlTextWriterEndElement(w);
}

static int
text_el(xmlTextWriterPtr w, const char *name, const char *text)
{
	return xmlTextWriterWriteElement(w, BAD_CAST name, BAD_CAST (text ? text : ""));
}

static int
section(xmlTextWriterPtr w, enum rec_section s, struct rec_row *r, size_t n)
{
	size_t	 i, j;

	W(xmlTextWriterStartElement(w, BAD_CAST "component"));
	W(xmlTextWriterStartElement(w, BAD_CAST "section"));
	W(empty(w, "templateId", "root", secs[s].template, "extension", "2015-08-01"));
	W(xmlTextWriterStartElement(w, BAD_CAST "code"));
	W(attr(w, "code", secs[s].code));
	W(attr(w, "codeSystem", LOINC));
	W(xmlTextWriterEndElement(w));
	W(text_el(w, "title", secs[s].title));
	W(xmlTextWriterStartElement(w, BAD_CAST "text"));
	if (n == 0)
		W(text_el(w, "paragraph", "No information released to the portal."));
	else {
		W(xmlTextWriterStartElement(w, BAD_CAST "table"));
		W(xmlTextWriterStartElement(w, BAD_CAST "thead"));
		W(xmlTextWriterStartElement(w, BAD_CAST "tr"));
		W(text_el(w, "th", "Name"));
		if (secs[s].when != NULL)
			W(text_el(w, "th", secs[s].when));
		for (j = 0; j < 6 && secs[s].cols[j] != NULL; j++)
			W(text_el(w, "th", secs[s].cols[j]));
		W(text_el(w, "th", "Source"));
		W(xmlTextWriterEndElement(w));
		W(xmlTextWriterEndElement(w));
		W(xmlTextWriterStartElement(w, BAD_CAST "tbody"));
		for (i = 0; i < n; i++) {
			W(xmlTextWriterStartElement(w, BAD_CAST "tr"));
			W(text_el(w, "td", r[i].name));
			if (secs[s].when != NULL)
				W(text_el(w, "td", r[i].when));
			for (j = 0; j < 6 && secs[s].cols[j] != NULL; j++)
				W(text_el(w, "td", r[i].detail[j]));
			W(text_el(w, "td", r[i].outside ? "Outside source" : ""));
			W(xmlTextWriterEndElement(w));
			if (r[i].body != NULL) {
				W(xmlTextWriterStartElement(w, BAD_CAST "tr"));
				W(xmlTextWriterStartElement(w, BAD_CAST "td"));
				W(attr(w, "colSpan", "8"));
				W(xmlTextWriterWriteString(w, BAD_CAST r[i].body));
				W(xmlTextWriterEndElement(w));
				W(xmlTextWriterEndElement(w));
			}
		}
		W(xmlTextWriterEndElement(w));
		W(xmlTextWriterEndElement(w));
	}
	W(xmlTextWriterEndElement(w));	/* text */
	W(xmlTextWriterEndElement(w));	/* section */
	W(xmlTextWriterEndElement(w));	/* component */
	return 0;
err:
	return -1;
}

/* YYYY-MM-DD to YYYYMMDD. */
static void
hl7_date(const char *ymd, char out[9])
{
	size_t	 i, o = 0;

	for (i = 0; ymd != NULL && ymd[i] != '\0' && o < 8; i++)
		if (ymd[i] >= '0' && ymd[i] <= '9')
			out[o++] = ymd[i];
	out[o] = '\0';
}

int
cda_export(struct arena *a, const struct conf *cf, const struct patient *p,
    struct rec_row *const rows[REC__MAX], const size_t n[REC__MAX],
    time_t now, struct buf *out)
{
	xmlBufferPtr	 xb;
	xmlTextWriterPtr w = NULL;
	struct tm	 tm;
	char		 ts[32], dob[9], uuid[37];
	unsigned char	 r[16];
	int		 rc = -1;
	size_t		 s;

	(void)a;
	if ((xb = xmlBufferCreate()) == NULL ||
	    (w = xmlNewTextWriterMemory(xb, 0)) == NULL)
		goto err;
	gmtime_r(&now, &tm);
	strftime(ts, sizeof(ts), "%Y%m%d%H%M%S+0000", &tm);
	hl7_date(p->dob, dob);
	crypto_random(r, sizeof(r));
	r[6] = (r[6] & 0x0f) | 0x40;
	r[8] = (r[8] & 0x3f) | 0x80;
	snprintf(uuid, sizeof(uuid), "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
	    "%02x%02x%02x%02x%02x%02x", r[0], r[1], r[2], r[3], r[4], r[5], r[6],
	    r[7], r[8], r[9], r[10], r[11], r[12], r[13], r[14], r[15]);

	xmlTextWriterSetIndent(w, 1);
	W(xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL));
	W(xmlTextWriterStartElement(w, BAD_CAST "ClinicalDocument"));
	W(attr(w, "xmlns", "urn:hl7-org:v3"));
	W(empty(w, "realmCode", "code", "US", NULL, NULL));
	W(empty(w, "typeId", "root", "2.16.840.1.113883.1.3", "extension", "POCD_HD000040"));
	W(empty(w, "templateId", "root", "2.16.840.1.113883.10.20.22.1.1", "extension", "2015-08-01"));
	W(empty(w, "templateId", "root", "2.16.840.1.113883.10.20.22.1.2", "extension", "2015-08-01"));
	W(empty(w, "id", "root", uuid, NULL, NULL));
	W(xmlTextWriterStartElement(w, BAD_CAST "code"));
	W(attr(w, "code", "34133-9"));
	W(attr(w, "codeSystem", LOINC));
	W(attr(w, "displayName", "Summarization of Episode Note"));
	W(xmlTextWriterEndElement(w));
	W(xmlTextWriterWriteFormatElement(w, BAD_CAST "title",
	    "Health record released through %s", cf->portal_name));
	W(empty(w, "effectiveTime", "value", ts, NULL, NULL));
	W(empty(w, "confidentialityCode", "code", "N", "codeSystem", "2.16.840.1.113883.5.25"));
	W(empty(w, "languageCode", "code", "en-US", NULL, NULL));

	W(xmlTextWriterStartElement(w, BAD_CAST "recordTarget"));
	W(xmlTextWriterStartElement(w, BAD_CAST "patientRole"));
	/* The MRN under the hospital's root: imported back, it is this
	 * patient's (cda.h). */
	W(empty(w, "id", "root", cf->mrn_root, "extension", p->mrn));
	W(xmlTextWriterStartElement(w, BAD_CAST "patient"));
	W(xmlTextWriterStartElement(w, BAD_CAST "name"));
	W(text_el(w, "given", p->given));
	W(text_el(w, "family", p->family));
	W(xmlTextWriterEndElement(w));
	W(empty(w, "administrativeGenderCode", "code", p->sex ? p->sex : "UN",
	    "codeSystem", "2.16.840.1.113883.5.1"));
	W(empty(w, "birthTime", "value", dob, NULL, NULL));
	W(xmlTextWriterEndElement(w));	/* patient */
	W(xmlTextWriterEndElement(w));	/* patientRole */
	W(xmlTextWriterEndElement(w));	/* recordTarget */

	W(xmlTextWriterStartElement(w, BAD_CAST "author"));
	W(empty(w, "time", "value", ts, NULL, NULL));
	W(xmlTextWriterStartElement(w, BAD_CAST "assignedAuthor"));
	W(empty(w, "id", "nullFlavor", "NA", NULL, NULL));
	W(xmlTextWriterStartElement(w, BAD_CAST "assignedAuthoringDevice"));
	W(text_el(w, "softwareName", cf->portal_name));
	W(xmlTextWriterEndElement(w));
	W(xmlTextWriterEndElement(w));
	W(xmlTextWriterEndElement(w));

	W(xmlTextWriterStartElement(w, BAD_CAST "custodian"));
	W(xmlTextWriterStartElement(w, BAD_CAST "assignedCustodian"));
	W(xmlTextWriterStartElement(w, BAD_CAST "representedCustodianOrganization"));
	W(empty(w, "id", "nullFlavor", "NA", NULL, NULL));
	W(text_el(w, "name", cf->hospital_name));
	W(xmlTextWriterEndElement(w));
	W(xmlTextWriterEndElement(w));
	W(xmlTextWriterEndElement(w));

	W(xmlTextWriterStartElement(w, BAD_CAST "component"));
	W(xmlTextWriterStartElement(w, BAD_CAST "structuredBody"));
	for (s = 0; s < REC__MAX; s++)
		W(section(w, (enum rec_section)s, rows[s], n[s]));
	W(xmlTextWriterEndElement(w));
	W(xmlTextWriterEndElement(w));
	W(xmlTextWriterEndElement(w));	/* ClinicalDocument */
	W(xmlTextWriterEndDocument(w));
	xmlFreeTextWriter(w);
	w = NULL;
	buf_put(out, xmlBufferContent(xb), (size_t)xmlBufferLength(xb));
	rc = 0;
err:
	if (w != NULL)
		xmlFreeTextWriter(w);
	if (xb != NULL)
		xmlBufferFree(xb);
	return rc;
}
