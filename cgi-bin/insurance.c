/*
 * insurance: the insurance summary (F-PROFILE 2, issue 14.2;
 * lib/app/insurance.h): for each patient the account sees, the coverages
 * on file and the changes reported with their status; "Report a change"
 * submits one for billing's review (cgi-bin/insreview), never applied.
 *
 *   GET  /account/insurance/          every patient (?p=ID: one, with the
 *                                     form; ?sent=1: notice)
 *   POST /account/insurance/report    p, coverage, payer, plan, member_id,
 *                                     group_no, subscriber, relationship,
 *                                     front, back (multipart)
 */
#include <inttypes.h>
#include <string.h>

#include "form.h"
#include "http.h"
#include "ins_form.h"
#include "insurance.h"
#include "tmpl.h"
#include "valid.h"

#define N(x) (sizeof(x) / sizeof((x)[0]))

static const struct field query[] = {
	{ "p", "patient", valid_id, 0 },
};
static const struct field report_fields[] = {
	{ "p", "patient", valid_id, F_REQ },
	INS_FIELDS,
};

#define NOT_SEEN "There is no such patient, or it is not one you can see."

static const char *
rank_name(long rank)
{
	return rank == 1 ? "Primary" : rank == 2 ? "Secondary" :
	    rank == 3 ? "Tertiary" : "Other";
}

static const char *
source_name(const char *s)
{
	return strcmp(s, "billing") == 0 ? "our billing system" :
	    strcmp(s, "family") == 0 ? "a change you reported, approved" :
	    "your health record";
}

static void
patient_vars(struct tvars *pv, const struct insurance_patient *p,
    int64_t chosen)
{
	struct tvars	*it;
	size_t		 i;

	tvars_int(pv, "pid", p->id);
	tvars_str(pv, "name", p->name);
	tvars_bool(pv, "may_change", p->right == INS_CHANGE);
	for (i = 0; i < p->ncov; i++) {
		it = tvars_item(pv, "coverages");
		tvars_int(it, "id", p->cov[i].id);
		tvars_str(it, "rank", rank_name(p->cov[i].rank));
		tvars_str(it, "payer", p->cov[i].payer);
		tvars_str(it, "plan", p->cov[i].plan);
		tvars_str(it, "member_id", p->cov[i].member_id);
		tvars_str(it, "group_no", p->cov[i].group_no);
		tvars_str(it, "subscriber", p->cov[i].subscriber);
		tvars_str(it, "relationship", *p->cov[i].relationship ?
		    ins_rel_words(p->cov[i].relationship) : "");
		tvars_str(it, "source", source_name(p->cov[i].source));
		tvars_datetime(it, "updated", p->cov[i].updated);
		tvars_bool(it, "chosen", chosen == p->cov[i].id);
	}
	tvars_bool(pv, "has_coverages", p->ncov > 0);
	for (i = 0; i < p->nchg; i++) {
		it = tvars_item(pv, "changes");
		tvars_str(it, "payer", p->chg[i].payer);
		tvars_str(it, "member_id", p->chg[i].member_id);
		tvars_datetime(it, "sent", p->chg[i].created);
		tvars_str(it, "status", p->chg[i].status);
		tvars_bool(it, p->chg[i].status, 1);
		tvars_str(it, "reason", p->chg[i].reason);
	}
	tvars_bool(pv, "has_changes", p->nchg > 0);
}

/* The page: every patient, or one (p) with the form; f what was typed. */
static int
show(struct ctx *c, int64_t p, struct form *f, int status)
{
	struct insurance_view_in	 in = { p };
	struct insurance_view_out	 out;
	enum app_rc			 rc;
	size_t				 i;

	if ((rc = app_insurance_view(&c->call, &in, &out)) != APP_OK)
		return rc == APP_REFUSED ? http_fail(c, 404, NOT_SEEN) :
		    http_app_status(c, rc);
	tvars_str(c->vars, "title", "Insurance summary");
	for (i = 0; i < out.n; i++)
		patient_vars(tvars_item(c->vars, "patients"), &out.p[i], 0);
	tvars_bool(c->vars, "has_patients", out.n > 0);
	if (out.n == 0)
		http_no_phi(c);
	if (p != 0) {
		/* The form: the patient's coverages for "What changed", at
		 * the top level where the shared fields look. */
		tvars_bool(c->vars, "one", 1);
		tvars_int(c->vars, "p", p);
		tvars_bool(c->vars, "may_change", out.p[0].right == INS_CHANGE);
		patient_vars(c->vars, &out.p[0], f != NULL ?
		    form_id(f, "coverage") : 0);
		if (f != NULL) {
			form_echo(f, c->vars);
			ins_echo(f, c->vars);
		}
	}
	if (f == NULL && http_query(c, "sent") != NULL)
		tvars_str(c->vars, "notice", "Change submitted for review. Our "
		    "billing team checks it before it is used, and we e-mail "
		    "you when it is decided.");
	c->page = "insurance";
	return status;
}

static int
page_get(struct ctx *c)
{
	struct form	 f;

	if (form_query(c, query, N(query), &f) > 0)
		return http_fail(c, 404, NOT_SEEN);
	return show(c, form_id(&f, "p"), NULL, 200);
}

static int
report_post(struct ctx *c)
{
	struct insurance_report_in	 in;
	struct insurance_report_out	 out;
	struct form			 f;
	enum app_rc			 rc;

	memset(&in, 0, sizeof(in));
	form_read(c, report_fields, N(report_fields), &f);
	if ((in.patient = form_id(&f, "p")) == 0)
		return http_fail(c, 404, NOT_SEEN);
	if (f.nerr > 0)
		return show(c, in.patient, &f, 422);
	ins_from_form(c, &f, &in.ins);
	switch ((rc = app_insurance_report(&c->call, &in, &out))) {
	case APP_OK:
		return http_redirect(c, arena_printf(c->call.a,
		    "/account/insurance/?p=%" PRId64 "&sent=1", in.patient));
	case APP_INVALID:
		form_error(&f, out.field, out.msg);
		if (!form_has_error(&f, out.field))	/* not a field of its own */
			return http_fail(c, 403, out.msg);
		return show(c, in.patient, &f, 422);
	case APP_REFUSED:
		return http_fail(c, 404, NOT_SEEN);
	default:
		http_form_failed(c, rc);
		return show(c, in.patient, &f, http_app_status(c, rc));
	}
}

static const struct route routes[] = {
	{ M_GET, "/account/insurance/", page_get, R_FAMILY | R_PHI },
	{ M_POST, "/account/insurance/report", report_post,
	    R_FAMILY | R_PHI | R_UPLOAD },
};

int
main(void)
{
	static const struct app app = { "insurance", routes, N(routes) };

	return http_main(&app);
}
