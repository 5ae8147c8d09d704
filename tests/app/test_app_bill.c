/*
 * Statements through the application layer on both engines (issue 14.3,
 * 14.4): the import is idempotent (the same statement again updates it,
 * its lines replaced) and refuses an unknown MRN; the views per policy
 * row: a parent's full line, a 13-17-year-old's confidential line hidden
 * with its sums (bill_hide_confidential yes) or masked (no), a line of
 * an adult child masked; a teen's own account and another family see no
 * statement; the balance less what was paid online since; and paying:
 * amounts checked against due now, one started payment at a time.
 */
#include <stdlib.h>

#include "app_test.h"
#include "bill.h"
#include "conf.h"
#include "db.h"
#include "payment.h"
#include "store_accounts.h"
#include "store_bill.h"
#include "store_profile.h"

#define NOW	((time_t)1796100000)	/* 2026-12-01 */
#define KEY	"app-test-shared-secret-0123456789abcdef"

static struct portal	*P;
static int64_t		 kid, teen, adult, parent, teen_self, other;

static struct bill_row
line(const char *st, const char *mrn, const char *desc, long charges,
    long ins, long due, int conf, long balance)
{
	struct bill_row	 r;

	memset(&r, 0, sizeof(r));
	r.statement = st;
	r.guarantor = "G100";
	r.gname = "Maria Test";
	r.gemail = "parent@example.org";
	r.date = "2026-11-15";
	r.due = "2026-12-15";
	r.balance = balance;
	r.mrn = mrn;
	r.service = "2026-10-02";
	r.desc = desc;
	r.charges = charges;
	r.insurance = ins;
	r.patient_due = due;
	r.confidential = conf;
	return r;
}

static enum bill_import_result
import(struct bill_row *rows, size_t n)
{
	struct call		 c = t_call(P, ACTOR_CLI, 0, NOW);
	struct bill_import_in	 in = { rows, n };
	struct bill_import_out	 out;

	T_INT(app_bill_import(&c, &in, &out), APP_OK, "import");
	arena_free(c.a);
	return out.result;
}

static int64_t
statement_id(const char *number)
{
	struct call		 c = t_call(P, ACTOR_FAMILY, parent, NOW);
	struct bill_list_out	 out;
	size_t			 i;
	int64_t			 id = 0;

	T_INT(app_bill_list(&c, NULL, &out), APP_OK, "list");
	for (i = 0; i < out.n; i++)
		if (strcmp(out.rows[i].st.number, number) == 0)
			id = out.rows[i].st.id;
	arena_free(c.a);
	return id;
}

static void
test_import(void)
{
	struct bill_row	 r[4];

	r[0] = line("S1", "B0001", "Office visit", 30000, 20000, 10000, 0,
	    21000);
	r[1] = line("S1", "B0002", "Sports physical", 20000, 15000, 5000, 0,
	    21000);
	r[2] = line("S1", "B0002", "Adolescent clinic", 30000, 22000, 8000, 1,
	    21000);
	r[3] = line("S1", "B0003", "Adult visit", 1000, 0, 1000, 0, 21000);
	T_INT(import(r, 4), BILL_NEW, "new");
	T_INT(import(r, 4), BILL_UPDATED, "again: updated");
	T_INT(import(r, 4), BILL_UPDATED, "and again");
	r[0].mrn = "NOPE0001";
	T_INT(import(r, 4), BILL_REFUSED, "unknown MRN refused");
	r[0].mrn = "B0001";
	r[1].balance = 1;
	T_INT(import(r, 4), BILL_REFUSED, "rows disagree");
	r[1].balance = 21000;
}

static void
test_views(void)
{
	struct call		 c;
	struct bill_view_in	 in;
	struct bill_view_out	 out;
	int64_t			 sid = statement_id("S1");
	size_t			 i;
	int			 hidden_seen = 0, masked = 0;

	T_OK(sid > 0, "the parent lists S1");
	c = t_call(P, ACTOR_FAMILY, parent, NOW);
	in.id = sid;
	in.what = "view";
	T_INT(app_bill_view(&c, &in, &out), APP_OK, "the parent sees S1");
	T_INT(out.n, 3, "three lines show: the teen's confidential one hidden");
	for (i = 0; i < out.n; i++) {
		if (strcmp(out.lines[i].l.description, "Adolescent clinic") == 0)
			hidden_seen = 1;
		if (out.lines[i].view == BILL_LINE_MASKED)
			masked++;
	}
	T_INT(hidden_seen, 0, "no trace of the hidden line");
	T_INT(masked, 1, "the adult child's line masked");
	T_INT(out.s.due_cents, 16000, "sum of what shows");
	T_INT(out.s.charges_cents, 51000, "charges of what shows");
	T_INT(out.s.st.balance_cents, 13000, "balance less the hidden line");
	T_INT(out.s.due_now_cents, 13000, "due now");
	arena_free(c.a);

	/* Amounts only, when the hospital does not hide. */
	P->conf->bill_hide_confidential = 0;
	c = t_call(P, ACTOR_FAMILY, parent, NOW);
	T_INT(app_bill_view(&c, &in, &out), APP_OK, "seen");
	T_INT(out.n, 4, "four lines");
	T_INT(out.lines[2].view, BILL_LINE_MASKED, "confidential: masked");
	T_INT(out.s.due_now_cents, 21000, "the whole balance");
	arena_free(c.a);
	P->conf->bill_hide_confidential = 1;

	/* A statement whose guarantor e-mail is the teen's own account's:
	 * never seen by a patient's own account under 18. */
	{
		struct bill_row	 t = line("S2", "B0002", "Teen visit", 1000, 0,
				    1000, 0, 1000);
		struct call	 tc = t_call(P, ACTOR_FAMILY, teen_self, NOW);
		struct bill_list_out lo;

		t.guarantor = "G200";
		t.gemail = "tess@example.org";
		T_INT(import(&t, 1), BILL_NEW, "the teen's statement");
		T_INT(app_bill_list(&tc, NULL, &lo), APP_OK, "teen's list");
		T_INT(lo.n, 0, "a 15-year-old's own account sees no statement");
		arena_free(tc.a);
	}

	/* The teen's own account, another family, a bad id: refused. */
	c = t_call(P, ACTOR_FAMILY, teen_self, NOW);
	T_INT(app_bill_view(&c, &in, &out), APP_REFUSED, "teen's own account");
	arena_free(c.a);
	c = t_call(P, ACTOR_FAMILY, other, NOW);
	T_INT(app_bill_view(&c, &in, &out), APP_REFUSED, "another family");
	in.id = 0;
	T_INT(app_bill_view(&c, &in, &out), APP_REFUSED, "malformed id");
	arena_free(c.a);
}

