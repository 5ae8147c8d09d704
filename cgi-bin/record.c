/*
 * record: the family's view of a patient's health record (F-RECORD 1, 3):
 * a patient switcher, one page per section with what the policy releases
 * to this viewer, a printable page of everything released, and the same as
 * a C-CDA document. Every view is audited before the page is sent.
 *
 *   GET /record/              summary           ?p=patient id (else the first)
 *   GET /record/<section>     visits, notes, labs, radiology, medications,
 *                             allergies, problems, immunizations, vitals
 *   GET /record/print         everything released, for printing
 *   GET /record/download      everything released, as C-CDA XML
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "audit_req.h"
#include "cda_export.h"
#include "http.h"
#include "record.h"
#include "tmpl.h"
#include "valid.h"

#define N(x) (sizeof(x) / sizeof((x)[0]))

/* Each section: its page, its heading, and the labels of its columns
 * (struct rec_row's detail[0..5]). */
static const struct section {
	enum rec_section	 s;
	const char		*path;
	const char		*slug;
	const char		*title;
	const char		*when;		/* label of rec_row.when */
	const char		*cols[6];
} sections[] = {
	{ REC_VISITS, "/record/visits", "visits", "Visits", "Date",
	    { "Where", "Care provider", "Contact", NULL, "Until" } },
	{ REC_NOTES, "/record/notes", "notes", "Clinic notes", "Completed",
	    { "Author" } },
	{ REC_LABS, "/record/labs", "labs", "Lab results", "Resulted",
	    { "Result", "Unit", "Reference range", "Flag", "Panel" } },
	{ REC_RADIOLOGY, "/record/radiology", "radiology", "Radiology reports",
	    "Completed", { NULL } },
	{ REC_MEDICATIONS, "/record/medications", "medications", "Medications",
	    "Started", { "Dose", "Route", "How often", "Status", "Until" } },
	{ REC_ALLERGIES, "/record/allergies", "allergies", "Allergies", NULL,
	    { "Reaction", "Severity", "Status" } },
	{ REC_PROBLEMS, "/record/problems", "problems", "Problems", "Since",
	    { "Status" } },
	{ REC_IMMUNIZATIONS, "/record/immunizations", "immunizations",
	    "Immunizations", "Date", { "Status" } },
	{ REC_VITALS, "/record/vitals", "vitals", "Vital signs", "Taken",
	    { "Value", "Unit" } },
};

static const struct {
	const char	*flag;
	const char	*text;
} flags[] = {
	{ "H", "High" }, { "HH", "Critically high" }, { "L", "Low" },
	{ "LL", "Critically low" }, { "A", "Abnormal" }, { "AA", "Critically abnormal" },
	{ "N", "Normal" },
};

static const char *
flag_text(const char *f)
{
	size_t	 i;

	for (i = 0; f != NULL && i < N(flags); i++)
		if (strcmp(flags[i].flag, f) == 0)
			return flags[i].text;
	return f;
}

/* The patient asked for (?p=), or the first the account may see. 0 and
 * the page set to "no patient" when there is none to show. */
static int
open_patient(struct ctx *c, struct record_view *v)
{
	struct record_choice	*ch;
	struct tvars		*it;
	const char		*p = http_query(c, "p"), *id;
	size_t			 n, i;
	int64_t			 want;

	/* Every way out leaves *v set: the refusal page reads it. */
	memset(v, 0, sizeof(*v));
	v->refusal = "no patient on the account";
	if (record_patients(c, &ch, &n) == -1)
		return -1;
	if (p != NULL) {
		if (valid_id(c->call.a, p, strlen(p), &id) != NULL) {
			v->refusal = "malformed patient id";
			return 0;
		}
		want = strtoll(id, NULL, 10);
	} else if (n > 0)
		want = ch[0].patient_id;
	else
		return 0;
	for (i = 0; i < n; i++) {
		it = tvars_item(c->vars, "choices");
		tvars_strf(it, "id", "%" PRId64, ch[i].patient_id);
		tvars_str(it, "name", ch[i].name);
		tvars_bool(it, "selected", ch[i].patient_id == want);
	}
	tvars_bool(c->vars, "several", n > 1);
	return record_open(c, want, v);
}

/* One record refusal answer for "not yours", "not now" and "no such
 * patient" alike, so ids cannot be probed; the audit row names the id
 * asked for and why. */
