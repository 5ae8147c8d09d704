/*
 * The family's Visits operations (visits.h): gather, ask the policy,
 * change in one transaction with the audit row, hand back. Nothing here
 * decides who may: policy_visit and policy_visit_book do.
 */
#include <inttypes.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "audit.h"
#include "call.h"
#include "conf.h"
#include "crypto.h"
#include "db.h"
#include "store_payments.h"
#include "store_visits.h"
#include "visits.h"

#define N(x) (sizeof(x) / sizeof((x)[0]))
/* "asked p=12", "asked p=malformed (3 bytes)", "no p". */
static const char *
asked(const struct call *c, const char *param, const struct record_ask *q)
{
	if (q->raw == NULL)
		return arena_printf(c->a, "no %s", param);
	if (q->id > 0)
		return arena_printf(c->a, "asked %s=%" PRId64, param, q->id);
	return arena_printf(c->a, "asked %s=malformed (%zu bytes)", param,
	    strlen(q->raw));
}

/*
 * The patient asked for (else the first the caller sees) with the
 * switcher: VW_OK, VW_NO_PATIENT or VW_NOT_SEEN (row <what>.refused);
 * -1 on error.
 */
static int
patient_of(const struct call *c, const struct record_ask *p, const char *what,
    struct record_choice **choices, size_t *nchoices, struct record_view *rv)
{
	int64_t	 want;
	int	 rc;

	if (record_choices(c, choices, nchoices) == -1)
		return -1;
	if (p->raw == NULL) {
		if (*nchoices == 0)
			return VW_NO_PATIENT;
		want = (*choices)[0].patient_id;
	} else
		want = p->id;
	if (want > 0 && (rc = record_access(c, want, rv)) != 0) {
		if (rc == -1)
			return -1;
		return VW_OK;
	}
	if (audit_call(c, arena_printf(c->a, "%s.refused", what),
	    want > 0 ? want : 0, asked(c, "p", p)) == -1)
		return -1;
	return VW_NOT_SEEN;
}

static enum app_rc
why_rc(const struct call *c, int rc, enum visits_why *why)
{
	if (rc < 0)
		return app_db_failed(c);
	*why = (enum visits_why)rc;
	return rc == VW_OK ? APP_OK : APP_REFUSED;
}

/* Booked and not over: the upcoming list's (the rest is past). */
/* What the family's lists of clinics and bookable types may draw on:
 * confidential visits and encounters only for a viewer the policy lets
 * see confidential visits (not a teen's parent: a clinic named there
 * would tell of the care). */
static int
conf_ok(const struct record_view *rv)
{
	return policy_visit_sees_confidential((enum access_level)rv->level);
}

/* Whose requests a viewer sees (policy_visit_request_sees): all of the
 * patient's (0), or only the viewer's own; the store filters, so the
 * page's limit counts only what is shown. */
static int64_t
req_account(const struct call *c, const struct record_view *rv)
{
	return policy_visit_request_sees((enum access_level)rv->level, 0) ? 0 :
	    c->who.id;
}

static int
upcoming(const struct visit_facts *f)
{
	return f->status == VSTAT_BOOKED && f->end > f->now;
}

/* What the policy says of every act on a loaded visit. */
static void
item_fill(struct visits_item *it)
{
	int	 k;

	for (k = 0; k < VISIT_ACT__MAX; k++)
		it->may[k] = visit_may(&it->s, (enum visit_act)k);
	it->again = it->s.v.type_id != 0 && it->s.v.self_schedule &&
	    !upcoming(&it->s.f);
}

/*
 * The upcoming visits among all (latest first, as the store gives them)
 * the caller may see (policy_visit VISIT_SEE), soonest first, each loaded
 * (steps done, documents, facts), at most max (0: all): 0 or -1.
 */
