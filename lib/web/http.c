/*
 * One request's way through a program: accept, parse with limits, load
 * the session, check the CSRF token of every POST, find the route, run
 * the handler, and write the response with the security headers. Errors
 * become responses here and only here.
 */
#include <errno.h>
#include <limits.h>
#include <malloc.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <ctype.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <fcgiapp.h>

#include "audit.h"
#include "auth.h"
#include "conf.h"
#include "crypto.h"
#include "db.h"
#include "http.h"
#include "keyfile.h"
#include "log.h"
#include "policy_record.h"
#include "ready.h"
#include "record.h"
#include "keep.h"
#include "reqlog.h"
#include "sess.h"
#include "tmpl.h"
#include "valid.h"

#define MAX_FORM	(64 * 1024)		/* urlencoded and plain multipart */
#define LISTEN_FD	0	/* where portal-serve or spawn-fcgi put it */
#define IDLE_MS		1000	/* no request this long: memory goes back */
#define WOKEN_MS	250	/* nor one this long: the load is light */
#define MAX_UPLOAD	(32 * 1024 * 1024)	/* multipart with attachments */
#define MAX_PATH	1024
/* A refused form's body is still read up to this size to give back what
 * was typed (issue 15.3): past it, nothing can be. */
#define MAX_KEEP	(1024 * 1024)
/* Every 503 says when to come back: what its page says, "in a minute". */
#define RETRY_AFTER	"60"

static const struct http_limits lim_query = { 64, 4096, 0, 0 };
/* A Cookie header within the web servers' 8 KB holds at most some 1,600
 * pairs: all are read, so ours are found among a parent domain's many. */
static const struct http_limits lim_cookie = { 2048, 4096, 0, 0 };
static const struct http_limits lim_form = { 64, 16 * 1024, 0, 0 };
/* Uploads: the parser takes more files and larger ones than a message
 * may have, so that the page can name the file that is refused and keep
 * what the person typed, instead of refusing the whole request: 32
 * files, as many as a person may pick at once (9 gave "too large"). */
static const struct http_limits lim_upload = { 64, 64 * 1024, 32, MAX_UPLOAD };
/* What a refused form is read with, only to give the text back. */
static const struct http_limits lim_keep = { 256, MAX_KEEP, 64, MAX_KEEP };

static const struct {
	int		 code;
	const char	*text;
	const char	*message;	/* what the person reads */
} statuses[] = {
	{ 200, "OK", NULL },
	{ 303, "See Other", NULL },
	{ 400, "Bad Request", "The request could not be understood. Go back and try again." },
	{ 401, "Unauthorized", "Sign in first." },
	{ 403, "Forbidden", "You cannot do that here." },
	{ 404, "Not Found", "There is no such page." },
	{ 405, "Method Not Allowed", "That page cannot be used this way." },
	{ 409, "Conflict", "That was changed meanwhile. Reload the page and try again." },
	{ 413, "Payload Too Large", "What you sent is too large." },
	{ 415, "Unsupported Media Type", "The form was sent in a way this page does not accept." },
	{ 422, "Unprocessable Content", NULL },
	{ 429, "Too Many Requests", "Too many attempts. Wait a few minutes and try again." },
	{ 500, "Internal Server Error", "Something went wrong on our side. Nothing was changed. Try again later or call support." },
	{ 503, "Service Unavailable", "The portal cannot answer right now. Nothing was changed. Try again in a minute." },
};
#define NSTATUS (sizeof(statuses) / sizeof(statuses[0]))

/* The form-action of the policy is "'self'" and, for one page, one other
 * origin (http_form_action). */
#define CSP_BEFORE "Content-Security-Policy: default-src 'none'; " \
    "script-src 'self'; style-src 'self'; img-src 'self'; " \
    "manifest-src 'self'; form-action 'self'"
#define CSP_AFTER "; frame-ancestors 'none'; base-uri 'none'"

static const char *const sec_headers[] = {
	"Cache-Control: no-store",
	"Pragma: no-cache",
	"X-Content-Type-Options: nosniff",
	"X-Frame-Options: DENY",
	"Referrer-Policy: no-referrer",
	"Cross-Origin-Opener-Policy: same-origin",
	"Permissions-Policy: camera=(), microphone=(), geolocation=()",
};

/* An origin fit for a CSP source list: http(s)://host[:port], nothing
 * else (no space, quote, semicolon or path). */
static int
csp_source_safe(const char *s)
{
	const char	*p;

	if (strncmp(s, "https://", 8) == 0)
		p = s + 8;
	else if (strncmp(s, "http://", 7) == 0)
		p = s + 7;
	else
		return 0;
	if (*p == '\0')
		return 0;
	for (; *p != '\0'; p++)
		if (!isalnum((unsigned char)*p) && *p != '.' && *p != '-' &&
		    *p != ':' && *p != '[' && *p != ']')
			return 0;
	return 1;
}

