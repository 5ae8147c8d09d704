/*
 * The privacy office's filter of the audit log (issue 16.1), parsed the
 * same for the page (cgi-bin/privacy.c) and for portalctl audit: who (an
 * actor as the log names it, or a kind alone), what (an action, or a
 * family "record.*"), when (a date or a date and minute in the
 * hospital's zone). Each parser returns NULL after filling its part of
 * the store's filter, or the sentence that says what to type.
 */
#ifndef PORTAL_APP_AUDITQ_H
#define PORTAL_APP_AUDITQ_H

#include <stdint.h>

#include "store_audit.h"

struct arena;

/* Rows a page of the search shows. */
#define AUDITQ_PAGE	50

/* "family:12", "staff:3", "provider:5", "sponsored:2", "cli",
 * "portalctl", "anonymous" into f->actor; "family", "staff", "provider",
 * "sponsored" into f->actor_kind ("family:"). Also an actor as a person
 * knows them, into f->actor as it will be looked up (auditq_named): an
 * account's e-mail address (normalised), "staff:USERNAME". */
const char	*auditq_actor(struct arena *, const char *in,
		    struct store_audit_filter *f);
/* What f->actor of auditq_actor is: as the log names it (or none), or a
 * name the application turns into that (lib/app/privacy.c). */
enum { AUDITQ_ID, AUDITQ_EMAIL, AUDITQ_USERNAME };
int		 auditq_named(const char *actor);
/* "record.view.labs" into f->action; "record.*" into f->action_family
 * ("record."). Letters, digits, '_' and '.', at most 64 characters. */
const char	*auditq_action(struct arena *, const char *in,
		    struct store_audit_filter *f);
/* "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM" (or a space for the T), hospital
 * time: the first moment into *out; with until 1, the moment after the
 * day (a date) or after the minute, so that until is exclusive. */
const char	*auditq_when(const char *in, int until, int64_t *out);
/* A page number, 1 to 1000000. */
const char	*auditq_page(const char *in, int64_t *out);

/* The same as field validators (valid.h's valid_fn, for a page's field
 * table): *out the value as typed, NUL-terminated (a NUL inside is
 * refused); the filter is made again from it (the page's query_of). */
const char	*auditq_valid_actor(struct arena *, const char *, size_t,
		    const char **);
const char	*auditq_valid_action(struct arena *, const char *, size_t,
		    const char **);
const char	*auditq_valid_when(struct arena *, const char *, size_t,
		    const char **);
/* An end (--until, the form's "Through"): auditq_when's until reading. */
const char	*auditq_valid_until(struct arena *, const char *, size_t,
		    const char **);
const char	*auditq_valid_page(struct arena *, const char *, size_t,
		    const char **);

#endif
