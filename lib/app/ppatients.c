/*
 * A provider's patients (ppatients.h): the store's rows, paccess's
 * verdict on each patient at this request, policy_secret's on a token,
 * the throttle's on a search; each change in one transaction with its
 * audit row.
 */
#include <inttypes.h>
#include <string.h>

#include "arena.h"
#include "audit.h"
#include "auth.h"
#include "call.h"
#include "grant.h"
#include "conf.h"
#include "db.h"
#include "enrol.h"
#include "mail.h"
#include "policy_share.h"
#include "portal.h"
#include "ppatients.h"
#include "store_saved.h"
#include "store_tokenuse.h"

/* How long a search result lets the viewer open a patient's request
 * page: the page and the requests never name or reach a patient the
 * viewer did not look up (an id typed into the address bar). */
#define SEEN_WINDOW	3600

/* The throttle's key for the caller: "provider:12", "sponsored:3". */
static const char *
who(const struct call *c)
{
	return actor_name(c->a, &c->who);
}

/* The throttles' key: the account whose patients are seen. A sponsor
 * may create any number of sponsored users; throttled each alone, they
 * would multiply the sponsor's searches and token tries. */
static const char *
thr_who(const struct call *c, const struct pviewer *v)
{
	struct actor	 a;

	if (c->who.kind != ACTOR_SPONSORED || v->acct.sponsor_id <= 0)
		return who(c);
	a = c->who;
	a.kind = ACTOR_PROVIDER;
	a.id = v->acct.sponsor_id;
	return actor_name(c->a, &a);
}

static const char *const grounds[PROVIDER__MAX] = {
	[PROVIDER_NONE] = "Not authorized",
	[PROVIDER_PCP] = "You are the PCP on file",
	[PROVIDER_PRACTICE] = "Your practice is the PCP on file",
	[PROVIDER_SHARE] = "Shared by the family",
	[PROVIDER_TOKEN] = "Invitation token",
};

const char *
app_pp_ground_label(enum provider_access g)
{
	return (unsigned)g < PROVIDER__MAX ? grounds[g] : grounds[PROVIDER_NONE];
}

static const char not_found[] = "We could not find that patient among the "
    "patients you searched for. Search for the patient again: by MRN, or "
    "by last name and date of birth.";

static const struct {
	const char	*title;
	const char	*message;
} says[] = {
	[PP_NOT_PROVIDER] = { "Provider portal", "Only provider-portal users "
	    "search for patients." },
	[PP_NOT_SEEN] = { "No such patient", not_found },
	[PP_NO_ENTRY] = { "No directory entry", "Your account is not linked "
	    "to an entry of the provider directory (your NPI), so access "
	    "cannot be given to it. Call provider support to have your "
	    "account linked." },
	[PP_PENDING] = { "Already requested", "You already asked for this "
	    "access, and the request is still open. Nothing more was sent. "
	    "You will be e-mailed when it is answered." },
	[PP_NO_HOLDER] = { "No family-portal account", "Nobody who could "
	    "approve your request has a family-portal account for this "
	    "patient, so nothing was sent. Give the family the printable "
	    "sign-up instructions: once they have an account, they can "
	    "invite you." },
	[PP_AUTHORIZED] = { "You have this access", "You can already open "
	    "this patient's record; nothing was sent." },
};

void
app_pp_refusal(const struct call *c, enum pp_why why, long wait,
    const char **title, const char **message)
{
	if (why == PP_WAIT) {
		*title = "Please wait";
		*message = arena_printf(c->a, "You have searched or validated "
		    "tokens many times in the last hour. Try again in %ld "
		    "minutes.", (wait + 59) / 60);
		return;
	}
	if ((size_t)why >= sizeof(says) / sizeof(says[0]) ||
	    says[why].title == NULL)
		why = PP_NOT_SEEN;
	*title = says[why].title;
	*message = says[why].message;
}

/* One message for each refusal of a token: the page adds the way to
 * ask for access instead. */
