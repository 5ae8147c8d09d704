/*
 * pay: paying on the processor's hosted page (issue 13.7's copay, issue
 * 14.4's hand-off; lib/app/payment.h). POST /pay/start (a family session
 * and its CSRF token; purpose=copay, v=VISIT, or purpose=statement,
 * s=STATEMENT, amount=DOLLARS as typed) starts a payment and
 * answers the page that hands the browser to the processor with the
 * signed form; the card is typed there, never here. POST /pay/return is
 * the browser back from the processor and POST /pay/notify the
 * processor's own server-to-server notice: both carry the processor's
 * signed result and no CSRF token (R_SIGNED); the session cookie
 * (SameSite=Strict) may not come back with a cross-site POST, so the
 * return page is built from the signed result alone and shows only the
 * amount and the outcome. GET /pay/ lists the account's payments.
 */
#include <stdio.h>
#include <string.h>

#include "conf.h"
#include "form.h"
#include "http.h"
#include "payment.h"
#include "tmpl.h"

#define N(x) (sizeof(x) / sizeof((x)[0]))

static const struct field start_fields[] = {
	{ "purpose", "what to pay", valid_line, F_REQ },
	{ "v", "visit", valid_id, 0 },
	{ "s", "statement", valid_id, 0 },
	{ "amount", "amount", valid_line, 0 },
};

static const char *const outcomes[] = {
	[PAID] = "paid", [DECLINED] = "declined", [CANCELLED] = "cancelled",
};

static void
amount_var(struct tvars *v, const char *name, long cents)
{
	char	 amt[24];

	pay_amount(cents, amt, sizeof(amt));
	tvars_strf(v, name, "%s", amt);
}

static int
refuse(struct ctx *c, const char *name, int status)
{
	tvars_str(c->vars, "title", "Payment");
	tvars_bool(c->vars, name, 1);
	c->page = "pay_refused";
	return status;
}

static int
start_post(struct ctx *c)
{
	static const char *const whys[] = {
		[PAY_NOT_SEEN] = "not_seen", [PAY_NOT_NOW] = "not_now",
		[PAY_NO_COPAY] = "no_copay", [PAY_ALREADY] = "already",
		[PAY_NOTHING_DUE] = "nothing_due", [PAY_AMOUNT] = "bad_amount",
		[PAY_BUSY] = "busy", [PAY_OFFLINE] = "offline",
	};
	static const char *const amounts[] = {
		[PAY_AMOUNT_MALFORMED] = "amount_malformed",
		[PAY_AMOUNT_ZERO] = "amount_zero",
		[PAY_AMOUNT_NEGATIVE] = "amount_negative",
		[PAY_AMOUNT_TOO_MUCH] = "amount_too_much",
	};
	struct pay_start_in	 in;
	struct pay_start_out	 out;
	struct form		 f;
	struct tvars		*it;
	enum app_rc		 rc;
	size_t			 i;

	form_read(c, start_fields, N(start_fields), &f);
	in.purpose = form_val(&f, "purpose");
	in.visit_id = form_id(&f, "v");
	in.statement_id = form_id(&f, "s");
	in.amount = form_val(&f, "amount");
	rc = app_pay_start(&c->call, &in, &out);
	if (in.purpose != NULL && strcmp(in.purpose, "statement") == 0 &&
	    (rc == APP_REFUSED || rc == APP_INVALID)) {
		if ((size_t)out.why >= N(whys) || whys[out.why] == NULL)
			out.why = PAY_NOT_SEEN;
		tvars_bool(c->vars, "stmt", 1);
		if (out.why != PAY_NOT_SEEN && out.why != PAY_OFFLINE) {
			/* Back to the statement, the amount as typed. */
			tvars_int(c->vars, "statement_id", in.statement_id);
			tvars_str(c->vars, "typed", in.amount != NULL ?
			    in.amount : "");
			amount_var(c->vars, "due", out.due_cents);
			tvars_bool(c->vars, "payable", out.why == PAY_AMOUNT ||
			    out.why == PAY_BUSY);
			if (out.why == PAY_AMOUNT && (size_t)out.amount_why <
			    N(amounts) && amounts[out.amount_why] != NULL)
				tvars_bool(c->vars, amounts[out.amount_why], 1);
		}
		return refuse(c, whys[out.why], out.why == PAY_NOT_SEEN ? 404 :
		    out.why == PAY_AMOUNT ? 400 : 409);
	}
	if (rc == APP_REFUSED) {
		if ((size_t)out.why >= N(whys) || whys[out.why] == NULL)
			out.why = PAY_NOT_SEEN;
		if (out.why != PAY_NOT_SEEN)
			tvars_int(c->vars, "visit_id", in.visit_id);
		return refuse(c, whys[out.why], out.why == PAY_NOT_SEEN ? 404 :
		    409);
	}
	if (rc != APP_OK)
		return http_app_status(c, rc);
	tvars_str(c->vars, "title", "Leaving the portal to pay");
	amount_var(c->vars, "amount", out.cents);
	tvars_str(c->vars, "processor", out.processor);
	tvars_str(c->vars, "action", out.url);
	tvars_int(c->vars, "visit_id", in.visit_id);
	tvars_int(c->vars, "statement_id", in.statement_id);
	for (i = 0; i < out.nfields; i++) {
		it = tvars_item(c->vars, "fields");
		tvars_str(it, "name", out.fields[i].name);
		tvars_str(it, "value", out.fields[i].value);
	}
	http_form_action(c, out.origin);
	c->page = "pay_go";
	return 200;
}

