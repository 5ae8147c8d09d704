/*
 * "Who has seen my child's record" (issue 12.8, F-SHARE 3): for a
 * patient the calling family account holds today, the views of the
 * record by providers, their sponsored users and hospital staff, from
 * the audit log, newest first, those policy_seen lets this holder see;
 * and the grants still in force of the providers shown, which the page
 * offers to remove (app_grant_revoke, grant.h).
 */
#ifndef PORTAL_APP_VIEWERS_H
#define PORTAL_APP_VIEWERS_H

#include <stddef.h>
#include <stdint.h>

#include "app.h"
#include "grant.h"
#include "record.h"

struct call;

/* Views per page. */
#define VIEWERS_PAGE	50

/* One view, as the family reads it. */
struct seen_view {
	int64_t		 id;		/* the audit row (the cursor) */
	int64_t		 at;
	const char	*who;		/* "Ann Lee, MD"; "Nia Park, staff of
					 * Dr Ann Lee"; a staff member's name */
	const char	*org;		/* organisation or practice; "hospital
					 * staff"; NULL if not known */
	const char	*what;		/* the section, in words */
	int64_t		 provider_id;	/* the directory entry whose grant let
					 * them see (0: staff, or none) */
};

struct viewers_in {
	struct record_ask	 p;	/* absent: the first patient the
					 * account sees */
	int64_t			 before; /* the cursor: views older than this
					 * audit id; 0 for the newest */
};
struct viewers_out {
	enum record_refusal	 why;	/* RECORD_NO_PATIENT, RECORD_NOT_SEEN */
	struct grant_holder	 h;
	struct record_choice	*choices;
	size_t			 nchoices;
	struct seen_view	*v;
	size_t			 n;
	int64_t			 next;	/* the cursor of the next page, 0 if
					 * none */
	struct grant		*grants; /* in force, of providers shown on
					 * this page, the holder may revoke */
	size_t			 ngrants;
};
/*
 * The page: APP_OK after the row viewers.view (detail "page N views",
 * "before=ID" when paged); APP_REFUSED with RECORD_NO_PATIENT (no row)
 * or RECORD_NOT_SEEN after the row viewers.refused; APP_ERROR.
 */
enum app_rc	 app_viewers(const struct call *, const struct viewers_in *,
		    struct viewers_out *);

#endif
