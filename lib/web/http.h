/*
 * The FastCGI loop and one request's context. A program is a table of
 * routes and a call to http_main; everything else (parsing with limits,
 * the session, the CSRF check, the error page, headers) happens here, in
 * one place, the same way for every program.
 */
#ifndef PORTAL_HTTP_H
#define PORTAL_HTTP_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "app.h"
#include "arena.h"
#include "call.h"
#include "http_parse.h"
#include "portal.h"
#include "store_sess.h"

struct conf;
struct db;
struct tmpl_set;
struct tvars;
struct pwlist;
struct policy_rules;

enum method { M_GET, M_POST };

/* Route flags. */
#define R_FAMILY	0x01	/* needs a family session */
#define R_STAFF		0x02	/* needs a staff session */
#define R_UPLOAD	0x04	/* may take a multipart body up to max_upload */
#define R_PHI		0x08	/* its pages show health information: a 2xx page
				 * needs an audit row acknowledged (issue 9.2) */
#define R_PROVIDER	0x10	/* needs a provider-portal session (a clinician's
				 * or a sponsored user's) whose account stands */
#define R_STEP		0x20	/* the second factor's pages: also opens to a
				 * session of the route's kind whose sign-in
				 * waits for it (SESS_MFA, SESS_ENROL) */
#define R_SIGNED	0x40	/* a POST another server signs (the payment
				 * processor's result, issue 13.7): no CSRF
				 * token; the handler checks its signature
				 * before anything, and needs no session */
#define R_PATIENT	0x80	/* a family page about one patient, ?p=
				 * (issue 15.1): without ?p= it is about
				 * the patient the session last showed, if
				 * the policy still lets the account see
				 * them (else the page's own default, the
				 * first); a 2xx page for ?p=N remembers N */

struct ctx;

struct route {
	enum method	  method;
	const char	 *path;		/* exact match */
	int		(*fn)(struct ctx *);
	unsigned	  flags;
};

struct app {
	const char		*name;		/* for logs */
	const struct route	*routes;
	size_t			 nroutes;
};

struct ctx {
	struct call		 call;		/* portal, arena, who, now */
	char			 ref[13];	/* request reference, in logs and error pages */

	/* The request, parsed and limited. */
	enum method		 method;
	const char		*path;
	const char		*remote_user;	/* REMOTE_USER, from the server's auth module */
	struct kv		*query;
	size_t			 nquery;
	struct kv		*form;
	size_t			 nform;
	struct upload		*files;
	size_t			 nfiles;
	struct kv		*cookies;
	size_t			 ncookies;
	size_t			 body_len;	/* bytes of the POST body read */

	/* The session, if the cookie named a live one. */
	struct sess		*sess;
	int			 sess_expired;	/* a cookie named one that timed out */
	int			 sess_failed;	/* the session could not be read */
	int			 sess_ended;	/* a provider-portal session whose
						 * account no longer stands */
	char			 csrf[64];	/* the token forms must carry */

	/* The response the handler builds. */
	struct tvars		*vars;		/* page values; common ones preset */
	const char		*page;		/* template to render, or NULL */
	const char		*location;	/* redirect target (303) */
	const char		*message;	/* error page text */
	const char		*ctype;		/* with body: content type */
	struct buf		 body;		/* raw body (downloads) */
	int			 raw;		/* send body instead of a page */
	const char		*form_action;	/* another origin this page's
						 * form posts to (CSP), or NULL */
	struct kv		 hdrs[8];
	size_t			 nhdrs;
	const char		*setcookie[4];
	size_t			 nsetcookie;
	void			*fcgi;		/* FCGX_Request */

	const struct route	*route;		/* the route taken, or NULL */
	struct call_audit	 audited;	/* the call's audit rows (call.audit) */
};

/* The configuration's values every page shows (issue 15.5): the
 * hospital's and the portal's names, the logo, the support numbers and
 * hours. Every request's page values start with them; `portalctl pages`
 * renders the server's own error pages with them too. */
void		 http_conf_vars(struct tvars *v, const struct conf *cf);

/* Runs the FastCGI accept loop for app; returns the exit status. */
int		 http_main(const struct app *app);

/* A log line with the request's reference id and client address;
 * callers never pass health information or secrets. */
void		 log_req(const struct ctx *c, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));
/* A parameter of the request from the web server (HTTP_ORIGIN), or NULL. */
const char	*http_param(const struct ctx *c, const char *name);
/* Redirect (303 See Other) to a local path; returns 303. */
int		 http_redirect(struct ctx *c, const char *path);
/* An error page with a message for the person; returns status. */
int		 http_fail(struct ctx *c, int status, const char *message);
/* 1 if the database could not answer during this request (locked past
 * the busy timeout, full, read-only): the request's failure is a 503, not
 * a bug. A handler that shows its own page on failure (a form that keeps
 * what was typed) chooses its words by it. */
int		 http_unavailable(const struct ctx *c);
/* The status of a failed operation (APP_BUSY or APP_ERROR): 503 if the
 * database cannot answer, else 500. */
int		 http_app_status(const struct ctx *c, enum app_rc rc);
/* A form whose operation failed (APP_BUSY, APP_ERROR) is shown again
 * with what was typed: sets the page value "problem" (nothing was saved,
 * try again) and returns the status, 503 or 500. */
int		 http_form_failed(struct ctx *c, enum app_rc rc);
/* Adds a response header; name and value must be free of CR, LF and
 * other control bytes, or the response becomes a 500. */
void		 http_header(struct ctx *c, const char *name, const char *value);
/* Says that the page being built shows no health information (the "no
 * patient on this account" pages), so that an R_PHI route may send it
 * without an audit row, and a failed audit row (counted, logged) does not
 * replace it: a form that keeps what the person typed. */
void		 http_no_phi(struct ctx *c);
/* Lets this page's forms lead to origin ("https://host[:port]") as well
 * as to the portal: the Content-Security-Policy's form-action. The
 * payment hand-off posts there; "Begin video visit" is answered by a 303
 * there, which browsers check against form-action too. Anything but
 * http(s)://host[:port] is left out of the header (the form then fails
 * in the browser, not the page). */
void		 http_form_action(struct ctx *c, const char *origin);
/* Adds a Set-Cookie header value (built by sess_). */
void		 http_cookie(struct ctx *c, const char *setcookie);

/* A form field's value (urlencoded or multipart), or NULL. */
const char	*http_form(const struct ctx *c, const char *name);
/* A query parameter, or NULL. */
const char	*http_query(const struct ctx *c, const char *name);
const char	*http_cookie_get(const struct ctx *c, const char *name);
/* A query parameter that is a valid id (valid_id), or 0. */
int64_t		 http_query_id(struct ctx *c, const char *name);

#endif
