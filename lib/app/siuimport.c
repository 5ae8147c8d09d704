/*
 * Scheduling messages into visits and slots, and visit reminders
 * (siuimport.h). A message is parsed and read (lib/hl7) before any
 * transaction; everything it changes, and its audit row, is one
 * transaction, so a refusal or a crash leaves nothing half done.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "audit.h"
#include "call.h"
#include "conf.h"
#include "crypto.h"
#include "db.h"
#include "hl7.h"
#include "mail.h"
#include "portal.h"
#include "siu.h"
#include "siuimport.h"
#include "store_clinics.h"
#include "store_patients.h"
#include "store_payments.h"
#include "store_siu.h"
#include "visit.h"

/* A start further than this from now is not a real appointment. */
#define SIU_YEARS	(10L * 366 * 86400)

static const char *const outcome_names[SIU_OUT__MAX] = {
	[SIU_NEW] = "new", [SIU_UPDATED] = "updated",
	[SIU_CANCELLED] = "cancelled", [SIU_NOSHOW] = "no-show",
	[SIU_SLOT] = "slot", [SIU_UNCHANGED] = "unchanged",
	[SIU_REFUSED] = "refused",
};

const char *
app_siu_outcome_name(enum siu_outcome o)
{
	return o < SIU_OUT__MAX ? outcome_names[o] : "";
}

