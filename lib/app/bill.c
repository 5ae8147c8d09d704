/*
 * Billing statements (bill.h): the import's checks and its transaction,
 * and the family's view of a statement as the policy shows it.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "audit.h"
#include "bill.h"
#include "call.h"
#include "civil.h"
#include "conf.h"
#include "db.h"
#include "policy.h"
#include "record.h"
#include "store_accounts.h"
#include "store_bill.h"
#include "store_patients.h"
#include "valid.h"
#include "visit.h"

#define N(x)		(sizeof(x) / sizeof((x)[0]))
#define NUMBER_MAX	40

int
bill_money(const char *s, int sign, long *cents)
{
	long	 v = 0, frac = 0;
	int	 neg = 0, nd = 0, nf = -1;

	if (s == NULL)
		return -1;
	if (*s == '-' && sign) {
		neg = 1;
		s++;
	}
	for (; *s != '\0'; s++) {
		if (*s == '.' && nf == -1 && nd > 0) {
			nf = 0;
			continue;
		}
		if (!isdigit((unsigned char)*s))
			return -1;
		if (nf >= 0) {
			if (++nf > 2)
				return -1;
			frac = frac * 10 + (*s - '0');
		} else {
			if (++nd > 10)
				return -1;
			v = v * 10 + (*s - '0');
		}
	}
	if (nd == 0 || nf == 0)
		return -1;
	if (nf == 1)
		frac *= 10;
	v = v * 100 + (nf > 0 ? frac : 0);
	if (v > BILL_CENTS_MAX)
		return -1;
	*cents = neg ? -v : v;
	return 0;
}

static const char *const col_names[BC__MAX] = {
	[BC_STATEMENT] = "statement", [BC_GUARANTOR] = "guarantor_account",
	[BC_GNAME] = "guarantor_name", [BC_GEMAIL] = "guarantor_email",
	[BC_DATE] = "statement_date", [BC_DUE] = "due_date",
	[BC_BALANCE] = "balance", [BC_MRN] = "mrn",
	[BC_SERVICE] = "service_date", [BC_DESC] = "description",
	[BC_CHARGES] = "charges", [BC_INSURANCE] = "insurance_paid",
	[BC_ADJUST] = "adjustments", [BC_PATIENT_DUE] = "patient_due",
	[BC_CONFIDENTIAL] = "confidential",
};

const char *
bill_col_name(enum bill_col c)
{
	return (unsigned)c < BC__MAX ? col_names[c] : "";
}

const char *
bill_columns(char **field, size_t n, int map[BC__MAX])
{
	size_t	 i, k;

	for (k = 0; k < BC__MAX; k++)
		map[k] = -1;
	for (i = 0; i < n; i++) {
		for (k = 0; k < BC__MAX; k++)
			if (strcmp(field[i], col_names[k]) == 0)
				break;
		if (k == BC__MAX)
			return "the header has a column this format does not know";
		if (map[k] != -1)
			return "the header names a column twice";
		map[k] = (int)i;
	}
	for (k = 0; k < BC__MAX; k++)
		if (map[k] == -1)
			return "the header lacks a column of the format";
	return NULL;
}

/* A statement or account number: 1-40 letters, digits, '-' or '_'. */
static int
number_ok(const char *s)
{
	size_t	 i;

	for (i = 0; s[i] != '\0'; i++)
		if (i == NUMBER_MAX || (!isalnum((unsigned char)s[i]) &&
		    s[i] != '-' && s[i] != '_'))
			return 0;
	return i > 0;
}

/* Printable UTF-8 text of 1-BILL_TEXT_MAX bytes. */
static int
text_ok(const char *s)
{
	size_t	 len = strlen(s), i;

	if (len == 0 || len > BILL_TEXT_MAX || !valid_utf8(s, len, 0))
		return 0;
	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return 0;
	return 1;
}

static int
date_ok(const char *s)
{
	int	 y, m, d;

	return strlen(s) == 10 && s[4] == '-' && s[7] == '-' &&
	    valid_ymd(s, &y, &m, &d) && civil_valid(y, m, d) &&
	    y >= 1900 && y <= 2100;
}

