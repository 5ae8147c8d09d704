/*
 * The privacy office's search, export and accounting of disclosures
 * (privacy.h).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "audit.h"
#include "call.h"
#include "civil.h"
#include "export.h"
#include "portal.h"
#include "privacy.h"
#include "auditq.h"
#include "staff.h"
#include "store_accounts.h"
#include "store_patients.h"
#include "store_provider.h"
#include "store_staff.h"

#define N(x)	(sizeof(x) / sizeof((x)[0]))

/* The export's columns, in order, for the audit log and for disclosures. */
static const char *const log_cols[] = { "id", "time", "at", "actor",
    "actor_name", "action", "mrn", "patient", "address", "detail" };
static const char *const disc_cols[] = { "id", "time", "at", "recipient",
    "actor", "action", "disclosed", "mrn", "patient", "detail" };

/* What a disclosure showed, by its action (store_audit.c's
 * Q_DISCLOSURES picks the rows): the first entry that is a prefix. */
static const struct {
	const char	*action;
	const char	*words;
} disclosed[] = {
	{ "precord.view.summary", "Record summary" },
	{ "precord.view.admissions", "Hospital stays and emergency visits" },
	{ "precord.view.visits", "Visits" },
	{ "precord.view.notes", "Notes" },
	{ "precord.view.labs", "Lab results" },
	{ "precord.view.radiology", "Radiology" },
	{ "precord.view.medications", "Medications" },
	{ "precord.view.allergies", "Allergies" },
	{ "precord.view.problems", "Problems" },
	{ "precord.view.immunizations", "Immunizations" },
	{ "precord.view.vitals", "Vital signs" },
	{ "precord.view.print", "The whole record, printed" },
	{ "precord.", "The record" },
	{ "ppatients.", "Name and date of birth, in a search or a list" },
	{ "prequest.", "Name and date of birth, in an access request" },
	{ "ptoken.validate", "Access to the record through a share code" },
	{ "pcp.", "Access to the record as PCP" },
	{ "share.invite", "Invitation to see the record" },
	{ "share.token", "Share code for the record" },
};

int
app_privacy_may(const struct call *c)
{
	return c->who.kind == ACTOR_CLI ? 1 :
	    app_staff_may(c, STAFF_AUDIT_SEARCH);
}

/* 1, or 0 after the row staff.refused (*why PRIVACY_ROLE), or -1.
 * portalctl (ACTOR_CLI) is hospital IT at the machine: it may. */
static int
may(const struct call *c, const char *asked, enum privacy_why *why)
{
	int	 rc;

	*why = PRIVACY_OK;
	if ((rc = app_privacy_may(c)) != 0)
		return rc;
	*why = PRIVACY_ROLE;
	return audit_call(c, "staff.refused", 0, arena_printf(c->a,
	    "audit log: %s", asked)) == -1 ? -1 : 0;
}

static const struct {
	enum privacy_why	 why;
	const char		*field, *words;
} why_words[] = {
	{ PRIVACY_NO_MRN, "mrn", "No patient has this MRN. Check it on the "
	    "patient's papers." },
	{ PRIVACY_NO_ACTOR, "actor", "No family or provider account has this "
	    "e-mail address, or no staff member this user name (staff are "
	    "searched as staff:USERNAME, an all-digit user name by its "
	    "staff:ID). Check it, or search by patient and read who in the "
	    "results." },
	{ PRIVACY_TWO_ACTORS, "actor", "A family account and a provider "
	    "account both have this e-mail address: enter family:ID or "
	    "provider:ID as the results of a search name them." },
};

const char *
privacy_why_words(enum privacy_why why, const char **field)
{
	size_t	 i;

	for (i = 0; i < sizeof(why_words) / sizeof(why_words[0]); i++)
		if (why_words[i].why == why) {
			*field = why_words[i].field;
			return why_words[i].words;
		}
	*field = NULL;
	return NULL;
}

/* The patient of mrn into *id (0 for none typed): 1, 0 if no patient
 * has it (*why), -1. */
static int
patient(const struct call *c, const char *mrn, int64_t *id,
    enum privacy_why *why)
{
	struct patient	 pt;
	int		 rc;

	*id = 0;
	if (mrn == NULL || *mrn == '\0')
		return 1;
	if ((rc = store_patient_by_mrn(c->p->db, c->a, mrn, &pt)) == 1)
		*id = pt.id;
	else if (rc == 0)
		*why = PRIVACY_NO_MRN;
	return rc;
}

/*
 * An actor the privacy office named as they know them (auditq_named)
 * into the log's name of them: "staff:pria" into "staff:3", an e-mail
 * address into the family or provider account that has it. 1, 0 if no
 * account (or both a family's and a provider's: *why), -1.
 */