static int
status_index(int code)
{
	size_t	 i;

	for (i = 0; i < NSTATUS; i++)
		if (statuses[i].code == code)
			return (int)i;
	return status_index(500);
}

const char *
http_form(const struct ctx *c, const char *name)
{
	return kv_get(c->form, c->nform, name);
}

const char *
http_param(const struct ctx *c, const char *name)
{
	return FCGX_GetParam(name, ((FCGX_Request *)c->fcgi)->envp);
}

const char *
http_query(const struct ctx *c, const char *name)
{
	return kv_get(c->query, c->nquery, name);
}

int64_t
http_query_id(struct ctx *c, const char *name)
{
	const char	*q = http_query(c, name), *v;

	if (q == NULL || valid_id(c->call.a, q, strlen(q), &v) != NULL)
		return 0;
	return strtoll(v, NULL, 10);
}

const char *
http_cookie_get(const struct ctx *c, const char *name)
{
	return kv_get(c->cookies, c->ncookies, name);
}

/* No byte below 0x20 (but tab) or DEL: a header value from input can
 * never split the response. */
static int
header_safe(const char *s)
{
	for (; *s != '\0'; s++)
		if (((unsigned char)*s < 0x20 && *s != '\t') || *s == 0x7f)
			return 0;
	return 1;
}

void
http_header(struct ctx *c, const char *name, const char *value)
{
	if (c->nhdrs == sizeof(c->hdrs) / sizeof(c->hdrs[0]))
		abort();
	c->hdrs[c->nhdrs].kv_key = name;
	c->hdrs[c->nhdrs].kv_val = value;
	c->nhdrs++;
}

void
http_form_action(struct ctx *c, const char *origin)
{
	c->form_action = origin;
}

void
http_cookie(struct ctx *c, const char *setcookie)
{
	if (c->nsetcookie == sizeof(c->setcookie) / sizeof(c->setcookie[0]))
		abort();
	c->setcookie[c->nsetcookie++] = setcookie;
}

void
log_req(const struct ctx *c, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	log_vref(c->ref, c->call.who.addr, fmt, ap);
	va_end(ap);
}

int
http_redirect(struct ctx *c, const char *path)
{
	/* Local paths only: never an open redirect. */
	if (path[0] != '/' || path[1] == '/' || path[1] == '\\' ||
	    !header_safe(path))
		return http_fail(c, 500, NULL);
	c->location = path;
	return 303;
}

void
http_no_phi(struct ctx *c)
{
	c->audited.ca_no_phi = 1;
}

int
http_unavailable(const struct ctx *c)
{
	return db_unavailable(c->call.p->db);
}

int
http_app_status(const struct ctx *c, enum app_rc rc)
{
	return rc == APP_BUSY || http_unavailable(c) ? 503 : 500;
}

int
http_form_failed(struct ctx *c, enum app_rc rc)
{
	int	 status = http_app_status(c, rc);

	tvars_str(c->vars, "problem", status == 503 ?
	    "Nothing was saved: the portal cannot answer right now. What you "
	    "typed is below (passwords and codes must be typed again): try "
	    "again in a minute." :
	    "Nothing was saved: something went wrong on our side. What you "
	    "typed is below (passwords and codes must be typed again): try "
	    "again later, or call Support.");
	return status;
}

int
http_fail(struct ctx *c, int status, const char *message)
{
	c->page = NULL;
	c->message = message;
	return status;
}

/* The request path from REQUEST_URI (nginx and Apache both send it),
 * without the query. Only plain printable ASCII is accepted. */
static const char *
req_path(struct ctx *c, const char *uri)
{
	size_t	 n, i;

	if (uri == NULL || uri[0] != '/')
		return NULL;
	n = strcspn(uri, "?");
	if (n > MAX_PATH)
		return NULL;
	for (i = 0; i < n; i++)
		if ((unsigned char)uri[i] <= 0x20 || (unsigned char)uri[i] >= 0x7f)
			return NULL;
	return arena_strndup(c->call.a, uri, n);
}

/* Reads the whole body, up to max bytes; -2 if larger, -1 on error.
 * With a CONTENT_LENGTH (nginx and Apache send one) the body goes into
 * one buffer of that size: a 1 MB upload costs 1 MB, not the 2 MB and
 * the copies of a growing buffer (issue 9.6). */
