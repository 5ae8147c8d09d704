/*
 * Session cookies and CSRF tokens (S-2). Cookie attributes: HttpOnly,
 * SameSite=Strict, and with cookie_secure (the default) Secure and the
 * __Host- prefix, which pins the cookie to this host and path "/".
 */
#include <ctype.h>
#include <string.h>

#include "conf.h"
#include "crypto.h"
#include "db.h"
#include "http.h"
#include "log.h"
#include "provider.h"
#include "sess.h"
#include "staff.h"
#include "store_sess.h"
#include "tmpl.h"

#define TOKEN_LEN	32	/* session token bytes */
#define PRE_LEN		16	/* pre-session cookie bytes */
#define TOUCH_EVERY	30	/* seconds between last-seen writes */
#define DEV_LEN		16	/* browser id bytes */
#define DEV_AGE		(400L * 86400)	/* a browser is remembered this long */

/* The provider portal (/provider/) keeps its session in a cookie of its
 * own (issue 11): a clinician who is also a parent can be signed in to
 * both portals in one browser, and neither session is sent as the other. */
static const char *
sess_cookie(const struct ctx *c)
{
	return c->path != NULL && strncmp(c->path, "/provider/", 10) == 0 ?
	    "psid" : "sid";
}

/* The browser id of each portal too: one cookie holds one account's
 * binding, and a clinician who is also a parent signing in to one portal
 * must not make the browser new to their account on the other (where a
 * stranger's wrong passwords would then hold it back). */
static const char *
dev_cookie(const struct ctx *c)
{
	return c->path != NULL && strncmp(c->path, "/provider/", 10) == 0 ?
	    "pdev" : "dev";
}

static const char *
cookie_name(const struct ctx *c, const char *base)
{
	return c->call.p->conf->cookie_secure ?
	    arena_printf(c->call.a, "__Host-%s", base) : base;
}

static void
set_cookie(struct ctx *c, const char *base, const char *value, int clear)
{
	http_cookie(c, arena_printf(c->call.a, "%s=%s; Path=/;%s HttpOnly; SameSite=Strict%s",
	    cookie_name(c, base), value,
	    c->call.p->conf->cookie_secure ? " Secure;" : "",
	    clear ? "; Max-Age=0" : ""));
}

/* The request's session, and so who the call is on behalf of: nobody
 * until the sign-in is complete (a session waiting for its second factor
 * acts for no one; its own pages read c->sess). */
static void
sess_set(struct ctx *c, struct sess *s)
{
	static const enum actor_kind kinds[SESS__MAX] = {
		[SESS_FAMILY] = ACTOR_FAMILY,
		[SESS_STAFF] = ACTOR_STAFF,
		[SESS_PROVIDER] = ACTOR_PROVIDER,
		[SESS_SPONSORED] = ACTOR_SPONSORED,
	};
	int	 in = s != NULL && s->s_stage == SESS_IN;

	c->sess = s;
	c->call.who.kind = in ? kinds[s->s_kind] : ACTOR_NOBODY;
	c->call.who.id = in ? s->s_principal : 0;
}

/* A provider-portal session stands only while its account does
 * (P-SPONSOR 1: a suspension or revocation, of the user or of the
 * sponsor's privileges, ends access at the next request). 1 if it
 * stands, 0 if not, -1 if the store could not answer. */
static int
sess_standing(struct ctx *c, const struct sess *s)
{
	int	 st;

	if (s->s_kind != SESS_PROVIDER && s->s_kind != SESS_SPONSORED)
		return 1;
	if ((st = app_provider_standing(&c->call, s->s_principal, NULL)) == -1)
		return -1;
	return st == PSTAND_OK;
}

void
sess_load(struct ctx *c)
{
	const struct conf	*cf = c->call.p->conf;
	const char		*v;
	unsigned char		 tok[TOKEN_LEN + 2], hash[32];
	struct sess		*s;

	if ((v = http_cookie_get(c, cookie_name(c, sess_cookie(c)))) == NULL)
		return;
	if (crypto_unb64url(v, tok, sizeof(tok)) != TOKEN_LEN)
		return;
	crypto_sha256(tok, TOKEN_LEN, hash);
	s = arena_alloc(c->call.a, sizeof(*s));
	switch (store_sess_get(c->call.p->db, hash, s)) {
	case 1:
		break;
	case 0:
		set_cookie(c, sess_cookie(c), "", 1);
		return;
	default:
		/* Not known, not gone: the cookie stays, the request fails
		 * (a 503 if the database cannot answer). */
		c->sess_failed = 1;
		return;
	}
	if (c->call.now - s->s_seen > cf->session_idle ||
	    c->call.now - s->s_created > cf->session_absolute) {
		store_sess_delete(c->call.p->db, s->s_id);
		set_cookie(c, sess_cookie(c), "", 1);
		c->sess_expired = 1;
		return;
	}
	switch (sess_standing(c, s)) {
	case 1:
		break;
	case 0:
		store_sess_delete_principal(c->call.p->db, s->s_kind,
		    s->s_principal);
		set_cookie(c, sess_cookie(c), "", 1);
		c->sess_ended = 1;
		return;
	default:
		c->sess_failed = 1;
		return;
	}
	if (c->call.now - s->s_seen >= TOUCH_EVERY)
		store_sess_touch(c->call.p->db, s->s_id, c->call.now);
	sess_set(c, s);
}