static int
upcoming_of(const struct call *c, const struct record_view *rv,
    const struct visit *all, size_t n, size_t max, struct visits_item **out,
    size_t *nout)
{
	struct visits_item	*it;
	struct visit_facts	 f;
	size_t			 i, cap = 0;
	int			 r;

	*out = NULL;
	*nout = 0;
	/* Walking backwards: soonest first. */
	for (i = n; i-- > 0 && (max == 0 || *nout < max);) {
		visit_facts_of(c, &all[i], (enum access_level)rv->level, 0, 0,
		    &f);
		if (policy_visit(VISIT_SEE, &f) != VISIT_OK || !upcoming(&f))
			continue;
		it = arena_push(c->a, (void **)out, nout, &cap, sizeof(*it));
		memset(it, 0, sizeof(*it));
		/* The one load of a visit: steps done, documents, facts. */
		if ((r = visit_load(c, all[i].id, &it->s)) != 1) {
			if (r == -1)
				return -1;
			(*nout)--;
			continue;
		}
		item_fill(it);
	}
	return 0;
}

int
visits_upcoming(const struct call *c, const struct record_view *rv,
    size_t max, struct visits_item **out, size_t *n)
{
	struct visit	*all;
	size_t		 nall;

	*out = NULL;
	*n = 0;
	if (store_visits_of_patient(c->p->db, c->a, rv->patient.id,
	    VISITS_LIST_MAX, &all, &nall) == -1)
		return -1;
	return upcoming_of(c, rv, all, nall, max, out, n);
}

enum app_rc
app_visits_page(const struct call *c, const struct visits_page_in *in,
    struct visits_page_out *out)
{
	struct visit		*all;
	struct visits_item	*it;
	struct visit_facts	 f;
	struct vf_type		*types;
	size_t			 n, i, capp = 0, ntypes;
	enum app_rc		 rc;

	memset(out, 0, sizeof(*out));
	if ((rc = why_rc(c, patient_of(c, &in->p, "visits", &out->choices,
	    &out->nchoices, &out->rv), &out->why)) != APP_OK)
		return rc;
	if (store_visits_of_patient(c->p->db, c->a, out->rv.patient.id,
	    VISITS_LIST_MAX, &all, &n) == -1 ||
	    upcoming_of(c, &out->rv, all, n, 0, &out->upcoming,
	    &out->nupcoming) == -1)
		return app_db_failed(c);
	for (i = 0; i < n; i++) {
		visit_facts_of(c, &all[i], (enum access_level)out->rv.level,
		    0, 0, &f);
		if (policy_visit(VISIT_SEE, &f) != VISIT_OK || upcoming(&f))
			continue;
		it = arena_push(c->a, (void **)&out->past, &out->npast, &capp,
		    sizeof(*it));
		memset(it, 0, sizeof(*it));
		it->s.v = all[i];
		it->s.rv = out->rv;
		it->s.f = f;
		item_fill(it);
	}
	if (record_released(c, out->rv.patient.id,
	    (enum access_level)out->rv.level, REC_VISITS, &out->encounters,
	    &out->nencounters) == -1 ||
	    store_vf_requests(c->p->db, c->a, out->rv.patient.id,
	    req_account(c, &out->rv), VISITS_REQUESTS_MAX, &out->requests, &out->nrequests) == -1 ||
	    store_vf_types(c->p->db, c->a, out->rv.patient.id, c->now,
	    conf_ok(&out->rv), &types,
	    &ntypes) == -1)
		return app_db_failed(c);
	for (i = 0; i < ntypes && !out->can_schedule; i++) {
		struct visit_book_facts	 bf;

		memset(&bf, 0, sizeof(bf));
		bf.level = (enum access_level)out->rv.level;
		bf.self_schedule = types[i].self_schedule;
		bf.seen_here = types[i].seen_here;
		bf.now = c->now;
		bf.start = c->now + VISIT_BOOK_LEAD;
		out->can_schedule = policy_visit_book(&bf) == BOOK_OK;
	}
	if (audit_call(c, "visits.view", out->rv.patient.id, NULL) == -1)
		return APP_ERROR;
	return APP_OK;
}

/*
 * Loads in->v for the caller into out->it: VW_OK, or VW_NOT_SEEN after
 * the row <action> ("asked v=N verdict=not_seen"); -1 on error.
 */
static int
one_load(const struct call *c, const struct visits_one_in *in,
    struct visits_one_out *out, const char *action)
{
	int	 rc;

	if ((rc = visit_load(c, in->v.id, &out->it.s)) == -1)
		return -1;
	if (rc == 1) {
		item_fill(&out->it);
		out->join_opens = policy_visit_join_opens(out->it.s.v.start);
		return VW_OK;
	}
	if (audit_call(c, action, out->it.s.v.patient_id, arena_printf(c->a,
	    "%s verdict=not_seen", asked(c, "v", &in->v))) == -1)
		return -1;
	memset(&out->it, 0, sizeof(out->it));
	return VW_NOT_SEEN;
}