static const char *const token_says[SECRET__MAX] = {
	[SECRET_BAD] = "This token and MRN do not match a valid invitation. "
	    "Check both against the invitation.",
	[SECRET_MISMATCH] = "This token and MRN do not match a valid "
	    "invitation. Check both against the invitation.",
	[SECRET_USED] = "This token has already been used. Each token works "
	    "once.",
	[SECRET_EXPIRED] = "This token has expired: tokens work for 6 months "
	    "after they are issued.",
	[SECRET_VOIDED] = "This token can no longer be used: it was withdrawn "
	    "by the family (or whoever issued it may no longer share the "
	    "record), or the MRN was entered wrongly too many times.",
};

const char *
app_pp_token_text(enum secret_state s)
{
	return (unsigned)s < SECRET__MAX && token_says[s] != NULL ?
	    token_says[s] : token_says[SECRET_BAD];
}

/* The caller as a viewer: 1, or 0 (why set), or -1. */
static int
viewer(const struct call *c, struct pviewer *v, enum pp_why *why)
{
	int	 rc;

	if ((rc = paccess_viewer(c, v)) == 0)
		*why = PP_NOT_PROVIDER;
	return rc;
}

/* A search's prefix: ASCII letters lower-cased (the store compares with
 * lower()), and its length in characters; NULL if it is too short. */
static const char *
prefix(const struct call *c, const char *in, size_t min, size_t *chars)
{
	char	*s;
	size_t	 i;

	*chars = 0;
	if (in == NULL)
		return NULL;
	s = arena_strdup(c->a, in);
	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] >= 'A' && s[i] <= 'Z')
			s[i] = (char)(s[i] - 'A' + 'a');
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			(*chars)++;
	}
	return *chars >= min ? s : NULL;
}

static long	approvers(const struct call *, const struct patient *,
		    const char ***);

static enum app_rc
search_invalid(struct pp_search_out *out, const char *field, const char *msg)
{
	out->why = PP_INPUT;
	out->field = field;
	out->problem = msg;
	return APP_INVALID;
}

enum app_rc
app_pp_search(const struct call *c, const struct pp_search_in *in,
    struct pp_search_out *out)
{
	struct pviewer		 v;
	struct patient		*ps = NULL, one;
	struct audit_group	*g;
	const char		*fam = NULL, *giv = NULL, **to;
	size_t			 nfam, ngiv, n = 0, i;
	long			 k = 0;
	long			 max = c->p->conf->patient_search_max;
	int			 rc;

