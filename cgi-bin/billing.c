/*
 * billing: the family's billing statements (issue 14.3, F-BILL 4;
 * lib/app/bill.h). GET /billing/ lists the guarantor's statements with
 * the balance per guarantor account; GET /billing/s?s=ID one statement
 * with its lines as the policy shows them and the form to pay it (POST
 * /pay/start, cgi-bin/pay); GET /billing/print?s=ID the printable page;
 * GET /billing/pdf?s=ID the same as a PDF (cgi-bin/pdf/billpdf.c, cairo).
 * Another family's statement, a malformed id: the missing one's answer.
 */
#include <stdio.h>
#include <string.h>

#include "bill.h"
#include "billpdf.h"
#include "conf.h"
#include "form.h"
#include "http.h"
#include "tmpl.h"
#include "words.h"

#define N(x) (sizeof(x) / sizeof((x)[0]))

static const struct field query[] = {
	{ "s", "statement", valid_id, 0 },
};

/* Signed cents as "$12.50", "-$3.00" (the arena's). */
static const char *
money(struct ctx *c, long cents)
{
	long	 v = cents < 0 ? -cents : cents;

	return arena_printf(c->call.a, "%s$%ld.%02ld", cents < 0 ? "-" : "",
	    v / 100, v % 100);
}

/* YYYY-MM-DD in words, "29 April 2011" (issue 15.2), on the page and
 * in the PDF alike; anything else as it is, "" stays "". */
static const char *
day(struct ctx *c, const char *ymd)
{
	char	 w[WORDS_LEN];

	if (ymd == NULL || words_iso(ymd, w) == NULL)
		return ymd != NULL ? ymd : "";
	return arena_strdup(c->call.a, w);
}

/* The statement's own values (list items and the statement page). */
static void
seen_vars(struct ctx *c, struct tvars *v, const struct bill_seen *s)
{
	tvars_int(v, "id", s->st.id);
	tvars_str(v, "number", s->st.number);
	tvars_str(v, "account", s->st.guarantor_number);
	tvars_str(v, "guarantor", s->st.guarantor_name);
	tvars_str(v, "date", day(c, s->st.date));
	tvars_str(v, "due_date", day(c, s->st.due_date));
	tvars_str(v, "balance", money(c, s->st.balance_cents));
	tvars_str(v, "charges", money(c, s->charges_cents));
	tvars_str(v, "insurance", money(c, s->insurance_cents));
	tvars_str(v, "adjustments", money(c, s->adjustment_cents));
	tvars_str(v, "lines_due", money(c, s->due_cents));
	tvars_str(v, "paid", money(c, s->paid_cents));
	tvars_bool(v, "has_paid", s->paid_cents > 0);
	tvars_str(v, "due_now", money(c, s->due_now_cents));
	tvars_strf(v, "due_now_plain", "%ld.%02ld", s->due_now_cents / 100,
	    s->due_now_cents % 100);
	tvars_bool(v, "newest", s->st.newest);
	tvars_bool(v, "payable", s->st.newest && s->due_now_cents > 0);
}

static int
list_get(struct ctx *c)
{
	struct bill_list_out	 out;
	struct tvars		*it;
	enum app_rc		 rc;
	size_t			 i;
	int			 shown = 0;

	if ((rc = app_bill_list(&c->call, NULL, &out)) != APP_OK)
		return http_app_status(c, rc);
	tvars_str(c->vars, "title", "Billing statements");
	tvars_list(c->vars, "statements");
	tvars_list(c->vars, "accounts");
	for (i = 0; i < out.n; i++) {
		seen_vars(c, tvars_item(c->vars, "statements"), &out.rows[i]);
		if (out.rows[i].st.newest) {
			it = tvars_item(c->vars, "accounts");
			seen_vars(c, it, &out.rows[i]);
		}
		shown = 1;
	}
	tvars_bool(c->vars, "has_statements", shown);
	/* Statements of masked lines only name no patient: no PHI row
	 * needed then, nor for an empty page. */
	if (!shown)
		http_no_phi(c);
	c->page = "billing";
	return 200;
}

/* The statement asked for, with its lines in v (page or print). */
static int
load(struct ctx *c, const char *what, struct bill_view_out *out)
{
	struct form		 f;
	struct bill_view_in	 in;
	struct tvars		*it;
	enum app_rc		 rc;
	size_t			 i;

	form_query(c, query, N(query), &f);
	in.id = form_id(&f, "s");
	in.what = what;
	if ((rc = app_bill_view(&c->call, &in, out)) == APP_REFUSED) {
		tvars_str(c->vars, "title", "Billing statement");
		c->page = "billing_none";
		return 404;
	}
	if (rc != APP_OK)
		return http_app_status(c, rc);
	tvars_strf(c->vars, "title", "Statement %s", out->s.st.number);
	seen_vars(c, c->vars, &out->s);
	tvars_list(c->vars, "lines");
	for (i = 0; i < out->n; i++) {
		const struct bill_line_row *l = &out->lines[i];

		it = tvars_item(c->vars, "lines");
		tvars_bool(it, "shown", l->view == BILL_LINE_SHOWN);
		tvars_str(it, "service", l->view == BILL_LINE_SHOWN ?
		    day(c, l->l.service_date) : "");
		tvars_str(it, "patient", l->patient != NULL ? l->patient : "");
		tvars_str(it, "description", l->view == BILL_LINE_SHOWN ?
		    l->l.description : "");
		tvars_str(it, "charges", money(c, l->l.charges_cents));
		tvars_str(it, "insurance", money(c, l->l.insurance_cents));
		tvars_str(it, "adjustments", money(c, l->l.adjustment_cents));
		tvars_str(it, "due", money(c, l->l.due_cents));
	}
	return 200;
}

