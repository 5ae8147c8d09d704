/*
 * The payment hand-off's operations (issue 13.7, 14.4; lib/app/payment.h)
 * on both engines: a start for a visit the account sees, a result signed
 * as the processor signs it recorded once (the notification, then the
 * return and a replay change nothing), the copay step done, another
 * transaction for the paid reference an anomaly that changes nothing, the
 * copay no longer startable; a payment for a visit cancelled meanwhile
 * recorded and flagged for a refund; another family's visit the same as
 * none; a stale result, a changed amount and the wrong key refused.
 */
#include <inttypes.h>
#include <stdlib.h>

#include "app_test.h"
#include "conf.h"
#include "db.h"
#include "payment.h"
#include "store_payments.h"
#include "store_visits.h"
#include "visit.h"

#define NOW	((time_t)1764590400)	/* 2025-12-01 12:00 UTC */
#define KEY	"app-test-shared-secret-0123456789abcdef"

enum { Q_CLINIC, Q_TYPE, Q_VISIT, Q_CANCEL, Q__MAX };
static const struct db_sql q[Q__MAX] = {
	[Q_CLINIC] = { "clinic", "INSERT INTO clinics (name) VALUES "
	    "('Cardiology') RETURNING id" },
	[Q_TYPE] = { "type", "INSERT INTO visit_types (clinic_id, name, "
	    "minutes, copay_cents) VALUES (?, ?, 30, ?) RETURNING id" },
	[Q_VISIT] = { "visit", "INSERT INTO visits (patient_id, clinic_id, "
	    "visit_type_id, type_name, start_at, minutes, status, source, "
	    "room, created, updated) VALUES (?, ?, ?, 'Echo', ?, 30, 'booked', "
	    "'siu', ?, ?, ?) RETURNING id" },
	[Q_CANCEL] = { "cancel",
	    "UPDATE visits SET status = 'cancelled' WHERE id = ?" },
};
static const struct db_sqltab t_sql = DB_SQLTAB("test_pay", q);

static struct portal	*P;
static int64_t		 clinic, patient, family, other;
static int		 seq;

static int64_t
visit(long cents)
{
	char	 name[32], room[32];
	int64_t	 type;

	snprintf(name, sizeof(name), "Echo %d", ++seq);
	snprintf(room, sizeof(room), "room-%d", seq);
	type = db_insert(P->db, &q[Q_TYPE], "iti", clinic, name,
	    (int64_t)cents);
	return db_insert(P->db, &q[Q_VISIT], "iiiitii", patient, clinic, type,
	    (int64_t)(NOW + 3 * 86400), room, (int64_t)NOW, (int64_t)NOW);
}

/* The processor's signed result for the started form f. */
static struct pay_field *
result(struct arena *a, const struct pay_start_out *f, const char *decision,
    const char *txn, const char *amount, time_t when, const char *key)
{
	struct pay_field	*r = arena_alloc(a, 8 * sizeof(*r));
	char			 t[24], *sig = arena_alloc(a, PAY_SIG_LEN);

	pay_time_format(when, t, sizeof(t));
	r[0] = (struct pay_field){ "decision", decision };
	r[1] = (struct pay_field){ "req_reference_number",
	    pay_get(f->fields, f->nfields, "reference_number") };
	r[2] = (struct pay_field){ "req_amount", amount != NULL ? amount :
	    pay_get(f->fields, f->nfields, "amount") };
	r[3] = (struct pay_field){ "req_currency", "USD" };
	r[4] = (struct pay_field){ "transaction_id", txn };
	r[5] = (struct pay_field){ "signed_date_time", arena_strdup(a, t) };
	r[6] = (struct pay_field){ "signed_field_names", "decision,"
	    "req_reference_number,req_amount,req_currency,transaction_id,"
	    "signed_date_time,signed_field_names" };
	T_INT(pay_sign(a, key, r, 7, sig), 0, "result signed");
	r[7] = (struct pay_field){ "signature", sig };
	return r;
}

static enum app_rc
take(struct pay_field *r, int notify, struct pay_result_out *out)
{
	struct call		 c = t_call(P, ACTOR_NOBODY, 0, NOW + 60);
	struct pay_result_in	 in = { r, 8, notify };
	enum app_rc		 rc = app_pay_result(&c, &in, out);

	arena_free(c.a);
	return rc;
}