static long
req_body(struct ctx *c, FCGX_Request *r, size_t max, unsigned char **out)
{
	const char	*cl = FCGX_GetParam("CONTENT_LENGTH", r->envp);
	struct buf	 b;
	char		 chunk[16384], *end, *p;
	unsigned long long want;
	size_t		 got = 0;
	int		 n;

	if (cl != NULL && *cl >= '0' && *cl <= '9') {
		errno = 0;
		want = strtoull(cl, &end, 10);
		if (errno != 0 || *end != '\0')
			return -1;
		if (want > max)
			return -2;
		p = arena_alloc(c->call.a, (size_t)want + 1);
		while (got < want && (n = FCGX_GetStr(p + got,
		    (int)(want - got > INT_MAX ? INT_MAX : want - got), r->in)) > 0)
			got += (size_t)n;
		/* Less than announced is a broken request; more is not read. */
		if (got != want || FCGX_GetError(r->in) != 0)
			return -1;
		*out = (unsigned char *)p;
		return (long)got;
	}
	buf_init(&b, c->call.a);
	while ((n = FCGX_GetStr(chunk, sizeof(chunk), r->in)) > 0) {
		if (b.b_len + (size_t)n > max)
			return -2;
		buf_put(&b, chunk, (size_t)n);
	}
	if (FCGX_GetError(r->in) != 0)
		return -1;
	*out = (unsigned char *)b.b_data;
	return (long)b.b_len;
}

/* The fields of a body refused as a whole, parsed with lim_keep only to
 * give the typed text back (keep.h); its files are dropped. */
static void
keep_parse(struct ctx *c, const char *ct, const unsigned char *body,
    size_t n)
{
	enum http_parse	 rc;

	c->form = NULL;
	c->nform = 0;
	if (strncasecmp(ct, "multipart/form-data", 19) == 0)
		rc = http_parse_multipart(c->call.a, ct, body, n, &lim_keep,
		    &c->form, &c->nform, &c->files, &c->nfiles);
	else
		rc = http_parse_urlencoded(c->call.a, (const char *)body, n,
		    &lim_keep, &c->form, &c->nform);
	c->files = NULL;
	c->nfiles = 0;
	if (rc != HTTP_PARSE_OK) {
		c->form = NULL;
		c->nform = 0;
	}
}

/* A POST refused before its fields were read (a body over the limit, a
 * session that expired before an upload was read): its body is read
 * after all, up to MAX_KEEP, for the text only. 0, or -1 if it cannot. */
static int
req_keep(struct ctx *c, FCGX_Request *r)
{
	const char	*ct = FCGX_GetParam("CONTENT_TYPE", r->envp);
	unsigned char	*body = NULL;
	long		 n;

	if (ct == NULL || c->nform > 0 ||
	    (n = req_body(c, r, MAX_KEEP, &body)) < 0)
		return -1;
	c->body_len = (size_t)n;
	keep_parse(c, ct, body, (size_t)n);
	return 0;
}

/* Parses the POST body by its type; returns 0 or an HTTP status. */
static int
req_form(struct ctx *c, FCGX_Request *r, unsigned flags)
{
	const char	*ct = FCGX_GetParam("CONTENT_TYPE", r->envp);
	unsigned char	*body = NULL;
	long		 n;
	enum http_parse	 rc;
	int		 multi;

	if (ct == NULL)
		ct = "";
	multi = strncasecmp(ct, "multipart/form-data", 19) == 0;
	if (!multi && strncasecmp(ct, "application/x-www-form-urlencoded", 33) != 0)
		return 415;
	n = req_body(c, r, multi && (flags & R_UPLOAD) ? MAX_UPLOAD : MAX_FORM, &body);
	if (n == -2)
		return req_keep(c, r), 413;
	if (n < 0)
		return 400;
	c->body_len = (size_t)n;
	if (multi)
		rc = http_parse_multipart(c->call.a, ct, body, (size_t)n,
		    (flags & R_UPLOAD) ? &lim_upload : &lim_form,
		    &c->form, &c->nform, &c->files, &c->nfiles);
	else
		rc = http_parse_urlencoded(c->call.a, (const char *)body, (size_t)n,
		    &lim_form, &c->form, &c->nform);
	if (rc == HTTP_PARSE_BIG) {
		/* Read again with the keeping limits, for the text only. */
		keep_parse(c, ct, body, (size_t)n);
		return 413;
	}
	return rc == HTTP_PARSE_OK ? 0 : 400;
}

void
http_conf_vars(struct tvars *v, const struct conf *cf)
{
	tvars_str(v, "portal_name", cf->portal_name);
	tvars_str(v, "hospital_name", cf->hospital_name);
	tvars_str(v, "support_phone", cf->support_phone);
	tvars_str(v, "support_email", cf->support_email);
	tvars_str(v, "support_hours", cf->support_hours);
	tvars_str(v, "provider_support_phone", cf->provider_support_phone);
	tvars_str(v, "provider_support_email", cf->provider_support_email);
	tvars_str(v, "provider_support_hours", cf->provider_support_hours);
	tvars_str(v, "main_phone", cf->main_phone);
	tvars_str(v, "emergency_number", cf->emergency_number);
	tvars_str(v, "logo", cf->logo);
	tvars_str(v, "billing_phone", cf->billing_phone);
	tvars_str(v, "billing_hours", cf->billing_hours);
	tvars_bool(v, "pay_online", conf_pay_online(cf));
}