const char *
bill_row_check(struct arena *a, char **field, size_t n,
    const int map[BC__MAX], struct bill_row *out)
{
	const char	*f[BC__MAX], *mrn, *email, *why;
	size_t		 k;

	memset(out, 0, sizeof(*out));
	for (k = 0; k < BC__MAX; k++) {
		if (map[k] < 0 || (size_t)map[k] >= n)
			return "a row with fewer fields than the header";
		f[k] = field[map[k]];
	}
	if (!number_ok(f[BC_STATEMENT]))
		return "statement: not a statement number (1-40 letters, "
		    "digits, - or _)";
	if (!number_ok(f[BC_GUARANTOR]))
		return "guarantor_account: not an account number";
	if (!text_ok(f[BC_GNAME]))
		return "guarantor_name: missing, too long or not text";
	email = NULL;
	if (*f[BC_GEMAIL] != '\0' && valid_email(a, f[BC_GEMAIL],
	    strlen(f[BC_GEMAIL]), &email) != NULL)
		return "guarantor_email: not an e-mail address";
	if (!date_ok(f[BC_DATE]))
		return "statement_date: not a date (YYYY-MM-DD)";
	if (*f[BC_DUE] != '\0' && !date_ok(f[BC_DUE]))
		return "due_date: not a date (YYYY-MM-DD)";
	if (bill_money(f[BC_BALANCE], 1, &out->balance) == -1)
		return "balance: not an amount in dollars and cents";
	if ((why = valid_mrn(a, f[BC_MRN], strlen(f[BC_MRN]), &mrn)) != NULL)
		return "mrn: not a medical record number";
	if (!date_ok(f[BC_SERVICE]))
		return "service_date: not a date (YYYY-MM-DD)";
	if (!text_ok(f[BC_DESC]))
		return "description: missing, too long or not text";
	if (bill_money(f[BC_CHARGES], 1, &out->charges) == -1)
		return "charges: not an amount in dollars and cents";
	if (bill_money(f[BC_INSURANCE], 1, &out->insurance) == -1)
		return "insurance_paid: not an amount in dollars and cents";
	if (bill_money(f[BC_ADJUST], 1, &out->adjust) == -1)
		return "adjustments: not an amount in dollars and cents";
	if (bill_money(f[BC_PATIENT_DUE], 1, &out->patient_due) == -1)
		return "patient_due: not an amount in dollars and cents";
	if (out->charges - out->insurance - out->adjust != out->patient_due)
		return "the line does not add up: charges - insurance_paid - "
		    "adjustments must equal patient_due";
	if (strcmp(f[BC_CONFIDENTIAL], "Y") == 0 ||
	    strcmp(f[BC_CONFIDENTIAL], "yes") == 0 ||
	    strcmp(f[BC_CONFIDENTIAL], "1") == 0)
		out->confidential = 1;
	else if (strcmp(f[BC_CONFIDENTIAL], "N") == 0 ||
	    strcmp(f[BC_CONFIDENTIAL], "no") == 0 ||
	    strcmp(f[BC_CONFIDENTIAL], "0") == 0 || *f[BC_CONFIDENTIAL] == '\0')
		out->confidential = 0;
	else
		return "confidential: not Y, N, yes, no, 1, 0 or empty";
	out->statement = f[BC_STATEMENT];
	out->guarantor = f[BC_GUARANTOR];
	out->gname = f[BC_GNAME];
	out->gemail = email != NULL ? email : "";
	out->date = f[BC_DATE];
	out->due = f[BC_DUE];
	out->mrn = mrn;
	out->service = f[BC_SERVICE];
	out->desc = f[BC_DESC];
	return NULL;
}

const char *
bill_row_same(const struct bill_row *a, const struct bill_row *b)
{
	if (strcmp(a->statement, b->statement) != 0)
		return "another statement";
	if (strcmp(a->guarantor, b->guarantor) != 0 ||
	    strcmp(a->gname, b->gname) != 0 ||
	    strcmp(a->gemail, b->gemail) != 0 ||
	    strcmp(a->date, b->date) != 0 || strcmp(a->due, b->due) != 0 ||
	    a->balance != b->balance)
		return "the statement's rows disagree on its statement columns "
		    "(guarantor, dates, balance)";
	return NULL;
}

static char *
lower(struct arena *a, const char *s)
{
	char	*p = arena_strdup(a, s), *q;

	for (q = p; *q != '\0'; q++)
		*q = (char)tolower((unsigned char)*q);
	return p;
}

enum app_rc
app_bill_refused(const struct call *c, const char *statement, size_t lines,
    const char *why)
{
	return audit_call(c, "bill.import_refused", 0, arena_printf(c->a,
	    "statement=%.40s lines=%zu why=%s", statement != NULL &&
	    number_ok(statement) ? statement : "?", lines, why)) == -1 ?
	    APP_ERROR : APP_OK;
}

