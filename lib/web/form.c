/*
 * Running a field table over the POSTed form.
 */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "form.h"
#include "http.h"
#include "tmpl.h"

static long
field_index(const struct form *fm, const char *name)
{
	size_t	 i;

	for (i = 0; i < fm->n; i++)
		if (strcmp(fm->f[i].name, name) == 0)
			return (long)i;
	return -1;
}

/* Runs the field table f[0..n) over the parameters kvs[0..nkv). */
static int
form_run(struct ctx *c, const struct kv *kvs, size_t nkv,
    const struct field *f, size_t n, struct form *out)
{
	const struct kv	*kv;
	const char	*msg;
	size_t		 i, j;

	out->a = c->call.a;
	out->f = f;
	out->n = n;
	out->val = arena_alloc(c->call.a, n * sizeof(*out->val));
	out->raw = arena_alloc(c->call.a, n * sizeof(*out->raw));
	out->err = arena_alloc(c->call.a, n * sizeof(*out->err));
	out->nerr = 0;
	for (i = 0; i < n; i++) {
		kv = NULL;
		for (j = 0; j < nkv; j++)
			if (strcmp(kvs[j].kv_key, f[i].name) == 0) {
				kv = &kvs[j];
				break;
			}
		if (kv == NULL || kv->kv_len == 0 ||
		    strspn(kv->kv_val, " \t") == kv->kv_len) {
			if (f[i].flags & F_REQ) {
				out->err[i] = form_missing(c->call.a, &f[i]);
				out->nerr++;
			}
			continue;
		}
		/* What was typed comes back only if it is showable text; line
		 * breaks are (a message's body keeps them, issue 9.3), and
		 * the template escapes every value. */
		if (valid_utf8(kv->kv_val, kv->kv_len, 1))
			out->raw[i] = kv->kv_val;
		msg = f[i].valid(c->call.a, kv->kv_val, kv->kv_len, &out->val[i]);
		if (msg != NULL) {
			out->val[i] = NULL;
			out->err[i] = msg;
			out->nerr++;
		}
	}
	return out->nerr;
}

int
form_read(struct ctx *c, const struct field *f, size_t n, struct form *out)
{
	return form_run(c, c->form, c->nform, f, n, out);
}

int
form_query(struct ctx *c, const struct field *f, size_t n, struct form *out)
{
	return form_run(c, c->query, c->nquery, f, n, out);
}

int64_t
form_id(const struct form *f, const char *name)
{
	const char	*v = form_val(f, name);

	/* valid_id let through 1 to 15 digits, no leading zero. */
	return v != NULL ? strtoll(v, NULL, 10) : 0;
}

const char *
form_val(const struct form *fm, const char *name)
{
	long	 i = field_index(fm, name);

	return i < 0 ? NULL : fm->val[i];
}

const char *
form_typed(const struct form *fm, const char *name)
{
	long	 i = field_index(fm, name);

	return i < 0 || (fm->f[i].flags & F_SECRET) ? NULL : fm->raw[i];
}

int
form_has_error(const struct form *fm, const char *name)
{
	long	 i = field_index(fm, name);

	return i >= 0 && fm->err[i] != NULL;
}

/*
 * What an empty required field is told, by its label, in one place (issue
 * 15.5): a label glued into "Enter the %s." read "Enter the who you
 * are.". A label not here reads "Enter the <label>."; a test
 * (tests/unit/test_form.c) runs every row and the default.
 */
