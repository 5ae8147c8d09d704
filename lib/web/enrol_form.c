/*
 * Enrolment forms: proof fields in, refusals out (enrol_form.h).
 */
#include <string.h>

#include "arena.h"
#include "enrol_form.h"
#include "form.h"
#include "tmpl.h"

void
enrol_from_form(struct form *f, struct enrol_in *in)
{
	const char	*proof = form_val(f, "proof"), *who = form_val(f, "who");
	static const char *const need[][3] = {
		{ "token", "token", "dob" },
		{ "mrn", "mrn", "visit_date" },
	};
	size_t		 i, j;

	in->as_self = who != NULL && strcmp(who, "self") == 0;
	for (i = 0; proof != NULL && i < 2; i++) {
		if (strcmp(proof, need[i][0]) != 0)
			continue;
		for (j = 1; j < 3; j++)
			if (form_val(f, need[i][j]) == NULL && !form_has_error(f, need[i][j]))
				form_error(f, need[i][j], form_missing(f->a,
				    form_field(f, need[i][j])));
	}
	if (proof != NULL && strcmp(proof, "token") == 0) {
		in->token = form_val(f, "token");
		in->dob = form_val(f, "dob");
	} else {
		in->mrn = form_val(f, "mrn");
		in->visit_date = form_val(f, "visit_date");
	}
}

void
enrol_to_form(enum app_rc rc, const struct enrol_no *no, struct form *f,
    struct tvars *v)
{
	if (rc == APP_INVALID && no->field != NULL)
		form_error(f, no->field, no->message);
	else if (no->why == ENROL_INELIGIBLE)
		tvars_str(v, "refusal", no->message);
	else if (no->message != NULL)
		tvars_str(v, "problem", no->message);
}

void
enrol_echo(const struct form *f, struct tvars *v)
{
	const char	*who = form_val(f, "who"), *proof = form_val(f, "proof");

	tvars_bool(v, "who_self", who != NULL && strcmp(who, "self") == 0);
	tvars_bool(v, "who_guardian", who != NULL && strcmp(who, "guardian") == 0);
	tvars_bool(v, "proof_token", proof != NULL && strcmp(proof, "token") == 0);
	tvars_bool(v, "proof_mrn", proof != NULL && strcmp(proof, "mrn") == 0);
}
