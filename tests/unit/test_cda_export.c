/*
 * The C-CDA writer (lib/cda/cda_export.c, F-RECORD 3): whatever the record
 * holds, the download is well-formed XML that libxml2 reads back to the
 * same text, with markup characters escaped and the control characters
 * XML 1.0 cannot carry dropped. The writer is the portal's own (issue 9.6:
 * the record worker does not link libxml2); libxml2 is the judge here.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "arena.h"
#include "cda_export.h"
#include "conf.h"
#include "store_patients.h"
#include "t.h"

static struct conf	 cf;

/* The text of the first node at path (namespace prefix "h"), or NULL. */
static char *
xp(xmlDocPtr doc, const char *path)
{
	xmlXPathContextPtr	 ctx = xmlXPathNewContext(doc);
	xmlXPathObjectPtr	 o;
	char			*s = NULL;

	xmlXPathRegisterNs(ctx, BAD_CAST "h", BAD_CAST "urn:hl7-org:v3");
	o = xmlXPathEvalExpression(BAD_CAST path, ctx);
	if (o != NULL && o->nodesetval != NULL && o->nodesetval->nodeNr > 0) {
		xmlChar *t = xmlNodeGetContent(o->nodesetval->nodeTab[0]);
		s = strdup((const char *)t);
		xmlFree(t);
	}
	xmlXPathFreeObject(o);
	xmlXPathFreeContext(ctx);
	return s;
}

static void
check(xmlDocPtr doc, const char *path, const char *want, const char *what)
{
	char	*got = xp(doc, path);

	T_STR(got, want, what);
	free(got);
}

/* Hostile values everywhere a value goes: text, attributes, the body. */
static void
test_escaping(void)
{
	struct arena	*a = arena_new();
	struct patient	 p;
	struct rec_row	 lab, *rows[REC__MAX] = { NULL };
	size_t		 n[REC__MAX] = { 0 };
	struct buf	 out;
	xmlDocPtr	 doc;

	memset(&p, 0, sizeof(p));
	p.id = 1;
	p.mrn = "M\"1<2>&'3";
	p.given = "Zo\xc3\xab <b>&amp;";
	p.family = "O'Brien \"Jr\"";
	p.dob = "2015-03-04";
	memset(&lab, 0, sizeof(lab));
	lab.name = "Hemoglobin </td></tr></table><script>";
	lab.when = "2024-01-02";
	lab.detail[0] = "13.1 & rising";
	lab.detail[1] = "g/dL\x01\x02";
	lab.detail[2] = "12 < x > 16";
	lab.body = "line one\nline <two>\n\x1b]0;\ttab";
	rows[REC_LABS] = &lab;
	n[REC_LABS] = 1;

	buf_init(&out, a);
	T_INT(cda_export(a, &cf, &p, rows, n, 1700000000, &out), 0, "export");
	doc = xmlReadMemory(out.b_data, (int)out.b_len, "export.xml", NULL,
	    XML_PARSE_NONET);
	T_OK(doc != NULL, "the download is well-formed XML");
	if (doc == NULL) {
		arena_free(a);
		return;
	}
	check(doc, "//h:patientRole/h:id/@extension", p.mrn, "MRN attribute");
	check(doc, "//h:patient/h:name/h:given", p.given, "given name");
	check(doc, "//h:patient/h:name/h:family", p.family, "family name");
	check(doc, "//h:patient/h:birthTime/@value", "20150304", "birth date");
	check(doc, "//h:section[h:code/@code='30954-2']//h:tbody/h:tr[1]/h:td[1]",
	    lab.name, "lab name");
	check(doc, "//h:section[h:code/@code='30954-2']//h:tbody/h:tr[1]/h:td[3]",
	    lab.detail[0], "lab value");
	check(doc, "//h:section[h:code/@code='30954-2']//h:tbody/h:tr[1]/h:td[4]",
	    "g/dL", "control characters dropped");
	check(doc, "//h:section[h:code/@code='30954-2']//h:tbody/h:tr[1]/h:td[5]",
	    lab.detail[2], "reference range");
	check(doc, "//h:section[h:code/@code='30954-2']//h:tbody/h:tr[2]/h:td",
	    "line one\nline <two>\n]0;\ttab", "report body, line breaks kept");
	check(doc, "//h:section[h:code/@code='10160-0']//h:paragraph",
	    "No information released to the portal.", "empty section");
	check(doc, "/h:ClinicalDocument/h:custodian//h:name", cf.hospital_name,
	    "custodian");
	T_OK(strstr(out.b_data, "<script>") == NULL, "no markup from the data");
	xmlFreeDoc(doc);
	arena_free(a);
}