static void
test_round_trip(void)
{
	struct call		 c = t_call(P, ACTOR_FAMILY, family, NOW);
	struct pay_start_in	 in = { "copay", 0, 0, NULL };
	struct pay_start_out	 s;
	struct pay_result_out	 o;
	struct payment		 p;
	const char		**steps;
	size_t			 n;
	int64_t			 v = visit(2500);

	in.visit_id = v;
	T_INT(app_pay_start(&c, &in, &s), APP_OK, "start");
	T_INT(s.cents, 2500, "the type's copay");
	T_STR(pay_get(s.fields, s.nfields, "amount"), "25.00", "amount");
	T_STR(pay_get(s.fields, s.nfields, "override_custom_receipt_page"),
	    "https://portal.test/pay/return", "return URL");
	T_INT(pay_verify(c.a, KEY, s.fields, s.nfields, NULL), PAY_GOOD,
	    "the form verifies");

	T_INT(take(result(c.a, &s, "ACCEPT", "T1", "24.99", NOW + 30, KEY), 1,
	    &o), APP_REFUSED, "another amount");
	T_INT(take(result(c.a, &s, "ACCEPT", "T1", NULL, NOW - 1000, KEY), 1,
	    &o), APP_REFUSED, "stale");
	T_INT(take(result(c.a, &s, "ACCEPT", "T1", NULL, NOW + 30,
	    KEY "x"), 1, &o), APP_REFUSED, "another key");
	T_INT(store_payment_by_ref(P->db, c.a, pay_get(s.fields, s.nfields,
	    "reference_number"), &p), 1, "the payment");
	T_STR(p.status, "started", "nothing recorded");

	T_INT(take(result(c.a, &s, "ACCEPT", "T1", NULL, NOW + 30, KEY), 1,
	    &o), APP_OK, "notified");
	T_INT(o.outcome, PAID, "paid");
	T_INT(o.duplicate, 0, "first");
	T_INT(o.refund, 0, "due");
	T_INT(take(result(c.a, &s, "ACCEPT", "T1", NULL, NOW + 40, KEY), 0,
	    &o), APP_OK, "returned");
	T_INT(o.duplicate, 1, "the return changes nothing");
	T_INT(take(result(c.a, &s, "ACCEPT", "T2", NULL, NOW + 40, KEY), 1,
	    &o), APP_OK, "another transaction");
	T_INT(o.duplicate, 1, "an anomaly changes nothing");
	T_INT(store_payment_by_ref(P->db, c.a, p.reference, &p), 1, "again");
	T_STR(p.status, "paid", "paid");
	T_STR(p.txn, "T1", "the first transaction stays");
	T_INT(p.decided, NOW + 60, "decided once");
	T_INT(store_visit_steps_done(P->db, c.a, v, &steps, &n), 0, "steps");
	T_INT(n, 1, "one step");
	T_STR(n > 0 ? steps[0] : "", "copay", "the copay step");
	T_INT(app_pay_start(&c, &in, &s), APP_REFUSED, "no second start");
	T_INT(s.why, PAY_ALREADY, "already paid");
	arena_free(c.a);
}

static void
test_refund_and_others(void)
{
	struct call		 c = t_call(P, ACTOR_FAMILY, family, NOW);
	struct call		 o2 = t_call(P, ACTOR_FAMILY, other, NOW);
	struct pay_start_in	 in = { "copay", 0, 0, NULL };
	struct pay_start_out	 s;
	struct pay_result_out	 o;
	const char		**steps;
	size_t			 n;

	in.visit_id = visit(1000);
	T_INT(app_pay_start(&o2, &in, &s), APP_REFUSED, "another family");
	T_INT(s.why, PAY_NOT_SEEN, "as none");
	in.visit_id = 999999;
	T_INT(app_pay_start(&c, &in, &s), APP_REFUSED, "no such visit");
	T_INT(s.why, PAY_NOT_SEEN, "none");
	in.visit_id = visit(0);
	T_INT(app_pay_start(&c, &in, &s), APP_REFUSED, "no copay");
	T_INT(s.why, PAY_NO_COPAY, "nothing to pay");

	in.visit_id = visit(1000);
	T_INT(app_pay_start(&c, &in, &s), APP_OK, "start");
	T_INT(db_exec(P->db, &q[Q_CANCEL], "i", in.visit_id), 0, "cancelled");
	T_INT(take(result(c.a, &s, "ACCEPT", "T3", NULL, NOW + 30, KEY), 0,
	    &o), APP_OK, "paid after the cancellation");
	T_INT(o.outcome, PAID, "recorded");
	T_INT(o.refund, 1, "flagged for a refund");
	T_INT(store_visit_steps_done(P->db, c.a, in.visit_id, &steps, &n), 0,
	    "steps");
	T_INT(n, 0, "no copay step for a cancelled visit");
	arena_free(c.a);
	arena_free(o2.a);
}