static void
common_vars(struct ctx *c)
{
	c->vars = tvars_new(c->call.a);
	http_conf_vars(c->vars, c->call.p->conf);
	tvars_str(c->vars, "ref", c->ref);
}

static void
out_str(FCGX_Request *r, const char *s)
{
	FCGX_PutStr(s, (int)strlen(s), r->out);
}

/* Writes status, headers and body. Any header that is not safe turns the
 * whole response into a plain 500. Returns the status sent. */
static int
respond(struct ctx *c, FCGX_Request *r, int status, int head)
{
	char		 line[128];
	struct buf	 page;
	const char	*body, *ctype;
	size_t		 len, i;
	int		 si;

	for (i = 0; i < c->nhdrs; i++)
		if (!header_safe(c->hdrs[i].kv_key) || !header_safe(c->hdrs[i].kv_val))
			goto unsafe;
	for (i = 0; i < c->nsetcookie; i++)
		if (!header_safe(c->setcookie[i]))
			goto unsafe;

	if (c->location != NULL)
		status = 303;
	if (status >= 400 && c->page == NULL && !c->raw) {
		si = status_index(status);
		status = statuses[si].code;
		tvars_strf(c->vars, "status", "%d", status);
		tvars_str(c->vars, "title", statuses[si].text);
		tvars_str(c->vars, "message", c->message != NULL ?
		    c->message : statuses[si].message);
		c->page = "error";
		c->raw = 0;
	}
	si = status_index(status);
	if (c->raw) {
		body = c->body.b_data;
		len = c->body.b_len;
		ctype = c->ctype;
	} else if (c->page != NULL) {
		buf_init(&page, c->call.a);
		if (tmpl_render(c->call.p->tmpl, c->page, c->vars, &page) == -1) {
			log_req(c, "no template %s", c->page);
			status = 500;
			si = status_index(500);
			buf_init(&page, c->call.a);
			buf_puts(&page, "Internal error\n");
		}
		body = page.b_data;
		len = page.b_len;
		ctype = "text/html; charset=utf-8";
	} else {
		body = "";
		len = 0;
		ctype = "text/plain; charset=utf-8";
	}

	snprintf(line, sizeof(line), "Status: %d %s\r\n", statuses[si].code,
	    statuses[si].text);
	out_str(r, line);
	out_str(r, CSP_BEFORE);
	if (c->form_action != NULL && csp_source_safe(c->form_action)) {
		out_str(r, " ");
		out_str(r, c->form_action);
	}
	out_str(r, CSP_AFTER "\r\n");
	for (i = 0; i < sizeof(sec_headers) / sizeof(sec_headers[0]); i++) {
		out_str(r, sec_headers[i]);
		out_str(r, "\r\n");
	}
	if (c->call.p->conf->cookie_secure)
		out_str(r, "Strict-Transport-Security: max-age=31536000\r\n");
	if (statuses[si].code == 503)
		out_str(r, "Retry-After: " RETRY_AFTER "\r\n");
	if (c->location != NULL) {
		out_str(r, "Location: ");
		out_str(r, c->location);
		out_str(r, "\r\n");
	}
	for (i = 0; i < c->nsetcookie; i++) {
		out_str(r, "Set-Cookie: ");
		out_str(r, c->setcookie[i]);
		out_str(r, "\r\n");
	}
	for (i = 0; i < c->nhdrs; i++) {
		out_str(r, c->hdrs[i].kv_key);
		out_str(r, ": ");
		out_str(r, c->hdrs[i].kv_val);
		out_str(r, "\r\n");
	}
	/* libfcgi's own printf has no %zu: format here (DESIGN pitfall). */
	snprintf(line, sizeof(line), "Content-Type: %s\r\nContent-Length: %zu\r\n\r\n",
	    ctype, head ? (size_t)0 : len);
	out_str(r, line);
	if (!head)
		FCGX_PutStr(body, (int)len, r->out);
	return statuses[si].code;
unsafe:
	log_req(c, "unsafe header refused");
	out_str(r, "Status: 500 Internal Server Error\r\n"
	    "Content-Type: text/plain; charset=utf-8\r\n"
	    "Cache-Control: no-store\r\n\r\nInternal error\n");
	return 500;
}

/*
 * No audit, no page (issue 9.2), for every program, here and only here,
 * after the handler and its transactions are over: a request any of whose
 * audit rows was not written gets the 503 error page (Retry-After), never
 * what the handler built; a 2xx page of an R_PHI route with no row
 * written is a bug, refused as a 500 (and so is a 422 page of one: a form
 * shown again with what it is about). A handler's http_no_phi exempts its
 * page (it shows no health information). Returns the status to send.
 */
