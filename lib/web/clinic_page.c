/*
 * Page pieces of clinic set-up (clinic_page.h).
 */
#include <string.h>

#include "arena.h"
#include "clinicset.h"
#include "form.h"
#include "clinic_page.h"
#include "tmpl.h"
#include "valid.h"

const char *
clinic_page_text(struct arena *a, const char *in, size_t len, const char **out)
{
	if (len > 800 || !valid_utf8(in, len, 0))
		return "Enter at most 200 characters.";
	*out = arena_strndup(a, in, len);
	return NULL;
}

const char *
clinic_page_doc(struct arena *a, const char *in, size_t len, const char **out)
{
	if (len > 80000 || !valid_utf8(in, len, 1))
		return "Enter the text as plain text of at most 20000 characters.";
	*out = arena_strndup(a, in, len);
	return NULL;
}

const char *
clinic_page_money(struct arena *a, long cents)
{
	return arena_printf(a, "%ld.%02ld", cents / 100, cents % 100);
}

void
clinic_page_type_form(struct tvars *v, struct arena *a, const struct cs_type *t)
{
	tvars_str(v, "clinic_name", t->clinic);
	tvars_str(v, "name", t->name);
	tvars_str(v, "code", t->code);
	tvars_int(v, "minutes", t->minutes);
	tvars_int(v, "notice_hours", t->notice_hours);
	tvars_str(v, "copay", clinic_page_money(a, t->copay_cents));
	tvars_bool(v, "video", t->video);
	tvars_bool(v, "self_schedule", t->self_schedule);
	tvars_bool(v, "active", t->active);
}

void
clinic_page_type_row(struct tvars *v, struct arena *a, const struct cs_type *t)
{
	struct tvars	*ty = tvars_item(v, "types");

	tvars_int(ty, "id", t->id);
	tvars_str(ty, "name", t->name);
	tvars_int(ty, "minutes", t->minutes);
	tvars_str(ty, "kind", t->video ? "video" : "in person");
	tvars_str(ty, "self", t->self_schedule ? "yes" : "no");
	tvars_int(ty, "notice", t->notice_hours);
	tvars_str(ty, "copay", clinic_page_money(a, t->copay_cents));
	tvars_int(ty, "documents", t->documents);
	tvars_bool(ty, "inactive", !t->active);
}

void
clinic_page_docs(struct tvars *v, const struct cs_doc *d, size_t n)
{
	struct tvars	*it;
	size_t		 i;

	tvars_list(v, "docs");
	for (i = 0; i < n; i++) {
		it = tvars_item(v, "docs");
		tvars_int(it, "id", d[i].id);
		tvars_str(it, "title", d[i].title);
		tvars_str(it, "body", d[i].body);
		tvars_bool(it, "retired", d[i].retired);
		tvars_when(it, "created", d[i].created);
	}
}

void
clinic_page_slots(struct tvars *v, const struct cs_slot *s, size_t n,
    const struct cs_type *t, size_t nt, int64_t chosen)
{
	struct tvars	*it;
	size_t		 i;

	tvars_list(v, "types");
	for (i = 0; i < nt; i++) {
		if (!t[i].active)
			continue;
		it = tvars_item(v, "types");
		tvars_int(it, "id", t[i].id);
		tvars_str(it, "name", t[i].name);
		tvars_bool(it, "chosen", chosen == t[i].id);
	}
	tvars_list(v, "slots");
	for (i = 0; i < n; i++) {
		it = tvars_item(v, "slots");
		tvars_int(it, "id", s[i].id);
		tvars_when(it, "start", s[i].start);
		tvars_int(it, "minutes", s[i].minutes);
		tvars_str(it, "type", s[i].type_name);
		tvars_str(it, "provider", s[i].provider);
		tvars_bool(it, "taken", s[i].taken);
	}
}

static int
on(const struct form *f, const char *name)
{
	return form_val(f, name) != NULL && strcmp(form_val(f, name), "1") == 0;
}

void
clinic_page_type_in(const struct form *f, struct cs_type_in *in)
{
	memset(in, 0, sizeof(*in));
	in->id = form_id(f, "id");
	in->clinic = form_id(f, "clinic");
	in->name = form_val(f, "name");
	in->code = form_val(f, "code");
	in->minutes = form_val(f, "minutes");
	in->notice_hours = form_val(f, "notice_hours");
	in->copay = form_val(f, "copay");
	in->video = on(f, "video");
	in->self_schedule = on(f, "self_schedule");
	in->active = on(f, "active");
}