static int
not_found(struct ctx *c, const struct record_view *v, int64_t asked)
{
	audit_refused(c, "record.refused", asked, v->refusal, "p");
	return http_fail(c, 404, "There is no such patient on your account, or "
	    "you cannot see this patient's record. If you think this is wrong, "
	    "call Support.");
}

static void
patient_vars(struct ctx *c, const struct record_view *v)
{
	tvars_strf(c->vars, "patient_id", "%" PRId64, v->patient.id);
	tvars_strf(c->vars, "patient_name", "%s %s", v->patient.given, v->patient.family);
	tvars_str(c->vars, "patient_dob", v->patient.dob);
	for (size_t i = 0; i < N(sections); i++) {
		struct tvars *it = tvars_item(c->vars, "sections");
		tvars_str(it, "path", sections[i].path);
		tvars_str(it, "title", sections[i].title);
	}
}

/* The rows of one section as page values. */
static void
rows_vars(struct ctx *c, struct tvars *into, const struct section *sec,
    const struct rec_row *r, size_t n)
{
	struct tvars	*it, *cell;
	size_t		 i, j;
	const char	*val;

	tvars_list(into, "rows");
	for (i = 0; i < n; i++) {
		it = tvars_item(into, "rows");
		tvars_str(it, "name", r[i].name ? r[i].name : "");
		tvars_strf(it, "id", "%" PRId64, r[i].id);
		if (sec->when != NULL && r[i].when != NULL) {
			cell = tvars_item(it, "cells");
			tvars_str(cell, "label", sec->when);
			tvars_str(cell, "text", r[i].when);
		}
		for (j = 0; j < 6; j++) {
			if (sec->cols[j] == NULL || (val = r[i].detail[j]) == NULL ||
			    *val == '\0')
				continue;
			if (sec->s == REC_LABS && j == 3)
				val = flag_text(val);
			cell = tvars_item(it, "cells");
			tvars_str(cell, "label", sec->cols[j]);
			tvars_str(cell, "text", val);
		}
		if (r[i].department != NULL) {
			cell = tvars_item(it, "cells");
			tvars_str(cell, "label", "Department");
			tvars_str(cell, "text", r[i].department);
		}
		if (r[i].body != NULL)
			tvars_str(it, "body", r[i].body);
		tvars_bool(it, "outside", r[i].outside);
		tvars_bool(it, "planned", r[i].planned);
	}
	tvars_bool(into, "empty", n == 0);
	(void)c;
}

static int
section_page(struct ctx *c, const struct section *sec)
{
	struct record_view	 v;
	struct rec_row		*r;
	size_t			 n;
	int			 rc;

	struct rec_row		 one;
	const char		*q = http_query(c, "id"), *id;

	if ((rc = open_patient(c, &v)) <= 0)
		return rc < 0 ? 500 : not_found(c, &v, http_query_id(c, "p"));
	if (q != NULL) {
		/* One item by id: one answer for "not released" and "none". */
		if (valid_id(c->call.a, q, strlen(q), &id) != NULL ||
		    (rc = record_row(c, &v, sec->s, strtoll(id, NULL, 10), &one)) == 0) {
			audit_refused(c, "record.item_refused", v.patient.id,
			    sec->slug, "id");
			return http_fail(c, 404, "There is no such item in the record "
			    "you can see.");
		}
		if (rc < 0)
			return 500;
		r = &one;
		n = 1;
	} else if (record_rows(c, &v, sec->s, &r, &n) == -1)
		return 500;
	/* The view is on record before anything is sent (S-1). */
	if (audit_req(c, arena_printf(c->call.a, "record.view.%s", sec->slug),
	    v.patient.id, NULL) == -1)
		return 500;
	patient_vars(c, &v);
	tvars_str(c->vars, "title", sec->title);
	tvars_str(c->vars, "section_title", sec->title);
	tvars_str(c->vars, "section_path", sec->path);
	rows_vars(c, c->vars, sec, r, n);
	c->page = "record";
	return 200;
}