/* The signed result as the processor posted it; 0, or -1 if it has more
 * fields than any result. */
static int
result_in(struct ctx *c, struct pay_result_in *in, int notify)
{
	struct pay_field	*f;
	size_t			 i;

	if (c->nform > PAY_FIELDS_MAX)
		return -1;
	f = arena_alloc(c->call.a, (c->nform + 1) * sizeof(*f));
	for (i = 0; i < c->nform; i++) {
		f[i].name = c->form[i].kv_key;
		f[i].value = c->form[i].kv_val;
	}
	in->fields = f;
	in->nfields = c->nform;
	in->notify = notify;
	return 0;
}

static int
return_post(struct ctx *c)
{
	struct pay_result_in	 in;
	struct pay_result_out	 out;
	enum app_rc		 rc;

	if (result_in(c, &in, 0) == -1)
		return refuse(c, "bad_result", 400);
	if ((rc = app_pay_result(&c->call, &in, &out)) == APP_REFUSED)
		return refuse(c, "bad_result", 400);
	if (rc != APP_OK)
		return http_app_status(c, rc);
	tvars_str(c->vars, "title", out.outcome == PAID ? "Payment received" :
	    "Payment not made");
	amount_var(c->vars, "amount", out.cents);
	tvars_bool(c->vars, outcomes[out.outcome], 1);
	tvars_bool(c->vars, "refund", out.refund);
	tvars_int(c->vars, "visit_id", out.visit_id);
	tvars_int(c->vars, "statement_id", out.statement_id);
	c->page = "pay_result";
	return 200;
}

/* The processor's notice: a plain answer it reads (200 taken or taken
 * before, 400 not ours). */
static int
notify_post(struct ctx *c)
{
	struct pay_result_in	 in;
	struct pay_result_out	 out;
	enum app_rc		 rc;
	const char		*say;
	int			 status;

	if (result_in(c, &in, 1) == -1)
		rc = APP_REFUSED;
	else
		rc = app_pay_result(&c->call, &in, &out);
	if (rc == APP_OK) {
		say = out.duplicate ? "duplicate\n" : "recorded\n";
		status = 200;
	} else if (rc == APP_REFUSED) {
		say = "refused\n";
		status = 400;
	} else
		return http_app_status(c, rc);
	buf_puts(&c->body, say);
	c->ctype = "text/plain; charset=utf-8";
	c->raw = 1;
	return status;
}

static int
list_get(struct ctx *c)
{
	struct pay_list_out	 out;
	struct tvars		*it;
	enum app_rc		 rc;
	size_t			 i;

	if ((rc = app_pay_list(&c->call, NULL, &out)) != APP_OK)
		return http_app_status(c, rc);
	if (out.n == 0)
		http_no_phi(c);
	tvars_str(c->vars, "title", "Payments");
	tvars_list(c->vars, "payments");
	tvars_bool(c->vars, "has_payments", out.n > 0);
	for (i = 0; i < out.n; i++) {
		const struct pay_row *r = &out.rows[i];

		it = tvars_item(c->vars, "payments");
		tvars_datetime(it, "created", r->created);
		amount_var(it, "amount", r->cents);
		tvars_str(it, "patient", r->patient);
		tvars_str(it, "reference", r->reference);
		tvars_bool(it, arena_printf(c->call.a, "status_%s", r->status),
		    1);
		tvars_bool(it, "copay", strcmp(r->purpose, "copay") == 0);
		tvars_int(it, "visit_id", r->visit_id);
		tvars_str(it, "statement", r->statement);
		tvars_bool(it, "refund", r->refund);
	}
	c->page = "pay";
	return 200;
}

static const struct route routes[] = {
	{ M_GET, "/pay/", list_get, R_FAMILY | R_PHI },
	{ M_POST, "/pay/start", start_post, R_FAMILY },
	{ M_POST, "/pay/return", return_post, R_SIGNED },
	{ M_POST, "/pay/notify", notify_post, R_SIGNED },
};

int
main(void)
{
	static const struct app app = { "pay", routes, N(routes) };
	struct conf	 cf;
	char		 err[256];

	/* Online payment set up halfway (a URL with no or a weak secret):
	 * say why in the log at every start, so IT sees it, and run
	 * offline as every page does (conf_pay_online): the payments list
	 * answers and no page offers a button that cannot work. */
	memset(&cf, 0, sizeof(cf));
	if (conf_load(&cf, conf_path(), err, sizeof(err)) == -1) {
		fprintf(stderr, "pay: %s\n", err);
		conf_free(&cf);
		return 1;
	}
	if (cf.payment_url[0] != '\0' &&
	    conf_pay_check(&cf, err, sizeof(err)) == -1)
		fprintf(stderr, "pay: %s; online payment is off until it is "
		    "set up\n", err);
	conf_free(&cf);
	return http_main(&app);
}
