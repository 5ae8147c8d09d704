/*
 * The family's home page (issue 15.1): home.h. One patient's cards and
 * the account's own; no decision of its own: each card asks what its
 * page asks (record_access, messages_unread, visits_upcoming and
 * policy_visit VISIT_CHECKIN, record_released, record_ends, app_bill_list,
 * app_arequest_count, app_mfa_status).
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "arequest.h"
#include "audit.h"
#include "bill.h"
#include "call.h"
#include "home.h"
#include "messages.h"
#include "mfa.h"
#include "portal.h"
#include "store_accounts.h"
#include "store_profile.h"

/* "home: asked p=12", "home: asked p=malformed (3 bytes)". */
static const char *
asked(const struct call *c, const struct record_ask *q)
{
	if (q->id > 0)
		return arena_printf(c->a, "home: asked p=%" PRId64, q->id);
	return arena_printf(c->a, "home: asked p=malformed (%zu bytes)",
	    q->raw != NULL ? strlen(q->raw) : 0);
}

/* Newest first; equal times by id, highest first. */
static int
result_cmp(const void *a, const void *b)
{
	const struct home_result *x = a, *y = b;

	if (x->row.at != y->row.at)
		return x->row.at < y->row.at ? 1 : -1;
	return x->row.id < y->row.id ? 1 : x->row.id > y->row.id ? -1 : 0;
}

/* The labs and radiology released to the caller (record_released, as the
 * record's pages) in the last HOME_RESULT_DAYS: 0 or -1. */
static int
results_new(const struct call *c, struct home_out *out)
{
	static const enum rec_section ss[] = { REC_LABS, REC_RADIOLOGY };
	struct home_result	*r;
	struct rec_row		*rows;
	size_t			 n, i, k, cap = 0;
	time_t			 since = c->now - HOME_RESULT_DAYS * 86400;

	for (k = 0; k < sizeof(ss) / sizeof(ss[0]); k++) {
		if (record_released(c, out->rv.patient.id,
		    (enum access_level)out->rv.level, ss[k], &rows, &n) == -1)
			return -1;
		for (i = 0; i < n; i++) {
			if (rows[i].at == 0 || rows[i].at < since ||
			    rows[i].at > c->now)
				continue;
			r = arena_push(c->a, (void **)&out->results,
			    &out->nresults, &cap, sizeof(*r));
			r->s = ss[k];
			r->row = rows[i];
		}
	}
	if (out->nresults > 1)
		qsort(out->results, out->nresults, sizeof(*out->results),
		    result_cmp);
	return 0;
}

/* The account's own cards: bills due, providers' requests, reminders. */
static enum app_rc
account_cards(const struct call *c, struct home_out *out)
{
	struct bill_list_out	 bl;
	struct mfa_status_out	 mfa;
	struct contact		 ct;
	struct account		 acct;
	size_t			 i;
	enum app_rc		 rc;
	int			 r;

	memset(&acct, 0, sizeof(acct));
	if ((rc = app_bill_list(c, NULL, &bl)) != APP_OK)
		return rc;
	for (i = 0; i < bl.n; i++)
		if (bl.rows[i].due_now_cents > 0) {
			out->bills_due++;
			out->due_cents += bl.rows[i].due_now_cents;
		}
	if ((rc = app_arequest_count(c, &out->asked)) != APP_OK ||
	    (rc = app_mfa_status(c, MFA_FAMILY, c->who.id, &mfa)) != APP_OK)
		return rc;
	out->mfa_off = !mfa.enabled;
	if ((r = store_contact_get(c->p->db, c->a, c->who.id, &ct)) == -1 ||
	    store_account_by_id(c->p->db, c->a, c->who.id, &acct) == -1)
		return app_db_failed(c);
	out->given = acct.given;
	out->contact_unchecked = r == 1 && ct.updated == 0;
	return APP_OK;
}

enum app_rc
app_home(const struct call *c, const struct home_in *in, struct home_out *out)
{
	int64_t		 want;
	enum app_rc	 rc;
	int		 r;

	memset(out, 0, sizeof(*out));
	if (record_choices(c, &out->choices, &out->nchoices) == -1)
		return app_db_failed(c);
	if (in->p.raw == NULL && out->nchoices == 0) {
		out->why = RECORD_NO_PATIENT;
		return account_cards(c, out);
	}
	want = in->p.raw == NULL ? out->choices[0].patient_id : in->p.id;
	r = want > 0 ? record_access(c, want, &out->rv) : 0;
	if (r == -1)
		return app_db_failed(c);
	if (r == 0) {
		out->why = RECORD_NOT_SEEN;
		if (audit_call(c, "home.refused", want > 0 ? want : 0,
		    asked(c, &in->p)) == -1)
			return APP_ERROR;
		return APP_REFUSED;
	}
	out->ends = record_ends(c, out->rv.patient.id);
	if (messages_unread(c, out->rv.patient.id, &out->unread) == -1 ||
	    visits_upcoming(c, &out->rv, 0, &out->upcoming,
	    &out->nupcoming) == -1 ||
	    results_new(c, out) == -1)
		return app_db_failed(c);
	if ((rc = account_cards(c, out)) != APP_OK)
		return rc;
	if (audit_call(c, "home.view", out->rv.patient.id, arena_printf(c->a,
	    "unread=%zu upcoming=%zu results=%zu", out->unread,
	    out->nupcoming, out->nresults)) == -1)
		return APP_ERROR;
	return APP_OK;
}
