/*
 * The record's operations (record.h): one holdings query gives the
 * store's side of "who may see whom"; policy_access decides it for each
 * patient and policy_item_visible for each item. This file decides
 * nothing itself: it gathers, asks, audits and hands back.
 */
#include <inttypes.h>
#include <string.h>

#include "arena.h"
#include "audit.h"
#include "call.h"
#include "cda_export.h"
#include "db.h"
#include "enrol.h"
#include "record.h"
#include "store_holdings.h"

/* Each section: its slug (audit actions) and the policy's item kind. */
static const struct {
	const char	*name;
	enum item_kind	 kind;
} sections[REC__MAX] = {
	[REC_VISITS] = { "visits", ITEM_VISIT },
	[REC_NOTES] = { "notes", ITEM_NOTE },
	[REC_LABS] = { "labs", ITEM_LAB },
	[REC_RADIOLOGY] = { "radiology", ITEM_RADIOLOGY },
	[REC_MEDICATIONS] = { "medications", ITEM_MEDICATION },
	[REC_ALLERGIES] = { "allergies", ITEM_ALLERGY },
	[REC_PROBLEMS] = { "problems", ITEM_PROBLEM },
	[REC_IMMUNIZATIONS] = { "immunizations", ITEM_IMMUNIZATION },
	[REC_VITALS] = { "vitals", ITEM_VITAL },
};

const char *
record_section_name(enum rec_section s)
{
	return (unsigned)s < REC__MAX ? sections[s].name : "";
}

/* The account's holdings with the policy's verdict on each, today. */
struct holds {
	struct held		*h;
	size_t			 n;
	enum access_level	*level;
	enum access_why		*why;
	const char		**ends;	/* policy_access_ends: "YYYY-MM-DD",
					 * or NULL */
};

/* Loads the caller's holdings (none unless a family account): 0 or -1. */
static int
holds_load(const struct call *c, struct holds *hs)
{
	struct access_in	 in;
	size_t			 i;
	int			 y, m, d;

	memset(hs, 0, sizeof(*hs));
	if (c->who.kind != ACTOR_FAMILY)
		return 0;
	if (store_holdings_all(c->p->db, c->a, c->who.id, &hs->h, &hs->n) == -1)
		return -1;
	hs->level = arena_alloc(c->a, (hs->n + 1) * sizeof(*hs->level));
	hs->why = arena_alloc(c->a, (hs->n + 1) * sizeof(*hs->why));
	hs->ends = arena_alloc(c->a, (hs->n + 1) * sizeof(*hs->ends));
	memset(&in, 0, sizeof(in));
	enrol_today(c->now, &in.y, &in.m, &in.d);
	for (i = 0; i < hs->n; i++) {
		in.role = policy_hold_role(hs->h[i].role);
		in.status = policy_hold_status(hs->h[i].status);
		in.dob = hs->h[i].patient.dob;
		in.foster = hs->h[i].patient.foster;
		in.guardianship = hs->h[i].patient.guardianship;
		in.on_file = hs->h[i].on_file;
		hs->level[i] = policy_access(&in, &hs->why[i]);
		hs->ends[i] = NULL;
		if (policy_access_ends(&in, &y, &m, &d))
			hs->ends[i] = arena_printf(c->a, "%04d-%02d-%02d", y,
			    m, d);
	}
	return 0;
}

/* The switcher: the holdings the policy lets the caller see now. */
static void
holds_choices(const struct call *c, const struct holds *hs,
    struct record_choice **out, size_t *n)
{
	struct record_choice	*ch;
	size_t			 i, cap = 0;

	*out = NULL;
	*n = 0;
	for (i = 0; i < hs->n; i++) {
		if (hs->level[i] == ACCESS_NONE)
			continue;
		ch = arena_push(c->a, (void **)out, n, &cap, sizeof(*ch));
		ch->patient_id = hs->h[i].patient.id;
		ch->name = arena_printf(c->a, "%s %s", hs->h[i].patient.given,
		    hs->h[i].patient.family);
	}
}

/* Why the caller does not see patient, for the audit (it is not in the
 * holdings, or the policy said no). */
