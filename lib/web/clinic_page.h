/*
 * Page pieces of clinic set-up (cgi-bin/clinic): a visit type, its
 * documents and a clinic's slots as template values, and the checks of
 * the fields whose content lib/app/clinicset checks.
 */
#ifndef PORTAL_CLINIC_PAGE_H
#define PORTAL_CLINIC_PAGE_H

#include <stddef.h>
#include <stdint.h>

#include "store_clinicset.h"

struct arena;
struct tvars;

/* One line of at most 800 bytes of UTF-8, kept as typed. */
const char	*clinic_page_text(struct arena *, const char *in, size_t len,
		    const char **out);
/* A document's text: at most 80000 bytes of UTF-8, lines kept. */
const char	*clinic_page_doc(struct arena *, const char *in, size_t len,
		    const char **out);
/* "25.50" from cents, in a. */
const char	*clinic_page_money(struct arena *, long cents);
/* A type's fields as the form's values (name, code, minutes, ...). */
void		 clinic_page_type_form(struct tvars *, struct arena *,
		    const struct cs_type *);
/* The type form's fields (cgi-bin/clinic's type_fields) as the
 * operation's input; a box is ticked when its value is "1". */
struct form;
struct cs_type_in;
void		 clinic_page_type_in(const struct form *, struct cs_type_in *);
/* A type as a row of the clinic's table (list "types" of v). */
void		 clinic_page_type_row(struct tvars *v, struct arena *,
		    const struct cs_type *);
/* The list "docs": each document with its full text. */
void		 clinic_page_docs(struct tvars *, const struct cs_doc *, size_t);
/* The list "slots" (start in the hospital's zone, taken or open) and the
 * list "types" of the types offered (chosen: the one selected). */
void		 clinic_page_slots(struct tvars *, const struct cs_slot *, size_t,
		    const struct cs_type *, size_t, int64_t chosen);

#endif
