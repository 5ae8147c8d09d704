/*
 * Insurance (insurance.h): the rules of a reported change, the summary
 * page's operations and the billing system's import.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "audit.h"
#include "call.h"
#include "csv.h"
#include "db.h"
#include "enrol.h"
#include "insurance.h"
#include "magic.h"
#include "policy.h"
#include "portal.h"
#include "record.h"
#include "store_patients.h"
#include "valid.h"

#define NELEM(x)	(sizeof(x) / sizeof((x)[0]))

/* The patient's relationship to the subscriber, as the form offers it. */
static const char *const rels[] = { "self", "parent", "spouse", "guardian",
    "other" };

static int
rel_known(const char *r)
{
	size_t	 i;

	for (i = 0; r != NULL && i < NELEM(rels); i++)
		if (strcmp(r, rels[i]) == 0)
			return 1;
	return 0;
}

/* One card photo: JPEG, PNG or PDF by content, within the size. */
static const char *
photo_check(const unsigned char *p, size_t n, const char **mime)
{
	enum magic_type	 t;

	if (p == NULL || n == 0)
		return "Add a photo of the card (JPEG or PNG), or a PDF scan.";
	if (n > INSURANCE_PHOTO_BYTES)
		return "The photo is larger than 5 MB: take it again at a "
		    "lower resolution.";
	t = magic_detect(p, n);
	if (t != MAGIC_JPEG && t != MAGIC_PNG && t != MAGIC_PDF)
		return "The file is not a JPEG or PNG photo or a PDF: choose "
		    "the card's photo.";
	*mime = magic_mime(t);
	return NULL;
}

/* A field: required or not, one line of at most 100 characters. NULL if
 * good (*v normalised), "" if required and empty, else why. */
static const char *
line_check(struct arena *a, const char **v, int required)
{
	const char	*norm = NULL, *msg;

	if (*v == NULL || **v == '\0') {
		*v = "";
		return required ? "" : NULL;
	}
	if ((msg = valid_line(a, *v, strlen(*v), &norm)) != NULL)
		return msg;
	if (strlen(norm) > 100)
		return "Enter at most 100 characters.";
	*v = norm;
	return NULL;
}

static const struct {
	const char	*field;
	const char	*label;
	int		 required;
} fields[] = {
	{ "payer", "insurance company", 1 },
	{ "plan", "plan", 0 },
	{ "member_id", "member ID", 1 },
	{ "group_no", "group number", 0 },
	{ "subscriber", "subscriber's name", 1 },
};

enum app_rc
insurance_change_check(const struct call *c, int64_t patient,
    struct ins_change *k, const char **field, const char **msg)
{
	const char	**vals[] = { &k->payer, &k->plan, &k->member_id,
			    &k->group_no, &k->subscriber };
	const char	*why;
	size_t		 i;
	int		 rc;

	for (i = 0; i < NELEM(fields); i++)
		if ((why = line_check(c->a, vals[i], fields[i].required)) !=
		    NULL) {
			*field = fields[i].field;
			*msg = *why ? why : arena_printf(c->a, "Enter the %s.",
			    fields[i].label);
			return APP_INVALID;
		}
	*field = "relationship";
	*msg = "Choose the patient's relationship to the subscriber.";
	if (!rel_known(k->relationship))
		return APP_INVALID;
	/* The change keeps the rank of the coverage it replaces; a new one
	 * comes after those on file (billing may reorder). */
	if (k->coverage == 0) {
		if (store_coverage_next_rank(c->p->db, patient, &k->rank) == -1)
			return app_db_failed(c);
	} else if ((rc = store_coverage_of(c->p->db, patient, k->coverage,
	    &k->rank)) != 1) {
		if (rc == -1)
			return app_db_failed(c);
		*field = "coverage";
		*msg = "Choose one of the coverages on file, or a new one.";
		return APP_INVALID;
	}
	*field = "front";
	if ((*msg = photo_check(k->front, k->front_len, &k->front_mime)) != NULL)
		return APP_INVALID;
	*field = "back";
	if ((*msg = photo_check(k->back, k->back_len, &k->back_mime)) != NULL)
		return APP_INVALID;
	*field = *msg = NULL;
	return APP_OK;
}

enum ins_right
insurance_right(const struct call *c, const struct record_view *v)
{
	struct ins_facts	 f;
	int			 y, m, d;

	enrol_today(c->now, &y, &m, &d);
	memset(&f, 0, sizeof(f));
	f.level = (enum access_level)v->level;
	f.self_minor = v->role == HOLD_ROLE_SELF &&
	    policy_age(v->patient.dob, y, m, d) < 18;
	return policy_insurance(&f);
}

/* What the caller may do with patient's insurance: 1 with *right and
 * *name; 0 (INS_NONE: not seen, or no such patient); -1. */
static int
right_of(const struct call *c, int64_t patient, enum ins_right *right,
    const char **name)
{
	struct record_view	 v;
	int			 rc;

	*right = INS_NONE;
	if ((rc = record_access(c, patient, &v)) != 1)
		return rc;
	*right = insurance_right(c, &v);
	*name = arena_printf(c->a, "%s %s", v.patient.given, v.patient.family);
	return *right != INS_NONE;
}

