/*
 * One C-CDA document into the record (F-RECORD 2). The bytes are parsed
 * by libxml2 with the network off and no DTD: a DOCTYPE stops the parser
 * before its internal subset is read, so no entity is ever declared, let
 * alone expanded; attributes per element are counted before (cda_scan.c),
 * depth, element count and time (at every element) limited while the
 * tree is built. Then, in one transaction, the patient (by the MRN under
 * the hospital's root, created if new, never changed), the document and
 * the rows of its sections, as the rule in cda.h says. Any refusal rolls
 * the whole document back.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "arena.h"
#include "cda.h"
#include "conf.h"
#include "crypto.h"
#include "db.h"
#include "policy.h"
#include "policy_visit.h"
#include "store_dirload.h"
#include "store_import.h"
#include "store_patients.h"

#define NELEM(x)	(sizeof(x) / sizeof((x)[0]))
#define STR_(x)		#x
#define STR(x)		STR_(x)

#define SSN_ROOT	"2.16.840.1.113883.4.1"
#define T_REACTION	"2.16.840.1.113883.10.20.22.4.9"
#define T_SEVERITY	"2.16.840.1.113883.10.20.22.4.8"
#define T_ALLERGY_STATUS "2.16.840.1.113883.10.20.22.4.28"
#define T_PROBLEM_STATUS "2.16.840.1.113883.10.20.22.4.6"

/* One document's import. */
struct imp {
	struct db		*db;
	const struct conf	*cf;
	struct arena		*a;
	struct cda_result	*res;
	struct cda_ids		*ids;
	xmlNode			*root;
	time_t			 now;
	struct timespec		 deadline;
	enum cda_doctype	 type;
	const char		*note_type;
	struct imp_owner	 own;
	int			 confidential;	/* the whole document */
	int			 text_conf;	/* a note's or report's section
						 * is restricted: its text */
	/* The header, read before the transaction. */
	const char		*mrn, *mrn_root, *given, *family, *dob, *sex;
	struct buf		 body;		/* note / imaging: all the text */
};

/*
 * One candidate entry: E, X and C of the rule in cda.h. What X says for
 * all its candidates is read once: an organizer may hold a great many,
 * and finding X's own children again for each would be quadratic.
 */
struct ent {
	xmlNode		*entry, *stmt, *cand;
	int		 stmt_null;	/* E or X carries nullFlavor */
	int		 stmt_conf;	/* the section or X is restricted */
	const char	*stmt_name;	/* X's code's name (a results panel) */
	const char	*stmt_time;	/* X's effectiveTime (TS) */
	const char	*stmt_status;	/* X's statusCode/@code */
	int		 confidential;	/* the row */
};

/* ---- Outcomes ---- */

/* Keeps a reason printable on one line of a terminal: document bytes
 * (element names, MRNs) can hold anything. */
static void
clean(char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7f)
			*s = '?';
}

static void
outcome(struct imp *im, enum cda_status st, const char *fmt, va_list ap)
{
	struct cda_result	*res = im->res;

	if (res->status == CDA_REFUSED || res->status == CDA_FAILED)
		return;		/* the first reason stands */
	res->status = st;
	vsnprintf(res->reason, sizeof(res->reason), fmt, ap);
	clean(res->reason);
}

static int
refuse(struct imp *im, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static int
refuse(struct imp *im, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	outcome(im, CDA_REFUSED, fmt, ap);
	va_end(ap);
	return -1;
}

static int
fail(struct imp *im, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static int
fail(struct imp *im, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	outcome(im, CDA_FAILED, fmt, ap);
	va_end(ap);
	return -1;
}

static int
db_fail(struct imp *im)
{
	return fail(im, "database: %s", db_errmsg(im->db));
}

static int
past(const struct timespec *deadline)
{
	struct timespec	 now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec > deadline->tv_sec || (now.tv_sec == deadline->tv_sec &&
	    now.tv_nsec > deadline->tv_nsec);
}

static int
late(struct imp *im)
{
	if (!past(&im->deadline))
		return 0;
	return refuse(im, "took longer than %d seconds", CDA_MAX_SECONDS);
}

/* ---- Parsing, with the limits ---- */

struct limits {
	startElementNsSAX2Func	 start;
	endElementNsSAX2Func	 end;
	long			 depth, elements;
	const struct timespec	*deadline;
	const char		*why;
};

static void
limit_stop(xmlParserCtxt *ctxt, const char *why)
{
	struct limits	*l = ctxt->_private;

	if (l->why == NULL)
		l->why = why;
	xmlStopParser(ctxt);
}

static void
limit_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
    const xmlChar *uri, int nns, const xmlChar **ns, int nattr, int ndef,
    const xmlChar **attrs)
{
	xmlParserCtxt	*ctxt = ctx;
	struct limits	*l = ctxt->_private;

	if (++l->depth > CDA_MAX_DEPTH) {
		limit_stop(ctxt, "elements nested more than "
		    STR(CDA_MAX_DEPTH) " deep");
		return;
	}
	if (++l->elements > CDA_MAX_ELEMENTS) {
		limit_stop(ctxt, "too many elements");
		return;
	}
	if (nattr + nns > CDA_MAX_ATTRIBUTES) {
		/* cda_scan refuses these first; this one is for the record. */
		limit_stop(ctxt, "an element with more than "
		    STR(CDA_MAX_ATTRIBUTES) " attributes");
		return;
	}
	if (past(l->deadline)) {
		limit_stop(ctxt, "took longer than " STR(CDA_MAX_SECONDS)
		    " seconds to parse");
		return;
	}
	l->start(ctx, localname, prefix, uri, nns, ns, nattr, ndef, attrs);
}

static void
limit_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
    const xmlChar *uri)
{
	xmlParserCtxt	*ctxt = ctx;
	struct limits	*l = ctxt->_private;

	l->depth--;
	l->end(ctx, localname, prefix, uri);
}

/* Called at "<!DOCTYPE name ...", before any declaration in it is read. */
static void
limit_doctype(void *ctx, const xmlChar *name, const xmlChar *pub,
    const xmlChar *sys)
{
	(void)name;
	(void)pub;
	(void)sys;
	limit_stop(ctx, "has a document type declaration (DOCTYPE), which may "
	    "declare entities");
}

/* libxml2 reports some errors (encodings) on stderr whatever the
 * parser's options; the reason in the result says it once. */
static void
quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