static const char *
holds_refusal(const struct call *c, const struct holds *hs, int64_t patient)
{
	struct patient	 p;
	size_t		 i;

	for (i = 0; i < hs->n; i++)
		if (hs->h[i].patient.id == patient)
			return policy_access_message(hs->why[i]);
	return store_patient_by_id(c->p->db, c->a, patient, &p) == 1 ?
	    "not held by this account" : "no such patient";
}

/* The index of patient among the holdings the caller sees now, or -1. */
static long
holds_seen(const struct holds *hs, int64_t patient)
{
	size_t	 i;

	for (i = 0; i < hs->n; i++)
		if (hs->h[i].patient.id == patient && hs->level[i] != ACCESS_NONE)
			return (long)i;
	return -1;
}

/* "what: asked p=12", "what: asked p=malformed (3 bytes)", "what: no p". */
static const char *
asked(const struct call *c, const char *what, const char *param,
    const struct record_ask *q)
{
	if (q->raw == NULL)
		return arena_printf(c->a, "%s: no %s", what, param);
	if (q->id > 0)
		return arena_printf(c->a, "%s: asked %s=%" PRId64, what, param, q->id);
	return arena_printf(c->a, "%s: asked %s=malformed (%zu bytes)", what,
	    param, strlen(q->raw));
}

/*
 * The patient asked for (else the first the caller may see) into *seen:
 * RECORD_OK, RECORD_NO_PATIENT (nothing asked, nobody to show) or
 * RECORD_NOT_SEEN, with why in *refusal; -1 on error. Writes no row.
 */
static int
resolve(const struct call *c, const struct record_ask *p,
    struct record_seen *seen, const char **refusal)
{
	struct holds	 hs;
	int64_t		 want;
	long		 k;

	memset(seen, 0, sizeof(*seen));
	*refusal = "no patient on the account";
	if (holds_load(c, &hs) == -1)
		return -1;
	holds_choices(c, &hs, &seen->choices, &seen->nchoices);
	if (p->raw == NULL) {
		if (seen->nchoices == 0)
			return RECORD_NO_PATIENT;
		want = seen->choices[0].patient_id;
	} else if ((want = p->id) <= 0) {
		*refusal = "malformed patient id";
		return RECORD_NOT_SEEN;
	}
	if ((k = holds_seen(&hs, want)) < 0) {
		*refusal = holds_refusal(c, &hs, want);
		return RECORD_NOT_SEEN;
	}
	seen->patient = hs.h[k].patient;
	seen->level = hs.level[k];
	seen->role = policy_hold_role(hs.h[k].role);
	*refusal = NULL;
	return RECORD_OK;
}

/*
 * resolve in a read of its own (db_read) and, for a refusal, its row
 * record.refused: RECORD_OK, RECORD_NOT_SEEN (RECORD_NO_PATIENT too,
 * unless quiet_none), -1. On RECORD_OK the read goes on for the caller's
 * rows (*rd: what db_read gave; the caller ends it with read_end before
 * its audit row); else it is over.
 */
static int
resolve_audited(const struct call *c, const struct record_ask *p,
    struct record_seen *seen, int quiet_none, int *rd)
{
	const char	*why;
	int		 rc;

	if ((*rd = db_read(c->p->db)) == -1)
		return -1;
	if ((rc = resolve(c, p, seen, &why)) == RECORD_OK)
		return rc;
	db_read_end(c->p->db, *rd);
	*rd = 0;
	if (rc < 0)
		return rc;
	if (rc == RECORD_NO_PATIENT && quiet_none)
		return rc;
	if (audit_call(c, "record.refused", p->id, asked(c, why, "p", p)) == -1)
		return -1;
	return RECORD_NOT_SEEN;
}

/* Ends the read resolve_audited began; returns rc. */
static enum app_rc
read_end(const struct call *c, int rd, enum app_rc rc)
{
	db_read_end(c->p->db, rd);
	return rc;
}