	memset(out, 0, sizeof(*out));
	if ((rc = viewer(c, &v, &out->why)) != 1)
		return rc == 0 ? APP_REFUSED : app_db_failed(c);
	if (in->mrn == NULL) {
		if (in->family == NULL && in->dob == NULL)
			return search_invalid(out, "mrn", "Enter the patient's "
			    "MRN, or their last name and date of birth.");
		if ((fam = prefix(c, in->family, 2, &nfam)) == NULL)
			return search_invalid(out, "family", "Enter at least the "
			    "first 2 letters of the patient's last name.");
		if (in->dob == NULL)
			return search_invalid(out, "dob", "Enter the patient's "
			    "date of birth with their name.");
		if (in->given != NULL)
			giv = prefix(c, in->given, 1, &ngiv);
	}
	if ((out->wait = auth_wait(c, THR_PATIENT_SEARCH, thr_who(c, &v))) > 0) {
		out->why = PP_WAIT;
		return audit_call(c, "ppatients.search_throttled", 0, NULL) == -1 ?
		    APP_ERROR : APP_REFUSED;
	}
	if (auth_count(c, THR_PATIENT_SEARCH, thr_who(c, &v)) == -1)
		return app_db_failed(c);
	if (in->mrn != NULL) {
		if ((rc = store_patient_by_mrn(c->p->db, c->a, in->mrn,
		    &one)) == -1)
			return app_db_failed(c);
		if (rc == 1) {
			ps = &one;
			n = 1;
		}
	} else if (store_ppatients_by_name(c->p->db, c->a, fam, nfam, giv,
	    giv != NULL ? ngiv : 0, in->dob, max + 1, &ps, &n) == -1)
		return app_db_failed(c);
	/* Too many to pick from: nothing listed, "refine". */
	if ((long)n > max) {
		out->more = 1;
		n = 0;
	}
	out->items = arena_alloc(c->a, (n + 1) * sizeof(*out->items));
	for (i = 0; i < n; i++) {
		if (paccess_of(c, &v, &ps[i], &out->items[i].pa) == -1 ||
		    (rc = store_saved_has(c->p->db, c->who.id, ps[i].id)) == -1)
			return app_db_failed(c);
		out->items[i].saved = rc;
		/* Said at the search (the seed FAQ): no family account. */
		if (out->items[i].pa.ground == PROVIDER_NONE &&
		    (k = approvers(c, &ps[i], &to)) == -1)
			return app_db_failed(c);
		out->items[i].no_holder = out->items[i].pa.ground ==
		    PROVIDER_NONE && k == 0;
	}
	out->n = n;
	/* Each patient listed is a view of who they are: its row, with the
	 * search's, durable before the page is shown. */
	g = audit_group_new(c);
	audit_group_add(g, "ppatients.search", 0, out->more ?
	    arena_printf(c->a, "by name: more than %ld results, none shown",
	    max) : arena_printf(c->a, "by %s: %zu result%s", in->mrn != NULL ?
	    "mrn" : "name", n, n == 1 ? "" : "s"));
	for (i = 0; i < n; i++)
		audit_group_add(g, "ppatients.result", ps[i].id,
		    paccess_detail(c, &out->items[i].pa));
	return audit_group_write(g) == -1 ? APP_ERROR : APP_OK;
}

/* 1 if the viewer may see patient, or found it in a search lately, or
 * keeps it on their saved list: a patient they may ask about. 0, -1. */
static int
known(const struct call *c, const struct pviewer *v, int64_t patient,
    struct paccess *pa)
{
	int	 rc;

	if ((rc = paccess_patient(c, v, patient, pa)) != 0)
		return rc;
	if (pa->patient.id == 0)
		return 0;
	if ((rc = store_ppatients_seen(c->p->db, patient, who(c),
	    "ppatients.result", c->now - SEEN_WINDOW)) != 0)
		return rc;
	return store_saved_has(c->p->db, c->who.id, patient);
}

/* The account holders of patient who may share (and so approve a
 * request): policy_access for today, then policy_share_scope. Their
 * addresses into *to (arena), their number returned; -1 on error. */
static long
approvers(const struct call *c, const struct patient *p, const char ***to)
{
	struct pholder		*h;
	struct access_in	 in;
	size_t			 n, i;
	long			 k = 0;
	enum access_level	 lv;

	if (store_ppatients_holders(c->p->db, c->a, p->id, &h, &n) == -1)
		return -1;
	*to = arena_alloc(c->a, (n + 1) * sizeof(**to));
	memset(&in, 0, sizeof(in));
	enrol_today(c->now, &in.y, &in.m, &in.d);
	for (i = 0; i < n; i++) {
		in.role = policy_hold_role(h[i].role);
		in.status = HOLD_ACTIVE;
		in.dob = p->dob;
		in.foster = p->foster;
		in.guardianship = p->guardianship;
		in.on_file = h[i].on_file;
		lv = policy_access(&in, NULL);
		if (policy_share_scope(in.role, lv) != SCOPE_NONE)
			(*to)[k++] = h[i].email;
	}
	return k;
}

