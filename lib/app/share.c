/*
 * The family's sharing (share.h). Each change runs in one transaction
 * with its audit row: the holder is read again inside it, so access lost
 * a moment ago is not used. A refusal's row is written after the
 * rollback and names what was asked, never a name or an address.
 */
#include <ctype.h>
#include <inttypes.h>
#include <string.h>

#include "arena.h"
#include "audit.h"
#include "auth.h"
#include "call.h"
#include "conf.h"
#include "db.h"
#include "invite.h"
#include "mail.h"
#include "portal.h"
#include "share.h"
#include "store_accounts.h"

/* The words of the audit for each refusal. */
static const char *const why_text[] = {
	[SHARE_OK] = "ok",
	[SHARE_NO_PATIENT] = "no patient to share",
	[SHARE_NOT_SEEN] = "not seen",
	[SHARE_NO_RIGHT] = "may not share",
	[SHARE_NO_ENTRY] = "no such directory entry",
	[SHARE_NO_ACCOUNT] = "entry has no portal account",
	[SHARE_HAS_ACCOUNT] = "entry has a portal account",
	[SHARE_NO_INVITE] = "no such pending token",
	[SHARE_INPUT] = "input",
	[SHARE_WAIT] = "throttled",
};

/* The caller as a holder of patient who may share: SHARE_OK and *h,
 * SHARE_NOT_SEEN or SHARE_NO_RIGHT; -1 on error. */
static int
holder_may(const struct call *c, int64_t patient, struct grant_holder *h)
{
	int	 rc;

	if ((rc = grant_holder(c, patient, h)) == -1)
		return -1;
	if (rc == 0)
		return SHARE_NOT_SEEN;
	return h->scope == SCOPE_NONE ? SHARE_NO_RIGHT : SHARE_OK;
}

/* A refusal's row (outside any transaction): the patient named only if
 * the caller sees them. */
static enum app_rc
refused(const struct call *c, const char *action, enum share_why why,
    int64_t patient, const char *asked, enum share_why *out)
{
	*out = why;
	if (audit_call(c, action, why == SHARE_NOT_SEEN ? 0 : patient,
	    arena_printf(c->a, "%s: %s", why_text[why], asked)) == -1)
		return APP_ERROR;
	return APP_REFUSED;
}

/* ---- The page ---- */

/* "asked p=12", "asked p=malformed (3 bytes)", "no p". */
static const char *
asked_p(const struct call *c, const struct record_ask *q)
{
	if (q->raw == NULL)
		return "no p";
	if (q->id > 0)
		return arena_printf(c->a, "asked p=%" PRId64, q->id);
	return arena_printf(c->a, "asked p=malformed (%zu bytes)",
	    strlen(q->raw));
}

/* The caller's patients who may be shared now, into out. 0 or -1. */
static int
share_choices(const struct call *c, struct share_page_out *out, size_t *seen)
{
	struct record_choice	*all;
	struct grant_holder	 h;
	size_t			 i, n;
	int			 rc;

	if (record_choices(c, &all, &n) == -1)
		return -1;
	*seen = n;
	out->choices = arena_alloc(c->a, (n ? n : 1) * sizeof(*all));
	out->nchoices = 0;
	for (i = 0; i < n; i++) {
		if ((rc = holder_may(c, all[i].patient_id, &h)) == -1)
			return -1;
		if (rc == SHARE_OK)
			out->choices[out->nchoices++] = all[i];
	}
	return 0;
}

/* The grants and tokens the holder sees (policy_share_sees), kept in
 * place: a parent does not see a teen's own. */
static void
visible_only(const struct grant_holder *h, struct share_page_out *out)
{
	size_t	 i, k;

	for (i = k = 0; i < out->ngrants; i++)
		if (grant_visible(h, &out->grants[i]))
			out->grants[k++] = out->grants[i];
	out->ngrants = k;
	for (i = k = 0; i < out->ninvites; i++)
		if (policy_share_sees(h->level,
		    policy_scope_parse(out->invites[i].scope)))
			out->invites[k++] = out->invites[i];
	out->ninvites = k;
}

enum app_rc
app_share_page(const struct call *c, const struct share_page_in *in,
    struct share_page_out *out)
{
	struct db	*db = c->p->db;
	size_t		 seen;
	int64_t		 p;
	int		 rc;