static int
view_get(struct ctx *c)
{
	struct bill_view_out	 out;
	int			 st;

	if ((st = load(c, "view", &out)) == 200)
		c->page = "billing_statement";
	return st;
}

static int
print_get(struct ctx *c)
{
	struct bill_view_out	 out;
	int			 st;

	if ((st = load(c, "print", &out)) == 200)
		c->page = "billing_print";
	return st;
}

/* The words of a masked line, on the page and in the PDF alike. */
#define MASKED_WORDS	"Other charges on this account (details not shown)"

static int
pdf_get(struct ctx *c)
{
	const struct conf	*cf = c->call.p->conf;
	struct bill_view_out	 out;
	struct billpdf		 d;
	const char		*(*rows)[BILLPDF_COLS];
	struct billpdf_pair	 facts[4], totals[8];
	size_t			 i, nt = 0;
	int			 st;

	if ((st = load(c, "pdf", &out)) != 200)
		return st;
	memset(&d, 0, sizeof(d));
	d.title = arena_printf(c->call.a, "Statement %s", out.s.st.number);
	d.heading = arena_printf(c->call.a, "%s, %s: a billing statement "
	    "as it stands in the portal.", cf->hospital_name, cf->portal_name);
	facts[0] = (struct billpdf_pair){ "Guarantor", arena_printf(c->call.a,
	    "%s (account %s)", out.s.st.guarantor_name,
	    out.s.st.guarantor_number) };
	facts[1] = (struct billpdf_pair){ "Statement date",
	    day(c, out.s.st.date) };
	facts[2] = (struct billpdf_pair){ "Payment due", *out.s.st.due_date ?
	    day(c, out.s.st.due_date) : "on receipt" };
	facts[3] = (struct billpdf_pair){ "Account balance",
	    money(c, out.s.st.balance_cents) };
	d.facts = facts;
	d.nfacts = 4;
	d.cols[0] = "Service date";
	d.cols[1] = "Patient";
	d.cols[2] = "Description";
	d.cols[3] = "Charges";
	d.cols[4] = "Insurance paid";
	d.cols[5] = "Adjustments";
	d.cols[6] = "You owe";
	rows = arena_alloc(c->call.a, (out.n + 1) * sizeof(*rows));
	for (i = 0; i < out.n; i++) {
		const struct bill_line_row *l = &out.lines[i];
		int shown = l->view == BILL_LINE_SHOWN;

		rows[i][0] = shown ? day(c, l->l.service_date) : "";
		rows[i][1] = shown ? l->patient : "";
		rows[i][2] = shown ? l->l.description : MASKED_WORDS;
		rows[i][3] = money(c, l->l.charges_cents);
		rows[i][4] = money(c, l->l.insurance_cents);
		rows[i][5] = money(c, l->l.adjustment_cents);
		rows[i][6] = money(c, l->l.due_cents);
	}
	d.rows = rows;
	d.nrows = out.n;
	totals[nt++] = (struct billpdf_pair){ "Charges",
	    money(c, out.s.charges_cents) };
	totals[nt++] = (struct billpdf_pair){ "Insurance paid",
	    money(c, out.s.insurance_cents) };
	totals[nt++] = (struct billpdf_pair){ "Adjustments",
	    money(c, out.s.adjustment_cents) };
	totals[nt++] = (struct billpdf_pair){ "You owe for these services",
	    money(c, out.s.due_cents) };
	totals[nt++] = (struct billpdf_pair){ "Account balance",
	    money(c, out.s.st.balance_cents) };
	if (out.s.st.newest && out.s.paid_cents > 0)
		totals[nt++] = (struct billpdf_pair){ "Paid online since",
		    money(c, out.s.paid_cents) };
	if (out.s.st.newest)
		totals[nt++] = (struct billpdf_pair){ "Due now",
		    money(c, out.s.due_now_cents) };
	d.totals = totals;
	d.ntotals = nt;
	d.footer = arena_printf(c->call.a, "Questions about this bill? Call "
	    "Patient Billing at %s, %s.", cf->billing_phone, cf->billing_hours);
	buf_init(&c->body, c->call.a);
	if (billpdf_render(&d, &c->body) == -1)
		return http_fail(c, 500, "The PDF could not be made. The "
		    "printable page has the same content.");
	c->raw = 1;
	c->ctype = "application/pdf";
	/* The file name says nothing about the patients. */
	http_header(c, "Content-Disposition", arena_printf(c->call.a,
	    "attachment; filename=\"statement-%lld.pdf\"",
	    (long long)out.s.st.id));
	return 200;
}

static const struct route routes[] = {
	{ M_GET, "/billing/", list_get, R_FAMILY | R_PHI },
	{ M_GET, "/billing/s", view_get, R_FAMILY | R_PHI },
	{ M_GET, "/billing/print", print_get, R_FAMILY | R_PHI },
	{ M_GET, "/billing/pdf", pdf_get, R_FAMILY | R_PHI },
};

int
main(void)
{
	static const struct app app = { "billing", routes, N(routes) };

	return http_main(&app);
}
