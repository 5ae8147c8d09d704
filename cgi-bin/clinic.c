/*
 * clinic: clinic set-up for clinic admins (issue 13.2): the visit types
 * of the admin's clinics, the documents families sign, the open slots.
 * The same operations as `portalctl clinic` (lib/app/clinicset.h), which
 * check every value and who may; this file reads fields, renders pages.
 *
 *   GET  /staff/clinic/          the admin's clinics and their types
 *   GET  /staff/clinic/type      ?id= a type, its documents (full text);
 *                                ?clinic= the form of a new type
 *   POST /staff/clinic/type      save a type (id, or clinic for a new one)
 *   POST /staff/clinic/document  add a document (replaces: a new version)
 *   POST /staff/clinic/retire    retire a document
 *   GET  /staff/clinic/slots     ?clinic= upcoming slots, publish form
 *   POST /staff/clinic/slots     publish a slot or a series
 *   POST /staff/clinic/withdraw  withdraw an untaken slot
 */
#include <inttypes.h>
#include <string.h>

#include "clinic_page.h"
#include "clinicset.h"
#include "form.h"
#include "http.h"
#include "tmpl.h"

#define N(x) (sizeof(x) / sizeof((x)[0]))

static const struct field type_fields[] = {
	{ "id", "visit type", valid_id, 0 },
	{ "clinic", "clinic", valid_id, 0 },
	{ "name", "Name", clinic_page_text, 0 },
	{ "code", "Scheduling code", clinic_page_text, 0 },
	{ "minutes", "Length in minutes", clinic_page_text, 0 },
	{ "notice_hours", "Notice to cancel online, in hours", clinic_page_text, 0 },
	{ "copay", "Copay in dollars", clinic_page_text, 0 },
	{ "video", "Video visit", clinic_page_text, 0 },
	{ "self_schedule", "Families may self-schedule", clinic_page_text, 0 },
	{ "active", "Offered", clinic_page_text, 0 },
};
static const struct field doc_fields[] = {
	{ "type", "visit type", valid_id, F_REQ },
	{ "replaces", "document", valid_id, 0 },
	{ "doc_title", "Title", clinic_page_text, 0 },
	{ "body", "Text to sign", clinic_page_doc, 0 },
};
static const struct field id_fields[] = {
	{ "id", "item", valid_id, F_REQ },
	{ "clinic", "clinic", valid_id, 0 },
};
static const struct field slot_fields[] = {
	{ "clinic", "clinic", valid_id, F_REQ },
	{ "type", "Visit type", valid_id, F_REQ },
	{ "start", "First start", clinic_page_text, 0 },
	{ "count", "How many slots", clinic_page_text, 0 },
	{ "every", "Minutes between starts", clinic_page_text, 0 },
	{ "provider", "Provider", clinic_page_text, 0 },
	{ "location", "Place", clinic_page_text, 0 },
};

static const char no_role[] = "Clinic set-up is for clinic administrators "
    "(the admin role, in the clinics they belong to). Ask the portal's "
    "administrator if you need it.";

/* A refusal's page: 403 without the role, else one answer for another
 * clinic's id and a missing one. */
static int
refusal(struct ctx *c, enum app_rc rc, enum cs_why why, const char *what)
{
	if (rc != APP_REFUSED)
		return http_app_status(c, rc);
	switch (why) {
	case CS_ROLE:
		return http_fail(c, 403, no_role);
	case CS_TAKEN:
		return http_fail(c, 409, "This slot is taken: a family booked "
		    "it. Cancel the visit first; then the slot can be withdrawn.");
	case CS_DONE:
		return http_fail(c, 409, "This was done already; nothing was "
		    "changed.");
	default:
		return http_fail(c, 404, arena_printf(c->call.a, "There is no "
		    "such %s in your clinics.", what));
	}
}

static int
home_get(struct ctx *c)
{
	struct cs_clinic	*cl;
	struct cs_type		*t;
	struct tvars		*it;
	enum cs_why		 why;
	enum app_rc		 rc;
	size_t			 n, nt, i, j;

	if ((rc = app_cs_clinics(&c->call, &cl, &n, &why)) != APP_OK)
		return refusal(c, rc, why, "clinic");
	http_no_phi(c);
	tvars_str(c->vars, "title", "Clinic set-up");
	if (http_query(c, "saved") != NULL)
		tvars_str(c->vars, "notice", "Saved.");
	tvars_list(c->vars, "clinics");
	for (i = 0; i < n; i++) {
		if ((rc = app_cs_types(&c->call, cl[i].id, &t, &nt, &why)) !=
		    APP_OK)
			return refusal(c, rc, why, "clinic");
		it = tvars_item(c->vars, "clinics");
		tvars_int(it, "id", cl[i].id);
		tvars_str(it, "name", cl[i].name);
		tvars_str(it, "phone", cl[i].phone);
		tvars_str(it, "location", cl[i].location);
		tvars_list(it, "types");
		for (j = 0; j < nt; j++)
			clinic_page_type_row(it, c->call.a, &t[j]);
	}
	c->page = "clinic";
	return 200;
}