static enum app_rc
refused(const struct call *c, int64_t patient, enum ins_right right)
{
	/* A patient not seen is named nowhere: the row says what was asked. */
	return audit_call(c, "insurance.refused", 0, arena_printf(c->a,
	    "asked p=%" PRId64 " right=%s", patient,
	    policy_insurance_name(right))) == -1 ? APP_ERROR : APP_REFUSED;
}

/* Fills one patient of the summary and writes its view row. */
static int
one(const struct call *c, struct insurance_patient *p)
{
	if (store_coverages(c->p->db, c->a, p->id, &p->cov, &p->ncov) == -1 ||
	    store_ins_changes_of_patient(c->p->db, c->a, p->id, &p->chg,
	    &p->nchg) == -1)
		return -1;
	return audit_call(c, "insurance.view", p->id, arena_printf(c->a,
	    "coverages=%zu changes=%zu right=%s", p->ncov, p->nchg,
	    policy_insurance_name(p->right)));
}

enum app_rc
app_insurance_view(const struct call *c, const struct insurance_view_in *in,
    struct insurance_view_out *out)
{
	struct record_choice	*ch;
	size_t			 n, i;
	int			 rc;

	memset(out, 0, sizeof(*out));
	if (in->patient != 0) {
		out->p = arena_alloc(c->a, sizeof(*out->p));
		out->p->id = in->patient;
		if ((rc = right_of(c, in->patient, &out->p->right,
		    &out->p->name)) != 1)
			return rc == -1 ? app_db_failed(c) :
			    refused(c, in->patient, out->p->right);
		if (one(c, out->p) == -1)
			return app_db_failed(c);
		out->n = 1;
		return APP_OK;
	}
	if (record_choices(c, &ch, &n) == -1)
		return app_db_failed(c);
	out->p = arena_alloc(c->a, (n + 1) * sizeof(*out->p));
	for (i = 0; i < n; i++) {
		struct insurance_patient	*p = &out->p[out->n];

		p->id = ch[i].patient_id;
		if ((rc = right_of(c, p->id, &p->right, &p->name)) == -1)
			return app_db_failed(c);
		if (rc == 0)
			continue;
		if (one(c, p) == -1)
			return app_db_failed(c);
		out->n++;
	}
	return APP_OK;
}

enum app_rc
app_insurance_report(const struct call *c,
    const struct insurance_report_in *in, struct insurance_report_out *out)
{
	struct ins_change	 k = in->ins;
	enum ins_right		 right;
	const char		*name;
	enum app_rc		 arc;
	int			 rc;

	memset(out, 0, sizeof(*out));
	if ((rc = right_of(c, in->patient, &right, &name)) != 1)
		return rc == -1 ? app_db_failed(c) :
		    refused(c, in->patient, right);
	if (right != INS_CHANGE) {
		out->field = "patient";
		out->msg = INSURANCE_NOT_YOURS;
		return audit_call(c, "insurance.refused", in->patient,
		    arena_printf(c->a, "asked report p=%" PRId64 " right=%s",
		    in->patient, policy_insurance_name(right))) == -1 ?
		    APP_ERROR : APP_INVALID;
	}
	if ((arc = insurance_change_check(c, in->patient, &k, &out->field,
	    &out->msg)) != APP_OK)
		return arc;
	k.patient = in->patient;
	k.account = c->who.id;
	k.visit = 0;
	if (db_begin(c->p->db) == -1)
		return app_db_failed(c);
	if ((out->id = store_ins_change_new(c->p->db, &k, c->now)) == -1 ||
	    audit_call(c, "insurance.report", in->patient, arena_printf(c->a,
	    "change=%" PRId64 " coverage=%" PRId64, out->id, k.coverage)) ==
	    -1) {
		db_rollback(c->p->db);
		return app_db_failed(c);
	}
	return db_commit(c->p->db) == -1 ? app_db_failed(c) : APP_OK;
}

/* ---- The billing system's coverages ---- */

enum { COL_MRN, COL_RANK, COL_PAYER, COL_PLAN, COL_MEMBER, COL_GROUP,
    COL_SUBSCRIBER, COL_REL, COL__MAX };
static const struct {
	const char	*name;
	int		 required;	/* a value in every row */
} cols[COL__MAX] = {
	[COL_MRN] = { "mrn", 1 },
	[COL_RANK] = { "rank", 1 },
	[COL_PAYER] = { "payer", 1 },
	[COL_PLAN] = { "plan", 0 },
	[COL_MEMBER] = { "member_id", 1 },
	[COL_GROUP] = { "group_no", 0 },
	[COL_SUBSCRIBER] = { "subscriber", 0 },
	[COL_REL] = { "relationship", 0 },
};

static const struct csv_limits import_limits = { 4096, 32 };