static xmlDoc *
parse(struct imp *im, const unsigned char *buf, size_t len)
{
	struct limits		 l;
	xmlParserCtxt		*ctxt;
	xmlDoc			*doc = NULL;
	const xmlError		*e;
	xmlGenericErrorFunc	 old = xmlGenericError;
	void			*oldctx = xmlGenericErrorContext;
	char			 msg[160];
	size_t			 n;

	/* No NOENT (entities), DTDLOAD, DTDVALID or HUGE (limits off), ever. */
	if ((ctxt = xmlCreateMemoryParserCtxt((const char *)buf, (int)len)) == NULL) {
		fail(im, "out of memory");
		return NULL;
	}
	xmlSetGenericErrorFunc(NULL, quiet);
	xmlCtxtUseOptions(ctxt, XML_PARSE_NONET | XML_PARSE_NOERROR |
	    XML_PARSE_NOWARNING | XML_PARSE_NOCDATA | XML_PARSE_COMPACT);
	memset(&l, 0, sizeof(l));
	l.start = ctxt->sax->startElementNs;
	l.end = ctxt->sax->endElementNs;
	l.deadline = &im->deadline;
	ctxt->sax->startElementNs = limit_start;
	ctxt->sax->endElementNs = limit_end;
	ctxt->sax->internalSubset = limit_doctype;
	ctxt->sax->externalSubset = NULL;
	ctxt->sax->entityDecl = NULL;
	ctxt->sax->getEntity = NULL;
	ctxt->sax->resolveEntity = NULL;
	ctxt->_private = &l;
	xmlParseDocument(ctxt);
	xmlSetGenericErrorFunc(oldctx, old);
	if (l.why != NULL)
		refuse(im, "%s", l.why);
	else if (!ctxt->wellFormed || ctxt->myDoc == NULL) {
		e = xmlCtxtGetLastError(ctxt);
		snprintf(msg, sizeof(msg), "%s", e != NULL && e->message != NULL ?
		    e->message : "parse error");
		for (n = strlen(msg); n > 0 && (msg[n - 1] == '\n' ||
		    msg[n - 1] == ' '); n--)
			msg[n - 1] = '\0';
		refuse(im, "not well-formed XML (line %d): %s",
		    e != NULL ? e->line : 0, msg);
	} else {
		doc = ctxt->myDoc;
		ctxt->myDoc = NULL;
	}
	if (ctxt->myDoc != NULL)
		xmlFreeDoc(ctxt->myDoc);
	ctxt->myDoc = NULL;
	xmlFreeParserCtxt(ctxt);
	return doc;
}

/* ---- Small readers ---- */

static const char *
attr(struct imp *im, const xmlNode *n, const char *name)
{
	return cda_attr(im->a, n, name);
}

static int
has_template(struct imp *im, const xmlNode *n, const char *root)
{
	const xmlNode	*t;
	const char	*r;

	for (t = cda_child(n, "templateId"); t != NULL; t = cda_next(t, "templateId"))
		if ((r = attr(im, t, "root")) != NULL && strcmp(r, root) == 0)
			return 1;
	return 0;
}

/* R (restricted) or V (very restricted) on n's confidentialityCode. */
static int
restricted(struct imp *im, const xmlNode *n)
{
	const char	*c = attr(im, cda_child(n, "confidentialityCode"), "code");

	return c != NULL && (strcmp(c, "R") == 0 || strcmp(c, "V") == 0);
}

static int
is_planned_mood(struct imp *im, const xmlNode *n)
{
	static const char *const moods[] = { "APT", "ARQ", "INT", "PRMS",
	    "PRP", "RQO" };
	const char	*m = attr(im, n, "moodCode");
	size_t		 i;

	for (i = 0; m != NULL && i < NELEM(moods); i++)
		if (strcmp(m, moods[i]) == 0)
			return 1;
	return 0;
}

static const char *
text(struct imp *im, const xmlNode *n)
{
	return cda_text(im->a, n, CDA_NAME_MAX, 0);
}

static const char *
code_name(struct imp *im, const xmlNode *cd)
{
	return cda_code_name(im->a, im->ids, cd);
}

/* The TS an effectiveTime-like element holds: @value, else low/@value. */
static const char *
ts_value(struct imp *im, const xmlNode *et)
{
	const char	*v = attr(im, et, "value");

	return v != NULL ? v : attr(im, cda_child(et, "low"), "value");
}

/* The ISO text of TS v (NULL if none), and its Unix seconds (-1). */
static const char *
ts_iso(struct imp *im, const char *v, int64_t *unixp)
{
	struct cda_ts	 ts;
	char		 out[32];

	if (unixp != NULL)
		*unixp = -1;
	if (cda_ts_parse(v, &ts) == -1)
		return NULL;
	if (unixp != NULL)
		*unixp = cda_ts_unix(&ts);
	cda_ts_iso(&ts, out);
	return arena_strdup(im->a, out);
}

/* Appends s to a ", "-joined list unless it is there already; a list
 * is a name, not a place for a document's every telecom. */
static void
join_distinct(struct buf *b, const char *s)
{
	const char	*p;
	size_t		 n;

	if (s == NULL || b->b_len >= CDA_NAME_MAX)
		return;
	n = strlen(s);
	for (p = b->b_data; (p = strstr(p, s)) != NULL; p++)
		if ((p == b->b_data || p[-1] == ' ') &&
		    (p[n] == '\0' || p[n] == ','))
			return;
	if (b->b_len > 0)
		buf_puts(b, ", ");
	buf_puts(b, s);
}

/* One line of an addr element. */
static void
put_addr(struct imp *im, struct buf *b, const xmlNode *addr)
{
	const xmlNode	*p;
	const char	*s;

	for (p = addr != NULL ? addr->children : NULL; p != NULL; p = p->next)
		if (cda_is(p, NULL) && (s = text(im, p)) != NULL)
			join_distinct(b, s);
}

/* Phones and address of an assignedEntity or the like. */
static const char *
contact(struct imp *im, const xmlNode *who)
{
	struct buf	 b;
	const xmlNode	*t;
	const char	*v;

	if (who == NULL)
		return NULL;
	buf_init(&b, im->a);
	for (t = cda_child(who, "telecom"); t != NULL; t = cda_next(t, "telecom"))
		if ((v = attr(im, t, "value")) != NULL) {
			if (strncmp(v, "tel:", 4) == 0)
				v += 4;
			else if (strncmp(v, "mailto:", 7) == 0)
				v += 7;
			join_distinct(&b, v);
		}
	put_addr(im, &b, cda_child(who, "addr"));
	return b.b_len > 0 ? b.b_data : NULL;
}

/* Is root one of the hospital's own OIDs (conf hospital_oids)? */
static int
own_oid(const struct conf *cf, const char *root)
{
	const char	*p, *e;
	size_t		 n;

	if (root == NULL || cf == NULL || cf->hospital_oids == NULL)
		return 0;
	n = strlen(root);
	for (p = cf->hospital_oids; *p != '\0'; p = *e == ',' ? e + 1 : e) {
		while (*p == ' ' || *p == '\t')
			p++;
		for (e = p; *e != '\0' && *e != ','; e++)
			;
		while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		if ((size_t)(e - p) == n && strncmp(p, root, n) == 0)
			return 1;
		while (*e == ' ' || *e == '\t')
			e++;
	}
	return 0;
}

/* ---- The header ---- */

/*
 * The patient is the hospital's patient whose MRN is the extension of the
 * patient's id under the hospital's root (conf mrn_root): patients are
 * keyed by (root, extension), and the root of every patient on file is
 * that one. The same number under another root is another system's
 * patient: without an id under the hospital's root the document is
 * refused (its owner is not known here), never merged by number.
 */
static int
hospital_mrn(struct imp *im, const xmlNode *role)
{
	const xmlNode	*id;
	const char	*root, *ext, *other = NULL;

	for (id = cda_child(role, "id"); id != NULL; id = cda_next(id, "id")) {
		root = attr(im, id, "root");
		if ((ext = attr(im, id, "extension")) == NULL ||
		    (root != NULL && strcmp(root, SSN_ROOT) == 0))
			continue;
		/* Case aside: a UUID root may be written in either. */
		if (root == NULL || strcasecmp(root, im->cf->mrn_root) != 0) {
			if (other == NULL)
				other = root != NULL ? root : "no one (no root)";
			continue;
		}
		if (im->mrn != NULL && strcmp(im->mrn, ext) != 0)
			return refuse(im, "two different MRNs under the hospital's "
			    "root %.60s", im->cf->mrn_root);
		im->mrn = ext;
		im->mrn_root = root;
	}
	if (im->mrn != NULL)
		return 0;
	if (other != NULL)
		return refuse(im, "from another system: the patient's id is "
		    "assigned by %.60s, none by the hospital's MRN root %.60s "
		    "(mrn_root)", other, im->cf->mrn_root);
	return refuse(im, "no MRN-like patient id (only an SSN or an id "
	    "without extension)");
}