/* The type page: the form (values from t, or as typed in f) and, for a
 * type on file, its documents. */
static int
type_show(struct ctx *c, int64_t id, int64_t clinic, struct form *f,
    int status)
{
	struct cs_type	 t;
	struct cs_doc	*d = NULL;
	enum cs_why	 why;
	enum app_rc	 rc;
	size_t		 nd = 0;

	memset(&t, 0, sizeof(t));
	if (id != 0 && (rc = app_cs_type_get(&c->call, id, &t, &d, &nd, &why)) !=
	    APP_OK)
		return refusal(c, rc, why, "visit type");
	if (id == 0 && (rc = app_cs_types(&c->call, clinic, &(struct cs_type *){
	    NULL }, &nd, &why)) != APP_OK)
		return refusal(c, rc, why, "clinic");
	http_no_phi(c);
	tvars_str(c->vars, "title", id != 0 ? arena_printf(c->call.a, "Visit "
	    "type: %s", t.name) : "New visit type");
	tvars_int(c->vars, "id", id);
	tvars_int(c->vars, "type_id", id);
	tvars_int(c->vars, "clinic", id != 0 ? t.clinic_id : clinic);
	tvars_bool(c->vars, "existing", id != 0);
	if (f != NULL)
		form_echo(f, c->vars);
	else if (id != 0)
		clinic_page_type_form(c->vars, c->call.a, &t);
	else {
		tvars_str(c->vars, "minutes", "30");
		tvars_str(c->vars, "notice_hours", "24");
		tvars_str(c->vars, "copay", "0");
		tvars_bool(c->vars, "active", 1);
	}
	clinic_page_docs(c->vars, d, id != 0 ? nd : 0);
	c->page = "clinic_type";
	return status;
}

static int
type_get(struct ctx *c)
{
	if (http_query(c, "saved") != NULL)
		tvars_str(c->vars, "notice", "Saved.");
	return type_show(c, http_query_id(c, "id"), http_query_id(c, "clinic"),
	    NULL, 200);
}

static int
type_post(struct ctx *c)
{
	struct cs_type_in	 in;
	struct cs_err		 e;
	struct form		 f;
	enum cs_why		 why;
	enum app_rc		 rc;
	int64_t			 id;

	form_read(c, type_fields, N(type_fields), &f);
	clinic_page_type_in(&f, &in);
	if (f.nerr > 0)
		return type_show(c, in.id, in.clinic, &f, 400);
	rc = app_cs_type_save(&c->call, &in, &id, &e, &why);
	if (rc == APP_OK)
		return http_redirect(c, arena_printf(c->call.a, "/staff/clinic/"
		    "type?id=%" PRId64 "&saved=1", id));
	if (rc != APP_INVALID)
		return refusal(c, rc, why, "visit type");
	form_error(&f, e.field, e.msg);
	return type_show(c, in.id, in.clinic, &f, 400);
}

static int
doc_post(struct ctx *c)
{
	struct cs_doc_in	 in;
	struct cs_err		 e;
	struct form		 f;
	enum cs_why		 why;
	enum app_rc		 rc;
	int64_t			 id;

	form_read(c, doc_fields, N(doc_fields), &f);
	memset(&in, 0, sizeof(in));
	in.type = form_id(&f, "type");
	in.replaces = form_id(&f, "replaces");
	in.title = form_val(&f, "doc_title");
	in.body = form_val(&f, "body");
	rc = f.nerr > 0 ? APP_INVALID : app_cs_doc_add(&c->call, &in, &id, &e,
	    &why);
	if (rc == APP_OK)
		return http_redirect(c, arena_printf(c->call.a, "/staff/clinic/"
		    "type?id=%" PRId64 "&saved=1", in.type));
	if (rc != APP_INVALID)
		return refusal(c, rc, why, "visit type or document");
	if (f.nerr == 0)
		form_error(&f, strcmp(e.field, "title") == 0 ? "doc_title" :
		    e.field, e.msg);
	tvars_bool(c->vars, "doc_typed", 1);
	tvars_int(c->vars, "doc_replaces", in.replaces);
	return type_show(c, in.type, 0, &f, 400);
}