/* Marks r refused; returns 1 (a refusal, not a fault). */
static int
refuse(struct siu_result *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
refuse(struct siu_result *r, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(r->why, sizeof(r->why), fmt, ap);
	va_end(ap);
	r->out = SIU_REFUSED;
	return 1;
}

/* The clinic the message's place names: AIL-3.9, else AIL-3.1, as a
 * clinic's name. 1 and *id, 0 if none, -1. */
static int
clinic_of(const struct call *c, const struct siu *s, int64_t *id,
    const char **name)
{
	const char	*cand[2] = { s->clinic_desc, s->clinic_code };
	int64_t		 v;
	int		 i;

	for (i = 0; i < 2; i++) {
		if (*cand[i] == '\0')
			continue;
		if ((v = store_clinic_id(c->p->db, cand[i])) < 0)
			return -1;
		if (v > 0) {
			*id = v;
			*name = cand[i];
			return 1;
		}
	}
	return 0;
}

/* The place a family reads: AIL-3.9 names the clinic under this profile,
 * and a clinic's name is not a place (it would reach the calendar file,
 * which must name no clinic): then the room, building and floor, else ""
 * (the clinic's own location is shown). */
static const char *
where(const struct siu *s, const char *cname)
{
	return strcasecmp(s->location, cname) == 0 ? s->premises : s->location;
}

static int
times_ok(const struct call *c, const struct siu *s)
{
	return s->start > (long long)c->now - SIU_YEARS &&
	    s->start < (long long)c->now + SIU_YEARS;
}

/* A slot a family booked in the portal is not moved or cancelled by the
 * scheduling system: the family's visit would stay at a time the clinic
 * no longer holds. 1 (refused), 0 (not booked), -1. */
static int
booked(const struct call *c, const struct siu_slot *sl, struct siu_result *r)
{
	int	 rc;

	if ((rc = store_siu_slot_taken(c->p->db, sl->id)) != 1)
		return rc;
	return refuse(r, "an open slot a family booked in the portal: the "
	    "visit on file stands; reschedule or cancel it with the family");
}

/* An open slot: added, changed, or withdrawn (S15). 1 refused or done
 * (r says), -1 on a database fault. */
static int
slot(const struct call *c, const struct siu *s, struct siu_result *r)
{
	struct db	*db = c->p->db;
	struct siu_visit v;
	struct siu_slot	 old, nw;
	const char	*cname, *tname;
	long		 tmin;
	int		 have, rc, tvideo;

	if ((rc = store_siu_visit(db, c->a, s->filler, &v)) != 0)
		return rc == 1 ? refuse(r, "an open slot's filler id names a "
		    "patient's visit") : -1;
	if ((have = store_siu_slot(db, c->a, s->filler, &old)) == -1)
		return -1;
	r->slot_id = have ? old.id : 0;
	if (s->event == SIU_S26)
		return refuse(r, "a no-show of an open slot");
	if (s->event == SIU_S15) {
		if (!have)
			return refuse(r, "cancels an open slot not on file");
		if ((rc = booked(c, &old, r)) != 0)
			return rc;
		r->out = old.withdrawn ? SIU_UNCHANGED : SIU_SLOT;
		old.withdrawn = 1;
		return store_siu_slot_set(db, &old) == -1 ? -1 : 1;
	}
	memset(&nw, 0, sizeof(nw));
	if ((rc = clinic_of(c, s, &nw.clinic_id, &cname)) != 1)
		return rc == 0 ? refuse(r, "no clinic of that name (AIL-3)") : -1;
	if ((rc = store_siu_type(db, c->a, nw.clinic_id, s->type_code,
	    &nw.type_id, &tname, &tmin, &tvideo)) != 1)
		return rc == 0 ? refuse(r, "an open slot of a visit type the "
		    "clinic does not have (AIS-3)") : -1;
	if (!times_ok(c, s))
		return refuse(r, "a start more than ten years away");
	nw.minutes = s->minutes > 0 ? s->minutes : tmin;
	if (nw.minutes < 5 || nw.minutes > 480)
		return refuse(r, "an open slot not of 5 to 480 minutes");
	nw.provider = s->provider;
	nw.location = where(s, cname);
	nw.start = s->start;
	/* A slot withdrawn (S15, an appointment that took it, the clinic)
	 * stays so: a replayed or late S12/S13/S14 never offers it to
	 * families again. */
	nw.withdrawn = have && old.withdrawn;
	if (have && old.clinic_id == nw.clinic_id &&
	    old.type_id == nw.type_id && old.start == nw.start &&
	    old.minutes == nw.minutes && strcmp(old.provider, nw.provider) == 0 &&
	    strcmp(old.location, nw.location) == 0) {
		r->out = SIU_UNCHANGED;
		return 1;
	}
	if (have && (rc = booked(c, &old, r)) != 0)
		return rc;
	r->out = SIU_SLOT;
	if (have) {
		nw.id = old.id;
		return store_siu_slot_set(db, &nw) == -1 ? -1 : 1;
	}
	return (r->slot_id = store_siu_slot_add(db, &nw, s->filler, c->now)) < 0 ?
	    -1 : 1;
}

static int
same_visit(const struct siu_visit *a, const struct siu_visit *b)
{
	return a->clinic_id == b->clinic_id && a->type_id == b->type_id &&
	    strcmp(a->type_name, b->type_name) == 0 &&
	    strcmp(a->provider, b->provider) == 0 &&
	    strcmp(a->location, b->location) == 0 && a->video == b->video &&
	    a->start == b->start && a->minutes == b->minutes &&
	    strcmp(a->status, b->status) == 0 &&
	    a->confidential == b->confidential;
}

/* A patient's appointment. As slot() returns. */
static int
visit(const struct call *c, const struct siu *s, struct siu_result *r)
{
	struct db	*db = c->p->db;
	struct patient	 pt;
	struct siu_visit old, nw;
	struct siu_slot	 sl;
	unsigned char	 rnd[16];
	char		 room[32];
	const char	*cname, *tname = "";
	long		 tmin = 0;
	int		 have, rc, tvideo = 0;

	if (!s->has_pid)
		return refuse(r, "no PID segment, and not an open slot (SCH-25 "
		    "Open)");
	if (s->mrn == NULL)
		return refuse(r, "no MRN of the hospital's assigning authority "
		    "(PID-3 CX.4)");
	if ((rc = store_patient_by_mrn(db, c->a, s->mrn, &pt)) != 1)
		return rc == 0 ? refuse(r, "no patient with that MRN") : -1;
	if ((have = store_siu_visit(db, c->a, s->filler, &old)) == -1)
		return -1;
	if (have && old.patient_id != pt.id)
		return refuse(r, "the filler id is another patient's visit");
	r->patient_id = pt.id;
	r->visit_id = have ? old.id : 0;
	if (s->event == SIU_S15 || s->event == SIU_S26) {
		if (!have)
			return refuse(r, "%s an appointment not on file",
			    s->event == SIU_S15 ? "cancels" : "a no-show of");
		if (strcmp(old.status, s->event == SIU_S15 ? "cancelled" :
		    "noshow") == 0) {
			r->out = SIU_UNCHANGED;
			return 1;
		}
		r->out = s->event == SIU_S15 ? SIU_CANCELLED : SIU_NOSHOW;
		/* A cancelled visit's paid copay is no longer due: flagged
		 * for a refund (a no-show's stays due). */
		return (s->event == SIU_S15 ? store_siu_visit_cancel(db, old.id,
		    s->cancel_reason, c->now) == -1 ||
		    store_payment_refund_visit(db, old.id) < 0 :
		    store_siu_visit_noshow(db, old.id, c->now) == -1) ? -1 : 1;
	}
	memset(&nw, 0, sizeof(nw));
	nw.patient_id = pt.id;
	if ((rc = clinic_of(c, s, &nw.clinic_id, &cname)) != 1)
		return rc == 0 ? refuse(r, "no clinic of that name (AIL-3)") : -1;
	if (*s->type_code != '\0' && (rc = store_siu_type(db, c->a,
	    nw.clinic_id, s->type_code, &nw.type_id, &tname, &tmin,
	    &tvideo)) == -1)
		return -1;
	if (!times_ok(c, s))
		return refuse(r, "a start more than ten years away");
	nw.minutes = s->minutes > 0 ? s->minutes : tmin;
	if (nw.minutes < 1 || nw.minutes > 1440)
		return refuse(r, "no length (SCH-9, SCH-11 or AIS-7), and no "
		    "visit type of the clinic with that code");
	nw.type_name = *tname ? tname : *s->type_text ? s->type_text :
	    *s->type_code ? s->type_code : "Visit";
	nw.provider = s->provider;
	nw.location = where(s, cname);
	nw.video = tvideo || s->video;
	nw.start = s->start;
	nw.status = strcasecmp(s->status, "Complete") == 0 ? "completed" :
	    "booked";
	nw.confidential = s->confidential ||
	    policy_visit_clinic_confidential(
	    c->p->conf->visit_confidential_clinics, cname);
	/* The open slot this appointment took, if the system sent one. */
	if ((rc = store_siu_slot(db, c->a, s->filler, &sl)) == -1)
		return -1;
	/* A family booked that slot in the portal: not a second visit at
	 * its time. */
	if (rc == 1 && !have && (rc = booked(c, &sl, r)) != 0)
		return rc;
	if (rc == 1 && !sl.withdrawn) {
		sl.withdrawn = 1;
		if (store_siu_slot_set(db, &sl) == -1)
			return -1;
	}
	if (have) {
		nw.id = old.id;
		/* A repeated S12 is the same appointment sent again; a
		 * change of a cancelled or missed one keeps it so. */
		if (s->event == SIU_S12) {
			r->out = SIU_UNCHANGED;
			return 1;
		}
		if (strcmp(old.status, "cancelled") == 0 ||
		    strcmp(old.status, "noshow") == 0)
			nw.status = old.status;
		if (same_visit(&old, &nw)) {
			r->out = SIU_UNCHANGED;
			return 1;
		}
		r->out = SIU_UPDATED;
		return store_siu_visit_set(db, &nw, c->now) == -1 ? -1 : 1;
	}
	crypto_random(rnd, sizeof(rnd));
	crypto_b64url(rnd, sizeof(rnd), room);
	r->out = SIU_NEW;
	return (r->visit_id = store_siu_visit_add(db, &nw, s->filler, room,
	    c->now)) < 0 ? -1 : 1;
}

/* The audit row's detail: ids only (no PHI). */
static const char *
detail(const struct call *c, const struct siu *s, const struct siu_result *r,
    long index)
{
	return arena_printf(c->a, "message %ld control %.40s %s filler %s: %s%s%s",
	    index, r->control, *r->filler ? siu_event_name(s->event) : "-",
	    *r->filler ? r->filler : "-",
	    app_siu_outcome_name(r->out), r->out == SIU_REFUSED ? ": " : "",
	    r->out == SIU_REFUSED ? r->why : "");
}

enum app_rc
app_siu_message(const struct call *c, const char *buf, size_t len, long index,
    struct siu_result *r)
{
	struct hl7_msg	 m;
	struct siu	 s;
	struct siu_slot	 sl;
	struct db	*db = c->p->db;
	const struct conf *cf = c->p->conf;
	int		 rc;

	memset(r, 0, sizeof(*r));
	memset(&s, 0, sizeof(s));
	r->control = r->filler = "";
	if (hl7_parse(c->a, buf, len, &m, r->why, sizeof(r->why)) == -1 ||
	    siu_read(c->a, &m, cf->mrn_authority, cf->mrn_root, &s, r->why,
	    sizeof(r->why)) == -1) {
		r->out = SIU_REFUSED;
		if (m.nseg > 0)
			r->control = hl7_get(c->a, &m, &m.seg[0], 10, 0, 1, 0);
		goto refused;
	}
	r->control = s.control;
	r->filler = s.filler;
	if (db_begin(db) == -1)
		return app_db_failed(c);
	/* Without a patient: an open slot, or what the system sends of one
	 * later (its S15 says Cancelled, not Open). */
	if (!s.has_pid && !s.open && (s.open = store_siu_slot(db, c->a,
	    s.filler, &sl)) == -1) {
		db_rollback(db);
		return app_db_failed(c);
	}
	rc = s.open ? slot(c, &s, r) : visit(c, &s, r);
	if (rc == 1 && r->out == SIU_REFUSED) {
		db_rollback(db);
		r->visit_id = r->slot_id = 0;
		goto refused;
	}
	if (rc == -1 || audit_call(c, r->out == SIU_SLOT ? "slot.import" :
	    "visit.import", r->patient_id, detail(c, &s, r, index)) == -1 ||
	    db_commit(db) == -1) {
		db_rollback(db);
		return app_db_failed(c);
	}
	return APP_OK;
refused:
	/* Who it was about is not known for sure: no patient on the row. */
	if (audit_call(c, "visit.import.refused", 0, detail(c, &s, r, index)) == -1)
		return app_db_failed(c);
	return APP_OK;
}

enum app_rc
app_siu_refused(const struct call *c, long index, const char *why)
{
	return audit_call(c, "visit.import.refused", 0, arena_printf(c->a,
	    "message %ld: %s", index, why)) == -1 ? app_db_failed(c) : APP_OK;
}

/* ---- Reminders ---- */

#define REMIND_MAX	8

static int
cmp_long(const void *x, const void *y)
{
	long	 a = *(const long *)x, b = *(const long *)y;

	return (a > b) - (a < b);
}

/* "3, 1" into days[] ascending; the count, or -1. */
static int
days_parse(const char *s, long days[REMIND_MAX])
{
	char	*end;
	long	 v;
	int	 n = 0;

	while (*s != '\0') {
		while (*s == ' ' || *s == ',')
			s++;
		if (*s == '\0')
			break;
		v = strtol(s, &end, 10);
		if (end == s || v < 0 || v > 60 || n == REMIND_MAX)
			return -1;
		days[n++] = v;
		s = end;
		while (*s == ' ')
			s++;
		if (*s != '\0' && *s != ',')
			return -1;
	}
	qsort(days, (size_t)n, sizeof(days[0]), cmp_long);
	return n;
}

/* Reminds the holders of one visit for mark; the count queued, -1. */
static int
remind_one(const struct call *c, const struct siu_due *d, long mark)
{
	struct siu_holder	*h;
	struct visit_seen	 seen;
	struct call		 hc;
	size_t			 n, i;
	int			 sent = 0, rc;

	if ((rc = store_siu_remind_once(c->p->db, d->visit_id, mark,
	    c->now)) != 1)
		return rc;
	if (store_siu_holders(c->p->db, c->a, d->patient_id, &h, &n) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		hc = *c;
		hc.who.kind = ACTOR_FAMILY;
		hc.who.id = h[i].account_id;
		if ((rc = visit_load(&hc, d->visit_id, &seen)) == -1)
			return -1;
		if (rc == 0 || h[i].email == NULL || *h[i].email == '\0')
			continue;
		if (mail_queue(c->p->db, c->p->conf, MAIL_VISIT_REMINDER,
		    h[i].email, NULL, app_mail_child(c, d->patient_id),
		    c->now) == -1)
			return -1;
		sent++;
	}
	if (audit_call(c, "visit.remind", d->patient_id, arena_printf(c->a,
	    "visit %lld, %ld days before, %d accounts", (long long)d->visit_id,
	    mark, sent)) == -1)
		return -1;
	return sent;
}

enum app_rc
app_visit_remind(const struct call *c, long *visits, long *sent)
{
	struct siu_due	*d;
	long		 days[REMIND_MAX], diff, mark;
	size_t		 n, i;
	int		 nd, k, rc;

	*visits = *sent = 0;
	if ((nd = days_parse(c->p->conf->visit_reminder_days, days)) <= 0)
		return nd == 0 ? APP_OK : APP_INVALID;
	if (store_siu_due(c->p->db, c->a, c->now, c->now + (days[nd - 1] + 2) *
	    86400, &d, &n) == -1)
		return app_db_failed(c);
	for (i = 0; i < n; i++) {
		diff = visit_day((time_t)d[i].start) - visit_day(c->now);
		for (k = 0; k < nd && days[k] < diff; k++)
			;
		if (diff < 0 || k == nd)
			continue;
		mark = days[k];
		if ((rc = store_siu_reminded(c->p->db, d[i].visit_id, mark)) != 0) {
			if (rc == -1)
				return app_db_failed(c);
			continue;
		}
		if (db_begin(c->p->db) == -1)
			return app_db_failed(c);
		if ((rc = remind_one(c, &d[i], mark)) == -1 ||
		    db_commit(c->p->db) == -1) {
			db_rollback(c->p->db);
			return app_db_failed(c);
		}
		*visits += 1;
		*sent += rc;
	}
	return APP_OK;
}