static int
audit_gate(struct ctx *c, int status)
{
	const struct call_audit	*ca = &c->audited;
	int			 phi;

	phi = c->route != NULL && (c->route->flags & R_PHI) && !ca->ca_no_phi;
	if (ca->ca_failed > 0 && !ca->ca_no_phi) {
		log_req(c, "audit: %u row(s) not written: the page of %s is "
		    "refused (503)", ca->ca_failed, c->path ? c->path : "?");
		status = 503;
	} else if (phi && ((status >= 200 && status < 300) || status == 422) &&
	    ca->ca_acked == 0) {
		log_req(c, "audit: bug: a page of health information on %s "
		    "without an audit row: refused (500)", c->path);
		status = 500;
	} else
		return status;
	/* Nothing the handler built goes out (its headers may name a file,
	 * its cookies a session whose sign-in row is missing). */
	c->page = NULL;
	c->raw = 0;
	c->location = NULL;
	c->form_action = NULL;
	c->message = NULL;
	c->nhdrs = 0;
	c->nsetcookie = 0;
	/* A form still gives back what was typed (issue 15.3), on a page
	 * of fresh values: nothing the handler found goes out. */
	if (status == 503 && c->method == M_POST && c->nform > 0) {
		common_vars(c);
		tvars_str(c->vars, "csrf", c->csrf);
		return keep_page(c, KEEP_DOWN, NULL);
	}
	return status;		/* respond() adds a 503's Retry-After */
}

/* Each kind of session: the route flag that needs it, its sign-in
 * page, and the page that asks for the second factor. */
static const struct {
	unsigned	 flag;
	enum sess_kind	 kind, also;
	const char	*login;
	const char	*step;
} sess_kinds[] = {
	{ R_FAMILY, SESS_FAMILY, SESS_FAMILY, "/login/", "/login/2fa" },
	{ R_STAFF, SESS_STAFF, SESS_STAFF, "/staff/login", "/staff/login" },
	{ R_PROVIDER, SESS_PROVIDER, SESS_SPONSORED, "/provider/login",
	    "/provider/2fa" },
};

/* 1 if the request's session is the kind the route needs (R_FAMILY,
 * R_STAFF, R_PROVIDER) at a stage the route opens to, or it needs none. */
static int
sess_fits(const struct ctx *c, unsigned flags)
{
	size_t	 i;

	for (i = 0; i < sizeof(sess_kinds) / sizeof(sess_kinds[0]); i++) {
		if (!(flags & sess_kinds[i].flag))
			continue;
		if (c->sess == NULL || (c->sess->s_kind != sess_kinds[i].kind &&
		    c->sess->s_kind != sess_kinds[i].also))
			return 0;
		if (c->sess->s_stage != SESS_IN && !(flags & R_STEP))
			return 0;
	}
	return 1;
}

/* To the sign-in page the route's kind of account uses, or to the second
 * factor's page when the sign-in waits for it. */
static int
sess_redirect(struct ctx *c, unsigned flags)
{
	size_t	 i;

	for (i = 0; i < sizeof(sess_kinds) / sizeof(sess_kinds[0]); i++) {
		if (!(flags & sess_kinds[i].flag))
			continue;
		if (c->sess != NULL && c->sess->s_stage != SESS_IN &&
		    (c->sess->s_kind == sess_kinds[i].kind ||
		    c->sess->s_kind == sess_kinds[i].also))
			return http_redirect(c, sess_kinds[i].step);
		return http_redirect(c, arena_printf(c->call.a, "%s%s",
		    sess_kinds[i].login, c->sess_ended ? "?ended=1" :
		    c->sess_expired ? "?expired=1" : ""));
	}
	return http_redirect(c, "/login/");
}

/* A signed-in family session (the remembered patient is theirs only). */
static int
family_in(const struct ctx *c)
{
	return c->sess != NULL && c->sess->s_kind == SESS_FAMILY &&
	    c->sess->s_stage == SESS_IN && c->call.who.kind == ACTOR_FAMILY;
}

/*
 * An R_PATIENT page asked without ?p=: the remembered patient becomes its
 * ?p= if the policy lets the account see them now (record_access, the
 * record pages' own question); one it no longer sees is forgotten, and
 * the page takes its own default (the first the account sees).
 */