static int
actor(const struct call *c, struct store_audit_filter *f,
    enum privacy_why *why)
{
	struct account		 fam;
	struct provider_account	 pro;
	struct staff		 st;
	int			 rf, rp;

	switch (auditq_named(f->actor)) {
	case AUDITQ_USERNAME:
		if ((rf = store_staff_by_username(c->p->db, c->a, f->actor + 6,
		    &st)) == 1)
			f->actor = arena_printf(c->a, "staff:%" PRId64, st.id);
		else if (rf == 0)
			*why = PRIVACY_NO_ACTOR;
		return rf;
	case AUDITQ_EMAIL:
		if ((rf = store_account_by_email(c->p->db, c->a, f->actor,
		    &fam)) == -1 || (rp = store_provider_by_email(c->p->db,
		    c->a, f->actor, &pro)) == -1)
			return -1;
		if (rf + rp != 1) {
			*why = rf + rp == 0 ? PRIVACY_NO_ACTOR :
			    PRIVACY_TWO_ACTORS;
			return 0;
		}
		f->actor = rf == 1 ? arena_printf(c->a, "family:%" PRId64,
		    fam.id) : arena_printf(c->a, "%s:%" PRId64, pro.kind,
		    pro.id);
		return 1;
	default:
		return 1;
	}
}

/* The filter as typed, for the audit detail (the patient is the row's
 * own column: no MRN here). */
static const char *
said(const struct call *c, const struct privacy_q *q, const char *head)
{
	const char	*s = head;

	if (q->actor != NULL && *q->actor != '\0')
		s = arena_printf(c->a, "%s actor=%s", s, q->actor);
	if (q->action != NULL && *q->action != '\0')
		s = arena_printf(c->a, "%s action=%s", s, q->action);
	if (q->since != NULL && *q->since != '\0')
		s = arena_printf(c->a, "%s since=%s", s, q->since);
	if (q->until != NULL && *q->until != '\0')
		s = arena_printf(c->a, "%s until=%s", s, q->until);
	return s;
}

/* Actors already put in words during one call (a page, an export): a
 * log names a few people many times. */
struct names {
	const char	*actor[256];
	const char	*words[256];
	size_t		 n;
};

/* The actor in words ("" if the log names nobody we know), or NULL on a
 * database error. */
static const char *
who(const struct call *c, struct names *nm, const char *actor)
{
	const char	*colon = strchr(actor, ':'), *w;
	char		 kind[16];
	long long	 id;
	size_t		 i;

	for (i = 0; i < nm->n; i++)
		if (strcmp(nm->actor[i], actor) == 0)
			return nm->words[i];
	w = "";
	if (colon != NULL && (size_t)(colon - actor) < sizeof(kind) &&
	    sscanf(colon + 1, "%lld", &id) == 1) {
		memcpy(kind, actor, (size_t)(colon - actor));
		kind[colon - actor] = '\0';
		if (store_audit_actor_words(c->p->db, c->a, kind, id, &w) == -1)
			return NULL;
		if (w == NULL)
			w = "";
	}
	if (nm->n < N(nm->actor)) {
		nm->actor[nm->n] = arena_strdup(c->a, actor);
		nm->words[nm->n++] = w;
	}
	return w;
}

static const char *
disclosed_words(const char *action)
{
	size_t	 i;

	for (i = 0; i < N(disclosed); i++)
		if (strncmp(action, disclosed[i].action,
		    strlen(disclosed[i].action)) == 0)
			return disclosed[i].words;
	return action;
}

/* A row found, in words, into r; 0, or -1 on a database error. */
static int
row_words(const struct call *c, struct arena *a, struct names *nm,
    const struct audit_found *f, struct privacy_row *r)
{
	char	 when[CIVIL_WHEN_LEN];
	int	 provider;

	memset(r, 0, sizeof(*r));
	r->found = *f;
	r->when = arena_strdup(a, civil_when((time_t)f->r.at, when) != NULL ?
	    when : "");
	if ((r->who = who(c, nm, f->r.actor)) == NULL)
		return -1;
	r->patient = f->given != NULL ? arena_printf(a, "%s %s", f->given,
	    f->family) : "";
	r->what = disclosed_words(f->r.action);
	provider = strncmp(f->r.actor, "provider:", 9) == 0 ||
	    strncmp(f->r.actor, "sponsored:", 10) == 0;
	r->recipient = provider ? (*r->who != '\0' ? r->who : f->r.actor) :
	    "The provider named in the details";
	return 0;
}