enum app_rc
app_pp_ask(const struct call *c, int64_t patient, struct pp_ask_out *out)
{
	struct pviewer	 v;
	const char	**to;
	long		 k;
	int64_t		 id;
	int		 rc;

	memset(out, 0, sizeof(*out));
	if ((rc = viewer(c, &v, &out->why)) != 1)
		return rc == 0 ? APP_REFUSED : app_db_failed(c);
	if ((rc = known(c, &v, patient, &out->pa)) == -1)
		return app_db_failed(c);
	if (rc == 0) {
		out->why = PP_NOT_SEEN;
		memset(&out->pa, 0, sizeof(out->pa));
		return audit_call(c, "prequest.refused", 0, arena_printf(c->a,
		    "page: not found p=%" PRId64, patient)) == -1 ? APP_ERROR :
		    APP_REFUSED;
	}
	out->has_entry = v.eff.provider_id != 0;
	if ((k = approvers(c, &out->pa.patient, &to)) == -1)
		return app_db_failed(c);
	out->holders = (int)k;
	if (out->has_entry) {
		if ((id = store_preq_pending(c->p->db, patient,
		    v.eff.provider_id, "pcp")) == -1)
			return app_db_failed(c);
		out->pending_pcp = id != 0;
		if ((id = store_preq_pending(c->p->db, patient,
		    v.eff.provider_id, "share")) == -1)
			return app_db_failed(c);
		out->pending_share = id != 0;
	}
	return audit_call(c, "prequest.page", patient, paccess_detail(c,
	    &out->pa)) == -1 ? APP_ERROR : APP_OK;
}

/* The provider's details for the support team: name, NPI, practice,
 * contact; for a sponsored user, who asked for whom. */
static const char *
pcp_details(const struct call *c, const struct pviewer *v)
{
	const struct provider_account *e = &v->eff;
	const char	*s;

	s = arena_printf(c->a, "Provider: %s %s%s%s\nNPI: %s\nSpecialty: %s\n"
	    "E-mail: %s\nPhone: %s\nProvider-portal account: %" PRId64
	    "\nDirectory entry: %" PRId64, e->given, e->family,
	    e->credential != NULL ? ", " : "", e->credential != NULL ?
	    e->credential : "", e->npi != NULL ? e->npi : "(none)",
	    e->specialty != NULL ? e->specialty : "(none)", e->email,
	    e->phone != NULL ? e->phone : "(none)", e->id, e->provider_id);
	if (v->acct.id != v->eff.id)
		s = arena_printf(c->a, "%s\nAsked by their sponsored user %s %s "
		    "(%s)", s, v->acct.given, v->acct.family, v->acct.email);
	return s;
}

static enum app_rc
request_refused(const struct call *c, struct pp_request_out *out,
    enum pp_why why, int64_t patient, const char *what)
{
	out->why = why;
	return audit_call(c, "prequest.refused", why == PP_NOT_SEEN ? 0 :
	    patient, arena_printf(c->a, "%s p=%" PRId64, what, patient)) == -1 ?
	    APP_ERROR : APP_REFUSED;
}

enum app_rc
app_pp_request(const struct call *c, int64_t patient, const char *kind,
    struct pp_request_out *out)
{
	struct pviewer	 v;
	struct paccess	 pa;
	const char	**to = NULL;
	long		 k = 0, i;
	int		 rc, pcp;