static void
patient_default(struct ctx *c)
{
	struct record_view	 v;
	struct kv		*q;
	int64_t			 id;

	if (!family_in(c) || http_query(c, "p") != NULL ||
	    (id = c->sess->s_patient) <= 0)
		return;
	switch (record_access(&c->call, id, &v)) {
	case 1:
		q = arena_alloc(c->call.a, (c->nquery + 1) * sizeof(*q));
		if (c->nquery > 0)
			memcpy(q, c->query, c->nquery * sizeof(*q));
		q[c->nquery].kv_key = "p";
		q[c->nquery].kv_val = arena_printf(c->call.a, "%lld",
		    (long long)id);
		q[c->nquery].kv_len = strlen(q[c->nquery].kv_val);
		c->query = q;
		c->nquery++;
		break;
	case 0:
		if (store_sess_patient(c->call.p->db, c->sess->s_id, 0) == -1)
			log_req(c, "session: the remembered patient could not "
			    "be forgotten");
		c->sess->s_patient = 0;
		break;
	default:
		break;		/* the page meets the store's failure itself */
	}
}

/* After an R_PATIENT page: a 2xx page for ?p=N (the handler's operation
 * let the account see N) makes N the session's patient. */
static void
patient_remember(struct ctx *c, int status)
{
	int64_t		 id;

	if (!family_in(c) || status < 200 || status >= 300 ||
	    (id = http_query_id(c, "p")) == 0 || id == c->sess->s_patient)
		return;
	if (store_sess_patient(c->call.p->db, c->sess->s_id, id) == -1)
		log_req(c, "session: the patient shown could not be remembered");
	else
		c->sess->s_patient = id;
}

/* 1 if the route needs a session the request had and lost: it timed
 * out or was ended, or (its cookie already cleared, in another tab) the
 * form carries typed text; not one waiting for its second factor. */
static int
sess_lost(const struct ctx *c, unsigned flags)
{
	return (flags & (R_FAMILY | R_STAFF | R_PROVIDER)) && c->sess == NULL &&
	    (c->sess_expired || c->sess_ended || keep_typed(c));
}

/* The page of a POST refused before its handler, with what was typed
 * (keep.h). A fresh token goes with it, except to a session that is
 * gone (that page gives the text to copy and a link to sign in). */
static int
kept(struct ctx *c, enum keep_why why, unsigned flags)
{
	const char	*login = NULL;
	size_t		 i;

	if (why == KEEP_EXPIRED)
		for (i = 0; i < sizeof(sess_kinds) / sizeof(sess_kinds[0]); i++)
			if (flags & sess_kinds[i].flag)
				login = sess_kinds[i].login;
	/* When no session could be read (503), the token is one of no
	 * session, which the next try checks as any other. */
	if (why != KEEP_EXPIRED)
		sess_csrf_vars(c);
	return keep_page(c, why, login);
}

static int
dispatch(struct ctx *c, const struct app *app, FCGX_Request *r)
{
	const struct route	*rt = NULL;
	const char		*m, *q, *given;
	size_t			 i;
	int			 path_known = 0, st;

	m = FCGX_GetParam("REQUEST_METHOD", r->envp);
	if ((c->path = req_path(c, FCGX_GetParam("REQUEST_URI", r->envp))) == NULL)
		return 400;
	if (m != NULL && (strcmp(m, "GET") == 0 || strcmp(m, "HEAD") == 0))
		c->method = M_GET;
	else if (m != NULL && strcmp(m, "POST") == 0)
		c->method = M_POST;
	else
		return 405;
	for (i = 0; i < app->nroutes; i++) {
		if (strcmp(app->routes[i].path, c->path) != 0)
			continue;
		path_known = 1;
		if (app->routes[i].method == c->method) {
			rt = &app->routes[i];
			break;
		}
	}
	if (rt == NULL)
		return path_known ? 405 : 404;
	c->route = rt;

	q = FCGX_GetParam("QUERY_STRING", r->envp);
	if (q != NULL && http_parse_urlencoded(c->call.a, q, strlen(q), &lim_query,
	    &c->query, &c->nquery) != HTTP_PARSE_OK)
		return 400;
	if ((q = FCGX_GetParam("HTTP_COOKIE", r->envp)) != NULL &&
	    http_parse_cookies(c->call.a, q, &lim_cookie, &c->cookies,
	    &c->ncookies) != HTTP_PARSE_OK)
		return 400;

	/* A page's reads share one transaction (db.h); a POST writes. */
	if (c->method == M_GET)
		db_request_read(c->call.p->db, 1);
	sess_load(c);
	if (c->sess_failed) {
		/* What a refused POST carried comes back (issue 15.3). */
		if (c->method == M_POST && req_keep(c, r) == 0)
			return kept(c, http_unavailable(c) ? KEEP_DOWN :
			    KEEP_BROKEN, rt->flags);
		return 500;
	}
	/* Up to 32 MB are not read for someone not signed in: a form whose
	 * session expired is read up to MAX_KEEP, for its text only. */
	if ((rt->flags & R_UPLOAD) && !sess_fits(c, rt->flags)) {
		if (c->method == M_POST && c->sess == NULL &&
		    req_keep(c, r) == 0 && sess_lost(c, rt->flags))
			return kept(c, KEEP_EXPIRED, rt->flags);
		return sess_redirect(c, rt->flags);
	}
	if (c->method == M_POST) {
		if ((st = req_form(c, r, rt->flags)) != 0)
			return st == 413 ? kept(c, KEEP_TOO_BIG, rt->flags) : st;
		/* Signed out meanwhile: the text to copy, or (nothing typed
		 * to lose) the sign-in page, rather than a token refused. */
		if (!sess_fits(c, rt->flags) && c->sess == NULL)
			return sess_lost(c, rt->flags) ? kept(c, KEEP_EXPIRED,
			    rt->flags) : sess_redirect(c, rt->flags);
		given = http_form(c, "csrf");
		if (!(rt->flags & R_SIGNED) &&
		    (given == NULL || !sess_csrf_ok(c, given))) {
			log_req(c, "csrf refused on %s", c->path);
			return kept(c, KEEP_CSRF, rt->flags);
		}
	}
	if (!sess_fits(c, rt->flags))
		return sess_redirect(c, rt->flags);
	sess_csrf_vars(c);
	if (!(rt->flags & R_PATIENT))
		st = rt->fn(c);
	else {
		patient_default(c);
		st = rt->fn(c);
		patient_remember(c, st);
	}
	/* A handler that failed with no page of its own (the database could
	 * not answer before it had what its page shows): what was typed
	 * comes back all the same; an audit row not written is the database
	 * not answering too (a 503, as audit_gate would make it). */
	if (c->method == M_POST && st >= 500 && c->page == NULL && !c->raw &&
	    c->location == NULL)
		return kept(c, st == 503 || http_unavailable(c) ||
		    c->audited.ca_failed > 0 ? KEEP_DOWN : KEEP_BROKEN,
		    rt->flags);
	return st;
}

