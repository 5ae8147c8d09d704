/*
 * record: the family's view of a patient's health record (F-RECORD 1, 3):
 * a patient switcher, one page per section with what the policy releases
 * to this viewer, a printable page of everything released, and the same as
 * a C-CDA document. Every view is audited before the page is sent.
 * The operations (lib/app/record.h) decide and audit; this program reads
 * the query through its field table, makes one call, and renders.
 *
 *   GET /record/              summary           ?p=patient id (else the first)
 *   GET /record/<section>     visits, notes, labs, radiology, medications,
 *                             allergies, problems, immunizations, vitals
 *   GET /record/print         everything released, for printing
 *   GET /record/download      everything released, as C-CDA XML
 */
#include <inttypes.h>
#include <string.h>

#include "form.h"
#include "http.h"
#include "record.h"
#include "tmpl.h"
#include "valid.h"

#define N(x) (sizeof(x) / sizeof((x)[0]))

/* The query parameters: the patient (?p=) and one item (?id=). */
static const struct field query[] = {
	{ "p", "patient", valid_id, 0 },
	{ "id", "item", valid_id, 0 },
};

/* Each section: its page, its heading, and the labels of its columns
 * (struct rec_row's detail[0..5]). */
static const struct section {
	enum rec_section	 s;
	const char		*path;
	const char		*title;
	const char		*when;		/* label of rec_row.when */
	const char		*cols[6];
} sections[] = {
	{ REC_VISITS, "/record/visits", "Visits", "Date",
	    { "Where", "Care provider", "Contact", NULL, "Until" } },
	{ REC_NOTES, "/record/notes", "Clinic notes", "Completed",
	    { "Author" } },
	{ REC_LABS, "/record/labs", "Lab results", "Resulted",
	    { "Result", "Unit", "Reference range", "Flag", "Panel" } },
	{ REC_RADIOLOGY, "/record/radiology", "Radiology reports",
	    "Completed", { NULL } },
	{ REC_MEDICATIONS, "/record/medications", "Medications",
	    "Started", { "Dose", "Route", "How often", "Status", "Until" } },
	{ REC_ALLERGIES, "/record/allergies", "Allergies", NULL,
	    { "Reaction", "Severity", "Status" } },
	{ REC_PROBLEMS, "/record/problems", "Problems", "Since",
	    { "Status" } },
	{ REC_IMMUNIZATIONS, "/record/immunizations", "Immunizations", "Date",
	    { "Status" } },
	{ REC_VITALS, "/record/vitals", "Vital signs", "Taken",
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

/* The id asked for in parameter name: parsed by the field table, and
 * as it came, for the refusal row. */
static struct record_ask
ask(struct ctx *c, const struct form *f, const char *name)
{
	struct record_ask	 q;

	q.id = form_id(f, name);
	q.raw = http_query(c, name);
	return q;
}

/* The words of a refusal: one answer for "not yours", "not now" and "no
 * such patient" alike, so ids cannot be probed (the operation's row says
 * which). */
#define NOT_SEEN "There is no such patient on your account, or you cannot " \
	"see this patient's record. If you think this is wrong, call Support."
static const char *const refusals[] = {
	[RECORD_NO_PATIENT] = NOT_SEEN,
	[RECORD_NOT_SEEN] = NOT_SEEN,
	[RECORD_NO_ITEM] = "There is no such item in the record you can see.",
};

/* The page for an operation that did not give APP_OK. */
static int
failed(struct ctx *c, enum app_rc rc, enum record_refusal why)
{
	if (rc == APP_BUSY)
		return 503;
	if ((rc == APP_REFUSED || rc == APP_INVALID) && why > RECORD_OK &&
	    (size_t)why < N(refusals))
		return http_fail(c, 404, refusals[why]);
	if (rc == APP_INVALID)
		return http_fail(c, 404, NOT_SEEN);
	return 500;
}

/* The switcher and the patient's heading and sections. */
static void
patient_vars(struct ctx *c, const struct record_seen *v)
{
	struct tvars	*it;
	size_t		 i;

	for (i = 0; i < v->nchoices; i++) {
		it = tvars_item(c->vars, "choices");
		tvars_int(it, "id", v->choices[i].patient_id);
		tvars_str(it, "name", v->choices[i].name);
		tvars_bool(it, "selected", v->choices[i].patient_id == v->patient.id);
	}
	tvars_bool(c->vars, "several", v->nchoices > 1);
	tvars_int(c->vars, "patient_id", v->patient.id);
	tvars_strf(c->vars, "patient_name", "%s %s", v->patient.given, v->patient.family);
	tvars_str(c->vars, "patient_dob", v->patient.dob);
	for (i = 0; i < N(sections); i++) {
		it = tvars_item(c->vars, "sections");
		tvars_str(it, "path", sections[i].path);
		tvars_str(it, "title", sections[i].title);
	}
}

/* The rows of one section as page values. */
static void
rows_vars(struct tvars *into, const struct section *sec,
    const struct rec_row *r, size_t n)
{
	struct tvars	*it, *cell;
	size_t		 i, j;
	const char	*val;

	tvars_list(into, "rows");
	for (i = 0; i < n; i++) {
		it = tvars_item(into, "rows");
		tvars_str(it, "name", r[i].name ? r[i].name : "");
		tvars_int(it, "id", r[i].id);
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
		/* Set on every row (to "" if none), so that {{#body}} is
		 * answered here and not looked up in the page's values. */
		tvars_str(it, "body", r[i].body);
		tvars_bool(it, "outside", r[i].outside);
		tvars_bool(it, "planned", r[i].planned);
	}
	tvars_bool(into, "empty", n == 0);
}

/* One section, or one item of it by ?id=. */
static int
section_page(struct ctx *c, const struct section *sec)
{
	struct record_section_in	 in;
	struct record_section_out	 out;
	struct record_item_in		 iin;
	struct record_item_out		 iout;
	struct form			 f;
	enum app_rc			 rc;

	form_query(c, query, N(query), &f);
	if (http_query(c, "id") != NULL) {
		iin.p = ask(c, &f, "p");
		iin.s = sec->s;
		iin.id = ask(c, &f, "id");
		if ((rc = app_record_item(&c->call, &iin, &iout)) != APP_OK)
			return failed(c, rc, iout.why);
		out.seen = iout.seen;
		out.rows = &iout.row;
		out.n = 1;
	} else {
		in.p = ask(c, &f, "p");
		in.s = sec->s;
		if ((rc = app_record_section(&c->call, &in, &out)) != APP_OK)
			return failed(c, rc, out.why);
	}
	patient_vars(c, &out.seen);
	tvars_str(c->vars, "title", sec->title);
	tvars_str(c->vars, "section_title", sec->title);
	tvars_str(c->vars, "section_path", sec->path);
	rows_vars(c->vars, sec, out.rows, out.n);
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
	struct record_open_in	 in;
	struct record_open_out	 out;
	struct form		 f;
	struct tvars		*it;
	enum app_rc		 rc;
	size_t			 i;

	form_query(c, query, N(query), &f);
	in.p = ask(c, &f, "p");
	if ((rc = app_record_open(&c->call, &in, &out)) != APP_OK) {
		if (rc != APP_REFUSED || out.why != RECORD_NO_PATIENT)
			return failed(c, rc, out.why);
		tvars_str(c->vars, "title", "Health record");
		http_no_phi(c);
		c->page = "record_none";
		return 200;
	}
	patient_vars(c, &out.seen);
	tvars_str(c->vars, "title", "Health record");
	for (i = 0; i < N(sections); i++) {
		it = tvars_item(c->vars, "counts");
		tvars_str(it, "path", sections[i].path);
		tvars_str(it, "title", sections[i].title);
		tvars_strf(it, "count", "%zu", out.count[sections[i].s]);
	}
	c->page = "record_summary";
	return 200;
}

static int
print_get(struct ctx *c)
{
	struct record_print_in	 in;
	struct record_print_out	 out;
	struct form		 f;
	struct tvars		*it;
	enum app_rc		 rc;
	size_t			 i;

	form_query(c, query, N(query), &f);
	in.p = ask(c, &f, "p");
	if ((rc = app_record_print(&c->call, &in, &out)) != APP_OK)
		return failed(c, rc, out.why);
	patient_vars(c, &out.seen);
	tvars_str(c->vars, "title", "Health record (printable)");
	for (i = 0; i < N(sections); i++) {
		it = tvars_item(c->vars, "parts");
		tvars_str(it, "section_title", sections[i].title);
		rows_vars(it, &sections[i], out.rows[sections[i].s],
		    out.n[sections[i].s]);
	}
	c->page = "record_print";
	return 200;
}

static int
download_get(struct ctx *c)
{
	struct record_download_in	 in;
	struct record_download_out	 out;
	struct form			 f;
	enum app_rc			 rc;

	form_query(c, query, N(query), &f);
	in.p = ask(c, &f, "p");
	if ((rc = app_record_download(&c->call, &in, &out)) != APP_OK)
		return failed(c, rc, out.why);
	c->body = out.xml;
	c->raw = 1;
	c->ctype = "application/xml; charset=utf-8";
	/* The file name says nothing about the patient. */
	http_header(c, "Content-Disposition", "attachment; filename=\"health-record.xml\"");
	return 200;
}

static const struct route routes[] = {
	{ M_GET, "/record/", summary_get, R_FAMILY | R_PHI | R_PATIENT },
	{ M_GET, "/record/visits", visits_get, R_FAMILY | R_PHI | R_PATIENT },
	{ M_GET, "/record/notes", notes_get, R_FAMILY | R_PHI | R_PATIENT },
	{ M_GET, "/record/labs", labs_get, R_FAMILY | R_PHI | R_PATIENT },
	{ M_GET, "/record/radiology", radiology_get, R_FAMILY | R_PHI | R_PATIENT },
	{ M_GET, "/record/medications", medications_get, R_FAMILY | R_PHI | R_PATIENT },
	{ M_GET, "/record/allergies", allergies_get, R_FAMILY | R_PHI | R_PATIENT },
	{ M_GET, "/record/problems", problems_get, R_FAMILY | R_PHI | R_PATIENT },
	{ M_GET, "/record/immunizations", immunizations_get, R_FAMILY | R_PHI | R_PATIENT },
	{ M_GET, "/record/vitals", vitals_get, R_FAMILY | R_PHI | R_PATIENT },
	{ M_GET, "/record/print", print_get, R_FAMILY | R_PHI | R_PATIENT },
	{ M_GET, "/record/download", download_get, R_FAMILY | R_PHI | R_PATIENT },
};

int
main(void)
{
	static const struct app app = { "record", routes, N(routes) };

	return http_main(&app);
}
