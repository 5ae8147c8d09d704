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
				out->err[i] = arena_printf(c->call.a, "Enter the %s.",
				    f[i].label);
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

int
form_has_error(const struct form *fm, const char *name)
{
	long	 i = field_index(fm, name);

	return i >= 0 && fm->err[i] != NULL;
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
	}
	tvars_bool(v, "has_errors", fm->nerr > 0);
}