/*
 * GET or HEAD /healthz (issue 16.4), in every program and before any
 * route: a load balancer or a monitor asks any socket the same question
 * (the web servers send the host's /healthz to cgi-bin/help). "ok" when
 * the database takes a writer within the busy timeout and its schema is
 * the newest this installation ships (want); else a 503. No session, no
 * cookie, no audit row, and no word of why: the program's log says that.
 */
static int
health(struct ctx *c, int want)
{
	const char	*why;
	int		 ok;

	if (c->method != M_GET)
		return 405;
	if (!(ok = db_health(c->call.p->db, want, &why)))
		log_req(c, "healthz: %s", why);
	c->raw = 1;
	c->ctype = "text/plain; charset=utf-8";
	buf_puts(&c->body, ok ? "ok\n" : "unavailable\n");
	return ok ? 200 : 503;
}

/* 1 if the request is for /healthz (any query aside), with c->path and
 * c->method set. */
static int
health_asked(struct ctx *c, FCGX_Request *r)
{
	const char	*uri = FCGX_GetParam("REQUEST_URI", r->envp);
	const char	*m = FCGX_GetParam("REQUEST_METHOD", r->envp);

	if (uri == NULL || strncmp(uri, "/healthz", 8) != 0 ||
	    (uri[8] != '\0' && uri[8] != '?'))
		return 0;
	c->path = "/healthz";
	/* Anything but GET and HEAD is a 405 (M_POST stands for it). */
	c->method = m != NULL && (strcmp(m, "GET") == 0 ||
	    strcmp(m, "HEAD") == 0) ? M_GET : M_POST;
	return 1;
}

static long
ms_since(const struct timespec *t0)
{
	struct timespec	 t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (long)(t1.tv_sec - t0->tv_sec) * 1000 +
	    (t1.tv_nsec - t0->tv_nsec) / 1000000;
}

/* The request's outcome line (reqlog.h), ms from accept to the answer
 * written, if portal.conf's log_level keeps its level; a /healthz that
 * answered "ok" is not logged (a monitor asks every few seconds). */
static void
outcome_log(const struct ctx *c, const struct app *app, const char *method,
    int status, long ms, int healthz)
{
	struct reqlog	 rl;
	char		 line[512];

	if (healthz && status == 200)
		return;
	rl.ref = c->ref;
	rl.prog = app->name;
	rl.status = status;
	rl.ms = ms;
	rl.method = method;
	rl.path = c->path;
	if ((long)reqlog_format(line, sizeof(line), &rl) >=
	    c->call.p->conf->log_level)
		log_req(c, "%s", line);
}

/*
 * Waits up to IDLE_MS for the next request: a connection on the listening
 * socket, or a request on the connection the web server keeps (its fd, if
 * any, is the request's ipcFd: read here, never changed). If none comes,
 * or one comes after WOKEN_MS or more (the load is light), the page cache
 * and the heap's free pages go back to the system (issue 9.6) before this
 * worker goes to accept. A busy worker keeps them: filling them again on
 * every request cost /inbox/ 64% of its rate on a VM where page faults are
 * dear. The second case is for a pool: every idle worker polls the one
 * listening socket, so each connection wakes them all, one accepts it and
 * the others wait in accept, where nothing trims; under a trickle of a
 * request every few hundred milliseconds none would ever see a quiet
 * second.
 */