/* The header: each column's index, or -1 naming the one missing. */
static int
import_header(const struct csv_row *r, int at[COL__MAX], FILE *err)
{
	size_t	 i;
	int	 k, rc = 0;

	for (k = 0; k < COL__MAX; k++) {
		at[k] = -1;
		for (i = 0; i < r->n; i++) {
			const char	*f = r->field[i];

			if (i == 0 && strncmp(f, "\xef\xbb\xbf", 3) == 0)
				f += 3;
			if (strcmp(f, cols[k].name) == 0)
				at[k] = (int)i;
		}
		if (at[k] == -1) {
			fprintf(err, "portalctl: the header has no column "
			    "\"%s\"\n", cols[k].name);
			rc = -1;
		}
	}
	return rc;
}

/* One row into *cov and *mrn: NULL, or why it is refused. */
static const char *
import_row(struct arena *a, const struct csv_row *r, const int at[COL__MAX],
    const char **mrn, struct coverage *cov)
{
	const char	*v[COL__MAX], *why;
	char		*end;
	long		 rank;
	int		 k;

	for (k = 0; k < COL__MAX; k++) {
		v[k] = (size_t)at[k] < r->n ? r->field[at[k]] : "";
		if ((why = line_check(a, &v[k], cols[k].required)) != NULL)
			return *why ? arena_printf(a, "%s: %s", cols[k].name,
			    why) : arena_printf(a, "%s is empty",
			    cols[k].name);
	}
	rank = strtol(v[COL_RANK], &end, 10);
	if (*end != '\0' || rank < 1 || rank > 9)
		return "rank is not a number from 1 (primary) to 9";
	if (*v[COL_REL] != '\0' && !rel_known(v[COL_REL]))
		return "relationship is not one of self, parent, spouse, "
		    "guardian, other";
	memset(cov, 0, sizeof(*cov));
	*mrn = v[COL_MRN];
	cov->rank = rank;
	cov->payer = v[COL_PAYER];
	cov->plan = v[COL_PLAN];
	cov->member_id = v[COL_MEMBER];
	cov->group_no = v[COL_GROUP];
	cov->subscriber = v[COL_SUBSCRIBER];
	cov->relationship = v[COL_REL];
	cov->source = "billing";
	return NULL;
}

int
insurance_import(const struct call *c, FILE *in, FILE *progress,
    FILE *refusals, struct insurance_import_out *out)
{
	struct arena	*a = arena_new();
	struct csv	*csv = NULL;
	struct csv_row	 r;
	struct coverage	 cov;
	struct patient	 p;
	const char	*why, *mrn = NULL;
	enum csv_rc	 crc;
	size_t		 rows = 0;
	int		 at[COL__MAX], rc, ok = -1;

	memset(out, 0, sizeof(*out));
	if (a == NULL || (csv = csv_open(in, &import_limits)) == NULL)
		goto done;
	if ((crc = csv_read(csv, a, &r, &why)) != CSV_ROW) {
		fprintf(refusals, "portalctl: the file has no header row%s%s\n",
		    crc == CSV_BAD ? ": " : "", crc == CSV_BAD ? why : "");
		goto done;
	}
	if (import_header(&r, at, refusals) == -1)
		goto done;
	for (;;) {
		arena_reset(a);
		if ((crc = csv_read(csv, a, &r, &why)) == CSV_END)
			break;
		if (crc == CSV_ERROR) {
			fprintf(refusals, "portalctl: reading the file failed\n");
			goto done;
		}
		if (++rows % 100 == 0 && progress != NULL)
			fprintf(progress, "portalctl: insurance import: %zu "
			    "rows read\n", rows);
		if (crc == CSV_BAD || (why = import_row(a, &r, at, &mrn,
		    &cov)) != NULL) {
			fprintf(refusals, "line %zu: refused: %s\n", r.line, why);
			out->refused++;
			continue;
		}
		if ((rc = store_patient_by_mrn(c->p->db, a, mrn, &p)) != 1) {
			if (rc == -1)
				goto dberr;
			/* The MRN is not echoed: a line number finds it. */
			fprintf(refusals, "line %zu: refused: no patient with "
			    "that MRN\n", r.line);
			out->refused++;
			continue;
		}
		if (db_begin(c->p->db) == -1)
			goto dberr;
		if ((rc = store_coverage_import(c->p->db, &cov, p.id,
		    c->now)) == -1 || audit_call(c, "insurance.import", p.id,
		    arena_printf(a, "rank=%ld %s", cov.rank, rc == 1 ? "added" :
		    "updated")) == -1) {
			db_rollback(c->p->db);
			goto dberr;
		}
		if (db_commit(c->p->db) == -1)
			goto dberr;
		*(rc == 1 ? &out->added : &out->updated) += 1;
	}
	if (progress != NULL)
		fprintf(progress, "portalctl: insurance import: %zu rows read "
		    "(done)\n", rows);
	ok = 0;
	goto done;
dberr:
	fputs("portalctl: database error; the rows stored so far stay\n",
	    refusals);
done:
	csv_close(csv);
	arena_free(a);
	return ok;
}