void
record_item(enum item_kind kind, const struct rec_row *r,
    struct policy_item *it)
{
	memset(it, 0, sizeof(*it));
	it->kind = kind;
	it->confidential = r->confidential;
	it->encounter_confidential = r->encounter_confidential;
	it->outside = r->outside;
	it->department = r->department;
	it->note_type = r->note_type;
	it->encounter_kind = r->encounter_kind;
	it->code = r->code;
	it->name = r->name;
	it->display = r->display;
	it->panel = r->panel;
	it->at = (time_t)r->at;
}

/* Asks the policy about one row. */
static int
row_visible(const struct call *c, enum access_level level, enum rec_section s,
    const struct rec_row *r)
{
	struct policy_item	 it;

	record_item(sections[s].kind, r, &it);
	return policy_item_visible(c->p->rules, level, &it, c->now);
}

/* The rows of section s released to the viewer: 0 or -1. */
static int
rows_released(const struct call *c, const struct record_seen *seen,
    enum rec_section s, struct rec_row **out, size_t *n)
{
	struct rec_row	*all;
	size_t		 nall, i, k = 0;

	if (store_record_rows(c->p->db, c->a, seen->patient.id, s, &all, &nall) == -1)
		return -1;
	for (i = 0; i < nall; i++)
		if (row_visible(c, seen->level, s, &all[i]))
			all[k++] = all[i];
	*out = all;
	*n = k;
	return 0;
}

/* The summary's count of what is released, section by section. */
struct tally {
	const struct call	*c;
	enum access_level	 level;
	size_t			*count;
};

static void
tally_row(void *arg, enum rec_section s, const struct rec_row *r)
{
	struct tally	*t = arg;

	if (row_visible(t->c, t->level, s, r))
		t->count[s]++;
}

/* Every section released: 0 or -1. */
static int
rows_all(const struct call *c, const struct record_seen *seen,
    struct rec_row *rows[REC__MAX], size_t n[REC__MAX])
{
	size_t	 i;

	for (i = 0; i < REC__MAX; i++)
		if (rows_released(c, seen, (enum rec_section)i, &rows[i], &n[i]) == -1)
			return -1;
	return 0;
}

/* The app_rc of a resolve: APP_OK to go on. */
static enum app_rc
refused(int rc, enum record_refusal *why)
{
	if (rc < 0)
		return APP_ERROR;
	*why = (enum record_refusal)rc;
	return rc == RECORD_OK ? APP_OK : APP_REFUSED;
}

enum app_rc
app_record_open(const struct call *c, const struct record_open_in *in,
    struct record_open_out *out)
{
	struct tally	 t;
	enum app_rc	 rc;
	int		 rd;

	memset(out, 0, sizeof(*out));
	if ((rc = refused(resolve_audited(c, &in->p, &out->seen, 1, &rd),
	    &out->why)) != APP_OK)
		return rc;
	/* Counted from what the rules look at, not from the rows. */
	t.c = c;
	t.level = out->seen.level;
	t.count = out->count;
	if (store_record_scan(c->p->db, out->seen.patient.id, tally_row, &t) == -1)
		return read_end(c, rd, APP_ERROR);
	read_end(c, rd, APP_OK);
	/* The view is on record before anything is shown (S-1). */
	if (audit_call(c, "record.view.summary", out->seen.patient.id, NULL) == -1)
		return APP_ERROR;
	return APP_OK;
}

enum app_rc
app_record_section(const struct call *c, const struct record_section_in *in,
    struct record_section_out *out)
{
	enum app_rc	 rc;
	int		 rd;

	memset(out, 0, sizeof(*out));
	if ((unsigned)in->s >= REC__MAX)
		return APP_INVALID;
	if ((rc = refused(resolve_audited(c, &in->p, &out->seen, 0, &rd),
	    &out->why)) != APP_OK)
		return rc;
	if (read_end(c, rd, rows_released(c, &out->seen, in->s, &out->rows,
	    &out->n) == -1 ? APP_ERROR : APP_OK) != APP_OK ||
	    audit_call(c, arena_printf(c->a, "record.view.%s", sections[in->s].name),
	    out->seen.patient.id, NULL) == -1)
		return APP_ERROR;
	return APP_OK;
}

enum app_rc
app_record_item(const struct call *c, const struct record_item_in *in,
    struct record_item_out *out)
{
	const char	*slug;
	enum app_rc	 rc;
	int		 found = 0, rd;

