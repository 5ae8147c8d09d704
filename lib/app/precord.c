/*
 * The provider's record view (precord.h). paccess gives the ground and
 * the scope; store_record the rows; policy_provider_item_visible the
 * verdict on each. This file gathers, asks, audits and hands back, in
 * the way of the family's record.c.
 */
#include <inttypes.h>
#include <string.h>

#include "arena.h"
#include "audit.h"
#include "call.h"
#include "db.h"
#include "portal.h"
#include "precord.h"

/* Each view: its slug, the section it reads, the item kind. */
static const struct {
	const char		*name;
	enum rec_section	 s;	/* REC__MAX: none of its own */
	enum item_kind		 kind;
} views[PV__MAX] = {
	[PV_SUMMARY] = { "summary", REC__MAX, ITEM__MAX },
	[PV_ADMISSIONS] = { "admissions", REC_VISITS, ITEM_VISIT },
	[PV_VISITS] = { "visits", REC_VISITS, ITEM_VISIT },
	[PV_NOTES] = { "notes", REC_NOTES, ITEM_NOTE },
	[PV_LABS] = { "labs", REC_LABS, ITEM_LAB },
	[PV_RADIOLOGY] = { "radiology", REC_RADIOLOGY, ITEM_RADIOLOGY },
	[PV_MEDICATIONS] = { "medications", REC_MEDICATIONS, ITEM_MEDICATION },
	[PV_ALLERGIES] = { "allergies", REC_ALLERGIES, ITEM_ALLERGY },
	[PV_PROBLEMS] = { "problems", REC_PROBLEMS, ITEM_PROBLEM },
	[PV_IMMUNIZATIONS] = { "immunizations", REC_IMMUNIZATIONS,
	    ITEM_IMMUNIZATION },
	[PV_VITALS] = { "vitals", REC_VITALS, ITEM_VITAL },
	[PV_PRINT] = { "print", REC__MAX, ITEM__MAX },
};

const char *
precord_view_name(enum pview v)
{
	return (unsigned)v < PV__MAX ? views[v].name : "";
}

enum rec_section
precord_view_section(enum pview v)
{
	return (unsigned)v < PV__MAX ? views[v].s : REC__MAX;
}

/* 1 if an encounter is a hospital stay or an emergency visit (the
 * admissions page), 0 if an outpatient visit. */
static int
admission(const struct rec_row *r)
{
	return r->encounter_kind != NULL &&
	    (strcmp(r->encounter_kind, "inpatient") == 0 ||
	    strcmp(r->encounter_kind, "emergency") == 0);
}

/* The view a row of section s belongs to. */
static enum pview
view_of(enum rec_section s, const struct rec_row *r)
{
	size_t	 i;

	if (s == REC_VISITS)
		return admission(r) ? PV_ADMISSIONS : PV_VISITS;
	for (i = PV_NOTES; i < PV_PRINT; i++)
		if (views[i].s == s)
			return (enum pview)i;
	return PV__MAX;
}

/* Asks the provider release about one row. */
static int
row_visible(const struct call *c, enum share_scope scope, enum rec_section s,
    const struct rec_row *r)
{
	struct policy_item	 it;
	enum pview		 v;

	if ((v = view_of(s, r)) == PV__MAX)
		return 0;
	record_item(views[v].kind, r, &it);
	return policy_provider_item_visible(c->p->rules, scope, &it, c->now);
}

/* The rows of section s released, into the views they belong to. */
static int
rows_released(const struct call *c, struct precord_out *out,
    enum rec_section s, enum pview only)
{
	struct rec_row	*all, *r;
	size_t		 nall, i, cap[PV__MAX] = { 0 };
	enum pview	 v;

	if (store_record_rows(c->p->db, c->a, out->pa.patient.id, s, &all,
	    &nall) == -1)
		return -1;
	for (i = 0; i < nall; i++) {
		v = view_of(s, &all[i]);
		if ((only != PV__MAX && v != only) ||
		    !row_visible(c, out->pa.scope, s, &all[i]))
			continue;
		r = arena_push(c->a, (void **)&out->rows[v], &out->n[v], &cap[v],
		    sizeof(*r));
		*r = all[i];
	}
	return 0;
}

/* The summary's count of what is released, view by view. */
struct tally {
	const struct call	*c;
	struct precord_out	*out;
};

static void
tally_row(void *arg, enum rec_section s, const struct rec_row *r)
{
	struct tally	*t = arg;

	if (row_visible(t->c, t->out->pa.scope, s, r))
		t->out->count[view_of(s, r)]++;
}

/* "what: asked p=12", "what: asked p=malformed (3 bytes)", "what: no p". */
static const char *
asked(const struct call *c, const char *what, const struct record_ask *q)
{
	if (q->raw == NULL)
		return arena_printf(c->a, "%s: no p", what);
	if (q->id > 0)
		return arena_printf(c->a, "%s: asked p=%" PRId64, what, q->id);
	return arena_printf(c->a, "%s: asked p=malformed (%zu bytes)", what,
	    strlen(q->raw));
}

/* Reads what the view shows, within the read that decided access. */
static int
gather(const struct call *c, const struct precord_in *in,
    struct precord_out *out)
{
	struct tally	 t;
	size_t		 i;

	switch (in->view) {
	case PV_SUMMARY:
		t.c = c;
		t.out = out;
		return store_record_scan(c->p->db, out->pa.patient.id, tally_row,
		    &t);
	case PV_PRINT:
		for (i = 0; i < REC__MAX; i++)
			if (rows_released(c, out, (enum rec_section)i,
			    PV__MAX) == -1)
				return -1;
		return 0;
	default:
		return rows_released(c, out, views[in->view].s, in->view);
	}
}

enum app_rc
app_precord_view(const struct call *c, const struct precord_in *in,
    struct precord_out *out)
{
	const char	*why = NULL;
	int		 rd, rc;

	memset(out, 0, sizeof(*out));
	if ((unsigned)in->view >= PV__MAX)
		return APP_INVALID;
	if ((rd = db_read(c->p->db)) == -1)
		return APP_ERROR;
	/* Asked at every page: a grant revoked, a PCP changed or a sponsor
	 * revoked since the last one ends the view here. */
	if ((rc = paccess_viewer(c, &out->viewer)) == 1) {
		if (in->p.raw == NULL)
			why = "no patient asked";
		else if (in->p.id <= 0)
			why = "malformed patient id";
		else if ((rc = paccess_patient(c, &out->viewer, in->p.id,
		    &out->pa)) == 0)
			why = out->pa.patient.id == 0 ? "no such patient" :
			    "not authorized";
	} else if (rc == 0)
		why = "not a provider on file";
	if (rc != -1 && why == NULL && gather(c, in, out) == -1)
		rc = -1;
	db_read_end(c->p->db, rd);
	if (rc == -1)
		return APP_ERROR;
	if (why != NULL) {
		memset(&out->pa, 0, sizeof(out->pa));
		out->why = PRECORD_NOT_SEEN;
		if (audit_call(c, "precord.refused", in->p.id > 0 ? in->p.id : 0,
		    asked(c, why, &in->p)) == -1)
			return APP_ERROR;
		return APP_REFUSED;
	}
	/* The view is on record before anything is shown (S-1). */
	if (audit_call(c, arena_printf(c->a, "precord.view.%s",
	    views[in->view].name), out->pa.patient.id,
	    paccess_detail(c, &out->pa)) == -1)
		return APP_ERROR;
	return APP_OK;
}