	memset(out, 0, sizeof(*out));
	if ((rc = viewer(c, &v, &out->why)) != 1)
		return rc == 0 ? APP_REFUSED : app_db_failed(c);
	pcp = kind != NULL && strcmp(kind, "pcp") == 0;
	if (!pcp && (kind == NULL || strcmp(kind, "share") != 0))
		return request_refused(c, out, PP_NOT_SEEN, patient,
		    "no such kind of request");
	if ((rc = known(c, &v, patient, &pa)) == -1)
		return app_db_failed(c);
	if (rc == 0)
		return request_refused(c, out, PP_NOT_SEEN, patient,
		    "not found");
	if (v.eff.provider_id == 0)
		return request_refused(c, out, PP_NO_ENTRY, patient,
		    "no directory entry");
	if (pcp ? pa.ground == PROVIDER_PCP || pa.ground == PROVIDER_PRACTICE :
	    pa.ground != PROVIDER_NONE)
		return request_refused(c, out, PP_AUTHORIZED, patient,
		    "already authorized");
	if (!pcp && (k = approvers(c, &pa.patient, &to)) == -1)
		return app_db_failed(c);
	if (!pcp && k == 0)
		return request_refused(c, out, PP_NO_HOLDER, patient,
		    "no account holder may approve");
	if (db_begin(c->p->db) == -1)
		return app_db_failed(c);
	if ((out->id = store_preq_create(c->p->db, patient, v.acct.id,
	    v.eff.provider_id, kind, c->now)) <= 0) {
		db_rollback(c->p->db);
		if (out->id == -1)
			return app_db_failed(c);
		return request_refused(c, out, PP_PENDING, patient,
		    arena_printf(c->a, "%s already pending", kind));
	}
	if (pcp) {
		if (mail_queue(c->p->db, c->p->conf, MAIL_PCP_ASKED,
		    c->p->conf->provider_support_email, arena_printf(c->a,
		    "%" PRId64, out->id), pcp_details(c, &v), c->now) == -1)
			goto fail;
	} else
		for (i = 0; i < k; i++)
			if (mail_queue(c->p->db, c->p->conf, MAIL_ACCESS_ASKED,
			    to[i], NULL, app_mail_child(c, patient), c->now) == -1)
				goto fail;
	if (audit_call(c, pcp ? "prequest.pcp" : "prequest.share", patient,
	    arena_printf(c->a, "request=%" PRId64 " for provider=%" PRId64
	    "%s", out->id, v.eff.provider_id, pcp ? "" : arena_printf(c->a,
	    ", %ld holders e-mailed", k))) == -1 ||
	    db_commit(c->p->db) == -1)
		goto fail;
	return APP_OK;
fail:
	db_rollback(c->p->db);
	return app_db_failed(c);
}

static enum app_rc
token_refused(const struct call *c, struct pp_token_out *out,
    enum secret_state s, int64_t patient)
{
	static const char *const names[SECRET__MAX] = {
		[SECRET_OK] = "ok", [SECRET_BAD] = "no such token",
		[SECRET_USED] = "used", [SECRET_EXPIRED] = "expired",
		[SECRET_VOIDED] = "void", [SECRET_MISMATCH] = "wrong mrn",
	};

	out->why = PP_TOKEN;
	out->state = s;
	return audit_call(c, "ptoken.refused", patient, names[s]) == -1 ?
	    APP_ERROR : APP_REFUSED;
}

enum app_rc
app_pp_token(const struct call *c, const struct pp_token_in *in,
    struct pp_token_out *out)
{
	struct pviewer		 v;
	struct share_token	 t;
	struct secret_facts	 f;
	char			 sel[7];
	enum secret_state	 s;
	int64_t			 grant;
	int			 rc;