	memset(out, 0, sizeof(*out));
	if ((unsigned)in->s >= REC__MAX)
		return APP_INVALID;
	slug = sections[in->s].name;
	if ((rc = refused(resolve_audited(c, &in->p, &out->seen, 0, &rd),
	    &out->why)) != APP_OK)
		return rc;
	/* One answer for "not released", "another patient's" and "none". */
	if (in->id.id > 0)
		found = store_record_row(c->p->db, c->a, out->seen.patient.id,
		    in->s, in->id.id, &out->row);
	if (read_end(c, rd, found == -1 ? APP_ERROR : APP_OK) != APP_OK)
		return APP_ERROR;
	if (found != 1 || !row_visible(c, out->seen.level, in->s, &out->row)) {
		memset(&out->row, 0, sizeof(out->row));
		out->why = RECORD_NO_ITEM;
		if (audit_call(c, "record.item_refused", out->seen.patient.id,
		    asked(c, slug, "id", &in->id)) == -1)
			return APP_ERROR;
		return APP_REFUSED;
	}
	if (audit_call(c, arena_printf(c->a, "record.view.%s", slug),
	    out->seen.patient.id, NULL) == -1)
		return APP_ERROR;
	return APP_OK;
}

enum app_rc
app_record_print(const struct call *c, const struct record_print_in *in,
    struct record_print_out *out)
{
	enum app_rc	 rc;
	int		 rd;

	memset(out, 0, sizeof(*out));
	if ((rc = refused(resolve_audited(c, &in->p, &out->seen, 0, &rd),
	    &out->why)) != APP_OK)
		return rc;
	if (read_end(c, rd, rows_all(c, &out->seen, out->rows, out->n) == -1 ?
	    APP_ERROR : APP_OK) != APP_OK ||
	    audit_call(c, "record.print", out->seen.patient.id, NULL) == -1)
		return APP_ERROR;
	return APP_OK;
}

enum app_rc
app_record_download(const struct call *c, const struct record_download_in *in,
    struct record_download_out *out)
{
	struct rec_row	*rows[REC__MAX];
	size_t		 n[REC__MAX];
	enum app_rc	 rc;
	int		 rd;

	memset(out, 0, sizeof(*out));
	if ((rc = refused(resolve_audited(c, &in->p, &out->seen, 0, &rd),
	    &out->why)) != APP_OK)
		return rc;
	if (read_end(c, rd, rows_all(c, &out->seen, rows, n) == -1 ?
	    APP_ERROR : APP_OK) != APP_OK ||
	    audit_call(c, "record.download", out->seen.patient.id, "C-CDA") == -1)
		return APP_ERROR;
	buf_init(&out->xml, c->a);
	if (cda_export(c->a, c->p->conf, &out->seen.patient, rows, n, c->now,
	    &out->xml) == -1)
		return APP_ERROR;
	return APP_OK;
}

