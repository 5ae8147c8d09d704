/*
 * The insurance change's fields, shared by the insurance summary
 * (cgi-bin/insurance) and pre-check-in's insurance step (the same rules:
 * insurance_change_check) and the template partial ins_fields.html.
 */
#ifndef PORTAL_INS_FORM_H
#define PORTAL_INS_FORM_H

#include "form.h"
#include "store_insurance.h"

struct ctx;
struct tvars;

#define INS_FIELDS \
	{ "coverage", "What changed", valid_id, 0 }, \
	{ "payer", "Insurance company", valid_line, 0 }, \
	{ "plan", "Plan", valid_line, 0 }, \
	{ "member_id", "Member ID", valid_line, 0 }, \
	{ "group_no", "Group number", valid_line, 0 }, \
	{ "subscriber", "Subscriber's name", valid_name, 0 }, \
	{ "relationship", "Relationship to the subscriber", valid_line, 0 }, \
	/* the photos are files: named here for their errors */ \
	{ "front", "Photo of the card's front", valid_line, 0 }, \
	{ "back", "Photo of the card's back", valid_line, 0 }

/* The form's values and the request's card photos into k. */
void	ins_from_form(struct ctx *, const struct form *, struct ins_change *k);
/* The relationship chosen, for the partial's select (rel_parent...). */
void	ins_echo(const struct form *, struct tvars *v);
/* A relationship code in words ("child of the subscriber"); an unknown
 * one as it is. Static text. */
const char	*ins_rel_words(const char *code);

#endif
