/*
 * checkin: pre-check-in of an upcoming visit (issue 13.7; lib/app/checkin.h).
 * GET /visits/checkin/?v=ID (?done=STEP); POST .../contact (do=confirm|
 * edit), .../insurance (do=confirm|change, multipart), .../sign (d, shown,
 * signer, agree); GET .../signed?v=&d= (printable).
 */
#include <inttypes.h>
#include <string.h>

#include "checkin.h"
#include "contact_form.h"
#include "form.h"
#include "http.h"
#include "ins_form.h"
#include "tmpl.h"
#include "valid.h"

#define N(x) (sizeof(x) / sizeof((x)[0]))

static const struct field query[] = {
	{ "v", "visit", valid_id, F_REQ },
	{ "d", "document", valid_id, 0 },
};
static const struct field contact_fields[] = {
	{ "v", "visit", valid_id, F_REQ },
	CONTACT_FIELDS,
};
static const struct field ins_fields[] = {
	{ "v", "visit", valid_id, F_REQ },
	INS_FIELDS,
};
static const struct field sign_fields[] = {
	{ "v", "visit", valid_id, F_REQ },
	{ "d", "document", valid_id, F_REQ },
	{ "shown", "document", valid_line, 0 },
	{ "signer", "Your full name", valid_name, 0 },
	{ "agree", "Statement", valid_line, 0 },
};

#define NOT_SEEN "There is no such visit, or it is not one you can see."

/* NOT_SEEN: the same answer as a missing visit; else the rule's words. */
static int
refused(struct ctx *c, enum visit_verdict v)
{
	return v == VISIT_NOT_UPCOMING ? http_fail(c, 409, "This visit is not "
	    "upcoming (it was cancelled, or it has begun): there is nothing "
	    "to check in.") : v == VISIT_TOO_FAR ? http_fail(c, 409,
	    "Pre-check-in opens 30 days before the visit. Come back then.") :
	    http_fail(c, 404, NOT_SEEN);
}

static void
steps(struct ctx *c, const struct checkin_out *o)
{
	static const struct {
		enum checkin_step	 s;
		const char		*label;
	} st[] = {
		{ STEP_CONTACT, "Contact information" },
		{ STEP_INSURANCE, "Insurance" },
		{ STEP_COPAY, "Copay" },
		{ STEP_DOCUMENTS, "Documents to sign" },
	};
	struct tvars	*it;
	size_t		 i;

	for (i = 0; i < N(st); i++) {
		if (!(o->s.needed & st[i].s))
			continue;
		it = tvars_item(c->vars, "steps");
		tvars_str(it, "label", st[i].label);
		tvars_str(it, "anchor", visit_step_name(st[i].s));
		tvars_bool(it, "done", (o->s.done & st[i].s) != 0);
		tvars_bool(c->vars, arena_printf(c->call.a, "need_%s",
		    visit_step_name(st[i].s)), 1);
		if (o->s.done & st[i].s)
			tvars_bool(c->vars, arena_printf(c->call.a, "done_%s",
			    visit_step_name(st[i].s)), 1);
	}
	tvars_bool(c->vars, "all_done", (o->s.done & o->s.needed) == o->s.needed);
}