enum app_rc
app_visits_detail(const struct call *c, const struct visits_one_in *in,
    struct visits_one_out *out)
{
	enum app_rc	 rc;

	memset(out, 0, sizeof(*out));
	if ((rc = why_rc(c, one_load(c, in, out, "visit.refused"),
	    &out->why)) != APP_OK)
		return rc;
	if (audit_call(c, "visit.view", out->it.s.v.patient_id,
	    arena_printf(c->a, "v=%" PRId64, out->it.s.v.id)) == -1)
		return APP_ERROR;
	return APP_OK;
}

/* A change of one visit (confirm, cancel) in one transaction. */
static enum app_rc
change(const struct call *c, const struct visits_one_in *in,
    struct visits_one_out *out, enum visit_act act, const char *action)
{
	struct db	*db = c->p->db;
	const char	*refused, *by;
	long		 refunds;
	int		 rc;

	memset(out, 0, sizeof(*out));
	refused = arena_printf(c->a, "%s_refused", action);
	if (act == VISIT_CANCEL && (in->reason == NULL || in->reason[0] == '\0')) {
		out->why = VW_INPUT;
		out->field = "reason";
		out->problem = "Say why you cancel the visit.";
		return APP_INVALID;
	}
	if (db_begin(db) == -1)
		return app_db_failed(c);
	if ((rc = one_load(c, in, out, refused)) != VW_OK) {
		/* The refusal's row commits with the (empty) transaction. */
		if (rc == -1 || db_commit(db) == -1) {
			db_rollback(db);
			return app_db_failed(c);
		}
		out->why = VW_NOT_SEEN;
		return APP_REFUSED;
	}
	if ((out->verdict = out->it.may[act]) != VISIT_OK) {
		if (audit_call(c, refused, out->it.s.v.patient_id,
		    arena_printf(c->a, "v=%" PRId64 " verdict=%s",
		    out->it.s.v.id, policy_visit_verdict_name(out->verdict))) ==
		    -1 || db_commit(db) == -1) {
			db_rollback(db);
			return app_db_failed(c);
		}
		out->why = VW_POLICY;
		return APP_REFUSED;
	}
	by = actor_name(c->a, &c->who);
	rc = act == VISIT_CONFIRM ?
	    store_vf_confirm(db, out->it.s.v.id, by, c->now) :
	    store_vf_cancel(db, out->it.s.v.id, by, in->reason, c->now);
	/* A copay paid for the visit is no longer due: flagged for a
	 * refund, as a payment that arrives after the cancelling is. */
	refunds = rc == 1 && act == VISIT_CANCEL ?
	    store_payment_refund_visit(db, out->it.s.v.id) : 0;
	if (rc != 1 || refunds < 0 || audit_call(c, action,
	    out->it.s.v.patient_id, arena_printf(c->a, "v=%" PRId64 "%s",
	    out->it.s.v.id, refunds > 0 ? arena_printf(c->a, " refund=%ld "
	    "(paid copays no longer due)", refunds) : "")) == -1 ||
	    db_commit(db) == -1) {
		db_rollback(db);
		return app_db_failed(c);
	}
	return APP_OK;
}

enum app_rc
app_visits_confirm(const struct call *c, const struct visits_one_in *in,
    struct visits_one_out *out)
{
	return change(c, in, out, VISIT_CONFIRM, "visit.confirm");
}

enum app_rc
app_visits_cancel(const struct call *c, const struct visits_one_in *in,
    struct visits_one_out *out)
{
	return change(c, in, out, VISIT_CANCEL, "visit.cancel");
}

/* Appends s to b with {room} and {token} replaced. */
static void
expand(struct buf *b, const char *tmpl, const char *room, const char *token)
{
	const char	*p;

	for (p = tmpl; *p != '\0'; p++) {
		if (strncmp(p, "{room}", 6) == 0) {
			buf_puts(b, room);
			p += 5;
		} else if (strncmp(p, "{token}", 7) == 0) {
			buf_puts(b, token);
			p += 6;
		} else
			buf_putc(b, *p);
	}
}

