/*
 * precord: a provider's read-only view of a patient's record (issue
 * 12.6: P-ACCESS 4, P-SPONSOR 1, S-1). A provider or a sponsored user
 * opens a patient they see (PCP, the practice's PCP, a family's share or
 * an invitation token; a sponsored user through their sponsor), asked
 * again at every page. Nothing here changes anything: GET only, no
 * forms. The operation (lib/app/precord.h) decides and audits; this
 * program reads ?p= through its field table, makes one call, and renders.
 *
 *   GET /provider/record/             summary            ?p=patient id
 *   GET /provider/record/<view>       admissions, visits, notes, labs,
 *                                     radiology, medications, allergies,
 *                                     problems, immunizations, vitals
 *   GET /provider/record/print        everything released, for printing
 */
#include <string.h>

#include "form.h"
#include "http.h"
#include "precord.h"
#include "rec_page.h"
#include "tmpl.h"
#include "valid.h"

#define N(x) (sizeof(x) / sizeof((x)[0]))

static const struct field query[] = {
	{ "p", "patient", valid_id, 0 },
};

/* Each view: its page, its heading, the labels of its columns
 * (struct rec_row's detail[0..5]). */
static const struct view {
	enum pview		 v;
	const char		*path;
	const char		*title;
	struct rec_cols		 cols;	/* lib/web/rec_page.h */
} views[] = {
	{ PV_ADMISSIONS, "/provider/record/admissions",
	    "Admissions and emergency visits", { "Admitted",
	    { "Where", "Care provider", "Contact", NULL, "Discharged" }, 1 << 4, 0, 0 } },
	{ PV_VISITS, "/provider/record/visits", "Specialty and clinic visits",
	    { "Date", { "Where", "Care provider", "Contact", "Status", "Until" },
	    1 << 4, 0, 0 } },
	{ PV_NOTES, "/provider/record/notes", "Notes", { "Completed",
	    { "Author" }, 0, 0, 0 } },
	{ PV_MEDICATIONS, "/provider/record/medications", "Medications",
	    { "Started", { "Dose", "Route", "How often", "Status", "Until" },
	    1 << 4, 0, 0 } },
	{ PV_LABS, "/provider/record/labs", "Lab results", { "Resulted",
	    { "Result", "Unit", "Reference range", "Flag", "Panel" }, 0, 1, 0 } },
	{ PV_RADIOLOGY, "/provider/record/radiology", "Radiology reports",
	    { "Completed", { NULL }, 0, 0, 0 } },
	{ PV_ALLERGIES, "/provider/record/allergies", "Allergies", { NULL,
	    { "Reaction", "Severity", "Status" }, 0, 0, 0 } },
	{ PV_PROBLEMS, "/provider/record/problems", "Problems", { "Since",
	    { "Status" }, 0, 0, 0 } },
	{ PV_IMMUNIZATIONS, "/provider/record/immunizations", "Immunizations",
	    { "Date", { "Status" }, 0, 0, 0 } },
	{ PV_VITALS, "/provider/record/vitals", "Vital signs", { "Taken",
	    { "Value", "Unit" }, 0, 0, 1u << 1 } },
};

/* How the viewer sees the patient, in words, by ground. */
static const char *const grounds[PROVIDER__MAX] = {
	[PROVIDER_PCP] = "as the patient's primary care provider on file",
	[PROVIDER_PRACTICE] = "because a provider of your practice is the "
	    "patient's primary care provider on file",
	[PROVIDER_SHARE] = "because the family shared the record with you",
	[PROVIDER_TOKEN] = "through an invitation token the family gave you",
};

#define NOT_SEEN "There is no such patient, or you cannot see this " \
	"patient's record now (access may have ended). To ask for access, " \
	"search for the patient on your patients page or call provider support."

static int
failed(struct ctx *c, enum app_rc rc)
{
	if (rc == APP_REFUSED || rc == APP_INVALID) {
		tvars_str(c->vars, "title", "Record not available");
		tvars_str(c->vars, "message", NOT_SEEN);
		c->page = "precord_refused";
		return 404;
	}
	return http_app_status(c, rc);
}

/* The patient's heading, how the viewer sees them, the sections. */
static void
patient_vars(struct ctx *c, const struct precord_out *o, const char *current)
{
	struct tvars	*it;
	size_t		 i;

	tvars_int(c->vars, "patient_id", o->pa.patient.id);
	tvars_strf(c->vars, "patient_name", "%s %s", o->pa.patient.given,
	    o->pa.patient.family);
	rec_page_born(c->vars, &o->pa.patient, c->call.now);
	tvars_bool(c->vars, "at_summary", strcmp(current, "/provider/record/") == 0);
	tvars_str(c->vars, "patient_mrn", o->pa.patient.mrn);
	tvars_str(c->vars, "ground", grounds[o->pa.ground] ?
	    grounds[o->pa.ground] : "");
	if (o->viewer.base.sponsored)
		tvars_strf(c->vars, "sponsor", "%s %s", o->viewer.eff.given,
		    o->viewer.eff.family);
	tvars_bool(c->vars, "sponsored", o->viewer.base.sponsored);
	tvars_bool(c->vars, "clinical", o->pa.scope != SCOPE_PATIENT);
	for (i = 0; i < N(views); i++) {
		it = tvars_item(c->vars, "sections");
		tvars_str(it, "path", views[i].path);
		tvars_str(it, "title", views[i].title);
		tvars_bool(it, "current", strcmp(current, views[i].path) == 0);
	}
}