static int
header(struct imp *im)
{
	const xmlNode	*body, *role, *pt, *name, *id, *org;
	const char	*root, *v;
	struct cda_ts	 ts;
	int		 custodian_root = 0;

	if (!cda_is(im->root, "ClinicalDocument"))
		return refuse(im, "not a C-CDA document (the root element is "
		    "<%.40s>, not urn:hl7-org:v3 ClinicalDocument)",
		    (const char *)im->root->name);
	body = cda_child(im->root, "component");
	if (cda_child(body, "nonXMLBody") != NULL)
		return refuse(im, "non-XML body (an attached PDF or text): "
		    "nothing to import");
	role = cda_path(im->root, "recordTarget/patientRole");
	if (hospital_mrn(im, role) == -1)
		return -1;
	pt = cda_child(role, "patient");
	name = cda_child(pt, "name");
	im->given = text(im, cda_child(name, "given"));
	im->family = text(im, cda_child(name, "family"));
	if (im->given == NULL && im->family == NULL)
		return refuse(im, "no patient name");
	v = attr(im, cda_child(pt, "birthTime"), "value");
	if (!cda_ts_has_day(v) || cda_ts_parse(v, &ts) == -1)
		return refuse(im, "no birth date (to the day) for the patient");
	im->dob = arena_printf(im->a, "%04d-%02d-%02d", ts.y, ts.mo, ts.d);
	im->sex = attr(im, cda_child(pt, "administrativeGenderCode"), "code");

	/* The hospital's own document: its custodian is the hospital; without
	 * a custodian id, the MRN's assigning authority says. */
	org = cda_path(im->root,
	    "custodian/assignedCustodian/representedCustodianOrganization");
	for (id = cda_child(org, "id"); id != NULL; id = cda_next(id, "id"))
		if ((root = attr(im, id, "root")) != NULL) {
			custodian_root = 1;
			if (own_oid(im->cf, root))
				break;
		}
	im->own.outside = !(id != NULL ||
	    (!custodian_root && own_oid(im->cf, im->mrn_root)));
	im->confidential = restricted(im, im->root);
	im->type = cda_doc_type(attr(im, cda_child(im->root, "code"), "code"),
	    &im->note_type);
	return 0;
}

static int
patient(struct imp *im)
{
	struct patient	 p, old;
	int		 rc;

	if ((rc = store_patient_by_mrn(im->db, im->a, im->mrn, &old)) == -1)
		return db_fail(im);
	if (rc == 1) {
		/* Never change a patient on file: a different name or birth
		 * date is another patient, or an error to look at. */
		if (!policy_same_name(old.given, im->given ? im->given : "") ||
		    !policy_same_name(old.family, im->family ? im->family : "") ||
		    strcmp(old.dob, im->dob) != 0)
			return refuse(im, "demographics do not match the patient "
			    "on file for MRN %.60s", im->mrn);
		im->own.patient_id = old.id;
		return 0;
	}
	memset(&p, 0, sizeof(p));
	p.mrn = im->mrn;
	p.given = im->given ? im->given : "";
	p.family = im->family ? im->family : "";
	p.dob = im->dob;
	p.sex = im->sex;
	if ((im->own.patient_id = store_patient_create(im->db, &p, im->now)) == -1)
		return db_fail(im);
	return 0;
}

static int
document(struct imp *im, const char *sha)
{
	struct imp_document	 d;
	const xmlNode		*org;

	memset(&d, 0, sizeof(d));
	d.sha256 = sha;
	d.patient_id = im->own.patient_id;
	d.doc_code = attr(im, cda_child(im->root, "code"), "code");
	d.title = text(im, cda_child(im->root, "title"));
	org = cda_path(im->root,
	    "custodian/assignedCustodian/representedCustodianOrganization");
	if ((d.source = text(im, cda_child(org, "name"))) == NULL)
		d.source = text(im, cda_path(im->root,
		    "author/assignedAuthor/representedOrganization/name"));
	d.outside = im->own.outside;
	d.confidential = im->confidential;
	d.effective = ts_iso(im, attr(im, cda_child(im->root, "effectiveTime"),
	    "value"), NULL);
	d.imported = (int64_t)im->now;
	if ((im->own.document_id = store_import_document(im->db, &d)) == -1)
		return db_fail(im);
	return 0;
}

/* ---- Visits ---- */

/* The visit kind of an encounter-like element by its code, its
 * translations and (encompassingEncounter) its facility's code; else
 * dflt. */
static const char *
visit_kind(struct imp *im, const xmlNode *enc, const char *dflt)
{
	const xmlNode	*cd, *tr;
	const char	*k;
	const xmlNode	*codes[2];
	size_t		 i;

	codes[0] = cda_child(enc, "code");
	codes[1] = cda_path(enc, "location/healthCareFacility/code");
	for (i = 0; i < NELEM(codes); i++) {
		if ((cd = codes[i]) == NULL)
			continue;
		if ((k = cda_encounter_kind(attr(im, cd, "code"),
		    code_name(im, cd))) != NULL)
			return k;
		for (tr = cda_child(cd, "translation"); tr != NULL;
		    tr = cda_next(tr, "translation"))
			if ((k = cda_encounter_kind(attr(im, tr, "code"),
			    attr(im, tr, "displayName"))) != NULL)
				return k;
	}
	return dflt;
}

/* Fills the when-fields of e from enc's effectiveTime; 0, or -1 if there
 * is no date. */
static int
visit_when(struct imp *im, const xmlNode *enc, struct imp_encounter *e)
{
	const xmlNode	*et = cda_child(enc, "effectiveTime");
	const char	*v = ts_value(im, et);
	struct cda_ts	 ts;
	int64_t		 start;

	if (!cda_ts_has_day(v) || cda_ts_parse(v, &ts) == -1)
		return -1;
	e->date = arena_printf(im->a, "%04d-%02d-%02d", ts.y, ts.mo, ts.d);
	e->start_at = ts_iso(im, v, &start);
	e->end_at = ts_iso(im, attr(im, cda_child(et, "high"), "value"), NULL);
	e->status = is_planned_mood(im, enc) || start > (int64_t)im->now ?
	    "planned" : "completed";
	return 0;
}

/* A visit's id in the documents, to know it again in another one: its
 * first id with an extension ("root^extension"), or a UUID root alone
 * (an OID root alone is often the hospital's for every visit); NULL. */
static const char *
source_id(struct imp *im, const xmlNode *enc)
{
	const xmlNode	*id;
	const char	*root, *ext;

	for (id = cda_child(enc, "id"); id != NULL; id = cda_next(id, "id")) {
		if ((root = attr(im, id, "root")) == NULL)
			continue;
		if ((ext = attr(im, id, "extension")) != NULL)
			return arena_printf(im->a, "%s^%s", root, ext);
		if (strlen(root) == 36 && root[8] == '-' && root[13] == '-')
			return root;
	}
	return NULL;
}

