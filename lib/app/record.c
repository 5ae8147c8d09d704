/*
 * The glue between the record pages and the policy: reads the
 * relationship data and the items, asks policy_access and
 * policy_item_visible, and hands back only what is released.
 */
#include <string.h>

#include "arena.h"
#include "call.h"
#include "enrol.h"
#include "http.h"
#include "policy_record.h"
#include "record.h"
#include "store_accounts.h"

/* Section of the record to the policy's item kind. */
static const enum item_kind kinds[REC__MAX] = {
	[REC_VISITS] = ITEM_VISIT,
	[REC_NOTES] = ITEM_NOTE,
	[REC_LABS] = ITEM_LAB,
	[REC_RADIOLOGY] = ITEM_RADIOLOGY,
	[REC_MEDICATIONS] = ITEM_MEDICATION,
	[REC_ALLERGIES] = ITEM_ALLERGY,
	[REC_PROBLEMS] = ITEM_PROBLEM,
	[REC_IMMUNIZATIONS] = ITEM_IMMUNIZATION,
	[REC_VITALS] = ITEM_VITAL,
};

/* The access level of the signed-in account to patient today. */
static enum access_level
access_of(const struct call *c, const struct patient *p, const char **refusal)
{
	struct holding_rel	 h;
	struct access_in	 in;
	enum access_why		 why = ACCESS_WHY_OK;
	enum access_level	 level;

	*refusal = "not held by this account";
	if (c->who.kind != ACTOR_FAMILY ||
	    store_holding_get(c->p->db, c->a, c->who.id, p->id, &h) != 1)
		return ACCESS_NONE;
	memset(&in, 0, sizeof(in));
	in.role = h.role;
	in.status = h.status;
	in.dob = p->dob;
	in.foster = p->foster;
	in.guardianship = p->guardianship;
	in.on_file = h.on_file;
	enrol_today(c->now, &in.y, &in.m, &in.d);
	level = policy_access(&in, &why);
	*refusal = level == ACCESS_NONE ? policy_access_message(why) : NULL;
	return level;
}

int
record_open(struct ctx *c, int64_t patient, struct record_view *v)
{
	return record_open_call(&c->call, patient, v);
}

int
record_open_call(const struct call *c, int64_t patient, struct record_view *v)
{
	int	 rc;

	memset(v, 0, sizeof(*v));
	v->refusal = "no such patient";
	if ((rc = store_patient_by_id(c->p->db, c->a, patient, &v->patient)) != 1)
		return rc;
	v->level = access_of(c, &v->patient, &v->refusal);
	return v->level == ACCESS_NONE ? 0 : 1;
}

int
record_patients(struct ctx *c, struct record_choice **out, size_t *n)
{
	return record_patients_call(&c->call, out, n);
}

int
record_patients_call(const struct call *c, struct record_choice **out, size_t *n)
{
	struct holding		*h;
	struct patient		 p;
	struct record_choice	*ch;
	const char		*why;
	size_t			 nh, i, cap = 0;

	*out = NULL;
	*n = 0;
	if (c->who.kind != ACTOR_FAMILY)
		return 0;
	if (store_holdings(c->p->db, c->a, c->who.id, &h, &nh) == -1)
		return -1;
	for (i = 0; i < nh; i++) {
		if (store_patient_by_id(c->p->db, c->a, h[i].patient_id, &p) != 1 ||
		    access_of(c, &p, &why) == ACCESS_NONE)
			continue;
		ch = arena_push(c->a, (void **)out, n, &cap, sizeof(*ch));
		ch->patient_id = p.id;
		ch->name = arena_printf(c->a, "%s %s", p.given, p.family);
	}
	return 0;
}

/* Asks the policy about one row. */
static int
row_visible(struct ctx *c, const struct record_view *v, enum rec_section s,
    const struct rec_row *r)
{
	struct policy_item	 it;

	memset(&it, 0, sizeof(it));
	it.kind = kinds[s];
	it.confidential = r->confidential;
	it.encounter_confidential = r->encounter_confidential;
	it.outside = r->outside;
	it.department = r->department;
	it.note_type = r->note_type;
	it.encounter_kind = r->encounter_kind;
	it.code = r->code;
	it.name = r->name;
	it.at = (time_t)r->at;
	return policy_item_visible(c->call.p->rules, (enum access_level)v->level, &it,
	    c->call.now);
}

int
record_rows(struct ctx *c, const struct record_view *v, enum rec_section s,
    struct rec_row **out, size_t *n)
{
	struct rec_row	*all;
	size_t		 nall, i, k = 0;

	if (store_record_rows(c->call.p->db, c->call.a, v->patient.id, s, &all, &nall) == -1)
		return -1;
	for (i = 0; i < nall; i++)
		if (row_visible(c, v, s, &all[i]))
			all[k++] = all[i];
	*out = all;
	*n = k;
	return 0;
}

int
record_row(struct ctx *c, const struct record_view *v, enum rec_section s,
    int64_t id, struct rec_row *out)
{
	int	 rc;

	if ((rc = store_record_row(c->call.p->db, c->call.a, v->patient.id, s, id, out)) != 1)
		return rc;
	return row_visible(c, v, s, out);
}

int
record_is_self(struct ctx *c, int64_t patient)
{
	return record_is_self_call(&c->call, patient);
}

int
record_is_self_call(const struct call *c, int64_t patient)
{
	struct holding_rel	 h;

	return c->who.kind == ACTOR_FAMILY && store_holding_get(c->p->db, c->a,
	    c->who.id, patient, &h) == 1 && strcmp(h.role, "self") == 0;
}