const char *
visits_join_url(struct arena *a, const char *tmpl, const char *secret,
    const char *room, time_t expires)
{
	unsigned char	 mac[CRYPTO_SHA256_LEN];
	const char	*payload, *token = "";
	char		*p64, m64[2 * CRYPTO_SHA256_LEN];
	struct buf	 b;
	size_t		 i;

	if (secret != NULL && secret[0] != '\0') {
		payload = arena_printf(a, "v1|%s|patient|%lld", room,
		    (long long)expires);
		p64 = arena_alloc(a, 4 * (strlen(payload) / 3 + 1) + 1);
		crypto_b64url((const unsigned char *)payload, strlen(payload),
		    p64);
		crypto_hmac_sha256(secret, strlen(secret), payload,
		    strlen(payload), mac);
		crypto_b64url(mac, sizeof(mac), m64);
		token = arena_printf(a, "%s.%s", p64, m64);
	}
	buf_init(&b, a);
	expand(&b, tmpl, room, token);
	if (strncmp(b.b_data, "https://", 8) != 0 &&
	    strncmp(b.b_data, "http://", 7) != 0)
		return NULL;
	for (i = 0; i < b.b_len; i++)
		if ((unsigned char)b.b_data[i] <= 0x20 || b.b_data[i] == 0x7f)
			return NULL;
	return b.b_data;
}

const char *
visits_video_origin(struct arena *a, const char *tmpl)
{
	const char	*p, *e;

	if (strncmp(tmpl, "https://", 8) == 0)
		p = tmpl + 8;
	else if (strncmp(tmpl, "http://", 7) == 0)
		p = tmpl + 7;
	else
		return NULL;
	for (e = p; *e != '\0' && *e != '/' && *e != '?' && *e != '#' &&
	    *e != '{'; e++)
		;
	if (e == p || *e == '{')
		return NULL;
	return arena_printf(a, "%.*s", (int)(e - tmpl), tmpl);
}

enum app_rc
app_visits_join(const struct call *c, const struct visits_one_in *in,
    struct visits_one_out *out)
{
	const struct conf	*cf = c->p->conf;
	enum app_rc		 rc;

	memset(out, 0, sizeof(*out));
	if ((rc = why_rc(c, one_load(c, in, out, "visit.join_refused"),
	    &out->why)) != APP_OK)
		return rc;
	/* The policy asked at this request, not when the page was shown. */
	if ((out->verdict = out->it.may[VISIT_JOIN]) != VISIT_OK) {
		out->why = VW_POLICY;
		if (audit_call(c, "visit.join_refused", out->it.s.v.patient_id,
		    arena_printf(c->a, "v=%" PRId64 " verdict=%s",
		    out->it.s.v.id, policy_visit_verdict_name(out->verdict))) == -1)
			return APP_ERROR;
		return APP_REFUSED;
	}
	if ((out->url = visits_join_url(c->a, cf->video_url, cf->video_secret,
	    out->it.s.v.room, out->it.s.f.end)) == NULL)
		return APP_ERROR;
	/* The address itself is never logged: the room is its secret. */
	if (audit_call(c, "visit.join", out->it.s.v.patient_id,
	    arena_printf(c->a, "v=%" PRId64, out->it.s.v.id)) == -1)
		return APP_ERROR;
	return APP_OK;
}

/* Appends one content line, folded at 75 octets (RFC 5545 3.1), never
 * inside a UTF-8 sequence; CR, LF and control characters become spaces. */
static void
ics_line(struct buf *b, const char *name, const char *value, int text)
{
	struct buf	 l;
	const char	*p;
	size_t		 i, col, k;

	buf_init(&l, b->b_arena);
	buf_puts(&l, name);
	buf_putc(&l, ':');
	for (p = value; *p != '\0'; p++) {
		if (text && (*p == '\\' || *p == ';' || *p == ',')) {
			buf_putc(&l, '\\');
			buf_putc(&l, *p);
		} else if ((unsigned char)*p < 0x20 || *p == 0x7f)
			buf_putc(&l, ' ');
		else
			buf_putc(&l, *p);
	}
	for (i = 0, col = 0; i < l.b_len; i += k) {
		/* the length of the character at i */
		for (k = 1; i + k < l.b_len &&
		    ((unsigned char)l.b_data[i + k] & 0xc0) == 0x80; k++)
			;
		if (col + k > 75) {
			buf_puts(b, "\r\n ");
			col = 1;
		}
		buf_put(b, l.b_data + i, k);
		col += k;
	}
	buf_puts(b, "\r\n");
}