static enum app_rc
import_refused(const struct call *c, const struct bill_import_in *in,
    struct bill_import_out *out, const char *why)
{
	out->result = BILL_REFUSED;
	out->why = why;
	return app_bill_refused(c, in->n > 0 ? in->rows[0].statement : NULL,
	    in->n, why);
}

enum app_rc
app_bill_import(const struct call *c, const struct bill_import_in *in,
    struct bill_import_out *out)
{
	struct db		*db = c->p->db;
	const struct bill_row	*r0 = in->rows;
	struct statement_line	 l;
	struct patient		 p;
	int64_t			*pid, gid, sid;
	size_t			 i, j;
	int			 rc, created;

	memset(out, 0, sizeof(*out));
	if (in->n == 0)
		return import_refused(c, in, out, "a statement without lines");
	if (in->n > BILL_LINES_MAX)
		return import_refused(c, in, out, "more than 500 lines");
	pid = arena_alloc(c->a, in->n * sizeof(*pid));
	for (i = 0; i < in->n; i++) {
		if (bill_row_same(r0, &in->rows[i]) != NULL)
			return import_refused(c, in, out, bill_row_same(r0,
			    &in->rows[i]));
		if ((rc = store_patient_by_mrn(db, c->a, in->rows[i].mrn,
		    &p)) == -1)
			return app_db_failed(c);
		if (rc == 0)
			return import_refused(c, in, out, arena_printf(c->a,
			    "line %zu: no patient with that MRN", i + 1));
		pid[i] = p.id;
	}
	if (db_begin(db) == -1)
		return app_db_failed(c);
	if ((gid = store_guarantor_put(db, r0->guarantor, r0->gname,
	    lower(c->a, r0->gemail), c->now)) <= 0 ||
	    (sid = store_statement_put(db, r0->statement, gid, r0->date,
	    r0->due, r0->balance, c->now, &created)) <= 0 ||
	    store_statement_lines_clear(db, sid) == -1)
		return app_db_failed(c);
	for (i = 0; i < in->n; i++) {
		const struct bill_row *r = &in->rows[i];

		memset(&l, 0, sizeof(l));
		l.line = (int)i + 1;
		l.patient_id = pid[i];
		l.service_date = r->service;
		l.description = r->desc;
		l.charges_cents = r->charges;
		l.insurance_cents = r->insurance;
		l.adjustment_cents = r->adjust;
		l.due_cents = r->patient_due;
		l.confidential = r->confidential;
		if (store_statement_line_add(db, sid, &l) == -1)
			return app_db_failed(c);
	}
	/* One row per patient of the statement: what came in of whom. */
	for (i = 0; i < in->n; i++) {
		for (j = 0; j < i && pid[j] != pid[i]; j++)
			continue;
		if (j < i)
			continue;
		if (audit_call(c, "bill.import", pid[i], arena_printf(c->a,
		    "statement=%lld number=%s %s lines=%zu",
		    (long long)sid, r0->statement, created ? "new" : "updated",
		    in->n)) == -1)
			return app_db_failed(c);
	}
	if (db_commit(db) == -1)
		return app_db_failed(c);
	out->result = created ? BILL_NEW : BILL_UPDATED;
	return APP_OK;
}

/* ---- The family's view ---- */

/* 1 if statement id has lines and the caller sees none of them (every
 * one a 13-17-year-old's confidential care, left out), 0 if not, -1. */
static int
all_hidden(const struct call *c, int64_t id)
{
	struct statement_line	*ls;
	struct record_view	 rv;
	struct bill_line_facts	 lf;
	size_t			 n, i;
	int			 rc;

	if (store_statement_lines(c->p->db, c->a, id, &ls, &n) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		if ((rc = record_access(c, ls[i].patient_id, &rv)) == -1)
			return -1;
		lf.level = rc == 1 ? (enum access_level)rv.level : ACCESS_NONE;
		lf.confidential = ls[i].confidential;
		lf.hide_confidential = c->p->conf->bill_hide_confidential;
		if (policy_bill_line(&lf) != BILL_LINE_HIDDEN)
			return 0;
	}
	return n > 0;
}