/* 1 if the visit is in a clinic whose visits are confidential care (conf
 * visit_confidential_clinics), as the scheduling system's are marked. */
static int
clinic_conf(struct imp *im, const struct imp_encounter *e)
{
	return policy_visit_clinic_confidential(
	    im->cf->visit_confidential_clinics, e->department) ||
	    policy_visit_clinic_confidential(
	    im->cf->visit_confidential_clinics, e->location);
}

static int
row_encounter(struct imp *im, const struct ent *en)
{
	struct imp_encounter	 e;
	const xmlNode		*c = en->cand, *p, *role;
	struct buf		 dept;
	const char		*loc = NULL;

	memset(&e, 0, sizeof(e));
	if (visit_when(im, c, &e) == -1)
		return 0;	/* the caller checked: cannot happen */
	e.kind = visit_kind(im, c, "outpatient");
	e.title = code_name(im, cda_child(c, "code"));
	buf_init(&dept, im->a);
	for (p = cda_child(c, "performer"); p != NULL; p = cda_next(p, "performer")) {
		join_distinct(&dept, code_name(im,
		    cda_path(p, "assignedEntity/code")));
		if (e.provider == NULL) {
			e.provider = cda_person_name(im->a,
			    cda_path(p, "assignedEntity/assignedPerson/name"));
			e.provider_contact = contact(im, cda_child(p, "assignedEntity"));
		}
	}
	for (p = cda_child(c, "participant"); p != NULL;
	    p = cda_next(p, "participant")) {
		if ((role = cda_child(p, "participantRole")) == NULL ||
		    attr(im, p, "typeCode") == NULL ||
		    strcmp(attr(im, p, "typeCode"), "LOC") != 0)
			continue;
		join_distinct(&dept, code_name(im, cda_child(role, "code")));
		if (loc == NULL)
			loc = text(im, cda_path(role, "playingEntity/name"));
	}
	e.location = loc;
	e.department = dept.b_len > 0 ? dept.b_data : loc;
	e.confidential = en->confidential || clinic_conf(im, &e);
	e.source_id = source_id(im, c);
	if (store_import_encounter(im->db, &im->own, &e) == -1)
		return db_fail(im);
	return 0;
}

/* The department of a note or imaging document: every name that may say
 * which service wrote it, so that the release rules' "department
 * contains" sees them all; NULL if none. Its visit, and each entry coded
 * in its sections, carry it too. */
static const char *
doc_department(struct imp *im)
{
	const xmlNode	*c, *p;
	struct buf	 dept;

	c = cda_path(im->root, "componentOf/encompassingEncounter");
	buf_init(&dept, im->a);
	for (p = cda_child(c, "encounterParticipant"); p != NULL;
	    p = cda_next(p, "encounterParticipant"))
		join_distinct(&dept, code_name(im,
		    cda_path(p, "assignedEntity/code")));
	join_distinct(&dept, code_name(im,
	    cda_path(c, "responsibleParty/assignedEntity/code")));
	join_distinct(&dept, code_name(im,
	    cda_path(c, "location/healthCareFacility/code")));
	join_distinct(&dept, text(im,
	    cda_path(c, "location/healthCareFacility/location/name")));
	join_distinct(&dept, code_name(im,
	    cda_path(im->root, "author/assignedAuthor/code")));
	return dept.b_len > 0 ? dept.b_data : NULL;
}

/* The visit of a note or imaging document (componentOf), if it has one. */
static int
doc_encounter(struct imp *im, int64_t *id)
{
	struct imp_encounter	 e;
	const xmlNode		*c, *p;

	*id = 0;
	c = cda_path(im->root, "componentOf/encompassingEncounter");
	if (c == NULL || attr(im, c, "nullFlavor") != NULL)
		return 0;
	memset(&e, 0, sizeof(e));
	if (visit_when(im, c, &e) == -1)
		return 0;
	/* A discharge summary is of a hospital stay. Else a visit whose
	 * kind the document does not code is "unknown", never taken for
	 * outpatient: a progress note or an H&P of an intensive care stay
	 * often comes so, and the release rules hold back its notes. */
	e.kind = visit_kind(im, c, im->note_type != NULL &&
	    strcmp(im->note_type, "discharge_summary") == 0 ?
	    "inpatient" : "unknown");
	e.title = code_name(im, cda_child(c, "code"));
	e.department = im->own.department;
	e.location = text(im, cda_path(c,
	    "location/healthCareFacility/location/name"));
	if ((p = cda_path(c, "responsibleParty/assignedEntity")) == NULL)
		p = cda_path(c, "encounterParticipant/assignedEntity");
	e.provider = cda_person_name(im->a, cda_path(p, "assignedPerson/name"));
	e.provider_contact = contact(im, p);
	e.confidential = im->confidential || restricted(im, c) ||
	    clinic_conf(im, &e);
	e.source_id = source_id(im, c);
	if ((*id = store_import_encounter(im->db, &im->own, &e)) == -1)
		return db_fail(im);
	im->res->rows[CDA_T_ENCOUNTERS]++;
	return 0;
}

/* ---- Entries ---- */

/* What a row builder returns for an entry that names nothing (no test,
 * medication, substance ...): a placeholder, not a row. */
#define UNNAMED	1

/* An observation's value as text, and its unit. */
static void
obs_value(struct imp *im, const xmlNode *obs, const char **value,
    const char **unit)
{
	const xmlNode	*v = cda_child(obs, "value");
	const char	*t = cda_xsi_type(im->a, v), *lo, *hi, *s;

	*value = *unit = NULL;
	if (v == NULL)
		return;
	if (t != NULL && strcmp(t, "IVL_PQ") == 0) {
		lo = attr(im, cda_child(v, "low"), "value");
		hi = attr(im, cda_child(v, "high"), "value");
		if (lo != NULL || hi != NULL)
			*value = arena_printf(im->a, "%s-%s", lo ? lo : "",
			    hi ? hi : "");
		if ((*unit = attr(im, cda_child(v, "low"), "unit")) == NULL)
			*unit = attr(im, cda_child(v, "high"), "unit");
	} else if (t != NULL && strcmp(t, "TS") == 0)
		*value = ts_iso(im, attr(im, v, "value"), NULL);
	else if ((s = attr(im, v, "value")) != NULL) {
		*value = s;
		*unit = attr(im, v, "unit");
	} else if ((s = code_name(im, v)) != NULL)
		*value = s;
	else if ((s = attr(im, v, "code")) != NULL)
		*value = s;
	else
		*value = cda_ref_text(im->a, im->ids, v);
	if (*unit != NULL && strcmp(*unit, "1") == 0)
		*unit = NULL;	/* UCUM's "no unit" */
}

static const char *
ref_range(struct imp *im, const xmlNode *obs)
{
	const xmlNode	*r = cda_path(obs, "referenceRange/observationRange");
	const char	*s, *u, *lo, *hi;
	const xmlNode	*v;

	if (r == NULL)
		return NULL;
	if ((s = cda_ref_text(im->a, im->ids, cda_child(r, "text"))) != NULL)
		return s;
	v = cda_child(r, "value");
	lo = attr(im, cda_child(v, "low"), "value");
	hi = attr(im, cda_child(v, "high"), "value");
	if ((u = attr(im, cda_child(v, "low"), "unit")) == NULL)
		u = attr(im, cda_child(v, "high"), "unit");
	if (u != NULL && strcmp(u, "1") == 0)
		u = NULL;
	if (lo != NULL && hi != NULL)
		return arena_printf(im->a, "%s-%s%s%s", lo, hi, u ? " " : "",
		    u ? u : "");
	if (lo != NULL)
		return arena_printf(im->a, ">=%s%s%s", lo, u ? " " : "", u ? u : "");
	if (hi != NULL)
		return arena_printf(im->a, "<=%s%s%s", hi, u ? " " : "", u ? u : "");
	return NULL;
}

