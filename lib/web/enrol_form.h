/*
 * The forms' side of enrolment (sign-up and "add a patient"): the proof
 * fields every enrolment form declares, reading them into an enrol_in,
 * and turning an operation's refusal (enrol.h) into the page's words.
 */
#ifndef PORTAL_ENROL_FORM_H
#define PORTAL_ENROL_FORM_H

#include "app.h"
#include "enrol.h"

struct form;
struct tvars;

/* The proof fields every enrolment form declares, in its field table. */
#define ENROL_FIELDS \
	{ "who", "who you are", valid_who, F_REQ }, \
	{ "proof", "way to prove the link", valid_proof, F_REQ }, \
	{ "token", "activation token", valid_token, 0 }, \
	{ "dob", "patient's date of birth", valid_date, 0 }, \
	{ "mrn", "medical record number", valid_mrn, 0 }, \
	{ "visit_date", "date of a past visit", valid_date, 0 }

/* Fills in from the form's proof fields, marking as missing the pair the
 * chosen proof needs. */
void	enrol_from_form(struct form *f, struct enrol_in *in);
/* Puts an operation's refusal on the page: APP_INVALID marks the field
 * in the form; a policy refusal sets "refusal", any other "problem". */
void	enrol_to_form(enum app_rc rc, const struct enrol_no *no, struct form *f,
	    struct tvars *v);
/* The radio buttons' checked states for the page. */
void	enrol_echo(const struct form *f, struct tvars *v);

#endif