	memset(out, 0, sizeof(*out));
	if ((rc = viewer(c, &v, &out->why)) != 1)
		return rc == 0 ? APP_REFUSED : app_db_failed(c);
	if (v.eff.provider_id == 0) {
		out->why = PP_NO_ENTRY;
		return audit_call(c, "ptoken.refused", 0, "no directory entry") ==
		    -1 ? APP_ERROR : APP_REFUSED;
	}
	if ((out->wait = auth_wait(c, THR_TOKEN_VALIDATE, thr_who(c, &v))) > 0) {
		out->why = PP_WAIT;
		return audit_call(c, "ptoken.throttled", 0, NULL) == -1 ?
		    APP_ERROR : APP_REFUSED;
	}
	if (auth_count(c, THR_TOKEN_VALIDATE, thr_who(c, &v)) == -1)
		return app_db_failed(c);
	if (in->token == NULL || strlen(in->token) != 16 || in->mrn == NULL)
		return token_refused(c, out, SECRET_BAD, 0);
	memcpy(sel, in->token, 6);
	sel[6] = '\0';
	memset(&f, 0, sizeof(f));
	if ((rc = store_tokenuse_get(c->p->db, c->a, sel, &t)) == -1)
		return app_db_failed(c);
	if (rc == 0)
		auth_burn(c->p->conf, in->token + 6);
	else
		f.found = auth_verify(in->token + 6, t.verifier_hash);
	if (!f.found)
		return token_refused(c, out, SECRET_BAD, 0);
	f.voided = t.revoked != 0 || t.tries >= c->p->conf->invite_token_tries;
	f.proof_ok = strcmp(in->mrn, t.mrn) == 0;
	f.used = t.used;
	f.expires = t.expires;
	if ((s = policy_secret(&f, c->now)) == SECRET_MISMATCH &&
	    store_tokenuse_try(c->p->db, t.id) == -1)
		return app_db_failed(c);
	if (s != SECRET_OK)
		return token_refused(c, out, s, t.patient_id);
	if (db_begin(c->p->db) == -1)
		return app_db_failed(c);
	/* A token is the consent of whoever issued it: void once they may
	 * no longer share what it gives (asked in the transaction). */
	if ((rc = grant_giver_may(c, t.patient_id, t.by_account,
	    policy_scope_parse(t.scope))) != 1) {
		db_rollback(c->p->db);
		return rc == -1 ? app_db_failed(c) :
		    token_refused(c, out, SECRET_VOIDED, t.patient_id);
	}
	/* Used once, by whoever is first: a second provider's validation
	 * of the same token finds it used. */
	if ((rc = store_tokenuse_use(c->p->db, t.id, v.acct.id, c->now,
	    c->p->conf->invite_token_tries)) != 1) {
		db_rollback(c->p->db);
		return rc == -1 ? app_db_failed(c) :
		    token_refused(c, out, SECRET_USED, t.patient_id);
	}
	if ((grant = grant_make(c, t.patient_id, v.eff.provider_id, "token",
	    policy_scope_parse(t.scope), t.by_account, t.id)) == -1 ||
	    audit_call(c, "ptoken.validate", t.patient_id, arena_printf(c->a,
	    "token=%" PRId64 " grant=%" PRId64 " %s for provider=%" PRId64,
	    t.id, grant, t.scope, v.eff.provider_id)) == -1 ||
	    db_commit(c->p->db) == -1) {
		db_rollback(c->p->db);
		return app_db_failed(c);
	}
	out->patient = t.patient_id;
	return APP_OK;
}

enum app_rc
app_pp_shared(const struct call *c, struct pp_list_out *out)
{
	struct pviewer		 v;
	struct pshared		*s;
	struct audit_group	*g;
	struct pp_item		*it;
	size_t			 n, i;
	int			 rc;

	memset(out, 0, sizeof(*out));
	if ((rc = viewer(c, &v, &out->why)) != 1)
		return rc == 0 ? APP_REFUSED : app_db_failed(c);
	if (v.eff.provider_id == 0)
		return APP_OK;
	if (store_ppatients_shared(c->p->db, c->a, v.eff.provider_id, &s,
	    &n) == -1)
		return app_db_failed(c);
	out->items = arena_alloc(c->a, (n + 1) * sizeof(*out->items));
	g = audit_group_new(c);
	for (i = 0; i < n; i++) {
		it = &out->items[out->n];
		/* Asked again: a grant in force is not access for a user
		 * whose sponsor's privileges ended. */
		if ((rc = paccess_patient(c, &v, s[i].patient_id, &it->pa)) == -1 ||
		    (rc == 1 && (it->saved = store_saved_has(c->p->db,
		    c->who.id, s[i].patient_id)) == -1))
			return app_db_failed(c);
		if (rc == 0)
			continue;
		it->since = s[i].created;
		it->how = s[i].how;
		audit_group_add(g, "ppatients.shared", s[i].patient_id,
		    paccess_detail(c, &it->pa));
		out->n++;
	}
	return audit_group_write(g) == -1 ? APP_ERROR : APP_OK;
}