/* The TS of the candidate, else of its organizer. */
static const char *
when(struct imp *im, const struct ent *en, int64_t *unixp)
{
	const char	*v = ts_value(im, cda_child(en->cand, "effectiveTime"));

	if (v == NULL && en->stmt != en->cand)
		v = en->stmt_time;
	return ts_iso(im, v, unixp);
}

/*
 * A lab test in the document's own words (issue 15.2): the code's
 * originalText (text or a reference into the narrative), which is what
 * the lab printed, where displayName is often the LOINC long name
 * ("Hemoglobin [Mass/volume] in Blood"). NULL if none or the same as
 * name, so a re-import stores the same thing.
 */
static const char *
lab_words(struct imp *im, const xmlNode *cd, const char *name)
{
	const char	*s;

	if (cd == NULL || (s = cda_ref_text(im->a, im->ids,
	    cda_child(cd, "originalText"))) == NULL || *s == '\0' ||
	    strcmp(s, name) == 0)
		return NULL;
	return s;
}

static int
row_result(struct imp *im, const struct ent *en)
{
	struct imp_result	 r;
	const xmlNode		*ic;

	memset(&r, 0, sizeof(r));
	r.kind = "lab";
	r.panel = en->stmt_name;
	r.code = attr(im, cda_child(en->cand, "code"), "code");
	if ((r.name = code_name(im, cda_child(en->cand, "code"))) == NULL &&
	    (r.name = r.code) == NULL)
		return UNNAMED;
	r.display_name = lab_words(im, cda_child(en->cand, "code"), r.name);
	obs_value(im, en->cand, &r.value, &r.unit);
	r.ref_range = ref_range(im, en->cand);
	ic = cda_child(en->cand, "interpretationCode");
	if ((r.flag = attr(im, ic, "code")) == NULL)
		r.flag = attr(im, ic, "displayName");
	r.resulted_text = when(im, en, &r.resulted);
	r.confidential = en->confidential;
	if (store_import_result(im->db, &im->own, &r) == -1)
		return db_fail(im);
	return 0;
}

static int
row_vital(struct imp *im, const struct ent *en)
{
	struct imp_vital	 v;

	memset(&v, 0, sizeof(v));
	v.code = attr(im, cda_child(en->cand, "code"), "code");
	if ((v.name = code_name(im, cda_child(en->cand, "code"))) == NULL &&
	    (v.name = v.code) == NULL)
		return UNNAMED;
	obs_value(im, en->cand, &v.value, &v.unit);
	v.taken_text = when(im, en, NULL);
	v.confidential = en->confidential;
	if (store_import_vital(im->db, &im->own, &v) == -1)
		return db_fail(im);
	return 0;
}

/* The product of a substanceAdministration: name and code. */
static const char *
product(struct imp *im, const xmlNode *sa, const char **code)
{
	const xmlNode	*m = cda_path(sa,
	    "consumable/manufacturedProduct/manufacturedMaterial");
	const char	*s;

	*code = attr(im, cda_child(m, "code"), "code");
	if ((s = code_name(im, cda_child(m, "code"))) != NULL)
		return s;
	if ((s = text(im, cda_child(m, "name"))) != NULL)
		return s;
	return *code;
}

static int
row_medication(struct imp *im, const struct ent *en)
{
	struct imp_medication	 m;
	const xmlNode		*sa = en->cand, *et, *x;
	const char		*v, *u, *t;

	memset(&m, 0, sizeof(m));
	if ((m.name = product(im, sa, &m.code)) == NULL)
		return UNNAMED;
	x = cda_child(sa, "doseQuantity");
	if ((v = attr(im, x, "value")) == NULL)
		v = attr(im, cda_child(x, "low"), "value");
	if (v != NULL) {
		u = attr(im, x, "unit");
		m.dose = u != NULL && strcmp(u, "1") != 0 ?
		    arena_printf(im->a, "%s %s", v, u) : v;
	}
	m.route = code_name(im, cda_child(sa, "routeCode"));
	for (et = cda_child(sa, "effectiveTime"); et != NULL;
	    et = cda_next(et, "effectiveTime")) {
		t = cda_xsi_type(im->a, et);
		if ((x = cda_child(et, "period")) != NULL &&
		    (v = attr(im, x, "value")) != NULL) {
			u = attr(im, x, "unit");
			m.frequency = arena_printf(im->a, "every %s%s%s", v,
			    u ? " " : "", u ? u : "");
		} else if ((x = cda_child(et, "event")) != NULL)
			m.frequency = attr(im, x, "code");
		else if (t == NULL || strcmp(t, "IVL_TS") == 0 ||
		    strcmp(t, "TS") == 0) {
			if (m.start_text == NULL)
				m.start_text = ts_iso(im, ts_value(im, et), NULL);
			if (m.stop_text == NULL)
				m.stop_text = ts_iso(im, attr(im,
				    cda_child(et, "high"), "value"), NULL);
		}
	}
	m.status = is_planned_mood(im, sa) ? "intended" :
	    attr(im, cda_child(sa, "statusCode"), "code");
	m.confidential = en->confidential;
	if (store_import_medication(im->db, &im->own, &m) == -1)
		return db_fail(im);
	return 0;
}

static int
row_immunization(struct imp *im, const struct ent *en)
{
	struct imp_immunization	 i;

	memset(&i, 0, sizeof(i));
	if ((i.name = product(im, en->cand, &i.code)) == NULL)
		return UNNAMED;
	i.date_text = when(im, en, NULL);
	i.status = is_planned_mood(im, en->cand) ? "intended" :
	    attr(im, cda_child(en->cand, "statusCode"), "code");
	i.confidential = en->confidential;
	if (store_import_immunization(im->db, &im->own, &i) == -1)
		return db_fail(im);
	return 0;
}

/* The observations an observation relates (entryRelationship), by
 * template or typeCode: the value's name of the first. */
static const char *
related(struct imp *im, const xmlNode *obs, const char *tmpl,
    const char *type, struct buf *all)
{
	const xmlNode	*er, *o;
	const char	*s, *t, *first = NULL;

	for (er = cda_child(obs, "entryRelationship"); er != NULL;
	    er = cda_next(er, "entryRelationship")) {
		if ((o = cda_child(er, "observation")) == NULL)
			continue;
		t = attr(im, er, "typeCode");
		/* By typeCode only what no other template claims: some put
		 * the severity under MFST too. */
		if (!has_template(im, o, tmpl) && (type == NULL || t == NULL ||
		    strcmp(t, type) != 0 || has_template(im, o, T_SEVERITY) ||
		    has_template(im, o, T_ALLERGY_STATUS)))
			continue;
		if ((s = code_name(im, cda_child(o, "value"))) == NULL)
			continue;
		if (first == NULL)
			first = s;
		if (all != NULL)
			join_distinct(all, s);
	}
	return first;
}