/* The page; f is the form of the step that failed (NULL: none), echoed. */
static int
show(struct ctx *c, int64_t v, struct form *f, const char *step,
    int64_t doc, int status)
{
	struct checkin_out	 o;
	struct tvars		*it;
	enum app_rc		 rc;
	size_t			 i, j;

	if ((rc = app_checkin_view(&c->call, v, &o)) != APP_OK)
		return rc == APP_REFUSED ? refused(c, o.verdict) :
		    http_app_status(c, rc);
	tvars_str(c->vars, "title", "Pre-check-in");
	tvars_int(c->vars, "v", v);
	tvars_datetime(c->vars, "when", o.s.v.start);
	tvars_str(c->vars, "clinic", o.s.v.clinic);
	tvars_str(c->vars, "type", o.s.v.type_name);
	tvars_str(c->vars, "provider", o.s.v.provider);
	tvars_strf(c->vars, "patient", "%s %s", o.s.rv.patient.given,
	    o.s.rv.patient.family);
	steps(c, &o);
	if (f != NULL && strcmp(step, "contact") == 0) {
		form_echo(f, c->vars);
		contact_pref_echo(f, c->vars);
		tvars_bool(c->vars, "edit_contact", 1);
		tvars_str(c->vars, "email", o.c.email);
	} else
		contact_to_vars(&o.c, c->vars);
	tvars_str(c->vars, "c_address", *o.c.address1 ? arena_printf(c->call.a,
	    "%s%s%s, %s, %s %s", o.c.address1, *o.c.address2 ? ", " : "",
	    o.c.address2, o.c.city, o.c.state, o.c.postal) : "None on file");
	if (f != NULL && strcmp(step, "insurance") == 0) {
		form_echo(f, c->vars);
		ins_echo(f, c->vars);
		tvars_bool(c->vars, "edit_insurance", 1);
	}
	for (i = 0; i < o.ncov; i++) {
		it = tvars_item(c->vars, "coverages");
		tvars_int(it, "id", o.cov[i].id);
		tvars_str(it, "payer", o.cov[i].payer);
		tvars_str(it, "plan", o.cov[i].plan);
		tvars_str(it, "member_id", o.cov[i].member_id);
		tvars_str(it, "group_no", o.cov[i].group_no);
		tvars_str(it, "subscriber", o.cov[i].subscriber);
		tvars_str(it, "relationship", o.cov[i].relationship);
		tvars_bool(it, "primary", o.cov[i].rank == 1);
	}
	tvars_bool(c->vars, "has_coverages", o.ncov > 0);
	tvars_bool(c->vars, "ins_may_report", o.ins_may_report);
	for (i = 0; i < o.nchg; i++) {
		it = tvars_item(c->vars, "changes");
		tvars_str(it, "payer", o.chg[i].payer);
		tvars_str(it, "member_id", o.chg[i].member_id);
		tvars_datetime(it, "sent", o.chg[i].created);
		tvars_str(it, "status", o.chg[i].status);
		tvars_bool(it, o.chg[i].status, 1);
		tvars_str(it, "reason", o.chg[i].reason);
	}
	tvars_bool(c->vars, "has_changes", o.nchg > 0);
	tvars_strf(c->vars, "copay", "$%ld.%02ld", o.s.v.copay_cents / 100,
	    o.s.v.copay_cents % 100);
	tvars_bool(c->vars, "copay_at_visit", o.s.v.copay_cents > 0 &&
	    !(o.s.needed & STEP_COPAY));
	if (o.copay_status != NULL)
		tvars_bool(c->vars, arena_printf(c->call.a, "copay_%s",
		    o.copay_status), 1);
	for (i = 0; i < o.ndocs; i++) {
		it = tvars_item(c->vars, "docs");
		tvars_int(it, "id", o.docs[i].id);
		tvars_str(it, "doc_title", o.docs[i].title);
		tvars_str(it, "body", o.docs[i].body);
		tvars_str(it, "shown", checkin_text_hash(c->call.a,
		    o.docs[i].body));
		for (j = 0; j < o.nsigs && o.sigs[j].document != o.docs[i].id; j++)
			;
		tvars_bool(it, "signed", j < o.nsigs);
		if (j < o.nsigs) {
			tvars_str(it, "signer", o.sigs[j].signer);
			tvars_datetime(it, "signed_at", o.sigs[j].signed_at);
		}
		if (f != NULL && strcmp(step, "sign") == 0 && doc == o.docs[i].id) {
			tvars_str(it, "signer_typed", form_typed(f, "signer") ?
			    form_typed(f, "signer") : "");
			for (j = 0; j < f->n; j++)
				if (f->err[j] != NULL)
					tvars_str(it, "sign_error", f->err[j]);
			form_echo(f, c->vars);
		}
	}
	if ((step = http_query(c, "done")) != NULL && f == NULL)
		tvars_str(c->vars, "notice", strcmp(step, "insurance") == 0 ?
		    "Insurance: change submitted for review." :
		    strcmp(step, "sign") == 0 ? "The document was signed." :
		    "Saved: this step is done.");
	c->page = "checkin";
	return status;
}

static int
page_get(struct ctx *c)
{
	struct form	 f;

	return form_query(c, query, N(query), &f) > 0 ? http_fail(c, 404,
	    NOT_SEEN) : show(c, form_id(&f, "v"), NULL, "", 0, 200);
}

/* After a step: the page again, or the failure. */
static int
after(struct ctx *c, enum app_rc rc, const struct checkin_step_out *out,
    struct form *f, int64_t v, const char *step, int64_t doc)
{
	switch (rc) {
	case APP_OK:
		return http_redirect(c, arena_printf(c->call.a,
		    "/visits/checkin/?v=%" PRId64 "&done=%s#%s", v, step,
		    strcmp(step, "sign") == 0 ? "documents" : step));
	case APP_INVALID:
		form_error(f, out->field, out->msg);
		if (!form_has_error(f, out->field))	/* not a field of its own */
			return http_fail(c, 422, out->msg);
		return show(c, v, f, step, doc, 422);
	case APP_REFUSED:
		return refused(c, out->verdict);
	default:
		http_form_failed(c, rc);
		return show(c, v, f, step, doc, http_app_status(c, rc));
	}
}