	memset(out, 0, sizeof(*out));
	if (share_choices(c, out, &seen) == -1)
		return app_db_failed(c);
	if (in->p.raw == NULL) {
		if (out->nchoices == 0) {
			if (seen == 0) {
				out->why = SHARE_NO_PATIENT;
				return APP_REFUSED;
			}
			return refused(c, "share.refused", SHARE_NO_RIGHT, 0,
			    "no p", &out->why);
		}
		p = out->choices[0].patient_id;
	} else
		p = in->p.id;
	if ((rc = holder_may(c, p, &out->h)) == -1)
		return app_db_failed(c);
	if (rc != SHARE_OK)
		return refused(c, "share.refused", rc, p, asked_p(c, &in->p),
		    &out->why);
	if ((rc = store_dir_pcp(db, c->a, p, &out->pcp)) == -1 ||
	    grant_list_live(c, p, &out->grants, &out->ngrants) == -1 ||
	    store_invite_pending(db, c->a, p, c->now,
	    c->p->conf->invite_token_tries, &out->invites, &out->ninvites) == -1)
		return app_db_failed(c);
	out->has_pcp = rc == 1;
	visible_only(&out->h, out);
	if (audit_call(c, "share.view", p, arena_printf(c->a,
	    "%zu grants, %zu tokens pending", out->ngrants,
	    out->ninvites)) == -1)
		return APP_ERROR;
	return APP_OK;
}

/* ---- The directory ---- */

/* s trimmed and in ASCII lower case (arena); "" for NULL. */
static const char *
lower(const struct call *c, const char *s)
{
	char	*o;
	size_t	 i, n;

	if (s == NULL)
		return "";
	while (*s == ' ')
		s++;
	o = arena_strdup(c->a, s);
	for (n = strlen(o); n > 0 && o[n - 1] == ' '; n--)
		o[n - 1] = '\0';
	for (i = 0; o[i] != '\0'; i++)
		o[i] = (char)tolower((unsigned char)o[i]);
	return o;
}