static void
ics_time(char out[17], time_t t)
{
	struct tm	 tm;

	gmtime_r(&t, &tm);
	strftime(out, 17, "%Y%m%dT%H%M%SZ", &tm);
}

int
visits_ics_build(struct buf *b, const struct visit *v, const char *host,
    const char *hospital, time_t now)
{
	char		 start[17], end[17], stamp[17];
	const char	*place;

	ics_time(start, v->start);
	ics_time(end, v->start + (time_t)v->minutes * 60);
	ics_time(stamp, now);
	place = v->video ? "Video visit" : v->location[0] != '\0' ?
	    v->location : v->clinic_location;
	buf_puts(b, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n");
	ics_line(b, "PRODID", "-//Children's hospital portal//Visits//EN", 0);
	buf_puts(b, "CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\nBEGIN:VEVENT\r\n");
	ics_line(b, "UID", arena_printf(b->b_arena, "visit-%" PRId64 "@%s",
	    v->id, host), 0);
	ics_line(b, "DTSTAMP", stamp, 0);
	ics_line(b, "DTSTART", start, 0);
	ics_line(b, "DTEND", end, 0);
	ics_line(b, "SUMMARY", arena_printf(b->b_arena, "Visit at %s",
	    hospital), 1);
	if (place[0] != '\0')
		ics_line(b, "LOCATION", place, 1);
	ics_line(b, "STATUS", strcmp(v->status, "booked") == 0 ?
	    "CONFIRMED" : "CANCELLED", 0);
	buf_puts(b, "END:VEVENT\r\nEND:VCALENDAR\r\n");
	return 0;
}

/* The host of the portal's base address ("portal.example.org"). */
static const char *
base_host(struct arena *a, const char *url)
{
	const char	*p, *e;

	p = (p = strstr(url, "://")) != NULL ? p + 3 : url;
	for (e = p; *e != '\0' && *e != '/' && *e != ':'; e++)
		;
	return e == p ? "portal" : arena_printf(a, "%.*s", (int)(e - p), p);
}

enum app_rc
app_visits_ics(const struct call *c, const struct visits_one_in *in,
    struct visits_one_out *out)
{
	enum app_rc	 rc;

	memset(out, 0, sizeof(*out));
	if ((rc = why_rc(c, one_load(c, in, out, "visit.refused"),
	    &out->why)) != APP_OK)
		return rc;
	if (audit_call(c, "visit.ics", out->it.s.v.patient_id,
	    arena_printf(c->a, "v=%" PRId64, out->it.s.v.id)) == -1)
		return APP_ERROR;
	buf_init(&out->ics, c->a);
	return visits_ics_build(&out->ics, &out->it.s.v,
	    base_host(c->a, c->p->conf->base_url), c->p->conf->hospital_name,
	    c->now) == -1 ? APP_ERROR : APP_OK;
}

enum app_rc
app_visits_request(const struct call *c, const struct visits_request_in *in,
    struct visits_request_out *out)
{
	struct db	*db = c->p->db;
	size_t		 i;
	enum app_rc	 rc;

	memset(out, 0, sizeof(*out));
	if ((rc = why_rc(c, patient_of(c, &in->p, "visits", &out->choices,
	    &out->nchoices, &out->rv), &out->why)) != APP_OK)
		return rc;
	if (store_vf_clinics(db, c->a, out->rv.patient.id, conf_ok(&out->rv),
	    &out->clinics,
	    &out->nclinics) == -1)
		return app_db_failed(c);
	if (in->clinic != 0) {
		for (i = 0; i < out->nclinics; i++)
			if (out->clinics[i].id == in->clinic)
				break;
		if (i == out->nclinics) {
			out->why = VW_INPUT;
			out->field = "clinic";
			out->problem = "Choose one of the clinics listed.";
		} else if (in->reason == NULL || in->reason[0] == '\0' ||
		    in->preferred == NULL || in->preferred[0] == '\0' ||
		    in->phone == NULL || in->phone[0] == '\0') {
			out->why = VW_INPUT;
			out->field = "reason";
			out->problem = "Fill in every field.";
		}
		if (out->why == VW_INPUT) {
			if (store_vf_requests(db, c->a, out->rv.patient.id,
			    req_account(c, &out->rv), VISITS_REQUESTS_MAX, &out->requests,
			    &out->nrequests) == -1)
				return app_db_failed(c);
			return audit_call(c, "visits.request_view",
			    out->rv.patient.id, NULL) == -1 ? APP_ERROR :
			    APP_INVALID;
		}
		if (db_begin(db) == -1)
			return app_db_failed(c);
		if ((out->id = store_vf_request_add(db, out->rv.patient.id,
		    c->who.id, in->clinic, in->reason, in->preferred, in->phone,
		    c->now)) <= 0 ||
		    audit_call(c, "visit.request", out->rv.patient.id,
		    arena_printf(c->a, "request=%" PRId64 " clinic=%" PRId64,
		    out->id, in->clinic)) == -1 || db_commit(db) == -1) {
			db_rollback(db);
			return app_db_failed(c);
		}
		return APP_OK;
	}
	if (store_vf_requests(db, c->a, out->rv.patient.id,
	    req_account(c, &out->rv), VISITS_REQUESTS_MAX,
	    &out->requests, &out->nrequests) == -1)
		return app_db_failed(c);
	return audit_call(c, "visits.request_view", out->rv.patient.id,
	    NULL) == -1 ? APP_ERROR : APP_OK;
}

/* The policy's facts of booking type t (at start) for the patient. */
static enum book_verdict
book_verdict(const struct call *c, const struct record_view *rv,
    const struct vf_type *t, int withdrawn, time_t start)
{
	struct visit_book_facts	 bf;

	memset(&bf, 0, sizeof(bf));
	bf.level = (enum access_level)rv->level;
	bf.self_schedule = t->self_schedule;
	bf.seen_here = t->seen_here;
	bf.withdrawn = withdrawn;
	bf.now = c->now;
	bf.start = start;
	return policy_visit_book(&bf);
}

/* The open slots of type (the provider's first): 0 or -1. */
static int
slots_of(const struct call *c, int64_t type, const char *provider,
    long offset, struct visits_schedule_out *out)
{
	if (store_vf_slots_open(c->p->db, c->a, type, c->now + VISIT_BOOK_LEAD,
	    c->now + VISITS_SLOTS_DAYS * 86400L, provider, VISITS_SLOTS_PAGE + 1,
	    offset, &out->slots, &out->nslots) == -1)
		return -1;
	if ((out->more = out->nslots > VISITS_SLOTS_PAGE))
		out->nslots = VISITS_SLOTS_PAGE;
	return 0;
}

enum app_rc
app_visits_schedule(const struct call *c, const struct visits_schedule_in *in,
    struct visits_schedule_out *out)
{
	struct visits_one_out	 one;
	struct visits_one_in	 oin;
	struct record_ask	 p = in->p;
	struct vf_type		*t;
	size_t			 n, i;
	int64_t			 type = in->type;
	enum app_rc		 rc;
	int			 r;

	memset(out, 0, sizeof(*out));
	out->provider = "";
	if (in->again.raw != NULL) {
		/* Schedule again: the visit's patient, type and provider. */
		memset(&oin, 0, sizeof(oin));
		oin.v = in->again;
		memset(&one, 0, sizeof(one));
		if ((r = one_load(c, &oin, &one, "visits.schedule_refused")) != VW_OK)
			return why_rc(c, r, &out->why);
		p.id = one.it.s.v.patient_id;
		p.raw = "";
		type = one.it.s.v.type_id;
		out->provider = one.it.s.v.provider;
	}
	if ((rc = why_rc(c, patient_of(c, &p, "visits", &out->choices,
	    &out->nchoices, &out->rv), &out->why)) != APP_OK)
		return rc;
	if (store_vf_types(c->p->db, c->a, out->rv.patient.id, c->now,
	    conf_ok(&out->rv), &t,
	    &n) == -1)
		return app_db_failed(c);
	out->types = arena_alloc(c->a, (n + 1) * sizeof(*out->types));
	for (i = 0; i < n; i++) {
		out->types[out->ntypes].t = t[i];
		out->types[out->ntypes].verdict = book_verdict(c, &out->rv,
		    &t[i], 0, c->now + VISIT_BOOK_LEAD);
		out->ntypes++;
	}
	if (type > 0) {
		if ((r = store_vf_type(c->p->db, c->a, type, out->rv.patient.id,
		    c->now, conf_ok(&out->rv), &out->chosen.t)) == -1)
			return app_db_failed(c);
		if (r == 1) {
			out->has_chosen = 1;
			out->chosen.verdict = book_verdict(c, &out->rv,
			    &out->chosen.t, 0, c->now + VISIT_BOOK_LEAD);
			if (out->chosen.verdict == BOOK_OK &&
			    slots_of(c, type, out->provider, in->offset < 0 ? 0 :
			    in->offset, out) == -1)
				return app_db_failed(c);
		}
	}
	if (audit_call(c, "visits.schedule_view", out->rv.patient.id,
	    type > 0 ? arena_printf(c->a, "type=%" PRId64, type) : NULL) == -1)
		return APP_ERROR;
	return APP_OK;
}

enum app_rc
app_visits_book(const struct call *c, const struct visits_schedule_in *in,
    struct visits_schedule_out *out)
{
	struct db		*db = c->p->db;
	struct vf_slot		 s;
	unsigned char		 rnd[18];
	char			 room[32];
	const char		*detail;
	enum app_rc		 rc;
	int			 r;

	memset(out, 0, sizeof(*out));
	out->provider = "";
	if ((rc = why_rc(c, patient_of(c, &in->p, "visits", &out->choices,
	    &out->nchoices, &out->rv), &out->why)) != APP_OK)
		return rc;
	detail = arena_printf(c->a, "asked slot=%" PRId64, in->slot);
	if (db_begin(db) == -1)
		return app_db_failed(c);
	memset(&s, 0, sizeof(s));
	if ((r = in->slot > 0 ? store_vf_slot(db, c->a, in->slot, &s) : 0) == 1)
		r = store_vf_type(db, c->a, s.type_id, out->rv.patient.id,
		    c->now, conf_ok(&out->rv), &out->chosen.t);
	if (r == -1) {
		db_rollback(db);
		return app_db_failed(c);
	}
	/* No such slot: gone, as a withdrawn one. */
	out->book = r == 1 ? book_verdict(c, &out->rv, &out->chosen.t,
	    s.withdrawn, s.start) : BOOK_GONE;
	out->chosen.verdict = out->book;
	out->has_chosen = r == 1;
	if (out->book != BOOK_OK) {
		db_rollback(db);
		out->why = VW_BOOK;
		return audit_call(c, "visit.book_refused", out->rv.patient.id,
		    arena_printf(c->a, "%s verdict=%s", detail,
		    policy_book_verdict_name(out->book))) == -1 ? APP_ERROR :
		    APP_REFUSED;
	}
	crypto_random(rnd, sizeof(rnd));
	crypto_b64url(rnd, sizeof(rnd), room);
	/* The index decides a race: the loser inserts nothing (0). */
	/* Confidential care as the importer marks it: a visit booked online
	 * in a clinic of conf visit_confidential_clinics is one too (else a
	 * teen's parent would see the teen's own booking there). */
	out->visit = store_vf_book(db, &s, out->rv.patient.id, &out->chosen.t,
	    policy_visit_clinic_confidential(
	    c->p->conf->visit_confidential_clinics, out->chosen.t.clinic), c->who.id, room, c->now);
	if (out->visit > 0 && audit_call(c, "visit.book", out->rv.patient.id,
	    arena_printf(c->a, "v=%" PRId64 " slot=%" PRId64, out->visit,
	    s.id)) == 0 && db_commit(db) == 0) {
		struct visit_seen	 seen;

		if ((r = visit_load(c, out->visit, &seen)) == -1)
			return app_db_failed(c);
		out->hidden = r == 0;
		return APP_OK;
	}
	db_rollback(db);
	if (out->visit != 0)
		return app_db_failed(c);
	out->why = VW_TAKEN;
	out->provider = s.provider;
	if (slots_of(c, s.type_id, s.provider, 0, out) == -1)
		return app_db_failed(c);
	return audit_call(c, "visit.book_taken", out->rv.patient.id,
	    detail) == -1 ? APP_ERROR : APP_REFUSED;
}