static int
contact_post(struct ctx *c)
{
	struct checkin_step_in	 in = { 0 };
	struct checkin_step_out	 out = { 0 };
	struct form		 f;
	const char		*what = http_form(c, "do");

	form_read(c, contact_fields, N(contact_fields), &f);
	if ((in.visit = form_id(&f, "v")) == 0)
		return http_fail(c, 404, NOT_SEEN);
	in.step = STEP_CONTACT;
	in.what = what != NULL && strcmp(what, "edit") == 0 ? CHECKIN_EDIT :
	    CHECKIN_CONFIRM;
	if (in.what == CHECKIN_EDIT && f.nerr > 0)
		return show(c, in.visit, &f, "contact", 0, 422);
	contact_from_form(&f, &in.c);
	return after(c, app_checkin_step(&c->call, &in, &out), &out, &f,
	    in.visit, "contact", 0);
}

static int
insurance_post(struct ctx *c)
{
	struct checkin_step_in	 in = { 0 };
	struct checkin_step_out	 out = { 0 };
	struct form		 f;
	const char		*what = http_form(c, "do");

	form_read(c, ins_fields, N(ins_fields), &f);
	if ((in.visit = form_id(&f, "v")) == 0)
		return http_fail(c, 404, NOT_SEEN);
	in.step = STEP_INSURANCE;
	in.what = what != NULL && strcmp(what, "change") == 0 ? CHECKIN_EDIT :
	    CHECKIN_CONFIRM;
	if (in.what == CHECKIN_EDIT && f.nerr > 0)
		return show(c, in.visit, &f, "insurance", 0, 422);
	ins_from_form(c, &f, &in.ins);
	return after(c, app_checkin_step(&c->call, &in, &out), &out, &f,
	    in.visit, "insurance", 0);
}

static int
sign_post(struct ctx *c)
{
	struct checkin_step_in	 in = { 0 };
	struct checkin_step_out	 out = { 0 };
	struct form		 f;

	form_read(c, sign_fields, N(sign_fields), &f);
	if ((in.visit = form_id(&f, "v")) == 0)
		return http_fail(c, 404, NOT_SEEN);
	in.step = STEP_DOCUMENTS;
	in.what = CHECKIN_SIGN;
	in.document = form_id(&f, "d");
	in.shown = form_val(&f, "shown");
	in.signer = form_val(&f, "signer");
	in.agree = http_form(c, "agree") != NULL;
	if (f.nerr > 0)
		return show(c, in.visit, &f, "sign", in.document, 422);
	return after(c, app_checkin_step(&c->call, &in, &out), &out, &f,
	    in.visit, "sign", in.document);
}

static int
signed_get(struct ctx *c)
{
	struct signature	 s;
	struct form		 f;
	enum visit_verdict	 verdict;
	enum app_rc		 rc;

	if (form_query(c, query, N(query), &f) > 0 || form_id(&f, "d") == 0)
		return http_fail(c, 404, NOT_SEEN);
	if ((rc = app_checkin_signed(&c->call, form_id(&f, "v"),
	    form_id(&f, "d"), &s, &verdict)) != APP_OK)
		return rc == APP_REFUSED ? http_fail(c, 404, NOT_SEEN) :
		    http_app_status(c, rc);
	tvars_str(c->vars, "title", s.title);
	tvars_str(c->vars, "body", s.body);
	tvars_str(c->vars, "signer", s.signer);
	tvars_datetime(c->vars, "signed_at", s.signed_at);
	tvars_str(c->vars, "sha256", s.sha256);
	tvars_int(c->vars, "v", form_id(&f, "v"));
	c->page = "checkin_signed";
	return 200;
}

static const struct route routes[] = {
	{ M_GET, "/visits/checkin/", page_get, R_FAMILY | R_PHI },
	{ M_POST, "/visits/checkin/contact", contact_post, R_FAMILY | R_PHI },
	{ M_POST, "/visits/checkin/insurance", insurance_post,
	    R_FAMILY | R_PHI | R_UPLOAD },
	{ M_POST, "/visits/checkin/sign", sign_post, R_FAMILY | R_PHI },
	{ M_GET, "/visits/checkin/signed", signed_get, R_FAMILY | R_PHI },
};

int
main(void)
{
	static const struct app app = { "checkin", routes, N(routes) };

	return http_main(&app);
}
