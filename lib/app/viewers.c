/*
 * "Who has seen" (viewers.h): the store's audit rows of the patient by
 * providers, sponsored users and staff, policy_seen's verdict on each
 * for this holder, and who the actors are, in words.
 */
#include <inttypes.h>
#include <string.h>

#include "arena.h"
#include "audit.h"
#include "call.h"
#include "db.h"
#include "paccess.h"
#include "policy_seen.h"
#include "portal.h"
#include "store_seen.h"
#include "store_staff.h"
#include "viewers.h"

/* Rows read from the store at a time while filling a page. */
#define BATCH	200

/* "Ann Lee, MD". */
static const char *
person(const struct call *c, const struct seen_who *w)
{
	if (w->credential != NULL && *w->credential != '\0')
		return arena_printf(c->a, "%s %s, %s", w->given, w->family,
		    w->credential);
	return arena_printf(c->a, "%s %s", w->given, w->family);
}

/* Who a provider-portal actor is: 1, 0 (not on file), -1. */
static int
provider_words(const struct call *c, int64_t id, struct seen_view *v)
{
	struct seen_who	 w, sp;
	int		 rc;

	if ((rc = store_seen_provider(c->p->db, c->a, id, &w)) != 1)
		return rc;
	v->who = person(c, &w);
	v->org = w.organization;
	v->provider_id = w.provider_id;
	if (w.sponsor_id > 0) {
		if ((rc = store_seen_provider(c->p->db, c->a, w.sponsor_id,
		    &sp)) == -1)
			return -1;
		if (rc == 1) {
			v->who = arena_printf(c->a, "%s %s, staff of %s",
			    w.given, w.family, person(c, &sp));
			v->org = sp.organization;
			v->provider_id = sp.provider_id;
		}
	}
	return 1;
}

/* Fills the words of view v from audit row r: 1 if shown, 0 if not
 * (not a view, not for this holder), -1. */
static int
view_of(const struct call *c, const struct grant_holder *h,
    const struct audit_row *r, struct seen_view *v)
{
	struct staff	 s;
	enum seen_actor	 by;
	enum seen_kind	 kind;
	long long	 id;
	int		 rc;

	memset(v, 0, sizeof(*v));
	by = policy_seen_actor(r->actor, &id);
	if ((kind = policy_seen_kind(by, r->action, &v->what)) == SEEN_NONE ||
	    !policy_seen_sees(h->level, kind, paccess_detail_scope(r->detail)))
		return 0;
	v->id = r->id;
	v->at = r->at;
	if (by == SEEN_BY_STAFF) {
		if ((rc = store_staff_by_id(c->p->db, c->a, id, &s)) == -1)
			return -1;
		v->who = rc == 1 && s.name != NULL ? s.name : "A staff member";
		v->org = "hospital staff";
		return 1;
	}
	if ((rc = provider_words(c, id, v)) == -1)
		return -1;
	if (rc == 0)
		v->who = "A provider no longer on file";
	return 1;
}

/* The page's views into out (VIEWERS_PAGE at most, out->next set): 0 or
 * -1. */
static int
views_read(const struct call *c, const struct viewers_in *in,
    struct viewers_out *out)
{
	struct audit_row	*r;
	struct seen_view	 v, *p;
	size_t			 nr, i, cap = 0;
	int64_t			 before = in->before;
	int			 rc;

	for (;;) {
		if (store_seen_rows(c->p->db, c->a, out->h.patient.id, before,
		    BATCH, &r, &nr) == -1)
			return -1;
		for (i = 0; i < nr; i++) {
			before = r[i].id;
			if ((rc = view_of(c, &out->h, &r[i], &v)) == -1)
				return -1;
			if (rc == 0)
				continue;
			if (out->n == VIEWERS_PAGE) {
				out->next = out->v[out->n - 1].id;
				return 0;
			}
			p = arena_push(c->a, (void **)&out->v, &out->n, &cap,
			    sizeof(*p));
			*p = v;
		}
		if (nr < BATCH)
			return 0;
	}
}

/* The grants in force the holder may revoke, of the providers shown. */
static int
grants_read(const struct call *c, struct viewers_out *out)
{
	struct grant	*g, *p;
	size_t		 ng, i, j, cap = 0;

	if (grant_list_live(c, out->h.patient.id, &g, &ng) == -1)
		return -1;
	for (i = 0; i < ng; i++) {
		if (!grant_visible(&out->h, &g[i]))
			continue;
		for (j = 0; j < out->n; j++)
			if (out->v[j].provider_id == g[i].provider_id)
				break;
		if (j == out->n)
			continue;
		p = arena_push(c->a, (void **)&out->grants, &out->ngrants, &cap,
		    sizeof(*p));
		*p = g[i];
	}
	return 0;
}

enum app_rc
app_viewers(const struct call *c, const struct viewers_in *in,
    struct viewers_out *out)
{
	const char	*why = NULL;
	int64_t		 want;
	int		 rd, rc = 0;

	memset(out, 0, sizeof(*out));
	if ((rd = db_read(c->p->db)) == -1)
		return APP_ERROR;
	if (record_choices(c, &out->choices, &out->nchoices) == -1)
		rc = -1;
	else if (in->p.raw == NULL && out->nchoices == 0) {
		db_read_end(c->p->db, rd);
		out->why = RECORD_NO_PATIENT;
		return APP_REFUSED;
	} else {
		want = in->p.raw == NULL ? out->choices[0].patient_id : in->p.id;
		if (want <= 0)
			why = "malformed patient id";
		else if ((rc = grant_holder(c, want, &out->h)) == 0)
			why = "not a patient the account sees";
		else if (rc == 1 && (views_read(c, in, out) == -1 ||
		    grants_read(c, out) == -1))
			rc = -1;
	}
	db_read_end(c->p->db, rd);
	if (rc == -1)
		return APP_ERROR;
	if (why != NULL) {
		memset(&out->h, 0, sizeof(out->h));
		out->n = out->ngrants = 0;
		out->why = RECORD_NOT_SEEN;
		if (audit_call(c, "viewers.refused", in->p.id > 0 ? in->p.id : 0,
		    in->p.id > 0 ? arena_printf(c->a, "%s: asked p=%" PRId64, why,
		    in->p.id) : arena_printf(c->a, "%s: asked p=malformed "
		    "(%zu bytes)", why, strlen(in->p.raw))) == -1)
			return APP_ERROR;
		return APP_REFUSED;
	}
	/* The page names the patient and who saw them: on record first. */
	if (audit_call(c, "viewers.view", out->h.patient.id, in->before > 0 ?
	    arena_printf(c->a, "%zu views, before=%" PRId64, out->n,
	    in->before) : arena_printf(c->a, "%zu views", out->n)) == -1)
		return APP_ERROR;
	return APP_OK;
}