enum app_rc
app_privacy_search(const struct call *c, const struct privacy_q *q,
    struct privacy_row **out, size_t *n, int *more, enum privacy_why *why)
{
	struct store_audit_filter	 f = q->f;
	struct audit_found		*rows;
	struct names			 nm;
	size_t				 i;
	int				 rc;

	*out = NULL;
	*n = 0;
	*more = 0;
	if ((rc = may(c, "search", why)) != 1)
		return rc == 0 ? APP_REFUSED : app_db_failed(c);
	if ((rc = patient(c, q->mrn, &f.patient, why)) != 1 ||
	    (rc = actor(c, &f, why)) != 1)
		return rc == 0 ? APP_INVALID : app_db_failed(c);
	if (store_audit_search(c->p->db, c->a, &f, (q->page - 1) * AUDITQ_PAGE,
	    AUDITQ_PAGE + 1, &rows, n) == -1)
		return app_db_failed(c);
	if (*n > AUDITQ_PAGE) {
		*more = 1;
		*n = AUDITQ_PAGE;
	}
	memset(&nm, 0, sizeof(nm));
	*out = arena_alloc(c->a, (*n + 1) * sizeof(**out));
	for (i = 0; i < *n; i++)
		if (row_words(c, c->a, &nm, &rows[i], &(*out)[i]) == -1)
			return app_db_failed(c);
	if (audit_call(c, "audit.search", f.patient, said(c, q,
	    arena_printf(c->a, "page=%" PRId64, q->page))) == -1)
		return APP_ERROR;
	return APP_OK;
}

/* One export in progress. */
struct exporting {
	const struct call	*c;
	struct arena		*scratch;	/* one row's text, reset after it */
	struct names		 nm;
	enum privacy_format	 fmt;
	int			 disclosures;
	int			(*put)(const char *, size_t, void *);
	void			*arg;
	struct buf		 line;
	int			 failed;	/* a database error */
};

/* The header line (CSV only: JSON lines name each value). */
static int
header(struct exporting *e)
{
	const char *const	*cols = e->disclosures ? disc_cols : log_cols;
	size_t			 n = e->disclosures ? N(disc_cols) : N(log_cols);

	if (e->fmt != PRIVACY_CSV)
		return 0;
	buf_init(&e->line, e->scratch);
	export_csv_row(&e->line, cols, (unsigned)n);
	return e->put(e->line.b_data, e->line.b_len, e->arg);
}

static int
export_row(const struct audit_found *f, void *arg)
{
	struct exporting	*e = arg;
	struct privacy_row	 r;
	const char *const	*cols = e->disclosures ? disc_cols : log_cols;
	const char		*v[N(log_cols)];
	size_t			 i, n = N(log_cols);
	int			 rc;

	if (row_words(e->c, e->scratch, &e->nm, f, &r) == -1) {
		e->failed = 1;
		return 1;
	}
	v[0] = arena_printf(e->scratch, "%" PRId64, f->r.id);
	v[1] = r.when;
	v[2] = arena_printf(e->scratch, "%" PRId64, f->r.at);
	if (e->disclosures) {
		v[3] = r.recipient;
		v[4] = f->r.actor;
		v[5] = f->r.action;
		v[6] = r.what;
		v[7] = f->mrn;
		v[8] = r.patient;
		v[9] = f->r.detail;
	} else {
		v[3] = f->r.actor;
		v[4] = r.who;
		v[5] = f->r.action;
		v[6] = f->mrn;
		v[7] = r.patient;
		v[8] = f->r.addr;
		v[9] = f->r.detail;
	}
	buf_init(&e->line, e->scratch);
	if (e->fmt == PRIVACY_CSV)
		export_csv_row(&e->line, v, (unsigned)n);
	else {
		for (i = 0; i < n; i++) {
			buf_puts(&e->line, i == 0 ? "{" : ",");
			export_json_str(&e->line, cols[i]);
			buf_putc(&e->line, ':');
			if (i == 0 || i == 2)
				buf_puts(&e->line, v[i]);
			else
				export_json_str(&e->line, v[i]);
		}
		buf_puts(&e->line, "}\n");
	}
	rc = e->put(e->line.b_data, e->line.b_len, e->arg);
	arena_reset(e->scratch);
	return rc != 0 ? 1 : 0;
}