static int
row_allergy(struct imp *im, const struct ent *en)
{
	struct imp_allergy	 al;
	const xmlNode		*o = en->cand, *pe, *er, *r;
	struct buf		 reactions;
	const char		*t;

	memset(&al, 0, sizeof(al));
	for (r = cda_child(o, "participant"); r != NULL && al.substance == NULL;
	    r = cda_next(r, "participant")) {
		if ((t = attr(im, r, "typeCode")) != NULL && strcmp(t, "CSM") != 0)
			continue;
		pe = cda_path(r, "participantRole/playingEntity");
		if ((al.substance = code_name(im, cda_child(pe, "code"))) == NULL)
			al.substance = text(im, cda_child(pe, "name"));
	}
	if (al.substance == NULL)
		al.substance = code_name(im, cda_child(o, "value"));
	if (al.substance == NULL)
		return UNNAMED;
	buf_init(&reactions, im->a);
	related(im, o, T_REACTION, "MFST", &reactions);
	al.reaction = reactions.b_len > 0 ? reactions.b_data : NULL;
	if ((al.severity = related(im, o, T_SEVERITY, NULL, NULL)) == NULL)
		for (er = cda_child(o, "entryRelationship"); er != NULL &&
		    al.severity == NULL; er = cda_next(er, "entryRelationship"))
			al.severity = related(im, cda_child(er, "observation"),
			    T_SEVERITY, NULL, NULL);
	if ((al.status = related(im, o, T_ALLERGY_STATUS, NULL, NULL)) == NULL &&
	    en->stmt != o)
		al.status = en->stmt_status;
	al.confidential = en->confidential;
	if (store_import_allergy(im->db, &im->own, &al) == -1)
		return db_fail(im);
	return 0;
}

static int
row_problem(struct imp *im, const struct ent *en)
{
	struct imp_problem	 p;
	const xmlNode		*o = en->cand;

	memset(&p, 0, sizeof(p));
	p.code = attr(im, cda_child(o, "value"), "code");
	if ((p.name = code_name(im, cda_child(o, "value"))) == NULL &&
	    (p.name = cda_ref_text(im->a, im->ids, cda_child(o, "text"))) == NULL &&
	    (p.name = p.code) == NULL)
		return UNNAMED;
	p.onset_text = ts_iso(im, ts_value(im, cda_child(o, "effectiveTime")),
	    NULL);
	if ((p.status = related(im, o, T_PROBLEM_STATUS, NULL, NULL)) == NULL &&
	    en->stmt != o)
		p.status = en->stmt_status;
	p.confidential = en->confidential;
	if (store_import_problem(im->db, &im->own, &p) == -1)
		return db_fail(im);
	return 0;
}

/* The shapes of entries, as the rule in cda.h lists them. */
static const struct shape {
	enum cda_sec	 kind;
	const char	*stmt;		/* X */
	const char	*via, *cand;	/* X/via/cand; NULL: X is C */
	enum cda_tab	 tab;
	int		 (*row)(struct imp *, const struct ent *);
} shapes[] = {
	{ CDA_SEC_RESULTS, "organizer", "component", "observation",
	    CDA_T_RESULTS, row_result },
	{ CDA_SEC_RESULTS, "observation", NULL, NULL, CDA_T_RESULTS, row_result },
	{ CDA_SEC_VITALS, "organizer", "component", "observation",
	    CDA_T_VITALS, row_vital },
	{ CDA_SEC_VITALS, "observation", NULL, NULL, CDA_T_VITALS, row_vital },
	{ CDA_SEC_MEDICATIONS, "substanceAdministration", NULL, NULL,
	    CDA_T_MEDICATIONS, row_medication },
	{ CDA_SEC_IMMUNIZATIONS, "substanceAdministration", NULL, NULL,
	    CDA_T_IMMUNIZATIONS, row_immunization },
	{ CDA_SEC_ALLERGIES, "act", "entryRelationship", "observation",
	    CDA_T_ALLERGIES, row_allergy },
	{ CDA_SEC_ALLERGIES, "observation", NULL, NULL, CDA_T_ALLERGIES,
	    row_allergy },
	{ CDA_SEC_PROBLEMS, "act", "entryRelationship", "observation",
	    CDA_T_PROBLEMS, row_problem },
	{ CDA_SEC_PROBLEMS, "observation", NULL, NULL, CDA_T_PROBLEMS,
	    row_problem },
	{ CDA_SEC_ENCOUNTERS, "encounter", NULL, NULL, CDA_T_ENCOUNTERS,
	    row_encounter },
};

/* One candidate: a row, or a skip with its reason. */
static int
candidate(struct imp *im, const struct shape *sh, struct ent *en, long *nrows)
{
	struct imp_encounter	 e;

	if (late(im))
		return -1;
	if (en->stmt_null || attr(im, en->cand, "nullFlavor") != NULL) {
		im->res->skipped[CDA_SKIP_NULLFLAVOR]++;
		return 0;
	}
	if (attr(im, en->cand, "negationInd") != NULL &&
	    strcmp(attr(im, en->cand, "negationInd"), "true") == 0) {
		im->res->skipped[CDA_SKIP_NEGATED]++;
		return 0;
	}
	if (sh->kind == CDA_SEC_ENCOUNTERS && visit_when(im, en->cand, &e) == -1) {
		im->res->skipped[CDA_SKIP_NODATE]++;
		return 0;
	}
	switch (sh->row(im, en)) {
	case -1:
		return -1;
	case UNNAMED:
		im->res->skipped[CDA_SKIP_UNNAMED]++;
		return 0;
	default:
		im->res->rows[sh->tab]++;
		(*nrows)++;
		return 0;
	}
}

static int
entry(struct imp *im, enum cda_sec kind, xmlNode *e, int sconf, long *nrows)
{
	const struct shape	*sh = NULL;
	struct ent		 en;
	xmlNode			*x, *v, *c;
	size_t			 i;

	x = cda_child(e, NULL);
	for (i = 0; x != NULL && i < NELEM(shapes) && sh == NULL; i++)
		if (shapes[i].kind == kind &&
		    strcmp((const char *)x->name, shapes[i].stmt) == 0)
			sh = &shapes[i];
	if (sh == NULL) {
		im->res->skipped[CDA_SKIP_UNEXPECTED]++;
		return 0;
	}
	memset(&en, 0, sizeof(en));
	en.entry = e;
	en.stmt = x;
	en.stmt_null = attr(im, e, "nullFlavor") != NULL ||
	    attr(im, x, "nullFlavor") != NULL;
	en.stmt_conf = sconf || restricted(im, x);
	if (sh->via == NULL) {
		en.cand = x;
		en.confidential = en.stmt_conf;
		return candidate(im, sh, &en, nrows);
	}
	en.stmt_name = code_name(im, cda_child(x, "code"));
	en.stmt_time = ts_value(im, cda_child(x, "effectiveTime"));
	en.stmt_status = attr(im, cda_child(x, "statusCode"), "code");
	for (v = cda_child(x, sh->via); v != NULL; v = cda_next(v, sh->via))
		for (c = cda_child(v, sh->cand); c != NULL;
		    c = cda_next(c, sh->cand)) {
			en.cand = c;
			en.confidential = en.stmt_conf || restricted(im, c);
			if (candidate(im, sh, &en, nrows) == -1)
				return -1;
		}
	return 0;
}

/* ---- Payers: coverages (issue 14.2) ---- */

#define PAYERS_LOINC	"48768-6"
#define PAYERS_ROOT	"2.16.840.1.113883.10.20.22.2.18"