int
bill_newest_for(const struct call *c, const struct statement *st)
{
	struct statement	*sts;
	size_t			 n, i;
	int			 rc;

	if (st->newest)
		return 1;
	if (st->guarantor_account == 0 && *st->guarantor_email == '\0')
		return 0;
	/* The guarantor account's statements: by its binding, else by its
	 * address (store_statements_of_email reads both ways). */
	if (store_statements_of_email(c->p->db, c->a, st->guarantor_email,
	    st->guarantor_account, BILL_LIST_MAX, &sts, &n) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		if (sts[i].guarantor_id != st->guarantor_id ||
		    sts[i].id == st->id)
			continue;
		if (strcmp(sts[i].date, st->date) < 0 ||
		    (strcmp(sts[i].date, st->date) == 0 && sts[i].id < st->id))
			continue;	/* older */
		if ((rc = all_hidden(c, sts[i].id)) != 1)
			return rc == 0 ? 0 : -1;
	}
	return 1;
}

/* The caller's standing with statement s and how each line shows. */
static int
standing(const struct call *c, struct bill_seen *s,
    struct bill_line_row **lines, size_t *nl)
{
	struct statement_line	*ls;
	struct account		 acct;
	struct record_view	 rv;
	struct bill_caller	 bc = { 0 };
	struct bill_line_facts	 lf;
	struct bill_line_row	*out;
	size_t			 n, i;
	long			 hidden = 0;
	int			 rc, y, m, d;

	if ((rc = store_account_by_id(c->p->db, c->a, c->who.id, &acct)) != 1)
		return rc;
	/* The guarantor: the account it is bound to, or, until one is, the
	 * verified account with its address. */
	bc.guarantor = s->st.guarantor_account != 0 ?
	    s->st.guarantor_account == c->who.id :
	    acct.verified != 0 && *s->st.guarantor_email != '\0' &&
	    strcmp(lower(c->a, acct.email), s->st.guarantor_email) == 0;
	if (!bc.guarantor)
		return 0;
	if (store_statement_lines(c->p->db, c->a, s->st.id, &ls, &n) == -1)
		return -1;
	out = arena_alloc(c->a, (n + 1) * sizeof(*out));
	civil_date(visit_day(c->now), &y, &m, &d);
	*nl = 0;
	for (i = 0; i < n; i++) {
		struct bill_line_row	*r = &out[i];

		memset(&rv, 0, sizeof(rv));
		if ((rc = record_access(c, ls[i].patient_id, &rv)) == -1)
			return -1;
		if (rc == 1) {
			bc.holds_any = 1;
			if (rv.role == HOLD_ROLE_SELF &&
			    policy_age(rv.patient.dob, y, m, d) < 18)
				bc.self_minor = 1;
		}
		lf.level = rc == 1 ? (enum access_level)rv.level : ACCESS_NONE;
		lf.confidential = ls[i].confidential;
		lf.hide_confidential = c->p->conf->bill_hide_confidential;
		r->view = policy_bill_line(&lf);
		r->l = ls[i];
		r->patient = r->view == BILL_LINE_SHOWN ? arena_printf(c->a,
		    "%s %s", rv.patient.given, rv.patient.family) : NULL;
	}
	if (!policy_bill_sees(&bc))
		return 0;
	for (i = 0; i < n; i++) {
		if (out[i].view == BILL_LINE_HIDDEN) {
			hidden += out[i].l.due_cents;
			continue;
		}
		s->charges_cents += out[i].l.charges_cents;
		s->insurance_cents += out[i].l.insurance_cents;
		s->adjustment_cents += out[i].l.adjustment_cents;
		s->due_cents += out[i].l.due_cents;
		out[(*nl)++] = out[i];
	}
	/* Every line left out (a 13-17-year-old's confidential care only):
	 * the statement itself would be the trace, its number, date and
	 * balance; the answer of a missing one. */
	if (n > 0 && *nl == 0)
		return 0;
	/* The balance shown leaves the hidden lines out; hidden credits (a
	 * line's negative patient due) never raise it above the statement's
	 * own balance: never more asked than the guarantor owes. */
	if (hidden > 0)
		s->st.balance_cents -= hidden;
	/* Newer statements the caller sees nothing of do not replace it:
	 * "a newer statement has come" would be their trace. */
	if ((rc = bill_newest_for(c, &s->st)) == -1)
		return -1;
	s->st.newest = rc;
	if (s->st.newest) {
		if (store_guarantor_paid_since(c->p->db, s->st.guarantor_id,
		    s->st.imported, &s->paid_cents) == -1)
			return -1;
		s->due_now_cents = s->st.balance_cents - s->paid_cents;
		if (s->due_now_cents < 0)
			s->due_now_cents = 0;
	}
	*lines = out;
	return 1;
}