static void
idle_trim(struct portal *p, const FCGX_Request *r)
{
	struct pollfd	 pfd[2];
	struct timespec	 t0;
	nfds_t		 n = 0;
	int		 rc;

	pfd[n].fd = LISTEN_FD;
	pfd[n++].events = POLLIN;
	if (r->ipcFd >= 0) {
		pfd[n].fd = r->ipcFd;
		pfd[n++].events = POLLIN;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = poll(pfd, n, IDLE_MS);
	if (rc < 0 || (rc > 0 && ms_since(&t0) < WOKEN_MS))
		return;		/* busy (or an error: accept says) */
	db_release(p->db);
	malloc_trim(0);
}

int
http_main(const struct app *app)
{
	struct portal	*p;
	struct arena	*a;
	struct ctx	 c;
	FCGX_Request	 r;
	unsigned char	 rnd[6];
	int		 status, head, healthz, want;
	const char	*m;
	char		 tmplerr[512];
	struct timespec	 t0;

	signal(SIGPIPE, SIG_IGN);
	/* A request's large buffers (an upload, a download) are mapped
	 * apart and given back when the request ends, so a worker returns to
	 * its size between requests (issue 9.6): a fixed threshold, because
	 * glibc otherwise raises it after the first large free and keeps
	 * later large buffers in a heap it does not shrink. */
	mallopt(M_MMAP_THRESHOLD, 128 * 1024);
	mallopt(M_TRIM_THRESHOLD, 256 * 1024);
	log_init(app->name);
	p = portal_open(1);
	if ((p->tmpl = tmpl_set_load(p->conf->templates, tmplerr,
	    sizeof(tmplerr))) == NULL) {
		fprintf(stderr, "portal: templates: %s\n", tmplerr);
		exit(1);
	}
	/* The schema this installation ships, for /healthz: read once. */
	if ((want = db_migration_newest(p->conf->sql)) < 1)
		log_msg("healthz: no migrations in %s: /healthz answers 503",
		    p->conf->sql);
	a = arena_new();
	if (FCGX_Init() != 0 || FCGX_InitRequest(&r, LISTEN_FD, 0) != 0) {
		log_msg("cannot initialise FastCGI");
		return 1;
	}
	ready_notify();
	while (FCGX_Accept_r(&r) >= 0) {
		clock_gettime(CLOCK_MONOTONIC, &t0);
		memset(&c, 0, sizeof(c));
		c.call.a = a;
		c.call.p = p;
		c.fcgi = &r;
		c.call.now = time(NULL);
		crypto_random(rnd, sizeof(rnd));
		crypto_hex(rnd, sizeof(rnd), c.ref);
		c.call.audit = &c.audited;
		c.call.who.addr = FCGX_GetParam("REMOTE_ADDR", r.envp);
		if (c.call.who.addr == NULL)
			c.call.who.addr = "";
		c.remote_user = FCGX_GetParam("REMOTE_USER", r.envp);
		buf_init(&c.body, a);
		common_vars(&c);
		m = FCGX_GetParam("REQUEST_METHOD", r.envp);
		head = m != NULL && strcmp(m, "HEAD") == 0;

		db_failure_clear(p->db);
		if ((healthz = health_asked(&c, &r)))
			status = health(&c, want);
		else {
			status = dispatch(&c, app, &r);
			db_request_read(p->db, 0);
			/* A handler that failed mid-way must not leave a
			 * transaction open (its audit rows, if any, are then
			 * counted as failed). */
			db_rollback(p->db);
			/* 500 is for bugs: a database that cannot answer
			 * (locked past the busy timeout, full, read-only) is a
			 * 503, decided here for every page, and respond() adds
			 * Retry-After. */
			if (status == 500 && db_unavailable(p->db))
				status = 503;
			status = audit_gate(&c, status);
		}
		status = respond(&c, &r, status, head);
		/* Every error page shows c.ref: Support finds its line by
		 * it. The path only, never the query (it may carry an id).
		 * Before FCGX_Finish_r, which frees the request's
		 * parameters (the method, the address). */
		outcome_log(&c, app, m, status, ms_since(&t0), healthz);
		FCGX_Finish_r(&r);
		arena_reset(a);
		/* After an upload, what the heap kept of it goes back. */
		if (c.body_len > MAX_FORM)
			malloc_trim(0);
		idle_trim(p, &r);
	}
	arena_free(a);
	tmpl_set_free(p->tmpl);
	portal_close(p);
	return 0;
}
