/*
 * Clinic set-up's operations (clinicset.h): validation, who may, and the
 * writes in one transaction with their audit rows.
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "audit.h"
#include "call.h"
#include "civil.h"
#include "clinicset.h"
#include "db.h"
#include "portal.h"
#include "staff.h"
#include "store_clinics.h"
#include "valid.h"

#define DOC_MAX		20000	/* characters of a document's text */

/* ---- validation ---- */

static int
digits(const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

/* text as a whole number lo-hi: 0 and *out, or -1. */
static int
number(const char *text, long lo, long hi, long *out)
{
	size_t	 n = text != NULL ? strlen(text) : 0;
	long	 v = 0;
	size_t	 i;

	if (n == 0 || n > 6 || !digits(text, n))
		return -1;
	for (i = 0; i < n; i++)
		v = v * 10 + (text[i] - '0');
	if (v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

const char *
cs_copay(const char *text, long *cents)
{
	const char	*dot;
	long		 d, c = 0;
	size_t		 n;

	if (text == NULL || *text == '\0') {
		*cents = 0;
		return NULL;
	}
	if (*text == '$')
		text++;
	dot = strchr(text, '.');
	n = dot != NULL ? (size_t)(dot - text) : strlen(text);
	if (n == 0 || n > 5 || !digits(text, n))
		goto bad;
	d = strtol(text, NULL, 10);
	if (dot != NULL) {
		n = strlen(dot + 1);
		if (n < 1 || n > 2 || !digits(dot + 1, n))
			goto bad;
		c = strtol(dot + 1, NULL, 10) * (n == 1 ? 10 : 1);
	}
	if (d * 100 + c > 1000000)
		goto bad;
	*cents = d * 100 + c;
	return NULL;
bad:
	return "Enter the copay in dollars, 0 to 10000 (for example 25 or "
	    "25.50).";
}

static const char bad_when[] = "Enter the start as YYYY-MM-DD HH:MM (for "
    "example 2027-03-15 09:30), in the hospital's time zone.";
static const char gap_when[] = "That time does not exist in the "
    "hospital's time zone: the clocks go forward then. Choose another "
    "time.";

/* "YYYY-MM-DD HH:MM": 0 and the fields, or -1. */
static int
parse_when(const char *s, int *y, int *m, int *d, int *hh, int *mm)
{
	if (s == NULL || strlen(s) != 16 || !digits(s, 4) || s[4] != '-' ||
	    !digits(s + 5, 2) || s[7] != '-' || !digits(s + 8, 2) ||
	    s[10] != ' ' || !digits(s + 11, 2) || s[13] != ':' ||
	    !digits(s + 14, 2))
		return -1;
	*y = (int)strtol(s, NULL, 10);
	*m = (int)strtol(s + 5, NULL, 10);
	*d = (int)strtol(s + 8, NULL, 10);
	*hh = (int)strtol(s + 11, NULL, 10);
	*mm = (int)strtol(s + 14, NULL, 10);
	if (!civil_valid(*y, *m, *d) || *hh > 23 || *mm > 59)
		return -1;
	return 0;
}

const char *
cs_local_time(const char *text, time_t *out)
{
	int	 y, m, d, hh, mm;

	if (parse_when(text, &y, &m, &d, &hh, &mm) == -1)
		return bad_when;
	return civil_local(y, m, d, hh, mm, 0, out) == -1 ? gap_when : NULL;
}

/* Optional one-line text: NULL for none, or valid_line's. */
static const char *
opt_line(struct arena *a, const char *in, const char **out)
{
	*out = NULL;
	if (in == NULL || *in == '\0')
		return NULL;
	return valid_line(a, in, strlen(in), out);
}

static enum app_rc
invalid(struct cs_err *err, const char *field, const char *msg)
{
	err->field = field;
	err->msg = msg;
	return APP_INVALID;
}

/* ---- who may ---- */

/* 1 if the caller may set up clinic (0: the role only; -1: none named,
 * refused as another clinic's);
 * 0 after the refusal's row (*why CS_ROLE or CS_NONE); -1. */
static int
may(const struct call *c, int64_t clinic, const char *asked, enum cs_why *why)
{
	int	 rc;

	if (c->who.kind == ACTOR_CLI)
		return 1;
	if ((rc = app_staff_may(c, STAFF_CLINIC_SETUP)) == 1 && clinic != 0)
		rc = app_staff_may_at(c, STAFF_CLINIC_SETUP, clinic);
	else if (rc == 0) {
		*why = CS_ROLE;
		return audit_call(c, "staff.refused", 0, arena_printf(c->a,
		    "clinic set-up: %s", asked)) == -1 ? -1 : 0;
	}
	if (rc != 0)
		return rc;
	*why = CS_NONE;
	return audit_call(c, "clinic.refused", 0, arena_printf(c->a,
	    "asked %s: not in the member's clinics", asked)) == -1 ? -1 : 0;
}

/* The refusal of a thing that does not exist: the same as another
 * clinic's (CS_NONE), audited. */
static enum app_rc
none(const struct call *c, const char *asked, enum cs_why *why)
{
	*why = CS_NONE;
	if (audit_call(c, "clinic.refused", 0, arena_printf(c->a,
	    "asked %s: none", asked)) == -1)
		return APP_ERROR;
	return APP_REFUSED;
}

static enum app_rc
refused_or(const struct call *c, int rc)
{
	return rc == 0 ? APP_REFUSED : app_db_failed(c);
}

/* ---- clinics ---- */

enum app_rc
app_cs_clinics(const struct call *c, struct cs_clinic **out, size_t *n,
    enum cs_why *why)
{
	int	 rc;

	*out = NULL;
	*n = 0;
	*why = CS_OK;
	if ((rc = may(c, 0, "clinics", why)) != 1)
		return refused_or(c, rc);
	if (store_cs_clinics(c->p->db, c->a, c->who.kind == ACTOR_CLI ? 0 :
	    c->who.id, out, n) == -1)
		return app_db_failed(c);
	return APP_OK;
}

static const char *
opt_phone(struct arena *a, const char *in, const char **out)
{
	*out = NULL;
	if (in == NULL || *in == '\0')
		return NULL;
	return valid_phone(a, in, strlen(in), out);
}

enum app_rc
app_cs_clinic_add(const struct call *c, const char *name, const char *phone,
    const char *location, int64_t *id, struct cs_err *err)
{
	const char	*n, *ph, *loc, *msg = NULL;

	*id = 0;
	if (c->who.kind != ACTOR_CLI)
		return APP_REFUSED;
	if (name == NULL || (msg = valid_line(c->a, name, strlen(name), &n)))
		return invalid(err, "name", msg != NULL ? msg : "Enter a name.");
	if ((msg = opt_phone(c->a, phone, &ph)) != NULL)
		return invalid(err, "phone", msg);
	if ((msg = opt_line(c->a, location, &loc)) != NULL)
		return invalid(err, "location", msg);
	if (db_begin(c->p->db) == -1)
		return app_db_failed(c);
	if ((*id = store_cs_clinic_add(c->p->db, n, ph, loc)) == -1)
		goto dberr;
	if (*id == 0) {
		db_rollback(c->p->db);
		return invalid(err, "name", "There is a clinic of that name "
		    "already.");
	}
	if (audit_call(c, "clinic.add", 0, arena_printf(c->a, "clinic=%"
	    PRId64, *id)) == -1 || db_commit(c->p->db) == -1)
		goto dberr;
	return APP_OK;
dberr:
	db_rollback(c->p->db);
	return app_db_failed(c);
}

enum app_rc
app_cs_clinic_set(const struct call *c, int64_t clinic, const char *phone,
    const char *location, struct cs_err *err, enum cs_why *why)
{
	const char	*ph = NULL, *loc = NULL, *msg;
	int		 rc;

	*why = CS_OK;
	if ((rc = may(c, clinic > 0 ? clinic : -1, arena_printf(c->a,
	    "clinic=%" PRId64, clinic), why)) != 1)
		return refused_or(c, rc);
	if (phone != NULL && (msg = opt_phone(c->a, phone, &ph)) != NULL)
		return invalid(err, "phone", msg);
	if (location != NULL && (msg = opt_line(c->a, location, &loc)) != NULL)
		return invalid(err, "location", msg);
	if (db_begin(c->p->db) == -1)
		return app_db_failed(c);
	if ((rc = store_cs_clinic_set(c->p->db, clinic, phone != NULL ?
	    (ph != NULL ? ph : "") : NULL, location != NULL ? (loc != NULL ?
	    loc : "") : NULL)) == -1)
		goto dberr;
	if (rc == 0) {
		db_rollback(c->p->db);
		return none(c, arena_printf(c->a, "clinic=%" PRId64, clinic), why);
	}
	if (audit_call(c, "clinic.set", 0, arena_printf(c->a, "clinic=%" PRId64
	    "%s%s", clinic, phone != NULL ? " phone" : "", location != NULL ?
	    " location" : "")) == -1 || db_commit(c->p->db) == -1)
		goto dberr;
	return APP_OK;
dberr:
	db_rollback(c->p->db);
	return app_db_failed(c);
}

/* ---- visit types ---- */

enum app_rc
app_cs_types(const struct call *c, int64_t clinic, struct cs_type **out,
    size_t *n, enum cs_why *why)
{
	int	 rc;

	*out = NULL;
	*n = 0;
	*why = CS_OK;
	if ((rc = may(c, clinic > 0 ? clinic : -1, arena_printf(c->a,
	    "clinic=%" PRId64, clinic), why)) != 1)
		return refused_or(c, rc);
	if (store_cs_types(c->p->db, c->a, clinic, out, n) == -1)
		return app_db_failed(c);
	return APP_OK;
}

/* The type, if the caller may set up its clinic: APP_OK, or a refusal
 * (missing and another clinic's alike). */
static enum app_rc
type_load(const struct call *c, int64_t id, struct cs_type *t,
    enum cs_why *why)
{
	const char	*asked = arena_printf(c->a, "type=%" PRId64, id);
	int		 rc;

	if ((rc = may(c, 0, asked, why)) != 1)
		return refused_or(c, rc);
	if ((rc = store_cs_type_get(c->p->db, c->a, id, t)) == -1)
		return app_db_failed(c);
	if (rc == 0)
		return none(c, asked, why);
	if ((rc = may(c, t->clinic_id, asked, why)) != 1)
		return refused_or(c, rc);
	return APP_OK;
}

enum app_rc
app_cs_type_get(const struct call *c, int64_t id, struct cs_type *t,
    struct cs_doc **docs, size_t *ndocs, enum cs_why *why)
{
	enum app_rc	 rc;

	*docs = NULL;
	*ndocs = 0;
	*why = CS_OK;
	memset(t, 0, sizeof(*t));
	if ((rc = type_load(c, id, t, why)) != APP_OK)
		return rc;
	if (store_cs_docs(c->p->db, c->a, id, docs, ndocs) == -1)
		return app_db_failed(c);
	return APP_OK;
}

enum app_rc
app_cs_type_save(const struct call *c, const struct cs_type_in *in,
    int64_t *id, struct cs_err *err, enum cs_why *why)
{
	struct cs_type	 t, was;
	const char	*msg;
	enum app_rc	 arc;
	int		 rc;

	*id = 0;
	*why = CS_OK;
	memset(&t, 0, sizeof(t));
	if (in->id != 0) {
		if ((arc = type_load(c, in->id, &was, why)) != APP_OK)
			return arc;
		t.id = in->id;
		t.clinic_id = was.clinic_id;
	} else {
		if ((rc = may(c, in->clinic > 0 ? in->clinic : -1,
		    arena_printf(c->a, "clinic=%" PRId64, in->clinic), why)) != 1)
			return refused_or(c, rc);
		t.clinic_id = in->clinic;
	}
	if (in->name == NULL || *in->name == '\0')
		return invalid(err, "name", "Enter the visit type's name.");
	if ((msg = valid_line(c->a, in->name, strlen(in->name), &t.name)))
		return invalid(err, "name", msg);
	if ((msg = opt_line(c->a, in->code, &t.code)) != NULL)
		return invalid(err, "code", msg);
	if (number(in->minutes, 5, 480, &t.minutes) == -1)
		return invalid(err, "minutes", "Enter the length in minutes, 5 "
		    "to 480.");
	if (number(in->notice_hours, 0, 720, &t.notice_hours) == -1)
		return invalid(err, "notice_hours", "Enter the notice in hours, "
		    "0 to 720 (30 days).");
	if ((msg = cs_copay(in->copay, &t.copay_cents)) != NULL)
		return invalid(err, "copay", msg);
	t.video = in->video != 0;
	t.self_schedule = in->self_schedule != 0;
	t.active = in->active != 0;
	if (db_begin(c->p->db) == -1)
		return app_db_failed(c);
	if ((rc = store_cs_type_name_taken(c->p->db, t.clinic_id, t.name,
	    t.id)) == -1)
		goto dberr;
	if (rc == 1) {
		db_rollback(c->p->db);
		return invalid(err, "name", "The clinic has a visit type of "
		    "that name already.");
	}
	if ((*id = store_cs_type_save(c->p->db, &t)) == -1 ||
	    audit_call(c, in->id == 0 ? "clinic.type.add" : "clinic.type.set",
	    0, arena_printf(c->a, "type=%" PRId64 " clinic=%" PRId64
	    " minutes=%ld video=%d self=%d notice=%ld copay=%ld active=%d",
	    *id, t.clinic_id, t.minutes, t.video, t.self_schedule,
	    t.notice_hours, t.copay_cents, t.active)) == -1 ||
	    db_commit(c->p->db) == -1)
		goto dberr;
	return APP_OK;
dberr:
	db_rollback(c->p->db);
	return app_db_failed(c);
}

/* ---- documents ---- */

/* The document, if the caller may set up its clinic. */
static enum app_rc
doc_load(const struct call *c, int64_t id, struct cs_doc *d, enum cs_why *why)
{
	const char	*asked = arena_printf(c->a, "document=%" PRId64, id);
	int		 rc;

	if ((rc = may(c, 0, asked, why)) != 1)
		return refused_or(c, rc);
	if ((rc = store_cs_doc_get(c->p->db, c->a, id, d)) == -1)
		return app_db_failed(c);
	if (rc == 0)
		return none(c, asked, why);
	if ((rc = may(c, d->clinic_id, asked, why)) != 1)
		return refused_or(c, rc);
	return APP_OK;
}

enum app_rc
app_cs_doc_get(const struct call *c, int64_t id, struct cs_doc *out,
    enum cs_why *why)
{
	*why = CS_OK;
	memset(out, 0, sizeof(*out));
	return doc_load(c, id, out, why);
}

enum app_rc
app_cs_doc_add(const struct call *c, const struct cs_doc_in *in, int64_t *id,
    struct cs_err *err, enum cs_why *why)
{
	struct cs_type	 t;
	struct cs_doc	 old;
	const char	*title, *msg;
	size_t		 len, i, chars = 0;
	enum app_rc	 arc;
	int		 rc;

	*id = 0;
	*why = CS_OK;
	if ((arc = type_load(c, in->type, &t, why)) != APP_OK)
		return arc;
	if (in->replaces != 0) {
		if ((arc = doc_load(c, in->replaces, &old, why)) != APP_OK)
			return arc;
		if (old.type_id != in->type)
			return none(c, arena_printf(c->a, "document=%" PRId64
			    " of type=%" PRId64, in->replaces, in->type), why);
		if (old.retired) {
			*why = CS_DONE;
			return APP_REFUSED;
		}
	}
	if (in->title == NULL || *in->title == '\0')
		return invalid(err, "title", "Enter the document's title.");
	if ((msg = valid_line(c->a, in->title, strlen(in->title), &title)))
		return invalid(err, "title", msg);
	len = in->body != NULL ? strlen(in->body) : 0;
	for (i = 0; i < len; i++)
		if (((unsigned char)in->body[i] & 0xc0) != 0x80)
			chars++;
	if (len == 0 || strspn(in->body, " \t\r\n") == len)
		return invalid(err, "body", "Enter the text families will sign.");
	if (!valid_utf8(in->body, len, 1) || chars > DOC_MAX)
		return invalid(err, "body", "Enter the text as plain text of at "
		    "most 20000 characters.");
	if (db_begin(c->p->db) == -1)
		return app_db_failed(c);
	if (in->replaces != 0 &&
	    (rc = store_cs_doc_retire(c->p->db, in->replaces)) != 1) {
		db_rollback(c->p->db);
		if (rc == -1)
			return app_db_failed(c);
		*why = CS_DONE;
		return APP_REFUSED;
	}
	if ((*id = store_cs_doc_add(c->p->db, in->type, title, in->body,
	    c->now)) == -1 ||
	    audit_call(c, "clinic.document.add", 0, arena_printf(c->a,
	    "document=%" PRId64 " type=%" PRId64 " replaces=%" PRId64, *id,
	    in->type, in->replaces)) == -1 ||
	    db_commit(c->p->db) == -1)
		goto dberr;
	return APP_OK;
dberr:
	db_rollback(c->p->db);
	return app_db_failed(c);
}

enum app_rc
app_cs_doc_retire(const struct call *c, int64_t id, enum cs_why *why)
{
	struct cs_doc	 d;
	enum app_rc	 arc;
	int		 rc;

	*why = CS_OK;
	if ((arc = doc_load(c, id, &d, why)) != APP_OK)
		return arc;
	if (db_begin(c->p->db) == -1)
		return app_db_failed(c);
	if ((rc = store_cs_doc_retire(c->p->db, id)) == -1)
		goto dberr;
	if (rc == 0) {
		db_rollback(c->p->db);
		*why = CS_DONE;
		return APP_REFUSED;
	}
	if (audit_call(c, "clinic.document.retire", 0, arena_printf(c->a,
	    "document=%" PRId64 " type=%" PRId64, id, d.type_id)) == -1 ||
	    db_commit(c->p->db) == -1)
		goto dberr;
	return APP_OK;
dberr:
	db_rollback(c->p->db);
	return app_db_failed(c);
}

/* ---- slots ---- */

enum app_rc
app_cs_slots(const struct call *c, int64_t clinic, struct cs_slot **out,
    size_t *n, enum cs_why *why)
{
	int	 rc;

	*out = NULL;
	*n = 0;
	*why = CS_OK;
	if ((rc = may(c, clinic > 0 ? clinic : -1, arena_printf(c->a,
	    "clinic=%" PRId64, clinic), why)) != 1)
		return refused_or(c, rc);
	if (store_cs_slots(c->p->db, c->a, clinic, c->now, CS_SLOTS_PAGE, out,
	    n) == -1)
		return app_db_failed(c);
	return APP_OK;
}

enum app_rc
app_cs_slots_add(const struct call *c, const struct cs_slots_in *in,
    size_t *n, struct cs_err *err, enum cs_why *why)
{
	struct cs_type	 t;
	struct cs_slot	 s;
	const char	*msg;
	time_t		*starts;
	long		 count = 1, every, at;
	int		 y, m, d, hh, mm, yy, mo, dd, rc;
	int64_t		 first = 0, sid;
	enum app_rc	 arc;
	long		 i;

	*n = 0;
	*why = CS_OK;
	if ((arc = type_load(c, in->type, &t, why)) != APP_OK)
		return arc;
	if (!t.active)
		return invalid(err, "type", "This visit type is not offered now: "
		    "offer it again before publishing slots.");
	if (parse_when(in->start, &y, &m, &d, &hh, &mm) == -1)
		return invalid(err, "start", bad_when);
	if (in->count != NULL && *in->count != '\0' &&
	    number(in->count, 1, CS_SERIES_MAX, &count) == -1)
		return invalid(err, "count", "Enter how many slots, 1 to 100.");
	every = t.minutes;
	if (in->every != NULL && *in->every != '\0' &&
	    number(in->every, 5, 1440 * 7, &every) == -1)
		return invalid(err, "every", "Enter the minutes between starts, "
		    "5 to 10080 (a week).");
	memset(&s, 0, sizeof(s));
	if ((msg = opt_line(c->a, in->provider, &s.provider)) != NULL)
		return invalid(err, "provider", msg);
	if ((msg = opt_line(c->a, in->location, &s.location)) != NULL)
		return invalid(err, "location", msg);
	/* Each start on the wall clock: a daily series stays at 09:00
	 * across a change of the clocks. */
	starts = arena_alloc(c->a, sizeof(*starts) * (size_t)count);
	for (i = 0; i < count; i++) {
		at = hh * 60L + mm + i * every;
		civil_date(civil_days(y, m, d) + at / 1440, &yy, &mo, &dd);
		if (civil_local(yy, mo, dd, (int)(at % 1440 / 60),
		    (int)(at % 60), 0, &starts[i]) == -1)
			return invalid(err, "start", i == 0 ? gap_when :
			    arena_printf(c->a, "Slot %ld of the series would "
			    "fall in the hour the clocks skip: %s", i + 1,
			    gap_when));
		if (starts[i] <= c->now)
			return invalid(err, "start", "A slot cannot start in the "
			    "past: choose a later start.");
	}
	s.clinic_id = t.clinic_id;
	s.type_id = t.id;
	s.minutes = t.minutes;
	if (db_begin(c->p->db) == -1)
		return app_db_failed(c);
	for (i = 0; i < count; i++) {
		char	 when[CIVIL_WHEN_LEN];

		if ((rc = store_cs_slot_exists(c->p->db, t.id, starts[i])) == -1)
			goto dberr;
		if (rc == 1 || (i > 0 && starts[i] == starts[i - 1])) {
			db_rollback(c->p->db);
			return invalid(err, "start", arena_printf(c->a, "There is "
			    "a slot of this visit type at %s already; nothing "
			    "was published.", civil_when(starts[i], when) ?
			    when : "that time"));
		}
		s.start = starts[i];
		if ((sid = store_cs_slot_add(c->p->db, &s, c->now)) == -1)
			goto dberr;
		if (first == 0)
			first = sid;
	}
	if (audit_call(c, "clinic.slots.add", 0, arena_printf(c->a, "type=%"
	    PRId64 " clinic=%" PRId64 " count=%ld every=%ld first=%" PRId64,
	    t.id, t.clinic_id, count, every, first)) == -1 ||
	    db_commit(c->p->db) == -1)
		goto dberr;
	*n = (size_t)count;
	return APP_OK;
dberr:
	db_rollback(c->p->db);
	return app_db_failed(c);
}

enum app_rc
app_cs_slot_withdraw(const struct call *c, int64_t id, enum cs_why *why)
{
	struct cs_slot	 s;
	const char	*asked = arena_printf(c->a, "slot=%" PRId64, id);
	int		 rc;

	*why = CS_OK;
	if ((rc = may(c, 0, asked, why)) != 1)
		return refused_or(c, rc);
	if ((rc = store_cs_slot_get(c->p->db, c->a, id, &s)) == -1)
		return app_db_failed(c);
	if (rc == 0)
		return none(c, asked, why);
	if ((rc = may(c, s.clinic_id, asked, why)) != 1)
		return refused_or(c, rc);
	if (db_begin(c->p->db) == -1)
		return app_db_failed(c);
	if ((rc = store_cs_slot_withdraw(c->p->db, id)) == -1)
		goto dberr;
	if (rc == 0) {
		db_rollback(c->p->db);
		*why = s.withdrawn ? CS_DONE : CS_TAKEN;
		if (audit_call(c, "clinic.refused", 0, arena_printf(c->a,
		    "withdraw slot=%" PRId64 ": %s", id, s.withdrawn ?
		    "withdrawn already" : "taken")) == -1)
			return APP_ERROR;
		return APP_REFUSED;
	}
	if (audit_call(c, "clinic.slot.withdraw", 0, arena_printf(c->a,
	    "slot=%" PRId64 " type=%" PRId64, id, s.type_id)) == -1 ||
	    db_commit(c->p->db) == -1)
		goto dberr;
	return APP_OK;
dberr:
	db_rollback(c->p->db);
	return app_db_failed(c);
}
