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
 *   GET /record/trend         a lab's trend          ?id=one result of the test
 *   GET /record/print         everything released, for printing
 *   GET /record/download      everything released, as C-CDA XML
 */
#include <inttypes.h>
#include <string.h>

#include "form.h"
#include "http.h"
#include "rec_page.h"
#include "record.h"
#include "tmpl.h"
#include "valid.h"

#define N(x) (sizeof(x) / sizeof((x)[0]))

/* The query parameters: the patient (?p=) and one item (?id=). */
static const struct field query[] = {
	{ "p", "patient", valid_id, 0 },
	{ "id", "item", valid_id, 0 },
};

/* Each section: its page, its heading, and how its rows read
 * (lib/web/rec_page.h: the labels of rec_row.when and detail[0..5],
 * which are dates, whether it is the lab table). */
static const struct section {
	enum rec_section	 s;
	const char		*path;
	const char		*title;
	struct rec_cols		 cols;
} sections[] = {
	{ REC_VISITS, "/record/visits", "Visits", { "Date",
	    { "Where", "Care provider", "Contact", NULL, "Until" }, 1 << 4, 0, 0 } },
	{ REC_NOTES, "/record/notes", "Clinic notes", { "Completed",
	    { "Author" }, 0, 0, 0 } },
	{ REC_LABS, "/record/labs", "Lab results", { "Resulted",
	    { "Result", "Unit", "Reference range", "Flag", "Panel" }, 0, 1, 0 } },
	{ REC_RADIOLOGY, "/record/radiology", "Radiology reports",
	    { "Completed", { NULL }, 0, 0, 0 } },
	{ REC_MEDICATIONS, "/record/medications", "Medications", { "Started",
	    { "Dose", "Route", "How often", "Status", "Until" }, 1 << 4, 0, 0 } },
	{ REC_ALLERGIES, "/record/allergies", "Allergies", { NULL,
	    { "Reaction", "Severity", "Status" }, 0, 0, 0 } },
	{ REC_PROBLEMS, "/record/problems", "Problems", { "Since",
	    { "Status" }, 0, 0, 0 } },
	{ REC_IMMUNIZATIONS, "/record/immunizations", "Immunizations",
	    { "Date", { "Status" }, 0, 0, 0 } },
	{ REC_VITALS, "/record/vitals", "Vital signs", { "Taken",
	    { "Value", "Unit" }, 0, 0, 1u << 1 } },
};

/* The page a lab's trend is on (linked from the lab table). */
#define TREND	"/record/trend"

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
patient_vars(struct ctx *c, const struct record_seen *v, const char *current)
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
	rec_page_born(c->vars, &v->patient, c->call.now);
	tvars_bool(c->vars, "at_summary", strcmp(current, "/record/") == 0);
	for (i = 0; i < N(sections); i++) {
		it = tvars_item(c->vars, "sections");
		tvars_str(it, "path", sections[i].path);
		tvars_str(it, "title", sections[i].title);
		tvars_bool(it, "current", strcmp(current, sections[i].path) == 0);
	}
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
	patient_vars(c, &out.seen, sec->path);
	tvars_str(c->vars, "title", sec->title);
	tvars_str(c->vars, "section_title", sec->title);
	tvars_str(c->vars, "section_path", sec->path);
	rec_page_rows(c->vars, &sec->cols, out.rows, out.n, TREND);
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
	patient_vars(c, &out.seen, "/record/");
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
	patient_vars(c, &out.seen, "/record/print");
	tvars_str(c->vars, "title", "Health record (printable)");
	for (i = 0; i < N(sections); i++) {
		it = tvars_item(c->vars, "parts");
		tvars_str(it, "section_title", sections[i].title);
		rec_page_rows(it, &sections[i].cols, out.rows[sections[i].s],
		    out.n[sections[i].s], NULL);
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
	/* Named after the patient and the day, as families keep files; in
	 * this header only (never a URL or a log line). */
	http_header(c, "Content-Disposition", arena_printf(c->call.a,
	    "attachment; filename=\"%s\"", rec_page_filename(c->call.a,
	    &out.seen.patient, c->call.now)));
	return 200;
}

/* A lab's trend: the series of one test, as a chart and a table. */
static int
trend_get(struct ctx *c)
{
	struct record_series_in	 in;
	struct record_series_out out;
	struct form		 f;
	enum app_rc		 rc;

	form_query(c, query, N(query), &f);
	in.p = ask(c, &f, "p");
	in.id = ask(c, &f, "id");
	if ((rc = app_record_series(&c->call, &in, &out)) != APP_OK)
		return failed(c, rc, out.why);
	patient_vars(c, &out.seen, "/record/labs");
	tvars_strf(c->vars, "title", "Trend: %s", rec_name(&out.row));
	tvars_str(c->vars, "test_name", rec_name(&out.row));
	rec_page_chart(c->call.a, c->vars, out.rows, out.n);
	c->page = "record_trend";
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
	{ M_GET, "/record/trend", trend_get, R_FAMILY | R_PHI | R_PATIENT },
	{ M_GET, "/record/print", print_get, R_FAMILY | R_PHI | R_PATIENT },
	{ M_GET, "/record/download", download_get, R_FAMILY | R_PHI | R_PATIENT },
};

int
main(void)
{
	static const struct app app = { "record", routes, N(routes) };

	return http_main(&app);
}
