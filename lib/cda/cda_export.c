/*
 * C-CDA R2.1 CCD writer. Each section of the record is one row of the
 * table below (template id, LOINC code, title, column labels); its rows
 * become the section's narrative table. The "entries optional" section
 * templates are used, so a narrative-only section is conformant.
 *
 * The XML is written by the small writer below, not libxml2's: the record
 * worker then never maps libxml2 (and ICU and libstdc++ behind it), about
 * 1.5 MB resident in every FastCGI worker (issue 9.6). The writer only
 * ever writes elements, attributes and escaped text, so there is little
 * to get wrong: &, <, >, " and ' are escaped everywhere, the control
 * characters XML 1.0 cannot carry are dropped, and bytes that are not good
 * UTF-8 become U+FFFD, so the document is well-formed whatever the record
 * holds (tests/unit/test_cda_export.c reads it back with libxml2).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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

/* An element writer: a stack of open elements, indented one space a
 * level like libxml2's writer did. A start tag stays open (">" not yet
 * written) until content or the end comes, so attributes can follow. */
struct xw {
	struct buf	*b;
	const char	*open[16];
	size_t		 depth;
	int		 in_tag;	/* the newest start tag still takes attributes */
	int		 text;		/* the newest element has text content */
};

/* The length of the UTF-8 sequence a character XML 1.0 may carry starts
 * at p with, or 0: a bad, overlong or cut sequence, a surrogate, U+FFFE,
 * U+FFFF, or above U+10FFFF. */
static size_t
xw_utf8(const unsigned char *p)
{
	uint32_t	 cp;
	size_t		 n, i;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2, cp = p[0] & 0x1f;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3, cp = p[0] & 0x0f;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4, cp = p[0] & 0x07;
	else
		return 0;
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;	/* also the NUL at the end */
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 ||
	    cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff) ||
	    cp == 0xfffe || cp == 0xffff)
		return 0;
	return n;
}

/* s, escaped for text (attr 0) or an attribute value (attr 1): markup
 * characters as entities; a carriage return, and in an attribute a tab
 * and a line break, as character references (a parser would change them
 * otherwise); control characters XML 1.0 cannot carry dropped; a byte
 * that is not good UTF-8 as U+FFFD. */
static void
xw_esc(struct xw *w, const char *s, int attr)
{
	const unsigned char	*p;
	size_t			 n;

	for (p = (const unsigned char *)(s != NULL ? s : ""); *p != '\0'; p += n) {
		n = 1;
		switch (*p) {
		case '&': buf_puts(w->b, "&amp;"); continue;
		case '<': buf_puts(w->b, "&lt;"); continue;
		case '>': buf_puts(w->b, "&gt;"); continue;
		case '"': buf_puts(w->b, "&quot;"); continue;
		case '\'': buf_puts(w->b, "&apos;"); continue;
		case '\r': buf_puts(w->b, "&#13;"); continue;
		case '\t': buf_puts(w->b, attr ? "&#9;" : "\t"); continue;
		case '\n': buf_puts(w->b, attr ? "&#10;" : "\n"); continue;
		}
		if (*p < 0x20)
			continue;
		if ((n = xw_utf8(p)) == 0) {
			buf_puts(w->b, "\xef\xbf\xbd");
			n = 1;
		} else
			buf_put(w->b, p, n);
	}
}

static void
xw_indent(struct xw *w)
{
	size_t	 i;

	buf_putc(w->b, '\n');
	for (i = 0; i < w->depth; i++)
		buf_putc(w->b, ' ');
}

static void
xw_close_tag(struct xw *w)
{
	if (w->in_tag)
		buf_putc(w->b, '>');
	w->in_tag = 0;
}

static void
xw_start(struct xw *w, const char *name)
{
	if (w->depth == sizeof(w->open) / sizeof(w->open[0]))
		abort();	/* deeper than this document ever goes: a bug */
	xw_close_tag(w);
	if (w->depth > 0 || w->b->b_len > 0)
		xw_indent(w);
	buf_putc(w->b, '<');
	buf_puts(w->b, name);
	w->open[w->depth++] = name;
	w->in_tag = 1;
	w->text = 0;
}

static void
xw_attr(struct xw *w, const char *name, const char *value)
{
	buf_putc(w->b, ' ');
	buf_puts(w->b, name);
	buf_puts(w->b, "=\"");
	xw_esc(w, value, 1);
	buf_putc(w->b, '"');
}

static void
xw_text(struct xw *w, const char *s)
{
	xw_close_tag(w);
	xw_esc(w, s, 0);
	w->text = 1;
}

static void
xw_end(struct xw *w)
{
	const char	*name = w->open[--w->depth];

	if (w->in_tag) {
		buf_puts(w->b, "/>");
		w->in_tag = 0;
	} else {
		if (!w->text)
			xw_indent(w);
		buf_puts(w->b, "</");
		buf_puts(w->b, name);
		buf_putc(w->b, '>');
	}
	w->text = 0;
}

/* <name a1="v1" a2="v2"/>, either attribute may be NULL. */
static void
empty(struct xw *w, const char *name, const char *a1, const char *v1,
    const char *a2, const char *v2)
{
	xw_start(w, name);
	if (a1 != NULL)
		xw_attr(w, a1, v1);
	if (a2 != NULL)
		xw_attr(w, a2, v2);
	xw_end(w);
}

/* <name>text</name> */
static void
text_el(struct xw *w, const char *name, const char *text)
{
	xw_start(w, name);
	xw_text(w, text != NULL ? text : "");
	xw_end(w);
}