/* Writes the row audit.export, then the lines through walk. */
static enum app_rc
export_run(const struct call *c, struct exporting *e, int64_t pt,
    const char *detail, const struct store_audit_filter *f)
{
	int	 rc;

	if (audit_call(c, "audit.export", pt, detail) == -1)
		return APP_ERROR;
	e->scratch = arena_new();
	if ((rc = header(e)) == 0)
		rc = e->disclosures ? store_audit_disclosures(c->p->db,
		    e->scratch, pt, export_row, e) : store_audit_walk(c->p->db,
		    e->scratch, f, export_row, e);
	arena_free(e->scratch);
	if (rc == -1 || e->failed)
		return app_db_failed(c);
	/* The caller's sink stopped it (past audit_export_kb): the trail
	 * says the file asked for was not given. */
	if (rc == 1 && audit_call(c, "audit.export_stopped", pt, detail) == -1)
		return APP_ERROR;
	return rc == 0 ? APP_OK : APP_ERROR;
}

static const char *
format_name(enum privacy_format fmt)
{
	return fmt == PRIVACY_CSV ? "csv" : "jsonl";
}

enum app_rc
app_privacy_export(const struct call *c, const struct privacy_q *q,
    enum privacy_format fmt, int (*put)(const char *, size_t, void *),
    void *arg, enum privacy_why *why)
{
	struct store_audit_filter	 f = q->f;
	struct exporting		 e;
	int				 rc;

	if ((rc = may(c, "export", why)) != 1)
		return rc == 0 ? APP_REFUSED : app_db_failed(c);
	if ((rc = patient(c, q->mrn, &f.patient, why)) != 1 ||
	    (rc = actor(c, &f, why)) != 1)
		return rc == 0 ? APP_INVALID : app_db_failed(c);
	memset(&e, 0, sizeof(e));
	e.c = c;
	e.fmt = fmt;
	e.put = put;
	e.arg = arg;
	return export_run(c, &e, f.patient, said(c, q, arena_printf(c->a,
	    "log format=%s", format_name(fmt))), &f);
}

/* Collects disclosures into an array (the page). */
struct collect {
	const struct call	*c;
	struct names		 nm;
	struct privacy_row	*rows;
	size_t			 n, cap;
	int			 failed;
};

static int
collect_row(const struct audit_found *f, void *arg)
{
	struct collect	*k = arg;

	if (row_words(k->c, k->c->a, &k->nm, f, arena_push(k->c->a,
	    (void **)&k->rows, &k->n, &k->cap, sizeof(*k->rows))) == -1) {
		k->failed = 1;
		return 1;
	}
	return 0;
}

enum app_rc
app_privacy_disclosures(const struct call *c, const char *mrn,
    struct privacy_row **out, size_t *n, enum privacy_why *why)
{
	struct collect	 k;
	int64_t		 pt;
	int		 rc;

	*out = NULL;
	*n = 0;
	if ((rc = may(c, "disclosures", why)) != 1)
		return rc == 0 ? APP_REFUSED : app_db_failed(c);
	if ((rc = patient(c, mrn, &pt, why)) != 1 || pt == 0) {
		*why = PRIVACY_NO_MRN;
		return rc == -1 ? app_db_failed(c) : APP_INVALID;
	}
	memset(&k, 0, sizeof(k));
	k.c = c;
	if (store_audit_disclosures(c->p->db, c->a, pt, collect_row, &k) == -1 ||
	    k.failed)
		return app_db_failed(c);
	if (audit_call(c, "audit.disclosures", pt, arena_printf(c->a,
	    "%zu disclosures", k.n)) == -1)
		return APP_ERROR;
	*out = k.rows;
	*n = k.n;
	return APP_OK;
}

enum app_rc
app_privacy_disclosures_export(const struct call *c, const char *mrn,
    enum privacy_format fmt, int (*put)(const char *, size_t, void *),
    void *arg, enum privacy_why *why)
{
	struct exporting	 e;
	int64_t			 pt;
	int			 rc;

	if ((rc = may(c, "disclosures export", why)) != 1)
		return rc == 0 ? APP_REFUSED : app_db_failed(c);
	if ((rc = patient(c, mrn, &pt, why)) != 1 || pt == 0) {
		*why = PRIVACY_NO_MRN;
		return rc == -1 ? app_db_failed(c) : APP_INVALID;
	}
	memset(&e, 0, sizeof(e));
	e.c = c;
	e.fmt = fmt;
	e.put = put;
	e.arg = arg;
	e.disclosures = 1;
	return export_run(c, &e, pt, arena_printf(c->a, "disclosures "
	    "format=%s", format_name(fmt)), NULL);
}

const char *
privacy_filename(int disclosures, enum privacy_format fmt)
{
	return fmt == PRIVACY_CSV ? (disclosures ? "disclosures.csv" :
	    "audit-log.csv") : (disclosures ? "disclosures.jsonl" :
	    "audit-log.jsonl");
}
