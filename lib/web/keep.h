/*
 * Nothing typed is lost when a POST is refused before its handler runs
 * (issue 15.3): a form whose CSRF token fails (a stale page, a second
 * tab), whose session has expired, whose body is too large (413) or whose
 * session the database could not read (503) gets a page that says what
 * happened in a sentence and gives back every typed field.
 *
 * What it gives back: the form's fields as the request carried them, in
 * their order; never a secret (a password, a code, a token: keep_kind)
 * and never a file (files are not fields). How:
 * - the person's own page sent it (keep_same_origin) and a session fits
 *   or none is needed: an editable form with a fresh token, posting to
 *   the same URL only when the person presses "Send again" (no script,
 *   so no cross-site POST is ever sent on their behalf); secrets as
 *   empty password boxes to type again;
 * - the session expired: the text to copy, read-only, and a link to
 *   sign in (not kept across the sign-in: that would store what may be
 *   health information for no session, on a computer that may be
 *   shared, for whoever signs in next);
 * - another site sent it: nothing of it is shown (it was not typed
 *   here), only the sentence.
 * A refused POST changes nothing: no handler has run.
 */
#ifndef PORTAL_KEEP_H
#define PORTAL_KEEP_H

struct ctx;

enum keep_kind {
	KEEP_SHOWN,	/* typed text: shown again */
	KEEP_HIDDEN,	/* a choice or an id of the page: sent again as is */
	KEEP_SECRET,	/* a password, code or token: never shown */
	KEEP_DROPPED,	/* the old CSRF token: replaced */
};

enum keep_why {
	KEEP_CSRF,	/* 403: the token failed */
	KEEP_EXPIRED,	/* 401: the session timed out or was ended */
	KEEP_TOO_BIG,	/* 413: the body is over the limit */
	KEEP_DOWN,	/* 503: the database cannot answer */
	KEEP_BROKEN,	/* 500: something went wrong on our side */
};

/* What a field of that name is, for the page. */
enum keep_kind	 keep_kind(const char *name);
/* The words a field of that name is labelled with ("Message"). */
const char	*keep_label(const char *name);
/* 1 if the request came from a page of this site: Sec-Fetch-Site says
 * "same-origin", or (no Sec-Fetch-Site) Origin is http(s):// and host.
 * Any argument may be NULL. */
int		 keep_same_origin(const char *fetch_site, const char *origin,
		    const char *host);
/* 1 if the request's form carries typed text (a KEEP_SHOWN field that
 * is not empty): something to lose. */
int		 keep_typed(const struct ctx *c);
/* Builds the page (template "kept") for why; returns the status. login
 * is the sign-in page for KEEP_EXPIRED, else NULL. */
int		 keep_page(struct ctx *c, enum keep_why why, const char *login);

#endif
