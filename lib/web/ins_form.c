/*
 * The insurance change's fields (ins_form.h).
 */
#include <string.h>

#include "http.h"
#include "ins_form.h"
#include "tmpl.h"

/* The non-empty file sent as field name, or NULL. */
static const struct upload *
file(const struct ctx *c, const char *name)
{
	size_t	 i;

	for (i = 0; i < c->nfiles; i++)
		if (strcmp(c->files[i].up_field, name) == 0 &&
		    c->files[i].up_len > 0)
			return &c->files[i];
	return NULL;
}

void
ins_from_form(struct ctx *c, const struct form *f, struct ins_change *k)
{
	const struct upload	*u;

	k->coverage = form_id(f, "coverage");
	k->payer = form_val(f, "payer");
	k->plan = form_val(f, "plan");
	k->member_id = form_val(f, "member_id");
	k->group_no = form_val(f, "group_no");
	k->subscriber = form_val(f, "subscriber");
	k->relationship = form_val(f, "relationship");
	if ((u = file(c, "front")) != NULL) {
		k->front = u->up_data;
		k->front_len = u->up_len;
	}
	if ((u = file(c, "back")) != NULL) {
		k->back = u->up_data;
		k->back_len = u->up_len;
	}
}

/* The patient's relationship to the subscriber: the form's codes, the
 * partial's select variables (tvars keeps names: static ones) and the
 * words the summary shows. */
static const struct {
	const char	*code, *var, *words;
} rels[] = {
	{ "self", "rel_self", "the patient is the subscriber" },
	{ "parent", "rel_parent", "child of the subscriber" },
	{ "spouse", "rel_spouse", "spouse of the subscriber" },
	{ "guardian", "rel_guardian", "ward of the subscriber" },
	{ "other", "rel_other", "other" },
};

void
ins_echo(const struct form *f, struct tvars *v)
{
	const char	*r = form_val(f, "relationship");
	size_t		 i;

	for (i = 0; r != NULL && i < sizeof(rels) / sizeof(rels[0]); i++)
		if (strcmp(r, rels[i].code) == 0)
			tvars_bool(v, rels[i].var, 1);
}

const char *
ins_rel_words(const char *code)
{
	size_t	 i;

	for (i = 0; i < sizeof(rels) / sizeof(rels[0]); i++)
		if (strcmp(code, rels[i].code) == 0)
			return rels[i].words;
	return code;
}