/* Online payment not offered (no payment_url): nothing starts, the
 * copay is no step; a result needs a usable secret, and with one left in
 * place a payment already under way is still recorded. */
static void
test_offline(void)
{
	struct call		 c = t_call(P, ACTOR_FAMILY, family, NOW);
	struct pay_start_in	 in = { "copay", 0, 0, NULL };
	struct pay_start_out	 s, off;
	struct pay_result_out	 o;
	struct visit_seen	 seen;
	int64_t			 v = visit(2500), w = visit(3000);
	char			*url = P->conf->payment_url;
	char			*key = P->conf->payment_secret;

	in.visit_id = v;
	T_INT(app_pay_start(&c, &in, &s), APP_OK, "started while offered");
	P->conf->payment_url = "";
	in.visit_id = w;
	T_INT(app_pay_start(&c, &in, &off), APP_REFUSED, "offline: a copay");
	T_INT(off.why, PAY_OFFLINE, "offline: why");
	T_INT(off.nfields, 0, "offline: no form");
	in = (struct pay_start_in){ "statement", 0, 1, "10.00" };
	T_INT(app_pay_start(&c, &in, &off), APP_REFUSED, "offline: a bill");
	T_INT(off.why, PAY_OFFLINE, "offline: why (a bill)");
	T_INT(visit_load(&c, w, &seen), 1, "the visit");
	T_INT(seen.needed & STEP_COPAY, 0, "offline: no copay step");
	P->conf->payment_secret = "";
	T_INT(take(result(c.a, &s, "ACCEPT", "T9", NULL, NOW + 30, ""), 1,
	    &o), APP_REFUSED, "no secret: the empty key's forgery");
	P->conf->payment_secret = key;
	T_INT(take(result(c.a, &s, "ACCEPT", "T9", NULL, NOW + 30, KEY), 1,
	    &o), APP_OK, "a good secret: the payment under way is recorded");
	T_INT(o.outcome, PAID, "paid");
	P->conf->payment_url = url;
	T_INT(visit_load(&c, w, &seen), 1, "the visit again");
	T_INT(seen.needed & STEP_COPAY, STEP_COPAY, "offered: the copay step");
	arena_free(c.a);
}

int
main(void)
{
	char	 err[256];
	int64_t	 o;

	P = t_portal();
	free(P->conf->payment_secret);
	P->conf->payment_secret = strdup(KEY);
	free(P->conf->payment_url);
	P->conf->payment_url = strdup("https://pay.test/pay");
	free(P->conf->base_url);
	P->conf->base_url = strdup("https://portal.test");
	T_INT(db_prepare(P->db, &t_sql, err, sizeof(err)), 0, "test statements");
	clinic = db_insert(P->db, &q[Q_CLINIC], "");
	patient = t_patient(P, "PAY0001", "Lily", "2016-05-01", NOW);
	family = t_account(P, "parent@example.org", "Maria", NOW);
	t_hold(P, family, patient, "parent", NOW);
	o = t_patient(P, "PAY0002", "Sam", "2015-05-01", NOW);
	other = t_account(P, "other@example.org", "Olga", NOW);
	t_hold(P, other, o, "parent", NOW);
	test_round_trip();
	test_refund_and_others();
	test_offline();
	portal_close(P);
	t_portal_remove();
	return t_done("app_pay");
}
