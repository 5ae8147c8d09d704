/*
 * The line that names the patient a family page is about (issue 15.1):
 * "About: Ana Rivera, 15 years", the partial templates/about.html.
 */
#ifndef PORTAL_ABOUT_H
#define PORTAL_ABOUT_H

#include "store_patients.h"

struct ctx;

/* Sets about_name ("Given Family") and about_age (tvars_age) for the
 * partial; p NULL or without an id sets nothing. */
void	about_vars(struct ctx *, const struct patient *p);

#endif