/* NULL and "" alike; 1 if equal. */
static int
same_text(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

int
record_same_test(const struct rec_row *a, const struct rec_row *b)
{
	if (a->code != NULL && *a->code != '\0') {
		if (!same_text(a->code, b->code))
			return 0;
	} else if ((b->code != NULL && *b->code != '\0') ||
	    !same_text(a->name, b->name))
		return 0;
	return same_text(a->detail[1], b->detail[1]);
}

enum app_rc
app_record_series(const struct call *c, const struct record_series_in *in,
    struct record_series_out *out)
{
	struct rec_row	*all;
	size_t		 nall, i, k = 0;
	long		 at = -1;
	enum app_rc	 rc;
	int		 rd;

	memset(out, 0, sizeof(*out));
	if ((rc = refused(resolve_audited(c, &in->p, &out->seen, 0, &rd),
	    &out->why)) != APP_OK)
		return rc;
	if (read_end(c, rd, rows_released(c, &out->seen, REC_LABS, &all,
	    &nall) == -1 ? APP_ERROR : APP_OK) != APP_OK)
		return APP_ERROR;
	/* Only among the released rows: one answer for "not released",
	 * "another patient's" and "none". */
	for (i = 0; in->id.id > 0 && i < nall; i++)
		if (all[i].id == in->id.id)
			at = (long)i;
	if (at < 0) {
		out->why = RECORD_NO_ITEM;
		if (audit_call(c, "record.item_refused", out->seen.patient.id,
		    asked(c, sections[REC_LABS].name, "id", &in->id)) == -1)
			return APP_ERROR;
		return APP_REFUSED;
	}
	out->row = all[at];
	out->rows = arena_alloc(c->a, (nall + 1) * sizeof(*out->rows));
	/* The section is newest first; the series reads oldest first. */
	for (i = nall; i-- > 0;)
		if (record_same_test(&all[i], &out->row))
			out->rows[k++] = all[i];
	out->n = k;
	if (audit_call(c, "record.view.labs", out->seen.patient.id,
	    arena_printf(c->a, "series of %zu", k)) == -1)
		return APP_ERROR;
	return APP_OK;
}

enum app_rc
app_record_holdings(const struct call *c, const void *in,
    struct record_holdings_out *out)
{
	struct record_holding	*h;
	struct audit_group	*g;
	struct holds		 hs;
	size_t			 i;

	(void)in;
	memset(out, 0, sizeof(*out));
	if (holds_load(c, &hs) == -1)
		return APP_ERROR;
	out->h = arena_alloc(c->a, (hs.n + 1) * sizeof(*out->h));
	out->n = hs.n;
	for (i = 0; i < hs.n; i++) {
		h = &out->h[i];
		h->patient = hs.h[i].patient;
		h->status = hs.h[i].status;
		h->level = hs.level[i];
		h->ends = hs.ends[i];
		h->ended = NULL;
		if (policy_hold_status(h->status) == HOLD_ACTIVE &&
		    h->level == ACCESS_NONE)
			h->ended = policy_access_message(hs.why[i]);
	}
	/* The page names the patients: a view of each, durable before the
	 * page is shown (S-1), all or none, as one group (issue 9.1). */
	g = audit_group_new(c);
	for (i = 0; i < hs.n; i++)
		audit_group_add(g, "account.view", hs.h[i].patient.id,
		    hs.h[i].status);
	return audit_group_write(g) == -1 ? APP_ERROR : APP_OK;
}

int
record_access(const struct call *c, int64_t patient, struct record_view *v)
{
	struct record_seen	 seen;
	struct record_ask	 p = { patient, "" };
	int			 rc;

	memset(v, 0, sizeof(*v));
	if ((rc = resolve(c, &p, &seen, &v->refusal)) < 0)
		return -1;
	if (rc != RECORD_OK)
		return 0;
	v->patient = seen.patient;
	v->level = (int)seen.level;
	v->role = seen.role;
	return 1;
}

int
record_choices(const struct call *c, struct record_choice **out, size_t *n)
{
	struct holds	 hs;

	*out = NULL;
	*n = 0;
	if (holds_load(c, &hs) == -1)
		return -1;
	holds_choices(c, &hs, out, n);
	return 0;
}

const char *
record_ends(const struct call *c, int64_t patient)
{
	struct holds	 hs;
	size_t		 i;

	if (holds_load(c, &hs) == -1)
		return NULL;
	for (i = 0; i < hs.n; i++)
		if (hs.h[i].patient.id == patient && hs.level[i] != ACCESS_NONE)
			return hs.ends[i];
	return NULL;
}

int
record_self(const struct call *c, int64_t patient)
{
	struct holds	 hs;
	size_t		 i;

	if (holds_load(c, &hs) == -1)
		return -1;
	for (i = 0; i < hs.n; i++)
		if (hs.h[i].patient.id == patient)
			return policy_hold_role(hs.h[i].role) == HOLD_ROLE_SELF;
	return 0;
}

int
record_released(const struct call *c, int64_t patient, enum access_level level,
    enum rec_section s, struct rec_row **out, size_t *n)
{
	struct record_seen	 seen;

	memset(&seen, 0, sizeof(seen));
	seen.patient.id = patient;
	seen.level = level;
	return rows_released(c, &seen, s, out, n);
}