/* The first participant of pol with typeCode type, or NULL. */
static xmlNode *
participant(struct imp *im, xmlNode *pol, const char *type)
{
	xmlNode	*p;
	const char *t;

	for (p = cda_child(pol, "participant"); p != NULL;
	    p = cda_next(p, "participant"))
		if ((t = attr(im, p, "typeCode")) != NULL && strcmp(t, type) == 0)
			return p;
	return NULL;
}

/* The payer performer's organization name (typeCode PRF; a guarantor's
 * performer has another code). */
static const char *
payer_name(struct imp *im, xmlNode *pol)
{
	xmlNode		*p;
	const char	*t, *code;

	for (p = cda_child(pol, "performer"); p != NULL;
	    p = cda_next(p, "performer")) {
		t = attr(im, p, "typeCode");
		code = attr(im, cda_path(p, "assignedEntity/code"), "code");
		if ((t == NULL || strcmp(t, "PRF") == 0) && (code == NULL ||
		    strcmp(code, "GUAR") != 0))
			return text(im, cda_path(p,
			    "assignedEntity/representedOrganization/name"));
	}
	return NULL;
}

/* A payer's sequenceNumber as a rank: one or two digits, 1-99; else 0
 * (the order of the entries stands). */
static int
seq_rank(const char *s)
{
	if (s == NULL || !isdigit((unsigned char)s[0]))
		return 0;
	if (s[1] == '\0')
		return s[0] - '0';
	if (!isdigit((unsigned char)s[1]) || s[2] != '\0')
		return 0;
	return (s[0] - '0') * 10 + (s[1] - '0');
}

/*
 * A payers section (LOINC 48768-6): each policy activity (entry/act/
 * entryRelationship/act) with a payer's name is one coverage of the
 * patient (source cda): plan the policy's code/@displayName, group the
 * policy's id/@extension, member id the covered party's (participant
 * COV) participantRole/id/@extension, relationship its participantRole/
 * code (displayName, else code), subscriber the policy holder's
 * (participant HLD) name; rank its order in the section (1 primary),
 * or sequenceNumber. The section's text is kept as a narrative as
 * before: coverages are not record rows.
 */
static int
payers(struct imp *im, xmlNode *s)
{
	struct imp_coverage	 cv;
	xmlNode			*e, *act, *er, *pol, *cov, *hld, *role;
	const char		*seq;
	long			 rank = 0;

	for (e = cda_child(s, "entry"); e != NULL; e = cda_next(e, "entry")) {
		if ((act = cda_child(e, "act")) == NULL ||
		    attr(im, act, "nullFlavor") != NULL)
			continue;
		for (er = cda_child(act, "entryRelationship"); er != NULL;
		    er = cda_next(er, "entryRelationship")) {
			if ((pol = cda_child(er, "act")) == NULL ||
			    attr(im, pol, "nullFlavor") != NULL)
				continue;
			memset(&cv, 0, sizeof(cv));
			if ((cv.payer = payer_name(im, pol)) == NULL)
				continue;
			cv.rank = ++rank;
			seq = attr(im, cda_child(er, "sequenceNumber"), "value");
			if (seq_rank(seq) > 0)
				cv.rank = seq_rank(seq);
			cv.plan = attr(im, cda_child(pol, "code"), "displayName");
			cv.group_no = attr(im, cda_child(pol, "id"), "extension");
			cov = participant(im, pol, "COV");
			role = cda_child(cov, "participantRole");
			cv.member_id = attr(im, cda_child(role, "id"), "extension");
			cv.relationship = attr(im, cda_child(role, "code"),
			    "displayName");
			if (cv.relationship == NULL)
				cv.relationship = attr(im, cda_child(role, "code"),
				    "code");
			hld = participant(im, pol, "HLD");
			cv.subscriber = cda_person_name(im->a, cda_path(hld,
			    "participantRole/playingEntity/name"));
			if (cv.subscriber != NULL && *cv.subscriber == '\0')
				cv.subscriber = NULL;
			if (store_import_coverage(im->db, &im->own, &cv,
			    (int64_t)im->now) == -1)
				return db_fail(im);
			im->res->coverages++;
		}
	}
	return 0;
}

/* ---- Sections ---- */

static int
section(struct imp *im, xmlNode *s, int conf)
{
	struct imp_narrative	 n;
	const char		*root, *code, *title;
	xmlNode			*t, *e, *txt;
	enum cda_sec		 kind = CDA_SEC_NARRATIVE;
	long			 nrows = 0;

	if (late(im))
		return -1;
	for (t = cda_child(s, "templateId"); t != NULL &&
	    kind == CDA_SEC_NARRATIVE; t = cda_next(t, "templateId")) {
		root = attr(im, t, "root");
		kind = cda_section_kind(&root, 1, NULL);
	}
	code = attr(im, cda_child(s, "code"), "code");
	if (kind == CDA_SEC_NARRATIVE)
		kind = cda_section_kind(NULL, 0, code);
	conf = conf || restricted(im, s);
	if (im->type == CDA_DOC_RECORD && ((code != NULL &&
	    strcmp(code, PAYERS_LOINC) == 0) || has_template(im, s,
	    PAYERS_ROOT)) && payers(im, s) == -1)
		return -1;
	if (kind != CDA_SEC_NARRATIVE && kind != CDA_SEC_PROCEDURES)
		for (e = cda_child(s, "entry"); e != NULL; e = cda_next(e, "entry"))
			if (entry(im, kind, e, conf, &nrows) == -1)
				return -1;
	title = text(im, cda_child(s, "title"));
	txt = cda_child(s, "text");
	if (im->type != CDA_DOC_RECORD) {
		/* A note's or a report's sections are its text: one section
		 * restricted makes the whole text so (a parent of a teen
		 * sees none of it), as a document's code does. */
		if (conf && (title != NULL || cda_has_text(txt)))
			im->text_conf = 1;
		if (title != NULL || cda_has_text(txt)) {
			if (im->body.b_len > 0)
				buf_puts(&im->body, "\n\n");
			if (title != NULL)
				buf_printf(&im->body, "%s\n", title);
			if (cda_has_text(txt))
				buf_puts(&im->body, cda_text(im->a, txt,
				    CDA_MAX_BYTES, 1));
		}
		return 0;
	}
	if (nrows > 0 || !cda_has_text(txt))
		return 0;
	memset(&n, 0, sizeof(n));
	n.loinc = kind != CDA_SEC_NARRATIVE ? cda_section_loinc(kind) : code;
	n.title = title;
	n.body = cda_text(im->a, txt, CDA_MAX_BYTES, 1);
	n.confidential = conf;
	if (n.body == NULL)
		return 0;
	if (store_import_narrative(im->db, &im->own, &n) == -1)
		return db_fail(im);
	im->res->rows[CDA_T_NARRATIVES]++;
	return 0;
}

static int
sections(struct imp *im, xmlNode *parent, int conf)
{
	xmlNode	*c, *s;

	for (c = cda_child(parent, "component"); c != NULL;
	    c = cda_next(c, "component")) {
		if ((s = cda_child(c, "section")) == NULL)
			continue;
		if (section(im, s, conf) == -1)
			return -1;
		if (sections(im, s, conf || restricted(im, s)) == -1)
			return -1;
	}
	return 0;
}

/* ---- Notes and imaging reports: the document as one item ---- */

