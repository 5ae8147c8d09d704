/*
 * The contact information's fields, shared by the profile page and
 * pre-check-in's contact step (the same rules: app_profile_save).
 */
#ifndef PORTAL_CONTACT_FORM_H
#define PORTAL_CONTACT_FORM_H

#include "form.h"
#include "store_profile.h"

struct tvars;

#define CONTACT_FIELDS \
	{ "address1", "Street address", valid_line, 0 }, \
	{ "address2", "Apartment, suite (optional)", valid_line, 0 }, \
	{ "city", "City or town", valid_line, 0 }, \
	{ "state", "State", valid_state, 0 }, \
	{ "postal", "ZIP code", valid_postal, 0 }, \
	{ "phone_mobile", "Mobile phone", valid_phone, 0 }, \
	{ "phone_home", "Home phone", valid_phone, 0 }, \
	{ "preferred", "Preferred contact", valid_preferred, 0 }

/* The form's good values into c (email untouched). */
void	contact_from_form(const struct form *, struct contact *c);
/* The contact on file as the form's values (and the preference's radio
 * buttons: pref_email... set). */
void	contact_to_vars(const struct contact *c, struct tvars *v);
/* The preference's radio buttons for what was typed. */
void	contact_pref_echo(const struct form *, struct tvars *v);

#endif