/* Forgets the current session (the old id never works again). */
static void
sess_drop(struct ctx *c)
{
	if (c->sess != NULL) {
		store_sess_delete(c->call.p->db, c->sess->s_id);
		sess_set(c, NULL);
	}
}

int
sess_start(struct ctx *c, enum sess_kind kind, enum sess_stage stage,
    int64_t principal)
{
	unsigned char	 tok[TOKEN_LEN], hash[32];
	char		 text[TOKEN_LEN * 2];
	struct sess	*s;

	sess_drop(c);
	crypto_random(tok, sizeof(tok));
	crypto_sha256(tok, sizeof(tok), hash);
	crypto_b64url(tok, sizeof(tok), text);
	s = arena_alloc(c->call.a, sizeof(*s));
	if ((s->s_id = store_sess_create(c->call.p->db, kind, stage, principal,
	    hash, c->call.now, c->call.who.addr)) == -1)
		return -1;
	s->s_kind = kind;
	s->s_stage = stage;
	s->s_principal = principal;
	s->s_created = s->s_seen = c->call.now;
	memcpy(s->s_hash, hash, sizeof(hash));
	sess_set(c, s);
	set_cookie(c, sess_cookie(c), text, 0);
	explicit_bzero(tok, sizeof(tok));
	/* The pre-session ends here: its CSRF token, which the sign-in page
	 * showed (and someone may have planted), must not outlive it. */
	if (http_cookie_get(c, cookie_name(c, "pre")) != NULL)
		set_cookie(c, "pre", "", 1);
	sess_csrf_vars(c);
	return 0;
}

void
sess_end(struct ctx *c)
{
	if (c->sess != NULL) {
		sess_drop(c);
		set_cookie(c, sess_cookie(c), "", 1);
	}
}

void
sess_clear_site(struct ctx *c)
{
	http_header(c, "Clear-Site-Data", "\"cache\", \"cookies\", \"storage\"");
}

/* The CSRF token for a binding (session hash or pre-session value). */
static void
csrf_for(const struct ctx *c, char tag, const void *bind, size_t n, char *out)
{
	unsigned char	 msg[64], mac[32];

	if (n > sizeof(msg) - 1)
		n = sizeof(msg) - 1;
	msg[0] = (unsigned char)tag;
	memcpy(msg + 1, bind, n);
	crypto_hmac_sha256(c->call.p->key, sizeof(c->call.p->key), msg, n + 1, mac);
	crypto_b64url(mac, sizeof(mac), out);
}

static const char *
pre_value(const struct ctx *c)
{
	const char	*v = http_cookie_get(c, cookie_name(c, "pre"));
	unsigned char	 raw[PRE_LEN + 2];

	if (v == NULL || crypto_unb64url(v, raw, sizeof(raw)) != PRE_LEN)
		return NULL;
	return v;
}

int
sess_csrf_ok(struct ctx *c, const char *given)
{
	char		 want[64];
	const char	*pre;

	if (strlen(given) != 43)
		return 0;
	/* With a session only its own token counts: a pre-session token
	 * (from before the sign-in) is refused even if its cookie is sent. */
	if (c->sess != NULL) {
		csrf_for(c, 's', c->sess->s_hash, 32, want);
		return crypto_equal(want, given, 43);
	}
	if ((pre = pre_value(c)) != NULL) {
		csrf_for(c, 'p', pre, strlen(pre), want);
		if (crypto_equal(want, given, 43))
			return 1;
	}
	return 0;
}

/* The staff header links only the pages a role of the member's opens
 * (issue 11.8); the pages check again. Without the roles (a database
 * error), no links: the pages say what is missing. */
static void
staff_nav(struct ctx *c)
{
	static const struct {
		const char	*var;
		enum staff_act	 act;
	} nav[] = {
		{ "nav_inbox", STAFF_INBOX },
		{ "nav_queue", STAFF_QUEUE_VIEW },
		{ "nav_provision", STAFF_PROVISION_VIEW },
		{ "nav_pcp", STAFF_PCP_DECIDE },
		{ "nav_svisits", STAFF_VISIT_QUEUE },
		{ "nav_clinic", STAFF_CLINIC_SETUP },
		{ "nav_insurance", STAFF_INSURANCE_REVIEW },
		{ "nav_audit", STAFF_AUDIT_SEARCH },
	};
	long	 roles;
	size_t	 i;

	if (c->call.who.kind != ACTOR_STAFF ||
	    (roles = app_staff_roles(c->call.p->db, c->call.a,
	    c->call.who.id)) == -1)
		return;
	for (i = 0; i < sizeof(nav) / sizeof(nav[0]); i++)
		tvars_bool(c->vars, nav[i].var, policy_staff_may_any(
		    (unsigned)roles, nav[i].act));
}