#define SECTION_HANDLER(name, i) \
static int name(struct ctx *c) { return section_page(c, &sections[i]); }
SECTION_HANDLER(visits_get, 0)
SECTION_HANDLER(notes_get, 1)
SECTION_HANDLER(labs_get, 2)
SECTION_HANDLER(radiology_get, 3)
SECTION_HANDLER(medications_get, 4)
SECTION_HANDLER(allergies_get, 5)
SECTION_HANDLER(problems_get, 6)
SECTION_HANDLER(immunizations_get, 7)
SECTION_HANDLER(vitals_get, 8)

static int
summary_get(struct ctx *c)
{
	struct record_view	 v;
	struct rec_row		*r;
	struct tvars		*it;
	size_t			 n, i;
	int			 rc;

	if ((rc = open_patient(c, &v)) <= 0) {
		if (rc < 0)
			return 500;
		if (http_query(c, "p") == NULL) {
			tvars_str(c->vars, "title", "Health record");
			c->page = "record_none";
			return 200;
		}
		return not_found(c, &v, http_query_id(c, "p"));
	}
	if (audit_req(c, "record.view.summary", v.patient.id, NULL) == -1)
		return 500;
	patient_vars(c, &v);
	tvars_str(c->vars, "title", "Health record");
	for (i = 0; i < N(sections); i++) {
		if (record_rows(c, &v, sections[i].s, &r, &n) == -1)
			return 500;
		it = tvars_item(c->vars, "counts");
		tvars_str(it, "path", sections[i].path);
		tvars_str(it, "title", sections[i].title);
		tvars_strf(it, "count", "%zu", n);
	}
	c->page = "record_summary";
	return 200;
}

static int
print_get(struct ctx *c)
{
	struct record_view	 v;
	struct rec_row		*r;
	struct tvars		*it;
	size_t			 n, i;
	int			 rc;

	if ((rc = open_patient(c, &v)) <= 0)
		return rc < 0 ? 500 : not_found(c, &v, http_query_id(c, "p"));
	if (audit_req(c, "record.print", v.patient.id, NULL) == -1)
		return 500;
	patient_vars(c, &v);
	tvars_str(c->vars, "title", "Health record (printable)");
	for (i = 0; i < N(sections); i++) {
		if (record_rows(c, &v, sections[i].s, &r, &n) == -1)
			return 500;
		it = tvars_item(c->vars, "parts");
		tvars_str(it, "section_title", sections[i].title);
		rows_vars(c, it, &sections[i], r, n);
	}
	c->page = "record_print";
	return 200;
}

static int
download_get(struct ctx *c)
{
	struct record_view	 v;
	struct rec_row		*rows[REC__MAX];
	size_t			 n[REC__MAX], i;
	int			 rc;

	if ((rc = open_patient(c, &v)) <= 0)
		return rc < 0 ? 500 : not_found(c, &v, http_query_id(c, "p"));
	for (i = 0; i < REC__MAX; i++)
		if (record_rows(c, &v, (enum rec_section)i, &rows[i], &n[i]) == -1)
			return 500;
	if (audit_req(c, "record.download", v.patient.id, "C-CDA") == -1)
		return 500;
	if (cda_export(c->call.a, c->call.p->conf, &v.patient, rows, n, c->call.now, &c->body) == -1)
		return 500;
	c->raw = 1;
	c->ctype = "application/xml; charset=utf-8";
	/* The file name says nothing about the patient. */
	http_header(c, "Content-Disposition", "attachment; filename=\"health-record.xml\"");
	return 200;
}

static const struct route routes[] = {
	{ M_GET, "/record/", summary_get, R_FAMILY },
	{ M_GET, "/record/visits", visits_get, R_FAMILY },
	{ M_GET, "/record/notes", notes_get, R_FAMILY },
	{ M_GET, "/record/labs", labs_get, R_FAMILY },
	{ M_GET, "/record/radiology", radiology_get, R_FAMILY },
	{ M_GET, "/record/medications", medications_get, R_FAMILY },
	{ M_GET, "/record/allergies", allergies_get, R_FAMILY },
	{ M_GET, "/record/problems", problems_get, R_FAMILY },
	{ M_GET, "/record/immunizations", immunizations_get, R_FAMILY },
	{ M_GET, "/record/vitals", vitals_get, R_FAMILY },
	{ M_GET, "/record/print", print_get, R_FAMILY },
	{ M_GET, "/record/download", download_get, R_FAMILY },
};

int
main(void)
{
	static const struct app app = { "record", routes, N(routes) };

	return http_main(&app);
}