/* Makes the call for view v with ?p=. */
static enum app_rc
view_call(struct ctx *c, enum pview v, struct precord_out *out)
{
	struct precord_in	 in;
	struct form		 f;

	form_query(c, query, N(query), &f);
	in.p.id = form_id(&f, "p");
	in.p.raw = http_query(c, "p");
	in.view = v;
	return app_precord_view(&c->call, &in, out);
}

static int
section_page(struct ctx *c, const struct view *vw)
{
	struct precord_out	*out;
	enum app_rc		 rc;

	out = arena_alloc(c->call.a, sizeof(*out));
	if ((rc = view_call(c, vw->v, out)) != APP_OK)
		return failed(c, rc);
	patient_vars(c, out, vw->path);
	tvars_str(c->vars, "title", vw->title);
	tvars_str(c->vars, "section_title", vw->title);
	rec_page_rows(c->vars, &vw->cols, out->rows[vw->v], out->n[vw->v], NULL);
	c->page = "precord";
	return 200;
}

#define VIEW_HANDLER(name, i) \
static int name(struct ctx *c) { return section_page(c, &views[i]); }
VIEW_HANDLER(admissions_get, 0)
VIEW_HANDLER(visits_get, 1)
VIEW_HANDLER(notes_get, 2)
VIEW_HANDLER(medications_get, 3)
VIEW_HANDLER(labs_get, 4)
VIEW_HANDLER(radiology_get, 5)
VIEW_HANDLER(allergies_get, 6)
VIEW_HANDLER(problems_get, 7)
VIEW_HANDLER(immunizations_get, 8)
VIEW_HANDLER(vitals_get, 9)

static int
summary_get(struct ctx *c)
{
	struct precord_out	*out;
	struct tvars		*it;
	enum app_rc		 rc;
	size_t			 i;

	out = arena_alloc(c->call.a, sizeof(*out));
	if ((rc = view_call(c, PV_SUMMARY, out)) != APP_OK)
		return failed(c, rc);
	patient_vars(c, out, "/provider/record/");
	tvars_str(c->vars, "title", "Patient record");
	for (i = 0; i < N(views); i++) {
		it = tvars_item(c->vars, "counts");
		tvars_str(it, "path", views[i].path);
		tvars_str(it, "title", views[i].title);
		tvars_strf(it, "count", "%zu", out->count[views[i].v]);
	}
	c->page = "precord_summary";
	return 200;
}

static int
print_get(struct ctx *c)
{
	struct precord_out	*out;
	struct tvars		*it;
	enum app_rc		 rc;
	size_t			 i;

	out = arena_alloc(c->call.a, sizeof(*out));
	if ((rc = view_call(c, PV_PRINT, out)) != APP_OK)
		return failed(c, rc);
	patient_vars(c, out, "/provider/record/print");
	tvars_str(c->vars, "title", "Patient record (printable)");
	for (i = 0; i < N(views); i++) {
		it = tvars_item(c->vars, "parts");
		tvars_str(it, "section_title", views[i].title);
		rec_page_rows(it, &views[i].cols, out->rows[views[i].v],
		    out->n[views[i].v], NULL);
	}
	c->page = "precord_print";
	return 200;
}

static const struct route routes[] = {
	{ M_GET, "/provider/record/", summary_get, R_PROVIDER | R_PHI },
	{ M_GET, "/provider/record/admissions", admissions_get, R_PROVIDER | R_PHI },
	{ M_GET, "/provider/record/visits", visits_get, R_PROVIDER | R_PHI },
	{ M_GET, "/provider/record/notes", notes_get, R_PROVIDER | R_PHI },
	{ M_GET, "/provider/record/medications", medications_get, R_PROVIDER | R_PHI },
	{ M_GET, "/provider/record/labs", labs_get, R_PROVIDER | R_PHI },
	{ M_GET, "/provider/record/radiology", radiology_get, R_PROVIDER | R_PHI },
	{ M_GET, "/provider/record/allergies", allergies_get, R_PROVIDER | R_PHI },
	{ M_GET, "/provider/record/problems", problems_get, R_PROVIDER | R_PHI },
	{ M_GET, "/provider/record/immunizations", immunizations_get, R_PROVIDER | R_PHI },
	{ M_GET, "/provider/record/vitals", vitals_get, R_PROVIDER | R_PHI },
	{ M_GET, "/provider/record/print", print_get, R_PROVIDER | R_PHI },
};

int
main(void)
{
	static const struct app app = { "precord", routes, N(routes) };

	return http_main(&app);
}
