/*
 * Field tables (kcgi's fieldmap): a page declares its fields once, as
 * (name, label, validator, flags); form_read runs them and keeps apart the
 * good values, what was typed (to show it again) and the messages.
 */
#ifndef PORTAL_FORM_H
#define PORTAL_FORM_H

#include <stddef.h>
#include <stdint.h>

#include "valid.h"

struct ctx;
struct tvars;

#define F_REQ		0x01	/* must be present and not empty */
#define F_SECRET	0x02	/* never shown again (passwords, tokens) */

struct field {
	const char	*name;
	const char	*label;		/* "E-mail address", for the summary */
	valid_fn	 valid;
	unsigned	 flags;
};

struct form {
	struct arena		 *a;
	const struct field	 *f;
	size_t			  n;
	const char		**val;	/* validated value, or NULL */
	const char		**raw;	/* as typed, or NULL */
	const char		**err;	/* message, or NULL */
	int			  nerr;
};

/* Reads and validates the POSTed fields f[0..n) into out (arena);
 * returns the number of fields in error. */
int		 form_read(struct ctx *c, const struct field *f, size_t n,
		    struct form *out);
/* The same over the query string's parameters (?p=...): pages declare
 * their query parameters as fields too. */
int		 form_query(struct ctx *c, const struct field *f, size_t n,
		    struct form *out);
/* The validated value of an id field (valid_id) as a number, parsed
 * once here; 0 if absent or invalid. */
int64_t		 form_id(const struct form *, const char *name);
/* The validated value of name, or NULL. */
const char	*form_val(const struct form *, const char *name);
/* What was typed into name (even if it was refused), or NULL. */
const char	*form_typed(const struct form *, const char *name);
/* 1 if name already has a message. */
int		 form_has_error(const struct form *, const char *name);
/* The sentence an empty F_REQ field f is told, as a parent understands
 * it (issue 15.5): the one form.c's table holds for f's label ("Choose
 * who you are: ..."), else "Enter the <label>.", which reads well where
 * the label is a thing that is typed ("first name"). */
const char	*form_missing(struct arena *a, const struct field *f);
/* The field table's row of name (NULL if unknown). */
const struct field *form_field(const struct form *, const char *name);
/* The label of name ("" if unknown). */
const char	*form_label(const struct form *, const char *name);
/* Marks name as wrong after validation (a check that needs the
 * database, like "that date of birth does not match"). */
void		 form_error(struct form *, const char *name, const char *msg);
/* Takes back name's message: a request that does not need the field
 * (a link's check on arrival needs only its code, issue 15.4). */
void		 form_error_clear(struct form *, const char *name);
/* Puts the form into page values: NAME (as typed, unless secret),
 * NAME_error, NAME_invalid (the attributes aria-invalid="true"
 * aria-describedby="NAME-err" an input in error carries, issue 15.9),
 * the list "errors" (label, message, field) and "has_errors". */
void		 form_echo(const struct form *, struct tvars *v);

#endif
