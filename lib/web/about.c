/* The "About: <patient>" line of family pages: about.h. */
#include "about.h"
#include "http.h"
#include "tmpl.h"

void
about_vars(struct ctx *c, const struct patient *p)
{
	if (p == NULL || p->id <= 0 || p->given == NULL)
		return;
	tvars_strf(c->vars, "about_name", "%s %s", p->given,
	    p->family != NULL ? p->family : "");
	tvars_age(c->vars, "about_age", p->dob, c->call.now);
}