/* The length of s in characters (UTF-8). */
static size_t
chars(const char *s)
{
	size_t	 n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

static enum app_rc
search_invalid(struct share_search_out *out, const char *field,
    const char *problem)
{
	out->why = SHARE_INPUT;
	out->field = field;
	out->problem = problem;
	return APP_INVALID;
}

enum app_rc
app_share_search(const struct call *c, const struct share_search_in *in,
    struct share_search_out *out)
{
	struct dir_query	 q;

	memset(out, 0, sizeof(*out));
	q.family = lower(c, in->family);
	q.given = lower(c, in->given);
	q.specialty = lower(c, in->specialty);
	q.city = lower(c, in->city);
	q.npi = in->npi != NULL ? in->npi : "";
	if (*q.family != '\0' && chars(q.family) < SHARE_NAME_MIN)
		return search_invalid(out, "family", "Type at least two "
		    "letters of the last name.");
	if (*q.specialty != '\0' && chars(q.specialty) < SHARE_SPECIALTY_MIN)
		return search_invalid(out, "specialty", "Type at least three "
		    "letters of the specialty.");
	if (*q.city != '\0' && chars(q.city) < SHARE_CITY_MIN)
		return search_invalid(out, "city", "Type at least two letters "
		    "of the town.");
	if (*q.family == '\0' && *q.npi == '\0' &&
	    (*q.specialty == '\0' || *q.city == '\0'))
		return search_invalid(out, "family", "Type the provider's last "
		    "name (at least two letters), their NPI number, or a "
		    "specialty together with a town.");
	if (store_dir_search(c->p->db, c->a, &q, SHARE_RESULTS_MAX + 1,
	    &out->e, &out->n) == -1)
		return app_db_failed(c);
	if (out->n > SHARE_RESULTS_MAX) {
		out->more = 1;
		out->n = SHARE_RESULTS_MAX;
	}
	return APP_OK;
}

/* ---- Sharing with a provider who has an account ---- */

/* "Given Family, MD". */
static const char *
entry_name(const struct call *c, const struct dir_entry *e)
{
	if (e->credential != NULL && *e->credential != '\0')
		return arena_printf(c->a, "%s %s, %s", e->given, e->family,
		    e->credential);
	return arena_printf(c->a, "%s %s", e->given, e->family);
}

enum app_rc
app_share_invite(const struct call *c, const struct share_invite_in *in,
    struct share_invite_out *out)
{
	struct db		*db = c->p->db;
	struct grant_holder	 h;
	struct dir_entry	 pcp;
	const char		*email, *asked;
	int			 rc = 0, why;

	memset(out, 0, sizeof(*out));
	asked = arena_printf(c->a, "asked entry=%" PRId64 " p=%" PRId64,
	    in->entry, in->patient);
	if (db_begin(db) == -1)
		return app_db_failed(c);
	if ((why = holder_may(c, in->patient, &h)) != SHARE_OK)
		goto refuse;
	if ((rc = store_dir_get(db, c->a, in->entry, &out->e)) != 1) {
		why = SHARE_NO_ENTRY;
		goto refuse;
	}
	if ((rc = store_dir_account_email(db, c->a, in->entry, &email)) != 1) {
		why = SHARE_NO_ACCOUNT;
		goto refuse;
	}
	if ((rc = store_dir_pcp(db, c->a, in->patient, &pcp)) == -1)
		goto fail;
	if (rc == 1 && pcp.id == in->entry && h.scope == SCOPE_CLINICAL)
		out->already = out->pcp = 1;
	else if ((out->grant = grant_make(c, in->patient, in->entry, "share",
	    h.scope, c->who.id, 0)) == -1)
		goto fail;
	else if (out->grant == 0)
		out->already = 1;
	if (out->already) {
		db_rollback(db);
		if (audit_call(c, "share.invite_refused", in->patient,
		    arena_printf(c->a, "already has access%s: %s",
		    out->pcp ? " (PCP on file)" : "", asked)) == -1)
			return APP_ERROR;
		return APP_OK;
	}
	if (mail_queue(db, c->p->conf, MAIL_SHARE_INVITED, email, NULL, NULL,
	    c->now) == -1 ||
	    audit_call(c, "share.invite", in->patient, arena_printf(c->a,
	    "grant=%" PRId64 " entry=%" PRId64 " %s", out->grant, in->entry,
	    policy_scope_name(h.scope))) == -1 ||
	    db_commit(db) == -1)
		goto fail;
	return APP_OK;
refuse:
	db_rollback(db);
	if (why == -1 || rc == -1)
		return app_db_failed(c);
	memset(&out->e, 0, sizeof(out->e));
	return refused(c, "share.invite_refused", why, in->patient, asked,
	    &out->why);
fail:
	db_rollback(db);
	return app_db_failed(c);
}

/* ---- Invitation tokens ---- */

/* The caller's name for the token's e-mail ("Jane Smith"), or a plain
 * phrase if it cannot be read. A patient sharing their own record is
 * not named: their name is the patient's, and no e-mail names one. */
static const char *
inviter(const struct call *c, const struct grant_holder *h)
{
	struct account	 me;

	if (h->role == HOLD_ROLE_SELF)
		return "A patient";
	if (store_account_by_id(c->p->db, c->a, c->who.id, &me) != 1)
		return "A family";
	return arena_printf(c->a, "%s %s", me.given, me.family);
}

enum app_rc
app_share_token(const struct call *c, const struct share_token_in *in,
    struct share_token_out *out)
{
	struct db		*db = c->p->db;
	struct grant_holder	 h;
	struct dir_entry	 e;
	struct invite		 old;
	struct invite_secret	 s;
	struct invite_new	 n;
	const char		*asked;
	int			 rc = 0, why, tries;

	memset(out, 0, sizeof(*out));
	memset(&n, 0, sizeof(n));
	asked = arena_printf(c->a, "asked entry=%" PRId64 " replace=%" PRId64
	    " p=%" PRId64, in->entry, in->replace, in->patient);
	if (in->replace == 0 && in->entry == 0 &&
	    (in->invitee == NULL || *in->invitee == '\0')) {
		out->why = SHARE_INPUT;
		out->field = "invitee";
		out->problem = "Type the name of the person you are inviting.";
		return APP_INVALID;
	}
	/* Each may e-mail an address typed: not a relay (THR_SHARE_TOKEN). */
	if ((out->wait = auth_wait(c, THR_SHARE_TOKEN, actor_name(c->a,
	    &c->who))) > 0) {
		out->why = SHARE_WAIT;
		return audit_call(c, "share.token_throttled", in->patient,
		    asked) == -1 ? APP_ERROR : APP_REFUSED;
	}
	if (auth_count(c, THR_SHARE_TOKEN, actor_name(c->a, &c->who)) == -1)
		return app_db_failed(c);
	invite_secret_make(c->a, c->p->conf, &s);
	if (db_begin(db) == -1)
		return app_db_failed(c);
	if ((why = holder_may(c, in->patient, &h)) != SHARE_OK)
		goto refuse;
	n.invitee = in->invitee;
	n.email = in->email != NULL && *in->email != '\0' ? in->email : NULL;
	if (in->replace != 0) {
		if ((rc = store_invite_get(db, c->a, in->replace, in->patient,
		    c->now, c->p->conf->invite_token_tries, &old)) != 1 ||
		    !policy_share_sees(h.level, policy_scope_parse(old.scope))) {
			why = SHARE_NO_INVITE;
			goto refuse;
		}
		n.invitee = old.invitee;
		n.provider = old.provider_id;
		n.email = old.email;
		if (store_invite_revoke(db, old.id, in->patient, c->who.id,
		    c->now) != 1 ||
		    audit_call(c, "share.token_cancel", in->patient,
		    arena_printf(c->a, "invite=%" PRId64 " replaced",
		    old.id)) == -1)
			goto fail;
	} else if (in->entry != 0) {
		if ((rc = store_dir_get(db, c->a, in->entry, &e)) != 1) {
			why = SHARE_NO_ENTRY;
			goto refuse;
		}
		if (e.portal) {
			why = SHARE_HAS_ACCOUNT;
			goto refuse;
		}
		n.invitee = entry_name(c, &e);
		n.provider = e.id;
		if (n.email == NULL && e.email != NULL && *e.email != '\0')
			n.email = e.email;
	}
	n.patient = in->patient;
	n.scope = policy_scope_name(h.scope);
	n.by = c->who.id;
	n.now = c->now;
	n.expires = invite_expiry(c->now, c->p->conf->invite_token_months);
	for (tries = 0; ; tries++) {
		n.selector = s.selector;
		n.vhash = s.vhash;
		if ((out->id = store_invite_create(db, &n)) != 0)
			break;
		if (tries == 4)		/* 5 collisions of 2^30: a fault */
			goto fail;
		invite_secret_make(c->a, c->p->conf, &s);
	}
	if (out->id == -1)
		goto fail;
	if ((n.email != NULL && mail_queue(db, c->p->conf, MAIL_SHARE_TOKEN,
	    n.email, s.text, inviter(c, &h), c->now) == -1) ||
	    audit_call(c, "share.token", in->patient, arena_printf(c->a,
	    "invite=%" PRId64 " entry=%" PRId64 " %s %s", out->id, n.provider,
	    n.scope, n.email != NULL ? "e-mailed" : "printed")) == -1 ||
	    db_commit(db) == -1)
		goto fail;
	out->token = s.text;
	out->expires = n.expires;
	out->patient = h.patient;
	out->invitee = n.invitee;
	out->email = n.email;
	return APP_OK;
refuse:
	db_rollback(db);
	if (why == -1 || rc == -1)
		return app_db_failed(c);
	return refused(c, "share.token_refused", why, in->patient, asked,
	    &out->why);
fail:
	db_rollback(db);
	return app_db_failed(c);
}

enum app_rc
app_share_cancel(const struct call *c, const struct share_cancel_in *in,
    struct share_cancel_out *out)
{
	struct db		*db = c->p->db;
	struct grant_holder	 h;
	const char		*asked;
	int			 rc = 0, why;

	memset(out, 0, sizeof(*out));
	asked = arena_printf(c->a, "asked invite=%" PRId64 " p=%" PRId64,
	    in->invite, in->patient);
	if (db_begin(db) == -1)
		return app_db_failed(c);
	if ((why = holder_may(c, in->patient, &h)) != SHARE_OK)
		goto refuse;
	/* A token the caller's scope does not see is not theirs to cancel
	 * (a parent and the teen's own invitation). */
	if ((rc = store_invite_get(db, c->a, in->invite, in->patient, c->now,
	    c->p->conf->invite_token_tries, &out->inv)) != 1 ||
	    !policy_share_sees(h.level, policy_scope_parse(out->inv.scope))) {
		why = SHARE_NO_INVITE;
		goto refuse;
	}
	if (store_invite_revoke(db, in->invite, in->patient, c->who.id,
	    c->now) != 1 ||
	    audit_call(c, "share.token_cancel", in->patient, arena_printf(c->a,
	    "invite=%" PRId64, in->invite)) == -1 ||
	    db_commit(db) == -1) {
		db_rollback(db);
		return app_db_failed(c);
	}
	return APP_OK;
refuse:
	db_rollback(db);
	if (why == -1 || rc == -1)
		return app_db_failed(c);
	memset(&out->inv, 0, sizeof(out->inv));
	return refused(c, "share.token_cancel_refused", why, in->patient,
	    asked, &out->why);
}