static const struct {
	const char	*label;
	const char	*missing;
} missing_words[] = {
	{ "who you are", "Choose who you are: the patient's parent or "
	    "guardian, or the patient." },
	{ "way to prove the link", "Choose how you will show that you are "
	    "linked to the patient: the activation token, or the medical "
	    "record number and the date of a past visit." },
	{ "activation token", "Enter the activation token printed on the "
	    "patient's visit papers." },
	{ "patient's date of birth", "Enter the patient's date of birth." },
	{ "medical record number", "Enter the medical record number printed "
	    "on the patient's visit papers." },
	{ "date of a past visit", "Enter the date of any past visit of the "
	    "patient." },
	{ "first name", "Enter your first name." },
	{ "last name", "Enter your last name." },
	{ "e-mail address", "Enter your e-mail address." },
	{ "E-mail address", "Enter the new e-mail address." },
	{ "password", "Enter your password." },
	{ "password again", "Type the same password again." },
	{ "new password", "Choose a new password." },
	{ "new password again", "Type the same new password again." },
	{ "code from your e-mail", "Enter the code from the e-mail we sent "
	    "you, or open the link in that e-mail." },
	{ "care team", "Choose the care team to write to." },
	{ "topic", "Choose what your message is about." },
	{ "subject", "Write a subject: a few words on what your message is "
	    "about." },
	{ "message", "Write your message." },
	{ "reason for the visit", "Write the reason for the visit, in a few "
	    "words." },
	{ "preferred days and times", "Write the days and times that suit "
	    "you." },
	{ "contact phone", "Enter a phone number where the clinic can reach "
	    "you." },
	{ "time", "Choose a time." },
	{ "token", "Enter the token printed on the patient's papers." },
	{ "MRN", "Enter the patient's medical record number." },
	{ "pass code", "Enter the pass code from the e-mail." },
	{ "code", "Enter the 6-digit code from your authenticator app." },
	/* The contact form (help.c) and the visit request (visits.c). */
	{ "your name", "Enter your name." },
	{ "your e-mail address", "Enter your e-mail address: we answer "
	    "there." },
	{ "what it is about", "Choose what your question is about." },
	{ "your message", "Write your message." },
	{ "clinic", "Choose the clinic." },
	{ "visit type", "Choose the type of visit." },
};

const char *
form_missing(struct arena *a, const struct field *f)
{
	size_t	 i;

	if (f == NULL)
		return "Fill in this field.";
	for (i = 0; i < sizeof(missing_words) / sizeof(missing_words[0]); i++)
		if (strcmp(missing_words[i].label, f->label) == 0)
			return missing_words[i].missing;
	/* A label that speaks to the person ("your name") takes no
	 * article: never "Enter the your name.". */
	if (strncmp(f->label, "your ", 5) == 0)
		return arena_printf(a, "Enter %s.", f->label);
	return arena_printf(a, "Enter the %s.", f->label);
}

const struct field *
form_field(const struct form *fm, const char *name)
{
	long	 i = field_index(fm, name);

	return i < 0 ? NULL : &fm->f[i];
}

const char *
form_label(const struct form *fm, const char *name)
{
	long	 i = field_index(fm, name);

	return i < 0 ? "" : fm->f[i].label;
}

void
form_error(struct form *fm, const char *name, const char *msg)
{
	long	 i = field_index(fm, name);

	if (i < 0)
		return;
	if (fm->err[i] == NULL)
		fm->nerr++;
	fm->err[i] = msg;
}

void
form_error_clear(struct form *fm, const char *name)
{
	long	 i = field_index(fm, name);

	if (i < 0 || fm->err[i] == NULL)
		return;
	fm->err[i] = NULL;
	fm->nerr--;
}

void
form_echo(const struct form *fm, struct tvars *v)
{
	struct tvars	*it;
	size_t		 i;

	tvars_list(v, "errors");
	for (i = 0; i < fm->n; i++) {
		if (fm->raw[i] != NULL && !(fm->f[i].flags & F_SECRET))
			tvars_str(v, fm->f[i].name, fm->raw[i]);
		if (fm->err[i] == NULL)
			continue;
		tvars_str(v, arena_printf(fm->a, "%s_error", fm->f[i].name),
		    fm->err[i]);
		it = tvars_item(v, "errors");
		tvars_str(it, "field", fm->f[i].name);
		tvars_str(it, "label", fm->f[i].label);
		tvars_str(it, "error", fm->err[i]);
		/* The summary names the field unless its sentence does
		 * ("Enter your first name."), so no line reads "first name:
		 * Enter your first name.". */
		tvars_bool(it, "named", strstr(fm->err[i], fm->f[i].label) ==
		    NULL);
	}
	tvars_bool(v, "has_errors", fm->nerr > 0);
}