static void
section(struct xw *w, enum rec_section s, struct rec_row *r, size_t n)
{
	size_t	 i, j;

	xw_start(w, "component");
	xw_start(w, "section");
	empty(w, "templateId", "root", secs[s].template, "extension", "2015-08-01");
	empty(w, "code", "code", secs[s].code, "codeSystem", LOINC);
	text_el(w, "title", secs[s].title);
	xw_start(w, "text");
	if (n == 0)
		text_el(w, "paragraph", "No information released to the portal.");
	else {
		xw_start(w, "table");
		xw_start(w, "thead");
		xw_start(w, "tr");
		text_el(w, "th", "Name");
		if (secs[s].when != NULL)
			text_el(w, "th", secs[s].when);
		for (j = 0; j < 6 && secs[s].cols[j] != NULL; j++)
			text_el(w, "th", secs[s].cols[j]);
		text_el(w, "th", "Source");
		xw_end(w);
		xw_end(w);
		xw_start(w, "tbody");
		for (i = 0; i < n; i++) {
			xw_start(w, "tr");
			text_el(w, "td", r[i].name);
			if (secs[s].when != NULL)
				text_el(w, "td", r[i].when);
			for (j = 0; j < 6 && secs[s].cols[j] != NULL; j++)
				text_el(w, "td", r[i].detail[j]);
			text_el(w, "td", r[i].outside ? "Outside source" : "");
			xw_end(w);
			if (r[i].body != NULL) {
				xw_start(w, "tr");
				xw_start(w, "td");
				xw_attr(w, "colSpan", "8");
				xw_text(w, r[i].body);
				xw_end(w);
				xw_end(w);
			}
		}
		xw_end(w);	/* tbody */
		xw_end(w);	/* table */
	}
	xw_end(w);	/* text */
	xw_end(w);	/* section */
	xw_end(w);	/* component */
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
	struct xw	 w;
	struct buf	 doc;
	struct tm	 tm;
	char		 ts[32], dob[9], uuid[37];
	unsigned char	 r[16];
	size_t		 s;

	gmtime_r(&now, &tm);
	strftime(ts, sizeof(ts), "%Y%m%d%H%M%S+0000", &tm);
	hl7_date(p->dob, dob);
	crypto_random(r, sizeof(r));
	r[6] = (r[6] & 0x0f) | 0x40;
	r[8] = (r[8] & 0x3f) | 0x80;
	snprintf(uuid, sizeof(uuid), "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
	    "%02x%02x%02x%02x%02x%02x", r[0], r[1], r[2], r[3], r[4], r[5], r[6],
	    r[7], r[8], r[9], r[10], r[11], r[12], r[13], r[14], r[15]);

	buf_init(&doc, a);
	memset(&w, 0, sizeof(w));
	w.b = &doc;
	buf_puts(&doc, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
	xw_start(&w, "ClinicalDocument");
	xw_attr(&w, "xmlns", "urn:hl7-org:v3");
	empty(&w, "realmCode", "code", "US", NULL, NULL);
	empty(&w, "typeId", "root", "2.16.840.1.113883.1.3", "extension", "POCD_HD000040");
	empty(&w, "templateId", "root", "2.16.840.1.113883.10.20.22.1.1", "extension", "2015-08-01");
	empty(&w, "templateId", "root", "2.16.840.1.113883.10.20.22.1.2", "extension", "2015-08-01");
	empty(&w, "id", "root", uuid, NULL, NULL);
	xw_start(&w, "code");
	xw_attr(&w, "code", "34133-9");
	xw_attr(&w, "codeSystem", LOINC);
	xw_attr(&w, "displayName", "Summarization of Episode Note");
	xw_end(&w);
	text_el(&w, "title", arena_printf(a, "Health record released through %s",
	    cf->portal_name));
	empty(&w, "effectiveTime", "value", ts, NULL, NULL);
	empty(&w, "confidentialityCode", "code", "N", "codeSystem", "2.16.840.1.113883.5.25");
	empty(&w, "languageCode", "code", "en-US", NULL, NULL);

	xw_start(&w, "recordTarget");
	xw_start(&w, "patientRole");
	/* The MRN under the hospital's root: imported back, it is this
	 * patient's (cda.h). */
	empty(&w, "id", "root", cf->mrn_root, "extension", p->mrn);
	xw_start(&w, "patient");
	xw_start(&w, "name");
	text_el(&w, "given", p->given);
	text_el(&w, "family", p->family);
	xw_end(&w);
	empty(&w, "administrativeGenderCode", "code", p->sex ? p->sex : "UN",
	    "codeSystem", "2.16.840.1.113883.5.1");
	empty(&w, "birthTime", "value", dob, NULL, NULL);
	xw_end(&w);	/* patient */
	xw_end(&w);	/* patientRole */
	xw_end(&w);	/* recordTarget */

	xw_start(&w, "author");
	empty(&w, "time", "value", ts, NULL, NULL);
	xw_start(&w, "assignedAuthor");
	empty(&w, "id", "nullFlavor", "NA", NULL, NULL);
	xw_start(&w, "assignedAuthoringDevice");
	text_el(&w, "softwareName", cf->portal_name);
	xw_end(&w);
	xw_end(&w);
	xw_end(&w);

	xw_start(&w, "custodian");
	xw_start(&w, "assignedCustodian");
	xw_start(&w, "representedCustodianOrganization");
	empty(&w, "id", "nullFlavor", "NA", NULL, NULL);
	text_el(&w, "name", cf->hospital_name);
	xw_end(&w);
	xw_end(&w);
	xw_end(&w);

	xw_start(&w, "component");
	xw_start(&w, "structuredBody");
	for (s = 0; s < REC__MAX; s++)
		section(&w, (enum rec_section)s, rows[s], n[s]);
	xw_end(&w);
	xw_end(&w);
	xw_end(&w);	/* ClinicalDocument */
	buf_putc(&doc, '\n');
	buf_put(out, doc.b_data, doc.b_len);
	return 0;
}
