/*
 * The provider portal's security-question fields, shared by the setup
 * link page (cgi-bin/provider) and the account page (cgi-bin/paccount):
 * q1..q3 (a number in app_question_list) and a1..a3 (answers: secret,
 * never shown again). The page is templates/pquestions.html.
 */
#ifndef PORTAL_PFORM_H
#define PORTAL_PFORM_H

#include "form.h"
#include "plogin.h"

struct ctx;

#define PFORM_QUESTIONS \
	{ "q1", "question 1", valid_id, 0 }, \
	{ "a1", "answer 1", valid_line, F_SECRET }, \
	{ "q2", "question 2", valid_id, 0 }, \
	{ "a2", "answer 2", valid_line, F_SECRET }, \
	{ "q3", "question 3", valid_id, 0 }, \
	{ "a3", "answer 3", valid_line, F_SECRET }

/* The questions and answers of f (NULL where missing or wrong). */
void	pform_questions_in(const struct form *f, struct questions_in *out);
/* The page values of templates/pquestions.html ("questions" when
 * security_questions is on; each slot's choices, the one chosen in f
 * selected, and its messages); f may be NULL. */
void	pform_questions_vars(struct ctx *c, const struct form *f);
/* Marks the field of an APP_INVALID (bad->field NULL: nothing). */
void	pform_invalid(struct form *f, const struct app_invalid *bad);

#endif