/* The header marks the page the visitor is on (aria-current and a
 * visible mark, issue 15.9): here_<name> for the first entry whose path
 * is a prefix of the request's, the most specific ones first. A
 * presentation flag only; the routes decide what opens. */
static void
nav_here(struct ctx *c)
{
	static const struct {
		const char	*var;
		const char	*prefix;
	} here[] = {
		{ "here_home", "/home/" },
		{ "here_record", "/record/" },
		{ "here_messages", "/messages/" },
		{ "here_visits", "/visits/" },
		{ "here_billing", "/billing/" },
		{ "here_billing", "/pay/" },
		{ "here_insurance", "/account/insurance/" },
		{ "here_share", "/account/share/" },
		{ "here_account", "/account/" },
		{ "here_login", "/login/" },
		{ "here_signup", "/signup/" },
		{ "here_inbox", "/inbox/" },
		{ "here_provision", "/staff/providers/" },
		{ "here_pcp", "/staff/pcp/" },
		{ "here_svisits_upcoming", "/staff/visits/upcoming" },
		{ "here_svisits", "/staff/visits/" },
		{ "here_clinic", "/staff/clinic/" },
		{ "here_insurance_changes", "/staff/insurance/" },
		{ "here_audit", "/staff/audit/" },
		{ "here_queue", "/staff/" },
	};
	size_t	 i;

	if (c->path == NULL)
		return;
	for (i = 0; i < sizeof(here) / sizeof(here[0]); i++)
		if (strncmp(c->path, here[i].prefix,
		    strlen(here[i].prefix)) == 0) {
			tvars_bool(c->vars, here[i].var, 1);
			return;
		}
}

void
sess_csrf_vars(struct ctx *c)
{
	unsigned char	 raw[PRE_LEN];
	char		 text[PRE_LEN * 2];
	const char	*pre;

	if (c->sess != NULL)
		csrf_for(c, 's', c->sess->s_hash, 32, c->csrf);
	else {
		if ((pre = pre_value(c)) == NULL) {
			crypto_random(raw, sizeof(raw));
			crypto_b64url(raw, sizeof(raw), text);
			pre = arena_strdup(c->call.a, text);
			set_cookie(c, "pre", pre, 0);
		}
		csrf_for(c, 'p', pre, strlen(pre), c->csrf);
	}
	tvars_str(c->vars, "csrf", arena_strdup(c->call.a, c->csrf));
	tvars_bool(c->vars, "signed_in", c->call.who.kind == ACTOR_FAMILY);
	tvars_bool(c->vars, "staff_signed_in", c->call.who.kind == ACTOR_STAFF);
	staff_nav(c);
	nav_here(c);
	tvars_bool(c->vars, "provider_signed_in",
	    c->call.who.kind == ACTOR_PROVIDER ||
	    c->call.who.kind == ACTOR_SPONSORED);
}

/* The MAC that ties a browser id to an account (its hashed name). */
static void
device_mac(const struct ctx *c, const unsigned char *id, const char *who,
    char *out)
{
	unsigned char	 bind[DEV_LEN + 32];
	char		 low[256];
	size_t		 i;

	for (i = 0; who[i] != '\0' && i < sizeof(low) - 1; i++)
		low[i] = (char)tolower((unsigned char)who[i]);
	memcpy(bind, id, DEV_LEN);
	crypto_sha256(low, i, bind + DEV_LEN);
	csrf_for(c, 'd', bind, sizeof(bind), out);
}

const char *
sess_device(struct ctx *c, const char *who)
{
	const char	*v = http_cookie_get(c, cookie_name(c, dev_cookie(c)));
	const char	*dot;
	unsigned char	 id[DEV_LEN + 2];
	char		 idtext[64], want[64];
	size_t		 n;

	if (v == NULL || (dot = strchr(v, '.')) == NULL ||
	    (n = (size_t)(dot - v)) >= sizeof(idtext) || strlen(dot + 1) != 43)
		return NULL;
	memcpy(idtext, v, n);
	idtext[n] = '\0';
	if (crypto_unb64url(idtext, id, sizeof(id)) != DEV_LEN)
		return NULL;
	device_mac(c, id, who, want);
	if (!crypto_equal(want, dot + 1, 43))
		return NULL;
	return arena_strdup(c->call.a, idtext);
}

void
sess_device_remember(struct ctx *c, const char *who)
{
	unsigned char	 id[DEV_LEN];
	char		 idtext[DEV_LEN * 2], mac[64];

	crypto_random(id, sizeof(id));
	crypto_b64url(id, sizeof(id), idtext);
	device_mac(c, id, who, mac);
	http_cookie(c, arena_printf(c->call.a, "%s=%s.%s; Path=/;%s HttpOnly; "
	    "SameSite=Strict; Max-Age=%ld", cookie_name(c, dev_cookie(c)), idtext,
	    mac, c->call.p->conf->cookie_secure ? " Secure;" : "", DEV_AGE));
}
