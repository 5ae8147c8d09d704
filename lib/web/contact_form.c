/*
 * The contact information's fields (contact_form.h).
 */
#include <string.h>

#include "contact_form.h"
#include "tmpl.h"

static const char *
val(const struct form *f, const char *name)
{
	const char	*s = form_val(f, name);

	return s != NULL ? s : "";
}

void
contact_from_form(const struct form *f, struct contact *c)
{
	c->address1 = val(f, "address1");
	c->address2 = val(f, "address2");
	c->city = val(f, "city");
	c->state = val(f, "state");
	c->postal = val(f, "postal");
	c->phone_mobile = val(f, "phone_mobile");
	c->phone_home = val(f, "phone_home");
	c->preferred = val(f, "preferred");
}

static void
pref(struct tvars *v, const char *p)
{
	tvars_bool(v, "pref_email", p == NULL || *p == '\0' ||
	    strcmp(p, "email") == 0);
	tvars_bool(v, "pref_mobile", p != NULL && strcmp(p, "mobile") == 0);
	tvars_bool(v, "pref_home", p != NULL && strcmp(p, "home") == 0);
	tvars_bool(v, "pref_text", p != NULL && strcmp(p, "text") == 0);
}

void
contact_to_vars(const struct contact *c, struct tvars *v)
{
	tvars_str(v, "address1", c->address1);
	tvars_str(v, "address2", c->address2);
	tvars_str(v, "city", c->city);
	tvars_str(v, "state", c->state);
	tvars_str(v, "postal", c->postal);
	tvars_str(v, "phone_mobile", c->phone_mobile);
	tvars_str(v, "phone_home", c->phone_home);
	tvars_str(v, "email", c->email);
	pref(v, c->preferred);
}

void
contact_pref_echo(const struct form *f, struct tvars *v)
{
	size_t	 i;

	for (i = 0; i < f->n; i++)
		if (strcmp(f->f[i].name, "preferred") == 0) {
			pref(v, f->raw[i]);
			return;
		}
}