enum app_rc
app_pp_saved(const struct call *c, struct pp_list_out *out)
{
	struct pviewer		 v;
	struct saved		*s;
	struct audit_group	*g;
	size_t			 n, i;
	int			 rc;

	memset(out, 0, sizeof(*out));
	if ((rc = viewer(c, &v, &out->why)) != 1)
		return rc == 0 ? APP_REFUSED : app_db_failed(c);
	if (store_saved_list(c->p->db, c->a, c->who.id, &s, &n) == -1)
		return app_db_failed(c);
	out->items = arena_alloc(c->a, (n + 1) * sizeof(*out->items));
	g = audit_group_new(c);
	for (i = 0; i < n; i++) {
		if (paccess_of(c, &v, &s[i].patient, &out->items[i].pa) == -1)
			return app_db_failed(c);
		out->items[i].saved = 1;
		out->items[i].since = s[i].created;
		audit_group_add(g, "ppatients.saved", s[i].patient.id,
		    paccess_detail(c, &out->items[i].pa));
	}
	out->n = n;
	return audit_group_write(g) == -1 ? APP_ERROR : APP_OK;
}

enum app_rc
app_pp_save(const struct call *c, int64_t patient, int remove,
    enum pp_why *why)
{
	struct pviewer	 v;
	struct paccess	 pa;
	int		 rc;

	*why = PP_OK;
	if ((rc = viewer(c, &v, why)) != 1)
		return rc == 0 ? APP_REFUSED : app_db_failed(c);
	if (db_begin(c->p->db) == -1)
		return app_db_failed(c);
	if (remove)
		rc = store_saved_remove(c->p->db, c->who.id, patient);
	else if ((rc = known(c, &v, patient, &pa)) == 1)
		rc = store_saved_add(c->p->db, c->who.id, patient, c->now) == -1 ?
		    -1 : 1;
	if (rc == -1) {
		db_rollback(c->p->db);
		return app_db_failed(c);
	}
	if (rc == 0) {
		db_rollback(c->p->db);
		*why = PP_NOT_SEEN;
		return audit_call(c, "ppatients.save_refused", 0, arena_printf(
		    c->a, "%s: not found p=%" PRId64, remove ? "remove" : "add",
		    patient)) == -1 ? APP_ERROR : APP_REFUSED;
	}
	if (audit_call(c, remove ? "ppatients.unsave" : "ppatients.save",
	    patient, NULL) == -1 || db_commit(c->p->db) == -1) {
		db_rollback(c->p->db);
		return app_db_failed(c);
	}
	return APP_OK;
}

enum app_rc
app_pp_requests(const struct call *c, struct pp_list_out *out)
{
	struct pviewer		 v;
	struct audit_group	*g;
	struct preq		*r;
	struct pp_item		*it;
	size_t			 n, i;
	int			 rc;

	memset(out, 0, sizeof(*out));
	if ((rc = viewer(c, &v, &out->why)) != 1)
		return rc == 0 ? APP_REFUSED : app_db_failed(c);
	if (store_preq_mine(c->p->db, c->a, c->who.id, &r, &n) == -1)
		return app_db_failed(c);
	out->items = arena_alloc(c->a, (n + 1) * sizeof(*out->items));
	g = audit_group_new(c);
	for (i = 0; i < n; i++) {
		it = &out->items[i];
		memset(it, 0, sizeof(*it));
		it->pa.patient.id = r[i].patient_id;
		it->pa.patient.given = r[i].given;
		it->pa.patient.family = r[i].family;
		it->pa.patient.dob = r[i].dob;
		it->how = r[i].kind;
		it->status = r[i].status;
		it->since = r[i].created;
		audit_group_add(g, "prequest.list", r[i].patient_id,
		    arena_printf(c->a, "request=%" PRId64, r[i].id));
	}
	out->n = n;
	return audit_group_write(g) == -1 ? APP_ERROR : APP_OK;
}
