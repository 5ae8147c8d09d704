/*
 * Security-question fields of the provider portal (pform.h).
 */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "conf.h"
#include "http.h"
#include "pform.h"
#include "tmpl.h"

static const char *const qn[APP_QUESTIONS] = { "q1", "q2", "q3" };
static const char *const an[APP_QUESTIONS] = { "a1", "a2", "a3" };

void
pform_questions_in(const struct form *f, struct questions_in *out)
{
	size_t	 i;

	for (i = 0; i < APP_QUESTIONS; i++) {
		out->q[i] = form_val(f, qn[i]);
		out->a[i] = form_val(f, an[i]);
	}
}

/* f's message for name, or NULL. */
static const char *
field_error(const struct form *f, const char *name)
{
	size_t	 i;

	for (i = 0; f != NULL && i < f->n; i++)
		if (strcmp(f->f[i].name, name) == 0)
			return f->err[i];
	return NULL;
}

void
pform_questions_vars(struct ctx *c, const struct form *f)
{
	const char *const	*list;
	struct tvars		*slot, *ch;
	const char		*chosen;
	size_t			 n, i, k;

	if (!c->call.p->conf->security_questions)
		return;
	tvars_bool(c->vars, "questions", 1);
	list = app_question_list(&n);
	for (i = 0; i < APP_QUESTIONS; i++) {
		slot = tvars_item(c->vars, "slots");
		tvars_int(slot, "n", (int64_t)i + 1);
		chosen = f != NULL ? form_val(f, qn[i]) : NULL;
		for (k = 0; k < n; k++) {
			ch = tvars_item(slot, "choices");
			tvars_int(ch, "k", (int64_t)k + 1);
			tvars_str(ch, "text", list[k]);
			tvars_bool(ch, "sel", chosen != NULL &&
			    strtol(chosen, NULL, 10) == (long)k + 1);
		}
		if (field_error(f, qn[i]) != NULL)
			tvars_str(slot, "q_error", field_error(f, qn[i]));
		if (field_error(f, an[i]) != NULL)
			tvars_str(slot, "a_error", field_error(f, an[i]));
	}
}

void
pform_invalid(struct form *f, const struct app_invalid *bad)
{
	if (bad->field != NULL && bad->message != NULL)
		form_error(f, bad->field, bad->message);
}