static int
retire_post(struct ctx *c)
{
	struct cs_doc	 d;
	struct form	 f;
	enum cs_why	 why;
	enum app_rc	 rc;

	if (form_read(c, id_fields, N(id_fields), &f) > 0)
		return http_fail(c, 400, "The form did not name a document; "
		    "nothing was changed.");
	if ((rc = app_cs_doc_get(&c->call, form_id(&f, "id"), &d, &why)) !=
	    APP_OK || (rc = app_cs_doc_retire(&c->call, d.id, &why)) != APP_OK)
		return refusal(c, rc, why, "document");
	return http_redirect(c, arena_printf(c->call.a, "/staff/clinic/type?id="
	    "%" PRId64 "&saved=1", d.type_id));
}

static int
slots_show(struct ctx *c, int64_t clinic, struct form *f, int status)
{
	struct cs_slot	*s;
	struct cs_type	*t;
	enum cs_why	 why;
	enum app_rc	 rc;
	int64_t		 chosen = f != NULL ? form_id(f, "type") : 0;
	size_t		 n, nt;

	if ((rc = app_cs_types(&c->call, clinic, &t, &nt, &why)) != APP_OK ||
	    (rc = app_cs_slots(&c->call, clinic, &s, &n, &why)) != APP_OK)
		return refusal(c, rc, why, "clinic");
	http_no_phi(c);		/* taken or open: no patient named */
	tvars_str(c->vars, "title", "Open slots");
	tvars_int(c->vars, "clinic", clinic);
	if (f != NULL)
		form_echo(f, c->vars);
	else
		tvars_str(c->vars, "count", "1");
	clinic_page_slots(c->vars, s, n, t, nt, chosen);
	c->page = "clinic_slots";
	return status;
}

static int
slots_get(struct ctx *c)
{
	if (http_query(c, "published") != NULL)
		tvars_str(c->vars, "notice", "Published.");
	else if (http_query(c, "withdrawn") != NULL)
		tvars_str(c->vars, "notice", "The slot was withdrawn.");
	return slots_show(c, http_query_id(c, "clinic"), NULL, 200);
}

static int
slots_post(struct ctx *c)
{
	struct cs_slots_in	 in;
	struct cs_err		 e;
	struct form		 f;
	enum cs_why		 why;
	enum app_rc		 rc;
	size_t			 n;

	form_read(c, slot_fields, N(slot_fields), &f);
	memset(&in, 0, sizeof(in));
	in.type = form_id(&f, "type");
	in.start = form_val(&f, "start");
	in.count = form_val(&f, "count");
	in.every = form_val(&f, "every");
	in.provider = form_val(&f, "provider");
	in.location = form_val(&f, "location");
	if (f.nerr > 0)
		return slots_show(c, form_id(&f, "clinic"), &f, 400);
	rc = app_cs_slots_add(&c->call, &in, &n, &e, &why);
	if (rc == APP_OK)
		return http_redirect(c, arena_printf(c->call.a, "/staff/clinic/"
		    "slots?clinic=%" PRId64 "&published=%zu", form_id(&f,
		    "clinic"), n));
	if (rc != APP_INVALID)
		return refusal(c, rc, why, "visit type");
	form_error(&f, e.field, e.msg);
	return slots_show(c, form_id(&f, "clinic"), &f, 400);
}

static int
withdraw_post(struct ctx *c)
{
	struct form	 f;
	enum cs_why	 why;
	enum app_rc	 rc;

	if (form_read(c, id_fields, N(id_fields), &f) > 0)
		return http_fail(c, 400, "The form did not name a slot; nothing "
		    "was changed.");
	if ((rc = app_cs_slot_withdraw(&c->call, form_id(&f, "id"), &why)) !=
	    APP_OK)
		return refusal(c, rc, why, "slot");
	return http_redirect(c, arena_printf(c->call.a, "/staff/clinic/slots?"
	    "clinic=%" PRId64 "&withdrawn=1", form_id(&f, "clinic")));
}

static const struct route routes[] = {
	{ M_GET, "/staff/clinic/", home_get, R_STAFF },
	{ M_GET, "/staff/clinic/type", type_get, R_STAFF },
	{ M_POST, "/staff/clinic/type", type_post, R_STAFF },
	{ M_POST, "/staff/clinic/document", doc_post, R_STAFF },
	{ M_POST, "/staff/clinic/retire", retire_post, R_STAFF },
	{ M_GET, "/staff/clinic/slots", slots_get, R_STAFF },
	{ M_POST, "/staff/clinic/slots", slots_post, R_STAFF },
	{ M_POST, "/staff/clinic/withdraw", withdraw_post, R_STAFF },
};

int
main(void)
{
	static const struct app app = { "clinic", routes, N(routes) };

	return http_main(&app);
}