/* When a note or report was completed: signed, else written. */
static const char *
completed(struct imp *im, int64_t *unixp)
{
	const char	*v;

	if ((v = attr(im, cda_path(im->root, "legalAuthenticator/time"),
	    "value")) == NULL)
		v = attr(im, cda_child(im->root, "effectiveTime"), "value");
	return ts_iso(im, v, unixp);
}

static int
doc_item(struct imp *im)
{
	struct imp_note		 n;
	struct imp_result	 r;
	const xmlNode		*svc;
	const char		*title, *body;
	int64_t			 enc;

	if (doc_encounter(im, &enc) == -1)
		return -1;
	if (enc != 0 &&
	    store_import_visit_conf(im->db, im->own.document_id, enc) == -1)
		return db_fail(im);
	title = text(im, cda_child(im->root, "title"));
	body = im->body.b_len > 0 ? im->body.b_data : title;
	if (im->type == CDA_DOC_NOTE) {
		memset(&n, 0, sizeof(n));
		n.encounter_id = enc;
		n.department = im->own.department;
		n.note_type = im->note_type;
		n.title = title;
		n.author = cda_person_name(im->a, cda_path(im->root,
		    "author/assignedAuthor/assignedPerson/name"));
		n.body = body != NULL ? body : "(no text)";
		completed(im, &n.completed);
		n.confidential = im->confidential || im->text_conf;
		if (store_import_note(im->db, &im->own, &n) == -1)
			return db_fail(im);
		im->res->rows[CDA_T_NOTES]++;
		return 0;
	}
	memset(&r, 0, sizeof(r));
	r.encounter_id = enc;
	r.kind = "radiology";
	svc = cda_path(im->root, "documentationOf/serviceEvent/code");
	if ((r.code = attr(im, svc, "code")) == NULL)
		r.code = attr(im, cda_child(im->root, "code"), "code");
	if ((r.name = code_name(im, svc)) == NULL && (r.name = title) == NULL)
		r.name = "Diagnostic imaging report";
	r.report = body;
	r.resulted_text = completed(im, &r.resulted);
	r.confidential = im->confidential || im->text_conf;
	if (store_import_result(im->db, &im->own, &r) == -1)
		return db_fail(im);
	im->res->rows[CDA_T_RESULTS]++;
	return 0;
}

/* ---- The document ---- */

/* 1 if these bytes were imported before (res says so), 0 if not, -1. */
static int
seen(struct imp *im, const char *sha)
{
	int64_t	 id;

	if ((id = store_import_seen(im->db, sha)) == -1)
		return db_fail(im);
	if (id == 0)
		return 0;
	im->res->status = CDA_DUPLICATE;
	im->res->document_id = id;
	snprintf(im->res->reason, sizeof(im->res->reason), "already imported");
	return 1;
}

static cda_pcp_fn	*pcp_audit;

void
cda_on_pcp(cda_pcp_fn *fn)
{
	pcp_audit = fn;
}

/*
 * The PCP the document names (cda_pcp), found or made in the directory
 * by NPI (source 'cda'), is put on file when the patient has none: a
 * document may be old, so one on file is changed only by hospital IT
 * (portalctl patient pcp) or the staff PCP page.
 */
static int
pcp(struct imp *im)
{
	struct dir_entry	 e;
	int64_t			 id, was;
	int			 made;

	if (cda_pcp(im->a, im->root, &e) != 1)
		return 0;
	if ((id = store_dir_ensure(im->db, &e, "cda", im->now, &made)) == -1 ||
	    store_pcp_get(im->db, im->own.patient_id, &was) != 1)
		return db_fail(im);
	if (was != 0) {
		im->res->pcp = was == id ? 0 : 2;
		return 0;
	}
	/* An access change (the PCP's practice now sees the patient): its
	 * row commits with it, as portalctl patient pcp's does. */
	if (pcp_audit == NULL) {
		im->res->pcp = 2;
		return 0;
	}
	if (store_pcp_set(im->db, im->own.patient_id, id) != 1 ||
	    pcp_audit(im->db, im->now, im->own.patient_id, id,
	    im->own.document_id) == -1)
		return db_fail(im);
	im->res->pcp = 1;
	return 0;
}

/* Everything the transaction holds; -1 leaves the reason in res. */
static int
store(struct imp *im, const char *sha)
{
	/* Again inside the transaction: another import may have won. */
	if (seen(im, sha) != 0)
		return -1;
	if (patient(im) == -1 || document(im, sha) == -1 || pcp(im) == -1)
		return -1;
	/* A note's or report's department, or any document's of one visit
	 * (an encounter summary: a psychiatry visit's problems and drugs),
	 * goes with every entry coded in it. A summary of no visit has
	 * none. */
	if (im->type != CDA_DOC_RECORD ||
	    cda_path(im->root, "componentOf/encompassingEncounter") != NULL)
		im->own.department = doc_department(im);
	if (sections(im, cda_path(im->root, "component/structuredBody"),
	    im->confidential) == -1)
		return -1;
	if (im->type != CDA_DOC_RECORD && doc_item(im) == -1)
		return -1;
	return 0;
}

int
cda_import_buffer_at(struct db *db, const struct conf *cf, const char *name,
    const unsigned char *buf, size_t len, time_t now, struct cda_result *res)
{
	struct imp	 im;
	xmlDoc		*doc = NULL;
	unsigned char	 h[CRYPTO_SHA256_LEN];
	char		 sha[2 * CRYPTO_SHA256_LEN + 1];
	const char	*why;

	(void)name;
	memset(res, 0, sizeof(*res));
	memset(&im, 0, sizeof(im));
	im.db = db;
	im.cf = cf;
	im.res = res;
	im.now = now;
	if (len == 0) {
		refuse(&im, "empty");
		goto done;
	}
	if (len > (size_t)CDA_MAX_BYTES) {
		refuse(&im, "larger than %ld MB", CDA_MAX_BYTES / (1024 * 1024));
		goto done;
	}
	/* A document seen before is not even parsed: re-running an import
	 * of a whole folder costs little. */
	crypto_sha256(buf, len, h);
	crypto_hex(h, sizeof(h), sha);
	if (seen(&im, sha) != 0)
		goto done;
	xmlInitParser();
	im.a = arena_new();
	buf_init(&im.body, im.a);
	clock_gettime(CLOCK_MONOTONIC, &im.deadline);
	im.deadline.tv_sec += CDA_MAX_SECONDS;
	if ((why = cda_scan(buf, len)) != NULL) {
		refuse(&im, "%s", why);
		goto done;
	}
	if ((doc = parse(&im, buf, len)) == NULL)
		goto done;
	if ((im.root = xmlDocGetRootElement(doc)) == NULL) {
		refuse(&im, "no root element");
		goto done;
	}
	im.ids = cda_ids_build(im.a, im.root);
	if (header(&im) == -1)
		goto done;
	if (db_begin(db) == -1) {
		db_fail(&im);
		goto done;
	}
	if (store(&im, sha) == -1 || db_commit(db) == -1) {
		db_rollback(db);
		if (res->status == CDA_IMPORTED)	/* the commit failed */
			db_fail(&im);
		goto done;
	}
	res->patient_id = im.own.patient_id;
	res->document_id = im.own.document_id;
done:
	if (res->status != CDA_IMPORTED) {
		/* Nothing of it is in the database. */
		memset(res->rows, 0, sizeof(res->rows));
		memset(res->skipped, 0, sizeof(res->skipped));
	}
	xmlFreeDoc(doc);
	arena_free(im.a);
	return res->status == CDA_FAILED ? -1 : 0;
}