int
bill_load(const struct call *c, int64_t id, struct bill_seen *s,
    struct bill_line_row **lines, size_t *n)
{
	int	 rc;

	memset(s, 0, sizeof(*s));
	*lines = NULL;
	*n = 0;
	if (id <= 0)
		return 0;
	if ((rc = store_statement_get(c->p->db, c->a, id, &s->st)) != 1)
		return rc;
	return standing(c, s, lines, n);
}

/* 1 if a statement of the list shows a line in full. */
static int
any_shown(const struct bill_list_out *out)
{
	size_t	 i;

	for (i = 0; i < out->n; i++)
		if (out->rows[i].shown)
			return 1;
	return 0;
}

enum app_rc
app_bill_list(const struct call *c, const void *in, struct bill_list_out *out)
{
	struct statement	*sts;
	struct bill_line_row	*lines;
	struct account		 acct;
	struct audit_group	*g;
	size_t			 n, i, nl, k, j;
	int			 rc;

	(void)in;
	memset(out, 0, sizeof(*out));
	if ((rc = store_account_by_id(c->p->db, c->a, c->who.id, &acct)) == -1)
		return app_db_failed(c);
	if (rc == 0 || acct.verified == 0)
		return APP_OK;
	if (store_statements_of_email(c->p->db, c->a, lower(c->a, acct.email),
	    c->who.id, BILL_LIST_MAX, &sts, &n) == -1)
		return app_db_failed(c);
	out->rows = arena_alloc(c->a, (n + 1) * sizeof(*out->rows));
	g = audit_group_new(c);
	for (i = 0; i < n; i++) {
		struct bill_seen	*s = &out->rows[out->n];

		memset(s, 0, sizeof(*s));
		s->st = sts[i];
		if ((rc = standing(c, s, &lines, &nl)) == -1)
			return app_db_failed(c);
		if (rc == 0)
			continue;
		out->n++;
		/* One row per patient whose line shows in full. */
		for (k = 0; k < nl; k++) {
			if (lines[k].view != BILL_LINE_SHOWN)
				continue;
			for (j = 0; j < k && (lines[j].view != BILL_LINE_SHOWN ||
			    lines[j].l.patient_id != lines[k].l.patient_id); j++)
				continue;
			s->shown = 1;
			if (j == k)
				audit_group_add(g, "bill.list",
				    lines[k].l.patient_id, arena_printf(c->a,
				    "statement=%lld", (long long)s->st.id));
		}
	}
	/* Statements of masked lines only still leave their row. */
	if (out->n > 0 && !any_shown(out))
		audit_group_add(g, "bill.list", 0, arena_printf(c->a,
		    "statements=%zu no patient shown", out->n));
	if (audit_group_write(g) == -1)
		return APP_ERROR;
	return APP_OK;
}

enum app_rc
app_bill_view(const struct call *c, const struct bill_view_in *in,
    struct bill_view_out *out)
{
	struct audit_group	*g;
	const char		*what = in->what != NULL ? in->what : "view";
	size_t			 k, j;
	int			 rc, any = 0;

	memset(out, 0, sizeof(*out));
	if ((rc = bill_load(c, in->id, &out->s, &out->lines, &out->n)) == -1)
		return app_db_failed(c);
	if (rc == 0) {
		if (audit_call(c, "bill.refused", 0, arena_printf(c->a,
		    "asked s=%lld %s verdict=not_seen", (long long)in->id,
		    what)) == -1)
			return APP_ERROR;
		return APP_REFUSED;
	}
	out->seen = 1;
	g = audit_group_new(c);
	for (k = 0; k < out->n; k++) {
		if (out->lines[k].view != BILL_LINE_SHOWN)
			continue;
		for (j = 0; j < k && (out->lines[j].view != BILL_LINE_SHOWN ||
		    out->lines[j].l.patient_id != out->lines[k].l.patient_id);
		    j++)
			continue;
		if (j == k) {
			audit_group_add(g, arena_printf(c->a, "bill.%s", what),
			    out->lines[k].l.patient_id, arena_printf(c->a,
			    "statement=%lld", (long long)out->s.st.id));
			any = 1;
		}
	}
	/* A statement of masked lines only still leaves its row. */
	if (!any)
		audit_group_add(g, arena_printf(c->a, "bill.%s", what), 0,
		    arena_printf(c->a, "statement=%lld no patient shown",
		    (long long)out->s.st.id));
	if (audit_group_write(g) == -1)
		return APP_ERROR;
	return APP_OK;
}