/* Bytes that are not UTF-8 XML may carry become U+FFFD; what is, and
 * line breaks and tabs in text and in attributes, read back unchanged. */
static void
test_encoding(void)
{
	struct arena	*a = arena_new();
	struct patient	 p;
	struct rec_row	*rows[REC__MAX] = { NULL };
	size_t		 n[REC__MAX] = { 0 };
	struct buf	 out;
	xmlDocPtr	 doc;

	memset(&p, 0, sizeof(p));
	p.mrn = "a\tb\nc\r\nd";
	p.given = "Bad\xff\xfe utf8 \xed\xa0\x80 \xef\xbf\xbe \xc0\xaf \xe2\x82";
	p.family = "Zo\xc3\xab \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80 a\r\nb";
	buf_init(&out, a);
	T_INT(cda_export(a, &cf, &p, rows, n, 0, &out), 0, "export");
	doc = xmlReadMemory(out.b_data, (int)out.b_len, "e.xml", NULL,
	    XML_PARSE_NONET);
	T_OK(doc != NULL, "well-formed whatever the bytes");
	if (doc != NULL) {
		check(doc, "//h:patientRole/h:id/@extension", p.mrn,
		    "tab and line breaks in an attribute");
		check(doc, "//h:patient/h:name/h:given",
		    "Bad\xef\xbf\xbd\xef\xbf\xbd utf8 "
		    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd "
		    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd "
		    "\xef\xbf\xbd\xef\xbf\xbd \xef\xbf\xbd\xef\xbf\xbd",
		    "bad, surrogate, non-character, overlong and cut sequences");
		check(doc, "//h:patient/h:name/h:family", p.family,
		    "good UTF-8 and a carriage return unchanged");
		xmlFreeDoc(doc);
	}
	arena_free(a);
}

/* Every section, several rows each: the structure a reader expects. */
static void
test_sections(void)
{
	struct arena	*a = arena_new();
	struct patient	 p;
	struct rec_row	 r[3], *rows[REC__MAX];
	size_t		 n[REC__MAX], i;
	struct buf	 out;
	xmlDocPtr	 doc;

	memset(&p, 0, sizeof(p));
	p.mrn = "1";
	p.given = "A";
	p.family = "B";
	memset(r, 0, sizeof(r));
	for (i = 0; i < 3; i++)
		r[i].name = "x";
	for (i = 0; i < REC__MAX; i++) {
		rows[i] = r;
		n[i] = 3;
	}
	buf_init(&out, a);
	T_INT(cda_export(a, &cf, &p, rows, n, 0, &out), 0, "export");
	doc = xmlReadMemory(out.b_data, (int)out.b_len, "s.xml", NULL,
	    XML_PARSE_NONET);
	T_OK(doc != NULL, "well-formed");
	if (doc != NULL) {
		check(doc, "(//h:section)[9]/h:title", "Vital signs", "nine sections");
		check(doc, "(//h:section)[1]//h:tbody/h:tr[3]/h:td[1]", "x",
		    "three rows");
		xmlFreeDoc(doc);
	}
	arena_free(a);
}

int
main(void)
{
	char	 err[256];

	if (conf_load(&cf, "/dev/null", err, sizeof(err)) == -1) {
		fprintf(stderr, "conf_load: %s\n", err);
		return 1;
	}
	xmlInitParser();
	test_escaping();
	test_encoding();
	test_sections();
	xmlCleanupParser();
	conf_free(&cf);
	return t_done("test_cda_export");
}