static void
test_pay(void)
{
	struct call		 c;
	struct pay_start_in	 in;
	struct pay_start_out	 out;

	memset(&in, 0, sizeof(in));
	in.purpose = "statement";
	in.statement_id = statement_id("S1");
	c = t_call(P, ACTOR_FAMILY, parent, NOW);
	in.amount = "130.01";
	T_INT(app_pay_start(&c, &in, &out), APP_INVALID, "more than due");
	T_INT(out.amount_why, PAY_AMOUNT_TOO_MUCH, "too much");
	in.amount = "0";
	T_INT(app_pay_start(&c, &in, &out), APP_INVALID, "zero");
	in.amount = "-1";
	T_INT(app_pay_start(&c, &in, &out), APP_INVALID, "negative");
	in.amount = "ten";
	T_INT(app_pay_start(&c, &in, &out), APP_INVALID, "not a number");
	in.amount = "130.00";
	T_INT(app_pay_start(&c, &in, &out), APP_OK, "due now");
	T_INT(out.cents, 13000, "cents");
	T_INT(app_pay_start(&c, &in, &out), APP_REFUSED, "a second at once");
	T_INT(out.why, PAY_BUSY, "under way");
	arena_free(c.a);
	/* Past the window, the first is given up and another may start. */
	c = t_call(P, ACTOR_FAMILY, parent, NOW + 3600);
	T_INT(app_pay_start(&c, &in, &out), APP_OK, "after the window");
	arena_free(c.a);
	c = t_call(P, ACTOR_FAMILY, other, NOW);
	T_INT(app_pay_start(&c, &in, &out), APP_REFUSED, "another family");
	T_INT(out.why, PAY_NOT_SEEN, "not seen");
	arena_free(c.a);
}

/* The guarantor account found by the parent's address stays the
 * parent's when the address changes in the portal (the profile binds it
 * first), and the next holder of the old address gets none of it. */
static void
test_email_change(void)
{
	struct call		 c;
	struct bill_list_out	 out;
	size_t			 before;
	int64_t			 next;

	c = t_call(P, ACTOR_FAMILY, parent, NOW);
	T_INT(app_bill_list(&c, NULL, &out), APP_OK, "list before");
	before = out.n;
	T_OK(before > 0, "statements before the change");
	T_INT(store_guarantors_bind(P->db, "parent@example.org", parent) > 0, 1,
	    "bound");
	T_INT(store_account_set_email(P->db, parent, "maria.new@example.org",
	    NOW), 1, "address changed");
	T_INT(app_bill_list(&c, NULL, &out), APP_OK, "list after");
	T_INT(out.n, before, "the same statements after the change");
	arena_free(c.a);

	next = t_account(P, "parent@example.org", "Nora", NOW);
	T_INT(store_account_verify(P->db, next, NOW), 0, "verified");
	t_hold(P, next, kid, "parent", NOW);
	c = t_call(P, ACTOR_FAMILY, next, NOW);
	T_INT(app_bill_list(&c, NULL, &out), APP_OK, "the next holder's list");
	T_INT(out.n, 0, "none of the bound account's statements");
	arena_free(c.a);
}

int
main(void)
{
	P = t_portal();
	free(P->conf->payment_secret);
	P->conf->payment_secret = strdup(KEY);
	free(P->conf->payment_url);
	P->conf->payment_url = strdup("https://pay.test/pay");
	kid = t_patient(P, "B0001", "Lily", "2018-05-01", NOW);
	teen = t_patient(P, "B0002", "Tess", "2011-05-01", NOW);
	adult = t_patient(P, "B0003", "Adam", "2000-05-01", NOW);
	parent = t_account(P, "parent@example.org", "Maria", NOW);
	T_INT(store_account_verify(P->db, parent, NOW), 0, "verified");
	t_hold(P, parent, kid, "parent", NOW);
	t_hold(P, parent, teen, "parent", NOW);
	teen_self = t_account(P, "tess@example.org", "Tess", NOW);
	T_INT(store_account_verify(P->db, teen_self, NOW), 0, "verified");
	t_hold(P, teen_self, teen, "self", NOW);
	other = t_account(P, "other@example.org", "Olga", NOW);
	T_INT(store_account_verify(P->db, other, NOW), 0, "verified");
	t_hold(P, other, kid, "parent", NOW);
	(void)adult;
	test_import();
	test_views();
	test_pay();
	test_email_change();
	portal_close(P);
	t_portal_remove();
	return t_done("app_bill");
}
